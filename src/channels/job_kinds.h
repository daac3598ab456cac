/* job_kinds: the table of every kind of queued job and its handler, handed
 * to the workers (jobs/worker.h) by `balai serve` and by whatever drains
 * the queue itself (tests, the CLI). It lives here, above jobs/, because
 * the handlers are the channels' own: the worker stays below them. */
#ifndef BALAI_JOB_KINDS_H
#define BALAI_JOB_KINDS_H
#include "jobs/worker.h"

extern const struct job_kind job_kinds[];

#endif
