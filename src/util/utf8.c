/* utf8: see utf8.h. */
#include "util/utf8.h"
#include <string.h>

size_t utf8_cut(const char *s, size_t len, size_t max)
{
    if (len <= max) return len;
    len = max;
    while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80) len--;
    return len;
}

size_t utf8_copy(char *out, size_t n, const char *s)
{
    if (n == 0) return 0;
    size_t len = utf8_cut(s, strnlen(s, n), n - 1);
    memcpy(out, s, len);
    out[len] = '\0';
    return len;
}
