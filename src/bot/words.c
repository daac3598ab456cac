/* words: a message as words, each resolved once.
 *
 * The text is normalised by core/search (lower case, punctuation and emoji
 * to spaces, dotted abbreviations joined), runs of single letters are
 * joined ("s k t m"), a few word pairs become one word ("di mana",
 * "tutup usia"), and each word is prepared by lang (repeated letters,
 * "anak2", chat spellings). A word is then resolved, first hit wins:
 *   1. as it is, in lang's tables and the catalogue's entries;
 *   2. by its stems (stem.c), kept only when a dictionary knows one;
 *   3. as a typo: within one edit (two from 8 letters) of a catalogue
 *      entry, or one edit of a word lang knows (same first letter), so
 *      "domisli", "kematin" and "alamt" are understood.
 * Finally the cue patterns run over the resolved words. */
#include <stdio.h>
#include <string.h>

#include "bot/internal.h"
#include "util/utf8.h"
#include "core/typo.h"

enum { STEM_MAX = 32 };

static int is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

static int is_alpha(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

/* Two words that say one thing, said as that one word. */
static const struct { const char *a, *b, *as; } idioms[] = {
    { "tutup", "usia", "meninggal" },      /* died, not "closed" */
    { "meninggal", "dunia", "meninggal" },
    { "pulang", "kampung", "mudik" },
    { "pindah", "sekolah", "pindahsekolah" },  /* a school transfer, not a move */
    { "buku", "nikah", "bukunikah" },          /* the KUA's marriage book */
    { "tilar", "donya", "meninggal" },         /* Javanese krama: died */
    { "balik", "nama", "baliknama" },          /* a title passed on */
    { "dibalik", "nama", "baliknama" },
    { "numpang", "tanya", "tanya" },           /* "may I ask", not lodging */
    { "numpang", "nanya", "tanya" },
    { "numpang", "batanyo", "tanya" },         /* Minang */
    { "numpang", "bertanya", "tanya" },
    { "tanpa", "pungli", "bersih" },           /* praise, not a complaint */
    { "bebas", "pungli", "bersih" },
    { "tanpa", "calo", "bersih" },
    { "bebas", "calo", "bersih" },
    { "laporan", "polisi", "laporanpolisi" },  /* another office's paper */
    { "lapor", "polisi", "laporanpolisi" },
    { "police", "report", "laporanpolisi" },
    { "low", "income", "miskin" },             /* a poor family, not an income letter */
    { "passed", "away", "meninggal" },         /* English */
    { "excuse", "me", "permisi" },
    { "late", "father", "almarhum" },
    { "late", "mother", "almarhum" },
    { "late", "husband", "almarhum" },
    { "late", "wife", "almarhum" },
    { "identitas", "anak", "kia" },            /* the child's ID card (KIA) */
    { "id", "card", "ktp" },
    { "identity", "card", "ktp" },
    { "family", "card", "kk" },
    { "not", "married", "lajang" },
    { "no", "marriage", "lajang" },
    { "being", "single", "lajang" },
    { "police", "clearance", "skck" },
    { "good", "conduct", "kelakuan" },
    { "jual", "beli", "ajb" },                 /* a notary's sale deed (akta jual beli) */
    { "harga", "tanah", "njop" },              /* land prices: not a letter */
    { "police", "certificate", "skck" },
    { "police", "record", "skck" },
    { "out", "of", "dari" },                   /* "4 out of 5" */
    { "nuwun", "sewu", "permisi" },            /* Javanese: excuse me, not thanks */
    { "nyuwun", "sewu", "permisi" },
    { "jadi", "warga", "pindah" },             /* becoming a resident here */
    { "menjadi", "warga", "pindah" },
    { "jadi", "penduduk", "pindah" },
    { "jd", "warga", "pindah" },                 /* a notary's sale deed (akta jual beli) */
};

static const char *idiom(const char *a, size_t la, const char *b, size_t lb)
{
    for (size_t i = 0; i < sizeof idioms / sizeof idioms[0]; i++)
        if (strlen(idioms[i].a) == la && memcmp(idioms[i].a, a, la) == 0
            && strlen(idioms[i].b) == lb && memcmp(idioms[i].b, b, lb) == 0)
            return idioms[i].as;
    return NULL;
}

/* "alamat usaha", "lokasi toko": a business's address is its domicile,
 * the word its letter is named by ("domisili usaha"); the second word
 * stays, as does "tempat" between them ("alamat tempat usaha"). Not the
 * office's own address ("alamat kantor"). */
static int business_address(const char *a, size_t la, const char *b, size_t lb)
{
    static const char *const place[] = {
        "usaha", "toko", "warung", "kios", "bengkel", "perusahaan", "cv", "pt", "usahanya",
        "tokonya", "warungnya",
    };
    if (!((la == 6 && memcmp(a, "alamat", 6) == 0) || (la == 6 && memcmp(a, "lokasi", 6) == 0)))
        return 0;
    for (size_t i = 0; i < sizeof place / sizeof place[0]; i++)
        if (strlen(place[i]) == lb && memcmp(place[i], b, lb) == 0) return 1;
    return 0;
}

/* Latin letters with accents as their plain letter, in place: Sundanese
 * and Javanese are often typed with them ("réngsé", "sampéyan"). Only
 * U+00C0..U+00FF (two bytes, C3 xx), which phones' keyboards offer. */
static void fold_accents(char *s)
{
    static const char plain[64] = "AAAAAAACEEEEIIIIDNOOOOOxOUUUUYTsaaaaaaaceeeeiiiidnooooo/ouuuuyty";
    char *o = s;
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p, d = (unsigned char)p[1];
        if (c == 0xC3 && d >= 0x80 && d <= 0xBF) {
            *o++ = plain[d - 0x80];
            p++;
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
}

/* The star emoji of a rating as words: a run of "⭐" (or "🌟") is
 * "bintang N", so "⭐⭐⭐⭐ bagus" reads as "bintang 4 bagus". */
static void stars_as_words(const char *in, char *out, size_t cap)
{
    static const char *const star[] = { "\xE2\xAD\x90", "\xF0\x9F\x8C\x9F" };
    size_t o = 0;
    for (const char *p = in; *p && o + 12 < cap;) {
        int n = 0;
        for (size_t k = 0; k < 2; k++)
            while (strncmp(p, star[k], strlen(star[k])) == 0) {
                p += strlen(star[k]);
                if (strncmp(p, "\xEF\xB8\x8F", 3) == 0) p += 3;     /* variation selector */
                n++;
            }
        if (n > 0) {
            snprintf(out + o, cap - o, " bintang %d ", n > 5 ? 5 : n);
            o += strlen(out + o);
        } else {
            out[o++] = *p++;
        }
    }
    out[o] = '\0';
}

size_t words_split(const char *text, size_t maxbytes, char (*out)[LANG_WORD_MAX + 1], size_t max)
{
    char raw[2048 + 1], buf[2048 + 1], starred[2048 + 1];
    const char *tok[MSG_MAX_WORDS * 4];
    size_t tlen[MSG_MAX_WORDS * 4], nt = 0, n = 0;
    if (!text) return 0;
    if (maxbytes > sizeof raw - 1) maxbytes = sizeof raw - 1;
    utf8_copy(starred, maxbytes + 1, text);
    stars_as_words(starred, buf, sizeof buf);
    utf8_copy(raw, maxbytes + 1, buf);
    fold_accents(raw);
    search_normalise(raw, buf, sizeof buf);
    for (char *p = buf; *p && nt < sizeof tok / sizeof tok[0];) {
        while (*p == ' ') p++;
        if (!*p) break;
        tok[nt] = p;
        while (*p && *p != ' ') p++;
        tlen[nt] = (size_t)(p - tok[nt]);
        nt++;
    }
    for (size_t i = 0; i < nt && n < max; i++) {
        char w[LANG_WORD_MAX + 1];
        size_t wl = 0;
        if (tlen[i] == 1 && i + 1 < nt && tlen[i + 1] == 1) {
            /* "s k t m" -> "sktm", "n 1" -> "n1" */
            while (i < nt && tlen[i] == 1 && wl < LANG_WORD_MAX) w[wl++] = tok[i++][0];
            i--;
        } else if (tlen[i] == 2 && i + 1 < nt && tlen[i + 1] == 4
                   && (memcmp(tok[i], "di", 2) == 0 || memcmp(tok[i], "ke", 2) == 0)
                   && (memcmp(tok[i + 1], "mana", 4) == 0
                       || (tok[i][0] == 'k' && memcmp(tok[i + 1], "luar", 4) == 0))) {
            memcpy(w, tok[i], 6);       /* "di mana" -> "dimana", "ke luar" -> "keluar" */
            w[2] = tok[i + 1][0], w[3] = tok[i + 1][1], w[4] = tok[i + 1][2], w[5] = tok[i + 1][3];
            wl = 6;
            i++;
        } else if (i + 1 < nt && (business_address(tok[i], tlen[i], tok[i + 1], tlen[i + 1])
                                  || (i + 2 < nt && tlen[i + 1] == 6
                                      && memcmp(tok[i + 1], "tempat", 6) == 0
                                      && business_address(tok[i], tlen[i], tok[i + 2],
                                                          tlen[i + 2])))) {
            memcpy(w, "domisili", 8);
            wl = 8;
        } else if (i + 1 < nt && idiom(tok[i], tlen[i], tok[i + 1], tlen[i + 1])) {
            const char *as = idiom(tok[i], tlen[i], tok[i + 1], tlen[i + 1]);
            wl = strlen(as);
            memcpy(w, as, wl);
            i++;
        } else {
            if (tlen[i] > LANG_WORD_MAX) continue;
            wl = tlen[i];
            memcpy(w, tok[i], wl);
        }
        w[wl] = '\0';
        wl = lang_prepare(w, wl);
        if (wl == 0 || wl > LANG_WORD_MAX) continue;
        memcpy(out[n], w, wl + 1);
        n++;
    }
    return n;
}

/* ------------------------------------------------------------- typos */

/* The catalogue entry nearest to w within the allowed edits, or -1. */
static long typo_entry(const struct bot_catalogue *c, const char *w, size_t len, int *dist)
{
    uint32_t m = typo_mask(w, len);
    long best = -1;
    int bd = 3;
    for (size_t i = 0; i < c->nentry; i++) {
        const struct bentry *e = &c->entry[i];
        if (!e->nsense && !e->foreign) continue;
        /* A concept word of lang is a typo target only when long: "makan"
         * is not a misspelt "makam". The catalogue's own words always are. */
        if (e->len < 7 && !e->own) continue;
        /* Nor is a general word the catalogue happens to use ("berkas"). */
        const struct lword *elw = lang_find(cat_word(c, e->off), e->len);
        if (elw && (elw->flags & LW_STOP) && !elw->concept) continue;
        size_t ml = len < e->len ? len : e->len;
        int k = ml <= 3 ? 0 : ml <= 7 ? 1 : 2;
        if (k == 0 || typo_far(m, e->mask, k)) continue;
        const char *ew = cat_word(c, e->off);
        if (ml <= 5 && ew[0] != w[0]) continue;     /* short words: first letter holds */
        int d = typo_distance(w, len, ew, e->len, k < bd - 1 ? k : bd - 1);
        if (d <= k && d < bd) {
            bd = d;
            best = (long)i;
        }
    }
    *dist = bd;
    return best;
}

/* A word of lang's tables one edit from w with the same first letter. */
static long typo_lang(const char *w, size_t len)
{
    size_t lo, hi;
    lang_first_letter(w[0], &lo, &hi);
    for (size_t i = lo; i < hi; i++) {
        const struct lword *lw = lang_at((long)i);
        if (lw->len < 6 || (lw->len > len ? lw->len - len : len - lw->len) > 1) continue;
        if (typo_distance(w, len, lw->w, lw->len, 1) <= 1) return (long)i;
    }
    return -1;
}

static int is_vowel(char ch)
{
    return ch == 'a' || ch == 'e' || ch == 'i' || ch == 'o' || ch == 'u';
}

/* Whether w is t with some of its vowels left out, first and last letter
 * kept:
 * "klhrn" of "kelahiran", "pndh" of "pindah". */
static int drops_vowels(const char *w, size_t wl, const char *t, size_t tl)
{
    if (tl <= wl || w[0] != t[0] || w[wl - 1] != t[tl - 1]) return 0;
    size_t i = 0;
    for (size_t k = 0; k < tl; k++) {
        if (i < wl && w[i] == t[k]) i++;
        else if (!is_vowel(t[k])) return 0;
    }
    return i == wl;
}

/* Chat writes words without their vowels ("srt pndh", "akte klhrn"): the
 * one word of the catalogue or of lang's tables that w spells so, or NULL
 * when none or several do. */
static const char *vowelless(const struct bot_catalogue *c, const char *w, size_t len,
                             size_t *out_len)
{
    const char *found = NULL;
    size_t fl = 0, lo, hi;
    lang_first_letter(w[0], &lo, &hi);
    for (size_t i = lo; i < hi; i++) {
        const struct lword *lw = lang_at((long)i);
        const char *t = lw->canon ? lw->canon : lw->w;
        size_t tl = lw->canon ? strlen(lw->canon) : lw->len;
        if (!drops_vowels(w, len, lw->w, lw->len)) continue;
        if (found && (fl != tl || memcmp(found, t, tl) != 0)) return NULL;
        found = t, fl = tl;
    }
    for (size_t i = 0; i < c->nentry; i++) {
        const struct bentry *e = &c->entry[i];
        const char *t = cat_word(c, e->off);
        if (!e->own || !drops_vowels(w, len, t, e->len)) continue;
        const struct lword *lw = lang_find(t, e->len);
        size_t tl = lw && lw->canon ? strlen(lw->canon) : e->len;
        if (lw && lw->canon) t = lw->canon;
        if (found && (fl != tl || memcmp(found, t, tl) != 0)) return NULL;
        found = t, fl = tl;
    }
    *out_len = fl;
    return found;
}

static int no_vowel(const char *w)
{
    for (; *w; w++)
        if (is_vowel(*w)) return 0;
    return 1;
}

/* Replaces mw by the word it spells without vowels; 1 if it did. */
static int respell_vowelless(const struct bot_catalogue *c, struct mword *mw)
{
    size_t vl = 0;
    const char *v = vowelless(c, mw->s, mw->len, &vl);
    if (!v || vl > LANG_WORD_MAX) return 0;
    memmove(mw->s, v, vl);
    mw->s[vl] = '\0';
    mw->len = (uint8_t)vl;
    mw->lang = lang_index(mw->s, mw->len);
    mw->entry = cat_find(c, mw->s, mw->len);
    mw->credit = mw->entry >= 0 ? 0.8f : 0.0f;
    return 1;
}

/* ------------------------------------------------------------ messages */

static void resolve(const struct bot_catalogue *c, struct mword *mw)
{
    mw->lang = lang_index(mw->s, mw->len);
    mw->entry = cat_find(c, mw->s, mw->len);
    mw->credit = mw->entry >= 0 ? 1.0f : 0.0f;
    mw->number = mw->len > 0;
    for (size_t i = 0; i < mw->len; i++) mw->number &= is_digit(mw->s[i]);
    mw->digit = (uint8_t)(mw->len == 1 && is_digit(mw->s[0]) ? mw->s[0] - '0' : 0);
    if (mw->lang >= 0 || mw->entry >= 0 || mw->number) return;
    if (mw->len < 4) {
        if (mw->len == 3 && no_vowel(mw->s)) respell_vowelless(c, mw);    /* "nkh" */
        return;
    }

    char cand[STEM_MAX][LANG_WORD_MAX + 1];
    size_t nc = lang_stems(mw->s, mw->len, cand, STEM_MAX);
    for (size_t i = 0; i < nc; i++) {
        size_t cl = strlen(cand[i]);
        long e = cat_find(c, cand[i], cl), l = lang_index(cand[i], cl);
        if (e < 0 && l < 0) continue;
        const struct lword *lw = lang_at(l);
        if (lw && lw->canon && strlen(lw->canon) <= LANG_WORD_MAX) {
            /* "ditelpon" -> "telpon" -> "telepon" */
            cl = strlen(lw->canon);
            memcpy(cand[i], lw->canon, cl + 1);
            l = lang_index(cand[i], cl);
            e = cat_find(c, cand[i], cl);
        }
        memcpy(mw->s, cand[i], cl + 1);
        mw->len = (uint8_t)cl;
        mw->entry = e;
        mw->lang = l;
        mw->credit = e >= 0 ? 0.9f : 0.0f;
        return;
    }

    int d = 3;
    long e = typo_entry(c, mw->s, mw->len, &d);
    if (e >= 0) {
        const struct bentry *be = &c->entry[e];
        memcpy(mw->s, cat_word(c, be->off), be->len);
        mw->s[be->len] = '\0';
        mw->len = (uint8_t)be->len;
        mw->entry = e;
        mw->lang = lang_index(mw->s, mw->len);
        mw->credit = d <= 1 ? 0.8f : 0.6f;
        return;
    }
    if (respell_vowelless(c, mw)) return;
    if (mw->len >= 6) {
        long l = typo_lang(mw->s, mw->len);
        if (l >= 0) {
            const struct lword *lw = lang_at(l);
            memcpy(mw->s, lw->w, lw->len);
            mw->s[lw->len] = '\0';
            mw->len = (uint8_t)lw->len;
            mw->lang = l;
            mw->entry = cat_find(c, mw->s, mw->len);
            mw->credit = mw->entry >= 0 ? 0.8f : 0.0f;
        }
    }
}

static int is_sep(char ch)
{
    return ch == '-' || ch == '/' || ch == '.' || ch == ' ';
}

/* "JLT-2026-00042", "jlt/2026/42": 2-6 letters, a 20xx year, 2-6 digits,
 * each joined by at most one of - / . or space. */
static void find_regno(const char *t, char *out, size_t n)
{
    out[0] = '\0';
    for (size_t i = 0; t[i]; i++) {
        if (!is_alpha(t[i]) || (i > 0 && (is_alpha(t[i - 1]) || is_digit(t[i - 1])))) continue;
        size_t j = i, a = 0;
        while (is_alpha(t[j])) j++, a++;
        if (a < 2 || a > 6) continue;
        size_t s1 = j;
        char sep1 = is_sep(t[j]) ? t[j++] : 0;
        size_t y = j;
        while (is_digit(t[j])) j++;
        if (j - y != 4 || t[y] != '2' || t[y + 1] != '0') continue;
        char sep2 = is_sep(t[j]) ? t[j++] : 0;
        size_t d = j;
        while (is_digit(t[j])) j++;
        if (j - d < 2 || j - d > 6 || is_alpha(t[j]) || is_digit(t[j])) continue;
        /* "JLT-2026-00042" or "JLT 2026 00042" (upper case); not "tahun
         * 2026 12", a year in a sentence. */
        int upper = 1;
        for (size_t k = i; k < s1; k++) upper &= t[k] >= 'A' && t[k] <= 'Z';
        if (sep1 != sep2 || (!upper && (sep1 == ' ' || sep1 == 0))) continue;
        size_t o = 0;
        for (size_t k = i; k < s1 && o + 1 < n; k++)
            out[o++] = (char)(t[k] >= 'a' && t[k] <= 'z' ? t[k] - 32 : t[k]);
        if (o + 1 < n) out[o++] = '-';
        for (size_t k = y; k < y + 4 && o + 1 < n; k++) out[o++] = t[k];
        if (o + 1 < n) out[o++] = '-';
        for (size_t k = d; k < j && o + 1 < n; k++) out[o++] = t[k];
        out[o] = '\0';
        return;
    }
}

/* "nenek sudah tidak ada": a relative who is no more has died. The
 * euphemism is read as "meninggal" only after a word for a person, so
 * "sktm sudah tidak ada" stays what it says. */
static void passed_away(const struct bot_catalogue *c, struct message *m, long *lang)
{
    static const char *const kin[] = {
        "nenek", "kakek", "bapak", "ibu", "ayah", "mama", "mamah", "papa", "papah", "suami",
        "istri", "tua", "ortu", "mbah", "adik", "kakak", "anak", "mertua", "paman", "bibi",
        "tante", "om", "emak", "abah", "umi", "abi", "saudara", "tetangga", "warga",
    };
    for (size_t i = 0; i < m->n; i++) {
        int is_kin = 0;
        for (size_t k = 0; k < sizeof kin / sizeof kin[0] && !is_kin; k++)
            is_kin = strcmp(m->w[i].s, kin[k]) == 0;
        size_t j = i + 1;
        if (j < m->n && (strcmp(m->w[j].s, "saya") == 0 || strcmp(m->w[j].s, "kami") == 0)) j++;
        if (!is_kin || j + 3 > m->n) continue;
        if (strcmp(m->w[j].s, "sudah") != 0 || strcmp(m->w[j + 1].s, "tidak") != 0
            || strcmp(m->w[j + 2].s, "ada") != 0)
            continue;
        struct mword *mw = &m->w[j + 2];
        memset(mw, 0, sizeof *mw);
        memcpy(mw->s, "meninggal", 10);
        mw->len = 9;
        resolve(c, mw);
        lang[j + 2] = mw->lang;
    }
}

void words_read(const struct bot_catalogue *c, const char *text, struct message *m)
{
    char words[MSG_MAX_WORDS][LANG_WORD_MAX + 1];
    long lang[MSG_MAX_WORDS];
    uint8_t digit[MSG_MAX_WORDS], consumed[MSG_MAX_WORDS];
    m->n = words_split(text, MSG_MAX_BYTES, words, MSG_MAX_WORDS);
    m->has_assalam = 0;
    for (size_t i = 0; i < m->n; i++) {
        struct mword *mw = &m->w[i];
        memset(mw, 0, sizeof *mw);
        mw->len = (uint8_t)strlen(words[i]);
        memcpy(mw->s, words[i], (size_t)mw->len + 1);
        resolve(c, mw);
        if (strcmp(mw->s, "assalamualaikum") == 0) m->has_assalam = 1;
        lang[i] = mw->lang;
        digit[i] = mw->digit;
        consumed[i] = 0;
    }
    passed_away(c, m, lang);
    struct cue_input in = { m->n, lang, digit };
    cues_match(&in, &m->cue, consumed);
    for (size_t i = 0; i < m->n; i++) m->w[i].consumed = consumed[i];
    find_regno(text ? text : "", m->regno, sizeof m->regno);
}

int phrase_skips(const char *w, size_t len)
{
    const struct lword *lw = lang_find(w, len);
    if (lw && (lw->flags & LW_STOP) && !lw->concept) return 1;
    /* "surat keterangan lajang" says "surat lajang": the generic word of
     * letter names is left out on both sides. */
    return (len == 10 && memcmp(w, "keterangan", 10) == 0)
           || (len == 9 && memcmp(w, "pengantar", 9) == 0);
}

size_t words_content(const struct message *m)
{
    size_t k = 0;
    for (size_t i = 0; i < m->n; i++) {
        const struct mword *w = &m->w[i];
        const struct lword *lw = lang_at(w->lang);
        if (w->number
            || (lw && (lw->flags & (LW_STOP | LW_CUE)) && !lw->concept && !(lw->flags & LW_FOREIGN)))
            continue;
        k++;
    }
    return k;
}
