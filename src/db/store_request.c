/* store_request: see store_request.h. */
#include "db/store_request.h"
#include "db/office_status.h"
#include "db/store_chat.h"
#include "db/store_inbox.h"
#include "db/row.h"
#include "util/jv.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REQ_COLS                                                                              \
    "r.id, r.office_id, r.number, r.service_id, r.service_name, r.checklist, r.days, "        \
    "r.contact_id, r.conversation_id, r.source, r.citizen_name, r.citizen_address, r.phone, "  \
    "r.status, r.reason, r.eta_date, r.assigned_to, r.created_by, r.created_at, r.updated_at, " \
    "r.closed_at, r.version, k.channel, k.address, k.last_inbound_at, k.blocked, r.pin, "     \
    "r.request_type, r.category, r.details, r.place, r.geo, k.phone "
#define REQ_SPEC                                                                              \
    "id:i office_id:i number service_id:i service_name checklist days:i contact_id:i "         \
    "conversation_id:i source citizen_name citizen_address phone status reason eta_date:i "    \
    "assigned_to:i created_by:i created_at:i updated_at:i closed_at:i version:i channel "      \
    "contact_address last_inbound_at:i contact_blocked:b pin request_type category details "   \
    "place geo contact_phone"

/* checklist is stored as JSON text; callers get the array */
static json_t *finish(json_t *r)
{
    if (!r) return NULL;
    const char *t = json_string_value(json_object_get(r, "checklist"));
    json_t *a = t ? json_loads(t, 0, NULL) : NULL;
    json_object_set_new(r, "checklist", json_is_array(a) ? a : json_array());
    if (a && !json_is_array(a)) json_decref(a);
    return r;
}

int request_today(const json_t *office, int64_t now)
{
    int tz = cal_tz_offset(json_string_value(json_object_get(office, "tz")));
    struct calendar c = {.tz_offset_min = tz < 0 ? 420 : tz};
    return cal_local_date(&c, now, NULL);
}

int request_eta(db_t *db, const json_t *office, int days, int64_t now)
{
    struct week_hours w;
    struct calendar c;
    int *closed;
    if (office_calendar_load(db, office, now, &w, &c, &closed) != 0) {
        free(closed);
        return -1;
    }
    /* a request that comes after closing time (or on a day off) is received
     * when the office next opens: a same-day letter asked for at 21.00 is
     * ready tomorrow, not "today" */
    int64_t open = cal_next_open(&c, now);
    int from = cal_local_date(&c, open < 0 ? now : open, NULL);
    int eta = cal_add_working_days(&c, from, days < 0 ? 0 : days);
    free(closed);
    return eta;
}

/* The contact of a request made with a WhatsApp number and no chat (an
 * application on the portal): found or made, named if it has no name. */
static int64_t wa_contact(db_t *db, int64_t office_id, const struct req_new *n, int64_t now)
{
    if (n->contact_id || !n->wa_address || !*n->wa_address) return n->contact_id;
    /* a name typed on the portal never replaces the one the citizen's
     * WhatsApp profile or an earlier application gave */
    int64_t id = chat_contact_upsert(db, office_id, "whatsapp", n->wa_address, "", 0, now);
    if (id > 0 && n->name && *n->name && chat_contact_name_if_none(db, id, n->name) != 0) return -1;
    return id;
}

int64_t request_create(db_t *db, const struct req_new *n, const struct actor *who, int64_t now,
                       char number[REQ_NUMBER_MAX])
{
    int64_t office_id = json_integer_value(json_object_get(n->office, "id"));
    int64_t contact_id = wa_contact(db, office_id, n, now);
    if (contact_id < 0) return -1;
    int year = request_today(n->office, now) / 10000;
    int64_t seq;
    /* the upsert's row lock serialises concurrent takers on PostgreSQL;
     * SQLite's BEGIN IMMEDIATE already did */
    if (db_int(db, &seq, "INSERT INTO reg_counter (office_id, year, last) VALUES (?, ?, 1) "
                         "ON CONFLICT (office_id, year) DO UPDATE SET last = reg_counter.last + 1 "
                         "RETURNING last", "id", office_id, year) != DB_ROW)
        return -1;
    if (req_number_format(number, REQ_NUMBER_MAX, jv_str(n->office, "code"), (long long)office_id,
                          year, (long long)seq) != 0)
        return -1;
    const char *type = n->type && *n->type ? n->type
                       : n->service ? REQ_TYPE_DOCUMENT : REQ_TYPE_CONSULT;
    int days = (int)json_integer_value(json_object_get(n->service, "days"));
    /* a complaint has no service to give its days: the office's own target */
    if (!n->service && strcmp(type, REQ_TYPE_COMPLAINT) == 0 &&
        request_type_days(db, office_id, type, &days) != 0)
        return -1;
    int eta = n->service || strcmp(type, REQ_TYPE_COMPLAINT) == 0
                  ? request_eta(db, n->office, days, now) : 0;
    if (eta < 0) return -1;     /* a promised date that skipped no holiday */
    json_t *cl = json_object_get(n->service, "checklist");
    char *checklist = json_is_array(cl) ? json_dumps(cl, JSON_COMPACT) : NULL;
    const char *sname = n->service_name && *n->service_name ? n->service_name
                        : n->service ? jv_str(n->service, "name") : "Konsultasi / belum ditentukan";
    char pin[8];
    snprintf(pin, sizeof pin, "%06u", (unsigned)randombytes_uniform(1000000));
    int64_t id;
    int rc = db_int(db, &id,
        "INSERT INTO request (office_id, number, service_id, service_name, checklist, days, "
        "contact_id, conversation_id, source, citizen_name, citizen_address, phone, status, "
        "eta_date, created_by, created_at, updated_at, pin, request_type, category, details, "
        "place, geo) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'baru', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "RETURNING id",
        "isIssdIIssssdIiissssss", office_id, number,
        (int64_t)json_integer_value(json_object_get(n->service, "id")), sname,
        checklist ? checklist : "[]", days, contact_id, n->conversation_id, n->source,
        n->name ? n->name : "", n->address ? n->address : "", n->phone ? n->phone : "", eta,
        who ? who->id : 0, now, now, pin, type, n->category ? n->category : "",
        n->details ? n->details : "", n->place ? n->place : "", n->geo ? n->geo : "");
    free(checklist);
    if (rc != DB_ROW) return rc == DB_CONFLICT ? DB_CONFLICT : -1;
    if (db_run(db, "INSERT INTO request_event (request_id, status, staff_id, actor, at) "
                   "VALUES (?, 'baru', ?, ?, ?)", "iIsi", id, who ? who->id : 0,
               who && who->name ? who->name : "bot", now) != 0)
        return -1;
    /* the chat it came from is labelled after it, in the same transaction */
    if (inbox_label_follow(db, n->conversation_id, "baru", who ? who->id : 0, now) != 0)
        return -1;
    json_t *after = json_pack("{s:s, s:s, s:s, s:s, s:s, s:i}", "number", number, "type", type,
                              "service", sname, "source", n->source, "status", "baru",
                              "eta_date", eta);
    char eid[32];
    snprintf(eid, sizeof eid, "%lld", (long long)id);
    rc = audit_append(db, who, office_id, "request.create", "request", eid, NULL, after, now);
    json_decref(after);
    return rc == 0 ? id : -1;
}

int request_collects(db_t *db, const json_t *r)
{
    int64_t service_id = json_integer_value(json_object_get(r, "service_id"));
    if (service_id <= 0) return 1;
    db_stmt *st = db_query(db, "SELECT body FROM service WHERE id = ?", "i", service_id);
    if (!st) return -1;
    json_t *row = row_first(st, "body");
    db_done(st);
    if (!row) return 1;     /* the service is gone: a document, as far as we know */
    json_t *doc = json_loads(json_string_value(json_object_get(row, "body")) ?: "", 0, NULL);
    const char *type = json_string_value(json_object_get(doc, "request_type"));
    int yes = type && strcmp(type, "pendaftaran_dokumen") == 0;
    json_decref(doc);
    json_decref(row);
    return yes;
}

int request_find(db_t *db, int64_t office_id, int64_t id, json_t **out)
{
    int rc = row_lookup(db_query(db, "SELECT " REQ_COLS "FROM request r LEFT JOIN contact k ON "
                                     "k.id = r.contact_id WHERE r.id = ? AND (? = 0 OR "
                                     "r.office_id = ?)", "iii", id, office_id, office_id),
                        REQ_SPEC, out);
    finish(*out);
    return rc;
}

json_t *request_get(db_t *db, int64_t office_id, int64_t id)
{
    json_t *r;
    request_find(db, office_id, id, &r);
    return r;
}

int request_find_number(db_t *db, int64_t office_id, const char *number, json_t **out)
{
    int rc = row_lookup(db_query(db, "SELECT " REQ_COLS "FROM request r LEFT JOIN contact k ON "
                                     "k.id = r.contact_id WHERE r.number = ? AND (? = 0 OR "
                                     "r.office_id = ?)", "sii", number, office_id, office_id),
                        REQ_SPEC, out);
    finish(*out);
    return rc;
}

json_t *request_by_number(db_t *db, int64_t office_id, const char *number)
{
    json_t *r;
    request_find_number(db, office_id, number, &r);
    return r;
}

json_t *request_list(db_t *db, int64_t office_id, const struct request_filter *f)
{
    return rows_array(db_query(db,
        "SELECT r.id, r.number, r.service_id, r.service_name, r.citizen_name, r.status, "
        "r.eta_date, r.source, r.created_at, r.assigned_to, r.request_type FROM request r "
        "WHERE r.office_id = ? "
        "AND (? = '' OR r.status = ?) AND (? = '' OR r.request_type = ?) "
        "AND (? = 0 OR (r.status IN ('baru', 'diproses') AND r.eta_date > 0 AND r.eta_date < ?)) "
        "AND (? = '' OR r.number = ? OR lower(r.citizen_name) LIKE ? ESCAPE '\\' "
        "OR lower(r.number) LIKE ? ESCAPE '\\') "
        "AND (? = 0 OR r.assigned_to = ?) ORDER BY r.id DESC LIMIT 200",
        "issssddssssdi", office_id, f->status, f->status, f->type, f->type, f->overdue, f->today,
        f->q, f->number, f->pattern, f->pattern, f->mine, f->me),
        "id:i number service_id:i service_name citizen_name status eta_date:i source "
        "created_at:i assigned_to:i request_type");
}

int request_assign(db_t *db, int64_t id, int64_t staff_id, int only_if_none)
{
    return db_run(db, "UPDATE request SET assigned_to = ? WHERE id = ? AND (? = 0 OR "
                      "assigned_to IS NULL)", "iid", staff_id, id, only_if_none);
}

json_t *request_open_for_contact(db_t *db, int64_t office_id, int64_t contact_id,
                                 const char *slug)
{
    db_stmt *st = db_query(db, "SELECT " REQ_COLS "FROM request r LEFT JOIN contact k ON "
                               "k.id = r.contact_id JOIN service s ON s.id = r.service_id "
                               "WHERE r.office_id = ? AND r.contact_id = ? AND s.slug = ? AND "
                               "r.status IN ('baru', 'diproses', 'kurang_lengkap') "
                               "ORDER BY r.id DESC LIMIT 1", "iis", office_id, contact_id, slug);
    json_t *r = row_first(st, REQ_SPEC);
    db_done(st);
    return finish(r);
}

json_t *request_open_of_contact(db_t *db, int64_t office_id, int64_t contact_id,
                                const char *type)
{
    db_stmt *st = db_query(db, "SELECT " REQ_COLS "FROM request r LEFT JOIN contact k ON "
                               "k.id = r.contact_id WHERE r.office_id = ? AND r.contact_id = ? "
                               "AND r.request_type = ? AND r.status IN ('baru', 'diproses', "
                               "'kurang_lengkap') ORDER BY r.id DESC LIMIT 1", "iis", office_id,
                           contact_id, type);
    json_t *r = row_first(st, REQ_SPEC);
    db_done(st);
    return finish(r);
}

json_t *request_open_of_conversation(db_t *db, int64_t conversation_id)
{
    db_stmt *st = db_query(db, "SELECT " REQ_COLS "FROM request r LEFT JOIN contact k ON "
                               "k.id = r.contact_id WHERE r.conversation_id = ? AND r.status IN "
                               "('baru', 'diproses', 'kurang_lengkap') ORDER BY r.id DESC LIMIT 1",
                           "i", conversation_id);
    json_t *r = row_first(st, REQ_SPEC);
    db_done(st);
    return finish(r);
}

int request_set_status(db_t *db, const json_t *office, int64_t id, int64_t version,
                       const char *to, const char *note, const struct actor *who, int64_t now,
                       int64_t *event_id)
{
    int64_t office_id = json_integer_value(json_object_get(office, "id"));
    json_t *r = request_get(db, office_id, id);
    if (!r) return -1;
    int rc;
    if (json_integer_value(json_object_get(r, "version")) != version) { rc = 1; goto out; }
    const char *from = jv_str(r, "status");
    if (!reqtype_transition_ok(jv_str(r, "request_type"), from, to)) { rc = 2; goto out; }
    /* validation before the notice: no "selesai" with documents unchecked */
    if (req_status_needs_checklist(to)) {
        json_t *open = request_open_items(db, r);
        size_t n_open = json_array_size(open);
        json_decref(open);
        if (!open) { rc = -1; goto out; }
        if (n_open > 0) { rc = 3; goto out; }
    }
    int eta = (int)json_integer_value(json_object_get(r, "eta_date"));
    /* the clock restarts when the missing documents have come */
    if (strcmp(from, "kurang_lengkap") == 0 && strcmp(to, "diproses") == 0)
        eta = request_eta(db, office, (int)json_integer_value(json_object_get(r, "days")), now);
    if (eta < 0) { rc = -1; goto out; }
    int closes = strcmp(to, "selesai") == 0 || strcmp(to, "ditolak") == 0;
    int64_t changed = 0;
    rc = db_run_changes(db, &changed,
        "UPDATE request SET status = ?, reason = ?, eta_date = ?, updated_at = ?, "
        "closed_at = CASE WHEN ? = 1 THEN ? ELSE closed_at END, version = version + 1 "
        "WHERE id = ? AND version = ?", "ssdidiii", to, note ? note : "", eta, now, closes, now,
        id, version);
    if (rc != 0) { rc = -1; goto out; }
    if (changed != 1) { rc = 1; goto out; }
    if (db_int(db, event_id, "INSERT INTO request_event (request_id, status, note, staff_id, "
                             "actor, at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id", "issIsi", id,
               to, note ? note : "", who ? who->id : 0, who && who->name ? who->name : "bot",
               now) != DB_ROW) { rc = -1; goto out; }
    if (inbox_label_follow(db, json_integer_value(json_object_get(r, "conversation_id")), to,
                           who ? who->id : 0, now) != 0) { rc = -1; goto out; }
    json_t *before = json_pack("{s:s, s:i}", "status", from, "version", (json_int_t)version);
    json_t *after = json_pack("{s:s, s:s, s:i}", "status", to, "note", note ? note : "",
                              "eta_date", eta);
    rc = audit_append(db, who, office_id, "request.status", "request", jv_str(r, "number"), before,
                      after, now) == 0 ? 0 : -1;
    json_decref(before);
    json_decref(after);
out:
    json_decref(r);
    return rc;
}

int request_event_message(db_t *db, int64_t event_id, int64_t message_id)
{
    return db_run(db, "UPDATE request_event SET message_id = ? WHERE id = ?", "ii", message_id,
                  event_id);
}

json_t *request_events(db_t *db, int64_t id)
{
    db_stmt *st = db_query(db, "SELECT status, note, actor, at, message_id FROM request_event "
                               "WHERE request_id = ? ORDER BY id", "i", id);
    json_t *a = rows_array(st, "status note actor at:i message_id:i");
    db_done(st);
    return a;
}

int request_item_set(db_t *db, int64_t id, int64_t version, int item, const char *verdict,
                     const char *note, const struct actor *who, int64_t now)
{
    json_t *r = request_get(db, 0, id);
    if (!r) return -1;
    int rc;
    if (item < 0 || (size_t)item >= json_array_size(json_object_get(r, "checklist"))) {
        rc = 2;
        goto out;
    }
    /* the status read here is the one of `version`: a change since is stale */
    if (req_status_needs_checklist(jv_str(r, "status"))) {
        rc = 3;
        goto out;
    }
    int64_t changed = 0;
    if (db_run_changes(db, &changed, "UPDATE request SET version = version + 1, updated_at = ? "
                                     "WHERE id = ? AND version = ?", "iii", now, id, version) != 0) {
        rc = -1;
        goto out;
    }
    if (changed != 1) { rc = 1; goto out; }
    if (db_run(db, "INSERT INTO request_item (request_id, item, verdict, note, staff_id, at) "
                   "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (request_id, item) DO UPDATE SET "
                   "verdict = excluded.verdict, note = excluded.note, staff_id = excluded.staff_id, "
                   "at = excluded.at", "idssIi", id, item, verdict, note ? note : "",
               who ? who->id : 0, now) != 0) {
        rc = -1;
        goto out;
    }
    const char *what = json_string_value(
        json_object_get(json_array_get(json_object_get(r, "checklist"), (size_t)item), "item"));
    json_t *after = json_pack("{s:i, s:s, s:s, s:s}", "item", item, "document", what ? what : "",
                              "verdict", verdict, "note", note ? note : "");
    rc = audit_append(db, who, json_integer_value(json_object_get(r, "office_id")),
                      "request.document", "request", jv_str(r, "number"), NULL, after, now) == 0
             ? 0 : -1;
    json_decref(after);
out:
    json_decref(r);
    return rc;
}

json_t *request_open_items(db_t *db, const json_t *r)
{
    json_t *items = request_items(db, json_integer_value(json_object_get(r, "id")));
    json_t *open = items ? req_open_items(json_object_get(r, "checklist"), items) : NULL;
    json_decref(items);
    return open;
}

json_t *request_items(db_t *db, int64_t id)
{
    db_stmt *st = db_query(db, "SELECT i.item, i.verdict, i.note, i.at, COALESCE(s.username, '') "
                               "FROM request_item i LEFT JOIN staff s ON s.id = i.staff_id "
                               "WHERE i.request_id = ? ORDER BY i.item", "i", id);
    json_t *a = rows_array(st, "item:i verdict note at:i staff");
    db_done(st);
    return a;
}

int request_type_days(db_t *db, int64_t office_id, const char *type, int *days)
{
    *days = strcmp(type, REQ_TYPE_COMPLAINT) == 0 ? REQ_COMPLAINT_DAYS_DEFAULT : 0;
    int64_t v = 0;
    int rc = db_int(db, &v, "SELECT days FROM request_type_sla WHERE office_id = ? AND "
                            "request_type = ?", "is", office_id, type);
    if (rc == DB_ROW) *days = (int)v;
    return rc == DB_ROW || rc == DB_DONE ? 0 : -1;
}

int request_type_days_set(db_t *db, int64_t office_id, const char *type, int days, int64_t now)
{
    return db_run(db, "INSERT INTO request_type_sla (office_id, request_type, days, updated_at) "
                      "VALUES (?, ?, ?, ?) ON CONFLICT (office_id, request_type) DO UPDATE SET "
                      "days = excluded.days, updated_at = excluded.updated_at",
                  "isdi", office_id, type, days, now);
}

json_t *request_files(db_t *db, int64_t request_id, int64_t conversation_id)
{
    db_stmt *st = db_query(db, "SELECT id, filename, mime, size FROM media WHERE request_id = ? "
                               "OR (? <> 0 AND conversation_id = ? AND request_id IS NULL) "
                               "ORDER BY id", "iii",
                           request_id, conversation_id, conversation_id);
    json_t *a = rows_array(st, "id:i filename mime size:i");
    db_done(st);
    return a;
}

json_t *request_open_for_phone(db_t *db, int64_t office_id, int64_t service_id, const char *phone)
{
    db_stmt *st = db_query(db, "SELECT " REQ_COLS "FROM request r LEFT JOIN contact k ON "
                               "k.id = r.contact_id WHERE r.office_id = ? AND r.phone = ? AND "
                               "r.service_id = ? AND r.status IN ('baru', 'diproses', "
                               "'kurang_lengkap') ORDER BY r.id DESC LIMIT 1", "isi", office_id,
                           phone, service_id);
    json_t *r = row_first(st, REQ_SPEC);
    db_done(st);
    return finish(r);
}
