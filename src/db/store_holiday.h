/* store_holiday: national holidays and cuti bersama in the database, loaded
 * from the shipped data file (data/holidays.tsv) or an updated one. */
#ifndef BALAI_STORE_HOLIDAY_H
#define BALAI_STORE_HOLIDAY_H
#include <jansson.h>
#include "core/holidays.h"
#include "db/db.h"

/* Replaces, for each year the file declares, that year's holidays and its
 * status/source. Years not in the file stay. Caller wraps it in a
 * transaction. Returns the number of holidays written or <0. */
int holiday_import(db_t *db, const struct holiday_file *f);

/* year status source confirmed_by confirmed_at, each with "holidays":
 * [date kind name]. */
json_t *holiday_years(db_t *db);
json_t *holiday_year_get(db_t *db, int year);
int holiday_confirm(db_t *db, int year, int64_t staff_id, int64_t now);

#endif
