/* broadcast (web): WhatsApp announcements in the console. From a
 * published item, whoever publishes (PERM_CONTENT_PUBLISH) sees how many
 * citizens subscribed and the approved template as they will read it,
 * and confirms (/console/o/{office}/konten/{item}/siarkan); a second
 * broadcast of the same item needs its own tick, so nobody sends twice by
 * accident. /siaran lists the broadcasts with sent, delivered, read and
 * failed counts, /siaran/{broadcast} shows one, with the messaging tier's
 * wait when it holds the rest back. The sending is channels/broadcast.c;
 * the portal's subscribe box is web_subscribe_url. */
#include "channels/broadcast.h"
#include "channels/config.h"
#include "core/broadcast.h"
#include "db/store_broadcast.h"
#include "db/store_content.h"
#include "http/fields.h"
#include "http/form.h"
#include "http/page.h"
#include "jobs/worker.h"
#include "util/jv.h"
#include "util/url.h"
#include "web/web.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SUMMARY_MAX 300

void web_subscribe_url(json_t *office, char *out, size_t n)
{
    const char *wa = jv_str(office, "whatsapp");
    out[0] = '\0';
    if (!*wa) return;
    char enc[64];
    url_encode("langganan info", enc, sizeof enc);
    snprintf(out, n, "https://wa.me/%s?text=%s", wa, enc);
}

/* The template's four texts for an item: office, title, summary, link. */
static json_t *item_params(struct req *r, const json_t *item)
{
    char base[300], link[700], cut[SUMMARY_MAX * 4 + 8];
    web_base_url(r, base, sizeof base);
    snprintf(link, sizeof link, "%s/o/%s/berita/%s", base, jv_str(r->office, "slug"),
             jv_str(item, "slug"));
    broadcast_summary_cut(jv_str(item, "summary"), SUMMARY_MAX, cut, sizeof cut);
    return json_pack("[o, o, o, o]", channel_template_param(jv_str(r->office, "name")),
                     channel_template_param(jv_str(item, "title")), channel_template_param(cut),
                     channel_template_param(link));
}

/* Words for a broadcast's state and times, for the pages. */
static void decorate(struct req *r, json_t *b)
{
    char t[80];
    web_fmt_time(r, jv_int(b, "created_at"), t, sizeof t);
    json_object_set_new(b, "created_text", json_string(t));
    int done = strcmp(jv_str(b, "state"), "selesai") == 0;
    json_object_set_new(b, "state_text", json_string(done ? "Selesai" : "Sedang dikirim"));
    json_object_set_new(b, "done", json_boolean(done));
}

/* The tier's wait, when it holds rows back: vm.tier_note. */
static void tier_note(struct req *r, json_t *vm, int64_t waiting)
{
    int64_t tier = 0, used = 0, opens = 0;
    if (broadcast_tier_state(r->db, web_office_id(r), (int64_t)r->now * 1000, &tier, &used,
                             &opens) != 0)
        return;
    json_object_set_new(vm, "tier", json_integer(tier));
    json_object_set_new(vm, "tier_used", json_integer(used));
    if (waiting > 0 && used >= tier) {
        char t[80], note[400];
        web_fmt_time(r, opens, t, sizeof t);
        snprintf(note, sizeof note, "Batas harian WhatsApp nomor ini (%lld penerima per 24 jam) "
                 "sudah tercapai. %lld pesan sisanya menunggu dan dikirim otomatis mulai %s.",
                 (long long)tier, (long long)waiting, t);
        json_object_set_new(vm, "tier_note", json_string(note));
    }
}

/* Text split at blank lines, for drawing as paragraphs. */
static json_t *paragraphs(const char *text)
{
    json_t *a = json_array();
    const char *p = text;
    for (;;) {
        const char *e = strstr(p, "\n\n");
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n) json_array_append_new(a, json_stringn(p, n));
        if (!e) break;
        p = e + 2;
    }
    return a;
}

/* The confirmation page's model into vm (item stolen into vm.item):
 * subscribers, the template and its preview, earlier broadcasts of the
 * item, the tier. 0, or -1 when the database failed. */
static int confirm_fill(struct req *r, json_t *item, json_t *vm)
{
    int64_t subs = 0, office_id = web_office_id(r);
    json_object_set_new(vm, "item", item);
    json_t *ch = channel_get(r->db, office_id, "whatsapp");
    char name[CHANNEL_TEMPLATE_MAX], lang[16], preview[2400];
    channel_template(ch ? jv_str(ch, "settings") : NULL, BROADCAST_TEMPLATE, name, lang);
    int wa = ch && json_is_true(json_object_get(ch, "active")), tg = channel_active(r->db,
                                                                                   office_id,
                                                                                   "telegram");
    json_object_set_new(vm, "channel_ready", json_boolean(wa || tg > 0));
    json_decref(ch);
    json_t *params = item_params(r, item);
    json_t *before = broadcast_list(r->db, office_id, jv_int(item, "id"), 20);
    int64_t subs_tg = 0;
    if (sub_count(r->db, office_id, "whatsapp", &subs) != 0 ||
        sub_count(r->db, office_id, "telegram", &subs_tg) != 0 || !before || !params) {
        json_decref(params);
        json_decref(before);
        return -1;
    }
    broadcast_preview(json_string_value(json_array_get(params, 0)),
                      json_string_value(json_array_get(params, 1)),
                      json_string_value(json_array_get(params, 2)),
                      json_string_value(json_array_get(params, 3)), preview, sizeof preview);
    size_t i;
    json_t *b;
    json_array_foreach(before, i, b) decorate(r, b);
    json_object_set_new(vm, "published", json_boolean(strcmp(jv_str(item, "state"), "terbit") == 0));
    json_object_set_new(vm, "subscribers", json_integer(subs + subs_tg));
    json_object_set_new(vm, "subscribers_wa", json_integer(subs));
    json_object_set_new(vm, "subscribers_tg", json_integer(subs_tg));
    json_object_set_new(vm, "template", json_string(name));
    json_object_set_new(vm, "language", json_string(lang));
    json_object_set_new(vm, "params", params);
    json_object_set_new(vm, "preview", json_string(preview));
    json_object_set_new(vm, "preview_parts", paragraphs(preview));
    json_object_set_new(vm, "before", before);
    tier_note(r, vm, subs);
    return 0;
}

void web_broadcast_form(struct req *r)
{
    json_t *item = web_path_content(r);
    if (!item) return;
    json_t *vm = web_vm(r, "Siarkan lewat WhatsApp");
    if (confirm_fill(r, item, vm) != 0) {
        json_decref(vm);
        page_db_down(r);
        return;
    }
    page_render(r, 200, "broadcast_confirm", vm);
}

/* Why this broadcast may not start now, or NULL. */
static const char *refusal(json_t *vm)
{
    if (!json_is_true(json_object_get(vm, "published")))
        return "Hanya konten yang sudah terbit yang dapat disiarkan.";
    if (!json_is_true(json_object_get(vm, "channel_ready")))
        return "Kanal WhatsApp dan Telegram kantor belum diatur atau dinonaktifkan.";
    if (jv_int(vm, "subscribers") <= 0)
        return "Belum ada warga yang berlangganan info kantor ini, jadi belum ada yang dapat "
               "dikirimi.";
    return NULL;
}

void web_broadcast_start(struct req *r)
{
    json_t *item = web_path_content(r);
    if (!item) return;
    json_t *vm = web_vm(r, "Siarkan lewat WhatsApp");
    form_check(r, vm);
    if (confirm_fill(r, item, vm) != 0) {
        json_decref(vm);
        page_db_down(r);
        return;
    }
    const char *why = refusal(vm);
    if (!why && json_array_size(json_object_get(vm, "before")) && !req_bool(r, "ulang"))
        why = "Konten ini sudah pernah disiarkan. Bila memang perlu dikirim lagi, centang "
              "\"Kirim ulang\" lalu tekan Siarkan sekali lagi.";
    if (why) {
        json_object_set_new(vm, "refused", json_string(why));
        page_render(r, 409, "broadcast_confirm", vm);
        return;
    }
    char *params = json_dumps(json_object_get(vm, "params"), JSON_COMPACT);
    struct actor a = web_actor(r);
    struct broadcast_new b = {
        .office_id = web_office_id(r), .item_id = jv_int(item, "id"), .now = r->now,
        .template_name = jv_str(vm, "template"), .language = jv_str(vm, "language"),
        .params = params ? params : "[]", .item_title = jv_str(item, "title")};
    int64_t id = 0;
    int rc = params ? db_begin(r->db) : -1;
    if (rc == 0) rc = broadcast_create(r->db, &a, &b, &id);
    free(params);
    json_decref(vm);
    if (rc != 0 || db_commit(r->db) != 0) {
        web_db_fail(r);
        return;
    }
    workers_wake();
    char loc[300];
    snprintf(loc, sizeof loc, "/console/o/%s/siaran/%lld?ok=1", jv_str(r->office, "slug"),
             (long long)id);
    resp_redirect(r, loc);
}

void web_broadcast_list(struct req *r)
{
    json_t *list = broadcast_list(r->db, web_office_id(r), 0, 100);
    if (!list) {
        page_db_down(r);
        return;
    }
    size_t i;
    json_t *b;
    json_array_foreach(list, i, b) decorate(r, b);
    json_t *vm = web_vm(r, "Siaran WhatsApp");
    int64_t wa = 0, tg = 0;
    if (sub_count(r->db, web_office_id(r), "whatsapp", &wa) == 0 &&
        sub_count(r->db, web_office_id(r), "telegram", &tg) == 0) {
        json_object_set_new(vm, "subscribers_wa", json_integer(wa));
        json_object_set_new(vm, "subscribers_tg", json_integer(tg));
    }
    json_object_set_new(vm, "broadcasts", list);
    page_render(r, 200, "broadcast_list", vm);
}

void web_broadcast_show(struct req *r)
{
    int64_t id = web_path_id(r, "broadcast");
    json_t *b = NULL;
    int found = id ? broadcast_find(r->db, web_office_id(r), id, &b) : 0;
    if (found <= 0) {
        if (found < 0) page_db_down(r);
        else page_error(r, 404, "Siaran tidak ditemukan.");
        return;
    }
    decorate(r, b);
    json_t *vm = web_vm(r, "Siaran WhatsApp");
    if (req_arg(r, "ok")) json_object_set_new(vm, "started", json_true());
    tier_note(r, vm, jv_int(b, "waiting"));
    json_object_set_new(vm, "broadcast", b);
    page_render(r, 200, "broadcast_show", vm);
}
