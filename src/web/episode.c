/* episode: the audio and video of a podcast episode (issue 17, seed 001
 * SIMPATRI). An episode is a content item of type "podcast" with media:
 *  - /console/o/{office}/konten/{item}/episode: the desainer or the
 *    writer uploads an MP3/M4A audio or an MP4 (H.264/AAC) video; the
 *    bytes are judged by util/media.c against the show's specification
 *    (never by their name or the type the browser claims), stored like a
 *    visual (a media row with source "content", db/store_content_media.c)
 *    and linked as the episode's audio or video, with an audit row of the
 *    item ("content.media", so it is on the item's timeline);
 *  - /o/{office}/berita/{slug}/episode/{audio|video}-{id}.{ext}: the file
 *    of a published episode, answered from its descriptor with
 *    Accept-Ranges, a single Range as 206 with exactly those bytes (416
 *    when it cannot be satisfied), an ETag and a year's caching (the name
 *    changes with the file). */
#include "web/episode.h"
#include "core/content.h"
#include "db/store_audit.h"
#include "db/store_content.h"
#include "db/store_content_media.h"
#include "http/fields.h"
#include "http/page.h"
#include "util/filestore.h"
#include "util/jv.h"
#include "util/media.h"
#include "web/news.h"
#include "web/web.h"
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const OPEN_STATES[] = {"bahan", "draf", "validasi", "desain", "jadwal", NULL};

static int episode_open(const json_t *item)
{
    for (size_t i = 0; OPEN_STATES[i]; i++)
        if (strcmp(jv_str(item, "state"), OPEN_STATES[i]) == 0) return 1;
    return 0;
}

void episode_file_name(const json_t *medium, char *out, size_t n)
{
    const char *mime = jv_str(medium, "mime");
    snprintf(out, n, "%s-%lld.%s", jv_str(medium, "kind"), (long long)jv_int(medium, "media_id"),
             strcmp(mime, "audio/mpeg") == 0 ? "mp3" : strcmp(mime, "audio/x-m4a") == 0 ? "m4a"
             : "mp4");
}

/* The media list with what a page shows: duration, size, file name. */
static json_t *media_view(json_t *list)
{
    size_t i;
    json_t *m;
    json_array_foreach(list, i, m) {
        char detail[200], res[40] = "", name[64];
        int s = (int)jv_int(m, "seconds");
        if (jv_int(m, "width") > 0)
            snprintf(res, sizeof res, ", %lld × %lld piksel", (long long)jv_int(m, "width"),
                     (long long)jv_int(m, "height"));
        long long tenths = (jv_int(m, "size") * 10 + 512 * 1024) / (1024 * 1024);
        snprintf(detail, sizeof detail, "%s, durasi %d:%02d:%02d, %lld,%lld MB, %lld kbps%s",
                 jv_str(m, "mime"), s / 3600, s / 60 % 60, s % 60, tenths / 10, tenths % 10,
                 (long long)jv_int(m, "kbps"), res);
        episode_file_name(m, name, sizeof name);
        json_object_set_new(m, "detail", json_string(detail));
        json_object_set_new(m, "file", json_string(name));
        json_object_set_new(m, "label", json_string(strcmp(jv_str(m, "kind"), "video") == 0
                                                    ? "Video" : "Audio"));
        json_object_del(m, "file_key");
    }
    return list;
}

static int may_attach(struct req *r, const json_t *item)
{
    return (r->perms & (PERM_CONTENT_DESIGN | PERM_CONTENT_DRAFT)) &&
           strcmp(jv_str(item, "type"), "podcast") == 0;
}

static json_t *episode_vm(struct req *r, const json_t *item)
{
    char url[300];
    json_t *vm = web_vm(r, "Media episode");
    json_t *media = episode_media_list(r->db, jv_int(item, "id"));
    snprintf(url, sizeof url, "/console/o/%s/konten/%lld", jv_str(r->office, "slug"),
             (long long)jv_int(item, "id"));
    json_object_set_new(vm, "item", json_pack("{s:I, s:s, s:s, s:s, s:b, s:b}", "id",
                                              (json_int_t)jv_int(item, "id"), "title",
                                              jv_str(item, "title"), "url", url, "state_label",
                                              content_state_label(jv_str(item, "state")),
                                              "open", episode_open(item) && may_attach(r, item),
                                              "podcast", !strcmp(jv_str(item, "type"), "podcast")));
    json_object_set_new(vm, "media", media ? media_view(media) : json_array());
    if (req_arg(r, "ok")) json_object_set_new(vm, "saved", json_true());
    return vm;
}

/* The item of the path, when the member may attach media to it: 1; else
 * 0 after the refusal page. */
static int episode_item(struct req *r, json_t **item)
{
    if (!(*item = web_path_content(r))) return 0;
    if (!(r->perms & (PERM_CONTENT_DESIGN | PERM_CONTENT_DRAFT))) {
        page_error(r, 403, "Hanya penulis, editor, atau desainer konten yang dapat memasang "
                   "media episode.");
    } else if (strcmp(jv_str(*item, "type"), "podcast") != 0) {
        page_error(r, 409, "Audio atau video hanya dapat dipasang pada konten berjenis episode "
                   "podcast.");
    } else
        return 1;
    json_decref(*item);
    *item = NULL;
    return 0;
}

/* Any member who may view the item sees its media; the form is for those
 * who may attach them, on an episode still being made. */
void web_episode(struct req *r)
{
    json_t *item;
    if (!(item = web_path_content(r))) return;
    page_render(r, 200, "episode", episode_vm(r, item));
    json_decref(item);
}

static void episode_refuse(struct req *r, const json_t *item, int status, const char *msg)
{
    web_form_refuse(r, episode_vm(r, item), status, "episode", "berkas", msg);
}

int web_episode_keep(db_t *db, int64_t office_id, int64_t item_id, const struct buf *b,
                     const struct media_info *mi, int64_t now, char key[FILESTORE_KEY_LEN + 1])
{
    char sha[65], name[40];
    struct episode_medium em = {.item_id = item_id, .kind = mi->video ? "video" : "audio",
                                .seconds = (int)(mi->seconds + 0.5), .kbps = mi->kbps,
                                .width = mi->width, .height = mi->height};
    key[0] = '\0';
    if (!filestore_room(b->len) || filestore_put(b->p, b->len, key, sha) != 0) {
        key[0] = '\0';
        return -1;
    }
    snprintf(name, sizeof name, "episode.%s", mi->ext);
    if (content_media_add(db, office_id, mi->mime, name, (int64_t)b->len, key, sha, now,
                          &em.media_id) != 0 || episode_media_set(db, &em, now) != 0)
        return -1;
    return 0;
}

/* The checked upload kept and linked, in one transaction with the audit
 * row. 0 or -1. */
static int episode_store(struct req *r, const json_t *item, const struct media_info *mi)
{
    char key[FILESTORE_KEY_LEN + 1] = "", eid[24];
    snprintf(eid, sizeof eid, "%lld", (long long)jv_int(item, "id"));
    struct actor a = web_actor(r);
    json_t *after = json_pack("{s:s, s:s, s:i}", "kind", mi->video ? "video" : "audio", "mime",
                              mi->mime, "seconds", (int)(mi->seconds + 0.5));
    int rc = db_begin(r->db);
    if (rc == 0) rc = web_episode_keep(r->db, web_office_id(r), jv_int(item, "id"),
                                       &r->file.data, mi, r->now, key);
    if (rc == 0) rc = audit_append(r->db, &a, web_office_id(r), "content.media", "content", eid,
                                   NULL, after, r->now);
    json_decref(after);
    if (rc == 0 && db_commit(r->db) == 0) return 0;
    db_rollback(r->db);
    if (key[0]) filestore_remove(key);
    return -1;
}

void web_episode_upload(struct req *r)
{
    json_t *item;
    if (!episode_item(r, &item)) return;
    struct media_spec spec;
    struct media_info mi;
    char msg[300];
    media_spec_default(&spec);
    if (!episode_open(item))
        episode_refuse(r, item, 409, "Media tidak dapat diubah lagi karena episode ini sudah "
                       "terbit, ditarik, atau ditolak.");
    else if (r->errors && json_object_size(r->errors))
        episode_refuse(r, item, 422, NULL);
    else if (!r->file.present || !r->file.data.len)
        episode_refuse(r, item, 422, "Pilih berkas audio atau video terlebih dahulu.");
    else if (media_check(r->file.data.p, r->file.data.len, &spec, &mi, msg, sizeof msg) != 0)
        episode_refuse(r, item, 422, msg);
    else if (episode_store(r, item, &mi) != 0)
        web_db_fail(r);
    else {
        char loc[300];
        snprintf(loc, sizeof loc, "/console/o/%s/konten/%lld/episode?ok=1",
                 jv_str(r->office, "slug"), (long long)jv_int(item, "id"));
        resp_redirect(r, loc);
    }
    json_decref(item);
}

json_t *episode_player(db_t *db, const json_t *office, const json_t *item)
{
    if (strcmp(jv_str(item, "type"), "podcast") != 0) return NULL;
    json_t *list = episode_media_list(db, jv_int(item, "id")), *m, *p = NULL;
    size_t i;
    json_array_foreach(list, i, m) {
        char url[400], name[64];
        const char *kind = jv_str(m, "kind");
        episode_file_name(m, name, sizeof name);
        snprintf(url, sizeof url, "/o/%s/berita/%s/episode/%s", jv_str(office, "slug"),
                 jv_str(item, "slug"), name);
        if (!p) p = json_object();
        json_object_set_new(p, strcmp(kind, "video") == 0 ? "video_url" : "audio_url",
                            json_string(url));
        json_object_set_new(p, strcmp(kind, "video") == 0 ? "video_type" : "audio_type",
                            json_string(jv_str(m, "mime")));
    }
    json_decref(list);
    return p;
}

/* ---- the public file ---------------------------------------------------- */

/* "bytes=a-b", "bytes=a-" or "bytes=-n" against a file of `size` bytes:
 * 1 with [*from, *to] set, 0 when there is no single byte range to honour
 * (absent, several, malformed: the whole file is sent), -1 when it cannot
 * be satisfied (416). */
int episode_range(const char *h, uint64_t size, uint64_t *from, uint64_t *to)
{
    if (!h || strncmp(h, "bytes=", 6) != 0 || strchr(h, ',')) return 0;
    const char *p = h + 6;
    char *end;
    errno = 0;
    if (*p == '-') {
        unsigned long long n = strtoull(p + 1, &end, 10);
        if (end == p + 1 || *end || errno) return 0;
        if (n == 0 || size == 0) return -1;
        *from = n >= size ? 0 : size - n;
        *to = size - 1;
        return 1;
    }
    if (*p < '0' || *p > '9') return 0;
    unsigned long long a = strtoull(p, &end, 10), b;
    if (*end != '-' || errno) return 0;
    p = end + 1;
    if (*p) {
        if (*p < '0' || *p > '9') return 0;
        b = strtoull(p, &end, 10);
        if (*end || errno || b < a) return 0;
    } else
        b = size ? size - 1 : 0;
    if (a >= size) return -1;
    *from = a;
    *to = b >= size ? size - 1 : b;
    return 1;
}

/* The medium named {file} of the published episode {slug}: 1, or 0/-1
 * after the 404/503 page. */
static int public_medium(struct req *r, json_t **office, json_t **medium)
{
    json_t *item = NULL, *list = NULL, *m;
    *medium = NULL;
    int found = news_office(r, office);
    if (found <= 0) return found;
    found = content_find_slug(r->db, jv_int(*office, "id"), req_param(r, "slug"), &item);
    if (found > 0 && (strcmp(jv_str(item, "state"), "terbit") != 0 ||
                      strcmp(jv_str(item, "type"), "podcast") != 0))
        found = 0;
    if (found > 0 && !(list = episode_media_list(r->db, jv_int(item, "id")))) found = -1;
    size_t i;
    json_array_foreach(list, i, m) {
        char name[64];
        episode_file_name(m, name, sizeof name);
        if (strcmp(name, req_param(r, "file")) == 0) *medium = json_incref(m);
    }
    json_decref(list);
    json_decref(item);
    if (found < 0) { page_db_down(r); return -1; }
    if (!*medium) { page_error(r, 404, "Berkas episode ini tidak ditemukan."); return 0; }
    return 1;
}

/* Headers, then the bytes asked for from the open file. */
static void send_medium(struct req *r, const json_t *m, int fd, uint64_t size)
{
    char etag[40], v[96];
    uint64_t from = 0, to = size ? size - 1 : 0;
    snprintf(etag, sizeof etag, "\"%.32s\"", jv_str(m, "sha256"));
    resp_header(r, "Accept-Ranges", "bytes");
    resp_header(r, "ETag", etag);
    resp_header(r, "Cache-Control", "public, max-age=31536000, immutable");
    const char *inm = req_header(r, "If-None-Match"), *ifr = req_header(r, "If-Range");
    int rg = ifr && strcmp(ifr, etag) != 0 ? 0 : episode_range(req_header(r, "Range"), size,
                                                                &from, &to);
    if (inm && strcmp(inm, etag) == 0) {
        close(fd);
        r->status = 304;
    } else if (rg < 0) {
        close(fd);
        snprintf(v, sizeof v, "bytes */%" PRIu64, size);
        resp_header(r, "Content-Range", v);
        resp_text(r, 416, "text/plain; charset=utf-8", "Rentang byte tidak tersedia.\n");
    } else {
        if (rg > 0) {
            snprintf(v, sizeof v, "bytes %" PRIu64 "-%" PRIu64 "/%" PRIu64, from, to, size);
            resp_header(r, "Content-Range", v);
        }
        const char *mime = jv_str(m, "mime");       /* a literal: m is freed before sending */
        resp_fd(r, rg > 0 ? 206 : 200, !strcmp(mime, "audio/mpeg") ? "audio/mpeg"
                : !strcmp(mime, "audio/x-m4a") ? "audio/x-m4a" : "video/mp4", fd, from,
                to - from + 1);
    }
}

void web_episode_file(struct req *r)
{
    json_t *office, *m;
    if (public_medium(r, &office, &m) <= 0) { json_decref(office); return; }
    char path[700];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", filestore_dir(), jv_str(m, "file_key"));
    int fd = *jv_str(m, "file_key") ? open(path, O_RDONLY | O_CLOEXEC) : -1;
    if (fd < 0 || fstat(fd, &st) != 0) {
        if (fd >= 0) close(fd);
        page_error(r, 500, "Berkas episode tidak dapat dibaca.");
    } else
        send_medium(r, m, fd, (uint64_t)st.st_size);
    json_decref(m);
    json_decref(office);
}
