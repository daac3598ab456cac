/* Unit tests for core/calendar: date arithmetic, "open now?", "opens next
 * at ...", and request ETAs in working days, checked against the real
 * holiday file data/holidays.tsv (tests run from the repository root). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/holidays.h"
#include "core/hours.h"

#define WIB 420
#define WITA 480
#define WIT 540

/* A typical kelurahan week: Mon-Thu with a lunch break, a longer Friday
 * break for Jumatan, closed on the weekend. */
static void office_hours(struct week_hours *w)
{
    char err[128];
    memset(w, 0, sizeof *w);
    for (int d = 0; d < 4; d++)
        assert_int_equal(hours_parse_day("08.00-12.00, 13.00-16.00", w, d, err, sizeof err), 0);
    assert_int_equal(hours_parse_day("08.00-11.00, 13.30-16.00", w, 4, err, sizeof err), 0);
}

static struct calendar make_cal(int tz, const struct week_hours *w)
{
    struct calendar c = { tz, w, NULL, 0 };
    return c;
}

static int64_t at(const struct calendar *c, int date, int h, int m)
{
    return cal_utc_of(c, date, h * 60 + m);
}

/* Reads data/holidays.tsv and returns its sorted distinct dates. */
static int *load_closed(size_t *n)
{
    FILE *f = fopen("data/holidays.tsv", "rb");
    char *text = NULL, err[256];
    size_t len = 0, cap = 0, k;
    struct holiday_file hf;
    int *dates = NULL;

    if (!f) fail_msg("cannot open data/holidays.tsv (run from the repo root)");
    do {
        if (len == cap) {
            cap = cap ? cap * 2 : 8192;
            text = realloc(text, cap);
            assert_non_null(text);
        }
        k = fread(text + len, 1, cap - len, f);
        len += k;
    } while (k > 0);
    fclose(f);
    if (holidays_parse(text, len, &hf, err, sizeof err) != 0) fail_msg("holidays: %s", err);
    free(text);
    assert_int_equal(holidays_dates(&hf, &dates, n), 0);
    holidays_free(&hf);
    return dates;
}

static void test_dates(void **state)
{
    assert_int_equal(cal_date_from_ymd(2026, 12, 25), 20261225);
    assert_int_equal(cal_date_from_ymd(2024, 2, 29), 20240229);
    assert_int_equal(cal_date_from_ymd(2025, 2, 29), 0);
    assert_int_equal(cal_date_from_ymd(2026, 13, 1), 0);
    assert_int_equal(cal_date_from_ymd(2026, 4, 31), 0);
    assert_true(cal_date_valid(20000229));
    assert_false(cal_date_valid(19000229));
    assert_false(cal_date_valid(20260230));
    assert_false(cal_date_valid(20261200));
    assert_false(cal_date_valid(0));
    assert_false(cal_date_valid(-20260101));

    assert_int_equal(cal_date_add_days(20261231, 1), 20270101);
    assert_int_equal(cal_date_add_days(20240228, 1), 20240229);
    assert_int_equal(cal_date_add_days(20250228, 1), 20250301);
    assert_int_equal(cal_date_add_days(20260301, -1), 20260228);
    assert_int_equal(cal_date_add_days(20260101, -365), 20250101);
    assert_int_equal(cal_date_add_days(20260101, 0), 20260101);
    assert_int_equal(cal_date_add_days(20260230, 1), 0);
    assert_int_equal(cal_date_add_days(99991231, 1), 0);
    assert_int_equal(cal_diff_days(20260101, 20260201), 31);
    assert_int_equal(cal_diff_days(20260201, 20260101), -31);
    assert_int_equal(cal_diff_days(20240101, 20250101), 366);

    assert_int_equal(cal_weekday(19700101), 3);     /* Thursday */
    assert_int_equal(cal_weekday(20000101), 5);     /* Saturday */
    assert_int_equal(cal_weekday(20261225), 4);     /* Friday */
    assert_int_equal(cal_weekday(20260817), 0);     /* Monday */
    assert_int_equal(cal_weekday(20260322), 6);     /* Sunday */
    assert_int_equal(cal_weekday(16000101), 5);     /* Saturday, before the epoch */
    assert_int_equal(cal_weekday(20260230), -1);
}

static void test_parse_and_format(void **state)
{
    int d = 123;
    char out[64];
    assert_int_equal(cal_parse_date("2026-03-19", &d), 0);
    assert_int_equal(d, 20260319);
    static const char *const bad[] = {
        "2026-3-19", "2026-03-1", "2026-02-30", "2026-03-19x", " 2026-03-19",
        "2026/03/19", "19-03-2026", "2026-00-10", "0999-01-01", "", "2026-03-+9",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        d = 123;
        if (cal_parse_date(bad[i], &d) != -1) fail_msg("accepted \"%s\"", bad[i]);
        assert_int_equal(d, 123);
    }
    cal_format_date(20260319, out, sizeof out);
    assert_string_equal(out, "2026-03-19");
    cal_format_date(20260230, out, sizeof out);
    assert_string_equal(out, "");

    cal_format_date_id(20261225, out, sizeof out);
    assert_string_equal(out, "Jumat, 25 Desember 2026");
    cal_format_date_id(20260817, out, sizeof out);
    assert_string_equal(out, "Senin, 17 Agustus 2026");
    cal_format_date_id(20260101, out, sizeof out);
    assert_string_equal(out, "Kamis, 1 Januari 2026");
    cal_format_date_id(20260531, out, sizeof out);
    assert_string_equal(out, "Minggu, 31 Mei 2026");
    assert_string_equal(cal_month_name(2), "Februari");
    assert_string_equal(cal_month_name(13), "");
}

static void test_timezones(void **state)
{
    assert_int_equal(cal_tz_offset("WIB"), 420);
    assert_int_equal(cal_tz_offset("WITA"), 480);
    assert_int_equal(cal_tz_offset("WIT"), 540);
    assert_int_equal(cal_tz_offset("wita"), 480);
    assert_int_equal(cal_tz_offset("Asia/Makassar"), 480);
    assert_int_equal(cal_tz_offset("Asia/Jayapura"), 540);
    assert_int_equal(cal_tz_offset("UTC"), -1);
    assert_int_equal(cal_tz_offset(""), -1);
    assert_int_equal(cal_tz_offset(NULL), -1);
    assert_string_equal(cal_tz_name(420), "WIB");
    assert_string_equal(cal_tz_name(480), "WITA");
    assert_string_equal(cal_tz_name(540), "WIT");
    assert_null(cal_tz_name(0));
}

static void test_local_date(void **state)
{
    struct calendar wib = make_cal(WIB, NULL), wit = make_cal(WIT, NULL), utc = make_cal(0, NULL);
    int minute = -1;
    /* 2026-01-01T00:00:00Z */
    assert_int_equal(cal_local_date(&wib, 1767225600, &minute), 20260101);
    assert_int_equal(minute, 7 * 60);
    assert_int_equal(cal_local_date(&wit, 1767225600, &minute), 20260101);
    assert_int_equal(minute, 9 * 60);
    /* New Year in Jakarta is 17:00 UTC the day before. */
    assert_int_equal(cal_local_date(&wib, 1767200400, &minute), 20260101);
    assert_int_equal(minute, 0);
    assert_int_equal(cal_local_date(&wib, 1767200399, &minute), 20251231);
    assert_int_equal(minute, 1439);
    assert_int_equal(cal_local_date(&utc, -1, &minute), 19691231);
    assert_int_equal(minute, 1439);
    assert_int_equal(cal_local_date(&wib, 1767225600, NULL), 20260101);
    assert_int_equal(cal_local_date(&wib, INT64_MAX, &minute), 0);

    assert_int_equal(cal_utc_of(&wib, 20260101, 420), 1767225600);
    assert_int_equal(cal_utc_of(&wit, 20260101, 540), 1767225600);
    assert_int_equal(cal_utc_of(&wib, 20260101, 0), 1767200400);
    assert_true(cal_utc_of(&wib, 20260230, 0) == INT64_MIN);
}

static void test_is_open_boundaries_wib(void **state)
{
    struct week_hours w;
    office_hours(&w);
    struct calendar c = make_cal(WIB, &w);
    const int mon = 20260706;
    assert_false(cal_is_open(&c, at(&c, mon, 7, 59)));
    assert_false(cal_is_open(&c, at(&c, mon, 7, 59) + 59));
    assert_true(cal_is_open(&c, at(&c, mon, 8, 0)));
    assert_true(cal_is_open(&c, at(&c, mon, 11, 59)));
    assert_true(cal_is_open(&c, at(&c, mon, 11, 59) + 59));
    assert_false(cal_is_open(&c, at(&c, mon, 12, 0)));      /* lunch break */
    assert_false(cal_is_open(&c, at(&c, mon, 12, 59)));
    assert_true(cal_is_open(&c, at(&c, mon, 13, 0)));
    assert_false(cal_is_open(&c, at(&c, mon, 16, 0)));
    /* Friday: closed for Jumatan until 13.30. */
    assert_true(cal_is_open(&c, at(&c, 20260703, 10, 59)));
    assert_false(cal_is_open(&c, at(&c, 20260703, 11, 0)));
    assert_false(cal_is_open(&c, at(&c, 20260703, 13, 29)));
    assert_true(cal_is_open(&c, at(&c, 20260703, 13, 30)));
    /* Weekend. */
    assert_false(cal_is_open(&c, at(&c, 20260704, 9, 0)));
    assert_false(cal_is_open(&c, at(&c, 20260705, 9, 0)));
}

/* The same instant is 07:30 in Jakarta (closed) but 08:30 in Makassar and
 * 09:30 in Jayapura (open): the office's zone decides. */
static void test_is_open_wib_vs_wita(void **state)
{
    struct week_hours w;
    office_hours(&w);
    struct calendar wib = make_cal(WIB, &w), wita = make_cal(WITA, &w), wit = make_cal(WIT, &w);
    const int64_t mon_0030z = 1783296000 + 30 * 60;       /* 2026-07-06T00:30Z */
    assert_false(cal_is_open(&wib, mon_0030z));
    assert_true(cal_is_open(&wita, mon_0030z));
    assert_true(cal_is_open(&wit, mon_0030z));
    const int64_t mon_0430z = 1783296000 + 4 * 3600 + 30 * 60;
    assert_true(cal_is_open(&wib, mon_0430z));             /* 11.30 WIB */
    assert_false(cal_is_open(&wita, mon_0430z));           /* 12.30 WITA: break */
    assert_true(cal_is_open(&wit, mon_0430z));             /* 13.30 WIT */
    /* 07:59 and 08:00 local in each zone. */
    assert_false(cal_is_open(&wita, at(&wita, 20260706, 7, 59)));
    assert_true(cal_is_open(&wita, at(&wita, 20260706, 8, 0)));
    assert_int_equal(at(&wib, 20260706, 8, 0) - at(&wita, 20260706, 8, 0), 3600);
}

static void test_next_open_friday_evening(void **state)
{
    struct week_hours w;
    office_hours(&w);
    struct calendar c = make_cal(WIB, &w);
    int minute = 0;
    int64_t t = cal_next_open(&c, at(&c, 20260703, 17, 0));
    assert_int_equal(t, 1783299600);                       /* Mon 2026-07-06 01:00Z */
    assert_int_equal(cal_local_date(&c, t, &minute), 20260706);
    assert_int_equal(minute, 8 * 60);
    /* Saturday morning, Sunday night: also Monday 08.00. */
    assert_int_equal(cal_next_open(&c, at(&c, 20260704, 9, 0)), t);
    assert_int_equal(cal_next_open(&c, at(&c, 20260705, 23, 59)), t);
    /* The same walk in WITA lands on 08.00 WITA. */
    struct calendar cw = make_cal(WITA, &w);
    t = cal_next_open(&cw, at(&cw, 20260703, 17, 0));
    assert_int_equal(t, at(&cw, 20260706, 8, 0));
}

static void test_next_open_same_day(void **state)
{
    struct week_hours w;
    office_hours(&w);
    struct calendar c = make_cal(WIB, &w);
    int64_t now = at(&c, 20260706, 9, 15) + 7;
    assert_int_equal(cal_next_open(&c, now), now);                       /* open now */
    assert_int_equal(cal_next_open(&c, at(&c, 20260706, 7, 59) + 30),
                     at(&c, 20260706, 8, 0));                            /* seconds before */
    assert_int_equal(cal_next_open(&c, at(&c, 20260706, 0, 0)), at(&c, 20260706, 8, 0));
    assert_int_equal(cal_next_open(&c, at(&c, 20260703, 11, 30)),
                     at(&c, 20260703, 13, 30));                          /* Friday break */
    assert_int_equal(cal_next_open(&c, at(&c, 20260706, 16, 0)),
                     at(&c, 20260707, 8, 0));                            /* after closing */
}

static void test_next_open_across_holidays(void **state)
{
    struct week_hours w;
    size_t n = 0;
    int *closed = load_closed(&n);
    office_hours(&w);
    struct calendar c = { WIB, &w, closed, n };
    /* Wed 23 Dec 2026 after closing: 24 cuti, 25 Natal, weekend -> Mon 28. */
    assert_int_equal(cal_next_open(&c, at(&c, 20261223, 16, 30)), at(&c, 20261228, 8, 0));
    /* Tue 17 Mar 2026 evening: Nyepi and Idul Fitri close the office
     * from Wed 18 through Tue 24 -> Wed 25 Mar. */
    assert_int_equal(cal_next_open(&c, at(&c, 20260317, 17, 0)), at(&c, 20260325, 8, 0));
    /* During a holiday the office is not open even inside normal hours. */
    assert_false(cal_is_open(&c, at(&c, 20260319, 9, 0)));
    free(closed);
}

static void test_next_open_never(void **state)
{
    struct week_hours none;
    memset(&none, 0, sizeof none);
    struct calendar c = make_cal(WIB, &none), nohours = make_cal(WIB, NULL);
    assert_int_equal(cal_next_open(&c, 1767225600), -1);
    assert_int_equal(cal_next_open(&nohours, 1767225600), -1);
    assert_false(cal_is_open(&nohours, 1767225600));
    /* Open only on Mondays, and every Monday for 60 weeks is a "holiday":
     * past the 400-day horizon, so -1. */
    struct week_hours mon;
    char err[64];
    memset(&mon, 0, sizeof mon);
    assert_int_equal(hours_parse_day("08-12", &mon, 0, err, sizeof err), 0);
    int closed[60];
    for (int i = 0; i < 60; i++) closed[i] = cal_date_add_days(20260706, 7 * i);
    struct calendar cm = { WIB, &mon, closed, 60 };
    assert_int_equal(cal_next_open(&cm, at(&cm, 20260705, 9, 0)), -1);
    cm.nclosed = 10;   /* the 11th Monday is free */
    assert_int_equal(cal_next_open(&cm, at(&cm, 20260705, 9, 0)),
                     at(&cm, cal_date_add_days(20260706, 70), 8, 0));
}

static void test_working_days_weekend(void **state)
{
    struct week_hours w;
    office_hours(&w);
    struct calendar c = make_cal(WIB, &w);
    assert_true(cal_is_working_day(&c, 20260703));           /* Friday */
    assert_false(cal_is_working_day(&c, 20260704));          /* Saturday */
    assert_int_equal(cal_add_working_days(&c, 20260703, 1), 20260706);
    assert_int_equal(cal_add_working_days(&c, 20260703, 3), 20260708);
    assert_int_equal(cal_add_working_days(&c, 20260704, 1), 20260706);
    assert_int_equal(cal_add_working_days(&c, 20260704, 0), 20260706);
    assert_int_equal(cal_add_working_days(&c, 20260703, 0), 20260703);
    assert_int_equal(cal_add_working_days(&c, 20260706, 5), 20260713);
    assert_int_equal(cal_add_working_days(&c, 20260706, -1), 20260703);
    assert_int_equal(cal_add_working_days(&c, 20260706, -5), 20260629);
}

static void test_working_days_idul_fitri_2026(void **state)
{
    struct week_hours w;
    size_t n = 0;
    int *closed = load_closed(&n);
    office_hours(&w);
    struct calendar plain = make_cal(WIB, &w);
    struct calendar c = { WIB, &w, closed, n };

    /* A request on Thu 19 Mar 2026 (Nyepi) with "3 hari kerja": Fri 20 cuti,
     * Sat 21 / Sun 22 Idul Fitri, Mon 23 / Tue 24 cuti, so Wed 25, Thu 26,
     * Fri 27 -> ready Fri 27 Mar. Without holidays it would be Tue 24. */
    assert_int_equal(cal_add_working_days(&plain, 20260319, 3), 20260324);
    assert_int_equal(cal_add_working_days(&c, 20260319, 3), 20260327);
    assert_int_equal(cal_add_working_days(&c, 20260319, 0), 20260325);
    for (int d = 20260318; d <= 20260324; d++) assert_false(cal_is_working_day(&c, d));
    assert_true(cal_is_working_day(&c, 20260325));
    assert_true(cal_is_working_day(&c, 20260317));

    /* 2025: Idul Fitri Mon 31 Mar - Tue 1 Apr plus cuti 2-4 and 7 Apr. */
    assert_int_equal(cal_add_working_days(&c, 20250328, 1), 20250408);
    /* 18 Aug 2025 became cuti bersama by the August 2025 amendment. */
    assert_false(cal_is_working_day(&c, 20250818));
    assert_true(cal_is_working_day(&c, 20250819));
    assert_int_equal(cal_add_working_days(&c, 20250815, 1), 20250819);
    free(closed);
}

static void test_working_days_bounds(void **state)
{
    struct week_hours none, w;
    memset(&none, 0, sizeof none);
    office_hours(&w);
    struct calendar c = make_cal(WIB, &none), ok = make_cal(WIB, &w);
    assert_int_equal(cal_add_working_days(&c, 20260101, 1), 0);
    assert_int_equal(cal_add_working_days(&c, 20260101, 0), 0);
    assert_int_equal(cal_add_working_days(&ok, 20260230, 1), 0);
    assert_int_equal(cal_add_working_days(&ok, 20260101, 100000), 0);
    assert_false(cal_is_working_day(&ok, 20260230));
}

static void test_closed_lookup(void **state)
{
    struct week_hours w;
    office_hours(&w);
    static const int closed[] = { 20260105, 20260106, 20260112, 20260120, 20260129 };
    struct calendar c = { WIB, &w, closed, 5 };
    for (int d = 20260105; d <= 20260130; d++) {
        int wd = cal_weekday(d), listed = 0;
        for (size_t i = 0; i < 5; i++) listed |= closed[i] == d;
        assert_int_equal(cal_is_working_day(&c, d), wd < 5 && !listed);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_parse_and_format),
        cmocka_unit_test(test_timezones),
        cmocka_unit_test(test_local_date),
        cmocka_unit_test(test_is_open_boundaries_wib),
        cmocka_unit_test(test_is_open_wib_vs_wita),
        cmocka_unit_test(test_next_open_friday_evening),
        cmocka_unit_test(test_next_open_same_day),
        cmocka_unit_test(test_next_open_across_holidays),
        cmocka_unit_test(test_next_open_never),
        cmocka_unit_test(test_working_days_weekend),
        cmocka_unit_test(test_working_days_idul_fitri_2026),
        cmocka_unit_test(test_working_days_bounds),
        cmocka_unit_test(test_closed_lookup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
