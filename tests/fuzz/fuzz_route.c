/* fuzz_route: the route matcher (http/route.c) against the real route table
 * (web/routes.c; the handlers are stubs that run.sh generates from
 * web/web.h, since the matcher only compares their addresses). The input
 * is "METHOD path": the method up to the first space, the path after it
 * (what libmicrohttpd hands over once it has %-decoded the URL, so any
 * bytes).
 *
 * Checks: a route is found only when its method is the request's (or GET
 * for HEAD) and its pattern matches; it is the first such line of the
 * table (order decides, e.g. "baru" before {service}); path_known is set
 * exactly when some line's pattern matches; every {name} of the pattern is
 * a parameter that is a non-empty string of at most 128 bytes without '/',
 * and putting the parameters back into the pattern gives the path again. */
#include "fuzz_util.h"
#include "http/route.h"

static int method_ok(const struct route *r, const char *m)
{
    return strcmp(r->method, m) == 0 || (strcmp(m, "HEAD") == 0 && strcmp(r->method, "GET") == 0);
}

/* rebuilds the path from the pattern and the parameters; 0 if a parameter
 * is missing or not a plain segment */
static int rebuild(const char *pattern, json_t *params, char *out, size_t n)
{
    size_t k = 0;
    for (const char *p = pattern; *p;) {
        if (*p == '{') {
            const char *e = strchr(p, '}');
            char name[64];
            FUZZ_CHECK(e && (size_t)(e - p) < sizeof name);
            memcpy(name, p + 1, (size_t)(e - p - 1));
            name[e - p - 1] = '\0';
            const char *v = json_string_value(json_object_get(params, name));
            if (!v || !*v || strlen(v) > 128 || strchr(v, '/')) return 0;
            size_t vl = strlen(v);
            if (k + vl >= n) return 0;
            memcpy(out + k, v, vl);
            k += vl;
            p = e + 1;
        } else {
            if (k + 1 >= n) return 0;
            out[k++] = *p++;
        }
    }
    out[k] = '\0';
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096) return 0;
    char *in = malloc(size + 1);
    if (!in) return 0;
    memcpy(in, data, size);
    in[size] = '\0';                    /* a C string, as the server has */
    char *sp = strchr(in, ' ');
    const char *method = sp ? in : "GET";
    const char *path = sp ? sp + 1 : in;
    if (sp) *sp = '\0';

    json_t *params = json_object();
    int known = -1;
    const struct route *r = route_match(method, path, params, &known);
    FUZZ_CHECK(known == 0 || known == 1);
    const struct route *first = NULL;
    int any = 0;
    for (const struct route *t = routes; t->method; t++) {
        if (!route_path_match(t->path, path, NULL)) continue;
        any = 1;
        if (!first && method_ok(t, method)) first = t;
    }
    FUZZ_CHECK(known == any);
    FUZZ_CHECK(r == first);
    if (r) {
        char back[4096 + 64];
        FUZZ_CHECK(rebuild(r->path, params, back, sizeof back));
        FUZZ_CHECK(strcmp(back, path) == 0);
    } else {
        FUZZ_CHECK(json_object_size(params) == 0);
    }
    json_decref(params);
    free(in);
    return 0;
}
