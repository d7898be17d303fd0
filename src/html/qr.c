#include "html/qr.h"

#include <qrencode.h>

#include "core/arena.h"
#include "core/buf.h"
#include "html/escape.h"

#define QUIET 4 /* modules of white around the code, as the standard asks */

char *qr_svg(struct arena *a, const char *text, const char *label)
{
	QRcode *qr = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
	if (qr == NULL)
		return NULL;
	int size = qr->width + 2 * QUIET;
	struct buf b;
	buf_init(&b, a, (size_t)(qr->width * qr->width) * 8 + 256);
	buf_printf(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
	               "shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"", size, size);
	escape_html(&b, label);
	/* each run of dark modules is one stroked line through the middle of
	 * its row: "M x y.5h run" is half the bytes of a filled rectangle */
	buf_printf(&b, "\"><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path stroke=\"#000\" d=\"",
	           size, size);
	for (int y = 0; y < qr->width; y++) {
		for (int x = 0; x < qr->width; x++) {
			if (!(qr->data[y * qr->width + x] & 1))
				continue;
			/* run-length along the row keeps the path short */
			int run = 1;
			while (x + run < qr->width && (qr->data[y * qr->width + x + run] & 1))
				run++;
			buf_printf(&b, "M%d %d.5h%d", x + QUIET, y + QUIET, run);
			x += run - 1;
		}
	}
	buf_puts(&b, "\"/></svg>");
	QRcode_free(qr);
	return b.data;
}
