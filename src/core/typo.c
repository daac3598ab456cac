/* typo: see typo.h. */
#include "core/typo.h"
#include <string.h>

uint32_t typo_mask(const char *w, size_t len)
{
    uint32_t m = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned c = (unsigned char)w[i];
        if (c >= 'a' && c <= 'z') m |= 1u << (c - 'a');
        else if (c >= '0' && c <= '9') m |= 1u << (26 + (c - '0') % 4);
        else m |= 1u << (30 + (c & 1));
    }
    return m;
}

int typo_far(uint32_t a, uint32_t b, int k)
{
    int n = 0;
    for (uint32_t x = a ^ b; x; x &= x - 1) n++;
    return n > 2 * k;
}

int typo_distance(const char *a, size_t la, const char *b, size_t lb, int k)
{
    int rows[3][TYPO_WORD_MAX + 1];
    int *pp = rows[0], *p = rows[1], *c = rows[2];
    if ((la > lb ? la - lb : lb - la) > (size_t)k || la > TYPO_WORD_MAX || lb > TYPO_WORD_MAX)
        return k + 1;
    for (size_t j = 0; j <= lb; j++) p[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        c[0] = (int)i;
        int rowmin = c[0];
        for (size_t j = 1; j <= lb; j++) {
            int cost = a[i - 1] != b[j - 1];
            int v = p[j] + 1;
            if (c[j - 1] + 1 < v) v = c[j - 1] + 1;
            if (p[j - 1] + cost < v) v = p[j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && pp[j - 2] + 1 < v)
                v = pp[j - 2] + 1;
            c[j] = v;
            if (v < rowmin) rowmin = v;
        }
        if (rowmin > k) return k + 1;   /* later rows are at least this */
        int *t = pp;
        pp = p;
        p = c;
        c = t;
    }
    return p[lb];
}

/* 1 when the query word q (length lq) matches some word of name. */
static int word_in(const char *q, size_t lq, const char *name)
{
    int k = lq >= 8 ? 2 : lq >= 4 ? 1 : 0;
    for (const char *w = name; *w;) {
        size_t lw = strcspn(w, " ");
        if ((lq >= 3 && lq <= lw && strncmp(w, q, lq) == 0) ||
            (k && typo_distance(q, lq, w, lw, k) <= k))
            return 1;
        w += lw;
        while (*w == ' ') w++;
    }
    return 0;
}

int typo_words_match(const char *query, const char *name)
{
    if (!*query) return 0;
    if (strstr(name, query)) return 2;
    for (const char *q = query; *q;) {
        size_t lq = strcspn(q, " ");
        if (lq && !word_in(q, lq, name)) return 0;
        q += lq;
        while (*q == ' ') q++;
    }
    return 1;
}
