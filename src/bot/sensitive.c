/* sensitive: NIK and KK numbers in chat (bot.h).
 *
 * Both are 16 digits: a 6-digit region code, a date (DDMMYY; the day
 * plus 40 for women) and a 4-digit serial. Citizens write them in one run
 * ("3201012345670003") or in groups, as printed or read aloud: 4-4-4-4,
 * 6-6-4 (region, date, serial), 2-2-2-6-4 (the dotted official form), 6-10
 * or 8-8, with one space, dot or dash between groups. Any 16 digits in
 * those forms count, whatever the region code, because a missed NIK is
 * worse than a masked number.
 *
 * People also type them loosely, and those count too:
 *  - other gaps between groups: up to three of space, tab, line break,
 *    '.', '-', '/', ',', '_' and the Unicode spaces phones insert
 *    (no-break, narrow no-break, figure, thin, ideographic);
 *  - other groupings: 12+4, 4+4+8, 4+2+6+4 (the dotted form with its
 *    first two groups joined: "3201.01.120590.0004"), or digit by digit;
 *  - full-width digits (U+FF10..FF19) and the letter O for zero where it
 *    stands among digits, not inside a word ("32O1...", not "nomor").
 * Typed loosely a number must look like a NIK, since phone numbers and
 * counts could otherwise join up: it starts with 1-9 (region codes do; a
 * phone starts with 0), and in the new groupings digits 7-12 are a date.
 *
 * What does not count: a longer number (a bank account, a transaction id),
 * a grouped number that goes on, either way, with the same gap ("1901
 * 0123 4567 0003 5", "5 1901 0123 4567 0003") unless it goes on only
 * into whole NIKs (a NIK and a KK side by side, "3201 2345 6789 0001 3201
 * 2345 6789 0002", are two), a grouped number right after a digit or an
 * O for zero (it would start inside a group), phone numbers
 * (081234567890, "0812-3456-7890", +62 ...), dates, amounts and
 * registration numbers (JLT-2026-00042), whose digits or
 * groupings are none of the above. A masked number keeps its first and
 * last 4 digits (as ASCII) around 8 '*' and drops its separators, so
 * masking never lengthens; 4 digits touching such 8 '*' do not start or
 * end a grouped number, so masking twice changes nothing more. */
#include <stdint.h>
#include <string.h>

#include "bot/bot.h"

enum { NIK_DIGITS = 16, MAX_GROUPS = 16, MAX_GAP = 3, MAX_WORD = 16 };

static int is_ascii_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_o(char c)
{
    return c == 'o' || c == 'O';
}

/* Whether the O at s[i] stands for zero: the letters around it, if any,
 * are all O too ("3O", "OO" among digits; not "nomor", "Oke", "NO"). */
static int o_is_zero(const char *s, size_t i)
{
    size_t k = i, n = 0;
    while (k > 0 && is_letter(s[k - 1]) && n < MAX_WORD) {
        if (!is_o(s[k - 1])) return 0;
        k--;
        n++;
    }
    if (k > 0 && is_letter(s[k - 1])) return 0;
    for (k = i + 1, n = 0; is_letter(s[k]); k++, n++)
        if (!is_o(s[k]) || n >= MAX_WORD) return 0;
    return 1;
}

/* Bytes of the digit at s[i], 0 if none; its value in *d and whether it
 * is a real digit (not an O) in *real. */
static size_t digit_at(const char *s, size_t i, char *d, int *real)
{
    const unsigned char *u = (const unsigned char *)s + i;
    *real = 1;
    if (is_ascii_digit(s[i])) {
        *d = s[i];
        return 1;
    }
    if (u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0x99) {
        *d = (char)('0' + (u[2] - 0x90));
        return 3;
    }
    if (is_o(s[i]) && o_is_zero(s, i)) {
        *d = '0';
        *real = 0;
        return 1;
    }
    return 0;
}

/* Whether a real digit ends just before s[i]. */
static int real_digit_before(const char *s, size_t i)
{
    const unsigned char *u = (const unsigned char *)s;
    if (i > 0 && is_ascii_digit(s[i - 1])) return 1;
    return i > 2 && u[i - 3] == 0xEF && u[i - 2] == 0xBC && u[i - 1] >= 0x90 && u[i - 1] <= 0x99;
}

/* Bytes of the separator at s[i], 0 if none. */
static size_t sep_at(const char *s, size_t i)
{
    const unsigned char *u = (const unsigned char *)s + i;
    if (s[i] && strchr(" .-/,_\t\r\n", s[i])) return 1;
    if (u[0] == 0xC2 && u[1] == 0xA0) return 2;                       /* no-break space */
    if (u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0xAF || u[2] == 0x87 || u[2] == 0x89))
        return 3;                                   /* narrow no-break, figure, thin space */
    if (u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80) return 3;       /* ideographic space */
    return 0;
}

/* Bytes of the gap (up to MAX_GAP separators) at s[i], 0 if none; *loose
 * is set unless it is one space, dot or dash. */
static size_t gap_at(const char *s, size_t i, int *loose)
{
    size_t k = i, n, u;
    for (n = 0; n < MAX_GAP && (u = sep_at(s, k)); n++) k += u;
    if (k == i) return 0;
    if (!(k == i + 1 && strchr(" .-", s[i]))) *loose = 1;
    return k - i;
}

/* Group lengths that make a NIK/KK number: 1 for the printed forms, 2 for
 * the looser ones, 0 for none. */
static int grouping(const size_t *g, size_t n)
{
    static const size_t printed[][6] = {
        { 1, 16 }, { 4, 4, 4, 4, 4 }, { 3, 6, 6, 4 }, { 5, 2, 2, 2, 6, 4 }, { 2, 6, 10 },
        { 2, 8, 8 },
    };
    /* 4-2-6-4: province and regency, district, date, serial */
    static const size_t typed[][5] = { { 2, 12, 4 }, { 3, 4, 4, 8 }, { 4, 4, 2, 6, 4 } };
    for (size_t f = 0; f < sizeof printed / sizeof printed[0]; f++)
        if (printed[f][0] == n && memcmp(printed[f] + 1, g, n * sizeof *g) == 0) return 1;
    for (size_t f = 0; f < sizeof typed / sizeof typed[0]; f++)
        if (typed[f][0] == n && memcmp(typed[f] + 1, g, n * sizeof *g) == 0) return 2;
    return n == NIK_DIGITS ? 2 : 0;      /* digit by digit */
}

/* Digits 7-12 are a date: day 01-31 (41-71 for women), month 01-12. */
static int dated(const char *d)
{
    int day = (d[6] - '0') * 10 + (d[7] - '0'), month = (d[8] - '0') * 10 + (d[9] - '0');
    if (day > 40) day -= 40;
    return day >= 1 && day <= 31 && month >= 1 && month <= 12;
}

/* A number read at s[i]: its digits, its group lengths and gaps. */
struct number {
    char d[NIK_DIGITS];
    size_t g[MAX_GROUPS], ng, nd;
    size_t gap[MAX_GROUPS], gaplen[MAX_GROUPS];   /* offsets of the gaps between groups */
    int loose;
};

/* Whether the gap at s[j] of len bytes is the same as one inside n. */
static int same_gap(const char *s, const struct number *n, size_t j, size_t len)
{
    for (size_t k = 0; k + 1 < n->ng; k++)
        if (n->gaplen[k] == len && memcmp(s + n->gap[k], s + j, len) == 0) return 1;
    return 0;
}

/* Whether the number n read at s[i] comes after a digit and one of its
 * own gaps: then it is the tail of a longer number, unless those digits
 * end a NIK masked just before (they end at `prev`). */
static int goes_back(const char *s, size_t i, const struct number *n, size_t prev)
{
    for (size_t k = 0; k + 1 < n->ng; k++) {
        size_t len = n->gaplen[k];
        if (i > len && i - len != prev && same_gap(s, n, i - len, len) &&
            real_digit_before(s, i - len))
            return 1;
    }
    return 0;
}

/* Reads the groups of up to 16 digits from s[i]; the end offset, or 0
 * when they are not one number of 16 digits. */
static size_t read_number(const char *s, size_t i, struct number *n)
{
    size_t j = i, u;
    char d;
    int real;
    for (;;) {
        size_t start = n->nd;
        while ((u = digit_at(s, j, &d, &real))) {
            if (n->nd == NIK_DIGITS) return 0;              /* part of a longer number */
            n->d[n->nd++] = d;
            j += u;
        }
        n->g[n->ng++] = n->nd - start;
        if (n->nd == NIK_DIGITS) return j;
        size_t gl = gap_at(s, j, &n->loose);
        if (!gl || !digit_at(s, j + gl, &d, &real) || n->ng == MAX_GROUPS) return 0;
        n->gap[n->ng - 1] = j;
        n->gaplen[n->ng - 1] = gl;
        j += gl;
    }
}

/* Whether s[i] starts 8 '*': the middle of a number masked already,
 * whose outer 4 digits are no group of a new number, nor with an O beside
 * them (16 real digits are a NIK whatever O's touch them). */
static int stars_at(const char *s, size_t i)
{
    for (size_t k = 0; k < 8; k++)
        if (s[i + k] != '*') return 0;
    return 1;
}

/* Bytes of a run of exactly 16 real digits at s[i] (an O beside it does
 * not make it longer), 0 if none; digits[] gets them. */
static size_t real_run(const char *s, size_t i, char *digits)
{
    size_t j = i, nd = 0, u;
    char d;
    int real;
    while ((u = digit_at(s, j, &d, &real)) && real) {
        if (nd == NIK_DIGITS) return 0;
        digits[nd++] = d;
        j += u;
    }
    return nd == NIK_DIGITS ? j - i : 0;
}

/* Whether the digits and groups read into n make a NIK/KK number. */
static int nik_form(const struct number *n)
{
    int form = grouping(n->g, n->ng);
    if (!form) return 0;
    if ((form == 2 || n->loose) && n->d[0] == '0') return 0;
    return form == 1 || dated(n->d);
}

/* Whether a digit, real or an O for zero, ends just before s[i]. */
static int digit_before(const char *s, size_t i)
{
    return real_digit_before(s, i) || (i > 0 && is_o(s[i - 1]) && o_is_zero(s, i - 1));
}

/* The end of the grouped NIK/KK number read at s[i] into n, 0 if none.
 * Its neighbours are not looked at, except the 8 '*' of a masked number:
 * 4 digits touching them (stars_at) are no outer group of a new number. */
static size_t grouped_at(const char *s, size_t i, struct number *n)
{
    n->ng = n->nd = 0;
    n->loose = 0;
    size_t j = read_number(s, i, n);
    if (!j) return 0;
    if (i >= 8 && stars_at(s, i - 8) && ((n->ng > 1 && n->g[0] == 4) || is_o(s[i + 4]))) return 0;
    if (stars_at(s, j) && ((n->ng > 1 && n->g[n->ng - 1] == 4) || (j >= i + 5 && is_o(s[j - 5]))))
        return 0;
    return nik_form(n) ? j : 0;
}

/* Whether the grouped number n, which ends at s[j], goes on after one of
 * its own gaps into something that is not a whole NIK read the same way
 * (which may go on in turn): then it is part of a longer number. NIKs in a
 * row, each grouped ("3201 2345 6789 0001 3201 2345 6789 0002"), are each
 * one; a row of more than MAX_ROW is taken for one long number. */
static int goes_on(const char *s, size_t j, const struct number *n)
{
    enum { MAX_ROW = 16 };
    struct number m[2];
    const struct number *cur = n;
    char d;
    int real, loose = 0;
    for (int k = 0; k < MAX_ROW; k++) {
        size_t gl = cur->ng > 1 ? gap_at(s, j, &loose) : 0;
        if (!gl || !digit_at(s, j + gl, &d, &real) || !real || !same_gap(s, cur, j, gl)) return 0;
        struct number *next = &m[k % 2];
        j = grouped_at(s, j + gl, next);
        if (!j) return 1;
        cur = next;
    }
    return 1;
}

/* Length in bytes of the NIK/KK number starting at s[i], 0 if none;
 * digits[] gets its 16 digits. The last number found ended at prev. A
 * plain run of 16 is one whatever follows ("NIK 3201012345670003
 * 3201012345670004", "... 2 orang") and whatever O's touch it; a grouped
 * number starts after no digit, not even an O for zero. */
static size_t match_at(const char *s, size_t i, char *digits, size_t prev)
{
    struct number n;
    char d;
    int real;
    if (!digit_at(s, i, &d, &real) || !real || real_digit_before(s, i)) return 0;
    size_t run = real_run(s, i, digits);
    if (run) return run;
    if (digit_before(s, i)) return 0;
    size_t j = grouped_at(s, i, &n);
    if (!j || goes_on(s, j, &n) || goes_back(s, i, &n, prev)) return 0;
    memcpy(digits, n.d, NIK_DIGITS);
    return j - i;
}

int bot_mask(const char *in, char *out, size_t n)
{
    int count = 0;
    size_t o = 0, prev = SIZE_MAX;
    if (!out || n == 0) return 0;
    if (!in) in = "";
    for (size_t i = 0; in[i];) {
        char d[NIK_DIGITS];
        size_t len = match_at(in, i, d, prev);
        if (len > 0) {
            char rep[NIK_DIGITS];
            memcpy(rep, d, 4);
            memset(rep + 4, '*', 8);
            memcpy(rep + 12, d + 12, 4);
            for (size_t k = 0; k < NIK_DIGITS && o + 1 < n; k++) out[o++] = rep[k];
            i += len;
            prev = i;
            count++;
            continue;
        }
        if (o + 1 < n) out[o++] = in[i];
        i++;
    }
    out[o] = '\0';
    return count;
}

int bot_has_id_number(const char *in)
{
    if (!in) return 0;
    for (size_t i = 0; in[i]; i++) {
        char d[NIK_DIGITS];
        size_t len = match_at(in, i, d, SIZE_MAX);
        if (len > 0) return 1;
    }
    return 0;
}
