/* match: which service a message is about, and how sure the bot may be.
 *
 * Three views of the same words, combined into one score per service:
 *
 *   Evidence (bag of words). Each content word counts for every service
 *   whose words it is (catalogue.c): credit of the resolution (1 exact,
 *   0.9 stem, 0.8/0.6 typo) x credit of the sense (1, 0.8 root, 0.9
 *   concept) x the word's rarity x its strength in that service (1 name or
 *   synonym, 0.35 summary), the best sense per service, each catalogue
 *   word counted once. Stories work this way: "bapak saya meninggal" is
 *   about the service whose words include "meninggal". A word common in
 *   stories ("anak", "baru") counts at most WEAK_CAP. The share explained
 *   is the evidence over what the message's content words could have
 *   explained: words nobody knows dilute it (UNKNOWN_W), words of a need
 *   the catalogue lacks ("paspor") dilute it a lot (FOREIGN_W).
 *
 *   Naming (core/search). The catalogue words of the message, in the
 *   catalogue's own spelling, go to search_query, which scores how fully
 *   they name a whole name or synonym ("surat keterangan usaha" is SKU's
 *   name, only partly SKDU's). Common story words take part only inside a
 *   phrase said word for word ("akte anak"), so "daftar beasiswa anak" is
 *   not half of "daftar nikah".
 *
 *   Word for word. A slug, name or synonym said in order (stop words
 *   aside) names its service; one of several words adds up to CONTIG_W by
 *   the weight of its words, so the longer, rarer phrase said wins
 *   ("surat belum menikah untuk daftar tni": belum_menikah, not nikah).
 *
 * Score = W_NAMING x naming + (1 - W_NAMING) x share + contiguity bonus.
 * The bot answers when the best score is high and clear of the second,
 * and either a service is named or the story has more than one telling
 * word's evidence (STORY_MIN: "ada yang jual tanah" is not the inheritance
 * letter for its "tanah"); it asks back with the two best when they are
 * close or the match is middling; it stays silent about services when a
 * need the catalogue lacks is in the message and no service is named
 * ("paspor hilang" is not the KTP service), or when nothing fits.
 *
 * A life event (a death, a birth: lang.c's event words) is often only the
 * background of another need ("kakak meninggal, tabungannya di bank mau
 * diambil"): the words besides it are matched again on their own, and
 * when they tell the runner-up clearly (two telling words) it becomes the
 * answer; with one, bot.c asks about both (event_need). */
#include <stdlib.h>
#include <string.h>

#include "bot/internal.h"

#define W_NAMING 0.55
#define WEAK_CAP 0.25
#define UNKNOWN_W 0.35
#define UNKNOWN_WEAK_W 0.1
#define FOREIGN_W 0.9
#define CONTIG_W 0.15
#define CONTIG_FULL 1.5

/* Decision thresholds (see the header comment). */
#define ANSWER_MIN 0.55
#define ANSWER_MARGIN 0.10
#define EVIDENCE_MIN 0.35
#define ASK_MIN 0.30
#define ASK_EVIDENCE_MIN 0.25
#define ALONE_MIN 0.45
#define NAMED_WEIGHT_MIN 0.5
#define NAMED_MIN 0.9
#define STORY_MIN 1.0
#define EVENT_NEED_WORDS 2
#define SUPPORT_MIN 0.3
#define EVENT_NEED_MARGIN 0.05
#define EVENT_NEED_SCORE 0.5
#define EVENT_NEED_EVIDENCE 0.7

enum { STACK_SERVICES = 256, PQ_BYTES = 512 };

static int is_stop_for_evidence(const struct lword *lw, const struct bentry *e)
{
    if (!lw || lw->concept || (lw->flags & LW_FOREIGN)) return 0;
    if (lw->flags & LW_STOP) return 1;
    /* A word only cue patterns use ("ramah") tells nothing about services
     * when its pattern did not match, unless the catalogue uses it ("surat
     * jalan"). */
    return (lw->flags & LW_CUE) && !(lw->flags & LW_WEAK) && !(e && e->own);
}

/* The term a resolved word is in the catalogue's own words, or -1 (a
 * concept word, a stop word, an unknown word). */
static long own_term(const struct bot_catalogue *c, const struct mword *mw)
{
    if (mw->entry < 0) return -1;
    const struct bentry *e = &c->entry[mw->entry];
    for (uint16_t k = 0; k < e->nsense; k++) {
        const struct bsense *s = &c->sense[e->sense0 + k];
        if (s->own && s->credit >= 1.0f) return (long)s->term;
    }
    return -1;
}

/* Naming: per service, the heaviest of its phrases said word for word
 * (stop words aside), any length in named[], two words or more in
 * multi[]: "surat belum menikah untuk daftar tni" says "surat belum nikah"
 * (belum_menikah) but not "daftar nikah". */
static void contiguous(const struct bot_catalogue *c, const struct message *m, double *named,
                       double *multi, uint8_t *covered)
{
    long seq[MSG_MAX_WORDS];
    size_t at[MSG_MAX_WORDS], n = 0;
    for (size_t i = 0; i < m->n; i++) {
        const struct mword *mw = &m->w[i];
        covered[i] = 0;
        if (phrase_skips(mw->s, mw->len)) continue;     /* as in phrases */
        long t = own_term(c, mw);
        at[n] = i;
        seq[n++] = mw->consumed ? -1 : t;
    }
    for (size_t p = 0; p < c->nphrase; p++) {
        const struct bphrase *ph = &c->phrase[p];
        double *out = ph->n >= 2 ? multi : named;
        if ((ph->weight <= out[ph->svc] && ph->weight <= named[ph->svc]) || ph->n > n) continue;
        for (size_t i = 0; i + ph->n <= n; i++) {
            size_t k = 0;
            while (k < ph->n && seq[i + k] == (long)ph->tok[k]) k++;
            if (k == ph->n) {
                if (ph->weight > out[ph->svc]) out[ph->svc] = ph->weight;
                if (ph->weight > named[ph->svc]) named[ph->svc] = ph->weight;
                for (k = 0; k < ph->n && ph->n >= 2; k++) covered[at[i + k]] = 1;
                break;
            }
        }
    }
}

/* Appends w to the naming query. */
static void pq_add(char *pq, size_t *pl, const char *w, size_t len)
{
    if (*pl + len + 2 > PQ_BYTES) return;
    if (*pl) pq[(*pl)++] = ' ';
    memcpy(pq + *pl, w, len);
    *pl += len;
    pq[*pl] = '\0';
}

/* The catalogue word a resolved entry stands for in the naming query: the
 * word itself when it is one, else its heaviest sense. */
static const struct bterm *entry_term(const struct bot_catalogue *c, const struct bentry *e,
                                      const char *word, size_t len)
{
    const struct bterm *best = NULL;
    double bw = -1;
    for (uint16_t k = 0; k < e->nsense; k++) {
        const struct bsense *s = &c->sense[e->sense0 + k];
        const struct bterm *t = &c->term[s->term];
        if (t->len == len && memcmp(cat_word(c, t->off), word, len) == 0) return t;
        double w = s->credit * t->weight;
        if (w > bw) {
            bw = w;
            best = t;
        }
    }
    return best;
}

/* Per-call scratch: per service arrays, the naming query, the totals. */
struct scratch {
    double *ev, *word, *pn, *named, *contig, *nw;
    uint8_t covered[MSG_MAX_WORDS];
    long best_term[MSG_MAX_WORDS];
    char pq[PQ_BYTES];
    size_t pl;
    double wsum;
};

/* Adds one resolved word's evidence; builds the naming query. */
static void add_word(const struct bot_catalogue *c, const struct message *m, size_t i,
                     struct scratch *x, struct match *out)
{
    const struct mword *mw = &m->w[i];
    const struct lword *lw = lang_at(mw->lang);
    int weak = lw && (lw->flags & LW_WEAK);
    int stop = is_stop_for_evidence(lw, mw->entry >= 0 ? &c->entry[mw->entry] : NULL);
    if (mw->entry < 0) {
        if (!mw->number && !stop && mw->len >= 3) x->wsum += weak ? UNKNOWN_WEAK_W : UNKNOWN_W;
        return;
    }
    const struct bentry *e = &c->entry[mw->entry];
    /* One word, one count: a repeated word or a second word for the same
     * catalogue word ("sertifikat tanah": both "tanah") adds nothing. */
    const struct bterm *pt = entry_term(c, e, mw->s, mw->len);
    int dup = 0;
    for (size_t j = 0; j < i && !dup; j++)
        dup = !m->w[j].consumed
              && (m->w[j].entry == mw->entry || (pt && x->best_term[j] == pt - c->term));
    x->best_term[i] = pt ? pt - c->term : -1;
    if (dup) return;
    if (pt && (!weak || x->covered[i])) pq_add(x->pq, &x->pl, cat_word(c, pt->off), pt->len);
    if (stop) return;
    if (e->foreign) {
        x->wsum += FOREIGN_W;
        out->foreign++;
        out->foreign_strong += e->foreign == 2;
        return;
    }
    /* The word's own weight: its best sense. */
    double wq = 0;
    for (uint16_t k = 0; k < e->nsense; k++) {
        const struct bsense *s = &c->sense[e->sense0 + k];
        double w = mw->credit * s->credit * c->term[s->term].weight;
        if (w > wq) wq = w;
    }
    double scale = (weak && wq > WEAK_CAP) ? WEAK_CAP / wq : 1.0;
    x->wsum += wq * scale;
    /* Its contribution to each service: the best sense there. */
    for (uint16_t k = 0; k < e->nsense; k++) {
        const struct bsense *s = &c->sense[e->sense0 + k];
        const struct bterm *t = &c->term[s->term];
        double w = mw->credit * s->credit * t->weight * scale;
        for (uint32_t p = 0; p < t->npost; p++) {
            const struct bpost *po = &c->post[t->post0 + p];
            if (w * po->str > x->word[po->svc]) x->word[po->svc] = w * po->str;
        }
    }
    for (size_t s = 0; s < c->n; s++) {
        x->ev[s] += x->word[s];
        x->nw[s] += x->word[s] >= SUPPORT_MIN && !weak;
        x->word[s] = 0;
    }
}

/* The answer, ask-back or silence for the two best services. */
static void judge(const struct scratch *x, struct match *out)
{
    long b1 = out->best[0], b2 = out->best[1];
    double s1 = out->score[0], margin = s1 - out->score[1];
    if (out->foreign_strong || (out->foreign && x->named[b1] < NAMED_WEIGHT_MIN)) return;
    const int named = x->named[b1] >= NAMED_WEIGHT_MIN || x->pn[b1] >= NAMED_MIN;
    const int story = named || out->evidence >= STORY_MIN;
    /* Naming a service exactly is evidence even when its words are common. */
    double evid = x->pn[b1] >= NAMED_MIN && x->pn[b1] > out->evidence ? x->pn[b1] : out->evidence;
    if (s1 >= ANSWER_MIN && margin >= ANSWER_MARGIN && evid >= EVIDENCE_MIN && story) {
        double m01 = margin / 0.4 > 1 ? 1 : margin / 0.4;
        out->answer = 1;
        out->confidence = (s1 > 1 ? 1 : s1) * (0.6 + 0.4 * m01);
    } else if (b2 >= 0 && s1 >= ASK_MIN && evid >= ASK_EVIDENCE_MIN) {
        out->ask = 1;
        out->confidence = 0.5 * s1;
    } else if (b2 < 0 && s1 >= ALONE_MIN && evid >= EVIDENCE_MIN && story) {
        out->answer = 1;
        out->confidence = 0.8 * s1;
    }
}

static void match_pass(const struct bot_catalogue *c, const struct message *m, struct match *out)
{
    memset(out, 0, sizeof *out);
    out->best[0] = out->best[1] = -1;
    if (!c || c->n == 0) return;

    struct scratch x;
    double stack[6 * STACK_SERVICES];
    void *heap = NULL;
    memset(&x, 0, sizeof x);
    x.ev = stack;
    if (c->n > STACK_SERVICES) {
        heap = calloc(c->n * 6, sizeof(double));
        if (!heap) return;
        x.ev = heap;
    } else {
        memset(stack, 0, 6 * c->n * sizeof stack[0]);
    }
    x.word = x.ev + c->n;
    x.pn = x.word + c->n;
    x.named = x.pn + c->n;
    x.contig = x.named + c->n;
    x.nw = x.contig + c->n;
    for (size_t i = 0; i < MSG_MAX_WORDS; i++) x.best_term[i] = -1;

    contiguous(c, m, x.named, x.contig, x.covered);
    for (size_t i = 0; i < m->n; i++)
        if (!m->w[i].consumed) add_word(c, m, i, &x, out);
    if (x.pl > 0) {
        struct search_hit hits[64];
        size_t nh = search_query(c->ix, x.pq, hits, sizeof hits / sizeof hits[0]);
        for (size_t h = 0; h < nh; h++)
            if (hits[h].index < c->n) x.pn[hits[h].index] = hits[h].score;
    }

    double s1 = -1, s2 = -1;
    long b1 = -1, b2 = -1;
    for (size_t s = 0; s < c->n; s++) {
        double share = x.wsum > 0 ? x.ev[s] / x.wsum : 0;
        double bonus = x.contig[s] / CONTIG_FULL;
        double sc = W_NAMING * x.pn[s] + (1 - W_NAMING) * (share > 1 ? 1 : share)
                    + CONTIG_W * (bonus > 1 ? 1 : bonus);
        if (sc <= 0) continue;
        if (sc > s1) {
            s2 = s1;
            b2 = b1;
            s1 = sc;
            b1 = (long)s;
        } else if (sc > s2) {
            s2 = sc;
            b2 = (long)s;
        }
    }
    if (b1 >= 0) {
        out->best[0] = b1;
        out->best[1] = b2;
        out->score[0] = s1;
        out->score[1] = b2 >= 0 ? s2 : 0;
        out->evidence = x.ev[b1];
        out->explained = x.wsum > 0 ? x.ev[b1] / x.wsum : 0;
        out->support = (int)x.nw[b1];
        judge(&x, out);
    }
    free(heap);
}

static int is_event(const struct mword *w)
{
    const struct lword *lw = lang_at(w->lang);
    return lw && (lw->flags & LW_EVENT) && !w->consumed;
}

/* A life event and another need ("kakak meninggal, tabungannya di bank
 * mau diambil"): the need decides. When the words besides the event tell
 * one of the two best services on their own, with two words or more
 * ("tabungan", "bank"), that is the answer; else the event counts as
 * usual ("bapak meninggal, urus suratnya", "mbah meninggal, ktp nya
 * sini"). */
void match_services(const struct bot_catalogue *c, const struct message *m, struct match *out)
{
    match_pass(c, m, out);
    out->event_need = -1;
    size_t ev = 0;
    for (size_t i = 0; i < m->n; i++) ev += is_event(&m->w[i]);
    if (ev == 0 || out->best[1] < 0) return;
    struct message *rest = malloc(sizeof *rest);
    if (!rest) return;
    memcpy(rest, m, sizeof *rest);
    for (size_t i = 0; i < rest->n; i++)
        if (is_event(&rest->w[i])) rest->w[i].consumed = 1;
    struct match need;
    match_pass(c, rest, &need);
    const int told = need.best[0] == out->best[1] && !need.foreign
                     && need.score[0] - need.score[1] >= EVENT_NEED_MARGIN
                     && need.score[0] >= EVENT_NEED_SCORE && need.evidence >= EVENT_NEED_EVIDENCE;
    if (told && need.support < EVENT_NEED_WORDS) out->event_need = need.best[0];
    if (told && need.support >= EVENT_NEED_WORDS) {
        out->best[1] = out->best[0];
        out->best[0] = need.best[0];
        out->answer = 1;
        out->ask = 0;
        out->confidence = 0.8 * (need.score[0] > 1 ? 1 : need.score[0]);
    }
    free(rest);
}
