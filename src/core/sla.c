/* sla: see sla.h. Both walks go day by day through the office's local
 * dates and intersect each open range with the span asked about, so a
 * Friday break, a holiday or a leave day simply contributes nothing. */
#include "core/sla.h"

int64_t sla_open_seconds(const struct calendar *c, int64_t from, int64_t to)
{
    if (!c || !c->hours || to <= from) return 0;
    if (to - from > (int64_t)SLA_MAX_DAYS * 86400) from = to - (int64_t)SLA_MAX_DAYS * 86400;
    int first = cal_local_date(c, from, NULL), last = cal_local_date(c, to, NULL);
    if (!first || !last) return 0;
    int64_t sum = 0;
    for (int d = first; d && d <= last; d = cal_date_add_days(d, 1)) {
        if (!cal_is_working_day(c, d)) continue;
        int wd = cal_weekday(d);
        for (int i = 0; i < c->hours->n[wd]; i++) {
            int64_t a = cal_utc_of(c, d, c->hours->r[wd][i].open);
            int64_t b = cal_utc_of(c, d, c->hours->r[wd][i].close);
            if (a < from) a = from;
            if (b > to) b = to;
            if (b > a) sum += b - a;
        }
    }
    return sum;
}

int64_t sla_due(const struct calendar *c, int64_t start, int minutes)
{
    if (!c || !c->hours) return -1;
    int64_t left = minutes > 0 ? (int64_t)minutes * 60 : 0;
    int d = cal_local_date(c, start, NULL);
    for (int k = 0; d && k <= SLA_MAX_DAYS; k++, d = cal_date_add_days(d, 1)) {
        if (!cal_is_working_day(c, d)) continue;
        int wd = cal_weekday(d);
        for (int i = 0; i < c->hours->n[wd]; i++) {
            int64_t a = cal_utc_of(c, d, c->hours->r[wd][i].open);
            int64_t b = cal_utc_of(c, d, c->hours->r[wd][i].close);
            if (a < start) a = start;
            if (b <= a) continue;
            /* the due instant may be a closing time (the last minute was
             * spent just before it); a zero target is the first open one */
            if (left == 0 || left <= b - a) return a + left;
            left -= b - a;
        }
    }
    return -1;
}

enum sla_state sla_state_of(int64_t elapsed, int target_min)
{
    if (target_min <= 0) return SLA_OK;
    int64_t target = (int64_t)target_min * 60;
    if (elapsed >= target) return SLA_LATE;
    if (elapsed * 4 >= target * 3) return SLA_NEAR;
    return SLA_OK;
}

const char *sla_state_label(enum sla_state s)
{
    switch (s) {
    case SLA_LATE: return "Terlambat";
    case SLA_NEAR: return "Hampir lewat";
    default: return "Tepat waktu";
    }
}
