/* Unit tests for core/arena.c and core/buf.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/buf.h"

static int arena_setup(void **state)
{
	*state = arena_new(0);
	return 0;
}

static int arena_teardown(void **state)
{
	arena_destroy(*state);
	return 0;
}

static void test_alloc_alignment_and_independence(void **state)
{
	struct arena *a = *state;
	unsigned char *prev = NULL;
	for (size_t size = 0; size < 300; size++) {
		unsigned char *p = arena_alloc(a, size);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % 16, 0);
		memset(p, (int)(size & 0xff), size);
		if (prev != NULL)
			assert_int_equal(prev[0], (size - 1) & 0xff); /* not overwritten */
		prev = size ? p : NULL;
	}
}

static void test_growth_keeps_old_allocations(void **state)
{
	struct arena *a = *state;
	char *first = arena_strdup(a, "first");
	size_t before = arena_reserved(a);
	assert_true(before >= 256);
	/* Far more than the first block: new blocks, old data intact. */
	char *ptrs[1000];
	for (int i = 0; i < 1000; i++) {
		ptrs[i] = arena_alloc(a, 100);
		memset(ptrs[i], i & 0x7f, 100);
	}
	assert_true(arena_reserved(a) >= before + 1000 * 100);
	assert_string_equal(first, "first");
	for (int i = 0; i < 1000; i++) {
		assert_int_equal(ptrs[i][0], i & 0x7f);
		assert_int_equal(ptrs[i][99], i & 0x7f);
	}
	/* One allocation larger than any block so far. */
	size_t big = 4u << 20;
	unsigned char *p = arena_alloc(a, big);
	memset(p, 0xab, big);
	assert_int_equal(p[big - 1], 0xab);
	assert_true(arena_reserved(a) >= big);
}

static void test_calloc_and_copies(void **state)
{
	struct arena *a = *state;
	unsigned char *z = arena_alloc(a, 64);
	memset(z, 0xff, 64);
	int *zeros = arena_calloc(a, 100, sizeof *zeros);
	for (int i = 0; i < 100; i++)
		assert_int_equal(zeros[i], 0);

	assert_null(arena_strdup(a, NULL));
	assert_null(arena_strndup(a, NULL, 3));
	const char *src = "hello";
	char *d = arena_strdup(a, src);
	assert_string_equal(d, "hello");
	assert_ptr_not_equal(d, src);
	assert_string_equal(arena_strndup(a, "hello", 3), "hel");
	assert_string_equal(arena_strndup(a, "hi", 10), "hi");
	char *m = arena_memdup(a, "a\0b", 3);
	assert_memory_equal(m, "a\0b", 3);
	assert_int_equal(m[3], '\0');
	char *e = arena_memdup(a, NULL, 0);
	assert_string_equal(e, "");
}

static void test_printf(void **state)
{
	struct arena *a = *state;
	assert_string_equal(arena_printf(a, "%s-%d-%05.1f", "x", 42, 3.25), "x-42-003.2");
	assert_string_equal(arena_printf(a, "%s", ""), "");
	char long_arg[5000];
	memset(long_arg, 'q', sizeof long_arg - 1);
	long_arg[sizeof long_arg - 1] = '\0';
	char *s = arena_printf(a, "<%s>", long_arg);
	assert_int_equal(strlen(s), sizeof long_arg + 1);
	assert_int_equal(s[0], '<');
	assert_int_equal(s[sizeof long_arg], '>');
}

/* Text is formatted straight into the block's free space when it fits:
 * every length around a block's end must come out whole, and what was
 * formatted before must stay as it was. */
static void test_printf_at_block_ends(void **state)
{
	(void)state;
	char text[700];
	memset(text, 'a', sizeof text);
	for (size_t fill = 200; fill < 272; fill++) {
		struct arena *a = arena_new(256);
		arena_alloc(a, fill % 256); /* leaves 0..255 bytes in the head */
		char *keep[40];
		for (size_t n = 0; n < 40; n++) {
			text[n * 17] = '\0';
			keep[n] = arena_printf(a, "%s|", text);
			text[n * 17] = 'a';
			assert_int_equal(strlen(keep[n]), n * 17 + 1);
		}
		for (size_t n = 0; n < 40; n++) {
			assert_int_equal(strlen(keep[n]), n * 17 + 1);
			assert_int_equal(keep[n][n * 17], '|');
			assert_true(n == 0 || keep[n][0] == 'a');
		}
		arena_destroy(a);
	}
}

static void test_destroy_null_is_noop(void **state)
{
	(void)state;
	arena_destroy(NULL);
	struct arena *a = arena_new(1 << 16);
	assert_true(arena_reserved(a) >= 1 << 16);
	arena_destroy(a);
}

static void test_buf_append(void **state)
{
	struct buf b;
	buf_init(&b, *state, 0);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	buf_puts(&b, "Hello");
	buf_putc(&b, ',');
	buf_append(&b, " world!!", 7);
	buf_append(&b, "ignored", 0);
	assert_string_equal(b.data, "Hello, world!");
	assert_int_equal(b.len, 13);
	/* Bytes, not strings: a NUL in the middle is kept. */
	buf_append(&b, "\0x", 2);
	assert_int_equal(b.len, 15);
	assert_memory_equal(b.data + 13, "\0x", 3);
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
}

static void test_buf_growth(void **state)
{
	struct buf b;
	buf_init(&b, *state, 8);
	for (int i = 0; i < 10000; i++)
		buf_putc(&b, (char)('a' + i % 26));
	assert_int_equal(b.len, 10000);
	assert_true(b.cap > b.len);
	assert_int_equal(b.data[10000], '\0');
	for (int i = 0; i < 10000; i++)
		if (b.data[i] != (char)('a' + i % 26))
			fail_msg("byte %d changed", i);
	char chunk[3000];
	memset(chunk, 'z', sizeof chunk);
	buf_append(&b, chunk, sizeof chunk);
	assert_int_equal(b.len, 13000);
	assert_int_equal(b.data[12999], 'z');
	assert_int_equal(b.data[13000], '\0');
}

static void test_buf_printf(void **state)
{
	struct buf b;
	buf_init(&b, *state, 64);
	buf_printf(&b, "%d items", 3);
	buf_printf(&b, "%s", "");
	buf_printf(&b, ", %s", "ok");
	assert_string_equal(b.data, "3 items, ok");
	assert_int_equal(b.len, strlen("3 items, ok"));
	char big[1000];
	memset(big, 'w', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	buf_printf(&b, "[%s]", big);
	assert_int_equal(b.len, strlen("3 items, ok") + sizeof big + 1);
	assert_int_equal(b.data[b.len - 1], ']');
	assert_int_equal(b.data[b.len], '\0');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_alloc_alignment_and_independence, arena_setup,
		                                arena_teardown),
		cmocka_unit_test_setup_teardown(test_growth_keeps_old_allocations, arena_setup,
		                                arena_teardown),
		cmocka_unit_test_setup_teardown(test_calloc_and_copies, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_printf, arena_setup, arena_teardown),
		cmocka_unit_test(test_printf_at_block_ends),
		cmocka_unit_test(test_destroy_null_is_noop),
		cmocka_unit_test_setup_teardown(test_buf_append, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_buf_growth, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(test_buf_printf, arena_setup, arena_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
