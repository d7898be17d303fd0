/* CSV in and out: a streaming RFC 4180 reader and a safe writer.
 *
 * The reader never holds the whole file: it reads a file descriptor in
 * 64 KiB chunks (or walks a buffer already in memory) and assembles one
 * record at a time in a single growable buffer, reused for every row and
 * never larger than about CSV_MAX_ROW bytes, so memory does not grow with
 * the number of rows.
 *
 * What it accepts: fields separated by ',', ';' or TAB (detected from the
 * header line, see csv_delimiter); quoted fields with embedded delimiters,
 * newlines and "" for a quote; CRLF, LF or lone CR line endings; a UTF-8
 * byte order mark at the start (skipped); a last line without a line
 * ending. Empty lines are skipped. Spaces are kept as they are.
 *
 * What it refuses, one record at a time: a quote inside an unquoted field,
 * anything but a delimiter or line ending after a closing quote, or a quote
 * left open at the end of the input (CSV_BAD_QUOTE); a field that is not
 * valid UTF-8 or contains a NUL byte (CSV_BAD_UTF8, same rules as
 * text_valid_utf8); a record over CSV_MAX_ROW bytes (CSV_ROW_TOO_LONG) or
 * with more than CSV_MAX_COLUMNS fields (CSV_TOO_MANY_COLUMNS). After such an
 * error the next csv_next() carries on with the following record, so an
 * import can report every bad row and keep the good ones. Where a bad
 * record ends: a bad quote ends it at the end of its physical line; a long
 * or wide record runs to its real end (quotes respected). */
#ifndef SANCTUARY_CSV_H
#define SANCTUARY_CSV_H

#include <stdbool.h>
#include <stddef.h>

struct buf;

/* Bytes in one record, delimiters and quotes included, line ending not. */
#define CSV_MAX_ROW (64 * 1024)
#define CSV_MAX_COLUMNS 256

enum csv_status {
	CSV_ROW,              /* row holds a record */
	CSV_END,              /* no more records (and stays so) */
	CSV_BAD_QUOTE,
	CSV_BAD_UTF8,
	CSV_ROW_TOO_LONG,
	CSV_TOO_MANY_COLUMNS,
	CSV_IO,               /* read() failed; the next call returns CSV_END */
};

/* One record. fields[i] points at lens[i] bytes followed by a NUL (fields
 * never contain NUL, so they are C strings too). Everything points into the
 * reader and is valid until the next csv_next() or csv_close(). `line` is
 * the 1-based physical line the record starts on; on an error status it
 * names the offending record's line and n is 0. */
struct csv_row {
	size_t n;
	const char **fields;
	const size_t *lens;
	size_t line;
};

struct csv_reader;

/* Readers are heap-allocated (out of memory aborts, so never NULL) and
 * freed by csv_close(). The fd stays the caller's: it is read, never
 * closed. The memory given to csv_open_mem is borrowed, not copied, and
 * must outlive the reader. */
struct csv_reader *csv_open_fd(int fd);
struct csv_reader *csv_open_mem(const char *data, size_t len);
/* NULL is a no-op. */
void csv_close(struct csv_reader *r);

/* The next record; see enum csv_status and the file comment. */
enum csv_status csv_next(struct csv_reader *r, struct csv_row *row);

/* The field delimiter: ',', ';' or '\t'. Detected from the first non-empty
 * line by counting each candidate outside quotes; the most frequent wins,
 * ties go to ',' then ';' then TAB, and a line with none gives ','. Calling
 * this before the first csv_next() reads the start of the input (a read
 * error is then reported by csv_next). */
char csv_delimiter(struct csv_reader *r);
/* Use `delim` instead of detecting one. Only before the first csv_next();
 * returns false (and changes nothing) later or for another character. */
bool csv_set_delimiter(struct csv_reader *r, char delim);

/* Bytes currently allocated for the row buffer (for tests: it stays below
 * CSV_MAX_ROW + CSV_MAX_COLUMNS + 1 whatever the input). fd readers also
 * hold one fixed 64 KiB read chunk, not counted here. */
size_t csv_buffer_capacity(const struct csv_reader *r);

/* A short English name for a status ("bad quote", ...), for logs. */
const char *csv_status_text(enum csv_status st);

/* Appends one record to `out`: fields joined by ',' and ended by CRLF.
 * A field is quoted (with "" for ") when it contains ',', ';', TAB, '"', CR
 * or LF, starts or ends with a space, or starts with U+FEFF, so the output
 * reads back the same whatever delimiter a reader guesses. A field that a
 * spreadsheet would run as a formula (csv_formula_risk) gets a leading
 * single quote ('). A single empty field is written as "" so the line is
 * not empty; n == 0 writes a bare CRLF, which readers skip. Fields are
 * NUL-terminated; a NULL field is written as an empty one. */
void csv_write_row(struct buf *out, const char *const *fields, size_t n);

/* True when s starts with '=', '+', '-', '@', TAB or CR (OWASP's CSV
 * injection list) — except a plausible phone number: '+' then only digits,
 * spaces, dashes and parentheses with 7 to 15 digits ("+1 718 555 0142",
 * "+8801712345678"), which cannot run anything and is left alone. */
bool csv_formula_risk(const char *s);

#endif
