/* moderation_chat: the "lapor hoaks" keyword on WhatsApp and Telegram. A
 * citizen writes "lapor hoaks" followed by the rumour in one message; it is
 * filed in the office's moderation queue (source "chat", the message's
 * platform id as external_id so a redelivery files once, the conversation
 * as source_ref, the sender's address as the contact to tell) and the
 * citizen is thanked with the entry's number. The keyword alone gets a
 * line saying how to write the report. Taken before the bot, like the
 * broadcast keywords. */
#ifndef BALAI_MODERATION_CHAT_H
#define BALAI_MODERATION_CHAT_H
#include <jansson.h>
#include <stdint.h>
#include "db/db.h"

/* m is chat_message_get's row. The reply's id (>0), 0 when the message is
 * not the keyword, <0 on error. Inside the inbound job's transaction. */
int64_t hoax_keyword(db_t *db, const json_t *m, int64_t conv_id, int64_t now);

/* The report after the keyword ("lapor hoaks: ..." -> "..."), or NULL when
 * text does not start with it; "" when nothing follows. Pure. */
const char *hoax_keyword_rest(const char *text);

#endif
