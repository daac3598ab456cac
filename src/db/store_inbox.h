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
    const char *show;       /* "" | "mine" | "mine_waiting" (mine, open, the citizen spoke
                             * last) | "unassigned" | "handover" (the bot handed it over and
                             * no officer has it yet) | "waiting" (for an answer) */
    int64_t me;             /* for "mine" */
    const char *channel;    /* "" | whatsapp | telegram | web */
    const char *label;      /* "" or one label */
    const char *q;          /* words in the citizen's name, address, number or messages */
    const char *request;    /* "" or a request status: conversations having such a request */
};

/* Conversations of an office for the list, newest activity first within
 * handed-over, bot and closed: id state reason last_at:i channel name
 * address last assigned_to:i assigned_name last_in_at:i waiting:b
 * opened_at:i wait_since:i (the first citizen message since the last
 * answer by staff, 0 when none; the bot's replies do not count) labels (array of text). */
json_t *inbox_list(db_t *db, int64_t office_id, const struct inbox_filter *f);

/* Labels of one conversation, alphabetical; labels used in an office. */
json_t *inbox_labels(db_t *db, int64_t conversation_id);
json_t *inbox_office_labels(db_t *db, int64_t office_id);
/* Adds (idempotent) or removes a label. */
int inbox_label_add(db_t *db, int64_t conversation_id, const char *label, int64_t staff_id,
                    int64_t now);
int inbox_label_del(db_t *db, int64_t conversation_id, const char *label);
/* Sets the conversation's request label (baru / diproses / selesai, see
 * req_chat_label) for a request status, removing the other two; the
 * office's own labels stay. Runs in the caller's transaction. */
int inbox_label_follow(db_t *db, int64_t conversation_id, const char *status, int64_t staff_id,
                       int64_t now);

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

/* Conversations handed to people in offices that have an escalation chain,
 * for the escalation sweep: id office_id assigned_to:i (0 = nobody). */
json_t *inbox_escalation_candidates(db_t *db, int limit);
/* Who holds a conversation that people handle (0: nobody) into *staff_id:
 * DB_ROW, DB_DONE when it is no longer with people (or gone), <0 on error. */
int inbox_human_holder(db_t *db, int64_t conversation_id, int64_t *staff_id);

/* SLA targets in office-hour minutes (core/sla.h); the defaults when the
 * office has not set its own: a first answer within an hour, the whole
 * matter within two working days of seven hours. */
#define SLA_FIRST_DEFAULT 60
#define SLA_RESOLVE_DEFAULT (14 * 60)
int inbox_sla_get(db_t *db, int64_t office_id, int *first_min, int *resolve_min);
int inbox_sla_set(db_t *db, int64_t office_id, int first_min, int resolve_min, int64_t now);

/* The first citizen message of a conversation since staff last answered
 * (the bot's replies do not count), epoch seconds; 0 when none, -1 on a
 * database error. */
int64_t inbox_wait_since(db_t *db, int64_t conversation_id);

/* Requests linked to a conversation, newest first:
 * id:i number service_name status eta_date:i. */
json_t *inbox_requests(db_t *db, int64_t conversation_id);

/* Scheduled messages (migration 005). add returns the new id or -1. */
int64_t inbox_schedule_add(db_t *db, int64_t office_id, int64_t conversation_id, const char *kind,
                           const char *body, const char *payload, int64_t staff_id,
                           const char *author, int64_t run_at, int64_t now);
/* Waiting ones of a conversation, soonest first: id:i kind body author run_at:i. */
json_t *inbox_scheduled(db_t *db, int64_t conversation_id);
/* waiting -> cancelled; 0 when done, 1 when it was no longer waiting (sent
 * meanwhile or another conversation), -1 on error. */
int inbox_schedule_cancel(db_t *db, int64_t conversation_id, int64_t id);
/* One row for the job: id:i office_id:i conversation_id:i kind body payload
 * staff_id:i author run_at:i state channel contact_id:i phone (the
 * contact's, "" when none); NULL when gone. */
json_t *inbox_schedule_get(db_t *db, int64_t id);
/* waiting -> sent as message_id, and the conversation's last activity
 * now; 0, 1 when it was no longer waiting (cancelled), -1 on error. */
int inbox_schedule_done(db_t *db, int64_t id, int64_t message_id, int64_t now);

/* One conversation of the office with its contact and holder: id state
 * reason contact_id:i channel name address phone last_inbound_at:i
 * blocked:b assigned_to:i assigned_name opened_at:i. Into *out: DB_ROW
 * (1) found, DB_DONE (0) no such conversation in this office, DB_ERR. */
int inbox_conversation_find(db_t *db, int64_t office_id, int64_t id, json_t **out);
/* Every message of a conversation, oldest first: id:i direction author
 * kind body status error_text sensitive:b at:i payload. NULL on error. */
json_t *inbox_messages(db_t *db, int64_t conversation_id);
/* Its photos and documents: id:i filename mime size:i id_card:b (the
 * message that carried it was flagged as an ID card). NULL on error. */
json_t *inbox_files(db_t *db, int64_t conversation_id);
/* A staff message went out: the conversation is handed to people, held
 * by staff_id unless someone holds it already, and its activity is now. */
int inbox_take_over(db_t *db, int64_t conversation_id, int64_t staff_id, int64_t now);
/* state human (held by staff_id), bot or closed (closed_at now). */
int inbox_set_state(db_t *db, int64_t conversation_id, const char *state, int64_t staff_id,
                    int64_t now);

#endif
