/* sla: the shared inbox's service-level targets, counted in office hours.
 * A kelurahan promises e.g. "first answer within 60 minutes, done within
 * 2 working days", and that promise only runs while the office is open:
 * evenings, weekends, holidays and leave days do not count against staff.
 * Pure logic over core/calendar.h: no I/O, no global state. */
#ifndef BALAI_SLA_H
#define BALAI_SLA_H
#include <stdint.h>
#include "core/calendar.h"

/* How far ahead (or back) the office-hour walks look, in days. */
#define SLA_MAX_DAYS 400

/* Open-office seconds between from and to (0 when to <= from). Ranges on
 * closed dates and outside the weekly hours are skipped. Spans longer
 * than SLA_MAX_DAYS count only their last SLA_MAX_DAYS days. */
int64_t sla_open_seconds(const struct calendar *c, int64_t from, int64_t to);

/* The instant at which `minutes` of open office time have passed since
 * start: e.g. start Friday 14.30, office closing 15.00, 60 minutes ->
 * Monday 08.30. minutes <= 0 gives the first open instant at or after start
 * (start itself when open). -1 when the office never opens in
 * SLA_MAX_DAYS days. */
int64_t sla_due(const struct calendar *c, int64_t start, int minutes);

enum sla_state { SLA_OK, SLA_NEAR, SLA_LATE };

/* The state of a target of `target_min` office minutes after `elapsed`
 * open seconds: late when used up, near from 75 % on, else ok. A target of
 * 0 or less means "no target" and is always ok. */
enum sla_state sla_state_of(int64_t elapsed, int target_min);

/* "Tepat waktu", "Hampir lewat", "Terlambat". */
const char *sla_state_label(enum sla_state s);

#endif
