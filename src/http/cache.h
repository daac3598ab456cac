/* cache: rendered public pages kept in memory, so the portal page a QR code
 * points to costs a lookup and a copy instead of several queries and a
 * render. Only for routes flagged RF_CACHE, anonymous GETs without a query
 * string; the gate has run (a signed-in staff member's page carries their
 * name and CSRF token and is never cached).
 *
 * An entry is dropped when any transaction commits in this process
 * (db_generation) and at the next minute boundary at the latest, because
 * pages show "Buka sekarang" / "Tutup" and because another Balai instance
 * on the same PostgreSQL may have changed the data. Memory is bounded: a
 * fixed number of slots (a new key takes its hash slot) and a byte budget. */
#ifndef BALAI_CACHE_H
#define BALAI_CACHE_H
#include "http/req.h"

/* 1 when the request may be served from / stored into the cache. */
int cache_eligible(struct req *r);
/* On a hit fills r's status, content type, headers and body and returns 1. */
int cache_get(struct req *r);
/* Stores r's response if it is a 200 that fits the budget. */
void cache_put(struct req *r);
/* Frees everything (server shutdown). */
void cache_clear(void);

#endif
