/* tokens: a staff member's own personal access tokens in the console
 * (/console/token): the list (never the token), making one (shown once on
 * the page that answers the form) and revoking one. Only for a session
 * signed in with the password (RF_SESSION): a token cannot make or revoke
 * tokens, so a leaked one cannot outlive its revocation. Each change is
 * audited by db/store_token.c. */
#include "db/store_token.h"
#include "http/form.h"
#include "http/fields.h"
#include "http/page.h"
#include "web/web.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* The page with the member's tokens; vm (stolen) may carry a form, errors,
 * a new token or a revoked label. */
static void tokens_page(struct req *r, int status, json_t *vm)
{
    json_t *rows = token_list(r->db, json_integer_value(json_object_get(r->me, "id")));
    if (!rows) { json_decref(vm); web_db_fail(r); return; }
    size_t i;
    json_t *t;
    json_array_foreach(rows, i, t) {
        static const char *keys[][2] = {{"created_at", "created_text"},
                                        {"expires_at", "expires_text"},
                                        {"last_used_at", "used_text"}};
        for (size_t k = 0; k < 3; k++) {
            char when[80] = "-";
            int64_t v = json_integer_value(json_object_get(t, keys[k][0]));
            if (v) web_fmt_time(r, v, when, sizeof when);
            else if (k == 1) snprintf(when, sizeof when, "sampai dicabut");
            else if (k == 2) snprintf(when, sizeof when, "belum pernah");
            json_object_set_new(t, keys[k][1], json_string(when));
        }
    }
    json_object_set_new(vm, "has_tokens", json_boolean(json_array_size(rows) > 0));
    json_object_set_new(vm, "tokens", rows);
    page_render(r, status, "tokens", vm);
}

void web_tokens(struct req *r)
{
    json_t *vm = web_vm(r, "Token akses");
    const char *gone = req_arg(r, "dicabut");
    if (gone && text_clean(gone, 0)) json_object_set_new(vm, "revoked", json_string(gone));
    tokens_page(r, 200, vm);
}

void web_token_create(struct req *r)
{
    json_t *vm = web_vm(r, "Token akses");
    form_check(r, vm);              /* the gate's field errors (web/specs.c) */
    json_t *form = json_object_get(vm, "form"), *errors = json_object_get(vm, "errors");
    const char *label = req_text(r, "label");
    char msg[300];
    int days = req_has(r, "expires") ? (int)req_int(r, "expires") : 0;
    if (!json_object_get(errors, "label") && token_label_check(label, msg, sizeof msg) != 0)
        json_object_set_new(errors, "label", json_string(msg));
    if (json_object_size(errors)) { tokens_page(r, 422, vm); return; }
    int64_t id = json_integer_value(json_object_get(r->me, "id"));
    struct actor a = web_actor(r);
    char tok[TOKEN_LEN + 1];
    int rc = db_begin(r->db);
    if (rc == 0) rc = token_create(r->db, &a, id, a.name, label, days, r->now, tok);
    if (rc == 0) rc = db_commit(r->db);
    if (rc == DB_CONFLICT) {
        db_rollback(r->db);
        json_object_set_new(errors, "label", json_string(
            "Anda sudah punya token dengan nama ini. Pilih nama lain, atau cabut dulu yang lama."));
        tokens_page(r, 409, vm);
        return;
    }
    if (rc != 0) { db_rollback(r->db); json_decref(vm); web_db_fail(r); return; }
    /* shown this once: the answer to the form, never a page to come back to */
    json_object_set_new(vm, "new_token", json_string(tok));
    json_object_set_new(vm, "new_label", json_string(label));
    json_object_set_new(form, "label", json_string(""));
    json_object_set_new(form, "expires", json_string(""));
    sodium_memzero(tok, sizeof tok);
    tokens_page(r, 201, vm);
}

void web_token_revoke(struct req *r)
{
    json_t *vm = web_vm(r, "Token akses");
    const char *label = req_text(r, "label");
    int64_t id = json_integer_value(json_object_get(r->me, "id"));
    struct actor a = web_actor(r);
    int rc = db_begin(r->db);
    if (rc == 0) rc = token_remove(r->db, &a, id, a.name, label, r->now);
    if (rc == 0) rc = db_commit(r->db);
    if (rc == 1) {
        db_rollback(r->db);
        json_object_set_new(vm, "error", json_string(
            "Token itu tidak ada (mungkin sudah dicabut). Daftar di bawah menunjukkan token Anda "
            "saat ini."));
        tokens_page(r, 404, vm);
        return;
    }
    json_decref(vm);
    if (rc != 0) { db_rollback(r->db); web_db_fail(r); return; }
    char loc[300], q[200];
    url_encode(label, q, sizeof q);
    snprintf(loc, sizeof loc, "/console/token?dicabut=%s", q);
    resp_redirect(r, loc);
}
