/* Unit tests for db/write_gate.c: the order in which this process's
 * threads get SQLite's write lock. The webhook writer (a "first"
 * connection) must not wait behind a queue of background jobs, and the
 * jobs must still move while deliveries keep coming. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>
#include "db/write_gate.h"

/* A thread that waits for its turn, notes its name in `order`, and holds
 * the turn until the test lets it go. */
struct turn {
    const char *name;
    int first;
    int got, release;
    pthread_t t;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static char order[64];

static void *take_turn(void *arg)
{
    struct turn *t = arg;
    int got = write_gate_enter(t->first);
    pthread_mutex_lock(&mu);
    strncat(order, t->name, sizeof order - strlen(order) - 1);
    t->got = got;
    pthread_cond_broadcast(&cv);
    while (!t->release) pthread_cond_wait(&cv, &mu);
    pthread_mutex_unlock(&mu);
    write_gate_leave();
    return NULL;
}

static void start(struct turn *t, const char *name, int first)
{
    memset(t, 0, sizeof *t);
    t->name = name;
    t->first = first;
    assert_int_equal(pthread_create(&t->t, NULL, take_turn, t), 0);
}

/* Waits (without a deadline: a hang is a failure cmocka's runner shows)
 * until the gate has this many waiters of each kind. */
static void until_waiting(int first, int others)
{
    int f = -1, o = -1;
    for (;;) {
        write_gate_waiters(&f, &o);
        if (f == first && o == others) return;
        usleep(1000);
    }
}

static void until_turn(struct turn *t)
{
    pthread_mutex_lock(&mu);
    while (!t->got) pthread_cond_wait(&cv, &mu);
    pthread_mutex_unlock(&mu);
}

static void let_go(struct turn *t)
{
    pthread_mutex_lock(&mu);
    t->release = 1;
    pthread_cond_broadcast(&cv);
    pthread_mutex_unlock(&mu);
    pthread_join(t->t, NULL);
}

/* A job waited first, then the webhook writer came: the writer goes next. */
static void test_first_goes_ahead(void **state)
{
    order[0] = '\0';
    assert_int_equal(write_gate_enter(0), 1);
    struct turn job, hook;
    start(&job, "J", 0);
    until_waiting(0, 1);
    start(&hook, "W", 1);
    until_waiting(1, 1);
    write_gate_leave();
    until_turn(&hook);
    let_go(&hook);
    until_turn(&job);
    let_go(&job);
    assert_string_equal(order, "WJ");
    assert_true(hook.got && job.got);
}

/* Deliveries keep coming: after the writer's turn a waiting job goes
 * before the writer's next one, so the bot's answers are not starved. */
static void test_first_never_twice_while_others_wait(void **state)
{
    order[0] = '\0';
    assert_int_equal(write_gate_enter(0), 1);
    struct turn job, hook1, hook2;
    start(&job, "J", 0);
    until_waiting(0, 1);
    start(&hook1, "1", 1);
    until_waiting(1, 1);
    write_gate_leave();
    until_turn(&hook1);
    start(&hook2, "2", 1);
    until_waiting(1, 1);
    let_go(&hook1);
    until_turn(&job);
    let_go(&job);
    until_turn(&hook2);
    let_go(&hook2);
    assert_string_equal(order, "1J2");
}

/* A thread that holds the gate and writes on a second connection of its
 * own gets in at once instead of waiting for itself. */
static void test_owner_enters_again(void **state)
{
    assert_int_equal(write_gate_enter(0), 1);
    assert_int_equal(write_gate_enter(1), 1);
    write_gate_leave();
    struct turn other;
    order[0] = '\0';
    start(&other, "O", 0);
    until_waiting(0, 1);            /* still held: the outer turn */
    write_gate_leave();
    until_turn(&other);
    let_go(&other);
    assert_string_equal(order, "O");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_first_goes_ahead),
        cmocka_unit_test(test_first_never_twice_while_others_wait),
        cmocka_unit_test(test_owner_enters_again),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
