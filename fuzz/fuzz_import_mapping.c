/* The import's column mapping ("given_name=0,email=2", kept with an
 * upload) on arbitrary bytes: a string that parses formats back to one
 * that parses to the same mapping; and the mapping guessed from any CSV
 * header names each column at most once and only columns that exist. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/arena.h"
#include "core/csv.h"
#include "fuzz_check.h"
#include "model/people_csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new(1024);
	char *s = arena_strndup(a, (const char *)data, size);
	struct import_mapping m, back;
	if (strlen(s) == size && import_mapping_parse(s, &m)) {
		for (int f = 0; f < IMPORT__COUNT; f++)
			FUZZ_ASSERT(m.column[f] >= -1 && m.column[f] < CSV_MAX_COLUMNS);
		char *again = import_mapping_format(a, &m);
		FUZZ_ASSERT(import_mapping_parse(again, &back));
		FUZZ_ASSERT(memcmp(&m, &back, sizeof m) == 0);
	}
	struct csv_reader *r = csv_open_mem((const char *)data, size);
	struct csv_row row;
	if (csv_next(r, &row) == CSV_ROW) {
		import_guess_mapping(&row, &m);
		for (int f = 0; f < IMPORT__COUNT; f++) {
			FUZZ_ASSERT(m.column[f] >= -1 && m.column[f] < (int)row.n);
			for (int g = f + 1; g < IMPORT__COUNT; g++)
				FUZZ_ASSERT(m.column[f] < 0 || m.column[f] != m.column[g]);
		}
	}
	csv_close(r);
	arena_destroy(a);
	return 0;
}
