/* catalogue: `balai catalogue import|export` — loads an office's service
 * catalogue from the format of data/catalogue.json, or prints it in it. */
#include "cli/cli.h"
#include "core/service.h"
#include "db/seed.h"
#include "db/store_office.h"
#include "db/store_service.h"
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

struct catalogue_args {
    const char *office;
};

static const struct cli_opt catalogue_opts[] = {
    {"--office", OPT_VALUE, offsetof(struct catalogue_args, office), "slug kantor"},
    {0},
};

/* catalogue import: the same format as data/catalogue.json, so a regency
 * can prepare one file and load it into all its offices from a script;
 * catalogue export prints an office's catalogue in that format. */
static int catalogue_cmd(struct cli *c, void *opts)
{
    const struct catalogue_args *o = opts;
    if (c->pos.n < 1 || !o->office) { cli_usage(c); return 2; }
    int import = strcmp(c->pos.v[0], "import") == 0;
    if (!import && strcmp(c->pos.v[0], "export") != 0) { cli_usage(c); return 2; }
    json_t *cat = NULL;
    if (import) {
        struct buf b;
        json_error_t je = { .line = 0, .text = "" };
        if (c->pos.n >= 2) {
            if (cli_read_file(c->pos.v[1], &b, 8 * 1024 * 1024) != 0) return 1;
            cat = json_loadb(b.p ? b.p : "", b.len, 0, &je);
            buf_free(&b);
        } else {
            cat = seed_catalogue_shipped();
        }
        if (!cat) {
            fprintf(stderr, "balai: berkas katalog bukan JSON yang sah (baris %d: %s)\n", je.line, je.text);
            return 1;
        }
    }
    db_t *db = cli_open_db(c);
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

const struct cli_cmd cli_cmd_catalogue = {
    .name = "catalogue",
    .usage = "catalogue import --office SLUG [BERKAS|-] [--db URL]\n"
                  "  Memuat katalog layanan (format data/catalogue.json; tanpa BERKAS: katalog bawaan).\n"
                  "  Layanan baru ditambahkan, yang sudah ada disimpan sebagai versi baru bila berbeda.\n"
                  "catalogue export --office SLUG [--db URL]\n"
                  "  Mencetak katalog kantor dalam format yang sama.",
    .opts = catalogue_opts,
    .opts_size = sizeof(struct catalogue_args),
    .run = catalogue_cmd,
};
