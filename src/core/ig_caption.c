/* ig_caption: see ig_caption.h. */
#include "core/ig_caption.h"
#include "util/jv.h"
#include <string.h>

static size_t chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

/* Byte length of the first max characters of s[0..len). */
static size_t chars_cut(const char *s, size_t len, size_t max)
{
    size_t n = 0, i = 0;
    for (; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80 && n++ == max) break;
    return i;
}

static void body(const json_t *item, struct buf *b)
{
    buf_printf(b, "%s\n", jv_str(item, "title"));
    if (*jv_str(item, "summary")) buf_printf(b, "\n%s\n", jv_str(item, "summary"));
    size_t i, n = 0;
    json_t *p;
    json_array_foreach(json_object_get(item, "action_points"), i, p) {
        const char *t = json_string_value(p);
        if (!t || !*t) continue;
        if (!n) buf_puts(b, "\nYang perlu dilakukan:\n");
        buf_printf(b, "%zu. %s\n", ++n, t);
    }
    if (*jv_str(item, "contact")) buf_printf(b, "\nKontak: %s\n", jv_str(item, "contact"));
}

/* Appends s[0..len) with every '#' that opens a hashtag past the limit
 * dropped. *tags counts the hashtags kept so far. */
static void put_tags_capped(struct buf *out, const char *s, size_t len, int *tags)
{
    for (size_t i = 0; i < len; i++) {
        int opens = s[i] == '#' && i + 1 < len && s[i + 1] != ' ' && s[i + 1] != '\n' &&
                    s[i + 1] != '#' && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\n');
        if (opens && ++*tags > IG_CAPTION_MAX_TAGS) continue;
        buf_putc(out, s[i]);
    }
}

int ig_caption(const json_t *item, const char *url, struct buf *out)
{
    struct buf b, tail;
    buf_init(&b, 0);
    buf_init(&tail, 0);
    body(item, &b);
    if (url && *url) buf_printf(&tail, "\nSelengkapnya: %s", url);
    size_t room = IG_CAPTION_MAX_CHARS - chars(tail.p ? tail.p : "", tail.len);
    size_t len = b.len;
    int cut = chars(b.p ? b.p : "", b.len) > room;
    if (cut) len = chars_cut(b.p, b.len, room - 1);     /* room for the ellipsis */
    int tags = 0;
    put_tags_capped(out, b.p ? b.p : "", len, &tags);
    if (cut) buf_puts(out, "\xe2\x80\xa6\n");
    if (tail.len) buf_add(out, tail.p, tail.len);
    int rc = b.err || tail.err || out->err ? -1 : 0;
    buf_free(&b);
    buf_free(&tail);
    return rc;
}
