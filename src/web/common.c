/* common: helpers the handlers share; see web.h. */
#include "core/calendar.h"
#include "core/hours.h"
#include "core/role.h"
#include "core/service.h"
#include "db/office_status.h"
#include "db/store_content.h"
#include "db/store_office.h"
#include "http/fields.h"
#include "http/form.h"
#include "http/gate.h"
#include "http/page.h"
#include "web/web.h"
#include <magic.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <time.h>

struct actor web_actor(struct req *r)
{
    struct actor a = {0, "sistem"};
    if (r->me) {
        a.id = json_integer_value(json_object_get(r->me, "id"));
        a.name = json_string_value(json_object_get(r->me, "username"));
        /* through a personal access token: its label is part of the name
         * the audit log (and the request's history) keeps */
        if (r->bearer) {
            snprintf(r->actor, sizeof r->actor, "%s lewat token '%s'", a.name, r->token_label);
            a.name = r->actor;
        }
    }
    return a;
}

int64_t web_office_id(struct req *r)
{
    return r->office ? json_integer_value(json_object_get(r->office, "id")) : 0;
}

json_t *web_offices_with(struct req *r, unsigned perm)
{
    json_t *all = office_list(r->db), *out = json_array();
    if (!all) return out;
    size_t i;
    json_t *o;
    json_array_foreach(all, i, o) {
        unsigned p = gate_perms_on(r, json_integer_value(json_object_get(o, "id")));
        if ((p & perm) == perm) {
            json_object_set_new(o, "can_edit", json_boolean(p & PERM_OFFICE_EDIT));
            json_object_set_new(o, "can_staff", json_boolean(p & PERM_STAFF));
            json_object_set_new(o, "can_audit", json_boolean(p & PERM_AUDIT));
            json_object_set_new(o, "type_label",
                json_string(office_type_label(json_string_value(json_object_get(o, "type")))));
            json_array_append(out, o);
        }
    }
    json_decref(all);
    return out;
}

void web_office_calendar(struct req *r, json_t *office, struct week_hours *w,
                         struct calendar *c, int **closed)
{
    office_calendar_load(r->db, office, r->now, w, c, closed);
}

int web_office_today(struct req *r, json_t *office)
{
    int tz = cal_tz_offset(json_string_value(json_object_get(office, "tz")));
    int minute;
    return cal_local_date(&(struct calendar){.tz_offset_min = tz < 0 ? 420 : tz}, r->now, &minute);
}

json_t *web_office_status(struct req *r, json_t *office)
{
    return office_status(r->db, office, r->now);
}

json_t *web_vm(struct req *r, const char *title)
{
    json_t *vm = json_object();
    json_object_set_new(vm, "title", json_string(title));
    if (r->office) {
        json_t *o = json_deep_copy(r->office);
        json_object_set_new(o, "type_label",
            json_string(office_type_label(json_string_value(json_object_get(o, "type")))));
        static const char *phones[] = {"phone", "whatsapp"};
        for (int i = 0; i < 2; i++) {
            char shown[48], key[24];
            const char *v = json_string_value(json_object_get(o, phones[i]));
            phone_display(v ? v : "", shown, sizeof shown);
            snprintf(key, sizeof key, "%s_display", phones[i]);
            json_object_set_new(o, key, json_string(shown));
        }
        json_object_set_new(o, "can_edit", json_boolean(r->perms & PERM_OFFICE_EDIT));
        json_object_set_new(o, "can_staff", json_boolean(r->perms & PERM_STAFF));
        json_object_set_new(o, "can_audit", json_boolean(r->perms & PERM_AUDIT));
        json_object_set_new(o, "can_inbox", json_boolean(r->perms & PERM_INBOX));
        json_object_set_new(o, "can_channel", json_boolean(r->perms & PERM_CHANNEL));
        json_object_set_new(o, "can_request", json_boolean(r->perms & PERM_REQUEST));
        json_object_set_new(o, "can_verify", json_boolean(r->perms & PERM_VERIFY));
        json_object_set_new(o, "can_news_share", json_boolean(r->perms & PERM_CONTENT_PUBLISH));
        json_object_set_new(o, "can_broadcast", json_boolean(r->perms & PERM_CONTENT_PUBLISH));
        /* kelurahan and desa have nothing below them */
        int create = (r->perms & PERM_OFFICE_CREATE) &&
            office_type_fits(json_string_value(json_object_get(o, "type")), "kelurahan") +
            office_type_fits(json_string_value(json_object_get(o, "type")), "kecamatan") +
            office_type_fits(json_string_value(json_object_get(o, "type")), "dinas") > 0;
        json_object_set_new(o, "can_create", json_boolean(create));
        /* the menus are the HTML page's; a script has the can_* flags */
        if (!r->want_json)
            json_object_set_new(vm, "office_nav", web_office_nav(r,
                json_string_value(json_object_get(o, "slug")), create));
        json_object_set_new(vm, "office", o);
    }
    return vm;
}

void web_pre_csrf(struct req *r, json_t *vm)
{
    const char *c = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, PRE_COOKIE);
    char tok[65];
    if (c && strlen(c) == 64 && strspn(c, "0123456789abcdef") == 64) {
        snprintf(tok, sizeof tok, "%s", c);
    } else {
        gate_token(tok);
        char cookie[160];
        snprintf(cookie, sizeof cookie,
                 PRE_COOKIE "=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=7200%s", tok,
                 r->secure ? "; Secure" : "");
        resp_header(r, "Set-Cookie", cookie);
    }
    json_object_set_new(vm, "pre_csrf", json_string(tok));
}

void web_form_refuse(struct req *r, json_t *vm, int status, const char *tpl, const char *field,
                     const char *msg)
{
    form_check(r, vm);
    json_t *errors = json_object_get(vm, "errors");
    if (!json_is_object(errors)) json_object_set_new(vm, "errors", errors = json_object());
    if (field && msg) json_object_set_new(errors, field, json_string(msg));
    json_object_set_new(vm, "error", json_string(msg ? msg : form_first_error(r)));
    json_object_set_new(vm, "has_errors", json_true());
    page_render(r, status, tpl, vm);
}

void web_db_fail(struct req *r)
{
    db_rollback(r->db);
    /* a page that only reads must not tell staff their change was lost */
    if (strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0)
        page_error(r, 500, "Halaman tidak dapat dimuat karena gangguan basis data. "
                   "Silakan muat ulang sebentar lagi.");
    else
        page_error(r, 500, "Perubahan tidak dapat disimpan karena gangguan basis data. "
                   "Tidak ada data yang berubah; silakan coba lagi.");
}

int web_path_office(struct req *r, json_t **out)
{
    int found = office_find(r->db, req_param(r, "office"), out);
    if (found < 0) page_db_down(r);
    return found < 0 ? -1 : found;
}

int64_t web_path_id(struct req *r, const char *name)
{
    char *end;
    const char *p = req_param(r, name);
    long long id = strtoll(p, &end, 10);
    return *p && !*end && id > 0 ? id : 0;
}

json_t *web_path_content(struct req *r)
{
    int64_t id = web_path_id(r, "item");
    json_t *item = NULL;
    /* another office's item is not found either: its id says nothing */
    int found = id ? content_find(r->db, web_office_id(r), id, &item) : 0;
    if (found < 0) page_db_down(r);
    else if (found != DB_ROW) page_error(r, 404, "Konten tidak ditemukan.");
    if (found == DB_ROW) return item;
    json_decref(item);
    return NULL;
}

int web_deployment_admin(struct req *r, unsigned perm)
{
    json_t *all = office_list(r->db);
    size_t i;
    json_t *o;
    int ok = all && json_array_size(all) > 0;
    json_array_foreach(all, i, o) {
        if (!json_is_null(json_object_get(o, "parent_id"))) continue;
        if ((gate_perms_on(r, json_integer_value(json_object_get(o, "id"))) & perm) != perm)
            ok = 0;
    }
    json_decref(all);
    return ok;
}

void web_finish(struct req *r, int rc, const char *action, json_t *before, json_t *after,
                const char *page)
{
    const char *slug = json_string_value(json_object_get(r->office, "slug"));
    struct actor a = web_actor(r);
    if (rc == 0) rc = audit_append(r->db, &a, web_office_id(r), action, "office", slug, before,
                                   after, r->now);
    if (rc != 0 || db_commit(r->db) != 0) { web_db_fail(r); return; }
    char loc[300];
    snprintf(loc, sizeof loc, "/console/o/%s/%s?ok=1", slug, page);
    resp_redirect(r, loc);
}

void web_fmt_time(struct req *r, int64_t t, char *out, size_t n)
{
    int off = cal_tz_offset(json_string_value(json_object_get(r->office, "tz")));
    if (off < 0) off = 420;
    time_t local = (time_t)(t + off * 60);
    struct tm tm;
    gmtime_r(&local, &tm);
    char d[64];
    cal_format_date_id(cal_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday), d, sizeof d);
    snprintf(out, n, "%s %02d.%02d %s", d, tm.tm_hour, tm.tm_min, cal_tz_name(off));
}

const char *web_file_type(const void *data, size_t len, const char *const allowed[])
{
    /* judged by content, never by the file name or the browser's claim */
    magic_t m = magic_open(MAGIC_MIME_TYPE);
    const char *mt = m && magic_load(m, NULL) == 0 ? magic_buffer(m, data, len) : NULL;
    const char *type = NULL;
    for (size_t i = 0; mt && allowed[i]; i++)
        if (strcmp(mt, allowed[i]) == 0) type = allowed[i];
    if (m) magic_close(m);
    return type;
}

void web_days_text(json_t *service)
{
    char t[64];
    service_days_text(json_integer_value(json_object_get(service, "days")), t, sizeof t);
    json_object_set_new(service, "days_text", json_string(t));
}
