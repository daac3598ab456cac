/* ratelimit: a small in-process limiter of "so many per window per client
 * address", shared by the login, the portal chat's new conversations, the
 * status lookups and refused webhooks.
 *
 * A fixed window per address in a fixed table (RATELIMIT_SLOTS entries,
 * probed 16 at a time from the address's hash; when those are taken the
 * stalest is reused), so memory is bounded however many addresses come.
 * IPv6 addresses count per /64, the block one household or phone usually
 * holds. Per instance: several instances behind one balancer each allow the
 * limit, which still bounds an attacker to a small multiple of it. */
#ifndef BALAI_RATELIMIT_H
#define BALAI_RATELIMIT_H
#include <pthread.h>
#include <stdint.h>

#define RATELIMIT_SLOTS 1024
#define RATELIMIT_KEY 56

struct ratelimit_slot {
    char key[RATELIMIT_KEY];
    int64_t since;
    int count;
};

struct ratelimit {
    pthread_mutex_t mu;
    int limit;              /* allowed per window */
    int window;             /* seconds */
    struct ratelimit_slot slot[RATELIMIT_SLOTS];
};

/* A static limiter: static struct ratelimit x = RATELIMIT_INIT(10, 600); */
#define RATELIMIT_INIT(lim, win) {PTHREAD_MUTEX_INITIALIZER, (lim), (win), {{"", 0, 0}}}

/* 1 when `addr` may act once more now (and counts it), else 0. */
int ratelimit_take(struct ratelimit *rl, const char *addr, int64_t now);
/* 1 when `addr` is still under the limit (counts nothing). */
int ratelimit_allows(struct ratelimit *rl, const char *addr, int64_t now);
/* Gives back one counted action (e.g. a login that turned out right). */
void ratelimit_refund(struct ratelimit *rl, const char *addr, int64_t now);
/* Counts one action without refusing (e.g. a refused webhook). */
void ratelimit_count(struct ratelimit *rl, const char *addr, int64_t now);
/* Forgets every address (tests, and changing the limit). */
void ratelimit_clear(struct ratelimit *rl);

/* A log line that may repeat a thousand times a second (refused webhooks,
 * refused connections) is written at most once per `every` seconds, saying
 * how many happened since: static struct log_quiet q = LOG_QUIET_INIT; */
struct log_quiet {
    pthread_mutex_t mu;
    int64_t last;
    unsigned long held;
};
#define LOG_QUIET_INIT {PTHREAD_MUTEX_INITIALIZER, 0, 0}
/* Counts one occurrence; returns how many to report now (this one included)
 * when a line is due, else 0. */
unsigned long log_quiet_due(struct log_quiet *q, int64_t now, int every);

/* The key an address counts under: IPv4 as is, IPv6 its /64. */
void ratelimit_key(const char *addr, char out[RATELIMIT_KEY]);

#endif
