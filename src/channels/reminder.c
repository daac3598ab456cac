/* reminder: see reminder.h. */
#include "channels/reminder.h"
#include "channels/send.h"
#include "core/calendar.h"
#include "core/request.h"
#include "db/store_chat.h"
#include "db/store_office.h"
#include "db/store_pickup.h"
#include "db/store_request.h"
#include "jobs/queue.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *str(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

static int64_t num(const json_t *o, const char *k)
{
    return json_integer_value(json_object_get(o, k));
}

/* The template the office configured for reminders, else the default.
 * Names are checked so a typo in the settings cannot put anything but a
 * template name into the API call. */
static void template_of(db_t *db, int64_t office_id, char name[128], char lang[16])
{
    snprintf(name, 128, "%s", REMINDER_TEMPLATE);
    snprintf(lang, 16, "id");
    json_t *ch = channel_get(db, office_id, "whatsapp");
    json_t *s = ch ? json_loads(str(ch, "settings"), 0, NULL) : NULL;
    json_t *t = json_object_get(json_object_get(s, "templates"), "reminder");
    const char *n = str(t, "name"), *l = str(t, "language");
    if (*n && strlen(n) < 128 && strspn(n, "abcdefghijklmnopqrstuvwxyz0123456789_") == strlen(n))
        snprintf(name, 128, "%s", n);
    if (*l && strlen(l) < 16 && strspn(l, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
                                    == strlen(l))
        snprintf(lang, 16, "%s", l);
    json_decref(s);
    json_decref(ch);
}

int reminder_send(db_t *db, int64_t booking_id, int64_t now)
{
    json_t *b = pickup_booking_get(db, booking_id);
    if (!b) return 0;
    int rc = 0;
    json_t *office = office_get_id(db, num(b, "office_id"));
    json_t *r = office ? request_get(db, num(b, "office_id"), num(b, "request_id")) : NULL;
    json_t *conv = NULL;
    int date = (int)num(b, "date"), today = office ? request_today(office, now) : 0;
    /* collected early, cancelled, already past, or nobody to tell on a chat */
    if (!r || json_is_true(json_object_get(b, "reminded")) ||
        strcmp(str(r, "status"), "selesai") != 0 || date < today || num(r, "contact_id") == 0 ||
        json_is_true(json_object_get(r, "contact_blocked")) || !*str(r, "channel"))
        goto out;
    /* claim it first: a second worker (or a rerun after a crash before the
     * job was marked done) finds it taken and sends nothing */
    rc = pickup_mark_reminded(db, booking_id);
    if (rc <= 0) goto out;
    int64_t office_id = num(office, "id");
    const char *channel = str(r, "channel");
    /* into the contact's current conversation, where a reply will land */
    conv = chat_conversation_open(db, office_id, num(r, "contact_id"), now);
    if (!conv) { rc = -1; goto out; }
    char day[64], time_s[32], when[96];
    cal_format_date_id(date, day, sizeof day);
    int sm = (int)num(b, "start_min"), em = (int)num(b, "end_min");
    snprintf(time_s, sizeof time_s, "%02d.%02d–%02d.%02d", sm / 60, sm % 60, em / 60, em % 60);
    if (date == cal_date_add_days(today, 1)) snprintf(when, sizeof when, "besok, %s,", day);
    else if (date == today) snprintf(when, sizeof when, "hari ini, %s,", day);
    else snprintf(when, sizeof when, "pada %s", day);
    char text[1024];
    snprintf(text, sizeof text,
             "Pengingat: %s pukul %s Anda dijadwalkan mengambil dokumen %s (nomor %s) di %s. "
             "Bawa KTP asli dan nomor permohonan ini. Bila berhalangan, balas pesan ini agar "
             "kami bantu atur jadwal lain.",
             when, time_s, str(r, "service_name"), str(r, "number"), str(office, "name"));
    const char *kind = "text";
    json_t *payload = NULL;
    if (strcmp(channel, "whatsapp") == 0 && now - num(r, "last_inbound_at") > WA_WINDOW) {
        char name[128], lang[16];
        template_of(db, office_id, name, lang);
        payload = json_pack("{s:{s:s, s:s, s:[s, s, s, s, s]}}", "template", "name", name,
                            "language", lang, "params", day, time_s, str(r, "service_name"),
                            str(r, "number"), str(office, "name"));
        kind = "template";
    }
    char *ps = payload ? json_dumps(payload, JSON_COMPACT) : NULL;
    json_decref(payload);
    int64_t mid = chat_message_out(db, office_id, channel, num(conv, "id"), kind, text,
                                   ps ? ps : "{}", "bot", 0, now);
    free(ps);
    if (mid < 0) { rc = -1; goto out; }
    /* the portal chat's browser fetches its messages; other channels are sent */
    if (strcmp(channel, "web") != 0 && job_add(db, "send", office_id, mid, NULL, 0) != 0) {
        rc = -1;
        goto out;
    }
    rc = 1;
out:
    json_decref(conv);
    json_decref(r);
    json_decref(office);
    json_decref(b);
    return rc;
}

void reminder_job(db_t *db, const struct job *j, struct job_result *res)
{
    if (db_begin(db) != 0) {
        res->verdict = JOB_RETRY;
        snprintf(res->error, sizeof res->error, "basis data sibuk");
        return;
    }
    int rc = reminder_send(db, j->ref_id, time(NULL));
    if (rc >= 0 && db_commit(db) == 0) {
        if (rc > 0) workers_wake();     /* the send job */
        return;
    }
    db_rollback(db);
    res->verdict = JOB_RETRY;
    snprintf(res->error, sizeof res->error, "pengingat pengambilan belum dapat dikirim: %s",
             db_errmsg(db));
}
