/* holidays: national holidays and cuti bersama as loaded from the data file
 * (readable by all staff), and confirming a provisional year once its SKB is
 * out, by an admin of the whole deployment. */
#include "core/calendar.h"
#include "core/role.h"
#include "db/store_holiday.h"
#include "db/store_office.h"
#include "http/gate.h"
#include "http/page.h"
#include "web/web.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void web_holidays(struct req *r)
{
    json_t *vm = web_vm(r, "Hari libur nasional dan cuti bersama");
    json_t *years = holiday_years(r->db);
    size_t i, j;
    json_t *y, *h;
    json_array_foreach(years, i, y) {
        json_object_set_new(y, "provisional", json_boolean(
            strcmp(json_string_value(json_object_get(y, "status")), "provisional") == 0));
        json_array_foreach(json_object_get(y, "holidays"), j, h) {
            char d[64];
            cal_format_date_id((int)json_integer_value(json_object_get(h, "date")), d, sizeof d);
            json_object_set_new(h, "date_text", json_string(d));
            json_object_set_new(h, "cuti", json_boolean(
                strcmp(json_string_value(json_object_get(h, "kind")), "cuti") == 0));
        }
    }
    json_object_set_new(vm, "years", years ? years : json_array());
    json_object_set_new(vm, "can_confirm", json_boolean(web_deployment_admin(r, PERM_HOLIDAYS)));
    if (req_arg(r, "ok")) json_object_set_new(vm, "saved", json_true());
    page_render(r, 200, "holidays", vm);
}

void web_holidays_confirm(struct req *r)
{
    if (!web_deployment_admin(r, PERM_HOLIDAYS)) {
        page_error(r, 403, "Hanya admin sistem untuk seluruh wilayah yang dapat mengonfirmasi "
                   "hari libur nasional.");
        return;
    }
    char *end;
    long year = strtol(req_param(r, "year"), &end, 10);
    if (*end || year < 2000 || year > 2100) { page_error(r, 404, "Tahun tidak ditemukan."); return; }
    struct actor a = web_actor(r);
    char yid[8];
    snprintf(yid, sizeof yid, "%ld", year);
    json_t *before = json_pack("{s:s}", "status", "provisional");
    json_t *after = json_pack("{s:s}", "status", "decreed");
    int rc = db_begin(r->db);
    if (rc == 0) rc = holiday_confirm(r->db, (int)year, a.id, r->now);
    if (rc == 0) rc = audit_append(r->db, &a, 0, "holiday.confirm", "holiday_year", yid, before,
                                   after, r->now);
    json_decref(before);
    json_decref(after);
    if (rc == 1) { db_rollback(r->db); resp_redirect(r, "/console/holidays"); return; }
    if (rc != 0 || db_commit(r->db) != 0) { web_db_fail(r); return; }
    resp_redirect(r, "/console/holidays?ok=1");
}
