/* store_content_media: the SQL of an item's visual and of imported items
 * (issue 16, C5): a visual is a row of table media with source "content"
 * (its bytes a file of util/filestore.h), linked to the item through
 * content_update's media_id and alt_text. Functions that write run inside
 * the caller's transaction. */
#ifndef BALAI_STORE_CONTENT_MEDIA_H
#define BALAI_STORE_CONTENT_MEDIA_H
#include <stdint.h>
#include <jansson.h>
#include "db/db.h"

/* A media row for a content visual; *id gets its id. 0 or -1. */
int content_media_add(db_t *db, int64_t office_id, const char *mime, const char *filename,
                      int64_t size, const char *file_key, const char *sha256, int64_t now,
                      int64_t *id);

/* An imported published item keeps the date it was published on: sets
 * published_at (UTC seconds) without another decision. 0 or -1. */
int content_set_published_at(db_t *db, int64_t id, int64_t published_at);

/* An episode's audio or video (issue 17, migration 021): what util/media.c
 * read from it, replacing the episode's earlier one of that kind. */
struct episode_medium {
    int64_t item_id, media_id;
    const char *kind;               /* "audio" or "video" */
    int seconds, kbps, width, height;
};
int episode_media_set(db_t *db, const struct episode_medium *m, int64_t now);

/* An episode's media as an array of {kind media_id seconds:i kbps:i width:i
 * height:i mime size:i file_key sha256 created_at:i}, audio first; NULL on
 * error. */
json_t *episode_media_list(db_t *db, int64_t item_id);

/* The office's show: {title description category explicit:b owner_name
 * owner_email cover_media_id:i updated_at:i}; DB_ROW, DB_DONE (none set
 * yet, *out NULL) or an error. */
int podcast_show_find(db_t *db, int64_t office_id, json_t **out);
/* Writes the show's fields (the keys above; cover_media_id 0 keeps the
 * current cover). 0 or -1. */
int podcast_show_set(db_t *db, int64_t office_id, const json_t *show, int64_t now);

#endif
