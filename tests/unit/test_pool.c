/* The hasher pool (util/pool.c): tasks run off the caller's thread, the
 * queue is bounded, and stopping runs what was queued. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdatomic.h>
#include "util/pool.h"

static pthread_mutex_t gate_mu = PTHREAD_MUTEX_INITIALIZER;
static atomic_int ran;

/* Blocks while the test holds gate_mu, so the queue fills up. */
static void task(void *arg)
{
    pthread_mutex_lock(&gate_mu);
    pthread_mutex_unlock(&gate_mu);
    atomic_fetch_add(&ran, 1);
}

static void test_bounded_queue_and_drain(void **state)
{
    atomic_store(&ran, 0);
    pthread_mutex_lock(&gate_mu);
    struct pool *p = pool_start(1, 3, 0);
    assert_non_null(p);
    int accepted = 0;
    /* one task taken by the thread (maybe), three waiting: the rest refused */
    for (int i = 0; i < 10; i++) accepted += pool_submit(p, task, NULL) == 0;
    assert_true(accepted >= 3 && accepted <= 4);
    pthread_mutex_unlock(&gate_mu);
    pool_stop(p);
    assert_int_equal(atomic_load(&ran), accepted);     /* every accepted task ran */
}

static void test_many_threads(void **state)
{
    atomic_store(&ran, 0);
    struct pool *p = pool_start(4, 1000, 5);
    assert_non_null(p);
    for (int i = 0; i < 500; i++) assert_int_equal(pool_submit(p, task, NULL), 0);
    pool_stop(p);
    assert_int_equal(atomic_load(&ran), 500);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bounded_queue_and_drain),
        cmocka_unit_test(test_many_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
