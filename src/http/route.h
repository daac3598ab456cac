/* route: the route table's shape and the matcher. The table itself is in
 * routes.c, one line a route, so every path's access rule is read in one
 * place (house rule 2) and `balai routes` can print it for the tests that
 * walk it. */
#ifndef BALAI_ROUTE_H
#define BALAI_ROUTE_H
#include <jansson.h>
#include <stddef.h>

struct req;
typedef void (*handler_fn)(struct req *r);

enum auth { AUTH_PUBLIC, AUTH_STAFF };
enum scope {
    SCOPE_NONE,     /* no office: public, or any signed-in staff member */
    SCOPE_ANY,      /* needs `perm` on at least one office */
    SCOPE_OFFICE,   /* needs `perm` on the office named by {office} in the path */
};
enum route_flags {
    RF_PRE_CSRF = 1,    /* POST before login: checked with the pre-session cookie */
    RF_UPLOAD = 2,      /* multipart form with one file */
    RF_CACHE = 4,       /* public GET whose page may be cached (http/cache.h) */
    RF_RAW = 8,         /* POST body kept as sent in r->body (webhooks sign the raw bytes) */
    RF_STREAM = 16,     /* route_begin runs before the body is read (see there) */
    RF_SESSION = 32,    /* a signed-in session only: refused to a personal access token */
    RF_FORM = 64,       /* the handler re-renders its form with the gate's field
                         * errors (r->errors); otherwise the gate answers 422 */
    RF_BIG = 128,       /* body_max (over the 8 MB every other route stops at) only
                         * for a signed-in member (gate_signed_in, asked when the
                         * headers arrive); anyone else gets the default limit */
};

/* Each POST route (except RF_RAW webhooks) names its fields: a
 * NULL-terminated array of struct field_spec (http/fields.h; the arrays are
 * in web/specs.c). The gate validates and converts them before the
 * handler runs; see fields.h for what handlers get. */
struct field_spec;

struct route {
    const char *method;
    const char *path;       /* segments; "{name}" matches one segment */
    handler_fn fn;
    enum auth auth;
    unsigned perm;
    enum scope scope;
    unsigned flags;
    size_t body_max;        /* 0: the default (64 KiB) */
    const struct field_spec *fields;    /* POST: the fields it reads */
};

#define BODY_DEFAULT (64u * 1024)

extern const struct route routes[];     /* ends with {0} */

/* Finds the route for method and path; fills params (object) with the path
 * parameters. Returns NULL if none matches; *path_known is set when the path
 * matches under another method (405 rather than 404). */
const struct route *route_match(const char *method, const char *path, json_t *params,
                                int *path_known);

/* Matches one pattern; 1 if it matches. Exposed for unit tests. */
int route_path_match(const char *pattern, const char *path, json_t *params);

/* For RF_STREAM routes, once the headers are in and before any of the
 * body is read: checks what the path carries (an upload link's token)
 * and may set the request to stream its file to disk (req.h, struct
 * upload). Returns -1 after writing the answer, which is sent at once. */
int route_begin(struct req *r);

/* The table as JSON for `balai routes`. */
json_t *routes_json(void);

#endif
