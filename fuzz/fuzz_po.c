/* The PO catalog reader. */
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "i18n/po.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new(4096);
	struct po_catalog c;
	char err[128];
	if (po_parse(a, (const char *)data, size, &c, err, sizeof err))
		for (size_t i = 0; i < c.count; i++)
			if (po_lookup(&c, c.entries[i].msgid) == NULL)
				__builtin_trap();
	arena_destroy(a);
	return 0;
}
