/* url: building URLs from values (query strings, readable paths). */
#ifndef BALAI_URL_H
#define BALAI_URL_H
#include <stddef.h>

/* Percent-encodes s for a query-string value (RFC 3986 unreserved kept, '/'
 * kept for readable paths). Truncates to fit; always NUL-terminates. */
void url_encode(const char *s, char *out, size_t n);

/* 1 when `url` equals (ignoring case) an entry of the comma-separated
 * `list` (spaces around an entry and a trailing slash tolerated), such as
 * an allowlist from the environment; 0 otherwise or when list is NULL. */
int url_in_list(const char *list, const char *url);

#endif
