/* cache: see cache.h. A direct-mapped table behind one mutex: the critical
 * section is a hash compare and a memcpy of a few KB, far shorter than the
 * render it saves, so a reader-writer lock or sharding would not pay. */
#include "http/cache.h"
#include "db/db.h"
#include "http/route.h"
#include "util/hash.h"
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 256
#define BODY_MAX (512u * 1024)
#define BUDGET (24u * 1024 * 1024)

struct entry {
    char *key;
    uint64_t gen;
    int64_t until;              /* epoch second when it goes stale */
    int status;
    const char *ctype;          /* string literals only (see req.h) */
    int nhdr;
    struct { char name[40]; char value[256]; } hdr[4];
    char *body;
    size_t len;
};

static struct entry slots[SLOTS];
static size_t used;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;


static void make_key(struct req *r, char *out, size_t n)
{
    const char *host = req_header(r, "Host");
    snprintf(out, n, "%s\n%d%d\n%.200s", r->path, r->want_json, r->secure, host ? host : "");
}

static enum MHD_Result count_args(void *cls, enum MHD_ValueKind kind, const char *k,
                                    const char *v)
{
    (*(int *)cls)++;
    return MHD_YES;
}

int cache_eligible(struct req *r)
{
    if (!(r->route->flags & RF_CACHE) || r->me || strcmp(r->method, "GET") != 0) return 0;
    if (req_header(r, "If-None-Match")) return 0;   /* the handler answers 304 */
    int n = 0;
    MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, count_args, &n);
    return n == 0;
}

static void drop(struct entry *e)
{
    used -= e->len;
    free(e->key);
    free(e->body);
    memset(e, 0, sizeof *e);
}

int cache_get(struct req *r)
{
    char key[1024];
    make_key(r, key, sizeof key);
    struct entry *e = &slots[hash_str(key) % SLOTS];
    int hit = 0;
    pthread_mutex_lock(&lock);
    if (e->key && strcmp(e->key, key) == 0) {
        if (e->gen == db_generation() && r->now < e->until) {
            r->status = e->status;
            r->ctype = e->ctype;
            buf_reset(&r->out);
            buf_add(&r->out, e->body, e->len);
            for (int i = 0; i < e->nhdr; i++) resp_header(r, e->hdr[i].name, e->hdr[i].value);
            hit = !r->out.err;
        } else {
            drop(e);
        }
    }
    pthread_mutex_unlock(&lock);
    return hit;
}

void cache_put(struct req *r)
{
    if (r->status != 200 || r->body_static || r->out.err || r->out.len > BODY_MAX ||
        r->nhdr > 4)
        return;
    for (int i = 0; i < r->nhdr; i++)
        if (strlen(r->hdr[i].value) >= sizeof slots[0].hdr[0].value) return;
    char key[1024];
    make_key(r, key, sizeof key);
    char *k = strdup(key), *body = malloc(r->out.len ? r->out.len : 1);
    if (!k || !body) { free(k); free(body); return; }
    memcpy(body, r->out.p, r->out.len);
    pthread_mutex_lock(&lock);
    struct entry *e = &slots[hash_str(key) % SLOTS];
    if (e->key) drop(e);
    if (used + r->out.len > BUDGET) {
        pthread_mutex_unlock(&lock);
        free(k);
        free(body);
        return;
    }
    e->key = k;
    e->body = body;
    e->len = r->out.len;
    e->gen = db_generation();
    e->until = (r->now / 60 + 1) * 60;
    e->status = r->status;
    e->ctype = r->ctype;
    e->nhdr = r->nhdr;
    for (int i = 0; i < r->nhdr; i++) {
        snprintf(e->hdr[i].name, sizeof e->hdr[i].name, "%s", r->hdr[i].name);
        snprintf(e->hdr[i].value, sizeof e->hdr[i].value, "%s", r->hdr[i].value);
    }
    used += e->len;
    pthread_mutex_unlock(&lock);
}

void cache_clear(void)
{
    pthread_mutex_lock(&lock);
    for (int i = 0; i < SLOTS; i++)
        if (slots[i].key) drop(&slots[i]);
    pthread_mutex_unlock(&lock);
}
