/* Streaming CSV reader and formula-safe writer; see csv.h.
 *
 * The reader is a four-state machine (field start, plain field, quoted
 * field, quote seen inside a quoted field) run over a window of input
 * bytes: the caller's memory, or a 64 KiB chunk refilled from the fd.
 * Runs of ordinary bytes are copied in one go. A record is assembled in
 * r->buf as NUL-terminated fields; field offsets become pointers only when
 * the record is complete, because the buffer may move while it grows. */
#include "core/csv.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/text.h"

#define CHUNK (64 * 1024)
#define ROWBUF_MIN 4096
/* Field bytes never exceed the record's raw bytes minus its delimiters, so
 * with one NUL per field a record needs at most CSV_MAX_ROW + 1 bytes; the
 * cap below leaves room and is checked, not trusted. */
#define ROWBUF_MAX (CSV_MAX_ROW + CSV_MAX_COLUMNS + 1)

/* Bits of csv_reader.special: bytes that end a run in each state. */
#define END_PLAIN 1u
#define END_QUOTED 2u

enum state { ST_START, ST_PLAIN, ST_QUOTED, ST_QUOTE_SEEN };
/* How the rest of a bad record is passed over. */
enum skip { SKIP_NONE, SKIP_RECORD, SKIP_LINE };

struct csv_reader {
	int fd;             /* -1 for memory readers */
	const char *win;    /* input not yet consumed is win[pos..len) */
	size_t pos, len;
	char *chunk;        /* fd readers: CHUNK bytes, owned */
	bool eof;           /* nothing more after win */
	bool started;       /* BOM and delimiter handled */
	bool reading;       /* csv_next has been called */
	bool io_pending;    /* read failed during start(); report it once */
	bool done;          /* CSV_END from now on */
	bool prev_cr;       /* last byte consumed was CR (for CRLF line counts) */
	bool delim_set;
	char delim;
	size_t line;        /* physical line of the next byte, from 1 */
	unsigned char special[256];

	/* The record being assembled. */
	char *buf;          /* owned; grows up to ROWBUF_MAX */
	size_t used, cap;
	size_t raw;         /* bytes of the record consumed, line ending excluded */
	size_t nf;
	enum csv_status err; /* CSV_ROW while the record is good */
	enum skip skip;
	size_t starts[CSV_MAX_COLUMNS + 1];
	size_t lens[CSV_MAX_COLUMNS];
	const char *fields[CSV_MAX_COLUMNS];
};

static void *xmalloc(size_t n)
{
	void *p = malloc(n);
	if (p == NULL)
		abort();
	return p;
}

static struct csv_reader *reader_new(void)
{
	struct csv_reader *r = xmalloc(sizeof *r);
	memset(r, 0, sizeof *r);
	r->fd = -1;
	r->line = 1;
	r->delim = ',';
	r->cap = ROWBUF_MIN;
	r->buf = xmalloc(r->cap);
	return r;
}

struct csv_reader *csv_open_fd(int fd)
{
	struct csv_reader *r = reader_new();
	r->fd = fd;
	r->chunk = xmalloc(CHUNK);
	r->win = r->chunk;
	return r;
}

struct csv_reader *csv_open_mem(const char *data, size_t len)
{
	struct csv_reader *r = reader_new();
	r->win = len > 0 ? data : "";
	r->len = len;
	r->eof = true;
	return r;
}

void csv_close(struct csv_reader *r)
{
	if (r == NULL)
		return;
	free(r->chunk);
	free(r->buf);
	free(r);
}

size_t csv_buffer_capacity(const struct csv_reader *r)
{
	return r->cap;
}

/* 1: win has unconsumed bytes; 0: end of input; -1: read error. */
static int refill(struct csv_reader *r)
{
	if (r->pos < r->len)
		return 1;
	if (r->eof)
		return 0;
	for (;;) {
		ssize_t got = read(r->fd, r->chunk, CHUNK);
		if (got > 0) {
			r->win = r->chunk;
			r->pos = 0;
			r->len = (size_t)got;
			return 1;
		}
		if (got == 0 || errno != EINTR) {
			r->eof = true;
			return got == 0 ? 0 : -1;
		}
	}
}

static const char bom[3] = { '\xef', '\xbb', '\xbf' };

/* Counts ',', ';' and TAB outside quotes on the first non-empty line (after
 * a BOM). Resumable: each call goes on from where the last one stopped, so
 * a header arriving in many small reads is still scanned once. */
struct header_scan {
	size_t i;
	size_t count[3];
	bool quoted, content, complete;
};

static void scan_header(struct header_scan *h, const char *p, size_t n)
{
	if (h->i == 0) {
		if (n < 3 && memcmp(p, bom, n) == 0)
			return; /* maybe a BOM: wait for more */
		if (n >= 3 && memcmp(p, bom, 3) == 0)
			h->i = 3;
	}
	for (; h->i < n && !h->complete; h->i++) {
		char c = p[h->i];
		if (c == '"') {
			h->quoted = !h->quoted;
			h->content = true;
		} else if (!h->quoted && (c == '\r' || c == '\n')) {
			h->complete = h->content;
		} else {
			h->content = true;
			if (!h->quoted && c == ',')
				h->count[0]++;
			else if (!h->quoted && c == ';')
				h->count[1]++;
			else if (!h->quoted && c == '\t')
				h->count[2]++;
		}
	}
}

static void set_special(struct csv_reader *r)
{
	memset(r->special, 0, sizeof r->special);
	r->special[(unsigned char)r->delim] |= END_PLAIN;
	r->special['"'] |= END_PLAIN | END_QUOTED;
	r->special['\r'] |= END_PLAIN | END_QUOTED;
	r->special['\n'] |= END_PLAIN | END_QUOTED;
}

/* Reads enough to see the header line (fd readers: until its end, EOF or a
 * full chunk), skips a BOM and picks the delimiter. */
static void start(struct csv_reader *r)
{
	struct header_scan h = { 0 };
	r->started = true;
	scan_header(&h, r->win, r->len);
	while (!h.complete && !r->eof && r->len < CHUNK) {
		ssize_t got = read(r->fd, r->chunk + r->len, CHUNK - r->len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			r->eof = true;
			r->io_pending = got < 0;
			break;
		}
		r->len += (size_t)got;
		scan_header(&h, r->win, r->len);
	}
	if (r->len >= 3 && memcmp(r->win, bom, 3) == 0)
		r->pos = 3;
	if (!r->delim_set) {
		static const char cand[3] = { ',', ';', '\t' };
		size_t best = 0;
		for (size_t i = 1; i < 3; i++)
			if (h.count[i] > h.count[best])
				best = i;
		r->delim = cand[best];
	}
	set_special(r);
}

char csv_delimiter(struct csv_reader *r)
{
	if (!r->started)
		start(r);
	return r->delim;
}

bool csv_set_delimiter(struct csv_reader *r, char delim)
{
	if (r->reading || (delim != ',' && delim != ';' && delim != '\t'))
		return false;
	r->delim = delim;
	r->delim_set = true;
	set_special(r);
	return true;
}

/* Marks the record bad (the first error wins) and how to pass over it. */
static void fail(struct csv_reader *r, enum csv_status st, enum skip how)
{
	if (r->err == CSV_ROW)
		r->err = st;
	if (how > r->skip)
		r->skip = how;
}

static void put(struct csv_reader *r, const char *p, size_t n)
{
	if (n > r->cap - r->used) {
		size_t cap = r->cap;
		while (n > cap - r->used && cap < ROWBUF_MAX)
			cap *= 2;
		if (cap > ROWBUF_MAX)
			cap = ROWBUF_MAX;
		if (n > cap - r->used)
			abort(); /* the bound in ROWBUF_MAX's comment was broken */
		char *b = realloc(r->buf, cap);
		if (b == NULL)
			abort();
		r->buf = b;
		r->cap = cap;
	}
	memcpy(r->buf + r->used, p, n);
	r->used += n;
}

/* Consumes n input bytes of the record, keeping them as field bytes when
 * `keep`; none of them is a line ending. */
static void consume(struct csv_reader *r, size_t n, bool keep)
{
	const char *p = r->win + r->pos;
	r->pos += n;
	r->prev_cr = false;
	if (r->err != CSV_ROW)
		return;
	if (n > CSV_MAX_ROW - r->raw) {
		fail(r, CSV_ROW_TOO_LONG, SKIP_RECORD);
		return;
	}
	r->raw += n;
	if (keep)
		put(r, p, n);
}

/* Consumes one CR or LF, counting physical lines (CRLF is one). */
static void consume_newline(struct csv_reader *r)
{
	char c = r->win[r->pos++];
	if (c == '\r' || !r->prev_cr)
		r->line++;
	r->prev_cr = c == '\r';
}

/* A CR or LF inside a quoted field: field content, and a new line. */
static void consume_quoted_newline(struct csv_reader *r)
{
	char c = r->win[r->pos];
	bool after_cr = r->prev_cr;
	consume(r, 1, true);
	if (c == '\r' || !after_cr)
		r->line++;
	r->prev_cr = c == '\r';
}

static void end_field(struct csv_reader *r)
{
	if (r->err != CSV_ROW)
		return;
	if (r->nf == CSV_MAX_COLUMNS) {
		fail(r, CSV_TOO_MANY_COLUMNS, SKIP_RECORD);
		return;
	}
	r->lens[r->nf] = r->used - r->starts[r->nf];
	put(r, "", 1);
	r->nf++;
	r->starts[r->nf] = r->used;
}

static enum csv_status finish(struct csv_reader *r, struct csv_row *row)
{
	if (r->err != CSV_ROW)
		return r->err;
	for (size_t i = 0; i < r->nf; i++)
		if (!text_valid_utf8(r->buf + r->starts[i], r->lens[i]))
			return CSV_BAD_UTF8;
	for (size_t i = 0; i < r->nf; i++)
		r->fields[i] = r->buf + r->starts[i];
	row->n = r->nf;
	return CSV_ROW;
}

/* Passes over CRs and LFs before a record; as refill() returns. */
static int skip_empty_lines(struct csv_reader *r)
{
	for (;;) {
		int got = refill(r);
		if (got <= 0)
			return got;
		char c = r->win[r->pos];
		if (c != '\r' && c != '\n')
			return 1;
		consume_newline(r);
	}
}

enum csv_status csv_next(struct csv_reader *r, struct csv_row *row)
{
	row->n = 0;
	row->fields = r->fields;
	row->lens = r->lens;
	row->line = r->line;
	if (!r->started)
		start(r);
	r->reading = true;
	if (r->done)
		return CSV_END;
	if (r->io_pending) {
		r->io_pending = false;
		r->done = true;
		return CSV_IO;
	}
	int got = skip_empty_lines(r);
	if (got <= 0) {
		r->done = true;
		return got < 0 ? CSV_IO : CSV_END;
	}

	r->used = r->raw = r->nf = 0;
	r->starts[0] = 0;
	r->err = CSV_ROW;
	r->skip = SKIP_NONE;
	row->line = r->line;
	enum state st = ST_START;
	const unsigned char *sp = r->special;
	for (;;) {
		got = refill(r);
		if (got < 0) {
			r->done = true;
			return CSV_IO;
		}
		if (got == 0) {
			/* End of input ends the record too. */
			if (r->skip != SKIP_LINE) {
				if (st == ST_QUOTED)
					fail(r, CSV_BAD_QUOTE, SKIP_LINE);
				else
					end_field(r);
			}
			return finish(r, row);
		}
		const char *w = r->win;
		unsigned char c = (unsigned char)w[r->pos];
		if (r->skip == SKIP_LINE) {
			if (c == '\r' || c == '\n') {
				consume_newline(r);
				return finish(r, row);
			}
			size_t e = r->pos + 1;
			while (e < r->len && w[e] != '\r' && w[e] != '\n')
				e++;
			r->pos = e;
			r->prev_cr = false;
			continue;
		}
		switch (st) {
		case ST_START:
			if (c == '"') {
				consume(r, 1, false);
				st = ST_QUOTED;
			} else {
				st = ST_PLAIN; /* and look at c again */
			}
			break;
		case ST_PLAIN:
			if (!(sp[c] & END_PLAIN)) {
				size_t e = r->pos + 1;
				while (e < r->len && !(sp[(unsigned char)w[e]] & END_PLAIN))
					e++;
				consume(r, e - r->pos, true);
			} else if (c == '"') {
				fail(r, CSV_BAD_QUOTE, SKIP_LINE);
			} else if (c == '\r' || c == '\n') {
				end_field(r);
				consume_newline(r);
				return finish(r, row);
			} else {
				consume(r, 1, false);
				end_field(r);
				st = ST_START;
			}
			break;
		case ST_QUOTED:
			if (!(sp[c] & END_QUOTED)) {
				size_t e = r->pos + 1;
				while (e < r->len && !(sp[(unsigned char)w[e]] & END_QUOTED))
					e++;
				consume(r, e - r->pos, true);
			} else if (c == '"') {
				consume(r, 1, false);
				st = ST_QUOTE_SEEN;
			} else {
				consume_quoted_newline(r);
			}
			break;
		case ST_QUOTE_SEEN:
			if (c == '"') {
				consume(r, 1, true);
				st = ST_QUOTED;
			} else if (c == '\r' || c == '\n') {
				end_field(r);
				consume_newline(r);
				return finish(r, row);
			} else if (c == (unsigned char)r->delim) {
				consume(r, 1, false);
				end_field(r);
				st = ST_START;
			} else {
				fail(r, CSV_BAD_QUOTE, SKIP_LINE);
			}
			break;
		}
	}
}

const char *csv_status_text(enum csv_status st)
{
	switch (st) {
	case CSV_ROW: return "row";
	case CSV_END: return "end of input";
	case CSV_BAD_QUOTE: return "misplaced or unclosed quote";
	case CSV_BAD_UTF8: return "not valid UTF-8 text";
	case CSV_ROW_TOO_LONG: return "row too long";
	case CSV_TOO_MANY_COLUMNS: return "too many columns";
	case CSV_IO: return "read error";
	}
	return "unknown";
}

/* '+' then digits, spaces, dashes and parentheses only, 7 to 15 digits. */
static bool plausible_phone(const char *s)
{
	size_t digits = 0;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if (*s != ' ' && *s != '-' && *s != '(' && *s != ')')
			return false;
	}
	return digits >= 7 && digits <= 15;
}

bool csv_formula_risk(const char *s)
{
	switch (s[0]) {
	case '=': case '-': case '@': case '\t': case '\r':
		return true;
	case '+':
		return !plausible_phone(s + 1);
	default:
		return false;
	}
}

static bool needs_quotes(const char *s, size_t n)
{
	if (n == 0)
		return false;
	if (s[0] == ' ' || s[n - 1] == ' ')
		return true;
	/* A leading U+FEFF at the start of a file would read as a BOM. */
	if (n >= 3 && memcmp(s, bom, 3) == 0)
		return true;
	return strpbrk(s, ",;\t\"\r\n") != NULL;
}

void csv_write_row(struct buf *out, const char *const *fields, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *s = fields[i] != NULL ? fields[i] : "";
		size_t len = strlen(s);
		bool quote = needs_quotes(s, len) || (n == 1 && len == 0);
		if (i > 0)
			buf_putc(out, ',');
		if (quote)
			buf_putc(out, '"');
		if (csv_formula_risk(s))
			buf_putc(out, '\'');
		if (quote) {
			const char *q;
			while ((q = strchr(s, '"')) != NULL) {
				buf_append(out, s, (size_t)(q - s) + 1);
				buf_putc(out, '"');
				s = q + 1;
			}
			buf_puts(out, s);
			buf_putc(out, '"');
		} else {
			buf_append(out, s, len);
		}
	}
	buf_append(out, "\r\n", 2);
}
