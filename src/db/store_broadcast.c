/* store_broadcast: see store_broadcast.h. */
#include "db/store_broadcast.h"
#include "db/row.h"
#include "db/store_job.h"
#include <stdio.h>
#include <string.h>

static int consent(db_t *db, int64_t sub_id, const struct sub_change *c)
{
    return db_run(db, "INSERT INTO subscriber_consent (subscriber_id, office_id, channel, action, "
                      "words, message_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)", "iisssIi", sub_id,
                  c->office_id, c->channel, c->in ? "masuk" : "keluar", c->words ? c->words : "",
                  c->message_id, c->now);
}

int sub_set(db_t *db, const struct sub_change *c)
{
    int64_t id = 0, active = 0;
    db_stmt *st = db_query(db, "SELECT id, active FROM subscriber WHERE office_id = ? AND "
                               "channel = ? AND address = ?", "iss", c->office_id, c->channel,
                           c->address);
    if (!st) return -1;
    int rc = db_step(st);
    if (rc == DB_ROW) {
        id = db_col_int(st, 0);
        active = db_col_int(st, 1);
    }
    db_done(st);
    if (rc < 0) return -1;
    if (!c->in && (!id || !active)) return id ? 0 : 2;
    int changed = c->in != (int)active || !id;
    if (!id) {
        if (db_int(db, &id, "INSERT INTO subscriber (office_id, channel, address, contact_id, "
                            "opted_in_at) VALUES (?, ?, ?, ?, ?) RETURNING id", "issIi",
                   c->office_id, c->channel, c->address, c->contact_id, c->now) != DB_ROW)
            return -1;
    } else if (changed &&
               db_run(db, c->in ? "UPDATE subscriber SET active = 1, opted_in_at = ?, "
                                  "contact_id = COALESCE(?, contact_id) WHERE id = ?"
                                : "UPDATE subscriber SET active = 0, opted_out_at = ?, "
                                  "contact_id = COALESCE(?, contact_id) WHERE id = ?",
                      "iIi", c->now, c->contact_id, id) != 0) {
        return -1;
    }
    return consent(db, id, c) != 0 ? -1 : changed;
}

int sub_count(db_t *db, int64_t office_id, const char *channel, int64_t *n)
{
    return db_int(db, n, "SELECT COUNT(*) FROM subscriber WHERE office_id = ? AND channel = ? "
                         "AND active = 1", "is", office_id, channel) == DB_ROW ? 0 : -1;
}

int broadcast_create(db_t *db, const struct actor *who, const struct broadcast_new *b,
                     int64_t *id)
{
    int64_t total = 0;
    char eid[32];
    if (db_int(db, id, "INSERT INTO broadcast (office_id, item_id, template, language, params, "
                       "created_by, created_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                       "RETURNING id", "iisssIsi", b->office_id, b->item_id, b->template_name,
               b->language, b->params, who->id, who->name ? who->name : "", b->now) != DB_ROW ||
        db_run_changes(db, &total,
                       "INSERT INTO broadcast_delivery (broadcast_id, office_id, subscriber_id, "
                       "channel, address) SELECT ?, office_id, id, channel, address FROM "
                       "subscriber WHERE office_id = ? AND channel IN ('whatsapp', 'telegram') "
                       "AND active = 1", "ii", *id,
                       b->office_id) != 0 ||
        db_run(db, "UPDATE broadcast SET total = ? WHERE id = ?", "ii", total, *id) != 0 ||
        job_add(db, "broadcast", b->office_id, *id, NULL, 0) != 0)
        return -1;
    snprintf(eid, sizeof eid, "%lld", (long long)b->item_id);
    json_t *after = json_pack("{s:s, s:s, s:I, s:I}", "judul", b->item_title, "templat",
                              b->template_name, "penerima", (json_int_t)total, "siaran",
                              (json_int_t)*id);
    int rc = audit_append(db, who, b->office_id, "content.broadcast", "content", eid, NULL,
                          after, b->now);
    json_decref(after);
    return rc;
}

#define COUNT_OF(cond)                                                                     \
    "(SELECT COUNT(*) FROM broadcast_delivery d WHERE d.broadcast_id = b.id AND " cond ")"
#define RECEIPT(statuses)                                                                  \
    "d.state = 'terkirim' AND EXISTS (SELECT 1 FROM receipt r WHERE r.channel = 'whatsapp' " \
    "AND r.external_id = d.external_id AND r.status IN (" statuses "))"
#define BC_COLS                                                                            \
    "SELECT b.id, b.item_id, c.title, c.slug, b.template, b.language, b.params, b.state, "   \
    "b.total, b.created_name, b.created_at, b.finished_at, " COUNT_OF("d.state = 'antri'")  \
    ", " COUNT_OF("d.state = 'kirim'") ", " COUNT_OF("d.state = 'terkirim'") ", "           \
    COUNT_OF("(d.state = 'gagal' OR (" RECEIPT("'failed'") "))") ", "                        \
    COUNT_OF("d.state = 'batal'") ", " COUNT_OF("d.state = 'tak_pasti'") ", "               \
    COUNT_OF(RECEIPT("'delivered', 'read'")) ", " COUNT_OF(RECEIPT("'read'"))               \
    " FROM broadcast b JOIN content_item c ON c.id = b.item_id "
#define BC_SPEC                                                                            \
    "id:i item_id:i item_title item_slug template language params state total:i "          \
    "created_name created_at:i finished_at:i waiting:i sending:i sent:i failed:i skipped:i " \
    "unsure:i delivered:i read:i"

json_t *broadcast_list(db_t *db, int64_t office_id, int64_t item_id, int limit)
{
    return rows_array(db_query(db, BC_COLS "WHERE b.office_id = ? AND (? = 0 OR b.item_id = ?) "
                                           "ORDER BY b.id DESC LIMIT ?", "iiid", office_id,
                               item_id, item_id, limit), BC_SPEC);
}

int broadcast_find(db_t *db, int64_t office_id, int64_t id, json_t **out)
{
    return row_lookup(db_query(db, BC_COLS "WHERE b.office_id = ? AND b.id = ?", "ii", office_id,
                               id), BC_SPEC, out);
}

json_t *broadcast_get(db_t *db, int64_t id)
{
    return row_first(db_query(db, "SELECT office_id, template, language, params, state FROM "
                                  "broadcast WHERE id = ?", "i", id),
                     "office_id:i template language params state");
}

int bc_tidy(db_t *db, int64_t broadcast_id, const char *me, int sqlite_one, int64_t stale_ms)
{
    if (db_run(db, "UPDATE broadcast_delivery SET state = 'tak_pasti', error_text = ? WHERE "
                   "broadcast_id = ? AND state = 'kirim' AND ((? = 1 AND claimed_by <> ?) OR "
                   "claimed_at < ?)", "sidsi",
               "Pengirim berhenti saat pesan ini sedang dikirim; mungkin sudah terkirim, "
               "tidak dikirim ulang.", broadcast_id, sqlite_one, me, stale_ms) != 0)
        return -1;
    return db_run(db, "UPDATE broadcast_delivery SET state = 'batal', error_text = ? WHERE "
                      "broadcast_id = ? AND state = 'antri' AND subscriber_id IN (SELECT id FROM "
                      "subscriber WHERE active = 0)", "si",
                  "Warga berhenti berlangganan sebelum gilirannya.", broadcast_id);
}

int bc_reach(db_t *db, int64_t office_id, int64_t since_ms, int64_t *n, int64_t *first)
{
    db_stmt *st = db_query(db, "SELECT COUNT(DISTINCT subscriber_id), COALESCE(MIN(claimed_at), 0) "
                               "FROM broadcast_delivery WHERE office_id = ? AND claimed_at >= ? "
                               "AND channel = 'whatsapp' AND state IN ('kirim', 'terkirim', "
                               "'tak_pasti')", "ii", office_id,
                           since_ms);
    if (!st) return -1;
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *n = db_col_int(st, 0);
        *first = db_col_int(st, 1);
    }
    db_done(st);
    return rc == DB_ROW ? 0 : -1;
}

json_t *bc_claim(db_t *db, int64_t broadcast_id, int limit, const char *me, int64_t now_ms,
                 int64_t pair_ms)
{
    /* one statement: the claim commits before any send (the row says
     * kirim while the POST may be in flight) */
#define PICK                                                                               \
    "SELECT d.id FROM broadcast_delivery d WHERE d.broadcast_id = ? AND d.state = 'antri' "  \
    "AND NOT EXISTS (SELECT 1 FROM broadcast_delivery o WHERE o.subscriber_id = "            \
    "d.subscriber_id AND o.claimed_at > ?) ORDER BY d.id LIMIT ?"
    static const char *sqlite_sql =
        "UPDATE broadcast_delivery SET state = 'kirim', claimed_by = ?, claimed_at = ?, "
        "attempts = attempts + 1 WHERE id IN (" PICK ") RETURNING id, channel, address, attempts";
    static const char *pg_sql =
        "UPDATE broadcast_delivery SET state = 'kirim', claimed_by = ?, claimed_at = ?, "
        "attempts = attempts + 1 WHERE id IN (" PICK " FOR UPDATE SKIP LOCKED) "
        "RETURNING id, channel, address, attempts";
#undef PICK
    json_t *rows = rows_array(db_query(db, db_kind(db) == DB_PG ? pg_sql : sqlite_sql, "siiid",
                                       me, now_ms, broadcast_id, now_ms - pair_ms, limit),
                              "id:i channel address attempts:i");
    return rows;
}

int bc_result(db_t *db, int64_t id, const char *state, const char *external_id, int64_t code,
              const char *text, int64_t now, int64_t hold_ms)
{
    if (strcmp(state, "antri") == 0)
        return db_run(db, "UPDATE broadcast_delivery SET state = 'antri', claimed_at = ?, "
                          "error_code = ?, error_text = ? WHERE id = ?", "iIsi", hold_ms,
                      code, text ? text : "", id);
    return db_run(db, "UPDATE broadcast_delivery SET state = ?, external_id = ?, error_code = ?, "
                      "error_text = ?, sent_at = ? WHERE id = ?", "ssIsii", state, external_id,
                  code, text ? text : "", now, id);
}

int bc_waiting(db_t *db, int64_t broadcast_id, int64_t *n)
{
    return db_int(db, n, "SELECT COUNT(*) FROM broadcast_delivery WHERE broadcast_id = ? AND "
                         "state IN ('antri', 'kirim')", "i", broadcast_id) == DB_ROW ? 0 : -1;
}

int bc_finish(db_t *db, int64_t broadcast_id, int64_t now)
{
    return db_run(db, "UPDATE broadcast SET state = 'selesai', finished_at = ? WHERE id = ? AND "
                      "state = 'berjalan' AND NOT EXISTS (SELECT 1 FROM broadcast_delivery WHERE "
                      "broadcast_id = ? AND state IN ('antri', 'kirim'))", "iii", now,
                  broadcast_id, broadcast_id);
}
