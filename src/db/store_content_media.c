/* store_content_media: see store_content_media.h. */
#include "db/store_content_media.h"
#include "db/row.h"
#include "util/jv.h"

int content_media_add(db_t *db, int64_t office_id, const char *mime, const char *filename,
                      int64_t size, const char *file_key, const char *sha256, int64_t now,
                      int64_t *id)
{
    return db_int(db, id, "INSERT INTO media (office_id, source, mime, filename, size, data, "
                          "file_key, sha256, created_at) VALUES (?, 'content', ?, ?, ?, '', ?, ?, "
                          "?) RETURNING id", "ississi", office_id, mime, filename, size,
                  file_key, sha256, now) == DB_ROW ? 0 : -1;
}

int content_set_published_at(db_t *db, int64_t id, int64_t published_at)
{
    return db_run(db, "UPDATE content_item SET published_at = ? WHERE id = ?", "ii", published_at,
                  id);
}

int episode_media_set(db_t *db, const struct episode_medium *m, int64_t now)
{
    if (db_run(db, "DELETE FROM episode_media WHERE item_id = ? AND kind = ?", "is", m->item_id,
               m->kind) != 0)
        return -1;
    return db_run(db, "INSERT INTO episode_media (item_id, kind, media_id, seconds, kbps, width, "
                      "height, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "isiddddi",
                  m->item_id, m->kind, m->media_id, m->seconds, m->kbps, m->width, m->height,
                  now) == 0 ? 0 : -1;
}

json_t *episode_media_list(db_t *db, int64_t item_id)
{
    db_stmt *st = db_query(db, "SELECT e.kind, e.media_id, e.seconds, e.kbps, e.width, e.height, "
                               "m.mime, m.size, COALESCE(m.file_key, ''), COALESCE(m.sha256, ''), "
                               "e.created_at FROM episode_media e JOIN media m ON m.id = "
                               "e.media_id WHERE e.item_id = ? ORDER BY e.kind", "i", item_id);
    return rows_array(st, "kind media_id:i seconds:i kbps:i width:i height:i mime size:i "
                          "file_key sha256 created_at:i");   /* rows_array ends the statement */
}

int podcast_show_find(db_t *db, int64_t office_id, json_t **out)
{
    db_stmt *st = db_query(db, "SELECT title, description, category, explicit, owner_name, "
                               "owner_email, COALESCE(cover_media_id, 0), updated_at FROM "
                               "podcast_show WHERE office_id = ?", "i", office_id);
    int rc = row_lookup(st, "title description category explicit:b owner_name owner_email "
                            "cover_media_id:i updated_at:i", out);
    db_done(st);
    return rc;
}

int podcast_show_set(db_t *db, int64_t office_id, const json_t *s, int64_t now)
{
    int64_t cover = jv_int(s, "cover_media_id");
    if (db_run(db, "INSERT INTO podcast_show (office_id, updated_at) VALUES (?, ?) ON CONFLICT "
                   "(office_id) DO NOTHING", "ii", office_id, now) != 0)
        return -1;
    return db_run(db, "UPDATE podcast_show SET title = ?, description = ?, category = ?, "
                      "explicit = ?, owner_name = ?, owner_email = ?, cover_media_id = CASE WHEN "
                      "? > 0 THEN ? ELSE cover_media_id END, updated_at = ? WHERE office_id = ?",
                  "sssdssiiii", jv_str(s, "title"), jv_str(s, "description"),
                  jv_str(s, "category"), json_is_true(json_object_get(s, "explicit")),
                  jv_str(s, "owner_name"), jv_str(s, "owner_email"), cover, cover, now,
                  office_id) == 0 ? 0 : -1;
}
