/* content_instagram: a published content item sent to the office's
 * Instagram account (issue 17). The item's page shows what happened
 * (queued, in progress, live with its link, or Meta's refusal in
 * Indonesian) and a button that queues the "instagram" job
 * (channels/instagram.c). The button only ever queues an item that has no
 * post yet or whose last try failed, so pressing it twice, or after a
 * crash, never makes a second post. */
#include "channels/config.h"
#include "channels/instagram.h"
#include "db/store_instagram.h"
#include "http/page.h"
#include "jobs/worker.h"
#include "util/jv.h"
#include "web/web.h"
#include <stdio.h>
#include <string.h>

static const char *state_text(const char *s)
{
    return strcmp(s, "terbit") == 0 ? "Sudah terbit di Instagram."
           : strcmp(s, "gagal") == 0 ? "Belum terbit di Instagram."
           : strcmp(s, "antre") == 0 ? "Menunggu giliran dikirim ke Instagram."
                                     : "Sedang diproses Instagram.";
}

int web_content_instagram_vm(struct req *r, const json_t *item, json_t *vm)
{
    int connected = channel_active(r->db, web_office_id(r), "instagram");
    if (connected < 0) return -1;
    if (!connected || strcmp(jv_str(item, "state"), "terbit") != 0) return 0;
    json_t *p = NULL;
    int found = ig_post_find(r->db, jv_int(item, "id"), &p);
    if (found < 0) return -1;
    const char *state = found ? jv_str(p, "state") : "";
    json_t *ig = json_pack("{s:s, s:b}", "state", state,
                           "can_send", (r->perms & PERM_CONTENT_PUBLISH) &&
                                       (!found || strcmp(state, "gagal") == 0));
    if (found) {
        json_object_set_new(ig, "text", json_string(state_text(state)));
        json_object_set_new(ig, "error", json_string(jv_str(p, "error")));
        json_object_set_new(ig, "permalink", json_string(jv_str(p, "permalink")));
        json_object_set_new(ig, "retry", json_boolean(strcmp(state, "gagal") == 0));
    }
    json_object_set_new(vm, "instagram", ig);
    json_decref(p);
    return 0;
}

void web_content_instagram(struct req *r)
{
    json_t *item = web_path_content(r);
    if (!item) return;
    char loc[200];
    snprintf(loc, sizeof loc, "/console/o/%s/konten/%lld", jv_str(r->office, "slug"),
             (long long)jv_int(item, "id"));
    int on = channel_active(r->db, web_office_id(r), "instagram");
    int rc = on < 0 ? -1 : 0;
    if (rc == 0 && (!on || strcmp(jv_str(item, "state"), "terbit") != 0)) {
        json_decref(item);
        page_error(r, 409, on ? "Hanya konten yang sudah terbit yang dapat diterbitkan di "
                               "Instagram."
                              : "Akun Instagram kantor ini belum dihubungkan.");
        return;
    }
    if (rc == 0) rc = db_begin(r->db) != 0 ? -1 : 0;
    if (rc == 0) {
        rc = ig_post_start(r->db, web_office_id(r), jv_int(item, "id"), r->now);
        if (rc < 0 || db_commit(r->db) != 0) {
            db_rollback(r->db);
            rc = -1;
        }
    }
    json_decref(item);
    if (rc < 0) { web_db_fail(r); return; }
    if (rc > 0) workers_wake();
    resp_redirect(r, loc);
}
