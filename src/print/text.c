/* text: pango layout helpers for the printables (see draw.h).
 * All text goes through pango_layout_set_text, never markup, because the
 * content is typed by office staff and may contain < or &. A layout is
 * created per call from the caller's cairo context, so nothing is shared
 * between threads except pango's and fontconfig's own caches. */
#include "print/draw.h"

PangoLayout *text_layout(cairo_t *cr, const char *text, double size, int flags, double width)
{
    PangoLayout *l = pango_cairo_create_layout(cr);
    /* Glyph positions rounded to whole units (pango's default) are whole
     * points in a PDF: uneven letter spacing, and at small sizes gaps that
     * make pdftotext read "0 7 1 7". The context is this layout's own. */
    pango_context_set_round_glyph_positions(pango_layout_get_context(l), FALSE);
    pango_layout_context_changed(l);
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, DRAW_FONT);
    pango_font_description_set_weight(fd, flags & TX_BOLD ? PANGO_WEIGHT_BOLD
                                                          : PANGO_WEIGHT_NORMAL);
    if (flags & TX_ITALIC) pango_font_description_set_style(fd, PANGO_STYLE_ITALIC);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);

    /* A word broken across lines must not get a hyphen glyph: the PDF's
     * text would then read "Kepen-duduk" and searching for it would fail. */
    PangoAttrList *attrs = pango_attr_list_new();
    pango_attr_list_insert(attrs, pango_attr_insert_hyphens_new(FALSE));
    pango_layout_set_attributes(l, attrs);
    pango_attr_list_unref(attrs);

    if (width > 0) {
        pango_layout_set_width(l, (int)(width * PANGO_SCALE));
        pango_layout_set_wrap(l, flags & TX_CHARWRAP ? PANGO_WRAP_CHAR : PANGO_WRAP_WORD_CHAR);
    }
    if (flags & TX_CENTER) pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
    if (flags & TX_RIGHT) pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
    pango_layout_set_text(l, text ? text : "", -1);
    return l;
}

double text_w(PangoLayout *l)
{
    PangoRectangle r;
    pango_layout_get_extents(l, NULL, &r);
    return (double)r.width / PANGO_SCALE;
}

double text_h(PangoLayout *l)
{
    PangoRectangle r;
    pango_layout_get_extents(l, NULL, &r);
    return (double)r.height / PANGO_SCALE;
}

void text_show(cairo_t *cr, PangoLayout *l, double x, double y)
{
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, l);
}

double text_block(cairo_t *cr, int draw, const char *text, double size, int flags, double x,
                  double y, double width)
{
    PangoLayout *l = text_layout(cr, text, size, flags, width);
    double h = text_h(l);
    if (draw) text_show(cr, l, x, y);
    g_object_unref(l);
    return h;
}

void text_dim_tail(PangoLayout *l, size_t start, size_t end, double size, double factor)
{
    if (start >= end) return;
    /* Copy the layout's list (it holds the no-hyphen attribute) and add to it. */
    PangoAttrList *attrs = pango_attr_list_copy(pango_layout_get_attributes(l));
    if (!attrs) attrs = pango_attr_list_new();
    PangoAttribute *a = pango_attr_foreground_new(0x5f00, 0x6300, 0x6800);   /* C_MUTED */
    a->start_index = (guint)start;
    a->end_index = (guint)end;
    pango_attr_list_insert(attrs, a);
    a = pango_attr_size_new_absolute((int)(size * factor * PANGO_SCALE));
    a->start_index = (guint)start;
    a->end_index = (guint)end;
    pango_attr_list_insert(attrs, a);
    pango_layout_set_attributes(l, attrs);
    pango_attr_list_unref(attrs);
}

PangoLayout *text_fit(cairo_t *cr, const char *text, double pt, double min_pt, int flags,
                      double width, double max_h, double *used_pt)
{
    PangoLayout *l = text_layout(cr, text, pt, flags, width);
    while (text_h(l) > max_h && pt > min_pt) {
        g_object_unref(l);
        pt = pt * 0.92 < min_pt ? min_pt : pt * 0.92;
        l = text_layout(cr, text, pt, flags, width);
    }
    if (text_h(l) > max_h) {
        /* still too tall at the smallest size: as many lines as fit, the
         * last one ending in "…"; a box lower than one line gets one line */
        pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
        pango_layout_set_height(l, (int)(max_h * PANGO_SCALE));
        if (text_h(l) > max_h) pango_layout_set_height(l, -1);
    }
    if (used_pt) *used_pt = pt;
    return l;
}
