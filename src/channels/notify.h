/* notify: messages Balai sends to a citizen on its own initiative, about
 * their request: a status change, the pickup reminder, the satisfaction
 * survey. Each is an outbound message plus a "send" job, queued inside the
 * caller's transaction, on the channel the request came from. Inside
 * WhatsApp's 24-hour window it is free text (or an interactive list);
 * outside it, the approved template named in the channel's settings. A
 * walk-in request without a chat gets nothing (staff tell them in person). */
#ifndef BALAI_NOTIFY_H
#define BALAI_NOTIFY_H
#include <jansson.h>
#include <stdint.h>
#include "db/db.h"

/* The notice for request_event `event_id` (just written by
 * request_set_status); links the message to the event. Also schedules the
 * survey when the request has reached its end (see notify.c). 0 when queued
 * or when there is nobody to tell; <0 on error. */
int notify_request_status(db_t *db, const json_t *office, int64_t request_id, int64_t event_id,
                          int64_t now);

#endif
