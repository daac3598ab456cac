/* fuzz_mask: libFuzzer harness for the NIK/KK masking (bot/sensitive.c),
 * which every channel applies before a citizen's text, name or file name
 * is stored.
 *
 * The input (up to its first NUL) is the text. Invariants, from bot.h:
 *   - out is NUL-terminated within strlen(in)+1 bytes (ASan catches a byte
 *     more); masking never lengthens;
 *   - the count is consistent: 0 exactly when bot_has_id_number(in) is 0
 *     and out == in; each masked number adds exactly 8 '*';
 *   - words stay: every ASCII letter but O (which may stand for zero) is
 *     there as often as before, and valid UTF-8 stays valid;
 *   - masking is idempotent: masking out finds nothing and changes nothing;
 *   - no plain NIK survives: no run of exactly 16 digits (ASCII or
 *     full-width; an O beside it does not lengthen it) is left in out;
 *   - every typed form of a NIK survives nowhere: a NIK built from the
 *     input's hash (a plausible region code and date) and written in one of
 *     the accepted forms (the printed groupings, 12+4, 4+4+8, digit by
 *     digit; gaps of spaces, dots, dashes, double spaces, line breaks, '/',
 *     ',', '_', no-break and ideographic spaces; ASCII or full-width digits
 *     or O for zero), set between the input and itself with a word on each
 *     side, comes out masked ("dddd********dddd");
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


static size_t count_char(const char *s, char c)
{
    size_t n = 0;
    for (; *s; s++) n += *s == c;
    return n;
}

static void letters_kept(const char *in, const char *out)
{
    size_t a[128] = {0}, b[128] = {0};
    for (; *in; in++) if ((unsigned char)*in < 128) a[(unsigned char)*in]++;
    for (; *out; out++) if ((unsigned char)*out < 128) b[(unsigned char)*out]++;
    for (int c = 'A'; c <= 'z'; c++) {
        if (c == 'o' || c == 'O' || (c > 'Z' && c < 'a')) continue;
        if (a[c] != b[c]) fprintf(stderr, "letter '%c': %zu before, %zu after\n", c, a[c], b[c]);
        FUZZ_CHECK(a[c] == b[c]);
    }
}

/* xorshift64 over the input's FNV-1a hash: the planted number and form. */
static uint64_t next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* Writes a plausible NIK in some accepted form to w (at least 200 bytes);
 * its masked form to masked[17]. */
static void plant(uint64_t *rng, char *w, char masked[17])
{
    static const size_t forms[][17] = {
        {1, 16}, {4, 4, 4, 4, 4}, {3, 6, 6, 4}, {5, 2, 2, 2, 6, 4}, {2, 6, 10}, {2, 8, 8},
        {2, 12, 4}, {3, 4, 4, 8}, {16, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
    };
    static const char *const gaps[] = {
        " ", ".", "-", "  ", "\n", "\r\n", "/", ",", "_", " / ", ", ", " - ",
        "\xc2\xa0", "\xe2\x80\xaf", "\xe3\x80\x80", " \n",
    };
    char d[16];
    d[0] = (char)('1' + next(rng) % 9);
    for (int k = 1; k < 16; k++) d[k] = (char)('0' + next(rng) % 10);
    unsigned day = 1 + (unsigned)(next(rng) % 31) + (next(rng) % 2 ? 40 : 0);
    unsigned month = 1 + (unsigned)(next(rng) % 12);
    d[6] = (char)('0' + day / 10);
    d[7] = (char)('0' + day % 10);
    d[8] = (char)('0' + month / 10);
    d[9] = (char)('0' + month % 10);
    const size_t *f = forms[next(rng) % (sizeof forms / sizeof forms[0])];
    int style = (int)(next(rng) % 4);       /* ASCII, some full-width, some O, both */
    size_t o = 0, k = 0;
    for (size_t g = 1; g <= f[0]; g++) {
        if (g > 1) {
            const char *gap = gaps[next(rng) % (sizeof gaps / sizeof gaps[0])];
            memcpy(w + o, gap, strlen(gap));
            o += strlen(gap);
        }
        for (size_t n = 0; n < f[g]; n++, k++) {
            uint64_t r = next(rng);
            if ((style & 1) && r % 3 == 0) {
                w[o++] = (char)0xEF;
                w[o++] = (char)0xBC;
                w[o++] = (char)(0x90 + (d[k] - '0'));
            } else if ((style & 2) && k > 0 && d[k] == '0' && r % 2) {
                w[o++] = r % 4 == 1 ? 'O' : 'o';
            } else {
                w[o++] = d[k];
            }
        }
    }
    w[o] = '\0';
    memcpy(masked, d, 4);
    memset(masked + 4, '*', 8);
    memcpy(masked + 12, d + 12, 4);
    masked[16] = '\0';
}

static void planted_masked(const char *in, const uint8_t *data, size_t size)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < size; i++) h = (h ^ data[i]) * 1099511628211ull;
    if (!h) h = 1;
    char number[256], masked[17];
    plant(&h, number, masked);
    size_t len = strlen(in), n = 2 * len + strlen(number) + 8;
    char *text = malloc(n), *out = malloc(n);
    if (!text || !out) abort();
    snprintf(text, n, "%s x %s x %s", in, number, in);
    bot_mask(text, out, n);
    if (!strstr(out, masked))
        fprintf(stderr, "a typed NIK survived masking: \"%s\" -> \"%s\"\n", number, out);
    FUZZ_CHECK(strstr(out, masked) != NULL);
    free(text);
    free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 64 * 1024) return 0;
    char *in = fuzz_strndup(data, size);
    size_t len = strlen(in), n = len + 1;
    char *out = malloc(n), *again = malloc(n);
    if (!out || !again) abort();
    memset(out, 'X', n);

    int count = bot_mask(in, out, n);
    FUZZ_CHECK(count >= 0);
    FUZZ_CHECK(memchr(out, '\0', n) != NULL);
    size_t olen = strlen(out);
    FUZZ_CHECK(olen <= len);                                /* never lengthens */

    /* the count */
    FUZZ_CHECK((count > 0) == (bot_has_id_number(in) != 0));
    if (count == 0) FUZZ_CHECK(strcmp(out, in) == 0);
    FUZZ_CHECK(count_char(out, '*') == count_char(in, '*') + 8 * (size_t)count);

    /* only numbers change */
    letters_kept(in, out);
    if (fuzz_utf8_valid(in)) FUZZ_CHECK(fuzz_utf8_valid(out));

    /* idempotent */
    FUZZ_CHECK(bot_mask(out, again, n) == 0);
    FUZZ_CHECK(strcmp(again, out) == 0);
    FUZZ_CHECK(!bot_has_id_number(out));

    /* no NIK survives */
    if (fuzz_has_run16(out)) fprintf(stderr, "a 16-digit run survived masking: %s\n", out);
    FUZZ_CHECK(!fuzz_has_run16(out));
    planted_masked(in, data, size);

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
    free(again);
    free(out);
    free(in);
    return 0;
}
