/* route: see route.h. Matching walks the table in order; with a few dozen
 * routes a linear scan costs less than one database query. */
#include "http/route.h"
#include "http/fields.h"
#include "core/role.h"
#include <string.h>

int route_path_match(const char *pattern, const char *path, json_t *params)
{
    const char *p = pattern, *s = path;
    while (*p && *s) {
        if (*p != '/' || *s != '/') return 0;
        p++;
        s++;
        const char *pe = strchr(p, '/'), *se = strchr(s, '/');
        size_t pl = pe ? (size_t)(pe - p) : strlen(p);
        size_t sl = se ? (size_t)(se - s) : strlen(s);
        if (pl >= 2 && p[0] == '{' && p[pl - 1] == '}') {
            if (sl == 0 || sl > 128) return 0;
            /* a parameter is text: a segment that is not UTF-8 (the path
             * arrives %-decoded) matches no route, rather than matching
             * one with the parameter missing */
            json_t *v = json_stringn(s, sl);
            if (!v) return 0;
            if (params) {
                char name[32];
                size_t nl = pl - 2 < sizeof name - 1 ? pl - 2 : sizeof name - 1;
                memcpy(name, p + 1, nl);
                name[nl] = '\0';
                json_object_set(params, name, v);
            }
            json_decref(v);
        } else if (pl != sl || memcmp(p, s, pl) != 0) {
            return 0;
        }
        p += pl;
        s += sl;
    }
    return *p == '\0' && *s == '\0';
}

const struct route *route_match(const char *method, const char *path, json_t *params,
                                int *path_known)
{
    *path_known = 0;
    for (const struct route *r = routes; r->method; r++) {
        if (!route_path_match(r->path, path, NULL)) continue;
        *path_known = 1;
        if (strcmp(r->method, method) != 0 &&
            !(strcmp(method, "HEAD") == 0 && strcmp(r->method, "GET") == 0))
            continue;
        json_object_clear(params);
        route_path_match(r->path, path, params);
        return r;
    }
    return NULL;
}

json_t *routes_json(void)
{
    json_t *a = json_array();
    static const char *scopes[] = {"none", "any", "office"};
    for (const struct route *r = routes; r->method; r++) {
        json_t *roles = json_array();
        for (const struct role_def *d = role_defs; d->name; d++)
            if (r->perm && (d->perms & r->perm) == r->perm)
                json_array_append_new(roles, json_string(d->name));
        json_t *o = json_pack("{s:s, s:s, s:b, s:s, s:s, s:o, s:b, s:b, s:b}",
            "method", r->method, "path", r->path, "auth", r->auth == AUTH_STAFF,
            "perm", perm_name(r->perm), "scope", scopes[r->scope], "roles", roles,
            "upload", (r->flags & RF_UPLOAD) != 0, "raw", (r->flags & RF_RAW) != 0,
            "form", (r->flags & RF_FORM) != 0);
        if (r->fields) json_object_set_new(o, "fields", fields_json(r->fields));
        json_array_append_new(a, o);
    }
    return a;
}
