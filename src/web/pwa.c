/* pwa: what makes the portal an installable app that works offline, and
 * the widget other sites embed:
 *  - /o/{office}/manifest.webmanifest: one app per office, so a citizen
 *    installs "Kelurahan Jelitik" and it opens on that office;
 *  - /sw.js: the service worker, served from the root so its scope covers
 *    every office's pages (web/static/sw.js has the caching rules);
 *  - /widget.js: the embeddable list of an office's services, which reads
 *    the public JSON API (web/static/widget.js). */
#include "db/store_office.h"
#include "http/page.h"
#include "util/assets.h"
#include "web/web.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void web_manifest(struct req *r)
{
    json_t *office;
    int found = web_path_office(r, &office);
    if (!found) page_error(r, 404, "Kantor tidak ditemukan.");
    if (found <= 0) return;
    const char *slug = json_string_value(json_object_get(office, "slug"));
    const char *name = json_string_value(json_object_get(office, "name"));
    char start[128];
    snprintf(start, sizeof start, "/o/%s", slug);
    /* short_name: the office name without its type word, for the home screen */
    const char *sp = strchr(name, ' ');
    json_t *m = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:[{s:s, s:s, s:s}, "
                          "{s:s, s:s, s:s, s:s}]}",
        "name", name, "short_name", sp && strlen(sp + 1) <= 20 ? sp + 1 : name,
        "description", "Informasi layanan, persyaratan dan jam buka kantor.",
        "lang", "id", "start_url", start, "scope", start, "id", start,
        "display", "standalone", "background_color", "#f6f7f9", "theme_color", "#0b6e4f",
        "icons",
        "src", "/icons/icon-192.png", "sizes", "192x192", "type", "image/png",
        "src", "/icons/icon-512.png", "sizes", "512x512", "type", "image/png",
        "purpose", "any");
    char *s = json_dumps(m, JSON_COMPACT);
    resp_text(r, 200, "application/manifest+json", s ? s : "{}");
    resp_header(r, "Cache-Control", "public, max-age=3600");
    free(s);
    json_decref(m);
    json_decref(office);
}

static void root_asset(struct req *r, const char *name)
{
    const struct asset *a = asset_find(name);
    if (!a) { page_error(r, 404, "Berkas tidak ditemukan."); return; }
    resp_static(r, "text/javascript; charset=utf-8", a->data, a->len);
}

void web_service_worker(struct req *r)
{
    root_asset(r, "web/static/sw.js");
    /* the browser checks for a new worker on navigation; keep it fresh */
    resp_header(r, "Cache-Control", "no-cache");
}

void web_widget(struct req *r)
{
    root_asset(r, "web/static/widget.js");
    resp_header(r, "Cache-Control", "public, max-age=3600");
    resp_header(r, "Access-Control-Allow-Origin", "*");
}
