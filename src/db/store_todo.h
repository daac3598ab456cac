/* store_todo: what waits for a staff member at one office, counted the way
 * the lists they link to filter (store_inbox's inbox_list, the requests
 * list), so a number on the console home is the number of rows its link
 * shows; and today's pickups. */
#ifndef BALAI_STORE_TODO_H
#define BALAI_STORE_TODO_H
#include <jansson.h>
#include <stdint.h>
#include "db/db.h"

struct todo_counts {
    int64_t conv_mine;          /* assigned to me, open, the citizen spoke last */
    int64_t conv_unassigned;    /* handed over by the bot, no officer yet */
    int64_t req_new;            /* requests still "baru": nobody has checked them */
    int64_t req_overdue;        /* baru/diproses past their ETA (yyyymmdd < today) */
};

/* 0, or -1 on a database error. */
int todo_counts(db_t *db, int64_t office_id, int64_t me, int today, struct todo_counts *out);

/* Today's pickup bookings of the office, in slot order:
 * [{id, number, citizen_name, start_min, end_min, status}]; NULL on error. */
json_t *todo_pickups(db_t *db, int64_t office_id, int date);

#endif
