/* news: the portal's news pages (issue 16): an office's list of published
 * items by type, paged, with the archive's search by words, type and month;
 * one item laid out for a phone in the standard format of seed 004 with
 * its Open Graph card (so a shared WhatsApp link previews); its visual;
 * and the latest items on the office's own portal page. A provinsi,
 * kabupaten, kota or kecamatan gathers the news of the offices below it.
 * Drafts and every state but "terbit" answer 404 (a withdrawn item 410).
 * Every page answers Accept: application/json with its view model. */
#include "web/news.h"
#include "core/calendar.h"
#include "core/content.h"
#include "core/role.h"
#include "db/store_content.h"
#include "db/store_media.h"
#include "http/page.h"
#include "render/markdown.h"
#include "render/tpl.h"
#include "util/jv.h"
#include "util/url.h"
#include "web/web.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int news_office(struct req *r, json_t **office)
{
    int found = web_path_office(r, office);
    if (found == 0)
        page_render(r, 404, "news_missing", json_pack("{s:s, s:s}", "title",
            "Kantor tidak ditemukan", "message", "Kantor yang Anda cari tidak ada di Balai. "
            "Mungkin alamatnya salah ketik."));
    return found;
}

int news_gathers(const json_t *office)
{
    static const char *const types[] = {"provinsi", "kabupaten", "kota", "kecamatan"};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strcmp(jv_str(office, "type"), types[i]) == 0) return 1;
    return 0;
}

void news_path(const json_t *row, char *out, size_t n)
{
    snprintf(out, n, "/o/%s/berita/%s", jv_str(row, "office_slug"), jv_str(row, "slug"));
}

void news_date_text(const char *ymd, char *out, size_t n)
{
    int d;
    out[0] = 0;
    if (cal_parse_date(ymd, &d) == 0)
        snprintf(out, n, "%d %s %d", d % 100, cal_month_name(d / 100 % 100), d / 10000);
}

json_t *news_feed_links(const json_t *office)
{
    char atom[200], rss[200];
    snprintf(atom, sizeof atom, "/o/%s/berita.atom", jv_str(office, "slug"));
    snprintf(rss, sizeof rss, "/o/%s/berita.rss", jv_str(office, "slug"));
    return json_pack("[{s:s, s:s, s:s}, {s:s, s:s, s:s}]",
        "type", "application/atom+xml", "href", atom, "title", "Berita (Atom)",
        "type", "application/rss+xml", "href", rss, "title", "Berita (RSS)");
}

json_t *news_brief(const json_t *row, int64_t office_id)
{
    char url[400], date[64];
    news_path(row, url, sizeof url);
    news_date_text(jv_str(row, "item_date"), date, sizeof date);
    const struct content_type *t = content_type_find(jv_str(row, "type"));
    json_t *b = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I}",
        "title", jv_str(row, "title"), "url", url, "date_text", date,
        "item_date", jv_str(row, "item_date"), "summary", jv_str(row, "summary"),
        "type", jv_str(row, "type"), "type_label", t ? t->label : "",
        "office_slug", jv_str(row, "office_slug"),
        "published_at", (json_int_t)jv_int(row, "published_at"));
    if (jv_int(row, "media_id") > 0) {
        char v[440];
        snprintf(v, sizeof v, "%s/visual", url);
        json_object_set_new(b, "visual_url", json_string(v));
        json_object_set_new(b, "alt_text", json_string(jv_str(row, "alt_text")));
    }
    if (jv_int(row, "office_id") != office_id)
        json_object_set_new(b, "office_name", json_string(jv_str(row, "office_name")));
    return b;
}

/* The archive's filters from the query string; bad values get a message
 * in vm.errors and do not narrow. */
static void list_filter(struct req *r, json_t *vm, struct news_filter *f)
{
    json_t *errors = json_object();
    const char *jenis = req_arg(r, "jenis"), *q = req_arg(r, "q"), *bulan = req_arg(r, "bulan");
    const char *hal = req_arg(r, "hal");
    if (jenis && *jenis && !content_type_find(jenis)) {
        json_object_set_new(errors, "jenis", json_string("Jenis berita itu tidak dikenal; "
                                                         "semua jenis ditampilkan."));
        jenis = NULL;
    }
    int y, m;
    char tail;
    if (bulan && *bulan && (strlen(bulan) != 7 || strspn(bulan, "0123456789") != 4 ||
                            strspn(bulan + 5, "0123456789") != 2 ||
                            sscanf(bulan, "%4d-%2d%c", &y, &m, &tail) != 2 || y < 1900 ||
                            m < 1 || m > 12)) {
        json_object_set_new(errors, "bulan", json_string("Bulan ditulis seperti 2026-12 "
                                                         "(tahun-bulan)."));
        bulan = NULL;
    }
    size_t chars = 0;     /* UTF-8 characters: bytes that start one */
    for (const char *p = q ? q : ""; *p; p++) chars += ((unsigned char)*p & 0xC0) != 0x80;
    if (chars > 100) {
        json_object_set_new(errors, "q", json_string("Kata pencarian terlalu panjang; "
                                                     "paling banyak 100 huruf."));
        q = NULL;
    }
    long page = hal ? strtol(hal, NULL, 10) : 1;
    if (page < 1 || page > 10000) page = 1;
    f->type = jenis && *jenis ? jenis : NULL;
    f->q = q && *q ? q : NULL;
    f->month = bulan && *bulan ? bulan : NULL;
    f->limit = NEWS_PAGE_SIZE;
    f->offset = (int)(page - 1) * NEWS_PAGE_SIZE;
    json_object_set_new(vm, "q", json_string(f->q ? f->q : ""));
    json_object_set_new(vm, "jenis", json_string(f->type ? f->type : ""));
    json_object_set_new(vm, "bulan", json_string(f->month ? f->month : ""));
    json_object_set_new(vm, "page", json_integer(page));
    json_object_set_new(vm, "searched", json_boolean(f->q || f->month));
    if (json_object_size(errors)) json_object_set_new(vm, "has_errors", json_true());
    json_object_set_new(vm, "errors", errors);
}

/* A link to this list with the filters kept and `jenis` / `hal` given. */
static void list_url(const json_t *office, const json_t *vm, const char *jenis, long page,
                     char *out, size_t n)
{
    char q[320], part[400];
    url_encode(jv_str(vm, "q"), q, sizeof q);
    int k = snprintf(out, n, "/o/%s/berita", jv_str(office, "slug"));
    char sep = '?';
    const char *keys[] = {"q", "jenis", "bulan"};
    const char *vals[] = {q, jenis, jv_str(vm, "bulan")};
    for (int i = 0; i < 3 && k > 0 && (size_t)k < n; i++) {
        if (!vals[i] || !*vals[i]) continue;
        snprintf(part, sizeof part, "%c%s=%s", sep, keys[i], vals[i]);
        k += snprintf(out + k, n - (size_t)k, "%s", part);
        sep = '&';
    }
    if (page > 1 && k > 0 && (size_t)k < n) snprintf(out + k, n - (size_t)k, "%chal=%ld", sep, page);
}

/* The type tabs: "Semua" then every type, the current one marked. */
static json_t *type_tabs(const json_t *office, const json_t *vm)
{
    json_t *tabs = json_array();
    char url[600];
    const char *cur = jv_str(vm, "jenis");
    list_url(office, vm, "", 1, url, sizeof url);
    json_array_append_new(tabs, json_pack("{s:s, s:s, s:s, s:b}", "name", "", "label", "Semua",
                                          "url", url, "current", !*cur));
    for (const struct content_type *t = content_types; t->name; t++) {
        list_url(office, vm, t->name, 1, url, sizeof url);
        json_array_append_new(tabs, json_pack("{s:s, s:s, s:s, s:b}", "name", t->name, "label",
                                              t->label, "url", url,
                                              "current", strcmp(cur, t->name) == 0));
    }
    return tabs;
}

static void list_paging(const json_t *office, json_t *vm, int64_t total)
{
    long page = (long)jv_int(vm, "page"), pages = (long)((total + NEWS_PAGE_SIZE - 1) /
                                                         NEWS_PAGE_SIZE);
    char url[600];
    json_object_set_new(vm, "total", json_integer(total));
    json_object_set_new(vm, "pages", json_integer(pages));
    json_object_set_new(vm, "paged", json_boolean(pages > 1));
    if (page > 1) {
        list_url(office, vm, jv_str(vm, "jenis"), page - 1, url, sizeof url);
        json_object_set_new(vm, "prev_url", json_string(url));
    }
    if (page < pages) {
        list_url(office, vm, jv_str(vm, "jenis"), page + 1, url, sizeof url);
        json_object_set_new(vm, "next_url", json_string(url));
    }
}

void web_news_list(struct req *r)
{
    json_t *office;
    if (news_office(r, &office) <= 0) return;
    char title[300];
    snprintf(title, sizeof title, "Berita & pengumuman %s", jv_str(office, "name"));
    json_t *vm = json_pack("{s:s, s:o, s:b, s:b, s:o}", "title", title,
                           "place", web_place(r, office), "portal", 1,
                           "gathers", news_gathers(office), "feeds", news_feed_links(office));
    struct news_filter f = {.office_id = jv_int(office, "id"), .subtree = news_gathers(office)};
    list_filter(r, vm, &f);
    int64_t total = 0;
    json_t *rows = news_list(r->db, &f);
    if (!rows || news_count(r->db, &f, &total) < 0) {
        json_decref(rows);
        json_decref(vm);
        json_decref(office);
        page_db_down(r);
        return;
    }
    json_t *items = json_array(), *row;
    size_t i;
    json_array_foreach(rows, i, row) json_array_append_new(items, news_brief(row, f.office_id));
    json_object_set_new(vm, "items", items);
    json_object_set_new(vm, "types", type_tabs(office, vm));
    list_paging(office, vm, total);
    json_decref(rows);
    json_decref(office);
    page_render(r, 200, "news_list", vm);
}

void web_news_portal(struct req *r, const json_t *office, json_t *vm)
{
    struct news_filter f = {.office_id = jv_int(office, "id"), .subtree = news_gathers(office),
                            .limit = 3};
    json_t *rows = news_list(r->db, &f), *items = json_array(), *row;
    size_t i;
    json_array_foreach(rows, i, row) json_array_append_new(items, news_brief(row, f.office_id));
    json_decref(rows);
    json_object_set_new(vm, "news", items);
    json_object_set_new(vm, "feeds", news_feed_links(office));
}
