/* console: the staff console's start page: the offices this staff member
 * may see, with what they may do in each. */
#include "core/role.h"
#include "render/page.h"
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
    page_render(r, 200, "console", vm);
}
