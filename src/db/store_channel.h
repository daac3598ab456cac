/* store_channel: an office's WhatsApp and Telegram channel rows (table
 * channel). The secrets (token, app_secret, verify_token) come and go
 * exactly as stored, sealed (channels/config.c seals and opens them); no
 * function here ever sees a plaintext it did not receive. */
#ifndef BALAI_STORE_CHANNEL_H
#define BALAI_STORE_CHANNEL_H
#include <jansson.h>
#include <stdint.h>
#include "db/db.h"

/* The office's channel settings of `kind` (id office_id kind account token
 * app_secret verify_token base_url settings active:b last_error) into
 * *out: DB_ROW (1) found, DB_DONE (0) none, DB_ERR database failure. */
int channel_find(db_t *db, int64_t office_id, const char *kind, json_t **out);
/* The same, NULL if none or on error. */
json_t *channel_get(db_t *db, int64_t office_id, const char *kind);

/* What a saved channel holds besides its office and kind. */
struct channel_fields {
    const char *account;        /* WhatsApp phone_number_id, Telegram bot id */
    const char *token, *app_secret, *verify_token;     /* sealed, or "" */
    const char *base_url, *settings;                   /* settings: JSON text */
};
/* Updates channel `id` (made active, its last error cleared) or, with id
 * 0, adds one for office_id and kind. 0, DB_CONFLICT when the account
 * belongs to another office already, <0 on error. */
int channel_put(db_t *db, int64_t id, int64_t office_id, const char *kind,
                const struct channel_fields *f, int64_t now);

/* What the platform said when it refused the channel itself (token,
 * account), shown to staff on the channel page. */
int channel_set_error(db_t *db, int64_t id, const char *text, int64_t now);

/* How many stored channel secrets are sealed; -1 on a database error.
 * main.c creates a new key only when there are none. */
int64_t channel_sealed_count(db_t *db);
/* Every channel with its stored secrets, by id: id office_id kind token
 * app_secret verify_token slug (the office's). NULL on error. */
json_t *channel_secret_rows(db_t *db);
/* Replaces the stored value of one secret column (token | app_secret |
 * verify_token) of channel `id`, only if it is still `old`: a value
 * changed meanwhile (another instance, the console) is left as it is. */
int channel_secret_swap(db_t *db, int64_t id, const char *col, const char *sealed,
                        const char *old);

#endif
