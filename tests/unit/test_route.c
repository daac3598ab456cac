/* Unit tests for http/route: the path matcher decides which line of the
 * route table (and so which access rule) applies to a request. A path that
 * matched the wrong line, or a parameter that swallowed a slash, would put a
 * page behind the wrong rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/role.h"
#include "http/route.h"

static void matches(const char *pattern, const char *path)
{
    json_t *p = json_object();
    if (!route_path_match(pattern, path, p)) fail_msg("%s should match %s", path, pattern);
    json_decref(p);
}

static void no_match(const char *pattern, const char *path)
{
    json_t *p = json_object();
    if (route_path_match(pattern, path, p)) fail_msg("%s must not match %s", path, pattern);
    json_decref(p);
}

static const char *param(json_t *p, const char *name)
{
    return json_string_value(json_object_get(p, name));
}

static void test_literal_paths(void **state)
{
    matches("/", "/");
    matches("/console", "/console");
    matches("/console/password", "/console/password");
    no_match("/console", "/");
    no_match("/", "/console");
    no_match("/console", "/consol");
    no_match("/console", "/consolex");
    no_match("/console", "/Console");
    no_match("/console/password", "/console");
    no_match("/console", "console");
    no_match("/console", "");
    no_match("/", "");
}

static void test_params(void **state)
{
    json_t *p = json_object();
    assert_true(route_path_match("/console/o/{office}/staff/{user}",
                                 "/console/o/jelitik/staff/petugas.jelitik", p));
    assert_string_equal(param(p, "office"), "jelitik");
    assert_string_equal(param(p, "user"), "petugas.jelitik");
    assert_int_equal(json_object_size(p), 2);
    json_object_clear(p);
    assert_true(route_path_match("/console/holidays/{year}/confirm", "/console/holidays/2027/confirm", p));
    assert_string_equal(param(p, "year"), "2027");
    /* NULL params: just the answer */
    assert_true(route_path_match("/static/{file}", "/static/balai.css", NULL));
    /* a parameter is one segment: it never takes a slash */
    no_match("/static/{file}", "/static/css/balai.css");
    no_match("/console/o/{office}", "/console/o/jelitik/edit");
    no_match("/console/o/{office}/edit", "/console/o/jelitik");
    json_decref(p);
}

static void test_trailing_slash_and_extra_segments(void **state)
{
    no_match("/console", "/console/");
    no_match("/console/o/{office}", "/console/o/jelitik/");
    no_match("/console/o/{office}/edit", "/console/o/jelitik/edit/");
    no_match("/console/o/{office}/edit", "/console/o/jelitik/edit/x");
    no_match("/console/o/{office}/staff", "/console/o/jelitik/staff/petugas.jelitik");
    no_match("/console/o/{office}", "//console/o/jelitik");
}

static void test_empty_segment(void **state)
{
    no_match("/console/o/{office}", "/console/o/");
    no_match("/console/o/{office}/edit", "/console/o//edit");
    no_match("/static/{file}", "/static/");
    no_match("/console/o/{office}/staff/{user}", "/console/o/jelitik/staff/");
    no_match("/console/o/{office}", "/console//o/jelitik");
}

static void test_segment_length(void **state)
{
    char path[300], seg[200];
    json_t *p = json_object();
    memset(seg, 'a', 128);
    seg[128] = '\0';
    snprintf(path, sizeof path, "/console/o/%s", seg);
    assert_true(route_path_match("/console/o/{office}", path, p));
    assert_int_equal(strlen(param(p, "office")), 128);
    memset(seg, 'a', 129);
    seg[129] = '\0';
    snprintf(path, sizeof path, "/console/o/%s", seg);
    no_match("/console/o/{office}", path);
    snprintf(path, sizeof path, "/console/o/%s/edit", seg);
    no_match("/console/o/{office}/edit", path);
    json_decref(p);
}

/* fuzz regression (tests/fuzz/crashes/route-param-not-utf8.txt): a path
 * segment that is not UTF-8 (libmicrohttpd %-decodes the URL) used to match
 * a route with its parameter silently missing; it now matches nothing. */
static void test_param_not_utf8(void **state)
{
    (void)state;
    no_match("/o/{office}", "/o/\xff\xfe");
    no_match("/o/{office}/layanan/{service}", "/o/jelitik/layanan/\xc3");
    matches("/o/{office}", "/o/j\xc3\xa9litik");
    json_t *p = json_object();
    int known = 0;
    assert_null(route_match("GET", "/o/\xff\xfe", p, &known));
    assert_int_equal(known, 0);
    assert_int_equal(json_object_size(p), 0);
    json_decref(p);
}

static void test_route_match_table(void **state)
{
    json_t *p = json_object();
    int known = -1;
    const struct route *r = route_match("GET", "/console/o/jelitik", p, &known);
    assert_non_null(r);
    assert_string_equal(r->path, "/console/o/{office}");
    assert_int_equal(r->auth, AUTH_STAFF);
    assert_int_equal(r->scope, SCOPE_OFFICE);
    assert_int_equal(r->perm, PERM_VIEW);
    assert_string_equal(param(p, "office"), "jelitik");
    assert_int_equal(known, 1);

    /* GET and POST of one path are different lines with their own rules */
    r = route_match("POST", "/console/o/jelitik/edit", p, &known);
    assert_non_null(r);
    assert_string_equal(r->method, "POST");
    assert_int_equal(r->perm, PERM_OFFICE_EDIT);
    r = route_match("POST", "/console/o/jelitik/staff/petugas.jelitik/password", p, &known);
    assert_non_null(r);
    assert_string_equal(r->path, "/console/o/{office}/staff/{user}/password");
    assert_int_equal(r->perm, PERM_STAFF);
    assert_string_equal(param(p, "user"), "petugas.jelitik");

    /* params from an earlier request do not leak into the next */
    r = route_match("GET", "/console", p, &known);
    assert_non_null(r);
    assert_int_equal(json_object_size(p), 0);
    json_decref(p);
}

static void test_wrong_method_is_known_path(void **state)
{
    json_t *p = json_object();
    int known = -1;
    /* /logout is POST only: a GET (e.g. a prefetching link) must not log out */
    assert_null(route_match("GET", "/logout", p, &known));
    assert_int_equal(known, 1);
    known = -1;
    assert_null(route_match("POST", "/console/audit", p, &known));
    assert_int_equal(known, 1);
    known = -1;
    assert_null(route_match("DELETE", "/console/o/jelitik", p, &known));
    assert_int_equal(known, 1);
    known = -1;
    assert_null(route_match("PUT", "/console/o/jelitik/edit", p, &known));
    assert_int_equal(known, 1);
    /* unknown path: 404, not 405 */
    known = -1;
    assert_null(route_match("GET", "/console/tidak-ada", p, &known));
    assert_int_equal(known, 0);
    known = -1;
    assert_null(route_match("GET", "/console/", p, &known));
    assert_int_equal(known, 0);
    json_decref(p);
}

static void test_head_is_get(void **state)
{
    json_t *p = json_object();
    int known = -1;
    const struct route *r = route_match("HEAD", "/console/o/jelitik/audit", p, &known);
    assert_non_null(r);
    assert_string_equal(r->method, "GET");
    assert_int_equal(r->perm, PERM_AUDIT);      /* same rule as GET */
    assert_string_equal(param(p, "office"), "jelitik");
    r = route_match("HEAD", "/healthz", p, &known);
    assert_non_null(r);
    /* HEAD never reaches a POST-only route */
    known = -1;
    assert_null(route_match("HEAD", "/logout", p, &known));
    assert_int_equal(known, 1);
    known = -1;
    assert_null(route_match("HEAD", "/console/holidays/2027/confirm", p, &known));
    assert_int_equal(known, 1);
    json_decref(p);
}

static void test_table_is_well_formed(void **state)
{
    size_t n = 0;
    for (const struct route *r = routes; r->method; r++, n++) {
        assert_non_null(r->fn);
        assert_true(strcmp(r->method, "GET") == 0 || strcmp(r->method, "POST") == 0);
        assert_true(r->path[0] == '/');
        if (strcmp(r->path, "/") != 0 && r->path[strlen(r->path) - 1] == '/')
            fail_msg("%s ends with a slash", r->path);
        /* an office rule needs the office in the path and a permission */
        if (r->scope == SCOPE_OFFICE && !strstr(r->path, "{office}"))
            fail_msg("%s %s: office scope without {office}", r->method, r->path);
        if (r->scope != SCOPE_NONE && (!r->perm || r->auth != AUTH_STAFF))
            fail_msg("%s %s: scoped route without perm or login", r->method, r->path);
        if (r->auth == AUTH_PUBLIC && r->perm)
            fail_msg("%s %s: public route with a permission", r->method, r->path);
        /* the route matches its own path (with parameters filled in) */
        int known;
        char path[300];
        size_t k = 0;
        for (const char *c = r->path; *c && k < sizeof path - 8;) {
            if (*c == '{') { memcpy(path + k, "x1", 2); k += 2; c = strchr(c, '}') + 1; }
            else path[k++] = *c++;
        }
        path[k] = '\0';
        json_t *p = json_object();
        const struct route *m = route_match(r->method, path, p, &known);
        if (m != r) fail_msg("%s %s is shadowed by an earlier line", r->method, r->path);
        json_decref(p);
        /* no two lines for the same method and path */
        for (const struct route *o = routes; o < r; o++)
            if (!strcmp(o->method, r->method) && !strcmp(o->path, r->path))
                fail_msg("%s %s declared twice", r->method, r->path);
    }
    assert_true(n > 20);
    json_t *j = routes_json();
    assert_int_equal(json_array_size(j), n);
    json_decref(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_literal_paths),
        cmocka_unit_test(test_params),
        cmocka_unit_test(test_trailing_slash_and_extra_segments),
        cmocka_unit_test(test_empty_segment),
        cmocka_unit_test(test_segment_length),
        cmocka_unit_test(test_param_not_utf8),
        cmocka_unit_test(test_route_match_table),
        cmocka_unit_test(test_wrong_method_is_known_path),
        cmocka_unit_test(test_head_is_get),
        cmocka_unit_test(test_table_is_well_formed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
