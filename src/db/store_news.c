/* store_news: see store_news.h. The regency's gathering walks the office
 * tree with a recursive query (SQLite and PostgreSQL both have WITH
 * RECURSIVE), bounded by the tree's depth; lists are paged by the caller. */
#include "db/store_news.h"
#include "db/row.h"
#include "db/store_office.h"
#include "util/jv.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NEWS_COLS                                                                              \
    "c.id, c.office_id, o.slug, o.name, c.slug, c.type, c.title, c.item_date, c.source, "       \
    "c.contact, c.summary, c.action_points, c.document_url, COALESCE(c.media_id, 0), "         \
    "c.alt_text, c.correction, c.published_at, c.updated_at, c.created_at"
#define NEWS_SPEC                                                                              \
    "id:i office_id:i office_slug office_name slug type title item_date source contact "       \
    "summary action_points document_url media_id:i alt_text correction published_at:i "        \
    "updated_at:i created_at:i"

/* The offices counted as the list's own: the office, and with subtree the
 * offices below it. Then what every list shares; its arguments follow. */
#define NEWS_WITH                                                                              \
    "WITH RECURSIVE sub(id, depth) AS (SELECT id, 0 FROM office WHERE id = ? UNION ALL "        \
    "SELECT o.id, sub.depth + 1 FROM office o JOIN sub ON o.parent_id = sub.id "                \
    "WHERE ? = 1 AND sub.depth < 8) "
#define NEWS_FROM " FROM content_item c JOIN office o ON o.id = c.office_id "
#define NEWS_WHERE                                                                             \
    "WHERE c.state = 'terbit' AND (c.office_id IN (SELECT id FROM sub) OR c.id IN "             \
    "(SELECT item_id FROM content_share WHERE office_id = ? AND accepted = 1)) AND "            \
    "(? = '' OR c.type = ?) AND (? = '' OR LOWER(c.title) LIKE ? ESCAPE '\\' OR "              \
    "LOWER(c.summary) LIKE ? ESCAPE '\\' OR LOWER(c.body) LIKE ? ESCAPE '\\') AND "            \
    "(? = '' OR SUBSTR(c.item_date, 1, 7) = ?) "
#define NEWS_TYPES "iiissssssss"
#define NEWS_ARGS(f, like)                                                                     \
    (f)->office_id, (int64_t)((f)->subtree != 0), (f)->office_id, S((f)->type), S((f)->type),   \
        S((f)->q), like, like, like, S((f)->month), S((f)->month)

static const char *S(const char *s) { return s ? s : ""; }

/* "%q%" lowercased (ASCII), with LIKE's own characters escaped. */
static void like_of(const char *q, char *out, size_t n)
{
    size_t j = 0;
    out[j++] = '%';
    for (const char *p = S(q); *p && j + 4 < n; p++) {
        char c = *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p;
        if (c == '%' || c == '_' || c == '\\') out[j++] = '\\';
        out[j++] = c;
    }
    out[j++] = '%';
    out[j] = 0;
}

json_t *news_list(db_t *db, const struct news_filter *f)
{
    char like[900];
    like_of(f->q, like, sizeof like);
    const char *sql = f->with_body
        ? NEWS_WITH "SELECT " NEWS_COLS ", c.body" NEWS_FROM NEWS_WHERE
          "ORDER BY c.item_date DESC, c.published_at DESC, c.id DESC LIMIT ? OFFSET ?"
        : NEWS_WITH "SELECT " NEWS_COLS NEWS_FROM NEWS_WHERE
          "ORDER BY c.item_date DESC, c.published_at DESC, c.id DESC LIMIT ? OFFSET ?";
    json_t *rows = rows_array(db_query(db, sql, NEWS_TYPES "dd", NEWS_ARGS(f, like),
                                       f->limit > 0 ? f->limit : 10, f->offset),
                              f->with_body ? NEWS_SPEC " body" : NEWS_SPEC);
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        json_t *v = json_loads(jv_str(r, "action_points"), 0, NULL);
        json_object_set_new(r, "action_points", json_is_array(v) ? v : json_array());
        if (v && !json_is_array(v)) json_decref(v);
    }
    return rows;
}

int news_count(db_t *db, const struct news_filter *f, int64_t *n)
{
    char like[900];
    like_of(f->q, like, sizeof like);
    int rc = db_int(db, n, NEWS_WITH "SELECT COUNT(*)" NEWS_FROM NEWS_WHERE, NEWS_TYPES,
                    NEWS_ARGS(f, like));
    return rc < 0 ? rc : 0;
}

static int share_audit(db_t *db, const struct actor *who, int64_t office_id, int64_t item_id,
                       const char *action, json_t *after, int64_t now)
{
    char eid[24];
    snprintf(eid, sizeof eid, "%lld", (long long)item_id);
    int rc = audit_append(db, who, office_id, action, "content", eid, NULL, after, now);
    json_decref(after);
    return rc;
}

int news_share_offer(db_t *db, const struct actor *who, const json_t *item, int64_t to,
                     int64_t now)
{
    int64_t id = jv_int(item, "id"), n = 0;
    int rc = db_run_changes(db, &n, "UPDATE content_share SET decided_at = 0, decided_by = NULL "
                            "WHERE item_id = ? AND office_id = ? AND accepted = 0 AND "
                            "decided_at > 0", "ii", id, to);
    int64_t exists = 0;
    if (rc == 0 && n == 0)
        rc = db_int(db, &exists, "SELECT COUNT(*) FROM content_share WHERE item_id = ? AND "
                                 "office_id = ?", "ii", id, to) < 0 ? -1 : 0;
    if (rc == 0 && n == 0 && exists) return 1;
    if (rc == 0 && n == 0)
        rc = db_run(db, "INSERT INTO content_share (item_id, office_id) VALUES (?, ?)", "ii", id,
                    to);
    if (rc == 0)
        rc = share_audit(db, who, jv_int(item, "office_id"), id, "content.share_offer",
                         json_pack("{s:I}", "offered_to", (json_int_t)to), now);
    return rc;
}

int news_share_decide(db_t *db, const struct actor *who, int64_t item_id, int64_t office_id,
                      int accept, int64_t now)
{
    int64_t n = 0;
    int rc = db_run_changes(db, &n, "UPDATE content_share SET accepted = ?, decided_by = ?, "
                            "decided_at = ? WHERE item_id = ? AND office_id = ?", "dIiii",
                            accept != 0, who ? who->id : 0, now, item_id, office_id);
    if (rc < 0) return rc;
    if (n == 0) return 1;
    return share_audit(db, who, office_id, item_id,
                       accept ? "content.share_accept" : "content.share_decline",
                       json_pack("{s:b}", "accepted", accept != 0), now);
}

json_t *news_share_received(db_t *db, int64_t office_id)
{
    return rows_array(db_query(db,
        "SELECT c.id, c.slug, c.title, c.type, c.state, c.published_at, o.slug, o.name, "
        "s.accepted, s.decided_at FROM content_share s JOIN content_item c ON c.id = s.item_id "
        "JOIN office o ON o.id = c.office_id WHERE s.office_id = ? AND c.state NOT IN "
        "('ditolak', 'ditarik') ORDER BY c.id DESC LIMIT 200", "i", office_id),
        "item_id:i slug title type state published_at:i from_slug from_name accepted:b "
        "decided_at:i");
}

json_t *news_share_sent(db_t *db, int64_t office_id)
{
    return rows_array(db_query(db,
        "SELECT c.id, c.title, o.slug, o.name, s.accepted, s.decided_at FROM content_share s "
        "JOIN content_item c ON c.id = s.item_id JOIN office o ON o.id = s.office_id WHERE "
        "c.office_id = ? ORDER BY c.id DESC, o.name LIMIT 500", "i", office_id),
        "item_id:i title to_slug to_name accepted:b decided_at:i");
}
