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

/* One JSON value as a form field's text; 0 leave out, -1 not a scalar. */
static int json_field(json_t *v, char *out, size_t n)
{
    switch (json_typeof(v)) {
    case JSON_STRING: return 1;     /* taken as it is by the caller */
    case JSON_INTEGER: snprintf(out, n, "%" JSON_INTEGER_FORMAT, json_integer_value(v)); return 1;
    case JSON_REAL: snprintf(out, n, "%.15g", json_real_value(v)); return 1;
    case JSON_TRUE: snprintf(out, n, "1"); return 1;
    case JSON_FALSE: case JSON_NULL: return 0;
    default: return -1;
    }
}

int form_from_json(const char *body, size_t len, json_t *form, char *msg, size_t n)
{
    json_t *doc = json_loadb(body, len, JSON_REJECT_DUPLICATES, NULL);
    if (!json_is_object(doc)) {
        snprintf(msg, n, "Isi permintaan bukan JSON yang sah: kirim satu objek JSON, misalnya "
                 "{\"to\": \"diproses\"}.");
        json_decref(doc);
        return -1;
    }
    const char *k;
    json_t *v, *fields = json_object();
    int rc = 0;
    json_object_foreach(doc, k, v) {
        char text[64];
        rc = json_field(v, text, sizeof text);
        if (rc < 0) {
            /* a long name is left out rather than cut inside a character */
            snprintf(msg, n, "Kolom \"%s\" harus berisi teks, angka, atau true/false.",
                     strlen(k) <= 60 ? k : "...");
            break;
        }
        if (rc > 0)
            json_object_set_new(fields, k, json_is_string(v) ? json_copy(v) : json_string(text));
    }
    if (rc >= 0) json_object_update(form, fields);  /* all or nothing */
    json_decref(fields);
    json_decref(doc);
    return rc < 0 ? -1 : 0;
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

