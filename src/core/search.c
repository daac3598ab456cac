/* search: which catalogue services does a citizen's free text ask for?
 *
 * 1. Text.  search_normalise() lower-cases ASCII, turns punctuation (also
 *    Unicode quotes, dashes, spaces, symbols and emoji) into single spaces,
 *    drops apostrophes ("jum'at" = "jumat") and joins dotted abbreviations
 *    ("S.K.T.M." = "sktm").  Other UTF-8 letters are kept byte for byte;
 *    invalid UTF-8 becomes a space.  The tokeniser then joins runs of
 *    one-character words ("s k t m" = "sktm", "n 1" = "n1"), strips the
 *    suffix -nya ("domisilinya"), maps a few chat spellings and inflections
 *    to one form (tdk/gak/ga = tidak, ket = keterangan, akte = akta,
 *    ijin = izin, menikah/kawin = nikah ...), drops filler words that never
 *    name a service ("mau", "cara", "bikin", "urus", "syarat", "tolong",
 *    "min" ...) and duplicates.  Catalogue text and queries go through the
 *    same steps, so "bikin ktp" in the catalogue is just "ktp".
 *
 * 2. Phrases.  Each service is known by phrases: its slug ("pengantar_kk" =
 *    "pengantar kk"), its name, the name without and inside parentheses
 *    ("Surat Keterangan Tidak Mampu (SKTM)" also gives "surat keterangan
 *    tidak mampu" and "sktm"), every synonym, and its category slug.  Its
 *    context is the words of all its phrases plus the distinctive words of
 *    its summary (words in at most SUMMARY_MAX_DF services' summaries).
 *
 * 3. Word weights.  A word is as informative as it is rare: weight(w) =
 *    ln((N+1)/df(w)) + WEIGHT_FLOOR, N services, df = services with w in a
 *    phrase.  "sktm" (1 of 16 services) weighs 3.1, "surat" (nearly all)
 *    0.4, so "surat" alone identifies nothing and a typo in it hardly
 *    matters; the floor keeps every written word of a phrase worth a
 *    little ("surat jalan" is more than "jalan").
 *
 * 4. Word matches.  A query word matches a phrase word with a credit:
 *    exact 1; Damerau-Levenshtein (optimal string alignment) distance 1
 *    0.85, distance 2 0.65, where the distance allowed depends on the
 *    shorter word: 0 up to 3 bytes, 1 for 4-7, 2 from 8 ("domisli",
 *    "kelahran", "skkc"); a prefix of at least 4 bytes and half the word
 *    0.6 ("domis").  Only a word the catalogue does not know is taken for
 *    a typo ("tunggal" is a word, not "tinggal" misspelt); summary words
 *    only match exactly.  Query and phrase words are paired one to one,
 *    best credits first.
 *
 * 5. Phrase score = 0.7 * coverage + 0.3 * explanation.  Coverage: the
 *    weighted share of the phrase's words the query said (credit-weighted),
 *    i.e. did the citizen name the whole thing.  Explanation: the weighted
 *    share of the query's words the phrase accounts for; a query word left
 *    over counts half its credit if it appears in the service's context
 *    ("sktm buat sekolah anak": "sekolah" is about SKTM), nothing otherwise;
 *    words unknown to the whole catalogue weigh like a rare word.  Score 1
 *    exactly when every word on both sides matched exactly, i.e. the query
 *    is a name/slug/synonym (in any word order, fillers aside).  A
 *    category phrase names a group, not a service: it scores
 *    CATEGORY_CAP * coverage * explanation, so only a query that is just
 *    the category ("kependudukan") lists its services.
 *
 * 6. A service scores its best phrase.  Hits are those >= SEARCH_MIN_SCORE,
 *    best first; on equal scores a service matched through its slug or name
 *    comes before one matched through a synonym, then catalogue order.
 *
 * Bounds: queries are cut at QUERY_MAX_BYTES (at a UTF-8 boundary) and
 * QUERY_MAX_TOKENS distinct words; words longer than TOKEN_MAX bytes match
 * nothing; catalogue texts are cut at TEXT_MAX_BYTES and phrases at
 * PHRASE_MAX_TOKENS words.  The index is read-only after search_build, and
 * search_query keeps its state on the stack and in one heap block, so any
 * number of threads may query one index.  Cost for the 16-service demo
 * catalogue: building ~0.1 ms, a query a few microseconds. */
#include "core/search.h"
#include "core/typo.h"
#include "util/hash.h"
#include "util/utf8.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum {
    QUERY_MAX_BYTES = 512,
    QUERY_MAX_TOKENS = 24,      /* a bit per query word in a uint32_t */
    TOKEN_MAX = 32,
    PHRASE_MAX_TOKENS = 12,
    TEXT_MAX_BYTES = 2048,
    SUMMARY_MIN_LEN = 4,        /* shorter summary words are not context */
    SUMMARY_MAX_DF = 2,
};

#define W_COVERAGE 0.7
#define W_EXPLAIN 0.3
#define CONTEXT_FACTOR 0.5
#define CATEGORY_CAP 0.55
#define SCORE_EPS 1e-9
#define WEIGHT_FLOOR 0.3

/* Match levels, best last; credit[] gives their value. */
enum { LV_NONE, LV_PREFIX, LV_FUZZY2, LV_FUZZY1, LV_EXACT };
static const double credit[] = { 0.0, 0.6, 0.65, 0.85, 1.0 };

/* Phrase kinds, in tie-break order. */
enum { KIND_SLUG, KIND_NAME, KIND_SYNONYM, KIND_CATEGORY };

enum { VF_PHRASE = 1, VF_SUMMARY = 2 };

struct vocab {
    uint32_t off;               /* in ix->text, NUL-terminated */
    uint8_t len;
    uint8_t flags;
    uint32_t mask;              /* typo_mask() of the word */
    uint32_t df, sdf;           /* services with it in a phrase / a summary */
    uint32_t last, slast;       /* build only: last service counted, +1 */
    double weight;
};

struct phrase {
    uint32_t n;
    uint32_t kind;
    uint32_t tok[PHRASE_MAX_TOKENS];    /* vocab ids, sorted */
    double wsum;
};

struct service {
    size_t ph_begin, ph_end;    /* in ix->ph */
    size_t ctx_begin, ctx_end;  /* in ix->ctx */
    size_t sum_begin, sum_end;  /* build only: summary word ids in ix->tmp */
};

struct search_index {
    size_t nserv;
    struct service *serv;
    struct vocab *voc;
    size_t nvoc, capvoc;
    uint32_t *phrase_voc;       /* ids of words that occur in phrases */
    size_t nphrase_voc;
    uint32_t *hash;             /* open addressing: vocab id + 1, 0 = empty */
    size_t hcap;
    char *text;
    size_t ntext, captext;
    struct phrase *ph;
    size_t nph, capph;
    uint32_t *ctx;
    size_t nctx, capctx;
    uint32_t *tmp;
    size_t ntmp, captmp;
    double unknown_weight;
};

/* ------------------------------------------------------------------ text */

static int is_alnum_ascii(unsigned c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int is_alpha_ascii(unsigned c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static unsigned lower_ascii(unsigned c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Part of a word: ASCII letter/digit or any byte of a multibyte sequence. */
static int is_word_byte(unsigned c)
{
    return is_alnum_ascii(c) || c >= 0x80;
}

/* Length of the valid UTF-8 sequence at p (0 if invalid); *cp gets the
 * code point.  Never reads past a NUL: a NUL is not a continuation byte. */
static size_t utf8_decode(const unsigned char *p, uint32_t *cp)
{
    unsigned c = p[0];
    size_t len;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; v = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; v = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; v = c & 0x07; min = 0x10000; }
    else return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80) return 0;
        v = (v << 6) | (p[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return len;
}

/* Non-ASCII code points that separate words: Latin-1 punctuation and
 * symbols, general punctuation (quotes, dashes, odd spaces, zero-width
 * joiners), currency, arrows to dingbats, CJK punctuation, variation
 * selectors, BOM, and everything from U+1F000 (emoji). */
static int is_separator_cp(uint32_t cp)
{
    return (cp >= 0x80 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7
           || (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x20A0 && cp <= 0x20CF)
           || (cp >= 0x2190 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F)
           || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF || cp >= 0x1F000;
}

/* Apostrophes join: "jum'at" is "jumat". */
static int is_apostrophe_cp(uint32_t cp)
{
    return cp == '\'' || cp == '`' || cp == 0x2018 || cp == 0x2019 || cp == 0x02BC;
}

void search_normalise(const char *in, char *out, size_t n)
{
    if (!out || n == 0) return;
    const unsigned char *p = (const unsigned char *)(in ? in : "");
    size_t o = 0;
    int space = 0, prev_word = 0;

/* Emits a pending space (never at the start), then the byte c. */
#define EMIT(c)                                                                       \
    do {                                                                              \
        if (space && o > 0 && o + 1 < n) out[o++] = ' ';                              \
        space = 0;                                                                    \
        if (o + 1 < n) out[o++] = (char)(c);                                          \
    } while (0)

    while (*p) {
        unsigned c = *p;
        if (c < 0x80) {
            if (is_alpha_ascii(c) && !prev_word && p[1] == '.' && is_alpha_ascii(p[2])
                && !is_word_byte(p[3])) {
                /* Dotted abbreviation: single letters each followed by a dot. */
                for (;;) {
                    EMIT(lower_ascii(*p));
                    if (p[1] != '.') { p += 1; break; }
                    p += 2;
                    if (!is_alpha_ascii(p[0]) || is_word_byte(p[1])) break;
                }
                prev_word = 0;
                space = 1;
                continue;
            }
            if (is_alnum_ascii(c)) {
                EMIT(lower_ascii(c));
                prev_word = 1;
            } else if (is_apostrophe_cp(c)) {
                /* dropped, the word goes on */
            } else {
                space = 1;
                prev_word = 0;
            }
            p++;
            continue;
        }
        uint32_t cp = 0;
        size_t len = utf8_decode(p, &cp);
        if (len == 0) {                         /* invalid byte */
            space = 1;
            prev_word = 0;
            p++;
            continue;
        }
        if (is_apostrophe_cp(cp)) {
            p += len;
            continue;
        }
        if (is_separator_cp(cp)) {
            space = 1;
            prev_word = 0;
            p += len;
            continue;
        }
        if (space && o > 0 && o + 1 < n) out[o++] = ' ';
        space = 0;
        if (o + len >= n) break;                /* never a partial character */
        memcpy(out + o, p, len);
        o += len;
        prev_word = 1;
        p += len;
    }
#undef EMIT
    while (o > 0 && out[o - 1] == ' ') o--;
    out[o] = '\0';
}

/* ------------------------------------------------------------- tokeniser */

/* Words that never tell which service is meant: requests, greetings,
 * question words, pronouns, particles and their chat spellings.  Content
 * words ("surat", "keterangan", "tidak", "baru", "anak") are not here.
 * Sorted (LC_ALL=C) for bsearch. */
static const char *const fillers[] = {
    "ada", "adalah", "admin", "agar", "aja", "ajah", "aku", "apa", "apakah",
    "assalamualaikum", "atau", "bagaimana", "bang", "bapak", "berapa", "bgmn", "biaya",
    "bikin", "bisa", "bisakah", "bu", "buat", "butuh", "cara", "caranya", "dan", "dari",
    "deh", "dengan", "dgn", "di", "dibuat", "dimana", "diurus", "dong", "gan", "gimana",
    "gmn", "hai", "halo", "harus", "ibu", "info", "informasi", "ingin", "ini", "itu", "kak",
    "kakak", "kalau", "kalo", "kami", "kapan", "kasih", "ke", "kepada", "kok", "kpd",
    "lagi", "makasih", "malam", "mas", "mau", "mba", "mbak", "membuat", "mengurus", "min",
    "minta", "mo", "mohon", "ngurus", "nih", "nya", "om", "pagi", "pak", "pembuatan",
    "pengen", "pengin", "pengurusan", "perlu", "persyaratan", "pingin", "prosedur", "punya",
    "sama", "saya", "selamat", "siang", "sih", "sore", "sy", "syarat", "tanya", "terima",
    "tlg", "tolong", "tuh", "untuk", "urus", "utk", "wb", "wr", "ya", "yah", "yang", "yg",
};

/* Chat spellings and inflections mapped to the catalogue's form; sorted. */
static const struct { const char *from, *to; } canon[] = {
    { "akte", "akta" },   { "blm", "belum" },       { "engga", "tidak" },
    { "enggak", "tidak" }, { "ga", "tidak" },       { "gak", "tidak" },
    { "gk", "tidak" },    { "ijin", "izin" },       { "jln", "jalan" },
    { "kawin", "nikah" }, { "ket", "keterangan" },  { "menikah", "nikah" },
    { "ngga", "tidak" },  { "nggak", "tidak" },     { "perkawinan", "nikah" },
    { "pernikahan", "nikah" }, { "srt", "surat" },  { "tdk", "tidak" },
};

/* Compares word w (len bytes, not NUL-terminated) with string s. */
static int word_cmp(const char *w, size_t len, const char *s)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char a = (unsigned char)w[i], b = (unsigned char)s[i];
        if (b == 0) return 1;
        if (a != b) return a < b ? -1 : 1;
    }
    return s[len] ? -1 : 0;
}

/* Index of w in the sorted array of n strings at stride bytes, or -1. */
static long find_sorted(const char *w, size_t len, const void *base, size_t n, size_t stride)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int r = word_cmp(w, len, *(const char *const *)((const char *)base + mid * stride));
        if (r == 0) return (long)mid;
        if (r < 0) hi = mid;
        else lo = mid + 1;
    }
    return -1;
}

static int is_filler(const char *w, size_t len)
{
    return find_sorted(w, len, fillers, sizeof fillers / sizeof fillers[0], sizeof fillers[0]) >= 0;
}

static const char *canonical(const char *w, size_t len)
{
    long i = find_sorted(w, len, canon, sizeof canon / sizeof canon[0], sizeof canon[0]);
    return i >= 0 ? canon[i].to : NULL;
}

struct tokens {
    size_t n;
    const char *s[QUERY_MAX_TOKENS > PHRASE_MAX_TOKENS ? QUERY_MAX_TOKENS : PHRASE_MAX_TOKENS];
    size_t len[QUERY_MAX_TOKENS > PHRASE_MAX_TOKENS ? QUERY_MAX_TOKENS : PHRASE_MAX_TOKENS];
};

/* Adds one word to t (after -nya, canon, filler and duplicate checks). */
static void emit_word(struct tokens *t, size_t max, const char *w, size_t len)
{
    if (len >= 6 && memcmp(w + len - 3, "nya", 3) == 0) len -= 3;
    const char *c = canonical(w, len);
    if (c) {
        w = c;
        len = strlen(c);
    }
    if (is_filler(w, len)) return;
    for (size_t i = 0; i < t->n; i++)
        if (t->len[i] == len && memcmp(t->s[i], w, len) == 0) return;
    if (t->n < max) {
        t->s[t->n] = w;
        t->len[t->n] = len;
        t->n++;
    }
}

/* Splits normalised text into at most max words, in place: runs of
 * one-character words are joined into buf.  Words point into buf or into
 * the static tables above. */
static void tokenise(char *buf, struct tokens *t, size_t max)
{
    char *run = NULL;
    size_t runlen = 0;
    char *p = buf;
    t->n = 0;
    if (max > sizeof t->s / sizeof t->s[0]) max = sizeof t->s / sizeof t->s[0];
    while (*p) {
        while (*p == ' ') p++;
        if (!*p) break;
        char *w = p;
        while (*p && *p != ' ') p++;
        size_t len = (size_t)(p - w);
        if (len == 1 && is_alnum_ascii((unsigned char)*w)) {
            if (!run) {
                run = w;
                runlen = 1;
            } else {
                run[runlen++] = *w;   /* run + runlen < w: each word took 2 bytes */
            }
            continue;
        }
        if (run) emit_word(t, max, run, runlen);
        run = NULL;
        emit_word(t, max, w, len);
    }
    if (run) emit_word(t, max, run, runlen);
}

/* Copies at most TEXT_MAX_BYTES of s (cut before a UTF-8 continuation
 * byte), normalises and tokenises it into buf. */
static void text_tokens(const char *s, char *buf, size_t bufsize, struct tokens *t, size_t max)
{
    char raw[TEXT_MAX_BYTES + 1];
    size_t cap = bufsize - 1 < TEXT_MAX_BYTES ? bufsize - 1 : TEXT_MAX_BYTES;
    utf8_copy(raw, cap + 1, s);
    search_normalise(raw, buf, bufsize);
    tokenise(buf, t, max);
}

/* ------------------------------------------------------- word distances */

/* How well query word q matches vocabulary word v. */
static int match_level(const char *q, size_t ql, uint32_t qmask, const struct vocab *v,
                       const char *vs)
{
    if (v->len == ql && memcmp(vs, q, ql) == 0) return LV_EXACT;
    if (!(v->flags & VF_PHRASE) || ql > TOKEN_MAX) return LV_NONE;
    size_t m = ql < v->len ? ql : v->len;
    int k = m <= 3 ? 0 : m <= 7 ? 1 : 2;
    if (k > 0 && !typo_far(qmask, v->mask, k)) {
        int d = typo_distance(q, ql, vs, v->len, k);    /* k+1 when too far */
        if (d <= k) return d <= 1 ? LV_FUZZY1 : LV_FUZZY2;
    }
    if (ql >= 4 && ql < v->len && 2 * ql >= v->len && memcmp(vs, q, ql) == 0) return LV_PREFIX;
    return LV_NONE;
}

/* ----------------------------------------------------------------- build */

static int grow(void **p, size_t *cap, size_t need, size_t elsize)
{
    if (need <= *cap) return 0;
    size_t n = *cap ? *cap : 16;
    while (n < need) {
        if (n > SIZE_MAX / 2 / elsize) return -1;
        n *= 2;
    }
    void *q = realloc(*p, n * elsize);
    if (!q) return -1;
    *p = q;
    *cap = n;
    return 0;
}

static long vocab_find(const struct search_index *ix, const char *w, size_t len)
{
    if (ix->hcap == 0) return -1;
    size_t mask = ix->hcap - 1;
    for (size_t h = hash_fnv1a(w, len) & mask;; h = (h + 1) & mask) {
        uint32_t slot = ix->hash[h];
        if (slot == 0) return -1;
        const struct vocab *v = &ix->voc[slot - 1];
        if (v->len == len && memcmp(ix->text + v->off, w, len) == 0) return (long)(slot - 1);
    }
}

static int rehash(struct search_index *ix, size_t cap)
{
    uint32_t *h = calloc(cap, sizeof *h);
    if (!h) return -1;
    for (size_t i = 0; i < ix->nvoc; i++) {
        const struct vocab *v = &ix->voc[i];
        size_t j = hash_fnv1a(ix->text + v->off, v->len) & (cap - 1);
        while (h[j]) j = (j + 1) & (cap - 1);
        h[j] = (uint32_t)i + 1;
    }
    free(ix->hash);
    ix->hash = h;
    ix->hcap = cap;
    return 0;
}

/* Id of word w, added if new; -1 on allocation failure. */
static long intern(struct search_index *ix, const char *w, size_t len)
{
    long id = vocab_find(ix, w, len);
    if (id >= 0) return id;
    if (ix->nvoc >= UINT32_MAX - 1) return -1;
    if ((ix->nvoc + 1) * 2 > ix->hcap && rehash(ix, ix->hcap ? ix->hcap * 2 : 256) != 0)
        return -1;
    if (grow((void **)&ix->voc, &ix->capvoc, ix->nvoc + 1, sizeof *ix->voc) != 0) return -1;
    if (ix->ntext + len + 1 > UINT32_MAX
        || grow((void **)&ix->text, &ix->captext, ix->ntext + len + 1, 1) != 0)
        return -1;
    struct vocab *v = &ix->voc[ix->nvoc];
    memset(v, 0, sizeof *v);
    v->off = (uint32_t)ix->ntext;
    v->len = (uint8_t)len;
    v->mask = typo_mask(w, len);
    memcpy(ix->text + ix->ntext, w, len);
    ix->text[ix->ntext + len] = '\0';
    ix->ntext += len + 1;
    size_t j = hash_fnv1a(w, len) & (ix->hcap - 1);
    while (ix->hash[j]) j = (j + 1) & (ix->hcap - 1);
    ix->hash[j] = (uint32_t)ix->nvoc + 1;
    return (long)ix->nvoc++;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Adds text as a phrase of service s; 0 also when it has no usable words. */
static int add_phrase(struct search_index *ix, size_t s, const char *text, uint32_t kind)
{
    char buf[TEXT_MAX_BYTES + 1];
    struct tokens t;
    struct phrase ph;
    if (!text) return 0;
    text_tokens(text, buf, sizeof buf, &t, PHRASE_MAX_TOKENS);
    memset(&ph, 0, sizeof ph);
    ph.kind = kind;
    for (size_t i = 0; i < t.n; i++) {
        if (t.len[i] > TOKEN_MAX) continue;
        long id = intern(ix, t.s[i], t.len[i]);
        if (id < 0) return -1;
        ph.tok[ph.n++] = (uint32_t)id;
    }
    if (ph.n == 0) return 0;
    qsort(ph.tok, ph.n, sizeof ph.tok[0], cmp_u32);
    for (size_t i = ix->serv[s].ph_begin; i < ix->nph; i++) {
        struct phrase *o = &ix->ph[i];
        if (o->n == ph.n && memcmp(o->tok, ph.tok, ph.n * sizeof ph.tok[0]) == 0) {
            if (kind < o->kind) o->kind = kind;
            return 0;
        }
    }
    if (grow((void **)&ix->ph, &ix->capph, ix->nph + 1, sizeof *ix->ph) != 0) return -1;
    for (uint32_t j = 0; j < ph.n; j++) {
        struct vocab *v = &ix->voc[ph.tok[j]];
        v->flags |= VF_PHRASE;
        if (v->last != s + 1) {
            v->last = (uint32_t)(s + 1);
            v->df++;
        }
    }
    ix->ph[ix->nph++] = ph;
    return 0;
}

/* The name, the name without parenthesised parts, and each part. */
static int add_name(struct search_index *ix, size_t s, const char *name)
{
    char outside[TEXT_MAX_BYTES + 1], inside[TEXT_MAX_BYTES + 1];
    size_t no = 0, ni = 0;
    int depth = 0;
    if (!name) return 0;
    if (add_phrase(ix, s, name, KIND_NAME) != 0) return -1;
    for (const char *p = name; *p && no < TEXT_MAX_BYTES && ni < TEXT_MAX_BYTES; p++) {
        if (*p == '(') {
            depth++;
        } else if (*p == ')' && depth > 0) {
            if (--depth == 0) {
                inside[ni] = '\0';
                if (add_phrase(ix, s, inside, KIND_NAME) != 0) return -1;
                ni = 0;
            }
        } else if (depth > 0) {
            inside[ni++] = *p;
        } else {
            outside[no++] = *p;
        }
    }
    outside[no] = '\0';
    return add_phrase(ix, s, outside, KIND_NAME);
}

/* Remembers the words of the summary of service s (context, filtered by
 * rarity once all summaries are seen). */
static int add_summary(struct search_index *ix, size_t s, const char *text)
{
    char buf[TEXT_MAX_BYTES + 1];
    char *p = buf;
    if (!text) return 0;
    /* Summaries are long: tokenise word by word instead of with a cap. */
    struct tokens all;
    char raw[TEXT_MAX_BYTES + 1];
    utf8_copy(raw, sizeof raw, text);
    search_normalise(raw, buf, sizeof buf);
    while (*p) {
        while (*p == ' ') p++;
        if (!*p) break;
        char *w = p;
        while (*p && *p != ' ') p++;
        all.n = 0;
        emit_word(&all, 1, w, (size_t)(p - w));
        if (all.n == 0 || all.len[0] < SUMMARY_MIN_LEN || all.len[0] > TOKEN_MAX) continue;
        long id = intern(ix, all.s[0], all.len[0]);
        if (id < 0) return -1;
        struct vocab *v = &ix->voc[id];
        if (v->slast == s + 1) continue;
        v->slast = (uint32_t)(s + 1);
        v->sdf++;
        v->flags |= VF_SUMMARY;
        if (grow((void **)&ix->tmp, &ix->captmp, ix->ntmp + 1, sizeof *ix->tmp) != 0) return -1;
        ix->tmp[ix->ntmp++] = (uint32_t)id;
    }
    return 0;
}

static const char *str_of(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static int add_service(struct search_index *ix, size_t s, const json_t *o)
{
    ix->serv[s].ph_begin = ix->nph;
    ix->serv[s].sum_begin = ix->ntmp;
    if (json_is_object(o)) {
        const json_t *syn = json_object_get(o, "synonyms");
        if (add_phrase(ix, s, str_of(o, "slug"), KIND_SLUG) != 0) return -1;
        if (add_name(ix, s, str_of(o, "name")) != 0) return -1;
        for (size_t i = 0; i < json_array_size(syn); i++)
            if (add_phrase(ix, s, json_string_value(json_array_get(syn, i)), KIND_SYNONYM) != 0)
                return -1;
        if (add_phrase(ix, s, str_of(o, "category"), KIND_CATEGORY) != 0) return -1;
        if (add_summary(ix, s, str_of(o, "summary")) != 0) return -1;
    }
    ix->serv[s].ph_end = ix->nph;
    ix->serv[s].sum_end = ix->ntmp;
    return 0;
}

/* Context of service s: its phrase words and its distinctive summary
 * words, each once (v->last is reused as a marker). */
static int build_context(struct search_index *ix, size_t s)
{
    struct service *sv = &ix->serv[s];
    uint32_t mark = (uint32_t)(s + 1);
    sv->ctx_begin = ix->nctx;
    for (size_t i = sv->ph_begin; i < sv->ph_end; i++) {
        for (uint32_t j = 0; j < ix->ph[i].n; j++) {
            uint32_t id = ix->ph[i].tok[j];
            if (ix->voc[id].last == mark) continue;
            ix->voc[id].last = mark;
            if (grow((void **)&ix->ctx, &ix->capctx, ix->nctx + 1, sizeof *ix->ctx) != 0)
                return -1;
            ix->ctx[ix->nctx++] = id;
        }
    }
    for (size_t i = sv->sum_begin; i < sv->sum_end; i++) {
        uint32_t id = ix->tmp[i];
        if (ix->voc[id].last == mark || ix->voc[id].sdf > SUMMARY_MAX_DF) continue;
        ix->voc[id].last = mark;
        if (grow((void **)&ix->ctx, &ix->capctx, ix->nctx + 1, sizeof *ix->ctx) != 0) return -1;
        ix->ctx[ix->nctx++] = id;
    }
    sv->ctx_end = ix->nctx;
    return 0;
}

struct search_index *search_build(const json_t *services)
{
    if (!json_is_array(services)) return NULL;
    struct search_index *ix = calloc(1, sizeof *ix);
    if (!ix) return NULL;
    ix->nserv = json_array_size(services);
    if (ix->nserv >= UINT32_MAX) goto fail;
    ix->serv = calloc(ix->nserv ? ix->nserv : 1, sizeof *ix->serv);
    if (!ix->serv) goto fail;
    for (size_t s = 0; s < ix->nserv; s++)
        if (add_service(ix, s, json_array_get(services, s)) != 0) goto fail;

    double n1 = (double)ix->nserv + 1.0;
    ix->unknown_weight = log(n1) + WEIGHT_FLOOR;
    ix->phrase_voc = malloc((ix->nvoc ? ix->nvoc : 1) * sizeof *ix->phrase_voc);
    if (!ix->phrase_voc) goto fail;
    for (size_t i = 0; i < ix->nvoc; i++) {
        struct vocab *v = &ix->voc[i];
        if (v->df > 0) {
            v->weight = log(n1 / (double)v->df) + WEIGHT_FLOOR;
            ix->phrase_voc[ix->nphrase_voc++] = (uint32_t)i;
        }
        v->last = 0;
    }
    for (size_t i = 0; i < ix->nph; i++) {
        ix->ph[i].wsum = 0;
        for (uint32_t j = 0; j < ix->ph[i].n; j++) ix->ph[i].wsum += ix->voc[ix->ph[i].tok[j]].weight;
    }
    for (size_t s = 0; s < ix->nserv; s++)
        if (build_context(ix, s) != 0) goto fail;
    free(ix->tmp);
    ix->tmp = NULL;
    ix->ntmp = ix->captmp = 0;
    return ix;
fail:
    search_free(ix);
    return NULL;
}

void search_free(struct search_index *ix)
{
    if (!ix) return;
    free(ix->serv);
    free(ix->voc);
    free(ix->phrase_voc);
    free(ix->hash);
    free(ix->text);
    free(ix->ph);
    free(ix->ctx);
    free(ix->tmp);
    free(ix);
}

/* ----------------------------------------------------------------- query */

struct qstate {
    const struct search_index *ix;
    size_t nq;
    uint8_t *lvl;           /* [vocab id * nq + query word] */
    uint32_t *vmask;        /* [vocab id]: query words matching it */
    double own[QUERY_MAX_TOKENS];   /* weight of each query word */
    double own_sum;
    double ctx[QUERY_MAX_TOKENS];   /* per service: best context credit */
};

struct cand {
    size_t index;
    double score;
    uint32_t kind;
};

static double score_phrase(const struct qstate *st, const struct phrase *ph)
{
    const struct search_index *ix = st->ix;
    uint8_t jlv[PHRASE_MAX_TOKENS] = { 0 }, qlv[QUERY_MAX_TOKENS] = { 0 };
    /* Greedy one-to-one pairing, best level (then heavier word) first. */
    for (;;) {
        int best = LV_NONE;
        uint32_t bj = 0, bq = 0;
        double bw = 0;
        for (uint32_t j = 0; j < ph->n; j++) {
            if (jlv[j]) continue;
            uint32_t id = ph->tok[j];
            double w = ix->voc[id].weight;
            for (uint32_t m = st->vmask[id]; m; m &= m - 1) {
                uint32_t q = (uint32_t)__builtin_ctz(m);
                int l = st->lvl[(size_t)id * st->nq + q];
                if (qlv[q] || l < best || (l == best && w <= bw)) continue;
                best = l;
                bw = w;
                bj = j;
                bq = q;
            }
        }
        if (best == LV_NONE) break;
        jlv[bj] = (uint8_t)best;
        qlv[bq] = (uint8_t)best;
    }
    int exact = 1;
    double cov = 0, expl = 0;
    for (uint32_t j = 0; j < ph->n; j++) {
        cov += ix->voc[ph->tok[j]].weight * credit[jlv[j]];
        exact &= jlv[j] == LV_EXACT;
    }
    for (size_t q = 0; q < st->nq; q++) {
        expl += st->own[q] * (qlv[q] ? credit[qlv[q]] : CONTEXT_FACTOR * st->ctx[q]);
        exact &= qlv[q] == LV_EXACT;
    }
    cov /= ph->wsum;
    expl /= st->own_sum;
    if (ph->kind == KIND_CATEGORY) return exact ? CATEGORY_CAP : CATEGORY_CAP * cov * expl;
    return exact ? 1.0 : W_COVERAGE * cov + W_EXPLAIN * expl;
}

static int cmp_cand(const void *a, const void *b)
{
    const struct cand *x = a, *y = b;
    if (x->score > y->score + SCORE_EPS) return -1;
    if (y->score > x->score + SCORE_EPS) return 1;
    if (x->kind != y->kind) return x->kind < y->kind ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

/* The query cut at QUERY_MAX_BYTES (a UTF-8 boundary), normalised and
 * tokenised into t; buf holds the words t points into. */
static void read_query(const char *query, char *buf, size_t cap, struct tokens *t)
{
    char raw[QUERY_MAX_BYTES + 1];
    utf8_copy(raw, sizeof raw, query);
    search_normalise(raw, buf, cap);
    tokenise(buf, t, QUERY_MAX_TOKENS);
}

/* Matches query word q against the vocabulary once: exactly via the hash
 * (summary words too), and, only if it is no catalogue word at all (a known
 * word is not a typo: "tunggal" is not "tinggal", "bank" not "baik"),
 * fuzzily against the phrase words.  Sets its levels and its own weight. */
static void match_word(struct qstate *st, size_t q, const char *w, size_t wl)
{
    const struct search_index *ix = st->ix;
    int best = LV_NONE;
    double bw = ix->unknown_weight;
    if (wl <= TOKEN_MAX) {
        uint32_t qmask = typo_mask(w, wl);
        long ex = vocab_find(ix, w, wl);
        if (ex >= 0) {
            st->lvl[(size_t)ex * st->nq + q] = LV_EXACT;
            st->vmask[ex] |= 1u << q;
        }
        for (size_t i = 0; i < ix->nphrase_voc; i++) {
            uint32_t id = ix->phrase_voc[i];
            const struct vocab *v = &ix->voc[id];
            int l = (long)id == ex ? LV_EXACT
                    : ex >= 0      ? LV_NONE     /* a known word is no typo */
                                   : match_level(w, wl, qmask, v, ix->text + v->off);
            if (l == LV_NONE) continue;
            st->lvl[(size_t)id * st->nq + q] = (uint8_t)l;
            st->vmask[id] |= 1u << q;
            if (l > best || (l == best && v->weight > bw)) {
                best = l;
                bw = v->weight;
            }
        }
    }
    st->own[q] = best == LV_NONE ? ix->unknown_weight : bw;
    st->own_sum += st->own[q];
}

/* st->ctx: per query word, the best credit of service sv's context words. */
static void service_context(struct qstate *st, const struct service *sv)
{
    const struct search_index *ix = st->ix;
    for (size_t q = 0; q < st->nq; q++) {
        int l = LV_NONE;
        for (size_t c = sv->ctx_begin; c < sv->ctx_end; c++) {
            int x = st->lvl[(size_t)ix->ctx[c] * st->nq + q];
            if (x > l) l = x;
        }
        st->ctx[q] = credit[l];
    }
}

/* Service s's best phrase score (0 when no phrase word matched) and kind. */
static double score_service(struct qstate *st, size_t s, uint32_t *kind)
{
    const struct search_index *ix = st->ix;
    const struct service *sv = &ix->serv[s];
    double best = 0;
    int ctx_ready = 0;
    *kind = KIND_CATEGORY + 1;
    for (size_t i = sv->ph_begin; i < sv->ph_end; i++) {
        const struct phrase *ph = &ix->ph[i];
        uint32_t any = 0;
        for (uint32_t j = 0; j < ph->n; j++) any |= st->vmask[ph->tok[j]];
        if (!any) continue;
        if (!ctx_ready) {
            service_context(st, sv);
            ctx_ready = 1;
        }
        double sc = score_phrase(st, ph);
        if (sc > best + SCORE_EPS || (sc > best - SCORE_EPS && ph->kind < *kind)) {
            best = sc;
            *kind = ph->kind;
        }
    }
    return best;
}

size_t search_query(const struct search_index *ix, const char *query, struct search_hit *hits,
                    size_t max)
{
    if (!ix || !query || !hits || max == 0 || ix->nserv == 0) return 0;
    char buf[QUERY_MAX_BYTES + 1];
    struct tokens t;
    read_query(query, buf, sizeof buf, &t);
    if (t.n == 0) return 0;

    struct qstate st;
    memset(&st, 0, sizeof st);
    st.ix = ix;
    st.nq = t.n;
    size_t nv = ix->nvoc ? ix->nvoc : 1;
    size_t ncand = 0;
    void *block = calloc(1, nv * (sizeof(uint32_t) + st.nq) + ix->nserv * sizeof(struct cand));
    if (!block) return 0;
    struct cand *cands = block;
    st.vmask = (uint32_t *)(cands + ix->nserv);
    st.lvl = (uint8_t *)(st.vmask + nv);

    for (size_t q = 0; q < st.nq; q++) match_word(&st, q, t.s[q], t.len[q]);
    for (size_t s = 0; s < ix->nserv; s++) {
        uint32_t kind;
        double best = score_service(&st, s, &kind);
        if (best >= SEARCH_MIN_SCORE) {
            cands[ncand].index = s;
            cands[ncand].score = best;
            cands[ncand].kind = kind;
            ncand++;
        }
    }
    qsort(cands, ncand, sizeof *cands, cmp_cand);
    size_t n = ncand < max ? ncand : max;
    for (size_t i = 0; i < n; i++) {
        hits[i].index = cands[i].index;
        hits[i].score = cands[i].score;
    }
    free(block);
    return n;
}
