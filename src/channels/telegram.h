/* telegram: the Telegram Bot API's wire format, the second citizen channel
 * (same bot, same inbox). Updates in, sendMessage bodies out; no I/O. */
#ifndef BALAI_TELEGRAM_H
#define BALAI_TELEGRAM_H
#include <jansson.h>
#include <stddef.h>
#include "channels/event.h"

#define TG_API_URL "https://api.telegram.org"
#define TG_BODY_MAX (1024u * 1024)

/* 1 when the secret header equals the configured secret (constant time). */
int tg_secret_ok(const char *header, const char *secret);

/* Parses one update into at most one event (a message or a button press;
 * other updates give none). `account` is the bot's id, which keeps the
 * update ids of different offices' bots apart. 0, or -1 when the body is
 * not an update. */
int tg_parse(const char *body, size_t len, const char *account, struct event_list *out,
             char *err, size_t errlen);

/* sendMessage's body: text plus the reply's rows or buttons as an inline
 * keyboard (one button a row; callback_data kept within 64 bytes). */
json_t *tg_message_body(const char *chat_id, const char *text, const json_t *payload);

#endif
