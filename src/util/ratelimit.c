/* ratelimit: see ratelimit.h. */
#include "util/ratelimit.h"
#include "util/hash.h"
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

void ratelimit_key(const char *addr, char out[RATELIMIT_KEY])
{
    unsigned char a6[16];
    if (strchr(addr, ':') && inet_pton(AF_INET6, addr, a6) == 1) {
        memset(a6 + 8, 0, 8);
        char s[INET6_ADDRSTRLEN];
        if (inet_ntop(AF_INET6, a6, s, sizeof s)) {
            snprintf(out, RATELIMIT_KEY, "%s/64", s);
            return;
        }
    }
    snprintf(out, RATELIMIT_KEY, "%s", addr);
}


/* The slot of `key` with its window current; called with the lock held. */
static struct ratelimit_slot *slot_of(struct ratelimit *rl, const char *key, int64_t now)
{
    unsigned start = hash_str(key) % RATELIMIT_SLOTS;
    struct ratelimit_slot *s = NULL, *stalest = NULL;
    for (unsigned k = 0; k < 16 && !s; k++) {
        struct ratelimit_slot *c = &rl->slot[(start + k) % RATELIMIT_SLOTS];
        if (strcmp(c->key, key) == 0) s = c;
        else if (!stalest || c->since < stalest->since) stalest = c;
    }
    if (!s) {
        s = stalest;
        snprintf(s->key, sizeof s->key, "%s", key);
        s->since = now;
        s->count = 0;
    }
    if (now - s->since >= rl->window) {
        s->since = now;
        s->count = 0;
    }
    return s;
}

/* mode: 0 ask, 1 take, 2 refund, 3 count regardless */
static int act(struct ratelimit *rl, const char *addr, int64_t now, int mode)
{
    char key[RATELIMIT_KEY];
    ratelimit_key(addr ? addr : "?", key);
    pthread_mutex_lock(&rl->mu);
    struct ratelimit_slot *s = slot_of(rl, key, now);
    int ok = s->count < rl->limit;
    if ((mode == 1 && ok) || mode == 3) s->count++;
    if (mode == 2 && s->count > 0) s->count--;
    pthread_mutex_unlock(&rl->mu);
    return ok;
}

int ratelimit_take(struct ratelimit *rl, const char *addr, int64_t now)
{
    return act(rl, addr, now, 1);
}

int ratelimit_allows(struct ratelimit *rl, const char *addr, int64_t now)
{
    return act(rl, addr, now, 0);
}

void ratelimit_refund(struct ratelimit *rl, const char *addr, int64_t now)
{
    act(rl, addr, now, 2);
}

void ratelimit_count(struct ratelimit *rl, const char *addr, int64_t now)
{
    act(rl, addr, now, 3);
}

void ratelimit_clear(struct ratelimit *rl)
{
    pthread_mutex_lock(&rl->mu);
    memset(rl->slot, 0, sizeof rl->slot);
    pthread_mutex_unlock(&rl->mu);
}

unsigned long log_quiet_due(struct log_quiet *q, int64_t now, int every)
{
    unsigned long n = 0;
    pthread_mutex_lock(&q->mu);
    q->held++;
    if (q->last == 0 || now - q->last >= every) {
        n = q->held;
        q->held = 0;
        q->last = now;
    }
    pthread_mutex_unlock(&q->mu);
    return n;
}
