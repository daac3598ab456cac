/* store_todo: see store_todo.h. */
#include "db/store_todo.h"
#include "db/row.h"

int todo_counts(db_t *db, int64_t office_id, int64_t me, int today, struct todo_counts *out)
{
    int64_t *v[] = {&out->conv_mine, &out->conv_unassigned, &out->req_new, &out->req_overdue};
    static const char *const sql[] = {
        "SELECT COUNT(*) FROM conversation c WHERE c.office_id = ? AND c.assigned_to = ? AND "
        "c.state <> 'closed' AND (SELECT direction FROM message m WHERE m.conversation_id = c.id "
        "ORDER BY m.id DESC LIMIT 1) = 'in' AND ? >= 0",
        "SELECT COUNT(*) FROM conversation c WHERE c.office_id = ? AND c.assigned_to IS NULL AND "
        "c.state = 'human' AND ? >= 0 AND ? >= 0",
        "SELECT COUNT(*) FROM request r WHERE r.office_id = ? AND r.status = 'baru' AND ? >= 0 "
        "AND ? >= 0",
        "SELECT COUNT(*) FROM request r WHERE r.office_id = ? AND r.status IN ('baru', 'diproses') "
        "AND r.eta_date > 0 AND r.eta_date < ? AND ? >= 0",
    };
    /* every statement binds the same three values, so one loop runs them */
    int64_t args[][2] = {{me, 0}, {0, 0}, {0, 0}, {today, 0}};
    for (int i = 0; i < 4; i++)
        if (db_int(db, v[i], sql[i], "iii", office_id, args[i][0], args[i][1]) != DB_ROW) return -1;
    return 0;
}

json_t *todo_pickups(db_t *db, int64_t office_id, int date)
{
    db_stmt *st = db_query(db,
        "SELECT r.id, r.number, r.citizen_name, s.start_min, s.end_min, r.status "
        "FROM pickup_booking b JOIN request r ON r.id = b.request_id "
        "JOIN pickup_slot s ON s.id = b.slot_id WHERE r.office_id = ? AND b.date = ? "
        "ORDER BY s.start_min, r.number LIMIT 200", "id", office_id, date);
    return rows_array(st, "id:i number citizen_name start_min:i end_min:i status");
}
