/* upload: the private upload link the bot or staff send when a citizen has
 * to hand over an ID photo or a document. The link names one conversation
 * of one office, expires, accepts a few files (JPEG, PNG or PDF judged by
 * content, 5 MB each) and hands the conversation to staff. Files are only
 * readable in the console by staff of that office.
 *
 * A link is anonymous, so what it may cost is bounded before any of the
 * body is read (web_upload_begin): the token must be valid, the sender's
 * address and the office must be under their upload quotas, the files'
 * disk must keep its reserve, and only a few uploads run at once. The file
 * then streams to disk (util/filestore.h), never into memory whole while
 * it arrives. Photos are decoded and encoded afresh (util/picture.h), so
 * what is kept is only the picture (a PNG with an HTML page appended is
 * not kept as such). */
#include "bot/bot.h"
#include "core/uplink.h"
#include "db/store_chat.h"
#include "db/store_media.h"
#include "http/page.h"
#include "util/filestore.h"
#include "util/picture.h"
#include "util/jv.h"
#include "web/web.h"
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UPLOAD_MAX (5u * 1024 * 1024)
#define UPLOADS_PER_LINK 10
#define UPLOADS_AT_ONCE 16          /* whole server: bounds the temporary files too */
#define UPLOADS_AT_ONCE_ADDR 3      /* from one address */
#define SNIFF_BYTES (64u * 1024)    /* enough for libmagic to judge the type */
#define MB (1024 * 1024)

/* the uploads arriving now, by address: a few slow senders from one
 * address cannot take every slot */
static pthread_mutex_t slots_lock = PTHREAD_MUTEX_INITIALIZER;
static char slots[UPLOADS_AT_ONCE][64];

struct upstate {
    struct fs_tmp tmp;      /* fd -1 when refused: the body is read and dropped */
    json_t *link;
    char addr[64];
    int over;               /* the file passed UPLOAD_MAX: the rest is dropped */
    int slot;               /* 1 + its index in slots while it holds one */
    int status;             /* refused: the answer, given once the body is in */
    const char *why;
};

static int64_t env_mb(const char *name, int64_t dflt)
{
    const char *e = getenv(name);
    return (e && *e ? strtoll(e, NULL, 10) : dflt) * MB;
}

/* the file name as the citizen's phone gave it, reduced to plain
 * characters for showing to staff, a NIK in it masked ("KTP 3201...pdf") */
static void safe_name(const char *in, char *out, size_t n)
{
    char plain[128];
    size_t k = 0;
    n = n < sizeof plain ? n : sizeof plain;
    for (const char *p = in; *p && k + 1 < n && k < 100; p++) {
        unsigned char c = (unsigned char)*p;
        plain[k++] = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                     c == '.' || c == '-' || c == '_' || c == ' ' ? (char)c : '_';
    }
    plain[k] = '\0';
    bot_mask(plain, out, n);
    if (!k) snprintf(out, n, "berkas");
}

/* the link's row if the token is known and still valid, else an error page
 * (410, or 503 when the database failed: the link may well be good) */
static json_t *link_of(struct req *r)
{
    const char *token = req_param(r, "token");
    json_t *l = NULL;
    if (strlen(token) == 64 && strspn(token, "0123456789abcdef") == 64) {
        char hash[65];
        uplink_hash(token, hash);
        if (media_link_find(r->db, hash, &l) < 0) {
            page_db_down(r);
            return NULL;
        }
    }
    if (!l || json_integer_value(json_object_get(l, "expires_at")) < r->now) {
        json_decref(l);
        page_error(r, 410, "Tautan unggah ini sudah kedaluwarsa atau tidak dikenal. Mintalah "
                           "tautan baru lewat percakapan dengan kantor.");
        return NULL;
    }
    return l;
}

static void form(struct req *r, json_t *l, int status, const char *error, int done)
{
    json_t *vm = web_vm(r, "Unggah dokumen");
    json_object_set_new(vm, "office_name", json_incref(json_object_get(l, "office_name")));
    json_object_set_new(vm, "token", json_string(req_param(r, "token")));
    if (error) json_object_set_new(vm, "error", json_string(error));
    if (done) json_object_set_new(vm, "done", json_true());
    resp_header(r, "Cache-Control", "no-store");
    resp_header(r, "Referrer-Policy", "no-referrer");
    page_render(r, status, "upload", vm);
}

void web_upload_form(struct req *r)
{
    json_t *l = link_of(r);
    if (l) form(r, l, 200, NULL, 0);
    json_decref(l);
}

static int sink(struct req *r, const char *data, size_t n)
{
    struct upstate *s = r->file.state;
    if (s->why) return 0;
    if (s->over || s->tmp.size + n > UPLOAD_MAX) {
        s->over = 1;        /* the rest is read and dropped; the handler says why */
        return 0;
    }
    if (filestore_write(&s->tmp, data, n) != 0) {
        s->status = 503;
        s->why = "Berkas tidak dapat disimpan saat ini. Silakan coba lagi sebentar lagi.";
    }
    return 0;
}

static void end(struct req *r)
{
    struct upstate *s = r->file.state;
    filestore_abort(&s->tmp);
    json_decref(s->link);
    if (s->slot) {
        pthread_mutex_lock(&slots_lock);
        slots[s->slot - 1][0] = '\0';
        pthread_mutex_unlock(&slots_lock);
    }
    free(s);
    r->file.state = NULL;
    r->file.end = NULL;
}

/* Why this upload may not start, or NULL; *status gets the HTTP status. */
static const char *refusal(struct req *r, const json_t *l, const char *addr, int *status)
{
    const char *cl = req_header(r, MHD_HTTP_HEADER_CONTENT_LENGTH);
    int64_t len = cl ? strtoll(cl, NULL, 10) : UPLOAD_MAX;
    if (len <= 0 || len > UPLOAD_MAX) len = UPLOAD_MAX;
    int64_t by_addr = media_upload_bytes_addr(r->db, addr, r->now - 3600);
    int64_t by_office = media_upload_bytes_office(
        r->db, json_integer_value(json_object_get(l, "office_id")), r->now - 86400);
    *status = 422;
    if (json_integer_value(json_object_get(l, "uploads")) >= UPLOADS_PER_LINK)
        return "Tautan ini sudah dipakai untuk 10 berkas. Mintalah tautan baru bila perlu.";
    *status = 429;
    if (by_addr < 0 || by_office < 0) {
        *status = 503;
        return "Layanan sedang tidak dapat membuka basis data. Coba lagi sebentar.";
    }
    if (by_addr + len > env_mb("BALAI_UPLOAD_ADDR_MB", 50))
        return "Batas unggahan dari jaringan Anda untuk satu jam ini sudah tercapai. Silakan "
               "coba lagi nanti, atau bawa dokumen langsung ke kantor.";
    if (by_office + len > env_mb("BALAI_UPLOAD_OFFICE_MB", 1000))
        return "Kantor ini sudah menerima sangat banyak unggahan hari ini. Silakan coba lagi "
               "besok, atau bawa dokumen langsung ke kantor.";
    *status = 503;
    if (!filestore_room((uint64_t)len))
        return "Tempat penyimpanan berkas sedang hampir penuh, jadi unggahan dihentikan "
               "sementara. Silakan coba lagi nanti, atau bawa dokumen langsung ke kantor.";
    return NULL;
}

/* Takes a slot for an upload from addr: 1 + its index, or 0 when the
 * server or this address has as many running as it may. */
static int slot_take(const char *addr)
{
    int same = 0, free_at = -1;
    pthread_mutex_lock(&slots_lock);
    for (int i = 0; i < UPLOADS_AT_ONCE; i++) {
        if (!slots[i][0] && free_at < 0) free_at = i;
        else if (slots[i][0] && strcmp(slots[i], addr) == 0) same++;
    }
    if (same >= UPLOADS_AT_ONCE_ADDR) free_at = -1;
    if (free_at >= 0) snprintf(slots[free_at], sizeof slots[0], "%s", addr);
    pthread_mutex_unlock(&slots_lock);
    return free_at + 1;
}

int web_upload_begin(struct req *r)
{
    r->db = db_thread();
    if (!r->db) {
        page_error(r, 503, "Layanan sedang tidak dapat membuka basis data. Coba lagi sebentar.");
        return -1;
    }
    json_t *l = link_of(r);     /* a wrong token is answered at once, the body unread */
    struct upstate *s = l ? calloc(1, sizeof *s) : NULL;
    if (!s) {
        if (l) web_db_fail(r);
        json_decref(l);
        return -1;
    }
    s->link = l;
    s->tmp.fd = -1;
    /* the quota's address: the peer, or the forwarded one behind a
     * trusted proxy (http/client_addr.c) */
    snprintf(s->addr, sizeof s->addr, "%s", r->client);
    r->file.state = s;
    r->file.sink = sink;
    r->file.end = end;
    /* a valid link over a limit: the body is read and dropped, so the
     * citizen's browser shows the reason instead of a broken connection */
    s->why = refusal(r, l, s->addr, &s->status);
    if (!s->why && !(s->slot = slot_take(s->addr))) {
        s->status = 503;
        s->why = "Sedang banyak unggahan yang berjalan. Silakan coba lagi sebentar lagi.";
    } else if (!s->why) {
        if (filestore_begin(&s->tmp) != 0) {
            s->status = 503;
            s->why = "Berkas tidak dapat disimpan saat ini. Silakan coba lagi sebentar lagi.";
        }
    }
    return 0;
}

/* Puts the upload (its bytes in `in`) in its final file; key/sha256/size
 * are set. 0, or -1 with *err when the file is refused (NULL err: it could
 * not be stored). */
static int keep(struct upstate *s, const struct buf *in, const char *type, char *key, char *sha,
                int64_t *size, const char **err)
{
    *err = NULL;
    if (strcmp(type, "application/pdf") == 0) {
        *size = (int64_t)s->tmp.size;
        return filestore_commit(&s->tmp, key, sha);
    }
    struct buf out;
    buf_init(&out, 4 * UPLOAD_MAX);
    int rc = picture_recode(in->p, in->len, strcmp(type, "image/png") == 0, &out);
    if (rc != 0) *err = "Foto tidak dapat dibaca. Kirim ulang foto dalam format JPEG atau PNG.";
    if (rc == 0) rc = filestore_put(out.p, out.len, key, sha);
    *size = (int64_t)out.len;
    buf_free(&out);
    return rc;
}

/* The message, the media row, the link's count and the handover, in one
 * transaction. 0 or -1. */
static int record(struct req *r, struct upstate *s, const char *type, const char *key,
                  const char *sha, int64_t size)
{
    json_t *l = s->link;
    int64_t office = json_integer_value(json_object_get(l, "office_id"));
    int64_t conv = json_integer_value(json_object_get(l, "conversation_id"));
    int64_t request = json_integer_value(json_object_get(l, "request_id"));
    char name[128], note[200];
    safe_name(r->file.filename, name, sizeof name);
    snprintf(note, sizeof note, "Dokumen diunggah lewat tautan pribadi: %s", name);
    int rc = db_begin(r->db);
    int64_t msg = 0;
    if (rc == 0 && conv) rc = chat_upload_message(r->db, office, conv, note, r->now, &msg);
    struct media_new m = {.office_id = office, .conversation_id = conv, .message_id = msg,
                          .request_id = request, .source = "upload", .mime = type, .filename = name, .size = size,
                          .file_key = key, .sha256 = sha, .client_addr = s->addr, .now = r->now};
    if (rc == 0) rc = media_add(r->db, &m);
    if (rc == 0) rc = media_link_used(r->db, json_string_value(json_object_get(l, "hash")));
    /* a person checks documents: the bot steps aside */
    if (rc == 0 && conv) rc = chat_upload_handover(r->db, conv, r->now);
    if (rc == 0) rc = db_commit(r->db);
    if (rc != 0) db_rollback(r->db);
    return rc;
}

static int read_whole(struct upstate *s, struct buf *in)
{
    buf_reset(in);
    return filestore_read_tmp(&s->tmp, in, UPLOAD_MAX);
}

void web_upload(struct req *r)
{
    struct upstate *s = r->file.state;
    if (!s) {       /* route_begin did not run: nothing was kept */
        page_error(r, 410, "Tautan unggah ini sudah kedaluwarsa atau tidak dikenal.");
        return;
    }
    static const char *const types[] = {"image/jpeg", "image/png", "application/pdf", NULL};
    const char *type = NULL, *err = NULL;
    struct buf in;
    buf_init(&in, UPLOAD_MAX);
    if (s->why) {
        form(r, s->link, s->status, s->why, 0);
        return;
    }
    if (!r->file.present || !s->tmp.size) err = "Pilih berkas terlebih dahulu.";
    else if (s->over) err = "Berkas paling besar 5 MB.";
    else if (filestore_read_tmp(&s->tmp, &in, SNIFF_BYTES) != 0)
        err = "Berkas tidak dapat dibaca. Coba lagi.";
    else if (!(type = web_file_type(in.p, in.len, types)))
        err = "Berkas harus berupa foto JPEG/PNG atau dokumen PDF.";
    /* a photo is decoded whole; a PDF is kept as it arrived */
    else if (strcmp(type, "application/pdf") != 0 && read_whole(s, &in) != 0)
        err = "Berkas tidak dapat dibaca. Coba lagi.";
    char key[FILESTORE_KEY_LEN + 1] = "", sha[65] = "";
    int64_t size = 0;
    int rc = err ? -1 : keep(s, &in, type, key, sha, &size, &err);
    buf_free(&in);
    if (rc == 0 && record(r, s, type, key, sha, size) != 0) {
        filestore_remove(key);
        web_db_fail(r);
        return;
    }
    if (rc != 0 && !err) {
        page_error(r, 503, "Berkas tidak dapat disimpan saat ini. Silakan coba lagi sebentar lagi.");
        return;
    }
    form(r, s->link, err ? 422 : 200, err, !err);
}

/* The name a download is saved under: the registration number of its
 * request (if any), then the name the citizen's phone gave without its
 * extension, in lower case with every other character run made one '-'
 * ("JLT-2026-00012-ktp-budi"), else "berkas-<id>"; then the extension of
 * the checked type, never the one the sender claimed. */
static void download_name(const json_t *m, const char *ext, char *out, size_t n)
{
    const char *fname = jv_str(m, "filename"), *dot = strrchr(fname, '.');
    size_t len = dot && strlen(dot) <= 6 ? (size_t)(dot - fname) : strlen(fname);
    char stem[48];
    size_t k = 0;
    for (size_t i = 0; i < len && k + 1 < sizeof stem; i++) {
        unsigned char c = (unsigned char)fname[i];
        if (isalnum(c)) stem[k++] = (char)tolower(c);
        else if (k && stem[k - 1] != '-') stem[k++] = '-';
    }
    while (k && stem[k - 1] == '-') k--;
    stem[k] = '\0';
    if (!k) snprintf(stem, sizeof stem, "berkas-%lld", (long long)jv_int(m, "id"));
    const char *number = jv_str(m, "number");
    snprintf(out, n, "%s%s%s.%s", number, *number ? "-" : "", stem, ext);
}

/* GET /console/o/{office}/berkas/{media}: a file a citizen sent, for staff
 * of that office only, always as a download (never rendered inline), named
 * after its request and the citizen's file name (download_name) with the
 * extension of its checked type. The inbox thread and the request page
 * link it. */
void web_media(struct req *r)
{
    int64_t id = strtoll(req_param(r, "media"), NULL, 10);
    json_t *m;
    int found = media_find(r->db, id, web_office_id(r), &m);
    if (found < 0) { page_db_down(r); return; }
    if (!found) { page_error(r, 404, "Berkas tidak ditemukan."); return; }
    const char *mime = json_string_value(json_object_get(m, "mime"));
    const char *ext = strcmp(mime, "application/pdf") == 0 ? "pdf"
                    : strcmp(mime, "image/png") == 0 ? "png"
                    : strcmp(mime, "image/jpeg") == 0 ? "jpg" : "bin";
    buf_reset(&r->out);
    if (media_bytes(m, &r->out) != 0) {
        json_decref(m);
        page_error(r, 500, "Berkas tidak dapat dibaca.");
        return;
    }
    r->status = 200;
    r->ctype = strcmp(ext, "pdf") == 0 ? "application/pdf" : strcmp(ext, "png") == 0 ? "image/png"
             : strcmp(ext, "jpg") == 0 ? "image/jpeg" : "application/octet-stream";
    char name[120], disp[200];
    download_name(m, ext, name, sizeof name);
    snprintf(disp, sizeof disp, "attachment; filename=\"%s\"", name);
    resp_header(r, "Content-Disposition", disp);
    resp_header(r, "Cache-Control", "private, no-store");
    json_decref(m);
}
