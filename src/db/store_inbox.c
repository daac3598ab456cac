/* store_inbox: see store_inbox.h. */
#include "db/store_inbox.h"
#include "db/row.h"
#include <stdio.h>

int inbox_notify(db_t *db, const char *channel, const char *payload)
{
    int64_t ignored;
    int rc = db_int(db, &ignored, "SELECT 1 FROM (SELECT pg_notify(?, ?)) n", "ss", channel,
                    payload);
    return rc == DB_ROW ? 0 : -1;
}

json_t *inbox_list(db_t *db, int64_t office_id)
{
    /* "waiting": the citizen wrote last, so someone owes an answer */
    db_stmt *st = db_query(db,
        "SELECT c.id, c.state, c.handover_reason, c.last_message_at, k.channel, k.name, "
        "k.address, (SELECT body FROM message m WHERE m.conversation_id = c.id "
        "ORDER BY m.id DESC LIMIT 1), COALESCE(c.assigned_to, 0), COALESCE(s.full_name, ''), "
        "k.last_inbound_at, (SELECT CASE WHEN direction = 'in' THEN 1 ELSE 0 END FROM message m "
        "WHERE m.conversation_id = c.id ORDER BY m.id DESC LIMIT 1) "
        "FROM conversation c JOIN contact k ON k.id = c.contact_id "
        "LEFT JOIN staff s ON s.id = c.assigned_to WHERE c.office_id = ? "
        "ORDER BY CASE c.state WHEN 'human' THEN 0 WHEN 'bot' THEN 1 ELSE 2 END, "
        "c.last_message_at DESC LIMIT 200", "i", office_id);
    json_t *list = rows_array(st, "id:i state reason last_at:i channel name address last "
                                  "assigned_to:i assigned_name last_in_at:i waiting:b");
    db_done(st);
    return list;
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
