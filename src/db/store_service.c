/* store_service: see store_service.h. */
#include "db/store_service.h"
#include "core/service.h"
#include "db/row.h"
#include <stdlib.h>
#include <string.h>

#define SERVICE_COLS "id, office_id, version, updated_at, origin_id, body "

/* the document of a row, with the row columns added */
static json_t *row_doc(db_stmt *st)
{
    json_error_t je;
    const char *body = db_col_text(st, 5);
    json_t *doc = body ? json_loads(body, 0, &je) : NULL;
    if (!json_is_object(doc)) { json_decref(doc); doc = json_object(); }
    json_object_set_new(doc, "id", json_integer(db_col_int(st, 0)));
    json_object_set_new(doc, "office_id", json_integer(db_col_int(st, 1)));
    json_object_set_new(doc, "version", json_integer(db_col_int(st, 2)));
    json_object_set_new(doc, "updated_at", json_integer(db_col_int(st, 3)));
    json_object_set_new(doc, "origin_id", db_col_null(st, 4) ? json_null()
                                                            : json_integer(db_col_int(st, 4)));
    return doc;
}

json_t *service_list(db_t *db, int64_t office_id, int all)
{
    db_stmt *st = db_query(db, "SELECT " SERVICE_COLS "FROM service "
                           "WHERE office_id = ? AND (active = 1 OR ? = 1) "
                           "ORDER BY lower(category), lower(name), id", "id", office_id, all);
    if (!st) return NULL;
    json_t *out = json_array();
    int rc;
    while ((rc = db_step(st)) == DB_ROW) json_array_append_new(out, row_doc(st));
    db_done(st);
    if (rc < 0) { json_decref(out); return NULL; }
    return out;
}

json_t *service_copy_counts(db_t *db, int64_t office_id)
{
    return rows_array(db_query(db, "SELECT s.id, COUNT(c.id) FROM service s LEFT JOIN service c "
                                   "ON c.origin_id = s.id AND c.office_id <> s.office_id "
                                   "WHERE s.office_id = ? GROUP BY s.id", "i", office_id),
                      "id:i copies:i");
}

int service_find(db_t *db, int64_t office_id, const char *slug, json_t **out)
{
    *out = NULL;
    db_stmt *st = db_query(db, "SELECT " SERVICE_COLS "FROM service WHERE office_id = ? AND slug = ?",
                           "is", office_id, slug);
    if (!st) return DB_ERR;
    int rc = db_step(st);
    if (rc == DB_ROW) *out = row_doc(st);
    db_done(st);
    return rc == DB_ROW || rc == DB_DONE ? rc : DB_ERR;
}

json_t *service_get(db_t *db, int64_t office_id, const char *slug)
{
    json_t *doc;
    service_find(db, office_id, slug, &doc);
    return doc;
}

static char *body_of(const json_t *doc)
{
    json_t *d = service_doc(doc);
    char *s = json_dumps(d, JSON_COMPACT);
    json_decref(d);
    return s;
}

/* "checklist,steps" from the array of changed keys */
static char *changed_csv(const json_t *changed)
{
    size_t i, n = 1;
    json_t *v;
    json_array_foreach(changed, i, v) n += strlen(json_string_value(v)) + 1;
    char *s = calloc(1, n);
    if (!s) return NULL;
    size_t at = 0;
    json_array_foreach(changed, i, v) {
        size_t l = strlen(json_string_value(v));
        if (at) s[at++] = ',';
        memcpy(s + at, json_string_value(v), l);
        at += l;
    }
    return s;
}

static int add_version(db_t *db, int64_t id, int64_t version, const char *body,
                       const json_t *changed, const struct actor *who, const char *note,
                       int64_t now)
{
    char *csv = changed_csv(changed);
    if (!csv) return DB_ERR;
    int rc = db_run(db, "INSERT INTO service_version (service_id, version, body, staff_id, actor, "
                    "changed, note, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "iisIsssi",
                    id, version, body, who->id, who->name, csv, note ? note : "", now);
    free(csv);
    return rc;
}

int service_insert(db_t *db, int64_t office_id, const json_t *doc, int64_t origin_id,
                   const struct actor *who, const char *note, int64_t now, int64_t *id)
{
    char *body = body_of(doc);
    if (!body) return DB_ERR;
    int rc = db_int(db, id, "INSERT INTO service (office_id, slug, name, category, active, body, "
                    "origin_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    "RETURNING id", "isssdsIii", office_id,
                    json_string_value(json_object_get(doc, "slug")),
                    json_string_value(json_object_get(doc, "name")),
                    json_string_value(json_object_get(doc, "category")),
                    json_is_true(json_object_get(doc, "active")), body, origin_id, now, now);
    if (rc == DB_ROW) {
        json_t *none = json_array();
        rc = add_version(db, *id, 1, body, none, who, note, now);
        json_decref(none);
    }
    free(body);
    return rc == DB_ROW ? DB_DONE : rc;
}

int service_update(db_t *db, int64_t id, int64_t version, const json_t *doc,
                   const json_t *changed, const struct actor *who, const char *note, int64_t now)
{
    char *body = body_of(doc);
    if (!body) return DB_ERR;
    int64_t n = 0;
    int rc = db_run_changes(db, &n,
        "UPDATE service SET name = ?, category = ?, active = ?, body = ?, updated_at = ?, "
        "version = version + 1 WHERE id = ? AND version = ?", "ssdsiii",
        json_string_value(json_object_get(doc, "name")),
        json_string_value(json_object_get(doc, "category")),
        json_is_true(json_object_get(doc, "active")), body, now, id, version);
    if (rc == 0 && n == 1) rc = add_version(db, id, version + 1, body, changed, who, note, now);
    free(body);
    if (rc < 0) return rc;
    return n == 1 ? 0 : 1;
}

json_t *service_history(db_t *db, int64_t id)
{
    db_stmt *st = db_query(db, "SELECT version, actor, changed, note, at FROM service_version "
                           "WHERE service_id = ? ORDER BY version DESC", "i", id);
    if (!st) return NULL;
    json_t *out = json_array();
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        json_t *changed = json_array();
        const char *c = db_col_text(st, 2);
        while (c && *c) {
            const char *e = strchr(c, ',');
            size_t n = e ? (size_t)(e - c) : strlen(c);
            json_array_append_new(changed, json_stringn(c, n));
            c = e ? e + 1 : c + n;
        }
        json_array_append_new(out, json_pack("{s:I, s:s, s:o, s:s, s:I}",
            "version", (json_int_t)db_col_int(st, 0), "actor", db_col_text(st, 1),
            "changed", changed, "note", db_col_text(st, 3), "at", (json_int_t)db_col_int(st, 4)));
    }
    db_done(st);
    if (rc < 0) { json_decref(out); return NULL; }
    return out;
}

json_t *service_version_doc(db_t *db, int64_t id, int64_t version)
{
    db_stmt *st = db_query(db, "SELECT body FROM service_version WHERE service_id = ? AND "
                           "version = ?", "ii", id, version);
    if (!st) return NULL;
    json_t *doc = NULL;
    json_error_t je;
    if (db_step(st) == DB_ROW && db_col_text(st, 0)) doc = json_loads(db_col_text(st, 0), 0, &je);
    db_done(st);
    if (doc && !json_is_object(doc)) { json_decref(doc); doc = NULL; }
    return doc;
}

int service_fingerprint(db_t *db, int64_t office_id, struct service_fingerprint *out)
{
    *out = (struct service_fingerprint){0, 0, 0};
    db_stmt *st = db_query(db, "SELECT COUNT(*), COALESCE(SUM(version), 0), "
                               "COALESCE(MAX(updated_at), 0) FROM service WHERE office_id = ?",
                           "i", office_id);
    int rc = db_step(st);       /* one row always: none means the read failed */
    if (rc == DB_ROW) *out = (struct service_fingerprint){db_col_int(st, 0), db_col_int(st, 1),
                                                          db_col_int(st, 2)};
    db_done(st);
    return rc == DB_ROW ? 0 : -1;
}
