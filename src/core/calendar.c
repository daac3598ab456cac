/* calendar: date arithmetic and the office's working-day calendar.
 * Date arithmetic goes through a day count since 1970-01-01 (Howard
 * Hinnant's days_from_civil / civil_from_days), which is exact for the
 * proleptic Gregorian calendar and needs no libc time zone state: Indonesia
 * has fixed offsets and no DST, so local time is UTC + offset. See
 * calendar.h for the contracts. */
#include "core/calendar.h"
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define NEXT_OPEN_MAX_DAYS 400
#define WORKING_DAYS_MAX_SPAN 3660

static const char *const month_names[12] = {
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
    "Agustus", "September", "Oktober", "November", "Desember"
};

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

/* Days since 1970-01-01 of a valid y-m-d. */
static int64_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* Inverse of days_from_civil; 0 if the year leaves the valid range. */
static int date_from_days(int64_t z)
{
    if (z < -1000000 || z > 3000000) return 0;   /* far outside years 1000..9999 */
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    if (y < CAL_MIN_YEAR || y > CAL_MAX_YEAR) return 0;
    return (int)(y * 10000 + m * 100 + d);
}

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int cal_date_from_ymd(int y, int m, int d)
{
    if (y < CAL_MIN_YEAR || y > CAL_MAX_YEAR || m < 1 || m > 12) return 0;
    if (d < 1 || d > days_in_month(y, m)) return 0;
    return y * 10000 + m * 100 + d;
}

int cal_date_valid(int date)
{
    if (date <= 0) return 0;
    return cal_date_from_ymd(date / 10000, date / 100 % 100, date % 100) != 0;
}

/* Day count of a date already known to be valid. */
static int64_t days_of(int date)
{
    return days_from_civil(date / 10000, date / 100 % 100, date % 100);
}

int cal_date_add_days(int date, int n)
{
    if (!cal_date_valid(date)) return 0;
    return date_from_days(days_of(date) + n);
}

int cal_diff_days(int a, int b)
{
    if (!cal_date_valid(a) || !cal_date_valid(b)) return 0;
    return (int)(days_of(b) - days_of(a));
}

int cal_weekday(int date)
{
    if (!cal_date_valid(date)) return -1;
    /* 1970-01-01 was a Thursday (3 when Monday is 0). */
    int64_t k = (days_of(date) + 3) % 7;
    return (int)(k < 0 ? k + 7 : k);
}

int cal_parse_date(const char *s, int *date)
{
    int v[3] = { 0, 0, 0 };
    static const int start[3] = { 0, 5, 8 }, len[3] = { 4, 2, 2 };

    if (!s || !date || strlen(s) != 10 || s[4] != '-' || s[7] != '-') return -1;
    for (int f = 0; f < 3; f++) {
        for (int i = start[f]; i < start[f] + len[f]; i++) {
            if (s[i] < '0' || s[i] > '9') return -1;
            v[f] = v[f] * 10 + (s[i] - '0');
        }
    }
    int d = cal_date_from_ymd(v[0], v[1], v[2]);
    if (!d) return -1;
    *date = d;
    return 0;
}

void cal_format_date(int date, char *out, size_t n)
{
    if (!out || n == 0) return;
    if (!cal_date_valid(date)) { out[0] = '\0'; return; }
    snprintf(out, n, "%04d-%02d-%02d", date / 10000, date / 100 % 100, date % 100);
}

const char *cal_month_name(int month)
{
    return (month >= 1 && month <= 12) ? month_names[month - 1] : "";
}

void cal_format_date_id(int date, char *out, size_t n)
{
    if (!out || n == 0) return;
    if (!cal_date_valid(date)) { out[0] = '\0'; return; }
    snprintf(out, n, "%s, %d %s %d", hours_day_name(cal_weekday(date)), date % 100,
             cal_month_name(date / 100 % 100), date / 10000);
}

int cal_local_date(const struct calendar *c, int64_t utc, int *minute_of_day)
{
    /* Valid years span about 3.2e11 seconds; refuse anything that could
     * overflow when the offset is added. */
    if (!c || utc < -INT64_C(100000000000000) || utc > INT64_C(100000000000000)) return 0;
    int64_t local = utc + (int64_t)c->tz_offset_min * 60;
    int64_t days = floor_div(local, 86400);
    int date = date_from_days(days);
    if (date && minute_of_day) *minute_of_day = (int)((local - days * 86400) / 60);
    return date;
}

int64_t cal_utc_of(const struct calendar *c, int date, int minute)
{
    if (!c || !cal_date_valid(date)) return INT64_MIN;
    return days_of(date) * 86400 + ((int64_t)minute - c->tz_offset_min) * 60;
}

static int is_closed_date(const struct calendar *c, int date)
{
    size_t lo = 0, hi = c->closed ? c->nclosed : 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->closed[mid] == date) return 1;
        if (c->closed[mid] < date) lo = mid + 1;
        else hi = mid;
    }
    return 0;
}

/* Number of ranges to trust for weekday wd (guards a corrupt n). */
static int ranges_of(const struct calendar *c, int wd)
{
    if (!c->hours || wd < 0 || wd > 6) return 0;
    return c->hours->n[wd] > HOURS_MAX_RANGES ? HOURS_MAX_RANGES : c->hours->n[wd];
}

int cal_is_working_day(const struct calendar *c, int date)
{
    if (!c || !cal_date_valid(date)) return 0;
    return ranges_of(c, cal_weekday(date)) > 0 && !is_closed_date(c, date);
}

int cal_is_open(const struct calendar *c, int64_t utc)
{
    int minute = 0, date = cal_local_date(c, utc, &minute);
    if (!date || !cal_is_working_day(c, date)) return 0;
    int wd = cal_weekday(date), n = ranges_of(c, wd);
    for (int i = 0; i < n; i++) {
        const struct hours_range *r = &c->hours->r[wd][i];
        if (minute >= r->open && minute < r->close) return 1;
    }
    return 0;
}

int64_t cal_next_open(const struct calendar *c, int64_t utc)
{
    int minute = 0, date = cal_local_date(c, utc, &minute);
    if (!date) return -1;
    if (cal_is_open(c, utc)) return utc;
    for (int i = 0; i <= NEXT_OPEN_MAX_DAYS; i++) {
        int d = i == 0 ? date : cal_date_add_days(date, i);
        if (!d) return -1;
        if (!cal_is_working_day(c, d)) continue;
        int wd = cal_weekday(d), n = ranges_of(c, wd), best = -1;
        /* Earliest opening still ahead (today: after the current minute;
         * ranges are sorted when valid, but do not rely on it). */
        for (int k = 0; k < n; k++) {
            int o = c->hours->r[wd][k].open;
            if (o >= c->hours->r[wd][k].close) continue;
            if (i == 0 && o <= minute) continue;
            if (best < 0 || o < best) best = o;
        }
        if (best >= 0) return cal_utc_of(c, d, best);
    }
    return -1;
}

int cal_add_working_days(const struct calendar *c, int from_date, int n)
{
    if (!c || !cal_date_valid(from_date)) return 0;
    if (n > WORKING_DAYS_MAX_SPAN || n < -WORKING_DAYS_MAX_SPAN) return 0;
    int step = n < 0 ? -1 : 1, left = n < 0 ? -n : n, d = from_date;
    if (n == 0 && cal_is_working_day(c, d)) return d;
    if (n == 0) left = 1;   /* the next working day */
    for (int i = 0; i < WORKING_DAYS_MAX_SPAN; i++) {
        d = cal_date_add_days(d, step);
        if (!d) return 0;
        if (cal_is_working_day(c, d) && --left == 0) return d;
    }
    return 0;
}

int cal_tz_offset(const char *name)
{
    static const struct { const char *name; int off; } zones[] = {
        { "WIB", 420 }, { "WITA", 480 }, { "WIT", 540 },
        { "Asia/Jakarta", 420 }, { "Asia/Pontianak", 420 },
        { "Asia/Makassar", 480 }, { "Asia/Jayapura", 540 },
    };
    if (!name) return -1;
    for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++)
        if (strcasecmp(name, zones[i].name) == 0) return zones[i].off;
    return -1;
}

const char *cal_tz_name(int offset)
{
    switch (offset) {
    case 420: return "WIB";
    case 480: return "WITA";
    case 540: return "WIT";
    default: return NULL;
    }
}
