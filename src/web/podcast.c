/* podcast: an office's show (issue 17, seed 001 SIMPATRI) and its feed.
 *  - /console/o/{office}/podcast: what the feed says about the channel
 *    (title, description, Apple category, explicit, the owner's name and
 *    e-mail the platforms send their ownership codes to) and the cover
 *    art, 1400 to 3000 px square JPEG or PNG, encoded afresh; a missing
 *    e-mail or cover is said here, to staff, never in the public feed;
 *  - /o/{office}/podcast.xml: RSS 2.0 with the iTunes tags Apple Podcasts,
 *    Spotify and YouTube's RSS ingestion read and the Podcasting 2.0 tags
 *    podcast:guid (UUIDv5 of the feed's address) and, for an episode with
 *    both audio and video, podcast:alternateEnclosure. Only published
 *    episodes with a file are items; guids are the news feeds' tag: URIs,
 *    so they never change. ETag and Last-Modified as the news feeds;
 *  - /o/{office}/podcast/{file}: the cover art. */
#include "web/podcast.h"
#include "core/content.h"
#include "db/store_content_media.h"
#include "db/store_media.h"
#include "http/fields.h"
#include "http/page.h"
#include "render/markdown.h"
#include "util/hash.h"
#include "util/jv.h"
#include "util/picture.h"
#include "web/content_visual.h"
#include "web/episode.h"
#include "web/news.h"
#include "web/web.h"
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COVER_MIN 1400
#define COVER_MAX 3000
#define EPISODES_MAX 300

/* The office's show, with defaults from the office when none is set. */
static json_t *show_of(db_t *db, const json_t *office, int *rc)
{
    json_t *s = NULL;
    *rc = podcast_show_find(db, jv_int(office, "id"), &s);
    if (*rc < 0) return NULL;
    if (!s) s = json_pack("{s:s, s:s, s:s, s:b, s:s, s:s, s:i, s:i}", "title", "",
                          "description", "", "category", "Government", "explicit", 0,
                          "owner_name", "", "owner_email", "", "cover_media_id", 0,
                          "updated_at", 0);
    char t[300];
    if (!*jv_str(s, "title")) {
        snprintf(t, sizeof t, "Siaran %s", jv_str(office, "name"));
        json_object_set_new(s, "title", json_string(t));
    }
    if (!*jv_str(s, "description")) {
        snprintf(t, sizeof t, "Podcast resmi %s: informasi layanan publik untuk warga.",
                 jv_str(office, "name"));
        json_object_set_new(s, "description", json_string(t));
    }
    int64_t cover = jv_int(s, "cover_media_id");
    json_t *m = NULL;
    if (cover > 0 && (*rc = media_find(db, cover, jv_int(office, "id"), &m)) < 0) {
        json_decref(s);
        return NULL;
    }
    if (m) {
        snprintf(t, sizeof t, "sampul-%lld.%s", (long long)cover,
                 strcmp(jv_str(m, "mime"), "image/png") == 0 ? "png" : "jpg");
        json_object_set_new(s, "cover_file", json_string(t));
        json_object_set_new(s, "cover_mime", json_string(jv_str(m, "mime")));
    }
    json_decref(m);
    return s;
}

/* ---- the feed ----------------------------------------------------------- */

/* podcast:guid: UUIDv5 of the feed URL without scheme and trailing slash,
 * in the Podcast Index namespace ead4c236-bf58-58c6-a2c6-a6b28d128cb6. */
static void podcast_guid(const char *url, char out[37])
{
    static const unsigned char ns[16] = {0xea, 0xd4, 0xc2, 0x36, 0xbf, 0x58, 0x58, 0xc6,
                                         0xa2, 0xc6, 0xa6, 0xb2, 0x8d, 0x12, 0x8c, 0xb6};
    const char *p = strstr(url, "://");
    p = p ? p + 3 : url;
    size_t n = strlen(p);
    while (n && p[n - 1] == '/') n--;
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned mdlen = 0;
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    if (!c || !EVP_DigestInit_ex(c, EVP_sha1(), NULL) || !EVP_DigestUpdate(c, ns, 16) ||
        !EVP_DigestUpdate(c, p, n) || !EVP_DigestFinal_ex(c, md, &mdlen))
        memset(md, 0, sizeof md);
    EVP_MD_CTX_free(c);
    md[6] = (unsigned char)((md[6] & 0x0f) | 0x50);
    md[8] = (unsigned char)((md[8] & 0x3f) | 0x80);
    char *o = out;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10) *o++ = '-';
        o += snprintf(o, 3, "%02x", md[i]);
    }
}

struct pfeed {
    const json_t *office, *show;
    char base[300], self[400];
};

static void enclosure_url(const struct pfeed *f, const json_t *row, const json_t *m,
                          struct buf *b)
{
    char name[64];
    episode_file_name(m, name, sizeof name);
    news_xml_text(b, f->base);
    buf_printf(b, "/o/%s/berita/", jv_str(f->office, "slug"));
    news_xml_text(b, jv_str(row, "slug"));
    buf_printf(b, "/episode/%s", name);
}

static void alternate(const struct pfeed *f, const json_t *row, const json_t *m, int dflt,
                      struct buf *b)
{
    buf_printf(b, "<podcast:alternateEnclosure type=\"%s\" length=\"%lld\" bitrate=\"%lld\"",
               jv_str(m, "mime"), (long long)jv_int(m, "size"), (long long)jv_int(m, "kbps") * 1000);
    if (jv_int(m, "height") > 0) buf_printf(b, " height=\"%lld\"", (long long)jv_int(m, "height"));
    buf_printf(b, " title=\"%s\"%s>\n<podcast:source uri=\"",
               strcmp(jv_str(m, "kind"), "video") == 0 ? "Video" : "Audio",
               dflt ? " default=\"true\"" : "");
    enclosure_url(f, row, m, b);
    buf_puts(b, "\"/>\n</podcast:alternateEnclosure>\n");
}

/* One item; nothing for an episode without a file. */
static void feed_item(const struct pfeed *f, const json_t *row, const json_t *media, struct buf *b)
{
    const json_t *main = json_array_get(media, 0);
    if (!main) return;
    char id[300], date[64];
    news_tag_uri(f->base, row, id, sizeof id);
    news_rfc822(jv_int(row, "published_at"), date, sizeof date);
    char *html = markdown_html(jv_str(row, "body"));
    buf_puts(b, "<item>\n");
    news_xml_el(b, "title", jv_str(row, "title"));
    buf_puts(b, "<description>");
    news_xml_text(b, "<p>");
    news_xml_text(b, jv_str(row, "summary"));
    news_xml_text(b, "</p>");
    news_xml_text(b, html ? html : "");
    buf_puts(b, "</description>\n<link>");
    news_xml_text(b, f->base);
    buf_printf(b, "/o/%s/berita/", jv_str(f->office, "slug"));
    news_xml_text(b, jv_str(row, "slug"));
    buf_puts(b, "</link>\n<guid isPermaLink=\"false\">");
    news_xml_text(b, id);
    buf_printf(b, "</guid>\n<pubDate>%s</pubDate>\n<enclosure url=\"", date);
    enclosure_url(f, row, main, b);
    buf_printf(b, "\" length=\"%lld\" type=\"%s\"/>\n", (long long)jv_int(main, "size"),
               jv_str(main, "mime"));
    buf_printf(b, "<itunes:duration>%lld</itunes:duration>\n<itunes:explicit>%s</itunes:explicit>\n",
               (long long)jv_int(main, "seconds"),
               json_is_true(json_object_get(f->show, "explicit")) ? "true" : "false");
    size_t i;
    json_t *m;
    if (json_array_size(media) > 1)
        json_array_foreach(media, i, m) alternate(f, row, m, i == 0, b);
    buf_puts(b, "</item>\n");
    free(html);
}

static void feed_channel(const struct pfeed *f, struct buf *b)
{
    char guid[37];
    podcast_guid(f->self, guid);
    buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" "
                "xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\" "
                "xmlns:podcast=\"https://podcastindex.org/namespace/1.0\" "
                "xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n");
    news_xml_el(b, "title", jv_str(f->show, "title"));
    buf_puts(b, "<link>");
    news_xml_text(b, f->base);
    buf_printf(b, "/o/%s/berita?jenis=podcast</link>\n<atom:link rel=\"self\" "
               "type=\"application/rss+xml\" href=\"", jv_str(f->office, "slug"));
    news_xml_text(b, f->self);
    buf_puts(b, "\"/>\n");
    news_xml_el(b, "description", jv_str(f->show, "description"));
    buf_printf(b, "<language>id</language>\n<podcast:guid>%s</podcast:guid>\n", guid);
    news_xml_el(b, "itunes:author", jv_str(f->office, "name"));
    if (*jv_str(f->show, "owner_email")) {
        buf_puts(b, "<itunes:owner>\n");
        news_xml_el(b, "itunes:name", *jv_str(f->show, "owner_name")
                    ? jv_str(f->show, "owner_name") : jv_str(f->office, "name"));
        news_xml_el(b, "itunes:email", jv_str(f->show, "owner_email"));
        buf_puts(b, "</itunes:owner>\n");
    }
    if (*jv_str(f->show, "cover_file")) {
        buf_puts(b, "<itunes:image href=\"");
        news_xml_text(b, f->base);
        buf_printf(b, "/o/%s/podcast/%s\"/>\n", jv_str(f->office, "slug"),
                   jv_str(f->show, "cover_file"));
    }
    buf_puts(b, "<itunes:category text=\"");
    news_xml_text(b, jv_str(f->show, "category"));
    buf_printf(b, "\"/>\n<itunes:explicit>%s</itunes:explicit>\n<itunes:type>episodic"
               "</itunes:type>\n", json_is_true(json_object_get(f->show, "explicit"))
               ? "true" : "false");
}

/* The items into b; the newest change into *updated. 0 or -1. */
static int feed_items(struct req *r, const struct pfeed *f, struct buf *b, int64_t *updated)
{
    struct news_filter nf = {.office_id = jv_int(f->office, "id"), .type = "podcast",
                             .with_body = 1, .limit = EPISODES_MAX};
    json_t *rows = news_list(r->db, &nf), *row;
    if (!rows) return -1;
    size_t i;
    int rc = 0;
    json_array_foreach(rows, i, row) {
        json_t *media = episode_media_list(r->db, jv_int(row, "id"));
        if (!media) { rc = -1; break; }
        if (jv_int(row, "updated_at") > *updated) *updated = jv_int(row, "updated_at");
        feed_item(f, row, media, b);
        json_decref(media);
    }
    json_decref(rows);
    return rc;
}

void web_podcast_feed(struct req *r)
{
    json_t *office;
    if (news_office(r, &office) <= 0) return;
    int rc;
    json_t *show = show_of(r->db, office, &rc);
    struct pfeed f = {.office = office, .show = show};
    int64_t updated = show ? jv_int(show, "updated_at") : 0;
    web_base_url(r, f.base, sizeof f.base);
    snprintf(f.self, sizeof f.self, "%s/o/%s/podcast.xml", f.base, jv_str(office, "slug"));
    buf_reset(&r->out);
    if (show) feed_channel(&f, &r->out);
    if (!show || feed_items(r, &f, &r->out, &updated) != 0) {
        page_db_down(r);
    } else {
        buf_puts(&r->out, "</channel>\n</rss>\n");
        char etag[32], lm[64];
        snprintf(etag, sizeof etag, "\"p%08x%zx\"", hash_fnv1a(r->out.p, r->out.len), r->out.len);
        news_rfc822(updated, lm, sizeof lm);
        resp_header(r, "ETag", etag);
        resp_header(r, "Last-Modified", lm);
        resp_header(r, "Cache-Control", "public, max-age=300");
        const char *inm = req_header(r, "If-None-Match");
        r->status = inm && strcmp(inm, etag) == 0 ? 304 : 200;
        if (r->status == 304) buf_reset(&r->out);
        r->ctype = "application/rss+xml; charset=utf-8";
        if (r->out.err) page_error(r, 500, "Gagal menyusun umpan podcast.");
    }
    json_decref(show);
    json_decref(office);
}

void web_podcast_cover(struct req *r)
{
    json_t *office, *m = NULL;
    if (news_office(r, &office) <= 0) return;
    int rc;
    json_t *show = show_of(r->db, office, &rc);
    if (!show) page_db_down(r);
    else if (!*jv_str(show, "cover_file") || strcmp(jv_str(show, "cover_file"),
                                                    req_param(r, "file")) != 0)
        page_error(r, 404, "Sampul podcast tidak ditemukan.");
    else if (media_find(r->db, jv_int(show, "cover_media_id"), jv_int(office, "id"), &m) <= 0)
        page_db_down(r);
    else {
        buf_reset(&r->out);
        if (media_bytes(m, &r->out) != 0) {
            page_error(r, 500, "Sampul podcast tidak dapat dibaca.");
        } else {
            r->status = 200;
            r->ctype = strcmp(jv_str(m, "mime"), "image/png") == 0 ? "image/png" : "image/jpeg";
            resp_header(r, "Cache-Control", "public, max-age=31536000, immutable");
        }
    }
    json_decref(m);
    json_decref(show);
    json_decref(office);
}

/* ---- the show's settings in the console -------------------------------- */

static const char *const CATEGORIES[] = {"Government", "News", "Education", "Society & Culture",
                                         "Health & Fitness", NULL};

static json_t *settings_vm(struct req *r, json_t *show)
{
    char url[400], base[300];
    json_t *vm = web_vm(r, "Podcast kantor");
    web_base_url(r, base, sizeof base);
    snprintf(url, sizeof url, "%s/o/%s/podcast.xml", base, jv_str(r->office, "slug"));
    json_object_set_new(vm, "feed_url", json_string(url));
    if (*jv_str(show, "cover_file")) {
        snprintf(url, sizeof url, "/o/%s/podcast/%s", jv_str(r->office, "slug"),
                 jv_str(show, "cover_file"));
        json_object_set_new(vm, "cover_url", json_string(url));
    } else
        json_object_set_new(vm, "no_cover", json_true());
    if (!*jv_str(show, "owner_email")) json_object_set_new(vm, "no_email", json_true());
    json_t *cats = json_array();
    for (size_t i = 0; CATEGORIES[i]; i++)
        json_array_append_new(cats, json_pack("{s:s, s:b}", "value", CATEGORIES[i], "selected",
                                              !strcmp(CATEGORIES[i], jv_str(show, "category"))));
    json_object_set_new(vm, "categories", cats);
    json_object_set_new(vm, "show", show);
    if (req_arg(r, "ok")) json_object_set_new(vm, "saved", json_true());
    return vm;
}

void web_podcast_settings(struct req *r)
{
    int rc;
    json_t *show = show_of(r->db, r->office, &rc);
    if (!show) { page_db_down(r); return; }
    page_render(r, 200, "podcast_show", settings_vm(r, show));
}

/* The cover's check: a JPEG or PNG, square, 1400 to 3000 px. */
static int cover_check(struct req *r, struct buf *out, const char **mime, char *msg, size_t n)
{
    static const char *const types[] = {"image/jpeg", "image/png", NULL};
    const void *d = r->file.data.p;
    size_t len = r->file.data.len;
    const char *t = web_file_type(d, len, types);
    int kind = t && !strcmp(t, "image/png") ? PICTURE_PNG : PICTURE_JPEG, w = 0, h = 0;
    if (!t) snprintf(msg, n, "Sampul harus berupa berkas JPEG atau PNG.");
    else if (picture_size(d, len, kind, &w, &h) != 0 || picture_recode_as(d, len, kind, out))
        snprintf(msg, n, "Sampul tidak dapat dibaca; berkasnya mungkin rusak.");
    else if (w != h || w < COVER_MIN || w > COVER_MAX)
        snprintf(msg, n, "Sampul harus persegi, 1400 × 1400 sampai 3000 × 3000 piksel (berkas ini "
                 "%d × %d).", w, h);
    else {
        *mime = t;
        return 0;
    }
    return -1;
}

static void settings_refuse(struct req *r, json_t *show, const char *msg)
{
    web_form_refuse(r, settings_vm(r, show), 422, "podcast_show", "sampul", msg);
}

/* Writes the show (and the new cover) with its audit row. */
static void settings_save(struct req *r, json_t *before, const struct buf *cover, const char *mime)
{
    char key[FILESTORE_KEY_LEN + 1] = "";
    int64_t media = 0;
    json_t *after = json_pack("{s:s, s:s, s:s, s:b, s:s, s:s}", "title", req_text(r, "title"),
                              "description", req_text(r, "description"), "category",
                              req_text(r, "category"), "explicit", req_bool(r, "explicit"),
                              "owner_name", req_text(r, "owner_name"), "owner_email",
                              req_text(r, "owner_email"));
    int rc = db_begin(r->db);
    if (rc == 0 && cover)
        rc = web_visual_store(r->db, web_office_id(r), cover, mime, r->now, &media, key);
    if (media > 0) json_object_set_new(after, "cover_media_id", json_integer(media));
    if (rc == 0) rc = podcast_show_set(r->db, web_office_id(r), after, r->now);
    json_object_del(before, "cover_file");
    json_object_del(before, "cover_mime");
    web_finish(r, rc, "podcast.show", before, after, "podcast");
    if (r->status != 303 && key[0]) filestore_remove(key);
    json_decref(after);
}

void web_podcast_settings_save(struct req *r)
{
    int rc;
    json_t *show = show_of(r->db, r->office, &rc);
    if (!show) { page_db_down(r); return; }
    if (r->errors && json_object_size(r->errors)) {
        settings_refuse(r, show, NULL);
        return;
    }
    struct buf out;
    buf_init(&out, 64u << 20);
    const char *mime = NULL;
    char msg[300];
    if (r->file.present && r->file.data.len && cover_check(r, &out, &mime, msg, sizeof msg)) {
        settings_refuse(r, show, msg);
    } else {
        settings_save(r, show, mime ? &out : NULL, mime);
        json_decref(show);
    }
    buf_free(&out);
}
