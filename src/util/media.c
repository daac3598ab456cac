/* media: a podcast episode's audio or video read with libavformat from
 * memory and checked against the show's specification (see media.h). The
 * demuxers are limited to MP3, the MP4/M4A family and, only to name them in
 * the refusal, raw AAC and WAV; the decoders to MP3, AAC and H.264; the
 * probe reads at most PROBE_BYTES and analyses at most PROBE_USEC, and no
 * single allocation inside libav may pass MAX_ALLOC. */
#include "util/media.h"
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
#include <libavutil/dict.h>
#include <libavutil/mem.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define PROBE_BYTES (2 * 1024 * 1024)
#define PROBE_USEC (5 * 1000 * 1000)
#define IO_BUF 65536

void media_spec_default(struct media_spec *s)
{
    memset(s, 0, sizeof *s);
    s->max_bytes = 200LL * 1024 * 1024;
    s->min_seconds = 10;
    s->max_seconds = 4 * 3600;
    s->min_kbps = 32;
    s->max_kbps = 320;
    s->rates[0] = 44100;
    s->rates[1] = 48000;
    s->max_width = 1920;
    s->max_height = 1080;
    s->min_width = 480;
    s->min_fps = 23;
    s->max_fps = 60;
}

struct mem { const uint8_t *p; size_t len, pos; };

static int mem_read(void *opaque, uint8_t *buf, int size)
{
    struct mem *m = opaque;
    size_t left = m->len - m->pos, k = (size_t)size < left ? (size_t)size : left;
    if (!k) return AVERROR_EOF;
    memcpy(buf, m->p + m->pos, k);
    m->pos += k;
    return (int)k;
}

static int64_t mem_seek(void *opaque, int64_t off, int whence)
{
    struct mem *m = opaque;
    int64_t base = 0;
    whence &= ~AVSEEK_FORCE;
    if (whence == AVSEEK_SIZE) return (int64_t)m->len;
    if (whence == SEEK_CUR) base = (int64_t)m->pos;
    else if (whence == SEEK_END) base = (int64_t)m->len;
    else if (whence != SEEK_SET) return -1;
    if (base + off < 0 || base + off > (int64_t)m->len) return -1;
    m->pos = (size_t)(base + off);
    return (int64_t)m->pos;
}

/* No block libav allocates may exceed MAX_ALLOC: a few kilobytes of MP4
 * can claim tens of millions of samples, and the demuxer would allocate
 * their index (hundreds of megabytes) before reading a sample. 32 MB holds
 * the index of a 4-hour 60 fps video. */
#define MAX_ALLOC (32u * 1024 * 1024)

static void libav_once(void)
{
    av_log_set_level(AV_LOG_QUIET);
    av_max_alloc(MAX_ALLOC);
}

/* Opens the bytes with the allowlists and probe limits; 0 or -1. */
static int open_mem(struct mem *m, AVFormatContext **out)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, libav_once);
    AVFormatContext *fc = avformat_alloc_context();
    uint8_t *iobuf = av_malloc(IO_BUF);
    AVIOContext *io = iobuf ? avio_alloc_context(iobuf, IO_BUF, 0, m, mem_read, NULL, mem_seek)
                            : NULL;
    AVDictionary *opt = NULL;
    if (!fc || !io) goto fail;
    fc->pb = io;
    fc->flags |= AVFMT_FLAG_CUSTOM_IO;
    av_dict_set(&opt, "format_whitelist", "mp3,mov,aac,wav", 0);
    av_dict_set(&opt, "codec_whitelist", "mp3,mp3float,aac,h264", 0);
    av_dict_set_int(&opt, "probesize", PROBE_BYTES, 0);
    av_dict_set_int(&opt, "analyzeduration", PROBE_USEC, 0);
    av_dict_set_int(&opt, "max_streams", 8, 0);
    int rc = avformat_open_input(&fc, NULL, NULL, &opt);    /* frees fc on failure */
    av_dict_free(&opt);
    if (rc < 0) { fc = NULL; goto fail; }
    if (avformat_find_stream_info(fc, NULL) < 0) goto fail;
    *out = fc;
    return 0;
fail:
    if (fc) avformat_close_input(&fc);
    if (io) av_freep(&io->buffer);
    else av_free(iobuf);
    avio_context_free(&io);
    return -1;
}

static void close_mem(AVFormatContext *fc)
{
    AVIOContext *io = fc->pb;
    avformat_close_input(&fc);
    av_freep(&io->buffer);
    avio_context_free(&io);
}

/* The one audio and the one (not cover-art) video stream; -1 when there
 * are several of a kind. */
static int pick_streams(AVFormatContext *fc, AVStream **a, AVStream **v)
{
    *a = *v = NULL;
    for (unsigned i = 0; i < fc->nb_streams; i++) {
        AVStream *s = fc->streams[i];
        enum AVMediaType t = s->codecpar->codec_type;
        if (t == AVMEDIA_TYPE_VIDEO && (s->disposition & AV_DISPOSITION_ATTACHED_PIC)) continue;
        if (t == AVMEDIA_TYPE_AUDIO) { if (*a) return -1; *a = s; }
        else if (t == AVMEDIA_TYPE_VIDEO) { if (*v) return -1; *v = s; }
    }
    return 0;
}

/* Container and codecs: the kind of episode into info, or a reason. */
static int check_codecs(AVFormatContext *fc, AVStream *a, AVStream *v, struct media_info *info,
                        char *msg, size_t n)
{
    const char *f = fc->iformat->name;
    if (strcmp(f, "wav") == 0)
        snprintf(msg, n, "Berkas WAV tidak diterima aplikasi podcast. Ubah ke MP3 atau M4A (AAC) "
                 "lalu unggah lagi.");
    else if (strcmp(f, "aac") == 0)
        snprintf(msg, n, "Berkas AAC mentah tidak diterima aplikasi podcast. Simpan sebagai M4A "
                 "lalu unggah lagi.");
    else if (!a)
        snprintf(msg, n, "Berkas ini tidak berisi suara. Episode harus punya satu jalur audio.");
    else if (strcmp(f, "mp3") == 0 && !v && a->codecpar->codec_id == AV_CODEC_ID_MP3) {
        info->mime = "audio/mpeg", info->ext = "mp3";
        return 0;
    } else if (strcmp(f, "mp3") == 0)
        snprintf(msg, n, "Berkas MP3 ini tidak dapat dibaca sebagai audio MP3.");
    else if (a->codecpar->codec_id != AV_CODEC_ID_AAC)
        snprintf(msg, n, "Suara dalam berkas MP4/M4A harus dikodekan AAC.");
    else if (v && v->codecpar->codec_id != AV_CODEC_ID_H264)
        snprintf(msg, n, "Video harus dikodekan H.264 (AVC). Ubah kodenya lalu unggah lagi.");
    else {
        info->video = v != NULL;
        info->mime = v ? "video/mp4" : "audio/x-m4a";
        info->ext = v ? "mp4" : "m4a";
        return 0;
    }
    return -1;
}

static int rate_allowed(const struct media_spec *s, int rate)
{
    if (!s->rates[0]) return 1;
    for (int i = 0; i < 4 && s->rates[i]; i++)
        if (s->rates[i] == rate) return 1;
    return 0;
}

/* Duration, bit rate and sample rate against the spec. */
static int check_audio(const struct media_spec *s, const struct media_info *i, char *msg,
                       size_t n)
{
    if (i->seconds <= 0)
        snprintf(msg, n, "Durasi berkas tidak dapat dibaca; berkasnya mungkin rusak.");
    else if (s->min_seconds > 0 && i->seconds < s->min_seconds)
        snprintf(msg, n, "Episode terlalu pendek (%.0f detik); paling sedikit %.0f detik.",
                 i->seconds, s->min_seconds);
    else if (s->max_seconds > 0 && i->seconds > s->max_seconds)
        snprintf(msg, n, "Episode terlalu panjang (%.0f menit); paling lama %.0f menit.",
                 i->seconds / 60, s->max_seconds / 60);
    else if (s->min_kbps && i->kbps < s->min_kbps)
        snprintf(msg, n, "Laju bit terlalu rendah (%d kbps); paling sedikit %d kbps.", i->kbps,
                 s->min_kbps);
    else if (s->max_kbps && !i->video && i->kbps > s->max_kbps)
        snprintf(msg, n, "Laju bit terlalu tinggi (%d kbps); paling banyak %d kbps.", i->kbps,
                 s->max_kbps);
    else if (!rate_allowed(s, i->sample_rate))
        snprintf(msg, n, "Laju sampel %d Hz tidak diterima; gunakan 44.100 atau 48.000 Hz.",
                 i->sample_rate);
    else
        return 0;
    return -1;
}

static int check_video(const struct media_spec *s, const struct media_info *i, char *msg,
                       size_t n)
{
    int landscape = i->width >= i->height;
    int lw = landscape ? i->width : i->height, lh = landscape ? i->height : i->width;
    if (i->width <= 0 || i->height <= 0)
        snprintf(msg, n, "Ukuran gambar video tidak dapat dibaca; berkasnya mungkin rusak.");
    else if (s->min_width && (lw < s->min_width))
        snprintf(msg, n, "Resolusi video terlalu kecil (%d × %d); sisi terpanjang paling sedikit "
                 "%d piksel.", i->width, i->height, s->min_width);
    else if ((s->max_width && lw > s->max_width) || (s->max_height && lh > s->max_height))
        snprintf(msg, n, "Resolusi video terlalu besar (%d × %d); paling besar %d × %d.",
                 i->width, i->height, s->max_width, s->max_height);
    else if ((s->min_fps > 0 && i->fps < s->min_fps) || (s->max_fps > 0 && i->fps > s->max_fps))
        snprintf(msg, n, "Laju bingkai %.2f per detik tidak diterima; gunakan %.0f sampai %.0f "
                 "bingkai per detik.", i->fps, s->min_fps, s->max_fps);
    else
        return 0;
    return -1;
}

static void read_info(AVFormatContext *fc, AVStream *a, AVStream *v, size_t len,
                      struct media_info *i)
{
    i->seconds = fc->duration > 0 ? (double)fc->duration / AV_TIME_BASE : 0;
    int64_t br = fc->bit_rate > 0 ? fc->bit_rate
                 : i->seconds > 0 ? (int64_t)((double)len * 8 / i->seconds) : 0;
    if (!v && a->codecpar->bit_rate > 0) br = a->codecpar->bit_rate;
    i->kbps = (int)((br + 500) / 1000);
    i->sample_rate = a->codecpar->sample_rate;
    i->channels = a->codecpar->ch_layout.nb_channels;
    if (v) {
        AVRational r = v->avg_frame_rate.num ? v->avg_frame_rate : v->r_frame_rate;
        i->width = v->codecpar->width;
        i->height = v->codecpar->height;
        i->fps = r.den ? av_q2d(r) : 0;
    }
}

int media_check(const void *data, size_t len, const struct media_spec *spec,
                struct media_info *info, char *msg, size_t n)
{
    struct mem m = {data, len, 0};
    AVFormatContext *fc = NULL;
    AVStream *a, *v;
    memset(info, 0, sizeof *info);
    if (!len) {
        snprintf(msg, n, "Pilih berkas audio atau video terlebih dahulu.");
        return -1;
    }
    if (spec->max_bytes && (int64_t)len > spec->max_bytes) {
        snprintf(msg, n, "Berkas terlalu besar; paling besar %lld MB.",
                 (long long)(spec->max_bytes / (1024 * 1024)));
        return -1;
    }
    if (open_mem(&m, &fc) != 0) {
        snprintf(msg, n, "Berkas ini bukan audio MP3/M4A atau video MP4 yang dapat dibaca.");
        return -1;
    }
    int rc = -1;
    if (pick_streams(fc, &a, &v) != 0)
        snprintf(msg, n, "Berkas berisi lebih dari satu jalur audio atau video.");
    else if (check_codecs(fc, a, v, info, msg, n) == 0) {
        read_info(fc, a, v, len, info);
        rc = check_audio(spec, info, msg, n);
        if (rc == 0 && v) rc = check_video(spec, info, msg, n);
    }
    close_mem(fc);
    return rc;
}
