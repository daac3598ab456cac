/* gate: see gate.h. */
#include "http/gate.h"
#include "core/role.h"
#include "db/store_office.h"
#include "db/store_staff.h"
#include "db/store_token.h"
#include "http/fields.h"
#include "http/form.h"
#include "http/route.h"
#include "http/page.h"
#include "util/log.h"
#include "util/ratelimit.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Wrong bearer tokens per client address, like failed logins (web/auth.c):
 * a token has 256 random bits, this keeps the log and the database quiet. */
#define BEARER_ADDR_RATE 30
#define BEARER_ADDR_WINDOW 600
static struct ratelimit bearer_fails = RATELIMIT_INIT(BEARER_ADDR_RATE, BEARER_ADDR_WINDOW);

void gate_token(char out[65])
{
    unsigned char b[32];
    randombytes_buf(b, sizeof b);
    sodium_bin2hex(out, 65, b, sizeof b);
}

static void hash_token(const char *token, char out[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
    sodium_bin2hex(out, 65, h, sizeof h);
}

static int same(const char *a, const char *b)
{
    size_t n = strlen(a);
    return n == strlen(b) && n > 0 && sodium_memcmp(a, b, n) == 0;
}

static void set_cookie(struct req *r, const char *name, const char *value, long max_age)
{
    if (r->bearer) return;      /* a token's request never gets or loses a cookie */
    char v[256];
    snprintf(v, sizeof v, "%s=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%ld%s", name, value,
             max_age, r->secure ? "; Secure" : "");
    resp_header(r, "Set-Cookie", v);
}

/* The staff member `id` as r->me with their grants: 1, 0 when the account
 * is gone or disabled, -1 when the database could not say. */
static int load_staff(struct req *r, int64_t id)
{
    json_t *me = NULL;
    int rc = staff_find_id(r->db, id, &me);
    if (rc <= 0 || json_is_true(json_object_get(me, "disabled"))) {
        json_decref(me);
        return rc < 0 ? -1 : 0;
    }
    /* without the grants every page would say "no access" */
    json_t *grants = staff_grants(r->db, id);
    if (!grants) {
        json_decref(me);
        return -1;
    }
    json_object_del(me, "pw_hash");
    r->me = me;
    r->grants = grants;
    return 1;
}

/* The token of an "Authorization: Bearer TOKEN" header ("" when the
 * scheme comes without one: still a token that is wrong), or NULL. */
static const char *bearer_of(struct req *r)
{
    const char *h = req_header(r, "Authorization");
    if (!h || strncasecmp(h, "Bearer", 6) != 0 || (h[6] && h[6] != ' ')) return NULL;
    h += 6;
    while (*h == ' ') h++;
    return h;
}

/* Signs the request in as the token's owner. 0 done, 1 refused (the
 * answer is written), -1 when the database could not say. */
static int load_bearer(struct req *r, const char *tok)
{
    /* a script's error is read as JSON unless it asks for a page */
    const char *accept = req_header(r, "Accept");
    if (!accept || !strstr(accept, "text/html")) r->want_json = 1;
    if (!ratelimit_allows(&bearer_fails, r->client, r->now)) {
        resp_header(r, "Retry-After", "600");
        page_error(r, 429, "Terlalu banyak token akses yang salah dari alamat Anda. Mohon tunggu "
                           "sekitar 10 menit, lalu coba lagi.");
        return 1;
    }
    json_t *t = NULL;
    int found = 0;
    if (strlen(tok) == TOKEN_LEN && strncmp(tok, TOKEN_PREFIX, sizeof TOKEN_PREFIX - 1) == 0) {
        char h[65];
        token_hash(tok, h);
        found = token_find(r->db, h, r->now, &t);
        if (found < 0) return -1;
    }
    int loaded = found ? load_staff(r, json_integer_value(json_object_get(t, "staff_id"))) : 0;
    if (loaded < 0) {
        json_decref(t);
        return -1;
    }
    if (loaded) {
        r->bearer = 1;
        snprintf(r->token_label, sizeof r->token_label, "%s",
                 json_string_value(json_object_get(t, "label")));
        if (json_integer_value(json_object_get(t, "last_used_at")) <= r->now - TOKEN_TOUCH_EVERY)
            token_touch(r->db, json_integer_value(json_object_get(t, "id")), r->now);
        json_decref(t);
        return 0;
    }
    json_decref(t);
    ratelimit_count(&bearer_fails, r->client, r->now);
    resp_header(r, "WWW-Authenticate", "Bearer error=\"invalid_token\"");
    page_error(r, 401, "Token akses tidak berlaku: salah, sudah kedaluwarsa, atau sudah dicabut.");
    return 1;
}

/* Loads the staff member behind the session cookie, if any. 0, or -1 when
 * the database could not say whether the session lives. */
static int load_session(struct req *r)
{
    const char *tok = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, SESSION_COOKIE);
    if (!tok || strlen(tok) != 64) return 0;
    char h[65];
    hash_token(tok, h);
    json_t *s;
    int found = session_find(r->db, h, r->now, &s);
    if (found <= 0) return found < 0 ? -1 : 0;
    int rc = load_staff(r, json_integer_value(json_object_get(s, "staff_id")));
    if (rc > 0) {
        snprintf(r->session_hash, sizeof r->session_hash, "%s", h);
        snprintf(r->csrf, sizeof r->csrf, "%s", json_string_value(json_object_get(s, "csrf")));
        /* sliding expiry, written at most every few minutes */
        if (json_integer_value(json_object_get(s, "expires_at")) < r->now + SESSION_TTL - 300)
            session_touch(r->db, h, r->now + SESSION_TTL);
    }
    json_decref(s);
    return rc < 0 ? -1 : 0;
}

int gate_signed_in(struct req *r)
{
    const char *bearer = bearer_of(r);
    int rc = 0;
    if (bearer) {
        char h[65];
        json_t *t = NULL;
        if (strlen(bearer) == TOKEN_LEN) {
            token_hash(bearer, h);
            rc = token_find(r->db, h, r->now, &t);
        }
        json_decref(t);
    } else if (load_session(r) < 0) {
        rc = -1;
    } else {
        rc = r->me != NULL;
    }
    json_decref(r->me);
    json_decref(r->grants);
    r->me = r->grants = NULL;
    return rc < 0 ? -1 : rc > 0;
}

/* chain[] of office_id up to the root; its length, 0 if none, -1 when the
 * database could not be read. The type names may live in types[], which
 * must outlive chain[]. */
static int chain_of(struct req *r, int64_t office_id, struct office_node *chain,
                    char types[][16])
{
    /* one office: walk up with a few indexed lookups; many offices in one
     * request (lists): load the tree once and decide in memory */
    if (r->tree_loaded || ++r->perm_calls > 3) {
        if (!r->tree_loaded) {
            if (office_tree_load(r->db, &r->tree) != 0) return -1;
            r->tree_loaded = 1;
        }
        return office_tree_chain(&r->tree, office_id, chain);
    }
    return office_chain(r->db, office_id, chain, types);
}

enum { MAX_GRANTS = 64 };

/* The signed-in staff member's roles as g[]; their count. */
static size_t grants_of(struct req *r, struct grant *g)
{
    size_t ng = 0, i;
    json_t *v;
    json_array_foreach(r->grants, i, v) {
        if (ng == MAX_GRANTS) break;
        g[ng].office_id = json_integer_value(json_object_get(v, "office_id"));
        g[ng].office_parent_id = json_integer_value(json_object_get(v, "office_parent_id"));
        g[ng].office_type = json_string_value(json_object_get(v, "office_type"));
        g[ng].role = json_string_value(json_object_get(v, "role"));
        ng++;
    }
    return ng;
}

/* What access decisions about one office need: its chain up to the root
 * and the signed-in member's grants. */
struct access {
    struct office_node chain[OFFICE_MAX_DEPTH];
    char types[OFFICE_MAX_DEPTH][16];       /* chain[] may point here */
    struct grant g[MAX_GRANTS];
    size_t n, ng;
};

/* 1 with *a filled, 0 when nobody is signed in or the office is unknown,
 * -1 when the office chain could not be read */
static int access_load(struct req *r, int64_t office_id, struct access *a)
{
    if (!r->me || !r->grants) return 0;
    int n = chain_of(r, office_id, a->chain, a->types);
    if (n <= 0) return n;
    a->n = (size_t)n;
    a->ng = grants_of(r, a->g);
    return 1;
}

int gate_office_perms(struct req *r, int64_t office_id, unsigned *perms)
{
    struct access a;
    int rc = access_load(r, office_id, &a);
    *perms = rc > 0 ? access_perms(a.g, a.ng, a.chain, a.n) : 0;
    return rc < 0 ? -1 : 0;
}

unsigned gate_perms_on(struct req *r, int64_t office_id)
{
    unsigned p;
    gate_office_perms(r, office_id, &p);
    return p;
}

int gate_may_grant(struct req *r, int64_t office_id, const struct role_def *d)
{
    struct access a;
    if (access_load(r, office_id, &a) <= 0) return 0;
    return role_grantable(d, access_perms(a.g, a.ng, a.chain, a.n), a.g, a.ng, a.chain, a.n);
}

unsigned gate_perms_anywhere(struct req *r)
{
    unsigned p = 0;
    size_t i;
    json_t *v;
    json_array_foreach(r->grants, i, v) {
        const struct role_def *d = role_find(json_string_value(json_object_get(v, "role")));
        if (d) p |= d->perms;
    }
    return p;
}

static int refuse(struct req *r, int status, const char *msg)
{
    page_error(r, status, msg);
    return -1;
}

/* A 403 that names what is missing: a role at that office at all, or the
 * permission the page needs and the roles that give it. */
static int refuse_perm(struct req *r, unsigned perm, const json_t *office)
{
    char roles[256], msg[640];
    perm_roles(perm, roles, sizeof roles);
    const char *name = json_string_value(json_object_get(office, "name"));
    if (office && !r->perms)
        snprintf(msg, sizeof msg, "Anda tidak memegang peran di %s (atau kantor di atasnya), jadi "
                 "halaman kantor itu tidak dapat dibuka. Bila Anda bertugas di sana, mintalah "
                 "penanggung jawabnya menambahkan peran untuk Anda.", name ? name : "kantor ini");
    else
        snprintf(msg, sizeof msg, "Halaman ini untuk staf yang boleh %s%s%s. Peran yang "
                 "memberinya: %s. Mintalah kepada penanggung jawab kantor Anda bila tugas Anda "
                 "memerlukannya.", perm_label(perm), office ? " di " : "",
                 office && name ? name : "", roles);
    return refuse(r, 403, msg);
}

/* The member's roles at the office could not be checked against its chain
 * of offices: the database failed, which says nothing about what they may
 * do (not a 403). */
static int refuse_unchecked(struct req *r)
{
    log_error("gate: office chain for %s could not be read: %s", r->path, db_errmsg(r->db));
    resp_header(r, "Retry-After", "30");
    return refuse(r, 503, "Hak akses Anda di kantor ini belum dapat diperiksa karena gangguan "
                          "basis data. Tidak ada data yang berubah; silakan muat ulang halaman "
                          "beberapa saat lagi.");
}

/* The route's role and office scope for the signed-in member. */
static int check_scope(struct req *r)
{
    const struct route *rt = r->route;
    switch (rt->scope) {
    case SCOPE_NONE:
        return 0;
    case SCOPE_ANY:
        if ((gate_perms_anywhere(r) & rt->perm) == rt->perm) return 0;
        return refuse_perm(r, rt->perm, NULL);
    case SCOPE_OFFICE: {
        int found = office_find(r->db, req_param(r, "office"), &r->office);
        if (found < 0) {
            page_db_down(r);
            return -1;
        }
        if (!found) return refuse(r, 404, "Kantor tidak ditemukan.");
        if (gate_office_perms(r, json_integer_value(json_object_get(r->office, "id")),
                              &r->perms) != 0)
            return refuse_unchecked(r);
        if ((r->perms & rt->perm) == rt->perm) return 0;
        return refuse_perm(r, rt->perm, r->office);
    }
    }
    return refuse(r, 403, "Akses ditolak.");
}

/* A staff route called with a personal access token: the token alone
 * decides who it is (a cookie sent along is not read), and no CSRF token
 * is asked for, since no cookie is involved. Public routes never look at
 * the header, so a token elevates nothing there. */
static int gate_bearer(struct req *r, const char *tok)
{
    int rc = load_bearer(r, tok);
    if (rc < 0) {
        page_db_down(r);
        return -1;
    }
    if (rc > 0) return -1;
    if (r->route->flags & RF_SESSION)
        return refuse(r, 403, "Halaman ini hanya dapat dipakai setelah masuk dengan kata sandi, "
                              "bukan dengan token akses.");
    return check_scope(r);
}

/* session or token, CSRF, role and office scope */
static int gate_access(struct req *r)
{
    const struct route *rt = r->route;
    int post = strcmp(r->method, "POST") == 0;
    const char *bearer = rt->auth != AUTH_PUBLIC ? bearer_of(r) : NULL;
    if (bearer) return gate_bearer(r, bearer);
    /* a signed-in member must not be sent to the login page because the
     * database is down */
    if (load_session(r) != 0 && rt->auth != AUTH_PUBLIC) {
        page_db_down(r);
        return -1;
    }

    if (post && (rt->flags & RF_PRE_CSRF)) {
        const char *c = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, PRE_COOKIE);
        if (!c || !same(c, req_field(r, "_csrf")))
            return refuse(r, 403, "Formulir sudah kedaluwarsa. Muat ulang halaman lalu coba lagi.");
    }
    if (rt->auth == AUTH_PUBLIC) return 0;

    if (!r->me) {
        if (!post && !r->want_json) {
            char loc[1700], next[1600];
            url_encode(r->path, next, sizeof next);
            snprintf(loc, sizeof loc, "/login?next=%s", next);
            resp_redirect(r, loc);
            return -1;
        }
        return refuse(r, 401, "Silakan masuk terlebih dahulu.");
    }
    if (post && !(rt->flags & RF_PRE_CSRF) && !same(r->csrf, req_field(r, "_csrf")))
        return refuse(r, 403, "Formulir sudah kedaluwarsa. Muat ulang halaman lalu coba lagi.");
    return check_scope(r);
}

int gate_check(struct req *r)
{
    if (gate_access(r) != 0) return -1;
    return gate_fields(r);
}

int gate_login(struct req *r, int64_t staff_id)
{
    char tok[65], h[65], csrf[65];
    gate_token(tok);
    gate_token(csrf);
    hash_token(tok, h);
    if (session_create(r->db, h, staff_id, csrf, r->now, r->now + SESSION_TTL) != 0) return -1;
    set_cookie(r, SESSION_COOKIE, tok, SESSION_TTL * 3);
    set_cookie(r, PRE_COOKIE, "", 0);
    return 0;
}

void gate_logout(struct req *r)
{
    if (r->session_hash[0]) session_delete(r->db, r->session_hash);
    set_cookie(r, SESSION_COOKIE, "", 0);
}
