/* ngram: trains the bot's character n-gram naive Bayes model (see
 * src/bot/ngram.h) from a labelled message file and writes it as C source
 * on stdout. Run by the Makefile at build time:
 *
 *   ngram FILE.tsv > build/gen/bot_model.c
 *
 * FILE.tsv is in the format of tests/data/README.md (text, intent,
 * service-or-dash; '#' comments). An empty file gives an empty model, which
 * the bot never consults (bench/bot-cv.sh builds one for the rules-alone
 * figures). The output depends only on the file's lines, not their order. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/ngram.h"

struct pair { uint32_t h, c; uint8_t k; };

struct train {
    char cls[NGRAM_CLASS_MAX][80];
    size_t nclass, ndoc[NGRAM_CLASS_MAX], tot[NGRAM_CLASS_MAX], nmsg;
    struct pair *pair;
    size_t npair, cap;
};

static int class_of(struct train *t, const char *name)
{
    for (size_t k = 0; k < t->nclass; k++)
        if (strcmp(t->cls[k], name) == 0) return (int)k;
    if (t->nclass == NGRAM_CLASS_MAX || strlen(name) >= sizeof t->cls[0]) return -1;
    memcpy(t->cls[t->nclass], name, strlen(name) + 1);
    return (int)t->nclass++;
}

/* One labelled line: its grams counted for its class. */
static int add_line(struct train *t, char *line, uint32_t *h)
{
    char *tab1 = strchr(line, '\t'), *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
    if (!tab2) return -1;
    *tab1 = *tab2 = '\0';
    char *svc = tab2 + 1, name[80];
    svc[strcspn(svc, "\r\n")] = '\0';
    if (strcmp(tab1 + 1, "service") == 0) snprintf(name, sizeof name, "svc:%s", svc);
    else snprintf(name, sizeof name, "%s", tab1 + 1);
    int k = class_of(t, name);
    if (k < 0) return -1;
    size_t n = ngram_hashes(line, h);
    if (t->npair + n > t->cap) {
        size_t cap = (t->cap + n) * 2;
        struct pair *p = realloc(t->pair, cap * sizeof *p);
        if (!p) return -1;
        t->pair = p;
        t->cap = cap;
    }
    for (size_t i = 0; i < n; i++) t->pair[t->npair++] = (struct pair){ h[i], 1, (uint8_t)k };
    t->ndoc[k]++;
    t->tot[k] += n;
    t->nmsg++;
    return 0;
}

static int read_file(struct train *t, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        return -1;
    }
    char line[4096];
    uint32_t *h = malloc(NGRAM_WORK * sizeof *h);
    int rc = h ? 0 : -1, no = 0;
    while (rc == 0 && fgets(line, sizeof line, f)) {
        no++;
        if (line[0] == '#' || line[strspn(line, " \t\r\n")] == '\0') continue;
        if (add_line(t, line, h) < 0) {
            fprintf(stderr, "%s:%d: not text<TAB>intent<TAB>service\n", path, no);
            rc = -1;
        }
    }
    free(h);
    fclose(f);
    return rc;
}

static int cmp_pair(const void *a, const void *b)
{
    const struct pair *x = a, *y = b;
    if (x->h != y->h) return (x->h > y->h) - (x->h < y->h);
    return (x->k > y->k) - (x->k < y->k);
}

/* Classes sorted by name, so the output does not depend on line order. */
static void sort_classes(struct train *t)
{
    uint8_t to[NGRAM_CLASS_MAX];
    size_t order[NGRAM_CLASS_MAX];
    for (size_t i = 0; i < t->nclass; i++) order[i] = i;
    for (size_t i = 1; i < t->nclass; i++)
        for (size_t j = i; j > 0 && strcmp(t->cls[order[j - 1]], t->cls[order[j]]) > 0; j--) {
            size_t x = order[j];
            order[j] = order[j - 1];
            order[j - 1] = x;
        }
    struct train s = *t;
    for (size_t i = 0; i < t->nclass; i++) {
        to[order[i]] = (uint8_t)i;
        memcpy(t->cls[i], s.cls[order[i]], sizeof t->cls[i]);
        t->ndoc[i] = s.ndoc[order[i]];
        t->tot[i] = s.tot[order[i]];
    }
    for (size_t i = 0; i < t->npair; i++) t->pair[i].k = to[t->pair[i].k];
}

static void print_u32s(const char *name, const uint32_t *v, size_t n)
{
    printf("static const uint32_t %s[] = {", name);
    for (size_t i = 0; i < n; i++) printf("%s%lu,", i % 10 ? "" : "\n", (unsigned long)v[i]);
    printf("%s};\n", n ? "" : "0");
}

/* The hash table: distinct grams by slot, their classes in slot order. */
static void print_table(const struct train *t, size_t ngram)
{
    size_t cap = 0;
    if (ngram) for (cap = 16; ngram * 10 > cap * 7; cap *= 2) {}
    uint32_t *key = calloc(cap + 1, sizeof *key), *at = calloc(cap + 1, sizeof *at);
    uint32_t *first = calloc(cap + 1, sizeof *first);
    if (!key || !at || !first) exit(1);
    for (size_t i = 0; i < t->npair; i++) {
        if (i > 0 && t->pair[i - 1].h == t->pair[i].h) continue;
        size_t slot = t->pair[i].h & (cap - 1);
        while (key[slot]) slot = (slot + 1) & (cap - 1);
        key[slot] = t->pair[i].h;
        at[slot] = (uint32_t)i;
    }
    printf("static const uint8_t ecls[] = {");
    size_t ne = 0;
    for (size_t s = 0; s < cap; s++) {
        first[s] = (uint32_t)ne;
        for (size_t i = at[s]; key[s] && i < t->npair && t->pair[i].h == key[s]; i++)
            printf("%s%u,", ne++ % 24 ? "" : "\n", t->pair[i].k);
    }
    first[cap] = (uint32_t)ne;
    printf("%s};\nstatic const float ew[] = {", ne ? "" : "0");
    for (size_t s = 0, e = 0; s < cap; s++)
        for (size_t i = at[s]; key[s] && i < t->npair && t->pair[i].h == key[s]; i++)
            printf("%s%.7gf,", e++ % 8 ? "" : "\n", log(1.0 + t->pair[i].c / NGRAM_ALPHA));
    printf("%s};\n", ne ? "" : "0");
    print_u32s("key", key, cap);
    print_u32s("first", first, cap + 1);
    printf("const struct ngram_model bot_ngram_model = {\n    %zu, cls, prior, unseen, %zu, key, "
           "first, ecls, ew,\n};\n", t->nclass, cap);
    free(key);
    free(at);
    free(first);
}

/* One entry per (gram, class) pair with its count; returns the number of
 * distinct grams. */
static size_t merge_pairs(struct train *t)
{
    size_t o = 0, ngram = 0;
    qsort(t->pair, t->npair, sizeof t->pair[0], cmp_pair);
    for (size_t i = 0; i < t->npair; i++) {
        if (o > 0 && t->pair[o - 1].h == t->pair[i].h && t->pair[o - 1].k == t->pair[i].k) {
            t->pair[o - 1].c++;
            continue;
        }
        if (o == 0 || t->pair[o - 1].h != t->pair[i].h) ngram++;
        t->pair[o++] = t->pair[i];
    }
    t->npair = o;
    return ngram;
}

static void print_model(struct train *t)
{
    sort_classes(t);
    size_t ngram = merge_pairs(t);
    printf("/* Generated by tools/ngram.c from %zu labelled messages: do not edit. */\n"
           "#include \"bot/ngram.h\"\n\nstatic const char *const cls[] = {", t->nmsg);
    for (size_t k = 0; k < t->nclass; k++) printf("\n    \"%s\",", t->cls[k]);
    printf("%s\n};\nstatic const float prior[] = {", t->nclass ? "" : "\"\"");
    for (size_t k = 0; k < t->nclass; k++)
        printf("%.7gf,", log((double)t->ndoc[k] / (double)t->nmsg));
    printf("%s};\nstatic const float unseen[] = {", t->nclass ? "" : "0");
    for (size_t k = 0; k < t->nclass; k++)
        printf("%.7gf,", log(NGRAM_ALPHA / ((double)t->tot[k] + NGRAM_ALPHA * (double)ngram)));
    printf("%s};\n", t->nclass ? "" : "0");
    print_table(t, ngram);
}

int main(int argc, char **argv)
{
    struct train *t = calloc(1, sizeof *t);
    if (argc != 2 || !t) {
        fprintf(stderr, "usage: ngram FILE.tsv > bot_model.c\n");
        return 2;
    }
    if (read_file(t, argv[1]) < 0) return 1;
    print_model(t);
    free(t->pair);
    free(t);
    return 0;
}
