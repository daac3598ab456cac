/* store_broadcast: subscribers, their consent records, broadcasts and one
 * durable row per recipient (migration 015). The sender
 * (channels/broadcast.c) claims rows before it sends (antri -> kirim,
 * committed first), then records what the platform answered (terkirim
 * with its message id, or gagal); a row found in kirim after its sender
 * died becomes tak_pasti and is never sent again. Delivered and read
 * counts join the receipts (store_chat.h) on the message id. */
#ifndef BALAI_STORE_BROADCAST_H
#define BALAI_STORE_BROADCAST_H
#include <jansson.h>
#include <stdint.h>
#include "db/db.h"
#include "db/store_audit.h"

/* A citizen's keyword: in (1) or out (0) of the office's list. */
struct sub_change {
    int64_t office_id, contact_id, message_id, now;
    const char *channel, *address, *words;
    int in;
};
/* Records the change and its consent row. Returns 1 when the state
 * changed (subscribed now, or left now), 0 when it was so already (a
 * repeated opt-in is recorded too), 2 for an opt-out of someone who never
 * subscribed (nothing recorded), <0 on error. Call inside a transaction. */
int sub_set(db_t *db, const struct sub_change *c);

/* Active subscribers of the office on a channel; <0 on error. */
int sub_count(db_t *db, int64_t office_id, const char *channel, int64_t *n);

/* The broadcast of a published item to every active subscriber (WhatsApp
 * and Telegram):
 * the broadcast row, one delivery row per subscriber, the first
 * "broadcast" job and an audit row, inside the caller's transaction.
 * params is a JSON array text. *id gets the broadcast's id. 0 or <0. */
struct broadcast_new {
    int64_t office_id, item_id, now;
    const char *template_name, *language, *params, *item_title;
};
int broadcast_create(db_t *db, const struct actor *who, const struct broadcast_new *b,
                     int64_t *id);

/* The office's broadcasts, newest first (at most `limit`), or those of one
 * item (item_id > 0), each with its counts: id item_id item_title
 * item_slug template language params state total created_name created_at
 * finished_at waiting sending sent failed skipped unsure delivered read.
 * NULL on error. */
json_t *broadcast_list(db_t *db, int64_t office_id, int64_t item_id, int limit);
/* One broadcast of the office with its counts; DB_ROW, DB_DONE or <0. */
int broadcast_find(db_t *db, int64_t office_id, int64_t id, json_t **out);
/* The row the sender needs (office_id template language params state);
 * NULL when gone or on error. */
json_t *broadcast_get(db_t *db, int64_t id);

/* --- the sender ------------------------------------------------------- */

/* Rows left in kirim by a sender that died become tak_pasti: those
 * claimed by another process (`sqlite_one`: only one process writes a
 * SQLite file, so any other claimer is dead) or claimed before
 * `stale_ms`. Rows whose subscriber left meanwhile become batal. */
int bc_tidy(db_t *db, int64_t broadcast_id, const char *me, int sqlite_one, int64_t stale_ms);
/* Distinct WhatsApp recipients the office reached since `since_ms` (the
 * messaging tier counts unique users per moving 24 h); *first the earliest claim
 * among them (ms), 0 when none. <0 on error. */
int bc_reach(db_t *db, int64_t office_id, int64_t since_ms, int64_t *n, int64_t *first);
/* Claims up to `limit` waiting rows whose recipient got nothing from the
 * office for 6 s (`pair_ms`), marking them kirim by `me` at now_ms, and
 * returns them: id channel address attempts:i. NULL on error. */
json_t *bc_claim(db_t *db, int64_t broadcast_id, int limit, const char *me, int64_t now_ms,
                 int64_t pair_ms);
/* What became of one claimed row: terkirim (with the message id),
 * gagal / tak_pasti (with the error), or antri again with its claim time
 * set to hold_ms, so that bc_claim leaves it until hold_ms + pair_ms (the
 * pair rate limit's wait; 0: at once). */
int bc_result(db_t *db, int64_t id, const char *state, const char *external_id, int64_t code,
              const char *text, int64_t now, int64_t hold_ms);
/* Waiting rows (antri) of a broadcast; <0 on error. */
int bc_waiting(db_t *db, int64_t broadcast_id, int64_t *n);
/* Marks the broadcast selesai when no row waits or is being sent. */
int bc_finish(db_t *db, int64_t broadcast_id, int64_t now);

#endif
