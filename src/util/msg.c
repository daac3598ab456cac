/* msg: see msg.h. */
#include "util/msg.h"
#include <stdarg.h>
#include <stdio.h>
#include "util/utf8.h"

void msg_set(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    if (!err || errlen == 0) return;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

void msg_quote(const char *p, size_t len, char *out, size_t n)
{
    if (len >= n) snprintf(out, n, "%.*s...", (int)utf8_cut(p, len, n - 4), p);
    else snprintf(out, n, "%.*s", (int)len, p);
}
