/* store_pickup: see store_pickup.h. */
#include "db/store_pickup.h"
#include "core/calendar.h"
#include "db/office_status.h"
#include "core/reqtype.h"
#include "db/row.h"
#include "db/store_request.h"
#include "db/store_job.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Short names keep a title within WhatsApp's 24-character list row. */
static const char *const DAY3[7] = {"Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min"};
static const char *const MON3[12] = {"Jan", "Feb", "Mar", "Apr", "Mei", "Jun",
                                     "Jul", "Agu", "Sep", "Okt", "Nov", "Des"};

void pickup_title(int date, int start_min, int end_min, char *out, size_t n)
{
    int wd = cal_weekday(date), m = date / 100 % 100;
    if (wd < 0 || m < 1 || m > 12) {
        snprintf(out, n, "%s", "");
        return;
    }
    snprintf(out, n, "%s %d %s %02d.%02d–%02d.%02d", DAY3[wd], date % 100, MON3[m - 1],
             start_min / 60, start_min % 60, end_min / 60, end_min % 60);
}

int pickup_choice_parse(const char *s, int64_t *slot_id, int *date)
{
    long long id;
    int d, used = 0;
    if (!s || sscanf(s, "slot:%lld:%d%n", &id, &d, &used) != 2 || s[used] != '\0' || id <= 0 ||
        !cal_date_valid(d))
        return -1;
    *slot_id = id;
    *date = d;
    return 0;
}

json_t *pickup_slots(db_t *db, int64_t office_id)
{
    db_stmt *st = db_query(db, "SELECT id, weekday, start_min, end_min, capacity, active "
                               "FROM pickup_slot WHERE office_id = ? "
                               "ORDER BY weekday, start_min, id", "i", office_id);
    json_t *a = rows_array(st, "id:i weekday:i start_min:i end_min:i capacity:i active:b");
    db_done(st);
    return a;
}

/* How many are booked into the office's slots per (slot, date) in a range. */
static json_t *loads(db_t *db, int64_t office_id, int from, int to)
{
    db_stmt *st = db_query(db, "SELECT l.slot_id, l.date, l.booked FROM pickup_load l "
                               "JOIN pickup_slot s ON s.id = l.slot_id "
                               "WHERE s.office_id = ? AND l.date >= ? AND l.date <= ?",
                           "idd", office_id, from, to);
    json_t *a = rows_array(st, "slot_id:i date:i booked:i");
    db_done(st);
    return a;
}

static int booked_in(const json_t *ls, int64_t slot_id, int date)
{
    size_t i;
    json_t *l;
    json_array_foreach(ls, i, l) {
        if (json_integer_value(json_object_get(l, "slot_id")) == slot_id &&
            json_integer_value(json_object_get(l, "date")) == date)
            return (int)json_integer_value(json_object_get(l, "booked"));
    }
    return 0;
}

json_t *pickup_offer(db_t *db, const json_t *office, int64_t now, int max)
{
    int64_t office_id = json_integer_value(json_object_get(office, "id"));
    json_t *out = json_array();
    json_t *slots = pickup_slots(db, office_id);
    if (!slots || json_array_size(slots) == 0 || max <= 0) {
        json_decref(slots);
        return out;
    }
    struct week_hours w;
    struct calendar c;
    int *closed;
    office_calendar_load(db, office, now, &w, &c, &closed);
    int today = cal_local_date(&c, now, NULL);
    int first = cal_date_add_days(today, 1), last = cal_date_add_days(today, PICKUP_DAYS_AHEAD);
    json_t *ls = loads(db, office_id, first, last);
    /* slots come sorted by weekday then start, so walking the dates in
     * order yields date-then-start order without a sort */
    for (int d = first; d && d <= last && (int)json_array_size(out) < max;
         d = cal_date_add_days(d, 1)) {
        if (!cal_is_working_day(&c, d)) continue;
        int wd = cal_weekday(d);
        size_t i;
        json_t *s;
        json_array_foreach(slots, i, s) {
            if ((int)json_array_size(out) >= max) break;
            if (!json_is_true(json_object_get(s, "active")) ||
                json_integer_value(json_object_get(s, "weekday")) != wd)
                continue;
            int64_t sid = json_integer_value(json_object_get(s, "id"));
            int cap = (int)json_integer_value(json_object_get(s, "capacity"));
            int left = cap - booked_in(ls, sid, d);
            if (left <= 0) continue;
            int sm = (int)json_integer_value(json_object_get(s, "start_min"));
            int em = (int)json_integer_value(json_object_get(s, "end_min"));
            char id[48], title[48];
            snprintf(id, sizeof id, "slot:%lld:%d", (long long)sid, d);
            pickup_title(d, sm, em, title, sizeof title);
            json_array_append_new(out, json_pack("{s:I, s:i, s:s, s:s, s:i, s:i, s:i}", "slot_id",
                                                 (json_int_t)sid, "date", d, "id", id, "title",
                                                 title, "left", left, "start_min", sm, "end_min",
                                                 em));
        }
    }
    json_decref(ls);
    json_decref(slots);
    free(closed);
    return out;
}

/* When the reminder job should run: the day before at 15.00 office time,
 * or now when that moment has already passed (a booking made late). */
static int64_t remind_at_ms(const struct calendar *c, int date, int64_t now)
{
    int64_t at = cal_utc_of(c, cal_date_add_days(date, -1), PICKUP_REMIND_MIN);
    return at == INT64_MIN || at <= now ? 0 : at * 1000;
}

int pickup_book(db_t *db, const json_t *office, int64_t request_id, int64_t slot_id, int date,
                const struct actor *who, int64_t now)
{
    int64_t office_id = json_integer_value(json_object_get(office, "id"));
    json_t *r = request_get(db, office_id, request_id);
    if (!r) return 2;
    /* only a finished document is collected: a complaint has nothing to pick up */
    int ok = strcmp(json_string_value(json_object_get(r, "status")) ?: "", "selesai") == 0 &&
             reqtype_has_documents(json_string_value(json_object_get(r, "request_type"))) &&
             request_collects(db, r) == 1;
    char number[REQ_NUMBER_MAX];
    snprintf(number, sizeof number, "%s", json_string_value(json_object_get(r, "number")) ?: "");
    json_decref(r);
    if (!ok) return 2;

    db_stmt *st = db_query(db, "SELECT weekday, start_min, end_min, capacity, active "
                               "FROM pickup_slot WHERE id = ? AND office_id = ?",
                           "ii", slot_id, office_id);
    json_t *s = row_first(st, "weekday:i start_min:i end_min:i capacity:i active:b");
    db_done(st);
    if (!s) return 2;
    int weekday = (int)json_integer_value(json_object_get(s, "weekday"));
    int sm = (int)json_integer_value(json_object_get(s, "start_min"));
    int em = (int)json_integer_value(json_object_get(s, "end_min"));
    int cap = (int)json_integer_value(json_object_get(s, "capacity"));
    int active = json_is_true(json_object_get(s, "active"));
    json_decref(s);

    struct week_hours w;
    struct calendar c;
    int *closed;
    if (office_calendar_load(db, office, now, &w, &c, &closed) != 0) {
        free(closed);   /* a holiday could not be told from a working day */
        return -1;
    }
    int today = cal_local_date(&c, now, NULL);
    int bookable = active && cal_date_valid(date) && cal_weekday(date) == weekday &&
                   date > today && date <= cal_date_add_days(today, PICKUP_DAYS_AHEAD) &&
                   cal_is_working_day(&c, date);
    int64_t run_at = remind_at_ms(&c, date, now);
    free(closed);
    if (!bookable) return 2;

    /* The booking row first: UNIQUE(request_id) with DO NOTHING answers
     * "already booked" without an error, which on PostgreSQL would abort
     * the caller's transaction. */
    int64_t bid;
    int rc = db_int(db, &bid, "INSERT INTO pickup_booking (request_id, slot_id, date, created_at) "
                              "VALUES (?, ?, ?, ?) ON CONFLICT (request_id) DO NOTHING "
                              "RETURNING id", "iidi", request_id, slot_id, date, now);
    if (rc == DB_DONE) return 2;
    if (rc != DB_ROW) return -1;
    /* Then the place: the conditional increment is one statement, so two
     * concurrent bookings cannot both take the last place (PostgreSQL
     * re-checks the WHERE on the row after waiting for its lock). */
    if (db_run(db, "INSERT INTO pickup_load (slot_id, date, booked) VALUES (?, ?, 0) "
                   "ON CONFLICT (slot_id, date) DO NOTHING", "id", slot_id, date) != 0)
        return -1;
    int64_t changed = 0;
    if (db_run_changes(db, &changed, "UPDATE pickup_load SET booked = booked + 1 "
                                     "WHERE slot_id = ? AND date = ? AND booked < ?",
                       "idd", slot_id, date, cap) != 0)
        return -1;
    if (changed != 1) {
        if (db_run(db, "DELETE FROM pickup_booking WHERE id = ?", "i", bid) != 0) return -1;
        return 1;
    }
    if (job_add(db, "reminder", office_id, bid, NULL, run_at) != 0) return -1;
    char title[48];
    pickup_title(date, sm, em, title, sizeof title);
    json_t *after = json_pack("{s:s, s:i, s:I}", "slot", title, "date", date, "slot_id",
                              (json_int_t)slot_id);
    rc = audit_append(db, who, office_id, "request.pickup", "request", number, NULL, after, now);
    json_decref(after);
    return rc == 0 ? 0 : -1;
}

int64_t pickup_waiting_request(db_t *db, int64_t office_id, int64_t contact_id)
{
    int64_t id = 0;
    int rc = db_int(db, &id, "SELECT r.id FROM request r WHERE r.office_id = ? AND "
                             "r.contact_id = ? AND r.status = 'selesai' AND "
                             "r.request_type = 'pendaftaran_dokumen' AND NOT EXISTS "
                             "(SELECT 1 FROM pickup_booking b WHERE b.request_id = r.id) "
                             "ORDER BY r.id DESC LIMIT 1", "ii", office_id, contact_id);
    return rc == DB_ROW ? id : rc == DB_DONE ? 0 : -1;
}

static json_t *with_title(json_t *b)
{
    if (!b) return NULL;
    char title[48];
    pickup_title((int)json_integer_value(json_object_get(b, "date")),
                 (int)json_integer_value(json_object_get(b, "start_min")),
                 (int)json_integer_value(json_object_get(b, "end_min")), title, sizeof title);
    json_object_set_new(b, "title", json_string(title));
    return b;
}

json_t *pickup_booking_of(db_t *db, int64_t request_id)
{
    db_stmt *st = db_query(db, "SELECT b.id, b.slot_id, b.date, s.start_min, s.end_min, "
                               "b.reminded FROM pickup_booking b "
                               "JOIN pickup_slot s ON s.id = b.slot_id WHERE b.request_id = ?",
                           "i", request_id);
    json_t *b = row_first(st, "id:i slot_id:i date:i start_min:i end_min:i reminded:b");
    db_done(st);
    return with_title(b);
}

json_t *pickup_booking_get(db_t *db, int64_t booking_id)
{
    db_stmt *st = db_query(db, "SELECT b.id, b.request_id, b.slot_id, b.date, s.start_min, "
                               "s.end_min, b.reminded, s.office_id FROM pickup_booking b "
                               "JOIN pickup_slot s ON s.id = b.slot_id WHERE b.id = ?",
                           "i", booking_id);
    json_t *b = row_first(st, "id:i request_id:i slot_id:i date:i start_min:i end_min:i "
                              "reminded:b office_id:i");
    db_done(st);
    return with_title(b);
}

int pickup_mark_reminded(db_t *db, int64_t booking_id)
{
    int64_t changed = 0;
    if (db_run_changes(db, &changed, "UPDATE pickup_booking SET reminded = 1 "
                                     "WHERE id = ? AND reminded = 0", "i", booking_id) != 0)
        return -1;
    return changed == 1 ? 1 : 0;
}

static const char *const DAYNAME[7] = {"Senin", "Selasa", "Rabu", "Kamis",
                                       "Jumat", "Sabtu", "Minggu"};

static json_t *slot_desc(int weekday, int sm, int em, int cap)
{
    char t[64];
    snprintf(t, sizeof t, "%s %02d.%02d–%02d.%02d", weekday >= 0 && weekday < 7 ? DAYNAME[weekday]
                                                                                 : "?",
             sm / 60, sm % 60, em / 60, em % 60);
    return json_pack("{s:s, s:i}", "slot", t, "capacity", cap);
}

int64_t pickup_slot_add(db_t *db, int64_t office_id, int weekday, int start_min, int end_min,
                        int capacity, const struct actor *who, int64_t now)
{
    int64_t id;
    if (db_int(db, &id, "INSERT INTO pickup_slot (office_id, weekday, start_min, end_min, "
                        "capacity, active, created_at) VALUES (?, ?, ?, ?, ?, 1, ?) RETURNING id",
               "iddddi", office_id, weekday, start_min, end_min, capacity, now) != DB_ROW)
        return -1;
    char eid[32];
    snprintf(eid, sizeof eid, "%lld", (long long)id);
    json_t *after = slot_desc(weekday, start_min, end_min, capacity);
    int rc = audit_append(db, who, office_id, "pickup.slot.add", "pickup_slot", eid, NULL, after,
                          now);
    json_decref(after);
    return rc == 0 ? id : -1;
}

static json_t *slot_of(db_t *db, int64_t office_id, int64_t slot_id)
{
    db_stmt *st = db_query(db, "SELECT weekday, start_min, end_min, capacity, active "
                               "FROM pickup_slot WHERE id = ? AND office_id = ?",
                           "ii", slot_id, office_id);
    json_t *s = row_first(st, "weekday:i start_min:i end_min:i capacity:i active:b");
    db_done(st);
    return s;
}

static json_t *desc_of(const json_t *s, int active)
{
    json_t *d = slot_desc((int)json_integer_value(json_object_get(s, "weekday")),
                          (int)json_integer_value(json_object_get(s, "start_min")),
                          (int)json_integer_value(json_object_get(s, "end_min")),
                          (int)json_integer_value(json_object_get(s, "capacity")));
    json_object_set_new(d, "active", json_boolean(active));
    return d;
}

int pickup_slot_remove(db_t *db, int64_t office_id, int64_t slot_id, const struct actor *who,
                       int64_t now)
{
    json_t *s = slot_of(db, office_id, slot_id);
    if (!s) return 2;
    int64_t used = 0;
    int rc = db_int(db, &used, "SELECT COUNT(*) FROM pickup_load WHERE slot_id = ?", "i", slot_id);
    int64_t bookings = 0;
    if (rc == DB_ROW)
        rc = db_int(db, &bookings, "SELECT COUNT(*) FROM pickup_booking WHERE slot_id = ?", "i",
                    slot_id);
    if (rc != DB_ROW) { rc = -1; goto out; }
    int keep = used > 0 || bookings > 0;
    if (keep)
        rc = db_run(db, "UPDATE pickup_slot SET active = 0 WHERE id = ?", "i", slot_id);
    else
        rc = db_run(db, "DELETE FROM pickup_slot WHERE id = ?", "i", slot_id);
    if (rc != 0) { rc = -1; goto out; }
    char eid[32];
    snprintf(eid, sizeof eid, "%lld", (long long)slot_id);
    json_t *before = desc_of(s, json_is_true(json_object_get(s, "active")));
    json_t *after = keep ? desc_of(s, 0) : NULL;
    rc = audit_append(db, who, office_id, keep ? "pickup.slot.deactivate" : "pickup.slot.remove",
                      "pickup_slot", eid, before, after, now) == 0 ? keep : -1;
    json_decref(before);
    json_decref(after);
out:
    json_decref(s);
    return rc;
}

int pickup_slot_set_active(db_t *db, int64_t office_id, int64_t slot_id, int active,
                           const struct actor *who, int64_t now)
{
    json_t *s = slot_of(db, office_id, slot_id);
    if (!s) return 2;
    int rc = db_run(db, "UPDATE pickup_slot SET active = ? WHERE id = ?", "di", active ? 1 : 0,
                    slot_id);
    if (rc == 0) {
        char eid[32];
        snprintf(eid, sizeof eid, "%lld", (long long)slot_id);
        json_t *before = desc_of(s, json_is_true(json_object_get(s, "active")));
        json_t *after = desc_of(s, active);
        rc = audit_append(db, who, office_id,
                          active ? "pickup.slot.activate" : "pickup.slot.deactivate",
                          "pickup_slot", eid, before, after, now) == 0 ? 0 : -1;
        json_decref(before);
        json_decref(after);
    } else {
        rc = -1;
    }
    json_decref(s);
    return rc;
}

json_t *pickup_upcoming(db_t *db, int64_t office_id, int from_date, int limit)
{
    db_stmt *st = db_query(db, "SELECT b.date, r.number, r.service_name, r.status, s.start_min, "
                               "s.end_min FROM pickup_booking b "
                               "JOIN pickup_slot s ON s.id = b.slot_id "
                               "JOIN request r ON r.id = b.request_id "
                               "WHERE s.office_id = ? AND b.date >= ? "
                               "ORDER BY b.date, s.start_min, r.number LIMIT ?",
                           "idd", office_id, from_date, limit);
    json_t *a = rows_array(st, "date:i number service_name status start_min:i end_min:i");
    db_done(st);
    size_t i;
    json_t *b;
    json_array_foreach(a, i, b) with_title(b);
    return a;
}

/* 1 when the office has a pickup slot switched on, 0 if not, <0 on error. */
static int any_active_slot(db_t *db, int64_t office_id)
{
    json_t *slots = pickup_slots(db, office_id), *s;
    if (!slots) return -1;
    size_t i;
    int on = 0;
    json_array_foreach(slots, i, s) on |= json_is_true(json_object_get(s, "active"));
    json_decref(slots);
    return on;
}

int pickup_view_of(db_t *db, const json_t *office, const json_t *r, int64_t now, int max,
                   struct pickup_view *v)
{
    memset(v, 0, sizeof *v);
    const char *status = json_string_value(json_object_get(r, "status"));
    const char *type = json_string_value(json_object_get(r, "request_type"));
    if (!status || !reqtype_has_documents(type)) return 0;
    int done = strcmp(status, "selesai") == 0, taken = strcmp(status, "diambil") == 0;
    if (!done && !taken) return 0;
    int collect = request_collects(db, r);
    if (collect <= 0) {
        v->stage = collect == 0 ? PICKUP_NOTHING : PICKUP_NONE;
        return collect;
    }
    v->booking = pickup_booking_of(db, json_integer_value(json_object_get(r, "id")));
    if (taken || v->booking) {
        v->stage = taken ? PICKUP_COLLECTED : PICKUP_BOOKED;
        return 0;
    }
    v->offer = pickup_offer(db, office, now, max);
    if (json_array_size(v->offer)) {
        v->stage = PICKUP_OPEN;
        return 0;
    }
    json_decref(v->offer);
    v->offer = NULL;
    int on = any_active_slot(db, json_integer_value(json_object_get(office, "id")));
    if (on < 0) return -1;
    v->stage = on ? PICKUP_FULL : PICKUP_NO_SLOTS;
    return 0;
}

void pickup_view_free(struct pickup_view *v)
{
    json_decref(v->booking);
    json_decref(v->offer);
    memset(v, 0, sizeof *v);
}
