/* live: the shared inbox's live updates. A change to a conversation
 * (a message in or out, a delivery status, an assignment, a state change,
 * a colleague typing) is announced with live_publish and reaches every
 * open inbox page of that office as a Server-Sent Event.
 *
 * One path for publishers, whichever database:
 *   - SQLite (one instance): the event waits for the transaction's commit
 *     (db_after_commit) and is then handed to this process's hub;
 *   - PostgreSQL (one or several instances): the event is
 *     pg_notify('balai_live', ...) inside the transaction, so PostgreSQL
 *     delivers it at commit, to every instance; each instance's listener
 *     thread (listen.c) hands it to its own hub.
 * Nothing is announced for a change that rolls back.
 *
 * The hub (hub.c) holds the open streams without a thread each: a stream
 * with nothing to send is a suspended libmicrohttpd connection, resumed
 * when an event for its office arrives or a heartbeat is due. */
#ifndef BALAI_LIVE_H
#define BALAI_LIVE_H
#include <jansson.h>
#include <stdint.h>
#include "db/db.h"

struct req;

/* Starts the heartbeat thread and, for a PostgreSQL URL, the listener.
 * Returns 0 or -1. */
int live_start(const char *db_url);
/* Ends every open stream (clients reconnect on their own) and stops the
 * threads; call before stopping the HTTP daemon. */
void live_stop(void);

/* Announces `kind` ("message", "status", "assign", "state", "typing",
 * "note", "label") for a conversation of an office, after the commit of the
 * current transaction (at once when none is open). extra (borrowed, may be
 * NULL) adds fields to the event's JSON, e.g. who is typing. Returns 0, or
 * -1 when the announcement could not be queued (the change itself stands). */
int live_publish(db_t *db, int64_t office_id, const char *kind, int64_t conversation_id,
                 json_t *extra);

/* Turns the request into an event stream of the office r->office, for
 * the signed-in staff member. Answers 503 while the server is stopping. */
void live_stream(struct req *r);

#endif
