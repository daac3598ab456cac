/* req: one HTTP request as handlers see it, and the calls that build the
 * response. The server (server.c) fills the request, the gate (gate.c)
 * checks it against the route, then the route's handler runs. */
#ifndef BALAI_REQ_H
#define BALAI_REQ_H
#include <jansson.h>
#include <microhttpd.h>
#include <stdint.h>
#include "db/db.h"
#include "db/store_office.h"
#include "util/buf.h"

struct route;
struct req;

struct upload {
    char field[64];
    char filename[256];
    struct buf data;
    int present;
    /* set by a route's begin hook (route.h) to stream the file: its bytes
     * go to sink instead of data (sink returns <0 to refuse the rest), and
     * end runs when the request ends, answered or not */
    int (*sink)(struct req *r, const char *data, size_t n);
    void (*end)(struct req *r);
    void *state;
};

struct req {
    struct MHD_Connection *conn;
    const char *method;
    char path[512];
    db_t *db;                   /* this thread's connection */
    int64_t now;
    const struct route *route;
    json_t *params;             /* path parameters, e.g. {"office": "jelitik"} */
    json_t *form;               /* POST fields: name -> string */
    struct upload file;         /* the one file of a multipart form */
    struct buf body;            /* RF_RAW routes: the body exactly as received */
    _Atomic int async;          /* req_suspend: 1 waiting, 2 answer ready */
    struct MHD_PostProcessor *pp;
    size_t body_seen;
    int body_small;             /* RF_BIG route, not signed in: the default limit */
    int too_big, bad_body, want_json, secure;
    int json_body;              /* a POST sent as Content-Type: application/json */
    /* the client's address (http/client_addr.h): the peer, or the forwarded
     * address behind a trusted proxy; what per-address limits count by */
    char client[48];
    int forwarded;              /* counted in guard_forwarded_take */

    /* filled by the gate */
    json_t *me;                 /* staff row (id username full_name) or NULL */
    json_t *grants;             /* roles held (store_staff.h) */
    char session_hash[65];
    char csrf[65];
    /* a personal access token (Authorization: Bearer) stood in for the
     * session: no cookie is read or set, no CSRF token is asked for */
    int bearer;
    char token_label[64];
    char actor[160];            /* web_actor's "name lewat token 'label'" */
    json_t *office;             /* the office named in the path, if any */
    unsigned perms;             /* permissions on that office (core/role.h) */
    json_t *in;                 /* the route's fields, converted (http/fields.h) */
    json_t *errors;             /* {field: message} for the fields that were not valid */
    struct office_tree tree;    /* loaded on demand by gate_perms_on */
    int tree_loaded, perm_calls;

    /* response */
    int status;
    const char *ctype;
    struct buf out;
    const void *body_static;    /* response body not copied (embedded asset) */
    size_t body_static_len;
    /* a body pulled by libmicrohttpd as it goes out (resp_stream) */
    MHD_ContentReaderCallback stream_read;
    MHD_ContentReaderFreeCallback stream_free;
    void *stream_cls;
    /* a file answered from its descriptor (resp_fd); closed by the server */
    int has_fd, fd;
    uint64_t fd_off, fd_len;
    int nhdr;
    /* last member: left uninitialised past nhdr (server.c) */
    struct { char name[40]; char value[2048]; } hdr[8];
};

/* Query-string argument or NULL. */
const char *req_arg(struct req *r, const char *name);
/* Request header or NULL. */
const char *req_header(struct req *r, const char *name);
/* Form field as a string ("" when missing). */
const char *req_field(struct req *r, const char *name);
const char *req_param(struct req *r, const char *name);

void resp_header(struct req *r, const char *name, const char *value);
void resp_redirect(struct req *r, const char *location);       /* 303 */
void resp_text(struct req *r, int status, const char *ctype, const char *text);
void resp_static(struct req *r, const char *ctype, const void *data, size_t len);
/* A body of unknown length that libmicrohttpd pulls through `read` (see
 * MHD_create_response_from_callback; the reader may suspend the connection
 * while it has nothing to send). `free_cls` runs when the connection ends,
 * also when the response could not be created. Used by src/live/. */
void resp_stream(struct req *r, const char *ctype, MHD_ContentReaderCallback read,
                 MHD_ContentReaderFreeCallback free_cls, void *cls);

/* `len` bytes of the open file `fd` from `off` as the body (libmicrohttpd
 * sends them with sendfile where it can; a HEAD gets the same headers);
 * the server closes fd. */
void resp_fd(struct req *r, int status, const char *ctype, int fd, uint64_t off, uint64_t len);

/* Lets a handler answer later from another thread (the webhook's group
 * commit): req_suspend before returning from the handler, then fill the
 * response and call req_resume exactly once, from any thread. */
void req_suspend(struct req *r);
void req_resume(struct req *r);

#endif
