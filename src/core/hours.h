/* hours: the weekly opening hours of a kelurahan office.
 * A clerk types each day's hours in the form Indonesians write them on the
 * notice board ("08.00-12.00, 13.00-15.30", "tutup"), so parsing is lenient
 * about separators but strict about the times themselves, and errors come
 * back in Bahasa Indonesia to show on the settings page. The database keeps
 * a compact canonical text form (hours_to_text) that round-trips exactly.
 * Pure logic: no I/O, no global state. */
#ifndef BALAI_HOURS_H
#define BALAI_HOURS_H
#include <stddef.h>
#include <stdint.h>

#define HOURS_MAX_RANGES 4
/* Enough for hours_to_text of any valid week (7 * (4 + 4 * 12) + 1 < 400). */
#define HOURS_TEXT_MAX 512

/* Minutes since local midnight; 0 <= open < close <= 1440 (24.00). */
struct hours_range { int16_t open, close; };

/* Index 0 = Monday (Senin) .. 6 = Sunday (Minggu). n[d] == 0 means closed.
 * In a valid week each day's ranges are sorted and do not overlap
 * (one range may end exactly where the next begins). */
struct week_hours {
    uint8_t n[7];
    struct hours_range r[7][HOURS_MAX_RANGES];
};

/* Parse what a clerk typed for one day into w->r[day] / w->n[day].
 * Accepts "" / "tutup" / "libur" (any case) for closed, otherwise ranges
 * separated by ',' or ';', each "HH.MM-HH.MM": ':' may replace '.', the
 * minutes may be left out ("8-12"), the dash may be '-', an en or em dash,
 * "s.d.", "s/d" or "sampai", spaces anywhere between. Up to
 * HOURS_MAX_RANGES ranges; they are sorted, overlaps are rejected. 24.00 is
 * allowed as a closing time. Returns 0, or -1 with a Bahasa Indonesia
 * message in err (may be NULL) and w left untouched. */
int hours_parse_day(const char *text, struct week_hours *w, int day,
                    char *err, size_t errlen);

/* Human form of one day: "08.00–12.00, 13.00–15.30" (en dash), or "Tutup"
 * when closed or day is out of range. Always NUL-terminates when n > 0
 * (truncating if out is too small). */
void hours_format_day(const struct week_hours *w, int day, char *out, size_t n);

/* Canonical storage form, all seven days in order, each ending in ';':
 *   "mon=08:00-12:00,13:00-15:30;tue=08:00-15:00;...;sat=;sun=;"
 * (an empty day is closed). Returns 0, or -1 (out set to "") if w is not
 * valid (see hours_is_valid) or out is smaller than needed. */
int hours_to_text(const struct week_hours *w, char *out, size_t n);

/* Strict inverse of hours_to_text: day keys mon..sun, in any order, each at
 * most once (a missing day is closed), times exactly "HH:MM", ranges sorted
 * and non-overlapping, the final ';' optional; "" is a week with no hours.
 * Returns 0, or -1 with w untouched. */
int hours_from_text(const char *s, struct week_hours *w);

/* 1 if every day has at most HOURS_MAX_RANGES ranges, each within 0..1440
 * with open < close, sorted and non-overlapping; else 0. */
int hours_is_valid(const struct week_hours *w);

/* The week with consecutive days of the same hours together, each group
 * "Senin–Kamis" + colon + "08.00–15.00", groups joined by sep: with sep
 * "; " and colon " " one printed line ("...; Sabtu–Minggu Tutup"), with
 * "\n" and ": " the bot's list of lines. */
void hours_week_line(const struct week_hours *w, const char *sep, const char *colon, char *out,
                     size_t n);

/* "Senin" .. "Minggu" for 0..6, "" otherwise. */
const char *hours_day_name(int day);

#endif
