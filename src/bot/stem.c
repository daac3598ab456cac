/* stem: candidate roots of an Indonesian word by stripping affixes.
 *
 * A light stemmer in the spirit of Nazief-Adriani, but it never decides
 * alone: it proposes candidates, most likely first, and the caller keeps
 * the first one some dictionary knows (the catalogue's words, lang's
 * tables). Validating against a dictionary is what keeps "meninggal" from
 * becoming "tinggal" or "keluarga" from becoming "luarga": those words are
 * known as they are, so they are never stemmed.
 *
 * Affixes, in the order they are removed:
 *   particles      -lah -kah -pun -tah
 *   possessives    -nya -ku -mu
 *   derivational   -kan -an -i, colloquial -in ("bikinin", "ngurusin")
 *   prefixes       di- ke- se- ter- ber-/be- per-/pe- me-, with the nasal
 *                  forms meN-/peN- (mem-/pem- p, men-/pen- t, meng-/peng- k
 *                  or nothing, meny-/peny- s) and colloquial ng-/nge-/ny-
 *                  ("ngurus" urus, "ngecek" cek, "nyari" cari) */
#include <string.h>

#include "bot/lang.h"

enum { ROOT_MIN = 3 };

struct cands {
    char (*out)[LANG_WORD_MAX + 1];
    size_t n, max;
};

static void add(struct cands *c, const char *a, size_t la, const char *b, size_t lb)
{
    if (c->n >= c->max || la + lb < ROOT_MIN || la + lb > LANG_WORD_MAX) return;
    char *o = c->out[c->n];
    memcpy(o, a, la);
    memcpy(o + la, b, lb);
    o[la + lb] = '\0';
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->out[i], o) == 0) return;
    c->n++;
}

static int ends(const char *w, size_t len, const char *suf)
{
    size_t ls = strlen(suf);
    return len > ls + 2 && memcmp(w + len - ls, suf, ls) == 0;
}

static int starts(const char *w, size_t len, const char *pre)
{
    size_t lp = strlen(pre);
    return len > lp + 2 && memcmp(w, pre, lp) == 0;
}

static int vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* Adds w itself and the roots behind its prefixes. */
static void prefixes(struct cands *c, const char *w, size_t len)
{
    add(c, w, len, "", 0);
    /* Nasal prefixes first: the longest form that applies. */
    static const struct { const char *pre, *repl; } nasal[] = {
        { "meng", "" }, { "meng", "k" }, { "peng", "" }, { "peng", "k" },
        { "meny", "s" }, { "peny", "s" }, { "mem", "p" }, { "pem", "p" }, { "mem", "" },
        { "pem", "" }, { "men", "t" }, { "pen", "t" }, { "men", "" }, { "pen", "" },
        { "nge", "" }, { "ng", "" }, { "ng", "k" }, { "ny", "s" }, { "ny", "c" },
    };
    for (size_t i = 0; i < sizeof nasal / sizeof nasal[0]; i++) {
        size_t lp = strlen(nasal[i].pre);
        if (!starts(w, len, nasal[i].pre)) continue;
        /* A replaced consonant needs a vowel after the prefix: "menulis". */
        if (*nasal[i].repl && !vowel(w[lp])) continue;
        add(c, nasal[i].repl, strlen(nasal[i].repl), w + lp, len - lp);
    }
    static const char *const plain[] = {
        "diper", "memper", "di", "ke", "se", "ter", "ber", "be", "per", "pe", "me",
    };
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
        size_t lp = strlen(plain[i]);
        if (starts(w, len, plain[i])) add(c, "", 0, w + lp, len - lp);
    }
    /* Colloquial n- for t ("nanya" tanya, "nulis" tulis) and m- for p
     * ("misah" pisah, "mindahin" pindah). */
    if (len > 4 && w[0] == 'n' && vowel(w[1])) add(c, "t", 1, w + 1, len - 1);
    if (len > 4 && w[0] == 'm' && vowel(w[1])) add(c, "p", 1, w + 1, len - 1);
}

size_t lang_stems(const char *w, size_t len, char (*out)[LANG_WORD_MAX + 1], size_t max)
{
    struct cands c = { out, 0, max };
    if (len > LANG_WORD_MAX) return 0;
    /* Suffix forms, least stripped first. */
    const char *forms[8];
    size_t flen[8], nf = 0;
    forms[nf] = w;
    flen[nf++] = len;
    size_t l = len;
    static const char *const particles[] = { "lah", "kah", "pun", "tah" };
    for (size_t i = 0; i < 4; i++)
        if (ends(w, l, particles[i])) {
            l -= strlen(particles[i]);
            forms[nf] = w;
            flen[nf++] = l;
            break;
        }
    /* -e: Javanese -nya ("surate", "ktpe") */
    static const char *const poss[] = { "nya", "ku", "mu", "e" };
    for (size_t i = 0; i < 4; i++)
        if (ends(w, l, poss[i])) {
            l -= strlen(poss[i]);
            forms[nf] = w;
            flen[nf++] = l;
            break;
        }
    static const char *const deriv[] = { "kan", "in", "an", "i" };
    for (size_t i = 0; i < 4; i++)
        if (ends(w, l, deriv[i])) {
            forms[nf] = w;
            flen[nf++] = l - strlen(deriv[i]);
            break;      /* one derivational suffix is enough for chat */
        }
    /* Suffix-only candidates first (cheap and safe), then prefixes. */
    for (size_t i = 1; i < nf; i++) add(&c, forms[i], flen[i], "", 0);
    for (size_t i = 0; i < nf; i++) prefixes(&c, forms[i], flen[i]);
    return c.n;
}

size_t lang_confix_roots(const char *w, size_t len, char (*out)[LANG_WORD_MAX + 1], size_t max)
{
    struct cands c = { out, 0, max };
    if (len > LANG_WORD_MAX || len < 6) return 0;
    if (ends(w, len, "kan")) add(&c, w, len - 3, "", 0);
    if (!ends(w, len, "an")) return c.n;
    size_t l = len - 2;             /* without -an */
    static const struct { const char *pre, *repl; } conf[] = {
        { "ke", "" }, { "peng", "" }, { "peng", "k" }, { "peny", "s" }, { "pem", "p" },
        { "pem", "" }, { "pen", "t" }, { "pen", "" }, { "per", "" }, { "pe", "" },
    };
    for (size_t i = 0; i < sizeof conf / sizeof conf[0]; i++) {
        size_t lp = strlen(conf[i].pre);
        if (l <= lp + 2 || memcmp(w, conf[i].pre, lp) != 0) continue;
        if (*conf[i].repl && !vowel(w[lp])) continue;
        add(&c, conf[i].repl, strlen(conf[i].repl), w + lp, l - lp);
    }
    if (l >= 5) add(&c, w, l, "", 0);
    return c.n;
}
