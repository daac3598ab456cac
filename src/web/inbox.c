/* inbox: the console's view of citizens' conversations (WhatsApp,
 * Telegram, portal chat): the list, one thread with every message and its
 * delivery status, a staff reply, and taking over from / handing back to
 * the bot. The live shared inbox (SSE, assignment) builds on these pages.
 * NIK/KK numbers were masked before the messages were stored. */
#include "bot/bot.h"
#include "channels/event.h"
#include "channels/send.h"
#include "db/row.h"
#include "db/store_chat.h"
#include "db/store_inbox.h"
#include "db/store_staff.h"
#include "core/role.h"
#include "live/live.h"
#include "http/fields.h"
#include "jobs/queue.h"
#include "jobs/worker.h"
#include "render/page.h"
#include "web/inbox_view.h"
#include "web/web.h"
#include "core/calendar.h"
#include "core/request.h"
#include "core/reqtype.h"
#include "db/store_audit.h"
#include "db/store_request.h"
#include "util/jv.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *channel_label(const char *c)
{
    if (strcmp(c, "whatsapp") == 0) return "WhatsApp";
    if (strcmp(c, "telegram") == 0) return "Telegram";
    return "Obrolan portal";
}

static const char *state_label(const char *s)
{
    if (strcmp(s, "human") == 0) return "Ditangani petugas";
    if (strcmp(s, "closed") == 0) return "Selesai";
    return "Dijawab bot";
}

static const char *status_label(const char *s)
{
    static const struct { const char *k, *v; } l[] = {
        {"queued", "menunggu dikirim"}, {"accepted", "diterima WhatsApp"}, {"sent", "terkirim"},
        {"delivered", "sampai"}, {"read", "dibaca"}, {"failed", "gagal"}, {"new", "baru"},
        {"done", "diterima"},
    };
    for (size_t i = 0; i < sizeof l / sizeof l[0]; i++)
        if (strcmp(s, l[i].k) == 0) return l[i].v;
    return s;
}

#define LABEL_MAX 30

/* v if it is one of allowed, else "". */
static const char *one_of(const char *v, const char *const allowed[])
{
    for (size_t i = 0; v && allowed[i]; i++)
        if (strcmp(v, allowed[i]) == 0) return allowed[i];
    return "";
}

/* [{value, label, selected}] for a <select>. */
static json_t *options(const char *const values[], const char *const labels[], const char *sel)
{
    json_t *a = json_array();
    for (size_t i = 0; values[i]; i++)
        json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value", values[i], "label",
                                           labels[i], "selected", strcmp(values[i], sel) == 0));
    return a;
}

/* The standard labels first, then the office's own. */
static const char *const std_labels[] = {"baru", "diproses", "selesai", NULL};

static json_t *label_options(struct req *r, const char *sel)
{
    json_t *a = json_array(), *used = inbox_office_labels(r->db, web_office_id(r)), *l;
    for (size_t i = 0; std_labels[i]; i++)
        json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value", std_labels[i], "label",
                                           std_labels[i], "selected", strcmp(std_labels[i], sel) == 0));
    size_t i;
    json_array_foreach(used, i, l) {
        const char *v = json_string_value(l);
        if (*one_of(v, std_labels)) continue;
        json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "value", v, "label", v, "selected",
                                           strcmp(v, sel) == 0));
    }
    json_decref(used);
    return a;
}

/* How long the citizen has been waiting for an answer, in words. */
static void waiting_for(int64_t secs, char *out, size_t n)
{
    if (secs < 60) snprintf(out, n, "kurang dari 1 menit");
    else if (secs < 3600) snprintf(out, n, "%lld menit", (long long)(secs / 60));
    else if (secs < 86400) snprintf(out, n, "%lld jam %lld menit", (long long)(secs / 3600),
                                    (long long)(secs % 3600 / 60));
    else snprintf(out, n, "%lld hari", (long long)(secs / 86400));
}

void web_inbox_list(struct req *r)
{
    int64_t office = web_office_id(r);
    int64_t me = web_actor(r).id;
    /* the filters come from a GET form: unknown values just show everything */
    const char *show = req_arg(r, "tampil"), *channel = req_arg(r, "kanal");
    const char *label = req_arg(r, "label"), *q = req_arg(r, "q");
    static const char *const shows[] = {"mine", "unassigned", "waiting", "late", NULL};
    static const char *const req_statuses[] = {"baru", "diproses", "kurang_lengkap", "ditolak",
                                               "selesai", "diambil", NULL};
    const char *req_status = one_of(req_arg(r, "permohonan"), req_statuses);
    static const char *const channels[] = {"whatsapp", "telegram", "web", NULL};
    struct inbox_filter f = {.show = one_of(show, shows), .me = me,
                             .channel = one_of(channel, channels),
                             .label = label && strlen(label) <= LABEL_MAX ? label : "",
                             .q = q && strlen(q) <= 100 ? q : "", .request = req_status};
    int late_only = strcmp(f.show, "late") == 0;
    if (late_only) f.show = "";     /* SLA is counted here, in office hours, not in SQL */
    json_t *list = inbox_list(r->db, office, &f);
    if (!list) { web_db_fail(r); return; }
    int first_min, resolve_min;
    inbox_sla_get(r->db, office, &first_min, &resolve_min);
    struct week_hours hours;
    struct calendar cal;
    int *closed;
    inbox_sla_calendar(r, &hours, &cal, &closed);
    size_t i;
    json_t *c;
    json_array_foreach(list, i, c) {
        if (inbox_sla_mark(r, c, &cal, first_min, resolve_min) != 2 && late_only) {
            json_array_remove(list, i--);
            continue;
        }
        char when[96];
        web_fmt_time(r, json_integer_value(json_object_get(c, "last_at")), when, sizeof when);
        json_object_set_new(c, "when", json_string(when));
        json_object_set_new(c, "channel_label", json_string(channel_label(jv_str(c, "channel"))));
        json_object_set_new(c, "state_label", json_string(state_label(jv_str(c, "state"))));
        json_object_set_new(c, "human", json_boolean(strcmp(jv_str(c, "state"), "human") == 0));
        json_object_set_new(c, "mine", json_boolean(
            json_integer_value(json_object_get(c, "assigned_to")) == me));
        if (strcmp(jv_str(c, "channel"), "whatsapp") == 0 &&
            r->now - json_integer_value(json_object_get(c, "last_in_at")) > WA_WINDOW)
            json_object_set_new(c, "window_closed", json_true());
        if (json_is_true(json_object_get(c, "waiting")) && strcmp(jv_str(c, "state"), "closed") != 0) {
            char w[64];
            waiting_for(r->now - json_integer_value(json_object_get(c, "last_in_at")), w, sizeof w);
            json_object_set_new(c, "waiting_for", json_string(w));
        }
        /* a portal visitor's address is a token's hash: never shown */
        if (strcmp(jv_str(c, "channel"), "web") == 0) json_object_del(c, "address");
        if (!*jv_str(c, "name"))
            json_object_set_new(c, "name", json_string(strcmp(jv_str(c, "channel"), "web") == 0
                                                           ? "Pengunjung portal" : jv_str(c, "address")));
    }
    json_t *vm = web_vm(r, "Percakapan");
    free(closed);
    if (late_only) f.show = "late";
    json_object_set_new(vm, "conversations", list);
    json_object_set_new(vm, "me_id", json_integer(me));
    json_t *fv = json_pack("{s:s, s:s, s:s, s:s}", "tampil", f.show, "kanal", f.channel,
                           "label", f.label, "q", f.q);
    json_object_set_new(fv, "filtered", json_boolean(*f.show || *f.channel || *f.label || *f.q ||
                                                     *req_status));
    json_t *ro = json_array();
    for (size_t k = 0; req_statuses[k]; k++)
        json_array_append_new(ro, json_pack("{s:s, s:s, s:b}", "value", req_statuses[k], "label",
                                            req_status_label(req_statuses[k]), "selected",
                                            strcmp(req_statuses[k], req_status) == 0));
    json_object_set_new(vm, "request_options", ro);
    json_object_set_new(vm, "f", fv);
    json_object_set_new(vm, "show_options", options(shows, (const char *const[]){
        "Dipegang saya", "Belum ada petugas", "Menunggu jawaban", "Lewat SLA", NULL}, f.show));
    json_object_set_new(vm, "channel_options", options(channels, (const char *const[]){
        "WhatsApp", "Telegram", "Obrolan portal", NULL}, f.channel));
    json_object_set_new(vm, "label_options", label_options(r, f.label));
    page_render(r, 200, "inbox_list", vm);
}

/* the conversation named in the path, if it belongs to this office */
json_t *inbox_path_conversation(struct req *r)
{
    int64_t id = strtoll(req_param(r, "conversation"), NULL, 10);
    db_stmt *st = db_query(r->db,
        "SELECT c.id, c.state, c.handover_reason, c.contact_id, k.channel, k.name, k.address, "
        "k.phone, k.last_inbound_at, k.blocked, COALESCE(c.assigned_to, 0), "
        "COALESCE(s.full_name, ''), c.opened_at FROM conversation c "
        "JOIN contact k ON k.id = c.contact_id LEFT JOIN staff s ON s.id = c.assigned_to "
        "WHERE c.id = ? AND c.office_id = ?",
        "ii", id, web_office_id(r));
    json_t *c = row_first(st, "id:i state reason contact_id:i channel name address phone "
                              "last_inbound_at:i blocked:b assigned_to:i assigned_name opened_at:i");
    db_done(st);
    if (!c) page_error(r, 404, "Percakapan tidak ditemukan.");
    return c;
}

/* Staff who may answer this office's citizens (a role here with the inbox
 * permission), not disabled: the people a conversation can be handed to. */
static json_t *assignees(struct req *r)
{
    json_t *all = staff_of_office(r->db, web_office_id(r)), *out = json_array(), *s, *role;
    size_t i, k;
    json_array_foreach(all, i, s) {
        if (json_is_true(json_object_get(s, "disabled"))) continue;
        int ok = 0;
        json_array_foreach(json_object_get(s, "roles"), k, role) {
            const struct role_def *d = role_find(json_string_value(role));
            if (d && (d->perms & PERM_INBOX)) ok = 1;
        }
        if (ok)
            json_array_append_new(out, json_pack("{s:O, s:O}", "id", json_object_get(s, "id"),
                                                 "full_name", json_object_get(s, "full_name")));
    }
    json_decref(all);
    return out;
}

static void thread_page(struct req *r, json_t *c, const char *error, const char *text)
{
    inbox_thread_page(r, c, error, text, NULL);
}

/* After a change to one conversation: the thread page again. */
void inbox_back_to_thread(struct req *r, json_t *c)
{
    char loc[200];
    snprintf(loc, sizeof loc, "/console/o/%s/percakapan/%lld", jv_str(r->office, "slug"),
             (long long)json_integer_value(json_object_get(c, "id")));
    resp_redirect(r, loc);
    json_decref(c);
}

/* A copy of s without leading and trailing white space (caller frees). */
static char *trimmed(const char *s)
{
    s += strspn(s, " \t\r\n");
    size_t n = strlen(s);
    while (n && strchr(" \t\r\n", s[n - 1])) n--;
    return strndup(s, n);
}

/* The thread page; keep (stolen, may be NULL) holds what a refused form
 * had typed, e.g. {"note": ...}, shown again in its box. */
void inbox_thread_page(struct req *r, json_t *c, const char *error, const char *text,
                       json_t *keep)
{
    db_stmt *st = db_query(r->db,
        "SELECT id, direction, author, kind, body, status, error_text, sensitive, created_at, "
        "payload FROM message WHERE conversation_id = ? ORDER BY id", "i",
        json_integer_value(json_object_get(c, "id")));
    json_t *msgs = rows_array(st, "id:i direction author kind body status error_text sensitive:b "
                                  "at:i payload");
    db_done(st);
    if (!msgs) { json_decref(c); json_decref(keep); web_db_fail(r); return; }
    size_t i;
    json_t *m;
    json_array_foreach(msgs, i, m) {
        char when[96];
        web_fmt_time(r, json_integer_value(json_object_get(m, "at")), when, sizeof when);
        json_object_set_new(m, "when", json_string(when));
        json_object_set_new(m, "in", json_boolean(strcmp(jv_str(m, "direction"), "in") == 0));
        json_object_set_new(m, "bot", json_boolean(strcmp(jv_str(m, "author"), "bot") == 0));
        json_object_set_new(m, "status_label", json_string(status_label(jv_str(m, "status"))));
        json_object_set_new(m, "failed", json_boolean(strcmp(jv_str(m, "status"), "failed") == 0));
        /* what the citizen tapped or was offered, as text */
        json_t *p = json_loads(jv_str(m, "payload"), 0, NULL);
        json_t *opts = json_array(), *x;
        size_t k;
        json_array_foreach(json_object_get(p, "rows"), k, x)
            json_array_append_new(opts, json_string(jv_str(x, "title")));
        json_array_foreach(json_object_get(p, "buttons"), k, x)
            json_array_append_new(opts, json_string(jv_str(x, "title")));
        json_object_set_new(m, "options", opts);
        /* a photo (or file) flagged by its caption or by OCR: nothing was
         * masked, so say what it is and what the citizen was told */
        int photo = strcmp(jv_str(m, "kind"), "image") == 0;
        if (json_is_true(json_object_get(m, "in")) && json_is_true(json_object_get(m, "sensitive"))
            && (photo || strcmp(jv_str(m, "kind"), "document") == 0)) {
            char note[160];
            snprintf(note, sizeof note, "%s ini tampaknya KTP/KK. Warga sudah diminta mengirim "
                     "lewat tautan unggah pribadi.", photo ? "Foto" : "Berkas");
            json_object_set_new(m, "id_note", json_string(note));
        }
        if (!*jv_str(m, "body") && strcmp(jv_str(m, "kind"), "text") != 0) {
            char b[64];
            snprintf(b, sizeof b, "(%s)", jv_str(m, "kind"));
            json_object_set_new(m, "body", json_string(b));
        }
        json_decref(p);
        json_object_del(m, "payload");
    }
    st = db_query(r->db, "SELECT f.id, f.filename, f.mime, f.size, COALESCE(m.sensitive, 0) "
                         "FROM media f LEFT JOIN message m ON m.id = f.message_id "
                         "WHERE f.conversation_id = ? ORDER BY f.id", "i",
                  json_integer_value(json_object_get(c, "id")));
    json_t *files = rows_array(st, "id:i filename mime size:i id_card:b");
    db_done(st);
    int wa = strcmp(jv_str(c, "channel"), "whatsapp") == 0;
    int64_t last_in = json_integer_value(json_object_get(c, "last_inbound_at"));
    int window_open = !wa || r->now - last_in <= WA_WINDOW;
    json_object_set_new(c, "channel_label", json_string(channel_label(jv_str(c, "channel"))));
    json_object_set_new(c, "state_label", json_string(state_label(jv_str(c, "state"))));
    json_object_set_new(c, "human", json_boolean(strcmp(jv_str(c, "state"), "human") == 0));
    json_object_set_new(c, "closed", json_boolean(strcmp(jv_str(c, "state"), "closed") == 0));
    if (wa && window_open) {
        char until[96];
        web_fmt_time(r, last_in + WA_WINDOW, until, sizeof until);
        json_object_set_new(c, "window_until", json_string(until));
    }
    int64_t me = web_actor(r).id, holder = json_integer_value(json_object_get(c, "assigned_to"));
    json_object_set_new(c, "mine", json_boolean(holder == me));
    json_object_set_new(c, "other", json_boolean(holder && holder != me));
    json_t *vm = web_vm(r, "Percakapan");
    json_t *staff = assignees(r);
    json_array_foreach(staff, i, m)
        json_object_set_new(m, "selected", json_boolean(
            json_integer_value(json_object_get(m, "id")) == holder));
    json_object_set_new(vm, "assignees", staff);
    int64_t cid = json_integer_value(json_object_get(c, "id"));
    json_t *labels = inbox_labels(r->db, cid), *notes = inbox_notes(r->db, cid);
    json_array_foreach(notes, i, m) {
        char when[96];
        web_fmt_time(r, json_integer_value(json_object_get(m, "at")), when, sizeof when);
        json_object_set_new(m, "when", json_string(when));
    }
    json_object_set_new(vm, "labels", labels ? labels : json_array());
    json_object_set_new(vm, "notes", notes ? notes : json_array());
    json_object_set_new(vm, "label_options", label_options(r, ""));
    json_object_set_new(vm, "me_id", json_integer(me));
    json_object_set_new(vm, "c", c);
    json_object_set_new(vm, "messages", msgs);
    json_object_set_new(vm, "files", files ? files : json_array());
    json_object_set_new(vm, "window_open", json_boolean(window_open));
    json_object_set_new(vm, "web", json_boolean(strcmp(jv_str(c, "channel"), "web") == 0));
    json_object_set_new(vm, "can_reply", json_boolean((r->perms & PERM_INBOX) && window_open &&
                                                      !json_is_true(json_object_get(c, "blocked"))));
    /* how long the citizen has waited, against the office's targets */
    json_object_set_new(c, "wait_since", json_integer(inbox_wait_since(r->db, cid)));
    int first_min, resolve_min;
    inbox_sla_get(r->db, web_office_id(r), &first_min, &resolve_min);
    struct week_hours w;
    struct calendar cal;
    int *closed;
    inbox_sla_calendar(r, &w, &cal, &closed);
    if (inbox_sla_mark(r, c, &cal, first_min, resolve_min) >= 0 &&
        json_integer_value(json_object_get(c, "wait_since")) > 0) {
        char wt[64];
        waiting_for(r->now - json_integer_value(json_object_get(c, "wait_since")), wt, sizeof wt);
        json_object_set_new(c, "waiting_for", json_string(wt));
    }
    free(closed);
    /* the requests this conversation led to */
    json_t *reqs = inbox_requests(r->db, cid), *q;
    int today = request_today(r->office, r->now);
    json_array_foreach(reqs, i, q) {
        const char *st_ = jv_str(q, "status");
        int eta = (int)json_integer_value(json_object_get(q, "eta_date"));
        char d[64] = "";
        if (eta) cal_format_date_id(eta, d, sizeof d);
        json_object_set_new(q, "eta_text", json_string(d));
        json_object_set_new(q, "status_label", json_string(
            reqtype_status_label(jv_str(q, "request_type"), st_)));
        json_object_set_new(q, "overdue", json_boolean(req_status_running(st_) && eta > 0 &&
                                                       eta < today));
    }
    json_object_set_new(vm, "requests", reqs ? reqs : json_array());
    if (error) json_object_set_new(vm, "error", json_string(error));
    char *picked = inbox_reply_options(r, vm, c, window_open, text);
    if (picked) text = picked;
    json_object_set_new(vm, "text", json_string(text ? text : ""));
    free(picked);
    json_object_set_new(vm, "keep", keep ? keep : json_object());
    page_render(r, error ? 422 : 200, "inbox_thread", vm);
}

void web_inbox_thread(struct req *r)
{
    json_t *c = inbox_path_conversation(r);
    if (c) thread_page(r, c, NULL, NULL);
}

void web_inbox_reply(struct req *r)
{
    json_t *c = inbox_path_conversation(r);
    if (!c) return;
    const char *raw = req_field(r, "text");
    size_t n = strlen(raw) + 1;
    char *text = malloc(n);
    if (!text) { json_decref(c); web_db_fail(r); return; }
    /* staff should not echo a NIK back into a chat either */
    bot_mask(raw, text, n);
    /* trim the ends; keep the lines staff wrote */
    size_t len = strlen(text);
    while (len && strchr(" \t\r\n", text[len - 1])) text[--len] = '\0';
    char *start = text + strspn(text, " \t\r\n");
    memmove(text, start, strlen(start) + 1);
    const char *channel = jv_str(c, "channel");
    int wa = strcmp(channel, "whatsapp") == 0;
    const char *error = form_first_error(r);     /* characters and length: web/specs.c */
    if (error) ;
    else if (!*text) error = "Tulis balasan terlebih dahulu.";
    else if (wa && r->now - json_integer_value(json_object_get(c, "last_inbound_at")) > WA_WINDOW)
        error = "Jendela 24 jam WhatsApp sudah tertutup: warga belum mengirim pesan dalam 24 jam "
                "terakhir, jadi pesan bebas tidak akan sampai. Tunggu warga menghubungi lagi.";
    else if (json_is_true(json_object_get(c, "blocked")))
        error = "Warga ini tidak dapat dihubungi lewat kanal ini.";
    /* two officers must not answer one citizen unknowingly: the form says
     * who had the conversation when the page was drawn; if a colleague has
     * taken it since, the reply waits until this officer has seen that */
    int64_t holder = json_integer_value(json_object_get(c, "assigned_to"));
    int64_t seen = req_int(r, "holder");
    char msg[300];
    if (!error && holder && holder != web_actor(r).id && holder != seen) {
        snprintf(msg, sizeof msg, "Percakapan ini baru saja diambil oleh %s. Balasan Anda belum "
                 "dikirim; periksa pesan terakhir, lalu kirim lagi bila tetap perlu.",
                 jv_str(c, "assigned_name"));
        error = msg;
    }
    if (error) {
        thread_page(r, c, error, text);
        free(text);
        return;
    }
    int64_t office = web_office_id(r), conv = json_integer_value(json_object_get(c, "id"));
    struct actor a = web_actor(r);
    int rc = db_begin(r->db);
    int64_t id = rc == 0 ? chat_message_out(r->db, office, channel, conv, "text", text, "{}",
                                            a.name, a.id, r->now) : -1;
    if (id < 0) rc = -1;
    if (rc == 0 && strcmp(channel, "web") != 0) rc = job_add(r->db, "send", office, id, NULL, 0);
    /* a staff reply takes the conversation over from the bot */
    if (rc == 0) rc = db_run(r->db, "UPDATE conversation SET state = 'human', assigned_to = "
                                    "COALESCE(assigned_to, ?), last_message_at = ? WHERE id = ?",
                             "iii", a.id, r->now, conv);
    if (rc == 0) live_publish(r->db, office, "message", conv, NULL);
    if (rc == 0 && db_commit(r->db) == 0) {
        workers_wake();
        char loc[200];
        snprintf(loc, sizeof loc, "/console/o/%s/percakapan/%lld", jv_str(r->office, "slug"),
                 (long long)conv);
        resp_redirect(r, loc);
    } else {
        db_rollback(r->db);
        web_db_fail(r);
    }
    free(text);
    json_decref(c);
}

void web_inbox_state(struct req *r)
{
    json_t *c = inbox_path_conversation(r);
    if (!c) return;
    const char *action = req_field(r, "action");
    const char *state = strcmp(action, "ambil") == 0 ? "human"
                      : strcmp(action, "bot") == 0 ? "bot"
                      : strcmp(action, "selesai") == 0 ? "closed" : NULL;
    if (!state) {
        json_decref(c);
        page_error(r, 400, "Tindakan tidak dikenal.");
        return;
    }
    struct actor a = web_actor(r);
    int64_t conv = json_integer_value(json_object_get(c, "id"));
    char cid[24];
    snprintf(cid, sizeof cid, "%lld", (long long)conv);
    json_t *before = json_pack("{s:s}", "state", jv_str(c, "state"));
    json_t *after = json_pack("{s:s}", "state", state);
    int rc = db_begin(r->db);
    /* the CAST: PostgreSQL types a bare parameter in CASE ... ELSE NULL as text */
    if (rc == 0)
        rc = db_run(r->db, "UPDATE conversation SET state = ?, assigned_to = CASE WHEN ? = 'human' "
                           "THEN ? ELSE assigned_to END, closed_at = CASE WHEN ? = 'closed' THEN "
                           "CAST(? AS BIGINT) ELSE NULL END WHERE id = ?", "ssisii", state, state, a.id, state,
                    r->now, conv);
    if (rc == 0) rc = audit_append(r->db, &a, web_office_id(r), "conversation.state",
                                   "conversation", cid, before, after, r->now);
    if (rc == 0) rc = live_publish(r->db, web_office_id(r), "state", conv, NULL);
    json_decref(before);
    json_decref(after);
    if (rc != 0 || db_commit(r->db) != 0) { json_decref(c); web_db_fail(r); return; }
    inbox_back_to_thread(r, c);
}

/* The live stream of the office's conversations (src/live/). */
void web_inbox_live(struct req *r)
{
    live_stream(r);
}

/* "Sedang dibalas oleh ...": inbox.js posts this, throttled, while an
 * officer types in a reply box; nothing is stored. */
void web_inbox_typing(struct req *r)
{
    json_t *c = inbox_path_conversation(r);
    if (!c) return;
    json_t *extra = json_pack("{s:I, s:s}", "staff", (json_int_t)web_actor(r).id, "by",
                              jv_str(r->me, "full_name"));
    int rc = live_publish(r->db, web_office_id(r), "typing",
                          json_integer_value(json_object_get(c, "id")), extra);
    json_decref(extra);
    json_decref(c);
    resp_text(r, rc == 0 ? 204 : 503, "text/plain; charset=utf-8", "");
}

/* Take the conversation, hand it to a colleague of this office, or let it
 * go (staff = "0"); audited and announced to every open inbox. */
void web_inbox_assign(struct req *r)
{
    json_t *c = inbox_path_conversation(r);
    if (!c) return;
    const char *who = req_field(r, "staff");
    int64_t me = web_actor(r).id;
    int64_t to = strcmp(who, "saya") == 0 ? me : strtoll(who, NULL, 10);
    char to_name[200] = "";
    int ok = to == 0;
    json_t *staff = assignees(r), *s;
    size_t i;
    json_array_foreach(staff, i, s)
        if (json_integer_value(json_object_get(s, "id")) == to) {
            ok = 1;
            snprintf(to_name, sizeof to_name, "%s", jv_str(s, "full_name"));
        }
    json_decref(staff);
    if (!ok || !*who) {
        thread_page(r, c, to == me ? "Anda tidak memegang peran yang boleh menjawab warga di "
                                     "kantor ini." :
                    "Pilih petugas kantor ini yang dapat menjawab percakapan warga.", NULL);
        return;
    }
    struct actor a = web_actor(r);
    int64_t conv = json_integer_value(json_object_get(c, "id"));
    char cid[24];
    snprintf(cid, sizeof cid, "%lld", (long long)conv);
    json_t *before = json_pack("{s:I, s:s}", "assigned_to",
                               (json_int_t)json_integer_value(json_object_get(c, "assigned_to")),
                               "assigned_name", jv_str(c, "assigned_name"));
    json_t *after = json_pack("{s:I, s:s}", "assigned_to", (json_int_t)to, "assigned_name", to_name);
    json_t *extra = json_pack("{s:I, s:s, s:s}", "staff", (json_int_t)to, "name", to_name,
                              "by", jv_str(r->me, "full_name"));
    int rc = db_begin(r->db);
    if (rc == 0) rc = inbox_assign(r->db, conv, to);
    if (rc == 0) rc = audit_append(r->db, &a, web_office_id(r), "conversation.assign",
                                   "conversation", cid, before, after, r->now);
    if (rc == 0) rc = live_publish(r->db, web_office_id(r), "assign", conv, extra);
    json_decref(before);
    json_decref(after);
    json_decref(extra);
    if (rc != 0 || db_commit(r->db) != 0) { json_decref(c); web_db_fail(r); return; }
    inbox_back_to_thread(r, c);
}

/* An internal note: for colleagues only, never sent to the citizen. */
void web_inbox_note(struct req *r)
{
    json_t *c = inbox_path_conversation(r);
    if (!c) return;
    /* a NIK staff copy into a note is kept masked like the citizen's own */
    char *note = trimmed(req_field(r, "note")), *masked = note ? event_masked(note, NULL) : NULL;
    free(note);
    note = masked;
    if (!note) { json_decref(c); web_db_fail(r); return; }
    const char *error = form_first_error(r) ? form_first_error(r)
                      : !*note ? "Tulis catatan terlebih dahulu." : NULL;
    if (error) {
        json_t *keep = json_pack("{s:s}", "note", note);
        free(note);
        inbox_thread_page(r, c, error, NULL, keep);
        return;
    }
    int64_t conv = json_integer_value(json_object_get(c, "id"));
    int rc = db_begin(r->db);
    if (rc == 0) rc = inbox_note_add(r->db, conv, web_actor(r).id, jv_str(r->me, "full_name"), note,
                                     r->now);
    if (rc == 0) rc = live_publish(r->db, web_office_id(r), "note", conv, NULL);
    free(note);
    if (rc != 0 || db_commit(r->db) != 0) { json_decref(c); web_db_fail(r); return; }
    inbox_back_to_thread(r, c);
}

/* Adds a label (typed or picked) or removes one (field "hapus"). */
void web_inbox_label(struct req *r)
{
    json_t *c = inbox_path_conversation(r);
    if (!c) return;
    const char *del = req_field(r, "hapus");
    char *label = trimmed(*del ? del : req_field(r, "label"));
    if (!label) { json_decref(c); web_db_fail(r); return; }
    for (char *p = label; *p; p++)      /* one spelling per label: "Diproses" is "diproses" */
        if (*p >= 'A' && *p <= 'Z') *p = (char)(*p + 32);
    const char *error = form_first_error(r) ? form_first_error(r)
                      : !*label ? "Tulis atau pilih label terlebih dahulu." : NULL;
    if (error) {
        json_t *keep = json_pack("{s:s}", "label", label);
        free(label);
        inbox_thread_page(r, c, error, NULL, keep);
        return;
    }
    int64_t conv = json_integer_value(json_object_get(c, "id"));
    int rc = db_begin(r->db);
    if (rc == 0) rc = *del ? inbox_label_del(r->db, conv, label)
                           : inbox_label_add(r->db, conv, label, web_actor(r).id, r->now);
    if (rc == 0) rc = live_publish(r->db, web_office_id(r), "label", conv, NULL);
    free(label);
    if (rc != 0 || db_commit(r->db) != 0) { json_decref(c); web_db_fail(r); return; }
    inbox_back_to_thread(r, c);
}
