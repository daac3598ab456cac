/* store_content_plan: see store_content_plan.h. */
#include "db/store_content_plan.h"
#include "db/row.h"
#include "util/jv.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

json_t *content_calendar(db_t *db, const struct content_cal_filter *f)
{
    /* a channel is matched as its quoted name inside the JSON array */
    char chan[64] = "";
    if (f->channel && *f->channel) snprintf(chan, sizeof chan, "%%\"%s\"%%", f->channel);
    const char *type = f->type ? f->type : "", *state = f->state ? f->state : "";
    json_t *rows = rows_array(db_query(db,
        "SELECT id, office_id, slug, type, state, title, publish_at, published_at, late, channels, "
        "CASE WHEN state = 'terbit' THEN published_at ELSE publish_at END AS at "
        "FROM content_item WHERE office_id = ? AND ((state = 'jadwal' AND publish_at >= ? AND "
        "publish_at < ?) OR (state = 'terbit' AND published_at >= ? AND published_at < ?)) AND "
        "(? = '' OR type = ?) AND (? = '' OR state = ?) AND (? = '' OR channels LIKE ?) "
        "ORDER BY at, id", "iiiiissssss", f->office_id, f->from, f->to, f->from, f->to, type, type,
        state, state, chan, chan),
        "id:i office_id:i slug type state title publish_at:i published_at:i late:b channels at:i");
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        json_t *v = json_loads(jv_str(row, "channels"), 0, NULL);
        json_object_set_new(row, "channels", v ? v : json_array());
    }
    return rows;
}

int content_plan_find(db_t *db, int64_t office_id, int year, int quarter, json_t **out)
{
    int rc = row_lookup(db_query(db,
        "SELECT p.targets, p.frequency, p.priorities, p.themes, p.updated_at, "
        "COALESCE(s.full_name, '') FROM content_plan p LEFT JOIN staff s ON s.id = p.updated_by "
        "WHERE p.office_id = ? AND p.year = ? AND p.quarter = ?", "idd", office_id, year, quarter),
        "targets frequency priorities themes updated_at:i updated_name", out);
    if (rc == DB_ROW) {
        json_t *t = json_loads(jv_str(*out, "targets"), 0, NULL);
        json_object_set_new(*out, "targets", json_is_object(t) ? t : json_object());
        if (t && !json_is_object(t)) json_decref(t);
    }
    return rc;
}

int content_plan_save(db_t *db, const struct actor *who, int64_t office_id, int year, int quarter,
                      const json_t *fields, int64_t now)
{
    json_t *before = NULL;
    if (content_plan_find(db, office_id, year, quarter, &before) < 0) return -1;
    char *targets = json_dumps(json_object_get(fields, "targets"), JSON_COMPACT | JSON_SORT_KEYS);
    int rc = targets ? db_run(db,
        "INSERT INTO content_plan (office_id, year, quarter, targets, frequency, priorities, "
        "themes, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT "
        "(office_id, year, quarter) DO UPDATE SET targets = excluded.targets, frequency = "
        "excluded.frequency, priorities = excluded.priorities, themes = excluded.themes, "
        "updated_by = excluded.updated_by, updated_at = excluded.updated_at", "iddssssIi",
        office_id, year, quarter, targets, jv_str(fields, "frequency"),
        jv_str(fields, "priorities"), jv_str(fields, "themes"), who ? who->id : 0, now) : -1;
    if (rc == 0) {
        char eid[48];
        snprintf(eid, sizeof eid, "%d-Q%d", year, quarter);
        json_t *b = before ? json_pack("{s:O, s:O, s:O, s:O}", "targets",
                                       json_object_get(before, "targets"), "frequency",
                                       json_object_get(before, "frequency"), "priorities",
                                       json_object_get(before, "priorities"), "themes",
                                       json_object_get(before, "themes")) : json_object();
        rc = audit_append(db, who, office_id, "content_plan.save", "content_plan", eid, b,
                          (json_t *)fields, now);
        json_decref(b);
    }
    free(targets);
    json_decref(before);
    return rc;
}

int content_feed_set(db_t *db, const struct actor *who, int64_t office_id, const char *hash,
                     int64_t now)
{
    int rc = db_run(db, "DELETE FROM content_feed WHERE office_id = ?", "i", office_id);
    if (rc == 0)
        rc = db_run(db, "INSERT INTO content_feed (office_id, token_hash, created_by, created_at) "
                    "VALUES (?, ?, ?, ?)", "isIi", office_id, hash, who ? who->id : 0, now);
    if (rc == 0) {
        json_t *a = json_pack("{s:s}", "feed", "alamat baru");
        rc = audit_append(db, who, office_id, "content_feed.renew", "content_feed", "ical", NULL,
                          a, now);
        json_decref(a);
    }
    return rc;
}

int content_feed_office(db_t *db, const char *hash, int64_t *office_id)
{
    return db_int(db, office_id, "SELECT office_id FROM content_feed WHERE token_hash = ?", "s",
                  hash);
}

int content_feed_created(db_t *db, int64_t office_id, int64_t *at)
{
    *at = 0;
    int rc = db_int(db, at, "SELECT created_at FROM content_feed WHERE office_id = ?", "i",
                    office_id);
    return rc < 0 ? rc : 0;
}
