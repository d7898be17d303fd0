/* QR codes as inline SVG (libqrencode): for two-factor enrollment now,
 * and petition and leaflet links later. The SVG is one <path> of unit
 * squares with a quiet zone, scalable, no script, no external reference. */
#ifndef SANCTUARY_QR_H
#define SANCTUARY_QR_H

struct arena;

/* SVG markup encoding `text` (8-bit mode, error correction M), with an
 * accessible `label` (escaped). NULL if the text is too long to encode. */
char *qr_svg(struct arena *a, const char *text, const char *label);

#endif
