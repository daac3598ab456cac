/* upload: the private upload link the bot sends when a citizen shares a
 * NIK or an ID photo in a chat. The link names one conversation of one
 * office, expires, accepts a few files (JPEG, PNG or PDF judged by
 * content, 5 MB each) and hands the conversation to staff. Files are only
 * readable in the console by staff of that office. */
#include "db/row.h"
#include "render/page.h"
#include "web/web.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UPLOAD_MAX (5u * 1024 * 1024)
#define UPLOADS_PER_LINK 10

/* the file name as the citizen's phone gave it, reduced to plain
 * characters for showing to staff */
static void safe_name(const char *in, char *out, size_t n)
{
    size_t k = 0;
    for (const char *p = in; *p && k + 1 < n && k < 100; p++) {
        unsigned char c = (unsigned char)*p;
        out[k++] = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                   c == '.' || c == '-' || c == '_' || c == ' ' ? (char)c : '_';
    }
    out[k] = '\0';
    if (!k) snprintf(out, n, "berkas");
}

/* the link's row if the token is known and still valid, else an error page */
static json_t *link_of(struct req *r)
{
    const char *token = req_param(r, "token");
    json_t *l = NULL;
    if (strlen(token) == 64) {
        unsigned char h[32];
        char hash[65];
        crypto_hash_sha256(h, (const unsigned char *)token, 64);
        sodium_bin2hex(hash, sizeof hash, h, sizeof h);
        db_stmt *st = db_query(r->db, "SELECT l.token_hash, l.office_id, l.conversation_id, "
                                      "l.expires_at, l.uploads, o.name FROM upload_link l "
                                      "JOIN office o ON o.id = l.office_id WHERE l.token_hash = ?",
                               "s", hash);
        l = row_first(st, "hash office_id:i conversation_id:i expires_at:i uploads:i office_name");
        db_done(st);
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
    json_decref(l);
}

void web_upload_form(struct req *r)
{
    json_t *l = link_of(r);
    if (l) form(r, l, 200, NULL, 0);
}

void web_upload(struct req *r)
{
    json_t *l = link_of(r);
    if (!l) return;
    static const char *const types[] = {"image/jpeg", "image/png", "application/pdf", NULL};
    const char *type = NULL, *err = NULL;
    if (json_integer_value(json_object_get(l, "uploads")) >= UPLOADS_PER_LINK)
        err = "Tautan ini sudah dipakai untuk 10 berkas. Mintalah tautan baru bila perlu.";
    else if (!r->file.present || !r->file.data.len) err = "Pilih berkas terlebih dahulu.";
    else if (r->file.data.len > UPLOAD_MAX) err = "Berkas paling besar 5 MB.";
    else if (!(type = web_file_type(r->file.data.p, r->file.data.len, types)))
        err = "Berkas harus berupa foto JPEG/PNG atau dokumen PDF.";
    if (err) {
        form(r, l, 422, err, 0);
        return;
    }
    size_t b64n = sodium_base64_ENCODED_LEN(r->file.data.len, sodium_base64_VARIANT_ORIGINAL);
    char *b64 = malloc(b64n);
    if (!b64) { json_decref(l); web_db_fail(r); return; }
    sodium_bin2base64(b64, b64n, (const unsigned char *)r->file.data.p, r->file.data.len,
                      sodium_base64_VARIANT_ORIGINAL);
    int64_t office = json_integer_value(json_object_get(l, "office_id"));
    int64_t conv = json_integer_value(json_object_get(l, "conversation_id"));
    char name[128], note[200];
    safe_name(r->file.filename, name, sizeof name);
    snprintf(note, sizeof note, "Dokumen diunggah lewat tautan pribadi: %s", name);
    int rc = db_begin(r->db);
    int64_t msg = 0;
    if (rc == 0 && conv)
        rc = db_int(r->db, &msg,
            "INSERT INTO message (office_id, channel, conversation_id, direction, kind, body, "
            "sensitive, status, sent_at, created_at, updated_at) SELECT ?, k.channel, c.id, 'in', "
            "'document', ?, 1, 'done', ?, ?, ? FROM conversation c JOIN contact k ON "
            "k.id = c.contact_id WHERE c.id = ? RETURNING id",
            "isiiii", office, note, r->now, r->now, r->now, conv) == DB_ROW ? 0 : -1;
    if (rc == 0)
        rc = db_run(r->db, "INSERT INTO media (office_id, conversation_id, message_id, source, mime, "
                           "filename, size, data, created_at) VALUES (?, ?, ?, 'upload', ?, ?, ?, ?, ?)",
                    "iIIssisi", office, conv, msg, type, name, (int64_t)r->file.data.len, b64, r->now);
    if (rc == 0)
        rc = db_run(r->db, "UPDATE upload_link SET uploads = uploads + 1 WHERE token_hash = ?", "s",
                    json_string_value(json_object_get(l, "hash")));
    /* a person checks documents: the bot steps aside */
    if (rc == 0 && conv)
        rc = db_run(r->db, "UPDATE conversation SET state = 'human', handover_reason = 'unggah', "
                           "last_message_at = ? WHERE id = ? AND state <> 'closed'", "ii", r->now, conv);
    if (rc == 0) rc = db_commit(r->db);
    free(b64);
    if (rc != 0) {
        db_rollback(r->db);
        json_decref(l);
        web_db_fail(r);
        return;
    }
    form(r, l, 200, NULL, 1);
}

/* GET /console/o/{office}/berkas/{media}: a file a citizen sent, for staff
 * of that office only, always as a download (never rendered inline). */
void web_media(struct req *r)
{
    db_stmt *st = db_query(r->db, "SELECT mime, filename, data FROM media WHERE id = ? AND "
                                  "office_id = ?", "ii", strtoll(req_param(r, "media"), NULL, 10),
                           web_office_id(r));
    json_t *m = row_first(st, "mime filename data");
    db_done(st);
    if (!m) { page_error(r, 404, "Berkas tidak ditemukan."); return; }
    const char *b64 = json_string_value(json_object_get(m, "data"));
    size_t cap = strlen(b64), len = 0;
    unsigned char *bin = malloc(cap + 1);
    if (!bin || sodium_base642bin(bin, cap, b64, cap, NULL, &len, NULL,
                                  sodium_base64_VARIANT_ORIGINAL) != 0) {
        free(bin);
        json_decref(m);
        page_error(r, 500, "Berkas tidak dapat dibaca.");
        return;
    }
    r->status = 200;
    r->ctype = json_string_value(json_object_get(m, "mime"));
    r->ctype = strcmp(r->ctype, "application/pdf") == 0 ? "application/pdf"
             : strcmp(r->ctype, "image/png") == 0 ? "image/png" : "image/jpeg";
    buf_reset(&r->out);
    buf_add(&r->out, bin, len);
    char disp[200];
    snprintf(disp, sizeof disp, "attachment; filename=\"berkas-%s\"", req_param(r, "media"));
    resp_header(r, "Content-Disposition", disp);
    resp_header(r, "Cache-Control", "private, no-store");
    free(bin);
    json_decref(m);
}
