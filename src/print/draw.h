/* draw: helpers shared by the printables in src/print/ (private to this
 * folder; the API is print.h). Each printable measures its text with the
 * same functions it draws with, so what was measured is what is drawn and
 * nothing overflows. There is no state here: every call works on the
 * cairo context it is given, so the printables can run on many HTTP worker
 * threads at once. */
#ifndef BALAI_PRINT_DRAW_H
#define BALAI_PRINT_DRAW_H
#include <cairo.h>
#include <cairo-pdf.h>
#include <jansson.h>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include "util/buf.h"
#include "util/jv.h"

#define DRAW_FONT "Noto Sans"

/* Colours as r, g, b in 0..1 for cairo_set_source_rgb(cr, COLOR). */
#define C_BRAND  0.043, 0.431, 0.310   /* #0b6e4f */
#define C_TEXT   0.125, 0.129, 0.141   /* #202124 */
#define C_MUTED  0.373, 0.388, 0.408   /* #5f6368 */
#define C_PALE   0.933, 0.965, 0.949   /* #eef6f2 */
#define C_WHITE  1.0, 1.0, 1.0
#define C_NOTE   1.0, 0.957, 0.839     /* #fff4d6 */
#define C_AMBER  0.878, 0.631, 0.0     /* #e0a100 */

/* text_layout flags */
enum { TX_BOLD = 1, TX_CENTER = 2, TX_RIGHT = 4, TX_CHARWRAP = 8, TX_ITALIC = 16 };

/* cairo write function for *_to_stream / *_for_stream: appends to the
 * struct buf passed as closure; a full buffer is a write error. */
cairo_status_t draw_buf_write(void *closure, const unsigned char *data, unsigned int len);

/* Finish a printable: destroy cr, write the PDF (or PNG) of surface `s`
 * to `out`, destroy s. On any cairo or buffer error, `out` is cut back to
 * `start` (its length before the printable began) and -1 returned. */
int draw_pdf_end(cairo_t *cr, cairo_surface_t *s, struct buf *out, size_t start);
int draw_png_end(cairo_t *cr, cairo_surface_t *s, struct buf *out, size_t start);

/* A layout of plain `text` (never markup, so user text with < and & is
 * shown as typed) in DRAW_FONT at `size` user units, wrapped at `width`
 * (<= 0: no wrapping). Words are wrapped whole; a word longer than the
 * line is broken between characters without inserting a hyphen (so the
 * PDF's text stays searchable). TX_CHARWRAP breaks anywhere (URLs).
 * Caller frees with g_object_unref. */
PangoLayout *text_layout(cairo_t *cr, const char *text, double size, int flags, double width);

/* Logical width and height of a layout in user units. */
double text_w(PangoLayout *l);
double text_h(PangoLayout *l);

/* Draws the layout with its top-left corner at x, y in the current
 * source colour. */
void text_show(cairo_t *cr, PangoLayout *l, double x, double y);

/* Lays out, draws at x, y when `draw` is set, and returns the height:
 * the one call used for both the measuring and the drawing pass. */
double text_block(cairo_t *cr, int draw, const char *text, double size, int flags, double x,
                  double y, double width);

/* A layout of `text` that fits `max_h`: at `pt`, else smaller down to
 * `min_pt`, else cut at the last line that fits with "…". *used_pt gets
 * the size chosen. The generated content visuals and the pamphlet use it
 * so a long title never runs over what comes below. */
PangoLayout *text_fit(cairo_t *cr, const char *text, double pt, double min_pt, int flags,
                      double width, double max_h, double *used_pt);

/* Sets a range [start, end) of the layout's bytes in a smaller size
 * (factor of `size`) and the muted colour: "KTP-el — fotokopi". */
void text_dim_tail(PangoLayout *l, size_t start, size_t end, double size, double factor);

/* "Selesai pada hari yang sama" or "N hari kerja"; "" when days is missing. */
void fmt_days(const json_t *service, char *out, size_t n);

/* The service's category for print: "category_name" when the view model
 * has it, else "category"; a bare slug "surat-keterangan" becomes
 * "Surat keterangan". */
void fmt_category(const json_t *service, char *out, size_t n);

/* A checklist item with its note and count: "KTP-el — fotokopi, 2 lembar"
 * (g_free it). *item_len is the length of the item part, so the rest can be
 * set in grey with text_dim_tail. */
char *fmt_item(const json_t *it, size_t *item_len);

/* Office contacts in one line: "Telepon 0717 000101  ·  WhatsApp +62 …  ·
 * Email …" (only those the office has; "" when none). */
void fmt_contacts(const json_t *office, char *out, size_t n);

/* The office band across the top of a page: the office's name in bold
 * and its parent's name (when it has one) in white on the brand colour.
 * The name starts `top` below the page's edge, the parent `gap` below the
 * name, and `bottom` closes the band; text starts at `margin`, wraps at
 * `width`, and the band spans `page_w`. Drawn only when `draw`; returns
 * the band's height either way. */
struct band_style {
    double name_size, parent_size, top, gap, bottom, margin, width, page_w;
};
double draw_office_band(cairo_t *cr, int draw, const json_t *office, const struct band_style *st);

/* The office's opening hours in one line, "Jam layanan: Senin–Kamis
 * 08.00–15.00; Jumat …" ("" when the office has set none). */
void fmt_hours(const json_t *office, char *out, size_t n);

/* A rounded rectangle path (no fill or stroke). */
void draw_round_rect(cairo_t *cr, double x, double y, double w, double h, double r);

/* QR code of `text`: 8-bit mode, error correction M, so mixed-case URLs
 * decode exactly as given. NULL on failure; free with QRcode_free. */
QRcode *qr_encode(const char *text);

/* Side of the drawn code including the 4-module quiet zone. */
double qr_side(const QRcode *q, double module);

/* Module size that makes the code at most `box` wide, but never below
 * `min_module` (then the code is wider than box). */
double qr_module_for(const QRcode *q, double box, double min_module);

/* Draws the code black on a white square (quiet zone included) with its
 * top-left corner at x, y. */
void qr_draw(cairo_t *cr, const QRcode *q, double x, double y, double module);

#endif
