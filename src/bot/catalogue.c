/* catalogue: everything the bot precomputes for one catalogue version, so
 * that a decision only looks things up.
 *
 * Word index. Every word of a service's slug, name (whole, outside and
 * inside parentheses) and synonyms is a "phrase" word of that service
 * (strength 1); distinctive words of its summary are context (strength
 * SUMMARY_STRENGTH). A word's weight is its rarity over the catalogue,
 * ln((N+1)/(df+0.5)) / ln(N+1) with df the summed strengths, so "sktm" (one
 * service) weighs about 0.86 and "surat" (all) nearly 0. Words are
 * prepared like a citizen's (lang_prepare: "akte" = "akta", "kawin" =
 * "nikah"), so catalogue and chat meet in one spelling.
 *
 * Entries are what a citizen's word can be resolved to, each with senses
 * (catalogue words and a credit):
 *   - a catalogue word itself (credit 1);
 *   - the root of a derived catalogue word (ROOT_CREDIT): "lahir" for
 *     "kelahiran", "pinjam" for "pinjaman";
 *   - a concept word of lang.c (CONCEPT_CREDIT times the target's):
 *     "wafat" -> "meninggal", "kematian", whichever this catalogue uses;
 *   - a need the catalogue lacks ("paspor", lang.c's '!' lines) is kept
 *     as a foreign entry with no senses.
 * Entries are sorted by word and found through a hash table.
 *
 * Menu. Services are grouped by category (first appearance order), groups
 * of more than BOT_ROWS_MAX services are split, and every service gets a
 * row title, a button title and a tiny name (menu.c). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/internal.h"
#include "core/typo.h"
#include "util/jv.h"
#include "util/hash.h"

#define SUMMARY_STRENGTH 0.35f
#define ROOT_CREDIT 0.8f
#define CONCEPT_CREDIT 0.9f

enum { TEXT_WORDS_MAX = 160, ROOT_MIN_LEN = 4, TEXT_BYTES_MAX = 2048 };

struct occ {
    char w[LANG_WORD_MAX + 1];
    uint32_t svc;
    float str;
};

/* A phrase as words, before the terms exist. */
struct pword {
    uint32_t svc;
    uint32_t n;
    char w[PHRASE_WORDS_MAX][LANG_WORD_MAX + 1];
};

struct triple {
    char key[LANG_WORD_MAX + 1];
    uint32_t term;              /* UINT32_MAX: a foreign need, UINT32_MAX-1: overriding */
    float credit;
    int own;                    /* the catalogue's word or its root, not a concept */
};

struct vec {
    void *p;
    size_t n, cap, size;
};

static void *vec_push(struct vec *v)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 256;
        void *p = realloc(v->p, cap * v->size);
        if (!p) return NULL;
        v->p = p;
        v->cap = cap;
    }
    void *e = (char *)v->p + v->n * v->size;
    memset(e, 0, v->size);
    v->n++;
    return e;
}

static long text_add(struct bot_catalogue *c, size_t *cap, const char *w, size_t len)
{
    if (c->ntext + len + 1 > *cap) {
        size_t ncap = *cap ? *cap * 2 : 4096;
        while (ncap < c->ntext + len + 1) ncap *= 2;
        char *p = realloc(c->text, ncap);
        if (!p) return -1;
        c->text = p;
        *cap = ncap;
    }
    long off = (long)c->ntext;
    memcpy(c->text + c->ntext, w, len);
    c->text[c->ntext + len] = '\0';
    c->ntext += len + 1;
    return off;
}

/* ---------------------------------------------------------- occurrences */

static int is_stop(const char *w)
{
    return phrase_skips(w, strlen(w));
}

/* Keeps a phrase's telling words in order, for the contiguity bonus. */
static int add_phrase(struct vec *phr, char (*words)[LANG_WORD_MAX + 1], size_t n, uint32_t svc)
{
    struct pword pw;
    memset(&pw, 0, sizeof pw);
    pw.svc = svc;
    for (size_t i = 0; i < n && pw.n < PHRASE_WORDS_MAX; i++)
        if (!is_stop(words[i])) memcpy(pw.w[pw.n++], words[i], strlen(words[i]) + 1);
    if (pw.n < 1) return 0;
    struct pword *p = vec_push(phr);
    if (!p) return -1;
    *p = pw;
    return 0;
}

/* What building collects before the terms exist. */
struct build {
    struct vec occ;             /* struct occ */
    struct vec phr;             /* struct pword */
};

static int add_text(struct build *bd, const char *text, uint32_t svc, float str, int summary)
{
    char words[TEXT_WORDS_MAX][LANG_WORD_MAX + 1];
    struct vec *occ = &bd->occ;
    size_t n = words_split(text, TEXT_BYTES_MAX, words, TEXT_WORDS_MAX);
    if (!summary && add_phrase(&bd->phr, words, n, svc) != 0) return -1;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(words[i]);
        if (summary) {
            /* Context only from words that can tell something. */
            const struct lword *lw = lang_find(words[i], len);
            if (len < 4 || (lw && (lw->flags & LW_STOP))) continue;
            if (lw && (lw->flags & LW_CUE) && !(lw->flags & (LW_WEAK)) && !lw->concept) continue;
        }
        struct occ *o = vec_push(occ);
        if (!o) return -1;
        memcpy(o->w, words[i], len + 1);
        o->svc = svc;
        o->str = str;
    }
    return 0;
}

/* Phrase texts of the name: whole, outside and inside parentheses. */
static int add_name(struct build *occ, const char *name, uint32_t svc)
{
    char outside[512], inside[512];
    size_t no = 0, ni = 0;
    int depth = 0;
    if (add_text(occ, name, svc, 1.0f, 0) != 0) return -1;
    for (const char *p = name; *p && no + 1 < sizeof outside && ni + 1 < sizeof inside; p++) {
        if (*p == '(') depth++;
        else if (*p == ')' && depth > 0) depth--;
        else if (depth > 0) inside[ni++] = *p;
        else outside[no++] = *p;
    }
    outside[no] = inside[ni] = '\0';
    if (add_text(occ, outside, svc, 1.0f, 0) != 0) return -1;
    return add_text(occ, inside, svc, 1.0f, 0);
}

static int add_service(struct build *occ, const json_t *doc, uint32_t svc)
{
    char slug[128];
    const char *s = jv_str(doc, "slug");
    size_t n = 0;
    for (; s[n] && n + 1 < sizeof slug; n++) slug[n] = (s[n] == '_' || s[n] == '-') ? ' ' : s[n];
    slug[n] = '\0';
    if (add_text(occ, slug, svc, 1.0f, 0) != 0) return -1;
    if (add_name(occ, jv_str(doc, "name"), svc) != 0) return -1;
    const json_t *syn = json_object_get(doc, "synonyms");
    for (size_t i = 0; i < json_array_size(syn); i++) {
        const char *t = json_string_value(json_array_get(syn, i));
        if (t && add_text(occ, t, svc, 1.0f, 0) != 0) return -1;
    }
    return add_text(occ, jv_str(doc, "summary"), svc, SUMMARY_STRENGTH, 1);
}

static int cmp_occ(const void *a, const void *b)
{
    const struct occ *x = a, *y = b;
    int r = strcmp(x->w, y->w);
    if (r) return r;
    return (x->svc > y->svc) - (x->svc < y->svc);
}

/* Turns sorted occurrences into terms with postings and weights. */
static int build_terms(struct bot_catalogue *c, struct vec *occ, size_t *textcap)
{
    struct occ *o = occ->p;
    if (occ->n) qsort(o, occ->n, sizeof *o, cmp_occ);
    c->term = calloc(occ->n ? occ->n : 1, sizeof *c->term);
    c->post = calloc(occ->n ? occ->n : 1, sizeof *c->post);
    if (!c->term || !c->post) return -1;
    double n1 = (double)c->n + 1.0, ln1 = log(n1 > 2 ? n1 : 2);
    for (size_t i = 0; i < occ->n;) {
        size_t j = i;
        struct bterm *t = &c->term[c->nterm];
        long off = text_add(c, textcap, o[i].w, strlen(o[i].w));
        if (off < 0) return -1;
        t->off = (uint32_t)off;
        t->len = (uint16_t)strlen(o[i].w);
        t->post0 = (uint32_t)c->npost;
        double df = 0;
        while (j < occ->n && strcmp(o[j].w, o[i].w) == 0) {
            /* One posting per service, its strongest occurrence. */
            struct bpost *p = c->npost > t->post0 ? &c->post[c->npost - 1] : NULL;
            if (p && p->svc == o[j].svc) {
                if (o[j].str > p->str) p->str = o[j].str;
            } else {
                c->post[c->npost].svc = o[j].svc;
                c->post[c->npost].str = o[j].str;
                c->npost++;
            }
            j++;
        }
        t->npost = (uint32_t)(c->npost - t->post0);
        for (uint32_t k = 0; k < t->npost; k++) df += c->post[t->post0 + k].str;
        double w = log(n1 / (df + 0.5)) / ln1;
        t->weight = (float)(w < 0.02 ? 0.02 : w > 1.0 ? 1.0 : w);
        c->nterm++;
        i = j;
    }
    return 0;
}

static long term_find(const struct bot_catalogue *c, const char *w)
{
    size_t lo = 0, hi = c->nterm;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int r = strcmp(w, cat_word(c, c->term[mid].off));
        if (r == 0) return (long)mid;
        if (r < 0) hi = mid;
        else lo = mid + 1;
    }
    return -1;
}

/* Phrases as term ids; duplicates (same service, same words) once. */
static int build_phrases(struct bot_catalogue *c, struct vec *phr)
{
    const struct pword *pw = phr->p;
    c->phrase = calloc(phr->n ? phr->n : 1, sizeof *c->phrase);
    if (!c->phrase) return -1;
    for (size_t i = 0; i < phr->n; i++) {
        struct bphrase *b = &c->phrase[c->nphrase];
        memset(b, 0, sizeof *b);
        b->svc = pw[i].svc;
        for (uint32_t k = 0; k < pw[i].n; k++) {
            long t = term_find(c, pw[i].w[k]);
            if (t < 0) break;
            b->tok[b->n++] = (uint32_t)t;
            b->weight += c->term[t].weight;
        }
        if (b->n != pw[i].n) continue;
        int dup = 0;
        for (size_t j = c->nphrase; j-- > 0 && !dup && c->phrase[j].svc == b->svc;)
            dup = c->phrase[j].n == b->n
                  && memcmp(c->phrase[j].tok, b->tok, b->n * sizeof b->tok[0]) == 0;
        if (!dup) c->nphrase++;
    }
    return 0;
}

/* -------------------------------------------------------------- entries */

static int push_triple(struct vec *tr, const char *key, uint32_t term, float credit, int own)
{
    size_t len = strlen(key);
    if (len == 0 || len > LANG_WORD_MAX) return 0;
    struct triple *t = vec_push(tr);
    if (!t) return -1;
    memcpy(t->key, key, len + 1);
    t->term = term;
    t->credit = credit;
    t->own = own;
    return 0;
}

static int cmp_triple(const void *a, const void *b)
{
    const struct triple *x = a, *y = b;
    int r = strcmp(x->key, y->key);
    if (r) return r;
    return (x->term > y->term) - (x->term < y->term);
}

static int has_phrase_posting(const struct bot_catalogue *c, const struct bterm *t)
{
    for (uint32_t k = 0; k < t->npost; k++)
        if (c->post[t->post0 + k].str >= 1.0f) return 1;
    return 0;
}

/* Catalogue words and the roots of derived ones. */
static int push_words(const struct bot_catalogue *c, struct vec *tr)
{
    for (size_t i = 0; i < c->nterm; i++) {
        const struct bterm *t = &c->term[i];
        const char *w = cat_word(c, t->off);
        if (push_triple(tr, w, (uint32_t)i, 1.0f, 1) != 0) return -1;
        if (t->len < 6 || !has_phrase_posting(c, t)) continue;
        char roots[8][LANG_WORD_MAX + 1];
        size_t nr = lang_confix_roots(w, t->len, roots, 8);
        for (size_t r = 0; r < nr; r++) {
            size_t rl = strlen(roots[r]);
            const struct lword *lw = lang_find(roots[r], rl);
            if (rl < ROOT_MIN_LEN || term_find(c, roots[r]) >= 0 || (lw && (lw->flags & LW_STOP)))
                continue;
            if (push_triple(tr, roots[r], (uint32_t)i, ROOT_CREDIT, 1) != 0) return -1;
        }
    }
    return 0;
}

/* Concept word lw, one of its targets key: a triple for every base triple
 * (the first nbase, sorted) with that key, the word and its root uses. */
static int push_concept_target(struct vec *tr, size_t nbase, const struct lword *lw,
                               const char *key)
{
    size_t lo = 0, hi = nbase;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(((struct triple *)tr->p)[mid].key, key) < 0) lo = mid + 1;
        else hi = mid;
    }
    for (size_t k = lo; k < nbase; k++) {
        struct triple base = ((struct triple *)tr->p)[k];   /* copy: push may move */
        if (strcmp(base.key, key) != 0) break;
        if (push_triple(tr, lw->w, base.term, CONCEPT_CREDIT * base.credit, 0) != 0) return -1;
    }
    return 0;
}

/* Concept words, resolved against what this catalogue says. Sorting first
 * lets a concept target be found among the roots too. */
static int push_concepts(struct vec *tr)
{
    size_t nbase = tr->n;
    if (nbase) qsort(tr->p, nbase, sizeof(struct triple), cmp_triple);
    for (size_t li = 0; li < lang_count(); li++) {
        const struct lword *lw = lang_at((long)li);
        if (!lw->concept) continue;
        for (const char *p = lw->concept; *p;) {
            while (*p == ' ') p++;
            const char *w = p;
            while (*p && *p != ' ') p++;
            size_t len = (size_t)(p - w);
            if (len == 0 || len > LANG_WORD_MAX) continue;
            struct triple probe;
            memset(&probe, 0, sizeof probe);
            memcpy(probe.key, w, len);
            if (push_concept_target(tr, nbase, lw, probe.key) != 0) return -1;
        }
    }
    return 0;
}

/* Foreign needs: a word the catalogue does not use. */
static int push_foreign(const struct bot_catalogue *c, struct vec *tr)
{
    for (size_t li = 0; li < lang_count(); li++) {
        const struct lword *lw = lang_at((long)li);
        if (!(lw->flags & LW_FOREIGN) || term_find(c, lw->w) >= 0) continue;
        uint32_t kind = lw->flags & LW_OVERRIDE ? UINT32_MAX - 1 : UINT32_MAX;
        if (push_triple(tr, lw->w, kind, 0, 0) != 0) return -1;
    }
    return 0;
}

/* Folds the sorted triples t[i..] sharing t[i]'s key into entry e and its
 * senses (one per term, best credit); returns the index after them. */
static size_t fold_entry(struct bot_catalogue *c, struct bentry *e, const struct triple *t,
                         size_t n, size_t i)
{
    e->sense0 = (uint32_t)c->nsense;
    size_t j = i;
    for (; j < n && strcmp(t[j].key, t[i].key) == 0; j++) {
        e->own |= (uint8_t)t[j].own;
        if (t[j].term >= UINT32_MAX - 1) {
            e->foreign = t[j].term == UINT32_MAX ? 1 : 2;
            continue;
        }
        struct bsense *last = c->nsense > e->sense0 ? &c->sense[c->nsense - 1] : NULL;
        if (last && last->term == t[j].term) {
            if (t[j].credit > last->credit) last->credit = t[j].credit;
            last->own |= (uint8_t)t[j].own;
            continue;
        }
        c->sense[c->nsense].term = t[j].term;
        c->sense[c->nsense].credit = t[j].credit;
        c->sense[c->nsense].own = (uint8_t)t[j].own;
        c->nsense++;
    }
    e->nsense = (uint16_t)(c->nsense - e->sense0);
    if (e->nsense) e->foreign = 0;
    return j;
}

static int build_entries(struct bot_catalogue *c, size_t *textcap)
{
    struct vec tr = { NULL, 0, 0, sizeof(struct triple) };
    int rc = -1;
    if (push_words(c, &tr) != 0 || push_concepts(&tr) != 0 || push_foreign(c, &tr) != 0)
        goto out;
    if (tr.n) qsort(tr.p, tr.n, sizeof(struct triple), cmp_triple);

    struct triple *t = tr.p;
    c->entry = calloc(tr.n ? tr.n : 1, sizeof *c->entry);
    c->sense = calloc(tr.n ? tr.n : 1, sizeof *c->sense);
    if (!c->entry || !c->sense) goto out;
    for (size_t i = 0; i < tr.n;) {
        struct bentry *e = &c->entry[c->nentry];
        size_t len = strlen(t[i].key);
        long off = text_add(c, textcap, t[i].key, len);
        if (off < 0) goto out;
        e->off = (uint32_t)off;
        e->len = (uint16_t)len;
        e->mask = typo_mask(t[i].key, len);
        i = fold_entry(c, e, t, tr.n, i);
        c->nentry++;
    }
    rc = 0;
out:
    free(tr.p);
    return rc;
}

static int build_hash(struct bot_catalogue *c)
{
    c->hcap = 64;
    while (c->hcap < 4 * c->nentry) c->hcap *= 2;
    c->hash = calloc(c->hcap, sizeof *c->hash);
    if (!c->hash) return -1;
    for (size_t i = 0; i < c->nentry; i++) {
        const struct bentry *e = &c->entry[i];
        size_t h = hash_fnv1a(cat_word(c, e->off), e->len) & (c->hcap - 1);
        while (c->hash[h]) h = (h + 1) & (c->hcap - 1);
        c->hash[h] = (uint32_t)i + 1;
    }
    return 0;
}

long cat_find(const struct bot_catalogue *c, const char *w, size_t len)
{
    if (!c->hash) return -1;
    for (size_t h = hash_fnv1a(w, len) & (c->hcap - 1);; h = (h + 1) & (c->hcap - 1)) {
        uint32_t slot = c->hash[h];
        if (!slot) return -1;
        const struct bentry *e = &c->entry[slot - 1];
        if (e->len == len && memcmp(cat_word(c, e->off), w, len) == 0) return (long)(slot - 1);
    }
}

long cat_service(const struct bot_catalogue *c, const char *slug)
{
    if (!c || !slug) return -1;
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->svc[i].slug, slug) == 0) return (long)i;
    return -1;
}

/* ------------------------------------------------------------ the menu */

static int build_groups(struct bot_catalogue *c)
{
    c->order = calloc(c->n ? c->n : 1, sizeof *c->order);
    /* At most one group per service. */
    c->groups = calloc(c->n ? c->n : 1, sizeof *c->groups);
    if (!c->order || !c->groups) return -1;
    size_t no = 0;
    int *done = calloc(c->n ? c->n : 1, sizeof *done);
    if (!done) return -1;
    for (size_t i = 0; i < c->n; i++) {
        if (done[i]) continue;
        /* Category of service i: all its services, catalogue order, in
         * chunks of BOT_ROWS_MAX. */
        size_t start = no, count = 0;
        for (size_t j = i; j < c->n; j++)
            if (!done[j] && strcmp(c->svc[j].category, c->svc[i].category) == 0) {
                done[j] = 1;
                c->order[no++] = j;
                count++;
            }
        size_t parts = (count + BOT_ROWS_MAX - 1) / BOT_ROWS_MAX;
        char title[100];
        category_title(c->svc[i].category, title, sizeof title);
        for (size_t p = 0; p < parts; p++) {
            struct bgroup *g = &c->groups[c->ngroups];
            g->first = start + p * BOT_ROWS_MAX;
            g->n = count - p * BOT_ROWS_MAX < BOT_ROWS_MAX ? count - p * BOT_ROWS_MAX
                                                          : BOT_ROWS_MAX;
            if (parts > 1) {
                /* "Surat Keterangan (2)": cut the name, keep the number. */
                char num[16], cut[64];
                int k = snprintf(num, sizeof num, " (%zu)", p + 1);
                size_t room = BOT_TITLE_CHARS - (size_t)(k > 0 ? k : 0);
                utf8_fit(title, room, cut, sizeof cut);
                size_t lc = strlen(cut), ln = strlen(num);
                memcpy(g->title, cut, lc);
                memcpy(g->title + lc, num, ln + 1);     /* 63 + 15 < 100 bytes */
            } else {
                utf8_fit(title, BOT_TITLE_CHARS, g->title, sizeof g->title);
            }
            /* Description: the tiny names, as many as fit. */
            char desc[600];
            size_t dl = 0;
            desc[0] = '\0';
            for (size_t k = 0; k < g->n; k++) {
                const struct bsvc *s = &c->svc[c->order[g->first + k]];
                c->svc[c->order[g->first + k]].group = (int)c->ngroups;
                int w = snprintf(desc + dl, sizeof desc - dl, "%s%s", k ? ", " : "", s->tiny);
                if (w < 0 || (size_t)w >= sizeof desc - dl) break;
                dl += (size_t)w;
            }
            utf8_fit(desc, BOT_DESC_CHARS, g->desc, sizeof g->desc);
            c->ngroups++;
        }
    }
    free(done);
    return 0;
}

/* ------------------------------------------------------------ lifetime */

struct bot_catalogue *bot_catalogue_build(const json_t *services)
{
    if (!json_is_array(services)) return NULL;
    lang_init();
    cues_init();
    struct bot_catalogue *c = calloc(1, sizeof *c);
    struct build bd = { { NULL, 0, 0, sizeof(struct occ) }, { NULL, 0, 0, sizeof(struct pword) } };
    size_t textcap = 0;
    if (!c) return NULL;
    c->services = json_array();
    if (!c->services) goto fail;
    for (size_t i = 0; i < json_array_size(services); i++) {
        const json_t *d = json_array_get(services, i);
        if (!json_is_object(d) || !*jv_str(d, "slug") || !*jv_str(d, "name")) continue;
        if (json_is_false(json_object_get(d, "active"))) continue;
        if (json_array_append_new(c->services, json_deep_copy(d)) != 0) goto fail;
    }
    c->n = json_array_size(c->services);
    c->svc = calloc(c->n ? c->n : 1, sizeof *c->svc);
    if (!c->svc) goto fail;
    for (size_t i = 0; i < c->n; i++) {
        struct bsvc *s = &c->svc[i];
        s->doc = json_array_get(c->services, i);
        s->slug = jv_str(s->doc, "slug");
        s->name = jv_str(s->doc, "name");
        s->category = jv_str(s->doc, "category");
        short_name(s->name, BOT_TITLE_CHARS, s->title, sizeof s->title);
        short_name(s->name, BOT_BUTTON_CHARS, s->button, sizeof s->button);
        tiny_name(s->name, s->tiny, sizeof s->tiny);
    }
    c->ix = search_build(c->services);
    if (!c->ix) goto fail;
    for (size_t i = 0; i < c->n; i++)
        if (add_service(&bd, c->svc[i].doc, (uint32_t)i) != 0) goto fail;
    if (build_terms(c, &bd.occ, &textcap) != 0) goto fail;
    if (build_phrases(c, &bd.phr) != 0) goto fail;
    if (build_entries(c, &textcap) != 0) goto fail;
    if (build_hash(c) != 0) goto fail;
    if (build_groups(c) != 0) goto fail;
    free(bd.occ.p);
    free(bd.phr.p);
    return c;
fail:
    free(bd.occ.p);
    free(bd.phr.p);
    bot_catalogue_free(c);
    return NULL;
}

void bot_catalogue_free(struct bot_catalogue *c)
{
    if (!c) return;
    search_free(c->ix);
    json_decref(c->services);
    free(c->svc);
    free(c->order);
    free(c->groups);
    free(c->text);
    free(c->term);
    free(c->post);
    free(c->entry);
    free(c->sense);
    free(c->phrase);
    free(c->hash);
    free(c);
}
