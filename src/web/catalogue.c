/* catalogue: staff manage an office's services. Every save is a new
 * version (store_service) with an audit row; the history page shows who
 * changed what and restores an older version as a new one, so nothing is
 * ever lost. A dinas (the regency's Diskominfo) keeps the template
 * catalogue: its active services are offered to every kelurahan and
 * kecamatan of its region, which copy and adapt them. */
#include "core/calendar.h"
#include "core/role.h"
#include "core/service.h"
#include "db/store_office.h"
#include "db/store_service.h"
#include "http/fields.h"
#include "http/form.h"
#include "http/page.h"
#include "web/web.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SPARE_ROWS 3    /* empty checklist / FAQ rows a form offers */

static const char *str(json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

static void entity_key(struct req *r, const char *slug, char *out, size_t n)
{
    snprintf(out, n, "%s/%s", str(r->office, "slug"), slug);
}

/* ---- form <-> document ---------------------------------------------------- */

/* "a\nb, c" -> ["a","b","c"]; commas split only when `commas` */
static json_t *lines(const char *s, int commas)
{
    json_t *out = json_array();
    while (*s) {
        size_t n = strcspn(s, commas ? "\n," : "\n");
        size_t l = n;
        while (l && (s[l - 1] == '\r' || s[l - 1] == ' ')) l--;
        const char *b = s;
        while (l && (*b == ' ' || *b == '\t')) { b++; l--; }
        if (l) json_array_append_new(out, json_stringn(b, l));
        s += n;
        if (*s) s++;
    }
    return out;
}

static void join_lines(json_t *arr, struct buf *b)
{
    size_t i;
    json_t *v;
    buf_reset(b);
    json_array_foreach(arr, i, v) {
        if (i) buf_putc(b, '\n');
        buf_puts(b, json_string_value(v));
    }
}

/* the gate's messages (web/specs.c) to start the form's errors from */
static json_t *gate_errors(struct req *r)
{
    return r->errors ? json_copy(r->errors) : json_object();
}

/* field value checked for valid UTF-8 without control characters */
static const char *field(struct req *r, const char *name, int multiline, int *bad)
{
    const char *v = req_field(r, name);
    if (!text_clean(v, multiline)) { (*bad)++; return ""; }
    return v;
}

/* The document typed into the form; *bad counts unreadable fields. */
static json_t *doc_from_form(struct req *r, int *bad)
{
    json_t *doc = json_object();
    static const char *texts[] = {"slug", "name", "category", "cost", NULL};
    static const char *areas[] = {"summary", "note_for_citizen", "source", NULL};
    for (int i = 0; texts[i]; i++)
        json_object_set_new(doc, texts[i], json_string(field(r, texts[i], 0, bad)));
    for (int i = 0; areas[i]; i++)
        json_object_set_new(doc, areas[i], json_string(field(r, areas[i], 1, bad)));
    json_object_set_new(doc, "synonyms", lines(field(r, "synonyms", 1, bad), 1));
    json_object_set_new(doc, "steps", lines(field(r, "steps", 1, bad), 0));
    json_object_set_new(doc, "legal_basis", lines(field(r, "legal_basis", 1, bad), 0));
    json_object_set_new(doc, "request_type", json_string(field(r, "request_type", 0, bad)));
    json_object_set_new(doc, "active", json_boolean(*req_field(r, "active") != 0));
    char *end;
    const char *days = field(r, "days", 0, bad);
    long d = strtol(days, &end, 10);
    json_object_set_new(doc, "days", *days && !*end ? json_integer(d) : json_string(days));
    json_t *ck = json_array(), *faq = json_array();
    for (int i = 0; i < SERVICE_CHECKLIST_MAX + SPARE_ROWS; i++) {
        char k1[32], k2[32], k3[32];
        snprintf(k1, sizeof k1, "ck_item_%d", i);
        snprintf(k2, sizeof k2, "ck_note_%d", i);
        snprintf(k3, sizeof k3, "ck_count_%d", i);
        const char *count = field(r, k3, 0, bad);
        long c = strtol(count, &end, 10);
        json_array_append_new(ck, json_pack("{s:s, s:s, s:I}", "item", field(r, k1, 0, bad),
                                            "note", field(r, k2, 0, bad),
                                            /* empty: 0, which service_check makes 1 */
                                            "count", (json_int_t)(!*count ? 0 : !*end ? c : -1)));
    }
    for (int i = 0; i < SERVICE_FAQ_MAX + SPARE_ROWS; i++) {
        char k1[32], k2[32];
        snprintf(k1, sizeof k1, "faq_q_%d", i);
        snprintf(k2, sizeof k2, "faq_a_%d", i);
        json_array_append_new(faq, json_pack("{s:s, s:s}", "q", field(r, k1, 0, bad),
                                             "a", field(r, k2, 1, bad)));
    }
    json_object_set_new(doc, "checklist", ck);
    json_object_set_new(doc, "faq", faq);
    return doc;
}

/* The form's view of a document: text areas joined, rows with spares. */
static json_t *form_of(json_t *doc)
{
    json_t *f = json_deep_copy(doc), *v;
    struct buf b;
    buf_init(&b, 0);
    static const char *joined[] = {"synonyms", "steps", "legal_basis", NULL};
    for (int i = 0; joined[i]; i++) {
        join_lines(json_object_get(doc, joined[i]), &b);
        json_object_set_new(f, joined[i], json_string(buf_cstr(&b)));
    }
    buf_free(&b);
    json_t *ck = json_array(), *faq = json_array();
    size_t i;
    json_array_foreach(json_object_get(doc, "checklist"), i, v)
        if (*str(v, "item")) json_array_append(ck, v);
    for (int k = 0; k < SPARE_ROWS; k++)
        json_array_append_new(ck, json_pack("{s:s, s:s, s:i}", "item", "", "note", "fotokopi",
                                            "count", 1));
    json_array_foreach(ck, i, v) {
        json_t *notes = json_array();
        for (int k = 0; service_notes[k]; k++)
            json_array_append_new(notes, json_pack("{s:s, s:b}", "v", service_notes[k],
                "sel", strcmp(service_notes[k], str(v, "note")) == 0));
        json_object_set_new(v, "notes", notes);
        json_object_set_new(v, "i", json_integer((json_int_t)i));
        if (json_integer_value(json_object_get(v, "count")) < 0)
            json_object_set_new(v, "count", json_string(""));
    }
    json_array_foreach(json_object_get(doc, "faq"), i, v)
        if (*str(v, "q") || *str(v, "a")) json_array_append(faq, v);
    for (int k = 0; k < SPARE_ROWS; k++)
        json_array_append_new(faq, json_pack("{s:s, s:s}", "q", "", "a", ""));
    json_array_foreach(faq, i, v) json_object_set_new(v, "i", json_integer((json_int_t)i));
    json_object_set_new(f, "checklist", ck);
    json_object_set_new(f, "faq", faq);
    json_t *types = json_array();
    for (int k = 0; service_request_types[k]; k++)
        json_array_append_new(types, json_pack("{s:s, s:s, s:b}", "v", service_request_types[k],
            "label", service_request_type_label(service_request_types[k]),
            "sel", strcmp(service_request_types[k], str(doc, "request_type")) == 0));
    json_object_set_new(f, "request_types", types);
    return f;
}

/* categories already used in the office, for the form's suggestions */
static json_t *categories(struct req *r)
{
    json_t *all = service_list(r->db, web_office_id(r), 1), *out = json_array(), *s;
    size_t i;
    const char *last = "";
    json_array_foreach(all, i, s)
        if (strcmp(last, str(s, "category")) != 0) {
            last = str(s, "category");
            json_array_append_new(out, json_string(last));
        }
    json_decref(all);
    return out;
}

static void form_page(struct req *r, int status, json_t *vm, json_t *doc, int is_new)
{
    json_object_set_new(vm, "form", form_of(doc));
    json_object_set_new(vm, "categories", categories(r));
    json_object_set_new(vm, "is_new", json_boolean(is_new));
    json_object_set_new(vm, "has_errors",
                        json_boolean(json_object_size(json_object_get(vm, "errors")) > 0));
    page_render(r, status, "catalogue_form", vm);
}

/* ---- pages ---------------------------------------------------------------- */

void web_catalogue_list(struct req *r)
{
    json_t *vm = web_vm(r, "Katalog layanan");
    json_t *list = service_list(r->db, web_office_id(r), 1);
    if (!list) { json_decref(vm); page_error(r, 500, "Gagal membaca katalog layanan."); return; }
    size_t i;
    json_t *x;
    json_array_foreach(list, i, x) web_days_text(x);
    json_object_set_new(vm, "services", list);
    json_object_set_new(vm, "can_catalogue", json_boolean(r->perms & PERM_CATALOGUE));
    json_object_set_new(vm, "is_template", json_boolean(strcmp(str(r->office, "type"), "dinas") == 0));
    if (req_arg(r, "ok")) json_object_set_new(vm, "saved", json_true());
    page_render(r, 200, "catalogue_list", vm);
}

void web_catalogue_new_form(struct req *r)
{
    json_t *vm = web_vm(r, "Tambah layanan");
    json_t *doc = json_pack("{s:s, s:s, s:[], s:s, s:i, s:b}", "cost", "Gratis", "request_type",
                            "pendaftaran_dokumen", "checklist", "note", "", "days", 0, "active", 1);
    json_object_set_new(vm, "errors", json_object());
    form_page(r, 200, vm, doc, 1);
    json_decref(doc);
}

static int unreadable(json_t *vm, int bad)
{
    if (bad) json_object_set_new(json_object_get(vm, "errors"), "form", json_string(
        "Ada isian yang berisi karakter yang tidak bisa dibaca. Periksa lalu simpan lagi."));
    return bad;
}

/* commits the change with its audit row and goes to the list */
static void finish(struct req *r, int rc, const char *action, const char *slug, json_t *before,
                   json_t *after)
{
    char key[200], loc[300];
    struct actor a = web_actor(r);
    entity_key(r, slug, key, sizeof key);
    if (rc == 0) rc = audit_append(r->db, &a, web_office_id(r), action, "service", key, before,
                                   after, r->now);
    if (rc != 0 || db_commit(r->db) != 0) { web_db_fail(r); return; }
    snprintf(loc, sizeof loc, "/console/o/%s/layanan/%s?ok=1", str(r->office, "slug"), slug);
    resp_redirect(r, loc);
}

void web_catalogue_new(struct req *r)
{
    json_t *vm = web_vm(r, "Tambah layanan");
    int bad = 0;
    json_t *doc = doc_from_form(r, &bad), *errors = gate_errors(r);
    json_object_set_new(vm, "errors", errors);
    if (service_check(doc, errors) + unreadable(vm, bad) + json_object_size(r->errors)) { form_page(r, 422, vm, doc, 1); json_decref(doc); return; }
    struct actor a = web_actor(r);
    int64_t id;
    int rc = db_begin(r->db);
    if (rc == 0) rc = service_insert(r->db, web_office_id(r), doc, 0, &a, "Dibuat", r->now, &id);
    if (rc == DB_CONFLICT) {
        db_rollback(r->db);
        json_object_set_new(errors, "slug", json_string(
            "Alamat ini sudah dipakai layanan lain di kantor ini; pilih alamat lain."));
        form_page(r, 422, vm, doc, 1);
        json_decref(doc);
        return;
    }
    json_t *after = service_doc(doc);
    finish(r, rc, "service.create", str(doc, "slug"), NULL, after);
    json_decref(after);
    json_decref(doc);
    json_decref(vm);
}

/* The service named in the path (any state), or NULL after a 404 (or
 * 503) page. */
static json_t *path_service(struct req *r)
{
    json_t *s;
    int found = service_find(r->db, web_office_id(r), req_param(r, "service"), &s);
    if (found < 0) page_db_down(r);
    else if (!found) page_error(r, 404, "Layanan tidak ditemukan di kantor ini.");
    return s;
}

void web_catalogue_edit_form(struct req *r)
{
    json_t *s = path_service(r);
    if (!s) return;
    json_t *vm = web_vm(r, str(s, "name"));
    json_object_set_new(vm, "errors", json_object());
    json_object_set(vm, "service", s);
    if (req_arg(r, "ok")) json_object_set_new(vm, "saved", json_true());
    form_page(r, 200, vm, s, 0);
    json_decref(s);
}

/* Saves doc over service s (the version the staff member started from)
 * with a history note; renders the 409 form when someone saved first. */
static void save(struct req *r, json_t *vm, json_t *s, json_t *doc, int64_t version,
                 const char *action, const char *note)
{
    json_t *before = service_doc(s), *after = service_doc(doc);
    json_t *changed = service_changes(before, after);
    struct actor a = web_actor(r);
    int rc = db_begin(r->db);
    if (rc == 0) rc = service_update(r->db, json_integer_value(json_object_get(s, "id")), version,
                                     after, changed, &a, note, r->now);
    if (rc == 1) {
        db_rollback(r->db);
        json_object_set_new(vm, "conflict", json_string(
            "Layanan ini baru saja diubah oleh orang lain. Isian Anda belum disimpan; lihat "
            "riwayatnya, periksa isian di bawah, lalu simpan lagi."));
        /* saving again means saving over what is stored now */
        json_object_set(doc, "version", json_object_get(s, "version"));
        json_object_set(vm, "service", s);
        form_page(r, 409, vm, doc, 0);
    } else {
        finish(r, rc, action, str(s, "slug"), before, after);
        json_decref(vm);
    }
    json_decref(changed);
    json_decref(before);
    json_decref(after);
}

void web_catalogue_edit(struct req *r)
{
    json_t *s = path_service(r);
    if (!s) return;
    json_t *vm = web_vm(r, str(s, "name"));
    int bad = 0;
    json_t *doc = doc_from_form(r, &bad), *errors = gate_errors(r);
    json_object_set_new(vm, "errors", errors);
    json_object_set(doc, "slug", json_object_get(s, "slug"));    /* fixed once created */
    int64_t version = req_int(r, "version");
    json_object_set_new(doc, "version", json_integer(version));
    if (service_check(doc, errors) + unreadable(vm, bad) + json_object_size(r->errors)) {
        json_object_set(vm, "service", s);
        form_page(r, 422, vm, doc, 0);
    } else {
        save(r, vm, s, doc, version, "service.update", "");
    }
    json_decref(doc);
    json_decref(s);
}

void web_catalogue_history(struct req *r)
{
    json_t *s = path_service(r);
    if (!s) return;
    json_t *hist = service_history(r->db, json_integer_value(json_object_get(s, "id")));
    if (!hist) { json_decref(s); page_error(r, 500, "Gagal membaca riwayat layanan."); return; }
    size_t i, j;
    json_t *h, *c;
    json_array_foreach(hist, i, h) {
        char when[96];
        web_fmt_time(r, json_integer_value(json_object_get(h, "at")), when, sizeof when);
        json_object_set_new(h, "when", json_string(when));
        json_t *labels = json_array();
        json_array_foreach(json_object_get(h, "changed"), j, c)
            json_array_append_new(labels, json_string(service_field_label(json_string_value(c))));
        json_object_set_new(h, "changed_labels", labels);
        json_object_set_new(h, "current", json_boolean(json_equal(json_object_get(h, "version"),
                                                                  json_object_get(s, "version"))));
    }
    json_t *vm = web_vm(r, "Riwayat layanan");
    json_object_set_new(vm, "service", s);
    json_object_set_new(vm, "history", hist);
    page_render(r, 200, "catalogue_history", vm);
}

/* the version named in the path, or NULL after a 404 page */
static json_t *path_version(struct req *r, json_t *s, int64_t *version)
{
    *version = strtoll(req_param(r, "version"), NULL, 10);
    json_t *doc = *version > 0 ? service_version_doc(r->db, json_integer_value(json_object_get(s, "id")),
                                                      *version) : NULL;
    if (!doc) page_error(r, 404, "Versi ini tidak ada.");
    return doc;
}

void web_catalogue_version(struct req *r)
{
    json_t *s = path_service(r);
    if (!s) return;
    int64_t v;
    json_t *doc = path_version(r, s, &v);
    if (!doc) { json_decref(s); return; }
    json_t *vm = web_vm(r, "Versi layanan");
    json_t *changed = service_changes(doc, s);
    json_t *labels = json_array(), *c;
    size_t i;
    json_array_foreach(changed, i, c)
        json_array_append_new(labels, json_string(service_field_label(json_string_value(c))));
    json_decref(changed);
    json_object_set_new(doc, "n_version", json_integer(v));
    web_days_text(doc);
    json_object_set_new(vm, "old", doc);
    json_object_set_new(vm, "differs", labels);
    json_object_set_new(vm, "is_current", json_boolean(v == json_integer_value(json_object_get(s, "version"))));
    json_object_set_new(vm, "service", s);
    page_render(r, 200, "catalogue_version", vm);
}

void web_catalogue_restore(struct req *r)
{
    json_t *s = path_service(r);
    if (!s) return;
    int64_t v;
    json_t *doc = path_version(r, s, &v);
    if (!doc) { json_decref(s); return; }
    json_object_set(doc, "slug", json_object_get(s, "slug"));
    char note[64];
    snprintf(note, sizeof note, "Dipulihkan dari versi %lld", (long long)v);
    json_t *vm = web_vm(r, str(s, "name"));
    json_object_set_new(vm, "errors", json_object());
    int64_t base = req_int(r, "version");
    save(r, vm, s, doc, base, "service.restore", note);
    json_decref(doc);
    json_decref(s);
}

/* ---- templates of the regency --------------------------------------------- */

/* Offices whose active services are templates for this office: the dinas
 * offices (Diskominfo) directly under any office above it. */
static json_t *template_offices(struct req *r)
{
    struct office_node chain[OFFICE_MAX_DEPTH];
    char types[OFFICE_MAX_DEPTH][16];
    int n = office_chain(r->db, web_office_id(r), chain, types);
    json_t *out = json_array();
    for (int k = 1; k < n; k++) {
        json_t *kids = office_children(r->db, chain[k].id), *o;
        size_t i;
        json_array_foreach(kids, i, o)
            if (strcmp(str(o, "type"), "dinas") == 0 &&
                json_integer_value(json_object_get(o, "id")) != web_office_id(r))
                json_array_append(out, o);
        json_decref(kids);
    }
    return out;
}

/* A dinas's own templates: every service of its catalogue with its
 * version and how many offices copied it. NULL on a database error. */
static json_t *own_templates(struct req *r)
{
    json_t *list = service_list(r->db, web_office_id(r), 1);
    json_t *counts = list ? service_copy_counts(r->db, web_office_id(r)) : NULL;
    if (!counts) {
        json_decref(list);
        return NULL;
    }
    size_t i, k;
    json_t *s, *c;
    json_array_foreach(list, i, s) {
        json_int_t n = 0;
        json_array_foreach(counts, k, c)
            if (json_integer_value(json_object_get(c, "id")) ==
                json_integer_value(json_object_get(s, "id")))
                n = json_integer_value(json_object_get(c, "copies"));
        char t[64];
        if (n) snprintf(t, sizeof t, "%lld kantor", (long long)n);
        else snprintf(t, sizeof t, "belum ada");
        json_object_set_new(s, "copies_text", json_string(t));
    }
    json_decref(counts);
    return json_pack("{s:o}", "services", list);
}

void web_catalogue_templates(struct req *r)
{
    int dinas = strcmp(str(r->office, "type"), "dinas") == 0;
    json_t *vm = web_vm(r, dinas ? "Templat layanan yang Anda sediakan"
                                 : "Templat layanan dari kabupaten/kota");
    if (dinas) {
        /* a dinas holds the templates: its page shows them, not "none" */
        json_t *own = own_templates(r);
        if (!own) { json_decref(vm); web_db_fail(r); return; }
        json_object_set_new(vm, "own", own);
    }
    json_t *sources = template_offices(r), *o, *s;
    json_t *mine = service_list(r->db, web_office_id(r), 1);
    size_t i, j, k;
    json_array_foreach(sources, i, o) {
        json_t *list = service_list(r->db, json_integer_value(json_object_get(o, "id")), 0);
        json_array_foreach(list, j, s) {
            json_t *have = NULL, *m;
            json_array_foreach(mine, k, m)
                if (strcmp(str(m, "slug"), str(s, "slug")) == 0) have = m;
            json_object_set_new(s, "have", json_boolean(have != NULL));
            /* each row names its source: a template sees only its own row */
            json_object_set_new(s, "from_slug", json_string(str(o, "slug")));
        }
        json_object_set_new(o, "services", list ? list : json_array());
    }
    json_decref(mine);
    json_object_set_new(vm, "sources", sources);
    if (req_arg(r, "ok")) json_object_set_new(vm, "saved", json_string(req_arg(r, "ok")));
    page_render(r, 200, "catalogue_templates", vm);
}

void web_catalogue_copy(struct req *r)
{
    json_t *sources = template_offices(r), *src = NULL, *o, *s;
    size_t i;
    json_array_foreach(sources, i, o)
        if (strcmp(str(o, "slug"), req_field(r, "from")) == 0) src = o;
    if (!src) { json_decref(sources); page_error(r, 404, "Templat ini tidak tersedia untuk kantor Anda."); return; }
    const char *want = req_field(r, "service");     /* a slug, or "*" for every missing one */
    json_t *list = service_list(r->db, json_integer_value(json_object_get(src, "id")), 0);
    char note[200];
    snprintf(note, sizeof note, "Disalin dari templat %s", str(src, "name"));
    struct actor a = web_actor(r);
    int rc = list ? db_begin(r->db) : DB_ERR, copied = 0;
    json_array_foreach(list, i, s) {
        if (rc != 0) break;
        if (strcmp(want, "*") != 0 && strcmp(want, str(s, "slug")) != 0) continue;
        json_t *there = service_get(r->db, web_office_id(r), str(s, "slug"));
        int have = there != NULL;
        json_decref(there);
        if (have && strcmp(want, "*") == 0) continue;   /* copying all skips what is there */
        json_t *doc = service_doc(s);
        int64_t id;
        rc = have ? DB_CONFLICT :
             service_insert(r->db, web_office_id(r), doc, json_integer_value(json_object_get(s, "id")),
                            &a, note, r->now, &id);
        char key[200];
        entity_key(r, str(s, "slug"), key, sizeof key);
        if (rc == 0) rc = audit_append(r->db, &a, web_office_id(r), "service.copy", "service", key,
                                       NULL, doc, r->now);
        copied += rc == 0;
        json_decref(doc);
    }
    json_decref(list);
    json_decref(sources);
    if (rc == DB_CONFLICT) {
        db_rollback(r->db);
        page_error(r, 409, "Kantor Anda sudah mempunyai layanan dengan alamat yang sama. Ubah "
                   "layanan itu, atau ganti alamatnya dulu.");
        return;
    }
    if (rc != 0 || db_commit(r->db) != 0) { web_db_fail(r); return; }
    char loc[200];
    snprintf(loc, sizeof loc, "/console/o/%s/templat?ok=%d", str(r->office, "slug"), copied);
    resp_redirect(r, loc);
}
