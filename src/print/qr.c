/* qr: QR codes for the printables with libqrencode. Always 8-bit mode and
 * error correction M: 8-bit keeps the URL's case (alphanumeric mode would
 * upper-case it) and M survives a smudged or folded print. The modules are
 * one filled path, so PDF viewers and printers show no seams between
 * neighbouring squares. */
#include "print/draw.h"

#define QUIET 4   /* modules of white border the QR standard asks for */

QRcode *qr_encode(const char *text)
{
    if (!text || !*text) return NULL;
    return QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
}

double qr_side(const QRcode *q, double module)
{
    return (q->width + 2 * QUIET) * module;
}

double qr_module_for(const QRcode *q, double box, double min_module)
{
    double m = box / (q->width + 2 * QUIET);
    return m < min_module ? min_module : m;
}

void qr_draw(cairo_t *cr, const QRcode *q, double x, double y, double module)
{
    double side = qr_side(q, module);
    cairo_save(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, x, y, side, side);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_new_path(cr);
    x += QUIET * module;
    y += QUIET * module;
    for (int r = 0; r < q->width; r++) {
        const unsigned char *row = q->data + (size_t)r * q->width;
        /* one rectangle per horizontal run of dark modules */
        for (int c = 0; c < q->width;) {
            if (!(row[c] & 1)) { c++; continue; }
            int s = c;
            while (c < q->width && (row[c] & 1)) c++;
            cairo_rectangle(cr, x + s * module, y + r * module, (c - s) * module, module);
        }
    }
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
    cairo_fill(cr);
    cairo_restore(cr);
}
