/* scheduled: the "scheduled" job (ref_id = scheduled_message): at the time
 * staff chose on the thread ("Kirim nanti"), turns the message into an
 * outbound message and its "send" job, unless it was cancelled meanwhile. */
#ifndef BALAI_SCHEDULED_H
#define BALAI_SCHEDULED_H
#include "db/store_job.h"
#include "jobs/worker.h"

void scheduled_job(db_t *db, const struct job *j, struct job_result *res);

#endif
