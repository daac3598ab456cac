/* reminder: the "reminder" job, queued by pickup_book (db/store_pickup.h)
 * for the day before a pickup at 15.00 office time. It tells the citizen,
 * on the channel their request came from, when and where to collect the
 * document and what to bring: free text inside WhatsApp's 24-hour window
 * (and always on Telegram and the portal chat), else the approved template
 * named in the channel's settings, templates.reminder (channel_template;
 * default balai_pengingat_ambil, "id") with the body parameters that
 * channels/notify.h documents: {{1}} number, {{2}} date and time. Sent at
 * most once per booking (pickup_booking.reminded), never for a request
 * already collected or a pickup already past. */
#ifndef BALAI_REMINDER_H
#define BALAI_REMINDER_H
#include <stdint.h>
#include "db/db.h"
#include "jobs/worker.h"

void reminder_job(db_t *db, const struct job *j, struct job_result *res);

/* Queues the reminder of booking `booking_id` inside the caller's
 * transaction. Returns 1 when a message was queued, 0 when there is
 * nothing to send (already reminded, collected, past, a walk-in without a
 * chat, a blocked contact), <0 on error. */
int reminder_send(db_t *db, int64_t booking_id, int64_t now);

#endif
