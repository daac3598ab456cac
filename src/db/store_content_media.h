/* store_content_media: the SQL of an item's visual and of imported items
 * (issue 16, C5): a visual is a row of table media with source "content"
 * (its bytes a file of util/filestore.h), linked to the item through
 * content_update's media_id and alt_text. Functions that write run inside
 * the caller's transaction. */
#ifndef BALAI_STORE_CONTENT_MEDIA_H
#define BALAI_STORE_CONTENT_MEDIA_H
#include <stdint.h>
#include "db/db.h"

/* A media row for a content visual; *id gets its id. 0 or -1. */
int content_media_add(db_t *db, int64_t office_id, const char *mime, const char *filename,
                      int64_t size, const char *file_key, const char *sha256, int64_t now,
                      int64_t *id);

/* An imported published item keeps the date it was published on: sets
 * published_at (UTC seconds) without another decision. 0 or -1. */
int content_set_published_at(db_t *db, int64_t id, int64_t published_at);

#endif
