/* episode: a podcast episode's audio and video, attached in the console
 * and served to the public with byte ranges (issue 17; see episode.c). */
#ifndef BALAI_WEB_EPISODE_H
#define BALAI_WEB_EPISODE_H
#include <jansson.h>
#include <stdint.h>
#include "http/req.h"
#include "util/filestore.h"
#include "util/media.h"

/* The largest upload of one episode file (util/media.h's default spec). */
#define EPISODE_MAX_BYTES (200u * 1024 * 1024)

/* Keeps checked bytes as a file and links them as the episode's audio or
 * video (replacing the earlier one), inside the caller's transaction;
 * key gets the file's name so the caller can remove it on rollback. Shared
 * with `balai content import`. 0 or -1. */
int web_episode_keep(db_t *db, int64_t office_id, int64_t item_id, const struct buf *b,
                     const struct media_info *mi, int64_t now, char key[FILESTORE_KEY_LEN + 1]);

/* What the portal's page of a published episode plays: {audio_url
 * audio_type video_url video_type} (those it has), NULL when the item is
 * not an episode or has no file. */
json_t *episode_player(db_t *db, const json_t *office, const json_t *item);

void web_episode(struct req *r);
void web_episode_upload(struct req *r);
void web_episode_file(struct req *r);

/* The public file name of one of episode_media_list's rows,
 * "audio-12.mp3", "audio-13.m4a" or "video-14.mp4". */
void episode_file_name(const json_t *medium, char *out, size_t n);
/* A Range header against a file of `size` bytes: 1 with the bytes
 * [*from, *to], 0 to send the whole file, -1 for 416. */
int episode_range(const char *h, uint64_t size, uint64_t *from, uint64_t *to);

#endif
