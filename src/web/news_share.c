/* news_share: one item shown on several portals (issue 16). An office's
 * publisher offers a published item to an office below it (for a dinas:
 * the offices of its regency, as its reach goes); the receiving office's
 * publisher accepts or declines it on /console/o/{office}/berita-bersama,
 * and only an accepted item shows on that office's news page and feeds.
 * Both sides need PERM_CONTENT_PUBLISH on their own office (the gate);
 * whether the target is below the item's office is checked here. */
#include "core/content.h"
#include "core/role.h"
#include "db/store_content.h"
#include "db/store_office.h"
#include "http/fields.h"
#include "http/page.h"
#include "util/jv.h"
#include "web/news.h"
#include "web/web.h"
#include <stdio.h>
#include <string.h>

/* The offices an office may offer its items to, tree-ordered: every office
 * below it; for a dinas every office of its kabupaten/kota but itself. */
static json_t *share_targets(struct req *r)
{
    json_t *all = office_list(r->db), *out = json_array(), *o;
    int64_t self = web_office_id(r), root = self;
    if (strcmp(jv_str(r->office, "type"), "dinas") == 0 && jv_int(r->office, "parent_id"))
        root = jv_int(r->office, "parent_id");
    json_t *inside = json_object();     /* ids (as text) of the root's subtree */
    size_t i;
    json_array_foreach(all, i, o) {
        char id[24], parent[24];
        snprintf(id, sizeof id, "%lld", (long long)jv_int(o, "id"));
        snprintf(parent, sizeof parent, "%lld", (long long)jv_int(o, "parent_id"));
        if (jv_int(o, "id") == root) { json_object_set_new(inside, id, json_true()); continue; }
        if (!json_object_get(inside, parent)) continue;
        json_object_set_new(inside, id, json_true());
        if (jv_int(o, "id") != self)
            json_array_append_new(out, json_pack("{s:I, s:s, s:s, s:s}", "id",
                (json_int_t)jv_int(o, "id"), "slug", jv_str(o, "slug"), "name", jv_str(o, "name"),
                "type_label", office_type_label(jv_str(o, "type"))));
    }
    json_decref(inside);
    json_decref(all);
    return out;
}

static json_t *received_view(json_t *rows)
{
    size_t i;
    json_t *s;
    json_array_foreach(rows, i, s) {
        int decided = jv_int(s, "decided_at") > 0, ok = json_is_true(json_object_get(s, "accepted"));
        json_object_set_new(s, "status_label", json_string(
            ok ? "Diterima, tampil di portal" : decided ? "Ditolak" : "Menunggu keputusan"));
        json_object_set_new(s, "pending", json_boolean(!decided));
        json_object_set_new(s, "published", json_boolean(strcmp(jv_str(s, "state"),
                                                                "terbit") == 0));
        char url[300];
        snprintf(url, sizeof url, "/o/%s/berita/%s", jv_str(s, "from_slug"), jv_str(s, "slug"));
        json_object_set_new(s, "url", json_string(url));
    }
    return rows;
}

/* The page: offers to this office, and this office's items to offer. */
static void shares_page(struct req *r, int status, const char *error)
{
    json_t *vm = web_vm(r, "Berita bersama");
    struct content_filter cf = {.office_id = web_office_id(r), .state = "terbit", .limit = 50};
    json_t *recv = news_share_received(r->db, web_office_id(r));
    json_t *mine = content_list(r->db, &cf), *sent = news_share_sent(r->db, web_office_id(r));
    json_t *targets = share_targets(r);
    if (!recv || !mine || !sent) status = 503;
    json_object_set_new(vm, "received", recv ? received_view(recv) : json_array());
    json_object_set_new(vm, "items", mine ? mine : json_array());
    json_object_set_new(vm, "sent", sent ? sent : json_array());
    json_object_set_new(vm, "targets", targets);
    json_object_set_new(vm, "can_offer", json_boolean(mine && json_array_size(mine) &&
                                                      json_array_size(targets)));
    if (error) json_object_set_new(vm, "error", json_string(error));
    if (status == 200 && req_arg(r, "ok")) json_object_set_new(vm, "saved", json_true());
    page_render(r, status, "news_share", vm);
}

void web_news_shares(struct req *r) { shares_page(r, 200, NULL); }

/* 1 when `slug` names one of the share targets; *id gets its id. */
static int target_of(struct req *r, const char *slug, int64_t *id)
{
    json_t *t = share_targets(r), *o;
    size_t i;
    int ok = 0;
    json_array_foreach(t, i, o)
        if (strcmp(jv_str(o, "slug"), slug) == 0) { ok = 1; *id = jv_int(o, "id"); }
    json_decref(t);
    return ok;
}

static void share_done(struct req *r, int rc)
{
    if (rc < 0 || db_commit(r->db) != 0) { web_db_fail(r); return; }
    char url[200];
    snprintf(url, sizeof url, "/console/o/%s/berita-bersama?ok=1", jv_str(r->office, "slug"));
    resp_redirect(r, url);
}

void web_news_share_offer(struct req *r)
{
    if (form_first_error(r)) { shares_page(r, 422, form_first_error(r)); return; }
    json_t *item;
    int64_t to = 0;
    int found = content_find(r->db, web_office_id(r), req_int(r, "item"), &item);
    if (found < 0) { page_db_down(r); return; }
    if (!found || strcmp(jv_str(item, "state"), "terbit") != 0) {
        json_decref(item);
        shares_page(r, 422, "Hanya berita kantor ini yang sudah terbit yang bisa ditawarkan.");
        return;
    }
    if (!target_of(r, req_text(r, "to"), &to)) {
        json_decref(item);
        shares_page(r, 422, "Berita hanya bisa ditawarkan kepada kantor di bawah kantor ini.");
        return;
    }
    struct actor who = web_actor(r);
    int rc = db_begin(r->db) == 0 ? news_share_offer(r->db, &who, item, to, r->now) : -1;
    json_decref(item);
    share_done(r, rc < 0 ? rc : 0);
}

void web_news_share_decide(struct req *r)
{
    if (form_first_error(r)) { shares_page(r, 422, form_first_error(r)); return; }
    struct actor who = web_actor(r);
    int accept = strcmp(req_text(r, "keputusan"), "terima") == 0;
    if (db_begin(r->db) != 0) { web_db_fail(r); return; }
    int rc = news_share_decide(r->db, &who, req_int(r, "item"), web_office_id(r), accept, r->now);
    if (rc == 1) {
        db_rollback(r->db);
        shares_page(r, 422, "Tawaran berita itu tidak ada untuk kantor ini.");
        return;
    }
    share_done(r, rc);
}
