/* icon: the PWA icon, drawn with paths rather than text so it does not
 * depend on a font and stays sharp at any size: a white "balai" (a hall
 * with a roof, four columns and steps) on a rounded square in the brand
 * colour. The glyph keeps inside the central 80 %, the safe zone of
 * maskable icons. */
#include "print/print.h"
#include "print/draw.h"

int print_icon_png(int size, struct buf *out)
{
    if (size < 16 || size > 2048) return -1;
    size_t start = out->len;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, size, size);
    cairo_t *cr = cairo_create(s);
    cairo_scale(cr, size, size);            /* draw in 0..1 */
    cairo_set_source_rgb(cr, C_BRAND);
    draw_round_rect(cr, 0, 0, 1, 1, 0.2);
    cairo_fill(cr);

    cairo_set_source_rgb(cr, C_WHITE);
    cairo_move_to(cr, 0.19, 0.40);           /* roof */
    cairo_line_to(cr, 0.50, 0.21);
    cairo_line_to(cr, 0.81, 0.40);
    cairo_close_path(cr);
    cairo_rectangle(cr, 0.22, 0.425, 0.56, 0.045);   /* beam */
    for (int i = 0; i < 4; i++)                       /* columns */
        cairo_rectangle(cr, 0.26 + i * (0.41 / 3), 0.49, 0.07, 0.22);
    cairo_rectangle(cr, 0.20, 0.73, 0.60, 0.045);    /* steps */
    cairo_rectangle(cr, 0.16, 0.795, 0.68, 0.045);
    cairo_fill(cr);
    return draw_png_end(cr, s, out, start);
}
