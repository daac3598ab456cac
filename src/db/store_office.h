/* store_office: offices, their hierarchy and leave days. All SQL about
 * offices lives here. View-model rows are jansson objects with the column
 * names as keys. */
#ifndef BALAI_STORE_OFFICE_H
#define BALAI_STORE_OFFICE_H
#include <jansson.h>
#include "core/role.h"
#include "db/db.h"

#define OFFICE_MAX_DEPTH 8

/* One office (no logo bytes): id slug name type parent_id parent_slug
 * parent_name code address map_url phone whatsapp email tz hours has_logo
 * version. NULL if unknown. */
json_t *office_get(db_t *db, const char *slug);
/* The same into *out: 1 found, 0 unknown slug, DB_ERR database failure. */
int office_find(db_t *db, const char *slug, json_t **out);
json_t *office_get_id(db_t *db, int64_t id);

/* Every office, parents before children, each with a "depth". */
json_t *office_list(db_t *db);

/* The chain from office `id` up to its root: chain[0] is the office.
 * Types are copied into `types` (OFFICE_MAX_DEPTH x 16 bytes). Returns
 * the chain length, 0 if unknown, -1 on error. */
int office_chain(db_t *db, int64_t id, struct office_node *chain, char types[][16]);

/* The whole hierarchy in memory (ids, parents, types), for decisions over
 * many offices at once: one query instead of one chain walk per office. */
struct office_tree {
    size_t n;
    struct office_tree_node { int64_t id, parent; char type[16]; } *v;   /* sorted by id */
};
int office_tree_load(db_t *db, struct office_tree *t);
void office_tree_free(struct office_tree *t);
/* Like office_chain, from the tree. */
int office_tree_chain(const struct office_tree *t, int64_t id, struct office_node *chain);

/* Offices directly below `id`: id slug name type. */
json_t *office_children(db_t *db, int64_t id);

/* Insert from an object with the editable fields (slug name type parent_id
 * code address map_url phone whatsapp email tz hours). DB_CONFLICT when the
 * slug is taken. */
int office_insert(db_t *db, json_t *f, int64_t now, int64_t *id);

/* Update the profile fields (name code address map_url phone whatsapp email
 * tz) if the stored version is still `version`. Returns 0, 1 when someone
 * else changed the office in between, <0 on error. */
int office_update(db_t *db, int64_t id, int64_t version, json_t *f, int64_t now);
int office_set_hours(db_t *db, int64_t id, int64_t version, const char *hours, int64_t now);
int office_set_logo(db_t *db, int64_t id, const char *type, const void *data, size_t len,
                    int64_t now);
/* Logo bytes (malloc'd, caller frees) and type; 0 if found, -1 if none. */
int office_logo(db_t *db, const char *slug, char **type, void **data, size_t *len);

json_t *office_leave_list(db_t *db, int64_t office_id, int from_date);
int office_leave_add(db_t *db, int64_t office_id, int date, const char *name);
int office_leave_del(db_t *db, int64_t office_id, int date);

/* Dates (yyyymmdd, sorted) when the office is closed between from and to
 * inclusive: national holidays, cuti bersama and its own leave days.
 * *out is malloc'd. Returns the count or -1. */
int office_closed_dates(db_t *db, int64_t office_id, int from, int to, int **out);

/* The days the office is closed between from and to (yyyymmdd) with their
 * names, at most `limit`: date name kind (libur | cuti | cuti_kantor). */
json_t *office_closures(db_t *db, int64_t office_id, int from, int to, int limit);

#endif
