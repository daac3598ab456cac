/* audit: see audit.h. */
#include "core/audit.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>

static void put_str(crypto_hash_sha256_state *st, const char *s)
{
    char len[24];
    /* NULL and "" must differ: NULL is written as length -1 */
    int n = snprintf(len, sizeof len, "%lld:", s ? (long long)strlen(s) : -1LL);
    crypto_hash_sha256_update(st, (const unsigned char *)len, (unsigned long long)n);
    if (s) crypto_hash_sha256_update(st, (const unsigned char *)s, strlen(s));
}

static void put_int(crypto_hash_sha256_state *st, int64_t v)
{
    char s[24];
    snprintf(s, sizeof s, "%lld", (long long)v);
    put_str(st, s);
}

void audit_hash(const struct audit_entry *e, char out[65])
{
    crypto_hash_sha256_state st;
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_init(&st);
    put_str(&st, "balai-audit-v1");
    put_int(&st, e->seq);
    put_int(&st, e->ts);
    put_int(&st, e->actor_id);
    put_str(&st, e->actor);
    put_int(&st, e->office_id);
    put_str(&st, e->action);
    put_str(&st, e->entity);
    put_str(&st, e->entity_id);
    put_str(&st, e->before);
    put_str(&st, e->after);
    put_str(&st, e->prev_hash);
    crypto_hash_sha256_final(&st, h);
    sodium_bin2hex(out, 65, h, sizeof h);
}
