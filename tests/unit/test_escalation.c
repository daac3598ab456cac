/* Unit tests for core/escalation.c: who answers a citizen now. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "core/escalation.h"

static struct week_hours office_hours;   /* Mon-Fri 08.00-15.00 */
static struct calendar cal;

static int setup(void **state)
{
    memset(&office_hours, 0, sizeof office_hours);
    for (int d = 0; d < 5; d++) assert_int_equal(hours_parse_day("08.00-15.00", &office_hours, d, NULL, 0), 0);
    cal = (struct calendar){.tz_offset_min = 420, .hours = &office_hours};
    return 0;
}

/* Monday 2026-11-23 at local hh:mm (WIB) */
static int64_t monday(int hh, int mm) { return cal_utc_of(&cal, 20261123, hh * 60 + mm); }

static void test_first_level_answers_first(void **state)
{
    struct esc_member chain[] = {{1, 15, NULL, 0, 0}, {2, 30, NULL, 0, 0}, {3, 60, NULL, 0, 0}};
    assert_int_equal(escalation_pick(chain, 3, &cal, monday(9, 0), 0), 0);
    assert_int_equal(escalation_pick(chain, 3, &cal, monday(9, 0), 14), 0);
}

static void test_moves_up_after_wait(void **state)
{
    struct esc_member chain[] = {{1, 15, NULL, 0, 0}, {2, 30, NULL, 0, 0}, {3, 60, NULL, 0, 0}};
    assert_int_equal(escalation_pick(chain, 3, &cal, monday(9, 0), 15), 1);
    assert_int_equal(escalation_pick(chain, 3, &cal, monday(9, 0), 44), 1);
    assert_int_equal(escalation_pick(chain, 3, &cal, monday(9, 0), 45), 2);
    /* the last level keeps it once every wait has passed */
    assert_int_equal(escalation_pick(chain, 3, &cal, monday(9, 0), 500), 2);
}

static void test_absent_and_disabled_are_skipped(void **state)
{
    struct esc_member chain[] = {{1, 15, NULL, 20261130, 0}, {2, 30, NULL, 0, 1}, {3, 60, NULL, 0, 0}};
    assert_int_equal(escalation_pick(chain, 3, &cal, monday(9, 0), 0), 2);
    /* leave ended the day before: back at level 1 */
    chain[0].absent_until = 20261122;
    assert_int_equal(escalation_pick(chain, 3, &cal, monday(9, 0), 0), 0);
}

static void test_duty_hours(void **state)
{
    struct week_hours morning;
    memset(&morning, 0, sizeof morning);
    for (int d = 0; d < 5; d++) assert_int_equal(hours_parse_day("08.00-12.00", &morning, d, NULL, 0), 0);
    struct esc_member chain[] = {{1, 15, &morning, 0, 0}, {2, 30, NULL, 0, 0}};
    assert_int_equal(escalation_pick(chain, 2, &cal, monday(10, 0), 0), 0);
    assert_int_equal(escalation_pick(chain, 2, &cal, monday(13, 0), 0), 1);
}

static void test_nobody_outside_hours(void **state)
{
    struct esc_member chain[] = {{1, 15, NULL, 0, 0}, {2, 30, NULL, 0, 0}};
    assert_int_equal(escalation_pick(chain, 2, &cal, monday(20, 0), 0), -1);
    int closed[] = {20261123};
    struct calendar holiday = cal;
    holiday.closed = closed;
    holiday.nclosed = 1;
    assert_int_equal(escalation_pick(chain, 2, &holiday, monday(9, 0), 0), -1);
    assert_int_equal(escalation_pick(chain, 0, &cal, monday(9, 0), 0), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_first_level_answers_first, setup),
        cmocka_unit_test_setup(test_moves_up_after_wait, setup),
        cmocka_unit_test_setup(test_absent_and_disabled_are_skipped, setup),
        cmocka_unit_test_setup(test_duty_hours, setup),
        cmocka_unit_test_setup(test_nobody_outside_hours, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
