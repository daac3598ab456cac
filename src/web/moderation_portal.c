/* moderation_portal: what the public sends into the office's moderation
 * queue from the portal, without a login: a comment or question under a
 * published news item (GET/POST /o/{office}/berita/{slug}/tanya), held
 * until staff approve it, and a hoax report (GET/POST
 * /o/{office}/lapor-hoaks: what was received, where, and an optional
 * WhatsApp number to be told). Text is masked like the chats' (bot_mask:
 * a NIK or KK number never reaches the table) before it is stored.
 *
 * The routes are public and the clients may be hostile, so what one
 * address can cost is bounded: the forms carry the pre-session CSRF token
 * (like the portal's apply form), the field specs bound every size, a few
 * entries per address per hour are accepted (util/ratelimit.h), and an
 * office holds at most MOD_WAITING_CAP waiting entries. */
#include "bot/bot.h"
#include "db/store_moderation.h"
#include "http/fields.h"
#include "http/page.h"
#include "util/jv.h"
#include "util/ratelimit.h"
#include "web/moderation.h"
#include "web/news.h"
#include "web/web.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MOD_RATE 5              /* entries accepted per client address ... */
#define MOD_WINDOW 3600         /* ... per hour (per instance) */
#define MOD_WAITING_CAP 500     /* waiting entries one office holds */

static struct ratelimit entries = RATELIMIT_INIT(MOD_RATE, MOD_WINDOW);

static void render(struct req *r, int status, const char *tpl, json_t *vm)
{
    if (!json_object_get(vm, "done")) web_pre_csrf(r, vm);
    const char *kind = jv_str(json_object_get(vm, "form"), "kind");
    json_object_set_new(vm, "is_question", json_boolean(strcmp(kind, "pertanyaan") == 0));
    resp_header(r, "Cache-Control", "no-store");
    resp_header(r, "Referrer-Policy", "no-referrer");
    page_render(r, status, tpl, vm);
}

/* Why nothing is filed now (with *status), or NULL. */
static const char *refusal(struct req *r, int64_t office_id, int *status)
{
    int64_t waiting = 0;
    *status = 429;
    if (!ratelimit_take(&entries, r->client, r->now)) {
        resp_header(r, "Retry-After", "3600");
        return "Sudah terlalu banyak kiriman dari jaringan Anda dalam satu jam ini. Silakan "
               "coba lagi nanti.";
    }
    if (mod_waiting(r->db, office_id, &waiting) != 0) {
        *status = 503;
        return "Kiriman belum dapat diterima karena gangguan basis data. Silakan coba lagi "
               "sebentar lagi.";
    }
    *status = 503;
    if (waiting >= MOD_WAITING_CAP)
        return "Antrean kiriman kantor ini sedang penuh. Silakan coba lagi besok, atau "
               "sampaikan langsung ke kantor.";
    *status = 200;
    return NULL;
}

/* Masks and files one entry in its own transaction; 0 or <0 (rolled back
 * by web_db_fail). */
static int file_entry(struct req *r, struct mod_new *m)
{
    const char *raw = req_text(r, "text");
    size_t n = strlen(raw) + 1;
    char *body = malloc(n), *where = NULL;
    const char *w = req_text(r, "where");
    if (!body || !(where = malloc(strlen(w) + 1))) {
        free(body);
        return -1;
    }
    bot_mask(raw, body, n);
    bot_mask(w, where, strlen(w) + 1);
    m->body = body;
    m->seen_where = where;
    m->author_name = req_text(r, "name");
    m->contact = req_text(r, "phone");
    m->contact_channel = *m->contact ? "whatsapp" : "";
    m->now = r->now;
    struct actor who = {0, "warga_portal"};
    int64_t id = 0;
    int rc = db_begin(r->db);
    if (rc == 0) rc = mod_add(r->db, &who, m, &id);
    if (rc == 0) rc = db_commit(r->db);
    free(body);
    free(where);
    return rc;
}

static json_t *ask_vm(struct req *r, json_t *office, const json_t *item)
{
    char title[400], url[400];
    snprintf(title, sizeof title, "Komentar atau pertanyaan: %s", jv_str(item, "title"));
    snprintf(url, sizeof url, "/o/%s/berita/%s", jv_str(office, "slug"), jv_str(item, "slug"));
    return json_pack("{s:s, s:o, s:b, s:{s:s, s:s}}", "title", title, "place",
                     web_place(r, office), "portal", 1, "item", "title", jv_str(item, "title"),
                     "url", url);
}

void web_mod_ask_form(struct req *r)
{
    json_t *office = NULL, *item = NULL;
    if (news_published_item(r, &office, &item) > 0) {
        json_t *vm = ask_vm(r, office, item);
        json_object_set_new(vm, "form", json_pack("{s:s, s:s, s:s, s:s}", "kind", "komentar",
                                                  "name", "", "text", "", "phone", ""));
        render(r, 200, "mod_ask", vm);
    }
    json_decref(item);
    json_decref(office);
}

/* The POST of either form: the gate's messages, the limits, then the entry
 * (m: its source, kind and item); the page is drawn again in every case. */
static void submit(struct req *r, json_t *office, json_t *vm, struct mod_new *m,
                   const char *tpl)
{
    int status = 200;
    const char *why = NULL;
    if (form_check(r, vm) > 0) status = 422;
    else if ((why = refusal(r, jv_int(office, "id"), &status)) != NULL)
        json_object_set_new(vm, "error", json_string(why));
    else {
        m->office_id = jv_int(office, "id");
        m->due_at = mod_due_at(r->db, office, r->now);
        if (file_entry(r, m) != 0) { json_decref(vm); web_db_fail(r); return; }
        json_object_set_new(vm, "done", json_true());
    }
    render(r, status, tpl, vm);
}

void web_mod_ask(struct req *r)
{
    json_t *office = NULL, *item = NULL;
    if (news_published_item(r, &office, &item) > 0) {
        struct mod_new m = {.item_id = jv_int(item, "id"), .source = "portal_komentar",
                            .kind = req_text(r, "kind")};
        submit(r, office, ask_vm(r, office, item), &m, "mod_ask");
    }
    json_decref(item);
    json_decref(office);
}

static json_t *hoax_vm(struct req *r, json_t *office)
{
    return json_pack("{s:s, s:o, s:b}", "title", "Laporkan kabar yang diragukan (hoaks)",
                     "place", web_place(r, office), "portal", 1);
}

void web_mod_hoax_form(struct req *r)
{
    json_t *office = NULL;
    if (news_office(r, &office) > 0) {
        json_t *vm = hoax_vm(r, office);
        json_object_set_new(vm, "form", json_pack("{s:s, s:s, s:s, s:s}", "text", "", "where",
                                                  "", "name", "", "phone", ""));
        render(r, 200, "mod_hoax", vm);
    }
    json_decref(office);
}

void web_mod_hoax(struct req *r)
{
    json_t *office = NULL;
    if (news_office(r, &office) > 0) {
        struct mod_new m = {.source = "portal_hoaks", .kind = "hoaks"};
        submit(r, office, hoax_vm(r, office), &m, "mod_hoax");
    }
    json_decref(office);
}
