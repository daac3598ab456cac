/* escalation: see escalation.h. */
#include "core/escalation.h"

static int available(const struct esc_member *m, const struct calendar *office, int64_t now)
{
    if (m->disabled) return 0;
    int minute, today = cal_local_date(office, now, &minute);
    if (m->absent_until && today <= m->absent_until) return 0;
    if (!m->duty) return cal_is_open(office, now);
    struct calendar c = *office;
    c.hours = m->duty;
    return cal_is_open(&c, now);
}

int escalation_pick(const struct esc_member *chain, size_t n, const struct calendar *office,
                    int64_t now, int waited_min)
{
    /* walk the chain spending the wait of each available member; the first
     * available member whose wait is not used up holds the conversation,
     * and the last available one keeps it when every wait has passed */
    int last = -1;
    int budget = waited_min;
    for (size_t i = 0; i < n; i++) {
        if (!available(&chain[i], office, now)) continue;
        last = (int)i;
        if (budget < chain[i].wait_min) return (int)i;
        budget -= chain[i].wait_min;
    }
    return last;
}
