/* console: the staff console's start page: the offices this staff member
 * may see, with what they may do in each. */
#include "core/role.h"
#include "db/store_holiday.h"
#include "http/page.h"
#include <string.h>
#include "web/web.h"

void web_console(struct req *r)
{
    json_t *vm = web_vm(r, "Konsol");
    json_object_set_new(vm, "offices", web_offices_with(r, PERM_VIEW));
    json_t *roles = json_array();
    size_t i;
    json_t *g;
    json_array_foreach(r->grants, i, g) {
        const struct role_def *d = role_find(json_string_value(json_object_get(g, "role")));
        json_array_append_new(roles, json_pack("{s:s, s:O}", "label", d ? d->label : "?",
                                               "office_name", json_object_get(g, "office_name")));
    }
    json_object_set_new(vm, "roles", roles);
    /* a provisional holiday year is a prompt for whoever may confirm it */
    if (web_deployment_admin(r, PERM_HOLIDAYS)) {
        json_t *years = holiday_years(r->db), *pending = json_array();
        size_t k;
        json_t *y;
        json_array_foreach(years, k, y)
            if (strcmp(json_string_value(json_object_get(y, "status")), "provisional") == 0)
                json_array_append(pending, json_object_get(y, "year"));
        json_decref(years);
        json_object_set_new(vm, "provisional_years", pending);
    }
    page_render(r, 200, "console", vm);
}
