/* utf8: cutting UTF-8 text to a byte budget without splitting a character,
 * for the many places that copy citizen text into a fixed buffer. */
#ifndef BALAI_UTF8_H
#define BALAI_UTF8_H
#include <stddef.h>

/* The length of s[0..len) cut to at most max bytes at a character boundary
 * (continuation bytes are not split off their lead byte); len when it fits. */
size_t utf8_cut(const char *s, size_t len, size_t max);

/* Copies the NUL-terminated s into out (n bytes), cut at a character
 * boundary when it does not fit; returns the length copied. */
size_t utf8_copy(char *out, size_t n, const char *s);

#endif
