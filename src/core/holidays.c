/* holidays: strict parser for data/holidays.tsv (format in holidays.h).
 * The file is edited by hand by an administrator when an SKB is issued or
 * amended, so every mistake is reported with its line number in Bahasa
 * Indonesia rather than silently skipped: a wrong holiday date means a
 * citizen finds the office shut, or an ETA that is a day off. */
#include "core/holidays.h"
#include "util/msg.h"
#include "core/calendar.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Parse-time record: the entry plus the line it came from. */
struct entry {
    struct holiday h;
    int line;
};

struct year_entry {
    struct holiday_year y;
    int line;
};

struct parse_state {
    struct entry *e;
    size_t n, cap;
    struct year_entry *y;
    size_t ny, ycap;
};


/* 1 if [p, p+len) is well-formed UTF-8 (no overlongs, no surrogates). */
static int utf8_ok(const unsigned char *p, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned c = p[i];
        size_t k;
        unsigned min;
        if (c < 0x80) { i++; continue; }
        if (c >= 0xC2 && c <= 0xDF) { k = 1; min = 0x80; c &= 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) { k = 2; min = 0x800; c &= 0x0F; }
        else if (c >= 0xF0 && c <= 0xF4) { k = 3; min = 0x10000; c &= 0x07; }
        else return 0;
        if (len - i <= k) return 0;
        for (size_t j = 1; j <= k; j++) {
            if ((p[i + j] & 0xC0) != 0x80) return 0;
            c = (c << 6) | (p[i + j] & 0x3F);
        }
        if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
        i += k + 1;
    }
    return 1;
}

/* Split [p, p+len) on TABs into at most max fields; returns the field count
 * (max + 1 if there are more). */
static int split_tabs(const char *p, size_t len, const char **f, size_t *fl, int max)
{
    int nf = 0;
    const char *end = p + len;
    for (;;) {
        const char *t = memchr(p, '\t', (size_t)(end - p));
        const char *fe = t ? t : end;
        if (nf == max) return max + 1;
        f[nf] = p;
        fl[nf] = (size_t)(fe - p);
        nf++;
        if (!t) return nf;
        p = t + 1;
    }
}

static int field_is(const char *p, size_t len, const char *word)
{
    return strlen(word) == len && memcmp(p, word, len) == 0;
}

static const struct year_entry *find_year(const struct parse_state *st, int year)
{
    for (size_t i = 0; i < st->ny; i++)
        if (st->y[i].y.year == year) return &st->y[i];
    return NULL;
}

static int parse_year_line(struct parse_state *st, const char *p, size_t len, int line,
                           char *err, size_t errlen)
{
    const char *f[4];
    size_t fl[4];
    char q[64];
    int nf, year = 0;

    /* p points just past "#year"; at least one space or tab follows. */
    while (len > 0 && (*p == ' ' || *p == '\t')) { p++; len--; }
    nf = split_tabs(p, len, f, fl, 3);
    if (nf != 3) {
        msg_set(err, errlen, "Baris %d: baris #year harus berformat "
               "\"#year TAHUN<TAB>status<TAB>sumber\"", line);
        return -1;
    }
    for (size_t i = 0; i < fl[0] && i < 4; i++) {
        if (f[0][i] < '0' || f[0][i] > '9') { year = -1; break; }
        year = year * 10 + (f[0][i] - '0');
    }
    if (fl[0] != 4 || year < CAL_MIN_YEAR || year > CAL_MAX_YEAR) {
        msg_quote(f[0], fl[0], q, sizeof q);
        msg_set(err, errlen, "Baris %d: tahun tidak valid \"%s\"", line, q);
        return -1;
    }
    if (!field_is(f[1], fl[1], "decreed") && !field_is(f[1], fl[1], "provisional")) {
        msg_quote(f[1], fl[1], q, sizeof q);
        msg_set(err, errlen, "Baris %d: status harus \"decreed\" atau \"provisional\", "
               "bukan \"%s\"", line, q);
        return -1;
    }
    if (fl[2] == 0) {
        msg_set(err, errlen, "Baris %d: sumber (dasar hukum) tahun %d kosong", line, year);
        return -1;
    }
    if (fl[2] >= sizeof st->y[0].y.source) {
        msg_set(err, errlen, "Baris %d: sumber terlalu panjang (paling banyak %zu byte)",
               line, sizeof st->y[0].y.source - 1);
        return -1;
    }
    const struct year_entry *prev = find_year(st, year);
    if (prev) {
        msg_set(err, errlen, "Baris %d: tahun %d sudah dinyatakan di baris %d",
               line, year, prev->line);
        return -1;
    }
    if (st->ny == st->ycap) {
        size_t nc = st->ycap ? st->ycap * 2 : 8;
        struct year_entry *ny = realloc(st->y, nc * sizeof *ny);
        if (!ny) { msg_set(err, errlen, "Memori tidak cukup."); return -1; }
        st->y = ny;
        st->ycap = nc;
    }
    struct year_entry *ye = &st->y[st->ny++];
    memset(ye, 0, sizeof *ye);
    ye->line = line;
    ye->y.year = year;
    memcpy(ye->y.status, f[1], fl[1]);
    memcpy(ye->y.source, f[2], fl[2]);
    return 0;
}

static int parse_entry_line(struct parse_state *st, const char *p, size_t len, int line,
                            char *err, size_t errlen)
{
    const char *f[4];
    size_t fl[4];
    char q[64], ds[11];
    int nf, date;

    nf = split_tabs(p, len, f, fl, 3);
    if (nf != 3) {
        msg_set(err, errlen, "Baris %d: harus berisi tiga kolom yang dipisah TAB: "
               "tanggal, jenis, nama", line);
        return -1;
    }
    date = 0;
    if (fl[0] == 10) {
        memcpy(ds, f[0], 10);
        ds[10] = '\0';
        if (cal_parse_date(ds, &date) < 0) date = 0;
    }
    if (!date) {
        msg_quote(f[0], fl[0], q, sizeof q);
        msg_set(err, errlen, "Baris %d: tanggal tidak valid \"%s\"", line, q);
        return -1;
    }
    if (!field_is(f[1], fl[1], "libur") && !field_is(f[1], fl[1], "cuti")) {
        msg_quote(f[1], fl[1], q, sizeof q);
        msg_set(err, errlen, "Baris %d: jenis harus \"libur\" atau \"cuti\", bukan \"%s\"",
               line, q);
        return -1;
    }
    /* Spaces around the name are a typing slip, not part of the name. */
    while (fl[2] > 0 && f[2][0] == ' ') { f[2]++; fl[2]--; }
    while (fl[2] > 0 && f[2][fl[2] - 1] == ' ') fl[2]--;
    if (fl[2] == 0) {
        msg_set(err, errlen, "Baris %d: nama hari libur kosong", line);
        return -1;
    }
    if (fl[2] >= sizeof st->e[0].h.name) {
        msg_set(err, errlen, "Baris %d: nama terlalu panjang (paling banyak %zu byte)",
               line, sizeof st->e[0].h.name - 1);
        return -1;
    }
    if (!find_year(st, date / 10000)) {
        msg_set(err, errlen, "Baris %d: tahun %d belum dinyatakan; tambahkan baris "
               "\"#year %d<TAB>status<TAB>sumber\" di atasnya", line, date / 10000,
               date / 10000);
        return -1;
    }
    for (size_t i = 0; i < st->n; i++) {
        const struct entry *o = &st->e[i];
        if (o->h.date == date && strlen(o->h.name) == fl[2] &&
            memcmp(o->h.name, f[2], fl[2]) == 0) {
            msg_set(err, errlen, "Baris %d: \"%.10s %s\" sudah tercantum di baris %d",
                   line, f[0], o->h.name, o->line);
            return -1;
        }
    }
    if (st->n == st->cap) {
        size_t nc = st->cap ? st->cap * 2 : 64;
        struct entry *ne = realloc(st->e, nc * sizeof *ne);
        if (!ne) { msg_set(err, errlen, "Memori tidak cukup."); return -1; }
        st->e = ne;
        st->cap = nc;
    }
    struct entry *e = &st->e[st->n++];
    memset(e, 0, sizeof *e);
    e->line = line;
    e->h.date = date;
    memcpy(e->h.kind, f[1], fl[1]);
    memcpy(e->h.name, f[2], fl[2]);
    return 0;
}

static int cmp_entry(const void *a, const void *b)
{
    const struct entry *x = a, *y = b;
    if (x->h.date != y->h.date) return x->h.date < y->h.date ? -1 : 1;
    return (x->line > y->line) - (x->line < y->line);
}

static int cmp_year(const void *a, const void *b)
{
    const struct year_entry *x = a, *y = b;
    return (x->y.year > y->y.year) - (x->y.year < y->y.year);
}

int holidays_parse(const char *text, size_t len, struct holiday_file *out,
                   char *err, size_t errlen)
{
    struct parse_state st;
    const char *p, *end;
    int line = 0;

    if (err && errlen) err[0] = '\0';
    if (!out) return -1;
    memset(out, 0, sizeof *out);
    if (!text) {
        if (len) return -1;
        text = "";
    }
    memset(&st, 0, sizeof st);
    p = text;
    end = text + len;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3;

    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        size_t ll;
        line++;
        if (le > p && le[-1] == '\r') le--;
        ll = (size_t)(le - p);
        if (memchr(p, '\0', ll)) {
            msg_set(err, errlen, "Baris %d: berisi karakter NUL", line);
            goto fail;
        }
        if (!utf8_ok((const unsigned char *)p, ll)) {
            msg_set(err, errlen, "Baris %d: teks bukan UTF-8 yang sah", line);
            goto fail;
        }
        /* A line of only spaces counts as blank. */
        size_t k = 0;
        while (k < ll && (p[k] == ' ' || p[k] == '\t')) k++;
        if (k == ll) {
            /* blank */
        } else if (p[0] == '#') {
            if (ll >= 5 && memcmp(p, "#year", 5) == 0 &&
                (ll == 5 || p[5] == ' ' || p[5] == '\t')) {
                if (parse_year_line(&st, p + 5, ll - 5, line, err, errlen) < 0) goto fail;
            }
            /* any other '#' line is a comment */
        } else {
            if (parse_entry_line(&st, p, ll, line, err, errlen) < 0) goto fail;
        }
        p = nl ? nl + 1 : end;
    }

    if (st.n) {
        qsort(st.e, st.n, sizeof st.e[0], cmp_entry);
        out->h = malloc(st.n * sizeof *out->h);
        if (!out->h) { msg_set(err, errlen, "Memori tidak cukup."); goto fail; }
        for (size_t i = 0; i < st.n; i++) out->h[i] = st.e[i].h;
        out->n = st.n;
    }
    if (st.ny) {
        qsort(st.y, st.ny, sizeof st.y[0], cmp_year);
        out->years = malloc(st.ny * sizeof *out->years);
        if (!out->years) { msg_set(err, errlen, "Memori tidak cukup."); goto fail; }
        for (size_t i = 0; i < st.ny; i++) out->years[i] = st.y[i].y;
        out->nyears = st.ny;
    }
    free(st.e);
    free(st.y);
    return 0;

fail:
    free(st.e);
    free(st.y);
    holidays_free(out);
    return -1;
}

void holidays_free(struct holiday_file *f)
{
    if (!f) return;
    free(f->h);
    free(f->years);
    memset(f, 0, sizeof *f);
}

const struct holiday_year *holidays_year(const struct holiday_file *f, int year)
{
    if (!f) return NULL;
    for (size_t i = 0; i < f->nyears; i++)
        if (f->years[i].year == year) return &f->years[i];
    return NULL;
}

const struct holiday *holidays_find(const struct holiday_file *f, int date)
{
    size_t lo = 0, hi;
    if (!f || !f->h) return NULL;
    hi = f->n;
    while (lo < hi) {   /* lower bound: the first entry with h.date >= date */
        size_t mid = lo + (hi - lo) / 2;
        if (f->h[mid].date < date) lo = mid + 1;
        else hi = mid;
    }
    return (lo < f->n && f->h[lo].date == date) ? &f->h[lo] : NULL;
}

int holidays_dates(const struct holiday_file *f, int **dates, size_t *n)
{
    size_t k = 0;
    int *d;
    if (!dates || !n) return -1;
    *dates = NULL;
    *n = 0;
    if (!f || f->n == 0) return 0;
    d = malloc(f->n * sizeof *d);
    if (!d) return -1;
    for (size_t i = 0; i < f->n; i++)   /* f->h is sorted by date */
        if (k == 0 || d[k - 1] != f->h[i].date) d[k++] = f->h[i].date;
    *dates = d;
    *n = k;
    return 0;
}
