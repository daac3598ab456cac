/* markdown: see markdown.h. */
#include "render/markdown.h"
#include <cmark.h>
#include <stdio.h>
#include <string.h>

char *markdown_html(const char *md)
{
    if (!md) md = "";
    return cmark_markdown_to_html(md, strlen(md), CMARK_OPT_DEFAULT | CMARK_OPT_SMART);
}

static int has_prefix(const char *s, const char *p)
{
    return strncmp(s, p, strlen(p)) == 0;
}

/* A destination a citizen's phone can follow safely. */
static int url_ok(const char *u, int image)
{
    if (!u || !*u) return 0;
    if (u[0] == '/' && u[1] != '/') return 1;
    if (has_prefix(u, "https://") || has_prefix(u, "http://")) return 1;
    return !image && (has_prefix(u, "mailto:") || has_prefix(u, "tel:"));
}

static void report(json_t *errors, const char *field, const char *head, const char *what,
                   const char *tail)
{
    if (json_object_get(errors, field)) return;
    char m[400];
    snprintf(m, sizeof m, "%s%s%s", head, what, tail);
    json_object_set_new(errors, field, json_string(m));
}

/* One node's problem, if any: 1 when it has one. */
static int node_bad(cmark_node *n, json_t *errors, const char *field)
{
    cmark_node_type t = cmark_node_get_type(n);
    if (t == CMARK_NODE_HTML_BLOCK || t == CMARK_NODE_HTML_INLINE) {
        report(errors, field, "Isi tidak boleh memuat kode HTML (", "mis. <b>, <script>",
               "); gunakan format Markdown.");
        return 1;
    }
    if ((t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE) &&
        !url_ok(cmark_node_get_url(n), t == CMARK_NODE_IMAGE)) {
        char what[200];
        snprintf(what, sizeof what, "%.160s", cmark_node_get_url(n) ? cmark_node_get_url(n) : "");
        report(errors, field, t == CMARK_NODE_IMAGE ? "Gambar \"" : "Tautan \"", what,
               t == CMARK_NODE_IMAGE
                   ? "\" tidak dapat dipakai: alamatnya harus diawali https://."
                   : "\" tidak dapat dipakai: alamatnya harus diawali https://, mailto: atau tel:.");
        return 1;
    }
    return 0;
}

int markdown_check(const char *md, json_t *errors, const char *field)
{
    if (!md) return 0;
    cmark_node *doc = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT);
    if (!doc) return 1;
    cmark_iter *it = cmark_iter_new(doc);
    int bad = 0;
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
        if (ev == CMARK_EVENT_ENTER) bad += node_bad(cmark_iter_get_node(it), errors, field);
    cmark_iter_free(it);
    cmark_node_free(doc);
    return bad;
}
