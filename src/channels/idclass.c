/* idclass: idphoto_classify (idphoto.h), the pure half of recognising an
 * ID photo: is this OCR text a KTP, a KK, or something else?
 *
 * OCR of a phone photo is noisy: "N1K", "PROVlNSI", "5TATUS", a 0 read
 * as O, a space in the middle of the number. So labels are compared
 * after folding look-alike characters together (I l 1 | ! -> I, O 0 -> O,
 * S 5 -> S, B 8 -> B) and allowing one or two edits in long labels, and
 * the 16-digit number may contain a few letters that look like digits
 * and spaces, dots or dashes. No single marker decides: a form asks for
 * "Tempat/Tgl Lahir" and "Pekerjaan" too, and a receipt has long numbers,
 * so a card needs its number together with labels only such a card
 * carries (see idphoto.h for the rule). Hand-written because no packaged
 * library knows these cards; the edit distance is Sellers' substring
 * variant of the textbook dynamic programme. */
#include "channels/idphoto.h"
#include <stdlib.h>
#include <string.h>

/* OCR of a card is about 1 KB; a dense page a few KB. Beyond this we do
 * not look (a card's markers are near its top anyway). */
#define TEXT_MAX (16 * 1024)
#define NIK_DIGITS 16
#define NIK_REAL_MIN 10         /* of the 16, at least this many read as digits */
#define NIK_LINES_BEFORE 2      /* "NIK" may sit a line or two above its number */

/* --- folding ------------------------------------------------------------- */

/* A character for label comparison: upper case, look-alikes folded, '\0'
 * for anything that separates words. */
static char fold(unsigned char c)
{
    if (c >= 'a' && c <= 'z') c = (unsigned char)(c - 'a' + 'A');
    switch (c) {
    case 'L': case '1': case '|': case '!': return 'I';
    case '0': case 'Q': return 'O';
    case '5': return 'S';
    case '8': return 'B';
    default: break;
    }
    if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return (char)c;
    return '\0';
}

/* Folds s[0..n) into out as words separated by single spaces; returns the
 * length. out holds n + 1 bytes. */
static size_t fold_words(const char *s, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char f = fold((unsigned char)s[i]);
        if (f) out[o++] = f;
        else if (o && out[o - 1] != ' ') out[o++] = ' ';
    }
    while (o && out[o - 1] == ' ') o--;
    out[o] = '\0';
    return o;
}

/* --- labels -------------------------------------------------------------- */

/* Whether `key` (folded, as written below) occurs in folded `t`: as a
 * whole word when short, else as a substring within a few edits. */
static int has_label(const char *t, size_t tn, const char *key)
{
    char k[64];
    size_t kn = fold_words(key, strlen(key), k), letters = 0;
    for (size_t i = 0; i < kn; i++) letters += k[i] != ' ';
    if (letters <= 4) {
        for (const char *p = t; (p = strstr(p, k)) != NULL; p++)
            if ((p == t || p[-1] == ' ') && (p[kn] == ' ' || p[kn] == '\0')) return 1;
        return 0;
    }
    int allowed = letters >= 10 ? 2 : 1;
    /* d[i]: edits to match k[0..i) ending at the current text position;
     * a match may start anywhere (d[0] stays 0) */
    int d[64];
    for (size_t i = 0; i <= kn; i++) d[i] = (int)i;
    for (size_t j = 0; j < tn; j++) {
        int diag = d[0];
        for (size_t i = 1; i <= kn; i++) {
            int up = d[i];
            int best = diag + (k[i - 1] != t[j]);
            if (d[i - 1] + 1 < best) best = d[i - 1] + 1;
            if (up + 1 < best) best = up + 1;
            d[i] = best;
            diag = up;
        }
        if (d[kn] <= allowed) return 1;
    }
    return 0;
}

static int count_labels(const char *t, size_t tn, const char *const *keys, size_t n)
{
    int c = 0;
    for (size_t i = 0; i < n; i++) c += has_label(t, tn, keys[i]);
    return c;
}

/* Field labels of the KTP's front (since 2011, e-KTP). Generic ones that
 * every form has (Nama, Alamat) are left out. */
static const char *const ktp_labels[] = {
    "TEMPAT TGL LAHIR", "JENIS KELAMIN", "GOL DARAH", "RT RW", "KEL DESA", "KECAMATAN",
    "AGAMA", "STATUS PERKAWINAN", "PEKERJAAN", "KEWARGANEGARAAN", "BERLAKU HINGGA",
    "PROVINSI",
};
/* What only a KTP carries, not a form or a letter from the RT that asks
 * for the same personal data. */
static const char *const ktp_only[] = {"GOL DARAH", "BERLAKU HINGGA", "SEUMUR HIDUP"};
/* What only a Kartu Keluarga carries ... */
static const char *const kk_only[] = {
    "NAMA KEPALA KELUARGA", "STATUS HUBUNGAN DALAM KELUARGA", "DOKUMEN IMIGRASI",
    "NO KITAS KITAP", "DIKELUARKAN TANGGAL",
};
/* ... and the other columns of its family table. */
static const char *const kk_labels[] = {
    "NAMA AYAH", "NAMA IBU", "NO PASPOR", "PENDIDIKAN", "JENIS PEKERJAAN", "NAMA LENGKAP",
    "DESA KELURAHAN", "KODE POS",
};

/* --- the number ---------------------------------------------------------- */

/* A character of the number: the digit it stands for, or -1. Letters that
 * OCR confuses with digits count, and are remembered as not real. */
static int digit_like(unsigned char c, int *real)
{
    *real = c >= '0' && c <= '9';
    if (*real) return c - '0';
    switch (c) {
    case 'O': case 'o': case 'D': case 'Q': return 0;
    case 'I': case 'l': case 'i': case '|': case '!': return 1;
    case 'Z': case 'z': return 2;
    case 'S': case 's': return 5;
    case 'b': case 'G': return 6;
    case 'B': return 8;
    case 'g': case 'q': return 9;
    default: return -1;
    }
}

/* Whether d can start a NIK or KK number: they begin with the province
 * code (11 Aceh ... 94 Papua), never 0 or 4; a phone number (08..., 0812-)
 * glued to a date by OCR does not pass. */
static int region_first(int d)
{
    return d > 0 && d != 4;
}

/* Whether a real digit follows s[i] after at most two separators. */
static int digit_follows(const char *s, size_t n, size_t i)
{
    size_t j = i;
    while (j < n && j - i < 2 && (s[j] == ' ' || s[j] == '.' || s[j] == '-')) j++;
    return j > i && j < n && s[j] >= '0' && s[j] <= '9';
}

/* Whether line s[0..n) holds a 16-digit NIK/KK number: consecutive tokens
 * (words of letters, digits, '|' and '!'), separated by at most two
 * spaces, dots or dashes, each token digit-like with a real digit in it,
 * at least 10 of the 16 real digits, the first one a province code's,
 * whose lengths add up to 16 from some token on (a KK's table has two
 * numbers side by side), or one token of 17 that starts with what a colon
 * becomes under OCR. */
static int line_has_number(const char *s, size_t n)
{
    int len[64], real[64], first[64], nt = 0;
    size_t i = 0;
    while (i < n) {
        /* one token */
        size_t start = i;
        int l = 0, r = 0, ok = 1;
        while (i < n && (fold((unsigned char)s[i]) || s[i] == '|' || s[i] == '!')) {
            int is_real;
            if (digit_like((unsigned char)s[i], &is_real) < 0) ok = 0;
            r += is_real;
            l++;
            i++;
        }
        if (i == start) {           /* not a token character */
            i++;
            nt = 0;
            continue;
        }
        if (!ok || r == 0) {
            nt = 0;                 /* a word: the number, if any, ends */
        } else if (nt < 64) {
            int real_unused;
            len[nt] = l;
            real[nt] = r;
            first[nt] = digit_like((unsigned char)s[start], &real_unused);
            nt++;
            int sum = 0, rs = 0;
            for (int k = nt - 1; k >= 0 && sum < NIK_DIGITS; k--) {
                sum += len[k];
                rs += real[k];
                /* one token of 16 stands alone (a KK's table has two side
                 * by side); a grouped number must not run on into more */
                if (sum == NIK_DIGITS && rs >= NIK_REAL_MIN && region_first(first[k]) &&
                    (k == nt - 1 || !digit_follows(s, n, i)))
                    return 1;
            }
            /* "NIK :3171..." often comes out as "13171...": the colon
             * read as a 1 in front of the number */
            if (l == NIK_DIGITS + 1 && r > NIK_REAL_MIN && strchr("1lI|!i", s[start]) &&
                region_first(digit_like((unsigned char)s[start + 1], &real_unused)))
                return 1;
        }
        /* between tokens: up to two separators keep the number going */
        size_t seps = 0;
        while (i < n && (s[i] == ' ' || s[i] == '.' || s[i] == '-')) {
            seps++;
            i++;
        }
        if (seps > 2) nt = 0;
    }
    return 0;
}

/* --- the verdict --------------------------------------------------------- */

enum idphoto_kind idphoto_classify(const char *text)
{
    if (!text) return IDPHOTO_NONE;
    size_t n = strnlen(text, TEXT_MAX);
    char *all = malloc(n + 1), *line = malloc(n + 1);
    if (!all || !line) {
        free(all);
        free(line);
        return IDPHOTO_NONE;
    }
    size_t an = fold_words(text, n, all);
    /* per line: where the number is, and where the word NIK is */
    int number = 0, nik_near_number = 0, lines_since_nik = -1;
    for (size_t i = 0; i < n;) {
        size_t e = i;
        while (e < n && text[e] != '\n') e++;
        fold_words(text + i, e - i, line);
        int nik_here = 0;
        for (const char *p = line; (p = strstr(p, "NIK")) != NULL; p++)
            if ((p == line || p[-1] == ' ') && (p[3] == ' ' || p[3] == '\0')) nik_here = 1;
        if (nik_here) lines_since_nik = 0;
        if (line_has_number(text + i, e - i)) {
            number = 1;
            if (lines_since_nik >= 0 && lines_since_nik <= NIK_LINES_BEFORE) nik_near_number = 1;
        }
        if (lines_since_nik >= 0 && !nik_here) lines_since_nik++;
        i = e + 1;
    }
    enum idphoto_kind kind = IDPHOTO_NONE;
    int title = has_label(all, an, "KARTU KELUARGA");
    int kk_own = count_labels(all, an, kk_only, sizeof kk_only / sizeof *kk_only);
    int kk = kk_own + count_labels(all, an, kk_labels, sizeof kk_labels / sizeof *kk_labels);
    int ktp = count_labels(all, an, ktp_labels, sizeof ktp_labels / sizeof *ktp_labels);
    int ktp_own = count_labels(all, an, ktp_only, sizeof ktp_only / sizeof *ktp_only);
    /* a KK's table has most KTP labels too: it is looked for first */
    if (kk_own >= 1 && ((title && number) || (kk >= 3 && (title || number))))
        kind = IDPHOTO_KK;
    else if (number && ktp_own >= 1 && ktp + nik_near_number >= 3)
        kind = IDPHOTO_KTP;
    /* the folded copies hold the NIK too */
    explicit_bzero(all, n + 1);
    explicit_bzero(line, n + 1);
    free(all);
    free(line);
    return kind;
}
