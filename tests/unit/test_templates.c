/* test_templates: renders every template compiled into the binary
 * (web/templates) with rows that lack their optional fields, and proves that
 * no value from an enclosing row, from the page, or from a row beside it
 * shows up in a row. A checklist item without a verdict once showed another
 * item's "Kurang · verifikasi.jelitik"; on a page of citizens the same walk
 * up the context stack would show one citizen's data on another's row.
 *
 * The view models are generated from the templates themselves: a scan of
 * each template (and the partials it includes) finds which names are used
 * at which level of nesting. A level's rows then carry, for every name
 * only its descendants use, a decoy value "LEAK:name"; the rows lack every
 * field of their own. Whatever the row's own lookups find, a decoy can only
 * reach the output through a lookup that left the row, so any "LEAK" in
 * the HTML is a leak. Page values a template reaches on purpose with
 * {{@root.name}} get no decoy. A second pass puts a full row ("SIB:name")
 * before each empty one and checks that the empty row adds no SIB value. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "http/page.h"
#include "render/tpl.h"

/* A level of nesting: "own" names used directly in it, "kids" the levels of
 * its plain {{#name}} sections, "desc" every name used below it. */
static json_t *level_new(void)
{
    return json_pack("{s:{}, s:{}, s:{}}", "own", "kids", "desc");
}

static json_t *kid(json_t *lv, const char *name)
{
    json_t *kids = json_object_get(lv, "kids"), *k = json_object_get(kids, name);
    if (!k) {
        k = level_new();
        json_object_set_new(kids, name, k);
    }
    return k;
}

/* first segment of a dotted name, into buf */
static const char *first_seg(const char *name, char *buf, size_t n)
{
    size_t k = strcspn(name, ".");
    snprintf(buf, n, "%.*s", (int)(k < n ? k : n - 1), name);
    return buf;
}

struct scan {
    json_t *root, *rootrefs;   /* rootrefs: names reached with @root. */
};

static void scan_src(struct scan *sc, const char *src, json_t *start, int depth);

static void use_name(struct scan *sc, json_t *lv, const char *name)
{
    char seg[128];
    if (strcmp(name, ".") == 0 || (name[0] == '@' && strncmp(name, "@root.", 6) != 0)) return;
    if (strncmp(name, "@root.", 6) == 0)
        json_object_set_new(sc->rootrefs, first_seg(name + 6, seg, sizeof seg), json_true());
    else
        json_object_set_new(json_object_get(lv, "own"), first_seg(name, seg, sizeof seg),
                            json_true());
}

static void scan_src(struct scan *sc, const char *src, json_t *start, int depth)
{
    json_t *stack[TPL_MAX_NEST + 1];
    int sp = 0;
    stack[0] = start;
    for (const char *p = strstr(src, "{{"); p; p = strstr(p, "{{")) {
        const char *e = strstr(p, "}}");
        assert_non_null(e);
        char tag[160];
        const char *b = p + 2;
        while (*b == ' ') b++;
        size_t n = (size_t)(e - b);
        while (n && b[n - 1] == ' ') n--;
        snprintf(tag, sizeof tag, "%.*s", (int)n, b);
        p = e + 2;
        char sig = tag[0], *name = tag + 1;
        while (*name == ' ') name++;
        json_t *lv = stack[sp];
        if (sig == '!') continue;
        if (sig == '/') { if (sp > 0) sp--; continue; }
        if (sig == '>') {
            const char *inc = page_template_src(name);
            if (inc && depth < 4) scan_src(sc, inc, lv, depth + 1);
            continue;
        }
        if (sig != '#' && sig != '^') {
            name = tag;
            if (strncmp(name, "url:", 4) == 0) name += 4;
            else if (strncmp(name, "json:", 5) == 0) name += 5;
            use_name(sc, lv, name);
            continue;
        }
        use_name(sc, lv, name);
        json_t *next = lv;
        /* a plain {{#name}} is a level of its own; {{#a.b}}, {{#list.0}} and
         * {{^name}} are scanned as part of the level they sit in, and so is
         * a page flag tested inside a row ({{#@root.can_edit}}) */
        if (sig == '#' && strncmp(name, "@root.", 6) == 0 && !strchr(name + 6, '.') &&
            lv == sc->root)
            next = kid(sc->root, name + 6);
        else if (sig == '#' && name[0] != '@' && !strchr(name, '.'))
            next = kid(lv, name);
        assert_true(sp < TPL_MAX_NEST);
        stack[++sp] = next;
    }
}

/* Fills lv.desc with every name used below lv; returns own + desc + kids. */
static void fill_desc(json_t *lv, json_t *into)
{
    const char *k;
    json_t *v;
    json_object_foreach(json_object_get(lv, "kids"), k, v) {
        json_t *sub = json_object();
        fill_desc(v, sub);
        json_object_update(json_object_get(lv, "desc"), sub);
        json_decref(sub);
        json_object_set_new(json_object_get(lv, "desc"), k, json_true());
    }
    json_object_update(into, json_object_get(lv, "own"));
    json_object_update(into, json_object_get(lv, "desc"));
}

enum pass { LACKING, WITH_SIBLING, SIBLING_ONLY };

/* One row (or the page) for level lv. Rows lack their own fields and carry
 * decoys; with siblings, each list is [full row, empty row] or [full row]. */
static json_t *build(const struct scan *sc, json_t *lv, int is_root, enum pass pass, int full)
{
    json_t *o = json_object(), *v;
    const char *k;
    char decoy[160];
    json_object_foreach(json_object_get(lv, "desc"), k, v) {
        if (json_object_get(json_object_get(lv, "own"), k) ||
            json_object_get(json_object_get(lv, "kids"), k) ||
            (is_root && json_object_get(sc->rootrefs, k)))
            continue;
        snprintf(decoy, sizeof decoy, "LEAK:%s", k);
        json_object_set_new(o, k, json_string(decoy));
    }
    if (is_root || full)
        json_object_foreach(json_object_get(lv, "own"), k, v) {
            snprintf(decoy, sizeof decoy, "%s:%s", is_root ? "page" : "SIB", k);
            json_object_set_new(o, k, json_string(decoy));
        }
    if (!is_root && !full && pass != LACKING) return o;   /* the empty sibling: nothing */
    json_object_foreach(json_object_get(lv, "kids"), k, v) {
        json_t *rows = json_array();
        if (pass == LACKING) {
            json_array_append_new(rows, build(sc, v, 0, pass, 0));
        } else {
            json_array_append_new(rows, build(sc, v, 0, pass, 1));
            if (pass == WITH_SIBLING) json_array_append_new(rows, build(sc, v, 0, pass, 0));
        }
        json_object_set_new(o, k, rows);
    }
    return o;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle)) n++;
    return n;
}

static char *render(const tpl_set *set, const char *name, json_t *vm)
{
    struct buf b;
    buf_init(&b, 0);
    if (tpl_render(set, name, vm, &b) != 0) fail_msg("%s: render failed", name);
    json_decref(vm);
    return buf_steal(&b);
}

struct walk {
    const tpl_set *set;
    int templates;
};

/* One template: no decoy in its output, no sibling's value in an empty row. */
static int check_template(const char *name, const char *src, size_t len, void *arg)
{
    struct walk *w = arg;
    (void)len;
    struct scan sc = {level_new(), json_object()};
    scan_src(&sc, src, sc.root, 0);
    json_t *all = json_object();
    fill_desc(sc.root, all);
    json_decref(all);

    char *out = render(w->set, name, build(&sc, sc.root, 1, LACKING, 1));
    const char *leak = strstr(out, "LEAK:");
    if (leak) fail_msg("%s shows a value from outside its row: ...%.80s", name, leak);
    free(out);

    char *with = render(w->set, name, build(&sc, sc.root, 1, WITH_SIBLING, 1));
    char *alone = render(w->set, name, build(&sc, sc.root, 1, SIBLING_ONLY, 1));
    if ((leak = strstr(with, "LEAK:")) != NULL)
        fail_msg("%s shows a value from outside its row: ...%.80s", name, leak);
    if (count(with, "SIB:") != count(alone, "SIB:"))
        fail_msg("%s: an empty row shows values of the row before it", name);
    free(with);
    free(alone);
    json_decref(sc.root);
    json_decref(sc.rootrefs);
    w->templates++;
    return 0;
}

static void no_leaks_in_any_template(void **state)
{
    (void)state;
    char err[256];
    tpl_set *set = page_templates_load(err, sizeof err);
    if (!set) fail_msg("%s", err);
    struct walk w = { set, 0 };
    assert_int_equal(page_template_each(check_template, &w), 0);
    assert_true(w.templates >= 30);
    tpl_set_free(set);
}

/* The generator is not vacuous: the old walk up the stack is caught. */
static void the_check_catches_a_walk_up(void **state)
{
    (void)state;
    tpl_set *set = tpl_set_new();
    const char *src = "{{#rows}}{{#verdict}}{{verdict_label}}{{/verdict}}{{/rows}}";
    char err[256];
    assert_int_equal(tpl_add(set, "t", src, strlen(src), err, sizeof err), 0);
    struct scan sc = {level_new(), json_object()};
    scan_src(&sc, src, sc.root, 0);
    json_t *all = json_object();
    fill_desc(sc.root, all);
    json_decref(all);
    json_t *vm = build(&sc, sc.root, 1, LACKING, 1);
    /* the page holds decoys for what only rows use, and one row without
     * fields of its own (it holds the decoy for its sub-section's name) */
    assert_string_equal(json_string_value(json_object_get(vm, "verdict")), "LEAK:verdict");
    assert_string_equal(json_string_value(json_object_get(vm, "verdict_label")),
                        "LEAK:verdict_label");
    json_t *rows = json_object_get(vm, "rows");
    assert_int_equal(json_array_size(rows), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(rows, 0),
                                                          "verdict_label")),
                        "LEAK:verdict_label");
    char *out = render(set, "t", vm);
    assert_string_equal(out, "");
    free(out);
    json_decref(sc.root);
    json_decref(sc.rootrefs);
    tpl_set_free(set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_leaks_in_any_template),
        cmocka_unit_test(the_check_catches_a_walk_up),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
