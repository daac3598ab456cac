/* inbox_sla: the office's service-level targets for its inbox (first
 * answer, whole matter), counted in office hours (core/sla.c): the marks on
 * the list and thread, and the small settings page
 * /console/o/{office}/percakapan-setelan. */
#include "core/calendar.h"
#include "core/sla.h"
#include "db/office_status.h"
#include "db/store_audit.h"
#include "db/store_inbox.h"
#include "db/store_request.h"
#include "http/fields.h"
#include "http/page.h"
#include "web/inbox_view.h"
#include "web/web.h"
#include "util/jv.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void inbox_sla_calendar(struct req *r, struct week_hours *w, struct calendar *c, int **closed)
{
    /* office_calendar_load keeps closed days from its `now` on; a citizen
     * may have been waiting since before a holiday, so start 30 days back */
    office_calendar_load(r->db, r->office, r->now - 30 * 86400, w, c, closed);
}

int inbox_sla_mark(struct req *r, json_t *x, const struct calendar *c, int first_min,
                   int resolve_min)
{
    if (strcmp(jv_str(x, "state"), "closed") == 0) return -1;
    int64_t since = json_integer_value(json_object_get(x, "wait_since"));
    int64_t opened = json_integer_value(json_object_get(x, "opened_at"));
    enum sla_state st = SLA_OK;
    int applies = 0;
    int64_t due = -1;
    /* the first answer by people, once the bot has handed over: a
     * citizen's message no officer has answered yet */
    int human = strcmp(jv_str(x, "state"), "human") == 0;
    if (since > 0 && human) {
        applies = 1;
        st = sla_state_of(sla_open_seconds(c, since, r->now), first_min);
        due = sla_due(c, since, first_min);
    }
    /* the whole matter: once people handle it (the bot's chats end by
     * themselves), from the start of the conversation */
    if (human && opened > 0) {
        enum sla_state s2 = sla_state_of(sla_open_seconds(c, opened, r->now), resolve_min);
        if (!applies || s2 > st) {
            st = s2;
            due = sla_due(c, opened, resolve_min);
        }
        applies = 1;
    }
    if (!applies) return -1;
    json_object_set_new(x, "sla_label", json_string(sla_state_label(st)));
    json_object_set_new(x, "sla_late", json_boolean(st == SLA_LATE));
    json_object_set_new(x, "sla_near", json_boolean(st == SLA_NEAR));
    if (due > 0) {
        char when[96];
        web_fmt_time(r, due, when, sizeof when);
        json_object_set_new(x, "sla_due", json_string(when));
    }
    return st == SLA_LATE ? 2 : st == SLA_NEAR ? 1 : 0;
}

/* ---- the settings page --------------------------------------------- */

static void settings_page(struct req *r, int status, const char *first, const char *resolve,
                          const char *complaint, json_t *errors)
{
    json_t *vm = web_vm(r, "Setelan percakapan");
    json_object_set_new(vm, "first", json_string(first));
    json_object_set_new(vm, "resolve", json_string(resolve));
    json_object_set_new(vm, "complaint_days", json_string(complaint));
    json_object_set_new(vm, "has_errors", json_boolean(errors && json_object_size(errors)));
    json_object_set_new(vm, "errors", errors ? errors : json_object());
    const char *ok = req_arg(r, "ok");
    if (ok && strcmp(ok, "1") == 0) json_object_set_new(vm, "saved", json_true());
    page_render(r, status, "inbox_settings", vm);
}

void web_inbox_settings_form(struct req *r)
{
    int first, resolve, days;
    if (inbox_sla_get(r->db, web_office_id(r), &first, &resolve) != 0 ||
        request_type_days(r->db, web_office_id(r), REQ_TYPE_COMPLAINT, &days) != 0) {
        web_db_fail(r);
        return;
    }
    char f[16], h[16], d[16];
    snprintf(f, sizeof f, "%d", first);
    /* the page asks for whole hours: a clerk thinks "two days of seven hours" */
    snprintf(h, sizeof h, "%d", resolve / 60);
    snprintf(d, sizeof d, "%d", days);
    settings_page(r, 200, f, h, d, NULL);
}

void web_inbox_settings(struct req *r)
{
    const char *first = req_field(r, "first"), *resolve = req_field(r, "resolve");
    const char *complaint = req_field(r, "complaint_days");
    long f = (long)req_int(r, "first"), h = (long)req_int(r, "resolve");
    int of, orr, od;
    if (inbox_sla_get(r->db, web_office_id(r), &of, &orr) != 0 ||
        request_type_days(r->db, web_office_id(r), REQ_TYPE_COMPLAINT, &od) != 0) {
        web_db_fail(r);
        return;
    }
    /* a form from before the field existed keeps the office's target */
    long d = req_has(r, "complaint_days") ? (long)req_int(r, "complaint_days") : od;
    if (json_object_size(r->errors)) {     /* the route's spec: web/specs.c */
        settings_page(r, 422, first, resolve, complaint, json_copy(r->errors));
        return;
    }
    json_t *before = json_pack("{s:i, s:i, s:i}", "sla_first_min", of, "sla_resolve_min", orr,
                               "complaint_days", od);
    json_t *after = json_pack("{s:i, s:i, s:i}", "sla_first_min", (int)f, "sla_resolve_min",
                              (int)h * 60, "complaint_days", (int)d);
    int rc = db_begin(r->db);
    if (rc == 0) rc = inbox_sla_set(r->db, web_office_id(r), (int)f, (int)h * 60, r->now);
    if (rc == 0 && d != od)
        rc = request_type_days_set(r->db, web_office_id(r), REQ_TYPE_COMPLAINT, (int)d, r->now);
    web_finish(r, rc, "inbox.sla", before, after, "percakapan-setelan");
    json_decref(before);
    json_decref(after);
}
