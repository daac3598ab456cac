/* content_visual: the handlers of an item's visual, group text and
 * pamphlet (web/content_visual.c), and the picture check and store that
 * `balai content import` shares with the upload form. */
#ifndef BALAI_WEB_CONTENT_VISUAL_H
#define BALAI_WEB_CONTENT_VISUAL_H
#include <stddef.h>
#include <stdint.h>
#include "db/db.h"
#include "http/req.h"
#include "util/buf.h"

#define VISUAL_MAX_BYTES (5u * 1024 * 1024)
#define VISUAL_MIN_SIDE 600
#define VISUAL_MAX_SIDE 8000

/* Judges an image by its content (JPEG, PNG or WebP by libmagic; the short
 * side at least 600 pixels, the long side at most 8000; at most 5 MB) and
 * encodes it afresh into out, *mime its type. 0, or -1 with the reason in
 * Bahasa Indonesia in msg. */
int web_visual_check(const void *data, size_t len, struct buf *out, const char **mime, char *msg,
                     size_t n);
/* Keeps checked bytes as a file and a media row (source "content") of the
 * office, in the caller's transaction; *media_id gets the row, key the
 * file's key ("" when none was written), so a caller whose transaction
 * rolls back removes the file (filestore_remove). 0 or -1. */
int web_visual_store(db_t *db, int64_t office_id, const struct buf *bytes, const char *mime,
                     int64_t now, int64_t *media_id, char key[33]);

void web_content_visual(struct req *r);
void web_content_visual_upload(struct req *r);
void web_content_visual_make(struct req *r);
void web_content_visual_image(struct req *r);
void web_content_group(struct req *r);
void web_content_pamphlet(struct req *r);

#endif
