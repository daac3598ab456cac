/* form: see form.h. */
#include "http/form.h"
#include "core/calendar.h"
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int text_clean(const char *s, int multiline)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        if (*p < 0x80) {
            if ((*p < 0x20 && !(multiline && (*p == '\n' || *p == '\r' || *p == '\t'))) ||
                *p == 0x7f)
                return 0;
            p++;
            continue;
        }
        /* decode and reject overlong forms, UTF-16 surrogates and code
         * points past U+10FFFF: PostgreSQL refuses them, SQLite would store
         * text that reads back as garbage */
        int len = (*p & 0xe0) == 0xc0 ? 2 : (*p & 0xf0) == 0xe0 ? 3 : (*p & 0xf8) == 0xf0 ? 4 : 0;
        if (!len) return 0;
        uint32_t cp = *p & (0xff >> (len + 1));
        for (int i = 1; i < len; i++) {
            if ((p[i] & 0xc0) != 0x80) return 0;
            cp = (cp << 6) | (p[i] & 0x3f);
        }
        static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < min[len] || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return 0;
        p += len;
    }
    return 1;
}

int check_slug(const char *v, char *msg, size_t n)
{
    size_t len = strlen(v);
    int ok = len >= 2 && len <= 40 && v[0] != '-' && v[len - 1] != '-';
    for (size_t i = 0; ok && i < len; i++)
        ok = (v[i] >= 'a' && v[i] <= 'z') || (v[i] >= '0' && v[i] <= '9') || v[i] == '-';
    if (!ok)
        snprintf(msg, n, "Gunakan 2–40 huruf kecil, angka atau tanda hubung, "
                 "misalnya \"kelurahan-jelitik\".");
    return ok ? 0 : -1;
}

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

int check_phone(const char *v, char *msg, size_t n)
{
    char tmp[40];
    if (phone_normalise(v, tmp, sizeof tmp) == 0) return 0;
    snprintf(msg, n, "Nomor telepon tidak valid. Contoh: 0812-3456-7890 atau +62 717 123456.");
    return -1;
}

int check_url(const char *v, char *msg, size_t n)
{
    int ok = (strncmp(v, "https://", 8) == 0 && v[8]) || (strncmp(v, "http://", 7) == 0 && v[7]);
    for (const char *p = v; ok && *p; p++)
        ok = !isspace((unsigned char)*p) && *p != '"' && *p != '<' && *p != '>';
    if (!ok) snprintf(msg, n, "Alamat tautan harus diawali https:// (contoh: https://maps.app.goo.gl/...).");
    return ok ? 0 : -1;
}

int check_email(const char *v, char *msg, size_t n)
{
    const char *at = strchr(v, '@');
    int ok = at && at != v && strchr(at + 1, '.') && !strchr(at + 1, '@') &&
             at[1] != '.' && v[strlen(v) - 1] != '.';
    for (const char *p = v; ok && *p; p++) ok = !isspace((unsigned char)*p);
    if (!ok) snprintf(msg, n, "Alamat email tidak valid.");
    return ok ? 0 : -1;
}

int check_tz(const char *v, char *msg, size_t n)
{
    if (cal_tz_offset(v) >= 0) return 0;
    snprintf(msg, n, "Pilih zona waktu WIB, WITA atau WIT.");
    return -1;
}

int check_username(const char *v, char *msg, size_t n)
{
    size_t len = strlen(v);
    int ok = len >= 3 && len <= 40;
    for (size_t i = 0; ok && i < len; i++)
        ok = (v[i] >= 'a' && v[i] <= 'z') || (v[i] >= '0' && v[i] <= '9') || v[i] == '.' ||
             v[i] == '_' || v[i] == '-';
    if (!ok)
        snprintf(msg, n, "Nama pengguna 3–40 karakter: huruf kecil, angka, titik, garis bawah "
                 "atau tanda hubung.");
    return ok ? 0 : -1;
}

int check_office_code(const char *v, char *msg, size_t n)
{
    size_t len = strlen(v);
    int ok = len >= 2 && len <= 6;
    for (size_t i = 0; ok && i < len; i++) ok = (v[i] >= 'A' && v[i] <= 'Z') || isdigit((unsigned char)v[i]);
    if (!ok) snprintf(msg, n, "Kode kantor 2–6 huruf besar atau angka, misalnya JLT.");
    return ok ? 0 : -1;
}

void url_encode(const char *s, char *out, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t k = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && k + 4 <= n; p++) {
        if (isalnum(*p) || *p == '-' || *p == '_' || *p == '.' || *p == '~' || *p == '/') {
            out[k++] = (char)*p;
        } else {
            out[k++] = '%';
            out[k++] = hex[*p >> 4];
            out[k++] = hex[*p & 15];
        }
    }
    if (n) out[k < n ? k : n - 1] = '\0';
}

void phone_display(const char *digits, char *out, size_t n)
{
    size_t len = strlen(digits);
    int ok = len >= 9 && strncmp(digits, "62", 2) == 0;
    for (size_t i = 0; ok && i < len; i++) ok = isdigit((unsigned char)digits[i]);
    if (!ok) { snprintf(out, n, "%s", digits); return; }
    const char *rest = digits + 2;
    if (rest[0] == '8' && strlen(rest) >= 9)    /* mobile: 8xx-xxxx-xxxx */
        snprintf(out, n, "+62 %.3s-%.4s-%s", rest, rest + 3, rest + 7);
    else if (rest[0] == '2' && (rest[1] == '1' || rest[1] == '2' || rest[1] == '4'))
        snprintf(out, n, "+62 %.2s %s", rest, rest + 2);      /* 21 Jakarta, 22, 24 */
    else
        snprintf(out, n, "+62 %.3s %s", rest, rest + 3);      /* 3-digit area codes */
}
