/* fuzz_mask: libFuzzer harness for the NIK/KK masking (bot/sensitive.c),
 * which every channel applies before a citizen's text is stored.
 *
 * The input (up to its first NUL) is the text. Invariants, from bot.h:
 *   - out holds exactly strlen(in)+1 bytes (ASan catches a byte more) and
 *     is NUL-terminated; masking never lengthens;
 *   - the count is consistent: 0 exactly when bot_has_id_number(in) is 0
 *     and out == in; each masked number adds 8 '*', removes 8 digits (16
 *     out, first 4 + last 4 back) and drops at most 4 separators;
 *   - only numbers change: with digits, separators and '*' taken out, in
 *     and out are the same bytes (so valid UTF-8 stays valid);
 *   - no NIK survives: no run of exactly 16 digits is left in out, and each
 *     such run of in (the original number) is gone from out; a number
 *     written 4-4-4-4 ("1901 0123 4567 0003", "." or "-") that stands
 *     alone is gone too (the same digits may stay inside a longer number
 *     elsewhere in the text);
 *   - a smaller buffer gives a NUL-terminated prefix of the full output.
 *
 * Everything is freed before returning (LeakSanitizer is on).
 * Build and run: tests/fuzz/run.sh mask (see tests/fuzz/README.md). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/bot.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int digit(char c) { return c >= '0' && c <= '9'; }
static int sep(char c) { return c == ' ' || c == '.' || c == '-'; }
static int star(char c) { return c == '*'; }

static size_t count_if(const char *s, int (*pred)(char))
{
    size_t n = 0;
    for (; *s; s++) n += pred(*s) != 0;
    return n;
}

/* s without digits, separators and '*' */
static char *skeleton(const char *s)
{
    char *k = malloc(strlen(s) + 1), *o = k;
    if (!k) abort();
    for (; *s; s++)
        if (!digit(*s) && !sep(*s) && *s != '*') *o++ = *s;
    *o = '\0';
    return k;
}

/* Occurrences of needle in hay, overlapping ones included. */
static size_t occurrences(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle)) n++;
    return n;
}

/* `standalone` copies of number stood alone in `in`: all of them are gone
 * from out (copies inside longer numbers may stay). */
static void gone(const char *number, const char *in, const char *out, size_t standalone)
{
    size_t before = occurrences(in, number), after = occurrences(out, number);
    if (after + standalone > before)
        fprintf(stderr, "a number survived masking: %s (%zu stand-alone of %zu, %zu left)\n",
                number, standalone, before, after);
    FUZZ_CHECK(after + standalone <= before);
}

/* Start of the next maximal run of exactly 16 digits at or after *i, or
 * NULL; *i moves past it. */
static const char *next_run16(const char *s, size_t len, size_t *i)
{
    while (*i < len) {
        if (!digit(s[*i])) { (*i)++; continue; }
        size_t j = *i;
        while (j < len && digit(s[j])) j++;
        size_t start = *i;
        *i = j;
        if (j - start == 16) return s + start;
    }
    return NULL;
}

static void runs16_masked(const char *in, const char *out)
{
    size_t olen = strlen(out), len = strlen(in), i = 0;
    const char *r = next_run16(out, olen, &i);
    if (r) fprintf(stderr, "a 16-digit run survived masking: %.16s\n", r);
    FUZZ_CHECK(r == NULL);
    i = 0;
    while ((r = next_run16(in, len, &i))) {
        char num[17];
        memcpy(num, r, 16);
        num[16] = '\0';
        size_t standalone = 0, k = 0;
        const char *q;
        while ((q = next_run16(in, len, &k))) standalone += memcmp(q, num, 16) == 0;
        gone(num, in, out, standalone);
    }
}

/* Stand-alone "dddd?dddd?dddd?dddd" at in[i] (? one of " .-", the same
 * character throughout, nothing digit-like around): 1, and its 19 bytes
 * in g. */
static int grouped_at(const char *in, size_t len, size_t i, char g[20])
{
    if (i + 19 > len) return 0;
    if (i > 0 && (digit(in[i - 1]) || (sep(in[i - 1]) && i > 1 && digit(in[i - 2])))) return 0;
    char s = in[i + 4];
    if (!sep(s)) return 0;
    for (size_t k = 0; k < 19; k++)
        if ((k % 5 == 4) ? in[i + k] != s : !digit(in[i + k])) return 0;
    size_t e = i + 19;
    if (e < len && (digit(in[e]) || (sep(in[e]) && digit(in[e + 1])))) return 0;
    memcpy(g, in + i, 19);
    g[19] = '\0';
    return 1;
}

static void grouped_masked(const char *in, const char *out)
{
    size_t len = strlen(in);
    char g[20], h[20];
    for (size_t i = 0; i + 19 <= len; i++) {
        if (!grouped_at(in, len, i, g)) continue;
        size_t standalone = 0;
        for (size_t k = 0; k + 19 <= len; k++)
            standalone += grouped_at(in, len, k, h) && strcmp(g, h) == 0;
        gone(g, in, out, standalone);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 64 * 1024) return 0;
    char *in = fuzz_strndup(data, size);
    size_t len = strlen(in), n = len + 1;
    char *out = malloc(n);
    if (!out) abort();
    memset(out, 'X', n);

    int count = bot_mask(in, out, n);
    FUZZ_CHECK(count >= 0);
    FUZZ_CHECK(memchr(out, '\0', n) != NULL);
    size_t olen = strlen(out);
    FUZZ_CHECK(olen <= len);                                /* never lengthens */

    /* the count */
    FUZZ_CHECK((count > 0) == (bot_has_id_number(in) != 0));
    if (count == 0) FUZZ_CHECK(strcmp(out, in) == 0);
    FUZZ_CHECK(count_if(out, star) == count_if(in, star) + 8 * (size_t)count);
    FUZZ_CHECK(count_if(in, digit) - count_if(out, digit) == 8 * (size_t)count);
    FUZZ_CHECK(len - olen <= 4 * (size_t)count);

    /* only numbers change */
    char *ki = skeleton(in), *ko = skeleton(out);
    FUZZ_CHECK(strcmp(ki, ko) == 0);
    free(ki);
    free(ko);
    if (fuzz_utf8_valid(in)) FUZZ_CHECK(fuzz_utf8_valid(out));

    /* no NIK survives */
    runs16_masked(in, out);
    grouped_masked(in, out);

    /* a smaller buffer: a NUL-terminated prefix, no byte written past n */
    if (len > 0) {
        size_t small = 1 + (size_t)data[0] % len;           /* 1..len */
        char *o2 = malloc(small);
        if (!o2) abort();
        int c2 = bot_mask(in, o2, small);
        FUZZ_CHECK(c2 >= 0 && c2 <= count);
        FUZZ_CHECK(memchr(o2, '\0', small) != NULL);
        size_t l2 = strlen(o2);
        FUZZ_CHECK(l2 == (olen < small - 1 ? olen : small - 1));
        FUZZ_CHECK(strncmp(o2, out, l2) == 0);
        free(o2);
    }

    /* degenerate arguments (sensitive.c accepts them) */
    FUZZ_CHECK(bot_mask(in, out, 0) == 0);
    FUZZ_CHECK(bot_mask(in, NULL, n) == 0);
    free(out);
    free(in);
    return 0;
}
