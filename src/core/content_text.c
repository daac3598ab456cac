/* content_text: see content_text.h. */
#include "core/content_text.h"
#include "core/calendar.h"
#include "core/content.h"
#include "util/jv.h"
#include <string.h>

/* Appends s with WhatsApp's format markers left out and each run of
 * spaces and line breaks made one space (a summary with blank lines
 * would otherwise break the list below it). */
static void put_plain(struct buf *out, const char *s)
{
    int space = 0;
    for (; *s; s++) {
        if (strchr("*_~`", *s)) continue;
        if (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t') {
            space = out->len > 0;
            continue;
        }
        if (space && out->len && out->p[out->len - 1] != '\n' && out->p[out->len - 1] != ' ')
            buf_putc(out, ' ');
        space = 0;
        buf_putc(out, *s);
    }
}

static void put_line(struct buf *out, const char *pre, const char *s, const char *post)
{
    buf_puts(out, pre);
    put_plain(out, s);
    buf_puts(out, post);
}

static void put_points(struct buf *out, const json_t *points)
{
    size_t i, n = 0;
    json_t *p;
    json_array_foreach(points, i, p) {
        const char *t = json_string_value(p);
        if (!t || !*t) continue;
        if (!n) buf_puts(out, "*Yang perlu dilakukan:*\n");
        buf_printf(out, "%zu. ", ++n);
        put_plain(out, t);
        buf_putc(out, '\n');
    }
    if (n) buf_putc(out, '\n');
}

int content_group_text(const json_t *item, const char *office_name, const char *url,
                       struct buf *out)
{
    const struct content_type *t = content_type_find(jv_str(item, "type"));
    int d = 0;
    char day[64] = "";
    if (cal_parse_date(jv_str(item, "item_date"), &d) == 0) cal_format_date_id(d, day, sizeof day);
    if (t) put_line(out, "*", t->label, office_name && *office_name ? "*" : "*\n");
    if (t && office_name && *office_name) put_line(out, " \xe2\x80\x94 ", office_name, "\n");
    put_line(out, "*", jv_str(item, "title"), "*\n");
    if (*day) put_line(out, "_", day, "_\n");
    buf_putc(out, '\n');
    if (*jv_str(item, "summary")) put_line(out, "", jv_str(item, "summary"), "\n\n");
    put_points(out, json_object_get(item, "action_points"));
    if (*jv_str(item, "contact")) put_line(out, "Kontak: ", jv_str(item, "contact"), "\n");
    if (*jv_str(item, "source")) put_line(out, "Sumber: ", jv_str(item, "source"), "\n");
    if (url && *url) buf_printf(out, "Selengkapnya: %s\n", url);
    return out->err ? -1 : 0;
}
