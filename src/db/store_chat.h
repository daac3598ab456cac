/* store_chat: contacts, conversations and messages (migration 003). */
#ifndef BALAI_STORE_CHAT_H
#define BALAI_STORE_CHAT_H
#include <jansson.h>
#include <stdint.h>
#include "db/db.h"

/* Finds or creates the contact; a non-empty name replaces the stored one
 * and last_inbound_at only moves forward. Returns the id, or <0. */
int64_t chat_contact_upsert(db_t *db, int64_t office_id, const char *channel,
                            const char *address, const char *name, int64_t inbound_at,
                            int64_t now);
/* Gives a contact that has no name yet (a portal chat visitor) the name
 * the citizen wrote when applying, so staff see it instead of "Pengunjung
 * portal". 0, or <0 on error. */
int chat_contact_name_if_none(db_t *db, int64_t contact_id, const char *name);

/* Photos and documents a citizen sent in conversation_id since `since`:
 * in the chat or through a private upload link. <0 on error. */
int64_t chat_files_since(db_t *db, int64_t conversation_id, int64_t since);
/* The id of the conversation's newest message, 0 when none, -1 on error. */
int64_t chat_last_message_id(db_t *db, int64_t conversation_id);

/* The contact's open conversation, created when there is none: id,
 * state (bot | human), bot_state (parsed; an empty object when unset). */
json_t *chat_conversation_open(db_t *db, int64_t office_id, int64_t contact_id, int64_t now);
int chat_conversation_save(db_t *db, int64_t id, const char *state, const json_t *bot_state,
                           const char *handover_reason, int64_t now);

/* One message with its conversation's contact: id office_id channel
 * external_id conversation_id direction sender sender_name kind body
 * payload sensitive author status error_code error_text sent_at created_at
 * contact_address last_inbound_at contact_blocked. NULL if unknown. */
json_t *chat_message_get(db_t *db, int64_t id);
/* 1 if message `id` exists, 0 if not, <0 on error: tells a NULL from
 * chat_message_get apart (gone, or the database failed). */
int chat_message_exists(db_t *db, int64_t id);

/* A citizen's message as the platform delivered it (channels/ingest.c). */
struct chat_in {
    int64_t office_id;
    const char *channel, *external_id, *sender, *sender_name, *kind, *body, *payload;
    int sensitive;              /* a NIK/KK number was masked out of body */
    int64_t sent_at, now;
};
/* Stores it with status "new". DB_ROW with *id set when it is new, DB_DONE
 * when it was stored before (a redelivery: same channel and external id),
 * <0 on error. */
int chat_message_in(db_t *db, const struct chat_in *m, int64_t *id);

/* A message taken by the inbound queue: in its conversation, status done. */
int chat_message_done(db_t *db, int64_t id, int64_t conversation_id, int64_t now);
/* Marks a message as holding a NIK/KK (a photo of one, or its caption):
 * 1 when flagged now, 0 when it was flagged already, <0 on error. */
int chat_message_flag_sensitive(db_t *db, int64_t id, int64_t now);

/* What became of an outbound message (channels/send.c): its status with
 * the platform's error (code 0 binds NULL), or, once the platform took it,
 * the platform's id for it with the error cleared. */
int chat_message_status(db_t *db, int64_t id, const char *status, int64_t error_code,
                        const char *error_text, int64_t now);
int chat_message_handed(db_t *db, int64_t id, const char *external_id, const char *status,
                        int64_t now);

/* A delivery receipt (sent, delivered, read, failed) is kept, and the
 * outbound message it speaks of moves to its status only when `rank`
 * (channels/event.h status_rank) is further than where the message is:
 * receipts arrive twice and out of order. `at` is the platform's time. */
int chat_receipt_add(db_t *db, const char *channel, const char *external_id,
                     const char *status, int64_t error_code, const char *error_text, int rank,
                     int64_t at, int64_t now);
/* The receipts kept for one outbound message, in no order: status
 * error_code:i error_text. NULL on error. */
json_t *chat_receipts(db_t *db, const char *channel, const char *external_id);

/* The platform says the citizen cannot be reached (blocked the bot or
 * the number): no more messages are tried. */
int chat_contact_block(db_t *db, int64_t office_id, const char *channel, const char *address);

/* Adds an outbound message (status "queued", or "sent" for the portal
 * chat, which the browser fetches). Returns the id, or <0. */
int64_t chat_message_out(db_t *db, int64_t office_id, const char *channel,
                         int64_t conversation_id, const char *kind, const char *body,
                         const char *payload, const char *author, int64_t staff_id,
                         int64_t now);

/* A fresh private upload link for a conversation, valid `ttl` seconds.
 * `masked` gets the token's masked form (core/uplink.h) to put in the
 * message after "/unggah/"; the sender reveals it on the way out. Only the
 * token's hash is stored. 0 or -1 (also with no secret key loaded). */
int chat_upload_link(db_t *db, int64_t office_id, int64_t conversation_id, int64_t now,
                     int64_t ttl, char masked[65]);

/* Upload links made since `since` for conversations of one office on one
 * channel; -1 on error. */
int64_t chat_upload_links_since(db_t *db, int64_t office_id, const char *channel, int64_t since);
/* Upload links the office issued since then, whatever made them; -1 on error. */
int64_t chat_upload_links_office(db_t *db, int64_t office_id, int64_t since);

/* Masks whole upload links in messages stored before links were kept
 * masked (those still waiting to be sent are left). Returns how many
 * messages changed, or -1. */
int chat_mask_old_links(db_t *db);

/* The portal chat (web/webchat.c). A visitor is known by `address`, the
 * hash of the token its browser keeps. */
/* The messages of the visitor's conversations after message id `since`,
 * at most 100: id:i direction author text payload at:i. NULL on error. */
json_t *chat_web_messages(db_t *db, int64_t office_id, const char *address, int64_t since);
/* The visitor's chat box has just shown the outbound messages with ids in
 * (since, upto]: their status becomes "shown", for the inbox. 0 or <0. */
int chat_web_shown(db_t *db, int64_t office_id, const char *address, int64_t since, int64_t upto,
                   int64_t now);
/* *n: 1 when the visitor is a known contact, else 0. 0 or -1. */
int chat_web_known(db_t *db, int64_t office_id, const char *address, int64_t *n);
/* *n: the visitor's messages since `since` (epoch seconds). 0 or -1. */
int chat_web_recent_in(db_t *db, int64_t office_id, const char *address, int64_t since,
                       int64_t *n);
/* The number the visitor gave, normalised. */
int chat_web_set_phone(db_t *db, int64_t office_id, const char *address, const char *phone);

/* A document sent through a private upload link (web/upload.c): the
 * citizen's message in the conversation (flagged sensitive), *id its id.
 * 0 or -1. */
int chat_upload_message(db_t *db, int64_t office_id, int64_t conversation_id, const char *body,
                        int64_t now, int64_t *id);
/* A person checks the documents: the bot steps aside (unless closed). */
int chat_upload_handover(db_t *db, int64_t conversation_id, int64_t now);

#endif
