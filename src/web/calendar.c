/* calendar: the shared content calendar of issue 16
 * (/console/o/{office}/kalender). One month (?bulan=YYYY-MM) or one ISO
 * week (?minggu=YYYY-Www) of the offices the member can see from here (a
 * regency office and its Diskominfo see every office below the regency),
 * where the plan's targets, the scheduled items (by publish_at) and the
 * published ones (by published_at, late ones flagged) sit together, in the
 * office's time zone. Filters by office, type, state and channel; a form
 * per scheduled item moves it (content_schedule), which calendar.js also
 * does by drag. The iCalendar feed is in calendar_feed.c. */
#include "channels/content_publish.h"
#include "core/calendar.h"
#include "core/content.h"
#include "core/role.h"
#include "db/store_content.h"
#include "db/store_content_plan.h"
#include "db/store_office.h"
#include "http/fields.h"
#include "http/gate.h"
#include "http/page.h"
#include "util/jv.h"
#include "util/url.h"
#include "web/web.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const channels[][2] = {
    {"portal", "Portal"}, {"whatsapp", "WhatsApp"}, {"instagram", "Instagram"},
    {"facebook", "Facebook"}, {"grup", "Grup RT/RW"}, {NULL, NULL}};

static const char *const weekday_short[] = {"Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min"};

int web_office_tz(json_t *office)
{
    int tz = cal_tz_offset(jv_str(office, "tz"));
    return tz < 0 ? 420 : tz;
}

void web_content_late(json_t *item)
{
    int64_t at = jv_int(item, "publish_at"), pub = jv_int(item, "published_at");
    if (!json_is_true(json_object_get(item, "late")) || pub <= at) return;
    char d[64], t[120];
    content_delay_text(pub - at, d, sizeof d);
    snprintf(t, sizeof t, "Terbit terlambat %s dari jadwal", d);
    json_object_set_new(item, "late_text", json_string(t));
}

/* Monday of ISO week `w` of year `y`; 0 when there is no such week. */
static int iso_week_monday(int y, int w)
{
    int jan4 = cal_date_from_ymd(y, 1, 4);
    if (!jan4 || w < 1 || w > 53) return 0;
    int mon = cal_date_add_days(jan4, -cal_weekday(jan4));
    int d = cal_date_add_days(mon, (w - 1) * 7);
    /* week 53 exists only when that Monday's Thursday is still in year y */
    return d && cal_date_add_days(d, 3) / 10000 == y ? d : 0;
}

/* The ISO year and week of a date. */
static void iso_week_of(int date, int *y, int *w)
{
    int thu = cal_date_add_days(date, 3 - cal_weekday(date));
    *y = thu / 10000;
    *w = cal_diff_days(cal_date_from_ymd(*y, 1, 1), thu) / 7 + 1;
}

struct period {
    int week_view;
    int first, last;            /* the days drawn, inclusive */
    int month_first;            /* month view: the 1st of the month */
    char label[80], prev[32], next[32], other[32], current[32];
};

static void set_week(struct period *p, int monday)
{
    int y, w, py, pw, ny, nw;
    iso_week_of(monday, &y, &w);
    iso_week_of(cal_date_add_days(monday, -7), &py, &pw);
    iso_week_of(cal_date_add_days(monday, 7), &ny, &nw);
    p->week_view = 1;
    p->first = monday;
    p->last = cal_date_add_days(monday, 6);
    snprintf(p->label, sizeof p->label, "Minggu ke-%d tahun %d", w, y);
    snprintf(p->prev, sizeof p->prev, "%04d-W%02d", py, pw);
    snprintf(p->next, sizeof p->next, "%04d-W%02d", ny, nw);
    snprintf(p->other, sizeof p->other, "%04d-%02d", monday / 10000, monday / 100 % 100);
    snprintf(p->current, sizeof p->current, "%04d-W%02d", y, w);
}

static void set_month(struct period *p, int y, int m)
{
    int first = cal_date_from_ymd(y, m, 1);
    int next = cal_date_from_ymd(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1);
    int last = cal_date_add_days(next, -1);
    int wy, ww;
    p->week_view = 0;
    p->month_first = first;
    p->first = cal_date_add_days(first, -cal_weekday(first));
    p->last = cal_date_add_days(last, 6 - cal_weekday(last));
    snprintf(p->label, sizeof p->label, "%s %d", cal_month_name(m), y);
    snprintf(p->prev, sizeof p->prev, "%04d-%02d", m == 1 ? y - 1 : y, m == 1 ? 12 : m - 1);
    snprintf(p->next, sizeof p->next, "%04d-%02d", next / 10000, next / 100 % 100);
    iso_week_of(first, &wy, &ww);
    snprintf(p->other, sizeof p->other, "%04d-W%02d", wy, ww);
    snprintf(p->current, sizeof p->current, "%04d-%02d", y, m);
}

/* From ?minggu= or ?bulan= (else the month of `today`): 0, or -1 when
 * what was asked is not a month or week (today's month is set then). */
static int parse_period(struct req *r, int today, struct period *p)
{
    const char *wk = req_arg(r, "minggu"), *mo = req_arg(r, "bulan");
    int y = 0, n = 0, end = 0;
    if (wk && *wk) {
        int mon = sscanf(wk, "%4d-W%2d%n", &y, &n, &end) == 2 && end == (int)strlen(wk)
                  ? iso_week_monday(y, n) : 0;
        if (mon) { set_week(p, mon); return 0; }
    } else if (mo && *mo) {
        if (sscanf(mo, "%4d-%2d%n", &y, &n, &end) == 2 && end == 7 && end == (int)strlen(mo) &&
            cal_date_from_ymd(y, n, 1)) {
            set_month(p, y, n);
            return 0;
        }
    } else {
        set_month(p, today / 10000, today / 100 % 100);
        return 0;
    }
    set_month(p, today / 10000, today / 100 % 100);
    return -1;
}

/* The offices this calendar spans: the office in the path and those below
 * it (below its regency for a dinas), each the member may view. */
static json_t *scope_offices(struct req *r)
{
    int64_t root = web_office_id(r);
    if (strcmp(jv_str(r->office, "type"), "dinas") == 0 && jv_int(r->office, "parent_id"))
        root = jv_int(r->office, "parent_id");
    json_t *all = office_list(r->db), *out = json_array(), *inside = json_object();
    size_t i;
    json_t *o;
    json_array_foreach(all, i, o) {             /* parents come before children */
        char id[24], parent[24];
        snprintf(id, sizeof id, "%lld", (long long)jv_int(o, "id"));
        snprintf(parent, sizeof parent, "%lld", (long long)jv_int(o, "parent_id"));
        if (jv_int(o, "id") != root && !json_object_get(inside, parent)) continue;
        json_object_set_new(inside, id, json_true());
        unsigned p = gate_perms_on(r, jv_int(o, "id"));
        if (!(p & PERM_VIEW)) continue;
        json_object_set_new(o, "can_publish", json_boolean(p & PERM_CONTENT_PUBLISH));
        json_array_append(out, o);
    }
    json_decref(inside);
    json_decref(all);
    return out;
}

/* What the templates show of one item. */
static void decorate(json_t *it, json_t *office, int tz)
{
    struct calendar cal = {.tz_offset_min = tz};
    int minute = 0, date = cal_local_date(&cal, jv_int(it, "at"), &minute);
    char d[16], t[32], url[300];
    cal_format_date(date, d, sizeof d);
    snprintf(t, sizeof t, "%02d:%02d", minute / 60, minute % 60);
    snprintf(url, sizeof url, "/console/o/%s/konten/%lld", jv_str(office, "slug"),
             (long long)jv_int(it, "id"));
    const struct content_type *ct = content_type_find(jv_str(it, "type"));
    int scheduled = strcmp(jv_str(it, "state"), "jadwal") == 0;
    json_object_set_new(it, "date", json_string(d));
    json_object_set_new(it, "time", json_string(t));
    t[2] = '.';
    json_object_set_new(it, "time_text", json_string(t));
    json_object_set_new(it, "url", json_string(url));
    json_object_set_new(it, "office_slug", json_string(jv_str(office, "slug")));
    json_object_set_new(it, "office_name", json_string(jv_str(office, "name")));
    json_object_set_new(it, "type_label", json_string(ct ? ct->label : jv_str(it, "type")));
    json_object_set_new(it, "scheduled", json_boolean(scheduled));
    json_object_set_new(it, "state_label", json_string(scheduled ? "Terjadwal" : "Terbit"));
    json_object_set_new(it, "can_move", json_boolean(scheduled &&
                                                     json_is_true(json_object_get(office, "can_publish"))));
    web_content_late(it);
}

/* Every item of the period in the scope, decorated; *late counts the
 * late ones. NULL when the database failed. */
static json_t *period_items(struct req *r, json_t *offices, const struct period *p, int tz,
                            int *late)
{
    struct calendar cal = {.tz_offset_min = tz};
    struct content_cal_filter f = {
        .from = cal_utc_of(&cal, p->first, 0), .to = cal_utc_of(&cal, p->last, 1440),
        .type = req_arg(r, "jenis"), .state = req_arg(r, "status"), .channel = req_arg(r, "kanal")};
    const char *only = req_arg(r, "kantor");
    json_t *items = json_array();
    size_t i, k;
    json_t *o, *it;
    *late = 0;
    json_array_foreach(offices, i, o) {
        if (only && *only && strcmp(only, jv_str(o, "slug")) != 0) continue;
        f.office_id = jv_int(o, "id");
        json_t *rows = content_calendar(r->db, &f);
        if (!rows) { json_decref(items); return NULL; }
        json_array_foreach(rows, k, it) {
            decorate(it, o, tz);
            if (json_object_get(it, "late_text")) (*late)++;
            json_array_append(items, it);
        }
        json_decref(rows);
    }
    return items;
}

/* The days drawn, each with its items in time order. */
static json_t *period_days(const struct period *p, json_t *items, int today)
{
    json_t *days = json_array();
    for (int d = p->first; d && d <= p->last; d = cal_date_add_days(d, 1)) {
        char iso[16], text[64];
        cal_format_date(d, iso, sizeof iso);
        cal_format_date_id(d, text, sizeof text);
        json_t *list = json_array();
        size_t i;
        json_t *it;
        json_array_foreach(items, i, it)
            if (strcmp(jv_str(it, "date"), iso) == 0) json_array_append(list, it);
        int outside = !p->week_view && d / 100 != p->month_first / 100;
        json_array_append_new(days, json_pack(
            "{s:s, s:s, s:i, s:s, s:b, s:b, s:b, s:o}", "date", iso, "label", text, "day", d % 100,
            "weekday", weekday_short[cal_weekday(d)], "outside", outside, "today", d == today,
            "empty", json_array_size(list) == 0, "items", list));
    }
    return days;
}

/* The filters' choices, each with `selected`. */
static json_t *choices(const char *const (*pairs)[2], const char *chosen)
{
    json_t *a = json_array();
    for (size_t i = 0; pairs[i][0]; i++)
        json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value", pairs[i][0], "label",
                                           pairs[i][1], "selected",
                                           chosen && strcmp(chosen, pairs[i][0]) == 0));
    return a;
}

static void filters(struct req *r, json_t *vm, json_t *offices)
{
    static const char *const states[][2] = {{"jadwal", "Terjadwal"}, {"terbit", "Terbit"},
                                            {NULL, NULL}};
    const char *only = req_arg(r, "kantor"), *type = req_arg(r, "jenis");
    json_t *os = json_array(), *ts = json_array();
    size_t i;
    json_t *o;
    json_array_foreach(offices, i, o)
        json_array_append_new(os, json_pack("{s:s, s:s, s:b}", "value", jv_str(o, "slug"),
                                            "label", jv_str(o, "name"), "selected",
                                            only && strcmp(jv_str(o, "slug"), only) == 0));
    for (i = 0; content_types[i].name; i++)
        json_array_append_new(ts, json_pack("{s:s, s:s, s:b}", "value", content_types[i].name,
                                            "label", content_types[i].label, "selected",
                                            type && strcmp(type, content_types[i].name) == 0));
    json_object_set_new(vm, "f_offices", os);
    json_object_set_new(vm, "f_types", ts);
    json_object_set_new(vm, "f_states", choices(states, req_arg(r, "status")));
    json_object_set_new(vm, "f_channels", choices(channels, req_arg(r, "kanal")));
    json_object_set_new(vm, "many_offices", json_boolean(json_array_size(offices) > 1));
}

/* The filters as "&kantor=..&jenis=.." for the period links. */
static void filter_query(struct req *r, char *out, size_t n)
{
    static const char *const keys[] = {"kantor", "jenis", "status", "kanal"};
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < sizeof keys / sizeof *keys && len < n; i++) {
        const char *v = req_arg(r, keys[i]);
        if (!v || !*v || strlen(v) > 60) continue;
        char enc[200];
        url_encode(v, enc, sizeof enc);
        len += (size_t)snprintf(out + len, n - len, "&%s=%s", keys[i], enc);
    }
}

/* Draws the calendar page; `vm` already has any message of a POST. */
static void calendar_page(struct req *r, int status, json_t *vm)
{
    int tz = web_office_tz(r->office), today = web_office_today(r, r->office), late = 0;
    struct period p;
    if (parse_period(r, today, &p) != 0)
        json_object_set_new(vm, "period_error", json_string(
            "Bulan atau minggu yang diminta tidak dikenali; yang ditampilkan bulan ini."));
    json_t *offices = scope_offices(r);
    json_t *items = period_items(r, offices, &p, tz, &late);
    if (!items) { json_decref(offices); json_decref(vm); page_db_down(r); return; }
    json_object_set_new(vm, "days", period_days(&p, items, today));
    json_object_set_new(vm, "weekdays", json_pack("[s,s,s,s,s,s,s]", "Senin", "Selasa", "Rabu",
                                                  "Kamis", "Jumat", "Sabtu", "Minggu"));
    json_object_set_new(vm, "count", json_integer((json_int_t)json_array_size(items)));
    json_object_set_new(vm, "none", json_boolean(json_array_size(items) == 0));
    json_object_set_new(vm, "late_count", json_integer(late));
    char qs[400];
    filter_query(r, qs, sizeof qs);
    json_object_set_new(vm, "period", json_pack("{s:s, s:b, s:s, s:s, s:s, s:s, s:s}", "label",
                                                p.label, "week", p.week_view, "prev", p.prev,
                                                "next", p.next, "other", p.other, "current",
                                                p.current, "qs", qs));
    json_object_set_new(vm, "tz", json_string(cal_tz_name(tz) ? cal_tz_name(tz) : "WIB"));
    json_object_set_new(vm, "can_publish", json_boolean(r->perms & PERM_CONTENT_PUBLISH));
    filters(r, vm, offices);
    json_t *plan = web_plan_progress(r, p.week_view ? p.first : p.month_first);
    if (plan) json_object_set_new(vm, "plan", plan);
    json_decref(items);
    json_decref(offices);
    page_render(r, status, "calendar", vm);
}

void web_calendar(struct req *r)
{
    json_t *vm = web_vm(r, "Kalender konten");
    if (req_arg(r, "ok")) json_object_set_new(vm, "saved", json_true());
    calendar_page(r, 200, vm);
}

/* Why the item cannot be scheduled at `at`; NULL when it can. */
static const char *schedule_refusal(struct req *r, json_t *item, int64_t at)
{
    const char *state = jv_str(item, "state");
    if (strcmp(state, "jadwal") != 0 && !content_step_find("schedule", state))
        return "Konten ini belum dapat dijadwalkan: hanya konten yang sudah lolos validasi dan "
               "desain, atau yang sudah terjadwal, yang dapat diberi jadwal terbit.";
    if (at <= r->now)
        return "Waktu terbit harus setelah sekarang. Pilih tanggal dan jam yang akan datang.";
    if (strcmp(state, "jadwal") != 0) {
        json_t *errors = json_object();
        int missing = content_format_check(item, CONTENT_NEED_ALL, errors);
        json_decref(errors);
        if (missing)
            return "Konten ini belum lengkap menurut format standar (termasuk visual dan teks "
                   "alternatifnya); lengkapi dulu sebelum dijadwalkan.";
    }
    return NULL;
}

static void refuse(struct req *r, int status, const char *msg)
{
    json_t *vm = web_vm(r, "Kalender konten");
    form_check(r, vm);
    json_object_set_new(vm, "error", json_string(msg));
    calendar_page(r, status, vm);
}

void web_calendar_reschedule(struct req *r)
{
    json_t *item = NULL;
    int rc = content_find(r->db, web_office_id(r), strtoll(req_param(r, "item"), NULL, 10), &item);
    if (rc < 0) { page_db_down(r); return; }
    if (rc != DB_ROW) { page_error(r, 404, "Konten itu tidak ada di kantor ini."); return; }
    const char *error = form_first_error(r);
    struct calendar cal = {.tz_offset_min = web_office_tz(r->office)};
    int64_t at = error ? 0 : cal_utc_of(&cal, req_date(r, "tanggal"), (int)req_int(r, "jam"));
    if (!error) error = schedule_refusal(r, item, at);
    if (error) { json_decref(item); refuse(r, 422, error); return; }
    struct actor a = web_actor(r);
    rc = db_begin(r->db);
    if (rc == 0) rc = content_schedule(r->db, &a, item, at, r->now);
    json_decref(item);
    if (rc == 1) {
        db_rollback(r->db);
        refuse(r, 409, "Konten ini baru saja diubah orang lain. Periksa lagi lalu ulangi.");
        return;
    }
    if (rc != 0 || db_commit(r->db) != 0) { web_db_fail(r); return; }
    char loc[300], month[8];
    snprintf(month, sizeof month, "%.7s", req_text(r, "tanggal"));
    snprintf(loc, sizeof loc, "/console/o/%s/kalender?bulan=%s&ok=1", jv_str(r->office, "slug"),
             month);
    resp_redirect(r, loc);
}

void web_calendar_show_feed(struct req *r, const char *url)
{
    json_t *vm = web_vm(r, "Kalender konten");
    json_object_set_new(vm, "feed_url", json_string(url));
    calendar_page(r, 201, vm);
}
