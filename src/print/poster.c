/* poster: the A4 poster an office pins on its wall and door: who we are,
 * how to reach us, two big QR codes (WhatsApp chat and the portal) and the
 * list of services grouped by category. Nothing on it depends on today, so
 * a printed poster stays true until the office changes its data.
 *
 * The QR codes have generous modules (at least 4 pt) so a phone reads
 * them from a step away. The service list takes what room is left:
 * one column at full size if it fits, else two or three balanced columns
 * with smaller type, and as a last resort the tail is replaced by a line
 * pointing to the portal. It never runs past the footer. */
#include "print/print.h"
#include "print/draw.h"
#include "util/phone.h"
#include <stdio.h>
#include <string.h>

#define PAGE_W 595.276
#define PAGE_H 841.89
#define M 42.0
#define CW (PAGE_W - 2 * M)
#define QR_BOX 190.0            /* preferred side of each QR code */
#define QR_MIN_MODULE 4.0       /* pt; smaller modules are hard to scan from afar */
#define COL_GAP 18.0

struct entry { const char *text; int head; double h; };

struct list {
    struct entry *e;            /* headings and services in print order */
    size_t n;
    char **cats;                /* category name of each service (owned) */
    size_t ncats;
};

/* Office band: name and parent; returns its height. */
static double header(cairo_t *cr, const json_t *office)
{
    const struct band_style st = { 30, 13, 34, 2, 24, M, CW, PAGE_W };
    return draw_office_band(cr, 1, office, &st);
}

/* Address and contacts on the left, "Jam layanan" on the right. */
static double info(cairo_t *cr, const json_t *office, double y)
{
    const json_t *hours = json_object_get(office, "hours_lines"), *v;
    size_t nh = json_array_size(hours), i;
    double lw = nh ? CW * 0.5 - 10 : CW, rx = M + lw + 20, rw = CW - lw - 20, ly = y, ry = y;
    char contacts[300];
    const char *addr = jv_str(office, "address");
    if (*addr) {
        cairo_set_source_rgb(cr, C_TEXT);
        ly += text_block(cr, 1, addr, 12, 0, M, ly, lw) + 6;
    }
    fmt_contacts(office, contacts, sizeof contacts);
    if (*contacts) {
        /* one contact a line reads better on a wall than a long line */
        static const char sep[] = "  ·  ";     /* fmt_contacts' separator */
        const size_t sl = sizeof sep - 1;
        char *lines = g_strdup(contacts), *p;
        while ((p = strstr(lines, sep))) {
            *p = '\n';
            memmove(p + 1, p + sl, strlen(p + sl) + 1);
        }
        cairo_set_source_rgb(cr, C_TEXT);
        ly += text_block(cr, 1, lines, 12, TX_BOLD, M, ly, lw);
        g_free(lines);
    }
    if (nh) {
        cairo_set_source_rgb(cr, C_BRAND);
        ry += text_block(cr, 1, "Jam layanan", 12, TX_BOLD, rx, ry, rw) + 2;
        cairo_set_source_rgb(cr, C_TEXT);
        json_array_foreach(hours, i, v)
            if (json_is_string(v)) ry += text_block(cr, 1, json_string_value(v), 11, 0, rx, ry, rw);
    }
    return (ly > ry ? ly : ry) - y;
}

/* One QR code centred in a column of width w at x: label above, caption
 * below. Returns the height used (measured when draw is 0). */
static double qr_cell(cairo_t *cr, int draw, const QRcode *q, double module, const char *label,
                      const char *caption, double x, double y, double w)
{
    double y0 = y, side = qr_side(q, module);
    if (draw) cairo_set_source_rgb(cr, C_BRAND);
    y += text_block(cr, draw, label, 18, TX_BOLD | TX_CENTER, x, y, w) + 4;
    if (draw) qr_draw(cr, q, x + (w - side) / 2, y, module);
    y += side + 2;
    if (draw) cairo_set_source_rgb(cr, C_MUTED);
    y += text_block(cr, draw, caption, 10, TX_CENTER, x, y, w);
    return y - y0;
}

/* The QR codes side by side, each in a cell as wide as its code plus an
 * even share of the spare width. A long WhatsApp link needs more modules:
 * both codes then drop to the minimum module, and only a link too long
 * even for that (hundreds of characters) gets smaller modules. */
static double qr_row(cairo_t *cr, const json_t *office, QRcode *wa, QRcode *portal,
                     const char *portal_url, double y)
{
    if (!wa) {
        double m = qr_module_for(portal, QR_BOX + 30, QR_MIN_MODULE);
        if (qr_side(portal, m) > CW) m = qr_module_for(portal, CW, 0);
        return qr_cell(cr, 1, portal, m, "Lihat semua layanan", portal_url, M, y, CW);
    }
    char num[48];
    phone_display(jv_str(office, "whatsapp"), num, sizeof num);
    double room = CW - COL_GAP;
    double mw = qr_module_for(wa, QR_BOX, QR_MIN_MODULE);
    double mp = qr_module_for(portal, QR_BOX, QR_MIN_MODULE);
    if (qr_side(wa, mw) + qr_side(portal, mp) > room) mw = mp = QR_MIN_MODULE;
    double sw = qr_side(wa, mw), sp = qr_side(portal, mp);
    if (sw + sp > room) {
        mw *= room / (sw + sp);
        mp *= room / (sw + sp);
        sw = qr_side(wa, mw);
        sp = qr_side(portal, mp);
    }
    double spare = (room - sw - sp) / 2;
    double h1 = qr_cell(cr, 1, wa, mw, "Chat WhatsApp", num, M, y, sw + spare);
    double h2 = qr_cell(cr, 1, portal, mp, "Lihat semua layanan", portal_url,
                        M + sw + spare + COL_GAP, y, sp + spare);
    return h1 > h2 ? h1 : h2;
}

/* Headings and services in print order: categories in the order they
 * first appear, each with its services. */
static void list_build(const json_t *services, struct list *L)
{
    size_t n = json_array_size(services), i, j;
    memset(L, 0, sizeof *L);
    L->cats = g_new0(char *, n + 1);
    L->e = g_new0(struct entry, 2 * n + 2);
    L->ncats = n;
    for (i = 0; i < n; i++) {
        char c[200];
        fmt_category(json_array_get(services, i), c, sizeof c);
        L->cats[i] = g_strdup(c);
    }
    for (i = 0; i < n; i++) {
        int first = 1;
        for (j = 0; j < i && first; j++)
            if (strcmp(L->cats[i], L->cats[j]) == 0) first = 0;
        if (!first) continue;
        size_t head = L->n;
        if (*L->cats[i]) L->e[L->n++] = (struct entry){L->cats[i], 1, 0};
        for (j = i; j < n; j++) {
            const char *name = jv_str(json_array_get(services, j), "name");
            if (*name && strcmp(L->cats[i], L->cats[j]) == 0)
                L->e[L->n++] = (struct entry){name, 0, 0};
        }
        if (L->n == head + 1 && L->e[head].head) L->n = head;   /* no nameless group */
    }
}

static void list_free(struct list *L)
{
    for (size_t i = 0; i < L->ncats; i++) g_free(L->cats[i]);
    g_free(L->cats);
    g_free(L->e);
}

/* Places entries 0..n-1 in order into columns of height h, keeping a
 * heading with the entry after it. Returns the columns needed. */
static int pack(const struct entry *e, size_t n, double h, int *col)
{
    int c = 0;
    double y = 0;
    for (size_t i = 0; i < n; i++) {
        double need = e[i].h + (e[i].head && i + 1 < n ? e[i + 1].h : 0);
        if (y > 0 && y + need > h) { c++; y = 0; }
        if (col) col[i] = c;
        y += e[i].h;
    }
    return c + 1;
}

#define HEAD_PT 12.5
#define ITEM_PT 11.0

/* Height of an entry; a heading includes 6 pt (scaled) of space above it. */
static double entry_h(cairo_t *cr, const struct entry *e, double s, double colw)
{
    double indent = e->head ? 0 : 12 * s;
    return text_block(cr, 0, e->text, (e->head ? HEAD_PT : ITEM_PT) * s,
                      e->head ? TX_BOLD : 0, 0, 0, colw - indent) + (e->head ? 9 * s : 2 * s);
}

/* Measures every entry at scale s in columns of width colw; 1 when the
 * first n entries pack into ncols columns of height avail. */
static int try_fit(cairo_t *cr, struct list *L, size_t n, double s, int ncols, double avail)
{
    double colw = (CW - (ncols - 1) * COL_GAP) / ncols;
    for (size_t i = 0; i < n; i++) L->e[i].h = entry_h(cr, &L->e[i], s, colw);
    return pack(L->e, n, avail, NULL) <= ncols;
}

/* Fits and draws the list in the box [y, bottom). */
static void services(cairo_t *cr, struct list *L, const char *portal_url, double y, double bottom)
{
    /* in order of preference: bigger type first, then fewer columns */
    static const struct { double s; int cols; } tries[] = {
        {1.0, 1}, {1.0, 2}, {0.9, 2}, {0.8, 2}, {0.8, 3}, {0.7, 3}, {0.6, 3},
    };
    const size_t ntries = sizeof tries / sizeof tries[0];
    double avail = bottom - y, s = 0, colw;
    int ncols = 0, fit = 0;
    size_t n = L->n;
    char *more = NULL;
    for (size_t k = 0; k < ntries && !fit; k++) {
        s = tries[k].s;
        ncols = tries[k].cols;
        fit = try_fit(cr, L, n, s, ncols, avail);
    }
    colw = (CW - (ncols - 1) * COL_GAP) / ncols;
    if (!fit) {
        /* Smallest type, three columns: drop services from the end and say
         * where the rest are, in a last entry e[n]. Entries before n are
         * never overwritten, so the kept services can be counted there. */
        size_t total = 0;
        for (size_t i = 0; i < L->n; i++) total += !L->e[i].head;
        while (!fit && n > 0) {
            n--;
            while (n > 0 && L->e[n - 1].head) n--;   /* no heading left alone */
            size_t kept = 0;
            for (size_t i = 0; i < n; i++) kept += !L->e[i].head;
            g_free(more);
            more = g_strdup_printf("dan %zu layanan lainnya: lihat %s", total - kept, portal_url);
            L->e[n] = (struct entry){more, 0, 0};
            L->e[n].h = entry_h(cr, &L->e[n], s, colw);
            fit = pack(L->e, n + 1, avail, NULL) <= ncols;
        }
        n++;
    }
    /* balance: the lowest column height that still packs into ncols */
    double lo = 0, hi = avail;
    for (int it = 0; it < 24; it++) {
        double mid = (lo + hi) / 2;
        if (pack(L->e, n, mid, NULL) <= ncols) hi = mid;
        else lo = mid;
    }
    int *col = g_new0(int, n + 1);
    pack(L->e, n, hi, col);
    double cy = y;
    int c = 0;
    cairo_save(cr);
    cairo_rectangle(cr, M - 2, y - 2, CW + 4, avail + 4);
    cairo_clip(cr);     /* cannot trigger after the fitting above; a guard */
    for (size_t i = 0; i < n; i++) {
        if (col[i] != c) { c = col[i]; cy = y; }
        double x = M + c * (colw + COL_GAP), ind = L->e[i].head ? 0 : 12 * s;
        cairo_set_source_rgb(cr, C_BRAND);
        if (L->e[i].head)
            text_block(cr, 1, L->e[i].text, HEAD_PT * s, TX_BOLD, x, cy + 6 * s, colw);
        else {
            text_block(cr, 1, "•", ITEM_PT * s, TX_BOLD, x, cy, ind);
            cairo_set_source_rgb(cr, C_TEXT);
            text_block(cr, 1, L->e[i].text, ITEM_PT * s, 0, x + ind, cy, colw - ind);
        }
        cy += L->e[i].h;
    }
    cairo_restore(cr);
    g_free(more);
    g_free(col);
}

int print_poster_pdf(const json_t *office, const json_t *svcs, const char *wa_url,
                     const char *portal_url, struct buf *out)
{
    if (!json_is_object(office) || !portal_url || !*portal_url) return -1;
    if (svcs && !json_is_array(svcs)) return -1;
    QRcode *portal = qr_encode(portal_url), *wa = wa_url && *wa_url ? qr_encode(wa_url) : NULL;
    if (!portal || (wa_url && *wa_url && !wa)) {
        if (portal) QRcode_free(portal);
        if (wa) QRcode_free(wa);
        return -1;
    }
    size_t start = out->len;
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(draw_buf_write, out, PAGE_W, PAGE_H);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, jv_str(office, "name"));
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "Balai");
    cairo_t *cr = cairo_create(s);

    double y = header(cr, office) + 22;
    y += info(cr, office, y) + 24;
    y += qr_row(cr, office, wa, portal, portal_url, y) + 8;
    cairo_set_source_rgb(cr, C_MUTED);
    y += text_block(cr, 1, "Pindai kode QR dengan kamera ponsel Anda.", 10,
                    TX_CENTER | TX_ITALIC, M, y, CW) + 18;

    /* footer first, so the list knows where to stop */
    char *foot = g_strdup_printf("Persyaratan lengkap setiap layanan: %s", portal_url);
    PangoLayout *fl = text_layout(cr, foot, 9.5, TX_CENTER, CW);
    double fy = PAGE_H - 30 - text_h(fl);
    cairo_set_source_rgb(cr, C_MUTED);
    text_show(cr, fl, M, fy);
    g_object_unref(fl);
    g_free(foot);

    struct list L;
    list_build(svcs, &L);
    /* the list needs a few lines of room; a page full of QR code has none */
    if (L.n && fy - 12 - y > 60) {
        cairo_set_source_rgb(cr, C_BRAND);
        cairo_set_line_width(cr, 1.2);
        cairo_move_to(cr, M, y - 8);
        cairo_line_to(cr, M + CW, y - 8);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, C_TEXT);
        y += text_block(cr, 1, "Layanan kami", 16, TX_BOLD, M, y, CW) + 6;
        services(cr, &L, portal_url, y, fy - 12);
    }
    list_free(&L);
    QRcode_free(portal);
    if (wa) QRcode_free(wa);
    return draw_pdf_end(cr, s, out, start);
}
