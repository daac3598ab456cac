/* notify: see notify.h. */
#include "channels/notify.h"
#include "channels/botenv.h"
#include "channels/config.h"
#include "channels/inbound.h"
#include "channels/send.h"
#include "core/calendar.h"
#include "core/chat.h"
#include "core/request.h"
#include "core/reqtype.h"
#include "db/store_chat.h"
#include "db/store_pickup.h"
#include "db/store_push.h"
#include "db/store_request.h"
#include "db/store_survey.h"
#include "db/store_job.h"
#include "util/jv.h"
#include "channels/webpush.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A growing message text; on allocation failure it stays NULL and the
 * caller reports an error. */
struct text {
    char *p;
    size_t len;
};

static void add(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(struct text *t, const char *fmt, ...)
{
    if (!t->p && t->len) return;
    va_list ap;
    va_start(ap, fmt);
    char *more = NULL;
    int n = vasprintf(&more, fmt, ap);
    va_end(ap);
    char *np = n >= 0 ? realloc(t->p, t->len + (size_t)n + 1) : NULL;
    if (!np) {
        free(more);
        free(t->p);
        t->p = NULL;
        t->len = 1;     /* marks the failure */
        return;
    }
    memcpy(np + t->len, more, (size_t)n + 1);
    t->p = np;
    t->len += (size_t)n;
    free(more);
}

int64_t notify_queue(db_t *db, int64_t office_id, const char *channel, int64_t conversation_id,
                     const char *kind, const char *text, const json_t *payload, int64_t now)
{
    char *ps = payload ? json_dumps(payload, JSON_COMPACT) : NULL;
    int64_t id = chat_message_out(db, office_id, channel, conversation_id, kind, text,
                                  ps ? ps : "{}", "bot", 0, now);
    free(ps);
    if (id > 0 && strcmp(channel, "web") != 0 && job_add(db, "send", office_id, id, NULL, 0) != 0)
        return -1;
    if (id > 0 && push_queue_message(db, channel, id) != 0) return -1;
    return id;
}

json_t *notify_survey_payload(int64_t request_id)
{
    static const char *const label[] = {"", "Sangat tidak puas", "Tidak puas", "Cukup", "Puas",
                                        "Sangat puas"};
    json_t *rows = json_array();
    for (int n = 5; n >= 1; n--) {
        char id[48], title[48];
        snprintf(id, sizeof id, "ikm:%lld:%d", (long long)request_id, n);
        snprintf(title, sizeof title, "%d — %s", n, label[n]);
        json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:i}", "id", id, "title", title,
                                              "description", "", "section", 0));
    }
    return json_pack("{s:o, s:[], s:s}", "rows", rows, "sections", "list_button", "Beri nilai");
}

json_t *notify_pickup_payload(db_t *db, const json_t *office, int64_t now)
{
    json_t *offer = pickup_offer(db, office, now, 10);
    if (!json_array_size(offer)) {
        json_decref(offer);
        return NULL;
    }
    json_t *rows = json_array();
    size_t i;
    json_t *o;
    json_array_foreach(offer, i, o) {
        char desc[64];
        snprintf(desc, sizeof desc, "Sisa %lld tempat", (long long)jv_int(o, "left"));
        json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:i}", "id", jv_str(o, "id"),
                                              "title", jv_str(o, "title"), "description", desc,
                                              "section", 0));
    }
    json_decref(offer);
    return json_pack("{s:o, s:[], s:s}", "rows", rows, "sections", "list_button", "Pilih jadwal");
}

void notify_pickup_when(int date, int start_min, int end_min, char *out, size_t n)
{
    char d[64];
    cal_format_date_id(date, d, sizeof d);
    snprintf(out, n, "%s pukul %02d.%02d–%02d.%02d", d, start_min / 60, start_min % 60,
             end_min / 60, end_min % 60);
}

/* Outside WhatsApp's 24-hour window only an approved template arrives. */
static int outside_window(const json_t *r, int64_t now)
{
    return strcmp(jv_str(r, "channel"), "whatsapp") == 0 &&
           now - jv_int(r, "last_inbound_at") > WA_WINDOW;
}

/* What is still missing of a kurang_lengkap request: the checklist items
 * petugas_verifikasi judged kurang or salah. */
static void missing_items(db_t *db, const json_t *r, struct text *t)
{
    json_t *items = request_items(db, jv_int(r, "id"));
    json_t *cl = json_object_get(r, "checklist");
    size_t i;
    json_t *it;
    int first = 1;
    json_array_foreach(items, i, it) {
        const char *v = jv_str(it, "verdict");
        if (strcmp(v, "kurang") != 0 && strcmp(v, "salah") != 0) continue;
        const char *what = jv_str(json_array_get(cl, (size_t)jv_int(it, "item")), "item");
        if (first) add(t, "\n\nYang perlu dilengkapi:");
        first = 0;
        add(t, "\n- %s (%s)", *what ? what : "Dokumen", req_verdict_label(v));
        if (*jv_str(it, "note")) add(t, ": %s", jv_str(it, "note"));
    }
    json_decref(items);
}

/* The survey after the end of a request, once: the interactive list, or
 * the survey template outside the window. Remembers in the conversation
 * that an answer is expected. */
static int send_survey(db_t *db, const json_t *r, json_t *conv, int64_t now)
{
    int64_t office_id = jv_int(r, "office_id"), rid = jv_int(r, "id");
    const char *channel = jv_str(r, "channel");
    int rc = survey_open(db, office_id, rid, channel, now);
    if (rc <= 0) return rc;
    int64_t conv_id = jv_int(conv, "id");
    int64_t mid;
    if (outside_window(r, now)) {
        json_t *p = channel_template_payload(db, office_id, "survey",
            json_pack("[o, o]", channel_template_param(jv_str(r, "number")),
                      channel_template_param(jv_str(r, "service_name"))));
        char text[400];
        snprintf(text, sizeof text, "Survei kepuasan untuk %s %s (%s).",
                 reqtype_noun(jv_str(r, "request_type")), jv_str(r, "number"),
                 jv_str(r, "service_name"));
        mid = notify_queue(db, office_id, channel, conv_id, "template", text, p, now);
        json_decref(p);
    } else {
        json_t *p = notify_survey_payload(rid);
        /* "permohonan", "pengaduan" or "konsultasi" */
        char noun[32], text[600];
        snprintf(noun, sizeof noun, "%s", reqtype_noun(jv_str(r, "request_type")));
        noun[0] = (char)(noun[0] - 'A' + 'a');
        snprintf(text, sizeof text,
                 "Terima kasih telah menggunakan layanan kami. Seberapa puas Anda dengan pelayanan "
                 "%s *%s* (%s)? Pilih nilai 1–5, atau ketik angkanya.", noun,
                 jv_str(r, "number"), jv_str(r, "service_name"));
        mid = notify_queue(db, office_id, channel, conv_id, "interactive", text, p, now);
        json_decref(p);
    }
    if (mid < 0) return -1;
    json_t *bs = json_object_get(conv, "bot_state");
    /* the bot reads a typed "4" or "puas" as a rating while survey_pending
     * is true; channels/intake.c stores it for survey_request */
    json_object_set_new(bs, "survey_pending", json_true());
    json_object_set_new(bs, "survey_request", json_integer(rid));
    json_object_del(bs, "survey_comment");
    return chat_conversation_save(db, conv_id, jv_str(conv, "state"), bs, "", now) == 0 ? 0 : -1;
}

int notify_status_words(db_t *db, const json_t *office, const json_t *r, int64_t now,
                        struct pickup_view *pv, const char **label, const char **next)
{
    const char *type = jv_str(r, "request_type"), *status = jv_str(r, "status");
    *label = reqtype_status_label(type, status);
    *next = reqtype_next_step(type, status);
    if (pickup_view_of(db, office, r, now, 1, pv) != 0) return -1;
    if (req_pickup_label(pv->stage)) *label = req_pickup_label(pv->stage);
    if (req_pickup_step(pv->stage)) *next = req_pickup_step(pv->stage);
    return 0;
}

/* A status notice as it is worded: the request's pickup, and the label
 * and next step of its stage (notify_status_words). */
struct notice {
    struct pickup_view pv;
    const char *label, *next;
};

/* The notice's next step, and where slots can be chosen, the list (into
 * *slots, inside the window) or the portal's page for it. 0 or -1. */
static int pickup_text(db_t *db, const json_t *office, const json_t *r, int64_t now,
                       const struct notice *n, struct text *t, json_t **slots)
{
    add(t, "\n\n%s", n->next);
    /* selesai inside the window: the citizen picks the pickup time right here */
    if (n->pv.stage != PICKUP_OPEN) {
        /* nothing to choose */
    } else if (!outside_window(r, now) && (*slots = notify_pickup_payload(db, office, now)) != NULL)
        add(t, "\n\nSilakan pilih jadwal pengambilan dari daftar di bawah ini.");
    else
        /* no list here (outside the window the template goes instead): the
         * portal's page, with the pickup code, offers the same slots */
        add(t, "\n\nJadwal pengambilan dapat dipilih di %s/o/%s/status?nomor=%s&kode=%s",
            botenv_base_url(), jv_str(office, "slug"), jv_str(r, "number"), jv_str(r, "pin"));
    return t->p ? 0 : -1;
}

/* The notice's words: the new status, the expected date, the officer's
 * note, what is still missing (with a private upload link for it) and
 * the next step; and for a finished document, how to pick the pickup
 * time, with the list of slots into *slots when it can go inside the
 * window. 0, or -1 on error. */
static int status_text(db_t *db, const json_t *office, const json_t *r, int64_t conv_id,
                       int64_t now, const struct notice *n, struct text *t, json_t **slots)
{
    const char *status = jv_str(r, "status"), *note = jv_str(r, "reason");
    /* a complaint or consultation in its own words, without pickup */
    const char *type = jv_str(r, "request_type");
    add(t, "%s *%s* (%s): *%s*.", reqtype_noun(type), jv_str(r, "number"), jv_str(r, "service_name"),
        n->label);
    int eta = (int)jv_int(r, "eta_date");
    if (req_status_running(status) && eta) {
        char d[64];
        cal_format_date_id(eta, d, sizeof d);
        add(t, "\nPerkiraan selesai: %s.", d);
    }
    if (strcmp(status, "ditolak") == 0 && *note) add(t, "\n\nAlasan: %s", note);
    else if (*note) add(t, "\n\nCatatan petugas: %s", note);
    if (strcmp(status, "kurang_lengkap") == 0) {
        missing_items(db, r, t);
        char token[65];
        if (chat_upload_link(db, jv_int(office, "id"), conv_id, now, UPLOAD_LINK_TTL, token) != 0)
            return -1;
        add(t, "\n\nKirim kekurangannya melalui tautan pribadi ini (berlaku 24 jam): %s/unggah/%s",
            botenv_base_url(), token);
    }
    return pickup_text(db, office, r, now, n, t, slots);
}

/* Queues the notice: with the pickup list (remembered in the
 * conversation, for the tap), as the status template outside WhatsApp's
 * window (its words those of the notice), or as plain text. The
 * message's id, or -1. */
static int64_t queue_notice(db_t *db, const json_t *r, json_t *conv, const char *text,
                            const struct notice *n, json_t *slots, int64_t now)
{
    int64_t office_id = jv_int(r, "office_id"), conv_id = jv_int(conv, "id"), mid;
    const char *channel = jv_str(r, "channel");
    if (slots) {
        mid = notify_queue(db, office_id, channel, conv_id, "interactive", text, slots, now);
        json_t *bs = json_object_get(conv, "bot_state");
        json_object_set_new(bs, "pickup_request", json_integer(jv_int(r, "id")));
        if (mid > 0 && chat_conversation_save(db, conv_id, jv_str(conv, "state"), bs, "", now) != 0)
            mid = -1;
    } else if (outside_window(r, now)) {
        json_t *p = channel_template_payload(db, office_id, "status",
            channel_status_params(jv_str(r, "number"), jv_str(r, "service_name"), n->label,
                                  n->next));
        mid = notify_queue(db, office_id, channel, conv_id, "template", text, p, now);
        json_decref(p);
    } else {
        mid = notify_queue(db, office_id, channel, conv_id, "text", text, NULL, now);
    }
    return mid;
}

int notify_web_reach(db_t *db, int64_t office_id, int64_t contact_id, const char *phone)
{
    int64_t subs = 0;
    if (push_sub_count(db, contact_id, &subs) != 0) return -1;
    if (subs > 0) return WEB_REACH_BROWSER;
    if (!phone || !*phone) return WEB_REACH_NONE;
    int on = channel_active(db, office_id, "whatsapp");
    return on < 0 ? -1 : on ? WEB_REACH_WHATSAPP : WEB_REACH_NONE;
}

int notify_web_whatsapp(db_t *db, int64_t office_id, int64_t contact_id, const char *phone,
                        int64_t web_message_id, const char *text, const json_t *payload,
                        int64_t now)
{
    int reach = notify_web_reach(db, office_id, contact_id, phone);
    if (reach != WEB_REACH_WHATSAPP) return reach < 0 ? -1 : 0;
    int64_t contact = chat_contact_upsert(db, office_id, "whatsapp", phone, "", 0, now);
    json_t *conv = contact > 0 ? chat_conversation_open(db, office_id, contact, now) : NULL;
    if (!conv) return -1;
    int64_t mid = notify_queue(db, office_id, "whatsapp", jv_int(conv, "id"), "template", text,
                               payload, now);
    json_decref(conv);
    if (mid <= 0) return -1;
    /* the chat's copy: the inbox says where the visitor heard of it */
    return chat_message_status(db, web_message_id, "whatsapp", 0, NULL, now) == 0 ? 0 : -1;
}

/* A portal-chat citizen who left a WhatsApp number and has no Web Push
 * (the browser refused, or they never asked for it) hears of the new
 * status on WhatsApp too, when the office has it: the approved status
 * template (notify_web_whatsapp). 0 (sent, or nothing to do), <0. */
static int web_by_whatsapp(db_t *db, const json_t *r, const struct notice *n, int64_t mid,
                           const char *text, int64_t now)
{
    if (strcmp(jv_str(r, "channel"), "web") != 0 || !*jv_str(r, "contact_phone")) return 0;
    json_t *p = channel_template_payload(db, jv_int(r, "office_id"), "status",
        channel_status_params(jv_str(r, "number"), jv_str(r, "service_name"), n->label, n->next));
    int rc = notify_web_whatsapp(db, jv_int(r, "office_id"), jv_int(r, "contact_id"),
                                 jv_str(r, "contact_phone"), mid, text, p, now);
    json_decref(p);
    return rc;
}

int notify_request_status(db_t *db, const json_t *office, int64_t request_id, int64_t event_id,
                          int64_t now)
{
    int64_t office_id = jv_int(office, "id");
    json_t *r = request_get(db, office_id, request_id);
    if (!r) return -1;
    int rc = 0;
    json_t *conv = NULL, *slots = NULL;
    struct text t = {0};
    struct notice n = {0};
    /* a walk-in without a chat, or a contact the platform says we cannot
     * reach: staff tell them in person */
    if (jv_int(r, "contact_id") == 0 || json_is_true(json_object_get(r, "contact_blocked")) ||
        !*jv_str(r, "channel"))
        goto out;
    /* the notice goes to the contact's current conversation, where their
     * next message (and a survey answer) will land */
    conv = chat_conversation_open(db, office_id, jv_int(r, "contact_id"), now);
    if (!conv || notify_status_words(db, office, r, now, &n.pv, &n.label, &n.next) != 0 ||
        status_text(db, office, r, jv_int(conv, "id"), now, &n, &t, &slots) != 0) {
        rc = -1;
        goto out;
    }
    int64_t mid = queue_notice(db, r, conv, t.p, &n, slots, now);
    if (mid < 0 || (event_id > 0 && request_event_message(db, event_id, mid) != 0) ||
        web_by_whatsapp(db, r, &n, mid, t.p, now) != 0) {
        rc = -1;
        goto out;
    }
    int due = survey_due(db, r, jv_str(r, "status"));
    if (due < 0) rc = -1;
    else if (due) rc = send_survey(db, r, conv, now) < 0 ? -1 : 0;
out:
    pickup_view_free(&n.pv);
    json_decref(slots);
    free(t.p);
    json_decref(conv);
    json_decref(r);
    return rc;
}
