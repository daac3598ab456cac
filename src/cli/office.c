/* office: `balai office add` and `balai office list` — creates an office
 * (audited) or prints one office a line: slug, type, parent, name. */
#include "cli/cli.h"
#include "core/service.h"
#include "db/store_office.h"
#include "http/form.h"
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

struct office_args {
    const char *name, *type, *parent, *tz, *code;
};

static const struct cli_opt office_opts[] = {
    {"--name", OPT_VALUE, offsetof(struct office_args, name), "nama kantor"},
    {"--type", OPT_VALUE, offsetof(struct office_args, type), "jenis kantor"},
    {"--parent", OPT_VALUE, offsetof(struct office_args, parent), "slug kantor induk"},
    {"--tz", OPT_VALUE, offsetof(struct office_args, tz), "zona waktu WIB, WITA atau WIT"},
    {"--code", OPT_VALUE, offsetof(struct office_args, code), "kode wilayah"},
    {0},
};

static int office_add(struct cli *c, const struct office_args *o, db_t *db, const char *slug)
{
    char msg[200];
    if (check_slug(slug, msg, sizeof msg) != 0) { fprintf(stderr, "balai: %s\n", msg); return 2; }
    if (!o->name || !o->type) { cli_usage(c); return 2; }
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

static int office_cmd(struct cli *c, void *opts)
{
    const struct office_args *o = opts;
    if (c->pos.n < 1) { cli_usage(c); return 2; }
    db_t *db = cli_open_db(c);
    if (!db) return 1;
    int rc = 0;
    if (strcmp(c->pos.v[0], "list") == 0) {
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
    } else if (strcmp(c->pos.v[0], "add") == 0 && c->pos.n >= 2) {
        rc = office_add(c, o, db, c->pos.v[1]);
    } else {
        cli_usage(c);
        rc = 2;
    }
    db_close(db);
    return rc;
}

const struct cli_cmd cli_cmd_office = {
    .name = "office",
    .usage = "office add SLUG --name NAMA --type JENIS [--parent SLUG] [--tz WIB|WITA|WIT] [--code KODE]\n"
               "       balai office list\n"
               "  list mencetak satu kantor per baris: slug, jenis, induk, nama.",
    .opts = office_opts,
    .opts_size = sizeof(struct office_args),
    .run = office_cmd,
};
