/* brochure: the one-page A4 PDF of a service that an office prints and
 * lays on the counter, so a citizen leaves knowing what to bring.
 *
 * It must stay one page whatever staff typed. Every part is drawn by a
 * function that, with b->draw == 0, only measures: the same code lays out
 * the same text, so the measured height is the drawn height. We try the
 * full size first, then smaller type step by step, then drop FAQ entries
 * (pointing to the portal for the rest), and only then go below the
 * comfortable minimum size. The checklist is never cut: the page exists
 * for it. */
#include "print/print.h"
#include "print/draw.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

#define PAGE_W 595.276          /* A4 in points */
#define PAGE_H 841.89
#define M 40.0                  /* page margin */
#define CW (PAGE_W - 2 * M)     /* content width */
#define QR_BOX 118.0            /* QR code with its quiet zone */
#define FOOT_BOTTOM 28.0        /* space below the footer */
#define SCALE_MIN 0.72          /* smallest comfortable type, before dropping FAQ */
#define SCALE_FLOOR 0.5         /* last resort for a huge checklist */

struct bro {
    cairo_t *cr;
    const json_t *office, *svc;
    const char *url;
    QRcode *qr;
    double s;                   /* type scale, 1 = full size */
    size_t faq_n;               /* FAQ entries drawn; the rest are referred to the portal */
    int draw;                   /* 0: measure only */
};

#define SZ(base) ((base) * b->s)

static void color(struct bro *b, double r, double g, double bl)
{
    if (b->draw) cairo_set_source_rgb(b->cr, r, g, bl);
}

/* The office band across the top; returns its height. */
static double header(struct bro *b)
{
    const struct band_style st = { SZ(16), SZ(10), 22, 0, 14, M, CW, PAGE_W };
    return draw_office_band(b->cr, b->draw, b->office, &st);
}

/* Category, service name and summary on the left, the QR code on the right. */
static double title_row(struct bro *b, double y)
{
    cairo_t *cr = b->cr;
    double lw = CW - QR_BOX - 18, ly = y;
    char cat[200];
    fmt_category(b->svc, cat, sizeof cat);
    if (*cat) {
        color(b, C_BRAND);
        ly += text_block(cr, b->draw, cat, SZ(9.5), TX_BOLD, M, ly, lw) + 2;
    }
    color(b, C_TEXT);
    ly += text_block(cr, b->draw, jv_str(b->svc, "name"), SZ(22), TX_BOLD, M, ly, lw);
    const char *sum = jv_str(b->svc, "summary");
    if (*sum) ly += 6 + text_block(cr, b->draw, sum, SZ(10.5), 0, M, ly + 6, lw);

    double qx = PAGE_W - M - QR_BOX, ry = y;
    if (b->qr) {
        double m = qr_module_for(b->qr, QR_BOX, 0);
        if (b->draw) qr_draw(cr, b->qr, qx, ry, m);
        ry += qr_side(b->qr, m);
    }
    color(b, C_TEXT);
    ry += text_block(cr, b->draw, "Pindai untuk info terbaru", SZ(8), TX_BOLD | TX_CENTER, qx,
                     ry, QR_BOX);
    color(b, C_MUTED);
    ry += text_block(cr, b->draw, b->url, SZ(7), TX_CENTER, qx, ry, QR_BOX);
    return (ly > ry ? ly : ry) - y;
}

/* note_for_citizen in an amber box with a bar on the left. */
static double note_box(struct bro *b, double y)
{
    const char *note = jv_str(b->svc, "note_for_citizen");
    if (!*note) return 0;
    cairo_t *cr = b->cr;
    double pad = SZ(8), tx = M + 4 + pad, tw = CW - 4 - 2 * pad;
    PangoLayout *t = text_layout(cr, "Penting diketahui", SZ(10), TX_BOLD, tw);
    PangoLayout *n = text_layout(cr, note, SZ(10.5), 0, tw);
    double h = 2 * pad + text_h(t) + text_h(n);
    if (b->draw) {
        cairo_set_source_rgb(cr, C_NOTE);
        cairo_rectangle(cr, M, y, CW, h);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, C_AMBER);
        cairo_rectangle(cr, M, y, 4, h);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0.45, 0.32, 0.0);
        text_show(cr, t, tx, y + pad);
        cairo_set_source_rgb(cr, C_TEXT);
        text_show(cr, n, tx, y + pad + text_h(t));
    }
    g_object_unref(t);
    g_object_unref(n);
    return h;
}

static double heading(struct bro *b, double y, const char *text)
{
    color(b, C_BRAND);
    double h = text_block(b->cr, b->draw, text, SZ(12.5), TX_BOLD, M, y, CW);
    if (b->draw) {
        cairo_set_line_width(b->cr, 0.6);
        cairo_move_to(b->cr, M, y + h + 1);
        cairo_line_to(b->cr, M + CW, y + h + 1);
        cairo_stroke(b->cr);
    }
    return h + SZ(5);
}

/* "Persyaratan": a tick box per item, "— fotokopi, 2 lembar" in grey. */
static double checklist(struct bro *b, double y)
{
    const json_t *list = json_object_get(b->svc, "checklist"), *it;
    size_t i;
    double y0 = y, box = SZ(10), tx = M + box + SZ(8), body = SZ(10.5);
    y += heading(b, y, "Persyaratan");
    color(b, C_MUTED);
    y += text_block(b->cr, b->draw, "Beri tanda centang pada berkas yang sudah Anda siapkan.",
                    SZ(8.5), TX_ITALIC, M, y, CW) + SZ(3);
    json_array_foreach(list, i, it) {
        size_t il;
        char *text = fmt_item(it, &il);
        PangoLayout *l = text_layout(b->cr, text, body, 0, CW - (tx - M));
        text_dim_tail(l, il, strlen(text), body, 0.9);
        g_free(text);
        if (b->draw) {
            double base = (double)pango_layout_get_baseline(l) / PANGO_SCALE;
            cairo_set_source_rgb(b->cr, C_BRAND);
            cairo_set_line_width(b->cr, 1);
            cairo_rectangle(b->cr, M + 0.5, y + base - 0.36 * body - box / 2, box, box);
            cairo_stroke(b->cr);
            cairo_set_source_rgb(b->cr, C_TEXT);
            text_show(b->cr, l, tx, y);
        }
        y += text_h(l) + SZ(3);
        g_object_unref(l);
    }
    return y - y0;
}

/* "Alur layanan": numbered steps. */
static double steps(struct bro *b, double y)
{
    const json_t *list = json_object_get(b->svc, "steps"), *it;
    size_t i;
    if (!json_array_size(list)) return 0;
    double y0 = y, gut = SZ(20);
    y += heading(b, y, "Alur layanan");
    json_array_foreach(list, i, it) {
        char num[24];
        snprintf(num, sizeof num, "%zu.", i + 1);
        color(b, C_BRAND);
        text_block(b->cr, b->draw, num, SZ(10.5), TX_BOLD | TX_RIGHT, M, y, gut - SZ(5));
        color(b, C_TEXT);
        y += text_block(b->cr, b->draw, json_string_value(it), SZ(10.5), 0, M + gut, y, CW - gut)
             + SZ(2.5);
    }
    return y - y0;
}

/* Processing time and cost side by side in pale boxes (a box whose value
 * is missing is left out). */
static double facts(struct bro *b, double y)
{
    char days[64];
    fmt_days(b->svc, days, sizeof days);
    const char *lab[2] = {"Waktu penyelesaian", "Biaya"}, *val[2] = {days, jv_str(b->svc, "cost")};
    const char *ls[2], *vs[2];
    int n = 0;
    for (int k = 0; k < 2; k++)
        if (*val[k]) { ls[n] = lab[k]; vs[n++] = val[k]; }
    if (!n) return 0;
    double pad = SZ(7), gap = 10, w = (CW - gap) / 2, h = 0;
    PangoLayout *ll[2], *vl[2];
    for (int k = 0; k < n; k++) {
        ll[k] = text_layout(b->cr, ls[k], SZ(8.5), 0, w - 2 * pad);
        vl[k] = text_layout(b->cr, vs[k], SZ(12), TX_BOLD, w - 2 * pad);
        double hk = text_h(ll[k]) + text_h(vl[k]) + 2 * pad;
        if (hk > h) h = hk;
    }
    for (int k = 0; k < n; k++) {
        double x = M + k * (w + gap);
        if (b->draw) {
            cairo_set_source_rgb(b->cr, C_PALE);
            draw_round_rect(b->cr, x, y, w, h, 4);
            cairo_fill(b->cr);
            cairo_set_source_rgb(b->cr, C_MUTED);
            text_show(b->cr, ll[k], x + pad, y + pad);
            cairo_set_source_rgb(b->cr, C_TEXT);
            text_show(b->cr, vl[k], x + pad, y + pad + text_h(ll[k]));
        }
        g_object_unref(ll[k]);
        g_object_unref(vl[k]);
    }
    return h;
}

static double legal(struct bro *b, double y)
{
    const json_t *list = json_object_get(b->svc, "legal_basis"), *it;
    size_t i;
    if (!json_array_size(list)) return 0;
    double y0 = y, gut = SZ(10);
    y += heading(b, y, "Dasar hukum");
    json_array_foreach(list, i, it) {
        color(b, C_TEXT);
        text_block(b->cr, b->draw, "•", SZ(9), 0, M, y, gut);
        y += text_block(b->cr, b->draw, json_string_value(it), SZ(9), 0, M + gut, y, CW - gut)
             + SZ(1.5);
    }
    return y - y0;
}

static double faq_entry(struct bro *b, const json_t *it, double y)
{
    color(b, C_TEXT);
    double h = text_block(b->cr, b->draw, jv_str(it, "q"), SZ(10), TX_BOLD, M, y, CW);
    return h + text_block(b->cr, b->draw, jv_str(it, "a"), SZ(10), 0, M, y + h, CW) + SZ(5);
}

/* The first b->faq_n questions; a pointer to the portal for the rest. */
static double faq(struct bro *b, double y)
{
    const json_t *list = json_object_get(b->svc, "faq");
    size_t n = json_array_size(list);
    if (!n) return 0;
    double y0 = y;
    y += heading(b, y, "Tanya jawab");
    for (size_t i = 0; i < n && i < b->faq_n; i++) y += faq_entry(b, json_array_get(list, i), y);
    if (b->faq_n < n) {
        char *more = g_strdup_printf("Pertanyaan lainnya: lihat %s", b->url);
        color(b, C_BRAND);
        y += text_block(b->cr, b->draw, more, SZ(9.5), TX_BOLD, M, y, CW);
        g_free(more);
    }
    return y - y0;
}

/* Everything between the header and the footer; returns the bottom y. */
static double body(struct bro *b, double y)
{
    double gap = SZ(13);
    y += title_row(b, y) + gap;
    double h = note_box(b, y);
    if (h > 0) y += h + gap;
    y += checklist(b, y) + gap;
    h = steps(b, y);
    if (h > 0) y += h + gap;
    h = facts(b, y);
    if (h > 0) y += h + gap;
    h = legal(b, y);
    if (h > 0) y += h + gap;
    y += faq(b, y);
    return y;
}

/* Office name, address and contacts at the foot of the page; returns the
 * y where the footer starts. */
static double footer(struct bro *b)
{
    cairo_t *cr = b->cr;
    char contacts[300], hours[460];
    fmt_contacts(b->office, contacts, sizeof contacts);
    fmt_hours(b->office, hours, sizeof hours);
    const char *addr = jv_str(b->office, "address");
    char *line1 = g_strdup_printf("%s%s%s", jv_str(b->office, "name"), *addr ? " — " : "", addr);
    PangoLayout *a = text_layout(cr, line1, SZ(8.5), 0, CW);
    PangoLayout *c = text_layout(cr, contacts, SZ(8.5), TX_BOLD, CW);
    PangoLayout *hl = text_layout(cr, hours, SZ(8.5), 0, CW);
    g_free(line1);
    double hh = *hours ? text_h(hl) : 0;
    double h = text_h(a) + (*contacts ? text_h(c) : 0) + hh, top = PAGE_H - FOOT_BOTTOM - h;
    if (b->draw) {
        cairo_set_source_rgb(cr, C_BRAND);
        cairo_set_line_width(cr, 1.2);
        cairo_move_to(cr, M, top - 6);
        cairo_line_to(cr, M + CW, top - 6);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, C_MUTED);
        text_show(cr, a, M, top);
        cairo_set_source_rgb(cr, C_TEXT);
        if (*contacts) text_show(cr, c, M, top + text_h(a));
        if (*hours) text_show(cr, hl, M, top + text_h(a) + (*contacts ? text_h(c) : 0));
    }
    g_object_unref(a);
    g_object_unref(c);
    g_object_unref(hl);
    return top - 6;
}

/* How far the content at the current scale and FAQ count runs past the
 * space above the footer (<= 0: it fits). */
static double overflow(struct bro *b)
{
    b->draw = 0;
    double top = header(b) + SZ(16);
    return body(b, top) - (footer(b) - 10);
}

/* At the current scale, the most FAQ entries that fit (each entry's
 * height does not depend on the others). 0 if not even none fit. */
static int fit_faq(struct bro *b, size_t nfaq)
{
    b->faq_n = 0;
    double room = -overflow(b);
    if (room < 0) return 0;
    const json_t *list = json_object_get(b->svc, "faq");
    while (b->faq_n < nfaq) {
        double h = faq_entry(b, json_array_get(list, b->faq_n), 0);
        if (h > room) break;
        room -= h;
        b->faq_n++;
    }
    return 1;
}

/* Scales are steps of 0.04 down from 1. Text shrinks in both size and
 * line count, so the height falls at least with the square of the scale:
 * sqrt(room / height) times the current scale is the largest that can
 * fit. Returns that step (never above the current scale). */
static double guess(struct bro *b, double over)
{
    double room = footer(b) - 10 - (header(b) + SZ(16));
    double s = b->s * sqrt(room / (room + over));
    return 1.0 - 0.04 * ceil((1.0 - s) / 0.04 - 1e-9);
}

/* Picks the scale and the number of FAQ entries (see the file comment). */
static void fit(struct bro *b)
{
    size_t nfaq = json_array_size(json_object_get(b->svc, "faq"));
    double over;
    b->faq_n = nfaq;
    b->s = 1.0;
    if ((over = overflow(b)) <= 0) return;
    for (b->s = guess(b, over); b->s > SCALE_MIN - 1e-6; b->s -= 0.04)
        if ((over = overflow(b)) <= 0) return;
    b->s = SCALE_MIN;
    if (fit_faq(b, nfaq)) return;
    b->faq_n = 0;
    over = overflow(b);
    for (b->s = guess(b, over); b->s > SCALE_FLOOR - 1e-6; b->s -= 0.04)
        if (fit_faq(b, nfaq)) return;
    b->s = SCALE_FLOOR;         /* still too tall: drawn clipped above the footer */
    b->faq_n = 0;
}

int print_brochure_pdf(const json_t *office, const json_t *service, const char *portal_url,
                       struct buf *out)
{
    if (!json_is_object(office) || !json_is_object(service) || !portal_url || !*portal_url)
        return -1;
    size_t start = out->len;
    struct bro b = {.office = office, .svc = service, .url = portal_url};
    b.qr = qr_encode(portal_url);
    if (!b.qr) return -1;
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(draw_buf_write, out, PAGE_W, PAGE_H);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, jv_str(service, "name"));
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "Balai");
    b.cr = cairo_create(s);
    fit(&b);

    b.draw = 1;
    double top = header(&b) + 16 * b.s, bottom = footer(&b) - 10;
    cairo_save(b.cr);
    cairo_rectangle(b.cr, 0, top - 4, PAGE_W, bottom - top + 8);
    cairo_clip(b.cr);
    body(&b, top);
    cairo_restore(b.cr);
    QRcode_free(b.qr);
    return draw_pdf_end(b.cr, s, out, start);
}
