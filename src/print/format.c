/* format: the small strings the printables build from the view model
 * (processing time, phone numbers, contact line), kept apart from the
 * drawing so they can be tested on their own. Bounded snprintf only. */
#include "print/draw.h"
#include "core/service.h"
#include <ctype.h>
#include <stdio.h>
#include <string.h>

const char *jstr(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

/* "+62 " + the 3-digit operator prefix + groups of four, never leaving a
 * group shorter than three: 812-3456-7890, 812-3456-78901, 812-345-6789,
 * 812-345-678. */
void fmt_wa(const char *digits, char *out, size_t n)
{
    size_t len = strlen(digits);
    int ok = len >= 10 && len <= 15 && digits[0] == '6' && digits[1] == '2';
    for (size_t i = 0; ok && i < len; i++)
        if (!isdigit((unsigned char)digits[i])) ok = 0;
    if (!ok) {
        snprintf(out, n, "%s", digits);
        return;
    }
    char tmp[40];
    size_t o = 0;
    const char *rest = digits + 2;
    size_t rn = len - 2;
    tmp[o++] = '+';
    tmp[o++] = '6';
    tmp[o++] = '2';
    tmp[o++] = ' ';
    memcpy(tmp + o, rest, 3);
    o += 3;
    size_t i = 3;
    while (i < rn) {
        size_t left = rn - i, g = 4;
        if (left <= 5) g = left;                      /* 4 or 5 as one group */
        else if (left == 6 || left == 7) g = 3;       /* 3+3, 3+4 */
        tmp[o++] = '-';
        memcpy(tmp + o, rest + i, g);
        o += g;
        i += g;
    }
    tmp[o] = '\0';
    snprintf(out, n, "%s", tmp);
}

void fmt_days(const json_t *service, char *out, size_t n)
{
    const json_t *d = json_object_get(service, "days");
    if (!json_is_integer(d) || json_integer_value(d) < 0) snprintf(out, n, "%s", "");
    else service_days_text(json_integer_value(d), out, n);
}

void fmt_contacts(const json_t *office, char *out, size_t n)
{
    char wa[48];
    const char *phone = jstr(office, "phone"), *email = jstr(office, "email");
    fmt_wa(jstr(office, "whatsapp"), wa, sizeof wa);
    size_t o = 0;
    out[0] = '\0';
#define PART(label, v)                                                                    \
    if (*(v) && o < n)                                                                    \
        o += (size_t)snprintf(out + o, n - o, "%s%s%s", o ? "  ·  " : "", label, v);
    PART("Telepon ", phone)
    PART("WhatsApp ", wa)
    PART("Email ", email)
#undef PART
}

void fmt_category(const json_t *service, char *out, size_t n)
{
    const char *c = jstr(service, "category_name");
    if (!*c) c = jstr(service, "category");
    snprintf(out, n, "%s", c);
    /* a bare slug ("surat-keterangan") reads as "Surat keterangan" */
    int slug = 1;
    for (const char *p = out; *p; p++)
        if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '-' || *p == '_'))
            slug = 0;
    if (!slug) return;
    for (char *p = out; *p; p++)
        if (*p == '-' || *p == '_') *p = ' ';
    out[0] = (char)toupper((unsigned char)out[0]);
}

char *fmt_item(const json_t *it, size_t *item_len)
{
    const char *item = jstr(it, "item"), *note = jstr(it, "note");
    json_int_t count = json_integer_value(json_object_get(it, "count"));
    char lembar[40] = "";
    if (count > 1) snprintf(lembar, sizeof lembar, "%lld lembar", (long long)count);
    *item_len = strlen(item);
    if (!*note && !*lembar) return g_strdup(item);
    return g_strdup_printf("%s — %s%s%s", item, note, *note && *lembar ? ", " : "", lembar);
}
