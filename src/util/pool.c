/* pool: see pool.h. */
#include "util/pool.h"
#include <pthread.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

struct task { void (*fn)(void *); void *arg; };

struct pool {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct task *q;             /* ring of queue_max */
    unsigned head, len, max;
    int stopping, nice_inc;
    unsigned nthreads;
    pthread_t *threads;
};

static void *run(void *arg)
{
    struct pool *p = arg;
    /* Linux: a thread's nice value is its own */
    if (p->nice_inc) setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), p->nice_inc);
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->len && !p->stopping) pthread_cond_wait(&p->cv, &p->mu);
        if (!p->len) break;     /* stopping and drained */
        struct task t = p->q[p->head];
        p->head = (p->head + 1) % p->max;
        p->len--;
        pthread_mutex_unlock(&p->mu);
        t.fn(t.arg);
        pthread_mutex_lock(&p->mu);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

struct pool *pool_start(unsigned threads, unsigned queue_max, int nice_inc)
{
    struct pool *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    p->max = queue_max ? queue_max : 1;
    p->nice_inc = nice_inc;
    p->q = calloc(p->max, sizeof *p->q);
    p->threads = calloc(threads ? threads : 1, sizeof *p->threads);
    if (!p->q || !p->threads) {
        pool_stop(p);
        return NULL;
    }
    for (unsigned i = 0; i < (threads ? threads : 1); i++) {
        if (pthread_create(&p->threads[i], NULL, run, p) != 0) {
            pool_stop(p);
            return NULL;
        }
        p->nthreads++;
    }
    return p;
}

int pool_submit(struct pool *p, void (*fn)(void *), void *arg)
{
    int rc = -1;
    pthread_mutex_lock(&p->mu);
    if (!p->stopping && p->len < p->max) {
        p->q[(p->head + p->len) % p->max] = (struct task){fn, arg};
        p->len++;
        pthread_cond_signal(&p->cv);
        rc = 0;
    }
    pthread_mutex_unlock(&p->mu);
    return rc;
}

void pool_stop(struct pool *p)
{
    if (!p) return;
    pthread_mutex_lock(&p->mu);
    p->stopping = 1;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    for (unsigned i = 0; i < p->nthreads; i++) pthread_join(p->threads[i], NULL);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv);
    free(p->threads);
    free(p->q);
    free(p);
}
