/* idphoto_job: the "idphoto" job. A citizen's photo, once the media job
 * has kept it, is read by OCR (channels/idphoto.h) on a worker thread;
 * when it shows a KTP or KK and neither its number nor its caption had
 * already flagged the message, the message is marked sensitive (staff see
 * a note beside it) and the citizen gets the bot's data-protection
 * warning with a fresh private upload link, through the normal outbound
 * queue (so WhatsApp's 24-hour window and the retry rules apply). The
 * photo stays a private file of the office, as any other. */
#ifndef BALAI_IDPHOTO_JOB_H
#define BALAI_IDPHOTO_JOB_H
#include <jansson.h>
#include "db/db.h"
#include "jobs/worker.h"

/* Whether the media job should queue "idphoto" for inbound message m
 * (chat_message_get) whose file is bytes[0..len): OCR is on, the message
 * is a citizen's, not flagged already, and the file is a JPEG or PNG. */
int idphoto_wanted(const json_t *m, const void *bytes, size_t len);

/* The queue's handler: OCR outside any transaction (hundreds of ms), then
 * one short transaction for the flag and the warning. */
void idphoto_job(db_t *db, const struct job *j, struct job_result *res);

#endif
