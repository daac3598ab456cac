/* store_office: see store_office.h. */
#include "db/store_office.h"
#include "db/row.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OFFICE_COLS \
    "o.id, o.slug, o.name, o.type, o.parent_id, p.slug, p.name, o.code, o.address, " \
    "o.map_url, o.phone, o.whatsapp, o.email, o.tz, o.hours, " \
    "CASE WHEN o.logo_type IS NULL THEN 0 ELSE 1 END, o.version "
#define OFFICE_SPEC \
    "id:i slug name type parent_id:i parent_slug parent_name code address map_url phone " \
    "whatsapp email tz hours has_logo:b version:i"

int office_find(db_t *db, const char *slug, json_t **out)
{
    return row_lookup(db_query(db, "SELECT " OFFICE_COLS "FROM office o "
                               "LEFT JOIN office p ON p.id = o.parent_id WHERE o.slug = ?",
                               "s", slug), OFFICE_SPEC, out);
}

json_t *office_get(db_t *db, const char *slug)
{
    json_t *o;
    office_find(db, slug, &o);
    return o;
}

json_t *office_get_id(db_t *db, int64_t id)
{
    return row_first(db_query(db, "SELECT " OFFICE_COLS "FROM office o "
                              "LEFT JOIN office p ON p.id = o.parent_id WHERE o.id = ?",
                              "i", id), OFFICE_SPEC);
}

/* depth-first walk so the list reads as an indented tree */
static void walk(json_t *all, json_t *out, json_int_t parent, int depth)
{
    size_t i;
    json_t *o;
    json_array_foreach(all, i, o) {
        json_t *p = json_object_get(o, "parent_id");
        json_int_t pid = json_is_integer(p) ? json_integer_value(p) : 0;
        if (pid != parent || json_object_get(o, "depth")) continue;
        json_object_set_new(o, "depth", json_integer(depth));
        json_array_append(out, o);
        if (depth < OFFICE_MAX_DEPTH)
            walk(all, out, json_integer_value(json_object_get(o, "id")), depth + 1);
    }
}

json_t *office_list(db_t *db)
{
    json_t *all = rows_array(db_query(db, "SELECT id, slug, name, type, parent_id, tz "
                                      "FROM office ORDER BY name", ""),
                             "id:i slug name type parent_id:i tz");
    if (!all) return NULL;
    json_t *out = json_array();
    walk(all, out, 0, 0);
    json_decref(all);
    return out;
}

int office_chain(db_t *db, int64_t id, struct office_node *chain, char types[][16])
{
    int n = 0;
    int64_t cur = id;
    while (cur && n < OFFICE_MAX_DEPTH) {
        db_stmt *st = db_query(db, "SELECT type, parent_id FROM office WHERE id = ?", "i", cur);
        if (!st) return -1;
        int rc = db_step(st);
        if (rc != DB_ROW) { db_done(st); return rc < 0 ? -1 : n; }
        const char *t = db_col_text(st, 0);
        size_t tl = strlen(t) < 15 ? strlen(t) : 15;
        memcpy(types[n], t, tl);
        types[n][tl] = '\0';
        chain[n].id = cur;
        chain[n].type = types[n];
        cur = db_col_int(st, 1);
        db_done(st);
        n++;
    }
    return n;
}

int office_tree_load(db_t *db, struct office_tree *t)
{
    memset(t, 0, sizeof *t);
    db_stmt *st = db_query(db, "SELECT id, COALESCE(parent_id, 0), type FROM office ORDER BY id", "");
    if (!st) return -1;
    size_t cap = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        if (t->n == cap) {
            cap = cap ? cap * 2 : 64;
            void *p = realloc(t->v, cap * sizeof *t->v);
            if (!p) { rc = DB_ERR; break; }
            t->v = p;
        }
        struct office_tree_node *n = &t->v[t->n++];
        n->id = db_col_int(st, 0);
        n->parent = db_col_int(st, 1);
        snprintf(n->type, sizeof n->type, "%s", db_col_text(st, 2));
    }
    db_done(st);
    if (rc < 0) { office_tree_free(t); return -1; }
    return 0;
}

void office_tree_free(struct office_tree *t)
{
    free(t->v);
    t->v = NULL;
    t->n = 0;
}

static const struct office_tree_node *tree_find(const struct office_tree *t, int64_t id)
{
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (t->v[mid].id == id) return &t->v[mid];
        if (t->v[mid].id < id) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

int office_tree_chain(const struct office_tree *t, int64_t id, struct office_node *chain)
{
    int n = 0;
    const struct office_tree_node *o = tree_find(t, id);
    while (o && n < OFFICE_MAX_DEPTH) {
        chain[n].id = o->id;
        chain[n].type = o->type;
        n++;
        o = o->parent ? tree_find(t, o->parent) : NULL;
    }
    return n;
}

json_t *office_children(db_t *db, int64_t id)
{
    return rows_array(db_query(db, "SELECT id, slug, name, type FROM office WHERE parent_id = ? "
                               "ORDER BY name", "i", id), "id:i slug name type");
}

static const char *str(json_t *f, const char *k)
{
    const char *s = json_string_value(json_object_get(f, k));
    return s ? s : "";
}

int office_insert(db_t *db, json_t *f, int64_t now, int64_t *id)
{
    json_int_t parent = json_integer_value(json_object_get(f, "parent_id"));
    db_stmt *st = db_query(db,
        "INSERT INTO office (slug, name, type, parent_id, code, address, map_url, phone, "
        "whatsapp, email, tz, hours, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        "sssIssssssssii",
        str(f, "slug"), str(f, "name"), str(f, "type"),
        parent ? (int64_t)parent : (int64_t)0, str(f, "code"), str(f, "address"),
        str(f, "map_url"), str(f, "phone"), str(f, "whatsapp"), str(f, "email"),
        str(f, "tz")[0] ? str(f, "tz") : "WIB", str(f, "hours"), now, now);
    if (!st) return DB_ERR;
    int rc = db_step(st);
    if (rc == DB_ROW) { *id = db_col_int(st, 0); rc = DB_DONE; }
    db_done(st);
    return rc;
}

int office_update(db_t *db, int64_t id, int64_t version, json_t *f, int64_t now)
{
    int64_t n = 0;
    int rc = db_run_changes(db, &n,
        "UPDATE office SET name = ?, code = ?, address = ?, map_url = ?, phone = ?, "
        "whatsapp = ?, email = ?, tz = ?, updated_at = ?, version = version + 1 "
        "WHERE id = ? AND version = ?",
        "ssssssssiii", str(f, "name"), str(f, "code"), str(f, "address"), str(f, "map_url"),
        str(f, "phone"), str(f, "whatsapp"), str(f, "email"), str(f, "tz"), now, id, version);
    if (rc < 0) return rc;
    return n == 1 ? 0 : 1;
}

int office_set_hours(db_t *db, int64_t id, int64_t version, const char *hours, int64_t now)
{
    int64_t n = 0;
    int rc = db_run_changes(db, &n,
        "UPDATE office SET hours = ?, updated_at = ?, version = version + 1 "
        "WHERE id = ? AND version = ?", "siii", hours, now, id, version);
    if (rc < 0) return rc;
    return n == 1 ? 0 : 1;
}

/* Logos are stored hex-encoded in a TEXT column through the text binding,
 * so both drivers use one path; they are small (limited at upload). Large
 * media (podcast files) will live as files, not in the database. */
int office_set_logo(db_t *db, int64_t id, const char *type, const void *data, size_t len,
                    int64_t now)
{
    static const char hex[] = "0123456789abcdef";
    char *h = malloc(len * 2 + 1);
    if (!h) return DB_ERR;
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        h[2 * i] = hex[p[i] >> 4];
        h[2 * i + 1] = hex[p[i] & 15];
    }
    h[len * 2] = '\0';
    int rc = db_run(db, "UPDATE office SET logo_type = ?, logo = ?, updated_at = ?, "
                    "version = version + 1 WHERE id = ?", "ssii", type, h, now, id);
    free(h);
    return rc;
}

int office_logo(db_t *db, const char *slug, char **type, void **data, size_t *len)
{
    db_stmt *st = db_query(db, "SELECT logo_type, logo FROM office WHERE slug = ? "
                           "AND logo_type IS NOT NULL", "s", slug);
    if (!st) return -1;
    int rc = -1;
    if (db_step(st) == DB_ROW) {
        const char *h = db_col_text(st, 1);
        size_t n = h ? strlen(h) / 2 : 0;
        unsigned char *b = malloc(n ? n : 1);
        if (b) {
            for (size_t i = 0; i < n; i++) {
                char pair[3] = {h[2 * i], h[2 * i + 1], 0};
                b[i] = (unsigned char)strtoul(pair, NULL, 16);
            }
            *type = strdup(db_col_text(st, 0));
            *data = b;
            *len = n;
            rc = 0;
        }
    }
    db_done(st);
    return rc;
}

json_t *office_leave_list(db_t *db, int64_t office_id, int from_date)
{
    return rows_array(db_query(db, "SELECT date, name FROM office_leave WHERE office_id = ? "
                               "AND date >= ? ORDER BY date", "id", office_id, from_date),
                      "date:i name");
}

int office_leave_add(db_t *db, int64_t office_id, int date, const char *name)
{
    return db_run(db, "INSERT INTO office_leave (office_id, date, name) VALUES (?, ?, ?)",
                  "ids", office_id, date, name);
}

int office_leave_del(db_t *db, int64_t office_id, int date)
{
    int64_t n = 0;
    int rc = db_run_changes(db, &n, "DELETE FROM office_leave WHERE office_id = ? AND date = ?",
                            "id", office_id, date);
    return rc < 0 ? rc : (n ? 0 : 1);
}

int office_closed_dates(db_t *db, int64_t office_id, int from, int to, int **out)
{
    db_stmt *st = db_query(db,
        "SELECT date FROM holiday WHERE date BETWEEN ? AND ? "
        "UNION SELECT date FROM office_leave WHERE office_id = ? AND date BETWEEN ? AND ? "
        "ORDER BY 1", "ddidd", from, to, office_id, from, to);
    if (!st) return -1;
    size_t n = 0, cap = 64;
    int *d = malloc(cap * sizeof *d);
    int rc = DB_ERR;
    while (d && (rc = db_step(st)) == DB_ROW) {
        if (n == cap) {
            int *p = realloc(d, (cap *= 2) * sizeof *d);
            if (!p) { free(d); d = NULL; break; }
            d = p;
        }
        d[n++] = (int)db_col_int(st, 0);
    }
    db_done(st);
    if (!d || rc < 0) { free(d); return -1; }
    *out = d;
    return (int)n;
}

json_t *office_closures(db_t *db, int64_t office_id, int from, int to, int limit)
{
    return rows_array(db_query(db,
        "SELECT date, name, kind FROM holiday WHERE date BETWEEN ? AND ? "
        "UNION ALL SELECT date, name, 'cuti_kantor' FROM office_leave "
        "WHERE office_id = ? AND date BETWEEN ? AND ? ORDER BY 1, 2 LIMIT ?",
        "ddiddd", from, to, office_id, from, to, limit), "date:i name kind");
}
