/* user: `balai user add|passwd|disable` — creates staff accounts and gives
 * roles, resets passwords (from stdin, or a printed random one) and
 * disables accounts, ending their sessions; every change is audited. */
#include "cli/cli.h"
#include "core/password.h"
#include "core/role.h"
#include "db/store_office.h"
#include "db/store_staff.h"
#include "db/store_token.h"
#include "http/form.h"
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

struct user_args {
    const char *office, *role, *name;
    int password_stdin;
};

static const struct cli_opt user_opts[] = {
    {"--office", OPT_VALUE, offsetof(struct user_args, office), "slug kantor"},
    {"--role", OPT_VALUE, offsetof(struct user_args, role), "peran di kantor itu"},
    {"--name", OPT_VALUE, offsetof(struct user_args, name), "nama lengkap"},
    {"--password-stdin", OPT_FLAG, offsetof(struct user_args, password_stdin),
     "kata sandi dibaca dari stdin"},
    {0},
};

/* Reads a password from stdin (one line) or makes a strong random one. */
static int get_password(const struct user_args *o, char *pw, size_t n, int *generated)
{
    *generated = 0;
    if (o->password_stdin) {
        if (!fgets(pw, (int)n, stdin)) { fprintf(stderr, "balai: kata sandi tidak terbaca dari stdin\n"); return -1; }
        pw[strcspn(pw, "\r\n")] = '\0';
        return 0;
    }
    static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    for (int i = 0; i < 16; i++) pw[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
    pw[16] = '\0';
    *generated = 1;
    return 0;
}

static int user_add(struct cli *c, const struct user_args *o, db_t *db, const char *username)
{
    char msg[200], pw[PASSWORD_MAX + 2];
    if (check_username(username, msg, sizeof msg) != 0) { fprintf(stderr, "balai: %s\n", msg); return 2; }
    if (!o->office || !o->role) { cli_usage(c); return 2; }
    const struct role_def *role = role_find(o->role);
    if (!role) {
        fprintf(stderr, "balai: peran tidak dikenal: %s. Peran yang ada:", o->role);
        for (const struct role_def *d = role_defs; d->name; d++) fprintf(stderr, " %s", d->name);
        fprintf(stderr, "\n");
        return 2;
    }
    json_t *office = office_get(db, o->office);
    if (!office) { fprintf(stderr, "balai: kantor tidak ditemukan: %s\n", o->office); return 1; }
    int64_t oid = json_integer_value(json_object_get(office, "id"));
    json_decref(office);
    int generated;
    if (get_password(o, pw, sizeof pw, &generated) != 0) return 1;
    if (password_policy(pw, username, msg, sizeof msg) != 0) { fprintf(stderr, "balai: %s\n", msg); return 1; }
    char hash[PASSWORD_HASH_MAX];
    if (password_hash(pw, hash) != 0) { fprintf(stderr, "balai: kehabisan memori\n"); return 1; }
    struct actor a = cli_actor();
    json_t *existing = staff_get(db, username);
    int64_t id = existing ? json_integer_value(json_object_get(existing, "id")) : 0;
    int rc = db_begin(db);
    if (rc == 0 && !existing)
        rc = staff_insert(db, username, o->name ? o->name : username, "", hash, time(NULL), &id);
    if (rc == 0) rc = staff_role_add(db, id, oid, role->name);
    json_t *after = json_pack("{s:s, s:s}", "office", o->office, "role", role->name);
    if (rc == 0) rc = audit_append(db, &a, oid, existing ? "staff.role_add" : "staff.create",
                                   "staff", username, NULL, after, time(NULL));
    json_decref(after);
    if (rc == 0) rc = db_commit(db);
    if (rc != 0) {
        db_rollback(db);
        if (rc == DB_CONFLICT) fprintf(stderr, "balai: %s sudah memegang peran %s di %s\n", username, role->name, o->office);
        else fprintf(stderr, "balai: gagal menyimpan: %s\n", db_errmsg(db));
        json_decref(existing);
        return 1;
    }
    if (existing) printf("Peran %s di %s ditambahkan untuk %s (kata sandi tidak berubah).\n", role->name, o->office, username);
    else {
        printf("Akun %s dibuat dengan peran %s di %s.\n", username, role->name, o->office);
        if (generated) printf("Kata sandi awal: %s\n", pw);
    }
    json_decref(existing);
    sodium_memzero(pw, sizeof pw);
    return 0;
}

static int user_passwd(const struct user_args *o, db_t *db, const char *username, int disable)
{
    json_t *s = staff_get(db, username);
    if (!s) { fprintf(stderr, "balai: pengguna tidak ditemukan: %s\n", username); return 1; }
    int64_t id = json_integer_value(json_object_get(s, "id"));
    json_decref(s);
    struct actor a = cli_actor();
    char pw[PASSWORD_MAX + 2], hash[PASSWORD_HASH_MAX], msg[200];
    int generated = 0;
    if (!disable) {
        if (get_password(o, pw, sizeof pw, &generated) != 0) return 1;
        if (password_policy(pw, username, msg, sizeof msg) != 0) { fprintf(stderr, "balai: %s\n", msg); return 1; }
        if (password_hash(pw, hash) != 0) return 1;
    }
    json_t *after = json_pack("{s:s}", disable ? "disabled" : "password", disable ? "ya" : "diatur ulang");
    int rc = db_begin(db);
    if (rc == 0) rc = disable ? staff_set_disabled(db, id, 1, time(NULL)) : staff_set_password(db, id, hash, time(NULL));
    if (rc == 0) rc = session_delete_staff(db, id);
    if (rc == 0 && disable) rc = token_revoke_all(db, id);
    if (rc == 0) rc = audit_append(db, &a, staff_home_office(db, id), disable ? "staff.disable" : "staff.password_reset", "staff", username, NULL, after, time(NULL));
    json_decref(after);
    if (rc == 0) rc = db_commit(db);
    if (rc != 0) { db_rollback(db); fprintf(stderr, "balai: gagal menyimpan: %s\n", db_errmsg(db)); return 1; }
    if (disable) printf("Akun %s dinonaktifkan; semua sesi dan token aksesnya diakhiri.\n", username);
    else printf("Kata sandi %s diganti.%s%s\n", username, generated ? " Kata sandi baru: " : "", generated ? pw : "");
    sodium_memzero(pw, sizeof pw);
    return 0;
}

static int user_cmd(struct cli *c, void *opts)
{
    const struct user_args *o = opts;
    if (c->pos.n < 2) { cli_usage(c); return 2; }
    db_t *db = cli_open_db(c);
    if (!db) return 1;
    int rc;
    if (strcmp(c->pos.v[0], "add") == 0) rc = user_add(c, o, db, c->pos.v[1]);
    else if (strcmp(c->pos.v[0], "passwd") == 0) rc = user_passwd(o, db, c->pos.v[1], 0);
    else if (strcmp(c->pos.v[0], "disable") == 0) rc = user_passwd(o, db, c->pos.v[1], 1);
    else { cli_usage(c); rc = 2; }
    db_close(db);
    return rc;
}

const struct cli_cmd cli_cmd_user = {
    .name = "user",
    .usage = "user add NAMA_PENGGUNA --office SLUG --role PERAN [--name \"Nama Lengkap\"] [--password-stdin]\n"
             "       balai user passwd NAMA_PENGGUNA [--password-stdin]\n"
             "       balai user disable NAMA_PENGGUNA\n"
             "  Tanpa --password-stdin, kata sandi acak dibuat dan dicetak.",
    .opts = user_opts,
    .opts_size = sizeof(struct user_args),
    .run = user_cmd,
};
