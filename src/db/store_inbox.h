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

/* Conversations of an office for the list, newest activity first within
 * handed-over, bot and closed: id state reason last_at:i channel name
 * address last assigned_to:i assigned_name last_in_at:i waiting:b. */
json_t *inbox_list(db_t *db, int64_t office_id);

/* Who has the conversation: assigned_to and that staff member's
 * full_name ("" when nobody). Returns 0 or -1. */
int inbox_assignee(db_t *db, int64_t conversation_id, int64_t *staff_id, char *name, size_t n);

/* Gives the conversation to staff_id (0: nobody). A conversation the bot
 * was answering is handed over to people, so the bot stops. */
int inbox_assign(db_t *db, int64_t conversation_id, int64_t staff_id);

#endif
