/* card: square 1080 x 1080 PNG cards of a service's checklist, for
 * Instagram posts and WhatsApp status. People read them on a phone, so
 * the type is large and a long checklist continues on the next card
 * instead of shrinking.
 *
 * plan() decides, from measurements alone, which card each item goes on;
 * both print_card_count and print_card_png call it with an image surface,
 * so the count and the drawn cards always agree. An item is never split
 * between cards; only an item taller than a whole card gets smaller type.
 * The last card never holds one item alone when the card before can give
 * it a companion, and the service's note to citizens ("langsung ke
 * Disdukcapil") closes the list in an amber box, as on the brochure. */
#include "print/print.h"
#include "print/draw.h"
#include <string.h>

#define SIDE 1080
#define P 72.0                      /* side padding */
#define FOOT_H 104.0                /* footer band */
#define ITEM_PT 38.0
#define ITEM_MIN_PT 20.0
#define ITEM_GAP 22.0
#define NOTE_PT 28.0
#define NOTE_PAD 18.0
#define BOX 34.0                    /* tick box */
#define TEXT_X (P + BOX + 24)
#define TEXT_W (SIDE - P - TEXT_X)

struct plan {
    double band_h, name_pt;         /* top band and the service name's size */
    double list_top;                /* first item's y */
    size_t n;                       /* entries: the items (1 when the checklist is
                                       empty), then the note when there is one */
    size_t items;                   /* entries that are checklist items */
    double *h;                      /* height of each entry */
    int *card;                      /* 1-based card of each item */
    double *pt;                     /* type size of each item */
    int count;
};

static const char *const EMPTY = "Tidak ada berkas yang perlu dibawa.";
static const char *const HEAD1 = "Persyaratan yang perlu dibawa";
static const char *const HEADN = "Persyaratan (lanjutan)";

/* Entry i as a layout at size pt: a checklist item ("" item for the empty
 * checklist), or the note after the items. */
static PangoLayout *item_layout(cairo_t *cr, const json_t *svc, size_t i, double pt)
{
    const json_t *list = json_object_get(svc, "checklist");
    size_t items = json_array_size(list) ? json_array_size(list) : 1;
    if (i >= items) {
        char *text = g_strdup_printf("Penting: %s", jv_str(svc, "note_for_citizen"));
        PangoLayout *l = text_layout(cr, text, pt, 0, SIDE - 2 * P - 2 * NOTE_PAD);
        g_free(text);
        return l;
    }
    if (!json_array_size(list)) return text_layout(cr, EMPTY, pt, 0, TEXT_W);
    size_t il;
    char *text = fmt_item(json_array_get(list, i), &il);
    PangoLayout *l = text_layout(cr, text, pt, 0, TEXT_W);
    text_dim_tail(l, il, strlen(text), pt, 0.8);
    g_free(text);
    return l;
}

/* The service name's size: as large as fits in three lines. */
static double name_size(cairo_t *cr, const char *name)
{
    static const double sizes[] = {56, 48, 40, 34};
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        PangoLayout *l = text_layout(cr, name, sizes[k], TX_BOLD, SIDE - 2 * P);
        int lines = pango_layout_get_line_count(l);
        g_object_unref(l);
        if (lines <= 3) return sizes[k];
    }
    return 34;
}

static void band(cairo_t *cr, int draw, const json_t *office, const json_t *svc, double name_pt,
                 double *h)
{
    PangoLayout *o = text_layout(cr, jv_str(office, "name"), 30, 0, SIDE - 2 * P);
    PangoLayout *n = text_layout(cr, jv_str(svc, "name"), name_pt, TX_BOLD, SIDE - 2 * P);
    *h = P * 0.8 + text_h(o) + 10 + text_h(n) + P * 0.6;
    if (draw) {
        cairo_set_source_rgb(cr, C_BRAND);
        cairo_rectangle(cr, 0, 0, SIDE, *h);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0.8, 0.92, 0.87);
        text_show(cr, o, P, P * 0.8);
        cairo_set_source_rgb(cr, C_WHITE);
        text_show(cr, n, P, P * 0.8 + text_h(o) + 10);
    }
    g_object_unref(o);
    g_object_unref(n);
}

static void plan_free(struct plan *p)
{
    g_free(p->card);
    g_free(p->pt);
    g_free(p->h);
}

/* A last card with one item alone takes the last item of the card before
 * when that card keeps two or more and both fit. */
static void no_lone_item(struct plan *p, double avail)
{
    if (p->count < 2 || p->n < 3) return;
    size_t last = p->n - 1;
    if (p->card[last - 1] == p->count) return;          /* not alone */
    size_t before = 0;
    for (size_t i = 0; i < p->n; i++) before += p->card[i] == p->count - 1;
    if (before < 3 || p->h[last - 1] + ITEM_GAP + p->h[last] > avail) return;
    p->card[last - 1] = p->count;
}

static int plan(cairo_t *cr, const json_t *office, const json_t *svc, struct plan *p)
{
    const json_t *list = json_object_get(svc, "checklist");
    double avail;
    memset(p, 0, sizeof *p);
    p->name_pt = name_size(cr, jv_str(svc, "name"));
    band(cr, 0, office, svc, p->name_pt, &p->band_h);
    double h1 = text_block(cr, 0, HEAD1, 36, TX_BOLD, 0, 0, SIDE - 2 * P);
    double hn = text_block(cr, 0, HEADN, 36, TX_BOLD, 0, 0, SIDE - 2 * P);
    p->list_top = p->band_h + 44 + (h1 > hn ? h1 : hn) + 20;
    avail = SIDE - FOOT_H - 36 - p->list_top;
    p->items = json_array_size(list) ? json_array_size(list) : 1;
    p->n = p->items + (*jv_str(svc, "note_for_citizen") ? 1 : 0);
    p->card = g_new0(int, p->n);
    p->pt = g_new0(double, p->n);
    p->h = g_new0(double, p->n);
    double y = 0;
    p->count = 1;
    for (size_t i = 0; i < p->n; i++) {
        double pt = i < p->items ? ITEM_PT : NOTE_PT, h, pad = i < p->items ? 0 : 2 * NOTE_PAD;
        for (;;) {
            PangoLayout *l = item_layout(cr, svc, i, pt);
            h = text_h(l) + pad;
            g_object_unref(l);
            if (h <= avail || pt <= ITEM_MIN_PT) break;
            pt = pt * 0.9 < ITEM_MIN_PT ? ITEM_MIN_PT : pt * 0.9;
        }
        if (y > 0 && y + h > avail) { p->count++; y = 0; }
        p->card[i] = p->count;
        p->pt[i] = pt;
        p->h[i] = h;
        y += h + ITEM_GAP;
    }
    no_lone_item(p, avail);
    return 0;
}

/* A 1x1 image surface measures exactly like the 1080 one (same font
 * options), without allocating 4.6 MB just to count. */
int print_card_plan(const json_t *office, const json_t *service, int *card, size_t n)
{
    if (!json_is_object(office) || !json_is_object(service)) return -1;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
    cairo_t *cr = cairo_create(s);
    struct plan p;
    plan(cr, office, service, &p);
    for (size_t i = 0; card && i < n; i++) card[i] = i < p.n ? p.card[i] : 0;
    int count = p.count;
    plan_free(&p);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    return count;
}

int print_card_count(const json_t *office, const json_t *service)
{
    return print_card_plan(office, service, NULL, 0);
}

/* The portal URL: one line, in smaller type when long, then two lines
 * broken at a "/" where possible; only a monster is cut with "…". */
static void footer(cairo_t *cr, const char *url, int k, int count)
{
    double y = SIDE - FOOT_H;
    cairo_set_source_rgb(cr, C_PALE);
    cairo_rectangle(cr, 0, y, SIDE, FOOT_H);
    cairo_fill(cr);
    double rw = 0;
    if (count > 1) {
        char kn[32];
        snprintf(kn, sizeof kn, "%d/%d", k, count);
        PangoLayout *l = text_layout(cr, kn, 34, TX_BOLD, 0);
        rw = text_w(l) + 24;
        cairo_set_source_rgb(cr, C_BRAND);
        text_show(cr, l, SIDE - P - text_w(l), y + (FOOT_H - text_h(l)) / 2);
        g_object_unref(l);
    }
    if (!url || !*url) return;
    double w = SIDE - 2 * P - rw, pt = 30;
    PangoLayout *l = text_layout(cr, url, pt, 0, 0);
    while (text_w(l) > w && pt > 22) {
        g_object_unref(l);
        pt -= 2;
        l = text_layout(cr, url, pt, 0, 0);
    }
    if (text_w(l) > w) {
        pango_layout_set_width(l, (int)(w * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
        pango_layout_set_height(l, -2);             /* at most two lines */
        pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    }
    cairo_set_source_rgb(cr, C_TEXT);
    text_show(cr, l, P, y + (FOOT_H - text_h(l)) / 2);
    g_object_unref(l);
}

/* The note in an amber box with a bar on the left, like the brochure's. */
static void note_box(cairo_t *cr, PangoLayout *l, double y, double h)
{
    cairo_set_source_rgb(cr, C_NOTE);
    cairo_rectangle(cr, P, y, SIDE - 2 * P, h);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, C_AMBER);
    cairo_rectangle(cr, P, y, 6, h);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, C_TEXT);
    text_show(cr, l, P + NOTE_PAD, y + NOTE_PAD);
}

int print_card_png(const json_t *office, const json_t *service, int k, const char *portal_url,
                   struct buf *out)
{
    if (!json_is_object(office) || !json_is_object(service)) return -1;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, SIDE, SIDE);
    cairo_t *cr = cairo_create(s);
    struct plan p;
    plan(cr, office, service, &p);
    if (k < 1 || k > p.count) {
        plan_free(&p);
        cairo_destroy(cr);
        cairo_surface_destroy(s);
        return -1;
    }
    size_t start = out->len;
    const json_t *list = json_object_get(service, "checklist");
    cairo_set_source_rgb(cr, C_WHITE);
    cairo_paint(cr);
    double h;
    band(cr, 1, office, service, p.name_pt, &h);
    cairo_set_source_rgb(cr, C_BRAND);
    text_block(cr, 1, k == 1 ? HEAD1 : HEADN, 36, TX_BOLD, P, p.band_h + 44, SIDE - 2 * P);

    double y = p.list_top;
    /* an item still too tall at the smallest size is cut, not drawn over
     * the footer (300 characters, the checklist's limit, never get there) */
    cairo_save(cr);
    cairo_rectangle(cr, 0, p.list_top - 8, SIDE, SIDE - FOOT_H - p.list_top);
    cairo_clip(cr);
    for (size_t i = 0; i < p.n; i++) {
        if (p.card[i] != k) continue;
        PangoLayout *l = item_layout(cr, service, i, p.pt[i]);
        if (i >= p.items) {
            note_box(cr, l, y, p.h[i]);
        } else {
            if (json_array_size(list)) {
                double base = (double)pango_layout_get_baseline(l) / PANGO_SCALE;
                double box = BOX * p.pt[i] / ITEM_PT;
                cairo_set_source_rgb(cr, C_BRAND);
                cairo_set_line_width(cr, 4);
                draw_round_rect(cr, P + 2, y + base - 0.36 * p.pt[i] - box / 2, box, box, 5);
                cairo_stroke(cr);
            }
            cairo_set_source_rgb(cr, C_TEXT);
            text_show(cr, l, TEXT_X, y);
        }
        y += p.h[i] + ITEM_GAP;
        g_object_unref(l);
    }
    cairo_restore(cr);
    footer(cr, portal_url, k, p.count);
    plan_free(&p);
    return draw_png_end(cr, s, out, start);
}
