/* episode: a podcast episode's audio and video, attached in the console
 * and served to the public with byte ranges (issue 17; see episode.c). */
#ifndef BALAI_WEB_EPISODE_H
#define BALAI_WEB_EPISODE_H
#include <jansson.h>
#include <stdint.h>
#include "http/req.h"

/* The largest upload of one episode file (util/media.h's default spec). */
#define EPISODE_MAX_BYTES (200u * 1024 * 1024)

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
