/* store_staff: see store_staff.h. */
#include "db/store_staff.h"
#include "db/row.h"

#define STAFF_COLS "SELECT id, username, full_name, phone, pw_hash, disabled, failed_logins, " \
                   "locked_until, duty_hours, absent_until FROM staff "
#define STAFF_SPEC "id:i username full_name phone pw_hash disabled:b failed_logins:i " \
                   "locked_until:i duty_hours absent_until:i"

json_t *staff_get(db_t *db, const char *username)
{
    return row_first(db_query(db, STAFF_COLS "WHERE username = ?", "s", username), STAFF_SPEC);
}

json_t *staff_get_id(db_t *db, int64_t id)
{
    return row_first(db_query(db, STAFF_COLS "WHERE id = ?", "i", id), STAFF_SPEC);
}

int staff_find(db_t *db, const char *username, json_t **out)
{
    return row_lookup(db_query(db, STAFF_COLS "WHERE username = ?", "s", username), STAFF_SPEC,
                      out);
}

int staff_find_id(db_t *db, int64_t id, json_t **out)
{
    return row_lookup(db_query(db, STAFF_COLS "WHERE id = ?", "i", id), STAFF_SPEC, out);
}

int staff_insert(db_t *db, const char *username, const char *full_name, const char *phone,
                 const char *pw_hash, int64_t now, int64_t *id)
{
    db_stmt *st = db_query(db, "INSERT INTO staff (username, full_name, phone, pw_hash, "
                           "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                           "ssssii", username, full_name, phone ? phone : "", pw_hash, now, now);
    if (!st) return DB_ERR;
    int rc = db_step(st);
    if (rc == DB_ROW) { *id = db_col_int(st, 0); rc = DB_DONE; }
    db_done(st);
    return rc;
}

int staff_set_password(db_t *db, int64_t id, const char *pw_hash, int64_t now)
{
    return db_run(db, "UPDATE staff SET pw_hash = ?, failed_logins = 0, locked_until = 0, "
                  "updated_at = ? WHERE id = ?", "sii", pw_hash, now, id);
}

int staff_set_disabled(db_t *db, int64_t id, int disabled, int64_t now)
{
    return db_run(db, "UPDATE staff SET disabled = ?, updated_at = ? WHERE id = ?", "dii",
                  disabled, now, id);
}

int staff_set_profile(db_t *db, int64_t id, const char *full_name, const char *phone,
                      const char *duty_hours, int absent_until, int64_t now)
{
    return db_run(db, "UPDATE staff SET full_name = ?, phone = ?, duty_hours = ?, "
                  "absent_until = ?, updated_at = ? WHERE id = ?", "sssdii",
                  full_name, phone, duty_hours, absent_until, now, id);
}

int staff_login_result(db_t *db, int64_t id, int failed_logins, int64_t locked_until)
{
    return db_run(db, "UPDATE staff SET failed_logins = ?, locked_until = ? WHERE id = ?",
                  "dii", failed_logins, locked_until, id);
}

int staff_login_claim(db_t *db, int64_t id, int64_t now, int lock_at, int64_t lock_until)
{
    /* one statement: the row lock (PostgreSQL) or the write lock (SQLite)
     * orders concurrent attempts, and the attempt that reaches `lock_at`
     * locks the account in the same step, so no later one gets through */
    int64_t n = 0;
    int rc = db_int(db, &n, "UPDATE staff SET failed_logins = failed_logins + 1, "
                            "locked_until = CASE WHEN failed_logins + 1 >= ? THEN ? "
                            "ELSE locked_until END WHERE id = ? AND locked_until <= ? "
                            "RETURNING failed_logins", "diii", lock_at, lock_until, id, now);
    if (rc < 0) return -1;
    return rc == DB_ROW ? (int)n : 0;
}

int staff_login_lock(db_t *db, int64_t id, int failed_logins, int64_t locked_until)
{
    return db_run(db, "UPDATE staff SET locked_until = ? WHERE id = ? AND failed_logins = ? "
                      "AND locked_until < ?", "iidi", locked_until, id, failed_logins,
                  locked_until);
}

json_t *staff_grants(db_t *db, int64_t staff_id)
{
    return rows_array(db_query(db,
        "SELECT o.id, o.slug, o.name, o.parent_id, o.type, r.role FROM staff_role r "
        "JOIN office o ON o.id = r.office_id WHERE r.staff_id = ? ORDER BY o.name, r.role",
        "i", staff_id), "office_id:i office_slug office_name office_parent_id:i office_type role");
}

int staff_role_add(db_t *db, int64_t staff_id, int64_t office_id, const char *role)
{
    return db_run(db, "INSERT INTO staff_role (staff_id, office_id, role) VALUES (?, ?, ?)",
                  "iis", staff_id, office_id, role);
}

int staff_role_del(db_t *db, int64_t staff_id, int64_t office_id, const char *role)
{
    return db_run(db, "DELETE FROM staff_role WHERE staff_id = ? AND office_id = ? AND role = ?",
                  "iis", staff_id, office_id, role);
}

json_t *staff_roles_in(db_t *db, int64_t staff_id, int64_t office_id)
{
    db_stmt *st = db_query(db, "SELECT role FROM staff_role WHERE staff_id = ? AND "
                           "office_id = ? ORDER BY role", "ii", staff_id, office_id);
    if (!st) return NULL;
    json_t *a = json_array();
    while (db_step(st) == DB_ROW) json_array_append_new(a, json_string(db_col_text(st, 0)));
    db_done(st);
    return a;
}

json_t *staff_of_office(db_t *db, int64_t office_id)
{
    json_t *list = rows_array(db_query(db,
        "SELECT DISTINCT s.id, s.username, s.full_name, s.phone, s.disabled, s.duty_hours, "
        "s.absent_until FROM staff s JOIN staff_role r ON r.staff_id = s.id "
        "WHERE r.office_id = ? ORDER BY s.full_name", "i", office_id),
        "id:i username full_name phone disabled:b duty_hours absent_until:i");
    if (!list) return NULL;
    size_t i;
    json_t *s;
    json_array_foreach(list, i, s) {
        json_t *roles = staff_roles_in(db, json_integer_value(json_object_get(s, "id")),
                                       office_id);
        json_object_set_new(s, "roles", roles ? roles : json_array());
    }
    return list;
}

json_t *escalation_get(db_t *db, int64_t office_id)
{
    return rows_array(db_query(db,
        "SELECT e.level, e.staff_id, s.username, s.full_name, e.wait_min, s.duty_hours, "
        "s.absent_until, s.disabled FROM escalation e "
        "JOIN staff s ON s.id = e.staff_id WHERE e.office_id = ? ORDER BY e.level",
        "i", office_id), "level:i staff_id:i username full_name wait_min:i duty_hours "
                         "absent_until:i disabled:b");
}

int escalation_clear(db_t *db, int64_t office_id)
{
    return db_run(db, "DELETE FROM escalation WHERE office_id = ?", "i", office_id);
}

int escalation_add(db_t *db, int64_t office_id, int level, int64_t staff_id, int wait_min)
{
    return db_run(db, "INSERT INTO escalation (office_id, level, staff_id, wait_min) "
                  "VALUES (?, ?, ?, ?)", "idid", office_id, level, staff_id, wait_min);
}

int session_create(db_t *db, const char *token_hash, int64_t staff_id, const char *csrf,
                   int64_t now, int64_t expires)
{
    return db_run(db, "INSERT INTO session (token_hash, staff_id, csrf, created_at, expires_at) "
                  "VALUES (?, ?, ?, ?, ?)", "sisii", token_hash, staff_id, csrf, now, expires);
}

int session_find(db_t *db, const char *token_hash, int64_t now, json_t **out)
{
    return row_lookup(db_query(db, "SELECT staff_id, csrf, expires_at FROM session "
                               "WHERE token_hash = ? AND expires_at > ?", "si", token_hash, now),
                      "staff_id:i csrf expires_at:i", out);
}

json_t *session_get(db_t *db, const char *token_hash, int64_t now)
{
    json_t *s;
    session_find(db, token_hash, now, &s);
    return s;
}

int session_touch(db_t *db, const char *token_hash, int64_t expires)
{
    return db_run(db, "UPDATE session SET expires_at = ? WHERE token_hash = ?", "is",
                  expires, token_hash);
}

int session_delete(db_t *db, const char *token_hash)
{
    return db_run(db, "DELETE FROM session WHERE token_hash = ?", "s", token_hash);
}

int session_delete_staff(db_t *db, int64_t staff_id)
{
    return db_run(db, "DELETE FROM session WHERE staff_id = ?", "i", staff_id);
}

int session_delete_others(db_t *db, int64_t staff_id, const char *keep)
{
    return db_run(db, "DELETE FROM session WHERE staff_id = ? AND token_hash <> ?", "is",
                  staff_id, keep);
}

int64_t staff_home_office(db_t *db, int64_t staff_id)
{
    int64_t id = 0;
    if (db_int(db, &id, "SELECT MIN(office_id) FROM staff_role WHERE staff_id = ?", "i",
               staff_id) != DB_ROW)
        return 0;
    return id;
}
