/* tpl: Balai's HTML template engine, a small Mustache dialect.
 *
 * Templates are compiled once at startup into a flat node tree and rendered
 * against jansson view models; a render walks the tree and appends to a
 * bounded `struct buf`, allocating nothing else.  It is written by hand
 * because the point of it is escaping by construction: every `{{name}}` is
 * HTML-escaped, there is no triple-brace or `{{&name}}` raw form, and the
 * only way to emit markup unescaped is a value built by tpl_safe_html() in
 * Balai's own code.  None of the C template libraries packaged in Debian
 * combines that with compile-once templates and jansson view models, and
 * adapting one would cost more than these few hundred lines.
 *
 * Syntax (whitespace inside tags is allowed: `{{ name }}`):
 *   {{name}} {{a.b.c}} {{.}}   value, HTML-escaped.  A name resolves in the
 *                              innermost context only (the row of the list
 *                              being rendered, or the page's view model
 *                              outside any section), never in the contexts
 *                              around it: a key the row lacks is missing, so
 *                              no value of the page or of an enclosing row
 *                              shows up in it.  For a dotted name the rest
 *                              descends from the first segment (a numeric
 *                              segment indexes an array: photos.0).
 *   {{@root.name}} {{@root.a.b}}
 *                              the page's view model (the root context),
 *                              from anywhere, also in sections and partials:
 *                              the one explicit way to reach outer values
 *                              ({{url:@root.x}}, {{#@root.x}}..{{/@root.x}}
 *                              likewise).  Unlike Mustache, there is no
 *                              implicit walk up the stack.
 *                              Strings are escaped, integers and reals
 *                              printed, booleans/null/arrays/objects print
 *                              nothing, except a safe-HTML object (below).
 *   {{#name}}..{{/name}}       section: non-empty array -> once per element
 *                              with the element pushed; object -> pushed,
 *                              once; true / non-empty string / non-zero
 *                              number -> once, nothing pushed; anything else
 *                              (false, null, missing, [], "", 0) -> skipped.
 *                              {{#list.0}} (the list is not empty) pushes
 *                              its first element like any object, so the
 *                              page's values inside it need @root. too.
 *   {{^name}}..{{/name}}       inverted section: rendered when {{#name}} is not.
 *   {{@index}} {{@first}} {{@last}}
 *                              position in the innermost array iteration
 *                              (0-based index; booleans usable as sections).
 *   {{>partial}}               another template of the set, current context;
 *                              resolved by name, nesting limited to
 *                              TPL_MAX_DEPTH.
 *   {{!comment}}               ignored.
 *   {{url:name}}               the string if it is a safe URL ("/path" but not
 *                              "//host", http://, https://, mailto:, tel:,
 *                              "#frag", "?query"), attribute-escaped;
 *                              otherwise "#".
 *   {{json:name}}              the value as compact JSON, with < > & and
 *                              U+2028/U+2029 written as \u escapes so it may sit
 *                              inside a <script> element (not an attribute).
 * Output whitespace is exactly the template's (no standalone-line trimming).
 * There is no way to write a literal "{{" in a template.
 *
 * Safe HTML: a JSON object with exactly one key, "$html", whose value is a
 * string, is emitted raw by {{name}}.  Build it only with tpl_safe_html() and
 * never copy objects parsed from user-supplied JSON into a view model
 * verbatim, since such an object could carry a "$html" key. */
#ifndef BALAI_TPL_H
#define BALAI_TPL_H
#include <stddef.h>
#include <jansson.h>
#include "util/buf.h"

#define TPL_MAX_DEPTH 16   /* nested {{>partial}} inclusions per render */
#define TPL_MAX_NEST  64   /* nested sections per template (compile error) */

typedef struct tpl_set tpl_set;

/* Returns an empty template set, or NULL when out of memory. */
tpl_set *tpl_set_new(void);

/* Compiles `src` (`len` bytes, need not be NUL-terminated) under `name`
 * (e.g. "login"); the source is copied.  Adding a name that already exists
 * replaces the earlier template.  Partials may name templates added later.
 * Returns 0, or -1 with "name:line: message" in `err` (truncated to
 * `errlen`; `err` may be NULL) on a syntax error or out of memory.
 * Not thread-safe: add every template before rendering concurrently. */
int tpl_add(tpl_set *s, const char *name, const char *src, size_t len,
            char *err, size_t errlen);

/* Renders template `name` with view model `vm` (borrowed; NULL = empty
 * context), appending to `out`.  Returns 0, or -1 when the template or a
 * partial it includes is unknown, partials nest deeper than TPL_MAX_DEPTH,
 * or `out` is (or becomes) in error, e.g. past its max.  After -1 the bytes
 * appended to `out` are a partial render and must be discarded.
 * Safe to call concurrently once all tpl_add calls are done: the set is only
 * read, and `vm` is only read (don't mutate it during the render). */
int tpl_render(const tpl_set *s, const char *name, json_t *vm, struct buf *out);

/* 1 if a template called `name` has been added, else 0. */
int tpl_has(const tpl_set *s, const char *name);

/* Frees the set and all its templates.  NULL is fine. */
void tpl_set_free(tpl_set *s);

/* Returns a new reference to {"$html": html}, which {{name}} emits without
 * escaping; NULL if `html` is NULL, not UTF-8, or out of memory.  The caller
 * is responsible for `html` being safe markup. */
json_t *tpl_safe_html(const char *html);

/* Appends `n` bytes of `s` to `out` with & < > " ' ` replaced by character
 * references: safe for element content and for quoted attribute values. */
void tpl_escape_html(struct buf *out, const char *s, size_t n);

#endif
