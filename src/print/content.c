/* content: the printables of a content item (issue 16): the visual Balai
 * draws from an item for Instagram and WhatsApp (1080 x 1080, or 1080 x
 * 1350 for Instagram's 4:5) and the A4 pamphlet with a QR code to the
 * item's page on the portal.
 *
 * Each text sits in a box computed before anything is drawn: the office
 * name in the band, the type label, the title, the summary, the first
 * action points and the portal link. A text that does not fit its box is
 * set smaller down to a minimum and then cut with "…" (text_fit), so a
 * 300-character title never runs over the summary or off the picture.
 * The same plan is measured by print_visual_layout for the unit tests and
 * drawn by print_visual_png, so what is tested is what is drawn. An
 * office with a logo (has_logo) gets it on a white tile in the band. */
#include "print/print.h"
#include "print/draw.h"
#include "core/calendar.h"
#include <stdio.h>
#include <string.h>

#define VW 1080.0
#define VP 72.0                     /* side padding */
#define VFOOT 112.0                 /* footer band */
#define POINTS_MAX 3                /* action points on a visual */
#define VLOGO 104.0                 /* the office's logo in the band */

enum { B_OFFICE, B_TYPE, B_TITLE, B_SUMMARY, B_POINTS, B_URL, B_COUNT };
static const char *const box_names[B_COUNT] = {"office", "type", "title", "summary", "points",
                                               "url"};

struct vplan {
    struct print_box box[B_COUNT];
    PangoLayout *l[B_COUNT];
    double band_h, head_h;          /* the band; the "Yang perlu dilakukan" heading */
};

/* PNG bytes as a cairo image surface; NULL when there are none or they
 * cannot be read. */
struct png_read {
    const struct buf *b;
    size_t at;
};

static cairo_status_t png_read(void *closure, unsigned char *data, unsigned int len)
{
    struct png_read *r = closure;
    if (r->at + len > r->b->len) return CAIRO_STATUS_READ_ERROR;
    memcpy(data, r->b->p + r->at, len);
    r->at += len;
    return CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *png_surface(const struct buf *png)
{
    if (!png || !png->len) return NULL;
    struct png_read rd = {png, 0};
    cairo_surface_t *img = cairo_image_surface_create_from_png_stream(png_read, &rd);
    if (cairo_surface_status(img) == CAIRO_STATUS_SUCCESS) return img;
    cairo_surface_destroy(img);
    return NULL;
}

static const char *const POINTS_HEAD = "Yang perlu dilakukan:";

/* The action points as lines "•  point" (at most `max`, 0: all), or
 * numbered "1. point" when `numbered`. g_free it. */
static char *points_text(const json_t *item, size_t max, int numbered)
{
    GString *s = g_string_new("");
    const json_t *list = json_object_get(item, "action_points");
    size_t i, n = 0;
    json_t *p;
    json_array_foreach(list, i, p) {
        const char *t = json_string_value(p);
        if (!t || !*t || (max && n >= max)) continue;
        if (n++) g_string_append_c(s, '\n');
        if (numbered) g_string_append_printf(s, "%zu. %s", n, t);
        else g_string_append_printf(s, "\xe2\x80\xa2  %s", t);
    }
    return g_string_free(s, FALSE);
}

/* Fits text into box b (x y w h set) and records what was laid out. */
static void fit_box(cairo_t *cr, struct vplan *p, int k, const char *text, double pt,
                    double min_pt, int flags)
{
    struct print_box *b = &p->box[k];
    p->l[k] = text_fit(cr, text, pt, min_pt, flags, b->w, b->h, &b->pt);
    /* an empty text takes no room (pango still reports one line) */
    b->text_w = *text ? text_w(p->l[k]) : 0;
    b->text_h = *text ? text_h(p->l[k]) : 0;
}

static void set_box(struct print_box *b, int k, double x, double y, double w, double h)
{
    b->name = box_names[k];
    b->x = x;
    b->y = y;
    b->w = w;
    b->h = h > 0 ? h : 0;
}

/* Title, summary and points share what is left between the type label
 * and the footer: the title up to 42 % of it, the summary up to half of
 * the rest when there are points, the points the remainder. */
static void plan_body(cairo_t *cr, const json_t *item, struct vplan *p, double top, double bottom)
{
    char *pts = points_text(item, POINTS_MAX, 0);
    double w = VW - 2 * VP, y = top;
    set_box(&p->box[B_TITLE], B_TITLE, VP, y, w, (bottom - top) * 0.42);
    fit_box(cr, p, B_TITLE, jv_str(item, "title"), 76, 40, TX_BOLD);
    y += p->box[B_TITLE].text_h + 28;
    double rest = bottom - y;
    set_box(&p->box[B_SUMMARY], B_SUMMARY, VP, y, w, *pts ? rest * 0.5 : rest);
    fit_box(cr, p, B_SUMMARY, jv_str(item, "summary"), 38, 24, 0);
    y += p->box[B_SUMMARY].text_h + 32;
    p->head_h = text_block(cr, 0, POINTS_HEAD, 30, TX_BOLD, 0, 0, w);
    /* no room for the heading and one line of points: leave them out */
    double room = bottom - y - p->head_h - 10;
    set_box(&p->box[B_POINTS], B_POINTS, VP, y + p->head_h + 10, w, room);
    fit_box(cr, p, B_POINTS, room >= 40 ? pts : "", 32, 22, 0);
    g_free(pts);
}

static void plan_visual(cairo_t *cr, const json_t *office, const json_t *item, double vh,
                        struct vplan *p)
{
    memset(p, 0, sizeof *p);
    double w = VW - 2 * VP, lw = json_is_true(json_object_get(office, "has_logo")) ? VLOGO + 28 : 0;
    set_box(&p->box[B_OFFICE], B_OFFICE, VP + lw, 44, w - lw, 96);
    fit_box(cr, p, B_OFFICE, jv_str(office, "name"), 36, 24, TX_BOLD);
    p->band_h = 44 + p->box[B_OFFICE].text_h + 36;
    if (lw && p->band_h < VLOGO + 2 * 32) p->band_h = VLOGO + 2 * 32;
    /* the name stands in the middle of the band beside the logo */
    if (lw) p->box[B_OFFICE].y = (p->band_h - p->box[B_OFFICE].text_h) / 2;
    set_box(&p->box[B_TYPE], B_TYPE, VP + 20, p->band_h + 40, w - 40, 46);
    fit_box(cr, p, B_TYPE, jv_str(item, "type_label"), 30, 22, TX_BOLD);
    set_box(&p->box[B_URL], B_URL, VP, vh - VFOOT + 14, w, VFOOT - 28);
    fit_box(cr, p, B_URL, jv_str(item, "portal_url"), 30, 20, TX_CHARWRAP);
    double top = p->box[B_TYPE].y + p->box[B_TYPE].h + 44;
    plan_body(cr, item, p, top, vh - VFOOT - 36);
}

static void plan_free(struct vplan *p)
{
    for (int k = 0; k < B_COUNT; k++)
        if (p->l[k]) g_object_unref(p->l[k]);
}

int print_visual_layout(const json_t *office, const json_t *item, int height,
                        struct print_box *boxes, size_t n)
{
    if (!json_is_object(office) || !json_is_object(item) || (height != 1080 && height != 1350))
        return -1;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1);
    cairo_t *cr = cairo_create(s);
    struct vplan p;
    plan_visual(cr, office, item, height, &p);
    for (size_t i = 0; i < n && i < B_COUNT; i++) boxes[i] = p.box[i];
    plan_free(&p);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    return B_COUNT;
}

static void show_box(cairo_t *cr, const struct vplan *p, int k)
{
    text_show(cr, p->l[k], p->box[k].x, p->box[k].y);
}

/* The logo on a white rounded tile, scaled into VLOGO x VLOGO. */
static void draw_logo(cairo_t *cr, cairo_surface_t *logo, double band_h)
{
    double iw = cairo_image_surface_get_width(logo), ih = cairo_image_surface_get_height(logo);
    double y = (band_h - VLOGO) / 2, pad = 8, k = (VLOGO - 2 * pad) / (iw > ih ? iw : ih);
    cairo_set_source_rgb(cr, C_WHITE);
    draw_round_rect(cr, VP, y, VLOGO, VLOGO, 14);
    cairo_fill(cr);
    cairo_save(cr);
    cairo_translate(cr, VP + (VLOGO - iw * k) / 2, y + (VLOGO - ih * k) / 2);
    cairo_scale(cr, k, k);
    cairo_set_source_surface(cr, logo, 0, 0);
    cairo_paint(cr);
    cairo_restore(cr);
}

static void draw_visual(cairo_t *cr, const struct vplan *p, double vh, cairo_surface_t *logo)
{
    cairo_set_source_rgb(cr, C_WHITE);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, C_BRAND);
    cairo_rectangle(cr, 0, 0, VW, p->band_h);
    cairo_fill(cr);
    if (logo && p->box[B_OFFICE].x > VP) draw_logo(cr, logo, p->band_h);
    cairo_set_source_rgb(cr, C_WHITE);
    show_box(cr, p, B_OFFICE);
    const struct print_box *t = &p->box[B_TYPE];
    cairo_set_source_rgb(cr, C_PALE);
    draw_round_rect(cr, VP, t->y - 8, t->text_w + 40, t->text_h + 16, 26);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, C_BRAND);
    show_box(cr, p, B_TYPE);
    cairo_set_source_rgb(cr, C_TEXT);
    show_box(cr, p, B_TITLE);
    show_box(cr, p, B_SUMMARY);
    if (p->box[B_POINTS].text_h > 0 && *pango_layout_get_text(p->l[B_POINTS])) {
        cairo_set_source_rgb(cr, C_BRAND);
        text_block(cr, 1, POINTS_HEAD, 30, TX_BOLD, VP, p->box[B_POINTS].y - p->head_h - 10,
                   VW - 2 * VP);
        cairo_set_source_rgb(cr, C_TEXT);
        show_box(cr, p, B_POINTS);
    }
    cairo_set_source_rgb(cr, C_PALE);
    cairo_rectangle(cr, 0, vh - VFOOT, VW, VFOOT);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, C_TEXT);
    const struct print_box *u = &p->box[B_URL];
    text_show(cr, p->l[B_URL], u->x, u->y + (u->h - u->text_h) / 2);
}

int print_visual_png(const json_t *office, const json_t *item, int height,
                     const struct buf *logo_png, struct buf *out)
{
    if (!json_is_object(office) || !json_is_object(item) || (height != 1080 && height != 1350))
        return -1;
    size_t start = out->len;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)VW, height);
    cairo_t *cr = cairo_create(s);
    struct vplan p;
    cairo_surface_t *logo = png_surface(logo_png);
    plan_visual(cr, office, item, height, &p);
    draw_visual(cr, &p, height, logo);
    if (logo) cairo_surface_destroy(logo);
    plan_free(&p);
    return draw_png_end(cr, s, out, start);
}

/* ---- the A4 pamphlet ----------------------------------------------------- */

#define PW 595.28
#define PH 841.89
#define PM 48.0
#define PQR 120.0                   /* the QR code's box */
#define PFOOT (PQR + 24)

enum { A_TITLE, A_DATE, A_SUMMARY, A_POINTS, A_DOC, A_FOOT, A_COUNT };

struct aplan {
    struct print_box box[A_COUNT];
    PangoLayout *l[A_COUNT];
    double band_h, label_y, img_y, img_w, img_h, head_h;
};

static void afit(cairo_t *cr, struct aplan *p, int k, const char *text, double pt, double min_pt,
                 int flags)
{
    struct print_box *b = &p->box[k];
    p->l[k] = text_fit(cr, text, pt, min_pt, flags, b->w, b->h, &b->pt);
    /* an empty text takes no room (pango still reports one line) */
    b->text_w = *text ? text_w(p->l[k]) : 0;
    b->text_h = *text ? text_h(p->l[k]) : 0;
}

static void abox(struct aplan *p, int k, const char *name, double y, double w, double h)
{
    p->box[k].name = name;
    p->box[k].x = PM;
    p->box[k].y = y;
    p->box[k].w = w;
    p->box[k].h = h > 0 ? h : 0;
}

/* "Tanggal: Senin, 7 Desember 2026  ·  Sumber: …" (g_free it). */
static char *date_line(const json_t *item)
{
    int d = 0;
    char day[64] = "";
    if (cal_parse_date(jv_str(item, "item_date"), &d) == 0) cal_format_date_id(d, day, sizeof day);
    const char *src = jv_str(item, "source");
    return g_strdup_printf("%s%s%s%s%s", *day ? "Tanggal: " : "", day, *day && *src ? "  \xc2\xb7  " : "",
                           *src ? "Sumber: " : "", src);
}

/* "Kontak: …\nBaca selengkapnya dengan memindai kode QR:\nURL" */
static char *foot_text(const json_t *item)
{
    const char *c = jv_str(item, "contact");
    return g_strdup_printf("%s%s%sPindai kode QR atau buka:\n%s", *c ? "Kontak: " : "", c,
                           *c ? "\n" : "", jv_str(item, "portal_url"));
}

static void plan_text(cairo_t *cr, const json_t *item, struct aplan *p, double y)
{
    double w = PW - 2 * PM, bottom = PH - PM - PFOOT - 12;
    char *pts = points_text(item, 0, 1);
    abox(p, A_SUMMARY, "summary", y, w, (bottom - y) * (*pts ? 0.3 : 0.85));
    afit(cr, p, A_SUMMARY, jv_str(item, "summary"), 13, 9, 0);
    y += p->box[A_SUMMARY].text_h + 16;
    char *doc = *jv_str(item, "document_url")
                    ? g_strdup_printf("Dokumen resmi: %s", jv_str(item, "document_url"))
                    : g_strdup("");
    double doc_h = *doc ? 36 : 0, head = text_block(cr, 0, POINTS_HEAD, 13, TX_BOLD, 0, 0, w) + 6;
    /* the points need room for their heading and one line, else they stay
     * on the portal (the QR code leads there) */
    int room = *pts && bottom - y - head - doc_h - 12 >= 14;
    p->head_h = room ? head : 0;
    abox(p, A_POINTS, "points", y + p->head_h, w, room ? bottom - y - head - doc_h - 12 : 0);
    afit(cr, p, A_POINTS, room ? pts : "", 12, 9, 0);
    y += p->head_h + p->box[A_POINTS].text_h + 12;
    abox(p, A_DOC, "document", y, w, bottom - y);
    afit(cr, p, A_DOC, doc, 10, 8, TX_CHARWRAP);
    g_free(doc);
    g_free(pts);
}

static void plan_pamphlet(cairo_t *cr, const json_t *office, const json_t *item, int img_w,
                          int img_h, struct aplan *p)
{
    memset(p, 0, sizeof *p);
    const struct band_style st = {20, 12, 28, 4, 20, PM, PW - 2 * PM, PW};
    double w = PW - 2 * PM;
    p->band_h = draw_office_band(cr, 0, office, &st);
    p->label_y = p->band_h + 22;
    double y = p->label_y + 22;
    abox(p, A_TITLE, "title", y, w, 112);
    afit(cr, p, A_TITLE, jv_str(item, "title"), 28, 16, TX_BOLD);
    y += p->box[A_TITLE].text_h + 8;
    char *dl = date_line(item);
    abox(p, A_DATE, "date", y, w, 30);
    afit(cr, p, A_DATE, dl, 11, 9, 0);
    g_free(dl);
    y += p->box[A_DATE].text_h + 14;
    /* the visual gets at most 200 pt, and leaves 220 pt for the text
     * below it; with less than 80 pt left it stays out */
    double img_max = PH - PM - PFOOT - 12 - y - 220;
    if (img_max > 200) img_max = 200;
    if (img_w > 0 && img_h > 0 && img_max >= 80) {
        double k = w / img_w < img_max / img_h ? w / img_w : img_max / img_h;
        p->img_w = img_w * k;
        p->img_h = img_h * k;
        p->img_y = y;
        y += p->img_h + 16;
    }
    plan_text(cr, item, p, y);
    abox(p, A_FOOT, "footer", PH - PM - PQR, w - PQR - 20, PQR);
    char *ft = foot_text(item);
    afit(cr, p, A_FOOT, ft, 11, 8, TX_CHARWRAP);
    g_free(ft);
}

static void aplan_free(struct aplan *p)
{
    for (int k = 0; k < A_COUNT; k++)
        if (p->l[k]) g_object_unref(p->l[k]);
}

int print_pamphlet_layout(const json_t *office, const json_t *item, int img_w, int img_h,
                          struct print_box *boxes, size_t n)
{
    if (!json_is_object(office) || !json_is_object(item)) return -1;
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(NULL, NULL, PW, PH);
    cairo_t *cr = cairo_create(s);
    struct aplan p;
    plan_pamphlet(cr, office, item, img_w, img_h, &p);
    for (size_t i = 0; i < n && i < A_COUNT; i++) boxes[i] = p.box[i];
    aplan_free(&p);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    return A_COUNT;
}

static void draw_image(cairo_t *cr, cairo_surface_t *img, const struct aplan *p)
{
    double k = p->img_w / cairo_image_surface_get_width(img);
    cairo_save(cr);
    cairo_translate(cr, (PW - p->img_w) / 2, p->img_y);
    cairo_scale(cr, k, k);
    cairo_set_source_surface(cr, img, 0, 0);
    cairo_paint(cr);
    cairo_restore(cr);
}

static void draw_pamphlet(cairo_t *cr, const json_t *office, const json_t *item,
                          cairo_surface_t *img, const struct aplan *p, QRcode *qr)
{
    const struct band_style st = {20, 12, 28, 4, 20, PM, PW - 2 * PM, PW};
    draw_office_band(cr, 1, office, &st);
    cairo_set_source_rgb(cr, C_BRAND);
    text_block(cr, 1, jv_str(item, "type_label"), 12, TX_BOLD, PM, p->label_y, PW - 2 * PM);
    cairo_set_source_rgb(cr, C_TEXT);
    for (int k = 0; k < A_COUNT; k++) {
        if (k == A_DATE) cairo_set_source_rgb(cr, C_MUTED);
        if (k == A_POINTS && p->head_h > 0) {
            cairo_set_source_rgb(cr, C_BRAND);
            text_block(cr, 1, POINTS_HEAD, 13, TX_BOLD, PM, p->box[k].y - p->head_h, PW - 2 * PM);
            cairo_set_source_rgb(cr, C_TEXT);
        }
        text_show(cr, p->l[k], p->box[k].x, p->box[k].y);
        cairo_set_source_rgb(cr, C_TEXT);
    }
    if (img) draw_image(cr, img, p);
    if (qr) qr_draw(cr, qr, PW - PM - PQR, PH - PM - PQR, qr_module_for(qr, PQR, 0));
}

int print_pamphlet_pdf(const json_t *office, const json_t *item, const struct buf *visual_png,
                       struct buf *out)
{
    if (!json_is_object(office) || !json_is_object(item)) return -1;
    cairo_surface_t *img = png_surface(visual_png);
    size_t start = out->len;
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(draw_buf_write, out, PW, PH);
    cairo_t *cr = cairo_create(s);
    struct aplan p;
    plan_pamphlet(cr, office, item, img ? cairo_image_surface_get_width(img) : 0,
                  img ? cairo_image_surface_get_height(img) : 0, &p);
    QRcode *qr = qr_encode(jv_str(item, "portal_url"));
    draw_pamphlet(cr, office, item, img, &p, qr);
    if (qr) QRcode_free(qr);
    if (img) cairo_surface_destroy(img);
    aplan_free(&p);
    return draw_pdf_end(cr, s, out, start);
}
