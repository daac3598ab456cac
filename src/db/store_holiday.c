/* store_holiday: see store_holiday.h. */
#include "db/store_holiday.h"
#include "db/row.h"

int holiday_import(db_t *db, const struct holiday_file *f)
{
    for (size_t i = 0; i < f->nyears; i++) {
        const struct holiday_year *y = &f->years[i];
        int from = y->year * 10000 + 101, to = y->year * 10000 + 1231;
        if (db_run(db, "DELETE FROM holiday WHERE date BETWEEN ? AND ?", "dd", from, to) != 0 ||
            db_run(db, "DELETE FROM holiday_year WHERE year = ?", "d", y->year) != 0 ||
            db_run(db, "INSERT INTO holiday_year (year, status, source) VALUES (?, ?, ?)", "dss",
                   y->year, y->status, y->source) != 0)
            return DB_ERR;
    }
    for (size_t i = 0; i < f->n; i++) {
        const struct holiday *h = &f->h[i];
        int rc = db_run(db, "INSERT INTO holiday (date, kind, name) VALUES (?, ?, ?)", "dss",
                        h->date, h->kind, h->name);
        if (rc != 0) return rc;
    }
    return (int)f->n;
}

static json_t *with_days(db_t *db, json_t *years)
{
    size_t i;
    json_t *y;
    json_array_foreach(years, i, y) {
        int year = (int)json_integer_value(json_object_get(y, "year"));
        json_t *days = rows_array(db_query(db, "SELECT date, kind, name FROM holiday WHERE "
                                           "date BETWEEN ? AND ? ORDER BY date, name", "dd",
                                           year * 10000 + 101, year * 10000 + 1231),
                                  "date:i kind name");
        json_object_set_new(y, "holidays", days ? days : json_array());
    }
    return years;
}

#define YEAR_SQL "SELECT y.year, y.status, y.source, s.full_name, y.confirmed_at FROM " \
                 "holiday_year y LEFT JOIN staff s ON s.id = y.confirmed_by "
#define YEAR_SPEC "year:i status source confirmed_by confirmed_at:i"

json_t *holiday_years(db_t *db)
{
    json_t *years = rows_array(db_query(db, YEAR_SQL "ORDER BY y.year", ""), YEAR_SPEC);
    return years ? with_days(db, years) : NULL;
}

json_t *holiday_year_get(db_t *db, int year)
{
    json_t *years = rows_array(db_query(db, YEAR_SQL "WHERE y.year = ?", "d", year), YEAR_SPEC);
    if (!years) return NULL;
    with_days(db, years);
    json_t *y = json_incref(json_array_get(years, 0));
    json_decref(years);
    return y;
}

int holiday_confirm(db_t *db, int year, int64_t staff_id, int64_t now)
{
    int64_t n = 0;
    int rc = db_run_changes(db, &n, "UPDATE holiday_year SET status = 'decreed', "
                            "confirmed_by = ?, confirmed_at = ? WHERE year = ? AND "
                            "status = 'provisional'", "iid", staff_id, now, year);
    return rc < 0 ? rc : (n ? 0 : 1);
}
