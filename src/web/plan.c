/* plan: the quarterly content plan of an office (issue 16,
 * /console/o/{office}/rencana?tahun=&triwulan=): targets per content type
 * (e.g. 12 edukasi, 6 informasi layanan a quarter), how often, priorities
 * and themes, and plan vs actual for the quarter and each of its weeks
 * (published items counted by type, on time and late). Everyone with
 * PERM_VIEW reads it; PERM_CONTENT_PUBLISH edits. The calendar shows the
 * same progress above its days (web_plan_progress). */
#include "core/calendar.h"
#include "core/content.h"
#include "core/role.h"
#include "db/store_content_plan.h"
#include "http/fields.h"
#include "http/page.h"
#include "util/jv.h"
#include "web/web.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct quarter {
    int year, q;
    int first, next;            /* local dates: the first day, the day after the last */
    int64_t from, to;           /* the same in UTC seconds */
};

static void quarter_set(struct quarter *qt, int year, int q, int tz)
{
    struct calendar cal = {.tz_offset_min = tz};
    qt->year = year;
    qt->q = q;
    qt->first = cal_date_from_ymd(year, (q - 1) * 3 + 1, 1);
    qt->next = q == 4 ? cal_date_from_ymd(year + 1, 1, 1) : cal_date_from_ymd(year, q * 3 + 1, 1);
    qt->from = cal_utc_of(&cal, qt->first, 0);
    qt->to = cal_utc_of(&cal, qt->next, 0);
}

/* The quarter's published items of the office, each with its local date:
 * NULL on error. */
static json_t *published(struct req *r, const struct quarter *qt, int tz)
{
    struct content_cal_filter f = {.office_id = web_office_id(r), .from = qt->from,
                                   .to = qt->to, .state = "terbit"};
    json_t *rows = content_calendar(r->db, &f);
    struct calendar cal = {.tz_offset_min = tz};
    size_t i;
    json_t *it;
    json_array_foreach(rows, i, it)
        json_object_set_new(it, "day", json_integer(cal_local_date(&cal, jv_int(it, "at"), NULL)));
    return rows;
}

/* Per type: target, actual, on time, late (types with a target or an
 * item only). */
static json_t *by_type(json_t *targets, json_t *items)
{
    json_t *rows = json_array();
    for (size_t t = 0; content_types[t].name; t++) {
        const char *name = content_types[t].name;
        int target = (int)jv_int(targets, name), actual = 0, late = 0;
        size_t i;
        json_t *it;
        json_array_foreach(items, i, it) {
            if (strcmp(jv_str(it, "type"), name) != 0) continue;
            actual++;
            late += json_is_true(json_object_get(it, "late"));
        }
        if (!target && !actual) continue;
        json_array_append_new(rows, json_pack(
            "{s:s, s:s, s:i, s:i, s:i, s:i, s:b, s:i}", "type", name, "label",
            content_types[t].label, "target", target, "actual", actual, "on_time", actual - late,
            "late", late, "met", target > 0 && actual >= target,
            "percent", target > 0 ? (actual * 100 / target > 100 ? 100 : actual * 100 / target)
                                  : 100));
    }
    return rows;
}

/* "4–10 Jan", "29 Mar – 4 Apr": short enough for a phone's table. */
static void week_label(int from, int to, char *out, size_t n)
{
    const char *m1 = cal_month_name(from / 100 % 100), *m2 = cal_month_name(to / 100 % 100);
    if (from / 100 == to / 100)
        snprintf(out, n, "%d–%d %.3s", from % 100, to % 100, m2);
    else
        snprintf(out, n, "%d %.3s – %d %.3s", from % 100, m1, to % 100, m2);
}

/* Per week of the quarter (Monday to Sunday, cut at the quarter's ends):
 * published, on time, late, and the plan's share of that week. */
static json_t *by_week(const struct quarter *qt, int total_target, json_t *items)
{
    json_t *weeks = json_array();
    int days = cal_diff_days(qt->first, qt->next), n = 1;
    for (int d = qt->first; d < qt->next; n++) {
        int end = cal_date_add_days(d, 6 - cal_weekday(d) + 1);
        if (end > qt->next) end = qt->next;
        int actual = 0, late = 0;
        size_t i;
        json_t *it;
        json_array_foreach(items, i, it) {
            int day = (int)jv_int(it, "day");
            if (day < d || day >= end) continue;
            actual++;
            late += json_is_true(json_object_get(it, "late"));
        }
        char label[48], planned[16];
        week_label(d, cal_date_add_days(end, -1), label, sizeof label);
        double share = (double)total_target * cal_diff_days(d, end) / (days ? days : 1);
        snprintf(planned, sizeof planned, "%.1f", share);
        json_array_append_new(weeks, json_pack("{s:i, s:s, s:s, s:i, s:i, s:i}", "n", n, "label",
                                               label, "planned", planned, "actual", actual,
                                               "on_time", actual - late, "late", late));
        d = end;
    }
    return weeks;
}

/* The plan with its progress for the quarter `qt`; NULL on error. */
static json_t *progress(struct req *r, const struct quarter *qt, json_t **plan_out)
{
    int tz = web_office_tz(r->office);
    json_t *plan = NULL, *items = NULL;
    if (content_plan_find(r->db, web_office_id(r), qt->year, qt->q, &plan) < 0) return NULL;
    if (!(items = published(r, qt, tz))) { json_decref(plan); return NULL; }
    json_t *targets = plan ? json_object_get(plan, "targets") : NULL;
    int total = 0, late = 0;
    const char *k;
    json_t *v;
    json_object_foreach(targets, k, v) total += (int)json_integer_value(v);
    size_t i;
    json_array_foreach(items, i, v) late += json_is_true(json_object_get(v, "late"));
    char label[40];
    snprintf(label, sizeof label, "Triwulan %s %d", (const char *[]){"I", "II", "III", "IV"}[qt->q - 1],
             qt->year);
    json_t *out = json_pack("{s:i, s:i, s:s, s:b, s:o, s:o, s:i, s:i, s:i, s:i}", "year", qt->year,
                            "quarter", qt->q, "label", label, "has_plan", plan != NULL, "types",
                            by_type(targets, items), "weeks", by_week(qt, total, items),
                            "target", total, "actual", (int)json_array_size(items), "late", late,
                            "on_time", (int)json_array_size(items) - late);
    json_object_set_new(out, "has_types", json_boolean(json_array_size(json_object_get(out, "types"))));
    json_decref(items);
    if (plan_out) *plan_out = plan;
    else json_decref(plan);
    return out;
}

json_t *web_plan_progress(struct req *r, int date)
{
    struct quarter qt;
    quarter_set(&qt, date / 10000, (date / 100 % 100 - 1) / 3 + 1, web_office_tz(r->office));
    json_t *p = progress(r, &qt, NULL);
    if (p && !json_is_true(json_object_get(p, "has_plan"))) {
        json_decref(p);
        return NULL;
    }
    return p;
}

/* The form's target per type, from the plan or from what was typed. */
static json_t *target_fields(json_t *plan, json_t *form, json_t *errors)
{
    json_t *rows = json_array();
    for (size_t t = 0; content_types[t].name; t++) {
        char key[64], val[24];
        snprintf(key, sizeof key, "target_%s", content_types[t].name);
        if (form) snprintf(val, sizeof val, "%s", jv_str(form, key));
        else snprintf(val, sizeof val, "%lld",
                      (long long)jv_int(json_object_get(plan, "targets"), content_types[t].name));
        json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:s}", "name", key, "label",
                                              content_types[t].label, "value", val, "error",
                                              jv_str(errors, key)));
    }
    return rows;
}

static void plan_page(struct req *r, int status, json_t *vm, const struct quarter *qt)
{
    json_t *plan = NULL, *p = progress(r, qt, &plan);
    if (!p) { json_decref(vm); page_db_down(r); return; }
    json_t *form = json_object_get(vm, "form");
    json_object_set_new(vm, "targets", target_fields(plan, form, json_object_get(vm, "errors")));
    if (!form) json_object_set_new(vm, "form", json_pack("{s:s, s:s, s:s}",
        "frekuensi", plan ? jv_str(plan, "frequency") : "", "prioritas",
        plan ? jv_str(plan, "priorities") : "", "tema", plan ? jv_str(plan, "themes") : ""));
    if (plan) {
        char when[96];
        web_fmt_time(r, jv_int(plan, "updated_at"), when, sizeof when);
        json_object_set_new(vm, "updated", json_pack("{s:s, s:s}", "by",
                                                     jv_str(plan, "updated_name"), "at", when));
    }
    int pq = qt->q == 1 ? 4 : qt->q - 1, nq = qt->q == 4 ? 1 : qt->q + 1;
    json_object_set_new(vm, "nav", json_pack("{s:i, s:i, s:i, s:i}", "prev_year",
                                             qt->q == 1 ? qt->year - 1 : qt->year, "prev_q", pq,
                                             "next_year", qt->q == 4 ? qt->year + 1 : qt->year,
                                             "next_q", nq));
    json_object_set_new(vm, "progress", p);
    json_object_set_new(vm, "can_edit_plan", json_boolean(r->perms & PERM_CONTENT_PUBLISH));
    json_decref(plan);
    page_render(r, status, "plan", vm);
}

/* ?tahun=&triwulan= (else today's quarter); 0, or -1 when malformed. */
static int quarter_arg(struct req *r, const char *ys, const char *qs, struct quarter *qt)
{
    int today = web_office_today(r, r->office), tz = web_office_tz(r->office);
    char *e1 = NULL, *e2 = NULL;
    long y = ys && *ys ? strtol(ys, &e1, 10) : today / 10000;
    long q = qs && *qs ? strtol(qs, &e2, 10) : (today / 100 % 100 - 1) / 3 + 1;
    if ((e1 && *e1) || (e2 && *e2) || y < 2000 || y > 2100 || q < 1 || q > 4) {
        quarter_set(qt, today / 10000, (today / 100 % 100 - 1) / 3 + 1, tz);
        return -1;
    }
    quarter_set(qt, (int)y, (int)q, tz);
    return 0;
}

void web_plan(struct req *r)
{
    struct quarter qt;
    json_t *vm = web_vm(r, "Rencana konten triwulan");
    if (quarter_arg(r, req_arg(r, "tahun"), req_arg(r, "triwulan"), &qt) != 0)
        json_object_set_new(vm, "error", json_string(
            "Tahun atau triwulan yang diminta tidak dikenali; yang ditampilkan triwulan ini."));
    if (req_arg(r, "ok")) json_object_set_new(vm, "saved", json_true());
    plan_page(r, 200, vm, &qt);
}

void web_plan_save(struct req *r)
{
    struct quarter qt;
    json_t *vm = web_vm(r, "Rencana konten triwulan");
    char y[16], q[8];
    snprintf(y, sizeof y, "%lld", req_int(r, "tahun"));
    snprintf(q, sizeof q, "%lld", req_int(r, "triwulan"));
    int bad = quarter_arg(r, y, q, &qt) != 0;
    if (form_check(r, vm) || bad) {
        if (bad) json_object_set_new(vm, "error", json_string("Pilih tahun dan triwulan yang sah."));
        json_object_set_new(vm, "has_errors", json_true());
        plan_page(r, 422, vm, &qt);
        return;
    }
    json_decref(vm);
    json_t *targets = json_object();
    for (size_t t = 0; content_types[t].name; t++) {
        char key[64];
        snprintf(key, sizeof key, "target_%s", content_types[t].name);
        if (req_int(r, key) > 0)
            json_object_set_new(targets, content_types[t].name, json_integer(req_int(r, key)));
    }
    json_t *f = json_pack("{s:o, s:s, s:s, s:s}", "targets", targets, "frequency",
                          req_text(r, "frekuensi"), "priorities", req_text(r, "prioritas"),
                          "themes", req_text(r, "tema"));
    struct actor a = web_actor(r);
    int rc = db_begin(r->db);
    if (rc == 0) rc = content_plan_save(r->db, &a, web_office_id(r), qt.year, qt.q, f, r->now);
    json_decref(f);
    if (rc != 0 || db_commit(r->db) != 0) { web_db_fail(r); return; }
    char loc[300];
    snprintf(loc, sizeof loc, "/console/o/%s/rencana?tahun=%d&triwulan=%d&ok=1",
             jv_str(r->office, "slug"), qt.year, qt.q);
    resp_redirect(r, loc);
}
