/* markdown: content bodies (issue 16) from Markdown to HTML with cmark,
 * Debian's libcmark (the CommonMark reference implementation), rather than
 * a hand-written parser. cmark's default is its safe mode: raw HTML is
 * replaced by a comment and javascript:, vbscript:, file: and non-image
 * data: destinations are emptied. markdown_check refuses, before saving,
 * what safe mode would silently drop, so the author sees why. */
#ifndef BALAI_MARKDOWN_H
#define BALAI_MARKDOWN_H
#include <jansson.h>

/* The body as HTML (malloc'd; NULL when out of memory). */
char *markdown_html(const char *md);

/* Checks every link and image of the body: links must be http(s),
 * mailto:, tel: or a path on this site ("/..."); images http(s) or a path
 * on this site; raw HTML is refused. The first problem goes into
 * errors[field] as an Indonesian message. Returns how many were found. */
int markdown_check(const char *md, json_t *errors, const char *field);

#endif
