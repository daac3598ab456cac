/* store_audit: see store_audit.h. The hash itself is core/audit.c. */
#include "db/store_audit.h"
#include "core/audit.h"
#include "db/row.h"
#include "util/buf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Keeps only the keys whose values differ between a and b (both objects). */
static void diff(json_t *a, json_t *b, json_t **da, json_t **db_)
{
    *da = NULL;
    *db_ = NULL;
    if (!json_is_object(a) || !json_is_object(b)) {
        if (a) *da = json_incref(a);
        if (b) *db_ = json_incref(b);
        return;
    }
    *da = json_object();
    *db_ = json_object();
    const char *k;
    json_t *v;
    json_object_foreach(a, k, v) {
        json_t *w = json_object_get(b, k);
        if (!w || !json_equal(v, w)) json_object_set(*da, k, v);
    }
    json_object_foreach(b, k, v) {
        json_t *w = json_object_get(a, k);
        if (!w || !json_equal(v, w)) json_object_set(*db_, k, v);
    }
}

static char *dump(json_t *j)
{
    return j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
}

int audit_append(db_t *db, const struct actor *who, int64_t office_id, const char *action,
                 const char *entity, const char *entity_id, json_t *before, json_t *after,
                 int64_t now)
{
    /* one writer at a time appends, so seq and prev_hash stay a chain even
     * with several instances on one PostgreSQL */
    if (db_xact_lock(db, "audit") != 0) return DB_ERR;
    int64_t seq = 0;
    char prev[65] = AUDIT_GENESIS;
    db_stmt *st = db_query(db, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", "");
    if (!st) return DB_ERR;
    int rc = db_step(st);
    if (rc == DB_ROW) {
        seq = db_col_int(st, 0);
        snprintf(prev, sizeof prev, "%s", db_col_text(st, 1));
    }
    db_done(st);
    if (rc < 0) return rc;

    json_t *b, *a;
    diff(before, after, &b, &a);
    char *bs = dump(b), *as = dump(a);
    json_decref(b);
    json_decref(a);
    struct audit_entry e = {
        .seq = seq + 1, .ts = now, .actor_id = who ? who->id : 0, .office_id = office_id,
        .actor = who && who->name ? who->name : "sistem", .action = action, .entity = entity,
        .entity_id = entity_id, .before = bs, .after = as, .prev_hash = prev,
    };
    char hash[65];
    audit_hash(&e, hash);
    rc = db_run(db, "INSERT INTO audit_log (seq, ts, actor_id, actor, office_id, action, "
                "entity, entity_id, before_json, after_json, prev_hash, hash) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "iiIsIsssssss",
                e.seq, e.ts, e.actor_id, e.actor, e.office_id, e.action, e.entity, e.entity_id,
                e.before, e.after, e.prev_hash, hash);
    free(bs);
    free(as);
    return rc;
}

#define AUDIT_COLS                                                                          \
    "SELECT a.seq, a.ts, a.actor, a.actor_id, s.full_name, "                                \
    "COALESCE((SELECT MIN(g.role) FROM staff_role g WHERE g.staff_id = a.actor_id AND "      \
    "g.office_id = a.office_id), (SELECT MIN(g.role) FROM staff_role g WHERE "               \
    "g.staff_id = a.actor_id)), o.slug, o.name, o.tz, a.action, a.entity, a.entity_id, "     \
    "COALESCE(t.full_name, sv.name, ci.title), rq.request_type, a.before_json, "            \
    "a.after_json "                                                                         \
    "FROM audit_log a LEFT JOIN office o ON o.id = a.office_id "                            \
    "LEFT JOIN staff s ON s.id = a.actor_id "                                               \
    "LEFT JOIN staff t ON a.entity = 'staff' AND t.username = a.entity_id "                 \
    "LEFT JOIN service sv ON a.entity = 'service' AND sv.office_id = a.office_id AND "      \
    "o.slug || '/' || sv.slug = a.entity_id "                                               \
    "LEFT JOIN request rq ON a.entity = 'request' AND rq.office_id = a.office_id AND "      \
    "rq.number = a.entity_id "                                                              \
    "LEFT JOIN content_item ci ON ci.id = CASE WHEN a.entity = 'content' THEN "             \
    "CAST(a.entity_id AS BIGINT) END "
#define AUDIT_SPEC "seq:i ts:i actor actor_id:i actor_name actor_role office_slug office_name " \
                   "office_tz action entity entity_id target_name request_type before after"

/* The office condition shared by the list and the actors: the ids travel
 * as one bound ",1,5,9," string matched portably with LIKE, so the SQL
 * text stays fixed whatever the count ("," alone: every office). */
#define AUDIT_OFFICES "((a.office_id IS NULL AND ? = 1) OR ? = ',' OR " \
                      "? LIKE '%,' || CAST(a.office_id AS TEXT) || ',%')"

static void office_list(struct buf *ids, const json_t *office_ids)
{
    size_t i;
    json_t *v;
    buf_init(ids, 0);
    buf_putc(ids, ',');
    json_array_foreach(office_ids, i, v) buf_printf(ids, "%lld,", (long long)json_integer_value(v));
}

json_t *audit_list(db_t *db, const struct audit_filter *f)
{
    struct buf ids;
    office_list(&ids, f->office_ids);
    int all = !f->office_ids;
    char area[40];
    snprintf(area, sizeof area, "%s.%%", f->area ? f->area : "");
    json_t *rows = rows_array(db_query(db, AUDIT_COLS "WHERE a.seq < ? AND " AUDIT_OFFICES
        " AND (? = 0 OR a.actor_id = ?) AND (? = '.%' OR a.action LIKE ?) "
        "AND (? = 0 OR a.ts >= ?) AND (? = 0 OR a.ts < ?) ORDER BY a.seq DESC LIMIT ?",
        "idssiissiiiid", f->before_seq > 0 ? f->before_seq : INT64_MAX,
        all || f->with_global, all ? "," : buf_cstr(&ids), buf_cstr(&ids), f->actor_id,
        f->actor_id, area, area, f->from_ts, f->from_ts, f->to_ts, f->to_ts, f->limit),
        AUDIT_SPEC);
    buf_free(&ids);
    return rows;
}

json_t *audit_actors(db_t *db, json_t *office_ids, int with_global)
{
    struct buf ids;
    office_list(&ids, office_ids);
    json_t *rows = rows_array(db_query(db, "SELECT s.id, s.full_name FROM staff s WHERE s.id IN "
        "(SELECT a.actor_id FROM audit_log a WHERE a.actor_id IS NOT NULL AND " AUDIT_OFFICES ") "
        "ORDER BY s.full_name", "dss", !office_ids || with_global,
        office_ids ? buf_cstr(&ids) : ",", buf_cstr(&ids)), "id:i name");
    buf_free(&ids);
    return rows;
}

int audit_verify(db_t *db, struct audit_report *rep)
{
    memset(rep, 0, sizeof *rep);
    snprintf(rep->head, sizeof rep->head, "%s", AUDIT_GENESIS);
    db_stmt *st = db_query(db, "SELECT seq, ts, actor_id, actor, office_id, action, entity, "
                           "entity_id, before_json, after_json, prev_hash, hash FROM audit_log "
                           "ORDER BY seq", "");
    if (!st) return -1;
    char prev[65] = AUDIT_GENESIS;
    int64_t expect = 1;
    int rc, broken = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        struct audit_entry e = {
            .seq = db_col_int(st, 0), .ts = db_col_int(st, 1), .actor_id = db_col_int(st, 2),
            .actor = db_col_text(st, 3), .office_id = db_col_int(st, 4),
            .action = db_col_text(st, 5), .entity = db_col_text(st, 6),
            .entity_id = db_col_text(st, 7), .before = db_col_text(st, 8),
            .after = db_col_text(st, 9), .prev_hash = db_col_text(st, 10),
        };
        const char *stored = db_col_text(st, 11);
        rep->rows++;
        char h[65];
        audit_hash(&e, h);
        if (e.seq != expect) {
            snprintf(rep->reason, sizeof rep->reason,
                     "baris nomor %lld hilang (ditemukan %lld)", (long long)expect,
                     (long long)e.seq);
            rep->bad_seq = expect;
        } else if (strcmp(e.prev_hash, prev) != 0) {
            snprintf(rep->reason, sizeof rep->reason,
                     "rantai putus di baris %lld: hash sebelumnya tidak cocok", (long long)e.seq);
            rep->bad_seq = e.seq;
        } else if (strcmp(h, stored) != 0) {
            snprintf(rep->reason, sizeof rep->reason,
                     "isi baris %lld telah diubah: hash tidak cocok", (long long)e.seq);
            rep->bad_seq = e.seq;
        }
        if (rep->bad_seq) { broken = 1; break; }
        snprintf(prev, sizeof prev, "%s", stored);
        expect++;
    }
    db_done(st);
    if (rc < 0) return -1;
    snprintf(rep->head, sizeof rep->head, "%s", prev);
    return broken;
}
