/* url: building URLs from values (query strings, readable paths). */
#ifndef BALAI_URL_H
#define BALAI_URL_H
#include <stddef.h>

/* Percent-encodes s for a query-string value (RFC 3986 unreserved kept, '/'
 * kept for readable paths). Truncates to fit; always NUL-terminates. */
void url_encode(const char *s, char *out, size_t n);

#endif
