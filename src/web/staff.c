/* staff: accounts and roles of an office's staff, duty hours, leave, and
 * the office's escalation chain.
 * Two rules keep this from becoming a way around access control:
 *  - a staff member can be changed only by someone who may manage staff in
 *    every office where that member holds a role;
 *  - a role can be granted only by someone who holds every permission the
 *    role gives, on that office, and whose own reach covers every office
 *    the role would reach from there (core/role.c, role_grantable). */
#include "core/escalation.h"
#include "core/hours.h"
#include "core/password.h"
#include "core/role.h"
#include "db/store_office.h"
#include "db/store_staff.h"
#include "db/store_token.h"
#include "http/fields.h"
#include "http/form.h"
#include "http/gate.h"
#include "http/page.h"
#include "util/jv.h"
#include "web/web.h"
#include "util/jv.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *roles_vm(struct req *r, json_t *held)
{
    json_t *a = json_array();
    for (const struct role_def *d = role_defs; d->name; d++) {
        int has = 0;
        size_t i;
        json_t *v;
        json_array_foreach(held, i, v)
            if (strcmp(json_string_value(v), d->name) == 0) has = 1;
        int grantable = gate_may_grant(r, web_office_id(r), d);
        json_array_append_new(a, json_pack("{s:s, s:s, s:b, s:b}", "name", d->name, "label",
                                           d->label, "held", has, "grantable", grantable));
    }
    return a;
}

static void label_roles(json_t *list)
{
    size_t i, j;
    json_t *s, *v;
    json_array_foreach(list, i, s) {
        json_t *labels = json_array();
        json_array_foreach(json_object_get(s, "roles"), j, v) {
            const struct role_def *d = role_find(json_string_value(v));
            json_array_append_new(labels, json_string(d ? d->label : json_string_value(v)));
        }
        json_object_set_new(s, "role_labels", labels);
    }
}

static void list_page(struct req *r, int status, json_t *vm)
{
    json_t *list = staff_of_office(r->db, web_office_id(r));
    if (list) label_roles(list);
    json_object_set_new(vm, "staff", list ? list : json_array());
    /* after a failed submit the chosen role stays chosen: falling back to
     * the first option would silently grant a different role */
    const char *chosen = json_string_value(json_object_get(json_object_get(vm, "form"), "role"));
    json_t *held = chosen ? json_pack("[s]", chosen) : NULL;
    json_object_set_new(vm, "roles", roles_vm(r, held));
    json_decref(held);
    page_render(r, status, "staff_list", vm);
}

void web_staff_list(struct req *r)
{
    json_t *vm = web_vm(r, "Staf dan peran");
    if (req_arg(r, "ok")) json_object_set_new(vm, "saved", json_true());
    list_page(r, 200, vm);
}

/* Adding a member hashes the first password: on a hasher thread. */
static void staff_add_run(struct req *r)
{
    if (!r->db) { page_db_down(r); return; }
    json_t *vm = web_vm(r, "Staf dan peran");
    int bad = form_check(r, vm);
    json_t *form = json_object_get(vm, "form"), *errors = json_object_get(vm, "errors");
    const char *username = json_string_value(json_object_get(form, "username"));
    const struct role_def *role = role_find(json_string_value(json_object_get(form, "role")));
    if (!json_object_get(errors, "role") && !role) {
        json_object_set_new(errors, "role", json_string("Pilih peran dari daftar."));
        bad++;
    } else if (role && !gate_may_grant(r, web_office_id(r), role)) {
        json_object_set_new(errors, "role", json_string("Anda tidak dapat memberikan peran ini."));
        bad++;
    }
    char msg[200];
    const char *pw = req_field(r, "password");
    if (password_policy(pw, username, msg, sizeof msg) != 0) {
        json_object_set_new(errors, "password", json_string(msg));
        bad++;
    }
    if (bad) {
        json_object_set_new(vm, "has_errors", json_true());
        list_page(r, 422, vm);
        return;
    }
    char hash[PASSWORD_HASH_MAX];
    if (password_hash(pw, hash) != 0) { json_decref(vm); web_db_fail(r); return; }
    json_object_set_new(form, "phone", json_string(req_text(r, "phone")));
    struct actor a = web_actor(r);
    int64_t id = 0;
    int rc = db_begin(r->db);
    if (rc == 0) rc = staff_insert(r->db, username,
                                   json_string_value(json_object_get(form, "full_name")),
                                   json_string_value(json_object_get(form, "phone")), hash,
                                   r->now, &id);
    if (rc == DB_CONFLICT) {
        db_rollback(r->db);
        json_object_set_new(errors, "username", json_string("Nama pengguna ini sudah dipakai."));
        json_object_set_new(vm, "has_errors", json_true());
        list_page(r, 422, vm);
        return;
    }
    if (rc == 0) rc = staff_role_add(r->db, id, web_office_id(r), role->name);
    json_t *after = json_pack("{s:O, s:O, s:s}", "full_name", json_object_get(form, "full_name"),
                              "phone", json_object_get(form, "phone"), "role", role->name);
    if (rc == 0) rc = audit_append(r->db, &a, web_office_id(r), "staff.create", "staff",
                                   username, NULL, after, r->now);
    json_decref(after);
    if (rc != 0 || db_commit(r->db) != 0) { json_decref(vm); web_db_fail(r); return; }
    json_decref(vm);
    web_hash_refund(r);
    char loc[300];
    snprintf(loc, sizeof loc, "/console/o/%s/staff?ok=1",
             json_string_value(json_object_get(r->office, "slug")));
    resp_redirect(r, loc);
}

static void staff_add_refused(struct req *r, int status)
{
    json_t *vm = web_vm(r, "Staf dan peran");
    form_check(r, vm);
    json_object_set_new(json_object_get(vm, "errors"), "password",
                        json_string(web_hash_refusal(status)));
    json_object_set_new(vm, "has_errors", json_true());
    list_page(r, status, vm);
}

void web_staff_add(struct req *r)
{
    web_hash_run(r, staff_add_run, staff_add_refused);
}

/* The staff member named in the path, if they hold a role in this office
 * and the signed-in user may manage them everywhere they hold one.
 * Otherwise writes the refusal (404, 403, or 503 when the database
 * failed) and returns NULL. */
static json_t *target(struct req *r)
{
    json_t *s, *grants = NULL;
    int found = staff_find(r->db, req_param(r, "user"), &s);
    if (found > 0 && !(grants = staff_grants(r->db, json_integer_value(json_object_get(s, "id")))))
        found = DB_ERR;
    if (found < 0) {
        json_decref(s);
        page_db_down(r);
        return NULL;
    }
    int here = 0, allowed = 1;
    size_t i;
    json_t *g;
    json_array_foreach(grants, i, g) {
        int64_t oid = json_integer_value(json_object_get(g, "office_id"));
        if (oid == web_office_id(r)) here = 1;
        else if (!(gate_perms_on(r, oid) & PERM_STAFF)) allowed = 0;
    }
    json_decref(grants);
    if (!s || !here) {
        json_decref(s);
        page_error(r, 404, "Staf ini tidak terdaftar di kantor ini.");
        return NULL;
    }
    if (!allowed) {
        json_decref(s);
        page_error(r, 403, "Staf ini juga memegang peran di kantor lain yang berada di luar "
                   "wewenang Anda. Minta admin di atasnya untuk mengubahnya.");
        return NULL;
    }
    json_object_del(s, "pw_hash");
    return s;
}

static json_t *duty_vm(json_t *s)
{
    struct week_hours w;
    const char *t = json_string_value(json_object_get(s, "duty_hours"));
    int set = t && *t && hours_from_text(t, &w) == 0;
    json_t *days = json_array();
    for (int d = 0; d < 7; d++) {
        char text[96] = "", field[4] = {'d', (char)('0' + d), 0, 0};
        if (set) hours_format_day(&w, d, text, sizeof text);
        json_array_append_new(days, json_pack("{s:s, s:s, s:s}", "name", hours_day_name(d),
                                              "field", field, "text", text));
    }
    return days;
}

static void show_page(struct req *r, int status, json_t *vm, json_t *s)
{
    json_t *held = staff_roles_in(r->db, json_integer_value(json_object_get(s, "id")),
                                  web_office_id(r));
    json_object_set_new(vm, "roles", roles_vm(r, held));
    json_decref(held);
    if (!json_object_get(vm, "days")) json_object_set_new(vm, "days", duty_vm(s));
    int absent = (int)json_integer_value(json_object_get(s, "absent_until"));
    if (absent) {
        char iso[16];
        cal_format_date(absent, iso, sizeof iso);
        json_object_set_new(s, "absent_iso", json_string(iso));
    }
    json_object_set_new(s, "is_me", json_boolean(json_integer_value(json_object_get(s, "id")) ==
                                                 json_integer_value(json_object_get(r->me, "id"))));
    json_object_set_new(vm, "person", s);
    page_render(r, status, "staff_show", vm);
}

void web_staff_show(struct req *r)
{
    json_t *s = target(r);
    if (!s) return;
    json_t *vm = web_vm(r, "Ubah staf");
    if (req_arg(r, "ok")) json_object_set_new(vm, "saved", json_true());
    show_page(r, 200, vm, s);
}

static void back_to_staff(struct req *r, const char *username)
{
    char loc[300];
    snprintf(loc, sizeof loc, "/console/o/%s/staff/%s?ok=1",
             json_string_value(json_object_get(r->office, "slug")), username);
    resp_redirect(r, loc);
}

/* One edit of a staff member's profile and roles here; freed in one place. */
struct staff_edit {
    json_t *s, *vm, *form, *errors;     /* s and vm go to show_page when refused */
    json_t *held, *new_roles;           /* roles here before and after */
    int64_t id;
    int absent, any, disable;
    struct week_hours w;
};

static void staff_edit_free(struct staff_edit *e)
{
    json_decref(e->s);
    json_decref(e->vm);
    json_decref(e->held);
    json_decref(e->new_roles);
}

/* duty hours: all empty means "follows the office hours". The number of
 * days with a mistake. */
static int staff_duty_days(struct req *r, struct staff_edit *e)
{
    int bad = 0;
    json_t *days = json_array();
    for (int d = 0; d < 7; d++) {
        char field[4] = {'d', (char)('0' + d), 0, 0}, err[200] = "";
        const char *v = req_text(r, field), *gate = jv_str(r->errors, field);
        if (*gate) {
            snprintf(err, sizeof err, "%s", gate);      /* counted by form_check */
        } else if (*v) {
            e->any = 1;
            if (hours_parse_day(v, &e->w, d, err, sizeof err) != 0) bad++;
        }
        json_array_append_new(days, json_pack("{s:s, s:s, s:s, s:s*}", "name", hours_day_name(d),
                              "field", field, "text", *gate ? "" : v,
                              "error", err[0] ? err : NULL));
    }
    json_object_set_new(e->vm, "days", days);
    return bad;
}

/* The form's mistakes, each written into vm's errors; their number. */
static int staff_edit_check(struct req *r, struct staff_edit *e)
{
    int bad = form_check(r, e->vm);     /* the gate's field errors (web/specs.c) */
    e->form = json_object_get(e->vm, "form");
    e->errors = json_object_get(e->vm, "errors");
    e->absent = req_date(r, "absent_until");
    bad += staff_duty_days(r, e);
    int is_me = e->id == json_integer_value(json_object_get(r->me, "id"));
    e->disable = req_bool(r, "disabled");
    if (e->disable && is_me) {
        json_object_set_new(e->errors, "disabled", json_string("Anda tidak dapat menonaktifkan akun Anda sendiri."));
        bad++;
    }
    return bad;
}

/* roles in this office: adds and removes those the signed-in user may
 * grant; new_roles gets the roles held afterwards. 0 or <0. */
static int staff_roles_apply(struct req *r, struct staff_edit *e)
{
    int rc = 0;
    e->new_roles = json_array();
    for (const struct role_def *d = role_defs; rc == 0 && d->name; d++) {
        char key[48];
        snprintf(key, sizeof key, "role_%s", d->name);
        int want = req_bool(r, key), has = 0;
        size_t i;
        json_t *v;
        json_array_foreach(e->held, i, v) if (strcmp(json_string_value(v), d->name) == 0) has = 1;
        int grantable = gate_may_grant(r, web_office_id(r), d);
        if (want != has && grantable)
            rc = want ? staff_role_add(r->db, e->id, web_office_id(r), d->name)
                      : staff_role_del(r->db, e->id, web_office_id(r), d->name);
        if ((grantable ? want : has)) json_array_append_new(e->new_roles, json_string(d->name));
    }
    return rc;
}

/* Saves the checked edit with its audit row, in one transaction: 0 when
 * committed, 1 when it would leave no role here (nothing written), <0. */
static int staff_edit_save(struct req *r, struct staff_edit *e)
{
    char duty[512] = "";
    if (e->any) hours_to_text(&e->w, duty, sizeof duty);
    const char *phone = req_text(r, "phone");   /* normalised by the gate */
    json_t *s = e->s;
    e->held = staff_roles_in(r->db, e->id, web_office_id(r));
    json_t *before = json_pack("{s:O, s:O, s:O, s:O, s:O, s:O}", "full_name",
        json_object_get(s, "full_name"), "phone", json_object_get(s, "phone"), "duty_hours",
        json_object_get(s, "duty_hours"), "absent_until", json_object_get(s, "absent_until"),
        "disabled", json_object_get(s, "disabled"), "roles", e->held);
    struct actor a = web_actor(r);
    int rc = db_begin(r->db);
    if (rc == 0) rc = staff_roles_apply(r, e);
    if (rc == 0 && json_array_size(e->new_roles) == 0) rc = 1;
    if (rc == 0) rc = staff_set_profile(r->db, e->id, jv_str(e->form, "full_name"), phone, duty,
                                        e->absent, r->now);
    if (rc == 0) rc = staff_set_disabled(r->db, e->id, e->disable, r->now);
    if (rc == 0 && e->disable) rc = session_delete_staff(r->db, e->id);
    if (rc == 0 && e->disable) rc = token_revoke_all(r->db, e->id);
    json_t *after = json_pack("{s:O, s:s, s:s, s:i, s:b, s:O}", "full_name",
        json_object_get(e->form, "full_name"), "phone", phone, "duty_hours", duty,
        "absent_until", e->absent, "disabled", e->disable, "roles", e->new_roles);
    if (rc == 0) rc = audit_append(r->db, &a, web_office_id(r), "staff.update", "staff",
                                   jv_str(s, "username"), before, after, r->now);
    json_decref(before);
    json_decref(after);
    if (rc == 0 && db_commit(r->db) != 0) rc = -1;
    if (rc != 0) db_rollback(r->db);
    return rc;
}

void web_staff_update(struct req *r)
{
    struct staff_edit e = {.s = target(r)};
    if (!e.s) return;
    e.id = json_integer_value(json_object_get(e.s, "id"));
    e.vm = web_vm(r, "Ubah staf");
    int rc = staff_edit_check(r, &e) ? 1 : staff_edit_save(r, &e);
    if (rc == 1 && !e.new_roles) {          /* the form's own mistakes */
        json_object_set(e.s, "full_name", json_object_get(e.form, "full_name"));
        json_object_set(e.s, "phone", json_object_get(e.form, "phone"));
    } else if (rc == 1) {
        json_object_set_new(e.errors, "roles", json_string(
            "Staf harus memegang sedikitnya satu peran di kantor ini. Untuk menghentikan "
            "aksesnya, nonaktifkan akunnya."));
    }
    if (rc == 1) {
        json_object_set_new(e.vm, "has_errors", json_true());
        show_page(r, 422, e.vm, e.s);      /* takes both */
        e.vm = e.s = NULL;
    } else if (rc == 0) {
        back_to_staff(r, jv_str(e.s, "username"));
    } else {
        web_db_fail(r);
    }
    staff_edit_free(&e);
}

/* Setting a member's password hashes it: on a hasher thread. */
static void staff_password_run(struct req *r)
{
    if (!r->db) { page_db_down(r); return; }
    json_t *s = target(r);
    if (!s) return;
    const char *username = json_string_value(json_object_get(s, "username"));
    const char *pw = req_field(r, "password");
    char msg[200];
    if (password_policy(pw, username, msg, sizeof msg) != 0) {
        json_t *vm = web_vm(r, "Ubah staf");
        json_object_set_new(vm, "errors", json_pack("{s:s}", "password", msg));
        json_object_set_new(vm, "has_errors", json_true());
        show_page(r, 422, vm, s);
        return;
    }
    char hash[PASSWORD_HASH_MAX];
    int64_t id = json_integer_value(json_object_get(s, "id"));
    struct actor a = web_actor(r);
    json_t *after = json_pack("{s:s}", "password", "diatur ulang oleh admin");
    int rc = password_hash(pw, hash) == 0 ? db_begin(r->db) : -1;
    if (rc == 0) rc = staff_set_password(r->db, id, hash, r->now);
    if (rc == 0) rc = session_delete_staff(r->db, id);
    if (rc == 0) rc = audit_append(r->db, &a, web_office_id(r), "staff.password_reset", "staff",
                                   username, NULL, after, r->now);
    json_decref(after);
    if (rc != 0 || db_commit(r->db) != 0) { json_decref(s); web_db_fail(r); return; }
    web_hash_refund(r);
    back_to_staff(r, username);
    json_decref(s);
}

static void staff_password_refused(struct req *r, int status)
{
    json_t *s = target(r);
    if (!s) return;
    json_t *vm = web_vm(r, "Ubah staf");
    json_object_set_new(vm, "errors", json_pack("{s:s}", "password", web_hash_refusal(status)));
    json_object_set_new(vm, "has_errors", json_true());
    show_page(r, status, vm, s);
}

void web_staff_password(struct req *r)
{
    web_hash_run(r, staff_password_run, staff_password_refused);
}

#define ESC_LEVELS 5

/* Who would take a new conversation right now (no wait yet), shown so the
 * office sees at a glance whether its chain covers the current hour. */
static json_t *on_duty(struct req *r, json_t *chain, json_t *staff)
{
    size_t n = json_array_size(chain), i, j;
    if (!n) return json_null();
    struct week_hours ow, duty[ESC_LEVELS];
    struct calendar c;
    int *closed;
    web_office_calendar(r, r->office, &ow, &c, &closed);
    struct esc_member m[ESC_LEVELS];
    json_t *v, *s;
    if (n > ESC_LEVELS) n = ESC_LEVELS;
    for (i = 0; i < n; i++) {
        v = json_array_get(chain, i);
        memset(&m[i], 0, sizeof m[i]);
        m[i].staff_id = json_integer_value(json_object_get(v, "staff_id"));
        m[i].wait_min = (int)json_integer_value(json_object_get(v, "wait_min"));
        json_array_foreach(staff, j, s) {
            if (json_integer_value(json_object_get(s, "id")) != m[i].staff_id) continue;
            m[i].disabled = json_is_true(json_object_get(s, "disabled"));
            m[i].absent_until = (int)json_integer_value(json_object_get(s, "absent_until"));
            const char *d = json_string_value(json_object_get(s, "duty_hours"));
            if (d && *d && hours_from_text(d, &duty[i]) == 0) m[i].duty = &duty[i];
        }
    }
    int k = escalation_pick(m, n, &c, r->now, 0);
    free(closed);
    if (k < 0) return json_string("Tidak ada staf yang bertugas saat ini (di luar jam layanan, "
                                  "cuti, atau di luar jam tugas).");
    char text[200];
    snprintf(text, sizeof text, "Saat ini percakapan baru dijawab oleh %s.",
             json_string_value(json_object_get(json_array_get(chain, (size_t)k), "full_name")));
    return json_string(text);
}

static void escalation_page(struct req *r, int status, json_t *vm)
{
    json_t *chain = escalation_get(r->db, web_office_id(r));
    json_t *staff = staff_of_office(r->db, web_office_id(r));
    json_t *levels = json_array();
    int posted = strcmp(r->method, "POST") == 0;    /* a refused form shows what was typed */
    for (int l = 1; l <= ESC_LEVELS; l++) {
        json_t *cur = NULL, *v;
        size_t i;
        json_array_foreach(chain, i, v)
            if (json_integer_value(json_object_get(v, "level")) == l) cur = v;
        char ku[24], kw[24], wait[16];
        snprintf(ku, sizeof ku, "staff%d", l);
        snprintf(kw, sizeof kw, "wait%d", l);
        const char *user = posted ? req_field(r, ku) :
                           cur ? json_string_value(json_object_get(cur, "username")) : "";
        if (posted) snprintf(wait, sizeof wait, "%.15s", text_clean(req_field(r, kw), 0) ? req_field(r, kw) : "");
        else snprintf(wait, sizeof wait, "%d",
                      cur ? (int)json_integer_value(json_object_get(cur, "wait_min")) : 15);
        json_t *opts = json_array();
        json_array_foreach(staff, i, v) {
            if (json_is_true(json_object_get(v, "disabled"))) continue;
            const char *u = json_string_value(json_object_get(v, "username"));
            json_array_append_new(opts, json_pack("{s:s, s:O, s:b}", "username", u,
                "full_name", json_object_get(v, "full_name"), "selected", strcmp(u, user) == 0));
        }
        json_array_append_new(levels, json_pack("{s:i, s:o, s:s}", "level", l, "options", opts,
                                                "wait_min", wait));
    }
    json_object_set_new(vm, "levels", levels);
    json_object_set_new(vm, "on_duty", on_duty(r, chain, staff));
    json_object_set_new(vm, "chain", chain ? chain : json_array());
    json_decref(staff);
    page_render(r, status, "escalation", vm);
}

void web_escalation_form(struct req *r)
{
    json_t *vm = web_vm(r, "Rantai eskalasi");
    if (req_arg(r, "ok")) json_object_set_new(vm, "saved", json_true());
    escalation_page(r, 200, vm);
}

void web_escalation(struct req *r)
{
    json_t *vm = web_vm(r, "Rantai eskalasi");
    json_t *staff = staff_of_office(r->db, web_office_id(r));
    struct { int64_t id; int wait; char name[48]; } lv[ESC_LEVELS];
    int n = 0;
    const char *err = form_first_error(r);
    for (int l = 1; l <= ESC_LEVELS && !err; l++) {
        char k1[24], k2[24];
        snprintf(k1, sizeof k1, "staff%d", l);
        snprintf(k2, sizeof k2, "wait%d", l);
        const char *u = req_field(r, k1);
        if (!*u) continue;
        int64_t id = 0;
        size_t i;
        json_t *v;
        json_array_foreach(staff, i, v)
            if (strcmp(json_string_value(json_object_get(v, "username")), u) == 0 &&
                !json_is_true(json_object_get(v, "disabled")))
                id = json_integer_value(json_object_get(v, "id"));
        long w = (long)req_int(r, k2);     /* the gate checked the range */
        if (!id) err = "Pilih staf dari daftar kantor ini.";
        else if (w < 1) err = "Waktu tunggu harus 1–1440 menit.";
        for (int j = 0; j < n && !err; j++)
            if (lv[j].id == id) err = "Satu staf hanya boleh muncul sekali dalam rantai.";
        if (!err) {
            lv[n].id = id;
            lv[n].wait = (int)w;
            snprintf(lv[n].name, sizeof lv[n].name, "%s", u);
            n++;
        }
    }
    json_decref(staff);
    if (err) {
        json_object_set_new(vm, "error", json_string(err));
        escalation_page(r, 422, vm);
        return;
    }
    json_t *before = json_pack("{s:o}", "chain", escalation_get(r->db, web_office_id(r)));
    json_t *after_chain = json_array();
    int rc = db_begin(r->db);
    if (rc == 0) rc = escalation_clear(r->db, web_office_id(r));
    for (int i = 0; i < n && rc == 0; i++) {
        rc = escalation_add(r->db, web_office_id(r), i + 1, lv[i].id, lv[i].wait);
        json_array_append_new(after_chain, json_pack("{s:i, s:s, s:i}", "level", i + 1,
                                                     "username", lv[i].name, "wait_min", lv[i].wait));
    }
    json_t *after = json_pack("{s:o}", "chain", after_chain);
    web_finish(r, rc, "office.escalation", before, after, "escalation");
    json_decref(before);
    json_decref(after);
    json_decref(vm);
}
