/* store_content_plan: the SQL of the content calendar, the quarterly plan
 * and the calendar feed (migration 014, issue 16). The calendar reads
 * content_item (scheduled items by publish_at, published ones by
 * published_at); the plan is one row per office and quarter, audited as
 * content_plan.save; the feed's secret token is kept as its SHA-256 only.
 * Writing functions run inside the caller's transaction. */
#ifndef BALAI_STORE_CONTENT_PLAN_H
#define BALAI_STORE_CONTENT_PLAN_H
#include <jansson.h>
#include <stdint.h>
#include "db/db.h"
#include "db/store_audit.h"

/* What the calendar narrows to; NULL / "" do not narrow. */
struct content_cal_filter {
    int64_t office_id;
    int64_t from, to;           /* [from, to) in UTC seconds */
    const char *type, *state;   /* state: "jadwal" or "terbit" */
    const char *channel;        /* one of the item's channels */
};
/* The office's scheduled (jadwal, by publish_at) and published (terbit, by
 * published_at) items in the range, by that time: id office_id slug type
 * state title publish_at published_at late:b channels (array) at (the
 * time they sit at). NULL on error. */
json_t *content_calendar(db_t *db, const struct content_cal_filter *f);

/* The office's plan for a quarter: targets (object) frequency priorities
 * themes updated_at updated_name. DB_ROW, DB_DONE (none yet) or DB_ERR. */
int content_plan_find(db_t *db, int64_t office_id, int year, int quarter, json_t **out);
/* Saves the plan (fields as content_plan_find gives them), audited as
 * content_plan.save with before -> after. 0 or <0. */
int content_plan_save(db_t *db, const struct actor *who, int64_t office_id, int year, int quarter,
                      const json_t *fields, int64_t now);

/* The feed's token hash for the office (replacing an older one). 0 or <0;
 * audited as content_feed.renew (the hash never in the log). */
int content_feed_set(db_t *db, const struct actor *who, int64_t office_id, const char *hash,
                     int64_t now);
/* The office whose feed has this token hash: DB_ROW with *office_id,
 * DB_DONE when none, DB_ERR. */
int content_feed_office(db_t *db, const char *hash, int64_t *office_id);
/* When the office's feed address was last made (0: never). 0 or <0. */
int content_feed_created(db_t *db, int64_t office_id, int64_t *at);

#endif
