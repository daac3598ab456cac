/* portal: the public pages a citizen opens from a link, a QR code or the
 * installed app, with no login: the office list, an office with its
 * services by category and a search box, one service with a checklist to
 * tick, and the 404 pages that offer a search instead of a dead end.
 * Every page answers Accept: application/json with the same view model. */
#include "core/calendar.h"
#include "core/hours.h"
#include "core/role.h"
#include "core/search.h"
#include "core/service.h"
#include "core/typo.h"
#include "db/store_office.h"
#include "db/store_service.h"
#include "http/form.h"
#include "http/page.h"
#include "web/web.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEARCH_SHOWN 8

static const char *str(json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

void web_base_url(struct req *r, char *out, size_t n)
{
    const char *base = getenv("BALAI_BASE_URL");
    if (base && *base) {
        size_t l = strlen(base);
        while (l && base[l - 1] == '/') l--;
        snprintf(out, n, "%.*s", (int)l, base);
        return;
    }
    /* Without a configured address the Host header names it; only this
     * requester sees the result (nothing built from it is cached). */
    const char *host = req_header(r, "Host");
    int ok = host && *host && strlen(host) < 200;
    for (const char *p = host; ok && *p; p++)
        if (!(isalnum((unsigned char)*p) || *p == '.' || *p == '-' || *p == ':' || *p == '[' ||
              *p == ']'))
            ok = 0;
    snprintf(out, n, "%s://%s", r->secure ? "https" : "http", ok ? host : "localhost");
}

void web_wa_url(json_t *office, char *out, size_t n)
{
    const char *wa = str(office, "whatsapp");
    if (!*wa) { out[0] = 0; return; }
    char greet[200], enc[600];
    snprintf(greet, sizeof greet, "Halo %s, saya ingin bertanya tentang layanan.",
             str(office, "name"));
    url_encode(greet, enc, sizeof enc);
    snprintf(out, n, "https://wa.me/%s?text=%s", wa, enc);
}

json_t *web_place(struct req *r, json_t *office)
{
    json_t *p = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b}",
        "slug", str(office, "slug"), "name", str(office, "name"),
        "type_label", office_type_label(str(office, "type")),
        "parent_name", str(office, "parent_name"), "parent_slug", str(office, "parent_slug"),
        "address", str(office, "address"),
        "map_url", str(office, "map_url"), "email", str(office, "email"),
        "tz", str(office, "tz"), "has_logo", json_is_true(json_object_get(office, "has_logo")));
    char shown[48], url[700];
    phone_display(str(office, "phone"), shown, sizeof shown);
    json_object_set_new(p, "phone", json_string(shown));
    char digits[32];
    if (phone_normalise(str(office, "phone"), digits, sizeof digits) == 0) {
        snprintf(url, sizeof url, "tel:+%s", digits);
        json_object_set_new(p, "tel_url", json_string(url));
    }
    phone_display(str(office, "whatsapp"), shown, sizeof shown);
    json_object_set_new(p, "whatsapp", json_string(shown));
    web_wa_url(office, url, sizeof url);
    if (url[0]) json_object_set_new(p, "wa_url", json_string(url));
    web_subscribe_url(office, url, sizeof url);     /* the subscribe box (broadcast_box) */
    if (url[0]) json_object_set_new(p, "subscribe_url", json_string(url));
    json_object_set_new(p, "status", web_office_status(r, office));
    /* the week's hours, one line a day, for the page and the poster */
    struct week_hours w;
    json_t *lines = json_array();
    if (hours_from_text(str(office, "hours"), &w) == 0)
        for (int d = 0; d < 7; d++) {       /* Senin .. Minggu */
            char day[64], line[96];
            hours_format_day(&w, d, day, sizeof day);
            snprintf(line, sizeof line, "%s: %s", hours_day_name(d), day);
            json_array_append_new(lines, json_string(line));
        }
    json_object_set_new(p, "hours_lines", lines);
    return p;
}

/* The office named in the path, or a 404 page offering the office search
 * (a 503 page when the database is down: NULL then too). */
static json_t *portal_office(struct req *r)
{
    json_t *o;
    int found = web_path_office(r, &o);
    if (found) return o;
    json_t *vm = json_pack("{s:s, s:s, s:s, s:b}", "title", "Kantor tidak ditemukan",
                           "message", "Kantor yang Anda cari tidak ada di Balai. Mungkin "
                           "alamatnya salah ketik; cari nama kelurahan atau kecamatannya di sini.",
                           "q", req_param(r, "office"), "search_offices", 1);
    page_render(r, 404, "portal_404", vm);
    return NULL;
}

static const char *days_text(json_int_t days, char *out, size_t n)
{
    service_days_text(days, out, n);
    return out;
}

/* what a list shows of a service */
static json_t *service_brief(json_t *s)
{
    char d[64];
    return json_pack("{s:s, s:s, s:s, s:s, s:s}", "slug", str(s, "slug"), "name", str(s, "name"),
                     "summary", str(s, "summary"), "category", str(s, "category"),
                     "days_text", days_text(json_integer_value(json_object_get(s, "days")), d,
                                            sizeof d));
}

/* services grouped by category, in the list's order (category, then name) */
static json_t *by_category(json_t *services)
{
    json_t *cats = json_array(), *cur = NULL, *s;
    size_t i;
    json_array_foreach(services, i, s) {
        if (!cur || strcmp(str(cur, "name"), str(s, "category")) != 0) {
            cur = json_pack("{s:s, s:[]}", "name", str(s, "category"), "services");
            json_array_append_new(cats, cur);
        }
        json_array_append_new(json_object_get(cur, "services"), service_brief(s));
    }
    return cats;
}

/* Runs the search; returns the matching services as briefs. */
static json_t *search_services(json_t *services, const char *q)
{
    json_t *out = json_array();
    struct search_index *ix = search_build(services);
    struct search_hit hits[SEARCH_SHOWN];
    size_t n = ix ? search_query(ix, q, hits, SEARCH_SHOWN) : 0;
    for (size_t i = 0; i < n; i++)
        json_array_append_new(out, service_brief(json_array_get(services, hits[i].index)));
    search_free(ix);
    return out;
}

static json_t *closures_ahead(struct req *r, json_t *office)
{
    int today = web_office_today(r, office);
    json_t *list = office_closures(r->db, json_integer_value(json_object_get(office, "id")), today,
                                   cal_date_add_days(today, 60), 6);
    size_t i;
    json_t *h;
    json_array_foreach(list, i, h) {
        char d[64];
        cal_format_date_id((int)json_integer_value(json_object_get(h, "date")), d, sizeof d);
        json_object_set_new(h, "date_text", json_string(d));
    }
    return list ? list : json_array();
}

void web_home(struct req *r)
{
    json_t *vm = web_vm(r, "Balai — layanan informasi kantor pemerintahan");
    json_t *list = office_list(r->db), *o;
    const char *q = req_arg(r, "q");
    size_t i;
    if (q && *q) {
        /* filter by name: the 404 page of an unknown office sends people here */
        char nq[256], nn[256];
        search_normalise(q, nq, sizeof nq);
        /* the name as typed first, then names within a slip of the thumb */
        json_t *hits = json_array(), *near = json_array();
        json_array_foreach(list, i, o) {
            search_normalise(str(o, "name"), nn, sizeof nn);
            int m = typo_words_match(nq, nn);
            if (m) json_object_set_new(o, "depth", json_integer(0));
            if (m) json_array_append(m == 2 ? hits : near, o);
        }
        json_array_extend(hits, near);
        json_decref(near);
        json_decref(list);
        list = hits;
        json_object_set_new(vm, "q", json_string(q));
        json_object_set_new(vm, "searched", json_true());
    }
    json_array_foreach(list, i, o)
        json_object_set_new(o, "type_label", json_string(office_type_label(str(o, "type"))));
    json_object_set_new(vm, "offices", list ? list : json_array());
    page_render(r, 200, "home", vm);
}

void web_portal_office(struct req *r)
{
    json_t *office = portal_office(r);
    if (!office) return;
    json_t *services = service_list(r->db, json_integer_value(json_object_get(office, "id")), 0);
    if (!services) { json_decref(office); page_error(r, 500, "Gagal membaca katalog layanan."); return; }
    json_t *vm = json_pack("{s:s, s:o, s:b}", "title", str(office, "name"),
                           "place", web_place(r, office), "portal", 1);
    const char *q = req_arg(r, "q");
    if (q && *q) {
        json_object_set_new(vm, "q", json_string(q));
        json_object_set_new(vm, "results", search_services(services, q));
        json_object_set_new(vm, "searched", json_true());
    }
    json_object_set_new(vm, "closures", closures_ahead(r, office));
    web_news_portal(r, office, vm);     /* the latest news (web/news.c) */
    /* a kecamatan's citizens look for their kelurahan or desa here too */
    json_t *kids = office_children(r->db, json_integer_value(json_object_get(office, "id"))), *k;
    size_t i;
    json_array_foreach(kids, i, k)
        json_object_set_new(k, "type_label", json_string(office_type_label(str(k, "type"))));
    if (kids) json_object_set_new(vm, "children", kids);
    json_object_set_new(vm, "categories", by_category(services));
    json_object_set_new(vm, "count", json_integer((json_int_t)json_array_size(services)));
    json_decref(services);
    json_decref(office);
    page_render(r, 200, "portal_office", vm);
}

/* the service's document as the page shows it */
static json_t *service_view(json_t *s)
{
    json_t *v = service_doc(s), *c;
    char d[64];
    size_t i;
    json_array_foreach(json_object_get(v, "checklist"), i, c) {
        json_int_t n = json_integer_value(json_object_get(c, "count"));
        json_object_set_new(c, "n", json_integer((json_int_t)i + 1));
        if (n > 1) {
            char t[32];
            snprintf(t, sizeof t, "%lld lembar", (long long)n);
            json_object_set_new(c, "count_text", json_string(t));
        }
    }
    json_object_set_new(v, "days_text", json_string(days_text(
        json_integer_value(json_object_get(s, "days")), d, sizeof d)));
    json_object_set_new(v, "request_type_label",
                        json_string(service_request_type_label(str(s, "request_type"))));
    /* a document service is applied for on the portal too (web/apply.c) */
    json_object_set_new(v, "can_apply",
                        json_boolean(strcmp(str(s, "request_type"), "pendaftaran_dokumen") == 0));
    json_object_set_new(v, "version", json_incref(json_object_get(s, "version")));
    json_object_set_new(v, "updated_at", json_incref(json_object_get(s, "updated_at")));
    return v;
}

/* a known office but an unknown or hidden service: suggest by search */
static void service_404(struct req *r, json_t *office, const char *slug)
{
    char q[128];
    size_t j = 0;
    for (size_t i = 0; slug[i] && j + 1 < sizeof q; i++)
        q[j++] = slug[i] == '_' || slug[i] == '-' ? ' ' : slug[i];
    q[j] = 0;
    json_t *services = service_list(r->db, json_integer_value(json_object_get(office, "id")), 0);
    json_t *vm = json_pack("{s:s, s:s, s:s, s:o}", "title", "Layanan tidak ditemukan",
        "message", "Layanan yang Anda cari tidak ada di kantor ini. Mungkin alamatnya salah "
        "ketik; coba cari dengan kata lain.", "q", q, "place", web_place(r, office));
    json_object_set_new(vm, "results", services ? search_services(services, q) : json_array());
    json_decref(services);
    page_render(r, 404, "portal_404", vm);
}

/* The service named in the path (active only), or NULL after a 404 (or
 * 503) page. *office is set either way when the office exists (caller
 * frees). */
json_t *web_portal_service_get(struct req *r, const char *slug, json_t **office)
{
    *office = portal_office(r);
    if (!*office) return NULL;
    json_t *s;
    int found = service_find(r->db, json_integer_value(json_object_get(*office, "id")), slug, &s);
    if (s && !json_is_true(json_object_get(s, "active"))) { json_decref(s); s = NULL; }
    if (found < 0) page_db_down(r);
    else if (!s) service_404(r, *office, slug);
    return s;
}

void web_portal_service(struct req *r)
{
    const char *seg = req_param(r, "service");
    size_t n = strlen(seg);
    if (n > 4 && strcmp(seg + n - 4, ".pdf") == 0) { web_print_brochure(r); return; }
    if (n > 4 && strcmp(seg + n - 4, ".png") == 0) { web_print_card(r); return; }
    json_t *office, *s = web_portal_service_get(r, seg, &office);
    if (!s) { json_decref(office); return; }
    json_t *vm = json_pack("{s:s, s:o, s:o, s:b}", "title", str(s, "name"),
                           "place", web_place(r, office), "service", service_view(s), "portal", 1);
    json_decref(s);
    json_decref(office);
    page_render(r, 200, "portal_service", vm);
}

void web_portal_cards(struct req *r)
{
    json_t *office, *s = web_portal_service_get(r, req_param(r, "service"), &office);
    if (!s) { json_decref(office); return; }
    int n = web_card_count(office, s);
    json_t *cards = json_array();
    for (int k = 1; k <= n; k++) {
        char url[200];
        if (k == 1) snprintf(url, sizeof url, "/o/%s/layanan/%s.png", str(office, "slug"),
                             str(s, "slug"));
        else snprintf(url, sizeof url, "/o/%s/layanan/%s.png?kartu=%d", str(office, "slug"),
                      str(s, "slug"), k);
        json_array_append_new(cards, json_pack("{s:s, s:i, s:i}", "url", url, "k", k, "of", n));
    }
    json_t *vm = json_pack("{s:s, s:o, s:o, s:o}", "title", str(s, "name"),
                           "place", web_place(r, office), "service", service_view(s),
                           "cards", cards);
    json_decref(s);
    json_decref(office);
    page_render(r, 200, "portal_cards", vm);
}

void web_api_services(struct req *r)
{
    json_t *office;
    r->want_json = 1;
    resp_header(r, "Access-Control-Allow-Origin", "*");
    int found = web_path_office(r, &office);
    if (!found) page_error(r, 404, "Kantor tidak ditemukan.");
    if (found <= 0) return;
    json_t *services = service_list(r->db, json_integer_value(json_object_get(office, "id")), 0);
    if (!services) { json_decref(office); page_error(r, 500, "Gagal membaca katalog layanan."); return; }
    char base[300];
    web_base_url(r, base, sizeof base);
    json_t *list = json_array(), *s;
    size_t i;
    json_array_foreach(services, i, s) {
        json_t *v = service_view(s);
        char url[600];
        snprintf(url, sizeof url, "%s/o/%s/layanan/%s", base, str(office, "slug"), str(s, "slug"));
        json_object_set_new(v, "url", json_string(url));
        json_array_append_new(list, v);
    }
    char url[400];
    snprintf(url, sizeof url, "%s/o/%s", base, str(office, "slug"));
    json_t *vm = json_pack("{s:o, s:s, s:o}", "office", web_place(r, office), "url", url,
                           "services", list);
    json_decref(services);
    json_decref(office);
    resp_header(r, "Cache-Control", "public, max-age=60");
    page_render(r, 200, "portal_office", vm);
}
