#include "util/dburl.h"
#include <string.h>

int dburl_is_pg(const char *url)
{
    return url && (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0);
}

const char *dburl_sqlite_path(const char *url)
{
    if (strncmp(url, "sqlite:", 7) != 0) return url;
    url += 7;
    while (url[0] == '/' && url[1] == '/') url++;
    return url;
}
