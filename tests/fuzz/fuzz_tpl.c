/* fuzz_tpl: the template compiler and renderer (render/tpl.c). Templates
 * are Balai's own files, but a compiler bug on odd input (an unclosed tag,
 * a stray "}}", deep nesting, a cut UTF-8 sequence) would crash every page
 * that shares the code path. The input is two templates, "main" and the
 * partial "p", separated by the first NUL byte; both are compiled and
 * "main" is rendered against a small view model with strings, lists,
 * objects, numbers and a safe-HTML value.
 *
 * Checks: compile errors are "name:line: message"; a render returns 0 or
 * -1 and never writes past its bounded buffer; escaping by construction:
 * a markup character (< > " ' and a bare &) reaches the output only when
 * the template text itself contains one, or from the tpl_safe_html value. Inputs with more than 8 sections and partials are
 * skipped: nested loops multiply, and a slow render of a nonsense template
 * is not a bug worth a timeout. */
#include "fuzz_util.h"
#include "render/tpl.h"

static json_t *vm;

static json_t *view_model(void)
{
    json_t *m = json_pack(
        "{s:s, s:s, s:s, s:i, s:f, s:b, s:n, s:[s,s], s:[{s:s,s:i},{s:s}], s:{s:s,s:{s:s}},"
        " s:s, s:s, s:[], s:s, s:i}",
        "name", "Budi <evil> & \"Sari\" '", "url", "/o/jelitik?x=<evil>", "bad_url",
        "javascript:alert('<evil>')", "n", 42, "r", 1.5, "yes", 1, "nil",
        "list", "a<evil>", "b",
        "rows", "title", "<evil>\xe2\x80\xa8", "k", 7, "title", "dua",
        "office", "slug", "jelitik", "addr", "street", "Jl. <evil>",
        "csrf", "tok\"en", "empty", "", "none", "u2028", "x\xe2\x80\xa9y", "zero", 0);
    json_object_set_new(m, "html", tpl_safe_html("<b>aman</b>"));
    return m;
}

static size_t count(const uint8_t *d, size_t n, const char *pat)
{
    size_t k = 0, pl = strlen(pat);
    for (size_t i = 0; i + pl <= n; i++)
        if (memcmp(d + i, pat, pl) == 0) k++;
    return k;
}

static int has(const char *d, size_t n, const char *pat)
{
    return memmem(d, n, pat, strlen(pat)) != NULL;
}

static size_t count_byte(const char *s, size_t n, char c)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) k += s[i] == c;
    return k;
}

/* escaping by construction: a markup character the template text does not
 * contain reaches the output only from the safe-HTML value ("<b>aman</b>",
 * two of each angle bracket); {{json:}} writes quotes of its own */
static void check_escaped(const uint8_t *src, size_t n, const char *o, size_t on)
{
    const char *s = (const char *)src;
    size_t safe = 0;
    for (const char *q = o; (q = memmem(q, on - (size_t)(q - o), "<b>aman</b>", 11)); q += 11) safe++;
    if (!memchr(s, '<', n)) FUZZ_CHECK(count_byte(o, on, '<') == 2 * safe);
    if (!memchr(s, '>', n)) FUZZ_CHECK(count_byte(o, on, '>') == 2 * safe);
    if (!memchr(s, '&', n)) FUZZ_CHECK(!memmem(o, on, "& ", 2));
    if (!has(s, n, "json")) {
        if (!memchr(s, '"', n)) FUZZ_CHECK(!memchr(o, '"', on));
        if (!memchr(s, '\'', n)) FUZZ_CHECK(!memchr(o, '\'', on));
    }
}

static void check_err(const char *err, const char *name)
{
    size_t nl = strlen(name);
    FUZZ_CHECK(strncmp(err, name, nl) == 0 && err[nl] == ':');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (count(data, size, "#") + count(data, size, "^") + count(data, size, ">") > 8) return 0;
    if (!vm) vm = view_model();
    const uint8_t *nul = memchr(data, '\0', size);
    size_t mlen = nul ? (size_t)(nul - data) : size;
    /* exact-size copies: the compiler must not read past len */
    char *main_src = malloc(mlen ? mlen : 1), *part = NULL;
    size_t plen = nul ? size - mlen - 1 : 0;
    if (!main_src) return 0;
    memcpy(main_src, data, mlen);
    tpl_set *s = tpl_set_new();
    if (!s) { free(main_src); return 0; }
    char err[160];
    if (tpl_add(s, "main", main_src, mlen, err, sizeof err) != 0) check_err(err, "main");
    if (nul) {
        part = malloc(plen ? plen : 1);
        if (part) {
            memcpy(part, nul + 1, plen);
            if (tpl_add(s, "p", part, plen, err, sizeof err) != 0) check_err(err, "p");
        }
    }
    free(main_src);     /* the set holds its own copy */
    if (tpl_has(s, "main")) {
        struct buf out;
        buf_init(&out, 256 * 1024);
        int rc = tpl_render(s, "main", vm, &out);
        FUZZ_CHECK(rc == 0 || rc == -1);
        FUZZ_CHECK(out.len <= out.max);
        FUZZ_CHECK(rc == -1 || !out.err);
        if (rc == 0) check_escaped(data, size, buf_cstr(&out), out.len);
        buf_free(&out);
    }
    if (part) free(part);
    tpl_set_free(s);
    return 0;
}
