#include "core/imgmeta.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "core/arena.h"

static unsigned char *strip_jpeg(struct arena *a, const unsigned char *p, size_t n, size_t *out_len)
{
	unsigned char *out = arena_alloc(a, n);
	size_t o = 0, i = 2;
	out[o++] = 0xFF;
	out[o++] = 0xD8;
	while (i + 4 <= n) {
		if (p[i] != 0xFF)
			return NULL;
		unsigned char m = p[i + 1];
		if (m == 0xFF) { /* fill byte */
			i++;
			continue;
		}
		if (m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7))
			return NULL; /* no standalone markers expected before the scan */
		size_t len = ((size_t)p[i + 2] << 8) | p[i + 3];
		if (len < 2 || i + 2 + len > n)
			return NULL;
		bool drop = (m >= 0xE1 && m <= 0xEF && m != 0xEE) || m == 0xFE;
		if (!drop) {
			memcpy(out + o, p + i, 2 + len);
			o += 2 + len;
		}
		i += 2 + len;
		if (m == 0xDA) {
			/* start of scan: the coded data (and any later scans) up to the
			 * end-of-image marker; whatever some cameras append after it goes */
			for (size_t k = i; k + 1 < n; k++)
				if (p[k] == 0xFF && p[k + 1] == 0xD9) {
					memcpy(out + o, p + i, k + 2 - i);
					o += k + 2 - i;
					*out_len = o;
					return out;
				}
			return NULL;
		}
	}
	return NULL;
}

static uint32_t be32(const unsigned char *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

static unsigned char *strip_png(struct arena *a, const unsigned char *p, size_t n, size_t *out_len)
{
	static const char *const keep[] = { "IHDR", "PLTE", "tRNS", "gAMA", "cHRM", "sRGB", "IDAT",
	                                    "IEND" };
	unsigned char *out = arena_alloc(a, n);
	memcpy(out, p, 8);
	size_t o = 8, i = 8;
	bool ended = false, first = true;
	while (!ended) {
		if (i + 12 > n)
			return NULL;
		uint32_t len = be32(p + i);
		if (len > n - i - 12)
			return NULL;
		const unsigned char *type = p + i + 4;
		if (first && memcmp(type, "IHDR", 4) != 0)
			return NULL;
		first = false;
		bool kept = false;
		for (size_t k = 0; k < sizeof keep / sizeof keep[0]; k++)
			kept = kept || memcmp(type, keep[k], 4) == 0;
		if (kept) {
			memcpy(out + o, p + i, 12 + (size_t)len);
			o += 12 + (size_t)len;
		}
		ended = memcmp(type, "IEND", 4) == 0;
		i += 12 + (size_t)len;
	}
	*out_len = o;
	return out;
}

unsigned char *img_strip_metadata(struct arena *a, const unsigned char *in, size_t n, size_t *out_len,
                                  enum img_kind *kind)
{
	*kind = IMG_NONE;
	*out_len = 0;
	unsigned char *out = NULL;
	if (in == NULL)
		return NULL;
	if (n >= 4 && in[0] == 0xFF && in[1] == 0xD8 && in[2] == 0xFF) {
		out = strip_jpeg(a, in, n, out_len);
		if (out)
			*kind = IMG_JPEG;
	} else if (n >= 8 && memcmp(in, "\x89PNG\r\n\x1a\n", 8) == 0) {
		out = strip_png(a, in, n, out_len);
		if (out)
			*kind = IMG_PNG;
	}
	if (out == NULL)
		*out_len = 0;
	return out;
}
