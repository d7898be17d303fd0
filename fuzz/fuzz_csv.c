/* The CSV reader on arbitrary bytes, read to the end twice (delimiter
 * detected, then forced to ';'). Every row respects the limits and the
 * text rules, and writing it back and reading that gives the same fields
 * (a formula-looking field comes back with the writer's leading '). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/csv.h"
#include "core/text.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_round_trip(struct arena *a, const struct csv_row *row)
{
	struct buf b;
	buf_init(&b, a, 256);
	csv_write_row(&b, row->fields, row->n);
	struct csv_reader *r = csv_open_mem(b.data, b.len);
	FUZZ_ASSERT(csv_delimiter(r) == ',');
	struct csv_row back;
	enum csv_status st = csv_next(r, &back);
	/* The writer can make a row longer (quotes, guards) than the limit. */
	if (b.len - 2 > CSV_MAX_ROW) {
		FUZZ_ASSERT(st == CSV_ROW_TOO_LONG);
	} else {
		FUZZ_ASSERT(st == CSV_ROW);
		FUZZ_ASSERT(back.n == row->n);
		for (size_t i = 0; i < row->n; i++) {
			const char *f = row->fields[i];
			size_t n = row->lens[i];
			if (csv_formula_risk(f)) {
				FUZZ_ASSERT(back.lens[i] == n + 1 && back.fields[i][0] == '\'');
				FUZZ_ASSERT(memcmp(back.fields[i] + 1, f, n) == 0);
			} else {
				FUZZ_ASSERT(back.lens[i] == n);
				FUZZ_ASSERT(memcmp(back.fields[i], f, n) == 0);
			}
		}
	}
	FUZZ_ASSERT(csv_next(r, &back) == CSV_END);
	csv_close(r);
}

static void read_all(struct arena *a, const uint8_t *data, size_t size, bool semicolon)
{
	struct csv_reader *r = csv_open_mem((const char *)data, size);
	if (semicolon)
		FUZZ_ASSERT(csv_set_delimiter(r, ';'));
	char d = csv_delimiter(r);
	FUZZ_ASSERT(d == ',' || d == ';' || d == '\t');
	struct csv_row row;
	enum csv_status st;
	size_t records = 0, last_line = 0;
	while ((st = csv_next(r, &row)) != CSV_END) {
		FUZZ_ASSERT(st == CSV_ROW || st == CSV_BAD_QUOTE || st == CSV_BAD_UTF8 ||
		            st == CSV_ROW_TOO_LONG || st == CSV_TOO_MANY_COLUMNS);
		/* Every record consumes at least one byte and starts on a later line. */
		FUZZ_ASSERT(++records <= size);
		FUZZ_ASSERT(row.line > last_line);
		last_line = row.line;
		FUZZ_ASSERT(csv_buffer_capacity(r) <= CSV_MAX_ROW + CSV_MAX_COLUMNS + 1);
		if (st != CSV_ROW) {
			FUZZ_ASSERT(row.n == 0);
			continue;
		}
		FUZZ_ASSERT(row.n >= 1 && row.n <= CSV_MAX_COLUMNS);
		size_t total = 0;
		for (size_t i = 0; i < row.n; i++) {
			FUZZ_ASSERT(row.fields[i][row.lens[i]] == '\0');
			FUZZ_ASSERT(text_valid_utf8(row.fields[i], row.lens[i]));
			total += row.lens[i];
		}
		FUZZ_ASSERT(total <= CSV_MAX_ROW);
		check_round_trip(a, &row);
	}
	FUZZ_ASSERT(csv_next(r, &row) == CSV_END);
	csv_close(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new(4096);
	read_all(a, data, size, false);
	read_all(a, data, size, true);
	arena_destroy(a);
	return 0;
}
