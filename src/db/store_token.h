/* store_token: personal access tokens (issue 14). A staff member's own
 * tokens, each with a label unique for that member; only the token's
 * SHA-256 (hex) is stored. A revoked token's row is deleted, as are all of a
 * member's tokens when the account is disabled. */
#ifndef BALAI_STORE_TOKEN_H
#define BALAI_STORE_TOKEN_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "db/db.h"

#define TOKEN_PREFIX "balai_"
#define TOKEN_LEN (sizeof TOKEN_PREFIX - 1 + 64)  /* prefix + 32 random bytes in hex */
#define TOKEN_LABEL_MAX 60
#define TOKEN_TOUCH_EVERY 60                      /* last_used_at written at most this often */

/* 0 when `label` may name a token (1 to TOKEN_LABEL_MAX of letters,
 * digits, space . _ - : /), else -1 with a message in Bahasa Indonesia. */
int token_label_check(const char *label, char *msg, size_t n);
/* Days until expiry as typed ("" = never): 0 with *days (0 = never) or -1
 * with a message. */
int token_days_parse(const char *text, int *days, char *msg, size_t n);
#define TOKEN_DAYS_MAX 3650

/* A fresh token (TOKEN_LEN chars + NUL) and its hash (64 hex + NUL). */
void token_make(char out[TOKEN_LEN + 1], char hash[65]);
/* SHA-256 of a presented token, hex. */
void token_hash(const char *token, char hash[65]);

/* Stores a new token. 0, DB_CONFLICT when the member already has a token
 * with this label, <0 on other errors. expires_at 0 = never. */
int token_insert(db_t *db, int64_t staff_id, const char *label, const char *hash,
                 int64_t now, int64_t expires_at);

/* The live token with this hash: {id, staff_id, label, expires_at,
 * last_used_at}. DB_ROW with *out set, DB_DONE when none (or expired at
 * `now`), DB_ERR on error. */
int token_find(db_t *db, const char *hash, int64_t now, json_t **out);

/* Records use at `now` unless it was recorded in the last
 * TOKEN_TOUCH_EVERY seconds (one cheap UPDATE that usually changes nothing). */
int token_touch(db_t *db, int64_t id, int64_t now);

/* The member's tokens, newest first: [{label, created_at, expires_at,
 * last_used_at}], never the hash. NULL on error. */
json_t *token_list(db_t *db, int64_t staff_id);
/* Every token with its owner's username, for `balai token list`. */
json_t *token_list_all(db_t *db);

struct actor;
/* Makes a token for the member and audits it ("token.create" on the
 * member, with the label and expiry, never the token), inside the caller's
 * transaction. days 0 = never expires. 0 with token[] filled, DB_CONFLICT
 * when the label is taken, <0 on errors. */
int token_create(db_t *db, const struct actor *who, int64_t staff_id, const char *username,
                 const char *label, int days, int64_t now, char token[TOKEN_LEN + 1]);
/* Revokes the member's token with this label and audits it, inside the
 * caller's transaction: 0, 1 when there is none, <0 on errors. */
int token_remove(db_t *db, const struct actor *who, int64_t staff_id, const char *username,
                 const char *label, int64_t now);

/* Deletes the member's token with this label: 0, 1 when there is none,
 * <0 on error. */
int token_revoke(db_t *db, int64_t staff_id, const char *label);
/* Deletes all of the member's tokens (the account is disabled). */
int token_revoke_all(db_t *db, int64_t staff_id);

#endif
