/* client_addr: see client_addr.h. */
#include "http/client_addr.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

/* read-only once the server runs */
static struct { int family; unsigned char a[16]; } trusted[TRUSTED_PROXY_MAX];
static int ntrusted;

static int parse_one(const char *s, size_t n, int *family, unsigned char a[16])
{
    char tmp[64];
    while (n && (*s == ' ' || *s == '\t')) { s++; n--; }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    if (n == 0 || n >= sizeof tmp) return -1;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    if (inet_pton(AF_INET, tmp, a) == 1) { *family = AF_INET; return 0; }
    if (inet_pton(AF_INET6, tmp, a) == 1) { *family = AF_INET6; return 0; }
    return -1;
}

int client_addr_trust(const char *list)
{
    int n = 0;
    __typeof__(trusted) t;
    for (const char *p = list; p && *p;) {
        size_t len = strcspn(p, ",");
        if (n >= TRUSTED_PROXY_MAX || parse_one(p, len, &t[n].family, t[n].a) != 0) return -1;
        n++;
        p += len;
        if (*p == ',') p++;
    }
    memcpy(trusted, t, sizeof t);
    ntrusted = n;
    return 0;
}

static int is_trusted(int family, const unsigned char *a)
{
    for (int i = 0; i < ntrusted; i++)
        if (trusted[i].family == family &&
            memcmp(trusted[i].a, a, family == AF_INET ? 4 : 16) == 0)
            return 1;
    return 0;
}

int client_addr_trusted(const struct sockaddr *sa)
{
    if (!sa || !ntrusted) return 0;
    if (sa->sa_family == AF_INET)
        return is_trusted(AF_INET, (const unsigned char *)&((const struct sockaddr_in *)sa)->sin_addr);
    if (sa->sa_family == AF_INET6)
        return is_trusted(AF_INET6,
                          (const unsigned char *)&((const struct sockaddr_in6 *)sa)->sin6_addr);
    return 0;
}

void client_addr_text(const struct sockaddr *sa, char out[CLIENT_ADDR_MAX])
{
    snprintf(out, CLIENT_ADDR_MAX, "?");
    if (sa && sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, CLIENT_ADDR_MAX);
    else if (sa && sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out, CLIENT_ADDR_MAX);
}

int client_addr_forwarded(const char *xff, char out[CLIENT_ADDR_MAX])
{
    /* from the right: each trusted proxy appended the address it saw */
    size_t end = xff ? strlen(xff) : 0;
    while (end > 0) {
        size_t start = end;
        while (start > 0 && xff[start - 1] != ',') start--;
        int family;
        unsigned char a[16];
        if (parse_one(xff + start, end - start, &family, a) != 0) return 0;
        if (!is_trusted(family, a)) {
            inet_ntop(family, a, out, CLIENT_ADDR_MAX);
            return 1;
        }
        end = start ? start - 1 : 0;
    }
    return 0;
}

int client_addr(struct MHD_Connection *c, char out[CLIENT_ADDR_MAX])
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const struct sockaddr *sa = ci ? ci->client_addr : NULL;
    client_addr_text(sa, out);
    if (!client_addr_trusted(sa)) return 0;
    return client_addr_forwarded(MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-For"),
                                 out);
}
