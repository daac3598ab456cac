/* store_push: see store_push.h. */
#include "db/store_push.h"
#include "db/row.h"

int push_key_get(db_t *db, json_t **out)
{
    return row_lookup(db_query(db, "SELECT public_key, private_key FROM push_key WHERE id = 1",
                               ""), "public_key private_key", out);
}

int push_key_put(db_t *db, const char *public_key, const char *sealed_private, int64_t now)
{
    return db_run(db, "INSERT INTO push_key (id, public_key, private_key, created_at) "
                      "VALUES (1, ?, ?, ?) ON CONFLICT (id) DO NOTHING", "ssi",
                  public_key, sealed_private, now);
}

int push_key_swap(db_t *db, const char *sealed, const char *old)
{
    return db_run(db, "UPDATE push_key SET private_key = ? WHERE id = 1 AND private_key = ?", "ss",
                  sealed, old);
}

int push_web_contact(db_t *db, int64_t office_id, const char *address, int64_t *id)
{
    return db_int(db, id, "SELECT id FROM contact WHERE office_id = ? AND channel = 'web' "
                          "AND address = ?", "is", office_id, address);
}

int push_sub_save(db_t *db, int64_t office_id, int64_t contact_id, const char *endpoint,
                  const char *p256dh, const char *auth, int keep, int64_t now)
{
    int64_t n = 0;
    int rc = push_sub_remove(db, contact_id, endpoint, &n);
    if (rc == 0) rc = push_sub_count(db, contact_id, &n);
    for (; rc == 0 && n >= keep; n--)
        rc = db_run(db, "DELETE FROM push_subscription WHERE id = (SELECT id FROM "
                        "push_subscription WHERE contact_id = ? ORDER BY created_at, id LIMIT 1)",
                    "i", contact_id);
    if (rc == 0)
        rc = db_run(db, "INSERT INTO push_subscription (office_id, contact_id, endpoint, p256dh, "
                        "auth, created_at) VALUES (?, ?, ?, ?, ?, ?)", "iisssi",
                    office_id, contact_id, endpoint, p256dh, auth, now);
    return rc;
}

int push_sub_remove(db_t *db, int64_t contact_id, const char *endpoint, int64_t *n)
{
    return db_run_changes(db, n, "DELETE FROM push_subscription WHERE contact_id = ? AND "
                                 "endpoint = ?", "is", contact_id, endpoint);
}

int push_sub_delete(db_t *db, int64_t id)
{
    return db_run(db, "DELETE FROM push_subscription WHERE id = ?", "i", id);
}

int push_sub_count(db_t *db, int64_t contact_id, int64_t *n)
{
    return db_int(db, n, "SELECT COUNT(*) FROM push_subscription WHERE contact_id = ?", "i",
                  contact_id) == DB_ROW ? 0 : -1;
}

int push_sub_get(db_t *db, int64_t id, json_t **out)
{
    return row_lookup(db_query(db, "SELECT id, office_id, endpoint, p256dh, auth FROM "
                                   "push_subscription WHERE id = ?", "i", id),
                      "id:i office_id:i endpoint p256dh auth", out);
}

json_t *push_subs_of_message(db_t *db, int64_t message_id)
{
    return rows_array(db_query(db, "SELECT s.id, s.office_id FROM message m JOIN conversation c "
                                   "ON c.id = m.conversation_id JOIN push_subscription s ON "
                                   "s.contact_id = c.contact_id WHERE m.id = ? ORDER BY s.id",
                               "i", message_id), "id:i office_id:i");
}

int push_sub_result(db_t *db, int64_t id, int ok, int64_t now)
{
    if (ok)
        return db_run(db, "UPDATE push_subscription SET last_success_at = ?, failures = 0 "
                          "WHERE id = ?", "ii", now, id);
    return db_run(db, "UPDATE push_subscription SET failures = failures + 1 WHERE id = ?", "i",
                  id);
}

int push_message(db_t *db, int64_t message_id, json_t **out)
{
    return row_lookup(db_query(db, "SELECT m.body, o.name, o.slug FROM message m JOIN office o "
                                   "ON o.id = m.office_id WHERE m.id = ?", "i", message_id),
                      "body office_name office_slug", out);
}
