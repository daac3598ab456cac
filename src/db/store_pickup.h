/* store_pickup: an office's weekly pickup slots and the bookings of
 * finished requests (migration 004). No slot is overbooked: a booking
 * raises pickup_load.booked only "WHERE booked < capacity". */
#ifndef BALAI_STORE_PICKUP_H
#define BALAI_STORE_PICKUP_H
#include <jansson.h>
#include <stdint.h>
#include "db/db.h"
#include "db/store_audit.h"

/* The office's slots: id weekday start_min end_min capacity active. */
json_t *pickup_slots(db_t *db, int64_t office_id);

/* The next bookable (slot, date) pairs from the day after `now`, on the
 * office's working days only, at most `max`: slot_id date (yyyymmdd) id
 * ("slot:<slot_id>:<date>", the choice id in chats) title ("Sen 30 Nov
 * 08.00–10.00", fits a WhatsApp list row title) left (places left). */
json_t *pickup_offer(db_t *db, const json_t *office, int64_t now, int max);

/* Books request `request_id` (status selesai) into slot/date: 0 booked,
 * 1 full, 2 not bookable (unknown slot, wrong office, not a working day,
 * in the past, request not selesai or already booked), <0 error. Audited. */
int pickup_book(db_t *db, const json_t *office, int64_t request_id, int64_t slot_id, int date,
                const struct actor *who, int64_t now);

/* The booking of a request: slot_id date start_min end_min, NULL if none. */
json_t *pickup_booking_of(db_t *db, int64_t request_id);

#endif
