/* inbox: the console's view of citizens' conversations (WhatsApp,
 * Telegram, portal chat): the list, one thread with every message and its
 * delivery status, a staff reply, and taking over from / handing back to
 * the bot. The thread's page draws the list beside it (two panes on a
 * wide screen, like WhatsApp Web; one at a time on a phone). The live
 * shared inbox (SSE, assignment) builds on these pages.
 * NIK/KK numbers were masked before the messages were stored. */
#include "bot/bot.h"
#include "channels/event.h"
#include "channels/notify.h"
#include "channels/send.h"
#include "db/row.h"
#include "db/store_chat.h"
#include "db/store_inbox.h"
#include "db/store_staff.h"
#include "core/role.h"
#include "live/live.h"
#include "db/store_job.h"
#include "http/fields.h"
#include "http/form.h"
#include "jobs/worker.h"
#include "http/page.h"
#include "web/inbox_view.h"
#include "render/tpl.h"
#include "render/wafmt.h"
#include "web/web.h"
#include "core/calendar.h"
#include "core/request.h"
#include "core/reqtype.h"
#include "db/store_audit.h"
#include "db/store_request.h"
#include "util/jv.h"
#include "util/url.h"
#include "channels/webpush.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

/* Why the bot handed the conversation over (the intent it saw), in words. */
static const char *reason_label(const char *r)
{
    static const struct { const char *k, *v; } l[] = {
        {"human", "warga minta bicara dengan petugas"}, {"unknown", "bot tidak memahami pesannya"},
        {"complaint", "pengaduan"}, {"service", "pertanyaan tentang layanan"},
        {"status", "menanyakan status permohonan"}, {"hours", "menanyakan jam layanan"},
        {"location", "menanyakan lokasi kantor"}, {"greeting", "salam"}, {"menu", "menu"},
        {"thanks", "ucapan terima kasih"}, {"survey_answer", "jawaban survei"},
        {"permohonan", "permohonan tanpa tautan unggah: mintakan berkasnya"},
    };
    for (size_t i = 0; i < sizeof l / sizeof l[0]; i++)
        if (strcmp(r, l[i].k) == 0) return l[i].v;
    return r;
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

/* The labels to pick from: the three standard ones, then the office's own;
 * NULL when the office's could not be read. */
static json_t *label_options(struct req *r, const char *sel)
{
    json_t *used = inbox_office_labels(r->db, web_office_id(r)), *l;
    if (!used) return NULL;
    json_t *a = json_array();
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

/* A time as a chat app shows it: "08.15" today, else "8 Des 08.15" (with
 * clock) or "8 Des"; with the year when it is not this year. */
static void short_time(struct req *r, int64_t t, int clock, char *out, size_t n)
{
    static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu",
                                      "Sep", "Okt", "Nov", "Des"};
    int off = cal_tz_offset(jv_str(r->office, "tz"));
    if (off < 0) off = 420;
    time_t at = (time_t)(t + off * 60), now = (time_t)(r->now + off * 60);
    struct tm x, y;
    gmtime_r(&at, &x);
    gmtime_r(&now, &y);
    char hm[16], year[16] = "";
    snprintf(hm, sizeof hm, "%02d.%02d", x.tm_hour, x.tm_min);
    if (x.tm_year != y.tm_year) snprintf(year, sizeof year, " %d", x.tm_year + 1900);
    if (!*year && x.tm_yday == y.tm_yday) snprintf(out, n, "%s", hm);
    else snprintf(out, n, "%d %s%s%s%s", x.tm_mday, mon[x.tm_mon], year, clock ? " " : "",
                  clock ? hm : "");
}

/* One conversation as the list shows it. */
static void list_row(struct req *r, json_t *c, int64_t me)
{
    char when[96];
    web_fmt_time(r, json_integer_value(json_object_get(c, "last_at")), when, sizeof when);
    json_object_set_new(c, "when", json_string(when));
    short_time(r, jv_int(c, "last_at"), 0, when, sizeof when);
    json_object_set_new(c, "when_short", json_string(when));
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
    /* the preview as WhatsApp Web shows it: the words without *_~``` */
    char *plain = wafmt_plain(jv_str(c, "last"));
    json_object_set_new(c, "last_plain", json_string(plain ? plain : jv_str(c, "last")));
    free(plain);
    /* a portal visitor's address is a token's hash: never shown */
    if (strcmp(jv_str(c, "channel"), "web") == 0) json_object_del(c, "address");
    if (!*jv_str(c, "name"))
        json_object_set_new(c, "name", json_string(strcmp(jv_str(c, "channel"), "web") == 0
                                                       ? "Pengunjung portal" : jv_str(c, "address")));
}

static const char *const shows[] = {"mine_waiting", "mine", "handover", "unassigned", "waiting",
                                    "late", NULL};
static const char *const req_statuses[] = {"baru", "diproses", "kurang_lengkap", "ditolak",
                                           "selesai", "diambil", NULL};
static const char *const channels[] = {"whatsapp", "telegram", "web", NULL};

/* The filters as a query string ("" or "?tampil=mine&q=..."), so a row
 * opened from a filtered list shows the same list beside its thread, and
 * an action on it comes back to that list. */
static void filter_query(const struct inbox_filter *f, const char *req_status, char *qs, size_t n)
{
    const char *const keys[] = {"tampil", "kanal", "label", "q", "permohonan"};
    const char *const vals[] = {f->show, f->channel, f->label, f->q, req_status};
    char enc[320];
    size_t len = 0;
    qs[0] = '\0';
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        if (!*vals[i]) continue;
        url_encode(vals[i], enc, sizeof enc);
        int w = snprintf(qs + len, n - len, "%c%s=%s", len ? '&' : '?', keys[i], enc);
        if (w < 0 || (size_t)w >= n - len) { qs[len] = '\0'; break; }
        len += (size_t)w;
    }
}

/* The list's filters as the query string gives them: unknown values (the
 * filters come from a GET form) just show everything. */
static void query_filters(struct req *r, struct inbox_filter *f, const char **req_status)
{
    const char *label = req_arg(r, "label"), *q = req_arg(r, "q");
    *req_status = one_of(req_arg(r, "permohonan"), req_statuses);
    *f = (struct inbox_filter){.show = one_of(req_arg(r, "tampil"), shows), .me = web_actor(r).id,
                               .channel = one_of(req_arg(r, "kanal"), channels),
                               .label = label && strlen(label) <= LABEL_MAX ? label : "",
                               .q = q && strlen(q) <= 100 ? q : "", .request = *req_status};
}

/* What the list's GET form shows: the options and what was picked. Takes
 * labels (the label options). */
static void list_filters(json_t *vm, const struct inbox_filter *f, const char *req_status,
                         json_t *labels)
{
    json_t *fv = json_pack("{s:s, s:s, s:s, s:s}", "tampil", f->show, "kanal", f->channel,
                           "label", f->label, "q", f->q);
    json_object_set_new(fv, "filtered", json_boolean(*f->show || *f->channel || *f->label ||
                                                     *f->q || *req_status));
    /* the less used filters sit folded unless one of them is in use */
    json_object_set_new(fv, "more", json_boolean(*f->channel || *f->label || *req_status));
    json_object_set_new(fv, "permohonan", json_string(req_status));
    char qs[800];
    filter_query(f, req_status, qs, sizeof qs);
    json_object_set_new(fv, "qs", json_string(qs));
    json_t *ro = json_array();
    for (size_t k = 0; req_statuses[k]; k++)
        json_array_append_new(ro, json_pack("{s:s, s:s, s:b}", "value", req_statuses[k], "label",
                                            req_status_label(req_statuses[k]), "selected",
                                            strcmp(req_statuses[k], req_status) == 0));
    json_object_set_new(vm, "request_options", ro);
    json_object_set_new(vm, "f", fv);
    json_object_set_new(vm, "show_options", options(shows, (const char *const[]){
        "Menunggu jawaban saya", "Dipegang saya", "Diteruskan bot, belum ada petugas",
        "Belum ada petugas", "Menunggu jawaban", "Terlambat dari target", NULL}, f->show));
    json_object_set_new(vm, "channel_options", options(channels, (const char *const[]){
        "WhatsApp", "Telegram", "Obrolan portal", NULL}, f->channel));
    json_object_set_new(vm, "label_options", labels);
}

/* SLA marks and the words of each row; drops the rows that are not late
 * when only late ones are asked for. `open` is the conversation shown
 * beside the list (0: none). */
static void list_rows(struct req *r, json_t *list, int late_only, int64_t me, int64_t open)
{
    int first_min, resolve_min;
    inbox_sla_get(r->db, web_office_id(r), &first_min, &resolve_min);
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
        list_row(r, c, me);
        if (jv_int(c, "id") == open) json_object_set_new(c, "open", json_true());
    }
    free(closed);
}

/* Adds the list pane to vm: the office's conversations as the filters of
 * the query string pick them, and the filters. 0, or -1 when the database
 * failed. */
static int list_pane(struct req *r, json_t *vm, int64_t open)
{
    int64_t me = web_actor(r).id;
    struct inbox_filter f;
    const char *req_status;
    query_filters(r, &f, &req_status);
    int late_only = strcmp(f.show, "late") == 0;
    if (late_only) f.show = "";     /* SLA is counted here, in office hours, not in SQL */
    json_t *list = inbox_list(r->db, web_office_id(r), &f);
    json_t *labels = list ? label_options(r, f.label) : NULL;
    if (!labels) {
        json_decref(list);
        return -1;
    }
    list_rows(r, list, late_only, me, open);
    if (late_only) f.show = "late";
    json_object_set_new(vm, "conversations", list);
    json_object_set_new(vm, "me_id", json_integer(me));
    list_filters(vm, &f, req_status, labels);
    return 0;
}

void web_inbox_list(struct req *r)
{
    json_t *vm = web_vm(r, "Percakapan");
    json_object_set_new(vm, "body_class", json_string("inbox-page"));
    if (list_pane(r, vm, 0) != 0) {
        json_decref(vm);
        page_db_down(r);
        return;
    }
    page_render(r, 200, "inbox_list", vm);
}

/* the conversation named in the path, if it belongs to this office; NULL
 * with the 404 or 503 page written */
json_t *inbox_path_conversation(struct req *r)
{
    int64_t id = strtoll(req_param(r, "conversation"), NULL, 10);
    json_t *c;
    int found = inbox_conversation_find(r->db, web_office_id(r), id, &c);
    if (found < 0) page_db_down(r);
    else if (!found) page_error(r, 404, "Percakapan tidak ditemukan.");
    return c;
}

/* Staff who may answer this office's citizens (a role here with the inbox
 * permission), not disabled: the people a conversation can be handed to.
 * NULL when the database failed. */
static json_t *assignees(struct req *r)
{
    json_t *all = staff_of_office(r->db, web_office_id(r)), *s, *role;
    if (!all) return NULL;
    json_t *out = json_array();
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

/* The thread of conversation `conv` with the list filtered as the
 * request's query string says (the forms post to their action with it). */
static void thread_location(struct req *r, int64_t conv, char *loc, size_t n)
{
    struct inbox_filter f;
    const char *req_status;
    char qs[800];
    query_filters(r, &f, &req_status);
    filter_query(&f, req_status, qs, sizeof qs);
    snprintf(loc, n, "/console/o/%s/percakapan/%lld%s", jv_str(r->office, "slug"),
             (long long)conv, qs);
}

/* After a change to one conversation: the thread page again, beside the
 * list as the officer had filtered it. */
void inbox_back_to_thread(struct req *r, json_t *c)
{
    char loc[1000];
    thread_location(r, jv_int(c, "id"), loc, sizeof loc);
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

/* What the thread page is drawn from. Every reference is owned here and
 * dropped in thread_free; the view model takes its own. */
struct thread {
    json_t *c, *keep, *msgs, *files, *staff, *labels, *notes, *reqs;
    int64_t cid, me, holder;
    int window_open;
};

static void thread_free(struct thread *t)
{
    json_t *all[] = {t->c, t->keep, t->msgs, t->files, t->staff, t->labels, t->notes, t->reqs};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) json_decref(all[i]);
}

/* Where an outbound portal-chat message stands for its visitor, in words
 * (status set by channels/webpush.c, notify.c and web/webchat.c). */
static const char *web_status_label(const char *s)
{
    if (strcmp(s, "shown") == 0) return "sudah tampil di obrolan pengunjung";
    if (strcmp(s, "pushed") == 0) return "pemberitahuan dikirim ke peramban pengunjung";
    if (strcmp(s, "whatsapp") == 0) return "pemberitahuan dikirim ke WhatsApp pengunjung";
    return "belum dibuka pengunjung, tanpa pemberitahuan";
}

/* One message as the thread shows it: its time, who wrote it, its delivery
 * status (web: on the portal chat), what the citizen tapped or was
 * offered, an ID-card warning. */
static void thread_message(struct req *r, json_t *m, int web)
{
    char when[96];
    web_fmt_time(r, json_integer_value(json_object_get(m, "at")), when, sizeof when);
    json_object_set_new(m, "when", json_string(when));
    short_time(r, jv_int(m, "at"), 1, when, sizeof when);
    json_object_set_new(m, "when_short", json_string(when));
    json_object_set_new(m, "in", json_boolean(strcmp(jv_str(m, "direction"), "in") == 0));
    json_object_set_new(m, "bot", json_boolean(strcmp(jv_str(m, "author"), "bot") == 0));
    json_object_set_new(m, "status_label", json_string(web ? web_status_label(jv_str(m, "status"))
                                                           : status_label(jv_str(m, "status"))));
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
    /* *bold*, _italic_, links: escaped first, then the tags (render/wafmt.c) */
    char *html = wafmt_html(jv_str(m, "body"));
    json_object_set_new(m, "body_html", html ? tpl_safe_html(html) : json_string(jv_str(m, "body")));
    free(html);
}

/* A chip above the first message of each day, as WhatsApp Web draws it:
 * "Hari ini", "Kemarin", else "Senin, 30 November 2026" (the office's
 * time zone). msgs are oldest first. */
static void day_chips(struct req *r, json_t *msgs)
{
    int today = request_today(r->office, r->now), prev = 0;
    size_t i;
    json_t *m;
    json_array_foreach(msgs, i, m) {
        int day = request_today(r->office, jv_int(m, "at"));
        if (day == prev) continue;
        prev = day;
        char d[64];
        if (day == today) snprintf(d, sizeof d, "Hari ini");
        else if (day == cal_date_add_days(today, -1)) snprintf(d, sizeof d, "Kemarin");
        else cal_format_date_id(day, d, sizeof d);
        json_object_set_new(m, "day_label", json_string(d));
    }
}

/* The requests this conversation led to, with their status and ETA. */
static void thread_requests(struct req *r, json_t *reqs)
{
    int today = request_today(r->office, r->now);
    size_t i;
    json_t *q;
    json_array_foreach(reqs, i, q) {
        const char *st = jv_str(q, "status");
        int eta = (int)json_integer_value(json_object_get(q, "eta_date"));
        char d[64] = "";
        if (eta) cal_format_date_id(eta, d, sizeof d);
        json_object_set_new(q, "eta_text", json_string(d));
        /* the label of its pickup stage: "Selesai" when nothing is collected */
        struct pickup_view pv;
        const char *label, *next;
        if (notify_status_words(r->db, r->office, q, r->now, &pv, &label, &next) != 0)
            label = reqtype_status_label(jv_str(q, "request_type"), st);
        pickup_view_free(&pv);
        json_object_set_new(q, "status_label", json_string(label));
        json_object_set_new(q, "overdue", json_boolean(req_status_running(st) && eta > 0 &&
                                                       eta < today));
    }
}

/* Everything the page lists. 0, or -1 when the database failed: the page
 * must not pass an unread list off as an empty one. */
static int thread_load(struct req *r, struct thread *t)
{
    t->msgs = inbox_messages(r->db, t->cid);
    t->files = inbox_files(r->db, t->cid);
    t->staff = assignees(r);
    t->labels = inbox_labels(r->db, t->cid);
    t->notes = inbox_notes(r->db, t->cid);
    t->reqs = inbox_requests(r->db, t->cid);
    if (!t->msgs || !t->files || !t->staff || !t->labels || !t->notes || !t->reqs) return -1;
    size_t i;
    json_t *m;
    int web = strcmp(jv_str(t->c, "channel"), "web") == 0;
    json_array_foreach(t->msgs, i, m) thread_message(r, m, web);
    day_chips(r, t->msgs);
    json_array_foreach(t->staff, i, m)
        json_object_set_new(m, "selected", json_boolean(jv_int(m, "id") == t->holder));
    json_array_foreach(t->notes, i, m) {
        char when[96];
        web_fmt_time(r, json_integer_value(json_object_get(m, "at")), when, sizeof when);
        json_object_set_new(m, "when", json_string(when));
    }
    thread_requests(r, t->reqs);
    return 0;
}

/* The conversation's own flags: channel, state, the WhatsApp window, who
 * holds it. */
static void thread_conversation(struct req *r, struct thread *t)
{
    json_t *c = t->c;
    int wa = strcmp(jv_str(c, "channel"), "whatsapp") == 0;
    int64_t last_in = json_integer_value(json_object_get(c, "last_inbound_at"));
    t->window_open = !wa || r->now - last_in <= WA_WINDOW;
    json_object_set_new(c, "channel_label", json_string(channel_label(jv_str(c, "channel"))));
    json_object_set_new(c, "state_label", json_string(state_label(jv_str(c, "state"))));
    json_object_set_new(c, "human", json_boolean(strcmp(jv_str(c, "state"), "human") == 0));
    json_object_set_new(c, "closed", json_boolean(strcmp(jv_str(c, "state"), "closed") == 0));
    json_object_set_new(c, "reason_label", json_string(reason_label(jv_str(c, "reason"))));
    if (wa && t->window_open) {
        char until[96];
        web_fmt_time(r, last_in + WA_WINDOW, until, sizeof until);
        json_object_set_new(c, "window_until", json_string(until));
    }
    json_object_set_new(c, "mine", json_boolean(t->holder == t->me));
    json_object_set_new(c, "other", json_boolean(t->holder && t->holder != t->me));
}

/* How long the citizen has waited, against the office's targets. 0 or -1. */
static int thread_sla(struct req *r, struct thread *t)
{
    json_t *c = t->c;
    int64_t since = inbox_wait_since(r->db, t->cid);
    int first_min, resolve_min;
    if (since < 0 || inbox_sla_get(r->db, web_office_id(r), &first_min, &resolve_min) != 0)
        return -1;
    json_object_set_new(c, "wait_since", json_integer(since));
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
    return 0;
}

/* The thread page; keep (stolen, may be NULL) holds what a refused form
 * had typed, e.g. {"note": ...}, shown again in its box. c is stolen. */
void inbox_thread_page(struct req *r, json_t *c, const char *error, const char *text,
                       json_t *keep)
{
    struct thread t = {.c = c, .keep = keep ? keep : json_object(), .cid = jv_int(c, "id"),
                       .me = web_actor(r).id, .holder = jv_int(c, "assigned_to")};
    char *picked = NULL;
    if (thread_load(r, &t) != 0 || thread_sla(r, &t) != 0) {
        page_db_down(r);
        goto out;
    }
    thread_conversation(r, &t);
    json_t *vm = web_vm(r, "Percakapan");
    if (list_pane(r, vm, t.cid) != 0) {
        json_decref(vm);
        page_db_down(r);
        goto out;
    }
    json_object_set_new(vm, "body_class", json_string("inbox-page inbox-open"));
    json_object_set(vm, "assignees", t.staff);
    json_object_set(vm, "labels", t.labels);
    json_object_set(vm, "notes", t.notes);
    json_object_set_new(vm, "me_id", json_integer(t.me));
    json_object_set(vm, "c", t.c);
    json_object_set(vm, "messages", t.msgs);
    json_object_set(vm, "files", t.files);
    json_object_set_new(vm, "window_open", json_boolean(t.window_open));
    json_object_set_new(vm, "web", json_boolean(strcmp(jv_str(c, "channel"), "web") == 0));
    json_object_set_new(vm, "can_reply", json_boolean((r->perms & PERM_INBOX) && t.window_open &&
                                                      !json_is_true(json_object_get(c, "blocked"))));
    json_object_set(vm, "requests", t.reqs);
    if (error) json_object_set_new(vm, "error", json_string(error));
    picked = inbox_reply_options(r, vm, c, t.window_open, text);
    json_object_set_new(vm, "text", json_string(picked ? picked : text ? text : ""));
    json_object_set(vm, "keep", t.keep);
    page_render(r, error ? 422 : 200, "inbox_thread", vm);
out:
    free(picked);
    thread_free(&t);
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
    if (rc == 0) rc = push_queue_message(r->db, channel, id);
    /* a staff reply takes the conversation over from the bot */
    if (rc == 0) rc = inbox_take_over(r->db, conv, a.id, r->now);
    if (rc == 0) live_publish(r->db, office, "message", conv, NULL);
    if (rc == 0 && db_commit(r->db) == 0) {
        workers_wake();
        char loc[1000];
        thread_location(r, conv, loc, sizeof loc);
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
    if (rc == 0) rc = inbox_set_state(r->db, conv, state, a.id, r->now);
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
