/* inbox_actions: what staff can send or do on a thread besides a typed
 * reply: a standard answer from the catalogue (the bot's own text for that
 * service, checklist included), an approved WhatsApp template once the
 * 24-hour window has closed, a message scheduled for later, and moving the
 * conversation one level up the office's escalation chain. A portal-chat
 * visitor can be written to later only where they will hear of it: typed
 * text with a browser notification, an approved template on the WhatsApp
 * number they left (web_reach, web_schedule_refusal). */
#include "bot/bot.h"
#include "channels/botenv.h"
#include "channels/config.h"
#include "channels/notify.h"
#include "channels/send.h"
#include "core/calendar.h"
#include "core/chat.h"
#include "core/request.h"
#include "core/reqtype.h"
#include "db/row.h"
#include "db/store_audit.h"
#include "db/store_chat.h"
#include "db/store_inbox.h"
#include "db/store_service.h"
#include "db/store_staff.h"
#include "db/store_job.h"
#include "http/fields.h"
#include "http/form.h"
#include "jobs/worker.h"
#include "live/live.h"
#include "http/page.h"
#include "web/inbox_view.h"
#include "web/web.h"
#include "util/jv.h"
#include "channels/webpush.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCHEDULE_MAX_DAYS 30

int64_t inbox_window_end(const json_t *c)
{
    return jv_int(c, "last_inbound_at") + WA_WINDOW;
}

/* The bot's answer for service `slug`, exactly as a citizen tapping it
 * would get it (malloc'd), or NULL when the office has no such service. */
static char *standard_answer(struct req *r, const char *slug)
{
    struct bot_env e;
    if (botenv_load(r->db, web_office_id(r), r->now, &e) != 0) return NULL;
    char choice[80];
    snprintf(choice, sizeof choice, "svc:%s", slug);
    /* a scratch dialogue state: the real conversation's is left alone */
    json_t *state = json_pack("{s:b}", "greeted", 1);
    struct bot_input in = {.choice = choice};
    struct bot_decision d;
    char *text = NULL;
    if (bot_decide(e.cat, &e.o, state, &in, &d) == 0) {
        if (d.intent == BI_SERVICE && d.service && strcmp(d.service, slug) == 0 && d.reply.text)
            text = strdup(d.reply.text);
        bot_decision_free(&d);
    }
    json_decref(state);
    botenv_free(&e);
    return text;
}

/* Which template staff picked: "followup" or "status:<request id>" of a
 * request of this conversation. Fills kind/body/payload; 0 or -1. */
static int pick_template(struct req *r, const json_t *c, const char *which, char *body, size_t n,
                         json_t **payload)
{
    *payload = NULL;
    if (strcmp(which, "followup") == 0) {
        const char *office = jv_str(r->office, "name");
        snprintf(body, n, "[Templat tindak lanjut] %s ingin menindaklanjuti percakapan Anda. "
                 "Balas pesan ini agar petugas dapat melanjutkan.", office);
        *payload = channel_template_payload(r->db, web_office_id(r), "followup",
                                            json_pack("[o]", channel_template_param(office)));
        return 0;
    }
    if (strncmp(which, "status:", 7) != 0) return -1;
    int64_t id = strtoll(which + 7, NULL, 10);
    json_t *reqs = inbox_requests(r->db, jv_int(c, "id")), *q;
    size_t i;
    int rc = -1;
    json_array_foreach(reqs, i, q) {
        if (jv_int(q, "id") != id) continue;
        /* the words of its pickup stage, as the notice and the status page */
        struct pickup_view pv;
        const char *label, *next;
        if (notify_status_words(r->db, r->office, q, r->now, &pv, &label, &next) == 0) {
            snprintf(body, n, "[Templat status] %s %s (%s): %s. %s",
                     reqtype_noun(jv_str(q, "request_type")), jv_str(q, "number"),
                     jv_str(q, "service_name"), label, next);
            *payload = channel_template_payload(r->db, web_office_id(r), "status",
                channel_status_params(jv_str(q, "number"), jv_str(q, "service_name"), label,
                                      next));
            rc = 0;
        }
        pickup_view_free(&pv);
    }
    json_decref(reqs);
    return rc;
}

/* How this portal-chat visitor hears of a message while away from the
 * page, as vm's "reach" {code, label, detail, notified}: the thread says it
 * by the reply box, and API clients read the same. The reach (enum
 * web_reach), or -1 when the database failed (then nothing is said). */
static int web_reach(struct req *r, json_t *vm, const json_t *c)
{
    const char *phone = jv_str(c, "phone");
    int reach = notify_web_reach(r->db, web_office_id(r), jv_int(c, "contact_id"), phone);
    if (reach < 0) return -1;
    json_object_set_new(vm, "reach", json_pack("{s:s, s:s, s:s, s:b}",
        "code", chat_reach_code(reach), "label", chat_reach_label(reach),
        "detail", chat_reach_detail(reach, *phone != 0), "notified", reach == WEB_REACH_BROWSER));
    return reach;
}

/* Why a message cannot be scheduled for this portal-chat visitor, or NULL
 * when it can: typed text reaches them only through a browser
 * notification; on the WhatsApp number they left only an approved
 * template arrives (they never wrote to the office's number, so WhatsApp
 * opens no 24-hour window for free text). */
static const char *web_schedule_refusal(int reach, int has_phone, int tpl)
{
    if (reach < 0) return "Cara menghubungi pengunjung ini belum dapat diperiksa. Coba lagi sebentar.";
    if (tpl ? reach == WEB_REACH_WHATSAPP : reach == WEB_REACH_BROWSER) return NULL;
    if (reach == WEB_REACH_BROWSER)
        return "Pengunjung ini menerima pemberitahuan di peramban: jadwalkan pesan biasa, bukan "
               "templat WhatsApp.";
    if (reach == WEB_REACH_WHATSAPP)
        return "Pesan ketikan untuk pengunjung ini tidak dapat dijadwalkan: ia tidak menyalakan "
               "pemberitahuan di peramban, dan ke nomor WhatsApp yang ia tinggalkan hanya dapat "
               "dikirim pesan resmi yang sudah disetujui, karena ia belum pernah menulis ke nomor "
               "WhatsApp kantor. Gunakan “Kirim templat nanti”, atau minta ia menyalakan "
               "pemberitahuan di kotak obrolan.";
    if (has_phone)
        return "Pesan untuk pengunjung ini tidak dapat dijadwalkan: ia tidak menyalakan "
               "pemberitahuan di peramban, dan nomor WhatsApp yang ia tinggalkan belum dapat "
               "dipakai karena WhatsApp kantor belum tersambung, jadi pesan nanti baru terlihat bila "
               "ia membuka obrolan lagi. Penjadwalan dapat dipakai setelah WhatsApp kantor "
               "tersambung, atau bila pengunjung menyalakan pemberitahuan di kotak obrolan.";
    return "Pesan untuk pengunjung ini tidak dapat dijadwalkan: ia tidak menyalakan pemberitahuan "
           "di peramban dan tidak meninggalkan nomor WhatsApp, jadi pesan nanti tidak akan sampai "
           "kepadanya; ia baru melihatnya bila membuka obrolan lagi. Penjadwalan dapat dipakai bila "
           "pengunjung menyalakan pemberitahuan di kotak obrolan (tombol “Beri tahu saya kalau "
           "ada balasan”) atau meninggalkan nomor WhatsApp.";
}

char *inbox_reply_options(struct req *r, json_t *vm, json_t *c, int window_open, const char *text)
{
    /* the office's services for the standard-answer picker */
    const char *pick = req_arg(r, "jawaban");
    json_t *all = service_list(r->db, web_office_id(r), 0), *s, *list = json_array();
    size_t i;
    json_array_foreach(all, i, s)
        json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "slug", jv_str(s, "slug"), "name",
                                              jv_str(s, "name"), "selected",
                                              pick && strcmp(pick, jv_str(s, "slug")) == 0));
    json_decref(all);
    json_object_set_new(vm, "services", list);
    char *picked = NULL;
    if (pick && *pick && (!text || !*text) && window_open) {
        picked = standard_answer(r, pick);
        if (!picked)
            json_object_set_new(vm, "answer_error", json_string(
                "Layanan itu tidak ada atau tidak aktif di kantor ini; jawaban standar tidak "
                "dimasukkan."));
    }
    /* after WhatsApp's window, and for a portal-chat visitor reached only
     * on the number they left: only approved templates */
    int wa = strcmp(jv_str(c, "channel"), "whatsapp") == 0;
    int web = strcmp(jv_str(c, "channel"), "web") == 0;
    int reach = web ? web_reach(r, vm, c) : -1;
    int later_tpl = (wa && !window_open) || reach == WEB_REACH_WHATSAPP;
    if (later_tpl && !json_is_true(json_object_get(c, "blocked"))) {
        json_t *t = json_array(), *q;
        json_array_append_new(t, json_pack("{s:s, s:s}", "value", "followup", "label",
                                           "Tindak lanjut percakapan"));
        json_array_foreach(json_object_get(vm, "requests"), i, q) {
            char v[40], l[200];
            snprintf(v, sizeof v, "status:%lld", (long long)jv_int(q, "id"));
            snprintf(l, sizeof l, "Status permohonan %s (%s)", jv_str(q, "number"),
                     jv_str(q, "status_label"));
            json_array_append_new(t, json_pack("{s:s, s:s}", "value", v, "label", l));
        }
        json_object_set_new(vm, "templates", t);
        json_object_set(vm, "later_templates", t);    /* offered for later too */
    }
    json_t *sch = inbox_scheduled(r->db, jv_int(c, "id")), *m;
    json_array_foreach(sch, i, m) {
        char when[96];
        web_fmt_time(r, jv_int(m, "run_at"), when, sizeof when);
        json_object_set_new(m, "when", json_string(when));
    }
    json_object_set_new(vm, "scheduled", sch ? sch : json_array());
    json_object_set_new(vm, "can_schedule", json_boolean(
        web ? reach == WEB_REACH_BROWSER : !json_is_true(json_object_get(c, "blocked"))));
    if (web && reach != WEB_REACH_BROWSER)
        json_object_set_new(vm, "schedule_note", json_string(
            web_schedule_refusal(reach, *jv_str(c, "phone") != 0, 0)));
    return picked;
}

/* One outbound staff message now: the message row, its send job, the
 * conversation taken over; in the caller's transaction. */
static int send_now(struct req *r, const json_t *c, const char *kind, const char *body,
                    const char *payload)
{
    struct actor a = web_actor(r);
    int64_t conv = jv_int(c, "id");
    int64_t id = chat_message_out(r->db, web_office_id(r), jv_str(c, "channel"), conv, kind, body,
                                  payload, a.name, a.id, r->now);
    int rc = id > 0 ? 0 : -1;
    if (rc == 0 && strcmp(jv_str(c, "channel"), "web") != 0)
        rc = job_add(r->db, "send", web_office_id(r), id, NULL, 0);
    if (rc == 0) rc = push_queue_message(r->db, jv_str(c, "channel"), id);
    if (rc == 0) rc = inbox_take_over(r->db, conv, a.id, r->now);
    if (rc == 0) rc = live_publish(r->db, web_office_id(r), "message", conv, NULL);
    return rc;
}

void web_inbox_template(struct req *r)
{
    json_t *c = inbox_path_conversation(r);
    if (!c) return;
    const char *error = NULL;
    char body[1200];
    json_t *payload = NULL;
    if (strcmp(jv_str(c, "channel"), "whatsapp") != 0)
        error = "Templat hanya dipakai di WhatsApp.";
    else if (json_is_true(json_object_get(c, "blocked")))
        error = "Warga ini tidak dapat dihubungi lewat kanal ini.";
    else if (pick_template(r, c, req_field(r, "template"), body, sizeof body, &payload) != 0)
        error = "Pilih templat yang tersedia untuk percakapan ini.";
    if (error) { inbox_thread_page(r, c, error, NULL, NULL); return; }
    char *p = json_dumps(payload, JSON_COMPACT);
    json_decref(payload);
    int rc = p ? db_begin(r->db) : -1;
    if (rc == 0) rc = send_now(r, c, "template", body, p);
    free(p);
    if (rc != 0 || db_commit(r->db) != 0) { json_decref(c); web_db_fail(r); return; }
    workers_wake();
    inbox_back_to_thread(r, c);
}

/* ---- escalation ----------------------------------------------------- */

void web_inbox_escalate(struct req *r)
{
    json_t *c = inbox_path_conversation(r);
    if (!c) return;
    json_t *chain = escalation_get(r->db, web_office_id(r)), *m;
    int64_t holder = jv_int(c, "assigned_to");
    size_t i, at = 0;
    int found = 0;
    /* one level above the current holder; level 1 when nobody in the
     * chain holds it yet */
    json_array_foreach(chain, i, m)
        if (jv_int(m, "staff_id") == holder) { at = i + 1; found = 1; }
    if (!found) at = 0;
    json_t *next = json_array_get(chain, at);
    if (!json_array_size(chain) || !next) {
        const char *e = !json_array_size(chain)
            ? "Kantor ini belum mengatur rantai eskalasi (menu Staf → Eskalasi)."
            : "Percakapan ini sudah dipegang tingkat eskalasi tertinggi.";
        json_decref(chain);
        inbox_thread_page(r, c, e, NULL, NULL);
        return;
    }
    int64_t to = jv_int(next, "staff_id");
    struct actor a = web_actor(r);
    int64_t conv = jv_int(c, "id");
    char cid[24];
    snprintf(cid, sizeof cid, "%lld", (long long)conv);
    json_t *before = json_pack("{s:I, s:s}", "assigned_to", (json_int_t)holder, "assigned_name",
                               jv_str(c, "assigned_name"));
    json_t *after = json_pack("{s:I, s:s, s:I}", "assigned_to", (json_int_t)to, "assigned_name",
                              jv_str(next, "full_name"), "level", (json_int_t)jv_int(next, "level"));
    json_t *extra = json_pack("{s:I, s:s, s:s}", "staff", (json_int_t)to, "name",
                              jv_str(next, "full_name"), "by", jv_str(r->me, "full_name"));
    int rc = db_begin(r->db);
    if (rc == 0) rc = inbox_assign(r->db, conv, to);
    if (rc == 0) rc = audit_append(r->db, &a, web_office_id(r), "conversation.escalate",
                                   "conversation", cid, before, after, r->now);
    if (rc == 0) rc = live_publish(r->db, web_office_id(r), "assign", conv, extra);
    json_decref(before);
    json_decref(after);
    json_decref(extra);
    json_decref(chain);
    if (rc != 0 || db_commit(r->db) != 0) { json_decref(c); web_db_fail(r); return; }
    inbox_back_to_thread(r, c);
}

/* ---- later ---------------------------------------------------------- */

/* "2026-11-30T08:30" (what <input type=datetime-local> posts) in the
 * office's time zone -> epoch seconds; -1 when malformed. */
static int64_t parse_local(struct req *r, const char *s)
{
    int date, hh, mm;
    char d[11];
    if (strlen(s) != 16 || s[10] != 'T' || s[13] != ':') return -1;
    memcpy(d, s, 10);
    d[10] = 0;
    if (cal_parse_date(d, &date) != 0) return -1;
    if (s[11] < '0' || s[11] > '2' || s[12] < '0' || s[12] > '9' || s[14] < '0' || s[14] > '5' ||
        s[15] < '0' || s[15] > '9') return -1;
    hh = (s[11] - '0') * 10 + s[12] - '0';
    mm = (s[14] - '0') * 10 + s[15] - '0';
    if (hh > 23) return -1;
    struct week_hours w;
    struct calendar cal;
    int *closed;
    inbox_sla_calendar(r, &w, &cal, &closed);
    free(closed);
    return cal_utc_of(&cal, date, hh * 60 + mm);
}

/* Why this message for later is refused, or NULL: the form's checks, who
 * can be reached, the time, the template (its body and payload filled in)
 * or text, WhatsApp's window. msg holds a refusal composed here. */
static const char *schedule_refusal(struct req *r, const json_t *c, int64_t at, const char *tpl,
                                    const char *text, char *body, size_t bn, json_t **payload,
                                    char *msg, size_t mn)
{
    const char *channel = jv_str(c, "channel");
    int wa = strcmp(channel, "whatsapp") == 0, web = strcmp(channel, "web") == 0;
    const char *error = form_first_error(r);     /* characters and length: web/specs.c */
    if (error) return error;
    if (web) {
        int reach = notify_web_reach(r->db, web_office_id(r), jv_int(c, "contact_id"),
                                     jv_str(c, "phone"));
        error = web_schedule_refusal(reach, *jv_str(c, "phone") != 0, *tpl != 0);
        if (error) return error;
    }
    if (json_is_true(json_object_get(c, "blocked")))
        return "Warga ini tidak dapat dihubungi lewat kanal ini.";
    if (at < 0) return "Isi tanggal dan jam pengiriman (waktu kantor).";
    if (at <= r->now) return "Waktu pengiriman harus setelah sekarang.";
    if (at > r->now + SCHEDULE_MAX_DAYS * 86400)
        return "Pesan hanya dapat dijadwalkan paling lama 30 hari ke depan.";
    if (*tpl)
        return (!wa && !web) || pick_template(r, c, tpl, body, bn, payload) != 0
            ? "Pilih templat yang tersedia untuk percakapan ini." : NULL;
    if (!*text) return "Tulis pesan yang akan dikirim nanti.";
    if (wa && at > inbox_window_end(c)) {
        char end[96];
        web_fmt_time(r, inbox_window_end(c), end, sizeof end);
        snprintf(msg, mn, "Pada waktu itu jendela 24 jam WhatsApp sudah tertutup "
                 "(berakhir %s), jadi pesan bebas tidak akan sampai. Pilih waktu sebelumnya, "
                 "atau jadwalkan templat.", end);
        return msg;
    }
    return NULL;
}

void web_inbox_schedule(struct req *r)
{
    json_t *c = inbox_path_conversation(r);
    if (!c) return;
    const char *when = req_field(r, "when"), *tpl = req_field(r, "template");
    const char *raw = req_field(r, "text");
    size_t n = strlen(raw) + 1;
    char *text = malloc(n);
    if (!text) { json_decref(c); web_db_fail(r); return; }
    bot_mask(raw, text, n);            /* never a NIK back into a chat */
    size_t len = strlen(text);
    while (len && strchr(" \t\r\n", text[len - 1])) text[--len] = '\0';
    char *start = text + strspn(text, " \t\r\n");
    memmove(text, start, strlen(start) + 1);
    int64_t at = parse_local(r, when);
    char body[1200], msg[400];
    json_t *payload = NULL;
    const char *error = schedule_refusal(r, c, at, tpl, text, body, sizeof body, &payload, msg,
                                         sizeof msg);
    if (error) {
        json_decref(payload);
        inbox_thread_page(r, c, error, text, json_pack("{s:s}", "when", when));
        free(text);
        return;
    }
    char *p = payload ? json_dumps(payload, JSON_COMPACT) : strdup("{}");
    json_decref(payload);
    struct actor a = web_actor(r);
    int64_t conv = jv_int(c, "id");
    int rc = p ? db_begin(r->db) : -1;
    int64_t id = rc == 0 ? inbox_schedule_add(r->db, web_office_id(r), conv, *tpl ? "template"
                                              : "text", *tpl ? body : text, p, a.id, a.name, at,
                                              r->now) : -1;
    if (id < 0) rc = -1;
    if (rc == 0) rc = job_add(r->db, "scheduled", web_office_id(r), id, NULL, at * 1000);
    if (rc == 0) rc = live_publish(r->db, web_office_id(r), "note", conv, NULL);
    free(p);
    free(text);
    if (rc != 0 || db_commit(r->db) != 0) { json_decref(c); web_db_fail(r); return; }
    inbox_back_to_thread(r, c);
}

void web_inbox_schedule_cancel(struct req *r)
{
    json_t *c = inbox_path_conversation(r);
    if (!c) return;
    int64_t id = req_int(r, "id");
    int rc = db_begin(r->db);
    int got = rc == 0 ? inbox_schedule_cancel(r->db, jv_int(c, "id"), id) : -1;
    if (got == 0) rc = live_publish(r->db, web_office_id(r), "note", jv_int(c, "id"), NULL);
    if (got < 0 || rc != 0 || db_commit(r->db) != 0) { json_decref(c); web_db_fail(r); return; }
    if (got == 1) {
        inbox_thread_page(r, c, "Pesan itu sudah terkirim atau sudah dibatalkan.", NULL, NULL);
        return;
    }
    inbox_back_to_thread(r, c);
}
