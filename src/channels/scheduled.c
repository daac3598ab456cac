/* scheduled: see scheduled.h. The window was checked when staff scheduled
 * a free text (the citizen's last message only moves later), and send.c
 * checks it again before anything leaves. On the portal chat the message
 * is stored for the visitor's chat and pushed to their browser; a template
 * there goes to the WhatsApp number they left (channels/notify.h). */
#include "channels/scheduled.h"
#include "channels/notify.h"
#include "db/store_chat.h"
#include "db/store_inbox.h"
#include "live/live.h"
#include "util/jv.h"
#include "channels/webpush.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

void scheduled_job(db_t *db, const struct job *j, struct job_result *res)
{
    json_t *m = inbox_schedule_get(db, j->ref_id);
    if (!m || strcmp(jv_str(m, "state"), "waiting") != 0) {   /* cancelled, or done before */
        json_decref(m);
        return;
    }
    int64_t now = time(NULL);
    int64_t office = json_integer_value(json_object_get(m, "office_id"));
    int64_t conv = json_integer_value(json_object_get(m, "conversation_id"));
    int rc = db_begin(db);
    int64_t id = rc == 0 ? chat_message_out(db, office, jv_str(m, "channel"), conv, jv_str(m, "kind"),
                                            jv_str(m, "body"), jv_str(m, "payload"), jv_str(m, "author"),
                                            json_integer_value(json_object_get(m, "staff_id")), now)
                         : -1;
    if (id < 0) rc = -1;
    /* the row moves on only if it is still waiting: a cancel that won the
     * race keeps the message from going out (the transaction rolls back) */
    if (rc == 0) rc = inbox_schedule_done(db, j->ref_id, id, now);
    if (rc == 0 && strcmp(jv_str(m, "channel"), "web") != 0)
        rc = job_add(db, "send", office, id, NULL, 0);
    if (rc == 0) rc = push_queue_message(db, jv_str(m, "channel"), id);
    /* a template for a portal-chat visitor goes to the WhatsApp number they
     * left, unless a browser notification reaches them by now */
    if (rc == 0 && strcmp(jv_str(m, "channel"), "web") == 0 &&
        strcmp(jv_str(m, "kind"), "template") == 0) {
        json_t *p = json_loads(jv_str(m, "payload"), 0, NULL);
        rc = p ? notify_web_whatsapp(db, office, jv_int(m, "contact_id"), jv_str(m, "phone"),
                                     id, jv_str(m, "body"), p, now) : -1;
        json_decref(p);
    }
    if (rc == 0) rc = live_publish(db, office, "message", conv, NULL);
    if (rc == 0 && db_commit(db) == 0) {
        workers_wake();
    } else {
        db_rollback(db);
        if (rc < 0) {
            res->verdict = JOB_RETRY;
            snprintf(res->error, sizeof res->error, "Pesan terjadwal belum dapat disiapkan: %s",
                     db_errmsg(db));
        }
    }
    json_decref(m);
}
