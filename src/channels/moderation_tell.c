/* moderation_tell: see moderation_tell.h. */
#include "channels/moderation_tell.h"
#include "channels/botenv.h"
#include "channels/broadcast.h"
#include "channels/config.h"
#include "channels/notify.h"
#include "core/broadcast.h"
#include "db/store_chat.h"
#include "db/store_content.h"
#include "db/store_moderation.h"
#include "db/store_office.h"
#include "util/jv.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

#define TELL_SUMMARY_MAX 300

/* The template's four texts: office, title, summary, link. */
static void link_of(const json_t *office, const json_t *item, char *out, size_t n)
{
    const char *base = botenv_base_url();
    snprintf(out, n, "%s/o/%s/berita/%s", base ? base : "", jv_str(office, "slug"),
             jv_str(item, "slug"));
}

static json_t *params_of(const json_t *office, const json_t *item)
{
    char link[700], cut[TELL_SUMMARY_MAX * 4 + 8];
    link_of(office, item, link, sizeof link);
    broadcast_summary_cut(jv_str(item, "summary"), TELL_SUMMARY_MAX, cut, sizeof cut);
    return json_pack("[o, o, o, o]", channel_template_param(jv_str(office, "name")),
                     channel_template_param(jv_str(item, "title")), channel_template_param(cut),
                     channel_template_param(link));
}

/* Queues the notice on the channel the reporter left (WhatsApp: the
 * approved template, they may never have written to the office's number;
 * Telegram: text, a bot may write to whoever started it). 1 queued, 0
 * nobody can be reached, <0 on error. */
static int tell(db_t *db, const json_t *e, const json_t *office, const json_t *item, int64_t now)
{
    int64_t office_id = jv_int(e, "office_id");
    const char *ch = jv_str(e, "contact_channel");
    int tg = strcmp(ch, "telegram") == 0;
    int on = channel_active(db, office_id, tg ? "telegram" : "whatsapp");
    if (on <= 0) return on;
    char text[1200], link[700];
    link_of(office, item, link, sizeof link);
    snprintf(text, sizeof text, "Klarifikasi atas kabar yang Anda laporkan sudah terbit: %s\n%s",
             jv_str(item, "title"), link);
    json_t *p = tg ? NULL : channel_template_payload(db, office_id, BROADCAST_TEMPLATE,
                                                     params_of(office, item));
    int64_t contact = chat_contact_upsert(db, office_id, tg ? "telegram" : "whatsapp",
                                          jv_str(e, "contact"), jv_str(e, "author_name"), 0, now);
    json_t *conv = contact > 0 && (tg || p) ? chat_conversation_open(db, office_id, contact, now)
                                            : NULL;
    int64_t mid = conv ? notify_queue(db, office_id, tg ? "telegram" : "whatsapp",
                                      jv_int(conv, "id"), tg ? "text" : "template", text, p, now)
                       : -1;
    json_decref(conv);
    json_decref(p);
    return mid > 0 ? 1 : -1;
}

static int tell_entry(db_t *db, int64_t id, int64_t office_id, int64_t now)
{
    json_t *e = NULL, *item = NULL, *office = office_get_id(db, office_id);
    int rc = office ? mod_find(db, office_id, id, &e) : -1;
    if (rc == DB_ROW) rc = content_find(db, office_id, jv_int(e, "clarification_id"), &item);
    if (rc == DB_ROW) {
        rc = tell(db, e, office, item, now);
        if (rc >= 0)
            rc = mod_told(db, e, rc ? "Pelapor dikabari lewat chat."
                                    : "Pelapor tidak dapat dikabari: kanal kantor "
                                      "belum aktif.", now);
    }
    json_decref(e);
    json_decref(item);
    json_decref(office);
    return rc;
}

void mod_tell_job(db_t *db, const struct job *j, struct job_result *res)
{
    int rc = db_begin(db);
    if (rc == 0) rc = tell_entry(db, j->ref_id, j->office_id, time(NULL));
    if (rc >= 0 && db_commit(db) == 0) {
        workers_wake();
        return;
    }
    db_rollback(db);
    res->verdict = JOB_RETRY;
    snprintf(res->error, sizeof res->error, "pelapor hoaks belum dapat dikabari: %s",
             db_errmsg(db));
}
