/* inbound: what happens to a citizen's message once it is stored: the
 * contact and conversation are found or opened, the bot decides (unless a
 * person has taken over), and its reply is queued for sending. One
 * transaction, so a crash either did all of it or none; rerunning a
 * processed message does nothing (the queue may run a job twice). */
#ifndef BALAI_INBOUND_H
#define BALAI_INBOUND_H
#include <stdint.h>
#include "db/db.h"
#include "jobs/worker.h"

/* How long a private upload link stays valid. */
#define UPLOAD_LINK_TTL (24 * 3600)

/* Processes stored inbound message `id`. Returns the id of the bot's reply
 * (0 when the bot stays silent or the message was processed before), or
 * <0 on a database error (the caller's transaction is rolled back). */
int64_t inbound_process(db_t *db, int64_t message_id, int64_t now);

/* The queue's handler for "inbound" jobs: its message, then, unless
 * webhooks are arriving (workers_deliveries_arriving), further queued ones in the same
 * transaction: INBOUND_BATCH_MIN messages, then more while under
 * INBOUND_BATCH_MS, INBOUND_BATCH_MAX at most. */
#define INBOUND_BATCH_MIN 4
#define INBOUND_BATCH_MS 2
#define INBOUND_BATCH_MAX 32
void inbound_job(db_t *db, const struct job *j, struct job_result *res);

#endif
