/* broadcast (channels): the chat side of WhatsApp announcements. A
 * citizen's keyword ("langganan info", "berhenti"; core/broadcast.h) is
 * taken before the bot, recorded with its consent row and confirmed; and
 * the "broadcast" job sends a broadcast's rows as the approved template,
 * paced at the number's rate (settings "rate", 80/s), one message per 6 s
 * to a person and within the messaging tier (settings "broadcast_tier",
 * unique recipients per moving 24 h, 1,000). Each run sends for about two
 * seconds, then queues its own next run, so a long broadcast never holds
 * a worker or outlives its lease.
 *
 * The crash window: a row is claimed (kirim, committed) right before its
 * POST and its answer (terkirim with the platform's message id, or the
 * refusal) is written right after, one row at a time. A sender killed in
 * between leaves that one row in kirim; the next run marks it tak_pasti
 * ("mungkin terkirim") and never sends it again: a missed announcement
 * can be read on the portal, a doubled one cannot be taken back. On
 * SQLite a claim by another process is a dead one at once; on PostgreSQL
 * (several instances) after STALE_MS. The message carries
 * biz_opaque_callback_data "siaran:<broadcast>:<row>", which its status
 * webhooks echo, for whoever reconciles such a row by hand. Rows claimed
 * by the dead run's job wait for the queue's lease (60 s) to run again.
 * cannot be taken back. A POST that got no answer is tak_pasti too. */
#ifndef BALAI_CHANNELS_BROADCAST_H
#define BALAI_CHANNELS_BROADCAST_H
#include <jansson.h>
#include <stdint.h>
#include "db/db.h"
#include "jobs/worker.h"

/* The citizen's message m (chat_message_get's row), already in its
 * conversation: when it is a subscription keyword, records it and queues
 * the confirmation. Returns the reply's id (>0), 0 when the message is
 * not one (or an opt-out of someone who never subscribed: the bot
 * answers), <0 on error. Inside the inbound job's transaction. */
int64_t broadcast_keyword(db_t *db, const json_t *m, int64_t contact_id, int64_t conv_id,
                          int64_t now);

/* The office's messaging tier now: *tier (settings, else the default),
 * *used (distinct recipients in the moving 24 h) and *opens (epoch s when
 * the oldest of them drops out; 0 when none). 0 or <0. */
int broadcast_tier_state(db_t *db, int64_t office_id, int64_t now_ms, int64_t *tier,
                         int64_t *used, int64_t *opens);

/* The "broadcast" job: ref_id is the broadcast. */
void broadcast_job(db_t *db, const struct job *j, struct job_result *res);

#define BROADCAST_TEMPLATE "broadcast"   /* channel_template's `which` */
#define BROADCAST_TIER_DEFAULT 1000
#define BROADCAST_PAIR_MS 6000

#endif
