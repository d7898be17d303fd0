/* Removing metadata from photos before they are shown in public: EXIF
 * (camera, time, GPS position), XMP, comments and text chunks can say
 * where a person lives. Only the pixels and what is needed to draw them
 * are kept. */
#ifndef SANCTUARY_IMGMETA_H
#define SANCTUARY_IMGMETA_H

#include <stddef.h>

struct arena;

enum img_kind { IMG_NONE, IMG_JPEG, IMG_PNG };

/* Copies `in` without its metadata into the arena: JPEG loses every APPn
 * segment but APP0 (JFIF) and APP14 (Adobe colour transform), COM, and
 * anything after the end-of-image marker;
 * PNG keeps only IHDR, PLTE, tRNS, gAMA, cHRM, sRGB, IDAT and IEND. Returns NULL (and IMG_NONE) for anything that is
 * not a well-formed JPEG or PNG. */
unsigned char *img_strip_metadata(struct arena *a, const unsigned char *in, size_t n, size_t *out_len,
                                  enum img_kind *kind);

#endif
