/* http_client: the few outbound HTTPS calls Balai makes (Graph API,
 * Telegram Bot API, media downloads, Web Push), through libcurl. Bounded: a time
 * limit per call and a size limit on what comes back. */
#ifndef BALAI_HTTP_CLIENT_H
#define BALAI_HTTP_CLIENT_H
#include <stddef.h>
#include "util/buf.h"

struct hc_resp {
    long status;                /* HTTP status, 0 when no answer came */
    struct buf body;
    char ctype[128];
};

/* Call once at start-up, before threads (curl_global_init). */
int hc_init(void);
void hc_cleanup(void);

/* method "GET" or "POST"; json may be NULL (no body). bearer may be NULL.
 * Returns 0 when an HTTP answer came (any status), -1 on a network error,
 * a timeout or an answer larger than max_body (err says which). */
int hc_request(const char *method, const char *url, const char *bearer, const char *json,
               size_t max_body, long timeout_ms, struct hc_resp *r, char *err, size_t errlen);
/* A POST of a binary body (len bytes, e.g. an encrypted Web Push message)
 * with the given header lines ("Name: value", NULL-terminated). Returns as
 * hc_request. */
int hc_post(const char *url, const char *const *headers, const void *body, size_t len,
            size_t max_body, long timeout_ms, struct hc_resp *r, char *err, size_t errlen);
void hc_resp_free(struct hc_resp *r);

#endif
