/* auth: login, logout and changing one's own password.
 * Failed logins count per account; after LOGIN_FREE_ATTEMPTS the account
 * locks with a growing back-off (core/password.c). An unknown username costs
 * the same Argon2id work as a known one, so timing does not tell them apart. */
#include "core/password.h"
#include "db/store_staff.h"
#include "http/form.h"
#include "http/gate.h"
#include "render/page.h"
#include "util/log.h"
#include "web/web.h"
#include <stdio.h>
#include <string.h>

/* Only local paths, so a crafted link cannot send staff to another site. */
static const char *safe_next(const char *next)
{
    if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strlen(next) > 400 ||
        !text_clean(next, 0))
        return "/console";
    for (const char *p = next; *p; p++)
        if ((unsigned char)*p < 0x21) return "/console";
    return next;
}

static void show_login(struct req *r, int status, json_t *vm)
{
    char pre[65];
    gate_token(pre);
    char cookie[160];
    snprintf(cookie, sizeof cookie, PRE_COOKIE "=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=7200%s",
             pre, r->secure ? "; Secure" : "");
    resp_header(r, "Set-Cookie", cookie);
    json_object_set_new(vm, "pre_csrf", json_string(pre));
    page_render(r, status, "login", vm);
}

void web_login_form(struct req *r)
{
    if (r->me) { resp_redirect(r, "/console"); return; }
    json_t *vm = web_vm(r, "Masuk");
    json_object_set_new(vm, "next", json_string(safe_next(req_arg(r, "next"))));
    show_login(r, 200, vm);
}

void web_login(struct req *r)
{
    json_t *vm = web_vm(r, "Masuk");
    const char *user = req_field(r, "username"), *pw = req_field(r, "password");
    json_object_set_new(vm, "next", json_string(safe_next(req_field(r, "next"))));
    json_object_set_new(vm, "username", json_string(text_clean(user, 0) ? user : ""));
    json_t *s = text_clean(user, 0) && *user ? staff_get(r->db, user) : NULL;
    const char *hash = s ? json_string_value(json_object_get(s, "pw_hash")) : NULL;
    int ok = password_verify(hash ? hash : password_dummy_hash(), pw) && s;
    int64_t locked = s ? json_integer_value(json_object_get(s, "locked_until")) : 0;
    if (s && locked > r->now) {
        int64_t mins = (locked - r->now + 59) / 60;
        char msg[200];
        snprintf(msg, sizeof msg, "Terlalu banyak percobaan masuk yang gagal. Akun dikunci "
                 "sementara; coba lagi dalam %lld menit.", (long long)mins);
        json_object_set_new(vm, "error", json_string(msg));
        json_decref(s);
        show_login(r, 429, vm);
        return;
    }
    if (!ok) {
        if (s) {
            int failed = (int)json_integer_value(json_object_get(s, "failed_logins")) + 1;
            int64_t back = login_backoff_seconds(failed);
            staff_login_result(r->db, json_integer_value(json_object_get(s, "id")), failed,
                               back ? r->now + back : 0);
            log_warn("login gagal untuk %s (%d kali)", user, failed);
        }
        json_object_set_new(vm, "error", json_string("Nama pengguna atau kata sandi salah."));
        json_decref(s);
        show_login(r, 401, vm);
        return;
    }
    /* only someone who knows the password learns that the account is disabled */
    if (json_is_true(json_object_get(s, "disabled"))) {
        json_object_set_new(vm, "error", json_string(
            "Akun ini dinonaktifkan. Hubungi admin kantor Anda."));
        json_decref(s);
        show_login(r, 403, vm);
        return;
    }
    int64_t id = json_integer_value(json_object_get(s, "id"));
    json_decref(s);
    staff_login_result(r->db, id, 0, 0);
    if (gate_login(r, id) != 0) { json_decref(vm); web_db_fail(r); return; }
    resp_redirect(r, json_string_value(json_object_get(vm, "next")));
    json_decref(vm);
}

void web_logout(struct req *r)
{
    gate_logout(r);
    resp_redirect(r, "/login");
}

void web_password_form(struct req *r)
{
    json_t *vm = web_vm(r, "Ganti kata sandi");
    if (req_arg(r, "ok")) json_object_set_new(vm, "saved", json_true());
    page_render(r, 200, "password", vm);
}

void web_password(struct req *r)
{
    json_t *vm = web_vm(r, "Ganti kata sandi");
    json_t *errors = json_object();
    json_object_set_new(vm, "errors", errors);
    int64_t id = json_integer_value(json_object_get(r->me, "id"));
    const char *username = json_string_value(json_object_get(r->me, "username"));
    json_t *s = staff_get_id(r->db, id);
    const char *cur = req_field(r, "current"), *pw = req_field(r, "password"),
               *again = req_field(r, "password2");
    char msg[200];
    if (!s || !password_verify(json_string_value(json_object_get(s, "pw_hash")), cur))
        json_object_set_new(errors, "current", json_string("Kata sandi saat ini salah."));
    if (password_policy(pw, username, msg, sizeof msg) != 0)
        json_object_set_new(errors, "password", json_string(msg));
    else if (strcmp(pw, again) != 0)
        json_object_set_new(errors, "password2", json_string("Ulangi kata sandi baru dengan sama persis."));
    else if (strcmp(pw, cur) == 0)
        json_object_set_new(errors, "password", json_string("Kata sandi baru harus berbeda dari yang lama."));
    json_decref(s);
    if (json_object_size(errors)) { page_render(r, 422, "password", vm); return; }
    char hash[PASSWORD_HASH_MAX];
    if (password_hash(pw, hash) != 0) { json_decref(vm); web_db_fail(r); return; }
    struct actor a = web_actor(r);
    char eid[24];
    snprintf(eid, sizeof eid, "%lld", (long long)id);
    json_t *after = json_pack("{s:s}", "password", "diganti");
    /* other sessions of this account end: a changed password locks out
     * whoever may have learned the old one */
    if (db_begin(r->db) != 0 || staff_set_password(r->db, id, hash, r->now) != 0 ||
        session_delete_others(r->db, id, r->session_hash) != 0 ||
        audit_append(r->db, &a, staff_home_office(r->db, id), "staff.password", "staff", username, NULL, after, r->now) != 0 ||
        db_commit(r->db) != 0) {
        json_decref(after);
        json_decref(vm);
        web_db_fail(r);
        return;
    }
    json_decref(after);
    json_decref(vm);
    resp_redirect(r, "/console/password?ok=1");
}
