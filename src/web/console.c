/* console: the staff console's start page. First what waits for this
 * staff member now, per office where they hold a role that serves
 * citizens: conversations waiting for their answer and without an
 * officer, new and overdue requests, today's pickups, each count a link to
 * the list it counts; then the offices they may see, with what they may
 * do in each. */
#include "core/role.h"
#include "db/store_holiday.h"
#include "db/store_office.h"
#include "db/store_request.h"
#include "db/store_todo.h"
#include "http/gate.h"
#include "http/page.h"
#include "util/jv.h"
#include <string.h>
#include "web/web.h"

#define SERVE_PERMS (PERM_INBOX | PERM_REQUEST | PERM_VERIFY)
#define TODO_PERMS (SERVE_PERMS | PERM_CONTENT_ALL)

static json_t *todo_item(const char *label, int64_t n, const char *slug, const char *path,
                         int urgent)
{
    char href[200];
    snprintf(href, sizeof href, "/console/o/%s/%s", slug, path);
    return json_pack("{s:s, s:I, s:s, s:b}", "label", label, "count", (json_int_t)n, "href", href,
                     "urgent", urgent && n > 0);
}

/* What waits in the office's conversations and requests. */
static void serve_items(json_t *items, const struct todo_counts *c, unsigned perms,
                        const char *slug)
{
    if (perms & PERM_INBOX) {
        json_array_append_new(items, todo_item("Percakapan menunggu jawaban Anda", c->conv_mine,
                                               slug, "percakapan?tampil=mine_waiting", 1));
        json_array_append_new(items, todo_item("Percakapan diteruskan bot, belum ada petugas", c->conv_unassigned,
                                               slug, "percakapan?tampil=handover", 1));
    }
    json_array_append_new(items, todo_item("Permohonan baru, belum diperiksa", c->req_new, slug,
                                           "permohonan?status=baru", 0));
    json_array_append_new(items, todo_item("Permohonan terlambat dari perkiraan selesai", c->req_overdue,
                                           slug, "permohonan?terlambat=1", 1));
}

/* Today's pickups with their slot and link. */
static void pickup_rows(json_t *pickups, const char *slug)
{
    size_t i;
    json_t *p;
    json_array_foreach(pickups, i, p) {
        char slot[32];
        int a = (int)jv_int(p, "start_min"), b = (int)jv_int(p, "end_min");
        snprintf(slot, sizeof slot, "%02d.%02d–%02d.%02d", a / 60, a % 60, b / 60, b % 60);
        json_object_set_new(p, "slot", json_string(slot));
        char href[200];
        snprintf(href, sizeof href, "/console/o/%s/permohonan/%lld", slug, (long long)jv_int(p, "id"));
        json_object_set_new(p, "href", json_string(href));
        json_object_set_new(p, "taken", json_boolean(strcmp(jv_str(p, "status"), "diambil") == 0));
    }
}

/* One office's card, or NULL when the staff member neither serves
 * citizens nor works on content there; *failed on a database error.
 * Content items waiting for this member's step come first. */
static json_t *todo_office(struct req *r, const json_t *g, int *failed)
{
    int64_t id = jv_int(g, "office_id"), content = 0;
    unsigned perms = gate_perms_on(r, id);
    if (!(perms & TODO_PERMS)) return NULL;
    json_t *office = office_get_id(r->db, id);
    if (!office) { *failed = 1; return NULL; }
    const char *slug = jv_str(g, "office_slug");
    int today = request_today(office, r->now), serves = (perms & SERVE_PERMS) != 0;
    json_decref(office);
    struct todo_counts c;
    json_t *pickups = serves ? todo_pickups(r->db, id, today) : json_array();
    if (!pickups || (serves && todo_counts(r->db, id, jv_int(r->me, "id"), today, &c) != 0) ||
        ((perms & PERM_CONTENT_ALL) && web_content_waiting(r, id, perms, &content) != 0)) {
        json_decref(pickups);
        *failed = 1;
        return NULL;
    }
    json_t *items = json_array();
    if (perms & PERM_CONTENT_ALL)
        json_array_append_new(items, todo_item("Konten menunggu langkah Anda", content, slug,
                                               "konten?saya=1", 0));
    if (serves) serve_items(items, &c, perms, slug);
    pickup_rows(pickups, slug);
    return json_pack("{s:s, s:O, s:o, s:o, s:b}", "slug", slug, "name",
                     json_object_get(g, "office_name"), "items", items, "pickups", pickups,
                     "serves", serves);
}

/* One card per office where the member holds a role (not every office
 * below it: a regency admin's home would be a census). */
static int todo(struct req *r, json_t *vm)
{
    json_t *cards = json_array();
    size_t i;
    json_t *g;
    int failed = 0;
    json_array_foreach(r->grants, i, g) {
        int seen = 0;
        for (size_t k = 0; k < i; k++)
            seen |= jv_int(json_array_get(r->grants, k), "office_id") == jv_int(g, "office_id");
        json_t *card = seen ? NULL : todo_office(r, g, &failed);
        if (failed) break;
        if (card) json_array_append_new(cards, card);
    }
    json_object_set_new(vm, "todo", cards);
    return failed ? -1 : 0;
}

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
    if (todo(r, vm) != 0) { json_decref(vm); page_db_down(r); return; }
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
