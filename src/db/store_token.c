/* store_token: see store_token.h. */
#include "db/store_token.h"
#include "db/row.h"
#include "db/store_audit.h"
#include "db/store_staff.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int token_label_check(const char *label, char *msg, size_t n)
{
    size_t len = strlen(label);
    int ok = len > 0 && len <= TOKEN_LABEL_MAX && label[0] != ' ' && label[len - 1] != ' ';
    for (const char *p = label; ok && *p; p++)
        ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
             strchr(" ._-:/", *p) != NULL;
    if (!ok)
        snprintf(msg, n, "Nama token wajib diisi, paling panjang %d karakter, dan hanya berisi "
                 "huruf, angka, spasi, titik, titik dua, garis miring, garis bawah, atau tanda "
                 "hubung.", TOKEN_LABEL_MAX);
    return ok ? 0 : -1;
}

int token_days_parse(const char *text, int *days, char *msg, size_t n)
{
    char *end;
    long v = *text ? strtol(text, &end, 10) : 0;
    if (*text && (*end || v < 1 || v > TOKEN_DAYS_MAX || text[0] == '+' || text[0] == ' ')) {
        snprintf(msg, n, "Masa berlaku harus berupa jumlah hari, dari 1 sampai %d (tanpa masa "
                 "berlaku, token berlaku sampai dicabut).", TOKEN_DAYS_MAX);
        return -1;
    }
    *days = (int)v;
    return 0;
}

void token_hash(const char *token, char hash[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
    sodium_bin2hex(hash, 65, h, sizeof h);
}

void token_make(char out[TOKEN_LEN + 1], char hash[65])
{
    unsigned char b[32];
    randombytes_buf(b, sizeof b);
    memcpy(out, TOKEN_PREFIX, sizeof TOKEN_PREFIX - 1);
    sodium_bin2hex(out + sizeof TOKEN_PREFIX - 1, 65, b, sizeof b);
    sodium_memzero(b, sizeof b);
    token_hash(out, hash);
}

int token_insert(db_t *db, int64_t staff_id, const char *label, const char *hash,
                 int64_t now, int64_t expires_at)
{
    return db_run(db, "INSERT INTO api_token (staff_id, label, token_hash, created_at, "
                      "expires_at) VALUES (?, ?, ?, ?, ?)", "issii",
                  staff_id, label, hash, now, expires_at);
}

int token_find(db_t *db, const char *hash, int64_t now, json_t **out)
{
    return row_lookup(db_query(db, "SELECT id, staff_id, label, expires_at, last_used_at "
                                   "FROM api_token WHERE token_hash = ? AND "
                                   "(expires_at = 0 OR expires_at > ?)", "si", hash, now),
                      "id:i staff_id:i label expires_at:i last_used_at:i", out);
}

int token_touch(db_t *db, int64_t id, int64_t now)
{
    return db_run(db, "UPDATE api_token SET last_used_at = ? WHERE id = ? AND "
                      "last_used_at <= ?", "iii", now, id, now - TOKEN_TOUCH_EVERY);
}

json_t *token_list(db_t *db, int64_t staff_id)
{
    return rows_array(db_query(db, "SELECT label, created_at, expires_at, last_used_at "
                                   "FROM api_token WHERE staff_id = ? "
                                   "ORDER BY created_at DESC, id DESC", "i", staff_id),
                      "label created_at:i expires_at:i last_used_at:i");
}

json_t *token_list_all(db_t *db)
{
    return rows_array(db_query(db, "SELECT s.username, t.label, t.created_at, t.expires_at, "
                                   "t.last_used_at FROM api_token t "
                                   "JOIN staff s ON s.id = t.staff_id "
                                   "ORDER BY s.username, t.created_at DESC, t.id DESC", ""),
                      "username label created_at:i expires_at:i last_used_at:i");
}

int token_revoke(db_t *db, int64_t staff_id, const char *label)
{
    int64_t n = 0;
    int rc = db_run_changes(db, &n, "DELETE FROM api_token WHERE staff_id = ? AND label = ?",
                            "is", staff_id, label);
    return rc < 0 ? rc : n ? 0 : 1;
}

int token_revoke_all(db_t *db, int64_t staff_id)
{
    return db_run(db, "DELETE FROM api_token WHERE staff_id = ?", "i", staff_id);
}

int token_create(db_t *db, const struct actor *who, int64_t staff_id, const char *username,
                 const char *label, int days, int64_t now, char token[TOKEN_LEN + 1])
{
    char hash[65];
    token_make(token, hash);
    int64_t expires = days > 0 ? now + (int64_t)days * 86400 : 0;
    int rc = token_insert(db, staff_id, label, hash, now, expires);
    if (rc != 0) return rc;
    json_t *after = json_pack("{s:s, s:I}", "token", label, "expires_at", (json_int_t)expires);
    rc = audit_append(db, who, staff_home_office(db, staff_id), "token.create", "staff",
                      username, NULL, after, now);
    json_decref(after);
    return rc;
}

int token_remove(db_t *db, const struct actor *who, int64_t staff_id, const char *username,
                 const char *label, int64_t now)
{
    int rc = token_revoke(db, staff_id, label);
    if (rc != 0) return rc;
    json_t *before = json_pack("{s:s}", "token", label);
    rc = audit_append(db, who, staff_home_office(db, staff_id), "token.revoke", "staff",
                      username, before, NULL, now);
    json_decref(before);
    return rc;
}
