/* menu: interactive lists within WhatsApp's limits (bot.h), and the short
 * names they need. Limits count Unicode characters, so every cut is made
 * at a character boundary; a cut title ends with "…".
 *
 * Short names try, in order, until one fits: the name; the name without
 * its parenthesised part; "Keterangan" -> "Ket." and "Rekomendasi" ->
 * "Rekom."; the core with its acronym ("Tidak Mampu (SKTM)"); without a
 * leading "Surat" ("Pengantar Nikah"); the core without generic leading
 * words ("Izin Keramaian"); the acronym alone; a clean cut. */
#include <stdio.h>
#include <string.h>

#include "bot/internal.h"
#include "util/utf8.h"

static const char ELLIPSIS[] = "\xE2\x80\xA6";     /* U+2026, one character */

size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}

/* Byte length of the first `chars` characters of s. */
static size_t utf8_prefix(const char *s, size_t chars)
{
    size_t i = 0, n = 0;
    while (s[i]) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (n == chars) break;
            n++;
        }
        i++;
    }
    return i;
}

void utf8_fit(const char *s, size_t max, char *out, size_t n)
{
    if (!s) s = "";
    if (utf8_chars(s) <= max) {
        utf8_copy(out, n, s);
        return;
    }
    if (max == 0) {
        utf8_copy(out, n, "");
        return;
    }
    size_t keep = utf8_prefix(s, max - 1);
    /* Prefer a word break in the second half. */
    size_t sp = keep;
    while (sp > 0 && s[sp] != ' ') sp--;
    if (sp > keep / 2) keep = sp;
    while (keep > 0 && (s[keep - 1] == ' ' || s[keep - 1] == ',' || s[keep - 1] == '('
                        || s[keep - 1] == '-' || s[keep - 1] == ':' || s[keep - 1] == ';'))
        keep--;
    char tmp[1024];
    if (keep > sizeof tmp - sizeof ELLIPSIS) keep = sizeof tmp - sizeof ELLIPSIS;
    while (keep > 0 && ((unsigned char)s[keep] & 0xC0) == 0x80) keep--;
    memcpy(tmp, s, keep);
    memcpy(tmp + keep, ELLIPSIS, sizeof ELLIPSIS);
    /* If out is too small for the ellipsis, cut the text further. */
    while (keep > 0 && keep + sizeof ELLIPSIS > n) {
        keep--;
        while (keep > 0 && ((unsigned char)s[keep] & 0xC0) == 0x80) keep--;
        memcpy(tmp + keep, ELLIPSIS, sizeof ELLIPSIS);
    }
    utf8_copy(out, n, tmp);
}

/* --------------------------------------------------------- short names */

/* Collapses spaces and trims. */
static void tidy(char *s)
{
    size_t o = 0;
    int sp = 0;
    for (size_t i = 0; s[i]; i++) {
        if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n') {
            sp = o > 0;
            continue;
        }
        if (sp) s[o++] = ' ';
        sp = 0;
        s[o++] = s[i];
    }
    s[o] = '\0';
}

/* The name outside and inside parentheses. */
static void split_name(const char *name, char *outside, char *inside, size_t n)
{
    size_t no = 0, ni = 0;
    int depth = 0;
    for (const char *p = name; *p && no + 1 < n && ni + 1 < n; p++) {
        if (*p == '(') depth++;
        else if (*p == ')' && depth > 0) depth--;
        else if (depth > 0) inside[ni++] = *p;
        else outside[no++] = *p;
    }
    outside[no] = inside[ni] = '\0';
    tidy(outside);
    tidy(inside);
}

/* "SKTM", "SKDU", "N1": short, no spaces, upper case or digits. */
static int is_acronym(const char *s)
{
    size_t len = strlen(s);
    int upper = 0;
    if (len < 2 || len > 10) return 0;
    for (size_t i = 0; i < len; i++) {
        char ch = s[i];
        if (ch >= 'A' && ch <= 'Z') upper++;
        else if (!((ch >= '0' && ch <= '9') || ch == '-')) return 0;
    }
    return upper > 0;
}

/* Replaces each whole word `from` by `to` (to is not longer). */
static void replace_word(char *s, const char *from, const char *to)
{
    size_t lf = strlen(from), lt = strlen(to);
    for (char *p = s; (p = strstr(p, from)) != NULL;) {
        int start = p == s || p[-1] == ' ';
        int end = p[lf] == '\0' || p[lf] == ' ';
        if (!start || !end) {
            p += lf;
            continue;
        }
        memcpy(p, to, lt);
        memmove(p + lt, p + lf, strlen(p + lf) + 1);
        p += lt;
    }
}

/* Drops leading generic words: "Surat Keterangan X" -> "X". */
static const char *core_of(const char *s)
{
    static const char *const lead[] = {
        "Surat Keterangan ", "Surat Pengantar ", "Surat Ket. ", "Surat ", "Rekomendasi ",
        "Pengantar ", "Layanan ",
    };
    for (size_t i = 0; i < sizeof lead / sizeof lead[0]; i++) {
        size_t l = strlen(lead[i]);
        if (strncmp(s, lead[i], l) == 0 && s[l]) return s + l;
    }
    return s;
}

static int fits(const char *s, size_t max)
{
    return *s && utf8_chars(s) <= max;
}

void short_name(const char *name, size_t max, char *out, size_t n)
{
    char whole[512], outside[512], inside[512], abbr[512], cand[600];
    utf8_copy(whole, sizeof whole, name ? name : "");
    tidy(whole);
    split_name(whole, outside, inside, sizeof outside);
    if (!*outside) memcpy(outside, whole, strlen(whole) + 1);
    memcpy(abbr, outside, strlen(outside) + 1);
    replace_word(abbr, "Keterangan", "Ket.");
    replace_word(abbr, "Rekomendasi", "Rekom.");
    const char *choice = NULL;
    if (fits(whole, max)) choice = whole;
    else if (fits(outside, max)) choice = outside;
    else if (fits(abbr, max)) choice = abbr;
    if (!choice && is_acronym(inside)) {
        snprintf(cand, sizeof cand, "%s (%s)", core_of(outside), inside);
        if (fits(cand, max)) choice = cand;
    }
    if (!choice && strncmp(abbr, "Surat ", 6) == 0 && fits(abbr + 6, max)) choice = abbr + 6;
    if (!choice && fits(core_of(abbr), max)) choice = core_of(abbr);
    if (!choice && fits(core_of(outside), max)) choice = core_of(outside);
    if (!choice && is_acronym(inside) && fits(inside, max)) choice = inside;
    if (choice) utf8_copy(out, n, choice);
    else utf8_fit(outside, max, out, n);
}

void tiny_name(const char *name, char *out, size_t n)
{
    char whole[512], outside[512], inside[512];
    utf8_copy(whole, sizeof whole, name ? name : "");
    tidy(whole);
    split_name(whole, outside, inside, sizeof outside);
    if (is_acronym(inside)) {
        utf8_copy(out, n, inside);
        return;
    }
    const char *core = core_of(*outside ? outside : whole);
    utf8_fit(core, BOT_TITLE_CHARS, out, n);
}

void category_title(const char *cat, char *out, size_t n)
{
    char tmp[256];
    int sluglike = 1;
    if (!cat || !*cat) cat = "Layanan";
    utf8_copy(tmp, sizeof tmp, cat);
    for (size_t i = 0; tmp[i]; i++)
        if ((tmp[i] >= 'A' && tmp[i] <= 'Z') || tmp[i] == ' ') sluglike = 0;
    if (sluglike) {
        int start = 1;
        for (size_t i = 0; tmp[i]; i++) {
            if (tmp[i] == '-' || tmp[i] == '_') {
                tmp[i] = ' ';
                start = 1;
                continue;
            }
            if (start && tmp[i] >= 'a' && tmp[i] <= 'z') tmp[i] = (char)(tmp[i] - 32);
            start = 0;
        }
    }
    tidy(tmp);
    utf8_fit(tmp, BOT_SECTION_CHARS, out, n);
}

/* -------------------------------------------------------------- lists */

static void add_row(struct bot_reply *r, const char *id, const char *title, const char *desc,
                    int section)
{
    if (r->nrows >= BOT_ROWS_MAX) return;
    struct bot_row *row = &r->rows[r->nrows++];
    utf8_copy(row->id, sizeof row->id, id);
    utf8_fit(title, BOT_TITLE_CHARS, row->title, sizeof row->title);
    utf8_fit(desc ? desc : "", BOT_DESC_CHARS, row->desc, sizeof row->desc);
    row->section = section;
}

static int add_section(struct bot_reply *r, const char *title)
{
    if (r->nsections >= BOT_ROWS_MAX) return r->nsections - 1;
    utf8_fit(title, BOT_SECTION_CHARS, r->section_title[r->nsections],
             sizeof r->section_title[0]);
    return r->nsections++;
}

/* Hours, location and a person: as many as there is room for. */
static void add_other_rows(struct bot_reply *r, int room)
{
    static const struct { const char *id, *title, *desc; } other[] = {
        { "human", "Bicara dengan petugas", "Pesan Anda diteruskan ke petugas kami" },
        { "hours", "Jam pelayanan", "Hari dan jam buka kantor" },
        { "location", "Alamat kantor", "Alamat dan peta lokasi kantor" },
    };
    int sec = -1;
    /* Keep the person first: it is the one that must never be missing. */
    for (size_t i = 0; i < 3 && room > 0 && r->nrows < BOT_ROWS_MAX; i++, room--) {
        if (sec < 0) sec = add_section(r, "Lainnya");
        add_row(r, other[i].id, other[i].title, other[i].desc, sec);
    }
}

void menu_main(const struct bot_catalogue *c, struct bot_reply *r)
{
    char id[64];
    r->nrows = r->nsections = 0;
    snprintf(r->list_button, sizeof r->list_button, "%s", "Lihat menu");
    if (c && c->n > 0 && c->n + 3 <= BOT_ROWS_MAX) {
        /* Few services: list them directly, one section per category. */
        for (size_t g = 0; g < c->ngroups; g++) {
            const struct bgroup *gr = &c->groups[g];
            int sec = add_section(r, gr->title);
            for (size_t k = 0; k < gr->n; k++) {
                const struct bsvc *s = &c->svc[c->order[gr->first + k]];
                snprintf(id, sizeof id, "svc:%s", s->slug);
                add_row(r, id, s->title, strcmp(s->title, s->name) ? s->name : "", sec);
            }
        }
        add_other_rows(r, BOT_ROWS_MAX - r->nrows);
        return;
    }
    size_t ng = c ? c->ngroups : 0;
    if (ng > BOT_ROWS_MAX) ng = BOT_ROWS_MAX;
    if (ng > 0) {
        int sec = add_section(r, "Kategori layanan");
        for (size_t g = 0; g < ng; g++) {
            snprintf(id, sizeof id, "cat:%zu", g);
            add_row(r, id, c->groups[g].title, c->groups[g].desc, sec);
        }
    }
    add_other_rows(r, BOT_ROWS_MAX - r->nrows);
}

int menu_group(const struct bot_catalogue *c, size_t g, struct bot_reply *r)
{
    char id[64], desc[400];
    if (!c || g >= c->ngroups) return -1;
    const struct bgroup *gr = &c->groups[g];
    r->nrows = r->nsections = 0;
    snprintf(r->list_button, sizeof r->list_button, "%s", "Pilih layanan");
    int sec = add_section(r, gr->title);
    for (size_t k = 0; k < gr->n; k++) {
        const struct bsvc *s = &c->svc[c->order[gr->first + k]];
        snprintf(id, sizeof id, "svc:%s", s->slug);
        /* The full name when the title had to be shortened, else the
         * start of the summary. */
        const char *summary = json_string_value(json_object_get(s->doc, "summary"));
        snprintf(desc, sizeof desc, "%s",
                 strcmp(s->title, s->name) ? s->name : (summary ? summary : ""));
        add_row(r, id, s->title, desc, sec);
    }
    if (r->nrows < BOT_ROWS_MAX) {
        int other = add_section(r, "Lainnya");
        add_row(r, "menu", "Kembali ke menu", "Semua kategori layanan", other);
    }
    return 0;
}
