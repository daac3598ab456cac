/* store_chat: see store_chat.h. */
#include "db/store_chat.h"
#include "db/row.h"
#include "core/uplink.h"
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

int64_t chat_contact_upsert(db_t *db, int64_t office_id, const char *channel,
                            const char *address, const char *name, int64_t inbound_at,
                            int64_t now)
{
    int64_t id = 0;
    int rc = db_int(db, &id,
        "INSERT INTO contact (office_id, channel, address, name, last_inbound_at, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (office_id, channel, address) DO UPDATE SET "
        "name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE contact.name END, "
        "last_inbound_at = CASE WHEN excluded.last_inbound_at > contact.last_inbound_at "
        "THEN excluded.last_inbound_at ELSE contact.last_inbound_at END RETURNING id",
        "isssii", office_id, channel, address, name ? name : "", inbound_at, now);
    return rc == DB_ROW ? id : -1;
}

int chat_contact_name_if_none(db_t *db, int64_t contact_id, const char *name)
{
    return db_run(db, "UPDATE contact SET name = ? WHERE id = ? AND name = ''", "si", name,
                  contact_id);
}

int64_t chat_last_message_id(db_t *db, int64_t conversation_id)
{
    int64_t id = 0;
    return db_int(db, &id, "SELECT COALESCE(MAX(id), 0) FROM message WHERE conversation_id = ?",
                  "i", conversation_id) == DB_ROW ? id : -1;
}

int64_t chat_files_since(db_t *db, int64_t conversation_id, int64_t since)
{
    int64_t n = 0;
    int rc = db_int(db, &n, "SELECT (SELECT COUNT(*) FROM media WHERE conversation_id = ? AND "
                            "message_id IS NULL AND created_at >= ?) + (SELECT COUNT(*) FROM "
                            "message WHERE conversation_id = ? AND direction = 'in' AND kind IN "
                            "('image', 'document') AND created_at >= ?)", "iiii",
                    conversation_id, since, conversation_id, since);
    return rc == DB_ROW ? n : -1;
}

json_t *chat_conversation_open(db_t *db, int64_t office_id, int64_t contact_id, int64_t now)
{
    db_stmt *st = db_query(db, "SELECT id, state, bot_state FROM conversation "
                               "WHERE contact_id = ? AND state <> 'closed' ORDER BY id DESC LIMIT 1",
                           "i", contact_id);
    json_t *c;
    int rc = row_lookup(st, "id:i state bot_state", &c);
    db_done(st);
    if (rc < 0) return NULL;            /* not "none open": a second one would split the chat */
    if (!c) {
        int64_t id;
        if (db_int(db, &id, "INSERT INTO conversation (office_id, contact_id, opened_at, "
                            "last_message_at) VALUES (?, ?, ?, ?) RETURNING id",
                   "iiii", office_id, contact_id, now, now) != DB_ROW)
            return NULL;
        c = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "state", "bot", "bot_state", "{}");
    }
    json_t *bs = json_loads(json_string_value(json_object_get(c, "bot_state")) ?: "{}", 0, NULL);
    json_object_set_new(c, "bot_state", json_is_object(bs) ? bs : json_object());
    if (bs && !json_is_object(bs)) json_decref(bs);
    return c;
}

int chat_conversation_save(db_t *db, int64_t id, const char *state, const json_t *bot_state,
                           const char *handover_reason, int64_t now)
{
    char *bs = json_dumps(bot_state, JSON_COMPACT);
    if (!bs) return -1;
    int rc = db_run(db, "UPDATE conversation SET state = ?, bot_state = ?, "
                        "handover_reason = CASE WHEN ? <> '' THEN ? ELSE handover_reason END, "
                        "last_message_at = ? WHERE id = ?",
                    "ssssii", state, bs, handover_reason, handover_reason, now, id);
    free(bs);
    return rc;
}

int chat_message_exists(db_t *db, int64_t id)
{
    int64_t n = 0;
    int rc = db_int(db, &n, "SELECT COUNT(*) FROM message WHERE id = ?", "i", id);
    return rc == DB_ROW ? n > 0 : rc < 0 ? rc : DB_ERR;
}

json_t *chat_message_get(db_t *db, int64_t id)
{
    db_stmt *st = db_query(db,
        "SELECT m.id, m.office_id, m.channel, m.external_id, m.conversation_id, m.direction, "
        "m.sender, m.sender_name, m.kind, m.body, m.payload, m.sensitive, m.author, m.status, "
        "m.error_code, m.error_text, m.sent_at, m.created_at, k.address, k.last_inbound_at, "
        "k.blocked FROM message m LEFT JOIN conversation c ON c.id = m.conversation_id "
        "LEFT JOIN contact k ON k.id = c.contact_id WHERE m.id = ?", "i", id);
    json_t *m = row_first(st, "id:i office_id:i channel external_id conversation_id:i direction "
                              "sender sender_name kind body payload sensitive:b author status "
                              "error_code:i error_text sent_at:i created_at:i contact_address "
                              "last_inbound_at:i contact_blocked:b");
    db_done(st);
    return m;
}

int64_t chat_message_out(db_t *db, int64_t office_id, const char *channel,
                         int64_t conversation_id, const char *kind, const char *body,
                         const char *payload, const char *author, int64_t staff_id,
                         int64_t now)
{
    int64_t id = 0;
    int web = strcmp(channel, "web") == 0;
    int rc = db_int(db, &id,
        "INSERT INTO message (office_id, channel, conversation_id, direction, kind, body, payload, "
        "author, staff_id, status, sent_at, created_at, updated_at) "
        "VALUES (?, ?, ?, 'out', ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        "isissssIsiii", office_id, channel, conversation_id, kind, body, payload ? payload : "{}",
        author, staff_id, web ? "sent" : "queued", now, now, now);
    return rc == DB_ROW ? id : -1;
}

int chat_upload_link(db_t *db, int64_t office_id, int64_t conversation_id, int64_t now,
                     int64_t ttl, char masked[65])
{
    char hash[65];
    if (uplink_new(masked, hash) != 0) return -1;
    return db_run(db, "INSERT INTO upload_link (token_hash, office_id, conversation_id, "
                      "expires_at, created_at) VALUES (?, ?, ?, ?, ?)",
                  "siIii", hash, office_id, conversation_id, now + ttl, now);
}

int chat_mask_old_links(db_t *db)
{
    db_stmt *st = db_query(db, "SELECT id, body FROM message WHERE direction = 'out' AND "
                               "status <> 'queued' AND body LIKE '%/unggah/%' AND body NOT LIKE "
                               "'%/unggah/________________________________\xe2\x80\xa6%'", "");
    json_t *rows = rows_array(st, "id:i body");
    db_done(st);
    if (!rows) return -1;
    int n = 0, rc = 0;
    size_t i;
    json_t *m;
    json_array_foreach(rows, i, m) {
        const char *body = json_string_value(json_object_get(m, "body"));
        char *masked = uplink_mask(body);
        if (!masked) rc = -1;
        else if (strcmp(masked, body) != 0) {
            if (db_run(db, "UPDATE message SET body = ? WHERE id = ?", "si", masked,
                       json_integer_value(json_object_get(m, "id"))) != 0) rc = -1;
            else n++;
        }
        free(masked);
        if (rc) break;
    }
    json_decref(rows);
    return rc ? -1 : n;
}

int64_t chat_upload_links_since(db_t *db, int64_t office_id, const char *channel, int64_t since)
{
    int64_t n = 0;
    return db_int(db, &n, "SELECT COUNT(*) FROM upload_link l JOIN conversation c ON "
                          "c.id = l.conversation_id JOIN contact k ON k.id = c.contact_id "
                          "WHERE l.office_id = ? AND l.created_at >= ? AND k.channel = ?",
                  "iis", office_id, since, channel) == DB_ROW ? n : -1;
}

int64_t chat_upload_links_office(db_t *db, int64_t office_id, int64_t since)
{
    int64_t n = 0;
    return db_int(db, &n, "SELECT COUNT(*) FROM upload_link WHERE office_id = ? AND "
                          "created_at >= ?", "ii", office_id, since) == DB_ROW ? n : -1;
}

int chat_message_in(db_t *db, const struct chat_in *m, int64_t *id)
{
    return db_int(db, id,
        "INSERT INTO message (office_id, channel, external_id, direction, sender, sender_name, "
        "kind, body, payload, sensitive, status, sent_at, created_at, updated_at) "
        "VALUES (?, ?, ?, 'in', ?, ?, ?, ?, ?, ?, 'new', ?, ?, ?) "
        "ON CONFLICT (channel, external_id) DO NOTHING RETURNING id",
        "isssssssdiii", m->office_id, m->channel, m->external_id, m->sender, m->sender_name,
        m->kind, m->body, m->payload, m->sensitive, m->sent_at, m->now, m->now);
}

int chat_message_done(db_t *db, int64_t id, int64_t conversation_id, int64_t now)
{
    return db_run(db, "UPDATE message SET conversation_id = ?, status = 'done', updated_at = ? "
                      "WHERE id = ?", "iii", conversation_id, now, id);
}

int chat_message_flag_sensitive(db_t *db, int64_t id, int64_t now)
{
    int64_t changed = 0;
    /* "AND sensitive = 0": of two runs flagging the same message, the
     * second changes nothing and so warns nobody twice */
    int rc = db_run_changes(db, &changed, "UPDATE message SET sensitive = 1, updated_at = ? "
                                          "WHERE id = ? AND sensitive = 0", "ii", now, id);
    return rc != 0 ? (rc < 0 ? rc : DB_ERR) : changed > 0;
}

int chat_message_status(db_t *db, int64_t id, const char *status, int64_t error_code,
                        const char *error_text, int64_t now)
{
    return db_run(db, "UPDATE message SET status = ?, error_code = ?, error_text = ?, "
                      "updated_at = ? WHERE id = ?",
                  "sIsii", status, error_code, error_text ? error_text : "", now, id);
}

int chat_message_handed(db_t *db, int64_t id, const char *external_id, const char *status,
                        int64_t now)
{
    return db_run(db, "UPDATE message SET external_id = ?, status = ?, error_code = NULL, "
                      "error_text = '', updated_at = ? WHERE id = ?",
                  "ssii", external_id, status, now, id);
}

int chat_receipt_add(db_t *db, const char *channel, const char *external_id,
                     const char *status, int64_t error_code, const char *error_text, int rank,
                     int64_t at, int64_t now)
{
    if (db_run(db, "INSERT INTO receipt (channel, external_id, status, error_code, error_text, at) "
                   "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (channel, external_id, status) DO NOTHING",
               "sssIsi", channel, external_id, status, error_code, error_text, at) != 0)
        return DB_ERR;
    return db_run(db,
        "UPDATE message SET status = ?, error_code = ?, error_text = ?, updated_at = ? "
        "WHERE channel = ? AND external_id = ? AND direction = 'out' AND "
        "(CASE status WHEN 'queued' THEN 1 WHEN 'accepted' THEN 2 WHEN 'sent' THEN 3 "
        "WHEN 'delivered' THEN 4 WHEN 'read' THEN 5 ELSE 6 END) < ?",
        "sIsissd", status, error_code, error_text, now, channel, external_id, rank);
}

json_t *chat_receipts(db_t *db, const char *channel, const char *external_id)
{
    return rows_array(db_query(db, "SELECT status, error_code, error_text FROM receipt "
                                   "WHERE channel = ? AND external_id = ?",
                               "ss", channel, external_id),
                      "status error_code:i error_text");
}

int chat_contact_block(db_t *db, int64_t office_id, const char *channel, const char *address)
{
    return db_run(db, "UPDATE contact SET blocked = 1 WHERE office_id = ? AND channel = ? "
                      "AND address = ?", "iss", office_id, channel, address);
}

json_t *chat_web_messages(db_t *db, int64_t office_id, const char *address, int64_t since)
{
    return rows_array(db_query(db,
        "SELECT m.id, m.direction, m.author, m.body, m.payload, m.created_at FROM message m "
        "JOIN conversation c ON c.id = m.conversation_id JOIN contact k ON k.id = c.contact_id "
        "WHERE k.office_id = ? AND k.channel = 'web' AND k.address = ? AND m.id > ? "
        "ORDER BY m.id LIMIT 100", "isi", office_id, address, since),
        "id:i direction author text payload at:i");
}

int chat_web_shown(db_t *db, int64_t office_id, const char *address, int64_t since, int64_t upto,
                   int64_t now)
{
    return db_run(db, "UPDATE message SET status = 'shown', updated_at = ? WHERE direction = 'out' "
                      "AND id > ? AND id <= ? AND status IN ('sent', 'pushed', 'whatsapp') AND "
                      "conversation_id IN (SELECT c.id FROM conversation c JOIN contact k ON "
                      "k.id = c.contact_id WHERE k.office_id = ? AND k.channel = 'web' AND "
                      "k.address = ?)", "iiiis", now, since, upto, office_id, address);
}

int chat_web_known(db_t *db, int64_t office_id, const char *address, int64_t *n)
{
    *n = 0;
    int rc = db_int(db, n, "SELECT COUNT(*) FROM contact WHERE office_id = ? AND channel = 'web' "
                           "AND address = ?", "is", office_id, address);
    return rc == DB_ROW ? 0 : -1;
}

int chat_web_recent_in(db_t *db, int64_t office_id, const char *address, int64_t since,
                       int64_t *n)
{
    *n = 0;
    int rc = db_int(db, n, "SELECT COUNT(*) FROM message m JOIN conversation c ON c.id = "
                           "m.conversation_id JOIN contact k ON k.id = c.contact_id WHERE "
                           "k.office_id = ? AND k.channel = 'web' AND k.address = ? AND "
                           "m.direction = 'in' AND m.created_at > ?", "isi", office_id, address,
                    since);
    return rc == DB_ROW ? 0 : -1;
}

int chat_web_set_phone(db_t *db, int64_t office_id, const char *address, const char *phone)
{
    return db_run(db, "UPDATE contact SET phone = ? WHERE office_id = ? AND channel = 'web' "
                      "AND address = ?", "sis", phone, office_id, address);
}

int chat_upload_message(db_t *db, int64_t office_id, int64_t conversation_id, const char *body,
                        int64_t now, int64_t *id)
{
    *id = 0;
    int rc = db_int(db, id,
        "INSERT INTO message (office_id, channel, conversation_id, direction, kind, body, "
        "sensitive, status, sent_at, created_at, updated_at) SELECT ?, k.channel, c.id, 'in', "
        "'document', ?, 1, 'done', ?, ?, ? FROM conversation c JOIN contact k ON "
        "k.id = c.contact_id WHERE c.id = ? RETURNING id",
        "isiiii", office_id, body, now, now, now, conversation_id);
    return rc == DB_ROW ? 0 : -1;
}

int chat_upload_handover(db_t *db, int64_t conversation_id, int64_t now)
{
    return db_run(db, "UPDATE conversation SET state = 'human', handover_reason = 'unggah', "
                      "last_message_at = ? WHERE id = ? AND state <> 'closed'", "ii", now,
                  conversation_id);
}
