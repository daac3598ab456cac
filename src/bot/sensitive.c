/* sensitive: NIK and KK numbers in chat (bot.h).
 *
 * Both are 16 digits. Citizens write them in one run ("3201012345670003")
 * or grouped by single spaces, dots or dashes as printed or read aloud:
 * 4-4-4-4, 6-6-4 (region, birth date, serial), 2-2-2-6-4 (the dotted
 * official form), 6-10 or 8-8. Any 16 digits count, whatever the region
 * code, because a missed NIK is worse than a masked number. What does not
 * count: a longer run (a bank account or transaction id) or a grouped
 * number that goes on ("1901 0123 4567 0003 5"), and phone numbers
 * (081234567890, 12-13 digits, "0812-3456-7890"), whose grouping is none
 * of the above. A masked number keeps its first and last 4 digits
 * around 8 '*' and drops its separators, so masking never lengthens. */
#include <string.h>

#include "bot/bot.h"

enum { NIK_DIGITS = 16, MAX_GROUPS = 5 };

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_sep(char c)
{
    return c == ' ' || c == '.' || c == '-';
}

/* Group lengths that make a NIK/KK number. */
static int grouping_ok(const size_t *g, size_t n)
{
    static const size_t forms[][MAX_GROUPS + 1] = {
        { 1, 16 }, { 4, 4, 4, 4, 4 }, { 3, 6, 6, 4 }, { 5, 2, 2, 2, 6, 4 }, { 2, 6, 10 },
        { 2, 8, 8 },
    };
    for (size_t f = 0; f < sizeof forms / sizeof forms[0]; f++) {
        if (forms[f][0] != n) continue;
        size_t k = 0;
        while (k < n && forms[f][k + 1] == g[k]) k++;
        if (k == n) return 1;
    }
    return 0;
}

/* Length in bytes of the NIK/KK number starting at s[i], 0 if none;
 * digits[] gets its 16 digits. s[i] starts a digit run. */
static size_t match_at(const char *s, size_t i, char *digits)
{
    size_t g[MAX_GROUPS], ng = 0, nd = 0, j = i;
    for (;;) {
        size_t start = j;
        while (is_digit(s[j])) {
            if (nd < NIK_DIGITS) digits[nd] = s[j];
            nd++;
            j++;
        }
        if (ng == MAX_GROUPS) return 0;
        g[ng++] = j - start;
        if (nd > NIK_DIGITS) return 0;              /* part of a longer number */
        if (nd == NIK_DIGITS) break;
        if (!(is_sep(s[j]) && is_digit(s[j + 1]))) return 0;
        j++;
    }
    /* A grouped number that goes on after a separator is longer than a
     * NIK; a plain run of 16 is one, whatever number follows ("NIK
     * 3201012345670003 3201012345670004", "... 2 orang"). */
    if (is_digit(s[j]) || (ng > 1 && is_sep(s[j]) && is_digit(s[j + 1]))) return 0;
    return grouping_ok(g, ng) ? j - i : 0;
}

int bot_mask(const char *in, char *out, size_t n)
{
    int count = 0;
    size_t o = 0;
    if (!out || n == 0) return 0;
    if (!in) in = "";
    for (size_t i = 0; in[i];) {
        char d[NIK_DIGITS];
        size_t len = 0;
        if (is_digit(in[i]) && (i == 0 || !is_digit(in[i - 1]))) len = match_at(in, i, d);
        if (len > 0) {
            char rep[NIK_DIGITS];
            memcpy(rep, d, 4);
            memset(rep + 4, '*', 8);
            memcpy(rep + 12, d + 12, 4);
            for (size_t k = 0; k < NIK_DIGITS && o + 1 < n; k++) out[o++] = rep[k];
            i += len;
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
        if (is_digit(in[i]) && (i == 0 || !is_digit(in[i - 1])) && match_at(in, i, d) > 0)
            return 1;
    }
    return 0;
}
