/* wafmt: WhatsApp formatting (*bold*, _italic_, ~strike~, ```mono```) and
 * web addresses turned into HTML for the inbox's chat bubbles.
 *
 * The text is walked once from the left. Text between markers is escaped
 * with the template engine's escaper as it is copied, so only the tags
 * written here are markup. A marker opens only at the start of a word
 * (after a space or punctuation) with a non-space character after it, and
 * closes at the next same marker on the same line that follows a
 * non-space character and is not followed by a letter or digit, which is
 * how WhatsApp reads them: "5*3*2" and "nama_file_ini" stay as typed.
 * Marked text is formatted again inside (WhatsApp nests *_so_*), to a
 * small depth. ```mono``` may span lines and is never formatted inside.
 * The same walk gives the plain text WhatsApp shows in its chat list: the
 * markers dropped, the words kept. */
#include "render/wafmt.h"
#include "render/tpl.h"
#include "util/buf.h"
#include <string.h>

#define WAFMT_DEPTH 4

static int is_word(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The tag a marker character stands for, or NULL. */
static const char *marker_tag(char c)
{
    return c == '*' ? "strong" : c == '_' ? "em" : c == '~' ? "s" : NULL;
}

/* Where the marker s[i] closes within [i, n), or 0 when it does not. */
static size_t marker_close(const char *s, size_t i, size_t n)
{
    char m = s[i];
    if (i + 1 >= n || is_space(s[i + 1]) || s[i + 1] == m) return 0;
    if (i > 0 && is_word((unsigned char)s[i - 1])) return 0;
    for (size_t k = i + 2; k < n && s[k] != '\n'; k++)
        if (s[k] == m && !is_space(s[k - 1]) && (k + 1 >= n || !is_word((unsigned char)s[k + 1])))
            return k;
    return 0;
}

/* The length of a web address starting at s[i], or 0: http:// or https://
 * at the start of a word, up to white space or a character that cannot be
 * in one unescaped, less the punctuation that usually ends a sentence. */
static size_t link_len(const char *s, size_t i, size_t n)
{
    if (i > 0 && is_word((unsigned char)s[i - 1])) return 0;
    size_t p = n - i >= 8 && strncmp(s + i, "https://", 8) == 0 ? 8
             : n - i >= 7 && strncmp(s + i, "http://", 7) == 0 ? 7 : 0;
    if (!p) return 0;
    size_t k = i + p;
    while (k < n && !is_space(s[k]) && !strchr("<>\"'`", s[k])) k++;
    while (k > i + p && strchr(".,;:!?)*_~", s[k - 1])) k--;
    return k > i + p ? k - i : 0;
}

/* How a range is written: as HTML (escaped, with tags) or as plain text
 * (the markers dropped, nothing escaped: the template escapes it). */
static void put_text(struct buf *out, const char *s, size_t n, int plain)
{
    if (plain) buf_add(out, s, n);
    else tpl_escape_html(out, s, n);
}

static void put_tag(struct buf *out, const char *tag, int close, int plain)
{
    if (!plain) buf_printf(out, close ? "</%s>" : "<%s>", tag);
}

static void format_range(struct buf *out, const char *s, size_t n, int depth, int plain)
{
    size_t i = 0, from = 0;
    while (i < n) {
        size_t end = 0, len = 0;
        const char *tag = depth < WAFMT_DEPTH ? marker_tag(s[i]) : NULL;
        if (n - i >= 7 && strncmp(s + i, "```", 3) == 0) {
            const char *e = strstr(s + i + 3, "```");
            if (e && (size_t)(e - s) + 3 <= n && e > s + i + 3) end = (size_t)(e - s);
        }
        if (end) {
            put_text(out, s + from, i - from, plain);
            put_tag(out, "code", 0, plain);
            put_text(out, s + i + 3, end - i - 3, plain);
            put_tag(out, "code", 1, plain);
            i = from = end + 3;
        } else if (!plain && (len = link_len(s, i, n)) > 0) {
            tpl_escape_html(out, s + from, i - from);
            buf_puts(out, "<a href=\"");
            tpl_escape_html(out, s + i, len);
            buf_puts(out, "\" target=\"_blank\" rel=\"noopener noreferrer\">");
            tpl_escape_html(out, s + i, len);
            buf_puts(out, "</a>");
            i = from = i + len;
        } else if (plain && (len = link_len(s, i, n)) > 0) {
            i += len;           /* an address keeps its _ and * as typed */
        } else if (tag && (end = marker_close(s, i, n)) > 0) {
            put_text(out, s + from, i - from, plain);
            put_tag(out, tag, 0, plain);
            format_range(out, s + i + 1, end - i - 1, depth + 1, plain);
            put_tag(out, tag, 1, plain);
            i = from = end + 1;
        } else {
            i++;
        }
    }
    put_text(out, s + from, n - from, plain);
}

static char *format(const char *text, int plain)
{
    struct buf out;
    buf_init(&out, 0);
    if (!text) text = "";
    format_range(&out, text, strlen(text), 0, plain);
    if (out.err) { buf_free(&out); return NULL; }
    return buf_steal(&out);
}

char *wafmt_html(const char *text)
{
    return format(text, 0);
}

char *wafmt_plain(const char *text)
{
    return format(text, 1);
}
