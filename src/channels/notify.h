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
#include "db/store_pickup.h"
#include "db/store_job.h"
#include "jobs/worker.h"
#include <stddef.h>

/* The notice for request_event `event_id` (just written by
 * request_set_status); links the message to the event. Also schedules the
 * survey when the request has reached its end (see notify.c). 0 when queued
 * or when there is nobody to tell; <0 on error. */
int notify_request_status(db_t *db, const json_t *office, int64_t request_id, int64_t event_id,
                          int64_t now);

/* Queues one outbound message from Balai on a conversation: the message
 * row (kind text | interactive | template; payload borrowed, NULL = {}),
 * plus a "send" job except on the portal chat, which the browser fetches.
 * Returns the message id or <0. */
int64_t notify_queue(db_t *db, int64_t office_id, const char *channel, int64_t conversation_id,
                     const char *kind, const char *text, const json_t *payload, int64_t now);

/* The survey question's interactive list: rows "ikm:<request_id>:<n>"
 * from 5 (Sangat puas) to 1 (Sangat tidak puas). New reference. */
json_t *notify_survey_payload(int64_t request_id);

/* The pickup choice: an interactive list of the office's next bookable
 * slots (pickup_offer), rows "slot:<slot_id>:<date>"; NULL when none. */
json_t *notify_pickup_payload(db_t *db, const json_t *office, int64_t now);

/* "Senin, 30 November 2026 pukul 08.00–10.00". */
void notify_pickup_when(int date, int start_min, int end_min, char *out, size_t n);

/* The status of request r as citizens read it: *label and *next (static
 * text) from its type's words, or for a finished request those of its
 * pickup stage (pickup_view_of into *pv, which the caller frees), so
 * that a notice, a template and the inbox say what the status page says.
 * 0, or <0 on a database error. */
int notify_status_words(db_t *db, const json_t *office, const json_t *r, int64_t now,
                        struct pickup_view *pv, const char **label, const char **next);

/* How portal-chat visitor `contact_id` (who left `phone`, maybe "") hears
 * of a message while away (enum web_reach, core/chat.h): a Web Push
 * subscription first; else the number, when the office's WhatsApp is
 * active; else nothing. <0 on a database error. */
int notify_web_reach(db_t *db, int64_t office_id, int64_t contact_id, const char *phone);

/* When that is how the visitor is reached (WEB_REACH_WHATSAPP), queues the
 * approved template (payload borrowed; text as the inbox shows it) to the
 * number on its own WhatsApp conversation, and marks the chat's copy
 * (web_message_id) as told on WhatsApp. They never wrote to the office's
 * number, so there is no 24-hour window: never free text.
 * 0 (queued, or nothing to do), <0 on error. */
int notify_web_whatsapp(db_t *db, int64_t office_id, int64_t contact_id, const char *phone,
                        int64_t web_message_id, const char *text, const json_t *payload,
                        int64_t now);

/* Templates (outside WhatsApp's window) and their body parameters:
 *   status   {{1}} number {{2}} service {{3}} status label {{4}} next step
 *   survey   {{1}} number {{2}} service
 *   reminder {{1}} number {{2}} date and time of the pickup */

#endif
