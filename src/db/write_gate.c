/* write_gate: see write_gate.h. One mutex and one condition variable; the
 * waiting threads are few (the HTTP pool, the workers, the ingest writer)
 * and a broadcast on each hand-over is cheaper than their polling was. */
#include "db/write_gate.h"
#include <errno.h>
#include <pthread.h>
#include <time.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static struct {
    int held;               /* turns taken by the owner (nested connections) */
    pthread_t owner;
    int first_waiting, others_waiting;
    int last_was_first;     /* the previous turn went to a first connection */
} G;

/* Whose turn it is when the gate is free: the first connection, unless
 * it had the last turn and another thread is waiting. */
static int my_turn(int first)
{
    if (G.held) return 0;
    if (first) return !(G.last_was_first && G.others_waiting > 0);
    return !(G.first_waiting > 0 && !G.last_was_first);
}

int write_gate_enter(int first)
{
    pthread_mutex_lock(&mu);
    if (G.held && pthread_equal(G.owner, pthread_self())) {
        G.held++;
        pthread_mutex_unlock(&mu);
        return 1;
    }
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += WRITE_GATE_WAIT_MS / 1000;
    int *waiting = first ? &G.first_waiting : &G.others_waiting;
    (*waiting)++;
    int rc = 0;
    while (!my_turn(first) && rc != ETIMEDOUT) rc = pthread_cond_timedwait(&cv, &mu, &until);
    (*waiting)--;
    int got = my_turn(first);
    if (got) {
        G.held = 1;
        G.owner = pthread_self();
        G.last_was_first = first;
    } else {
        pthread_cond_broadcast(&cv);    /* our place in line is given up */
    }
    pthread_mutex_unlock(&mu);
    return got;
}

void write_gate_leave(void)
{
    pthread_mutex_lock(&mu);
    if (G.held > 0 && --G.held == 0) pthread_cond_broadcast(&cv);
    pthread_mutex_unlock(&mu);
}

void write_gate_waiters(int *first, int *others)
{
    pthread_mutex_lock(&mu);
    *first = G.first_waiting;
    *others = G.others_waiting;
    pthread_mutex_unlock(&mu);
}
