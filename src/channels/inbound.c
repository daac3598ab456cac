/* inbound: see inbound.h. */
#include "channels/inbound.h"
#include "bot/bot.h"
#include "channels/botenv.h"
#include "channels/intake.h"
#include "core/request.h"
#include "db/store_chat.h"
#include "channels/ingest.h"
#include "db/store_job.h"
#include "live/live.h"
#include "util/log.h"
#include "util/jv.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The portal chat is anonymous and a visitor can open a fresh chat at
 * will, so the links its bot hands out are capped per office an hour
 * (BALAI_WEB_UPLOAD_LINKS, 60); past it the warning goes without a link
 * and the conversation goes to staff, who decide. */
static int link_allowed(db_t *db, int64_t office_id, const char *channel, int64_t now)
{
    if (strcmp(channel, "web") != 0) return 1;
    const char *e = getenv("BALAI_WEB_UPLOAD_LINKS");
    int64_t cap = e && *e ? strtoll(e, NULL, 10) : 60;
    int64_t made = chat_upload_links_since(db, office_id, channel, now - 3600);
    return made >= 0 && made < cap;
}

/* The interactive parts of a reply as stored with the outbound message
 * (channels/whatsapp.c and telegram.c render them). */
static json_t *reply_payload(const struct bot_reply *r)
{
    json_t *p = json_object();
    if (r->nrows) {
        json_t *rows = json_array(), *secs = json_array();
        for (int i = 0; i < r->nrows; i++)
            json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:i}", "id", r->rows[i].id,
                "title", r->rows[i].title, "description", r->rows[i].desc,
                "section", r->rows[i].section));
        for (int i = 0; i < r->nsections; i++)
            json_array_append_new(secs, json_string(r->section_title[i]));
        json_object_set_new(p, "rows", rows);
        json_object_set_new(p, "sections", secs);
        json_object_set_new(p, "list_button", json_string(r->list_button));
    }
    if (r->nbuttons) {
        json_t *bs = json_array();
        for (int i = 0; i < r->nbuttons; i++)
            json_array_append_new(bs, json_pack("{s:s, s:s}", "id", r->buttons[i].id,
                                                "title", r->buttons[i].title));
        json_object_set_new(p, "buttons", bs);
    }
    return p;
}

/* Queues a reply of ours (intake.c): interactive when it has a payload. */
static int64_t queue_reply(db_t *db, int64_t office_id, const char *channel, int64_t conv_id,
                           const char *text, const json_t *payload, int64_t now)
{
    char *ps = payload ? json_dumps(payload, JSON_COMPACT) : NULL;
    int64_t id = chat_message_out(db, office_id, channel, conv_id, payload ? "interactive" : "text",
                                  text ? text : "", ps ? ps : "{}", "bot", 0, now);
    free(ps);
    if (id > 0 && strcmp(channel, "web") != 0 && job_add(db, "send", office_id, id, NULL, 0) != 0)
        return -1;
    return id;
}

/* The rows and buttons of our own payload (reply_payload's shape) into a
 * bot reply, so that they go out as the bot's would. */
static void payload_into_reply(const json_t *p, struct bot_reply *r)
{
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(p, "rows"), i, x) {
        if (r->nrows >= BOT_ROWS_MAX) break;
        struct bot_row *row = &r->rows[r->nrows++];
        snprintf(row->id, sizeof row->id, "%s", jv_str(x, "id"));
        snprintf(row->title, sizeof row->title, "%s", jv_str(x, "title"));
        snprintf(row->desc, sizeof row->desc, "%s", jv_str(x, "description"));
        row->section = (int)json_integer_value(json_object_get(x, "section"));
    }
    json_array_foreach(json_object_get(p, "sections"), i, x) {
        if (r->nsections >= BOT_ROWS_MAX) break;
        snprintf(r->section_title[r->nsections++], sizeof r->section_title[0], "%s",
                 json_string_value(x) ? json_string_value(x) : "");
    }
    snprintf(r->list_button, sizeof r->list_button, "%s", jv_str(p, "list_button"));
    json_array_foreach(json_object_get(p, "buttons"), i, x) {
        if (r->nbuttons >= BOT_BUTTONS_MAX) break;
        struct bot_button *b = &r->buttons[r->nbuttons++];
        snprintf(b->id, sizeof b->id, "%s", jv_str(x, "id"));
        snprintf(b->title, sizeof b->title, "%s", jv_str(x, "title"));
    }
}

/* Puts our own answer in place of the bot's. */
static void replace_reply(struct bot_decision *d, json_t *state, struct intake_reply *ir)
{
    free(d->reply.text);
    d->reply.text = ir->text;
    ir->text = NULL;
    d->reply.nrows = d->reply.nbuttons = d->reply.nsections = 0;
    payload_into_reply(ir->payload, &d->reply);
    json_object_del(state, "options");
    intake_reply_free(ir);
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* After the bot: a typed survey rating is stored, a status question is
 * answered from the office's requests (the bot alone could only hand it to
 * staff), and a document service's answer offers to apply right here. */
static int after_bot(db_t *db, const struct intake_msg *im, struct bot_decision *d)
{
    struct intake_reply ir = {0};
    char number[REQ_NUMBER_MAX];
    int has_number = req_number_find(im->text, number, sizeof number);
    int rc = 0;
    if (d->intent == BI_SURVEY_ANSWER && d->rating) {
        rc = intake_survey_rating(db, im, d->rating, &ir);
        if (rc > 0) replace_reply(d, im->state, &ir);
        if (rc < 0) return -1;
        if (rc > 0) return 0;
    }
    /* the bot drops survey_pending on any other message: so do we */
    if (!json_is_true(json_object_get(im->state, "survey_pending")))
        json_object_del(im->state, "survey_request");
    /* a complaint is registered in the chat like a request, unless the
     * message held a NIK: then the bot's warning goes first. More words
     * about an open complaint go to the officer handling it. */
    if (d->intent == BI_COMPLAINT && !d->sensitive) {
        int more = intake_complaint_more(db, im, &ir);
        if (more == 0) intake_reply_free(&ir);
        if (more == 0 && intake_complaint_start(db, im, im->text, &ir) < 0) more = -1;
        if (more < 0) {
            intake_reply_free(&ir);
            return -1;
        }
        replace_reply(d, im->state, &ir);
        d->handover = more > 0;
        return 0;
    }
    if (has_number || d->intent == BI_STATUS) {
        const char *remembered = json_string_value(json_object_get(im->state, "reg_number"));
        if (!has_number && !(remembered && req_number_find(remembered, number, sizeof number)))
            number[0] = '\0';
        if (intake_status(db, im, number, &ir) < 0) {
            intake_reply_free(&ir);
            return -1;
        }
        replace_reply(d, im->state, &ir);
        d->handover = 0;
        return 0;
    }
    char name[300];
    if (d->service && d->reply.text && !d->reply.nrows && !d->reply.nbuttons &&
        intake_offerable(db, json_integer_value(json_object_get(im->office, "id")), d->service,
                         name, sizeof name)) {
        /* WhatsApp shows a button only under a body of at most 1024
         * characters; a longer answer says what to type instead */
        if (utf8_chars(d->reply.text) <= 1024) {
            d->reply.nbuttons = 1;
            snprintf(d->reply.buttons[0].id, sizeof d->reply.buttons[0].id, "ajukan:%s",
                     d->service);
            snprintf(d->reply.buttons[0].title, sizeof d->reply.buttons[0].title,
                     "Ajukan permohonan");
        } else {
            char *t = NULL;
            if (asprintf(&t, "%s\n\nIngin mengajukan permohonan ini lewat chat? Ketik *mau "
                             "ajukan*.", d->reply.text) < 0)
                return -1;
            free(d->reply.text);
            d->reply.text = t;
        }
    }
    return 0;
}

/* Our own dialogues: a tap on one of our interactive messages (applying,
 * the pickup list, the survey) or the answer to a question such a dialogue
 * just asked (name and RT/RW, the survey comment). */
static int own_dialogue(const char *choice, const json_t *bs)
{
    if (choice && (strncmp(choice, "ajukan:", 7) == 0 || strncmp(choice, "ikm:", 4) == 0 ||
                   strncmp(choice, "slot:", 5) == 0 || strncmp(choice, "aduan:", 6) == 0))
        return 1;
    return *jv_str(bs, "intake_step") || json_integer_value(json_object_get(bs, "survey_comment"));
}

/* A location the citizen shared (WhatsApp): its coordinates, from the
 * message's payload, for the complaint dialogue. */
static void shared_location(const json_t *m, struct intake_msg *im)
{
    if (strcmp(jv_str(m, "kind"), "location") != 0) return;
    json_t *p = json_loads(jv_str(m, "payload"), 0, NULL);
    json_t *lat = json_object_get(p, "latitude"), *lon = json_object_get(p, "longitude");
    if (json_is_number(lat) && json_is_number(lon)) {
        im->located = 1;
        im->lat = json_number_value(lat);
        im->lon = json_number_value(lon);
    }
    json_decref(p);
}

/* The rating in a typed answer to the awaited survey ("4", "nilai 5",
 * "2, lama sekali"), read by the bot on a scratch copy of the state so
 * that nothing else of its decision counts: 1..5, 0 when it is no rating,
 * <0 on error. */
static int typed_rating(const struct bot_env *env, const json_t *bs, const char *text)
{
    json_t *scratch = json_deep_copy(bs);
    if (!scratch) return -1;
    struct bot_input in = { .text = text };
    struct bot_decision d;
    int rc = bot_decide(env->cat, &env->o, scratch, &in, &d);
    json_decref(scratch);
    if (rc != 0) return -1;
    int rating = d.intent == BI_SURVEY_ANSWER ? d.rating : 0;
    bot_decision_free(&d);
    return rating;
}

/* A typed answer while a survey waits and a person has the conversation:
 * the rating is stored as with the bot; anything else is for the officer
 * and ends the wait, as the bot's own reading does. 1 answered, 0 not a
 * rating, <0 on error. */
static int human_survey(db_t *db, const struct bot_env *env, const struct intake_msg *im,
                        struct intake_reply *ir)
{
    int rating = *im->text ? typed_rating(env, im->state, im->text) : 0;
    if (rating < 0) return -1;
    if (rating > 0) {
        int rc = intake_survey_rating(db, im, rating, ir);
        if (rc != 0) return rc;
    }
    json_object_del(im->state, "survey_pending");
    json_object_del(im->state, "survey_request");
    return 0;
}

/* A survey waits for a typed answer. */
static int survey_waiting(const char *choice, const json_t *bs)
{
    return !choice && json_is_true(json_object_get(bs, "survey_pending")) &&
           json_integer_value(json_object_get(bs, "survey_request"));
}

/* A NIK/KK number sent while a person has the conversation: the channel
 * masked it already; the citizen is still told, with a private upload
 * link, as the bot would have done (staff may answer hours later). */
static int64_t warn_sensitive(db_t *db, int64_t office_id, const char *channel,
                              int64_t conv_id, int64_t now)
{
    char token[65], url[512];
    if (chat_upload_link(db, office_id, conv_id, now, UPLOAD_LINK_TTL, token) != 0) return -1;
    snprintf(url, sizeof url, "%s/unggah/%s", botenv_base_url(), token);
    char *text = bot_sensitive_warning(url, 0);
    int64_t id = text ? queue_reply(db, office_id, channel, conv_id, text, NULL, now) : -1;
    free(text);
    return id;
}

/* While a person has the conversation the bot keeps quiet, but our own
 * dialogues go on: staff cannot book a slot or answer the survey for the
 * citizen, and silence would leave the tap (or the typed rating)
 * unanswered; and a NIK is warned about (warn_sensitive). The conversation
 * stays with the person. Returns the reply's id, 0 when there is nothing to
 * answer, <0 on error. */
static int64_t while_human(db_t *db, json_t *m, const json_t *conv, int64_t contact,
                           const char *choice, int64_t now)
{
    int64_t office_id = json_integer_value(json_object_get(m, "office_id"));
    int64_t conv_id = json_integer_value(json_object_get(conv, "id"));
    const char *state = jv_str(conv, "state");
    json_t *bs = json_object_get(conv, "bot_state");
    int64_t reply_id = 0;
    int own = own_dialogue(choice, bs);
    if (own || survey_waiting(choice, bs)) {
        struct bot_env env;
        if (botenv_load(db, office_id, now, &env) != 0) return -1;
        /* a photo's caption is not an answer, as in process() */
        const char *kind = jv_str(m, "kind");
        int media = strcmp(kind, "image") == 0 || strcmp(kind, "document") == 0;
        struct intake_msg im = {
            .office = env.office, .contact_id = contact, .conversation_id = conv_id,
            .channel = jv_str(m, "channel"), .text = media ? "" : jv_str(m, "body"), .choice = choice,
            .sensitive = json_is_true(json_object_get(m, "sensitive")), .state = bs, .now = now,
            .media = media, .contact_name = jv_str(m, "sender_name"),
        };
        shared_location(m, &im);
        struct intake_reply ir;
        memset(&ir, 0, sizeof ir);
        int taken = own ? intake_before_bot(db, &im, &ir) : human_survey(db, &env, &im, &ir);
        if (taken > 0)
            reply_id = queue_reply(db, office_id, im.channel, conv_id, ir.text, ir.payload, now);
        else if (taken < 0)
            reply_id = -1;
        intake_reply_free(&ir);
        botenv_free(&env);
    }
    if (reply_id == 0 && json_is_true(json_object_get(m, "sensitive")))
        reply_id = warn_sensitive(db, office_id, jv_str(m, "channel"), conv_id, now);
    if (reply_id >= 0 && chat_conversation_save(db, conv_id, state, bs, "", now) != 0)
        reply_id = -1;
    return reply_id;
}

static int64_t process(db_t *db, json_t *m, int64_t now)
{
    int64_t id = json_integer_value(json_object_get(m, "id"));
    int64_t office_id = json_integer_value(json_object_get(m, "office_id"));
    const char *channel = jv_str(m, "channel");
    int64_t at = json_integer_value(json_object_get(m, "sent_at"));
    int64_t contact = chat_contact_upsert(db, office_id, channel, jv_str(m, "sender"),
                                          jv_str(m, "sender_name"), at, now);
    if (contact < 0) return -1;
    json_t *conv = chat_conversation_open(db, office_id, contact, now);
    if (!conv) return -1;
    int64_t conv_id = json_integer_value(json_object_get(conv, "id"));
    int64_t reply_id = 0;
    if (db_run(db, "UPDATE message SET conversation_id = ?, status = 'done', updated_at = ? "
                   "WHERE id = ?", "iii", conv_id, now, id) != 0 ||
        live_publish(db, office_id, "message", conv_id, NULL) != 0)    /* sent at commit */
        goto fail;
    json_t *payload = json_loads(jv_str(m, "payload"), 0, NULL);
    /* a Telegram button press is acknowledged whoever answers it */
    const char *cb = json_string_value(json_object_get(payload, "callback_id"));
    if (cb && *cb) {
        json_t *cp = json_pack("{s:s}", "callback_id", cb);
        char *cps = json_dumps(cp, JSON_COMPACT);
        json_decref(cp);
        int bad = !cps || job_add(db, "callback", office_id, id, cps, 0) != 0;
        free(cps);
        if (bad) {
            json_decref(payload);
            goto fail;
        }
    }
    /* images and documents are fetched now: platforms keep them only for days */
    if ((json_object_get(payload, "media_id") || json_object_get(payload, "file_id")) &&
        job_add(db, "media", office_id, id, NULL, 0) != 0) {
        json_decref(payload);
        goto fail;
    }
    const char *state = jv_str(conv, "state");
    json_t *bs = json_object_get(conv, "bot_state");
    if (strcmp(state, "bot") != 0) {    /* a person has taken over */
        reply_id = while_human(db, m, conv, contact,
                               json_string_value(json_object_get(payload, "choice")), now);
        json_decref(payload);
        json_decref(conv);
        return reply_id;
    }
    const char *kind = jv_str(m, "kind");
    struct bot_input in = {
        .text = jv_str(m, "body"),
        .choice = json_string_value(json_object_get(payload, "choice")),
        .has_image = strcmp(kind, "image") == 0,
        .has_document = strcmp(kind, "document") == 0,
        .sensitive = json_is_true(json_object_get(m, "sensitive")),
    };
    if (in.has_image || in.has_document) {
        in.caption = in.text;
        in.text = "";
    }
    /* a voice note, sticker or anything without words: the bot cannot read
     * it, so it says so instead of guessing (WhatsApp's "unsupported" too) */
    int located = strcmp(kind, "location") == 0 && *jv_str(bs, "intake_step");
    if (!*in.text && !in.choice && !in.has_image && !in.has_document && !located) {
        json_decref(payload);
        reply_id = chat_message_out(db, office_id, channel, conv_id, "text",
            "Maaf, pesan suara, stiker, atau lampiran seperti ini belum dapat kami baca. "
            "Silakan tuliskan pertanyaan Anda, misalnya: \"syarat SKTM\" atau \"jam buka\".",
            "{}", "bot", 0, now);
        if (reply_id > 0 && strcmp(channel, "web") != 0 &&
            job_add(db, "send", office_id, reply_id, NULL, 0) != 0)
            reply_id = -1;
        if (reply_id >= 0 && chat_conversation_save(db, conv_id, "bot", bs, "", now) != 0)
            reply_id = -1;
        json_decref(conv);
        return reply_id;
    }
    struct bot_env env;
    if (botenv_load(db, office_id, now, &env) != 0) {
        json_decref(payload);
        goto fail;
    }
    /* the request dialogue (applying, survey answers) goes before the bot */
    struct intake_msg im = {
        .office = env.office, .contact_id = contact, .conversation_id = conv_id,
        .channel = channel, .text = in.text, .choice = in.choice, .sensitive = in.sensitive,
        .state = bs, .now = now, .media = in.has_image || in.has_document,
        .contact_name = jv_str(m, "sender_name"),
    };
    shared_location(m, &im);
    struct intake_reply ir;
    int taken = intake_before_bot(db, &im, &ir);
    if (taken != 0) {
        json_decref(payload);
        botenv_free(&env);
        if (taken < 0) {
            intake_reply_free(&ir);
            goto fail;
        }
        reply_id = queue_reply(db, office_id, channel, conv_id, ir.text, ir.payload, now);
        intake_reply_free(&ir);
        if (reply_id >= 0 && chat_conversation_save(db, conv_id, "bot", bs, "", now) != 0)
            reply_id = -1;
        json_decref(conv);
        return reply_id;
    }
    json_t *before = json_deep_copy(bs);
    struct bot_decision d;
    int rc = bot_decide(env.cat, &env.o, bs, &in, &d);
    if (rc == 0 && d.sensitive && link_allowed(db, office_id, channel, now)) {
        /* the warning carries a private upload link: make one and decide
         * again from the same state so the reply names it */
        char token[65];
        if (chat_upload_link(db, office_id, conv_id, now, UPLOAD_LINK_TTL, token) != 0) rc = -1;
        snprintf(env.upload, sizeof env.upload, "%s/unggah/%s", botenv_base_url(), token);
        env.o.upload_url = env.upload;
        bot_decision_free(&d);
        json_object_clear(bs);
        json_object_update(bs, before);
        if (rc == 0) rc = bot_decide(env.cat, &env.o, bs, &in, &d);
    }
    json_decref(before);
    /* the bot also flags a photo by its caption ("foto KTP saya"): recorded
     * on the message, so staff see it and the OCR job leaves it alone (a
     * text announcing a photo holds nothing to flag) */
    if (rc == 0 && d.sensitive && !in.sensitive && (in.has_image || in.has_document) &&
        db_run(db, "UPDATE message SET sensitive = 1 WHERE id = ?", "i", id) != 0)
        rc = -1;
    if (rc == 0) rc = after_bot(db, &im, &d);
    json_decref(payload);
    if (rc != 0) {
        bot_decision_free(&d);
        botenv_free(&env);
        goto fail;
    }
    if (d.reply.text && *d.reply.text) {
        json_t *rp = reply_payload(&d.reply);
        char *rps = json_dumps(rp, JSON_COMPACT);
        json_decref(rp);
        const char *out_kind = d.reply.nrows || d.reply.nbuttons ? "interactive" : "text";
        reply_id = rps ? chat_message_out(db, office_id, channel, conv_id, out_kind, d.reply.text,
                                          rps, "bot", 0, now) : -1;
        free(rps);
        if (reply_id > 0 && strcmp(channel, "web") != 0 &&
            job_add(db, "send", office_id, reply_id, NULL, 0) != 0)
            reply_id = -1;
    }
    if (reply_id >= 0 &&
        chat_conversation_save(db, conv_id, d.handover ? "human" : "bot", bs,
                               d.handover ? bot_intent_name(d.intent) : "", now) != 0)
        reply_id = -1;
    bot_decision_free(&d);
    botenv_free(&env);
    json_decref(conv);
    return reply_id;
fail:
    json_decref(conv);
    return -1;
}

int64_t inbound_process(db_t *db, int64_t message_id, int64_t now)
{
    json_t *m = chat_message_get(db, message_id);
    /* gone: nothing to do; but a read that failed must not mark the
     * citizen's message done unanswered */
    if (!m) return chat_message_exists(db, message_id) == 0 ? 0 : -1;
    int64_t rc = 0;
    if (strcmp(jv_str(m, "direction"), "in") == 0 && strcmp(jv_str(m, "status"), "new") == 0)
        rc = process(db, m, now);
    json_decref(m);
    return rc;
}

/* One more queued message inside the job's transaction, under a
 * savepoint: one that fails is rolled back alone and left in the queue,
 * where it is retried (and counted) on its own. 1 done, 0 none or failed,
 * with *reply set when the bot answered. */
static int one_more(db_t *db, int64_t now, int *reply)
{
    int64_t job_id = 0, ref = 0;
    if (job_take_next(db, "inbound", &job_id, &ref) != DB_ROW) return 0;
    if (db_run(db, "SAVEPOINT inbound_next", "") != 0) return 0;
    int64_t rc = inbound_process(db, ref, now);
    if (rc >= 0 && job_done(db, &(struct job){.id = job_id}) == 0) {
        *reply = rc > 0;
        return db_run(db, "RELEASE inbound_next", "") == 0;
    }
    log_warn("pesan masuk #%lld menunggu giliran sendiri: %s", (long long)ref, db_errmsg(db));
    db_run(db, "ROLLBACK TO inbound_next", "");
    db_run(db, "RELEASE inbound_next", "");
    return 0;
}

void inbound_job(db_t *db, const struct job *j, struct job_result *res)
{
    if (db_begin(db) != 0) {
        res->verdict = JOB_RETRY;
        snprintf(res->error, sizeof res->error, "basis data sibuk");
        return;
    }
    int64_t start = now_ms(), now = time(NULL);
    int64_t rc = inbound_process(db, j->ref_id, now);
    /* after a burst many messages wait: a few ms of them in this one
     * transaction take the write lock once instead of three times each
     * (claim, process, done), which is what limits the bot's pace. Not
     * while deliveries still arrive: the webhook writer would wait behind
     * the longer transaction (p99 doubled in bench/webhook.sh). */
    int replies = rc > 0, reply = 0;
    for (int n = 1; rc >= 0 && n < INBOUND_BATCH_MAX && !workers_deliveries_arriving() &&
                    (n < INBOUND_BATCH_MIN || now_ms() - start < INBOUND_BATCH_MS) &&
                    one_more(db, now, &reply); n++)
        replies += reply;
    if (rc >= 0 && db_commit(db) == 0) {
        if (replies) workers_wake();    /* replies to send */
        return;
    }
    db_rollback(db);
    res->verdict = JOB_RETRY;
    snprintf(res->error, sizeof res->error, "pesan masuk belum dapat diproses: %s",
             db_errmsg(db));
}
