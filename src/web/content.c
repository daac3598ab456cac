/* content: the content team's console for the SIMPONI workflow of seed 004
 * (issue 16). The office's list with filters, counts per state and "tugas
 * saya" (what waits for this member); writing an item, from pengumpulan
 * bahan or straight as a draf; one item in the standard format with its
 * validation checklist, the buttons this member may press and its
 * timeline; and the two things the team posts: a workflow step (submit,
 * approve, return, reject, schedule, publish, unpublish, correct, reopen)
 * and a checklist tick. Route access is the gate's; each step's own
 * permission and the rule that the author never validates their own item
 * are core/content_flow.h's, the standard format core/content.h's, and
 * every refusal names what is missing. Items carry their version, so two
 * editors never overwrite each other unknowingly. All SQL is
 * db/store_content.c's. */
#include "core/calendar.h"
#include "core/content.h"
#include "core/content_flow.h"
#include "core/role.h"
#include "db/store_content.h"
#include "db/store_moderation.h"
#include "http/fields.h"
#include "http/page.h"
#include "jobs/worker.h"
#include "render/markdown.h"
#include "util/jv.h"
#include "web/web.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STALE_MSG "Konten ini baru saja diubah oleh anggota tim lain. Periksa keadaannya yang " \
                  "terbaru di bawah, lalu ulangi bila masih perlu."
#define LIST_MAX 500

/* The standard format's fields with the words a refusal names them by. */
static const struct { const char *key, *label; } field_labels[] = {
    {"type", "Jenis konten"}, {"title", "Judul"}, {"item_date", "Tanggal"},
    {"source", "Sumber"}, {"contact", "Kontak"}, {"summary", "Ringkasan"},
    {"action_points", "Poin tindakan"}, {"document_url", "Tautan dokumen resmi"},
    {"body", "Isi"}, {"media_id", "Visual"}, {"alt_text", "Teks alternatif visual"},
};

static const char *field_label(const char *key)
{
    for (size_t i = 0; i < sizeof field_labels / sizeof field_labels[0]; i++)
        if (!strcmp(field_labels[i].key, key)) return field_labels[i].label;
    return key;
}

/* "Sumber, Kontak, Visual": the labels of the fields named in errors, in
 * the standard format's order. */
static void missing_list(const json_t *errors, char *out, size_t n)
{
    size_t k = 0;
    out[0] = '\0';
    for (size_t i = 0; i < sizeof field_labels / sizeof field_labels[0]; i++) {
        if (!json_object_get(errors, field_labels[i].key)) continue;
        int w = snprintf(out + k, n - k, "%s%s", k ? ", " : "", field_labels[i].label);
        if (w < 0 || (size_t)w >= n - k) break;
        k += (size_t)w;
    }
}

/* The messages of the standard format's fields named in errors, in order. */
static json_t *missing_messages(const json_t *errors)
{
    json_t *out = json_array();
    for (size_t i = 0; i < sizeof field_labels / sizeof field_labels[0]; i++) {
        json_t *m = json_object_get(errors, field_labels[i].key);
        if (m && strcmp(field_labels[i].key, "type")) json_array_append(out, m);
    }
    return out;
}

static int author_of(struct req *r, const json_t *item)
{
    return jv_int(item, "author_id") == jv_int(r->me, "id");
}

static int has_visual(const json_t *item)
{
    return jv_int(item, "media_id") > 0 && *jv_str(item, "alt_text");
}

static const char *type_label(const char *type)
{
    const struct content_type *t = content_type_find(type);
    return t ? t->label : "";
}

static void redirect_item(struct req *r, int64_t id, const char *query)
{
    char loc[300];
    snprintf(loc, sizeof loc, "/console/o/%s/konten/%lld%s", jv_str(r->office, "slug"),
             (long long)id, query);
    resp_redirect(r, loc);
}

/* Labels and times every screen shows about an item. */
static void decorate(struct req *r, json_t *c)
{
    char when[96], day[64] = "";
    int d;
    json_object_set_new(c, "type_label", json_string(type_label(jv_str(c, "type"))));
    json_object_set_new(c, "state_label", json_string(content_state_label(jv_str(c, "state"))));
    if (cal_parse_date(jv_str(c, "item_date"), &d) == 0) cal_format_date_id(d, day, sizeof day);
    json_object_set_new(c, "date_text", json_string(day));
    web_fmt_time(r, jv_int(c, "updated_at"), when, sizeof when);
    json_object_set_new(c, "updated_text", json_string(when));
    static const char *const times[] = {"publish_at", "published_at"};
    for (int i = 0; i < 2; i++) {
        char key[32];
        snprintf(key, sizeof key, "%s_text", times[i]);
        when[0] = '\0';
        if (jv_int(c, times[i]) > 0) web_fmt_time(r, jv_int(c, times[i]), when, sizeof when);
        json_object_set_new(c, key, json_string(when));
    }
    json_object_set_new(c, "has_visual", json_boolean(has_visual(c)));
    web_content_late(c);
    json_object_set_new(c, "waiting", json_boolean(content_waits_for(
        jv_str(c, "state"), r->perms, author_of(r, c), has_visual(c))));
}

int web_content_waiting(struct req *r, int64_t office_id, unsigned perms, int64_t *n)
{
    struct content_filter f = {.office_id = office_id, .limit = LIST_MAX};
    json_t *list = content_list(r->db, &f);
    if (!list) return -1;
    size_t i;
    json_t *c;
    *n = 0;
    json_array_foreach(list, i, c)
        *n += content_waits_for(jv_str(c, "state"), perms, author_of(r, c), has_visual(c));
    json_decref(list);
    return 0;
}

/* ---- the list ------------------------------------------------------------ */

/* The states with how many items each has, for the filter and the tabs. */
static json_t *state_counts(struct req *r, const char *chosen)
{
    json_t *out = json_array();
    for (const struct content_state *s = content_states; s->name; s++) {
        struct content_filter f = {.office_id = web_office_id(r), .state = s->name};
        int64_t n = 0;
        if (content_count(r->db, &f, &n) != 0) { json_decref(out); return NULL; }
        json_array_append_new(out, json_pack("{s:s, s:s, s:I, s:b}", "value", s->name, "label",
                                             s->label, "count", (json_int_t)n, "selected",
                                             !strcmp(s->name, chosen)));
    }
    return out;
}

static json_t *type_options(const char *chosen)
{
    json_t *out = json_array();
    for (const struct content_type *t = content_types; t->name; t++)
        json_array_append_new(out, json_pack("{s:s, s:s, s:b}", "value", t->name, "label",
                                             t->label, "selected", !strcmp(t->name, chosen)));
    return out;
}

static const char *arg_or_empty(struct req *r, const char *name)
{
    const char *v = req_arg(r, name);
    return v && text_clean(v, 0) && strlen(v) <= 100 ? v : "";
}

void web_content_list(struct req *r)
{
    const char *state = arg_or_empty(r, "status"), *type = arg_or_empty(r, "jenis");
    const char *q = arg_or_empty(r, "q");
    int mine = !strcmp(arg_or_empty(r, "saya"), "1");
    if (!*content_state_label(state)) state = "";
    if (!content_type_find(type)) type = "";
    struct content_filter f = {.office_id = web_office_id(r), .state = state, .type = type,
                               .q = q, .limit = LIST_MAX};
    json_t *all = content_list(r->db, &f), *states = all ? state_counts(r, state) : NULL;
    if (!all || !states) { json_decref(all); web_db_fail(r); return; }
    json_t *list = json_array();
    size_t i;
    json_t *c;
    json_array_foreach(all, i, c) {
        decorate(r, c);
        if (!mine || json_is_true(json_object_get(c, "waiting"))) json_array_append(list, c);
    }
    json_decref(all);
    int64_t waiting = 0;
    if (web_content_waiting(r, web_office_id(r), r->perms, &waiting) != 0) {
        json_decref(list);
        json_decref(states);
        web_db_fail(r);
        return;
    }
    json_t *vm = web_vm(r, "Konten");
    json_object_set_new(vm, "items", list);
    json_object_set_new(vm, "states", states);
    json_object_set_new(vm, "types", type_options(type));
    json_object_set_new(vm, "waiting", json_integer(waiting));
    json_object_set_new(vm, "can_draft", json_boolean(r->perms & PERM_CONTENT_DRAFT));
    json_object_set_new(vm, "filter", json_pack("{s:s, s:s, s:s, s:b}", "status", state, "jenis",
                                                type, "q", q, "saya", mine));
    page_render(r, 200, "content_list", vm);
}

/* ---- writing an item ----------------------------------------------------- */

/* The form page; `item` (edit) or NULL (new) is stolen. */
static void form_page(struct req *r, int status, json_t *vm, json_t *item)
{
    json_t *form = json_object_get(vm, "form");
    json_object_set_new(vm, "types", type_options(jv_str(form, "type")));
    if (item) {
        decorate(r, item);
        json_object_set_new(vm, "item", item);
    }
    const char *state = item ? jv_str(item, "state") : jv_str(form, "state");
    json_object_set_new(vm, "is_bahan", json_boolean(!strcmp(state, "bahan")));
    page_render(r, status, "content_form", vm);
}

void web_content_new_form(struct req *r)
{
    json_t *vm = web_vm(r, "Tulis konten baru");
    char today[16];
    cal_format_date(web_office_today(r, r->office), today, sizeof today);
    json_object_set_new(vm, "form", json_pack("{s:s, s:s, s:s}", "state", "draf", "type",
                                              "pengumuman", "item_date", today));
    form_page(r, 200, vm, NULL);
}

/* The form's fields as the store takes them (action points one a line);
 * what is wrong goes into errors. The body's links are checked on every
 * save; with `submit` the whole standard format too (but the visual).
 * Returns the fields (caller frees). */
static json_t *form_fields(json_t *form, json_t *errors, int submit)
{
    static const char *const keys[] = {"type", "title", "item_date", "source", "contact",
                                       "summary", "document_url", "body", "alt_text"};
    json_t *f = json_object();
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        json_object_set_new(f, keys[i], json_string(jv_str(form, keys[i])));
    json_object_set_new(f, "action_points", content_points_parse(jv_str(form, "action_points")));
    if (!content_type_find(jv_str(form, "type")) && !json_object_get(errors, "type"))
        json_object_set_new(errors, "type", json_string("Pilih jenis konten dari daftar."));
    if (!json_object_get(errors, "body")) markdown_check(jv_str(form, "body"), errors, "body");
    if (submit) content_format_check(f, CONTENT_NEED_TEXT, errors);
    return f;
}

/* The refusal's headline when the form has errors. */
static void form_refused(json_t *vm, int submit)
{
    char list[400], msg[600];
    missing_list(json_object_get(vm, "errors"), list, sizeof list);
    if (submit)
        snprintf(msg, sizeof msg, "Konten belum dapat diajukan untuk validasi; lengkapi dulu: %s. "
                 "Isian Anda belum disimpan dan masih ada di formulir ini.", list);
    else
        snprintf(msg, sizeof msg, "Konten belum disimpan; periksa: %s. Isian Anda masih ada di "
                 "formulir ini.", list);
    json_object_set_new(vm, "error", json_string(msg));
    json_object_set_new(vm, "has_errors", json_true());
}

/* Moves the item `id` along `action` (from its current state), in the
 * caller's transaction. 0, 1 stale, <0. */
static int advance(struct req *r, int64_t id, const char *action)
{
    json_t *item = NULL;
    if (content_find(r->db, web_office_id(r), id, &item) != DB_ROW) return -1;
    const struct content_step *s = content_step_find(action, jv_str(item, "state"));
    struct actor a = web_actor(r);
    struct content_move m = {.action = action, .to = s ? s->to : ""};
    int rc = s ? content_move(r->db, &a, item, &m, r->now) : -1;
    json_decref(item);
    return rc;
}

void web_content_new(struct req *r)
{
    json_t *vm = web_vm(r, "Tulis konten baru");
    form_check(r, vm);
    json_t *form = json_object_get(vm, "form"), *errors = json_object_get(vm, "errors");
    int submit = req_bool(r, "submit");
    const char *state = submit || !*jv_str(form, "state") ? "draf" : jv_str(form, "state");
    json_t *fields = form_fields(form, errors, submit);
    if (json_object_size(errors)) {
        json_decref(fields);
        form_refused(vm, submit);
        form_page(r, 422, vm, NULL);
        return;
    }
    struct actor a = web_actor(r);
    int64_t id = 0;
    int rc = db_begin(r->db);
    if (rc == 0) rc = content_insert(r->db, &a, web_office_id(r), fields, state, 0, r->now, &id);
    if (rc == 0 && submit) rc = advance(r, id, "submit");
    json_decref(fields);
    json_decref(vm);
    if (rc != 0 || db_commit(r->db) != 0) { web_db_fail(r); return; }
    redirect_item(r, id, submit ? "?langkah=submit" : "?baru=1");
}

/* Only bahan and draf are written; later an item is returned first. */
static int editable_state(const json_t *item)
{
    return !strcmp(jv_str(item, "state"), "bahan") || !strcmp(jv_str(item, "state"), "draf");
}

#define LOCKED_MSG "Konten ini sudah diajukan, jadi isinya tidak dapat diubah lagi. Bila perlu " \
                   "perbaikan, minta validator mengembalikannya ke penulis."

void web_content_edit_form(struct req *r)
{
    json_t *item = web_path_content(r);
    if (!item) return;
    if (!editable_state(item)) { json_decref(item); page_error(r, 409, LOCKED_MSG); return; }
    json_t *vm = web_vm(r, "Ubah konten"), *form = json_object();
    static const char *const keys[] = {"type", "title", "item_date", "source", "contact",
                                       "summary", "document_url", "body", "alt_text"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        json_object_set_new(form, keys[i], json_string(jv_str(item, keys[i])));
    char points[2100];
    content_points_text(json_object_get(item, "action_points"), points, sizeof points);
    json_object_set_new(form, "action_points", json_string(points));
    json_object_set_new(form, "version", json_integer(jv_int(item, "version")));
    json_object_set_new(vm, "form", form);
    form_page(r, 200, vm, item);
}

/* Saves the edit (and with `submit` sends it on), in one transaction.
 * 0, 1 when stale, <0. */
static int save_edit(struct req *r, json_t *item, json_t *fields, int submit)
{
    struct actor a = web_actor(r);
    json_object_set_new(item, "version", json_integer(req_int(r, "version")));
    int64_t id = jv_int(item, "id");
    int rc = db_begin(r->db);
    if (rc == 0) rc = content_update(r->db, &a, item, fields, r->now);
    if (rc == 0 && submit && !strcmp(jv_str(item, "state"), "bahan")) rc = advance(r, id, "start");
    if (rc == 0 && submit) rc = advance(r, id, "submit");
    if (rc != 0) db_rollback(r->db);
    else if (db_commit(r->db) != 0) rc = -1;
    return rc;
}

void web_content_edit(struct req *r)
{
    json_t *item = web_path_content(r);
    if (!item) return;
    json_t *vm = web_vm(r, "Ubah konten");
    form_check(r, vm);
    json_t *form = json_object_get(vm, "form"), *errors = json_object_get(vm, "errors");
    int submit = req_bool(r, "submit");
    int64_t id = jv_int(item, "id");
    if (!editable_state(item)) {
        json_decref(vm);
        json_decref(item);
        page_error(r, 409, LOCKED_MSG);
        return;
    }
    json_t *fields = form_fields(form, errors, submit);
    if (json_object_size(errors)) {
        json_decref(fields);
        form_refused(vm, submit);
        form_page(r, 422, vm, item);
        return;
    }
    int stale_version = req_int(r, "version") != jv_int(item, "version");
    int rc = stale_version ? 1 : save_edit(r, item, fields, submit);
    json_decref(fields);
    if (rc == 1) {
        /* nothing lost: what was typed stays, with the newer version */
        json_t *now = web_path_content(r);
        json_decref(item);
        if (!now) { json_decref(vm); return; }
        json_object_set_new(form, "version", json_integer(jv_int(now, "version")));
        json_object_set_new(vm, "conflict", json_string(
            "Konten ini baru saja disimpan oleh anggota tim lain, jadi isian Anda belum disimpan. "
            "Isian Anda masih ada di bawah: buka konten di tab lain untuk melihat perubahan "
            "mereka, lalu simpan lagi bila isian Anda yang benar."));
        form_page(r, 409, vm, now);
        return;
    }
    json_decref(item);
    json_decref(vm);
    if (rc != 0) { web_db_fail(r); return; }
    redirect_item(r, id, submit ? "?langkah=submit" : "?ok=1");
}

/* ---- one item -------------------------------------------------------------- */

/* The checklist as the validators left it, with the form's draft after a
 * refused tick. */
static json_t *checklist_rows(struct req *r, const json_t *item, const json_t *form,
                              const json_t *names)
{
    json_t *rows = json_array(), *list = json_object_get(item, "checklist");
    for (const struct content_check *c = content_checks; c->name; c++) {
        json_t *e = json_object_get(list, c->name);
        int draft = !strcmp(jv_str(form, "check"), c->name);
        char when[96] = "";
        if (e) web_fmt_time(r, jv_int(e, "at"), when, sizeof when);
        json_t *row = json_pack("{s:s, s:s, s:s, s:b, s:b, s:s, s:s, s:s}", "name", c->name,
            "label", c->label, "hint", c->hint, "ticked", e != NULL,
            "ok", json_is_true(json_object_get(e, "ok")), "note", jv_str(e, "note"),
            "by_name", *jv_str(names, c->name) ? jv_str(names, c->name) : jv_str(e, "by_name"),
            "when", when);
        const char *ok = draft ? jv_str(form, "ok") : !e ? ""
                         : json_is_true(json_object_get(e, "ok")) ? "ya" : "tidak";
        json_object_set_new(row, "draft_note", json_string(draft ? jv_str(form, "note")
                                                                 : jv_str(e, "note")));
        json_object_set_new(row, "ok_yes", json_boolean(!strcmp(ok, "ya")));
        json_object_set_new(row, "ok_no", json_boolean(!strcmp(ok, "tidak")));
        json_array_append_new(rows, row);
    }
    return rows;
}

/* The buttons of the steps this member may take from the item's state. */
static json_t *step_buttons(struct req *r, const json_t *item, int *schedule)
{
    json_t *out = json_array();
    const char *state = jv_str(item, "state");
    char why[300];
    *schedule = 0;
    for (const struct content_step *s = content_steps; s->action; s++) {
        if (content_step_find(s->action, state) != s) continue;
        if (content_step_refusal(s, r->perms, author_of(r, item), why, sizeof why)) continue;
        int danger = !strcmp(s->action, "reject") || !strcmp(s->action, "unpublish");
        *schedule |= !strcmp(s->action, "schedule");
        json_array_append_new(out, json_pack("{s:s, s:s, s:b, s:b}", "action", s->action,
                                             "label", s->label, "reason", s->reason,
                                             "danger", danger));
    }
    return out;
}

/* "Judul, Ringkasan": the fields an edit changed. */
static void edit_fields(const json_t *before, const json_t *after, char *out, size_t n)
{
    size_t k = 0;
    const char *key;
    json_t *v;
    out[0] = '\0';
    json_object_foreach((json_t *)after, key, v) {
        if (json_equal(v, json_object_get(before, key)) || !strcmp(key, "channels")) continue;
        int w = snprintf(out + k, n - k, "%s%s", k ? ", " : "", field_label(key));
        if (w < 0 || (size_t)w >= n - k) break;
        k += (size_t)w;
    }
}

/* The timeline as sentences: who, what, when, and why. */
static json_t *timeline_rows(struct req *r, json_t *events)
{
    json_t *out = json_array();
    size_t i;
    json_t *e;
    json_array_foreach(events, i, e) {
        const char *action = jv_str(e, "action");
        json_t *b = json_object_get(e, "before"), *a = json_object_get(e, "after");
        char what[200], extra[300] = "", when[96], sentence[700];
        content_event_text(action, b, a, what, sizeof what);
        if (!strcmp(action, "content.schedule") && jv_int(a, "publish_at") > 0) {
            char at[96];
            web_fmt_time(r, jv_int(a, "publish_at"), at, sizeof at);
            snprintf(extra, sizeof extra, " pada %s", at);
        } else if (!strcmp(action, "content.edit")) {
            char list[250];
            edit_fields(b, a, list, sizeof list);
            if (*list) snprintf(extra, sizeof extra, " (%s)", list);
        }
        snprintf(sentence, sizeof sentence, "%s %s%s.", jv_str(e, "actor_name"), what, extra);
        web_fmt_time(r, jv_int(e, "ts"), when, sizeof when);
        const char *why = jv_str(a, "reason");
        if (!strcmp(action, "content.check")) {
            const char *key;
            json_t *v;
            json_object_foreach(a, key, v) why = jv_str(v, "note");
        }
        json_array_append_new(out, json_pack("{s:s, s:s, s:s}", "sentence", sentence, "when",
                                             when, "reason", why));
    }
    return out;
}

/* Who ticked each check last, by their full name (the timeline's). */
static json_t *check_names(const json_t *events)
{
    json_t *names = json_object();
    size_t i;
    json_t *e;
    json_array_foreach(events, i, e) {
        if (strcmp(jv_str(e, "action"), "content.check")) continue;
        const char *key;
        json_t *v;
        json_object_foreach(json_object_get(e, "after"), key, v)
            json_object_set(names, key, json_object_get(e, "actor_name"));
    }
    return names;
}

static void add_action(json_t *list, const char *label, const char *office, int64_t id,
                       const char *tail)
{
    char href[300];
    snprintf(href, sizeof href, "/console/o/%s/konten/%lld/%s", office, (long long)id, tail);
    json_array_append_new(list, json_pack("{s:s, s:s}", "label", label, "href", href));
}

/* The other pages of an item this member may open now, {label, href}
 * each: its visual (while it may change), its page on the portal, the
 * text for RT/RW groups, the pamphlet and the WhatsApp broadcast. */
static json_t *more_actions(struct req *r, const json_t *item)
{
    json_t *list = json_array();
    const char *office = jv_str(r->office, "slug"), *state = jv_str(item, "state");
    int64_t id = jv_int(item, "id");
    int live = !strcmp(state, "terbit"), planned = live || !strcmp(state, "jadwal");
    int drafting = !live && strcmp(state, "ditarik") && strcmp(state, "ditolak");
    if ((r->perms & PERM_CONTENT_DESIGN) && drafting)
        add_action(list, "Visual: unggah atau buat dari isi", office, id, "visual");
    if ((r->perms & (PERM_CONTENT_DESIGN | PERM_CONTENT_DRAFT)) &&
        !strcmp(jv_str(item, "type"), "podcast"))
        add_action(list, "Media episode: audio atau video", office, id, "episode");
    if (live) {
        char href[300];
        snprintf(href, sizeof href, "/o/%s/berita/%s", office, jv_str(item, "slug"));
        json_array_append_new(list, json_pack("{s:s, s:s}", "label", "Lihat di portal",
                                              "href", href));
        add_action(list, "Teks untuk grup WhatsApp RT/RW", office, id, "teks-grup");
    }
    if (planned) add_action(list, "Pamflet A4 dengan kode QR (PDF)", office, id, "pamflet.pdf");
    if (live && (r->perms & PERM_CONTENT_PUBLISH))
        add_action(list, "Siarkan ke pelanggan WhatsApp", office, id, "siarkan");
    return list;
}

/* What the item's page shows besides the item itself. 0 or <0. */
static int show_parts(struct req *r, json_t *item, json_t *vm)
{
    json_t *events = content_timeline(r->db, jv_int(item, "id"));
    if (!events) return -1;
    json_object_set_new(vm, "timeline", timeline_rows(r, events));
    json_t *names = check_names(events);
    json_decref(events);
    char *html = markdown_html(jv_str(item, "body"));
    json_object_set_new(vm, "body_html", tpl_safe_html(html ? html : ""));
    free(html);
    int schedule;
    json_object_set_new(vm, "steps", step_buttons(r, item, &schedule));
    json_object_set_new(vm, "can_schedule", json_boolean(schedule));
    json_object_set_new(vm, "checklist", checklist_rows(r, item, json_object_get(vm, "form"),
                                                        names));
    json_decref(names);
    json_object_set_new(vm, "can_check", json_boolean((r->perms & PERM_CONTENT_VALIDATE) &&
        !author_of(r, item) && !strcmp(jv_str(item, "state"), "validasi")));
    json_object_set_new(vm, "can_edit", json_boolean((r->perms & PERM_CONTENT_DRAFT) &&
                                                     editable_state(item)));
    json_object_set_new(vm, "own_item", json_boolean(author_of(r, item)));
    if (!json_object_get(vm, "more_actions"))
        json_object_set_new(vm, "more_actions", more_actions(r, item));
    return web_content_instagram_vm(r, item, vm);
}

/* The item's page; item and vm are stolen. vm may hold form, errors,
 * error or conflict from a refused post. */
static void show_page(struct req *r, int status, json_t *item, json_t *vm)
{
    decorate(r, item);
    if (show_parts(r, item, vm) != 0) {
        json_decref(item);
        json_decref(vm);
        web_db_fail(r);
        return;
    }
    const char *done = req_arg(r, "langkah");
    for (const struct content_step *s = content_steps; done && s->action; s++)
        if (!strcmp(s->action, done)) {
            char msg[160];
            snprintf(msg, sizeof msg, "Langkah \"%s\" tersimpan.", s->label);
            json_object_set_new(vm, "saved", json_string(msg));
            break;
        }
    if (req_arg(r, "ok")) json_object_set_new(vm, "saved", json_string("Perubahan disimpan."));
    if (req_arg(r, "baru")) json_object_set_new(vm, "saved", json_string("Konten tersimpan."));
    int64_t report = 0;     /* a hoax clarification links back to its report */
    if (mod_of_item(r->db, jv_int(item, "id"), &report) == 0 && report > 0)
        json_object_set_new(vm, "report_id", json_integer(report));
    json_object_set_new(vm, "item", item);
    page_render(r, status, "content_show", vm);
}

void web_content_show(struct req *r)
{
    json_t *item = web_path_content(r);
    if (!item) return;
    show_page(r, 200, item, web_vm(r, jv_str(item, "title")));
}

/* After a refused post: the item as it is now, with what was typed. */
static void refused(struct req *r, int status, json_t *item, json_t *vm, const char *key,
                    const char *msg)
{
    json_decref(item);
    item = web_path_content(r);
    if (!item) { json_decref(vm); return; }
    json_object_set_new(vm, key, json_string(msg));
    show_page(r, status, item, vm);
}

/* ---- a workflow step ------------------------------------------------------- */

/* Whether the step may be taken at all: 0, or the HTTP status with why not
 * in msg (stale version, no such step from this state, the wrong role). */
static int step_allowed(struct req *r, const json_t *item, const struct content_step *s,
                        char *msg, size_t n)
{
    if (req_int(r, "version") != jv_int(item, "version")) {
        snprintf(msg, n, "%s", STALE_MSG);
        return 409;
    }
    if (!s) {
        snprintf(msg, n, "Langkah ini tidak dapat dilakukan pada konten berstatus \"%s\".",
                 content_state_label(jv_str(item, "state")));
        return 409;
    }
    return content_step_refusal(s, r->perms, author_of(r, item), msg, n) ? 403 : 0;
}

/* The checks named in `msg` that are not ticked ok yet; 0 when none. */
static int checks_open(const json_t *item, char *msg, size_t n)
{
    char list[200] = "";
    size_t k = 0;
    json_t *done = json_object_get(item, "checklist");
    for (const struct content_check *c = content_checks; c->name; c++) {
        if (json_is_true(json_object_get(json_object_get(done, c->name), "ok"))) continue;
        int w = snprintf(list + k, sizeof list - k, "%s%s", k ? ", " : "", c->label);
        if (w > 0 && (size_t)w < sizeof list - k) k += (size_t)w;
    }
    if (!k) return 0;
    snprintf(msg, n, "Konten belum dapat disetujui: pemeriksaan %s belum dinyatakan sesuai.", list);
    return 1;
}

/* The standard format at `stage`: 0, or 1 with the missing fields in msg
 * and errors. */
static int format_open(const json_t *item, int stage, const char *what, json_t *errors,
                       char *msg, size_t n)
{
    json_t *found = json_object();
    content_format_check(item, stage, found);
    markdown_check(jv_str(item, "body"), found, "body");
    int bad = json_object_size(found) > 0;
    if (bad) {
        char list[400];
        missing_list(found, list, sizeof list);
        snprintf(msg, n, "Konten belum dapat %s; lengkapi dulu: %s.", what, list);
        json_object_update(errors, found);
    }
    json_decref(found);
    return bad;
}

/* The schedule's time in the office's zone, as UTC seconds; 0 with why in
 * msg when it is missing or not in the future. */
static int64_t schedule_time(struct req *r, json_t *errors, char *msg, size_t n)
{
    int date;
    if (cal_parse_date(req_text(r, "date"), &date) != 0 || !req_has(r, "time")) {
        snprintf(msg, n, "Isi tanggal dan jam terbit untuk menjadwalkan konten.");
        json_object_set_new(errors, "date", json_string(msg));
        return 0;
    }
    int off = cal_tz_offset(jv_str(r->office, "tz"));
    struct calendar cal = {.tz_offset_min = off < 0 ? 420 : off};
    int64_t at = cal_utc_of(&cal, date, (int)req_int(r, "time"));
    if (at > r->now) return at;
    char now[96];
    web_fmt_time(r, r->now, now, sizeof now);
    snprintf(msg, n, "Waktu terbit harus setelah sekarang (%s).", now);
    json_object_set_new(errors, "date", json_string(msg));
    return 0;
}

/* The business rules of step s: 0, or 422 with what is missing in msg. */
static int step_rules(struct req *r, const json_t *item, const struct content_step *s,
                      json_t *errors, int64_t *at, char *msg, size_t n)
{
    const char *reason = req_text(r, "reason");
    if (s->reason && !*reason) {
        snprintf(msg, n, "Tulis alasannya untuk langkah \"%s\"%s.", s->label,
                 !strcmp(s->action, "correct") ? "; catatan koreksi ini tampil di portal" : "");
        json_object_set_new(errors, "reason", json_string(msg));
        return 422;
    }
    const char *act = s->action;
    if (!strcmp(act, "submit") &&
        format_open(item, CONTENT_NEED_TEXT, "diajukan untuk validasi", errors, msg, n))
        return 422;
    if (!strcmp(act, "approve") && checks_open(item, msg, n)) return 422;
    if ((!strcmp(act, "schedule") || !strcmp(act, "publish")) &&
        format_open(item, CONTENT_NEED_ALL, !strcmp(act, "publish") ? "diterbitkan"
                                                                     : "dijadwalkan",
                    errors, msg, n))
        return 422;
    if (!strcmp(act, "schedule") && !(*at = schedule_time(r, errors, msg, n))) return 422;
    return 0;
}

/* Takes the step in one transaction: 0, 1 when stale, <0. */
static int step_run(struct req *r, const json_t *item, const struct content_step *s, int64_t at)
{
    struct actor a = web_actor(r);
    struct content_move m = {.action = s->action, .to = s->to, .reason = req_text(r, "reason")};
    int rc = db_begin(r->db);
    if (rc == 0) rc = !strcmp(s->action, "schedule")
                          ? content_schedule(r->db, &a, item, at, r->now)
                          : content_move(r->db, &a, item, &m, r->now);
    if (rc != 0) db_rollback(r->db);
    else if (db_commit(r->db) != 0) rc = -1;
    return rc;
}

void web_content_step(struct req *r)
{
    json_t *item = web_path_content(r);
    if (!item) return;
    json_t *vm = web_vm(r, jv_str(item, "title"));
    int bad = form_check(r, vm);
    json_t *errors = json_object_get(vm, "errors");
    const struct content_step *s = content_step_find(req_text(r, "action"),
                                                     jv_str(item, "state"));
    char msg[700];
    int64_t at = 0;
    int status = step_allowed(r, item, s, msg, sizeof msg);
    if (!status && bad) {
        snprintf(msg, sizeof msg, "%s", form_first_error(r));
        status = 422;
    }
    if (!status) status = step_rules(r, item, s, errors, &at, msg, sizeof msg);
    if (status) {
        json_object_set_new(vm, "has_errors", json_true());
        json_object_set_new(vm, "missing", missing_messages(errors));
        refused(r, status, item, vm, status == 409 ? "conflict" : "error", msg);
        return;
    }
    int rc = step_run(r, item, s, at);
    int64_t id = jv_int(item, "id");
    if (rc == 1) { refused(r, 409, item, vm, "conflict", STALE_MSG); return; }
    json_decref(item);
    json_decref(vm);
    if (rc != 0) { web_db_fail(r); return; }
    if (!strcmp(s->action, "schedule")) workers_wake();
    char q[40];
    snprintf(q, sizeof q, "?langkah=%s", s->action);
    redirect_item(r, id, q);
}

/* ---- a checklist tick ------------------------------------------------------- */

static int check_known(const char *name)
{
    for (const struct content_check *c = content_checks; c->name; c++)
        if (!strcmp(c->name, name)) return 1;
    return 0;
}

/* 0, or the HTTP status with why the tick is refused in msg. */
static int check_allowed(struct req *r, const json_t *item, int bad, json_t *errors, char *msg,
                         size_t n)
{
    const char *note = req_text(r, "note");
    int status = 0;
    if (req_int(r, "version") != jv_int(item, "version"))
        status = 409, snprintf(msg, n, "%s", STALE_MSG);
    else if (strcmp(jv_str(item, "state"), "validasi"))
        status = 409, snprintf(msg, n, "Pemeriksaan hanya dapat diisi selama konten menunggu "
                               "validasi.");
    else if (author_of(r, item))
        status = 403, snprintf(msg, n, "Penulis konten tidak dapat memeriksa kontennya sendiri; "
                               "pemeriksaan dilakukan oleh editor atau pengawas kebijakan lain.");
    else if (bad)
        status = 422, snprintf(msg, n, "%s", form_first_error(r));
    else if (!check_known(req_text(r, "check")))
        status = 422, snprintf(msg, n, "Pemeriksaan ini tidak ada dalam daftar.");
    else if (!strcmp(req_text(r, "ok"), "tidak") && !*note) {
        status = 422;
        snprintf(msg, n, "Tulis catatan: apa yang belum sesuai dan perlu diperbaiki penulis.");
        json_object_set_new(errors, "note", json_string(msg));
    }
    return status;
}

void web_content_check(struct req *r)
{
    json_t *item = web_path_content(r);
    if (!item) return;
    json_t *vm = web_vm(r, jv_str(item, "title"));
    int bad = form_check(r, vm);
    char msg[400];
    int status = check_allowed(r, item, bad, json_object_get(vm, "errors"), msg, sizeof msg);
    if (status) {
        refused(r, status, item, vm, status == 409 ? "conflict" : "check_error", msg);
        return;
    }
    json_decref(vm);
    struct actor a = web_actor(r);
    int rc = db_begin(r->db);
    if (rc == 0) rc = content_check_set(r->db, &a, item, req_text(r, "check"),
                                        !strcmp(req_text(r, "ok"), "ya"), req_text(r, "note"),
                                        r->now);
    int64_t id = jv_int(item, "id");
    json_decref(item);
    if (rc != 0 || db_commit(r->db) != 0) { web_db_fail(r); return; }
    redirect_item(r, id, "?ok=1");
}
