/* config: an office's channel settings, checked and saved. Used by
 * `balai channel ...` (scripted set-up across a regency) and the console's
 * channel page, so both accept and refuse the same things with the same
 * Indonesian messages. Secrets (token, app_secret, verify_token) are
 * sealed with the process key (core/secret.h) bound to their office, kind
 * and column, opened only where they are used (channel_secret) into a
 * buffer the caller wipes, and only ever shown masked (channel_mask).
 * Every change is audited with secrets masked. */
#ifndef BALAI_CHANNEL_CONFIG_H
#define BALAI_CHANNEL_CONFIG_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "db/db.h"
#include "db/store_audit.h"
#include "db/store_channel.h"     /* channel_get, channel_sealed_count */

/* Fields of `f` (strings):
 *   whatsapp: phone_number_id token app_secret verify_token [base_url]
 *             [template_status] [template_survey] [template_reminder]
 *             [template_broadcast]
 *             [template_language] (approved templates, kept in settings)
 *   telegram: token [secret_token] [base_url]
 *   instagram: ig_user_id token app_secret verify_token [base_url]
 *              [token_expires] (YYYY-MM-DD, kept in settings)
 * An empty secret keeps the stored one (the console form never shows it).
 * A missing Telegram secret_token is generated. Checks, then upserts the
 * channel row and audits it, inside the caller's transaction. Returns 0, or
 * the number of problems with field -> message added to `errors`, or -1 on
 * a database error (DB_CONFLICT: the number already belongs to another
 * office, also reported in errors). The secrets are stored sealed; their
 * plaintexts in f are wiped (sodium_memzero) before it returns. */
int channel_save(db_t *db, const struct actor *who, int64_t office_id, const char *kind,
                 json_t *f, json_t *errors, int64_t now);

/* The approved WhatsApp template Balai sends outside the 24-hour window
 * for `which` (status | survey | reminder | followup | broadcast), from the channel's
 * settings JSON text ({"templates": {"status": {"name", "language"}, ...}}),
 * else the defaults balai_status_permohonan / balai_survei /
 * balai_pengingat_ambil / balai_tindak_lanjut / balai_info_terbaru in
 * language "id". */
#define CHANNEL_TEMPLATE_MAX 513
void channel_template(const char *settings, const char *which, char name[CHANNEL_TEMPLATE_MAX],
                      char lang[16]);
/* 1 if s is a valid template name or language code: ^[a-z0-9_]{1,512}$. */
int channel_template_name_ok(const char *s);

/* 1 when the office's channel of this kind (whatsapp, telegram, instagram) is set up
 * and active, 0 if not, <0 when the database failed. */
int channel_active(db_t *db, int64_t office_id, const char *kind);

/* The send payload {"template": {name, language, params}} for `which` of
 * the office's WhatsApp channel (channel_template), params stolen. */
json_t *channel_template_payload(db_t *db, int64_t office_id, const char *which, json_t *params);

/* A template parameter: Meta refuses empty ones and line breaks, so a
 * missing part reads "-" and lines are joined with spaces. */
json_t *channel_template_param(const char *s);

/* The params of the status template: the request's number, its service,
 * its status's label and the next step, as citizens read them (worked out
 * by notify_status_words, so they match the request's pickup stage). */
json_t *channel_status_params(const char *number, const char *service, const char *label,
                              const char *next);

/* "abcd…wxyz"-style masking for showing a secret: "••••" + last 4. */
void channel_mask(const char *secret, char *out, size_t n);

/* The channel row as staff may see it: secrets masked. When a secret does
 * not open with this process's key, last_error says so ("Kunci rahasia
 * tidak cocok: ..."). New reference. */
json_t *channel_public(const json_t *row);

/* Room for any channel secret (tokens up to 1024 characters). */
#define CHANNEL_SECRET_MAX 1100

/* Opens the stored value of column `col` (token | app_secret |
 * verify_token) of office_id's `kind` channel into out. Returns 0 (also for
 * a legacy plaintext or an empty value), or -1 with out = "" and, if msg,
 * why in Indonesian (the key does not match, or none is loaded). The
 * caller wipes out with sodium_memzero after use. */
int channel_open_secret(int64_t office_id, const char *kind, const char *col,
                        const char *stored, char out[CHANNEL_SECRET_MAX], char *msg,
                        size_t msglen);
/* The same for a row from channel_get (which carries office_id and kind). */
int channel_secret(const json_t *ch, const char *col, char out[CHANNEL_SECRET_MAX], char *msg,
                   size_t msglen);

/* Walks every channel: counts secrets that are sealed and open, sealed and
 * do not open with this key, and legacy plaintexts. With `seal` and no
 * failures, seals the plaintexts in one transaction (each only if nobody
 * changed it meanwhile). Returns 0, or -1 on a database error. */
struct channel_key_report {
    int sealed, failed, plain, resealed;
    char first_failed[200];     /* "jelitik/whatsapp token" */
};
int channel_secrets_check(db_t *db, int seal, struct channel_key_report *rep);

/* Key rotation: opens every stored secret with the process key and seals
 * it again with `key`, all in one transaction. Returns 0 with *count
 * values replaced, -2 when some value does not open with the process key
 * (nothing changed), or -1 on a database error. */
int channel_secrets_reseal(db_t *db, const unsigned char key[32], int *count);

#endif
