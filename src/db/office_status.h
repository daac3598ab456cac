/* office_status: whether an office serves citizens now, and when it opens
 * again, from its weekly hours and its closed days (national holidays,
 * cuti bersama, its own leave). Shared by the portal pages and the bot, so
 * both say the same thing. */
#ifndef BALAI_OFFICE_STATUS_H
#define BALAI_OFFICE_STATUS_H
#include <jansson.h>
#include <stdint.h>
#include "core/calendar.h"
#include "core/hours.h"
#include "db/db.h"

/* Loads the office's calendar as of `now` (closed days for the next 400
 * days). *closed is malloc'd and referenced by c: free it after use.
 * Returns 0, or -1 when the closed days could not be read (c then knows
 * none: a caller that writes a date from it must give up). */
int office_calendar_load(db_t *db, const json_t *office, int64_t now, struct week_hours *w,
                          struct calendar *c, int **closed);

/* {open, text ("Buka sekarang" / "Tutup — buka lagi besok pukul 08.00"),
 * today_hours, closed_reason (the holiday's name today, or "")}, or NULL
 * when the closed days cannot be read. */
json_t *office_status(db_t *db, const json_t *office, int64_t now);

/* The week as lines for a chat message, days with the same hours grouped:
 * "Senin–Kamis: 08.00–15.00\nJumat: 08.00–11.00\nSabtu–Minggu: Tutup". */
void office_week_text(const struct week_hours *w, char *out, size_t n);

#endif
