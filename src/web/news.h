/* news: what the portal's news pages (web/news.c), their feeds
 * (web/news_feed.c) and the sharing console (web/news_share.c) have in
 * common: the office of the path, the list it shows and an item as the
 * public may see it. Only items in state "terbit" ever get here
 * (db/store_news.h). */
#ifndef BALAI_WEB_NEWS_H
#define BALAI_WEB_NEWS_H
#include <jansson.h>
#include "db/store_news.h"
#include "http/req.h"

#define NEWS_PAGE_SIZE 10
#define NEWS_FEED_SIZE 20

/* The office named in the path into *office: 1; 0 after a 404 page, -1
 * after a 503 page. */
int news_office(struct req *r, json_t **office);
/* 1 when the office's news page also gathers the offices below it (a
 * provinsi, kabupaten, kota or kecamatan). */
int news_gathers(const json_t *office);
/* An item's public link, "/o/{office}/berita/{slug}" (path only). */
void news_path(const json_t *row, char *out, size_t n);
/* "7 Desember 2026" from "2026-12-07"; "" when it is not a date. */
void news_date_text(const char *ymd, char *out, size_t n);
/* The <link rel="alternate"> feeds of an office's pages, for head.html. */
json_t *news_feed_links(const json_t *office);
/* One row of news_list as a list shows it (for `office_id`'s page). */
json_t *news_brief(const json_t *row, int64_t office_id);
/* The published item of the path ({office}, {slug}) into *item and its
 * office: 1; 0 or -1 after the 404 / 410 / 503 page (web/news_item.c). */
int news_published_item(struct req *r, json_t **office, json_t **item);

/* The feeds' XML writing (web/news_feed.c), shared with the podcast feed:
 * text escaped for content and attributes with the characters XML 1.0
 * forbids dropped; <name>text</name>; an RFC 822 date in GMT; an item's
 * "tag:host,YYYY-MM-DD:berita/ID" id. */
#include "util/buf.h"
void news_xml_text(struct buf *b, const char *s);
void news_xml_el(struct buf *b, const char *name, const char *text);
void news_rfc822(int64_t t, char *out, size_t n);
void news_tag_uri(const char *base, const json_t *row, char *out, size_t n);

#endif
