/* page: the one renderer from view model to response (DESIGN: every handler
 * builds a jansson view model; this turns it into HTML through a template,
 * or into JSON when the client asks for application/json). */
#ifndef BALAI_PAGE_H
#define BALAI_PAGE_H
#include <jansson.h>
#include "http/req.h"
#include "render/tpl.h"

/* Compiles every template in web/templates/ (embedded). 0 or -1 (message on
 * stderr naming the template and line). */
int page_init(void);
void page_shutdown(void);

/* Calls fn for every embedded template (name without .html, source, its
 * length) until fn returns non-zero; then -1, else 0. */
int page_template_each(int (*fn)(const char *name, const char *src, size_t len, void *arg),
                       void *arg);

/* The source of template `name` (NUL-terminated), or NULL. */
const char *page_template_src(const char *name);

/* A new set of every embedded template, as page_init compiles them; NULL
 * with the template and line in err. */
tpl_set *page_templates_load(char *err, size_t errlen);

/* Renders template `tpl` (name without .html) with `vm` (stolen). Adds the
 * common keys every page uses: me, csrf, title (if missing), nav. A JSON
 * client gets the view model itself; for a status of 400 and above it
 * always has "error" (a message) and "fields" ({field: message}), made from
 * the model's "error"/"conflict"/"*_error" and "errors" (docs/API.md). */
void page_render(struct req *r, int status, const char *tpl, json_t *vm);

/* An error page (or {"error": msg, "fields": {}, "status"} for JSON clients). */
void page_error(struct req *r, int status, const char *msg);

/* 503 with Retry-After: the database cannot be reached, so whether the
 * thing asked for exists is not known (never a 404 or 401 then). */
void page_db_down(struct req *r);

/* Renders a template to a string outside a request (CLI, tests). */
char *page_render_string(const char *tpl, json_t *vm);

#endif
