/* store_media: see store_media.h. */
#include "db/store_media.h"
#include "core/reqtype.h"
#include "core/uplink.h"
#include "db/row.h"
#include "util/filestore.h"
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

int media_add(db_t *db, const struct media_new *m)
{
    return db_run(db, "INSERT INTO media (office_id, conversation_id, message_id, request_id, "
                      "source, mime, filename, size, data, file_key, sha256, client_addr, "
                      "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?)",
                  "iIIIsssisssi", m->office_id, m->conversation_id, m->message_id, m->request_id,
                  m->source,
                  m->mime, m->filename ? m->filename : "", m->size, m->file_key, m->sha256,
                  m->client_addr ? m->client_addr : "", m->now);
}

int media_attach_request(db_t *db, int64_t request_id, int64_t conversation_id,
                         int64_t first_message, int64_t since)
{
    if (db_run(db, "UPDATE media SET request_id = ? WHERE conversation_id = ? AND request_id IS "
                   "NULL AND message_id >= ?", "iii", request_id, conversation_id,
               first_message) != 0)
        return -1;
    return db_run(db, "UPDATE upload_link SET request_id = ? WHERE conversation_id = ? AND "
                      "request_id IS NULL AND created_at >= ?", "iii", request_id,
                  conversation_id, since);
}

int64_t media_complaint_of_message(db_t *db, int64_t message_id)
{
    int64_t id = 0;
    int rc = db_int(db, &id, "SELECT CASE WHEN r.request_type = ? THEN r.id ELSE 0 END FROM "
                             "request r JOIN message m ON m.conversation_id = r.conversation_id "
                             "WHERE m.id = ? AND r.created_at >= m.created_at ORDER BY r.id "
                             "LIMIT 1", "si", REQ_TYPE_COMPLAINT, message_id);
    return rc == DB_ROW ? id : rc == DB_DONE ? 0 : -1;
}

#define MEDIA_COLS "id:i mime filename size:i file_key data"

int media_find(db_t *db, int64_t id, int64_t office_id, json_t **out)
{
    return row_lookup(db_query(db,
        "SELECT m.id, m.mime, m.filename, m.size, m.file_key, m.data, COALESCE("
        "(SELECT r.number FROM request r WHERE r.id = m.request_id), "
        "(SELECT r.number FROM request r WHERE r.conversation_id = m.conversation_id AND "
        "r.created_at <= m.created_at ORDER BY r.id DESC LIMIT 1), '') FROM media m "
        "WHERE m.id = ? AND m.office_id = ?", "ii", id, office_id),
        MEDIA_COLS " number", out);
}

json_t *media_get(db_t *db, int64_t id, int64_t office_id)
{
    json_t *m;
    media_find(db, id, office_id, &m);
    return m;
}

json_t *media_of_message(db_t *db, int64_t message_id)
{
    db_stmt *st = db_query(db, "SELECT id, mime, filename, size, file_key, data FROM media "
                               "WHERE message_id = ? ORDER BY id LIMIT 1", "i", message_id);
    json_t *m = row_first(st, MEDIA_COLS);
    db_done(st);
    return m;
}

int media_bytes(const json_t *row, struct buf *out)
{
    const char *key = json_string_value(json_object_get(row, "file_key"));
    if (key && *key) return filestore_get(key, out);
    /* a row from before migration 009: base64 in the row */
    const char *b64 = json_string_value(json_object_get(row, "data"));
    size_t cap = b64 ? strlen(b64) : 0, len = 0;
    unsigned char *bin = malloc(cap / 4 * 3 + 3);
    int rc = bin && sodium_base642bin(bin, cap / 4 * 3 + 3, b64 ? b64 : "", cap, NULL, &len,
                                      NULL, sodium_base64_VARIANT_ORIGINAL) == 0 ? 0 : -1;
    if (rc == 0) rc = buf_add(out, bin, len);
    free(bin);
    return rc;
}

int64_t media_upload_bytes_addr(db_t *db, const char *addr, int64_t since)
{
    int64_t n = 0;
    return db_int(db, &n, "SELECT COALESCE(SUM(size), 0) FROM media WHERE client_addr = ? "
                          "AND created_at >= ? AND source = 'upload'", "si", addr, since) == DB_ROW
               ? n : -1;
}

int64_t media_upload_bytes_office(db_t *db, int64_t office_id, int64_t since)
{
    int64_t n = 0;
    return db_int(db, &n, "SELECT COALESCE(SUM(size), 0) FROM media WHERE office_id = ? "
                          "AND created_at >= ? AND source = 'upload'", "ii", office_id, since)
                   == DB_ROW ? n : -1;
}

int media_link_find(db_t *db, const char *hash, json_t **out)
{
    return row_lookup(db_query(db, "SELECT l.token_hash, l.office_id, l.conversation_id, "
                                   "l.request_id, l.expires_at, l.uploads, o.name FROM "
                                   "upload_link l JOIN office o ON o.id = l.office_id WHERE "
                                   "l.token_hash = ?", "s", hash),
                      "hash office_id:i conversation_id:i request_id:i expires_at:i uploads:i "
                      "office_name", out);
}

json_t *media_link_get(db_t *db, const char *hash)
{
    json_t *l;
    media_link_find(db, hash, &l);
    return l;
}

int media_link_used(db_t *db, const char *hash)
{
    return db_run(db, "UPDATE upload_link SET uploads = uploads + 1 WHERE token_hash = ?", "s",
                  hash);
}

int media_request_link(db_t *db, int64_t office_id, int64_t request_id, int64_t now, int64_t ttl,
                       char masked[65])
{
    char hash[65];
    if (uplink_new(masked, hash) != 0) return -1;
    return db_run(db, "INSERT INTO upload_link (token_hash, office_id, request_id, expires_at, "
                      "created_at) VALUES (?, ?, ?, ?, ?)", "siiii", hash, office_id, request_id,
                  now + ttl, now);
}

/* One legacy row into a file; 1 moved, 0 taken by another instance, -1. */
static int move_one(db_t *db, const json_t *row)
{
    struct buf b;
    char key[FILESTORE_KEY_LEN + 1], sha[65];
    buf_init(&b, 0);
    int rc = media_bytes(row, &b);
    if (rc == 0) rc = filestore_put(b.p ? b.p : "", b.len, key, sha);
    buf_free(&b);
    if (rc != 0) return -1;
    int64_t changed = 0;
    rc = db_run_changes(db, &changed, "UPDATE media SET file_key = ?, sha256 = ?, data = '' "
                                      "WHERE id = ? AND file_key = ''", "ssi", key, sha,
                        json_integer_value(json_object_get(row, "id")));
    if (rc != 0 || changed == 0) filestore_remove(key);
    return rc != 0 ? -1 : changed > 0;
}

int media_move_to_files(db_t *db)
{
    int moved = 0;
    for (;;) {
        db_stmt *st = db_query(db, "SELECT id, mime, filename, size, file_key, data FROM media "
                                   "WHERE file_key = '' AND data <> '' ORDER BY id LIMIT 50", "");
        json_t *rows = rows_array(st, MEDIA_COLS);
        db_done(st);
        if (!rows) return -1;
        size_t i, n = json_array_size(rows);
        json_t *row;
        int rc = 0;
        json_array_foreach(rows, i, row) {
            rc = move_one(db, row);
            if (rc < 0) break;
            moved += rc;
        }
        json_decref(rows);
        if (rc < 0) return -1;
        if (n < 50) return moved;
    }
}

int64_t media_legacy_count(db_t *db)
{
    int64_t n = 0;
    return db_int(db, &n, "SELECT COUNT(*) FROM media WHERE file_key = '' AND data <> ''", "")
               == DB_ROW ? n : -1;
}

int64_t media_count_of_message(db_t *db, int64_t message_id)
{
    int64_t n = 0;
    int rc = db_int(db, &n, "SELECT COUNT(*) FROM media WHERE message_id = ?", "i", message_id);
    return rc == DB_ROW ? n : -1;
}
