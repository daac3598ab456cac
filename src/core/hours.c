/* hours: parse, format and store an office's weekly opening hours.
 * The parser is what stands between a clerk's typing and the "open now" /
 * "next open" answers citizens see, so it accepts the usual Indonesian
 * spellings but never guesses a time it cannot read; see hours.h. */
#include "core/hours.h"
#include "util/msg.h"
#include "util/utf8.h"
#include <stdio.h>
#include <string.h>

static const char *const day_names[7] = {
    "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"
};
static const char *const day_codes[7] = {
    "mon", "tue", "wed", "thu", "fri", "sat", "sun"
};

#define FORMAT_HINT "Gunakan format 08.00-15.00."


const char *hours_day_name(int day)
{
    return (day >= 0 && day < 7) ? day_names[day] : "";
}

/* ---- lenient day parser ------------------------------------------------ */

/* Length of a space-like sequence at p: ASCII blank or U+00A0 (NBSP, which
 * word processors insert and clerks paste). 0 if none. */
static size_t space_len(const char *p)
{
    if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') return 1;
    if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0) return 2;
    return 0;
}

static const char *skip_space(const char *p, const char *end)
{
    size_t k;
    while (p < end && (k = space_len(p)) > 0) p += k;
    return p;
}

/* Move e back over trailing spaces (ASCII or NBSP), not below b. */
static const char *rtrim_space(const char *b, const char *e)
{
    while (e > b) {
        if (e - b >= 2 && (unsigned char)e[-2] == 0xC2 && (unsigned char)e[-1] == 0xA0) e -= 2;
        else if (space_len(e - 1) == 1) e--;
        else break;
    }
    return e;
}

/* Length of a range dash at p (within end), 0 if none. */
static size_t dash_len(const char *p, const char *end)
{
    static const char *const words[] = { "sampai", "s.d.", "s/d", "s.d" };
    size_t avail = (size_t)(end - p);
    if (avail >= 1 && *p == '-') return 1;
    if (avail >= 3 && (unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 &&
        ((unsigned char)p[2] == 0x93 || (unsigned char)p[2] == 0x94))
        return 3;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        size_t l = strlen(words[i]);
        if (avail >= l && strncasecmp(p, words[i], l) == 0) return l;
    }
    return 0;
}

/* End of a time token: stops at a space, a dash or the item end. */
static const char *token_end(const char *p, const char *end)
{
    while (p < end && !space_len(p) && *p != '-' &&
           !((unsigned char)p[0] == 0xE2 && dash_len(p, end) == 3))
        p++;
    return p;
}

/* "8", "08", "8.00", "08:30", "24.00" -> minutes; -1 if not a time. */
static int parse_time_token(const char *p, const char *e)
{
    int h = 0, m = 0, nd = 0;
    while (p < e && *p >= '0' && *p <= '9' && nd < 3) { h = h * 10 + (*p - '0'); p++; nd++; }
    if (nd == 0 || nd > 2) return -1;
    if (p < e) {
        if (*p != '.' && *p != ':') return -1;
        p++;
        if (e - p != 2 || p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9') return -1;
        m = (p[0] - '0') * 10 + (p[1] - '0');
    }
    if (m > 59 || h > 24 || (h == 24 && m != 0)) return -1;
    return h * 60 + m;
}

static int is_closed_word(const char *p, const char *e)
{
    size_t len = (size_t)(e - p);
    return (len == 5 && (strncasecmp(p, "tutup", 5) == 0 ||
                         strncasecmp(p, "libur", 5) == 0));
}

/* Parse one "open-close" item in [p, e) (already trimmed). */
static int parse_item(const char *p, const char *e, struct hours_range *out,
                      char *err, size_t errlen)
{
    char q[48];
    const char *item = p, *te;
    int open, close;
    size_t dl;

    te = token_end(p, e);
    open = parse_time_token(p, te);
    if (open < 0) {
        if (te == p) te = e;   /* item starts with a dash: quote it whole */
        msg_quote(p, (size_t)(te - p), q, sizeof q);
        msg_set(err, errlen, "Jam tidak valid: \"%s\". " FORMAT_HINT, q);
        return -1;
    }
    p = skip_space(te, e);
    dl = dash_len(p, e);
    if (dl == 0 || skip_space(p + dl, e) == e) {
        msg_quote(item, (size_t)(e - item), q, sizeof q);
        msg_set(err, errlen, "Rentang jam tidak lengkap: \"%s\". " FORMAT_HINT, q);
        return -1;
    }
    p = skip_space(p + dl, e);
    te = token_end(p, e);
    close = parse_time_token(p, te);
    if (close < 0) {
        if (te == p) te = e;
        msg_quote(p, (size_t)(te - p), q, sizeof q);
        msg_set(err, errlen, "Jam tidak valid: \"%s\". " FORMAT_HINT, q);
        return -1;
    }
    if (skip_space(te, e) != e) {
        msg_quote(item, (size_t)(e - item), q, sizeof q);
        msg_set(err, errlen, "Rentang jam tidak dikenali: \"%s\". " FORMAT_HINT, q);
        return -1;
    }
    if (open >= close) {
        msg_set(err, errlen, "Jam buka harus lebih awal dari jam tutup.");
        return -1;
    }
    out->open = (int16_t)open;
    out->close = (int16_t)close;
    return 0;
}

/* Sort by opening time (n <= 4: insertion sort). 0, or -1 on overlap. */
static int sort_and_check(struct hours_range *r, int n)
{
    for (int i = 1; i < n; i++) {
        struct hours_range x = r[i];
        int j = i - 1;
        while (j >= 0 && r[j].open > x.open) { r[j + 1] = r[j]; j--; }
        r[j + 1] = x;
    }
    for (int i = 1; i < n; i++)
        if (r[i].open < r[i - 1].close) return -1;
    return 0;
}

int hours_parse_day(const char *text, struct week_hours *w, int day,
                    char *err, size_t errlen)
{
    struct hours_range r[HOURS_MAX_RANGES];
    int n = 0;
    const char *p, *end;

    if (err && errlen) err[0] = '\0';
    if (!w || day < 0 || day > 6) {
        msg_set(err, errlen, "Hari tidak valid.");
        return -1;
    }
    if (!text) text = "";
    end = text + strlen(text);
    p = skip_space(text, end);
    end = rtrim_space(p, end);
    if (p == end || is_closed_word(p, end)) {
        w->n[day] = 0;
        memset(w->r[day], 0, sizeof w->r[day]);
        return 0;
    }
    while (p < end) {
        const char *ie = p, *ib, *te;
        while (ie < end && *ie != ',' && *ie != ';') ie++;
        ib = skip_space(p, ie);
        te = rtrim_space(ib, ie);
        if (te > ib) {   /* empty items (",,", a trailing ',') are skipped */
            if (n == HOURS_MAX_RANGES) {
                msg_set(err, errlen, "Paling banyak %d rentang jam per hari.", HOURS_MAX_RANGES);
                return -1;
            }
            if (parse_item(ib, te, &r[n], err, errlen) < 0) return -1;
            n++;
        }
        p = ie < end ? ie + 1 : ie;
    }
    if (sort_and_check(r, n) < 0) {
        msg_set(err, errlen, "Rentang jam saling tumpang tindih.");
        return -1;
    }
    w->n[day] = (uint8_t)n;
    memset(w->r[day], 0, sizeof w->r[day]);
    memcpy(w->r[day], r, (size_t)n * sizeof r[0]);
    return 0;
}

/* ---- formatting -------------------------------------------------------- */

void hours_format_day(const struct week_hours *w, int day, char *out, size_t n)
{
    char buf[128];
    size_t len = 0;

    if (!out || n == 0) return;
    if (!w || day < 0 || day > 6 || w->n[day] == 0 || w->n[day] > HOURS_MAX_RANGES) {
        snprintf(out, n, "Tutup");
        return;
    }
    for (int i = 0; i < w->n[day]; i++) {
        const struct hours_range *r = &w->r[day][i];
        int k = snprintf(buf + len, sizeof buf - len, "%s%02d.%02d\xE2\x80\x93%02d.%02d",
                         i ? ", " : "", r->open / 60, r->open % 60,
                         r->close / 60, r->close % 60);
        if (k < 0 || (size_t)k >= sizeof buf - len) break;
        len += (size_t)k;
    }
    buf[len] = '\0';
    utf8_copy(out, n, buf);     /* no half an en dash left behind */
}

int hours_is_valid(const struct week_hours *w)
{
    if (!w) return 0;
    for (int d = 0; d < 7; d++) {
        if (w->n[d] > HOURS_MAX_RANGES) return 0;
        for (int i = 0; i < w->n[d]; i++) {
            const struct hours_range *r = &w->r[d][i];
            if (r->open < 0 || r->close > 1440 || r->open >= r->close) return 0;
            if (i > 0 && r->open < w->r[d][i - 1].close) return 0;
        }
    }
    return 1;
}

int hours_to_text(const struct week_hours *w, char *out, size_t n)
{
    size_t len = 0;

    if (!out || n == 0) return -1;
    out[0] = '\0';
    if (!hours_is_valid(w)) return -1;
    for (int d = 0; d < 7; d++) {
        int k = snprintf(out + len, n - len, "%s=", day_codes[d]);
        if (k < 0 || (size_t)k >= n - len) goto toosmall;
        len += (size_t)k;
        for (int i = 0; i < w->n[d]; i++) {
            const struct hours_range *r = &w->r[d][i];
            k = snprintf(out + len, n - len, "%s%02d:%02d-%02d:%02d", i ? "," : "",
                         r->open / 60, r->open % 60, r->close / 60, r->close % 60);
            if (k < 0 || (size_t)k >= n - len) goto toosmall;
            len += (size_t)k;
        }
        if (n - len < 2) goto toosmall;
        out[len++] = ';';
        out[len] = '\0';
    }
    return 0;
toosmall:
    out[0] = '\0';
    return -1;
}

/* Strict "HH:MM" at p -> minutes (0..1440), -1 otherwise. */
static int strict_time(const char *p)
{
    for (int i = 0; i < 5; i++) {
        if (i == 2 ? p[i] != ':' : (p[i] < '0' || p[i] > '9')) return -1;
    }
    int h = (p[0] - '0') * 10 + (p[1] - '0');
    int m = (p[3] - '0') * 10 + (p[4] - '0');
    if (m > 59 || h > 24 || (h == 24 && m != 0)) return -1;
    return h * 60 + m;
}

int hours_from_text(const char *s, struct week_hours *w)
{
    struct week_hours t;
    unsigned seen = 0;
    const char *p = s;

    if (!s || !w) return -1;
    memset(&t, 0, sizeof t);
    while (*p) {
        int d;
        for (d = 0; d < 7; d++)
            if (strncmp(p, day_codes[d], 3) == 0 && p[3] == '=') break;
        if (d == 7 || (seen & (1u << d))) return -1;
        seen |= 1u << d;
        p += 4;
        while (*p && *p != ';') {
            int o, c;
            if (t.n[d] == HOURS_MAX_RANGES) return -1;
            if ((o = strict_time(p)) < 0 || p[5] != '-' || (c = strict_time(p + 6)) < 0)
                return -1;
            if (o >= c) return -1;
            if (t.n[d] > 0 && o < t.r[d][t.n[d] - 1].close) return -1;
            t.r[d][t.n[d]].open = (int16_t)o;
            t.r[d][t.n[d]].close = (int16_t)c;
            t.n[d]++;
            p += 11;
            if (*p == ',') {
                p++;
                if (*p == ';' || *p == '\0') return -1;   /* dangling ',' */
            } else if (*p != ';' && *p != '\0') {
                return -1;
            }
        }
        if (*p == ';') p++;
    }
    *w = t;
    return 0;
}

void hours_week_line(const struct week_hours *w, const char *sep, const char *colon, char *out,
                     size_t n)
{
    size_t k = 0;
    if (!n) return;
    out[0] = '\0';
    for (int d = 0; d < 7;) {
        char day[128], next[128];
        hours_format_day(w, d, day, sizeof day);
        int e = d;
        while (e + 1 < 7) {
            hours_format_day(w, e + 1, next, sizeof next);
            if (strcmp(next, day) != 0) break;
            e++;
        }
        int wr = e > d ? snprintf(out + k, n - k, "%s%s\xE2\x80\x93%s%s%s", k ? sep : "",
                                  hours_day_name(d), hours_day_name(e), colon, day)
                       : snprintf(out + k, n - k, "%s%s%s%s", k ? sep : "", hours_day_name(d),
                                  colon, day);
        if (wr < 0 || (size_t)wr >= n - k) break;
        k += (size_t)wr;
        d = e + 1;
    }
}
