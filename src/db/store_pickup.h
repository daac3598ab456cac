/* store_pickup: an office's weekly pickup slots and the bookings of
 * finished requests (migration 004). No slot is overbooked: a booking
 * raises pickup_load.booked only "WHERE booked < capacity". */
#ifndef BALAI_STORE_PICKUP_H
#define BALAI_STORE_PICKUP_H
#include <jansson.h>
#include <stdint.h>
#include "core/request.h"
#include "db/db.h"
#include "db/store_audit.h"

/* Bookings are offered this many days ahead (from tomorrow). */
#define PICKUP_DAYS_AHEAD 14
/* The reminder goes out the day before the pickup at this local minute (15.00). */
#define PICKUP_REMIND_MIN (15 * 60)

/* The office's slots: id weekday start_min end_min capacity active. */
json_t *pickup_slots(db_t *db, int64_t office_id);

/* The next bookable (slot, date) pairs from the day after `now`, on the
 * office's working days only, at most `max`: slot_id date (yyyymmdd) id
 * ("slot:<slot_id>:<date>", the choice id in chats) title ("Sen 30 Nov
 * 08.00–10.00", fits a WhatsApp list row title) left (places left). */
json_t *pickup_offer(db_t *db, const json_t *office, int64_t now, int max);

/* Books request `request_id` (status selesai) into slot/date: 0 booked,
 * 1 full, 2 not bookable (unknown slot, wrong office, not a working day,
 * in the past, request not selesai or already booked), <0 error. Audited;
 * also queues the "reminder" job (ref_id = the booking) for the day before
 * at 15.00 office time, or at once when that moment has passed. Runs inside
 * the caller's transaction and leaves it usable on every outcome. */
int pickup_book(db_t *db, const json_t *office, int64_t request_id, int64_t slot_id, int date,
                const struct actor *who, int64_t now);

/* A request's pickup as screens show it: its stage (core/request.h), its
 * booking (pickup_booking_of) and, at PICKUP_OPEN, the slots it may choose
 * (pickup_offer, at most `max`). */
struct pickup_view {
    enum pickup_stage stage;
    json_t *booking, *offer;    /* NULL when none */
};
/* Works out request r's pickup at `now`. 0, or <0 on a database error
 * (the view is then empty: stage PICKUP_NONE). Free with pickup_view_free. */
int pickup_view_of(db_t *db, const json_t *office, const json_t *r, int64_t now, int max,
                   struct pickup_view *v);
void pickup_view_free(struct pickup_view *v);

/* The newest finished ('selesai') request of a contact in the office that
 * has no pickup booked yet, 0 if none, <0 on error: whose pickup a tapped
 * slot is for when the conversation that got the list has been closed. */
int64_t pickup_waiting_request(db_t *db, int64_t office_id, int64_t contact_id);

/* The booking of a request: id slot_id date start_min end_min reminded
 * title ("Sen 30 Nov 08.00–10.00"), NULL if none. */
json_t *pickup_booking_of(db_t *db, int64_t request_id);

/* A booking by its id (the reminder job's ref): id request_id slot_id date
 * start_min end_min reminded office_id, NULL if unknown. */
json_t *pickup_booking_get(db_t *db, int64_t booking_id);
/* Marks the reminder as sent; 1 if this call marked it, 0 if it already
 * was (another worker got there first), <0 on error. */
int pickup_mark_reminded(db_t *db, int64_t booking_id);

/* Parses "slot:<id>:<yyyymmdd>" (a choice id); 0 on success, -1 otherwise. */
int pickup_choice_parse(const char *s, int64_t *slot_id, int *date);
/* "Sen 30 Nov 08.00–10.00" for a slot on a date (out at least 40 bytes). */
void pickup_title(int date, int start_min, int end_min, char *out, size_t n);

/* Adds a weekly slot (weekday 0 = Monday; the caller validated the values);
 * audited. Returns the id or <0. */
int64_t pickup_slot_add(db_t *db, int64_t office_id, int weekday, int start_min, int end_min,
                        int capacity, const struct actor *who, int64_t now);
/* Removes a slot of the office. A slot that was ever booked is kept for its
 * bookings' sake and only deactivated. Returns 0 removed, 1 deactivated,
 * 2 no such slot, <0 error. Audited. */
int pickup_slot_remove(db_t *db, int64_t office_id, int64_t slot_id, const struct actor *who,
                       int64_t now);
/* Switches a slot on or off (off: no new bookings, existing ones stay).
 * 0, 2 no such slot, <0 error. Audited. */
int pickup_slot_set_active(db_t *db, int64_t office_id, int64_t slot_id, int active,
                           const struct actor *who, int64_t now);

/* Bookings of the office from `from_date` on, by date then slot start:
 * date number service_name status start_min end_min title. */
json_t *pickup_upcoming(db_t *db, int64_t office_id, int from_date, int limit);

#endif
