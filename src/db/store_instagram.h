/* store_instagram: the SQL of table instagram_post, one row per content
 * item sent to the office's Instagram account (channels/instagram.c does
 * the Graph calls; migration 019 tells why each step is kept). Functions
 * run inside the caller's transaction where it has one. */
#ifndef BALAI_STORE_INSTAGRAM_H
#define BALAI_STORE_INSTAGRAM_H
#include <jansson.h>
#include <stdint.h>
#include "db/db.h"

#define IG_PUBLISH_JOB "instagram"

/* The item's post (id office_id item_id state container_id media_id
 * permalink error updated_at:i) into *out: DB_ROW, DB_DONE or DB_ERR. */
int ig_post_find(db_t *db, int64_t item_id, json_t **out);

/* Queues the item for Instagram: adds its row (state antre) or puts a
 * failed one back to antre with its error cleared (its container, if any,
 * is kept: the job checks it before making another), and adds the job.
 * 1 queued, 0 already queued, running or published (nothing added), -1 on
 * a database error. */
int ig_post_start(db_t *db, int64_t office_id, int64_t item_id, int64_t now);

/* What one step changed: state, and container/media/permalink/error when
 * not NULL. 0 or -1. */
struct ig_step {
    const char *state, *container_id, *media_id, *permalink, *error;
};
int ig_post_set(db_t *db, int64_t item_id, const struct ig_step *s, int64_t now);

#endif
