/* main: the `balai` command. One table of subcommands {name, usage, fn}, as
 * tmux keeps its cmd_table; each subcommand parses its own options, prints
 * errors in Bahasa Indonesia on stderr and returns the exit code:
 * 0 success, 1 failure, 2 wrong usage. */
#include "core/password.h"
#include "core/secret.h"
#include "core/role.h"
#include "db/migrate.h"
#include "db/row.h"
#include "db/seed.h"
#include "db/store_audit.h"
#include "db/store_office.h"
#include "db/store_service.h"
#include "core/service.h"
#include "db/store_staff.h"
#include "http/form.h"
#include "http/route.h"
#include "http/server.h"
#include "db/store_chat.h"
#include "db/store_media.h"
#include "util/filestore.h"
#include "util/assets.h"
#include "util/buf.h"
#include "bot/bot.h"
#include "channels/botenv.h"
#include "channels/config.h"
#include "channels/http_client.h"
#include "channels/idphoto.h"
#include "channels/send.h"
#include "channels/telegram.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct opts {
    const char *db, *listen, *office, *role, *name, *type, *parent, *tz, *code, *file;
    const char *phone_number_id, *token, *app_secret, *verify_token, *graph_url, *api_url,
               *secret_token, *webhook_url, *template_status, *template_survey,
               *template_reminder, *template_language, *secret_key_file, *files_dir, *trusted_proxy,
               *max_conn_per_address, *header_timeout;
    int demo, password_stdin, threads, json, jsonl, no_ocr;
    const char *pos[4];     /* positional arguments */
    int npos;
};

struct cmd {
    const char *name;
    const char *usage;
    int (*fn)(struct opts *o);
};

static const struct cmd *find_cmd(const char *name);

static void die_usage(const struct cmd *c)
{
    fprintf(stderr, "Penggunaan: balai %s\n", c->usage);
}

/* Parses --opt VALUE / --flag into o. Returns 0, or -1 on an unknown option. */
static int parse(int argc, char **argv, struct opts *o)
{
    static const struct { const char *name; size_t off; } valued[] = {
        {"--db", offsetof(struct opts, db)},           {"--listen", offsetof(struct opts, listen)},
        {"--office", offsetof(struct opts, office)},   {"--role", offsetof(struct opts, role)},
        {"--name", offsetof(struct opts, name)},       {"--type", offsetof(struct opts, type)},
        {"--parent", offsetof(struct opts, parent)},   {"--tz", offsetof(struct opts, tz)},
        {"--code", offsetof(struct opts, code)},       {"--file", offsetof(struct opts, file)},
        {"--phone-number-id", offsetof(struct opts, phone_number_id)},
        {"--token", offsetof(struct opts, token)},     {"--app-secret", offsetof(struct opts, app_secret)},
        {"--verify-token", offsetof(struct opts, verify_token)},
        {"--graph-url", offsetof(struct opts, graph_url)}, {"--api-url", offsetof(struct opts, api_url)},
        {"--secret-token", offsetof(struct opts, secret_token)},
        {"--webhook-url", offsetof(struct opts, webhook_url)},
        {"--template-status", offsetof(struct opts, template_status)},
        {"--template-survey", offsetof(struct opts, template_survey)},
        {"--template-reminder", offsetof(struct opts, template_reminder)},
        {"--template-language", offsetof(struct opts, template_language)},
        {"--secret-key-file", offsetof(struct opts, secret_key_file)},
        {"--files-dir", offsetof(struct opts, files_dir)},
        {"--trusted-proxy", offsetof(struct opts, trusted_proxy)},
        {"--max-conn-per-address", offsetof(struct opts, max_conn_per_address)},
        {"--header-timeout", offsetof(struct opts, header_timeout)},
    };
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--demo") == 0) { o->demo = 1; continue; }
        if (strcmp(a, "--password-stdin") == 0) { o->password_stdin = 1; continue; }
        if (strcmp(a, "--json") == 0) { o->json = 1; continue; }
        if (strcmp(a, "--jsonl") == 0) { o->jsonl = 1; continue; }
        if (strcmp(a, "--no-ocr") == 0) { o->no_ocr = 1; continue; }
        if (strcmp(a, "--threads") == 0 && i + 1 < argc) {
            o->threads = (int)strtol(argv[++i], NULL, 10);
            continue;
        }
        int done = 0;
        for (size_t k = 0; k < sizeof valued / sizeof *valued; k++) {
            size_t n = strlen(valued[k].name);
            if (strncmp(a, valued[k].name, n) == 0 && (a[n] == '\0' || a[n] == '=')) {
                const char *v = a[n] == '=' ? a + n + 1 : (i + 1 < argc ? argv[++i] : NULL);
                if (!v) { fprintf(stderr, "balai: %s memerlukan nilai\n", valued[k].name); return -1; }
                *(const char **)((char *)o + valued[k].off) = v;
                done = 1;
                break;
            }
        }
        if (done) continue;
        if (a[0] == '-' && a[1]) { fprintf(stderr, "balai: opsi tidak dikenal: %s\n", a); return -1; }
        if (o->npos < 4) o->pos[o->npos++] = a;
    }
    return 0;
}

static const char *db_url(struct opts *o)
{
    if (o->db) return o->db;
    const char *e = getenv("BALAI_DB");
    return e && *e ? e : "balai.db";
}

/* Opens and migrates the database; prints why not on failure. */
static db_t *open_db(struct opts *o)
{
    db_t *db;
    char err[512];
    if (db_open(db_url(o), &db, err, sizeof err) != 0) {
        fprintf(stderr, "balai: %s\n", err);
        return NULL;
    }
    if (migrate_up(db, err, sizeof err) < 0) {
        fprintf(stderr, "balai: %s\n", err);
        db_close(db);
        return NULL;
    }
    return db;
}

/* Loads the key that seals channel secrets (core/secret.h), creating it
 * only while no secret is sealed yet: a new key could not open those. Then
 * checks that the stored secrets open with it and, with `seal`, seals
 * legacy plaintext ones. Returns 0, or 1 when the key file is refused. */
static int key_setup(struct opts *o, db_t *db, int seal)
{
    char path[512], err[800];
    secret_key_path(o->secret_key_file, db_url(o), path, sizeof path);
    int64_t sealed = channel_sealed_count(db);
    if (sealed < 0) {
        fprintf(stderr, "balai: rahasia kanal tidak dapat dibaca: %s\n", db_errmsg(db));
        return 1;
    }
    int created = 0;
    if (secret_key_load(path, sealed == 0, &created, err, sizeof err) != 0) {
        fprintf(stderr, "balai: %s\n", err);
        return 1;
    }
    if (created)
        fprintf(stderr, "balai: kunci rahasia baru dibuat: %s (mode 0600). Simpan salinannya "
                        "bersama cadangan basis data; tanpa berkas ini token kanal tidak dapat "
                        "dibuka.\n", path);
    struct channel_key_report rep;
    if (channel_secrets_check(db, seal, &rep) != 0) {
        fprintf(stderr, "balai: rahasia kanal tidak dapat diperiksa: %s\n", db_errmsg(db));
        return 1;
    }
    if (rep.failed)
        fprintf(stderr, "balai: Kunci rahasia tidak cocok: %d rahasia kanal (pertama %s) tidak "
                        "dapat dibuka dengan berkas kunci %s. Kanal itu tidak mengirim dan tidak "
                        "menerima pesan sampai Balai dijalankan dengan berkas kunci yang dipakai "
                        "saat rahasianya disimpan (atau rahasianya diisi ulang).\n",
                rep.failed, rep.first_failed, path);
    if (rep.resealed)
        fprintf(stderr, "balai: %d rahasia kanal yang tersimpan polos kini dienkripsi dengan "
                        "kunci %s.\n", rep.resealed, path);
    /* links in messages from before they were stored masked (core/uplink.h) */
    int masked = seal ? chat_mask_old_links(db) : 0;
    if (masked > 0)
        fprintf(stderr, "balai: %d tautan unggah dalam riwayat pesan kini disamarkan.\n", masked);
    return 0;
}

/* The folder of the files citizens send (util/filestore.h); files an older
 * Balai kept in the database move there. `always`: make the folder even
 * with nothing to move (serve). 0, or 1 when the folder cannot be used. */
static int files_setup(struct opts *o, db_t *db, int always)
{
    char files[512], err[600];
    if (!always && media_legacy_count(db) == 0) return 0;
    filestore_path_for(o->files_dir, db_url(o), files, sizeof files);
    if (filestore_init(files, err, sizeof err) != 0) {
        fprintf(stderr, "balai: %s\n", err);
        return 1;
    }
    int moved = media_move_to_files(db);
    if (moved > 0) printf("%d berkas warga dipindahkan dari basis data ke %s.\n", moved, files);
    if (moved < 0)
        fprintf(stderr, "balai: berkas lama belum dapat dipindahkan ke %s: %s\n", files,
                db_errmsg(db));
    return 0;
}

static struct actor cli_actor(void)
{
    static char name[64];
    const char *u = getenv("SUDO_USER");
    if (!u || !*u) u = getenv("USER");
    snprintf(name, sizeof name, "cli:%s", u && *u ? u : "root");
    return (struct actor){0, name};
}

static int print_logins(db_t *db)
{
    json_t *l = seed_demo_logins(db);
    if (!l) return 0;
    printf("Akun demo (kata sandi semua akun: %s):\n", json_string_value(json_object_get(l, "password")));
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(l, "staff"), i, s)
        printf("  %-22s %-20s %s\n", json_string_value(json_object_get(s, "username")),
               json_string_value(json_object_get(s, "office")),
               json_string_value(json_object_get(s, "role")));
    json_decref(l);
    return 1;
}

/* A serve limit from its option, else its environment variable, else 0
 * (the default); -1 (with a message) when it is not a number in [lo, hi]. */
static long serve_limit(const char *opt, const char *name, const char *env, long lo, long hi)
{
    const char *v = opt ? opt : getenv(env);
    if (!v || !*v) return 0;
    char *end;
    long n = strtol(v, &end, 10);
    if (*end || n < lo || n > hi) {
        fprintf(stderr, "balai: %s (atau %s) harus bilangan %ld–%ld, bukan \"%s\"\n", name, env,
                lo, hi, v);
        return -1;
    }
    return n;
}

static int cmd_serve(struct opts *o)
{
    long per_addr = serve_limit(o->max_conn_per_address, "--max-conn-per-address",
                                "BALAI_MAX_CONN_PER_ADDRESS", 1, 100000);
    long header_s = serve_limit(o->header_timeout, "--header-timeout", "BALAI_HEADER_TIMEOUT", 1, 3600);
    if (per_addr < 0 || header_s < 0) return 2;
    db_t *db = open_db(o);
    if (!db) return 1;
    int64_t n = 0;
    db_int(db, &n, "SELECT COUNT(*) FROM holiday_year", "");
    if (!n) {
        const struct asset *a = asset_find("data/holidays.tsv");
        char err[256];
        if (seed_holidays(db, (const char *)a->data, a->len, "sistem", err, sizeof err) < 0)
            fprintf(stderr, "balai: %s\n", err);
    }
    print_logins(db);
    int krc = key_setup(o, db, 1);
    if (!krc) krc = files_setup(o, db, 1);
    db_close(db);
    if (krc) return krc;
    /* reading photos for KTP/KK costs ~0.4 s of CPU a photo and up to ~40 MB per worker:
     * a very weak PC may do without (the caption and NIK checks stay) */
    const char *ocr = getenv("BALAI_OCR");
    if (o->no_ocr || (ocr && strcmp(ocr, "0") == 0)) {
        idphoto_set_enabled(0);
        printf("Pengenalan foto KTP/KK (OCR) dimatikan.\n");
    }
    const char *listen = o->listen;
    if (!listen) listen = getenv("BALAI_LISTEN");
    if (!listen || !*listen) listen = "127.0.0.1:8080";
    struct server_opts so = {.listen = listen, .db_url = db_url(o),
                             .threads = o->threads > 0 ? (unsigned)o->threads : 0,
                             .trusted_proxy = o->trusted_proxy ? o->trusted_proxy
                                                               : getenv("BALAI_TRUSTED_PROXY"),
                             .per_address = (unsigned)per_addr, .header_timeout = (unsigned)header_s};
    return server_run(&so);
}

static int cmd_init(struct opts *o)
{
    db_t *db = open_db(o);
    if (!db) return 1;
    char err[512];
    int rc = 0;
    int64_t n = 0;
    db_int(db, &n, "SELECT COUNT(*) FROM holiday_year", "");
    if (!n) {
        const struct asset *a = asset_find("data/holidays.tsv");
        if (seed_holidays(db, (const char *)a->data, a->len, "sistem", err, sizeof err) < 0) {
            fprintf(stderr, "balai: %s\n", err);
            rc = 1;
        }
    }
    if (rc == 0 && o->demo) {
        int r = seed_demo(db, err, sizeof err);
        if (r < 0) { fprintf(stderr, "balai: %s\n", err); rc = 1; }
        else if (r == 0) printf("Data demo sudah ada.\n");
        else printf("Data demo dimuat.\n");
    }
    if (rc == 0) rc = key_setup(o, db, 1);
    if (rc == 0) printf("Basis data siap: %s\n", db_url(o));
    db_close(db);
    return rc;
}

static int cmd_migrate(struct opts *o)
{
    db_t *db;
    char err[512];
    if (db_open(db_url(o), &db, err, sizeof err) != 0) { fprintf(stderr, "balai: %s\n", err); return 1; }
    int n = migrate_up(db, err, sizeof err);
    if (n < 0) fprintf(stderr, "balai: %s\n", err);
    else printf("%d migrasi diterapkan; versi skema %d.\n", n, migrate_current(db));
    /* also seals channel secrets still stored in plain text */
    int krc = n < 0 ? 0 : key_setup(o, db, 1);
    if (n >= 0 && !krc) krc = files_setup(o, db, 0);
    db_close(db);
    return n < 0 || krc ? 1 : 0;
}

/* Reads a password from stdin (one line) or makes a strong random one. */
static int get_password(struct opts *o, char *pw, size_t n, int *generated)
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

static int user_add(struct opts *o, db_t *db, const char *username)
{
    char msg[200], pw[PASSWORD_MAX + 2];
    if (check_username(username, msg, sizeof msg) != 0) { fprintf(stderr, "balai: %s\n", msg); return 2; }
    if (!o->office || !o->role) { die_usage(find_cmd("user")); return 2; }
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

static int user_passwd(struct opts *o, db_t *db, const char *username, int disable)
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
    if (rc == 0) rc = audit_append(db, &a, staff_home_office(db, id), disable ? "staff.disable" : "staff.password_reset", "staff", username, NULL, after, time(NULL));
    json_decref(after);
    if (rc == 0) rc = db_commit(db);
    if (rc != 0) { db_rollback(db); fprintf(stderr, "balai: gagal menyimpan: %s\n", db_errmsg(db)); return 1; }
    if (disable) printf("Akun %s dinonaktifkan dan semua sesinya diakhiri.\n", username);
    else printf("Kata sandi %s diganti.%s%s\n", username, generated ? " Kata sandi baru: " : "", generated ? pw : "");
    sodium_memzero(pw, sizeof pw);
    return 0;
}

static int cmd_user(struct opts *o)
{
    if (o->npos < 2) { die_usage(find_cmd("user")); return 2; }
    db_t *db = open_db(o);
    if (!db) return 1;
    int rc;
    if (strcmp(o->pos[0], "add") == 0) rc = user_add(o, db, o->pos[1]);
    else if (strcmp(o->pos[0], "passwd") == 0) rc = user_passwd(o, db, o->pos[1], 0);
    else if (strcmp(o->pos[0], "disable") == 0) rc = user_passwd(o, db, o->pos[1], 1);
    else { die_usage(find_cmd("user")); rc = 2; }
    db_close(db);
    return rc;
}

static int office_add(struct opts *o, db_t *db, const char *slug)
{
    char msg[200];
    if (check_slug(slug, msg, sizeof msg) != 0) { fprintf(stderr, "balai: %s\n", msg); return 2; }
    if (!o->name || !o->type) { die_usage(find_cmd("office")); return 2; }
    if (!office_type_valid(o->type)) {
        fprintf(stderr, "balai: jenis kantor tidak dikenal: %s (provinsi, kabupaten, kota, kecamatan, kelurahan, desa, dinas)\n", o->type);
        return 2;
    }
    const char *tz = o->tz ? o->tz : "WIB";
    if (check_tz(tz, msg, sizeof msg) != 0) { fprintf(stderr, "balai: %s\n", msg); return 2; }
    json_t *parent = NULL;
    if (o->parent) {
        parent = office_get(db, o->parent);
        if (!parent) { fprintf(stderr, "balai: kantor induk tidak ditemukan: %s\n", o->parent); return 1; }
    }
    if (!office_type_fits(parent ? json_string_value(json_object_get(parent, "type")) : NULL, o->type)) {
        fprintf(stderr, "balai: %s tidak dapat berada di bawah %s\n", o->type, json_string_value(json_object_get(parent, "type")));
        json_decref(parent);
        return 1;
    }
    json_t *f = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "slug", slug, "name", o->name, "type", o->type,
                          "tz", tz, "code", o->code ? o->code : "", "hours", "");
    if (parent) json_object_set(f, "parent_id", json_object_get(parent, "id"));
    struct actor a = cli_actor();
    int64_t id = 0;
    int rc = db_begin(db);
    if (rc == 0) rc = office_insert(db, f, time(NULL), &id);
    if (rc == 0) rc = audit_append(db, &a, id, "office.create", "office", slug, NULL, f, time(NULL));
    if (rc == 0) rc = db_commit(db);
    json_decref(f);
    json_decref(parent);
    if (rc != 0) {
        db_rollback(db);
        if (rc == DB_CONFLICT) fprintf(stderr, "balai: slug sudah dipakai: %s\n", slug);
        else fprintf(stderr, "balai: gagal menyimpan: %s\n", db_errmsg(db));
        return 1;
    }
    printf("Kantor %s dibuat.\n", slug);
    return 0;
}

static int cmd_office(struct opts *o)
{
    if (o->npos < 1) { die_usage(find_cmd("office")); return 2; }
    db_t *db = open_db(o);
    if (!db) return 1;
    int rc = 0;
    if (strcmp(o->pos[0], "list") == 0) {
        json_t *l = office_list(db);
        size_t i;
        json_t *v;
        json_array_foreach(l, i, v) {
            json_t *p = json_object_get(v, "parent_id");
            json_t *parent = json_is_integer(p) ? office_get_id(db, json_integer_value(p)) : NULL;
            printf("%s\t%s\t%s\t%s\n", json_string_value(json_object_get(v, "slug")),
                   json_string_value(json_object_get(v, "type")),
                   parent ? json_string_value(json_object_get(parent, "slug")) : "-",
                   json_string_value(json_object_get(v, "name")));
            json_decref(parent);
        }
        json_decref(l);
    } else if (strcmp(o->pos[0], "add") == 0 && o->npos >= 2) {
        rc = office_add(o, db, o->pos[1]);
    } else {
        die_usage(find_cmd("office"));
        rc = 2;
    }
    db_close(db);
    return rc;
}

static int cmd_audit(struct opts *o)
{
    if (o->npos < 1 || strcmp(o->pos[0], "verify") != 0) { die_usage(find_cmd("audit")); return 2; }
    db_t *db = open_db(o);
    if (!db) return 1;
    struct audit_report rep;
    int rc = audit_verify(db, &rep);
    db_close(db);
    if (rc < 0) { fprintf(stderr, "balai: gagal membaca log audit\n"); return 1; }
    if (rc == 1) {
        fprintf(stderr, "Log audit RUSAK: %s (%lld baris diperiksa).\n", rep.reason, (long long)rep.rows);
        return 1;
    }
    printf("Log audit utuh: %lld baris, hash terakhir %s\n", (long long)rep.rows, rep.head);
    return 0;
}

static int read_file(const char *path, struct buf *b, size_t max);

static int cmd_holidays(struct opts *o)
{
    if (o->npos < 2 || strcmp(o->pos[0], "import") != 0) { die_usage(find_cmd("holidays")); return 2; }
    struct buf b;
    if (read_file(o->pos[1], &b, 4 * 1024 * 1024) != 0) return 1;
    db_t *db = open_db(o);
    if (!db) { buf_free(&b); return 1; }
    char err[512];
    struct actor a = cli_actor();
    int r = seed_holidays(db, buf_cstr(&b), b.len, a.name, err, sizeof err);
    if (r < 0) fprintf(stderr, "balai: %s: %s\n", o->pos[1], err);
    else printf("%d hari libur dan cuti bersama dimuat dari %s.\n", r, o->pos[1]);
    buf_free(&b);
    db_close(db);
    return r < 0 ? 1 : 0;
}

/* reads a whole file (at most max bytes) into b; 0 or -1 with a message */
static int read_file(const char *path, struct buf *b, size_t max)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) { fprintf(stderr, "balai: tidak dapat membuka %s\n", path); return -1; }
    buf_init(b, max);
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_add(b, chunk, n);
    if (f != stdin) fclose(f);
    if (b->err) { fprintf(stderr, "balai: %s terlalu besar\n", path); buf_free(b); return -1; }
    return 0;
}

/* catalogue import: the same format as data/catalogue.json, so a regency
 * can prepare one file and load it into all its offices from a script;
 * catalogue export prints an office's catalogue in that format. */
static int cmd_catalogue(struct opts *o)
{
    if (o->npos < 1 || !o->office) { die_usage(find_cmd("catalogue")); return 2; }
    int import = strcmp(o->pos[0], "import") == 0;
    if (!import && strcmp(o->pos[0], "export") != 0) { die_usage(find_cmd("catalogue")); return 2; }
    json_t *cat = NULL;
    if (import) {
        struct buf b;
        const struct asset *shipped = asset_find("data/catalogue.json");
        json_error_t je;
        if (o->npos >= 2) {
            if (read_file(o->pos[1], &b, 8 * 1024 * 1024) != 0) return 1;
            cat = json_loadb(b.p ? b.p : "", b.len, 0, &je);
            buf_free(&b);
        } else {
            cat = json_loadb((const char *)shipped->data, shipped->len, 0, &je);
        }
        if (!cat) {
            fprintf(stderr, "balai: berkas katalog bukan JSON yang sah (baris %d: %s)\n", je.line, je.text);
            return 1;
        }
    }
    db_t *db = open_db(o);
    if (!db) { json_decref(cat); return 1; }
    json_t *office = office_get(db, o->office);
    int rc = 0;
    if (!office) {
        fprintf(stderr, "balai: kantor %s tidak ditemukan\n", o->office);
        rc = 1;
    } else if (import) {
        char err[400];
        struct actor a = cli_actor();
        int n = db_begin(db);
        if (n == 0) n = seed_catalogue(db, json_integer_value(json_object_get(office, "id")), cat,
                                       0, &a, time(NULL), err, sizeof err);
        else snprintf(err, sizeof err, "%s", db_errmsg(db));
        if (n < 0 || db_commit(db) != 0) {
            db_rollback(db);
            fprintf(stderr, "balai: katalog tidak dimuat: %s\n", err);
            rc = 1;
        } else {
            printf("%d layanan ditambahkan atau diperbarui di %s.\n", n, o->office);
        }
    } else {
        json_t *list = service_list(db, json_integer_value(json_object_get(office, "id")), 1);
        json_t *out = json_pack("{s:[], s:[]}", "categories", "services"), *s;
        size_t i;
        json_array_foreach(list, i, s) json_array_append_new(json_object_get(out, "services"), service_doc(s));
        json_dumpf(out, stdout, JSON_INDENT(1));
        putchar('\n');
        json_decref(out);
        json_decref(list);
        rc = list ? 0 : 1;
    }
    json_decref(office);
    json_decref(cat);
    db_close(db);
    return rc;
}

static int cmd_routes(struct opts *o)
{
    json_t *r = routes_json();
    char *s = json_dumps(r, JSON_INDENT(1));
    puts(s);
    free(s);
    json_decref(r);
    return 0;
}

static int cmd_help(struct opts *o);

/* --- channel ---------------------------------------------------------- */

static void print_channel(const json_t *row, const char *office)
{
    json_t *p = channel_public(row);
    printf("%s\t%s\takun %s\ttoken %s\t%s%s%s\n", office,
           json_string_value(json_object_get(p, "kind")) ?: "",
           json_string_value(json_object_get(p, "account")) ?: "",
           json_string_value(json_object_get(p, "token")) ?: "",
           json_is_true(json_object_get(p, "active")) ? "aktif" : "nonaktif",
           *(json_string_value(json_object_get(p, "last_error")) ?: "") ? "\tgalat: " : "",
           json_string_value(json_object_get(p, "last_error")) ?: "");
    json_decref(p);
}

/* Registers the webhook with Telegram so updates reach this Balai. */
static int tg_set_webhook(const json_t *ch, const char *office, const char *public_url)
{
    char url[CHANNEL_SECRET_MAX + 600], hook[600], err[256], token[CHANNEL_SECRET_MAX], secret[CHANNEL_SECRET_MAX];
    const char *base = json_string_value(json_object_get(ch, "base_url"));
    if (channel_secret(ch, "token", token, err, sizeof err) != 0 ||
        channel_secret(ch, "verify_token", secret, err, sizeof err) != 0) {
        fprintf(stderr, "balai: %s\n", err);
        sodium_memzero(token, sizeof token);
        return 1;
    }
    snprintf(url, sizeof url, "%s/bot%s/setWebhook", base && *base ? base : TG_API_URL, token);
    sodium_memzero(token, sizeof token);
    size_t l = strlen(public_url);
    while (l && public_url[l - 1] == '/') l--;
    snprintf(hook, sizeof hook, "%.*s/webhooks/telegram/%s", (int)l, public_url, office);
    json_t *b = json_pack("{s:s, s:s, s:[s,s], s:i}", "url", hook, "secret_token", secret,
                          "allowed_updates", "message", "callback_query", "max_connections", 40);
    sodium_memzero(secret, sizeof secret);
    char *body = json_dumps(b, JSON_COMPACT);
    json_decref(b);
    struct hc_resp r;
    int rc = hc_request("POST", url, NULL, body, 64 * 1024, 15000, &r, err, sizeof err);
    sodium_memzero(url, sizeof url);
    if (body) sodium_memzero(body, strlen(body));
    free(body);
    json_t *ans = rc == 0 ? json_loadb(r.body.p ? r.body.p : "", r.body.len, 0, NULL) : NULL;
    int ok = json_is_true(json_object_get(ans, "ok"));
    if (ok) printf("Webhook Telegram terpasang: %s\n", hook);
    else fprintf(stderr, "balai: webhook Telegram belum terpasang: %s\n",
                 rc != 0 ? err : json_string_value(json_object_get(ans, "description")) ?: "galat");
    json_decref(ans);
    hc_resp_free(&r);
    return ok ? 0 : 1;
}

static int cmd_channel(struct opts *o)
{
    const char *kind = o->npos ? o->pos[0] : "";
    int list = strcmp(kind, "list") == 0;
    if (!list && strcmp(kind, "whatsapp") != 0 && strcmp(kind, "telegram") != 0) {
        die_usage(find_cmd("channel"));
        return 2;
    }
    if (!list && !o->office) {
        fprintf(stderr, "balai: --office wajib diisi\n");
        return 2;
    }
    db_t *db = open_db(o);
    if (!db) return 1;
    if (key_setup(o, db, 1) != 0) {
        db_close(db);
        return 1;
    }
    int rc = 0;
    if (list) {
        json_t *offices = office_list(db);
        size_t i;
        json_t *of;
        json_array_foreach(offices, i, of) {
            const char *slug = json_string_value(json_object_get(of, "slug"));
            if (o->office && strcmp(o->office, slug) != 0) continue;
            static const char *const kinds[] = {"whatsapp", "telegram"};
            for (int k = 0; k < 2; k++) {
                json_t *ch = channel_get(db, json_integer_value(json_object_get(of, "id")), kinds[k]);
                if (ch) {
                    json_object_set_new(ch, "kind", json_string(kinds[k]));
                    print_channel(ch, slug);
                }
                json_decref(ch);
            }
        }
        json_decref(offices);
        db_close(db);
        return 0;
    }
    json_t *office = office_get(db, o->office);
    if (!office) {
        fprintf(stderr, "balai: kantor \"%s\" tidak ditemukan\n", o->office);
        db_close(db);
        return 1;
    }
    int64_t office_id = json_integer_value(json_object_get(office, "id"));
    json_t *f = json_object(), *errors = json_object();
    const struct { const char *key; const char *val; } fields[] = {
        {"phone_number_id", o->phone_number_id}, {"token", o->token},
        {"app_secret", o->app_secret}, {"verify_token", o->verify_token},
        {"secret_token", o->secret_token},
        {"base_url", strcmp(kind, "whatsapp") == 0 ? o->graph_url : o->api_url},
        {"template_status", o->template_status}, {"template_survey", o->template_survey},
        {"template_reminder", o->template_reminder},
        {"template_language", o->template_language},
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (fields[i].val) json_object_set_new(f, fields[i].key, json_string(fields[i].val));
    struct actor who = cli_actor();
    int64_t now = time(NULL);
    if (db_begin(db) != 0) rc = -1;
    if (rc == 0) rc = channel_save(db, &who, office_id, kind, f, errors, now);
    if (rc == 0 && db_commit(db) != 0) rc = -1;
    if (rc != 0) db_rollback(db);
    if (rc > 0) {
        const char *k;
        json_t *v;
        json_object_foreach(errors, k, v) fprintf(stderr, "balai: %s: %s\n", k, json_string_value(v));
        rc = 1;
    } else if (rc < 0) {
        fprintf(stderr, "balai: pengaturan kanal tidak tersimpan: %s\n", db_errmsg(db));
        rc = 1;
    } else {
        json_t *ch = channel_get(db, office_id, kind);
        json_object_set_new(ch, "kind", json_string(kind));
        printf("Kanal %s kantor %s tersimpan.\n", kind, o->office);
        print_channel(ch, o->office);
        if (strcmp(kind, "whatsapp") == 0)
            printf("Alamat webhook untuk dasbor Meta: <alamat publik Balai>/webhooks/whatsapp\n");
        else if (o->webhook_url) {
            hc_init();
            rc = tg_set_webhook(ch, o->office, o->webhook_url);
            hc_cleanup();
        } else
            printf("Pasang webhook dengan --webhook-url https://alamat-publik-balai\n");
        json_decref(ch);
    }
    json_decref(f);
    json_decref(errors);
    json_decref(office);
    db_close(db);
    return rc;
}

/* --- secrets ---------------------------------------------------------- */

/* `secrets rotate`: a new key file, every channel secret sealed again with
 * it in one transaction, the old file kept beside it (database backups
 * made before still need it). If the process stops between the commit and
 * the renames, the new key is the ".baru" file. */
static int cmd_secrets(struct opts *o)
{
    if (o->npos != 1 || strcmp(o->pos[0], "rotate") != 0) {
        die_usage(find_cmd("secrets"));
        return 2;
    }
    db_t *db = open_db(o);
    if (!db) return 1;
    if (key_setup(o, db, 1) != 0) {
        db_close(db);
        return 1;
    }
    char path[512], fresh[600], old[600], err[800];
    snprintf(path, sizeof path, "%s", secret_key_file());
    snprintf(fresh, sizeof fresh, "%s.baru", path);
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
    snprintf(old, sizeof old, "%s.lama-%s", path, stamp);
    unsigned char key[SECRET_KEY_BYTES];
    if (secret_key_create(fresh, key, err, sizeof err) != 0) {
        fprintf(stderr, "balai: %s\n", err);
        db_close(db);
        return 1;
    }
    int n = 0, rc = channel_secrets_reseal(db, key, &n);
    sodium_memzero(key, sizeof key);
    db_close(db);
    if (rc != 0) {
        unlink(fresh);
        fprintf(stderr, rc == -2 ? "balai: Kunci rahasia tidak cocok: tidak semua rahasia kanal dapat "
                                   "dibuka dengan %s; kunci tidak diganti.\n"
                                 : "balai: rahasia kanal tidak tersimpan ulang (%s); kunci tidak "
                                   "diganti.\n", rc == -2 ? path : "galat basis data");
        return 1;
    }
    if (link(path, old) != 0 || rename(fresh, path) != 0) {
        fprintf(stderr, "balai: rahasia kanal sudah dienkripsi dengan kunci baru %s, tetapi berkas "
                        "kunci tidak dapat dipindahkan: pindahkan sendiri %s ke %s\n",
                fresh, fresh, path);
        return 1;
    }
    printf("%d rahasia kanal dienkripsi ulang dengan kunci baru %s.\n"
           "Kunci lama disimpan di %s: cadangan basis data yang lebih lama masih memerlukannya.\n"
           "Salin kunci baru ke setiap instans Balai lain yang memakai basis data ini, lalu mulai "
           "ulang instans itu.\n", n, path, old);
    return 0;
}

/* --- answer ----------------------------------------------------------- */

static void answer_one(struct bot_env *env, const char *text, int as_json)
{
    size_t n = strlen(text) + 1;
    char *masked = malloc(n);
    if (!masked) return;
    struct bot_input in = {.text = masked};
    in.sensitive = bot_mask(text, masked, n) > 0;
    json_t *state = json_object();
    struct bot_decision d;
    if (bot_decide(env->cat, &env->o, state, &in, &d) != 0) {
        fprintf(stderr, "balai: memori habis\n");
        json_decref(state);
        free(masked);
        return;
    }
    if (as_json) {
        json_t *j = bot_decision_json(&d);
        char *s = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(4));
        if (s) puts(s);
        free(s);
        json_decref(j);
    } else {
        printf("niat: %s", bot_intent_name(d.intent));
        if (d.service) printf(" (%s)", d.service);
        printf(", keyakinan %.2f%s%s\n\n%s\n", d.confidence, d.handover ? ", diteruskan ke petugas" : "",
               d.sensitive ? ", data pribadi" : "", d.reply.text ? d.reply.text : "");
        for (int i = 0; i < d.reply.nrows; i++) printf("  [%s] %s\n", d.reply.rows[i].id, d.reply.rows[i].title);
        for (int i = 0; i < d.reply.nbuttons; i++)
            printf("  [%s] %s\n", d.reply.buttons[i].id, d.reply.buttons[i].title);
    }
    bot_decision_free(&d);
    json_decref(state);
    free(masked);
}

static int cmd_answer(struct opts *o)
{
    if (!o->office || (!o->jsonl && o->npos != 1)) {
        die_usage(find_cmd("answer"));
        return 2;
    }
    db_t *db = open_db(o);
    if (!db) return 1;
    json_t *office = office_get(db, o->office);
    struct bot_env env;
    const char *base = getenv("BALAI_BASE_URL");
    botenv_set_base_url(base && *base ? base : "http://127.0.0.1:8080");
    if (!office || botenv_load(db, json_integer_value(json_object_get(office, "id")), time(NULL),
                               &env) != 0) {
        fprintf(stderr, "balai: kantor \"%s\" tidak ditemukan\n", o->office);
        json_decref(office);
        db_close(db);
        return 1;
    }
    /* a sensitive message's reply names a private upload link; here it is
     * only an example, nothing is stored */
    snprintf(env.upload, sizeof env.upload, "%s/unggah/(tautan-pribadi)", botenv_base_url());
    env.o.upload_url = env.upload;
    if (!o->jsonl) {
        answer_one(&env, o->pos[0], o->json);
    } else {
        char *line = NULL;
        size_t cap = 0;
        ssize_t len;
        while ((len = getline(&line, &cap, stdin)) >= 0) {
            while (len && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
            json_t *v = json_loads(line, JSON_DECODE_ANY, NULL);
            const char *text = json_is_string(v) ? json_string_value(v)
                             : json_is_object(v) ? json_string_value(json_object_get(v, "text")) : line;
            answer_one(&env, text ? text : "", 1);
            json_decref(v);
        }
        free(line);
    }
    botenv_free(&env);
    botenv_cache_clear();
    json_decref(office);
    db_close(db);
    return 0;
}

static const struct cmd cmds[] = {
    {"serve", "serve [--listen ALAMAT:PORT] [--db URL] [--threads N] [--secret-key-file BERKAS]\n"
              "            [--no-ocr] [--files-dir FOLDER] [--trusted-proxy ALAMAT[,ALAMAT]]\n"
              "            [--max-conn-per-address N] [--header-timeout DETIK]\n"
              "  Menjalankan server web. Skema basis data diperbarui otomatis.\n"
              "  --no-ocr (atau BALAI_OCR=0): foto warga tidak dibaca untuk mengenali KTP/KK,\n"
              "  untuk komputer yang sangat lemah.\n"
              "  --files-dir (atau BALAI_FILES_DIR): folder berkas kiriman warga; bawaan\n"
              "  <berkas SQLite>.files, atau ./balai.files untuk PostgreSQL.\n"
              "  --trusted-proxy (BALAI_TRUSTED_PROXY): alamat reverse proxy yang dipercaya; hanya\n"
              "  dari sana alamat warga dibaca dari X-Forwarded-For.\n"
              "  --max-conn-per-address (BALAI_MAX_CONN_PER_ADDRESS, bawaan 256): koneksi terbuka\n"
              "  paling banyak dari satu alamat.\n"
              "  --header-timeout (BALAI_HEADER_TIMEOUT, bawaan 15): detik untuk mengirim header\n"
              "  permintaan; koneksi yang lebih lambat ditutup.", cmd_serve},
    {"init", "init [--demo] [--db URL]\n"
             "  Menyiapkan basis data dan hari libur nasional; --demo memuat kantor dan staf contoh.", cmd_init},
    {"migrate", "migrate [--db URL] [--files-dir FOLDER]\n  Menerapkan migrasi skema yang belum diterapkan; berkas warga yang masih\n  tersimpan di basis data dipindahkan ke folder berkas.", cmd_migrate},
    {"user", "user add NAMA_PENGGUNA --office SLUG --role PERAN [--name \"Nama Lengkap\"] [--password-stdin]\n"
             "       balai user passwd NAMA_PENGGUNA [--password-stdin]\n"
             "       balai user disable NAMA_PENGGUNA\n"
             "  Tanpa --password-stdin, kata sandi acak dibuat dan dicetak.", cmd_user},
    {"office", "office add SLUG --name NAMA --type JENIS [--parent SLUG] [--tz WIB|WITA|WIT] [--code KODE]\n"
               "       balai office list\n"
               "  list mencetak satu kantor per baris: slug, jenis, induk, nama.", cmd_office},
    {"audit", "audit verify [--db URL]\n  Memeriksa rantai hash log audit; keluar 1 bila ada baris yang diubah atau dihapus.", cmd_audit},
    {"holidays", "holidays import BERKAS [--db URL]\n  Memuat hari libur nasional dan cuti bersama (format data/holidays.tsv).", cmd_holidays},
    {"catalogue", "catalogue import --office SLUG [BERKAS|-] [--db URL]\n"
                  "  Memuat katalog layanan (format data/catalogue.json; tanpa BERKAS: katalog bawaan).\n"
                  "  Layanan baru ditambahkan, yang sudah ada disimpan sebagai versi baru bila berbeda.\n"
                  "catalogue export --office SLUG [--db URL]\n"
                  "  Mencetak katalog kantor dalam format yang sama.", cmd_catalogue},
    {"channel", "channel whatsapp --office SLUG --phone-number-id ID --token TOKEN --app-secret RAHASIA\n"
                "               --verify-token TOKEN [--graph-url URL] [--db URL]\n"
                "               [--template-status NAMA] [--template-survey NAMA]\n"
                "               [--template-reminder NAMA] [--template-language id]\n"
                "       balai channel telegram --office SLUG --token TOKEN_BOT [--secret-token RAHASIA]\n"
                "               [--api-url URL] [--webhook-url ALAMAT_PUBLIK]\n"
                "       balai channel list [--office SLUG]\n"
                "  Mengatur kanal WhatsApp Cloud API atau bot Telegram sebuah kantor. Rahasia yang\n"
                "  dikosongkan tetap memakai yang tersimpan; rahasia hanya dicetak tersamar.\n"
                "  --template-* menamai templat WhatsApp yang sudah disetujui, dipakai di luar jendela\n"
                "  24 jam (status permohonan, survei, pengingat ambil).", cmd_channel},
    {"secrets", "secrets rotate [--db URL] [--secret-key-file BERKAS]\n"
                "  Membuat kunci rahasia baru dan mengenkripsi ulang semua token dan rahasia kanal\n"
                "  dengannya dalam satu transaksi. Kunci lama disimpan sebagai BERKAS.lama-WAKTU.", cmd_secrets},
    {"answer", "answer --office SLUG [--db URL] [--json] \"PESAN\"\n"
               "       balai answer --office SLUG --jsonl < pesan.jsonl\n"
               "  Mencetak keputusan bot untuk satu pesan warga (niat, layanan, keyakinan, balasan);\n"
               "  --jsonl membaca satu pesan per baris dan menulis satu objek JSON per baris.", cmd_answer},
    {"routes", "routes\n  Mencetak tabel rute (metode, path, hak akses) sebagai JSON.", cmd_routes},
    {"help", "help [PERINTAH]", cmd_help},
    {0, 0, 0},
};

static const struct cmd *find_cmd(const char *name)
{
    for (const struct cmd *c = cmds; c->name; c++)
        if (strcmp(c->name, name) == 0) return c;
    return NULL;
}

static int cmd_help(struct opts *o)
{
    const struct cmd *c = o->npos ? find_cmd(o->pos[0]) : NULL;
    if (c) { printf("Penggunaan: balai %s\n", c->usage); return 0; }
    printf("Balai — meja informasi layanan publik untuk kantor pemerintahan.\n\n"
           "Penggunaan: balai PERINTAH [OPSI]\n\nPerintah:\n");
    for (c = cmds; c->name; c++) printf("  balai %s\n\n", c->usage);
    printf("--db menerima path berkas SQLite (bawaan ./balai.db) atau postgresql://...\n"
           "Variabel lingkungan BALAI_DB dan BALAI_LISTEN juga dibaca.\n"
           "Token dan rahasia kanal disimpan terenkripsi dengan kunci 32 bita di berkas terpisah:\n"
           "--secret-key-file atau BALAI_SECRET_KEY_FILE; bawaannya BERKAS_DB.key di samping\n"
           "berkas SQLite, atau ./balai.key untuk PostgreSQL. Berkas dibuat (mode 0600) saat\n"
           "pertama dipakai; semua instans yang berbagi satu basis data memakai berkas yang sama.\n");
    return 0;
}

int main(int argc, char **argv)
{
    if (sodium_init() < 0) { fprintf(stderr, "balai: libsodium gagal dimulai\n"); return 1; }
    struct opts o = {0};
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
        return cmd_help(&o);
    /* options may come before the command too ("balai --db X serve"): move
     * the command word to the front, skipping values of "--opt VALUE" */
    for (int i = 1; i < argc && argv[1][0] == '-'; i++) {
        if (argv[i][0] == '-') {
            if (!strchr(argv[i], '=') && strcmp(argv[i], "--demo") != 0 &&
                strcmp(argv[i], "--password-stdin") != 0 && strcmp(argv[i], "--json") != 0 &&
                strcmp(argv[i], "--jsonl") != 0)
                i++;                    /* its value */
            continue;
        }
        char *cmd = argv[i];
        memmove(argv + 2, argv + 1, (size_t)(i - 1) * sizeof *argv);
        argv[1] = cmd;
        break;
    }
    const struct cmd *c = find_cmd(argv[1]);
    if (!c) {
        fprintf(stderr, "balai: perintah tidak dikenal: %s (lihat balai --help)\n", argv[1]);
        return 2;
    }
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            printf("Penggunaan: balai %s\n", c->usage);
            return 0;
        }
    }
    if (parse(argc - 2, argv + 2, &o) != 0) { die_usage(c); return 2; }
    int rc = c->fn(&o);
    secret_key_forget();
    return rc;
}
