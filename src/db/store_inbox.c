/* store_inbox: see store_inbox.h. */
#include "db/store_inbox.h"
#include "db/row.h"
#include "core/request.h"
#include <stdio.h>

int inbox_notify(db_t *db, const char *channel, const char *payload)
{
    int64_t ignored;
    int rc = db_int(db, &ignored, "SELECT 1 FROM (SELECT pg_notify(?, ?)) n", "ss", channel,
                    payload);
    return rc == DB_ROW ? 0 : -1;
}

/* '%word%' for LIKE ... ESCAPE '\', lower-cased like the column it meets;
 * the caller's % and _ are taken literally. */
static void like_pattern(const char *q, char *out, size_t n)
{
    size_t j = 0;
    if (n < 4) { if (n) *out = 0; return; }
    out[j++] = '%';
    for (const char *p = q; *p && j + 3 < n; p++) {
        char c = *p;
        if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
        if (c == '%' || c == '_' || c == '\\') out[j++] = '\\';
        out[j++] = c;
    }
    out[j++] = '%';
    out[j] = 0;
}

json_t *inbox_list(db_t *db, int64_t office_id, const struct inbox_filter *f)
{
    char like[260];
    like_pattern(f->q ? f->q : "", like, sizeof like);
    const char *q = f->q ? f->q : "", *show = f->show ? f->show : "";
    const char *channel = f->channel ? f->channel : "", *label = f->label ? f->label : "";
    const char *request = f->request ? f->request : "";
    /* one fixed statement: each condition is switched off by its empty
     * parameter, so the SQL text never depends on the input */
    db_stmt *st = db_query(db,
        "SELECT c.id, c.state, c.handover_reason, c.last_message_at, k.channel, k.name, "
        "k.address, (SELECT body FROM message m WHERE m.conversation_id = c.id "
        "ORDER BY m.id DESC LIMIT 1), COALESCE(c.assigned_to, 0), COALESCE(s.full_name, ''), "
        "k.last_inbound_at, (SELECT CASE WHEN direction = 'in' THEN 1 ELSE 0 END FROM message m "
        "WHERE m.conversation_id = c.id ORDER BY m.id DESC LIMIT 1), c.opened_at, "
        "COALESCE((SELECT MIN(m.created_at) FROM message m WHERE m.conversation_id = c.id AND "
        "m.direction = 'in' AND m.id > COALESCE((SELECT MAX(o.id) FROM message o WHERE "
        "o.conversation_id = c.id AND o.direction = 'out' AND o.author <> 'bot'), 0)), 0) "
        "FROM conversation c JOIN contact k ON k.id = c.contact_id "
        "LEFT JOIN staff s ON s.id = c.assigned_to WHERE c.office_id = ? "
        "AND (? <> 'mine' OR c.assigned_to = ?) "
        "AND (? <> 'mine_waiting' OR (c.assigned_to = ? AND c.state <> 'closed' AND "
        "(SELECT direction FROM message m WHERE m.conversation_id = c.id "
        "ORDER BY m.id DESC LIMIT 1) = 'in')) "
        "AND (? <> 'unassigned' OR (c.assigned_to IS NULL AND c.state <> 'closed')) "
        "AND (? <> 'handover' OR (c.assigned_to IS NULL AND c.state = 'human')) "
        "AND (? <> 'waiting' OR (c.state <> 'closed' AND (SELECT direction FROM message m "
        "WHERE m.conversation_id = c.id ORDER BY m.id DESC LIMIT 1) = 'in')) "
        "AND (? = '' OR k.channel = ?) "
        "AND (? = '' OR EXISTS (SELECT 1 FROM conversation_label l WHERE "
        "l.conversation_id = c.id AND l.label = ?)) "
        "AND (? = '' OR LOWER(k.name) LIKE ? ESCAPE '\\' OR LOWER(k.address) LIKE ? ESCAPE '\\' "
        "OR k.phone LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM message m WHERE "
        "m.conversation_id = c.id AND LOWER(m.body) LIKE ? ESCAPE '\\')) "
        "AND (? = '' OR EXISTS (SELECT 1 FROM request q WHERE q.conversation_id = c.id AND "
        "q.status = ?)) "
        "ORDER BY CASE c.state WHEN 'human' THEN 0 WHEN 'bot' THEN 1 ELSE 2 END, "
        "c.last_message_at DESC LIMIT 200", "isisissssssssssssss", office_id, show, f->me, show, f->me, show, show, show,
        channel, channel, label, label, q, like, like, like, like, request, request);
    json_t *list = rows_array(st, "id:i state reason last_at:i channel name address last "
                                  "assigned_to:i assigned_name last_in_at:i waiting:b opened_at:i "
                                  "wait_since:i");
    db_done(st);
    /* the labels of all listed conversations in one query, not one per row */
    json_t *by_id = json_object(), *c;
    size_t i;
    char key[24];
    json_array_foreach(list, i, c) {
        json_t *l = json_array();
        snprintf(key, sizeof key, "%lld", (long long)json_integer_value(json_object_get(c, "id")));
        json_object_set(by_id, key, l);
        json_object_set_new(c, "labels", l);
    }
    st = list ? db_query(db, "SELECT l.conversation_id, l.label FROM conversation_label l JOIN "
                             "conversation c ON c.id = l.conversation_id WHERE c.office_id = ? "
                             "ORDER BY l.label", "i", office_id) : NULL;
    while (st && db_step(st) == DB_ROW) {
        snprintf(key, sizeof key, "%lld", (long long)db_col_int(st, 0));
        json_t *l = json_object_get(by_id, key);
        if (l) json_array_append_new(l, json_string(db_col_text(st, 1) ? db_col_text(st, 1) : ""));
    }
    db_done(st);
    json_decref(by_id);
    return list;
}

static json_t *texts(db_stmt *st)
{
    json_t *a = json_array();
    int rc;
    while ((rc = db_step(st)) == DB_ROW)
        json_array_append_new(a, json_string(db_col_text(st, 0) ? db_col_text(st, 0) : ""));
    db_done(st);
    if (rc != DB_DONE) { json_decref(a); return NULL; }
    return a;
}

json_t *inbox_labels(db_t *db, int64_t conversation_id)
{
    return texts(db_query(db, "SELECT label FROM conversation_label WHERE conversation_id = ? "
                              "ORDER BY label", "i", conversation_id));
}

json_t *inbox_office_labels(db_t *db, int64_t office_id)
{
    return texts(db_query(db, "SELECT DISTINCT l.label FROM conversation_label l JOIN "
                              "conversation c ON c.id = l.conversation_id WHERE c.office_id = ? "
                              "ORDER BY l.label", "i", office_id));
}

int inbox_label_add(db_t *db, int64_t conversation_id, const char *label, int64_t staff_id,
                    int64_t now)
{
    return db_run(db, "INSERT INTO conversation_label (conversation_id, label, added_by, added_at) "
                      "VALUES (?, ?, ?, ?) ON CONFLICT (conversation_id, label) DO NOTHING",
                  "isIi", conversation_id, label, staff_id, now);
}

int inbox_label_del(db_t *db, int64_t conversation_id, const char *label)
{
    return db_run(db, "DELETE FROM conversation_label WHERE conversation_id = ? AND label = ?",
                  "is", conversation_id, label);
}

int inbox_label_follow(db_t *db, int64_t conversation_id, const char *status, int64_t staff_id,
                       int64_t now)
{
    const char *label = req_chat_label(status);
    if (!label || conversation_id <= 0) return 0;
    if (db_run(db, "DELETE FROM conversation_label WHERE conversation_id = ? AND label IN "
                   "('baru', 'diproses', 'selesai') AND label <> ?", "is", conversation_id,
               label) != 0)
        return -1;
    return inbox_label_add(db, conversation_id, label, staff_id, now);
}

json_t *inbox_notes(db_t *db, int64_t conversation_id)
{
    db_stmt *st = db_query(db, "SELECT id, author, body, created_at FROM inbox_note "
                               "WHERE conversation_id = ? ORDER BY id", "i", conversation_id);
    json_t *a = rows_array(st, "id:i author body at:i");
    db_done(st);
    return a;
}

int inbox_note_add(db_t *db, int64_t conversation_id, int64_t staff_id, const char *author,
                   const char *body, int64_t now)
{
    return db_run(db, "INSERT INTO inbox_note (conversation_id, staff_id, author, body, created_at) "
                      "VALUES (?, ?, ?, ?, ?)", "iIssi", conversation_id, staff_id, author, body, now);
}

int inbox_assignee(db_t *db, int64_t conversation_id, int64_t *staff_id, char *name, size_t n)
{
    db_stmt *st = db_query(db, "SELECT COALESCE(c.assigned_to, 0), COALESCE(s.full_name, '') "
                               "FROM conversation c LEFT JOIN staff s ON s.id = c.assigned_to "
                               "WHERE c.id = ?", "i", conversation_id);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *staff_id = db_col_int(st, 0);
        snprintf(name, n, "%s", db_col_text(st, 1) ? db_col_text(st, 1) : "");
    }
    db_done(st);
    return rc == DB_ROW ? 0 : -1;
}

int inbox_assign(db_t *db, int64_t conversation_id, int64_t staff_id)
{
    return db_run(db, "UPDATE conversation SET assigned_to = ?, state = CASE WHEN state = 'bot' "
                      "AND ? = 1 THEN 'human' ELSE state END WHERE id = ?", "Idi",
                  staff_id, staff_id != 0, conversation_id);
}

int inbox_sla_get(db_t *db, int64_t office_id, int *first_min, int *resolve_min)
{
    *first_min = SLA_FIRST_DEFAULT;
    *resolve_min = SLA_RESOLVE_DEFAULT;
    db_stmt *st = db_query(db, "SELECT first_min, resolve_min FROM inbox_sla WHERE office_id = ?",
                           "i", office_id);
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *first_min = (int)db_col_int(st, 0);
        *resolve_min = (int)db_col_int(st, 1);
    }
    db_done(st);
    return rc == DB_ROW || rc == DB_DONE ? 0 : -1;
}

int inbox_sla_set(db_t *db, int64_t office_id, int first_min, int resolve_min, int64_t now)
{
    return db_run(db, "INSERT INTO inbox_sla (office_id, first_min, resolve_min, updated_at) "
                      "VALUES (?, ?, ?, ?) ON CONFLICT (office_id) DO UPDATE SET "
                      "first_min = excluded.first_min, resolve_min = excluded.resolve_min, "
                      "updated_at = excluded.updated_at",
                  "iddi", office_id, first_min, resolve_min, now);
}

json_t *inbox_escalation_candidates(db_t *db, int limit)
{
    db_stmt *st = db_query(db, "SELECT c.id, c.office_id, COALESCE(c.assigned_to, 0) FROM "
                               "conversation c WHERE c.state = 'human' AND EXISTS (SELECT 1 FROM "
                               "escalation e WHERE e.office_id = c.office_id) "
                               "ORDER BY c.office_id, c.last_message_at LIMIT ?", "d", limit);
    json_t *a = rows_array(st, "id:i office_id:i assigned_to:i");
    db_done(st);
    return a;
}

int64_t inbox_wait_since(db_t *db, int64_t conversation_id)
{
    int64_t t = 0;
    int rc = db_int(db, &t, "SELECT COALESCE(MIN(m.created_at), 0) FROM message m WHERE "
                            "m.conversation_id = ? AND m.direction = 'in' AND m.id > "
                            "COALESCE((SELECT MAX(o.id) FROM message o WHERE o.conversation_id = ? "
                            "AND o.direction = 'out' AND o.author <> 'bot'), 0)", "ii", conversation_id, conversation_id);
    return rc == DB_ROW ? t : -1;
}

json_t *inbox_requests(db_t *db, int64_t conversation_id)
{
    db_stmt *st = db_query(db, "SELECT id, number, service_id, service_name, status, eta_date, "
                               "request_type FROM request WHERE conversation_id = ? ORDER BY id "
                               "DESC", "i", conversation_id);
    json_t *a = rows_array(st, "id:i number service_id:i service_name status eta_date:i "
                               "request_type");
    db_done(st);
    return a;
}

int64_t inbox_schedule_add(db_t *db, int64_t office_id, int64_t conversation_id, const char *kind,
                           const char *body, const char *payload, int64_t staff_id,
                           const char *author, int64_t run_at, int64_t now)
{
    int64_t id = -1;
    int rc = db_int(db, &id, "INSERT INTO scheduled_message (office_id, conversation_id, kind, "
                             "body, payload, staff_id, author, run_at, created_at) VALUES "
                             "(?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", "iisssIsii", office_id,
                    conversation_id, kind, body, payload, staff_id, author, run_at, now);
    return rc == DB_ROW ? id : -1;
}

json_t *inbox_scheduled(db_t *db, int64_t conversation_id)
{
    db_stmt *st = db_query(db, "SELECT id, kind, body, author, run_at FROM scheduled_message "
                               "WHERE conversation_id = ? AND state = 'waiting' ORDER BY run_at, id",
                           "i", conversation_id);
    json_t *a = rows_array(st, "id:i kind body author run_at:i");
    db_done(st);
    return a;
}

int inbox_schedule_cancel(db_t *db, int64_t conversation_id, int64_t id)
{
    int64_t got = 0;
    int rc = db_int(db, &got, "UPDATE scheduled_message SET state = 'cancelled' WHERE id = ? AND "
                              "conversation_id = ? AND state = 'waiting' RETURNING id", "ii", id,
                    conversation_id);
    return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

json_t *inbox_schedule_get(db_t *db, int64_t id)
{
    db_stmt *st = db_query(db, "SELECT m.id, m.office_id, m.conversation_id, m.kind, m.body, "
                               "m.payload, COALESCE(m.staff_id, 0), m.author, m.run_at, m.state, "
                               "k.channel, k.id, COALESCE(k.phone, '') FROM scheduled_message m "
                               "JOIN conversation c ON c.id = m.conversation_id JOIN contact k ON "
                               "k.id = c.contact_id WHERE m.id = ?", "i", id);
    json_t *r = row_first(st, "id:i office_id:i conversation_id:i kind body payload staff_id:i "
                              "author run_at:i state channel contact_id:i phone");
    db_done(st);
    return r;
}

int inbox_schedule_done(db_t *db, int64_t id, int64_t message_id, int64_t now)
{
    int64_t conv = 0;
    int rc = db_int(db, &conv, "UPDATE scheduled_message SET state = 'sent', message_id = ? "
                               "WHERE id = ? AND state = 'waiting' RETURNING conversation_id",
                    "ii", message_id, id);
    if (rc == DB_DONE) return 1;
    if (rc != DB_ROW) return -1;
    return db_run(db, "UPDATE conversation SET last_message_at = ? WHERE id = ?", "ii", now, conv);
}

int inbox_human_holder(db_t *db, int64_t conversation_id, int64_t *staff_id)
{
    return db_int(db, staff_id, "SELECT COALESCE(assigned_to, 0) FROM conversation "
                                "WHERE id = ? AND state = 'human'", "i", conversation_id);
}

int inbox_conversation_find(db_t *db, int64_t office_id, int64_t id, json_t **out)
{
    return row_lookup(db_query(db,
        "SELECT c.id, c.state, c.handover_reason, c.contact_id, k.channel, k.name, k.address, "
        "k.phone, k.last_inbound_at, k.blocked, COALESCE(c.assigned_to, 0), "
        "COALESCE(s.full_name, ''), c.opened_at FROM conversation c "
        "JOIN contact k ON k.id = c.contact_id LEFT JOIN staff s ON s.id = c.assigned_to "
        "WHERE c.id = ? AND c.office_id = ?", "ii", id, office_id),
        "id:i state reason contact_id:i channel name address phone last_inbound_at:i "
        "blocked:b assigned_to:i assigned_name opened_at:i", out);
}

json_t *inbox_messages(db_t *db, int64_t conversation_id)
{
    return rows_array(db_query(db,
        "SELECT id, direction, author, kind, body, status, error_text, sensitive, created_at, "
        "payload FROM message WHERE conversation_id = ? ORDER BY id", "i", conversation_id),
        "id:i direction author kind body status error_text sensitive:b at:i payload");
}

json_t *inbox_files(db_t *db, int64_t conversation_id)
{
    return rows_array(db_query(db,
        "SELECT f.id, f.filename, f.mime, f.size, COALESCE(m.sensitive, 0) "
        "FROM media f LEFT JOIN message m ON m.id = f.message_id "
        "WHERE f.conversation_id = ? ORDER BY f.id", "i", conversation_id),
        "id:i filename mime size:i id_card:b");
}

int inbox_take_over(db_t *db, int64_t conversation_id, int64_t staff_id, int64_t now)
{
    return db_run(db, "UPDATE conversation SET state = 'human', assigned_to = "
                      "COALESCE(assigned_to, ?), last_message_at = ? WHERE id = ?",
                  "iii", staff_id, now, conversation_id);
}

int inbox_set_state(db_t *db, int64_t conversation_id, const char *state, int64_t staff_id,
                    int64_t now)
{
    /* the CAST: PostgreSQL types a bare parameter in CASE ... ELSE NULL as text */
    return db_run(db, "UPDATE conversation SET state = ?, assigned_to = CASE WHEN ? = 'human' "
                      "THEN ? ELSE assigned_to END, closed_at = CASE WHEN ? = 'closed' THEN "
                      "CAST(? AS BIGINT) ELSE NULL END WHERE id = ?", "ssisii", state, state,
                  staff_id, state, now, conversation_id);
}
