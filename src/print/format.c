/* format: the small strings the printables build from the view model
 * (processing time, phone numbers, contact line), kept apart from the
 * drawing so they can be tested on their own. Bounded snprintf only. */
#include "print/draw.h"
#include "core/hours.h"
#include "core/service.h"
#include "util/phone.h"
#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* "+62 " + the 3-digit operator prefix + groups of four, never leaving a
 * group shorter than three: 812-3456-7890, 812-3456-78901, 812-345-6789,
 * 812-345-678. */

void fmt_days(const json_t *service, char *out, size_t n)
{
    const json_t *d = json_object_get(service, "days");
    if (!json_is_integer(d) || json_integer_value(d) < 0) snprintf(out, n, "%s", "");
    else service_days_text(json_integer_value(d), out, n);
}

void fmt_contacts(const json_t *office, char *out, size_t n)
{
    char wa[48];
    const char *email = jv_str(office, "email");
    char tel[48];
    phone_display(jv_str(office, "whatsapp"), wa, sizeof wa);
    phone_display(jv_str(office, "phone"), tel, sizeof tel);
    size_t o = 0;
    out[0] = '\0';
#define PART(label, v)                                                                    \
    if (*(v) && o < n)                                                                    \
        o += (size_t)snprintf(out + o, n - o, "%s%s%s", o ? "  ·  " : "", label, v);
    PART("Telepon ", tel)
    PART("WhatsApp ", wa)
    PART("Email ", email)
#undef PART
}

void fmt_hours(const json_t *office, char *out, size_t n)
{
    struct week_hours w;
    char line[400];
    out[0] = '\0';
    if (!*jv_str(office, "hours") || hours_from_text(jv_str(office, "hours"), &w) != 0) return;
    hours_week_line(&w, "; ", " ", line, sizeof line);
    snprintf(out, n, "Jam layanan: %s", line);
}

void fmt_category(const json_t *service, char *out, size_t n)
{
    const char *c = jv_str(service, "category_name");
    if (!*c) c = jv_str(service, "category");
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
    const char *item = jv_str(it, "item"), *note = jv_str(it, "note");
    json_int_t count = json_integer_value(json_object_get(it, "count"));
    char lembar[40] = "";
    if (count > 1) snprintf(lembar, sizeof lembar, "%lld lembar", (long long)count);
    *item_len = strlen(item);
    if (!*note && !*lembar) return g_strdup(item);
    return g_strdup_printf("%s — %s%s%s", item, note, *note && *lembar ? ", " : "", lembar);
}
