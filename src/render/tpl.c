/* tpl: compile-once Mustache-like templates with escaping by construction;
 * see tpl.h for the syntax and the reasons it is hand-written.
 *
 * A template owns one copy of its source and one flat array of nodes.  Text
 * nodes point into the source copy; names point into the bytes of their own
 * tags, which the compiler NUL-terminates (and splits at '.') in place once
 * the whole template has parsed, since no text node covers tag bytes.  A
 * section node is followed by its children and records `end`, the index one
 * past its last child, so rendering is a loop over index ranges and never
 * allocates.  Context is a linked list of frames on the C stack; array
 * iteration keeps @index/@first/@last in the frame instead of touching the
 * view model.
 *
 * A name is looked up in the innermost frame only, never in the frames
 * around it: a row of a list that lacks a key renders nothing for it, not
 * the value an enclosing row or the page happens to have under that name
 * (Mustache's walk up the context stack once showed one item's verdict on
 * an unjudged one).  Page-level values inside a section are reached with
 * the explicit "@root." prefix: {{@root.csrf}}, {{url:@root.office.slug}}.
 * With BALAI_TPL_CHECK=1 in the environment, every lookup that misses in
 * its frame while an enclosing frame has the name is logged, to find a
 * template that forgot "@root.". */
#include "render/tpl.h"
#include "util/log.h"
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum ntype { N_TEXT, N_VAR, N_SECTION, N_INVERTED, N_PARTIAL, N_URL, N_JSON };
enum special { SP_NONE, SP_DOT, SP_INDEX, SP_FIRST, SP_LAST };

struct tpl;

struct node {
    unsigned char type;         /* enum ntype */
    unsigned char special;      /* enum special, for name-bearing nodes */
    unsigned char root;         /* "@root.a.b": first segment is "@root" */
    unsigned short nseg;        /* dotted-name segments */
    unsigned line;              /* source line, for diagnostics */
    size_t end;                 /* sections: index one past the last child */
    const char *str;            /* text bytes, or the name */
    size_t len;
    const struct tpl *target;   /* partials: linked after every tpl_add */
};

struct tpl {
    char *name;
    uint32_t hash;
    char *src;                  /* NUL-terminated copy, names cut in place */
    size_t srclen;
    struct node *nodes;
    size_t n, cap;
};

static int check_outer = -1;   /* BALAI_TPL_CHECK, read by tpl_set_new */

struct tpl_set {
    struct tpl **v;
    size_t n, cap;
};

static uint32_t hash_name(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static const struct tpl *find(const tpl_set *s, const char *name)
{
    uint32_t h = hash_name(name);
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i]->hash == h && strcmp(s->v[i]->name, name) == 0) return s->v[i];
    return NULL;
}

static void tpl_free(struct tpl *t)
{
    if (!t) return;
    free(t->name);
    free(t->src);
    free(t->nodes);
    free(t);
}

/* ---- compiler ----------------------------------------------------------- */

struct cc {
    struct tpl *t;
    char *err;
    size_t errlen;
    struct { size_t node; unsigned line; } stack[TPL_MAX_NEST];    /* open sections */
    int sp;
};

__attribute__((format(printf, 3, 4)))
static int fail(struct cc *c, unsigned line, const char *fmt, ...)
{
    if (c->err && c->errlen) {
        int k = snprintf(c->err, c->errlen, "%s:%u: ", c->t->name, line);
        if (k >= 0 && (size_t)k < c->errlen) {
            va_list ap;
            va_start(ap, fmt);
            vsnprintf(c->err + k, c->errlen - (size_t)k, fmt, ap);
            va_end(ap);
        }
    }
    return -1;
}

static struct node *add_node(struct cc *c, enum ntype type, unsigned line)
{
    struct tpl *t = c->t;
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 32;
        struct node *p = realloc(t->nodes, cap * sizeof *p);
        if (!p) return NULL;
        t->nodes = p;
        t->cap = cap;
    }
    struct node *n = &t->nodes[t->n++];
    memset(n, 0, sizeof *n);
    n->type = (unsigned char)type;
    n->line = line;
    return n;
}

static unsigned count_nl(const char *p, const char *e)
{
    unsigned k = 0;
    while ((p = memchr(p, '\n', (size_t)(e - p))) != NULL) { k++; p++; }
    return k;
}

static int is_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

static void trim(const char **b, const char **e)
{
    while (*b < *e && is_space(**b)) (*b)++;
    while (*e > *b && is_space((*e)[-1])) (*e)--;
}

static int name_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
           (ch >= '0' && ch <= '9') || ch == '_' || ch == '-' || ch == '$';
}

/* Validates a value name in [b,e) and stores it in `n` (not yet
 * NUL-terminated; see finish()). */
static int set_name(struct cc *c, struct node *n, const char *b, const char *e)
{
    size_t len = (size_t)(e - b);
    n->str = b;
    n->len = len;
    if (len == 0) return fail(c, n->line, "missing name");
    if (len == 1 && *b == '.') { n->special = SP_DOT; return 0; }
    if (len > 6 && memcmp(b, "@root.", 6) == 0) {
        n->root = 1;
        b += 6;           /* validate the rest like a plain name */
    } else if (*b == '@') {
        if (len == 6 && memcmp(b, "@index", 6) == 0) n->special = SP_INDEX;
        else if (len == 6 && memcmp(b, "@first", 6) == 0) n->special = SP_FIRST;
        else if (len == 5 && memcmp(b, "@last", 5) == 0) n->special = SP_LAST;
        else return fail(c, n->line, "unknown name '%.*s' (only @index, @first, @last, "
                         "@root.name)", (int)len, b);
        return 0;
    }
    unsigned nseg = 1u + n->root;
    for (const char *p = b; p < e; p++) {
        if (*p == '.') {
            if (p == b || p + 1 == e || p[1] == '.')
                return fail(c, n->line, "empty segment in name '%.*s'", (int)len, n->str);
            nseg++;
        } else if (!name_char(*p)) {
            return fail(c, n->line, "invalid character '%c' in name '%.*s'", *p, (int)len,
                        n->str);
        }
    }
    if (nseg > 255) return fail(c, n->line, "name has too many segments");
    n->nseg = (unsigned short)nseg;
    return 0;
}

static int set_partial_name(struct cc *c, struct node *n, const char *b, const char *e)
{
    n->str = b;
    n->len = (size_t)(e - b);
    if (b == e) return fail(c, n->line, "missing partial name");
    for (const char *p = b; p < e; p++)
        if (!name_char(*p) && *p != '/' && *p != '.')
            return fail(c, n->line, "invalid character '%c' in partial name '%.*s'",
                        *p, (int)(e - b), b);
    return 0;
}

/* Called after a successful parse: NUL-terminate every name in place (the
 * byte after a name is tag whitespace or the first '}' of "}}") and split
 * dotted names into NUL-separated segments. */
static void finish(struct tpl *t)
{
    for (size_t i = 0; i < t->n; i++) {
        struct node *n = &t->nodes[i];
        if (n->type == N_TEXT) continue;
        char *s = (char *)n->str;   /* points into t->src, which we own */
        s[n->len] = '\0';
        if (n->type != N_PARTIAL && n->special == SP_NONE)
            for (size_t k = 0; k < n->len; k++)
                if (s[k] == '.') s[k] = '\0';
    }
}

/* {{#name}} or {{^name}}: a section opens (b..e is the name). */
static int open_section(struct cc *c, char sigil, const char *b, const char *e, unsigned line)
{
    if (c->sp == TPL_MAX_NEST) return fail(c, line, "sections nested deeper than %d", TPL_MAX_NEST);
    struct node *n = add_node(c, sigil == '#' ? N_SECTION : N_INVERTED, line);
    if (!n) return fail(c, line, "out of memory");
    if (set_name(c, n, b, e) < 0) return -1;
    c->stack[c->sp].node = c->t->n - 1;
    c->stack[c->sp].line = line;
    c->sp++;
    return 0;
}

/* {{/name}}: closes the innermost open section, which must have that name. */
static int close_section(struct cc *c, const char *b, const char *e, unsigned line)
{
    if (c->sp == 0)
        return fail(c, line, "unexpected {{/%.*s}} with no open section", (int)(e - b), b);
    struct node *open_n = &c->t->nodes[c->stack[c->sp - 1].node];
    if (open_n->len != (size_t)(e - b) || memcmp(open_n->str, b, open_n->len) != 0)
        return fail(c, line, "{{/%.*s}} does not close {{%c%.*s}} from line %u",
                    (int)(e - b), b, open_n->type == N_SECTION ? '#' : '^',
                    (int)open_n->len, open_n->str, c->stack[c->sp - 1].line);
    open_n->end = c->t->n;
    c->sp--;
    return 0;
}

/* A tag's trimmed inside b..e, by its sigil: comment, section, partial or
 * value ({{name}}, {{url:name}}, {{json:name}}). */
static int compile_tag(struct cc *c, const char *b, const char *e, unsigned line)
{
    char sigil = *b;
    if (sigil == '!') return 0;
    if (sigil == '=') return fail(c, line, "delimiter changes are not supported");
    if (sigil == '#' || sigil == '^' || sigil == '/' || sigil == '>') {
        b++;
        trim(&b, &e);
    }
    if (sigil == '#' || sigil == '^') return open_section(c, sigil, b, e, line);
    if (sigil == '/') return close_section(c, b, e, line);
    if (sigil == '>') {
        struct node *n = add_node(c, N_PARTIAL, line);
        if (!n) return fail(c, line, "out of memory");
        return set_partial_name(c, n, b, e) < 0 ? -1 : 0;
    }
    enum ntype type = N_VAR;
    if (e - b >= 4 && memcmp(b, "url:", 4) == 0) { type = N_URL; b += 4; }
    else if (e - b >= 5 && memcmp(b, "json:", 5) == 0) { type = N_JSON; b += 5; }
    trim(&b, &e);
    struct node *n = add_node(c, type, line);
    if (!n) return fail(c, line, "out of memory");
    return set_name(c, n, b, e) < 0 ? -1 : 0;
}

static int compile(struct cc *c)
{
    struct tpl *t = c->t;
    const char *p = t->src, *end = t->src + t->srclen;
    unsigned line = 1;

    while (p < end) {
        const char *open = memmem(p, (size_t)(end - p), "{{", 2);
        const char *text_end = open ? open : end;
        if (text_end > p) {
            struct node *n = add_node(c, N_TEXT, line);
            if (!n) return fail(c, line, "out of memory");
            n->str = p;
            n->len = (size_t)(text_end - p);
            line += count_nl(p, text_end);
        }
        if (!open) break;

        unsigned tag_line = line;
        const char *b = open + 2;
        const char *close = memmem(b, (size_t)(end - b), "}}", 2);
        if (!close) return fail(c, tag_line, "unterminated tag");
        const char *e = close;
        line += count_nl(b, e);
        p = close + 2;

        if (b < e && (*b == '{' || *b == '&'))
            return fail(c, tag_line, "raw output tags are not supported (use tpl_safe_html)");
        trim(&b, &e);
        if (b == e) return fail(c, tag_line, "empty tag");
        if (compile_tag(c, b, e, tag_line) < 0) return -1;
    }
    if (c->sp > 0) {
        const struct node *n = &t->nodes[c->stack[c->sp - 1].node];
        return fail(c, c->stack[c->sp - 1].line, "unclosed section {{%c%.*s}}",
                    n->type == N_SECTION ? '#' : '^', (int)n->len, n->str);
    }
    finish(t);
    return 0;
}

/* Points every partial node of every template at its target (NULL when not
 * (yet) added); run after each add/replace so render never looks names up. */
static void link_all(tpl_set *s)
{
    for (size_t i = 0; i < s->n; i++) {
        struct tpl *t = s->v[i];
        for (size_t k = 0; k < t->n; k++)
            if (t->nodes[k].type == N_PARTIAL)
                t->nodes[k].target = find(s, t->nodes[k].str);
    }
}

tpl_set *tpl_set_new(void)
{
    if (check_outer < 0) {
        const char *c = getenv("BALAI_TPL_CHECK");
        check_outer = c && *c && strcmp(c, "0") != 0;
    }
    return calloc(1, sizeof(tpl_set));
}

int tpl_add(tpl_set *s, const char *name, const char *src, size_t len,
            char *err, size_t errlen)
{
    if (err && errlen) err[0] = '\0';
    if (!s || !name || (!src && len)) {
        if (err && errlen) snprintf(err, errlen, "%s:0: invalid arguments", name ? name : "?");
        return -1;
    }
    struct tpl *t = calloc(1, sizeof *t);
    if (t) {
        t->name = strdup(name);
        t->src = malloc(len + 1);
    }
    if (!t || !t->name || !t->src) {
        if (err && errlen) snprintf(err, errlen, "%s:0: out of memory", name);
        tpl_free(t);
        return -1;
    }
    if (len) memcpy(t->src, src, len);
    t->src[len] = '\0';
    t->srclen = len;
    t->hash = hash_name(name);

    struct cc c = { .t = t, .err = err, .errlen = errlen };
    if (compile(&c) < 0) { tpl_free(t); return -1; }

    for (size_t i = 0; i < s->n; i++) {
        if (s->v[i]->hash == t->hash && strcmp(s->v[i]->name, name) == 0) {
            tpl_free(s->v[i]);
            s->v[i] = t;
            link_all(s);
            return 0;
        }
    }
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        struct tpl **v = realloc(s->v, cap * sizeof *v);
        if (!v) {
            if (err && errlen) snprintf(err, errlen, "%s:0: out of memory", name);
            tpl_free(t);
            return -1;
        }
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n++] = t;
    link_all(s);
    return 0;
}

int tpl_has(const tpl_set *s, const char *name)
{
    return s && name && find(s, name) != NULL;
}

void tpl_set_free(tpl_set *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->n; i++) tpl_free(s->v[i]);
    free(s->v);
    free(s);
}

json_t *tpl_safe_html(const char *html)
{
    if (!html) return NULL;
    json_t *str = json_string(html);
    if (!str) return NULL;
    json_t *o = json_object();
    if (!o) { json_decref(str); return NULL; }
    if (json_object_set_new(o, "$html", str) < 0) {   /* consumes `str` */
        json_decref(o);
        return NULL;
    }
    return o;
}

/* ---- output helpers ----------------------------------------------------- */

void tpl_escape_html(struct buf *out, const char *s, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep;
        size_t rlen;
        switch (s[i]) {
        case '&': rep = "&amp;"; rlen = 5; break;
        case '<': rep = "&lt;"; rlen = 4; break;
        case '>': rep = "&gt;"; rlen = 4; break;
        case '"': rep = "&quot;"; rlen = 6; break;
        case '\'': rep = "&#39;"; rlen = 5; break;
        case '`': rep = "&#96;"; rlen = 5; break;
        default: continue;
        }
        if (i > run) buf_add(out, s + run, i - run);
        buf_add(out, rep, rlen);
        run = i + 1;
    }
    if (n > run) buf_add(out, s + run, n - run);
}

static void put_int(struct buf *out, json_int_t v)
{
    char tmp[24];
    size_t i = sizeof tmp;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do { tmp[--i] = (char)('0' + u % 10); u /= 10; } while (u);
    if (v < 0) tmp[--i] = '-';
    buf_add(out, tmp + i, sizeof tmp - i);
}

static void put_real(struct buf *out, double d)
{
    char tmp[40];
    int k = snprintf(tmp, sizeof tmp, "%.15g", d);
    if (k > 0 && (size_t)k < sizeof tmp) buf_add(out, tmp, (size_t)k);
}

static const char *safe_html(json_t *j, size_t *len)
{
    if (!json_is_object(j) || json_object_size(j) != 1) return NULL;
    json_t *h = json_object_get(j, "$html");
    if (!json_is_string(h)) return NULL;
    *len = json_string_length(h);
    return json_string_value(h);
}

static int ascii_prefix_ci(const char *s, size_t n, const char *pre)
{
    size_t k = strlen(pre);
    if (n < k) return 0;
    for (size_t i = 0; i < k; i++) {
        char ch = s[i];
        if (ch >= 'A' && ch <= 'Z') ch = (char)(ch - 'A' + 'a');
        if (ch != pre[i]) return 0;
    }
    return 1;
}

/* A URL we are willing to put in href/src: same-origin path (not the
 * protocol-relative "//host", nor "/\host" which browsers read the same),
 * fragment, query, or one of a few schemes.  Control characters anywhere are
 * refused because browsers strip tab/CR/LF from URLs ("/\t/evil.com"). */
static int url_ok(const char *s, size_t n)
{
    if (n == 0) return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch < 0x20 || ch == 0x7f) return 0;
    }
    if (s[0] == '/') return n == 1 || (s[1] != '/' && s[1] != '\\');
    if (s[0] == '#' || s[0] == '?') return 1;
    return ascii_prefix_ci(s, n, "https://") || ascii_prefix_ci(s, n, "http://") ||
           ascii_prefix_ci(s, n, "mailto:") || ascii_prefix_ci(s, n, "tel:");
}

/* json_dump_callback sink: escapes < > & and U+2028/U+2029 (E2 80 A8/A9 in
 * UTF-8, possibly split across chunks) so the text cannot end a <script>
 * element or break older JavaScript parsers. */
struct jsink {
    struct buf *out;
    int pend;   /* bytes of a possible E2 80 xx prefix held back: 0..2 */
};

static void jsink_byte(struct jsink *j, unsigned char ch)
{
    for (;;) {
        if (j->pend == 0) {
            switch (ch) {
            case '<': buf_add(j->out, "\\u003c", 6); return;
            case '>': buf_add(j->out, "\\u003e", 6); return;
            case '&': buf_add(j->out, "\\u0026", 6); return;
            case 0xE2: j->pend = 1; return;
            default: buf_putc(j->out, (char)ch); return;
            }
        }
        if (j->pend == 1) {
            if (ch == 0x80) { j->pend = 2; return; }
            buf_putc(j->out, (char)0xE2);
            j->pend = 0;
            continue;          /* reprocess ch */
        }
        /* pend == 2 */
        if (ch == 0xA8 || ch == 0xA9) {
            buf_add(j->out, ch == 0xA8 ? "\\u2028" : "\\u2029", 6);
            j->pend = 0;
            return;
        }
        buf_add(j->out, "\xE2\x80", 2);
        j->pend = 0;
    }
}

static int jsink_cb(const char *buffer, size_t size, void *data)
{
    struct jsink *j = data;
    for (size_t i = 0; i < size; i++) jsink_byte(j, (unsigned char)buffer[i]);
    return j->out->err ? -1 : 0;
}

/* ---- renderer ----------------------------------------------------------- */

struct frame {
    json_t *ctx;
    const struct frame *up;
    size_t index, count;    /* valid when iter */
    int iter;
};

/* A looked-up value: a JSON value (NULL = missing), or the synthetic
 * integer @index, which has no json_t and must not allocate one. */
struct val {
    json_t *j;
    int is_num;
    json_int_t num;
};

static const struct frame *iter_frame(const struct frame *f)
{
    for (; f; f = f->up)
        if (f->iter) return f;
    return NULL;
}

static json_t *descend(json_t *v, const char *seg)
{
    if (json_is_object(v)) return json_object_get(v, seg);
    if (json_is_array(v)) {
        size_t i = 0;
        if (!*seg) return NULL;
        for (const char *p = seg; *p; p++) {
            if (*p < '0' || *p > '9' || i > (SIZE_MAX - 9) / 10) return NULL;
            i = i * 10 + (size_t)(*p - '0');
        }
        return json_array_get(v, i);
    }
    return NULL;
}

/* The debug check: `seg` missed in frame f; say so if a frame around it
 * has the name (a template that may have forgotten "@root."). */
static void report_outer(const struct tpl *t, const struct node *n, const struct frame *f)
{
    for (const struct frame *up = f->up; up; up = up->up)
        if (json_is_object(up->ctx) && json_object_get(up->ctx, n->str)) {
            log_warn("tpl: %s:%u: '%s' is not in this section's value, only around it "
                     "(write @root.%s if the page's value is meant)", t->name, n->line,
                     n->str, n->str);
            return;
        }
}

static struct val lookup(const struct tpl *t, const struct node *n, const struct frame *f)
{
    struct val v = { NULL, 0, 0 };
    const struct frame *it;
    switch (n->special) {
    case SP_DOT:
        v.j = f->ctx;
        return v;
    case SP_INDEX:
        if ((it = iter_frame(f)) != NULL) { v.is_num = 1; v.num = (json_int_t)it->index; }
        return v;
    case SP_FIRST:
        if ((it = iter_frame(f)) != NULL) v.j = it->index == 0 ? json_true() : json_false();
        return v;
    case SP_LAST:
        if ((it = iter_frame(f)) != NULL)
            v.j = it->index + 1 == it->count ? json_true() : json_false();
        return v;
    default:
        break;
    }
    const char *seg = n->str;
    unsigned k = 1;
    if (n->root) {
        while (f->up) f = f->up;
        seg += strlen(seg) + 1;     /* past "@root" */
        k = 2;
    }
    v.j = json_is_object(f->ctx) ? json_object_get(f->ctx, seg) : NULL;
    if (!v.j && check_outer > 0 && !n->root) report_outer(t, n, f);
    for (; k < n->nseg && v.j; k++) {
        seg += strlen(seg) + 1;
        v.j = descend(v.j, seg);
    }
    return v;
}

static int truthy(struct val v)
{
    if (v.is_num) return v.num != 0;
    if (!v.j) return 0;
    switch (json_typeof(v.j)) {
    case JSON_OBJECT: return 1;
    case JSON_ARRAY: return json_array_size(v.j) > 0;
    case JSON_STRING: return json_string_length(v.j) > 0;
    case JSON_INTEGER: return json_integer_value(v.j) != 0;
    case JSON_REAL: return json_real_value(v.j) != 0.0;
    case JSON_TRUE: return 1;
    default: return 0;   /* false, null */
    }
}

static void emit_var(struct buf *out, struct val v)
{
    if (v.is_num) { put_int(out, v.num); return; }
    if (!v.j) return;
    const char *s;
    size_t len;
    switch (json_typeof(v.j)) {
    case JSON_STRING:
        tpl_escape_html(out, json_string_value(v.j), json_string_length(v.j));
        break;
    case JSON_INTEGER: put_int(out, json_integer_value(v.j)); break;
    case JSON_REAL: put_real(out, json_real_value(v.j)); break;
    case JSON_OBJECT:
        if ((s = safe_html(v.j, &len)) != NULL) buf_add(out, s, len);
        break;
    default: break;
    }
}

static void emit_url(struct buf *out, struct val v)
{
    if (!v.is_num && json_is_string(v.j)) {
        const char *s = json_string_value(v.j);
        size_t n = json_string_length(v.j);
        if (url_ok(s, n)) { tpl_escape_html(out, s, n); return; }
    }
    buf_putc(out, '#');
}

static int emit_json(struct buf *out, struct val v)
{
    if (v.is_num) { put_int(out, v.num); return 0; }
    if (!v.j) { buf_add(out, "null", 4); return 0; }
    struct jsink j = { out, 0 };
    if (json_dump_callback(v.j, jsink_cb, &j, JSON_COMPACT | JSON_ENCODE_ANY) < 0) return -1;
    if (j.pend == 1) buf_putc(out, (char)0xE2);
    else if (j.pend == 2) buf_add(out, "\xE2\x80", 2);
    return 0;
}

struct rctx {
    struct buf *out;
    int depth;          /* active partial inclusions */
};

static int render_range(struct rctx *r, const struct tpl *t, size_t i, size_t end,
                        const struct frame *f);

static int render_section(struct rctx *r, const struct tpl *t, size_t i,
                          const struct frame *f)
{
    const struct node *n = &t->nodes[i];
    struct val v = lookup(t, n, f);
    if (!truthy(v)) return 0;
    if (!v.is_num && json_is_array(v.j)) {
        size_t count = json_array_size(v.j);
        for (size_t k = 0; k < count; k++) {
            struct frame sub = { json_array_get(v.j, k), f, k, count, 1 };
            if (render_range(r, t, i + 1, n->end, &sub) < 0) return -1;
        }
        return 0;
    }
    if (!v.is_num && json_is_object(v.j)) {
        struct frame sub = { v.j, f, 0, 0, 0 };
        return render_range(r, t, i + 1, n->end, &sub);
    }
    return render_range(r, t, i + 1, n->end, f);
}

static int render_range(struct rctx *r, const struct tpl *t, size_t i, size_t end,
                        const struct frame *f)
{
    while (i < end) {
        const struct node *n = &t->nodes[i];
        switch (n->type) {
        case N_TEXT:
            buf_add(r->out, n->str, n->len);
            i++;
            break;
        case N_VAR:
            emit_var(r->out, lookup(t, n, f));
            i++;
            break;
        case N_URL:
            emit_url(r->out, lookup(t, n, f));
            i++;
            break;
        case N_JSON:
            if (emit_json(r->out, lookup(t, n, f)) < 0) return -1;
            i++;
            break;
        case N_SECTION:
            if (render_section(r, t, i, f) < 0) return -1;
            i = n->end;
            break;
        case N_INVERTED:
            if (!truthy(lookup(t, n, f)) && render_range(r, t, i + 1, n->end, f) < 0) return -1;
            i = n->end;
            break;
        case N_PARTIAL: {
            if (!n->target || r->depth >= TPL_MAX_DEPTH) return -1;
            r->depth++;
            int rc = render_range(r, n->target, 0, n->target->n, f);
            r->depth--;
            if (rc < 0) return -1;
            i++;
            break;
        }
        default:
            return -1;
        }
        if (r->out->err) return -1;
    }
    return 0;
}

int tpl_render(const tpl_set *s, const char *name, json_t *vm, struct buf *out)
{
    if (!s || !name || !out || out->err) return -1;
    const struct tpl *t = find(s, name);
    if (!t) return -1;
    struct rctx r = { out, 0 };
    struct frame root = { vm, NULL, 0, 0, 0 };
    if (render_range(&r, t, 0, t->n, &root) < 0 || out->err) return -1;
    return 0;
}
