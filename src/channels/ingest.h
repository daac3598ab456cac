/* ingest: the durable inbox behind every webhook. A handler hands over the
 * events it parsed and suspends its connection; one writer thread stores
 * everything that arrived meanwhile in a single transaction (group commit:
 * one fsync for many deliveries, the way databases batch their log writes),
 * then lets each handler answer 200. So a platform hears "received" only
 * once the message is on disk, and a redelivery finds it there
 * (idempotent by the platform's message id). */
#ifndef BALAI_INGEST_H
#define BALAI_INGEST_H
#include "channels/event.h"
#include "db/db.h"

typedef void (*ingest_done_fn)(void *arg, int rc);

/* Starts the writer thread on its own connection (this process's db
 * URL, db_thread_init), with SQLite's synchronous=FULL so a commit is
 * fsync'd. */
int ingest_start(void);
/* Stores what is queued, answers every waiting handler, stops. */
void ingest_stop(void);

/* Queues events (their contents pass to the writer; *l is emptied).
 * done(arg, 0) runs on the writer thread once they are committed, or
 * done(arg, -1) if storing failed. Returns -1 (and keeps *l) when the
 * writer is not running: the caller answers 503 itself. */
int ingest_submit(struct event_list *l, ingest_done_fn done, void *arg);

/* Stores events inside the caller's transaction: messages (ignoring ones
 * already stored) each with an "inbound" job, and receipts. Returns the
 * number of new messages, or <0 on a database error. */
int ingest_store(db_t *db, const struct event_list *l, int64_t now);

/* Stores one message event; 1 with *out_id set when new, 0 when it was
 * stored before, <0 on error. with_job adds its "inbound" job (the portal
 * chat processes at once instead). */
int ingest_store_message(db_t *db, const struct event *e, int64_t now, int with_job,
                         int64_t *out_id);

/* Counters since start, for the log and the bench. */
struct ingest_stats { uint64_t batches, events, fresh; };
void ingest_stats(struct ingest_stats *s);

#endif
