#include "util/phone.h"
#include <ctype.h>
#include <stdio.h>
#include <string.h>

int phone_normalise(const char *in, char *out, size_t n)
{
    char d[32];
    size_t k = 0;
    for (const char *p = in; *p; p++) {
        if (isdigit((unsigned char)*p)) {
            if (k + 1 >= sizeof d) return -1;
            d[k++] = *p;
        } else if (!(*p == ' ' || *p == '-' || *p == '.' || *p == '(' || *p == ')' ||
                     (*p == '+' && p == in))) {
            return -1;
        }
    }
    d[k] = '\0';
    const char *digits = d;
    char buf[40];
    if (d[0] == '0') {          /* national form 08xx / 0717 -> 62... */
        snprintf(buf, sizeof buf, "62%s", d + 1);
        digits = buf;
    }
    size_t len = strlen(digits);
    if (len < 9 || len > 15) return -1;
    snprintf(out, n, "%s", digits);
    return 0;
}

/* "812-3456-7890": the operator prefix, then groups of four; a tail of
 * 6 or 7 digits as 3+3 or 3+4 and of up to 5 as one group, so no group is
 * left with one or two digits ("812-345-6789", not "812-3456-789"). */
static void mobile(const char *rest, char *out, size_t n)
{
    char tmp[48];
    size_t o = (size_t)snprintf(tmp, sizeof tmp, "+62 %.3s", rest), rn = strlen(rest), i = 3;
    while (i < rn && o + 7 < sizeof tmp) {
        size_t left = rn - i, g = left <= 5 ? left : (left == 6 || left == 7) ? 3 : 4;
        tmp[o++] = '-';
        memcpy(tmp + o, rest + i, g);
        o += g;
        i += g;
    }
    tmp[o] = '\0';
    snprintf(out, n, "%s", tmp);
}

void phone_display(const char *digits, char *out, size_t n)
{
    size_t len = strlen(digits);
    int ok = len >= 9 && strncmp(digits, "62", 2) == 0;
    for (size_t i = 0; ok && i < len; i++) ok = isdigit((unsigned char)digits[i]);
    if (!ok) { snprintf(out, n, "%s", digits); return; }
    const char *rest = digits + 2;
    if (rest[0] == '8' && strlen(rest) >= 9)    /* mobile: 8xx-xxxx-xxxx */
        mobile(rest, out, n);
    else if (rest[0] == '2' && (rest[1] == '1' || rest[1] == '2' || rest[1] == '4'))
        snprintf(out, n, "+62 %.2s %s", rest, rest + 2);      /* 21 Jakarta, 22, 24 */
    else
        snprintf(out, n, "+62 %.3s %s", rest, rest + 3);      /* 3-digit area codes */
}
