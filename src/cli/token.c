/* token: `balai token create|list|revoke` — a staff member's personal
 * access tokens for scripts (docs/API.md). A new token is printed once;
 * only its hash is stored, so a lost token is revoked and made again.
 * Every change is audited. */
#include "cli/cli.h"
#include "db/store_staff.h"
#include "db/store_token.h"
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

struct token_args {
    const char *name, *expires;
};

static const struct cli_opt token_opts[] = {
    {"--name", OPT_VALUE, offsetof(struct token_args, name), "nama (label) token, unik per pengguna"},
    {"--expires", OPT_VALUE, offsetof(struct token_args, expires),
     "masa berlaku dalam hari (tanpa ini: berlaku sampai dicabut)"},
    {0},
};

/* The account named on the command line: its id, or 0 after the message. */
static int64_t account(db_t *db, const char *username, int active)
{
    json_t *s = staff_get(db, username);
    int64_t id = s ? json_integer_value(json_object_get(s, "id")) : 0;
    if (!s) fprintf(stderr, "balai: pengguna tidak ditemukan: %s\n", username);
    else if (active && json_is_true(json_object_get(s, "disabled"))) {
        fprintf(stderr, "balai: akun %s dinonaktifkan; token tidak dapat dibuat untuknya.\n", username);
        id = 0;
    }
    json_decref(s);
    return id;
}

static int token_new(struct cli *c, const struct token_args *o, db_t *db, const char *username)
{
    char msg[300], tok[TOKEN_LEN + 1];
    int days = 0;
    if (!o->name) { cli_usage(c); return 2; }
    /* an empty --expires is a mistake here, not "never" as in the console form */
    const char *exp = o->expires && !*o->expires ? "x" : o->expires ? o->expires : "";
    if (token_label_check(o->name, msg, sizeof msg) != 0 ||
        token_days_parse(exp, &days, msg, sizeof msg) != 0) {
        fprintf(stderr, "balai: %s\n", msg);
        return 2;
    }
    int64_t id = account(db, username, 1);
    if (!id) return 1;
    struct actor a = cli_actor();
    int rc = db_begin(db);
    if (rc == 0) rc = token_create(db, &a, id, username, o->name, days, time(NULL), tok);
    if (rc == 0) rc = db_commit(db);
    if (rc != 0) {
        db_rollback(db);
        if (rc == DB_CONFLICT)
            fprintf(stderr, "balai: %s sudah punya token bernama '%s'. Pilih nama lain, atau cabut "
                    "dulu yang lama dengan: balai token revoke %s '%s'\n", username, o->name,
                    username, o->name);
        else fprintf(stderr, "balai: gagal menyimpan: %s\n", db_errmsg(db));
        return 1;
    }
    printf("Token akses '%s' untuk %s dibuat%s. Simpan sekarang: token ini tidak akan "
           "ditampilkan lagi.\n%s\n", o->name, username,
           days ? "" : " (berlaku sampai dicabut)", tok);
    sodium_memzero(tok, sizeof tok);
    return 0;
}

/* "2026-12-07 19:40 UTC", or "-" for 0 (never). */
static void when(int64_t t, char *out, size_t n)
{
    if (!t) { snprintf(out, n, "-"); return; }
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, n, "%Y-%m-%d %H:%M UTC", &tm);
}

static int token_show(db_t *db, const char *username)
{
    json_t *rows = NULL;
    if (username) {
        int64_t id = account(db, username, 0);
        if (!id) return 1;
        rows = token_list(db, id);
    } else {
        rows = token_list_all(db);
    }
    if (!rows) { fprintf(stderr, "balai: gagal membaca token: %s\n", db_errmsg(db)); return 1; }
    if (!json_array_size(rows)) printf("Belum ada token akses.\n");
    else printf("%-20s %-24s %-20s %-20s %s\n", "PENGGUNA", "NAMA TOKEN", "DIBUAT",
                "KEDALUWARSA", "TERAKHIR DIPAKAI");
    size_t i;
    json_t *t;
    json_array_foreach(rows, i, t) {
        char made[40], exp[40], used[40];
        when(json_integer_value(json_object_get(t, "created_at")), made, sizeof made);
        when(json_integer_value(json_object_get(t, "expires_at")), exp, sizeof exp);
        when(json_integer_value(json_object_get(t, "last_used_at")), used, sizeof used);
        const char *u = json_string_value(json_object_get(t, "username"));
        printf("%-20s %-24s %-20s %-20s %s\n", u ? u : username,
               json_string_value(json_object_get(t, "label")), made, exp, used);
    }
    json_decref(rows);
    return 0;
}

static int token_drop(db_t *db, const char *username, const char *label)
{
    int64_t id = account(db, username, 0);
    if (!id) return 1;
    struct actor a = cli_actor();
    int rc = db_begin(db);
    if (rc == 0) rc = token_remove(db, &a, id, username, label, time(NULL));
    if (rc == 0) rc = db_commit(db);
    if (rc != 0) {
        db_rollback(db);
        if (rc == 1) fprintf(stderr, "balai: %s tidak punya token bernama '%s'.\n", username, label);
        else fprintf(stderr, "balai: gagal menyimpan: %s\n", db_errmsg(db));
        return 1;
    }
    printf("Token '%s' milik %s dicabut; token itu tidak dapat dipakai lagi.\n", label, username);
    return 0;
}

static int token_cmd(struct cli *c, void *opts)
{
    const struct token_args *o = opts;
    const char *sub = c->pos.n ? c->pos.v[0] : "";
    int n = c->pos.n;
    if (!((strcmp(sub, "create") == 0 && n == 2) || (strcmp(sub, "list") == 0 && n <= 2) ||
          (strcmp(sub, "revoke") == 0 && n == 3))) {
        cli_usage(c);
        return 2;
    }
    db_t *db = cli_open_db(c);
    if (!db) return 1;
    int rc;
    if (strcmp(sub, "create") == 0) rc = token_new(c, o, db, c->pos.v[1]);
    else if (strcmp(sub, "list") == 0) rc = token_show(db, n == 2 ? c->pos.v[1] : NULL);
    else rc = token_drop(db, c->pos.v[1], c->pos.v[2]);
    db_close(db);
    return rc;
}

const struct cli_cmd cli_cmd_token = {
    .name = "token",
    .usage = "token create NAMA_PENGGUNA --name NAMA_TOKEN [--expires HARI]\n"
             "       balai token list [NAMA_PENGGUNA]\n"
             "       balai token revoke NAMA_PENGGUNA NAMA_TOKEN\n"
             "  Token akses pribadi untuk skrip (Authorization: Bearer ...; lihat docs/API.md).\n"
             "  Token dicetak sekali saat dibuat; yang disimpan hanya hash-nya.",
    .opts = token_opts,
    .opts_size = sizeof(struct token_args),
    .run = token_cmd,
};
