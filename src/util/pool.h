/* pool: a few threads that run short CPU-heavy tasks (Argon2id for logins)
 * off libmicrohttpd's connection threads, behind a bounded queue.
 *
 * A connection thread serves many connections; one that computes a hash
 * keeps all of them waiting. So the login handler suspends its connection
 * and hands the work here; when the queue is full it answers "busy" at once
 * instead. The pool's threads run at a lower priority (nice), so under a
 * flood of logins the pages everyone else asks for still go first. */
#ifndef BALAI_POOL_H
#define BALAI_POOL_H

struct pool;

/* Starts `threads` threads (niced by nice_inc) and allows queue_max tasks
 * waiting. NULL on failure. */
struct pool *pool_start(unsigned threads, unsigned queue_max, int nice_inc);
/* Queues fn(arg). 0, or -1 when the queue is full or the pool is stopping
 * (fn is not called then). */
int pool_submit(struct pool *p, void (*fn)(void *), void *arg);
/* Runs every task still queued, joins the threads, frees the pool. */
void pool_stop(struct pool *p);

#endif
