/* pickup: the office's weekly pickup slots in the console
 * (/console/o/{office}/jadwal-ambil): list, add, switch off, remove, and the
 * bookings coming up (for staff who handle requests). Citizens choose a
 * slot on WhatsApp or on the portal's status page (status.c). */
#include "core/calendar.h"
#include "core/hours.h"
#include "core/role.h"
#include "db/store_pickup.h"
#include "http/fields.h"
#include "http/form.h"
#include "http/page.h"
#include "web/web.h"
#include "util/jv.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOT_EARLIEST (6 * 60)      /* 06.00: no office hands over earlier ... */
#define SLOT_LATEST (20 * 60)       /* ... or later than 20.00 */

static void fmt_hm(int m, char *out, size_t n) { snprintf(out, n, "%02d.%02d", m / 60, m % 60); }

static json_t *weekdays(int chosen)
{
    json_t *a = json_array();
    for (int d = 0; d < 7; d++)
        json_array_append_new(a, json_pack("{s:i, s:s, s:b}", "value", d, "name",
                                           hours_day_name(d), "selected", d == chosen));
    return a;
}

static void page(struct req *r, int status, json_t *vm)
{
    int64_t office_id = web_office_id(r);
    json_t *slots = pickup_slots(r->db, office_id);
    size_t i;
    json_t *s;
    json_array_foreach(slots, i, s) {
        char a[16], b[16];
        fmt_hm((int)json_integer_value(json_object_get(s, "start_min")), a, sizeof a);
        fmt_hm((int)json_integer_value(json_object_get(s, "end_min")), b, sizeof b);
        json_object_set_new(s, "day", json_string(hours_day_name(
                                          (int)json_integer_value(json_object_get(s, "weekday")))));
        json_object_set_new(s, "from", json_string(a));
        json_object_set_new(s, "to", json_string(b));
    }
    json_object_set_new(vm, "slots", slots ? slots : json_array());
    json_t *form = json_object_get(vm, "form");
    const char *wd = jv_str(form, "weekday");
    json_object_set_new(vm, "weekdays", weekdays(*wd ? (int)strtol(wd, NULL, 10) : 0));
    /* who is coming when is about requests: only for those who handle them */
    if (r->perms & PERM_REQUEST) {
        json_t *up = pickup_upcoming(r->db, office_id, web_office_today(r, r->office), 200);
        json_t *days = json_array(), *day = NULL;
        int last = 0;
        json_array_foreach(up, i, s) {
            int date = (int)json_integer_value(json_object_get(s, "date"));
            if (date != last) {
                char d[64];
                cal_format_date_id(date, d, sizeof d);
                day = json_pack("{s:s, s:[]}", "date_text", d, "bookings");
                json_array_append_new(days, day);
                last = date;
            }
            char a[16], b[16], t[40];
            fmt_hm((int)json_integer_value(json_object_get(s, "start_min")), a, sizeof a);
            fmt_hm((int)json_integer_value(json_object_get(s, "end_min")), b, sizeof b);
            snprintf(t, sizeof t, "%s–%s", a, b);
            json_object_set_new(s, "time", json_string(t));
            json_array_append(json_object_get(day, "bookings"), s);
        }
        json_decref(up);
        json_object_set_new(vm, "show_bookings", json_true());
        json_object_set_new(vm, "days", days);
    }
    page_render(r, status, "pickup", vm);
}

void web_pickup(struct req *r)
{
    json_t *vm = web_vm(r, "Jadwal pengambilan dokumen");
    if (req_arg(r, "ok")) json_object_set_new(vm, "saved", json_true());
    json_object_set_new(vm, "form", json_pack("{s:s, s:s, s:s, s:s}", "weekday", "0", "from",
                                              "08:00", "to", "10:00", "capacity", "10"));
    page(r, 200, vm);
}

static void done(struct req *r)
{
    if (db_commit(r->db) != 0) { web_db_fail(r); return; }
    char loc[300];
    snprintf(loc, sizeof loc, "/console/o/%s/jadwal-ambil?ok=1", jv_str(r->office, "slug"));
    resp_redirect(r, loc);
}

static void add(struct req *r)
{
    json_t *vm = web_vm(r, "Jadwal pengambilan dokumen");
    int bad = form_check(r, vm);
    json_t *errors = json_object_get(vm, "errors");
    /* these are required only when adding (the same form removes) */
    static const char *const need[][2] = {{"weekday", "Hari"}, {"from", "Jam mulai"},
                                          {"to", "Jam selesai"}, {"capacity", "Kapasitas"}};
    for (size_t i = 0; i < sizeof need / sizeof *need; i++)
        if (!req_has(r, need[i][0]) && !json_object_get(errors, need[i][0])) {
            char m[80];
            snprintf(m, sizeof m, "%s wajib diisi.", need[i][1]);
            json_object_set_new(errors, need[i][0], json_string(m));
            bad++;
        }
    int weekday = req_has(r, "weekday") ? (int)req_int(r, "weekday") : -1;
    int from = req_has(r, "from") ? (int)req_int(r, "from") : -1;
    int to = req_has(r, "to") ? (int)req_int(r, "to") : -1;
    long cap = (long)req_int(r, "capacity");
    struct week_hours w;
    if (weekday >= 0 && hours_from_text(jv_str(r->office, "hours"), &w) == 0 && w.n[weekday] == 0) {
        char m[160];
        snprintf(m, sizeof m, "Kantor tutup setiap hari %s menurut jam layanan; "
                 "pilih hari kerja atau ubah jam layanan dulu.", hours_day_name(weekday));
        json_object_set_new(errors, "weekday", json_string(m));
        bad++;
    }
    if (from >= 0 && to >= 0) {
        if (from < SLOT_EARLIEST || to > SLOT_LATEST) {
            json_object_set_new(errors, "to", json_string(
                "Jadwal pengambilan harus di antara pukul 06.00 dan 20.00."));
            bad++;
        } else if (to <= from) {
            json_object_set_new(errors, "to", json_string(
                "Jam selesai harus sesudah jam mulai."));
            bad++;
        }
    }
    if (bad) {
        json_object_set_new(vm, "has_errors", json_true());
        page(r, 422, vm);
        return;
    }
    json_decref(vm);
    struct actor a = web_actor(r);
    int rc = db_begin(r->db);
    if (rc == 0 &&
        pickup_slot_add(r->db, web_office_id(r), weekday, from, to, (int)cap, &a, r->now) < 0)
        rc = -1;
    if (rc != 0) { web_db_fail(r); return; }
    done(r);
}

static void change(struct req *r, const char *action)
{
    long long id = req_int(r, "slot");
    if (id <= 0) {
        page_error(r, 422, "Jadwal yang dipilih tidak dikenal.");
        return;
    }
    struct actor a = web_actor(r);
    int rc = db_begin(r->db);
    if (rc == 0) {
        if (strcmp(action, "remove") == 0)
            rc = pickup_slot_remove(r->db, web_office_id(r), id, &a, r->now);
        else
            rc = pickup_slot_set_active(r->db, web_office_id(r), id,
                                        strcmp(action, "activate") == 0, &a, r->now);
    }
    if (rc == 2) {
        db_rollback(r->db);
        page_error(r, 404, "Jadwal itu tidak ada (mungkin sudah dihapus).");
        return;
    }
    if (rc < 0) { web_db_fail(r); return; }
    done(r);
}

void web_pickup_save(struct req *r)
{
    const char *action = req_text(r, "action");    /* one of the spec's choices */
    if (strcmp(action, "add") == 0) add(r);
    else if (json_object_get(r->errors, "slot") || json_object_get(r->errors, "action"))
        page_error(r, 422, form_first_error(r));
    else
        change(r, action);
}
