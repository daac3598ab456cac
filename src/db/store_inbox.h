/* store_inbox: the SQL of the shared inbox (web/inbox.c) and of live
 * announcements on PostgreSQL (live/publish.c). */
#ifndef BALAI_STORE_INBOX_H
#define BALAI_STORE_INBOX_H
#include <jansson.h>
#include <stdint.h>
#include "db/db.h"

/* pg_notify(channel, payload): PostgreSQL delivers it when the current
 * transaction commits (at once outside one). PostgreSQL only. */
int inbox_notify(db_t *db, const char *channel, const char *payload);

/* What the list shows: every field "" / 0 for no limit. */
struct inbox_filter {
    const char *show;       /* "" | "mine" | "unassigned" | "waiting" (for an answer) */
    int64_t me;             /* for "mine" */
    const char *channel;    /* "" | whatsapp | telegram | web */
    const char *label;      /* "" or one label */
    const char *q;          /* words in the citizen's name, address, number or messages */
};

/* Conversations of an office for the list, newest activity first within
 * handed-over, bot and closed: id state reason last_at:i channel name
 * address last assigned_to:i assigned_name last_in_at:i waiting:b
 * labels (array of text). */
json_t *inbox_list(db_t *db, int64_t office_id, const struct inbox_filter *f);

/* Labels of one conversation, alphabetical; labels used in an office. */
json_t *inbox_labels(db_t *db, int64_t conversation_id);
json_t *inbox_office_labels(db_t *db, int64_t office_id);
/* Adds (idempotent) or removes a label. */
int inbox_label_add(db_t *db, int64_t conversation_id, const char *label, int64_t staff_id,
                    int64_t now);
int inbox_label_del(db_t *db, int64_t conversation_id, const char *label);

/* Internal notes of a conversation, oldest first: id author body at:i. */
json_t *inbox_notes(db_t *db, int64_t conversation_id);
int inbox_note_add(db_t *db, int64_t conversation_id, int64_t staff_id, const char *author,
                   const char *body, int64_t now);

/* Who has the conversation: assigned_to and that staff member's
 * full_name ("" when nobody). Returns 0 or -1. */
int inbox_assignee(db_t *db, int64_t conversation_id, int64_t *staff_id, char *name, size_t n);

/* Gives the conversation to staff_id (0: nobody). A conversation the bot
 * was answering is handed over to people, so the bot stops. */
int inbox_assign(db_t *db, int64_t conversation_id, int64_t staff_id);

#endif
