/* bot: one decision per message (bot.h).
 *
 * Order of reading, first match wins:
 *   1. a tapped row or button ("svc:sktm", "cat:1", "menu", "human",
 *      "hours", "location");
 *   2. a pending survey answered ("4", "puas"), a pending list answered
 *      ("2", "yang kedua");
 *   3. decisive cues: a registration number or status question, a short
 *      rating, a complaint, a wish to talk to a person, office hours, the
 *      location, the menu (hours and location give way to a service only
 *      when the message asks about requirements, cost or time);
 *   4. a service: answered when clear, asked back with the two best
 *      guesses when close or middling (match.c);
 *   5. weaker cues, a follow-up on the last service ("biayanya?"), thanks,
 *      a greeting; a requirements question with no service gets the menu;
 *   6. nothing understood: a person takes over, and the menu is offered;
 *   7. where 4 asks back or 6 understood nothing, the n-gram model
 *      (ngram.h) has a second opinion: the service it clearly prefers of
 *      the two, or its class when clearly ahead.
 * A greeting mixed with a question is about the question; the office
 * greeting is added to the first reply of a conversation only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/internal.h"
#include "bot/ngram.h"
#include "util/buf.h"

static const char *const intent_names[] = {
    "service", "greeting", "menu", "hours", "location", "status", "complaint", "human",
    "thanks", "survey_answer", "unknown",
};

const char *bot_intent_name(enum bot_intent i)
{
    if ((int)i < 0 || (size_t)i >= sizeof intent_names / sizeof intent_names[0]) return "unknown";
    return intent_names[i];
}

enum body {
    B_SERVICE, B_ASK, B_MENU, B_MENU_WHICH, B_GROUP, B_HOURS, B_LOCATION, B_STATUS,
    B_COMPLAINT, B_HUMAN, B_THANKS, B_SURVEY, B_GREETING, B_UNKNOWN, B_MEDIA,
};

struct plan {
    enum bot_intent intent;
    enum body body;
    long svc;                   /* B_SERVICE */
    long alt[2];                /* B_ASK */
    size_t group;               /* B_GROUP */
    double confidence;
    int handover;
    int rating;
    int with_location;          /* B_HOURS: the location was asked too */
};

#define CONF_STRONG 0.9
#define CONF_MEDIUM 0.6
/* Cue weight from which a complaint outweighs a service asked back about. */
#define CUE_COMPLAINT_OVER_ASK 0.9f

static void plan_set(struct plan *p, enum bot_intent intent, enum body body, double conf)
{
    p->intent = intent;
    p->body = body;
    p->confidence = conf;
    p->handover = body == B_STATUS || body == B_COMPLAINT || body == B_HUMAN
                  || body == B_UNKNOWN || body == B_MEDIA;
}

/* ------------------------------------------------------------- choices */

/* A tapped id; 0 if it means nothing here. */
static int plan_choice(const struct bot_catalogue *c, const char *id, struct plan *p)
{
    if (!id || !*id) return 0;
    if (strncmp(id, "svc:", 4) == 0) {
        long s = cat_service(c, id + 4);
        if (s < 0) return 0;
        plan_set(p, BI_SERVICE, B_SERVICE, 1.0);
        p->svc = s;
        return 1;
    }
    if (strncmp(id, "cat:", 4) == 0) {
        char *end = NULL;
        long g = strtol(id + 4, &end, 10);
        if (!end || *end || g < 0 || (size_t)g >= c->ngroups) return 0;
        plan_set(p, BI_MENU, B_GROUP, 1.0);
        p->group = (size_t)g;
        return 1;
    }
    static const struct { const char *id; enum bot_intent intent; enum body body; } fixed[] = {
        { "menu", BI_MENU, B_MENU }, { "human", BI_HUMAN, B_HUMAN },
        { "hours", BI_HOURS, B_HOURS }, { "location", BI_LOCATION, B_LOCATION },
    };
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        if (strcmp(id, fixed[i].id) == 0) {
            plan_set(p, fixed[i].intent, fixed[i].body, 1.0);
            return 1;
        }
    return 0;
}

/* Words that may surround a pick: "pilih yang 2", "no 1 aja". */
static int pick_filler(const struct mword *w)
{
    static const char *const extra[] = { "pilih", "pilihan", "opsi", "option", "nomor", "angka" };
    const struct lword *lw = lang_at(w->lang);
    if (lw && (lw->flags & LW_STOP) && !lw->concept) return 1;
    for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++)
        if (strcmp(w->s, extra[i]) == 0) return 1;
    return 0;
}

/* "2", "yang kedua", "no 1": the 1-based number picked, 0 if the message
 * is more than a pick. */
static int message_pick(const struct message *m)
{
    static const char *const ordinals[] = {
        "pertama", "kedua", "ketiga", "keempat", "kelima", "keenam", "ketujuh", "kedelapan",
        "kesembilan", "kesepuluh",
    };
    static const char *const cardinals[] = {
        "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh",
    };
    int pick = 0;
    if (m->n == 0 || m->n > 5) return 0;
    for (size_t i = 0; i < m->n; i++) {
        const struct mword *w = &m->w[i];
        int v = 0;
        if (w->number && w->len <= 2) {
            v = w->s[0] - '0';
            if (w->len == 2) v = v * 10 + (w->s[1] - '0');
        } else if (strcmp(w->s, "kesatu") == 0) {
            v = 1;
        } else {
            for (size_t k = 0; k < 10 && !v; k++)
                if (strcmp(w->s, ordinals[k]) == 0 || strcmp(w->s, cardinals[k]) == 0) v = (int)k + 1;
        }
        if (v > 0) {
            if (pick) return 0;         /* two numbers: not a pick */
            pick = v;
        } else if (!pick_filler(w)) {
            return 0;
        }
    }
    return pick;
}

/* A bare rating "4" (with fillers): 1..5, else 0. */
static int message_digit(const struct message *m)
{
    int d = message_pick(m);
    return d >= 1 && d <= 5 ? d : 0;
}

/* A rating followed by its reason, "2, lama sekali" or "5 mantap": the
 * first word is the only number and it is 1..5. Only read while a survey
 * waits for its answer. */
static int message_leading_rating(const struct message *m)
{
    if (m->n == 0 || !m->w[0].number || m->w[0].len != 1) return 0;
    int v = m->w[0].s[0] - '0';
    for (size_t i = 1; i < m->n; i++)
        if (m->w[i].number) return 0;
    return v >= 1 && v <= 5 ? v : 0;
}

/* --------------------------------------------------------------- reading */

/* Words that carry content: catalogue or concept words, and words nobody
 * knows; not stop, cue or common story words. */
static size_t content_words(const struct message *m)
{
    size_t k = 0;
    for (size_t i = 0; i < m->n; i++) {
        const struct mword *w = &m->w[i];
        const struct lword *lw = lang_at(w->lang);
        if (w->number || w->len < 2 || w->consumed) continue;
        if (lw && !lw->concept && !(lw->flags & LW_FOREIGN)
            && (lw->flags & (LW_STOP | LW_CUE | LW_WEAK)))
            continue;
        if (lw && (lw->flags & LW_WEAK)) continue;
        k++;
    }
    return k;
}

/* Whether the message speaks of this office ("kelurahan", "kantor ini"). */
static int mentions_office(const struct message *m)
{
    static const char *const words[] = { "kelurahan", "kalian", "sini", "balai", "lurah" };
    for (size_t i = 0; i < m->n; i++)
        for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
            if (strcmp(m->w[i].s, words[k]) == 0) return 1;
    return 0;
}

/* 1-2: a tapped id, a pending survey or list answered. */
static int decide_context(const struct bot_catalogue *c, json_t *state,
                          const struct bot_input *in, const struct message *m, struct plan *p)
{
    if (plan_choice(c, in->choice, p)) return 1;
    if (state_survey_pending(state)) {
        int r = message_digit(m);
        if (!r && m->cue.weight[CUE_SURVEY] >= 0.5f) r = m->cue.rating;
        if (!r) r = message_leading_rating(m);
        if (r) {
            plan_set(p, BI_SURVEY_ANSWER, B_SURVEY, CONF_STRONG);
            p->rating = r;
            return 1;
        }
    }
    size_t nopt = state_noptions(state);
    int k = nopt > 0 ? message_pick(m) : 0;
    if (k >= 1 && (size_t)k <= nopt && plan_choice(c, state_option(state, (size_t)k - 1), p)) {
        if (p->confidence > 0.95) p->confidence = 0.95;     /* typed, not tapped */
        return 1;
    }
    return 0;
}

/* A photo's caption names what the photo is ("foto ktp saya"), not what
 * is asked: those words do not count for a service. */
static void consume_document_names(struct message *m)
{
    static const char *const docs[] = {
        "ktp", "kk", "akta", "nik", "npwp", "paspor", "ijazah", "kia", "identitas", "sim",
        "kitas", "kartu", "keluarga", "buku", "nikah", "bukunikah", "tanda", "foto", "scan",
    };
    for (size_t i = 0; i < m->n; i++)
        for (size_t k = 0; k < sizeof docs / sizeof docs[0]; k++)
            if (strcmp(m->w[i].s, docs[k]) == 0) m->w[i].consumed = 1;
}

/* 3, first: a rating or thanks after a request, whatever else it names. */
static int decide_after(const struct message *m, const struct match *mt, struct plan *p)
{
    const float *w = m->cue.weight;
    const int svc = mt->answer || mt->ask;
    /* A short rating is one, even with a comment ("nilai 2 lambat"); a
     * longer one when it neither asks nor wants anything, whatever letter
     * its reason names ("kurang puas, pengantar rt bolak balik, nilai 3")
     * unless that letter is clear enough to answer. */
    if (((w[CUE_SURVEY] >= CUE_STRONG && m->n <= 4 && m->cue.rating && !svc)
         || (shape_rating(m) && !mt->answer))) {
        plan_set(p, BI_SURVEY_ANSWER, B_SURVEY, CONF_STRONG);
        p->rating = m->cue.rating;
        return 1;
    }
    /* Thanks for a finished request ("sktm sudah jadi, makasih") is not
     * a status question. */
    if (!m->regno[0] && shape_closing(m, svc)) {
        plan_set(p, BI_THANKS, B_THANKS, CONF_STRONG);
        return 1;
    }
    return 0;
}

/* 3-4: decisive cues, then a service. */
static int decide_strong(const struct message *m, const struct match *mt, struct plan *p)
{
    const float *w = m->cue.weight;
    const int svc = mt->answer || mt->ask, req = w[CUE_REQ] > 0;
    if (decide_after(m, mt, p)) return 1;
    /* Dissatisfaction before a status question ("kecewa, sudah seminggu
     * belum jadi") and before the wish for a person ("mau bicara dengan
     * petugas, pelayanannya lambat"): a person reads it either way. */
    if (w[CUE_COMPLAINT] >= CUE_STRONG) {
        plan_set(p, BI_COMPLAINT, B_COMPLAINT, CONF_STRONG);
        return 1;
    }
    /* "akta kelahiran sudah jadi, tinggal masukin ke kk": a paper held
     * before the need, not a status question */
    if (m->regno[0] || (w[CUE_STATUS] >= CUE_STRONG && !(w[CUE_HAVE] > 0 && svc))) {
        plan_set(p, BI_STATUS, B_STATUS, CONF_STRONG);
        return 1;
    }
    if (w[CUE_HUMAN] >= CUE_STRONG) {
        plan_set(p, BI_HUMAN, B_HUMAN, CONF_STRONG);
        return 1;
    }
    /* "kapan bansos cair", "kantor pajak buka jam berapa": another
     * office's business; hours and location are ours only if said so. */
    const int elsewhere = (mt->foreign || w[CUE_ELSEWHERE] > 0) && !svc && !mentions_office(m);
    /* Hours about a service are hours ("jam buka untuk urus sktm") unless
     * requirements, cost or time are asked too. */
    if (w[CUE_HOURS] >= CUE_STRONG && !(req && svc) && !elsewhere) {
        plan_set(p, BI_HOURS, B_HOURS, CONF_STRONG);
        p->with_location = w[CUE_LOC] >= CUE_STRONG;
        return 1;
    }
    /* "Where" with a service is where to get it ("sktm ngurusnya di
     * kantor mana"); the address words themselves are the location, and
     * so is a landmark checked beside words that only half name a service
     * ("kantor kelurahan di samping sd bukan"). */
    if (w[CUE_LOC] >= CUE_STRONG && !(req && svc) && !(w[CUE_LOC] < 1.0f && mt->answer)
        && !elsewhere) {
        plan_set(p, BI_LOCATION, B_LOCATION, CONF_STRONG);
        return 1;
    }
    /* "layanan apa saja yang bisa online": the list, unless a service
     * is clear enough to answer. */
    if (w[CUE_MENU] >= CUE_STRONG && !mt->answer) {
        plan_set(p, BI_MENU, B_MENU, CONF_STRONG);
        return 1;
    }
    /* Another office's paper ("sertifikat tanah hilang") beside words
     * that only half name a service: not ours to guess. */
    if (w[CUE_ELSEWHERE] > 0 && !mt->answer && (mt->ask || w[CUE_COMPLAINT] < CUE_STRONG)) {
        plan_set(p, BI_UNKNOWN, B_UNKNOWN, CONF_MEDIUM);
        return 1;
    }
    /* A public problem or a rude officer beside words that only half
     * name a service ("sampah di depan pasar menumpuk"): a complaint. */
    if (w[CUE_COMPLAINT] >= CUE_COMPLAINT_OVER_ASK && mt->ask && !mt->answer) {
        plan_set(p, BI_COMPLAINT, B_COMPLAINT, CONF_MEDIUM);
        return 1;
    }
    if (!svc) return 0;
    if (mt->answer) {
        plan_set(p, BI_SERVICE, B_SERVICE, mt->confidence);
        p->svc = mt->best[0];
    } else {
        plan_set(p, BI_SERVICE, B_ASK, mt->confidence);
        p->alt[0] = mt->best[0];
        p->alt[1] = mt->best[1];
    }
    return 1;
}

/* 5-6: weaker cues, follow-ups, thanks, greetings, or a person. */
static void decide_weak(const struct bot_catalogue *c, json_t *state,
                        const struct bot_input *in, const struct message *m,
                        const struct match *mt, struct plan *p)
{
    const float *w = m->cue.weight;
    const int media = in->has_image || in->has_document, req = w[CUE_REQ] > 0;
    const size_t content = content_words(m);
    static const struct { int cue; enum bot_intent intent; enum body body; } medium[] = {
        { CUE_HUMAN, BI_HUMAN, B_HUMAN }, { CUE_COMPLAINT, BI_COMPLAINT, B_COMPLAINT },
        { CUE_STATUS, BI_STATUS, B_STATUS }, { CUE_HOURS, BI_HOURS, B_HOURS },
        { CUE_LOC, BI_LOCATION, B_LOCATION }, { CUE_MENU, BI_MENU, B_MENU },
    };
    float bw = 0;
    size_t bi = 0;
    for (size_t i = 0; i < sizeof medium / sizeof medium[0]; i++)   /* ties: this order */
        if (w[medium[i].cue] > bw) {
            bw = w[medium[i].cue];
            bi = i;
        }
    long last = cat_service(c, state_last_service(state));
    if (w[CUE_OPENER] > 0 && content == 0 && bw < CUE_STRONG && !req)
        plan_set(p, BI_GREETING, B_GREETING, CONF_STRONG);  /* "mau tanya dong": ask back */
    else if (bw >= CUE_MEDIUM && content > 0 && (medium[bi].body == B_MENU
                                                 || medium[bi].body == B_HOURS
                                                 || medium[bi].body == B_LOCATION))
        plan_set(p, BI_UNKNOWN, B_UNKNOWN, 0.2);    /* "..., surat apa": words not placed */
    else if (bw >= CUE_MEDIUM && !(mt->foreign && !mentions_office(m)))
        plan_set(p, medium[bi].intent, medium[bi].body, CONF_MEDIUM);
    else if (req && last >= 0 && content == 0) {
        plan_set(p, BI_SERVICE, B_SERVICE, CONF_MEDIUM);    /* "biayanya berapa?" */
        p->svc = last;
    } else if (media && content == 0 && w[CUE_THANKS] == 0)
        plan_set(p, BI_UNKNOWN, B_MEDIA, 0.5);
    else if (w[CUE_THANKS] > 0 && content <= 1)
        plan_set(p, BI_THANKS, B_THANKS, CONF_STRONG);
    else if (w[CUE_ACK] > 0 && content == 0 && m->n <= 4 && w[CUE_GREET] < 1.0f)
        plan_set(p, BI_THANKS, B_THANKS, CONF_MEDIUM);
    else if (w[CUE_GREET] > 0 && content == 0)
        plan_set(p, BI_GREETING, B_GREETING, CONF_STRONG);
    else if (req && content == 0)
        plan_set(p, BI_MENU, B_MENU_WHICH, CONF_MEDIUM);    /* "syaratnya apa?" */
    else if (message_pick(m) > 0)
        plan_set(p, BI_MENU, B_MENU, CONF_MEDIUM);          /* a number, the list lost */
    else
        plan_set(p, BI_UNKNOWN, B_UNKNOWN, 0.2);
}

/* ------------------------------------------------------- the n-gram model */

/* Per-gram score margins (ngram.h) from which the model decides: between
 * the two services the rules would ask about, and for a message the rules
 * did not understand at all. A service the rules answered on middling
 * evidence (confidence below DOUBT_CONFIDENCE) is asked back about when
 * the model's best class is another one, DOUBT_MARGIN ahead of it; one
 * answered below PERSON_CONFIDENCE goes to a person when the model reads
 * a status question, a complaint or a wish for a person PERSON_MARGIN
 * ahead. Chosen by cross-validation (bench/bot-cv.sh) and on a writer's
 * set measured blind (the trade-off is in the commits that set them). */
#define MODEL_PICK_MARGIN 0.1
#define MODEL_GUESS_MARGIN 0.5
#define DOUBT_CONFIDENCE 0.65
#define DOUBT_MARGIN 0.15
#define PERSON_CONFIDENCE 0.9
#define PERSON_MARGIN 0.3

/* The plan for a class of the model when the rules understood nothing;
 * 0 when the class gives no plan here (unknown, a service this catalogue
 * lacks, a rating without its value). */
static int plan_class(const struct bot_catalogue *c, const struct message *m, const char *cls,
                      struct plan *p)
{
    static const struct { const char *name; enum bot_intent intent; enum body body; } to[] = {
        { "greeting", BI_GREETING, B_GREETING }, { "menu", BI_MENU, B_MENU },
        { "hours", BI_HOURS, B_HOURS }, { "location", BI_LOCATION, B_LOCATION },
        { "status", BI_STATUS, B_STATUS }, { "complaint", BI_COMPLAINT, B_COMPLAINT },
        { "human", BI_HUMAN, B_HUMAN }, { "thanks", BI_THANKS, B_THANKS },
        { "survey_answer", BI_SURVEY_ANSWER, B_SURVEY },
    };
    if (strncmp(cls, "svc:", 4) == 0) {
        long s = cat_service(c, cls + 4);
        if (s < 0) return 0;
        plan_set(p, BI_SERVICE, B_SERVICE, CONF_MEDIUM);
        p->svc = s;
        return 1;
    }
    for (size_t i = 0; i < sizeof to / sizeof to[0]; i++) {
        if (strcmp(cls, to[i].name) != 0) continue;
        if (to[i].body == B_SURVEY && !m->cue.rating) return 0;
        plan_set(p, to[i].intent, to[i].body, CONF_MEDIUM);
        p->rating = m->cue.rating;
        return 1;
    }
    return 0;
}

/* The model's class for service s of the catalogue, or -1. */
static long model_service(const struct bot_catalogue *c, long s)
{
    char name[80];
    snprintf(name, sizeof name, "svc:%s", c->svc[s].slug);
    return ngram_class(&bot_ngram_model, name);
}

/* The model's best class, -1 if none. */
static long model_best(const double *sc)
{
    const struct ngram_model *nm = &bot_ngram_model;
    long best = -1;
    for (size_t k = 0; k < nm->nclass; k++)
        if (best < 0 || sc[k] > sc[best]) best = (long)k;
    return best;
}

/* Classes whose plan is a person's to answer. */
static int person_class(const char *cls)
{
    return strcmp(cls, "status") == 0 || strcmp(cls, "complaint") == 0
           || strcmp(cls, "human") == 0;
}

/* Of the two services asked about, the one the model clearly prefers,
 * when it is also the class the model prefers of all. */
static void model_pick(const struct bot_catalogue *c, const double *sc, struct plan *p)
{
    long k0 = model_service(c, p->alt[0]), k1 = model_service(c, p->alt[1]);
    if (k0 < 0 || k1 < 0) return;
    double margin = sc[k0] - sc[k1];
    if (margin < MODEL_PICK_MARGIN && -margin < MODEL_PICK_MARGIN) return;
    if (model_best(sc) != (margin > 0 ? k0 : k1)) return;     /* a third one leads */
    long s = p->alt[margin > 0 ? 0 : 1];
    plan_set(p, BI_SERVICE, B_SERVICE, CONF_MEDIUM);
    p->svc = s;
}

/* A service answered on less than strong evidence that the model reads
 * as something else: a status question, a complaint or a wish for a
 * person goes to a person; on middling evidence the answer becomes a
 * question, the rules' service beside the model's (or, when the model
 * reads no service, the rules' runner-up). */
static void model_doubt(const struct bot_catalogue *c, const struct message *m, const double *sc,
                        const struct match *mt, struct plan *p)
{
    const struct ngram_model *nm = &bot_ngram_model;
    long own = model_service(c, p->svc), best = model_best(sc);
    if (own < 0 || best < 0 || best == own) return;
    double margin = sc[best] - sc[own];
    if (person_class(nm->cls[best]) && margin >= PERSON_MARGIN) {
        plan_class(c, m, nm->cls[best], p);
        return;
    }
    if (p->confidence >= DOUBT_CONFIDENCE || margin < DOUBT_MARGIN) return;
    long other = strncmp(nm->cls[best], "svc:", 4) == 0 ? cat_service(c, nm->cls[best] + 4)
                                                        : mt->best[1];
    if (other < 0 || other == p->svc) return;
    long s = p->svc;
    plan_set(p, BI_SERVICE, B_ASK, 0.5 * p->confidence);
    p->alt[0] = s;
    p->alt[1] = other;
}

/* The model's class for a message the rules did not understand, when it
 * is clearly ahead of the next. */
static void model_guess(const struct bot_catalogue *c, const struct message *m, const double *sc,
                        struct plan *p)
{
    const struct ngram_model *nm = &bot_ngram_model;
    if (nm->nclass < 2) return;
    size_t b1 = sc[0] >= sc[1] ? 0 : 1, b2 = 1 - b1;
    for (size_t k = 2; k < nm->nclass; k++)
        if (sc[k] > sc[b1]) {
            b2 = b1;
            b1 = k;
        } else if (sc[k] > sc[b2]) {
            b2 = k;
        }
    if (sc[b1] - sc[b2] >= MODEL_GUESS_MARGIN) plan_class(c, m, nm->cls[b1], p);
}

/* A second opinion where the rules are unsure: of two services asked
 * about, the one the model clearly prefers is answered; a service answered
 * on less than strong evidence is asked about, or goes to a person, when
 * the model reads another thing;
 * a message the rules did not understand (and that names no need the
 * catalogue lacks) gets the model's class when it is clearly ahead. */
static void decide_model(const struct bot_catalogue *c, const char *text,
                         const struct message *m, const struct match *mt, struct plan *p)
{
    double sc[NGRAM_CLASS_MAX];
    int unsure = p->body == B_ASK, lost = p->body == B_UNKNOWN && !mt->foreign
                                       && m->cue.weight[CUE_ELSEWHERE] == 0;
    int middling = p->body == B_SERVICE && mt->answer && p->svc == mt->best[0]
                   && p->confidence < PERSON_CONFIDENCE;
    if (p->body == B_SERVICE && p->svc == mt->best[0] && mt->event_need >= 0) {
        /* a life event beside another need: the two are asked about */
        plan_set(p, BI_SERVICE, B_ASK, 0.5 * p->confidence);
        p->alt[0] = mt->best[0];
        p->alt[1] = mt->event_need;
        unsure = 1;
        middling = 0;
    }
    if ((!unsure && !lost && !middling) || ngram_scores(&bot_ngram_model, text, sc) < 0) return;
    if (unsure) model_pick(c, sc, p);
    else if (middling) model_doubt(c, m, sc, mt, p);
    else model_guess(c, m, sc, p);
}

static void decide(const struct bot_catalogue *c, json_t *state, const struct bot_input *in,
                   const char *text, struct message *m, struct plan *p)
{
    memset(p, 0, sizeof *p);
    p->svc = p->alt[0] = p->alt[1] = -1;
    if (decide_context(c, state, in, m, p)) return;
    if ((in->has_image || in->has_document) && m->cue.weight[CUE_DOC] > 0
        && m->cue.weight[CUE_REQ] == 0)
        consume_document_names(m);
    struct match mt;
    match_services(c, m, &mt);
    if (!decide_strong(m, &mt, p)) decide_weak(c, state, in, m, &mt, p);
    if (!in->has_image && !in->has_document) decide_model(c, text, m, &mt, p);
}

/* ------------------------------------------------------------- replies */

static void add_button(struct bot_reply *r, const char *id, const char *title)
{
    if (r->nbuttons >= BOT_BUTTONS_MAX) return;
    struct bot_button *b = &r->buttons[r->nbuttons++];
    size_t l = strlen(id);
    if (l >= sizeof b->id) l = sizeof b->id - 1;
    memcpy(b->id, id, l);
    b->id[l] = '\0';
    utf8_fit(title, BOT_BUTTON_CHARS, b->title, sizeof b->title);
}

static const char *example_service(const struct bot_catalogue *c)
{
    return c->n > 0 ? c->svc[c->order ? c->order[0] : 0].tiny : "SKTM";
}

/* Two close guesses: name both and let the user tap one, or a person. */
static void reply_ask(const struct bot_catalogue *c, const struct plan *p, struct bot_reply *r,
                      struct buf *b)
{
    char id[64];
    buf_printf(b, "Mohon maaf, layanan mana yang Anda maksud?\n1. %s\n2. %s\n\n"
                  "Silakan pilih salah satu, atau bicara dengan petugas.",
               c->svc[p->alt[0]].name, c->svc[p->alt[1]].name);
    for (int k = 0; k < 2; k++) {
        const struct bsvc *s = &c->svc[p->alt[k]];
        snprintf(id, sizeof id, "svc:%s", s->slug);
        add_button(r, id, s->button);
    }
    add_button(r, "human", "Bicara dgn petugas");
}

/* A status question: the number just sent, the one remembered, or a request for one. */
static void reply_status(json_t *state, const struct message *m, struct buf *b)
{
    const char *reg = m->regno[0] ? m->regno
                                  : json_string_value(json_object_get(state, "reg_number"));
    if (m->regno[0])
        buf_printf(b, "Terima kasih. Nomor registrasi *%s* sudah kami terima. Petugas kami "
                      "akan memeriksa status permohonan Anda dan membalas di sini.",
                   m->regno);
    else if (reg)
        buf_printf(b, "Baik, petugas kami akan memeriksa status permohonan nomor *%s* dan "
                      "membalas di sini. Bila nomornya berbeda, mohon kirimkan nomor "
                      "registrasi Anda.",
                   reg);
    else
        buf_puts(b, "Untuk mengecek status permohonan, mohon kirimkan nomor registrasi Anda "
                    "(tertera pada tanda terima, misalnya ABC-2026-00042). Petugas kami akan "
                    "memeriksanya dan membalas di sini.");
}

/* Out of hours, a reply that waits for a person says when one will answer. */
static void reply_when_answered(const struct bot_office *o, const struct plan *p, struct buf *b)
{
    if (o->open_now) return;
    if (p->body != B_HUMAN && p->body != B_COMPLAINT && p->body != B_STATUS
        && p->body != B_UNKNOWN && p->body != B_MEDIA)
        return;
    buf_puts(b, "\n\n");
    reply_closed_note(o, b);
    buf_puts(b, "Petugas akan membalas pada jam pelayanan berikutnya.");
}

/* The replies that are one fixed text. */
static const char *fixed_text(int body)
{
    switch (body) {
    case B_COMPLAINT:
        /* channels/intake.c registers the complaint in a chat; the bot
         * alone records nothing, so it only passes the message on */
        return "Terima kasih telah menyampaikan laporan Anda. Pesan Anda kami teruskan ke "
               "petugas; petugas kami akan menindaklanjuti dan menghubungi Anda di sini.";
    case B_HUMAN:
        return "Baik, pesan Anda kami teruskan ke petugas. Mohon tunggu, petugas kami akan "
               "membalas di sini.";
    case B_THANKS:
        return "Sama-sama, senang dapat membantu. Bila ada pertanyaan lain, silakan ketik *menu*.";
    default:
        return "Terima kasih, kiriman Anda sudah kami terima. Petugas kami akan memeriksanya "
               "dan membalas di sini.";
    }
}

static void compose(const struct bot_catalogue *c, const struct bot_office *o, json_t *state,
                    const struct message *m, const struct plan *p, struct bot_reply *r,
                    struct buf *b)
{
    const char *office = o->name && *o->name ? o->name : "kantor kami";
    switch (p->body) {
    case B_SERVICE:
        reply_service(c, o, (size_t)p->svc, b);
        break;
    case B_ASK:
        reply_ask(c, p, r, b);
        break;
    case B_MENU:
        buf_printf(b, "Silakan pilih layanan %s dari menu di bawah ini, atau ketik nama "
                      "layanan yang Anda perlukan (misalnya: %s).",
                   office, example_service(c));
        menu_main(c, r);
        break;
    case B_MENU_WHICH:
        buf_printf(b, "Layanan apa yang Anda maksud? Silakan pilih dari menu di bawah ini, atau "
                      "ketik nama layanannya (misalnya: syarat %s).",
                   example_service(c));
        menu_main(c, r);
        break;
    case B_GROUP:
        buf_printf(b, "Layanan %s. Silakan pilih untuk melihat persyaratannya.",
                   c->groups[p->group].title);
        menu_group(c, p->group, r);
        break;
    case B_HOURS:
        reply_hours(o, b);
        if (p->with_location) {
            buf_puts(b, "\n");
            reply_location(o, b);
        }
        break;
    case B_LOCATION:
        reply_location(o, b);
        break;
    case B_STATUS:
        reply_status(state, m, b);
        break;
    case B_COMPLAINT: case B_HUMAN: case B_THANKS: case B_MEDIA:
        buf_puts(b, fixed_text(p->body));
        break;
    case B_SURVEY:
        if (p->rating <= 2)
            buf_puts(b, "Terima kasih atas penilaian Anda. Mohon maaf bila pelayanan kami belum "
                        "memuaskan; bila berkenan, ceritakan apa yang perlu kami perbaiki.");
        else
            buf_puts(b, "Terima kasih atas penilaian Anda! Masukan Anda membantu kami "
                        "meningkatkan pelayanan.");
        break;
    case B_GREETING:
        buf_printf(b, "Ada yang bisa kami bantu? Silakan pilih dari menu di bawah ini, atau "
                      "ketik pertanyaan Anda (misalnya: syarat %s).",
                   example_service(c));
        menu_main(c, r);
        break;
    case B_UNKNOWN:
        buf_puts(b, "Mohon maaf, kami belum dapat memahami pesan Anda. Pesan Anda sudah kami "
                    "teruskan ke petugas; mohon tunggu balasannya. Sementara itu, silakan lihat "
                    "menu layanan di bawah ini.");
        menu_main(c, r);
        break;
    }
    reply_when_answered(o, p, b);
}

/* A number the channel already masked: "1901********0003". */
static int has_masked(const char *s)
{
    for (size_t i = 0; s[i]; i++) {
        size_t j = i, k;
        for (k = 0; k < 4 && s[j] >= '0' && s[j] <= '9'; k++) j++;
        if (k < 4) continue;
        for (k = 0; k < 8 && s[j] == '*'; k++) j++;
        if (k < 8) continue;
        for (k = 0; k < 4 && s[j] >= '0' && s[j] <= '9'; k++) j++;
        if (k == 4) return 1;
    }
    return 0;
}

/* Cuts text to the channel limit (characters) at a character boundary. */
static char *final_text(struct buf *b, size_t max)
{
    while (b->len > 0 && (b->p[b->len - 1] == '\n' || b->p[b->len - 1] == ' ')) b->p[--b->len] = '\0';
    const char *s = buf_cstr(b);
    if (utf8_chars(s) <= max) return buf_steal(b);
    size_t cap = b->len + 8;
    char *out = malloc(cap);
    if (out) utf8_fit(s, max, out, cap);
    buf_free(b);
    return out;
}

/* The salam answered and, the first time or when greeted, a welcome. */
static void greet(const struct bot_office *o, json_t *state, const struct message *m,
                  const struct plan *p, struct buf *b)
{
    if (state_greeted(state) && p->body != B_GREETING) return;
    if (m->has_assalam) buf_puts(b, "Waalaikumsalam warahmatullahi wabarakatuh. ");
    if (!state_greeted(state))
        buf_printf(b, "Halo, selamat datang di layanan informasi %s.\n\n",
                   o->name && *o->name ? o->name : "kantor kami");
    else
        buf_puts(b, "Halo!\n");
}

int bot_decide(const struct bot_catalogue *c, const struct bot_office *o, json_t *state,
               const struct bot_input *in, struct bot_decision *out)
{
    if (!out) return -1;
    memset(out, 0, sizeof *out);
    if (!c || !o || !in) return -1;
    json_t *own = NULL;
    if (!json_is_object(state)) state = own = json_object();
    if (!state) return -1;

    /* Mask first: nothing below, reply included, sees a full NIK. */
    const char *text = in->text ? in->text : "", *cap = in->caption ? in->caption : "";
    size_t lt = strlen(text), lc = strlen(cap);
    char *masked = malloc(lt + lc + 2);
    struct message *m = malloc(sizeof *m);
    struct buf b;
    buf_init(&b, 64 * 1024);
    if (!masked || !m) goto fail;
    int nmask = bot_mask(text, masked, lt + 1);
    masked[lt] = '\n';
    nmask += bot_mask(cap, masked + lt + 1, lc + 1);

    memset(m, 0, sizeof *m);
    words_read(c, masked, m);
    const int media = in->has_image || in->has_document;
    const int number = in->sensitive || nmask > 0 || has_masked(masked);
    const int announced = !media && m->cue.weight[CUE_IDSEND] > 0;
    out->sensitive = number || (media && m->cue.weight[CUE_DOC] > 0) || announced;

    struct plan p;
    decide(c, state, in, masked, m, &p);

    greet(o, state, m, &p, &b);
    if (out->sensitive) {
        /* a photo named "KTP" in its caption, no number in the words */
        reply_sensitive(o, number ? 0 : media ? 1 : BOT_SENSITIVE_ANNOUNCED, &b);
        buf_puts(&b, "\n");
        if (!o->upload_url || !*o->upload_url) p.handover = 1;
    }
    compose(c, o, state, m, &p, &out->reply, &b);
    if (b.err) goto fail;
    int interactive = out->reply.nrows > 0 || out->reply.nbuttons > 0;
    out->reply.text = final_text(&b, interactive ? BOT_TEXT_INTERACTIVE_MAX : BOT_TEXT_MAX);
    if (!out->reply.text) goto fail;

    out->intent = p.intent;
    out->confidence = (double)(long)(p.confidence * 100 + 0.5) / 100;
    if (out->confidence > 1) out->confidence = 1;
    out->handover = p.handover;
    if (p.body == B_SERVICE) out->service = c->svc[p.svc].slug;
    if (p.body == B_ASK) {
        out->nchoices = 2;
        out->choices[0] = c->svc[p.alt[0]].slug;
        out->choices[1] = c->svc[p.alt[1]].slug;
    }
    out->rating = p.body == B_SURVEY ? p.rating : 0;

    state_set_greeted(state);
    state_set_options(state, &out->reply);
    if (p.body == B_SERVICE) state_set_last_service(state, out->service);
    if (p.body == B_SURVEY || state_survey_pending(state)) state_clear_survey(state);
    if (m->regno[0]) state_set_regno(state, m->regno);

    free(masked);
    free(m);
    json_decref(own);
    return 0;
fail:
    free(masked);
    free(m);
    buf_free(&b);
    json_decref(own);
    free(out->reply.text);
    memset(out, 0, sizeof *out);
    return -1;
}

void bot_decision_free(struct bot_decision *d)
{
    if (!d) return;
    free(d->reply.text);
    d->reply.text = NULL;
}
