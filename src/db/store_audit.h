/* store_audit: appending to and reading the hash-chained audit log. */
#ifndef BALAI_STORE_AUDIT_H
#define BALAI_STORE_AUDIT_H
#include <jansson.h>
#include "db/db.h"

/* Who did it: a staff member, or the system / command line (id 0). */
struct actor {
    int64_t id;
    const char *name;
};

/* Appends one entry. Must run inside the caller's transaction, so the change
 * and its audit row commit together or not at all. before/after are borrowed
 * (NULL allowed); only keys whose values differ are kept, so the log shows
 * what changed. */
int audit_append(db_t *db, const struct actor *who, int64_t office_id, const char *action,
                 const char *entity, const char *entity_id, json_t *before, json_t *after,
                 int64_t now);

/* What a reader narrows the log to. Zero / NULL / "" fields do not narrow. */
struct audit_filter {
    json_t *office_ids;     /* array of office ids; NULL: every office */
    int with_global;        /* also the rows of no office (national holidays) */
    int64_t before_seq;     /* rows older than this one (paging) */
    int64_t actor_id;       /* one staff member's rows */
    const char *area;       /* actions starting with "area." (core/audit_text.h) */
    int64_t from_ts, to_ts; /* from_ts <= ts < to_ts (UTC seconds) */
    int limit;
};

/* Newest first, at most f->limit rows. Each row: seq ts actor actor_id
 * actor_name actor_role office_slug office_name office_tz action entity
 * entity_id target_name request_type before after (names joined from
 * today's tables: a staff member's full name, a service's name, a
 * request's type). NULL on a database error. */
json_t *audit_list(db_t *db, const struct audit_filter *f);

/* The staff members who appear in the rows of these offices (same
 * office_ids/with_global meaning): [{id, name}] by name, for the filter. */
json_t *audit_actors(db_t *db, json_t *office_ids, int with_global);

struct audit_report {
    int64_t rows;           /* rows checked */
    int64_t bad_seq;        /* first row that fails, 0 if all good */
    char reason[160];       /* in Bahasa Indonesia */
    char head[65];          /* hash of the newest row: record it elsewhere to
                               also detect removal of the newest rows */
};

/* Walks the whole chain. Returns 0 when intact, 1 when broken (report says
 * where and why), -1 on a database error. */
int audit_verify(db_t *db, struct audit_report *rep);

#endif
