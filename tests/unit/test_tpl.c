/* test_tpl: unit tests for the template engine (src/render/tpl.c).
 * The engine exists to make escaping the default, so most of these tests are
 * about what must NOT come out raw: markup in strings, look-alike safe-HTML
 * objects, dangerous URLs, and "</script>" inside JSON.  The rest pin the
 * semantics pages rely on (a section's own context only, @root, sections,
 * @index, partials) and the compile-error messages authors will see. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "render/tpl.h"

/* Compiles `src` as template "t" in a fresh set, renders it with the JSON
 * text `vm`, and returns the output (caller frees) or NULL if render failed. */
static char *render_vm(const char *src, json_t *vm)
{
    tpl_set *s = tpl_set_new();
    assert_non_null(s);
    char err[256];
    int rc = tpl_add(s, "t", src, strlen(src), err, sizeof err);
    if (rc != 0) fail_msg("compile failed: %s", err);
    struct buf b;
    buf_init(&b, 0);
    rc = tpl_render(s, "t", vm, &b);
    tpl_set_free(s);
    if (rc != 0) { buf_free(&b); return NULL; }
    return buf_steal(&b);
}

static char *render(const char *src, const char *vm_json)
{
    json_error_t je;
    json_t *vm = vm_json ? json_loads(vm_json, 0, &je) : NULL;
    if (vm_json && !vm) fail_msg("bad test JSON: %s", je.text);
    char *out = render_vm(src, vm);
    json_decref(vm);
    return out;
}

#define assert_render(src, vm, expect) do {              \
        char *out_ = render((src), (vm));                \
        assert_non_null(out_);                           \
        assert_string_equal(out_, (expect));             \
        free(out_);                                      \
    } while (0)

/* Returns the compile error for `src`, or "" if it compiled. */
static const char *compile_err(const char *src)
{
    static char err[256];
    tpl_set *s = tpl_set_new();
    assert_non_null(s);
    if (tpl_add(s, "page", src, strlen(src), err, sizeof err) == 0) err[0] = '\0';
    tpl_set_free(s);
    return err;
}

static void test_escape_html(void **state)
{
    assert_render("<p>{{x}}</p>", "{\"x\": \"<script>alert(\\\"x\\\")</script>\"}",
                  "<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>");
    assert_render("<a title='{{x}}'>", "{\"x\": \"it's & `that`\"}",
                  "<a title='it&#39;s &amp; &#96;that&#96;'>");
    assert_render("{{x}}", "{\"x\": \"plain text, ümlaut\"}", "plain text, ümlaut");

    struct buf b;
    buf_init(&b, 0);
    tpl_escape_html(&b, "a<b>\"c\"'d'&e", 13);
    assert_string_equal(buf_cstr(&b), "a&lt;b&gt;&quot;c&quot;&#39;d&#39;&amp;e");
    buf_reset(&b);
    tpl_escape_html(&b, "x<\0y", 4);   /* length-bounded, NUL passes through */
    assert_int_equal(b.len, 7);
    assert_memory_equal(b.p, "x&lt;\0y", 7);
    buf_free(&b);
}

static void test_scalars(void **state)
{
    assert_render("[{{i}}|{{n}}|{{r}}|{{z}}]", "{\"i\": 42, \"n\": -7, \"r\": 1.5, \"z\": 0}",
                  "[42|-7|1.5|0]");
    /* booleans, null, containers and missing names print nothing */
    assert_render("[{{t}}{{f}}{{nul}}{{a}}{{o}}{{missing}}]",
                  "{\"t\": true, \"f\": false, \"nul\": null, \"a\": [1], \"o\": {\"k\": 1}}",
                  "[]");
    assert_render("static only", NULL, "static only");
    assert_render("{{x}}", NULL, "");
    assert_render("", "{}", "");
}

static void test_dotted_lookup(void **state)
{
    const char *vm = "{\"a\": {\"b\": {\"c\": \"deep\"}}, \"photos\": [{\"url\": \"/p/1\"}],"
                     " \"s\": {\"a\": {}}, \"x\": \"X\"}";
    assert_render("{{a.b.c}}", vm, "deep");
    assert_render("{{photos.0.url}}|{{photos.1.url}}|{{photos.x}}", vm, "/p/1||");
    assert_render("{{a.nope.c}}{{x.y}}", vm, "");
    /* The first segment resolves in the section's own value only, and a
     * failed descent does not fall back to outer contexts either. */
    assert_render("{{#s}}[{{a.b.c}}]{{x}}{{/s}}", vm, "[]");
    assert_render("{{#a}}{{b.c}}{{/a}}", vm, "deep");
    assert_render("{{#s}}[{{@root.a.b.c}}]{{@root.x}}{{/s}}", vm, "[deep]X");
}

static void test_context_stack(void **state)
{
    const char *vm = "{\"name\": \"outer\", \"other\": \"o\","
                     " \"inner\": {\"name\": \"inner\", \"deeper\": {\"x\": 1}}}";
    /* no walk up the stack: a name the section's value lacks is missing */
    assert_render("{{name}}/{{#inner}}{{name}},{{other}}{{#deeper}}:{{name}}{{x}}{{/deeper}}"
                  "{{/inner}}/{{name}}", vm, "outer/inner,:1/outer");
    /* the page's values are reached explicitly, from any depth */
    assert_render("{{#inner}}{{@root.other}}{{#deeper}}{{@root.name}}{{@root.inner.name}}"
                  "{{#@root.other}}+{{/@root.other}}{{/deeper}}{{/inner}}", vm, "oouterinner+");
    /* {{.}} is the innermost context value */
    assert_render("{{#xs}}<{{.}}>{{/xs}}", "{\"xs\": [\"a\", 2, \"<\"]}", "<a><2><&lt;>");
}

/* The bug this semantics exists for: items 5 and 6 of a checklist had no
 * verdict, and {{#verdict}} found the page's (or another row's) value up the
 * stack and showed "Kurang" on them.  A row that lacks a key renders it as
 * missing, whatever the page, an enclosing row or the rows beside it hold. */
static void test_rows_lacking_fields(void **state)
{
    const char *vm = "{\"verdict\": \"kurang\", \"verdict_by\": \"verifikasi.jelitik\","
                     " \"note\": \"PAGE\", \"groups\": [{\"note\": \"GROUP\", \"items\": ["
                     "{\"item\": \"KTP\", \"verdict\": \"ok\", \"verdict_by\": \"v1\"},"
                     "{\"item\": \"KK\"}, {\"item\": \"Foto\", \"verdict\": \"\"}]}]}";
    assert_render("{{#groups}}{{#items}}{{item}}:{{#verdict}}{{verdict}} {{verdict_by}}{{/verdict}}"
                  "{{^verdict}}belum diperiksa{{/verdict}}[{{note}}];{{/items}}{{/groups}}", vm,
                  "KTP:ok v1[];KK:belum diperiksa[];Foto:belum diperiksa[];");
    /* {{#list.0}} pushes the first row: the rest of the list is not in it */
    assert_render("{{#groups.0}}{{note}}|{{items}}|{{#@root.groups}}{{note}}{{/@root.groups}}"
                  "{{/groups.0}}", vm, "GROUP||GROUP");
    /* an element that is not an object has no names at all */
    assert_render("{{#xs}}[{{verdict}}{{.}}]{{/xs}}", "{\"verdict\": \"kurang\", \"xs\": [\"a\", 1]}",
                  "[a][1]");
    /* a partial sees the context it is included in, and @root */
    tpl_set *s = tpl_set_new();
    char err[256];
    const char *page = "{{#rows}}{{>row}}{{/rows}}", *row = "<{{name}}{{@root.name}}>";
    assert_int_equal(tpl_add(s, "page", page, strlen(page), err, sizeof err), 0);
    assert_int_equal(tpl_add(s, "row", row, strlen(row), err, sizeof err), 0);
    json_t *j = json_loads("{\"name\": \"P\", \"rows\": [{\"name\": \"a\"}, {}]}", 0, NULL);
    struct buf b;
    buf_init(&b, 0);
    assert_int_equal(tpl_render(s, "page", j, &b), 0);
    assert_string_equal(buf_cstr(&b), "<aP><P>");
    buf_free(&b);
    json_decref(j);
    tpl_set_free(s);
}

static void test_sections(void **state)
{
    assert_render("{{#people}}{{name}};{{/people}}",
                  "{\"people\": [{\"name\": \"Ani\"}, {\"name\": \"Budi\"}]}", "Ani;Budi;");
    assert_render("{{#o}}{{k}}{{/o}}", "{\"o\": {\"k\": \"v\"}}", "v");
    assert_render("{{#o}}yes{{/o}}", "{\"o\": {}}", "yes");   /* objects are truthy */
    /* truthy scalars render once without pushing: {{.}} is still the outer context */
    assert_render("{{#t}}T{{/t}}{{#s}}S{{k}}{{/s}}{{#n}}N{{/n}}{{#r}}R{{/r}}",
                  "{\"t\": true, \"s\": \"str\", \"n\": 3, \"r\": 0.5, \"k\": \"K\"}", "TSKNR");
    assert_render("[{{#f}}F{{/f}}{{#nul}}N{{/nul}}{{#missing}}M{{/missing}}{{#e}}E{{/e}}"
                  "{{#es}}S{{/es}}{{#z}}Z{{/z}}{{#zr}}R{{/zr}}]",
                  "{\"f\": false, \"nul\": null, \"e\": [], \"es\": \"\", \"z\": 0, \"zr\": 0.0}",
                  "[]");
    assert_render("{{#a}}{{#b}}{{.}}{{/b}}|{{/a}}", "{\"a\": [{\"b\": [1, 2]}, {\"b\": []}]}",
                  "12||");
}

static void test_inverted(void **state)
{
    const char *vm = "{\"f\": false, \"t\": true, \"e\": [], \"xs\": [1], \"es\": \"\","
                     " \"z\": 0, \"nul\": null}";
    assert_render("{{^f}}f{{/f}}{{^t}}t{{/t}}{{^e}}e{{/e}}{{^xs}}xs{{/xs}}{{^es}}es{{/es}}"
                  "{{^z}}z{{/z}}{{^nul}}nul{{/nul}}{{^missing}}m{{/missing}}",
                  vm, "feesznulm");
    assert_render("{{#xs}}has{{/xs}}{{^xs}}none{{/xs}}", "{\"xs\": []}", "none");
}

static void test_iteration_meta(void **state)
{
    const char *vm_text = "{\"xs\": [\"a\", \"b\", \"c\"]}";
    json_t *vm = json_loads(vm_text, 0, NULL);
    assert_non_null(vm);
    char *out = render_vm("{{#xs}}{{@index}}:{{.}}{{^@last}},{{/@last}}{{/xs}}", vm);
    assert_non_null(out);
    assert_string_equal(out, "0:a,1:b,2:c");
    free(out);
    out = render_vm("{{#xs}}{{#@first}}[{{/@first}}{{.}}{{#@last}}]{{/@last}}{{/xs}}", vm);
    assert_non_null(out);
    assert_string_equal(out, "[abc]");
    free(out);
    /* the view model is not modified by iteration */
    char *after = json_dumps(vm, JSON_COMPACT);
    assert_string_equal(after, "{\"xs\":[\"a\",\"b\",\"c\"]}");
    free(after);
    json_decref(vm);

    /* nested iteration: innermost wins; an object section keeps the outer index */
    assert_render("{{#rows}}{{#cells}}{{@index}}{{/cells}}/{{#meta}}{{@index}}{{/meta}};{{/rows}}",
                  "{\"rows\": [{\"cells\": [1, 1], \"meta\": {}}, {\"cells\": [1], \"meta\": {}}]}",
                  "01/0;0/1;");
    /* outside any iteration the names are empty and falsy */
    assert_render("[{{@index}}{{#@first}}F{{/@first}}{{^@last}}L{{/@last}}]", "{}", "[L]");
    /* a key literally called "@index" in the data cannot shadow the frame */
    assert_render("{{#xs}}{{@index}}{{/xs}}", "{\"xs\": [{\"@index\": 9}]}", "0");
}

static void test_partials(void **state)
{
    tpl_set *s = tpl_set_new();
    char err[256];
    const char *page = "<ul>{{#items}}{{>item}}{{/items}}</ul>";
    const char *item = "<li>{{@index}}={{name}} of {{@root.title}}{{title}}</li>";
    /* the including template is added before the partial it names */
    assert_int_equal(tpl_add(s, "page", page, strlen(page), err, sizeof err), 0);
    assert_int_equal(tpl_has(s, "page"), 1);
    assert_int_equal(tpl_has(s, "item"), 0);

    json_t *vm = json_loads("{\"title\": \"T\", \"items\": [{\"name\": \"a\"}, {\"name\": \"<b>\"}]}",
                            0, NULL);
    struct buf b;
    buf_init(&b, 0);
    assert_int_equal(tpl_render(s, "page", vm, &b), -1);   /* partial not there yet */
    buf_free(&b);

    assert_int_equal(tpl_add(s, "item", item, strlen(item), err, sizeof err), 0);
    buf_init(&b, 0);
    assert_int_equal(tpl_render(s, "page", vm, &b), 0);
    assert_string_equal(buf_cstr(&b), "<ul><li>0=a of T</li><li>1=&lt;b&gt; of T</li></ul>");

    /* replacing a template relinks partials that point at it */
    const char *item2 = "({{name}})";
    assert_int_equal(tpl_add(s, "item", item2, strlen(item2), err, sizeof err), 0);
    buf_reset(&b);
    assert_int_equal(tpl_render(s, "page", vm, &b), 0);
    assert_string_equal(buf_cstr(&b), "<ul>(a)(&lt;b&gt;)</ul>");

    /* rendering appends; repeated renders give the same text */
    assert_int_equal(tpl_render(s, "item", vm, &b), 0);
    assert_string_equal(buf_cstr(&b), "<ul>(a)(&lt;b&gt;)</ul>()");

    buf_reset(&b);
    assert_int_equal(tpl_render(s, "nope", vm, &b), -1);
    assert_int_equal(tpl_has(s, "nope"), 0);
    buf_free(&b);
    json_decref(vm);
    tpl_set_free(s);
}

static void test_partial_recursion(void **state)
{
    /* unconditional self-inclusion stops at the depth limit */
    assert_null(render("x{{>t}}", "{}"));

    /* data-driven recursion works up to TPL_MAX_DEPTH nested inclusions */
    const char *tree = "{{#c}}<{{>t}}>{{/c}}";
    for (int depth = TPL_MAX_DEPTH; depth <= TPL_MAX_DEPTH + 1; depth++) {
        json_t *leaf = json_pack("{s:b}", "c", 0);
        for (int i = 0; i < depth; i++) leaf = json_pack("{s:o}", "c", leaf);
        char *out = render_vm(tree, leaf);
        if (depth == TPL_MAX_DEPTH) {
            assert_non_null(out);
            assert_int_equal(strlen(out), (size_t)(2 * depth));
            assert_int_equal(out[depth - 1], '<');
            assert_int_equal(out[depth], '>');
            free(out);
        } else {
            assert_null(out);
        }
        json_decref(leaf);
    }
    /* {"c": {}}: the inner {} has no "c" of its own, and the outer "c" is
     * not reached from inside it, so the recursion stops there */
    assert_render(tree, "{\"c\": {}}", "<>");
}

static void test_safe_html(void **state)
{
    json_t *vm = json_object();
    json_object_set_new(vm, "raw", tpl_safe_html("<b>bold</b>"));
    json_object_set_new(vm, "str", json_string("<b>bold</b>"));
    char *out = render_vm("{{raw}}|{{str}}|{{#raw}}{{$html}}{{/raw}}", vm);
    assert_non_null(out);
    /* inside the section {{$html}} is a plain string lookup: escaped */
    assert_string_equal(out, "<b>bold</b>|&lt;b&gt;bold&lt;/b&gt;|&lt;b&gt;bold&lt;/b&gt;");
    free(out);
    json_decref(vm);

    /* only exactly {"$html": "<string>"} bypasses escaping */
    assert_render("[{{a}}][{{b}}][{{c}}][{{d}}]",
                  "{\"a\": {\"$html\": \"<i>\", \"x\": 1}, \"b\": {\"$html\": 5},"
                  " \"c\": {\"html\": \"<i>\"}, \"d\": [{\"$html\": \"<i>\"}]}",
                  "[][][][]");
    assert_null(tpl_safe_html(NULL));
    assert_null(tpl_safe_html("\xff\xfe not utf-8"));

    /* url: and json: do not treat safe HTML as anything special */
    vm = json_object();
    json_object_set_new(vm, "h", tpl_safe_html("<i>"));
    out = render_vm("{{url:h}} {{json:h}}", vm);
    assert_non_null(out);
    assert_string_equal(out, "# {\"$html\":\"\\u003ci\\u003e\"}");
    free(out);
    json_decref(vm);
}

static void test_url_filter(void **state)
{
    static const struct { const char *in, *out; } cases[] = {
        { "/o/jelitik", "/o/jelitik" },
        { "/", "/" },
        { "https://wa.me/628123", "https://wa.me/628123" },
        { "http://example.org/a?b=1&c=2", "http://example.org/a?b=1&amp;c=2" },
        { "HTTPS://EXAMPLE.ORG", "HTTPS://EXAMPLE.ORG" },
        { "mailto:rt@example.org", "mailto:rt@example.org" },
        { "tel:+628123", "tel:+628123" },
        { "#top", "#top" },
        { "?page=2", "?page=2" },
        { "/q?x=\"><script>", "/q?x=&quot;&gt;&lt;script&gt;" },
        { "javascript:alert(1)", "#" },
        { "JavaScript:alert(1)", "#" },
        { " javascript:alert(1)", "#" },
        { "data:text/html,<b>", "#" },
        { "vbscript:x", "#" },
        { "//evil.com", "#" },
        { "/\\evil.com", "#" },
        { "/\t/evil.com", "#" },
        { "https://ok\n.com", "#" },
        { "evil.com", "#" },
        { "", "#" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *vm = json_pack("{s:s}", "u", cases[i].in);
        char *out = render_vm("<a href=\"{{url:u}}\">", vm);
        assert_non_null(out);
        char expect[256];
        snprintf(expect, sizeof expect, "<a href=\"%s\">", cases[i].out);
        if (strcmp(out, expect) != 0) fail_msg("url %s: got %s", cases[i].in, out);
        free(out);
        json_decref(vm);
    }
    assert_render("{{url:missing}}|{{url:n}}|{{url:o}}", "{\"n\": 5, \"o\": {}}", "#|#|#");
}

static void test_json_filter(void **state)
{
    assert_render("<script>var d = {{json:d}};</script>",
                  "{\"d\": {\"s\": \"</script><script>alert(1)</script>\", \"a\": \"x&y\"}}",
                  "<script>var d = {\"s\":\"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)"
                  "\\u003c/script\\u003e\",\"a\":\"x\\u0026y\"};</script>");
    /* U+2028 / U+2029 become escapes; other non-ASCII passes through */
    assert_render("{{json:s}}", "{\"s\": \"a\\u2028b\\u2029c\\u00e9\\u20ac\"}",
                  "\"a\\u2028b\\u2029c\xc3\xa9\xe2\x82\xac\"");
    assert_render("{{json:n}} {{json:t}} {{json:missing}} {{json:a}}",
                  "{\"n\": 3, \"t\": true, \"a\": [1, \"<\"]}", "3 true null [1,\"\\u003c\"]");
    assert_render("{{#xs}}{{json:@index}}{{json:@last}}{{/xs}}", "{\"xs\": [0, 0]}",
                  "0false1true");

    /* the output parses back to the original value */
    char *out = render("{{json:d}}", "{\"d\": {\"k\": \"<>&\\u2028'\\\"\"}}");
    assert_non_null(out);
    json_t *back = json_loads(out, 0, NULL);
    assert_non_null(back);
    assert_string_equal(json_string_value(json_object_get(back, "k")), "<>&\xe2\x80\xa8'\"");
    json_decref(back);
    free(out);
}

static void test_whitespace_and_comments(void **state)
{
    assert_render("{{ name }}|{{# xs }}{{ . }}{{/ xs }}|{{ url: u }}|{{ json:n }}|{{\n! note\n}}.",
                  "{\"name\": \"N\", \"xs\": [1, 2], \"u\": \"/x\", \"n\": 1}", "N|12|/x|1|.");
    /* a comment ends at the first "}}" */
    assert_render("a{{! {x} and {{x are not tags }}b", "{\"x\": 1}", "ab");
    assert_render("a{{! {{x}} ends early }}b", "{\"x\": 1}", "a ends early }}b");
    /* text around tags, including newlines, is kept exactly */
    assert_render("<ul>\n  {{#xs}}<li>{{.}}</li>\n  {{/xs}}\n</ul>\n", "{\"xs\": [1]}",
                  "<ul>\n  <li>1</li>\n  \n</ul>\n");
    /* a single brace is just text */
    assert_render("{ a } {x} }}", "{}", "{ a } {x} }}");
}

static void test_compile_errors(void **state)
{
    assert_string_equal(compile_err("ok {{x}}\n"), "");
    assert_string_equal(compile_err("a\nb {{#x}}\nc\n{{/y}}"),
                        "page:4: {{/y}} does not close {{#x}} from line 2");
    assert_string_equal(compile_err("one\ntwo {{x\nthree"), "page:2: unterminated tag");
    assert_string_equal(compile_err("\n\n{{^list}}\n{{#a}}{{/a}}"),
                        "page:3: unclosed section {{^list}}");
    assert_string_equal(compile_err("x\n{{/x}}"),
                        "page:2: unexpected {{/x}} with no open section");
    assert_string_equal(compile_err("{{{x}}}"),
                        "page:1: raw output tags are not supported (use tpl_safe_html)");
    assert_string_equal(compile_err("{{&x}}"),
                        "page:1: raw output tags are not supported (use tpl_safe_html)");
    assert_string_equal(compile_err("{{ }}"), "page:1: empty tag");
    assert_string_equal(compile_err("{{#}}{{/}}"), "page:1: missing name");
    assert_string_equal(compile_err("{{a b}}"), "page:1: invalid character ' ' in name 'a b'");
    assert_string_equal(compile_err("{{a..b}}"), "page:1: empty segment in name 'a..b'");
    assert_string_equal(compile_err("{{.a}}"), "page:1: empty segment in name '.a'");
    assert_string_equal(compile_err("{{@idx}}"),
                        "page:1: unknown name '@idx' (only @index, @first, @last, @root.name)");
    assert_string_equal(compile_err("{{@root}}"),
                        "page:1: unknown name '@root' (only @index, @first, @last, @root.name)");
    assert_string_equal(compile_err("{{@root.}}"),
                        "page:1: unknown name '@root.' (only @index, @first, @last, @root.name)");
    assert_string_equal(compile_err("{{@root.a..b}}"), "page:1: empty segment in name '@root.a..b'");
    assert_string_equal(compile_err("{{#@root.a}}x{{/a}}"),
                        "page:1: {{/a}} does not close {{#@root.a}} from line 1");
    assert_string_equal(compile_err("{{url:a:b}}"), "page:1: invalid character ':' in name 'a:b'");
    assert_string_equal(compile_err("{{#url:a}}{{/url:a}}"),
                        "page:1: invalid character ':' in name 'url:a'");
    assert_string_equal(compile_err("{{=<% %>=}}"), "page:1: delimiter changes are not supported");
    assert_string_equal(compile_err("{{> }}"), "page:1: missing partial name");
    /* multi-line tags count their newlines for later lines */
    assert_string_equal(compile_err("{{!\n\n}}\n{{/z}}"),
                        "page:4: unexpected {{/z}} with no open section");

    /* deep nesting is refused at compile time */
    char src[TPL_MAX_NEST * 16 + 64];
    struct buf b;
    buf_init(&b, 0);
    for (int i = 0; i <= TPL_MAX_NEST; i++) buf_puts(&b, "{{#a}}");
    assert_true(b.len < sizeof src);
    memcpy(src, b.p, b.len + 1);
    buf_free(&b);
    assert_non_null(strstr(compile_err(src), "nested deeper than"));

    /* a failed add leaves the set usable and err may be NULL; the source
     * need not be NUL-terminated */
    tpl_set *s = tpl_set_new();
    assert_int_equal(tpl_add(s, "bad", "{{#x}}", 6, NULL, 0), -1);
    assert_int_equal(tpl_has(s, "bad"), 0);
    char err[8];
    assert_int_equal(tpl_add(s, "bad", "{{#x}}", 6, err, sizeof err), -1);
    assert_string_equal(err, "bad:1: ");   /* truncated, still terminated */
    assert_int_equal(tpl_add(s, "good", "{{x}}garbage", 5, err, sizeof err), 0);
    json_t *vm = json_pack("{s:s}", "x", "X");
    buf_init(&b, 0);
    assert_int_equal(tpl_render(s, "good", vm, &b), 0);
    assert_string_equal(buf_cstr(&b), "X");
    buf_free(&b);
    json_decref(vm);
    tpl_set_free(s);
}

static void test_buffer_max(void **state)
{
    tpl_set *s = tpl_set_new();
    const char *a = "<p>{{x}}</p>", *loop = "{{#xs}}{{.}}{{/xs}}", *js = "{{json:xs}}";
    assert_int_equal(tpl_add(s, "a", a, strlen(a), NULL, 0), 0);
    assert_int_equal(tpl_add(s, "loop", loop, strlen(loop), NULL, 0), 0);
    assert_int_equal(tpl_add(s, "js", js, strlen(js), NULL, 0), 0);
    json_t *vm = json_pack("{s:s, s:[s,s,s,s,s,s]}", "x", "<<<<<<<<<<",
                           "xs", "aaaa", "bbbb", "cccc", "dddd", "eeee", "ffff");
    struct buf b;

    buf_init(&b, 16);
    assert_int_equal(tpl_render(s, "a", vm, &b), -1);
    assert_true(b.err);
    assert_true(b.len <= 16);
    /* an errored buffer is refused up front */
    assert_int_equal(tpl_render(s, "a", vm, &b), -1);
    buf_free(&b);

    buf_init(&b, 16);
    assert_int_equal(tpl_render(s, "loop", vm, &b), -1);
    assert_true(b.len <= 16);
    buf_free(&b);

    buf_init(&b, 16);
    assert_int_equal(tpl_render(s, "js", vm, &b), -1);
    buf_free(&b);

    /* exactly at the limit is fine */
    buf_init(&b, 24);
    assert_int_equal(tpl_render(s, "loop", vm, &b), 0);
    assert_string_equal(buf_cstr(&b), "aaaabbbbccccddddeeeeffff");
    buf_free(&b);

    json_decref(vm);
    tpl_set_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape_html),
        cmocka_unit_test(test_scalars),
        cmocka_unit_test(test_dotted_lookup),
        cmocka_unit_test(test_context_stack),
        cmocka_unit_test(test_rows_lacking_fields),
        cmocka_unit_test(test_sections),
        cmocka_unit_test(test_inverted),
        cmocka_unit_test(test_iteration_meta),
        cmocka_unit_test(test_partials),
        cmocka_unit_test(test_partial_recursion),
        cmocka_unit_test(test_safe_html),
        cmocka_unit_test(test_url_filter),
        cmocka_unit_test(test_json_filter),
        cmocka_unit_test(test_whitespace_and_comments),
        cmocka_unit_test(test_compile_errors),
        cmocka_unit_test(test_buffer_max),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
