/* seed: see seed.h. */
#include "db/seed.h"
#include "core/content.h"
#include "core/holidays.h"
#include "core/password.h"
#include "db/row.h"
#include "db/store_audit.h"
#include "db/store_content.h"
#include "db/store_holiday.h"
#include "db/store_office.h"
#include "db/store_service.h"
#include "core/service.h"
#include "db/store_staff.h"
#include "util/assets.h"
#include "util/log.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

int seed_holidays(db_t *db, const char *text, size_t len, const char *actor, char *err,
                  size_t errlen)
{
    struct holiday_file f;
    if (holidays_parse(text, len, &f, err, errlen) != 0) return -1;
    struct actor a = {0, actor};
    json_t *after = json_object();
    for (size_t i = 0; i < f.nyears; i++) {
        char y[8];
        snprintf(y, sizeof y, "%d", f.years[i].year);
        json_object_set_new(after, y, json_string(f.years[i].status));
    }
    int n = -1;
    if (db_begin(db) == 0) {
        n = holiday_import(db, &f);
        if (n < 0 || audit_append(db, &a, 0, "holiday.import", "holiday_year", "", NULL, after,
                                  time(NULL)) != 0 || db_commit(db) != 0) {
            snprintf(err, errlen, "gagal menyimpan hari libur: %s", db_errmsg(db));
            db_rollback(db);
            n = -1;
        }
    } else {
        snprintf(err, errlen, "gagal memulai transaksi: %s", db_errmsg(db));
    }
    json_decref(after);
    holidays_free(&f);
    return n;
}

int seed_holidays_shipped(db_t *db, char *err, size_t errlen)
{
    int64_t n = 0;
    db_int(db, &n, "SELECT COUNT(*) FROM holiday_year", "");
    if (n) return 0;
    const struct asset *a = asset_find("data/holidays.tsv");
    return seed_holidays(db, (const char *)a->data, a->len, "sistem", err, errlen) < 0 ? -1 : 0;
}

static const char *s_(json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

static int load_catalogue(db_t *db, const struct actor *a, int64_t now);
static int load_content(db_t *db, json_t *demo, int64_t now);

static int load(db_t *db, json_t *demo, const struct actor *a, int64_t now)
{
    size_t i, j;
    json_t *o, *v;
    json_array_foreach(json_object_get(demo, "offices"), i, o) {
        const char *parent = json_string_value(json_object_get(o, "parent"));
        if (parent) {
            json_t *p = office_get(db, parent);
            if (!p) return -1;
            json_object_set(o, "parent_id", json_object_get(p, "id"));
            json_decref(p);
        }
        int64_t id;
        if (office_insert(db, o, now, &id) != 0) return -1;
        if (audit_append(db, a, id, "office.create", "office", s_(o, "slug"), NULL, o, now) != 0)
            return -1;
    }
    char hash[PASSWORD_HASH_MAX];
    /* one hash for the shared demo password: 25 Argon2id runs would slow
     * the first start for nothing */
    if (password_hash(s_(demo, "password"), hash) != 0) return -1;
    json_array_foreach(json_object_get(demo, "staff"), i, o) {
        int64_t id;
        if (staff_insert(db, s_(o, "username"), s_(o, "full_name"), "", hash, now, &id) != 0)
            return -1;
        json_array_foreach(json_object_get(o, "roles"), j, v) {
            json_t *off = office_get(db, json_string_value(json_array_get(v, 0)));
            if (!off) return -1;
            int64_t oid = json_integer_value(json_object_get(off, "id"));
            json_decref(off);
            if (staff_role_add(db, id, oid, json_string_value(json_array_get(v, 1))) != 0)
                return -1;
        }
        json_t *after = json_pack("{s:s, s:O}", "full_name", s_(o, "full_name"), "roles",
                                  json_object_get(o, "roles"));
        int rc = audit_append(db, a, staff_home_office(db, id), "staff.create", "staff", s_(o, "username"), NULL,
                              after, now);
        json_decref(after);
        if (rc != 0) return -1;
    }
    const char *slug;
    json_object_foreach(json_object_get(demo, "escalation"), slug, o) {
        json_t *off = office_get(db, slug);
        if (!off) return -1;
        int64_t oid = json_integer_value(json_object_get(off, "id"));
        json_decref(off);
        json_array_foreach(o, i, v) {
            json_t *s = staff_get(db, json_string_value(json_array_get(v, 0)));
            if (!s) return -1;
            int rc = escalation_add(db, oid, (int)i + 1, json_integer_value(json_object_get(s, "id")),
                                    (int)json_integer_value(json_array_get(v, 1)));
            json_decref(s);
            if (rc != 0) return -1;
        }
    }
    if (load_catalogue(db, a, now) != 0) return -1;
    if (load_content(db, demo, now) != 0) return -1;
    return db_run(db, "INSERT INTO meta (key, value) VALUES ('demo', '1')", "");
}

/* category slug -> name, from the file's "categories" */
static const char *category_name(json_t *cat, const char *slug)
{
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(cat, "categories"), i, c)
        if (strcmp(s_(c, "slug"), slug) == 0) return s_(c, "name");
    return slug;
}

int seed_catalogue(db_t *db, int64_t office_id, json_t *cat, int64_t origin_office,
                   const struct actor *a, int64_t now, char *err, size_t errlen)
{
    size_t i;
    json_t *in;
    int n = 0;
    if (!json_is_array(json_object_get(cat, "services"))) {
        snprintf(err, errlen, "berkas katalog harus berisi daftar \"services\"");
        return -1;
    }
    json_array_foreach(json_object_get(cat, "services"), i, in) {
        json_t *doc = service_doc(in), *errors = json_object();
        json_object_set_new(doc, "category",
                            json_string(category_name(cat, s_(in, "category"))));
        if (service_check(doc, errors) != 0) {
            const char *field = json_object_iter_key(json_object_iter(errors));
            snprintf(err, errlen, "layanan ke-%zu (%s): %s", i + 1, s_(in, "slug"),
                     json_string_value(json_object_get(errors, field)));
            json_decref(doc); json_decref(errors);
            return -1;
        }
        json_decref(errors);
        const char *slug = s_(doc, "slug");
        json_t *old = service_get(db, office_id, slug);
        int rc;
        if (old) {
            json_t *changed = service_changes(old, doc);
            rc = json_array_size(changed) == 0 ? 0 :
                 service_update(db, json_integer_value(json_object_get(old, "id")),
                                json_integer_value(json_object_get(old, "version")), doc,
                                changed, a, "Diimpor dari berkas katalog", now);
            n += json_array_size(changed) > 0;
            json_decref(changed);
            json_decref(old);
        } else {
            int64_t origin = 0, id;
            json_t *tpl = origin_office ? service_get(db, origin_office, slug) : NULL;
            if (tpl) origin = json_integer_value(json_object_get(tpl, "id"));
            json_decref(tpl);
            rc = service_insert(db, office_id, doc, origin, a,
                                origin ? "Disalin dari templat kabupaten/kota" : "Dibuat", now, &id);
            n++;
        }
        json_decref(doc);
        if (rc != 0) {
            snprintf(err, errlen, "gagal menyimpan layanan %s: %s", slug, db_errmsg(db));
            return -1;
        }
    }
    json_t *after = json_pack("{s:i}", "services", n);
    json_t *office = office_get_id(db, office_id);
    int rc = audit_append(db, a, office_id, "catalogue.import", "office",
                          office ? s_(office, "slug") : "", NULL, after, now);
    json_decref(office);
    json_decref(after);
    if (rc != 0) { snprintf(err, errlen, "%s", db_errmsg(db)); return -1; }
    return n;
}

json_t *seed_catalogue_shipped(void)
{
    const struct asset *f = asset_find("data/catalogue.json");
    json_error_t je;
    return f ? json_loadb((const char *)f->data, f->len, 0, &je) : NULL;
}

/* The demo catalogue: the Diskominfo of Bangka publishes it as the regency
 * template and its kelurahan and kecamatan copy it; the other regions'
 * offices load it directly. */
static int load_catalogue(db_t *db, const struct actor *a, int64_t now)
{
    json_t *cat = seed_catalogue_shipped();
    json_t *offices = office_list(db), *o;
    char err[200];
    int rc = cat && offices ? 0 : -1;
    int64_t tpl = 0, region = 0;
    size_t i;
    json_array_foreach(offices, i, o)
        if (rc == 0 && strcmp(s_(o, "slug"), "diskominfo-bangka") == 0) {
            tpl = json_integer_value(json_object_get(o, "id"));
            region = json_integer_value(json_object_get(o, "parent_id"));
            if (seed_catalogue(db, tpl, cat, 0, a, now, err, sizeof err) < 0) rc = -1;
        }
    json_array_foreach(offices, i, o) {
        const char *type = s_(o, "type");
        if (rc != 0 || !(strcmp(type, "kelurahan") == 0 || strcmp(type, "desa") == 0 ||
                         strcmp(type, "kecamatan") == 0))
            continue;
        /* only offices under the template's regency copy it */
        struct office_node chain[OFFICE_MAX_DEPTH];
        char types[OFFICE_MAX_DEPTH][16];
        int n = office_chain(db, json_integer_value(json_object_get(o, "id")), chain, types);
        int64_t origin = 0;
        for (int k = 1; k < n && region; k++)
            if (chain[k].id == region) origin = tpl;
        if (seed_catalogue(db, json_integer_value(json_object_get(o, "id")), cat, origin, a, now,
                           err, sizeof err) < 0)
            rc = -1;
    }
    if (rc != 0) log_error("demo catalogue: %s", cat ? err : "data/catalogue.json rusak");
    json_decref(offices);
    json_decref(cat);
    return rc;
}

static json_t *demo_doc(char *err, size_t errlen)
{
    const struct asset *a = asset_find("data/demo.json");
    json_error_t je;
    json_t *demo = a ? json_loadb((const char *)a->data, a->len, 0, &je) : NULL;
    if (!demo) snprintf(err, errlen, "data demo rusak");
    return demo;
}

int seed_demo(db_t *db, char *err, size_t errlen)
{
    int64_t n = 0;
    if (db_int(db, &n, "SELECT COUNT(*) FROM meta WHERE key = 'demo'", "") < 0) {
        snprintf(err, errlen, "%s", db_errmsg(db));
        return -1;
    }
    if (n) return 0;
    json_t *demo = demo_doc(err, errlen);
    if (!demo) return -1;
    struct actor a = {0, "demo"};
    int rc = db_begin(db);
    if (rc == 0) rc = load(db, demo, &a, time(NULL));
    if (rc != 0 || db_commit(db) != 0) {
        snprintf(err, errlen, "gagal memuat data demo (apakah basis data sudah berisi kantor "
                 "dengan slug yang sama?): %s", db_errmsg(db));
        db_rollback(db);
        json_decref(demo);
        return -1;
    }
    json_decref(demo);
    return 1;
}

json_t *seed_demo_logins(db_t *db)
{
    int64_t n = 0;
    if (db_int(db, &n, "SELECT COUNT(*) FROM meta WHERE key = 'demo'", "") != DB_ROW || !n)
        return NULL;
    char err[64];
    json_t *demo = demo_doc(err, sizeof err);
    if (!demo) return NULL;
    json_t *out = json_pack("{s:O, s:[]}", "password", json_object_get(demo, "password"), "staff");
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(demo, "staff"), i, o) {
        json_t *roles = json_object_get(o, "roles");
        json_array_append_new(json_object_get(out, "staff"), json_pack("{s:O, s:O, s:O}",
            "username", json_object_get(o, "username"), "office",
            json_array_get(json_array_get(roles, 0), 0), "role",
            json_array_get(json_array_get(roles, 0), 1)));
    }
    json_decref(demo);
    return out;
}

/* ---- demo content (issue 16) ------------------------------------------- */

/* A demo member as the actor of a content decision. */
static struct actor demo_member(db_t *db, const char *username)
{
    struct actor a = {0, username};
    if (db_int(db, &a.id, "SELECT id FROM staff WHERE username = ?", "s", username) != DB_ROW)
        a.id = 0;
    return a;
}

/* Takes the workflow step `action` on item id at time t. */
static int demo_step(db_t *db, const struct actor *who, int64_t id, const char *action,
                     int64_t t)
{
    json_t *item = NULL;
    if (content_find(db, 0, id, &item) != DB_ROW) return -1;
    const struct content_step *s = content_step_find(action, s_(item, "state"));
    struct content_move m = {.action = action, .to = s ? s->to : ""};
    int rc = s ? content_move(db, who, item, &m, t) : -1;
    json_decref(item);
    return rc;
}

/* The editor ticks the whole checklist ok and approves. */
static int demo_validate(db_t *db, int64_t id, int64_t t)
{
    struct actor ed = demo_member(db, "editor.jelitik");
    for (const struct content_check *c = content_checks; c->name; c++) {
        json_t *item = NULL;
        if (content_find(db, 0, id, &item) != DB_ROW) return -1;
        int rc = content_check_set(db, &ed, item, c->name, 1, "Sudah dicocokkan dengan sumbernya.",
                                   t);
        json_decref(item);
        if (rc != 0) return -1;
    }
    return demo_step(db, &ed, id, "approve", t);
}

/* One demo item, walked by its roles up to its state. */
static int demo_item(db_t *db, int64_t office_id, json_t *c, int64_t now)
{
    const char *target = s_(c, "state");
    int64_t t = now - json_integer_value(json_object_get(c, "days_ago")) * 86400 - 3 * 3600, id;
    struct actor w = demo_member(db, "konten.jelitik");
    int bahan = strcmp(target, "bahan") == 0;
    json_t *fields = json_deep_copy(c);
    json_object_del(fields, "days_ago");
    json_object_del(fields, "state");
    int rc = content_insert(db, &w, office_id, fields, bahan ? "bahan" : "draf", 0, t - 7200, &id);
    json_decref(fields);
    if (rc != 0) return -1;
    if (bahan || strcmp(target, "draf") == 0) return 0;
    if (demo_step(db, &w, id, "submit", t - 5400) != 0) return -1;
    if (strcmp(target, "validasi") == 0) return 0;
    /* publishing needs a visual, which the demo leaves to the desainer */
    return demo_validate(db, id, t - 3600);
}

static int load_content(db_t *db, json_t *demo, int64_t now)
{
    json_t *all = json_object_get(demo, "content");
    const char *slug;
    json_t *items;
    json_object_foreach(all, slug, items) {
        if (!json_is_array(items)) continue;
        json_t *off = office_get(db, slug);
        if (!off) return -1;
        int64_t oid = json_integer_value(json_object_get(off, "id"));
        json_decref(off);
        size_t i;
        json_t *c;
        json_array_foreach(items, i, c)
            if (demo_item(db, oid, c, now) != 0) return -1;
    }
    return 0;
}
