/* hash: FNV-1a, the one string hash of the program. Cheap and spreads short
 * keys (words, paths, addresses) well enough for open-addressing tables and
 * bucket arrays; not for anything an attacker may choose to collide with
 * unless the table is bounded (ratelimit, guard and cache all are). */
#ifndef BALAI_HASH_H
#define BALAI_HASH_H
#include <stddef.h>
#include <stdint.h>

/* FNV-1a over `len` bytes of `s`. */
uint32_t hash_fnv1a(const char *s, size_t len);

/* FNV-1a over the NUL-terminated string `s`. */
uint32_t hash_str(const char *s);

#endif
