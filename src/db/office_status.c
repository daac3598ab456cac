/* office_status: see office_status.h. */
#include "db/office_status.h"
#include "db/store_office.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int office_calendar_load(db_t *db, const json_t *office, int64_t now, struct week_hours *w,
                          struct calendar *c, int **closed)
{
    const char *ht = json_string_value(json_object_get(office, "hours"));
    if (hours_from_text(ht ? ht : "", w) != 0) hours_from_text("", w);
    int tz = cal_tz_offset(json_string_value(json_object_get(office, "tz")));
    *c = (struct calendar){.tz_offset_min = tz < 0 ? 420 : tz, .hours = w};
    int minute, today = cal_local_date(c, now, &minute);
    *closed = NULL;
    int n = office_closed_dates(db, json_integer_value(json_object_get(office, "id")), today,
                                cal_date_add_days(today, 400), closed);
    c->closed = *closed;
    c->nclosed = n > 0 ? (size_t)n : 0;
    return n < 0 ? -1 : 0;
}

static void fmt_min(int m, char *out, size_t n) { snprintf(out, n, "%02d.%02d", m / 60, m % 60); }

json_t *office_status(db_t *db, const json_t *office, int64_t now)
{
    struct week_hours w;
    struct calendar c;
    int *closed;
    if (office_calendar_load(db, office, now, &w, &c, &closed) != 0) {
        free(closed);   /* "open now" on a holiday would send citizens to a shut door */
        return NULL;
    }
    int minute, today = cal_local_date(&c, now, &minute);
    json_t *s = json_object();
    int open = cal_is_open(&c, now);
    json_object_set_new(s, "open", json_boolean(open));
    char text[160], day[64];
    hours_format_day(&w, cal_weekday(today), day, sizeof day);
    json_object_set_new(s, "today_hours", json_string(cal_is_working_day(&c, today) ? day : "Tutup"));
    if (open) {
        snprintf(text, sizeof text, "Buka sekarang");
    } else {
        int64_t next = cal_next_open(&c, now);
        if (next < 0) {
            snprintf(text, sizeof text, "Tutup");
        } else {
            int nm, nd = cal_local_date(&c, next, &nm);
            char hm[16];
            fmt_min(nm, hm, sizeof hm);
            if (nd == today) snprintf(text, sizeof text, "Tutup — buka lagi hari ini pukul %s", hm);
            else if (nd == cal_date_add_days(today, 1))
                snprintf(text, sizeof text, "Tutup — buka lagi besok pukul %s", hm);
            else
                snprintf(text, sizeof text, "Tutup — buka lagi %s %s",
                         hours_day_name(cal_weekday(nd)), hm);
        }
    }
    json_object_set_new(s, "text", json_string(text));
    const char *reason = "";
    json_t *today_closed = office_closures(db, json_integer_value(json_object_get(office, "id")),
                                           today, today, 1);
    json_t *first = json_array_get(today_closed, 0);
    if (first) reason = json_string_value(json_object_get(first, "name"));
    json_object_set_new(s, "closed_reason", json_string(reason ? reason : ""));
    json_decref(today_closed);
    free(closed);
    return s;
}

void office_week_text(const struct week_hours *w, char *out, size_t n)
{
    hours_week_line(w, "\n", ": ", out, n);
}
