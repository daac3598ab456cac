/* requests: citizens' requests in the staff console (the WA-NTI workflow):
 * the office's list with filters, registering a walk-in citizen or one from
 * a conversation, one request with its checklist verdicts and timeline, and
 * the two changes staff make: a status change (which tells the citizen, and
 * is refused for selesai/diambil while a document is not judged done) and
 * petugas_verifikasi's verdict on a checklist item. Both carry the request's
 * version, so two officers never overwrite each other unknowingly. The rules
 * are core/request.h, the SQL of requests db/store_request.c; the list's
 * filtered query and two small lookups live here like inbox.c's. */
#include "bot/bot.h"
#include "channels/notify.h"
#include "db/store_pickup.h"
#include "core/calendar.h"
#include "core/request.h"
#include "core/reqtype.h"
#include "core/role.h"
#include "db/store_inbox.h"
#include "db/store_request.h"
#include "db/store_service.h"
#include "http/fields.h"
#include "jobs/worker.h"
#include "live/live.h"
#include "http/page.h"
#include "web/web.h"
#include "util/jv.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *source_label(const char *s)
{
    if (strcmp(s, "whatsapp") == 0) return "WhatsApp";
    if (strcmp(s, "telegram") == 0) return "Telegram";
    if (strcmp(s, "web") == 0) return "Portal";
    return "Loket";
}

/* Adds what every screen shows about a request: labels, the ETA in
 * Indonesian and whether it is overdue (only while the office is the one
 * working on it; kurang_lengkap waits on the citizen). */
static void decorate(struct req *r, json_t *q, int today)
{
    const char *st = jv_str(q, "status");
    int eta = (int)json_integer_value(json_object_get(q, "eta_date"));
    char d[64] = "", when[96];
    if (eta) cal_format_date_id(eta, d, sizeof d);
    json_object_set_new(q, "eta_text", json_string(d));
    json_object_set_new(q, "overdue", json_boolean(req_status_running(st) && eta > 0 && eta < today));
    const char *type = jv_str(q, "request_type");
    json_object_set_new(q, "status_label", json_string(reqtype_status_label(type, st)));
    json_object_set_new(q, "next_step", json_string(reqtype_next_step(type, st)));
    json_object_set_new(q, "type_label", json_string(reqtype_label(type)));
    json_object_set_new(q, "type_noun", json_string(reqtype_noun(type)));
    json_object_set_new(q, "documents", json_boolean(reqtype_has_documents(type)));
    json_object_set_new(q, "source_label", json_string(source_label(jv_str(q, "source"))));
    web_fmt_time(r, json_integer_value(json_object_get(q, "created_at")), when, sizeof when);
    json_object_set_new(q, "created_text", json_string(when));
}

static void redirect_to(struct req *r, int64_t id, const char *query)
{
    char loc[300];
    snprintf(loc, sizeof loc, "/console/o/%s/permohonan/%lld%s", jv_str(r->office, "slug"),
             (long long)id, query);
    resp_redirect(r, loc);
}

/* ---- the list ------------------------------------------------------------- */

/* "%text%" for LIKE, lower-cased, with LIKE's own characters escaped */
static void like_pattern(const char *q, char *out, size_t n)
{
    size_t k = 0;
    out[k++] = '%';
    for (const char *p = q; *p && k + 3 < n; p++) {
        if (*p == '%' || *p == '_' || *p == '\\') out[k++] = '\\';
        out[k++] = (char)tolower((unsigned char)*p);
    }
    out[k++] = '%';
    out[k] = '\0';
}

/* Whether a document request has anything to collect (its service's
 * type: informasi has not): nothing_to_collect, and then "Selesai" as its
 * label at selesai. 0, or -1 on a database error. */
static int mark_collect(struct req *r, json_t *q)
{
    int collect = reqtype_has_documents(jv_str(q, "request_type")) ? request_collects(r->db, q) : 1;
    if (collect < 0) return -1;
    json_object_set_new(q, "nothing_to_collect", json_boolean(!collect));
    if (!collect && strcmp(jv_str(q, "status"), "selesai") == 0) {
        json_object_set_new(q, "status_label", json_string(req_pickup_label(PICKUP_NOTHING)));
        json_object_set_new(q, "next_step", json_string(req_pickup_step(PICKUP_NOTHING)));
    }
    return 0;
}

void web_request_list(struct req *r)
{
    const char *status = req_arg(r, "status"), *q = req_arg(r, "q"), *type = req_arg(r, "jenis");
    if (!type || !reqtype_valid(type)) type = "";
    int overdue = req_arg(r, "terlambat") && strcmp(req_arg(r, "terlambat"), "1") == 0;
    int mine = req_arg(r, "saya") && strcmp(req_arg(r, "saya"), "1") == 0;
    if (!status || !req_status_valid(status)) status = "";
    if (!q || !text_clean(q, 0) || strlen(q) > 100) q = "";
    while (*q == ' ') q++;
    char number[REQ_NUMBER_MAX] = "", pattern[256];
    /* "jlt 2026 42" finds JLT-2026-00042; anything else searches names */
    if (!req_number_find(q, number, sizeof number)) number[0] = '\0';
    like_pattern(q, pattern, sizeof pattern);
    int today = request_today(r->office, r->now);
    int64_t me = web_actor(r).id;
    struct request_filter f = {.status = status, .type = type, .overdue = overdue,
                               .today = today, .q = q, .number = number, .pattern = pattern,
                               .mine = mine, .me = me};
    json_t *list = request_list(r->db, web_office_id(r), &f);
    if (!list) { web_db_fail(r); return; }
    size_t i;
    json_t *x;
    int late = 0;
    json_array_foreach(list, i, x) {
        decorate(r, x, today);
        late += json_is_true(json_object_get(x, "overdue"));
        /* a finished informasi request is "Selesai", not "siap diambil" */
        if (strcmp(jv_str(x, "status"), "selesai") == 0 && mark_collect(r, x) != 0) {
            json_decref(list);
            web_db_fail(r);
            return;
        }
    }
    json_t *statuses = json_array();
    char all[] = REQ_STATUSES;
    for (char *save = NULL, *s = strtok_r(all, " ", &save); s; s = strtok_r(NULL, " ", &save))
        json_array_append_new(statuses, json_pack("{s:s, s:s, s:b}", "value", s, "label",
                                                  req_status_label(s), "selected",
                                                  strcmp(s, status) == 0));
    json_t *vm = web_vm(r, "Permohonan");
    json_object_set_new(vm, "requests", list);
    json_object_set_new(vm, "late", json_integer(late));
    json_object_set_new(vm, "statuses", statuses);
    json_t *types = json_array();
    char tall[] = REQ_TYPES;
    for (char *save = NULL, *t = strtok_r(tall, " ", &save); t; t = strtok_r(NULL, " ", &save))
        json_array_append_new(types, json_pack("{s:s, s:s, s:b}", "value", t, "label",
                                               reqtype_label(t), "selected", strcmp(t, type) == 0));
    json_object_set_new(vm, "types", types);
    json_object_set_new(vm, "filter", json_pack("{s:s, s:s, s:s, s:b, s:b}", "status", status,
                                                "jenis", type, "q", q, "terlambat", overdue,
                                                "saya", mine));
    page_render(r, 200, "request_list", vm);
}

/* ---- registering a request ---------------------------------------------- */

/* A conversation of THIS office (id contact_id channel name address ...),
 * NULL if the id names none: a form cannot attach another office's citizen. */
static json_t *office_conversation(struct req *r, const char *id_text)
{
    char *end;
    long long id = strtoll(id_text, &end, 10);
    json_t *c = NULL;
    if (*id_text && !*end && id > 0) inbox_conversation_find(r->db, web_office_id(r), id, &c);
    return c;
}

static void new_page(struct req *r, int status, json_t *vm)
{
    json_t *form = json_object_get(vm, "form");
    const char *chosen = jv_str(form, "service");
    json_t *services = service_list(r->db, web_office_id(r), 0), *opts = json_array();
    size_t i;
    json_t *s;
    json_array_foreach(services, i, s) {
        web_days_text(s);
        json_array_append_new(opts, json_pack("{s:s, s:s, s:O, s:b}", "slug", jv_str(s, "slug"),
            "name", jv_str(s, "name"), "days_text", json_object_get(s, "days_text"),
            "selected", strcmp(jv_str(s, "slug"), chosen) == 0));
    }
    json_decref(services);
    json_object_set_new(vm, "services", opts);
    /* the type and, for a complaint, its category */
    const char *type = jv_str(form, "jenis"), *cat = jv_str(form, "category");
    json_t *types = json_array(), *cats = json_array();
    char tall[] = REQ_TYPES;
    for (char *save = NULL, *t = strtok_r(tall, " ", &save); t; t = strtok_r(NULL, " ", &save))
        json_array_append_new(types, json_pack("{s:s, s:s, s:b}", "value", t, "label",
                                               reqtype_label(t), "selected", strcmp(t, type) == 0));
    for (size_t k = 0; complaint_categories[k].code; k++)
        json_array_append_new(cats, json_pack("{s:s, s:s, s:b}", "value",
            complaint_categories[k].code, "label", complaint_categories[k].label, "selected",
            strcmp(complaint_categories[k].code, cat) == 0));
    json_object_set_new(vm, "types", types);
    json_object_set_new(vm, "categories", cats);
    json_t *c = office_conversation(r, jv_str(form, "conversation"));
    if (c) {
        json_object_set_new(c, "channel_label", json_string(source_label(jv_str(c, "channel"))));
        /* a portal visitor's address is a token's hash: never shown */
        if (strcmp(jv_str(c, "channel"), "web") == 0) json_object_del(c, "address");
        if (!*jv_str(c, "name") && strcmp(jv_str(c, "channel"), "web") == 0)
            json_object_set_new(c, "name", json_string("Pengunjung portal"));
        json_object_set_new(vm, "conversation", c);
    }
    page_render(r, status, "request_form", vm);
}

void web_request_new_form(struct req *r)
{
    json_t *vm = web_vm(r, "Daftarkan permohonan");
    const char *conv = req_arg(r, "conversation");
    json_t *form = json_object();
    json_object_set_new(form, "conversation", json_string(conv && text_clean(conv, 0) ? conv : ""));
    /* a citizen from a chat: start from the name they gave */
    json_t *c = conv ? office_conversation(r, conv) : NULL;
    if (c) json_object_set(form, "name", json_object_get(c, "name"));
    json_decref(c);
    json_object_set_new(vm, "form", form);
    new_page(r, 200, vm);
}

/* The type chosen on the form ("" keeps the old meaning: a service makes a
 * document request, none a consultation) and what a complaint needs: its
 * category and what happened. Returns the number of bad fields. */
static int check_type(json_t *form, json_t *errors)
{
    const char *type = jv_str(form, "jenis");
    int bad = 0;
    if (*type && !reqtype_valid(type)) {
        json_object_set_new(errors, "jenis", json_string("Pilih jenis dari daftar."));
        return 1;
    }
    if (strcmp(type, REQ_TYPE_DOCUMENT) == 0 && !*jv_str(form, "service") &&
        !json_object_get(errors, "service")) {
        json_object_set_new(errors, "service", json_string(
            "Pilih layanan untuk permohonan dokumen."));
        bad++;
    }
    if (strcmp(type, REQ_TYPE_COMPLAINT) != 0) return bad;
    if (!*complaint_category_label(jv_str(form, "category"))) {
        json_object_set_new(errors, "category", json_string("Pilih jenis pengaduan."));
        bad++;
    }
    size_t len = 0;
    for (const char *p = jv_str(form, "details"); *p; p++) len += ((unsigned char)*p & 0xC0) != 0x80;
    if (!json_object_get(errors, "details") && (len < 10 || len > 1000)) {
        json_object_set_new(errors, "details", json_string(
            "Tuliskan kejadiannya, 10 sampai 1000 huruf."));
        bad++;
    }
    static const char *const said[] = {"details", "place"};
    for (size_t i = 0; i < 2; i++)
        if (!json_object_get(errors, said[i]) && bot_has_id_number(jv_str(form, said[i]))) {
            json_object_set_new(errors, said[i], json_string(
                "Jangan menulis NIK di sini; pengaduan tidak memerlukan NIK."));
            bad++;
        }
    return bad;
}

void web_request_new(struct req *r)
{
    json_t *vm = web_vm(r, "Daftarkan permohonan");
    int bad = form_check(r, vm);
    json_t *form = json_object_get(vm, "form"), *errors = json_object_get(vm, "errors");
    /* a NIK never belongs in a request: identity is checked on the
     * original documents, and these fields show up in chats and exports */
    static const char *const personal[] = {"name", "address", "phone"};
    for (size_t i = 0; i < 3; i++)
        if (bot_has_id_number(jv_str(form, personal[i]))) {
            if (!json_object_get(errors, personal[i])) bad++;
            json_object_set_new(errors, personal[i], json_string(
                "Jangan menulis NIK di sini. Cukup nama dan alamat atau RT/RW; NIK diperiksa "
                "langsung dari dokumen asli."));
        }
    bad += check_type(form, errors);
    const char *type = jv_str(form, "jenis");
    json_t *service = NULL, *conv = NULL;
    if (*jv_str(form, "service") && !json_object_get(errors, "service") &&
        strcmp(type, REQ_TYPE_COMPLAINT) != 0 && strcmp(type, REQ_TYPE_CONSULT) != 0) {
        service = service_get(r->db, web_office_id(r), jv_str(form, "service"));
        if (!service || !json_is_true(json_object_get(service, "active"))) {
            json_object_set_new(errors, "service", json_string(
                "Layanan ini tidak ada atau sedang tidak aktif. Pilih layanan dari daftar."));
            bad++;
        }
    }
    if (*jv_str(form, "conversation") && !json_object_get(errors, "conversation")) {
        conv = office_conversation(r, jv_str(form, "conversation"));
        if (!conv) {
            json_object_set_new(errors, "conversation", json_string(
                "Percakapan ini tidak ditemukan di kantor ini."));
            bad++;
        }
    }
    if (bad) {
        json_object_set_new(vm, "has_errors", json_true());
        json_decref(service);
        json_decref(conv);
        new_page(r, 422, vm);
        return;
    }
    struct actor a = web_actor(r);
    int complaint = strcmp(type, REQ_TYPE_COMPLAINT) == 0;
    char sname[128];
    snprintf(sname, sizeof sname, "Pengaduan: %s", complaint_category_label(jv_str(form, "category")));
    struct req_new n = {
        .type = type,
        .service_name = complaint ? sname : NULL,
        .category = complaint ? jv_str(form, "category") : "",
        .details = complaint ? jv_str(form, "details") : "",
        .place = complaint ? jv_str(form, "place") : "",
        .office = r->office,
        .service = service,
        .contact_id = conv ? json_integer_value(json_object_get(conv, "contact_id")) : 0,
        .conversation_id = conv ? json_integer_value(json_object_get(conv, "id")) : 0,
        .source = conv ? jv_str(conv, "channel") : "loket",
        .name = jv_str(form, "name"),
        .address = jv_str(form, "address"),
        .phone = jv_str(form, "phone"),
    };
    char number[REQ_NUMBER_MAX];
    int rc = db_begin(r->db);
    int64_t id = rc == 0 ? request_create(r->db, &n, &a, r->now, number) : -1;
    /* the officer who registers a walk-in is the one handling it */
    if (id > 0) rc = request_assign(r->db, id, a.id, 0);
    json_decref(service);
    json_decref(conv);
    json_decref(vm);
    if (id <= 0 || rc != 0 || db_commit(r->db) != 0) { web_db_fail(r); return; }
    redirect_to(r, id, "?baru=1");
}

/* ---- one request ---------------------------------------------------------- */

/* the request named in the path, if it belongs to this office */
static json_t *path_request(struct req *r)
{
    int64_t id = web_path_id(r, "request");
    json_t *q = NULL;
    int found = id ? request_find(r->db, web_office_id(r), id, &q) : 0;
    if (found < 0) page_db_down(r);
    else if (!found) page_error(r, 404, "Permohonan tidak ditemukan.");
    return q;
}

static const char *note_needed(const char *to)
{
    if (strcmp(to, "ditolak") == 0)
        return "Tulis alasan penolakan; alasan ini dikirimkan kepada warga.";
    if (strcmp(to, "kurang_lengkap") == 0)
        return "Tulis berkas apa yang kurang; catatan ini dikirimkan kepada warga.";
    return NULL;
}

/* What a complaint adds to its page: the category, what happened, where
 * (a map link for a shared location). */
static void complaint_view(json_t *q)
{
    /* a consultation asked for in the chat keeps the citizen's words */
    if (strcmp(jv_str(q, "request_type"), REQ_TYPE_CONSULT) == 0 && *jv_str(q, "details"))
        json_object_set(q, "consult_details", json_object_get(q, "details"));
    if (strcmp(jv_str(q, "request_type"), REQ_TYPE_COMPLAINT) != 0) return;
    json_object_set_new(q, "complaint", json_true());
    json_object_set_new(q, "category_label",
                        json_string(complaint_category_label(jv_str(q, "category"))));
    double lat, lon;
    char map[160];
    if (sscanf(jv_str(q, "geo"), "%lf,%lf", &lat, &lon) == 2) {
        snprintf(map, sizeof map, "https://www.openstreetmap.org/?mlat=%.6f&mlon=%.6f#map=18/"
                 "%.6f/%.6f", lat, lon, lat, lon);
        json_object_set_new(q, "map_url", json_string(map));
    }
}

/* The files the citizen sent for the request (its own upload link and its
 * conversation), each a download link for staff. 0, or <0. */
static int files_view(struct req *r, json_t *q, json_t *vm)
{
    /* a complaint's own files only: its conversation may carry others */
    int complaint = strcmp(jv_str(q, "request_type"), REQ_TYPE_COMPLAINT) == 0;
    json_t *files = request_files(r->db, json_integer_value(json_object_get(q, "id")),
                                  complaint ? 0 : jv_int(q, "conversation_id"));
    if (!files) return -1;
    size_t i;
    json_t *f;
    json_array_foreach(files, i, f) {
        const char *mime = jv_str(f, "mime");
        json_object_set_new(f, "kind", json_string(strcmp(mime, "application/pdf") == 0 ? "PDF"
                                                   : strncmp(mime, "image/", 6) == 0 ? "foto"
                                                   : "berkas"));
        json_object_set_new(f, "kb", json_integer((json_integer_value(json_object_get(f, "size")) + 1023) / 1024));
    }
    json_object_set_new(vm, "files", files);
    return 0;
}

/* What the request page is drawn from; freed in one place. */
struct show {
    json_t *q, *vm, *events, *items, *checklist, *next;
};

static void show_free(struct show *s)
{
    json_t *all[] = {s->q, s->vm, s->events, s->items, s->checklist, s->next};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) json_decref(all[i]);
}

/* A status's label on the request page: a document request for a service
 * with nothing to collect (informasi) is done at selesai, never "siap
 * diambil" (the words of its pickup stage, req_pickup_label). */
static const char *page_status_label(const json_t *q, const char *status)
{
    if (json_is_true(json_object_get(q, "nothing_to_collect")) && strcmp(status, "selesai") == 0)
        return req_pickup_label(PICKUP_NOTHING);
    return reqtype_status_label(jv_str(q, "request_type"), status);
}

static void show_events(struct req *r, struct show *s)
{
    size_t i;
    json_t *e;
    json_array_foreach(s->events, i, e) {
        char when[96];
        web_fmt_time(r, json_integer_value(json_object_get(e, "at")), when, sizeof when);
        json_object_set_new(e, "when", json_string(when));
        json_object_set_new(e, "status_label", json_string(
            page_status_label(s->q, jv_str(e, "status"))));
        json_object_set_new(e, "notified", json_boolean(json_integer_value(json_object_get(e, "message_id")) > 0));
    }
}

/* Checklist item i as the verifier sees it: its verdict (from items), and
 * the form's draft when a refused form was about this item. */
static json_t *checklist_row(struct req *r, json_t *c, size_t i, json_t *items, json_t *form,
                             int draft)
{
    json_t *row = json_pack("{s:i, s:s, s:s, s:I}", "index", (int)i, "item", jv_str(c, "item"),
                            "note", jv_str(c, "note"),
                            "count", json_integer_value(json_object_get(c, "count")));
    size_t k;
    json_t *v;
    json_array_foreach(items, k, v) {
        if (json_integer_value(json_object_get(v, "item")) != (json_int_t)i) continue;
        char when[96];
        web_fmt_time(r, json_integer_value(json_object_get(v, "at")), when, sizeof when);
        const char *verdict = jv_str(v, "verdict");
        json_object_set_new(row, "verdict", json_string(verdict));
        json_object_set_new(row, "verdict_label", json_string(req_verdict_label(verdict)));
        json_object_set_new(row, "verdict_ok", json_boolean(req_verdict_done(verdict)));
        json_object_set(row, "verdict_note", json_object_get(v, "note"));
        json_object_set(row, "verdict_by", json_object_get(v, "staff"));
        json_object_set_new(row, "verdict_when", json_string(when));
    }
    /* what the verifier typed stays in its form after a refusal */
    const char *chosen = draft == (int)i ? jv_str(form, "verdict") : jv_str(row, "verdict");
    json_object_set_new(row, "draft_note", json_string(draft == (int)i ? jv_str(form, "item_note")
                                                                       : jv_str(row, "verdict_note")));
    /* the control starts at "Belum diperiksa" (value ""), never at a
     * verdict nobody gave */
    static const char *const verdicts[] = {"ok", "kurang", "salah", "tidak_perlu"};
    json_t *opts = json_array();
    json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "value", "", "label",
                                          "Belum diperiksa", "selected", !*chosen));
    for (int k2 = 0; k2 < 4; k2++)
        json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "value", verdicts[k2],
            "label", req_verdict_label(verdicts[k2]), "selected",
            strcmp(chosen, verdicts[k2]) == 0));
    json_object_set_new(row, "verdicts", opts);
    return row;
}

/* the checklist as it was when the request came, with each verdict */
static void show_checklist(struct req *r, struct show *s)
{
    json_t *form = json_object_get(s->vm, "form");
    int draft = json_object_get(form, "item") ? (int)strtol(jv_str(form, "item"), NULL, 10) : -1;
    size_t i;
    json_t *c;
    s->checklist = json_array();
    json_array_foreach(json_object_get(s->q, "checklist"), i, c)
        json_array_append_new(s->checklist, checklist_row(r, c, i, s->items, form, draft));
}

/* only the changes core/request.c allows from here */
static json_t *next_statuses(json_t *q)
{
    json_t *next = json_array();
    char all[] = REQ_STATUSES;
    int nothing = json_is_true(json_object_get(q, "nothing_to_collect"));
    for (char *save = NULL, *s = strtok_r(all, " ", &save); s; s = strtok_r(NULL, " ", &save))
        if (reqtype_transition_ok(jv_str(q, "request_type"), jv_str(q, "status"), s) &&
            !(nothing && strcmp(s, "diambil") == 0))
            json_array_append_new(next, json_pack("{s:s, s:s, s:b, s:b}", "to", s, "label",
                                                  page_status_label(q, s),
                                                  "need_note",
                                                  note_needed(s) != NULL, "danger",
                                                  strcmp(s, "ditolak") == 0));
    return next;
}

/* the pickup appointment the citizen chose (chat or portal), or the slots
 * to offer at the counter when there are some, and the one next step of
 * the pickup's stage (core/request.h). 0, or <0 on a database error. */
static int show_pickup(struct req *r, json_t *q, json_t *vm)
{
    struct pickup_view pv;
    if (pickup_view_of(r->db, r->office, q, r->now, 20, &pv) != 0) return -1;
    if (pv.booking) {
        char when[160];
        notify_pickup_when((int)json_integer_value(json_object_get(pv.booking, "date")),
                           (int)json_integer_value(json_object_get(pv.booking, "start_min")),
                           (int)json_integer_value(json_object_get(pv.booking, "end_min")), when,
                           sizeof when);
        json_object_set_new(q, "pickup_text", json_string(when));
        json_object_set_new(q, "pickup_collected", json_boolean(pv.stage == PICKUP_COLLECTED));
    }
    /* a walk-in citizen chooses at the counter: the same slots the chat
     * and the portal offer */
    if (pv.stage == PICKUP_OPEN) json_object_set(vm, "pickup_offer", pv.offer);
    if (req_pickup_step(pv.stage))
        json_object_set_new(q, "next_step", json_string(req_pickup_step(pv.stage)));
    if (req_pickup_label(pv.stage))
        json_object_set_new(q, "status_label", json_string(req_pickup_label(pv.stage)));
    pickup_view_free(&pv);
    return 0;
}

/* The request page. vm may already hold form (typed note, item draft),
 * errors, error or conflict; q and vm are stolen. */
static void show_page(struct req *r, int status, json_t *q, json_t *vm)
{
    struct show s = {.q = q, .vm = vm};
    int64_t id = json_integer_value(json_object_get(q, "id"));
    decorate(r, q, request_today(r->office, r->now));
    if (mark_collect(r, q) != 0) goto fail;
    s.events = request_events(r->db, id);
    s.items = request_items(r->db, id);
    if (!s.events || !s.items) goto fail;
    show_events(r, &s);
    show_checklist(r, &s);
    s.next = next_statuses(q);
    complaint_view(q);
    if (show_pickup(r, q, vm) != 0 || files_view(r, q, vm) != 0) goto fail;
    json_object_set(vm, "req", q);
    json_object_set(vm, "events", s.events);
    json_object_set(vm, "checklist", s.checklist);
    json_object_set(vm, "next", s.next);
    /* a finished request's verdicts are final: no control to change them */
    int locked = req_status_needs_checklist(jv_str(q, "status"));
    json_object_set_new(vm, "can_verify", json_boolean((r->perms & PERM_VERIFY) && !locked));
    json_object_set_new(vm, "verdicts_final", json_boolean(locked));
    if (req_arg(r, "ok")) json_object_set_new(vm, "saved", json_true());
    if (req_arg(r, "baru")) json_object_set_new(vm, "created", json_true());
    s.vm = NULL;            /* page_render takes it */
    page_render(r, status, "request_show", vm);
    goto out;
fail:
    web_db_fail(r);
out:
    show_free(&s);
}

void web_request_show(struct req *r)
{
    json_t *q = path_request(r);
    if (!q) return;
    json_t *vm = web_vm(r, jv_str(q, "number"));
    show_page(r, 200, q, vm);
}

/* After a refused save: the request as it is now, with what was typed. */
static void refused(struct req *r, int status, int64_t id, json_t *vm, const char *key,
                    const char *msg)
{
    json_t *q;
    int found = request_find(r->db, web_office_id(r), id, &q);
    if (found <= 0) {
        json_decref(vm);
        if (found < 0) page_db_down(r);
        else page_error(r, 404, "Permohonan tidak ditemukan.");
        return;
    }
    json_object_set_new(vm, key, json_string(msg));
    show_page(r, status, q, vm);
}

#define STALE_MSG "Permohonan ini baru saja diubah oleh petugas lain. Periksa perubahan di " \
                  "bawah, lalu simpan lagi."

void web_request_status(struct req *r)
{
    json_t *q = path_request(r);
    if (!q) return;
    int64_t id = json_integer_value(json_object_get(q, "id"));
    json_t *vm = web_vm(r, jv_str(q, "number"));
    int bad = form_check(r, vm);
    json_t *form = json_object_get(vm, "form"), *errors = json_object_get(vm, "errors");
    const char *to = jv_str(form, "to"), *note = jv_str(form, "note");
    if (!bad && !req_status_valid(to)) {
        json_object_set_new(errors, "to", json_string("Status tujuan tidak dikenal."));
        bad++;
    }
    if (!bad && !*note && note_needed(to)) {
        json_object_set_new(errors, "note", json_string(note_needed(to)));
        bad++;
    }
    if (!json_object_get(errors, "note") && bot_has_id_number(note)) {
        json_object_set_new(errors, "note", json_string(
            "Jangan menulis NIK di sini; catatan ini dapat dikirimkan kepada warga."));
        bad++;
    }
    if (bad) {
        json_object_set_new(vm, "has_errors", json_true());
        show_page(r, 422, q, vm);
        return;
    }
    int64_t conv = json_integer_value(json_object_get(q, "conversation_id"));
    json_decref(q);
    int64_t version = req_int(r, "version"), event = 0;
    struct actor a = web_actor(r);
    int rc = db_begin(r->db);
    if (rc == 0) rc = request_set_status(r->db, r->office, id, version, to, note, &a, r->now, &event);
    if (rc == 3) {
        db_rollback(r->db);
        json_t *now = request_get(r->db, web_office_id(r), id);
        json_t *open = now ? request_open_items(r->db, now) : NULL;
        char msg[1200];
        req_open_message(open, to, msg, sizeof msg);
        json_decref(open);
        json_decref(now);
        refused(r, 422, id, vm, "error", msg);
        return;
    }
    if (rc == 1 || rc == 2) {
        db_rollback(r->db);
        char msg[300];
        if (rc == 2) {
            json_t *now = request_get(r->db, web_office_id(r), id);
            const char *t = jv_str(now, "request_type");
            snprintf(msg, sizeof msg, "Status tidak dapat diubah dari \"%s\" menjadi \"%s\".",
                     reqtype_status_label(t, jv_str(now, "status")), reqtype_status_label(t, to));
            json_decref(now);
        }
        refused(r, rc == 1 ? 409 : 422, id, vm, rc == 1 ? "conflict" : "error",
                rc == 1 ? STALE_MSG : msg);
        return;
    }
    /* the citizen's notice is queued in the same transaction as the change */
    if (rc == 0 && notify_request_status(r->db, r->office, id, event, r->now) < 0) rc = -1;
    /* its chat was relabelled with it: open inboxes redraw the row */
    if (rc == 0 && conv > 0) rc = live_publish(r->db, web_office_id(r), "label", conv, NULL);
    /* whoever first works on an unassigned request takes it */
    if (rc == 0) rc = request_assign(r->db, id, a.id, 1);
    json_decref(vm);
    if (rc != 0 || db_commit(r->db) != 0) { web_db_fail(r); return; }
    workers_wake();
    redirect_to(r, id, "?ok=1");
}

/* A finished document rests on the verification: once the request is
 * selesai or diambil its verdicts stay (store_request.h). */
#define VERDICT_LOCKED_MSG "Hasil pemeriksaan berkas tidak dapat diubah lagi: permohonan ini " \
                           "sudah selesai, dan dokumen yang diterbitkan bersandar pada " \
                           "pemeriksaan itu."

void web_request_verdict(struct req *r)
{
    json_t *q = path_request(r);
    if (!q) return;
    int64_t id = json_integer_value(json_object_get(q, "id"));
    json_t *vm = web_vm(r, jv_str(q, "number"));
    int bad = form_check(r, vm);
    json_t *form = json_object_get(vm, "form"), *errors = json_object_get(vm, "errors");
    /* the template reads the item's own note field as item_note */
    json_object_set(form, "item_note", json_object_get(form, "note"));
    json_object_del(form, "note");
    long item = (long)req_int(r, "item");
    const char *error = NULL;
    if (req_status_needs_checklist(jv_str(q, "status")))
        error = VERDICT_LOCKED_MSG;
    else if (json_object_get(errors, "item") ||
        (size_t)item >= json_array_size(json_object_get(q, "checklist")))
        error = "Persyaratan ini tidak ada dalam daftar permohonan.";
    else if (!req_verdict_valid(jv_str(form, "verdict")))
        error = "Pilih hasil pemeriksaan: sesuai, kurang, salah, atau tidak diperlukan.";
    else if (strcmp(jv_str(form, "verdict"), "tidak_perlu") == 0 && !*jv_str(form, "item_note"))
        error = "Tulis alasan mengapa berkas ini tidak diperlukan di kolom catatan.";
    else if (json_object_get(errors, "note"))
        error = json_string_value(json_object_get(errors, "note"));
    else if (bot_has_id_number(jv_str(form, "item_note")))
        error = "Jangan menulis NIK di sini; catatan ini dapat dibaca warga.";
    else if (bad)
        error = "Formulir tidak lengkap; muat ulang halaman lalu coba lagi.";
    if (error) {
        char msg[300];
        snprintf(msg, sizeof msg, "%s", error);
        json_object_set_new(vm, "item_error", json_string(msg));
        show_page(r, 422, q, vm);
        return;
    }
    json_decref(q);
    int64_t version = req_int(r, "version");
    struct actor a = web_actor(r);
    int rc = db_begin(r->db);
    if (rc == 0) rc = request_item_set(r->db, id, version, (int)item, jv_str(form, "verdict"),
                                       jv_str(form, "item_note"), &a, r->now);
    if (rc >= 1 && rc <= 3) {
        db_rollback(r->db);
        refused(r, rc == 1 ? 409 : 422, id, vm, rc == 1 ? "conflict" : "item_error",
                rc == 1 ? STALE_MSG : rc == 3 ? VERDICT_LOCKED_MSG
                                              : "Persyaratan ini tidak ada dalam daftar permohonan.");
        return;
    }
    json_decref(vm);
    if (rc != 0 || db_commit(r->db) != 0) { web_db_fail(r); return; }
    redirect_to(r, id, "?ok=1");
}

/* Books a pickup slot for a finished request, e.g. for a walk-in citizen at
 * the counter (the chat and the portal book the same way, as "warga"). */
void web_request_pickup(struct req *r)
{
    json_t *q = path_request(r);
    if (!q) return;
    int64_t id = json_integer_value(json_object_get(q, "id")), slot_id = 0;
    int date = 0;
    json_t *vm = web_vm(r, jv_str(q, "number"));
    json_decref(q);
    if (pickup_choice_parse(req_field(r, "slot"), &slot_id, &date) != 0) {
        refused(r, 422, id, vm, "error", "Pilih salah satu jadwal pengambilan.");
        return;
    }
    struct actor a = web_actor(r);
    int rc = db_begin(r->db);
    if (rc == 0) rc = pickup_book(r->db, r->office, id, slot_id, date, &a, r->now);
    if (rc == 1 || rc == 2) {
        db_rollback(r->db);
        refused(r, 409, id, vm, "error", rc == 1
                ? "Jadwal itu baru saja penuh. Pilih jadwal lain."
                : "Jadwal tidak dapat dipilih: permohonan belum selesai, sudah punya jadwal, "
                  "atau jadwal itu tidak berlaku lagi.");
        return;
    }
    json_decref(vm);
    if (rc != 0 || db_commit(r->db) != 0) { web_db_fail(r); return; }
    workers_wake();
    redirect_to(r, id, "?ok=1");
}
