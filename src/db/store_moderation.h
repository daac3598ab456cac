/* store_moderation: all SQL of the moderation queue (migration 020, issue
 * 17): one queue per office for comments and questions under portal news
 * items, hoax reports (portal form, chat keyword) and, later, Instagram
 * comments. Several sources share one table: each entry keeps its source,
 * the source's own id (external_id: a redelivery lands once) and a
 * source-specific reference. Text reaches this store already masked
 * (bot_mask, by the caller). Every change appends an audit row (entity
 * "moderation", the entry's id) inside the caller's transaction. */
#ifndef BALAI_STORE_MODERATION_H
#define BALAI_STORE_MODERATION_H
#include <jansson.h>
#include <stdint.h>
#include "db/db.h"
#include "db/store_audit.h"

/* The answer an entry is due within: one working day of office time. */
#define MOD_SLA_MIN 480

struct mod_new {
    int64_t office_id, item_id, now, due_at;
    const char *source, *kind, *external_id, *source_ref;
    const char *body, *seen_where, *author_name, *contact_channel, *contact;
};
/* When an entry filed at `now` at `office` is due: MOD_SLA_MIN minutes of
 * the office's open time (core/sla.h); 0 when the office never opens. */
int64_t mod_due_at(db_t *db, const json_t *office, int64_t now);

/* Files one entry in menunggu and audits it (moderation.create, by `who`).
 * Returns 0 with *id set, 1 when (office, source, external_id) is already
 * there (*id: that entry), <0 on error. */
int mod_add(db_t *db, const struct actor *who, const struct mod_new *m, int64_t *id);

/* Entries of the office waiting for a decision (the per-office cap). */
int mod_waiting(db_t *db, int64_t office_id, int64_t *n);

struct mod_filter {
    int64_t office_id;
    const char *state, *source, *kind;   /* NULL or "": any */
    int limit;
};
/* Oldest waiting first, then newest decided: id source kind external_id
 * source_ref item_id item_title item_slug body seen_where author_name
 * contact_channel contact state answer referral assignee_id assignee_name
 * decided_name decided_at created_at due_at clarification_id
 * clarification_title. NULL on error. */
json_t *mod_list(db_t *db, const struct mod_filter *f);
/* One entry of the office, the same columns; DB_ROW, DB_DONE or <0. */
int mod_find(db_t *db, int64_t office_id, int64_t id, json_t **out);

/* A decision: the entry moves to `state` (terbit dijawab disembunyikan
 * dihapus spam dirujuk) with the answer / referral code given (NULL keeps
 * them). Audited as moderation.<verb> with before -> after. 0 or <0. */
struct mod_decision {
    const char *state, *answer, *referral, *action;
    int64_t now;
};
int mod_decide(db_t *db, const struct actor *who, const json_t *entry,
               const struct mod_decision *d);
/* Sets the assignee (0: nobody), audited as moderation.assign. */
int mod_assign(db_t *db, const struct actor *who, const json_t *entry, int64_t staff_id,
               const char *staff_name, int64_t now);
/* Links the entry and its clarification draft both ways (the item's
 * moderation_id, the entry's clarification_id), audited as
 * moderation.clarify. */
int mod_link_clarification(db_t *db, const struct actor *who, const json_t *entry,
                           int64_t item_id, int64_t now);

/* An item just published: when it is the clarification of a hoax report
 * whose reporter left a number, queues a "mod_tell" job (ref: the entry)
 * that tells them (channels/moderation_tell.c). Inside the caller's
 * transaction (db/store_content.c content_move calls it). 0 or <0. */
int mod_item_published(db_t *db, int64_t item_id);
/* Records that the reporter was told (or could not be): audited as
 * moderation.tell with the words of `how`. */
int mod_told(db_t *db, const json_t *entry, const char *how, int64_t now);

/* Approved comments and questions under a published item, oldest first:
 * id kind body author_name answer created_at decided_at. NULL on error. */
json_t *mod_public(db_t *db, int64_t item_id);
/* The moderation entry an item was drafted from (0 when none). */
int mod_of_item(db_t *db, int64_t item_id, int64_t *mod_id);

#endif
