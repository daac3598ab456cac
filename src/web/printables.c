/* printables: the HTTP side of src/print/: a brochure PDF per service, the
 * office poster with QR codes, the square PNG cards and the app icons.
 * Drawing is CPU work (a few ms), so responses carry a short public cache
 * lifetime and an ETag from the data's versions: a repeat download from a
 * phone costs a 304. */
#include "db/store_office.h"
#include "db/store_service.h"
#include "print/print.h"
#include "http/page.h"
#include "web/web.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *str(json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

/* "sktm.pdf" -> "sktm" */
static void strip_ext(const char *seg, char *out, size_t n)
{
    const char *dot = strrchr(seg, '.');
    size_t l = dot ? (size_t)(dot - seg) : strlen(seg);
    snprintf(out, n, "%.*s", (int)l, seg);
}

/* 1 when the client already has this version (the 304 is set up) */
static int fresh(struct req *r, const char *etag)
{
    resp_header(r, "ETag", etag);
    resp_header(r, "Cache-Control", "public, max-age=300");
    const char *inm = req_header(r, "If-None-Match");
    if (inm && strcmp(inm, etag) == 0) {
        r->status = 304;
        buf_reset(&r->out);
        return 1;
    }
    return 0;
}

static void send_file(struct req *r, int rc, const char *ctype, const char *filename)
{
    if (rc != 0 || r->out.err) { page_error(r, 500, "Gagal membuat berkas cetak."); return; }
    r->status = 200;
    r->ctype = ctype;
    char disp[200];
    snprintf(disp, sizeof disp, "inline; filename=\"%s\"", filename);
    resp_header(r, "Content-Disposition", disp);
}

/* The office as the printables want it: place fields plus hours lines. */
static json_t *print_office(struct req *r, json_t *office)
{
    json_t *p = web_place(r, office);
    /* print.h wants raw digits for WhatsApp; the place shows it formatted */
    json_object_set_new(p, "whatsapp", json_string(str(office, "whatsapp")));
    json_object_set_new(p, "phone", json_string(str(office, "phone")));
    json_object_set_new(p, "hours", json_string(str(office, "hours")));
    return p;
}

int web_card_count(json_t *office, json_t *service)
{
    return print_card_count(office, service);
}

void web_print_brochure(struct req *r)
{
    char slug[64], etag[96], url[700], base[300], file[80];
    strip_ext(req_param(r, "service"), slug, sizeof slug);
    json_t *office, *s = web_portal_service_get(r, slug, &office);
    if (!s) { json_decref(office); return; }
    snprintf(etag, sizeof etag, "\"b%lld-%lld-%lld\"", (long long)json_integer_value(json_object_get(office, "version")),
             (long long)json_integer_value(json_object_get(s, "id")),
             (long long)json_integer_value(json_object_get(s, "version")));
    if (!fresh(r, etag)) {
        web_base_url(r, base, sizeof base);
        snprintf(url, sizeof url, "%s/o/%s/layanan/%s", base, str(office, "slug"), slug);
        snprintf(file, sizeof file, "%s-%s.pdf", slug, str(office, "slug"));
        json_t *po = print_office(r, office);
        buf_reset(&r->out);
        send_file(r, print_brochure_pdf(po, s, url, &r->out), "application/pdf", file);
        json_decref(po);
    }
    json_decref(s);
    json_decref(office);
}

void web_print_card(struct req *r)
{
    char slug[64], etag[96], url[700], base[300], file[96];
    strip_ext(req_param(r, "service"), slug, sizeof slug);
    json_t *office, *s = web_portal_service_get(r, slug, &office);
    if (!s) { json_decref(office); return; }
    const char *ks = req_arg(r, "kartu");
    long k = ks ? strtol(ks, NULL, 10) : 1;
    json_t *po = print_office(r, office);
    int n = print_card_count(po, s);
    if (k < 1 || k > n) {
        page_error(r, 404, "Kartu ini tidak ada.");
    } else {
        snprintf(etag, sizeof etag, "\"c%lld-%lld-%lld-%ld\"",
                 (long long)json_integer_value(json_object_get(office, "version")),
                 (long long)json_integer_value(json_object_get(s, "id")),
                 (long long)json_integer_value(json_object_get(s, "version")), k);
        if (!fresh(r, etag)) {
            web_base_url(r, base, sizeof base);
            snprintf(url, sizeof url, "%s/o/%s/layanan/%s", base, str(office, "slug"), slug);
            snprintf(file, sizeof file, "%s-%s-%ld.png", slug, str(office, "slug"), k);
            buf_reset(&r->out);
            send_file(r, print_card_png(po, s, (int)k, url, &r->out), "image/png", file);
        }
    }
    json_decref(po);
    json_decref(s);
    json_decref(office);
}

void web_print_poster(struct req *r)
{
    json_t *office;
    int found = web_path_office(r, &office);
    if (!found) page_error(r, 404, "Kantor tidak ditemukan.");
    if (found <= 0) return;
    json_t *services = service_list(r->db, json_integer_value(json_object_get(office, "id")), 0);
    if (!services) { json_decref(office); page_error(r, 500, "Gagal membaca katalog layanan."); return; }
    char base[300], url[400], wa[700], file[80];
    web_base_url(r, base, sizeof base);
    snprintf(url, sizeof url, "%s/o/%s", base, str(office, "slug"));
    web_wa_url(office, wa, sizeof wa);
    snprintf(file, sizeof file, "poster-%s.pdf", str(office, "slug"));
    json_t *po = print_office(r, office);
    buf_reset(&r->out);
    send_file(r, print_poster_pdf(po, services, wa[0] ? wa : NULL, url, &r->out), "application/pdf",
         file);
    resp_header(r, "Cache-Control", "public, max-age=300");
    json_decref(po);
    json_decref(services);
    json_decref(office);
}

void web_icon(struct req *r)
{
    const char *f = req_param(r, "file");
    int size = strcmp(f, "icon-192.png") == 0 ? 192 : strcmp(f, "icon-512.png") == 0 ? 512 : 0;
    if (!size) { page_error(r, 404, "Berkas tidak ditemukan."); return; }
    buf_reset(&r->out);
    send_file(r, print_icon_png(size, &r->out), "image/png", f);
    resp_header(r, "Cache-Control", "public, max-age=86400");
}
