/* http_client: see http_client.h. */
#include "channels/http_client.h"
#include <curl/curl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

int hc_init(void)
{
    return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

void hc_cleanup(void)
{
    curl_global_cleanup();
}

static size_t on_body(char *p, size_t size, size_t n, void *arg)
{
    struct hc_resp *r = arg;
    return buf_add(&r->body, p, size * n) == 0 ? size * n : 0;    /* 0 aborts: too big */
}

static size_t on_header(char *p, size_t size, size_t n, void *arg)
{
    struct hc_resp *r = arg;
    size_t len = size * n;
    if (len > 13 && strncasecmp(p, "Content-Type:", 13) == 0) {
        const char *v = p + 13;
        while (*v == ' ') v++;
        size_t l = (size_t)(p + len - v);
        while (l && (v[l - 1] == '\r' || v[l - 1] == '\n')) l--;
        snprintf(r->ctype, sizeof r->ctype, "%.*s", (int)l, v);
    }
    return len;
}

/* The options every call shares, the call itself and its answer; frees
 * the header list and the handle. */
static int perform(CURL *c, struct curl_slist *h, const char *url, long timeout_ms,
                   struct hc_resp *r, char *err, size_t errlen)
{
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "Balai/1");
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms < 10000 ? timeout_ms : 10000);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
    CURLcode rc = curl_easy_perform(c);
    if (rc == CURLE_OK) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
    else snprintf(err, errlen, "%s", rc == CURLE_WRITE_ERROR ? "jawaban terlalu besar"
                                                            : curl_easy_strerror(rc));
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    return rc == CURLE_OK ? 0 : -1;
}

/* An empty answer and a handle; NULL with err when libcurl cannot start. */
static CURL *start(struct hc_resp *r, size_t max_body, char *err, size_t errlen)
{
    memset(r, 0, sizeof *r);
    buf_init(&r->body, max_body);
    CURL *c = curl_easy_init();
    if (!c) snprintf(err, errlen, "libcurl tidak dapat dimulai");
    return c;
}

int hc_request(const char *method, const char *url, const char *bearer, const char *json,
               size_t max_body, long timeout_ms, struct hc_resp *r, char *err, size_t errlen)
{
    CURL *c = start(r, max_body, err, errlen);
    if (!c) return -1;
    struct curl_slist *h = NULL;
    char auth[1100];
    if (bearer && *bearer) {
        snprintf(auth, sizeof auth, "Authorization: Bearer %s", bearer);
        h = curl_slist_append(h, auth);
    }
    if (json) {
        h = curl_slist_append(h, "Content-Type: application/json");
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, json);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(json));
    }
    if (strcmp(method, "POST") == 0 && !json) curl_easy_setopt(c, CURLOPT_POSTFIELDS, "");
    return perform(c, h, url, timeout_ms, r, err, errlen);
}

int hc_post(const char *url, const char *const *headers, const void *body, size_t len,
            size_t max_body, long timeout_ms, struct hc_resp *r, char *err, size_t errlen)
{
    CURL *c = start(r, max_body, err, errlen);
    if (!c) return -1;
    struct curl_slist *h = NULL;
    for (; headers && *headers; headers++) h = curl_slist_append(h, *headers);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)len);
    return perform(c, h, url, timeout_ms, r, err, errlen);
}

void hc_resp_free(struct hc_resp *r)
{
    buf_free(&r->body);
}
