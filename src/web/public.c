/* public: health check, static files and office logos. The portal pages
 * are in portal.c. */
#include "db/store_office.h"
#include "http/page.h"
#include "util/assets.h"
#include "web/web.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void web_health(struct req *r)
{
    int ok = db_ping(r->db) == 0;
    resp_text(r, ok ? 200 : 503, "application/json",
              ok ? "{\"status\":\"ok\"}" : "{\"status\":\"db_error\"}");
}

static const char *ctype_of(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (!dot) return "application/octet-stream";
    if (!strcmp(dot, ".css")) return "text/css; charset=utf-8";
    if (!strcmp(dot, ".js")) return "text/javascript; charset=utf-8";
    if (!strcmp(dot, ".svg")) return "image/svg+xml";
    if (!strcmp(dot, ".png")) return "image/png";
    if (!strcmp(dot, ".ico")) return "image/x-icon";
    if (!strcmp(dot, ".json")) return "application/json";
    return "application/octet-stream";
}

void web_static(struct req *r)
{
    char name[200];
    const char *file = req_param(r, "file");
    if (strstr(file, "..")) { page_error(r, 404, "Berkas tidak ditemukan."); return; }
    snprintf(name, sizeof name, "web/static/%s", file);
    const struct asset *a = asset_find(name);
    if (!a) { page_error(r, 404, "Berkas tidak ditemukan."); return; }
    resp_static(r, ctype_of(name), a->data, a->len);
    resp_header(r, "Cache-Control", "public, max-age=3600");
}

void web_logo(struct req *r)
{
    char *type = NULL;
    void *data = NULL;
    size_t len = 0;
    if (office_logo(r->db, req_param(r, "office"), &type, &data, &len) != 0) {
        page_error(r, 404, "Kantor ini belum mempunyai logo.");
        return;
    }
    r->status = 200;
    r->ctype = strcmp(type, "image/png") == 0 ? "image/png" : "image/jpeg";
    buf_reset(&r->out);
    buf_add(&r->out, data, len);
    resp_header(r, "Cache-Control", "public, max-age=300");
    free(type);
    free(data);
}
