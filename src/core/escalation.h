/* escalation: who answers a citizen now. An office orders its staff in an
 * escalation chain; level 1 answers first. A member is passed over while on
 * leave or outside their duty hours, and when they have not answered within
 * their wait time the conversation moves to the next level. Pure logic; the
 * inbox (issue 6) uses it to route and escalate conversations. */
#ifndef BALAI_ESCALATION_H
#define BALAI_ESCALATION_H
#include <stddef.h>
#include <stdint.h>
#include "core/calendar.h"
#include "core/hours.h"

struct esc_member {
    int64_t staff_id;
    int wait_min;                       /* minutes before the next level takes over */
    const struct week_hours *duty;      /* NULL: the office's hours */
    int absent_until;                   /* yyyymmdd, 0 = present */
    int disabled;
};

/* Index of the member who should hold a conversation that has waited
 * `waited_min` minutes without an answer at time `now`, or -1 when nobody in
 * the chain is available (the office is closed or everyone is away). */
int escalation_pick(const struct esc_member *chain, size_t n, const struct calendar *office,
                    int64_t now, int waited_min);

#endif
