/* store_content_media: see store_content_media.h. */
#include "db/store_content_media.h"

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
