/* office: an office's console pages: overview, profile, operating hours,
 * leave days, logo and adding an office below it. Every change is one
 * transaction with its audit row. */
#include "core/calendar.h"
#include "core/hours.h"
#include "core/role.h"
#include "db/store_office.h"
#include "http/fields.h"
#include "http/gate.h"
#include "http/page.h"
#include "util/jv.h"
#include "web/specs.h"
#include "web/web.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Registration numbers start with the office code (JLT-2026-00042) and
 * must be unique across a regency, so two offices never share a code.
 * Sets the field error and returns 1 when `code` belongs to another office. */
static int code_taken(struct req *r, json_t *vm, int64_t self)
{
    json_t *errors = json_object_get(vm, "errors");
    const char *code = json_string_value(json_object_get(json_object_get(vm, "form"), "code"));
    if (!code || !*code || json_object_get(errors, "code")) return 0;
    json_t *all = office_list(r->db);
    size_t i;
    json_t *o;
    int taken = 0;
    /* office_list carries no codes; profiles are saved rarely, so reading
     * each office is cheap enough and keeps the SQL in store_office.c */
    json_array_foreach(all, i, o) {
        if (taken || json_integer_value(json_object_get(o, "id")) == self) continue;
        json_t *full = office_get(r->db, json_string_value(json_object_get(o, "slug")));
        const char *c = json_string_value(json_object_get(full, "code"));
        taken = c && strcasecmp(c, code) == 0;
        json_decref(full);
    }
    json_decref(all);
    if (taken) {
        json_object_set_new(errors, "code", json_string("Kode kantor ini sudah dipakai kantor lain."));
        json_object_set_new(vm, "has_errors", json_true());
    }
    return taken;
}

/* the editable profile of an office row, for the audit log */
static json_t *profile_of(json_t *o)
{
    json_t *p = json_object();
    for (int i = 0; i < SPEC_PROFILE_N; i++)
        json_object_set(p, spec_profile[i].name, json_object_get(o, spec_profile[i].name));
    return p;
}

/* phone numbers are stored in international digits (62...) as the gate
 * converted them, time zones by their canonical name (WIB, WITA, WIT) */
static void normalise_phones(struct req *r, json_t *form)
{
    const char *tz = json_string_value(json_object_get(form, "tz"));
    int off = tz ? cal_tz_offset(tz) : -1;
    if (off >= 0 && cal_tz_name(off)) json_object_set_new(form, "tz", json_string(cal_tz_name(off)));
    static const char *keys[] = {"phone", "whatsapp"};
    for (int i = 0; i < 2; i++) json_object_set_new(form, keys[i], json_string(req_text(r, keys[i])));
}

static json_t *hours_vm(json_t *office)
{
    struct week_hours w;
    const char *t = json_string_value(json_object_get(office, "hours"));
    if (hours_from_text(t ? t : "", &w) != 0) hours_from_text("", &w);
    json_t *days = json_array();
    for (int d = 0; d < 7; d++) {
        char text[96];
        hours_format_day(&w, d, text, sizeof text);
        json_array_append_new(days, json_pack("{s:s, s:s, s:s, s:i}", "name", hours_day_name(d),
                                              "text", text, "field",
                                              (const char *[]){"d0", "d1", "d2", "d3", "d4",
                                                               "d5", "d6"}[d], "day", d));
    }
    return days;
}

/* Today's date where the office is (WIB, WITA or WIT). */
void web_office_show(struct req *r)
{
    json_t *vm = web_vm(r, json_string_value(json_object_get(r->office, "name")));
    json_object_set_new(vm, "status", web_office_status(r, r->office));
    json_object_set_new(vm, "days", hours_vm(r->office));
    int today = web_office_today(r, r->office);
    json_t *leave = office_leave_list(r->db, web_office_id(r), today);
    json_object_set_new(vm, "leave", leave ? leave : json_array());
    /* offices directly below that this staff member may open */
    json_t *below = office_children(r->db, web_office_id(r)), *children = json_array();
    size_t i;
    json_t *o;
    json_array_foreach(below, i, o)
        if (gate_perms_on(r, json_integer_value(json_object_get(o, "id"))) & PERM_VIEW)
            json_array_append(children, o);
    json_decref(below);
    json_object_set_new(vm, "children", children);
    page_render(r, 200, "office", vm);
}

void web_office_edit_form(struct req *r)
{
    json_t *vm = web_vm(r, "Ubah profil kantor");
    json_t *form = profile_of(r->office);
    json_object_set(form, "version", json_object_get(r->office, "version"));
    json_object_set_new(vm, "form", form);
    if (req_arg(r, "ok")) json_object_set_new(vm, "saved", json_true());
    page_render(r, 200, "office_edit", vm);
}

void web_office_edit(struct req *r)
{
    json_t *vm = web_vm(r, "Ubah profil kantor");
    int bad = form_check(r, vm);
    bad += code_taken(r, vm, web_office_id(r));
    if (bad) {
        page_render(r, 422, "office_edit", vm);
        return;
    }
    json_t *form = json_object_get(vm, "form");
    normalise_phones(r, form);
    int64_t id = web_office_id(r), version = req_int(r, "version");
    json_t *before = profile_of(r->office);
    int rc = db_begin(r->db);
    if (rc == 0) rc = office_update(r->db, id, version, form, r->now);
    if (rc == 1) {
        db_rollback(r->db);
        json_decref(before);
        json_object_set_new(json_object_get(vm, "form"), "version",
                            json_object_get(r->office, "version") ?
                            json_copy(json_object_get(r->office, "version")) : json_null());
        json_object_set_new(vm, "conflict", json_string(
            "Data kantor ini baru saja diubah oleh orang lain. Isian Anda belum disimpan; "
            "periksa lalu simpan lagi."));
        page_render(r, 409, "office_edit", vm);
        return;
    }
    json_t *after = profile_of(form);
    web_finish(r, rc, "office.update", before, after, "edit");
    json_decref(before);
    json_decref(after);
    json_decref(vm);
}

void web_office_hours_form(struct req *r)
{
    json_t *vm = web_vm(r, "Jam layanan");
    json_object_set_new(vm, "days", hours_vm(r->office));
    json_object_set(vm, "version", json_object_get(r->office, "version"));
    if (req_arg(r, "ok")) json_object_set_new(vm, "saved", json_true());
    page_render(r, 200, "office_hours", vm);
}

void web_office_hours(struct req *r)
{
    json_t *vm = web_vm(r, "Jam layanan");
    struct week_hours w;
    memset(&w, 0, sizeof w);
    json_t *days = json_array();
    int bad = 0;
    for (int d = 0; d < 7; d++) {
        char field[4] = {'d', (char)('0' + d), 0, 0}, err[200] = "";
        const char *v = req_text(r, field), *gate = jv_str(r->errors, field);
        if (*gate) snprintf(err, sizeof err, "%s", gate);
        else hours_parse_day(v, &w, d, err, sizeof err);
        if (err[0]) bad++;
        json_array_append_new(days, json_pack("{s:s, s:s, s:s, s:s*}", "name", hours_day_name(d),
                              "field", field, "text", *gate ? "" : v,
                              "error", err[0] ? err : NULL));
    }
    json_object_set_new(vm, "days", days);
    json_object_set_new(vm, "version", json_string(req_field(r, "version")));
    if (json_object_get(r->errors, "version")) bad++;
    if (bad) { page_render(r, 422, "office_hours", vm); return; }
    char text[512];
    hours_to_text(&w, text, sizeof text);
    int64_t id = web_office_id(r), version = req_int(r, "version");
    int rc = db_begin(r->db);
    if (rc == 0) rc = office_set_hours(r->db, id, version, text, r->now);
    if (rc == 1) {
        db_rollback(r->db);
        json_object_set_new(vm, "conflict", json_string(
            "Jam layanan baru saja diubah oleh orang lain. Muat ulang halaman untuk melihat "
            "data terbaru."));
        page_render(r, 409, "office_hours", vm);
        return;
    }
    json_t *before = json_pack("{s:O}", "hours", json_object_get(r->office, "hours"));
    json_t *after = json_pack("{s:s}", "hours", text);
    web_finish(r, rc, "office.hours", before, after, "hours");
    json_decref(before);
    json_decref(after);
    json_decref(vm);
}

static void holidays_page(struct req *r, int status, json_t *vm)
{
    int today = web_office_today(r, r->office);
    json_t *leave = office_leave_list(r->db, web_office_id(r), today);
    size_t i;
    json_t *l;
    json_array_foreach(leave, i, l) {
        char d[64], iso[16];
        int date = (int)json_integer_value(json_object_get(l, "date"));
        cal_format_date_id(date, d, sizeof d);
        cal_format_date(date, iso, sizeof iso);
        json_object_set_new(l, "date_text", json_string(d));
        json_object_set_new(l, "date_iso", json_string(iso));
    }
    json_object_set_new(vm, "leave", leave ? leave : json_array());
    page_render(r, status, "office_holidays", vm);
}

void web_office_holidays(struct req *r)
{
    json_t *vm = web_vm(r, "Hari libur dan cuti kantor");
    if (req_arg(r, "ok")) json_object_set_new(vm, "saved", json_true());
    holidays_page(r, 200, vm);
}

void web_office_leave(struct req *r)
{
    json_t *vm = web_vm(r, "Hari libur dan cuti kantor");
    if (form_check(r, vm)) { holidays_page(r, 422, vm); return; }
    json_t *errors = json_object_get(vm, "errors");
    int date = req_date(r, "date");
    const char *name = req_text(r, "name");
    json_t *after = json_pack("{s:s, s:s}", "date", req_text(r, "date"), "name", name);
    int rc = db_begin(r->db);
    if (rc == 0) rc = office_leave_add(r->db, web_office_id(r), date, name);
    if (rc == DB_CONFLICT) {
        db_rollback(r->db);
        json_decref(after);
        json_object_set_new(errors, "date", json_string("Tanggal ini sudah tercatat sebagai hari cuti kantor."));
        holidays_page(r, 422, vm);
        return;
    }
    web_finish(r, rc, "office.leave_add", NULL, after, "holidays");
    json_decref(after);
    json_decref(vm);
}

void web_office_leave_delete(struct req *r)
{
    int date = req_date(r, "date");
    int rc = db_begin(r->db);
    if (rc == 0) rc = office_leave_del(r->db, web_office_id(r), date);
    if (rc == 1) {      /* already gone: nothing to log */
        db_rollback(r->db);
        char loc[300];
        snprintf(loc, sizeof loc, "/console/o/%s/holidays",
                 json_string_value(json_object_get(r->office, "slug")));
        resp_redirect(r, loc);
        return;
    }
    json_t *before = json_pack("{s:s}", "date", req_text(r, "date"));
    web_finish(r, rc, "office.leave_delete", before, NULL, "holidays");
    json_decref(before);
}

#define LOGO_MAX (512 * 1024)

void web_office_logo(struct req *r)
{
    const char *err = NULL, *type = NULL;
    if (!r->file.present || r->file.data.len == 0) {
        err = "Pilih berkas logo terlebih dahulu.";
    } else if (r->file.data.len > LOGO_MAX) {
        err = "Logo paling besar 512 KB.";
    } else {
        static const char *const images[] = {"image/png", "image/jpeg", NULL};
        type = web_file_type(r->file.data.p, r->file.data.len, images);
        if (!type) err = "Logo harus berupa gambar PNG atau JPEG.";
    }
    if (err) {
        json_t *vm = web_vm(r, "Ubah profil kantor");
        json_t *form = profile_of(r->office);
        json_object_set(form, "version", json_object_get(r->office, "version"));
        json_object_set_new(vm, "form", form);
        json_object_set_new(vm, "logo_error", json_string(err));
        page_render(r, 422, "office_edit", vm);
        return;
    }
    char size[32];
    snprintf(size, sizeof size, "%zu bytes", r->file.data.len);
    json_t *after = json_pack("{s:s, s:s}", "logo", type, "size", size);
    int rc = db_begin(r->db);
    if (rc == 0) rc = office_set_logo(r->db, web_office_id(r), type, r->file.data.p,
                                      r->file.data.len, r->now);
    web_finish(r, rc, "office.logo", NULL, after, "edit");
    json_decref(after);
}

static json_t *child_types(json_t *office, const char *chosen)
{
    static const char *all[] = {"provinsi", "kabupaten", "kota", "dinas", "kecamatan",
                                "kelurahan", "desa"};
    json_t *a = json_array();
    const char *parent = json_string_value(json_object_get(office, "type"));
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        if (office_type_fits(parent, all[i]))
            json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value", all[i], "label",
                                               office_type_label(all[i]), "selected",
                                               chosen && strcmp(chosen, all[i]) == 0));
    return a;
}

void web_office_new_form(struct req *r)
{
    json_t *vm = web_vm(r, "Tambah kantor");
    json_object_set_new(vm, "types", child_types(r->office, NULL));
    json_object_set_new(vm, "form", json_pack("{s:O}", "tz", json_object_get(r->office, "tz")));
    page_render(r, 200, "office_new", vm);
}

void web_office_new(struct req *r)
{
    json_t *vm = web_vm(r, "Tambah kantor");
    int bad = form_check(r, vm);
    json_object_set_new(vm, "types", child_types(r->office, json_string_value(
        json_object_get(json_object_get(vm, "form"), "type"))));
    json_t *form = json_object_get(vm, "form"), *errors = json_object_get(vm, "errors");
    const char *type = json_string_value(json_object_get(form, "type"));
    if (!json_object_get(errors, "type") &&
        !office_type_fits(json_string_value(json_object_get(r->office, "type")), type)) {
        json_object_set_new(errors, "type", json_string("Jenis kantor ini tidak dapat berada di bawah kantor ini."));
        bad++;
    }
    bad += code_taken(r, vm, 0);
    /* a taken slug is said together with any other problem (the insert's
     * UNIQUE below still catches a race) */
    const char *slug = json_string_value(json_object_get(form, "slug"));
    json_t *twin = !json_object_get(errors, "slug") && slug ? office_get(r->db, slug) : NULL;
    if (twin) {
        json_object_set_new(errors, "slug", json_string("Alamat singkat ini sudah dipakai kantor lain."));
        bad++;
        json_decref(twin);
    }
    if (bad) { page_render(r, 422, "office_new", vm); return; }
    normalise_phones(r, form);
    json_object_set(form, "parent_id", json_object_get(r->office, "id"));
    json_object_set_new(form, "hours", json_string(""));
    struct actor a = web_actor(r);
    int64_t id = 0;
    int rc = db_begin(r->db);
    if (rc == 0) rc = office_insert(r->db, form, r->now, &id);
    if (rc == DB_CONFLICT) {
        db_rollback(r->db);
        json_object_set_new(errors, "slug", json_string("Alamat singkat ini sudah dipakai kantor lain."));
        page_render(r, 422, "office_new", vm);
        return;
    }
    json_t *after = profile_of(form);
    json_object_set(after, "type", json_object_get(form, "type"));
    json_object_set(after, "parent", json_object_get(r->office, "slug"));
    if (rc == 0) rc = audit_append(r->db, &a, id, "office.create", "office",
                                   json_string_value(json_object_get(form, "slug")), NULL, after,
                                   r->now);
    json_decref(after);
    if (rc != 0 || db_commit(r->db) != 0) { json_decref(vm); web_db_fail(r); return; }
    char loc[300];
    snprintf(loc, sizeof loc, "/console/o/%s", json_string_value(json_object_get(form, "slug")));
    json_decref(vm);
    resp_redirect(r, loc);
}
