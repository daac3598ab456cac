/* reminder: see reminder.h. */
#include "channels/reminder.h"
#include "channels/config.h"
#include "channels/notify.h"
#include "channels/send.h"
#include "core/calendar.h"
#include "db/store_chat.h"
#include "db/store_office.h"
#include "db/store_pickup.h"
#include "db/store_request.h"
#include "util/jv.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

int reminder_send(db_t *db, int64_t booking_id, int64_t now)
{
    json_t *b = pickup_booking_get(db, booking_id);
    if (!b) return 0;                   /* the booking is gone: nothing to remind */
    int rc = 0;
    json_t *office = office_get_id(db, jv_int(b, "office_id"));
    json_t *r = office ? request_get(db, jv_int(b, "office_id"), jv_int(b, "request_id")) : NULL;
    json_t *conv = NULL;
    int date = (int)jv_int(b, "date"), today = office ? request_today(office, now) : 0;
    /* collected early, already past, or nobody to tell on a chat */
    if (!r || json_is_true(json_object_get(b, "reminded")) ||
        strcmp(jv_str(r, "status"), "selesai") != 0 || date < today || jv_int(r, "contact_id") == 0 ||
        json_is_true(json_object_get(r, "contact_blocked")) || !*jv_str(r, "channel"))
        goto out;
    /* claimed first: a second worker, or a rerun after a crash before the
     * job was marked done, finds it taken and sends nothing */
    rc = pickup_mark_reminded(db, booking_id);
    if (rc <= 0) goto out;
    int64_t office_id = jv_int(office, "id");
    const char *channel = jv_str(r, "channel");
    /* into the contact's current conversation, where a reply will land */
    conv = chat_conversation_open(db, office_id, jv_int(r, "contact_id"), now);
    if (!conv) { rc = -1; goto out; }
    char when[160], day[32];
    notify_pickup_when(date, (int)jv_int(b, "start_min"), (int)jv_int(b, "end_min"), when, sizeof when);
    /* a job that ran late (a worker was down) must not say "besok" */
    if (date == cal_date_add_days(today, 1)) snprintf(day, sizeof day, "besok, ");
    else if (date == today) snprintf(day, sizeof day, "hari ini, ");
    else day[0] = '\0';
    char text[1024];
    snprintf(text, sizeof text,
             "Pengingat: %s%s Anda dijadwalkan mengambil dokumen %s (nomor *%s*) di %s. "
             "Bawa KTP asli dan tanda terima atau nomor permohonan ini. Bila berhalangan, "
             "balas pesan ini agar kami bantu mengatur jadwal lain.",
             day, when, jv_str(r, "service_name"), jv_str(r, "number"), jv_str(office, "name"));
    json_t *payload = NULL;
    if (strcmp(channel, "whatsapp") == 0 && now - jv_int(r, "last_inbound_at") > WA_WINDOW)
        payload = channel_template_payload(db, office_id, "reminder",
                                           json_pack("[s, s]", jv_str(r, "number"), when));
    int64_t mid = notify_queue(db, office_id, channel, jv_int(conv, "id"),
                               payload ? "template" : "text", text, payload, now);
    json_decref(payload);
    rc = mid < 0 ? -1 : 1;
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
