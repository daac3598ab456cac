/* serve: `balai serve` — reads its options and environment variables,
 * prepares the database (migrations, holidays, secret key, files folder),
 * then hands over to serve_run (src/serve.c), which runs the server until
 * SIGINT/SIGTERM. */
#include "cli/cli.h"
#include "serve.h"
#include "channels/idphoto.h"
#include "db/seed.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct serve_args {
    const char *listen, *trusted_proxy, *max_conn_per_address, *header_timeout;
    int threads, no_ocr;
};

static const struct cli_opt serve_opts[] = {
    {"--listen", OPT_VALUE, offsetof(struct serve_args, listen),
     "ALAMAT:PORT yang didengarkan (BALAI_LISTEN, bawaan 127.0.0.1:8080)"},
    {"--threads", OPT_INT, offsetof(struct serve_args, threads), "jumlah utas server web"},
    {"--no-ocr", OPT_FLAG, offsetof(struct serve_args, no_ocr),
     "foto warga tidak dibaca untuk mengenali KTP/KK (BALAI_OCR=0)"},
    {"--trusted-proxy", OPT_VALUE, offsetof(struct serve_args, trusted_proxy),
     "alamat reverse proxy yang dipercaya (BALAI_TRUSTED_PROXY)"},
    {"--max-conn-per-address", OPT_VALUE, offsetof(struct serve_args, max_conn_per_address),
     "koneksi terbuka paling banyak dari satu alamat (BALAI_MAX_CONN_PER_ADDRESS)"},
    {"--header-timeout", OPT_VALUE, offsetof(struct serve_args, header_timeout),
     "detik untuk mengirim header permintaan (BALAI_HEADER_TIMEOUT)"},
    {0},
};

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

static void print_logins(db_t *db)
{
    json_t *l = seed_demo_logins(db);
    if (!l) return;
    printf("Akun demo (kata sandi semua akun: %s):\n",
           json_string_value(json_object_get(l, "password")));
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(l, "staff"), i, s)
        printf("  %-22s %-20s %s\n", json_string_value(json_object_get(s, "username")),
               json_string_value(json_object_get(s, "office")),
               json_string_value(json_object_get(s, "role")));
    json_decref(l);
}

/* Migrations, the shipped holidays on a fresh database, the demo logins,
 * the secret key and the files folder. 0, or the exit code. */
static int prepare_db(struct cli *c)
{
    db_t *db = cli_open_db(c);
    if (!db) return 1;
    char err[256];
    if (seed_holidays_shipped(db, err, sizeof err) != 0) fprintf(stderr, "balai: %s\n", err);
    print_logins(db);
    int rc = cli_key_setup(c, db, 1);
    if (!rc) rc = cli_files_setup(c, db, 1);
    db_close(db);
    return rc;
}

static int serve_cmd(struct cli *c, void *opts)
{
    const struct serve_args *o = opts;
    long per_addr = serve_limit(o->max_conn_per_address, "--max-conn-per-address",
                                "BALAI_MAX_CONN_PER_ADDRESS", 1, 100000);
    long header_s = serve_limit(o->header_timeout, "--header-timeout", "BALAI_HEADER_TIMEOUT",
                                1, 3600);
    if (per_addr < 0 || header_s < 0) return 2;
    int rc = prepare_db(c);
    if (rc) return rc;
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
    struct serve_opts so = {.listen = listen, .db_url = cli_db_url(c),
                            .threads = o->threads > 0 ? (unsigned)o->threads : 0,
                            .trusted_proxy = o->trusted_proxy ? o->trusted_proxy
                                                              : getenv("BALAI_TRUSTED_PROXY"),
                            .per_address = (unsigned)per_addr,
                            .header_timeout = (unsigned)header_s};
    return serve_run(&so);
}

const struct cli_cmd cli_cmd_serve = {
    .name = "serve",
    .usage = "serve [--listen ALAMAT:PORT] [--db URL] [--threads N] [--secret-key-file BERKAS]\n"
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
             "  permintaan; koneksi yang lebih lambat ditutup.",
    .opts = serve_opts,
    .opts_size = sizeof(struct serve_args),
    .run = serve_cmd,
};
