/* server: see server.h. */
#include "http/server.h"
#include "http/gate.h"
#include "http/req.h"
#include "http/cache.h"
#include "http/client_addr.h"
#include "http/form.h"
#include "http/guard.h"
#include "http/route.h"
#include "http/page.h"
#include <arpa/inet.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <strings.h>
#include <sys/resource.h>
#include <time.h>

/* --- request accessors and response builders (req.h) ----------------- */

const char *req_arg(struct req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *req_header(struct req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *req_field(struct req *r, const char *name)
{
    const char *v = r->form ? json_string_value(json_object_get(r->form, name)) : NULL;
    return v ? v : "";
}

const char *req_param(struct req *r, const char *name)
{
    const char *v = json_string_value(json_object_get(r->params, name));
    return v ? v : "";
}

void resp_header(struct req *r, const char *name, const char *value)
{
    if (r->nhdr >= (int)(sizeof r->hdr / sizeof r->hdr[0])) return;
    snprintf(r->hdr[r->nhdr].name, sizeof r->hdr[0].name, "%s", name);
    snprintf(r->hdr[r->nhdr].value, sizeof r->hdr[0].value, "%s", value);
    r->nhdr++;
}

void resp_redirect(struct req *r, const char *location)
{
    buf_reset(&r->out);
    resp_header(r, "Location", location);
    /* a script that posted a form asking for JSON gets the outcome itself,
     * not a page to follow: 200 {"ok": true, "location": "..."} */
    if (r->want_json && strcmp(r->method, "POST") == 0) {
        r->status = 200;
        r->ctype = "application/json";
        json_t *j = json_pack("{s:b, s:s}", "ok", 1, "location", location);
        char *t = j ? json_dumps(j, JSON_COMPACT) : NULL;
        buf_puts(&r->out, t ? t : "{\"ok\":true}");
        free(t);
        json_decref(j);
        return;
    }
    r->status = 303;
    r->ctype = "text/plain; charset=utf-8";
}

void resp_text(struct req *r, int status, const char *ctype, const char *text)
{
    r->status = status;
    r->ctype = ctype;
    buf_reset(&r->out);
    buf_puts(&r->out, text);
}

void resp_static(struct req *r, const char *ctype, const void *data, size_t len)
{
    r->status = 200;
    r->ctype = ctype;
    r->body_static = data;
    r->body_static_len = len;
}

void resp_fd(struct req *r, int status, const char *ctype, int fd, uint64_t off, uint64_t len)
{
    if (r->has_fd) close(r->fd);
    r->status = status;
    r->ctype = ctype;
    r->has_fd = 1;
    r->fd = fd;
    r->fd_off = off;
    r->fd_len = len;
}

void resp_stream(struct req *r, const char *ctype, MHD_ContentReaderCallback read,
                 MHD_ContentReaderFreeCallback free_cls, void *cls)
{
    r->status = 200;
    r->ctype = ctype;
    r->stream_read = read;
    r->stream_free = free_cls;
    r->stream_cls = cls;
}

void req_suspend(struct req *r)
{
    r->async = 1;
    MHD_suspend_connection(r->conn);
}

void req_resume(struct req *r)
{
    r->async = 2;
    MHD_resume_connection(r->conn);     /* the access handler runs again and answers */
}

/* --- the MHD side ----------------------------------------------------- */

static void req_free(struct req *r)
{
    if (!r) return;
    if (r->forwarded) guard_forwarded_release(r->client);
    if (r->pp) MHD_destroy_post_processor(r->pp);
    if (r->file.end) r->file.end(r);
    json_decref(r->params);
    json_decref(r->form);
    json_decref(r->in);
    json_decref(r->errors);
    json_decref(r->me);
    json_decref(r->grants);
    json_decref(r->office);
    office_tree_free(&r->tree);
    buf_free(&r->file.data);
    buf_free(&r->body);
    buf_free(&r->out);
    if (r->has_fd) close(r->fd);
    free(r);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    req_free(*con_cls);
    *con_cls = NULL;
    guard_request_done(c);      /* the next request's headers are timed from now */
}

/* The post processor hands values over in pieces; pieces of one field
 * arrive in order with growing offsets. */
static enum MHD_Result on_post(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *filename, const char *content_type,
                               const char *transfer_encoding, const char *data, uint64_t off,
                               size_t size)
{
    struct req *r = cls;
    if (filename) {
        if (!(r->route->flags & RF_UPLOAD)) return MHD_YES;   /* files only where declared */
        if (r->file.present && strcmp(r->file.field, key) != 0) return MHD_YES;
        if (!r->file.present) {
            r->file.present = 1;
            snprintf(r->file.field, sizeof r->file.field, "%s", key);
            snprintf(r->file.filename, sizeof r->file.filename, "%s", filename);
        }
        if (r->file.sink ? r->file.sink(r, data, size) < 0
                         : buf_add(&r->file.data, data, size) < 0)
            r->too_big = 1;
        return MHD_YES;
    }
    json_t *cur = json_object_get(r->form, key);
    if (off == 0 || !cur) {
        json_object_set_new(r->form, key, json_stringn_nocheck(data, size));
    } else {
        struct buf b;
        buf_init(&b, r->route->body_max ? r->route->body_max : BODY_DEFAULT);
        buf_add(&b, json_string_value(cur), json_string_length(cur));
        buf_add(&b, data, size);
        json_object_set_new(r->form, key, json_stringn_nocheck(b.p, b.len));
        buf_free(&b);
    }
    return MHD_YES;
}

static void add_security_headers(struct MHD_Response *resp, int secure)
{
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
    MHD_add_response_header(resp, "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'");
    if (secure)
        MHD_add_response_header(resp, "Strict-Transport-Security", "max-age=31536000");
}

static enum MHD_Result respond(struct req *r)
{
    struct MHD_Response *resp;
    if (r->stream_read) {
        /* small blocks: an event is a few hundred bytes, and a thousand
         * open streams should not each hold a large buffer */
        resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 1024, r->stream_read,
                                                 r->stream_cls, r->stream_free);
        if (!resp) r->stream_free(r->stream_cls);
        r->stream_read = NULL;
    } else if (r->has_fd) {
        resp = MHD_create_response_from_fd_at_offset64(r->fd_len, r->fd, r->fd_off);
        if (!resp) close(r->fd);
        r->has_fd = 0;                  /* the response owns it now */
    } else if (r->body_static)
        resp = MHD_create_response_from_buffer(r->body_static_len, (void *)r->body_static,
                                               MHD_RESPMEM_PERSISTENT);
    else
        resp = MHD_create_response_from_buffer(r->out.len, r->out.p ? r->out.p : (char *)"",
                                               MHD_RESPMEM_MUST_COPY);
    if (!resp) return MHD_NO;
    if (r->ctype) MHD_add_response_header(resp, "Content-Type", r->ctype);
    add_security_headers(resp, r->secure);
    for (int i = 0; i < r->nhdr; i++)
        MHD_add_response_header(resp, r->hdr[i].name, r->hdr[i].value);
    enum MHD_Result ret = MHD_queue_response(r->conn, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static void dispatch(struct req *r)
{
    r->db = db_thread();
    if (!r->db) {
        page_error(r, 503, "Layanan sedang tidak dapat membuka basis data. Coba lagi sebentar.");
        return;
    }
    if (r->bad_body) {
        page_error(r, 400, "Isi formulir tidak dapat dibaca.");
        return;
    }
    char msg[200];
    if (r->json_body && form_from_json(r->body.p ? r->body.p : "", r->body.len, r->form, msg,
                                       sizeof msg) != 0) {
        page_error(r, 400, msg);
        return;
    }
    if (gate_check(r) != 0) return;     /* the gate wrote the refusal */
    int cacheable = cache_eligible(r);
    if (cacheable && cache_get(r)) return;
    r->route->fn(r);
    if (cacheable) cache_put(r);
}

/* Bodies over a route's limit but under this are read and discarded so the
 * 413 page reaches the client; past it the connection is closed. */
#define DRAIN_MAX (8u * 1024 * 1024)

static size_t body_max(const struct req *r)
{
    return r->route && r->route->body_max && !r->body_small ? r->route->body_max : BODY_DEFAULT;
}

/* Past this many bytes the connection is closed: DRAIN_MAX, or a signed-in
 * member's limit on an RF_BIG route. */
static size_t drain_max(const struct req *r)
{
    size_t m = body_max(r);
    return (r->route->flags & RF_BIG) && m > DRAIN_MAX ? m : DRAIN_MAX;
}

/* A request's state, set up when its headers have arrived. */
static struct req *req_new(struct MHD_Connection *c, const char *url, const char *method)
{
    /* the response header slots (16 KB) are read only up to nhdr:
     * zeroing them for every webhook cost 7 % of the server's CPU */
    struct req *r = malloc(sizeof *r);
    if (!r) return NULL;
    memset(r, 0, offsetof(struct req, hdr));
    r->conn = c;
    r->method = method;
    r->now = time(NULL);
    r->status = 200;
    r->params = json_object();
    r->form = json_object();
    buf_init(&r->out, 0);
    buf_init(&r->file.data, 0);
    snprintf(r->path, sizeof r->path, "%s", url);
    return r;
}

/* Headers read: the per-address cap, the route, the body's size.  Answers
 * at once (404, 405, 413, 429) or prepares to read the body. */
static enum MHD_Result on_headers(struct req *r, struct MHD_Connection *c, const char *url,
                                  const char *method)
{
    guard_headers_done(c);
    /* behind a trusted proxy the per-address cap is on requests; not
     * on webhooks, which wait for their commit and must never be held
     * back (Meta delivers bursts from few addresses; a forged one is
     * refused at once and holds nothing) */
    if (client_addr(c, r->client) && strncmp(url, "/webhooks/", 10) != 0) {
        if (!guard_forwarded_take(r->client)) {
            resp_header(r, "Retry-After", "10");
            resp_text(r, 429, "text/plain; charset=utf-8",
                      "Terlalu banyak permintaan sekaligus dari alamat Anda. Coba lagi "
                      "sebentar.\n");
            return respond(r);
        }
        r->forwarded = 1;
    }
    const char *accept = req_header(r, "Accept");
    r->want_json = accept && strstr(accept, "application/json") && !strstr(accept, "text/html");
    const char *proto = req_header(r, "X-Forwarded-Proto");
    r->secure = proto && strcasecmp(proto, "https") == 0;
    int known = 0;
    r->route = route_match(method, r->path, r->params, &known);
    if (!r->route) {
        r->db = db_thread();
        if (known) page_error(r, 405, "Metode permintaan ini tidak didukung untuk alamat ini.");
        else page_error(r, 404, "Halaman yang Anda cari tidak ditemukan.");
        return respond(r);
    }
    if (r->route->flags & RF_BIG) {
        r->db = db_thread();
        r->body_small = !r->db || gate_signed_in(r) <= 0;
    }
    buf_init(&r->file.data, body_max(r));
    buf_init(&r->body, body_max(r));
    const char *cl = req_header(r, MHD_HTTP_HEADER_CONTENT_LENGTH);
    unsigned long long len = cl ? strtoull(cl, NULL, 10) : 0;
    if (len > drain_max(r)) {       /* far too big: answer now and close */
        r->db = db_thread();
        page_error(r, 413, "Kiriman terlalu besar.");
        return respond(r);
    }
    /* a little too big (a photo instead of a logo): read and discard the
     * body, then answer, so the browser shows the message instead of a
     * reset connection */
    if (len > body_max(r)) r->too_big = 1;
    if (!r->too_big && (r->route->flags & RF_STREAM) && route_begin(r) != 0)
        return respond(r);
    if (strcmp(method, "POST") != 0 || (r->route->flags & RF_RAW)) return MHD_YES;
    const char *ct = req_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
    if (!(r->route->flags & RF_UPLOAD) && ct && strncasecmp(ct, "application/json", 16) == 0 &&
        (!ct[16] || ct[16] == ';' || ct[16] == ' '))
        r->json_body = 1;           /* kept whole in r->body, read in dispatch */
    else                            /* no form encoding is only acceptable when empty */
        r->pp = MHD_create_post_processor(c, 16 * 1024, on_post, r);
    return MHD_YES;
}

/* A piece of the body: kept raw, fed to the post processor, or counted and
 * dropped once over the route's limit. */
static enum MHD_Result on_body(struct req *r, const char *data, size_t *size)
{
    r->body_seen += *size;
    if (r->body_seen > drain_max(r)) return MHD_NO; /* stop reading: close */
    if (r->body_seen > body_max(r)) {
        r->too_big = 1;
    } else if ((r->route->flags & RF_RAW) || r->json_body) {
        if (buf_add(&r->body, data, *size) < 0) r->too_big = 1;
    } else if (!r->too_big && !r->bad_body) {
        if (!r->pp || MHD_post_process(r->pp, data, *size) != MHD_YES) r->bad_body = 1;
    }
    *size = 0;
    return MHD_YES;
}

/* The whole body read: run the handler, or answer a resumed one. */
static enum MHD_Result on_complete(struct req *r)
{
    if (r->async) {                     /* suspended by the handler */
        if (r->async != 2) return MHD_YES;
        r->async = 3;
        return respond(r);
    }
    if (r->status != 200 || r->out.len) return MHD_YES;    /* already answered */
    if (r->too_big) {
        r->db = db_thread();
        page_error(r, 413, "Kiriman terlalu besar.");
    } else {
        dispatch(r);
        if (r->async) return MHD_YES;   /* answered on req_resume */
    }
    return respond(r);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_size, void **con_cls)
{
    struct req *r = *con_cls;
    if (!r) {
        r = req_new(c, url, method);
        if (!r) return MHD_NO;
        *con_cls = r;
        return on_headers(r, c, url, method);
    }
    if (*upload_size) return on_body(r, upload_data, upload_size);
    return on_complete(r);
}


int server_listen_parse(struct server *s, const char *listen)
{
    struct sockaddr_in *sa = &s->addr;
    char host[64];
    const char *colon = strrchr(listen, ':');
    if (!colon || (size_t)(colon - listen) >= sizeof host) return -1;
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = '\0';
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || port < 1 || port > 65535) return -1;
    memset(sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    sa->sin_port = htons((uint16_t)port);
    if (!*host || strcmp(host, "localhost") == 0) snprintf(host, sizeof host, "127.0.0.1");
    return inet_pton(AF_INET, host, &sa->sin_addr) == 1 ? 0 : -1;
}

int server_start(struct server *s)
{
    /* one address is capped by the guard; all of them together by the
     * descriptors this process may open (some kept for the database,
     * files and outbound calls) */
    unsigned conn_limit = 10000;
    struct rlimit fds;
    if (getrlimit(RLIMIT_NOFILE, &fds) == 0 && fds.rlim_cur < (rlim_t)conn_limit + 512)
        conn_limit = fds.rlim_cur > 1024 ? (unsigned)fds.rlim_cur - 512 : 512;
    s->d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG |
        MHD_ALLOW_SUSPEND_RESUME,
        0, guard_accept, NULL, on_request, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&s->addr,
        MHD_OPTION_THREAD_POOL_SIZE, s->threads ? s->threads : 4,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
        MHD_OPTION_CONNECTION_LIMIT, conn_limit,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
        MHD_OPTION_NOTIFY_CONNECTION, guard_notify, NULL,
        MHD_OPTION_END);
    return s->d ? 0 : -1;
}

void server_stop(struct server *s)
{
    if (s->d) MHD_stop_daemon(s->d);
    s->d = NULL;
}
