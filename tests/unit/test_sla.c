/* Unit tests for core/sla.c: SLA targets counted in office hours only. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "core/sla.h"

static struct week_hours w;     /* Mon-Thu 08.00-15.00, Fri 08.00-11.00 + 13.00-15.00 */
static struct calendar cal;
static const int closed[] = {20261225};   /* Christmas, a Friday */

static int setup(void **state)
{
    memset(&w, 0, sizeof w);
    for (int d = 0; d < 4; d++) assert_int_equal(hours_parse_day("08.00-15.00", &w, d, NULL, 0), 0);
    assert_int_equal(hours_parse_day("08.00-11.00, 13.00-15.00", &w, 4, NULL, 0), 0);
    cal = (struct calendar){.tz_offset_min = 420, .hours = &w, .closed = closed, .nclosed = 1};
    return 0;
}

static int64_t at(int date, int hh, int mm) { return cal_utc_of(&cal, date, hh * 60 + mm); }

/* Friday 2026-11-27 14.30, closing 15.00: 30 minutes on Friday, the other
 * 30 from Monday 08.00. */
static void test_due_crosses_weekend(void **state)
{
    assert_true(at(20261127, 14, 30) > 0);
    assert_int_equal(sla_due(&cal, at(20261127, 14, 30), 60), at(20261130, 8, 30));
    /* exactly used up at closing time: due at 15.00, not Monday */
    assert_int_equal(sla_due(&cal, at(20261127, 14, 30), 30), at(20261127, 15, 0));
}

static void test_due_skips_break_and_night(void **state)
{
    /* Friday 10.30 + 60: 30 before the break, 30 after it */
    assert_int_equal(sla_due(&cal, at(20261127, 10, 30), 60), at(20261127, 13, 30));
    /* a message at 20.00 on Monday counts from Tuesday 08.00 */
    assert_int_equal(sla_due(&cal, at(20261123, 20, 0), 60), at(20261124, 9, 0));
    /* a zero target is the next opening */
    assert_int_equal(sla_due(&cal, at(20261123, 20, 0), 0), at(20261124, 8, 0));
    /* two working days (2 x 7 hours) from Wednesday 09.00 */
    assert_int_equal(sla_due(&cal, at(20261125, 9, 0), 14 * 60), at(20261127, 9, 0));
}

static void test_due_skips_holiday(void **state)
{
    /* Thursday 24 Dec 14.00 + 120 minutes: Friday 25th is a holiday */
    assert_int_equal(sla_due(&cal, at(20261224, 14, 0), 120), at(20261228, 9, 0));
}

static void test_open_seconds(void **state)
{
    /* Friday 14.30 to Monday 08.30: 30 + 30 minutes */
    assert_int_equal(sla_open_seconds(&cal, at(20261127, 14, 30), at(20261130, 8, 30)), 3600);
    /* the Friday break does not count */
    assert_int_equal(sla_open_seconds(&cal, at(20261127, 10, 0), at(20261127, 14, 0)), 2 * 3600);
    /* a whole holiday does not count: Thu 15.00 -> Mon 08.00 is nothing */
    assert_int_equal(sla_open_seconds(&cal, at(20261224, 15, 0), at(20261228, 8, 0)), 0);
    /* backwards is nothing */
    assert_int_equal(sla_open_seconds(&cal, at(20261130, 9, 0), at(20261130, 8, 0)), 0);
    /* consistent with sla_due */
    int64_t s = at(20261126, 13, 17);
    assert_int_equal(sla_open_seconds(&cal, s, sla_due(&cal, s, 500)), 500 * 60);
}

static void test_never_open(void **state)
{
    struct week_hours none;
    memset(&none, 0, sizeof none);
    struct calendar c = cal;
    c.hours = &none;
    assert_int_equal(sla_due(&c, at(20261123, 9, 0), 60), -1);
    assert_int_equal(sla_open_seconds(&c, at(20261123, 9, 0), at(20261130, 9, 0)), 0);
}

static void test_states(void **state)
{
    assert_int_equal(sla_state_of(0, 60), SLA_OK);
    assert_int_equal(sla_state_of(44 * 60 + 59, 60), SLA_OK);
    assert_int_equal(sla_state_of(45 * 60, 60), SLA_NEAR);
    assert_int_equal(sla_state_of(60 * 60 - 1, 60), SLA_NEAR);
    assert_int_equal(sla_state_of(60 * 60, 60), SLA_LATE);
    assert_int_equal(sla_state_of(999999, 0), SLA_OK);
    assert_string_equal(sla_state_label(SLA_LATE), "Terlambat");
    assert_string_equal(sla_state_label(SLA_NEAR), "Hampir lewat");
    assert_string_equal(sla_state_label(SLA_OK), "Tepat waktu");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_due_crosses_weekend),
        cmocka_unit_test(test_due_skips_break_and_night),
        cmocka_unit_test(test_due_skips_holiday),
        cmocka_unit_test(test_open_seconds),
        cmocka_unit_test(test_never_open),
        cmocka_unit_test(test_states),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
