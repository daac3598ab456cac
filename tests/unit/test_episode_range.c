/* Unit tests for episode_range (web/episode.c): the one Range header a
 * podcast player or Apple's two-byte probe sends is honoured exactly; a
 * suffix range past the start gives the whole file; several ranges or a
 * malformed header give the whole file (200); a start at or past the end
 * is unsatisfiable (416). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "web/episode.h"

static int range(const char *h, uint64_t size, uint64_t *a, uint64_t *b)
{
    *a = *b = 777;
    return episode_range(h, size, a, b);
}

static void test_single_ranges(void **state)
{
    uint64_t a, b;
    assert_int_equal(range("bytes=0-1", 1000, &a, &b), 1);
    assert_true(a == 0 && b == 1);
    assert_int_equal(range("bytes=100-", 1000, &a, &b), 1);
    assert_true(a == 100 && b == 999);
    assert_int_equal(range("bytes=900-5000", 1000, &a, &b), 1);   /* cut at the end */
    assert_true(a == 900 && b == 999);
    assert_int_equal(range("bytes=-10", 1000, &a, &b), 1);
    assert_true(a == 990 && b == 999);
    assert_int_equal(range("bytes=-5000", 1000, &a, &b), 1);
    assert_true(a == 0 && b == 999);
}

static void test_whole_file_or_416(void **state)
{
    uint64_t a, b;
    assert_int_equal(range(NULL, 1000, &a, &b), 0);
    assert_int_equal(range("bytes=0-1,5-9", 1000, &a, &b), 0);
    assert_int_equal(range("items=0-1", 1000, &a, &b), 0);
    assert_int_equal(range("bytes=5-2", 1000, &a, &b), 0);
    assert_int_equal(range("bytes=x-2", 1000, &a, &b), 0);
    assert_int_equal(range("bytes=1-2x", 1000, &a, &b), 0);
    assert_int_equal(range("bytes=99999999999999999999999-", 1000, &a, &b), 0);
    assert_int_equal(range("bytes=1000-", 1000, &a, &b), -1);
    assert_int_equal(range("bytes=1000-1001", 1000, &a, &b), -1);
    assert_int_equal(range("bytes=-0", 1000, &a, &b), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_single_ranges),
        cmocka_unit_test(test_whole_file_or_416),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
