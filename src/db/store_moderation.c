/* store_moderation: see store_moderation.h. */
#include "db/store_moderation.h"
#include "core/sla.h"
#include "db/office_status.h"
#include "db/row.h"
#include "db/store_job.h"
#include "util/jv.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int audit_entry(db_t *db, const struct actor *who, int64_t office_id, int64_t id,
                       const char *action, json_t *before, json_t *after, int64_t now)
{
    char eid[32];
    snprintf(eid, sizeof eid, "%lld", (long long)id);
    return audit_append(db, who, office_id, action, "moderation", eid, before, after, now);
}

int64_t mod_due_at(db_t *db, const json_t *office, int64_t now)
{
    struct week_hours w;
    struct calendar c;
    int *closed = NULL;
    int rc = office_calendar_load(db, office, now, &w, &c, &closed);
    int64_t due = rc == 0 ? sla_due(&c, now, MOD_SLA_MIN) : 0;
    free(closed);
    return due > 0 ? due : 0;
}

int mod_add(db_t *db, const struct actor *who, const struct mod_new *m, int64_t *id)
{
    if (m->external_id && *m->external_id) {
        int rc = db_int(db, id, "SELECT id FROM moderation WHERE office_id = ? AND source = ? "
                                "AND external_id = ?", "iss", m->office_id, m->source,
                        m->external_id);
        if (rc == DB_ROW) return 1;
        if (rc < 0) return -1;
    }
    if (db_int(db, id, "INSERT INTO moderation (office_id, source, kind, external_id, "
                       "source_ref, item_id, body, seen_where, author_name, contact_channel, "
                       "contact, created_at, due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                       "?, ?) RETURNING id", "issssIsssssii", m->office_id, m->source, m->kind,
               m->external_id && *m->external_id ? m->external_id : NULL,
               m->source_ref ? m->source_ref : "", m->item_id, m->body,
               m->seen_where ? m->seen_where : "", m->author_name ? m->author_name : "",
               m->contact_channel ? m->contact_channel : "", m->contact ? m->contact : "",
               m->now, m->due_at) != DB_ROW)
        return -1;
    json_t *after = json_pack("{s:s, s:s, s:s}", "mod_source", m->source, "mod_kind", m->kind,
                              "moderation_state", "menunggu");
    int rc = audit_entry(db, who, m->office_id, *id, "moderation.create", NULL, after, m->now);
    json_decref(after);
    return rc;
}

int mod_waiting(db_t *db, int64_t office_id, int64_t *n)
{
    return db_int(db, n, "SELECT COUNT(*) FROM moderation WHERE office_id = ? AND state = "
                         "'menunggu'", "i", office_id) == DB_ROW ? 0 : -1;
}

#define MOD_COLS                                                                           \
    "SELECT m.id, m.source, m.kind, m.external_id, m.source_ref, m.item_id, c.title, "      \
    "c.slug, m.body, m.seen_where, m.author_name, m.contact_channel, m.contact, m.state, "  \
    "m.answer, m.referral, m.assignee_id, a.full_name, d.full_name, m.decided_at, "        \
    "m.created_at, m.due_at, m.clarification_id, k.title, m.office_id FROM moderation m "   \
    "LEFT JOIN content_item c ON c.id = m.item_id LEFT JOIN staff a ON a.id = "             \
    "m.assignee_id LEFT JOIN staff d ON d.id = m.decided_by LEFT JOIN content_item k ON "   \
    "k.id = m.clarification_id "
#define MOD_SPEC                                                                           \
    "id:i source kind external_id source_ref item_id:i item_title item_slug body "          \
    "seen_where author_name contact_channel contact state answer referral assignee_id:i "   \
    "assignee_name decided_name decided_at:i created_at:i due_at:i clarification_id:i "     \
    "clarification_title office_id:i"

json_t *mod_list(db_t *db, const struct mod_filter *f)
{
    const char *st = f->state ? f->state : "", *so = f->source ? f->source : "",
               *ki = f->kind ? f->kind : "";
    return rows_array(db_query(db, MOD_COLS "WHERE m.office_id = ? AND (? = '' OR m.state = ?) "
                                            "AND (? = '' OR m.source = ?) AND (? = '' OR "
                                            "m.kind = ?) ORDER BY CASE WHEN m.state = "
                                            "'menunggu' THEN 0 ELSE 1 END, CASE WHEN m.state = "
                                            "'menunggu' THEN m.id ELSE -m.id END LIMIT ?",
                               "issssssd", f->office_id, st, st, so, so, ki, ki,
                               f->limit > 0 ? f->limit : 100),
                      MOD_SPEC);
}

int mod_find(db_t *db, int64_t office_id, int64_t id, json_t **out)
{
    return row_lookup(db_query(db, MOD_COLS "WHERE m.office_id = ? AND m.id = ?", "ii",
                               office_id, id), MOD_SPEC, out);
}

int mod_decide(db_t *db, const struct actor *who, const json_t *entry,
               const struct mod_decision *d)
{
    int64_t id = jv_int(entry, "id"), office = jv_int(entry, "office_id");
    const char *answer = d->answer ? d->answer : jv_str(entry, "answer");
    const char *referral = d->referral ? d->referral : jv_str(entry, "referral");
    if (db_run(db, "UPDATE moderation SET state = ?, answer = ?, referral = ?, decided_by = ?, "
                   "decided_at = ? WHERE id = ?", "sssIii", d->state, answer, referral, who->id,
               d->now, id) != 0)
        return -1;
    json_t *before = json_pack("{s:s, s:s, s:s}", "moderation_state", jv_str(entry, "state"),
                               "answer", jv_str(entry, "answer"), "referral",
                               jv_str(entry, "referral"));
    json_t *after = json_pack("{s:s, s:s, s:s}", "moderation_state", d->state, "answer",
                              answer, "referral", referral);
    int rc = audit_entry(db, who, office, id, d->action, before, after, d->now);
    json_decref(before);
    json_decref(after);
    return rc;
}

int mod_assign(db_t *db, const struct actor *who, const json_t *entry, int64_t staff_id,
               const char *staff_name, int64_t now)
{
    int64_t id = jv_int(entry, "id");
    if (db_run(db, "UPDATE moderation SET assignee_id = ? WHERE id = ?", "Ii", staff_id, id) != 0)
        return -1;
    json_t *before = json_pack("{s:s}", "assigned_name", jv_str(entry, "assignee_name"));
    json_t *after = json_pack("{s:s}", "assigned_name", staff_name ? staff_name : "");
    int rc = audit_entry(db, who, jv_int(entry, "office_id"), id, "moderation.assign", before,
                         after, now);
    json_decref(before);
    json_decref(after);
    return rc;
}

int mod_link_clarification(db_t *db, const struct actor *who, const json_t *entry,
                           int64_t item_id, int64_t now)
{
    int64_t id = jv_int(entry, "id");
    if (db_run(db, "UPDATE moderation SET clarification_id = ? WHERE id = ?", "ii", item_id,
               id) != 0 ||
        db_run(db, "UPDATE content_item SET moderation_id = ? WHERE id = ?", "ii", id,
               item_id) != 0)
        return -1;
    json_t *after = json_pack("{s:s}", "clarification", jv_str(entry, "body"));
    int rc = audit_entry(db, who, jv_int(entry, "office_id"), id, "moderation.clarify", NULL,
                         after, now);
    json_decref(after);
    return rc;
}

json_t *mod_public(db_t *db, int64_t item_id)
{
    return rows_array(db_query(db, "SELECT id, kind, body, author_name, answer, created_at, "
                                   "decided_at FROM moderation WHERE item_id = ? AND state = "
                                   "'terbit' ORDER BY id", "i", item_id),
                      "id:i kind body author_name answer created_at:i decided_at:i");
}

int mod_of_item(db_t *db, int64_t item_id, int64_t *mod_id)
{
    int rc = db_int(db, mod_id, "SELECT COALESCE(moderation_id, 0) FROM content_item WHERE id = ?",
                    "i", item_id);
    if (rc == DB_DONE) *mod_id = 0;
    return rc < 0 ? -1 : 0;
}

int mod_item_published(db_t *db, int64_t item_id)
{
    int64_t id = 0, office = 0;
    db_stmt *st = db_query(db, "SELECT m.id, m.office_id FROM moderation m JOIN content_item c "
                               "ON c.moderation_id = m.id WHERE c.id = ? AND m.contact <> ''",
                           "i", item_id);
    if (!st) return -1;
    int rc = db_step(st);
    if (rc == DB_ROW) {
        id = db_col_int(st, 0);
        office = db_col_int(st, 1);
    }
    db_done(st);
    if (rc < 0) return -1;
    return id ? job_add(db, "mod_tell", office, id, NULL, 0) : 0;
}

int mod_told(db_t *db, const json_t *entry, const char *how, int64_t now)
{
    struct actor sys = {0, "sistem"};
    json_t *after = json_pack("{s:s}", "note", how);
    int rc = audit_entry(db, &sys, jv_int(entry, "office_id"), jv_int(entry, "id"),
                         "moderation.tell", NULL, after, now);
    json_decref(after);
    return rc;
}
