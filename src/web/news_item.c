/* news_item: one published item on the portal, laid out for a phone in the
 * standard format of seed 004 (judul, tanggal, sumber, kontak, ringkasan,
 * what the citizen should do, the official document, the visual with its
 * alt text, then the Markdown body), with its public correction note and
 * the Open Graph / Twitter card tags a shared WhatsApp link previews with;
 * and the item's visual. Whether it was published late is the team's
 * business and is not shown. A draft, an unknown slug or any state but
 * "terbit" is a 404; a withdrawn item a 410 with a note. Below the item,
 * the comments and questions staff approved, each with the office's
 * answer (web/moderation.c), and the links to the comment and hoax forms. */
#include "core/content.h"
#include "db/store_content.h"
#include "db/store_media.h"
#include "http/page.h"
#include "render/markdown.h"
#include "render/tpl.h"
#include "util/jv.h"
#include "util/picture.h"
#include "web/moderation.h"
#include "web/episode.h"
#include "web/news.h"
#include "web/web.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The published item of the path into *item (and its office): 1; 0 or -1
 * after the 404 / 410 / 503 page. */
int news_published_item(struct req *r, json_t **office, json_t **item)
{
    *item = NULL;
    int found = news_office(r, office);
    if (found <= 0) return found;
    found = content_find_slug(r->db, jv_int(*office, "id"), req_param(r, "slug"), item);
    if (found < 0) { page_db_down(r); return -1; }
    if (found && strcmp(jv_str(*item, "state"), "terbit") == 0) return 1;
    int gone = found && strcmp(jv_str(*item, "state"), "ditarik") == 0;
    char list[200];
    snprintf(list, sizeof list, "/o/%s/berita", jv_str(*office, "slug"));
    json_t *vm = json_pack("{s:s, s:s, s:s, s:o}",
        "title", gone ? "Berita sudah ditarik" : "Berita tidak ditemukan",
        "message", gone ? "Berita ini sudah ditarik oleh kantor yang menerbitkannya, jadi tidak "
                          "ditampilkan lagi. Silakan lihat berita terbaru kantor ini."
                        : "Berita yang Anda cari tidak ada atau belum diterbitkan. Mungkin "
                          "alamatnya salah ketik.",
        "list_url", list, "place", web_place(r, *office));
    json_decref(*item);
    *item = NULL;
    page_render(r, gone ? 410 : 404, "news_missing", vm);
    return 0;
}

/* The item as the public sees it: the standard format, never the
 * workflow's own fields (author, checklist, lateness). */
static json_t *item_view(const json_t *office, const json_t *item, const char *base)
{
    json_t *row = json_deep_copy(item);
    json_object_set_new(row, "office_slug", json_string(jv_str(office, "slug")));
    json_object_set_new(row, "office_name", json_string(jv_str(office, "name")));
    json_t *v = news_brief(row, jv_int(office, "id"));
    json_decref(row);
    static const char *const keys[] = {"source", "contact", "document_url", "correction",
                                       "body"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        json_object_set_new(v, keys[i], json_string(jv_str(item, keys[i])));
    json_object_set(v, "action_points", json_object_get(item, "action_points"));
    char *html = markdown_html(jv_str(item, "body"));
    json_object_set_new(v, "body_html", html ? tpl_safe_html(html) : json_string(""));
    free(html);
    char abs[700];
    snprintf(abs, sizeof abs, "%s%s", base, jv_str(v, "url"));
    json_object_set_new(v, "abs_url", json_string(abs));
    return v;
}

/* Open Graph and Twitter card values; absolute addresses throughout. */
static json_t *og_of(const json_t *office, const json_t *v, const char *base)
{
    json_t *og = json_pack("{s:s, s:s, s:s, s:s, s:s}", "title", jv_str(v, "title"),
                           "description", jv_str(v, "summary"), "url", jv_str(v, "abs_url"),
                           "type", "article", "site_name", jv_str(office, "name"));
    if (*jv_str(v, "visual_url")) {
        char img[800];
        snprintf(img, sizeof img, "%s%s", base, jv_str(v, "visual_url"));
        json_object_set_new(og, "image", json_string(img));
        json_object_set_new(og, "image_alt", json_string(jv_str(v, "alt_text")));
    }
    return og;
}

void web_news_item(struct req *r)
{
    json_t *office, *item;
    if (news_published_item(r, &office, &item) <= 0) { json_decref(office); return; }
    char base[300];
    web_base_url(r, base, sizeof base);
    json_t *v = item_view(office, item, base);
    json_t *player = episode_player(r->db, office, item);
    if (player) json_object_set_new(v, "episode", player);
    json_t *vm = json_pack("{s:s, s:o, s:b, s:o, s:o}", "title", jv_str(item, "title"),
                           "place", web_place(r, office), "portal", 1,
                           "feeds", news_feed_links(office), "og", og_of(office, v, base));
    json_object_set_new(vm, "item", v);
    json_object_set_new(vm, "comments", mod_public_view(r, jv_int(item, "id")));
    json_decref(item);
    json_decref(office);
    page_render(r, 200, "news_item", vm);
}

static const char *image_type(const char *mime)
{
    static const char *const ok[] = {"image/png", "image/jpeg", "image/webp", "image/gif"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        if (strcmp(mime, ok[i]) == 0) return ok[i];
    return NULL;
}

/* The visual's bytes as stored, or as a JPEG derivative (jpeg). */
static int visual_body(struct req *r, json_t *m, int jpeg)
{
    if (!jpeg || strcmp(jv_str(m, "mime"), "image/jpeg") == 0) return media_bytes(m, &r->out);
    struct buf raw;
    buf_init(&raw, 0);
    int rc = media_bytes(m, &raw) == 0 ? picture_to_jpeg(raw.p, raw.len, &r->out) : -1;
    buf_free(&raw);
    return rc;
}

static void news_visual(struct req *r, int jpeg)
{
    json_t *office, *item, *m = NULL;
    if (news_published_item(r, &office, &item) <= 0) { json_decref(office); return; }
    int found = jv_int(item, "media_id") > 0
        ? media_find(r->db, jv_int(item, "media_id"), jv_int(item, "office_id"), &m) : 0;
    const char *type = found > 0 ? image_type(jv_str(m, "mime")) : NULL;
    char etag[64];
    snprintf(etag, sizeof etag, "\"v%lld%s\"", (long long)jv_int(item, "media_id"),
             jpeg ? "j" : "");
    const char *inm = req_header(r, "If-None-Match");
    if (found < 0) page_db_down(r);
    else if (!type) page_error(r, 404, "Berita ini tidak mempunyai gambar.");
    else if (inm && strcmp(inm, etag) == 0) r->status = 304;
    else {
        buf_reset(&r->out);
        if (visual_body(r, m, jpeg) == 0) {
            r->status = 200;
            r->ctype = jpeg ? "image/jpeg" : type;
        } else page_error(r, 500, "Gambar berita tidak dapat dibaca.");
    }
    if (r->status == 200 || r->status == 304) {
        resp_header(r, "Cache-Control", "public, max-age=600");
        resp_header(r, "ETag", etag);
    }
    json_decref(m);
    json_decref(item);
    json_decref(office);
}

void web_news_visual(struct req *r) { news_visual(r, 0); }
void web_news_visual_jpeg(struct req *r) { news_visual(r, 1); }
