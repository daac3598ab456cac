/* page: see page.h. */
#include "http/page.h"
#include "core/role.h"
#include "http/gate.h"
#include "render/tpl.h"
#include "util/assets.h"
#include <stdio.h>
#include <string.h>
#include <strings.h>

static tpl_set *templates;

#define TPL_DIR "web/templates/"

/* The template name of an embedded file ("web/templates/NAME.html"), into
 * name; NULL when the file is no template. */
static const char *template_name(const struct asset *a, char *name, size_t cap)
{
    size_t n = strlen(a->name);
    if (strncmp(a->name, TPL_DIR, sizeof TPL_DIR - 1) != 0 || n < 6 ||
        strcmp(a->name + n - 5, ".html") != 0)
        return NULL;
    snprintf(name, cap, "%.*s", (int)(n - 5 - (sizeof TPL_DIR - 1)), a->name + sizeof TPL_DIR - 1);
    return name;
}

int page_template_each(int (*fn)(const char *name, const char *src, size_t len, void *arg),
                       void *arg)
{
    for (const struct asset *a = assets; a->name; a++) {
        char name[128];
        if (template_name(a, name, sizeof name) && fn(name, (const char *)a->data, a->len, arg) != 0)
            return -1;
    }
    return 0;
}

const char *page_template_src(const char *name)
{
    char path[200];
    snprintf(path, sizeof path, TPL_DIR "%s.html", name);
    const struct asset *a = asset_find(path);
    return a ? (const char *)a->data : NULL;
}

struct load {
    tpl_set *set;
    char *err;
    size_t errlen;
};

static int load_one(const char *name, const char *src, size_t len, void *arg)
{
    struct load *l = arg;
    return tpl_add(l->set, name, src, len, l->err, l->errlen);
}

tpl_set *page_templates_load(char *err, size_t errlen)
{
    struct load l = { tpl_set_new(), err, errlen };
    if (!l.set) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    if (page_template_each(load_one, &l) != 0) {
        tpl_set_free(l.set);
        return NULL;
    }
    return l.set;
}

int page_init(void)
{
    if (templates) return 0;
    char err[256];
    templates = page_templates_load(err, sizeof err);
    if (!templates) {
        fprintf(stderr, "balai: template rusak: %s\n", err);
        return -1;
    }
    return 0;
}

void page_shutdown(void)
{
    tpl_set_free(templates);
    templates = NULL;
}

/* What the navigation shows depends on what the staff member may do
 * somewhere; each page still checks its own access in the route table. */
static json_t *nav_for(struct req *r)
{
    unsigned p = gate_perms_anywhere(r);
    return json_pack("{s:b, s:b, s:b}", "audit", (p & PERM_AUDIT) != 0,
                     "holidays", 1, "offices", (p & PERM_VIEW) != 0);
}

static int has_header(struct req *r, const char *name)
{
    for (int i = 0; i < r->nhdr; i++)
        if (strcasecmp(r->hdr[i].name, name) == 0) return 1;
    return 0;
}

static const char *status_title(int status)
{
    static const char *titles[] = {
        [400] = "Permintaan tidak valid", [401] = "Perlu masuk", [403] = "Akses ditolak",
        [404] = "Tidak ditemukan", [405] = "Metode tidak didukung", [409] = "Terjadi perubahan",
        [413] = "Kiriman terlalu besar", [422] = "Isian belum benar", [429] = "Terlalu banyak permintaan",
        [500] = "Kesalahan server", [503] = "Layanan sibuk",
    };
    return status > 0 && status <= 503 && titles[status] ? titles[status] : "Galat";
}

/* A refused page's view model as a script reads it: "error" (the page's
 * message) and "fields" ({field: message}) always there, beside what the
 * page shows (a 404's suggestions). Handlers keep a form's messages in
 * "errors" and the page's own in "error" (or "conflict" for a stale save,
 * "<part>_error" for one part of the page). */
static void json_refusal(json_t *vm, int status)
{
    json_t *fields = json_object_get(vm, "errors");
    fields = json_is_object(fields) ? json_copy(fields) : json_object();
    const char *msg = NULL, *k;
    json_t *v;
    static const char *keys[] = {"error", "conflict", "message"};
    for (size_t i = 0; !msg && i < sizeof keys / sizeof keys[0]; i++)
        msg = json_string_value(json_object_get(vm, keys[i]));
    json_object_foreach(vm, k, v) {
        size_t n = strlen(k);
        if (!msg && n > 6 && strcmp(k + n - 6, "_error") == 0) msg = json_string_value(v);
    }
    json_object_foreach(fields, k, v) {
        if (!msg) msg = json_string_value(v);
    }
    json_object_set_new(vm, "error", json_string(msg ? msg : status_title(status)));
    json_object_set_new(vm, "fields", fields);
    if (!json_object_get(vm, "status")) json_object_set_new(vm, "status", json_integer(status));
}

void page_render(struct req *r, int status, const char *tpl, json_t *vm)
{
    r->status = status;
    buf_reset(&r->out);
    /* the same URL answers HTML or JSON; a page shown to a signed-in staff
     * member carries their name and CSRF token, so no cache may keep it
     * (the portal's service worker honours this too) */
    resp_header(r, "Vary", "Accept");
    if (r->me && !has_header(r, "Cache-Control")) resp_header(r, "Cache-Control", "private, no-store");
    if (r->want_json) {
        r->ctype = "application/json";
        if (status >= 400) json_refusal(vm, status);
        char *s = json_dumps(vm, JSON_COMPACT);
        buf_puts(&r->out, s ? s : "{}");
        free(s);
        json_decref(vm);
        return;
    }
    if (r->me) {
        json_object_set(vm, "me", r->me);
        json_object_set_new(vm, "nav", nav_for(r));
    }
    if (r->csrf[0]) json_object_set_new(vm, "csrf", json_string(r->csrf));
    r->ctype = "text/html; charset=utf-8";
    if (!templates || tpl_render(templates, tpl, vm, &r->out) != 0) {
        buf_reset(&r->out);
        r->status = 500;
        r->ctype = "text/plain; charset=utf-8";
        buf_puts(&r->out, "Terjadi kesalahan saat menampilkan halaman.");
    }
    json_decref(vm);
}

void page_error(struct req *r, int status, const char *msg)
{
    const char *title = status_title(status);
    page_render(r, status, "error", json_pack("{s:s, s:s, s:i}", "title", title,
                                              "message", msg, "status", status));
}

void page_db_down(struct req *r)
{
    resp_header(r, "Retry-After", "30");
    page_error(r, 503, "Layanan sedang terganggu: basis data tidak dapat dihubungi. "
               "Tidak ada data yang hilang; silakan coba lagi beberapa saat lagi.");
}

char *page_render_string(const char *tpl, json_t *vm)
{
    struct buf b;
    buf_init(&b, 0);
    int rc = templates ? tpl_render(templates, tpl, vm, &b) : -1;
    json_decref(vm);
    if (rc != 0) { buf_free(&b); return NULL; }
    return buf_steal(&b);
}
