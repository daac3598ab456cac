/* media: a podcast episode's audio or video file read with libavformat
 * (issue 17) and judged against a show's specification. Only headers and
 * the first frames are read (probe limits, a demuxer and codec allowlist),
 * never the whole stream, and the caller bounds the size before: a hostile
 * upload costs at most a few megabytes of parsing. The file's name and the
 * type the client claims are never looked at. */
#ifndef BALAI_MEDIA_H
#define BALAI_MEDIA_H
#include <stddef.h>
#include <stdint.h>

/* What a show accepts. Zero in a limit means "no limit". */
struct media_spec {
    int64_t max_bytes;            /* size of one file */
    double min_seconds, max_seconds;
    int min_kbps, max_kbps;       /* overall bit rate */
    int rates[4];                 /* allowed sample rates, 0-ended */
    int max_width, max_height;    /* video: the long and the short side */
    int min_width;                /* video: the long side */
    double min_fps, max_fps;      /* video */
};

/* The default specification: MP3 or AAC (M4A) audio at 44.1 or 48 kHz,
 * 32 to 320 kbit/s, 10 s to 4 h, at most 200 MB; MP4 video with H.264 and
 * AAC, 480 to 1920 px wide, at most 1080 px high (or 1920 high when
 * standing), 23 to 60 frames a second, at most 200 MB. */
void media_spec_default(struct media_spec *s);

struct media_info {
    int video;                    /* 1: video episode, 0: audio */
    const char *mime;             /* "audio/mpeg", "audio/x-m4a" or "video/mp4" */
    const char *ext;              /* "mp3", "m4a" or "mp4" */
    double seconds;
    int kbps, sample_rate, channels;
    int width, height;
    double fps;
};

/* Reads `len` bytes at `data` and checks them against `spec`. 0 and *info
 * filled, or -1 with the reason in Indonesian in msg. */
int media_check(const void *data, size_t len, const struct media_spec *spec,
                struct media_info *info, char *msg, size_t n);

#endif
