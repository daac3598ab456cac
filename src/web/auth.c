/* auth: login, logout and changing one's own password.
 * Failed logins count per account; after LOGIN_FREE_ATTEMPTS the account
 * locks with a growing back-off (core/password.c), counted before the
 * password is checked so parallel attempts cannot slip past it. An unknown
 * or locked username costs the same Argon2id work as a known one and gets the
 * same answer, so neither the page nor its timing tells them apart. Before
 * any hashing, attempts are limited per client address (util/ratelimit.h);
 * the hashing itself runs on a few threads of its own behind a bounded
 * queue (util/pool.h), never on a connection thread. */
#include "core/password.h"
#include "db/store_staff.h"
#include "http/form.h"
#include "http/gate.h"
#include "http/page.h"
#include "util/log.h"
#include "util/pool.h"
#include "util/ratelimit.h"
#include "web/web.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LOGIN_ADDR_RATE 30          /* failed logins per client address (an office NAT: many staff) ... */
#define LOGIN_ADDR_WINDOW 600       /* ... per 10 minutes; a right one is given back */
#define LOGIN_QUEUE 32              /* logins waiting for a hasher, then "busy" */
static struct ratelimit login_tries = RATELIMIT_INIT(LOGIN_ADDR_RATE, LOGIN_ADDR_WINDOW);
static struct pool *hashers;
static pthread_rwlock_t hashers_lock = PTHREAD_RWLOCK_INITIALIZER;

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

/* One answer for a wrong password, an unknown name and a locked account, so
 * the page tells nobody which names exist or are locked. */
#define LOGIN_REFUSED "Nama pengguna atau kata sandi salah. Setelah 5 kali salah, akun dikunci " \
                      "sementara: tunggu beberapa menit, lalu coba lagi."

static void refuse_login(struct req *r, json_t *vm, int status, const char *msg, const char *retry)
{
    if (retry) resp_header(r, "Retry-After", retry);
    json_object_set_new(vm, "error", json_string(msg));
    show_login(r, status, vm);
}

/* The password check of one attempt: 1 right, 0 wrong
 * (also for an unknown or locked account: the dummy hash costs the same),
 * -1 on a database error. *id is the account's, or 0. */
static int check_password(struct req *r, json_t *s, const char *pw, int64_t *id)
{
    *id = s ? json_integer_value(json_object_get(s, "id")) : 0;
    int attempt = 0;
    if (*id) {
        attempt = staff_login_claim(r->db, *id, r->now, LOGIN_FREE_ATTEMPTS,
                                    r->now + login_backoff_seconds(LOGIN_FREE_ATTEMPTS));
        if (attempt < 0) return -1;
    }
    const char *hash = attempt > 0 ? json_string_value(json_object_get(s, "pw_hash")) : NULL;
    int ok = password_verify(hash ? hash : password_dummy_hash(), pw) && attempt > 0;
    if (!ok && attempt >= LOGIN_FREE_ATTEMPTS)
        staff_login_lock(r->db, *id, attempt, r->now + login_backoff_seconds(attempt));
    if (!ok && *id)
        log_warn("login gagal untuk akun #%lld (%s)", (long long)*id,
                 attempt ? "kata sandi salah" : "akun terkunci");
    return ok;
}

/* The login page's model with what was typed kept (never the password). */
static json_t *login_vm(struct req *r)
{
    json_t *vm = web_vm(r, "Masuk");
    const char *user = req_field(r, "username");
    json_object_set_new(vm, "next", json_string(safe_next(req_field(r, "next"))));
    json_object_set_new(vm, "username", json_string(text_clean(user, 0) ? user : ""));
    return vm;
}

/* The rest of a login, on a hasher thread (the connection is suspended). */
static void login_run(struct req *r)
{
    json_t *vm = login_vm(r);
    const char *user = req_field(r, "username"), *pw = req_field(r, "password");
    json_t *s = NULL;
    int found = r->db && text_clean(user, 0) && *user ? staff_find(r->db, user, &s) : 0;
    int64_t id = 0;
    int ok = r->db && found >= 0 ? check_password(r, s, pw, &id) : -1;
    int disabled = json_is_true(json_object_get(s, "disabled"));
    json_decref(s);
    if (!r->db || found < 0) {
        refuse_login(r, vm, 503, "Layanan sedang tidak dapat membuka basis data. Coba lagi "
                                 "sebentar.", "5");
    } else if (ok < 0) {
        json_decref(vm);
        web_db_fail(r);
    } else if (!ok) {
        refuse_login(r, vm, 401, LOGIN_REFUSED, NULL);
    } else {
        web_hash_refund(r);
        staff_login_result(r->db, id, 0, 0);
        /* only someone who knows the password learns that the account is disabled */
        if (disabled)
            refuse_login(r, vm, 403, "Akun ini dinonaktifkan. Hubungi admin kantor Anda.", NULL);
        else if (gate_login(r, id) != 0) {
            json_decref(vm);
            web_db_fail(r);
        } else {
            resp_redirect(r, json_string_value(json_object_get(vm, "next")));
            json_decref(vm);
        }
    }
}

/* Hashing runs on a few low-priority threads of its own (util/pool.h): a
 * connection thread that computed Argon2id would keep every other
 * connection it serves waiting. Half the cores, 1 to 4. */
int web_login_start(void)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned n = cores >= 8 ? 4 : cores >= 2 ? (unsigned)cores / 2 : 1;
    hashers = pool_start(n, LOGIN_QUEUE, 10);
    return hashers ? 0 : -1;
}

void web_login_stop(void)
{
    pthread_rwlock_wrlock(&hashers_lock);
    struct pool *p = hashers;
    hashers = NULL;
    pthread_rwlock_unlock(&hashers_lock);
    pool_stop(p);           /* logins still queued are answered first */
}

/* One request's Argon2id work handed to a hasher. */
struct hash_task {
    void (*fn)(struct req *r);
    struct req *r;
};

static void hash_task_run(void *arg)
{
    struct hash_task *t = arg;
    struct req *r = t->r;
    r->db = db_thread();
    t->fn(r);
    free(t);
    req_resume(r);
}

static int submit(struct req *r, void (*fn)(struct req *r))
{
    struct hash_task *t = malloc(sizeof *t);
    if (!t) return -1;
    t->fn = fn;
    t->r = r;
    pthread_rwlock_rdlock(&hashers_lock);
    int rc = hashers ? pool_submit(hashers, hash_task_run, t) : -1;
    pthread_rwlock_unlock(&hashers_lock);
    if (rc != 0) free(t);
    return rc;
}

void web_hash_run(struct req *r, void (*fn)(struct req *r), void (*refuse)(struct req *r, int status))
{
    /* the address's limit comes before any Argon2id work */
    if (!ratelimit_take(&login_tries, r->client, r->now)) {
        resp_header(r, "Retry-After", "600");
        refuse(r, 429);
        return;
    }
    req_suspend(r);         /* before the hasher may answer and resume */
    if (submit(r, fn) != 0) {
        ratelimit_refund(&login_tries, r->client, r->now);
        resp_header(r, "Retry-After", "5");
        refuse(r, 503);
        req_resume(r);
    }
}

void web_hash_refund(struct req *r)
{
    ratelimit_refund(&login_tries, r->client, r->now);
}

const char *web_hash_refusal(int status)
{
    return status == 429 ? "Terlalu banyak percobaan kata sandi dari alamat Anda. Mohon tunggu "
                           "sekitar 10 menit, lalu coba lagi."
                         : "Server sedang sibuk memeriksa banyak kata sandi. Coba lagi sebentar.";
}

static void login_refused(struct req *r, int status)
{
    refuse_login(r, login_vm(r), status,
                 status == 429 ? "Terlalu banyak percobaan masuk dari alamat Anda. Mohon tunggu "
                                 "sekitar 10 menit, lalu coba lagi."
                               : "Server sedang sibuk memeriksa banyak login. Coba lagi sebentar.",
                 NULL);
}

void web_login(struct req *r)
{
    web_hash_run(r, login_run, login_refused);
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

/* What is wrong with a change of one's own password, into vm.errors
 * (Argon2id: on a hasher thread). */
static int password_faults(struct req *r, json_t *vm)
{
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
    return (int)json_object_size(errors);
}

/* The rest of a password change, on a hasher thread. */
static void password_run(struct req *r)
{
    if (!r->db) { page_db_down(r); return; }
    json_t *vm = web_vm(r, "Ganti kata sandi");
    if (password_faults(r, vm)) { page_render(r, 422, "password", vm); return; }
    web_hash_refund(r);             /* the current password was right */
    int64_t id = json_integer_value(json_object_get(r->me, "id"));
    const char *username = json_string_value(json_object_get(r->me, "username"));
    char hash[PASSWORD_HASH_MAX];
    if (password_hash(req_field(r, "password"), hash) != 0) { json_decref(vm); web_db_fail(r); return; }
    struct actor a = web_actor(r);
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

static void password_refused(struct req *r, int status)
{
    json_t *vm = web_vm(r, "Ganti kata sandi");
    json_object_set_new(vm, "error", json_string(web_hash_refusal(status)));
    page_render(r, status, "password", vm);
}

/* Checking the current password and hashing the new one take the login's
 * bounded path: the address's limit, then a hasher thread. */
void web_password(struct req *r)
{
    web_hash_run(r, password_run, password_refused);
}
