/* calendar: dates and the working-day calendar of one kelurahan office.
 * Citizens ask "is the office open now?", "when does it open next?" and
 * "when will my letter be ready (3 hari kerja)?". The answers depend on the
 * office's time zone (WIB/WITA/WIT, none of which observe DST), its weekly
 * hours and the days it is closed (national holidays, cuti bersama, office
 * leave). Dates are plain ints yyyymmdd (20261225) so they sort, compare and
 * store trivially; 0 means "no date". Pure logic: no I/O, no global state. */
#ifndef BALAI_CALENDAR_H
#define BALAI_CALENDAR_H
#include <stddef.h>
#include <stdint.h>
#include "core/hours.h"

/* Dates from 1000-01-01 to 9999-12-31 are valid, so a date is 8 digits. */
#define CAL_MIN_YEAR 1000
#define CAL_MAX_YEAR 9999

struct calendar {
    int tz_offset_min;              /* minutes east of UTC: WIB 420, WITA 480, WIT 540 */
    const struct week_hours *hours; /* NULL: no hours, never open */
    const int *closed;              /* sorted yyyymmdd dates when the office is closed:  */
    size_t nclosed;                 /* national holidays, cuti bersama, office leave days */
};

/* y-m-d -> yyyymmdd, or 0 if that is not a real date in range. */
int cal_date_from_ymd(int y, int m, int d);

/* 1 if date is a real calendar date (leap years included) in range, else 0. */
int cal_date_valid(int date);

/* date plus n days (n may be negative); 0 if date is invalid or the result
 * leaves the valid range. */
int cal_date_add_days(int date, int n);

/* Days from a to b (b - a), e.g. 20260101 -> 20260201 is 31. Both dates
 * must be valid (returns 0 otherwise). */
int cal_diff_days(int a, int b);

/* 0 = Monday .. 6 = Sunday (the index of struct week_hours); -1 if invalid. */
int cal_weekday(int date);

/* Strict "YYYY-MM-DD" (exactly 10 characters, a real date). Returns 0 and
 * sets *date, or -1 leaving *date untouched. */
int cal_parse_date(const char *s, int *date);

/* "2026-12-25"; "" for an invalid date. */
void cal_format_date(int date, char *out, size_t n);

/* "Jumat, 25 Desember 2026"; "" for an invalid date. */
void cal_format_date_id(int date, char *out, size_t n);

/* "Januari" .. "Desember" for 1..12, "" otherwise. */
const char *cal_month_name(int month);

/* Local date of the instant utc (epoch seconds) in c's time zone; stores the
 * local minute of the day (0..1439) in *minute_of_day when it is not NULL.
 * Returns 0 if the instant is outside the valid date range. */
int cal_local_date(const struct calendar *c, int64_t utc, int *minute_of_day);

/* Epoch seconds of local date + minute (minute may be 0..1440 or beyond; it
 * is simply added). INT64_MIN if date is invalid. */
int64_t cal_utc_of(const struct calendar *c, int date, int minute);

/* 1 if the office works on date: its weekday has at least one range and the
 * date is not in c->closed; 0 otherwise (also for an invalid date). */
int cal_is_working_day(const struct calendar *c, int date);

/* 1 if the office is open at utc: a working day and inside a range, the
 * opening minute included and the closing minute excluded. */
int cal_is_open(const struct calendar *c, int64_t utc);

/* The first instant at or after utc when the office is open: utc itself if
 * it is open now, otherwise the start of the next range. Looks at most 400
 * days ahead; -1 if none (e.g. no hours at all). */
int64_t cal_next_open(const struct calendar *c, int64_t utc);

/* The date n working days after from_date, for "ready in n hari kerja";
 * from_date itself never counts, so with n = 3 and three working days
 * following, the third one is returned. n = 0 gives from_date if it is a
 * working day, else the next working day. A negative n counts back: the
 * date |n| working days before from_date. Searches at most 3660 days;
 * returns 0 if not found or from_date is invalid. */
int cal_add_working_days(const struct calendar *c, int from_date, int n);

/* "WIB" -> 420, "WITA" -> 480, "WIT" -> 540 (case-insensitive; the IANA
 * names Asia/Jakarta, Asia/Pontianak, Asia/Makassar, Asia/Jayapura are also
 * accepted); -1 for anything else. */
int cal_tz_offset(const char *name);

/* 420 -> "WIB", 480 -> "WITA", 540 -> "WIT"; NULL for any other offset. */
const char *cal_tz_name(int offset);

#endif
