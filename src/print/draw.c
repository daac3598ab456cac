/* draw: the cairo glue every printable needs: a write function that
 * streams a PDF or PNG straight into the response buffer (no temporary
 * files, so concurrent requests cannot collide) and one shape. */
#include "print/draw.h"
#include <math.h>

cairo_status_t draw_buf_write(void *closure, const unsigned char *data, unsigned int len)
{
    return buf_add(closure, data, len) == 0 ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

void draw_round_rect(cairo_t *cr, double x, double y, double w, double h, double r)
{
    if (r > w / 2) r = w / 2;
    if (r > h / 2) r = h / 2;
    cairo_new_sub_path(cr);
    cairo_arc(cr, x + w - r, y + r, r, -M_PI / 2, 0);
    cairo_arc(cr, x + w - r, y + h - r, r, 0, M_PI / 2);
    cairo_arc(cr, x + r, y + h - r, r, M_PI / 2, M_PI);
    cairo_arc(cr, x + r, y + r, r, M_PI, 3 * M_PI / 2);
    cairo_close_path(cr);
}

double draw_office_band(cairo_t *cr, int draw, const json_t *office, const struct band_style *st)
{
    const char *parent = jv_str(office, "parent_name");
    PangoLayout *name = text_layout(cr, jv_str(office, "name"), st->name_size, TX_BOLD, st->width);
    PangoLayout *par = *parent ? text_layout(cr, parent, st->parent_size, 0, st->width) : NULL;
    double h = st->top + text_h(name) + (par ? st->gap + text_h(par) : 0) + st->bottom;
    if (draw) {
        cairo_set_source_rgb(cr, C_BRAND);
        cairo_rectangle(cr, 0, 0, st->page_w, h);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, C_WHITE);
        text_show(cr, name, st->margin, st->top);
        if (par) text_show(cr, par, st->margin, st->top + st->gap + text_h(name));
    }
    g_object_unref(name);
    if (par) g_object_unref(par);
    return h;
}

/* Drops what a failed printable appended, so `out` holds no half file. */
static int undo(struct buf *out, size_t start)
{
    if (out->len > start) {
        out->len = start;
        if (out->p) out->p[start] = '\0';
    }
    return -1;
}

int draw_pdf_end(cairo_t *cr, cairo_surface_t *s, struct buf *out, size_t start)
{
    int ok = cairo_status(cr) == CAIRO_STATUS_SUCCESS;
    cairo_destroy(cr);
    cairo_surface_finish(s);    /* writes the page and the trailer to `out` */
    ok = ok && cairo_surface_status(s) == CAIRO_STATUS_SUCCESS && !out->err;
    cairo_surface_destroy(s);
    return ok ? 0 : undo(out, start);
}

int draw_png_end(cairo_t *cr, cairo_surface_t *s, struct buf *out, size_t start)
{
    int ok = cairo_status(cr) == CAIRO_STATUS_SUCCESS;
    cairo_destroy(cr);
    cairo_surface_flush(s);
    ok = ok && cairo_surface_write_to_png_stream(s, draw_buf_write, out) == CAIRO_STATUS_SUCCESS &&
         !out->err;
    cairo_surface_destroy(s);
    return ok ? 0 : undo(out, start);
}
