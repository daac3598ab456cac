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

/* Newest first, at most `limit` rows with seq < before_seq (0: from the
 * newest). office_ids: NULL for every row, else an array of office ids that
 * limits the rows; with_global adds the rows that belong to no office
 * (national holidays), for admins of the whole deployment. */
json_t *audit_list(db_t *db, json_t *office_ids, int with_global, int64_t before_seq, int limit);

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
