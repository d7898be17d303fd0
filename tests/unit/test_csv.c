/* Unit tests for core/csv.c: the streaming reader, the writer and its
 * formula-injection guard. */
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/csv.h"

static int arena_setup(void **state)
{
	*state = arena_new(4096);
	return 0;
}

static int arena_teardown(void **state)
{
	arena_destroy(*state);
	return 0;
}

static const char *short_status(enum csv_status st)
{
	switch (st) {
	case CSV_ROW: return "ROW";
	case CSV_END: return "END";
	case CSV_BAD_QUOTE: return "QUOTE";
	case CSV_BAD_UTF8: return "UTF8";
	case CSV_ROW_TOO_LONG: return "LONG";
	case CSV_TOO_MANY_COLUMNS: return "COLS";
	case CSV_IO: return "IO";
	}
	return "?";
}

/* Every record of r as "line:f1|f2\n" (CR and LF in fields shown as \r and
 * \n), an error as "line:!STATUS\n". Checks the row invariants on the way. */
static char *render_reader(struct arena *a, struct csv_reader *r)
{
	struct buf b;
	buf_init(&b, a, 256);
	struct csv_row row;
	enum csv_status st;
	size_t guard = 0;
	while ((st = csv_next(r, &row)) != CSV_END) {
		assert_true(++guard < 1000000);
		buf_printf(&b, "%zu:", row.line);
		if (st != CSV_ROW) {
			assert_int_equal(row.n, 0);
			buf_printf(&b, "!%s\n", short_status(st));
			continue;
		}
		assert_true(row.n >= 1 && row.n <= CSV_MAX_COLUMNS);
		for (size_t i = 0; i < row.n; i++) {
			if (i > 0)
				buf_putc(&b, '|');
			assert_int_equal(strlen(row.fields[i]), row.lens[i]);
			for (const char *p = row.fields[i]; *p; p++) {
				if (*p == '\n')
					buf_puts(&b, "\\n");
				else if (*p == '\r')
					buf_puts(&b, "\\r");
				else
					buf_putc(&b, *p);
			}
		}
		buf_putc(&b, '\n');
	}
	/* CSV_END stays CSV_END. */
	assert_int_equal(csv_next(r, &row), CSV_END);
	assert_int_equal(csv_next(r, &row), CSV_END);
	return b.data;
}

static char *render_n(struct arena *a, const char *data, size_t len)
{
	struct csv_reader *r = csv_open_mem(data, len);
	char *s = render_reader(a, r);
	csv_close(r);
	return s;
}

static char *render(struct arena *a, const char *data)
{
	return render_n(a, data, strlen(data));
}

#define assert_csv(a, in, want) assert_string_equal(render(a, in), want)

static void test_basic(void **state)
{
	struct arena *a = *state;
	assert_csv(a, "a,b,c\n1,2,3\n", "1:a|b|c\n2:1|2|3\n");
	assert_csv(a, "", "");
	assert_csv(a, "x", "1:x\n");
	/* Empty fields anywhere, spaces kept. */
	assert_csv(a, ",a,,b,\n", "1:|a||b|\n");
	assert_csv(a, ",\n", "1:|\n");
	assert_csv(a, " a , b \n", "1: a | b \n");
	/* Rows may differ in width: that is the importer's business. */
	assert_csv(a, "a,b\n1\n1,2,3\n", "1:a|b\n2:1\n3:1|2|3\n");
}

static void test_quoted(void **state)
{
	struct arena *a = *state;
	assert_csv(a, "\"a,b\",c\n", "1:a,b|c\n");
	assert_csv(a, "\"say \"\"hi\"\"\",x\n", "1:say \"hi\"|x\n");
	assert_csv(a, "\"\"\"\"\n", "1:\"\n");
	assert_csv(a, "\"\",\"\"\n", "1:|\n");
	assert_csv(a, "\"\"\n", "1:\n");
	/* Newlines inside quotes are kept as they are and counted as lines. */
	assert_csv(a, "h\n\"1 Main St\nApt 2\",x\nnext\n", "1:h\n2:1 Main St\\nApt 2|x\n4:next\n");
	assert_csv(a, "\"a\r\nb\",c\r\nd\r\n", "1:a\\r\\nb|c\n3:d\n");
	assert_csv(a, "\"a\rb\rc\"\rd\r", "1:a\\rb\\rc\n4:d\n");
	assert_csv(a, "\"multi\n\n\nline\"\nz", "1:multi\\n\\n\\nline\n5:z\n");
	/* Quoted field at the very end without a newline. */
	assert_csv(a, "a,\"b\"", "1:a|b\n");
	assert_csv(a, "a,\"\"", "1:a|\n");
}

static void test_line_endings(void **state)
{
	struct arena *a = *state;
	assert_csv(a, "a,b\r\nc,d\r\n", "1:a|b\n2:c|d\n");
	assert_csv(a, "a,b\rc,d\r", "1:a|b\n2:c|d\n");
	assert_csv(a, "a\nb\r\nc\rd", "1:a\n2:b\n3:c\n4:d\n");
	/* A last line without a newline. */
	assert_csv(a, "a,b\nc,d", "1:a|b\n2:c|d\n");
	assert_csv(a, "a,b\nc,", "1:a|b\n2:c|\n");
	/* Empty lines are skipped but still counted. */
	assert_csv(a, "\n\na\n\n\nb\n\n", "3:a\n6:b\n");
	assert_csv(a, "\r\n\r\na\r\n\r\nb\r\n", "3:a\n5:b\n");
	assert_csv(a, "\r\r\na\n\rb", "3:a\n5:b\n");
	assert_csv(a, "\n\r\n\r", "");
	/* LF CR is two line endings, not one. */
	assert_csv(a, "a\n\rb", "1:a\n3:b\n");
}

static void test_bom(void **state)
{
	struct arena *a = *state;
	assert_csv(a, "\xef\xbb\xbf" "name,email\nAna,a@example.org\n",
	           "1:name|email\n2:Ana|a@example.org\n");
	assert_csv(a, "\xef\xbb\xbf", "");
	assert_csv(a, "\xef\xbb\xbf\r\n\r\nx", "3:x\n");
	/* Only at the very start; elsewhere U+FEFF is ordinary text. */
	assert_csv(a, "a\n\xef\xbb\xbf" "b\n", "1:a\n2:\xef\xbb\xbf" "b\n");
	/* A BOM then a semicolon header. */
	struct csv_reader *r = csv_open_mem("\xef\xbb\xbf" "a;b\n1;2\n", 11);
	assert_int_equal(csv_delimiter(r), ';');
	assert_string_equal(render_reader(a, r), "1:a|b\n2:1|2\n");
	csv_close(r);
	/* A truncated BOM is not one (and not UTF-8 either). */
	assert_csv(a, "\xef\xbb" "a\n", "1:!UTF8\n");
}

static char delimiter_of(const char *data)
{
	struct csv_reader *r = csv_open_mem(data, strlen(data));
	char d = csv_delimiter(r);
	csv_close(r);
	return d;
}

static void test_delimiter(void **state)
{
	struct arena *a = *state;
	assert_int_equal(delimiter_of("a,b,c\n"), ',');
	assert_int_equal(delimiter_of("a;b;c\n1,5;2,5;3\n"), ';');
	assert_int_equal(delimiter_of("a\tb\tc\n"), '\t');
	assert_int_equal(delimiter_of("single\n"), ',');
	assert_int_equal(delimiter_of(""), ',');
	/* Most frequent wins; ties go to ',' then ';' then TAB. */
	assert_int_equal(delimiter_of("a;b;c,d\n"), ';');
	assert_int_equal(delimiter_of("a;b,c\n"), ',');
	assert_int_equal(delimiter_of("a;b\tc\n"), ';');
	/* Delimiters inside quotes do not count; only the first non-empty line. */
	assert_int_equal(delimiter_of("\"x;y;z\",b\n"), ',');
	assert_int_equal(delimiter_of("\n\r\na;b\nc,d,e,f,g\n"), ';');
	assert_int_equal(delimiter_of("\"multi\nline;;;\",x\n"), ',');

	/* German-style export: ';' with decimal commas. */
	assert_csv(a, "Vorname;Nachname;Betrag\r\nJ\xc3\xbcrgen;M\xc3\xbcller;12,50\r\n",
	           "1:Vorname|Nachname|Betrag\n2:J\xc3\xbcrgen|M\xc3\xbcller|12,50\n");
	assert_csv(a, "a\tb\n\"x\ty\"\t,z\n", "1:a|b\n2:x\ty|,z\n");

	/* Forcing one. */
	struct csv_reader *r = csv_open_mem("a;b,c\n", 6);
	assert_false(csv_set_delimiter(r, '|'));
	assert_true(csv_set_delimiter(r, ';'));
	assert_int_equal(csv_delimiter(r), ';');
	assert_string_equal(render_reader(a, r), "1:a|b,c\n");
	assert_false(csv_set_delimiter(r, ','));
	csv_close(r);
}

static void test_errors_recover(void **state)
{
	struct arena *a = *state;
	/* A quote inside an unquoted field: the rest of that line goes. */
	assert_csv(a, "h\na,b\"c,d\nok,1\n", "1:h\n2:!QUOTE\n3:ok|1\n");
	assert_csv(a, "a, \"b\"\nok\n", "1:!QUOTE\n2:ok\n");
	/* Something after a closing quote. */
	assert_csv(a, "\"abc\"x,1\nok\n", "1:!QUOTE\n2:ok\n");
	assert_csv(a, "\"abc\" ,1\r\nok\r\n", "1:!QUOTE\n2:ok\n");
	/* The bad line ends at the physical line even if the junk opens a quote. */
	assert_csv(a, "a\"b,\"c\nd,e\n", "1:!QUOTE\n2:d|e\n");
	/* A quote still open at the end of the input. */
	assert_csv(a, "ok\n\"abc\n", "1:ok\n2:!QUOTE\n");
	assert_csv(a, "ok\nx,\"abc\"\"", "1:ok\n2:!QUOTE\n");
	/* Invalid UTF-8 and NUL: that row only. */
	assert_csv(a, "name,city\nAna,\xff\nBo,Dhaka\n", "1:name|city\n2:!UTF8\n3:Bo|Dhaka\n");
	assert_csv(a, "\"\xc3\x28\",x\nok\n", "1:!UTF8\n2:ok\n");
	assert_csv(a, "a,\xc0\xaf\n", "1:!UTF8\n");          /* overlong */
	assert_csv(a, "a,\xed\xa0\x80\n", "1:!UTF8\n");       /* surrogate */
	assert_csv(a, "ok,\xe0\xa6", "1:!UTF8\n");            /* truncated at EOF */
	assert_string_equal(render_n(a, "a,b\0c\nd\n", 8), "1:!UTF8\n2:d\n");
	/* Every error of a file, each with its line, and the good rows. */
	assert_csv(a,
	           "first,last\n"
	           "Ana,Lima\n"
	           "B\"o,X\n"
	           "Chen,\xfe\n"
	           "\"Dev\",\"multi\nline\"\n"
	           "\"E\"e,1\n"
	           "Fay,Ng",
	           "1:first|last\n2:Ana|Lima\n3:!QUOTE\n4:!UTF8\n5:Dev|multi\\nline\n"
	           "7:!QUOTE\n8:Fay|Ng\n");
	/* Error rows still report where they start. */
	struct csv_reader *r = csv_open_mem("a\n\n\nb\"\n", 7);
	struct csv_row row;
	assert_int_equal(csv_next(r, &row), CSV_ROW);
	assert_int_equal(csv_next(r, &row), CSV_BAD_QUOTE);
	assert_int_equal(row.line, 4);
	assert_int_equal(row.n, 0);
	assert_int_equal(csv_next(r, &row), CSV_END);
	csv_close(r);
	assert_string_equal(csv_status_text(CSV_BAD_UTF8), "not valid UTF-8 text");
}

static void test_limits(void **state)
{
	struct arena *a = *state;
	struct buf b;

	/* A record of exactly CSV_MAX_ROW bytes is fine, one more is not. */
	buf_init(&b, a, CSV_MAX_ROW * 2);
	buf_puts(&b, "h\n");
	for (size_t i = 0; i < CSV_MAX_ROW - 2; i++)
		buf_putc(&b, 'x');
	buf_puts(&b, ",y\n");
	for (size_t i = 0; i < CSV_MAX_ROW - 2; i++)
		buf_putc(&b, 'x');
	buf_puts(&b, ",yz\nok\n");
	struct csv_reader *r = csv_open_mem(b.data, b.len);
	struct csv_row row;
	assert_int_equal(csv_next(r, &row), CSV_ROW);
	assert_int_equal(csv_next(r, &row), CSV_ROW);
	assert_int_equal(row.n, 2);
	assert_int_equal(row.lens[0], CSV_MAX_ROW - 2);
	assert_int_equal(csv_next(r, &row), CSV_ROW_TOO_LONG);
	assert_int_equal(row.line, 3);
	assert_int_equal(csv_next(r, &row), CSV_ROW);
	assert_string_equal(row.fields[0], "ok");
	assert_int_equal(row.line, 4);
	assert_true(csv_buffer_capacity(r) <= CSV_MAX_ROW + CSV_MAX_COLUMNS + 1);
	csv_close(r);

	/* A long quoted record spanning lines is skipped to its real end. */
	buf_reset(&b);
	buf_puts(&b, "\"");
	for (size_t i = 0; i < CSV_MAX_ROW; i++)
		buf_puts(&b, i % 1000 == 999 ? "\n" : "y");
	buf_puts(&b, "\",\"still, quoted\nhere\"\nnext\n");
	assert_string_equal(render_n(a, b.data, b.len), "1:!LONG\n68:next\n");

	/* 256 columns are fine, 257 are not; the next row is read. */
	buf_reset(&b);
	for (int i = 0; i < CSV_MAX_COLUMNS; i++)
		buf_printf(&b, "%sc%d", i ? "," : "", i);
	buf_puts(&b, "\n");
	for (int i = 0; i <= CSV_MAX_COLUMNS; i++)
		buf_puts(&b, i ? ",v" : "v");
	buf_puts(&b, "\n");
	for (int i = 0; i < 300; i++)
		buf_puts(&b, ",");
	buf_puts(&b, "\nlast,row\n");
	r = csv_open_mem(b.data, b.len);
	assert_int_equal(csv_next(r, &row), CSV_ROW);
	assert_int_equal(row.n, CSV_MAX_COLUMNS);
	assert_string_equal(row.fields[255], "c255");
	assert_int_equal(csv_next(r, &row), CSV_TOO_MANY_COLUMNS);
	assert_int_equal(row.line, 2);
	assert_int_equal(csv_next(r, &row), CSV_TOO_MANY_COLUMNS);
	assert_int_equal(row.line, 3);
	assert_int_equal(csv_next(r, &row), CSV_ROW);
	assert_int_equal(row.n, 2);
	assert_int_equal(row.line, 4);
	assert_int_equal(csv_next(r, &row), CSV_END);
	csv_close(r);
}

static void test_action_network(void **state)
{
	(void)state;
	static const char export[] =
		"first_name,last_name,email,zip_code,can2_phone,can2_sms_status,"
		"can2_subscription_status,can2_user_tags,can2_created_date,Employer\r\n"
		"Maria,Gonz\xc3\xa1lez,maria@example.org,11372,+1 718 555 0142,subscribed,"
		"subscribed,\"volunteer, spanish speaker\",2023-04-01 10:12:00,\"Acme, Inc.\"\r\n"
		"Rahim,Uddin,rahim@example.net,,+8801712345678,,unsubscribed,,2024-01-09 08:00:00,\r\n";
	struct csv_reader *r = csv_open_mem(export, sizeof export - 1);
	struct csv_row row;
	assert_int_equal(csv_delimiter(r), ',');
	assert_int_equal(csv_next(r, &row), CSV_ROW);
	assert_int_equal(row.n, 10);
	assert_string_equal(row.fields[0], "first_name");
	assert_string_equal(row.fields[4], "can2_phone");
	assert_string_equal(row.fields[9], "Employer");
	assert_int_equal(csv_next(r, &row), CSV_ROW);
	assert_int_equal(row.n, 10);
	assert_string_equal(row.fields[1], "Gonz\xc3\xa1lez");
	assert_string_equal(row.fields[4], "+1 718 555 0142");
	assert_string_equal(row.fields[7], "volunteer, spanish speaker");
	assert_string_equal(row.fields[9], "Acme, Inc.");
	assert_int_equal(row.line, 2);
	assert_int_equal(csv_next(r, &row), CSV_ROW);
	assert_int_equal(row.n, 10);
	assert_string_equal(row.fields[3], "");
	assert_int_equal(row.lens[3], 0);
	assert_string_equal(row.fields[4], "+8801712345678");
	assert_string_equal(row.fields[9], "");
	assert_int_equal(csv_next(r, &row), CSV_END);
	csv_close(r);
}

/* নাম, রহিম উদ্দিন (Bengali); नाम, सीता शर्मा (Devanagari);
 * نام, عائشہ خان (Urdu). */
#define BN_NAME "\xe0\xa6\xb0\xe0\xa6\xb9\xe0\xa6\xbf\xe0\xa6\xae \xe0\xa6\x89\xe0\xa6\xa6\xe0\xa7\x8d\xe0\xa6\xa6\xe0\xa6\xbf\xe0\xa6\xa8"
#define HI_NAME "\xe0\xa4\xb8\xe0\xa5\x80\xe0\xa4\xa4\xe0\xa4\xbe \xe0\xa4\xb6\xe0\xa4\xb0\xe0\xa5\x8d\xe0\xa4\xae\xe0\xa4\xbe"
#define UR_NAME "\xd8\xb9\xd8\xa7\xd8\xa6\xd8\xb4\xdb\x81 \xd8\xae\xd8\xa7\xd9\x86"
#define UR_CITY "\xda\xa9\xd8\xb1\xd8\xa7\xda\x86\xdb\x8c" /* کراچی */

static void test_scripts(void **state)
{
	struct arena *a = *state;
	assert_csv(a,
	           "name,city,note\n"
	           BN_NAME ",\xe0\xa6\xa2\xe0\xa6\xbe\xe0\xa6\x95\xe0\xa6\xbe,\"" BN_NAME ", " BN_NAME "\"\n"
	           HI_NAME ",\xe0\xa4\xa6\xe0\xa4\xbf\xe0\xa4\xb2\xe0\xa5\x8d\xe0\xa4\xb2\xe0\xa5\x80,\n"
	           UR_NAME "," UR_CITY ",\"" UR_NAME "\n" UR_CITY "\"\n",
	           "1:name|city|note\n"
	           "2:" BN_NAME "|\xe0\xa6\xa2\xe0\xa6\xbe\xe0\xa6\x95\xe0\xa6\xbe|" BN_NAME ", " BN_NAME "\n"
	           "3:" HI_NAME "|\xe0\xa4\xa6\xe0\xa4\xbf\xe0\xa4\xb2\xe0\xa5\x8d\xe0\xa4\xb2\xe0\xa5\x80|\n"
	           "4:" UR_NAME "|" UR_CITY "|" UR_NAME "\\n" UR_CITY "\n");
	/* A multibyte character cut by a stray byte is caught. */
	assert_csv(a, "\xe0\xa6\xb0,\xe0\xa6\n\xe0\xa6\xb0\n", "1:!UTF8\n2:\xe0\xa6\xb0\n");
}

/* A sample exercising every state, BOM, CRLF, CR, multibyte text. */
static const char sample[] =
	"\xef\xbb\xbf" "name;note;phone\r\n"
	"\"Ana; \"\"A\"\"\";\"two\r\nlines\";+1 718 555 0142\r\n"
	"\r\n"
	BN_NAME ";;\r"
	"x\"y;bad\n"
	UR_NAME ";\"\";\"end\"";
static const char sample_want[] =
	"1:name|note|phone\n"
	"2:Ana; \"A\"|two\\r\\nlines|+1 718 555 0142\n"
	"5:" BN_NAME "||\n"
	"6:!QUOTE\n"
	"7:" UR_NAME "||end\n";

struct feed {
	int fd;
	const char *data;
	const size_t *cuts;
	size_t ncuts, len;
	bool failed;
};

/* Writes data[0..len) to f->fd as one message per piece between cuts. */
static void *feed_thread(void *arg)
{
	struct feed *f = arg;
	size_t from = 0;
	for (size_t i = 0; i <= f->ncuts; i++) {
		size_t to = i < f->ncuts ? f->cuts[i] : f->len;
		if (to > from && write(f->fd, f->data + from, to - from) != (ssize_t)(to - from))
			f->failed = true;
		from = to;
	}
	close(f->fd);
	return NULL;
}

/* Reads data through an AF_UNIX SOCK_SEQPACKET socket, whose read() returns
 * exactly one written message, so the reads are split exactly at `cuts`. */
static char *render_split(struct arena *a, const char *data, const size_t *cuts, size_t ncuts,
                          size_t len)
{
	int sv[2];
	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
	struct feed f = { sv[0], data, cuts, ncuts, len, false };
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, feed_thread, &f), 0);
	struct csv_reader *r = csv_open_fd(sv[1]);
	char *s = render_reader(a, r);
	csv_close(r);
	pthread_join(t, NULL);
	close(sv[1]);
	assert_false(f.failed);
	return s;
}

static void test_fd_split_everywhere(void **state)
{
	struct arena *a = *state;
	size_t len = sizeof sample - 1;
	assert_string_equal(render_n(a, sample, len), sample_want);
	/* Two reads, cut at every position. */
	for (size_t k = 0; k <= len; k++) {
		char *got = render_split(a, sample, &k, 1, len);
		if (strcmp(got, sample_want) != 0)
			fail_msg("split at %zu:\n%s", k, got);
	}
	/* Every byte its own read. */
	size_t cuts[sizeof sample];
	for (size_t k = 0; k < len; k++)
		cuts[k] = k + 1;
	assert_string_equal(render_split(a, sample, cuts, len, len), sample_want);
	/* Every pair of cuts (three reads). */
	for (size_t i = 1; i < len; i += 3)
		for (size_t j = i + 1; j < len; j++) {
			size_t two[2] = { i, j };
			char *got = render_split(a, sample, two, 2, len);
			if (strcmp(got, sample_want) != 0)
				fail_msg("split at %zu,%zu:\n%s", i, j, got);
		}
}

static FILE *temp_file(char *path, size_t size)
{
	snprintf(path, size, "/tmp/sanctuary-test-csv-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w+");
	assert_non_null(f);
	return f;
}

/* A real file: the 64 KiB chunk boundary falls at each byte of a record. */
static void test_file_chunk_boundary(void **state)
{
	struct arena *a = *state;
	static const char rec[] = "\"q,\"\"\r\n" BN_NAME "\",\xd8\xae\xd8\xa7\xd9\x86,\"\"\r\n";
	size_t rlen = sizeof rec - 1;
	char path[64];
	for (size_t k = 0; k <= rlen; k++) {
		FILE *f = temp_file(path, sizeof path);
		/* Header "h,i\n" then padding rows so rec starts at 65536 - k. */
		size_t pad = 65536 - k - 4;
		fputs("h,i\n", f);
		size_t lines = 0;
		while (pad > 0) {
			size_t n = pad > 100 ? 100 : pad;
			if (pad - n > 0 && pad - n < 3)
				n -= 3;
			for (size_t i = 0; i + 1 < n; i++)
				fputc(i == 0 ? 'p' : 'x', f);
			fputc('\n', f);
			pad -= n;
			lines++;
		}
		fwrite(rec, 1, rlen, f);
		fflush(f);
		rewind(f);
		struct csv_reader *r = csv_open_fd(fileno(f));
		struct csv_row row;
		assert_int_equal(csv_next(r, &row), CSV_ROW);
		for (size_t i = 0; i < lines; i++)
			assert_int_equal(csv_next(r, &row), CSV_ROW);
		if (csv_next(r, &row) != CSV_ROW)
			fail_msg("boundary at %zu", k);
		assert_int_equal(row.line, lines + 2);
		assert_int_equal(row.n, 3);
		assert_string_equal(row.fields[0], "q,\"\r\n" BN_NAME);
		assert_string_equal(row.fields[1], "\xd8\xae\xd8\xa7\xd9\x86");
		assert_string_equal(row.fields[2], "");
		assert_int_equal(csv_next(r, &row), CSV_END);
		csv_close(r);
		fclose(f);
		unlink(path);
	}
	(void)a;
}

/* A failing read() is CSV_IO once, then CSV_END; the fd is not closed. */
static void test_io_error(void **state)
{
	(void)state;
	int fd = open("/tmp", O_RDONLY | O_DIRECTORY);
	assert_true(fd >= 0);
	struct csv_reader *r = csv_open_fd(fd);
	assert_int_equal(csv_delimiter(r), ',');
	struct csv_row row;
	assert_int_equal(csv_next(r, &row), CSV_IO);
	assert_int_equal(row.n, 0);
	assert_int_equal(csv_next(r, &row), CSV_END);
	csv_close(r);
	assert_int_equal(fcntl(fd, F_GETFD), 0);
	close(fd);
	r = csv_open_fd(-1);
	assert_int_equal(csv_next(r, &row), CSV_IO);
	assert_int_equal(csv_next(r, &row), CSV_END);
	csv_close(r);
	csv_close(NULL);
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static void test_200k_rows(void **state)
{
	(void)state;
	enum { ROWS = 200000 };
	char path[64];
	FILE *f = temp_file(path, sizeof path);
	fputs("first_name,last_name,email,zip_code,can2_phone,can2_user_tags,note\r\n", f);
	for (int i = 0; i < ROWS; i++) {
		if (i % 3 == 0)
			fprintf(f, BN_NAME ",Uddin%d,rahim%d@example.org,%05d,+8801712%06d,"
			        "\"tenant, bn\",\"line one\nline two\"\r\n", i, i, i % 100000, i);
		else if (i % 3 == 1)
			fprintf(f, "Maria,Gonz\xc3\xa1lez%d,maria%d@example.org,%05d,+1 718 555 %04d,"
			        "volunteer,\"said \"\"hi\"\"\"\r\n", i, i, i % 100000, i % 10000);
		else
			fprintf(f, HI_NAME ",Sharma%d,sita%d@example.net,,,,\r\n", i, i);
	}
	fflush(f);
	long size = ftell(f);
	rewind(f);

	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct csv_reader *r = csv_open_fd(fileno(f));
	struct csv_row row;
	enum csv_status st;
	size_t rows = 0, bytes = 0, cap_early = 0;
	while ((st = csv_next(r, &row)) == CSV_ROW) {
		assert_int_equal(row.n, 7);
		bytes += row.lens[2];
		if (++rows == 1000)
			cap_early = csv_buffer_capacity(r);
	}
	double took = seconds_since(&t0);
	assert_int_equal(st, CSV_END);
	assert_int_equal(rows, ROWS + 1);
	assert_true(bytes > 0);
	/* The buffer is sized by the widest row, not by how many there are. */
	assert_int_equal(csv_buffer_capacity(r), cap_early);
	assert_true(csv_buffer_capacity(r) <= 4096);
	print_message("csv: read %zu rows (%.1f MB) from a file in %.3f s, row buffer %zu bytes\n",
	              rows, (double)size / 1e6, took, csv_buffer_capacity(r));
	csv_close(r);
	fclose(f);
	unlink(path);
}

static void test_buffer_bounded(void **state)
{
	struct arena *a = *state;
	struct buf b;
	buf_init(&b, a, 1 << 20);
	/* Many small rows: the buffer never grows. */
	for (int i = 0; i < 20000; i++)
		buf_printf(&b, "row%d,\"%d\",x\n", i, i);
	struct csv_reader *r = csv_open_mem(b.data, b.len);
	struct csv_row row;
	size_t start = csv_buffer_capacity(r);
	while (csv_next(r, &row) == CSV_ROW)
		assert_int_equal(csv_buffer_capacity(r), start);
	csv_close(r);
	/* Oversized rows do not push it past the bound. */
	buf_reset(&b);
	for (int k = 0; k < 4; k++) {
		for (int i = 0; i < 200000; i++)
			buf_putc(&b, i % 1000 ? 'z' : ',');
		buf_putc(&b, '\n');
	}
	r = csv_open_mem(b.data, b.len);
	int errors = 0;
	enum csv_status st;
	while ((st = csv_next(r, &row)) != CSV_END) {
		assert_true(st == CSV_ROW_TOO_LONG);
		errors++;
		assert_true(csv_buffer_capacity(r) <= CSV_MAX_ROW + CSV_MAX_COLUMNS + 1);
	}
	assert_int_equal(errors, 4);
	csv_close(r);
}

static char *write_row(struct arena *a, const char *const *fields, size_t n)
{
	struct buf b;
	buf_init(&b, a, 64);
	csv_write_row(&b, fields, n);
	return b.data;
}

static char *write1(struct arena *a, const char *field)
{
	return write_row(a, &field, 1);
}

static void test_writer_quoting(void **state)
{
	struct arena *a = *state;
	const char *row[] = { "Ana", "a,b", "say \"hi\"", "two\nlines", "cr\rx", " lead", "trail ",
	                      "semi;colon", "tab\there", "", NULL, "in side", BN_NAME };
	assert_string_equal(write_row(a, row, sizeof row / sizeof row[0]),
	                    "Ana,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rx\",\" lead\","
	                    "\"trail \",\"semi;colon\",\"tab\there\",,,in side," BN_NAME "\r\n");
	assert_string_equal(write1(a, ""), "\"\"\r\n");
	assert_string_equal(write1(a, "\""), "\"\"\"\"\r\n");
	assert_string_equal(write_row(a, NULL, 0), "\r\n");
	const char *two_empty[] = { "", "" };
	assert_string_equal(write_row(a, two_empty, 2), ",\r\n");
	/* U+FEFF starting the first field must not turn into a BOM. */
	const char *feff[] = { "\xef\xbb\xbfx", "y" };
	char *out = write_row(a, feff, 2);
	assert_string_equal(out, "\"\xef\xbb\xbfx\",y\r\n");
	assert_string_equal(render(a, out), "1:\xef\xbb\xbfx|y\n");
}

static void test_formula_injection(void **state)
{
	struct arena *a = *state;
	assert_string_equal(write1(a, "=HYPERLINK(\"http://evil\",\"x\")"),
	                    "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"\r\n");
	assert_string_equal(write1(a, "=1+1"), "'=1+1\r\n");
	assert_string_equal(write1(a, "@SUM(A1)"), "'@SUM(A1)\r\n");
	assert_string_equal(write1(a, "-2+3+cmd|' /C calc'!A0"), "'-2+3+cmd|' /C calc'!A0\r\n");
	assert_string_equal(write1(a, "+2+3"), "'+2+3\r\n");
	assert_string_equal(write1(a, "\t=1"), "\"'\t=1\"\r\n");
	assert_string_equal(write1(a, "\r=1"), "\"'\r=1\"\r\n");
	assert_string_equal(write1(a, "-"), "'-\r\n");
	/* Phone numbers stay as typed. */
	assert_string_equal(write1(a, "+1 718 555 0142"), "+1 718 555 0142\r\n");
	assert_string_equal(write1(a, "+8801712345678"), "+8801712345678\r\n");
	assert_string_equal(write1(a, "+44 (0)20 7946-0958"), "+44 (0)20 7946-0958\r\n");
	assert_string_equal(write1(a, "+977-1-4412345"), "+977-1-4412345\r\n");
	assert_false(csv_formula_risk("+92 300 1234567"));
	/* ...but only plausible ones. */
	assert_true(csv_formula_risk("+1 718 555 0142+cmd"));
	assert_true(csv_formula_risk("+1 718 555 0142 =A1"));
	assert_true(csv_formula_risk("+123"));                /* too few digits */
	assert_true(csv_formula_risk("+1234567890123456"));   /* too many */
	assert_true(csv_formula_risk("+"));
	assert_true(csv_formula_risk("+ - ( )"));
	assert_true(csv_formula_risk("+1.718.555.0142"));
	/* Harmless starts. */
	assert_false(csv_formula_risk(""));
	assert_false(csv_formula_risk("Ana"));
	assert_false(csv_formula_risk(" =1"));
	assert_false(csv_formula_risk("1-2"));
	assert_false(csv_formula_risk("'=1"));
	assert_false(csv_formula_risk(BN_NAME));
	assert_string_equal(write1(a, "a=b"), "a=b\r\n");
}

/* Writes rows, reads them back with detection, compares. */
static void test_round_trip(void **state)
{
	struct arena *a = *state;
	static const char *const rows[][5] = {
		{ "first_name", "last_name", "email", "can2_phone", "note" },
		{ "Ana", "Lima", "ana@example.org", "+1 718 555 0142", "" },
		{ BN_NAME, HI_NAME, UR_NAME, "+8801712345678", "a;b\tc" },
		{ "\"quoted\"", "multi\r\nline\rand\nmore", " spaced ", ",", "\"\"" },
		{ "=1+2", "@x", "-3", "+cmd", "\tTab" },
		{ "", "", "", "", "" },
		{ "'", "\xef\xbb\xbf", "x", "y", "z" },
	};
	size_t nrows = sizeof rows / sizeof rows[0];
	struct buf b;
	buf_init(&b, a, 1024);
	for (size_t i = 0; i < nrows; i++)
		csv_write_row(&b, rows[i], 5);
	const char *single[] = { "" };
	csv_write_row(&b, single, 1);

	struct csv_reader *r = csv_open_mem(b.data, b.len);
	assert_int_equal(csv_delimiter(r), ',');
	struct csv_row row;
	for (size_t i = 0; i < nrows; i++) {
		assert_int_equal(csv_next(r, &row), CSV_ROW);
		assert_int_equal(row.n, 5);
		for (size_t j = 0; j < 5; j++) {
			const char *want = rows[i][j];
			if (csv_formula_risk(want))
				want = arena_printf(a, "'%s", want);
			assert_string_equal(row.fields[j], want);
		}
	}
	assert_int_equal(csv_next(r, &row), CSV_ROW);
	assert_int_equal(row.n, 1);
	assert_string_equal(row.fields[0], "");
	assert_int_equal(csv_next(r, &row), CSV_END);
	csv_close(r);

	/* A one-column file whose values hold ';' still reads as one column. */
	buf_reset(&b);
	const char *semi[] = { "a;b;c" };
	csv_write_row(&b, semi, 1);
	csv_write_row(&b, semi, 1);
	assert_string_equal(render_n(a, b.data, b.len), "1:a;b;c\n2:a;b;c\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_basic, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_quoted, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_line_endings, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_bom, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_delimiter, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_errors_recover, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_limits, arena_setup, arena_teardown),
		cmocka_unit_test(test_action_network),
		cmocka_unit_test_setup_teardown(test_scripts, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_fd_split_everywhere, arena_setup,
		                                arena_teardown),
		cmocka_unit_test_setup_teardown(test_file_chunk_boundary, arena_setup,
		                                arena_teardown),
		cmocka_unit_test(test_io_error),
		cmocka_unit_test(test_200k_rows),
		cmocka_unit_test_setup_teardown(test_buffer_bounded, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_writer_quoting, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_formula_injection, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_round_trip, arena_setup, arena_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
