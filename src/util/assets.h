/* Files compiled into the binary (web/, data/, src/db/migrations/), looked up
 * by their path relative to the repository root, e.g. "web/templates/login.html".
 * Data is NUL-terminated for convenience; len excludes the NUL. */
#ifndef BALAI_ASSETS_H
#define BALAI_ASSETS_H
#include <stddef.h>

struct asset {
    const char *name;
    const unsigned char *data;
    size_t len;
};

extern const struct asset assets[];   /* ends with a {0} entry */

const struct asset *asset_find(const char *name);

#endif
