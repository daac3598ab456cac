/* news_feed: an office's published news as an Atom feed (RFC 4287) and as
 * RSS 2.0, the same items as its news page (a regency's gathered, shared
 * items included; ?jenis= narrows to one type). Written with the XML
 * escaped here, characters XML 1.0 forbids dropped, so a feed reader never
 * meets a malformed document. Entry ids are tag: URIs made from the host,
 * the item's creation date and its id, so they survive a change of title.
 * Answers with an ETag, Last-Modified and a short public lifetime; a
 * client sending the ETag back gets 304. Accept: application/json gives
 * the view model instead. */
#include "core/content.h"
#include "http/page.h"
#include "render/markdown.h"
#include "util/hash.h"
#include "util/jv.h"
#include "web/news.h"
#include "web/web.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Text escaped for XML content and attributes; bytes XML 1.0 forbids
 * (control characters but tab, newline and carriage return) dropped. */
void news_xml_text(struct buf *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        switch (*p) {
        case '&': buf_puts(b, "&amp;"); break;
        case '<': buf_puts(b, "&lt;"); break;
        case '>': buf_puts(b, "&gt;"); break;
        case '"': buf_puts(b, "&quot;"); break;
        case '\'': buf_puts(b, "&apos;"); break;
        default:
            if (*p >= 0x20 || *p == '\t' || *p == '\n' || *p == '\r') buf_add(b, p, 1);
        }
    }
}

/* <name>text</name> */
void news_xml_el(struct buf *b, const char *name, const char *text)
{
    buf_printf(b, "<%s>", name);
    news_xml_text(b, text);
    buf_printf(b, "</%s>\n", name);
}

/* <el rel=".." type=".." href="base path"/> */
static void xml_link(struct buf *b, const char *el, const char *rel, const char *type,
                     const char *base, const char *path)
{
    buf_printf(b, "<%s rel=\"%s\" type=\"%s\" href=\"", el, rel, type);
    news_xml_text(b, base);
    news_xml_text(b, path);
    buf_puts(b, "\"/>\n");
}

static void rfc3339(int64_t t, char *out, size_t n)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* RFC 822 (with a four-digit year, as RSS readers expect), in GMT; the
 * names written out so no locale can change them. */
void news_rfc822(int64_t t, char *out, size_t n)
{
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
                                         "Aug", "Sep", "Oct", "Nov", "Dec"};
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    snprintf(out, n, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday], tm.tm_mday,
             months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* "tag:host,2026-12-07:berita/12" for an item (host without scheme/port). */
void news_tag_uri(const char *base, const json_t *row, char *out, size_t n)
{
    const char *h = strstr(base, "://");
    h = h ? h + 3 : base;
    size_t hl = strcspn(h, ":/");
    char day[16];
    time_t tt = (time_t)jv_int(row, "created_at");
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(day, sizeof day, "%Y-%m-%d", &tm);
    snprintf(out, n, "tag:%.*s,%s:berita/%lld", (int)hl, h, day, (long long)jv_int(row, "id"));
}

struct feed {
    json_t *office, *rows;
    char base[300], self[520], alt[500], title[300];
    int64_t updated;
};

static void atom_entry(struct buf *b, const struct feed *f, const json_t *row)
{
    char id[400], t[40], path[400];
    const struct content_type *ty = content_type_find(jv_str(row, "type"));
    news_tag_uri(f->base, row, id, sizeof id);
    news_path(row, path, sizeof path);
    buf_puts(b, "<entry>\n");
    news_xml_el(b, "id", id);
    news_xml_el(b, "title", jv_str(row, "title"));
    rfc3339(jv_int(row, "updated_at"), t, sizeof t);
    news_xml_el(b, "updated", t);
    rfc3339(jv_int(row, "published_at"), t, sizeof t);
    news_xml_el(b, "published", t);
    xml_link(b, "link", "alternate", "text/html", f->base, path);
    buf_puts(b, "<author><name>");
    news_xml_text(b, jv_str(row, "office_name"));
    buf_puts(b, "</name></author>\n<category term=\"");
    news_xml_text(b, jv_str(row, "type"));
    buf_puts(b, "\" label=\"");
    news_xml_text(b, ty ? ty->label : "");
    buf_puts(b, "\"/>\n<summary type=\"text\">");
    news_xml_text(b, jv_str(row, "summary"));
    buf_puts(b, "</summary>\n<content type=\"html\">");
    char *html = markdown_html(jv_str(row, "body"));
    news_xml_text(b, html);
    free(html);
    buf_puts(b, "</content>\n</entry>\n");
}

static void atom(struct buf *b, const struct feed *f)
{
    char t[40];
    rfc3339(f->updated, t, sizeof t);
    buf_puts(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"id\">\n");
    news_xml_el(b, "id", f->alt);
    news_xml_el(b, "title", f->title);
    news_xml_el(b, "updated", t);
    xml_link(b, "link", "self", "application/atom+xml", f->self, "");
    xml_link(b, "link", "alternate", "text/html", f->alt, "");
    buf_puts(b, "<author><name>");
    news_xml_text(b, jv_str(f->office, "name"));
    buf_puts(b, "</name></author>\n<generator>Balai</generator>\n");
    size_t i;
    json_t *row;
    json_array_foreach(f->rows, i, row) atom_entry(b, f, row);
    buf_puts(b, "</feed>\n");
}

static void rss_item(struct buf *b, const struct feed *f, const json_t *row)
{
    char id[400], t[64], path[400], url[800];
    const struct content_type *ty = content_type_find(jv_str(row, "type"));
    news_tag_uri(f->base, row, id, sizeof id);
    news_path(row, path, sizeof path);
    snprintf(url, sizeof url, "%s%s", f->base, path);
    news_rfc822(jv_int(row, "published_at"), t, sizeof t);
    buf_puts(b, "<item>\n");
    news_xml_el(b, "title", jv_str(row, "title"));
    news_xml_el(b, "link", url);
    buf_puts(b, "<guid isPermaLink=\"false\">");
    news_xml_text(b, id);
    buf_puts(b, "</guid>\n");
    news_xml_el(b, "pubDate", t);
    news_xml_el(b, "category", ty ? ty->label : "");
    news_xml_el(b, "description", jv_str(row, "summary"));
    buf_puts(b, "</item>\n");
}

static void rss(struct buf *b, const struct feed *f)
{
    char t[64];
    news_rfc822(f->updated, t, sizeof t);
    buf_puts(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\" "
                "xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n");
    news_xml_el(b, "title", f->title);
    news_xml_el(b, "link", f->alt);
    buf_puts(b, "<description>Berita, pengumuman dan informasi layanan dari ");
    news_xml_text(b, jv_str(f->office, "name"));
    buf_puts(b, "</description>\n<language>id</language>\n");
    news_xml_el(b, "lastBuildDate", t);
    xml_link(b, "atom:link", "self", "application/rss+xml", f->self, "");
    size_t i;
    json_t *row;
    json_array_foreach(f->rows, i, row) rss_item(b, f, row);
    buf_puts(b, "</channel>\n</rss>\n");
}

/* The JSON client's view model: the same items a list shows. */
static void feed_json(struct req *r, const struct feed *f)
{
    json_t *items = json_array(), *row;
    size_t i;
    json_array_foreach(f->rows, i, row)
        json_array_append_new(items, news_brief(row, jv_int(f->office, "id")));
    page_render(r, 200, "news_list", json_pack("{s:s, s:s, s:o}", "feed_url", f->self,
                                               "url", f->alt, "items", items));
}

/* Answers the feed (or 304) with its validators. */
static void feed_send(struct req *r, const struct feed *f, int is_atom)
{
    buf_reset(&r->out);
    if (is_atom) atom(&r->out, f);
    else rss(&r->out, f);
    char etag[32], lm[64];
    snprintf(etag, sizeof etag, "\"%c%08x%zx\"", is_atom ? 'a' : 'r',
             hash_fnv1a(r->out.p, r->out.len), r->out.len);
    news_rfc822(f->updated, lm, sizeof lm);
    resp_header(r, "ETag", etag);
    resp_header(r, "Last-Modified", lm);
    resp_header(r, "Cache-Control", "public, max-age=300");
    const char *inm = req_header(r, "If-None-Match");
    if (r->out.err) { page_error(r, 500, "Gagal menyusun umpan berita."); return; }
    r->status = inm && strcmp(inm, etag) == 0 ? 304 : 200;
    if (r->status == 304) buf_reset(&r->out);
    r->ctype = is_atom ? "application/atom+xml; charset=utf-8" : "application/rss+xml; charset=utf-8";
}

static void feed(struct req *r, int is_atom)
{
    struct feed f = {0};
    if (news_office(r, &f.office) <= 0) return;
    const char *jenis = req_arg(r, "jenis");
    struct news_filter nf = {.office_id = jv_int(f.office, "id"),
                             .subtree = news_gathers(f.office), .with_body = 1,
                             .type = jenis && content_type_find(jenis) ? jenis : NULL,
                             .limit = NEWS_FEED_SIZE};
    f.rows = news_list(r->db, &nf);
    if (!f.rows) { json_decref(f.office); page_db_down(r); return; }
    web_base_url(r, f.base, sizeof f.base);
    snprintf(f.alt, sizeof f.alt, "%s/o/%s/berita", f.base, jv_str(f.office, "slug"));
    snprintf(f.self, sizeof f.self, "%s.%s", f.alt, is_atom ? "atom" : "rss");
    snprintf(f.title, sizeof f.title, "Berita & pengumuman %s", jv_str(f.office, "name"));
    size_t i;
    json_t *row;
    json_array_foreach(f.rows, i, row) {
        int64_t u = jv_int(row, "updated_at");
        if (u > f.updated) f.updated = u;
    }
    if (r->want_json) feed_json(r, &f);
    else feed_send(r, &f, is_atom);
    json_decref(f.rows);
    json_decref(f.office);
}

void web_news_atom(struct req *r) { feed(r, 1); }
void web_news_rss(struct req *r) { feed(r, 0); }
