/* content_publish: the handler of the job kind "content_publish"
 * (CONTENT_PUBLISH_JOB, db/store_content.h), added by content_schedule for
 * the scheduled time. It publishes the item (the workflow's "publish"
 * step, to terbit, by the system) only when the item is still jadwal at the
 * very time in the job's payload: a rescheduled item has a newer job and
 * the stale one does nothing. A job that runs late (the server was down at
 * the time; the queue runs overdue jobs on start) marks the item late and
 * says by how long in the decision log. */
#ifndef BALAI_CONTENT_PUBLISH_H
#define BALAI_CONTENT_PUBLISH_H
#include <stddef.h>
#include <stdint.h>
#include "jobs/worker.h"

/* Published more than this after its time counts as late. */
#define CONTENT_LATE_AFTER 120

/* Publishes item `id` if it is due as `publish_at` says; 1 published, 0
 * nothing to do, <0 on error. Runs inside the caller's transaction. */
int content_publish_due(db_t *db, int64_t id, int64_t publish_at, int64_t now);

/* A delay in words: "3 jam 5 menit", "2 hari 1 jam", "4 menit" (the
 * larger unit and the one below it when that is not zero; at least 1
 * menit). For the decision log and the console's late badge. */
void content_delay_text(int64_t seconds, char *out, size_t n);

void content_publish_job(db_t *db, const struct job *j, struct job_result *res);

#endif
