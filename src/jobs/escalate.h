/* escalate: moves conversations that wait too long along the office's
 * escalation chain (core/escalation.c), as a periodic sweep of the
 * workers. A citizen who wrote to a handed-over conversation and got no
 * answer from a person is given to the next available member once the
 * current one's wait (in office minutes) has passed; staff see it live
 * and in the audit log as conversation.escalate by "sistem". */
#ifndef BALAI_ESCALATE_H
#define BALAI_ESCALATE_H
#include <stdint.h>
#include "db/db.h"

/* How often the workers sweep, in milliseconds. */
#define ESCALATE_EVERY_MS 10000

/* One sweep at `now`; returns how many conversations moved, <0 on error. */
int escalate_sweep(db_t *db, int64_t now);

#endif
