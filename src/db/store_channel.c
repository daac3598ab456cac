/* store_channel: see store_channel.h. */
#include "db/store_channel.h"
#include "db/row.h"
#include <string.h>

int channel_find(db_t *db, int64_t office_id, const char *kind, json_t **out)
{
    db_stmt *st = db_query(db, "SELECT id, office_id, kind, account, token, app_secret, "
                               "verify_token, base_url, settings, active, last_error FROM channel "
                               "WHERE office_id = ? AND kind = ?", "is", office_id, kind);
    return row_lookup(st, "id:i office_id:i kind account token app_secret verify_token "
                          "base_url settings active:b last_error", out);
}

json_t *channel_get(db_t *db, int64_t office_id, const char *kind)
{
    json_t *c;
    channel_find(db, office_id, kind, &c);
    return c;
}

int channel_put(db_t *db, int64_t id, int64_t office_id, const char *kind,
                const struct channel_fields *f, int64_t now)
{
    if (id)
        return db_run(db, "UPDATE channel SET account = ?, token = ?, app_secret = ?, "
                          "verify_token = ?, base_url = ?, settings = ?, active = 1, "
                          "last_error = '', updated_at = ? WHERE id = ?",
                      "ssssssii", f->account, f->token, f->app_secret, f->verify_token,
                      f->base_url, f->settings, now, id);
    return db_run(db, "INSERT INTO channel (office_id, kind, account, token, app_secret, "
                      "verify_token, base_url, settings, created_at, updated_at) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  "isssssssii", office_id, kind, f->account, f->token, f->app_secret,
                  f->verify_token, f->base_url, f->settings, now, now);
}

int channel_set_error(db_t *db, int64_t id, const char *text, int64_t now)
{
    return db_run(db, "UPDATE channel SET last_error = ?, updated_at = ? WHERE id = ?", "sii",
                  text, now, id);
}

int64_t channel_sealed_count(db_t *db)
{
    int64_t n = 0;
    if (db_int(db, &n, "SELECT COUNT(*) FROM channel WHERE token LIKE 'enc1:%' "
                       "OR app_secret LIKE 'enc1:%' OR verify_token LIKE 'enc1:%'", "") < 0)
        return -1;
    return n;
}

json_t *channel_secret_rows(db_t *db)
{
    return rows_array(db_query(db, "SELECT c.id, c.office_id, c.kind, c.token, c.app_secret, "
                                   "c.verify_token, o.slug FROM channel c "
                                   "JOIN office o ON o.id = c.office_id ORDER BY c.id", ""),
                      "id:i office_id:i kind token app_secret verify_token slug");
}

int channel_secret_swap(db_t *db, int64_t id, const char *col, const char *sealed,
                        const char *old)
{
    if (strcmp(col, "token") == 0)
        return db_run(db, "UPDATE channel SET token = ? WHERE id = ? AND token = ?", "sis",
                      sealed, id, old);
    if (strcmp(col, "app_secret") == 0)
        return db_run(db, "UPDATE channel SET app_secret = ? WHERE id = ? AND app_secret = ?",
                      "sis", sealed, id, old);
    if (strcmp(col, "verify_token") == 0)
        return db_run(db, "UPDATE channel SET verify_token = ? WHERE id = ? AND verify_token = ?",
                      "sis", sealed, id, old);
    return DB_ERR;
}
