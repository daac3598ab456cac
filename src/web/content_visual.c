/* content_visual: the visual of a content item and what is made from an
 * item for places outside the portal (issue 16, C5):
 *  - /konten/{item}/visual: the desainer uploads an image, judged by its
 *    content (libmagic: JPEG, PNG or WebP; 600 to 8000 pixels; at most
 *    5 MB) and encoded afresh (util/picture.c) so nothing hidden after the
 *    picture is kept, or has Balai draw one from the item (print/content.c,
 *    1080 x 1080 or 1080 x 1350) with a proposed alt text to edit; the
 *    visual is a media row (source "content") linked by content_update, so
 *    the change is in the item's timeline;
 *  - /konten/{item}/teks-grup: the text for RT/RW WhatsApp groups
 *    (core/content_text.c) with a copy button (static/copy.js);
 *  - /konten/{item}/pamflet.pdf: the A4 pamphlet with a QR code to the
 *    item's page on the portal.
 * The picture check and storing are shared with `balai content import`. */
#include "web/content_visual.h"
#include "core/content.h"
#include "core/content_text.h"
#include "db/store_content.h"
#include "db/store_content_media.h"
#include "db/store_media.h"
#include "db/store_office.h"
#include "http/fields.h"
#include "http/page.h"
#include "print/print.h"
#include "util/filestore.h"
#include "util/jv.h"
#include "util/picture.h"
#include "util/utf8.h"
#include "web/web.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* States in which the desainer may still change the visual; after terbit a
 * change goes through the correction step. */
static const char *const DESIGN_STATES[] = {"bahan", "draf", "validasi", "desain", "jadwal", NULL};

static int design_open(const json_t *item)
{
    for (size_t i = 0; DESIGN_STATES[i]; i++)
        if (strcmp(jv_str(item, "state"), DESIGN_STATES[i]) == 0) return 1;
    return 0;
}

static const char *const STALE_MSG =
    "Konten ini baru saja diubah orang lain. Muat ulang halaman, lalu simpan lagi.";
#define ALT_PROPOSED 401             /* bytes of a proposed alt text, with its NUL */

static const char *const CLOSED_MSG =
    "Visual tidak dapat diubah lagi karena konten ini sudah terbit, ditarik, atau ditolak. Untuk "
    "konten yang sudah terbit, gunakan langkah koreksi.";

int web_visual_check(const void *data, size_t len, struct buf *out, const char **mime, char *msg,
                     size_t n)
{
    static const char *const types[] = {"image/jpeg", "image/png", "image/webp", NULL};
    const char *t = len ? web_file_type(data, len, types) : NULL;
    int kind = !t ? -1 : strcmp(t, "image/png") == 0 ? PICTURE_PNG
               : strcmp(t, "image/webp") == 0 ? PICTURE_WEBP : PICTURE_JPEG;
    int w = 0, h = 0;
    if (!len) snprintf(msg, n, "Pilih gambar terlebih dahulu.");
    else if (len > VISUAL_MAX_BYTES)
        snprintf(msg, n, "Gambar paling besar 5 MB; perkecil ukurannya lalu unggah lagi.");
    else if (!t) snprintf(msg, n, "Gambar harus berupa berkas JPEG, PNG, atau WebP.");
    else if (picture_size(data, len, kind, &w, &h) != 0)
        snprintf(msg, n, "Gambar tidak dapat dibaca; berkasnya mungkin rusak.");
    else if ((w < h ? w : h) < VISUAL_MIN_SIDE)
        snprintf(msg, n, "Gambar terlalu kecil (%d × %d piksel): sisi terpendeknya paling sedikit "
                 "600 piksel.", w, h);
    else if ((w > h ? w : h) > VISUAL_MAX_SIDE)
        snprintf(msg, n, "Gambar terlalu besar (%d × %d piksel): sisi terpanjangnya paling banyak "
                 "8000 piksel.", w, h);
    else if (picture_recode_as(data, len, kind, out) != 0)
        snprintf(msg, n, "Gambar tidak dapat dibaca; simpan ulang sebagai PNG atau JPEG lalu "
                 "unggah lagi.");
    else {
        *mime = t;
        return 0;
    }
    return -1;
}

int web_visual_store(db_t *db, int64_t office_id, const struct buf *bytes, const char *mime,
                     int64_t now, int64_t *media_id, char key[FILESTORE_KEY_LEN + 1])
{
    char sha[65], name[40];
    key[0] = '\0';
    if (!filestore_room(bytes->len) || filestore_put(bytes->p, bytes->len, key, sha) != 0) {
        key[0] = '\0';
        return -1;
    }
    snprintf(name, sizeof name, "visual.%s", strcmp(mime, "image/png") == 0 ? "png"
             : strcmp(mime, "image/webp") == 0 ? "webp" : "jpg");
    if (content_media_add(db, office_id, mime, name, (int64_t)bytes->len, key, sha, now,
                          media_id) != 0) {
        filestore_remove(key);
        key[0] = '\0';
        return -1;
    }
    return 0;
}

static void item_url(struct req *r, const json_t *item, const char *tail, char *out, size_t n)
{
    snprintf(out, n, "/console/o/%s/konten/%lld%s", jv_str(r->office, "slug"),
             (long long)jv_int(item, "id"), tail);
}

static void portal_url(struct req *r, const json_t *item, char *out, size_t n)
{
    char base[300];
    web_base_url(r, base, sizeof base);
    snprintf(out, n, "%s/o/%s/berita/%s", base, jv_str(r->office, "slug"), jv_str(item, "slug"));
}

/* The item as the printables want it: with its type's label and portal URL. */
static json_t *print_item(struct req *r, const json_t *item)
{
    char url[700];
    json_t *p = json_deep_copy(item);
    const struct content_type *t = content_type_find(jv_str(item, "type"));
    portal_url(r, item, url, sizeof url);
    json_object_set_new(p, "type_label", json_string(t ? t->label : ""));
    json_object_set_new(p, "portal_url", json_string(url));
    return p;
}

/* An alt text proposed from the title and summary, cut at n - 1 bytes. */
static void propose_alt(const json_t *item, char *out, size_t n)
{
    char all[1200];
    const char *sum = jv_str(item, "summary");
    snprintf(all, sizeof all, "Gambar berjudul \"%s\"%s%s", jv_str(item, "title"),
             *sum ? ". " : "", sum);
    utf8_copy(out, n, all);
}

static json_t *visual_vm(struct req *r, const json_t *item)
{
    char url[300], alt[ALT_PROPOSED];
    json_t *vm = web_vm(r, "Visual konten");
    json_t *it = json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:b}", "id",
                           (json_int_t)jv_int(item, "id"), "title", jv_str(item, "title"), "state",
                           jv_str(item, "state"), "state_label",
                           content_state_label(jv_str(item, "state")), "alt_text",
                           jv_str(item, "alt_text"), "version", (json_int_t)jv_int(item, "version"),
                           "open", design_open(item));
    if (jv_int(item, "media_id") > 0) {
        item_url(r, item, "/visual/gambar", url, sizeof url);
        char src[340];
        snprintf(src, sizeof src, "%s?v=%lld", url, (long long)jv_int(item, "media_id"));
        json_object_set_new(it, "visual_url", json_string(src));
    }
    item_url(r, item, "", url, sizeof url);
    json_object_set_new(it, "url", json_string(url));
    propose_alt(item, alt, sizeof alt);
    json_object_set_new(it, "proposed_alt", json_string(alt));
    json_object_set_new(vm, "item", it);
    if (!design_open(item)) json_object_set_new(vm, "closed", json_string(CLOSED_MSG));
    if (req_arg(r, "ok")) json_object_set_new(vm, "saved", json_true());
    return vm;
}

void web_content_visual(struct req *r)
{
    json_t *item;
    if (!(item = web_path_content(r))) return;
    json_t *vm = visual_vm(r, item);
    page_render(r, 200, "content_visual", vm);
    json_decref(item);
}

/* Re-renders the page with a message for `field` (422), or 409 when the
 * item moved on; what was typed stays in the form. */
static void visual_refuse(struct req *r, const json_t *item, int status, const char *field,
                          const char *msg)
{
    web_form_refuse(r, visual_vm(r, item), status, "content_visual", field, msg);
}

/* Links media_id (0: keep the current one) and alt text to the item in
 * one transaction with its audit row, then back to the page. */
static void visual_save(struct req *r, const json_t *item, int64_t media_id, const char *alt,
                        const struct buf *bytes, const char *mime)
{
    struct actor a = web_actor(r);
    if (req_int(r, "version") != jv_int(item, "version")) {
        visual_refuse(r, item, 409, NULL, STALE_MSG);
        return;
    }
    char key[FILESTORE_KEY_LEN + 1] = "";
    int rc = db_begin(r->db);
    if (rc == 0 && bytes) rc = web_visual_store(r->db, web_office_id(r), bytes, mime, r->now,
                                                &media_id, key);
    json_t *f = json_pack("{s:s}", "alt_text", alt);
    if (media_id > 0) json_object_set_new(f, "media_id", json_integer(media_id));
    if (rc == 0) rc = content_update(r->db, &a, item, f, r->now);
    json_decref(f);
    if (rc == 0 && db_commit(r->db) == 0) {
        char loc[300];
        item_url(r, item, "/visual?ok=1", loc, sizeof loc);
        resp_redirect(r, loc);
        return;
    }
    db_rollback(r->db);
    if (key[0]) filestore_remove(key);      /* no row names it any more */
    if (rc == 1)
        visual_refuse(r, item, 409, NULL, STALE_MSG);
    else
        web_db_fail(r);
}

/* Gate errors, the state, then the alt text: 1 when the handler may go on. */
static int visual_may(struct req *r, const json_t *item)
{
    if (!design_open(item)) {
        visual_refuse(r, item, 409, NULL, CLOSED_MSG);
        return 0;
    }
    if (r->errors && json_object_size(r->errors)) {
        visual_refuse(r, item, 422, NULL, NULL);
        return 0;
    }
    return 1;
}

void web_content_visual_upload(struct req *r)
{
    json_t *item;
    if (!(item = web_path_content(r))) return;
    const char *alt = req_text(r, "alt_text");
    if (!visual_may(r, item)) { json_decref(item); return; }
    if (!*alt) {
        visual_refuse(r, item, 422, "alt_text", "Teks alternatif wajib diisi: jelaskan isi "
                      "gambar untuk warga yang memakai pembaca layar.");
    } else if (!r->file.present || !r->file.data.len) {
        /* no file: the alt text of the current visual is edited */
        if (jv_int(item, "media_id") > 0) visual_save(r, item, 0, alt, NULL, NULL);
        else visual_refuse(r, item, 422, "gambar", "Pilih gambar terlebih dahulu.");
    } else {
        char msg[300];
        const char *mime = NULL;
        struct buf out;
        buf_init(&out, 64u << 20);
        if (web_visual_check(r->file.data.p, r->file.data.len, &out, &mime, msg, sizeof msg))
            visual_refuse(r, item, 422, "gambar", msg);
        else
            visual_save(r, item, 0, alt, &out, mime);
        buf_free(&out);
    }
    json_decref(item);
}

/* The office's logo as PNG bytes into out (left empty when it has none). */
static void office_logo_png(struct req *r, struct buf *out)
{
    char *type = NULL;
    void *data = NULL;
    size_t len = 0;
    if (!json_is_true(json_object_get(r->office, "has_logo")) ||
        office_logo(r->db, jv_str(r->office, "slug"), &type, &data, &len) != 0)
        return;
    if (picture_to_png(data, len, out) != 0) buf_reset(out);
    free(type);
    free(data);
}

void web_content_visual_make(struct req *r)
{
    json_t *item;
    if (!(item = web_path_content(r))) return;
    if (!visual_may(r, item)) { json_decref(item); return; }
    int height = strcmp(req_text(r, "ukuran"), "1080x1350") == 0 ? 1350 : 1080;
    char alt[ALT_PROPOSED];
    propose_alt(item, alt, sizeof alt);
    json_t *p = print_item(r, item);
    struct buf png, logo;
    buf_init(&png, 32u << 20);
    buf_init(&logo, 16u << 20);
    office_logo_png(r, &logo);
    if (print_visual_png(r->office, p, height, &logo, &png) != 0)
        page_error(r, 500, "Gagal membuat visual.");
    else
        visual_save(r, item, 0, *req_text(r, "alt_text") ? req_text(r, "alt_text") : alt, &png,
                    "image/png");
    buf_free(&logo);
    buf_free(&png);
    json_decref(p);
    json_decref(item);
}

/* The visual's bytes into out; its mime into *mime. 1, 0 none, -1 error. */
static int visual_bytes(struct req *r, const json_t *item, struct buf *out, char *mime, size_t n)
{
    json_t *m;
    if (jv_int(item, "media_id") <= 0) return 0;
    int rc = media_find(r->db, jv_int(item, "media_id"), web_office_id(r), &m);
    if (rc <= 0) return rc;
    snprintf(mime, n, "%s", jv_str(m, "mime"));
    rc = media_bytes(m, out) == 0 ? 1 : -1;
    json_decref(m);
    return rc;
}

void web_content_visual_image(struct req *r)
{
    json_t *item;
    if (!(item = web_path_content(r))) return;
    char mime[64];
    buf_reset(&r->out);
    int rc = visual_bytes(r, item, &r->out, mime, sizeof mime);
    json_decref(item);
    if (rc < 0) { page_error(r, 500, "Gambar tidak dapat dibaca."); return; }
    if (rc == 0) { page_error(r, 404, "Konten ini belum punya visual."); return; }
    r->status = 200;
    r->ctype = strcmp(mime, "image/png") == 0 ? "image/png"
               : strcmp(mime, "image/webp") == 0 ? "image/webp" : "image/jpeg";
    resp_header(r, "Cache-Control", "private, max-age=300");
}

void web_content_group(struct req *r)
{
    json_t *item;
    if (!(item = web_path_content(r))) return;
    if (strcmp(jv_str(item, "state"), "terbit") != 0) {
        page_error(r, 409, "Teks untuk grup WhatsApp baru tersedia setelah konten terbit, "
                   "agar tautannya dapat dibuka warga.");
        json_decref(item);
        return;
    }
    char url[700], back[300];
    portal_url(r, item, url, sizeof url);
    struct buf text;
    buf_init(&text, 0);
    content_group_text(item, jv_str(r->office, "name"), url, &text);
    json_t *vm = web_vm(r, "Teks untuk grup WhatsApp");
    item_url(r, item, "", back, sizeof back);
    json_object_set_new(vm, "item", json_pack("{s:s, s:s, s:s, s:s}", "title",
                                              jv_str(item, "title"), "url", back, "text",
                                              buf_cstr(&text), "portal_url", url));
    page_render(r, 200, "content_visual_group", vm);
    buf_free(&text);
    json_decref(item);
}

void web_content_pamphlet(struct req *r)
{
    json_t *item;
    if (!(item = web_path_content(r))) return;
    const char *st = jv_str(item, "state");
    if (strcmp(st, "terbit") != 0 && strcmp(st, "jadwal") != 0) {
        page_error(r, 409, "Pamflet dapat dicetak setelah konten dijadwalkan atau terbit, agar "
                   "kode QR-nya mengarah ke halaman yang dapat dibuka warga.");
        json_decref(item);
        return;
    }
    char mime[64], file[140];
    struct buf raw, png;
    buf_init(&raw, 16u << 20);
    buf_init(&png, 64u << 20);
    if (visual_bytes(r, item, &raw, mime, sizeof mime) == 1 &&
        picture_to_png(raw.p, raw.len, &png) != 0)
        buf_reset(&png);
    json_t *p = print_item(r, item);
    buf_reset(&r->out);
    if (print_pamphlet_pdf(r->office, p, &png, &r->out) != 0 || r->out.err) {
        page_error(r, 500, "Gagal membuat pamflet.");
    } else {
        r->status = 200;
        r->ctype = "application/pdf";
        snprintf(file, sizeof file, "inline; filename=\"pamflet-%s.pdf\"", jv_str(item, "slug"));
        resp_header(r, "Content-Disposition", file);
        resp_header(r, "Cache-Control", "private, no-store");
    }
    json_decref(p);
    buf_free(&raw);
    buf_free(&png);
    json_decref(item);
}
