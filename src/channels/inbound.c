/* inbound: see inbound.h. */
#include "channels/inbound.h"
#include "bot/bot.h"
#include "channels/broadcast.h"
#include "channels/moderation_chat.h"
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
 * (BALAI_WEB_UPLOAD_LINKS, 60), and all the office's links too
 * (intake_link); past either the warning goes without a link and the
 * conversation goes to staff, who decide. 1 made into token, 0, <0. */
static int link_allowed(db_t *db, int64_t office_id, int64_t conv_id, const char *channel,
                        int64_t now, char token[65])
{
    if (strcmp(channel, "web") != 0) return intake_link(db, office_id, conv_id, now, token);
    const char *e = getenv("BALAI_WEB_UPLOAD_LINKS");
    int64_t cap = e && *e ? strtoll(e, NULL, 10) : 60;
    int64_t made = chat_upload_links_since(db, office_id, channel, now - 3600);
    if (made < 0) return -1;
    return made < cap ? intake_link(db, office_id, conv_id, now, token) : 0;
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
    if (payload && !ps) return -1;
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
    /* a consultation asked for is recorded with a number first, like a
     * complaint, then a person takes over: whether the bot handed it over
     * or took "mau konsultasi" for an opener to ask back about */
    if (!d->sensitive && intake_consult_asked(im->text) &&
        ((d->handover && (d->intent == BI_HUMAN || d->intent == BI_UNKNOWN)) ||
         d->intent == BI_GREETING)) {
        if (intake_consult(db, im, &ir) < 0) {
            intake_reply_free(&ir);
            return -1;
        }
        replace_reply(d, im->state, &ir);
        d->handover = 1;
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
static int64_t while_human(db_t *db, const json_t *m, const json_t *conv, int64_t contact,
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

/* One citizen's message on its way through process(): what it holds is
 * freed in one place, inbound_free. */
struct inbound {
    db_t *db;
    const json_t *m;            /* the message, chat_message_get's row */
    int64_t id, office_id, contact, conv_id, now;
    const char *channel;
    json_t *conv;               /* the contact's open conversation */
    json_t *bs;                 /* its bot_state, inside conv */
    json_t *payload;            /* the message's payload, parsed (may be NULL) */
    struct bot_input in;
    struct bot_env env;
    struct intake_msg im;
    struct intake_reply ir;
    struct bot_decision d;
};

static void inbound_free(struct inbound *s)
{
    bot_decision_free(&s->d);
    intake_reply_free(&s->ir);
    botenv_free(&s->env);
    json_decref(s->payload);
    json_decref(s->conv);
}

/* The message joins its contact's open conversation (both made when
 * there are none) and is marked done; the inbox hears of it at commit. */
static int take(struct inbound *s)
{
    s->contact = chat_contact_upsert(s->db, s->office_id, s->channel, jv_str(s->m, "sender"),
                                     jv_str(s->m, "sender_name"), jv_int(s->m, "sent_at"), s->now);
    if (s->contact < 0) return -1;
    s->conv = chat_conversation_open(s->db, s->office_id, s->contact, s->now);
    if (!s->conv) return -1;
    s->conv_id = jv_int(s->conv, "id");
    s->bs = json_object_get(s->conv, "bot_state");
    if (chat_message_done(s->db, s->id, s->conv_id, s->now) != 0 ||
        live_publish(s->db, s->office_id, "message", s->conv_id, NULL) != 0)
        return -1;
    s->payload = json_loads(jv_str(s->m, "payload"), 0, NULL);
    return 0;
}

/* Jobs whoever answers: a Telegram button press is acknowledged, and
 * images and documents are fetched now (platforms keep them for days). */
static int queue_jobs(struct inbound *s)
{
    const char *cb = json_string_value(json_object_get(s->payload, "callback_id"));
    if (cb && *cb) {
        json_t *cp = json_pack("{s:s}", "callback_id", cb);
        char *cps = json_dumps(cp, JSON_COMPACT);
        json_decref(cp);
        int bad = !cps || job_add(s->db, "callback", s->office_id, s->id, cps, 0) != 0;
        free(cps);
        if (bad) return -1;
    }
    if ((json_object_get(s->payload, "media_id") || json_object_get(s->payload, "file_id")) &&
        job_add(s->db, "media", s->office_id, s->id, NULL, 0) != 0)
        return -1;
    return 0;
}

/* The conversation saved after the answer: the reply's id, or -1. */
static int64_t save(struct inbound *s, int64_t reply_id, const char *state, const char *reason)
{
    if (reply_id >= 0 &&
        chat_conversation_save(s->db, s->conv_id, state, s->bs, reason, s->now) != 0)
        return -1;
    return reply_id;
}

/* What the bot reads: a photo's or document's words are its caption. */
static void read_input(struct inbound *s)
{
    const char *kind = jv_str(s->m, "kind");
    s->in = (struct bot_input){
        .text = jv_str(s->m, "body"),
        .choice = json_string_value(json_object_get(s->payload, "choice")),
        .has_image = strcmp(kind, "image") == 0,
        .has_document = strcmp(kind, "document") == 0,
        .sensitive = json_is_true(json_object_get(s->m, "sensitive")),
    };
    if (s->in.has_image || s->in.has_document) {
        s->in.caption = s->in.text;
        s->in.text = "";
    }
}

/* A voice note, sticker or anything without words (WhatsApp's
 * "unsupported" too): the bot cannot read it, and says so instead of
 * guessing. A shared location is read while a dialogue asks for one. */
static int unreadable(const struct inbound *s)
{
    int located = strcmp(jv_str(s->m, "kind"), "location") == 0 &&
                  *jv_str(s->bs, "intake_step");
    return !*s->in.text && !s->in.choice && !s->in.has_image && !s->in.has_document && !located;
}

/* The bot decides; when it warns about a NIK the warning carries a
 * private upload link: one is made and the bot decides again from the
 * same state so that the reply names it. 0 or <0. */
static int decide(struct inbound *s)
{
    json_t *before = json_deep_copy(s->bs);
    int rc = bot_decide(s->env.cat, &s->env.o, s->bs, &s->in, &s->d);
    char token[65];
    int made = rc == 0 && s->d.sensitive
                   ? link_allowed(s->db, s->office_id, s->conv_id, s->channel, s->now, token) : 0;
    if (made != 0) {
        if (made < 0)
            rc = -1;
        else
            snprintf(s->env.upload, sizeof s->env.upload, "%s/unggah/%s", botenv_base_url(), token);
        s->env.o.upload_url = s->env.upload;
        bot_decision_free(&s->d);
        json_object_clear(s->bs);
        json_object_update(s->bs, before);
        if (rc == 0) rc = bot_decide(s->env.cat, &s->env.o, s->bs, &s->in, &s->d);
    }
    json_decref(before);
    return rc;
}

/* The bot's answer, after our own checks of it (after_bot), queued. */
static int64_t bot_answer(struct inbound *s)
{
    int rc = decide(s);
    /* the bot also flags a photo by its caption ("foto KTP saya"): recorded
     * on the message, so staff see it and the OCR job leaves it alone (a
     * text announcing a photo holds nothing to flag) */
    if (rc == 0 && s->d.sensitive && !s->in.sensitive && (s->in.has_image || s->in.has_document) &&
        chat_message_flag_sensitive(s->db, s->id, s->now) < 0)
        rc = -1;
    if (rc == 0) rc = after_bot(s->db, &s->im, &s->d);
    if (rc != 0) return -1;
    int64_t reply_id = 0;
    const struct bot_reply *r = &s->d.reply;
    if (r->text && *r->text) {
        json_t *rp = r->nrows || r->nbuttons ? reply_payload(r) : NULL;
        reply_id = queue_reply(s->db, s->office_id, s->channel, s->conv_id, r->text, rp, s->now);
        json_decref(rp);
    }
    return save(s, reply_id, s->d.handover ? "human" : "bot",
                s->d.handover ? bot_intent_name(s->d.intent) : "");
}

/* While the bot has the conversation: our own dialogue (applying, the
 * survey) goes before the bot, else the bot answers. */
static int64_t by_bot(struct inbound *s)
{
    read_input(s);
    if (unreadable(s))
        return save(s, queue_reply(s->db, s->office_id, s->channel, s->conv_id,
            "Maaf, pesan suara, stiker, atau lampiran seperti ini belum dapat kami baca. "
            "Silakan tuliskan pertanyaan Anda, misalnya: \"syarat SKTM\" atau \"jam buka\".",
            NULL, s->now), "bot", "");
    if (botenv_load(s->db, s->office_id, s->now, &s->env) != 0) return -1;
    s->im = (struct intake_msg){
        .office = s->env.office, .contact_id = s->contact, .conversation_id = s->conv_id,
        .channel = s->channel, .text = s->in.text, .choice = s->in.choice,
        .sensitive = s->in.sensitive, .state = s->bs, .now = s->now,
        .media = s->in.has_image || s->in.has_document,
        .contact_name = jv_str(s->m, "sender_name"),
    };
    shared_location(s->m, &s->im);
    int taken = intake_before_bot(s->db, &s->im, &s->ir);
    if (taken < 0) return -1;
    if (taken > 0)      /* handed over: past the office's cap on upload links */
        return save(s, queue_reply(s->db, s->office_id, s->channel, s->conv_id, s->ir.text,
                                   s->ir.payload, s->now), s->ir.handover ? "human" : "bot",
                    s->ir.handover ? "permohonan" : "");
    return bot_answer(s);
}

static int64_t process(db_t *db, const json_t *m, int64_t now)
{
    struct inbound s = {
        .db = db, .m = m, .now = now, .id = jv_int(m, "id"), .office_id = jv_int(m, "office_id"),
        .channel = jv_str(m, "channel"),
    };
    int64_t reply_id = -1;
    if (take(&s) == 0 && queue_jobs(&s) == 0) {
        /* "langganan info" / "berhenti" are the citizen's consent: taken
         * before the bot, and also while a person holds the conversation */
        int64_t sub = broadcast_keyword(db, m, s.contact, s.conv_id, now);
        if (sub == 0) sub = hoax_keyword(db, m, s.conv_id, now);   /* "lapor hoaks ..." */
        if (sub != 0)
            reply_id = sub;
        else if (strcmp(jv_str(s.conv, "state"), "bot") != 0)     /* a person has taken over */
            reply_id = while_human(db, m, s.conv, s.contact,
                                   json_string_value(json_object_get(s.payload, "choice")), now);
        else
            reply_id = by_bot(&s);
    }
    inbound_free(&s);
    return reply_id;
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
    if (db_savepoint(db) != 0) return 0;
    int64_t rc = inbound_process(db, ref, now);
    if (rc >= 0 && job_done(db, &(struct job){.id = job_id}) == 0) {
        *reply = rc > 0;
        return db_savepoint_release(db) == 0;
    }
    log_warn("pesan masuk #%lld menunggu giliran sendiri: %s", (long long)ref, db_errmsg(db));
    db_savepoint_rollback(db);
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
