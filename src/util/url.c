#include "util/url.h"
#include <ctype.h>
#include <string.h>
#include <strings.h>

void url_encode(const char *s, char *out, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t k = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && k + 4 <= n; p++) {
        if (isalnum(*p) || *p == '-' || *p == '_' || *p == '.' || *p == '~' || *p == '/') {
            out[k++] = (char)*p;
        } else {
            out[k++] = '%';
            out[k++] = hex[*p >> 4];
            out[k++] = hex[*p & 15];
        }
    }
    if (n) out[k < n ? k : n - 1] = '\0';
}

int url_in_list(const char *e, const char *url)
{
    size_t ulen = strlen(url);
    while (e && *e) {
        while (*e == ' ' || *e == ',') e++;
        size_t len = strcspn(e, ","), l = len;
        while (l && (e[l - 1] == ' ' || e[l - 1] == '/')) l--;
        if (l && l == ulen && strncasecmp(e, url, l) == 0) return 1;
        e += len;
    }
    return 0;
}
