/* store_news: the public side of content items (issue 16): what a portal's
 * news pages, archive and feeds show, and the sharing of an item with the
 * offices below its own. Only items in state "terbit" are ever returned by
 * the lists here; an office's list holds its own items and the items other
 * offices offered it and it accepted (content_share), and a regency's or
 * kecamatan's list may gather every office below it too. The workflow
 * itself is db/store_content.c. */
#ifndef BALAI_STORE_NEWS_H
#define BALAI_STORE_NEWS_H
#include <jansson.h>
#include <stdint.h>
#include "db/db.h"
#include "db/store_audit.h"

/* What a public list narrows to; NULL / "" fields do not narrow. */
struct news_filter {
    int64_t office_id;
    int subtree;                /* also the items of every office below it */
    const char *type;
    const char *q;              /* words in the title, summary or body */
    const char *month;          /* "YYYY-MM" of the item's own date */
    int with_body;              /* add "body" (Markdown) to each row (feeds) */
    int limit, offset;
};

/* Published items, newest first by the item's date then publication: id
 * office_id office_slug office_name slug type title item_date source
 * contact summary action_points (array) document_url media_id alt_text
 * correction published_at updated_at created_at [body]. NULL on error. */
json_t *news_list(db_t *db, const struct news_filter *f);
/* How many items the same filter matches. 0 or <0. */
int news_count(db_t *db, const struct news_filter *f, int64_t *n);

/* Offers item (a content_find row) to office `to`. 0 offered (again, after
 * a refusal), 1 when it is already offered or accepted, <0 on error.
 * Audited as content.share_offer on the item's office. */
int news_share_offer(db_t *db, const struct actor *who, const json_t *item, int64_t to,
                     int64_t now);
/* The receiving office accepts (1) or declines (0) an offer. 0, 1 when
 * there is no such offer, <0. Audited as content.share_accept/_decline. */
int news_share_decide(db_t *db, const struct actor *who, int64_t item_id, int64_t office_id,
                      int accept, int64_t now);
/* Offers made to an office, newest first: item_id slug title type state
 * published_at from_slug from_name accepted:b decided_at. NULL on error. */
json_t *news_share_received(db_t *db, int64_t office_id);
/* Offers of an office's items: item_id title to_slug to_name accepted:b
 * decided_at. NULL on error. */
json_t *news_share_sent(db_t *db, int64_t office_id);

#endif
