/* send: delivers queued outbound messages through their channel (the
 * "send" job). Honours
 * WhatsApp's 24-hour window and the per-number rate, classifies the
 * platform's errors (retry with back-off, give up, or stop the channel and
 * tell staff), and never retries blindly forever. The "callback" job
 * answers a Telegram button press. */
#ifndef BALAI_SEND_H
#define BALAI_SEND_H
#include <jansson.h>
#include "db/db.h"
#include "db/store_channel.h"     /* channel_get, channel_find */
#include "jobs/worker.h"

#define WA_WINDOW (24 * 3600)   /* WhatsApp's customer-service window */

#define SEND_RATE_DEFAULT 80    /* messages/s per WhatsApp number (Cloud API) */

/* Waits for this number's next slot at `per_second` (<= 0: the default),
 * shared by every sender in the process (replies and broadcasts alike). */
void send_rate_wait(const char *account, int per_second);

void send_job(db_t *db, const struct job *j, struct job_result *res);
void callback_job(db_t *db, const struct job *j, struct job_result *res);
/* "media": downloads a citizen's image or document (WhatsApp media
 * endpoint, Telegram getFile) into the media table, private to the office. */
void media_job(db_t *db, const struct job *j, struct job_result *res);

#endif
