/* audit: the hash chain of the audit log (UU 27/2022, UU 14/2008: decisions
 * and changes must stay accountable). Each row's hash covers its content and
 * the previous row's hash, so editing or deleting a row breaks the chain from
 * there on. Pure: no SQL here (see db/store_audit.c). */
#ifndef BALAI_AUDIT_H
#define BALAI_AUDIT_H
#include <stdint.h>

#define AUDIT_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

struct audit_entry {
    int64_t seq, ts, actor_id, office_id;       /* 0 = none / system */
    const char *actor, *action, *entity, *entity_id;
    const char *before, *after;                 /* JSON text or NULL */
    const char *prev_hash;                      /* 64 hex chars */
};

/* SHA-256 (hex, 64 chars + NUL) over every field, each length-prefixed so
 * no two different rows can hash the same input. */
void audit_hash(const struct audit_entry *e, char out[65]);

#endif
