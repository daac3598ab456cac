/* ngram: reading a message as character n-grams and scoring it with the
 * generated naive Bayes table (ngram.h). Shared with tools/ngram.c, which
 * trains the table, so this file depends on nothing but util/hash. */
#include "bot/ngram.h"

#include <stdlib.h>
#include <string.h>

#include "util/hash.h"

size_t ngram_normalise(const char *text, char *out, size_t max)
{
    size_t o = 0;
    if (max < 3) {
        if (max) out[0] = '\0';
        return 0;
    }
    out[o++] = ' ';
    for (const unsigned char *p = (const unsigned char *)text; *p && o + 2 < max; p++) {
        char ch = (char)*p;
        if (ch >= 'A' && ch <= 'Z') ch = (char)(ch - 'A' + 'a');
        else if (ch >= '0' && ch <= '9') ch = '0';
        else if (ch < 'a' || ch > 'z') ch = ' ';
        if (ch == ' ' && out[o - 1] == ' ') continue;
        /* "halooo" reads as "haloo": a third equal letter adds nothing */
        if (ch >= 'a' && o >= 2 && out[o - 1] == ch && out[o - 2] == ch) continue;
        out[o++] = ch;
    }
    if (out[o - 1] != ' ') out[o++] = ' ';
    out[o] = '\0';
    return o;
}

size_t ngram_hashes(const char *text, uint32_t *work)
{
    char s[NGRAM_TEXT_MAX + 3];
    size_t len = ngram_normalise(text, s, sizeof s), n = 0, cap = 16;
    /* repeats are told by an open-addressing set after the output, at
     * most half full: NGRAM_HASH_MAX grams in 2 * NGRAM_HASH_MAX slots */
    while (cap < 2 * len * (NGRAM_MAX - NGRAM_MIN + 1) && cap < 2 * NGRAM_HASH_MAX) cap *= 2;
    uint32_t *set = work + NGRAM_HASH_MAX;
    memset(set, 0, cap * sizeof set[0]);
    for (size_t k = NGRAM_MIN; k <= NGRAM_MAX; k++)
        for (size_t i = 0; i + k <= len && n < NGRAM_HASH_MAX; i++) {
            uint32_t h = hash_fnv1a(s + i, k);
            h = h ? h : 1;
            size_t slot = h & (cap - 1);
            while (set[slot] && set[slot] != h) slot = (slot + 1) & (cap - 1);
            if (set[slot]) continue;
            set[slot] = h;
            work[n++] = h;
        }
    return n;
}

long ngram_class(const struct ngram_model *m, const char *name)
{
    for (size_t k = 0; m && name && k < m->nclass; k++)
        if (strcmp(m->cls[k], name) == 0) return (long)k;
    return -1;
}

int ngram_scores(const struct ngram_model *m, const char *text, double *out)
{
    if (!m || m->cap == 0 || m->nclass == 0 || m->nclass > NGRAM_CLASS_MAX) return -1;
    uint32_t *h = malloc(NGRAM_WORK * sizeof *h);
    if (!h) return -1;
    size_t g = ngram_hashes(text, h);
    if (g == 0) {
        free(h);
        return -1;
    }
    for (size_t k = 0; k < m->nclass; k++) out[k] = 0;
    for (size_t i = 0; i < g; i++) {
        size_t slot = h[i] & (m->cap - 1);
        while (m->key[slot] && m->key[slot] != h[i]) slot = (slot + 1) & (m->cap - 1);
        if (!m->key[slot]) continue;
        for (uint32_t e = m->first[slot]; e < m->first[slot + 1]; e++) out[m->ecls[e]] += m->ew[e];
    }
    for (size_t k = 0; k < m->nclass; k++)
        out[k] = (out[k] + m->prior[k]) / (double)g + m->unseen[k];
    free(h);
    return 0;
}
