/* audit: the audit log pages, for penanggung_jawab and pengawas_kebijakan
 * (and admins): one for every office in reach, one per office. */
#include "core/role.h"
#include "db/store_audit.h"
#include "http/page.h"
#include "web/web.h"
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define PAGE_ROWS 50

/* adds readable times (WIB) and a link to older rows */
static void decorate(json_t *vm, json_t *rows)
{
    size_t i;
    json_t *v;
    int64_t last = 0;
    json_array_foreach(rows, i, v) {
        time_t t = (time_t)json_integer_value(json_object_get(v, "ts")) + 7 * 3600;
        struct tm tm;
        gmtime_r(&t, &tm);
        char s[40];
        strftime(s, sizeof s, "%Y-%m-%d %H.%M WIB", &tm);
        json_object_set_new(v, "when", json_string(s));
        last = json_integer_value(json_object_get(v, "seq"));
    }
    json_object_set_new(vm, "rows", rows);
    if (json_array_size(rows) == PAGE_ROWS && last > 1)
        json_object_set_new(vm, "older", json_integer(last));
}

static int64_t before_arg(struct req *r)
{
    const char *b = req_arg(r, "sebelum");
    return b ? strtoll(b, NULL, 10) : 0;
}

void web_audit(struct req *r)
{
    json_t *vm = web_vm(r, "Log audit");
    json_t *offices = web_offices_with(r, PERM_AUDIT), *ids = json_array();
    size_t i;
    json_t *o;
    json_array_foreach(offices, i, o) json_array_append(ids, json_object_get(o, "id"));
    json_decref(offices);
    json_t *rows = audit_list(r->db, ids, web_deployment_admin(r, PERM_AUDIT), before_arg(r),
                              PAGE_ROWS);
    json_decref(ids);
    json_object_set_new(vm, "base", json_string("/console/audit"));
    decorate(vm, rows ? rows : json_array());
    page_render(r, 200, "audit", vm);
}

void web_office_audit(struct req *r)
{
    json_t *vm = web_vm(r, "Log audit kantor");
    json_t *ids = json_pack("[O]", json_object_get(r->office, "id"));
    json_t *rows = audit_list(r->db, ids, 0, before_arg(r), PAGE_ROWS);
    json_decref(ids);
    char base[200];
    snprintf(base, sizeof base, "/console/o/%s/audit",
             json_string_value(json_object_get(r->office, "slug")));
    json_object_set_new(vm, "base", json_string(base));
    decorate(vm, rows ? rows : json_array());
    page_render(r, 200, "audit", vm);
}
