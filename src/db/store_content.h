/* store_content: all SQL of content items (migration 013, issue 16). An
 * item's fields are those of core/content.h's standard format; each
 * change and each workflow decision appends an audit row (entity
 * "content", the item's id), which is also the item's timeline. Every
 * function writing runs inside the caller's transaction. Lookups answer
 * DB_ROW / DB_DONE / DB_ERR so pages can tell 404 from 503. */
#ifndef BALAI_STORE_CONTENT_H
#define BALAI_STORE_CONTENT_H
#include <jansson.h>
#include <stdint.h>
#include "db/db.h"
#include "db/store_audit.h"

/* The editable fields, as a JSON object: type title item_date source
 * contact summary action_points (array of strings) document_url body
 * alt_text media_id (0 = none) channels (array). */

/* Creates an item in `state` (bahan or draf; "draf" when NULL) with a slug
 * made from its title, unique in the office. *id gets its id. 0 or <0. */
int content_insert(db_t *db, const struct actor *who, int64_t office_id, const json_t *fields,
                   const char *state, int imported, int64_t now, int64_t *id);

/* One item of the office (office_id 0: any office): id office_id slug
 * type state title item_date source contact summary action_points (array)
 * document_url body media_id alt_text checklist (object) channels (array)
 * publish_at published_at late:b correction author_id author_name
 * imported:b version created_at updated_at. DB_ROW, DB_DONE or DB_ERR. */
int content_find(db_t *db, int64_t office_id, int64_t id, json_t **out);
int content_find_slug(db_t *db, int64_t office_id, const char *slug, json_t **out);

/* What a list narrows to; zero / NULL / "" fields do not narrow. */
struct content_filter {
    int64_t office_id;
    const char *state, *type;
    const char *q;              /* words in the title or summary */
    const char *month;          /* "YYYY-MM" of published_at (office-agnostic UTC) */
    int public_only;            /* terbit only, and the items shared with the office */
    int limit, offset;
};
/* Newest first (published_at, then updated_at): the columns of
 * content_find without body and checklist. NULL on error. */
json_t *content_list(db_t *db, const struct content_filter *f);
/* How many items the same filter matches (for paging). 0 or <0. */
int content_count(db_t *db, const struct content_filter *f, int64_t *n);

/* Saves edited fields if the item is still at `version`: 0 saved, 1 when
 * someone else saved first (stale), <0 on error. Audited as content.edit
 * with the changed fields before -> after. */
int content_update(db_t *db, const struct actor *who, const json_t *item, const json_t *fields,
                   int64_t now);

/* Moves the item along one workflow step: state `to`, and per action the
 * schedule (publish_at), the publication time (published_at, late) or the
 * public correction note. Audited as "content.<action>" with {state,
 * reason} before -> after. 0, 1 when stale (version moved), <0. */
struct content_move {
    const char *action, *to, *reason;
    int64_t publish_at;         /* schedule */
    int late;                   /* publish: a missed schedule published late */
};
int content_move(db_t *db, const struct actor *who, const json_t *item,
                 const struct content_move *m, int64_t now);

/* The "schedule" step: content_move to jadwal at `publish_at` (UTC
 * seconds) plus a job of kind "content_publish" (ref: the item's id,
 * payload {"publish_at": N}) due then, in the caller's transaction. The
 * job publishes the item only if it is still jadwal at that same time, so
 * a reschedule simply adds another job. 0, 1 when stale, <0. */
#define CONTENT_PUBLISH_JOB "content_publish"
int content_schedule(db_t *db, const struct actor *who, const json_t *item, int64_t publish_at,
                     int64_t now);

/* Ticks one validation checklist item (core/content.h content_checks):
 * ok or not, with a note; audited as content.check. 0 or <0. */
int content_check_set(db_t *db, const struct actor *who, const json_t *item, const char *check,
                      int ok, const char *note, int64_t now);

/* The item's timeline, oldest first: {ts, actor, actor_name, action,
 * before, after}. NULL on error. */
json_t *content_timeline(db_t *db, int64_t id);

#endif
