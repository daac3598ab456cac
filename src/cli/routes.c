/* routes: `balai routes` — prints the route table (method, path, access) as
 * JSON. */
#include "cli/cli.h"
#include "http/route.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

static int routes_cmd(struct cli *c, void *unused)
{
    json_t *r = routes_json();
    char *s = json_dumps(r, JSON_INDENT(1));
    puts(s);
    free(s);
    json_decref(r);
    return 0;
}

const struct cli_cmd cli_cmd_routes = {
    .name = "routes",
    .usage = "routes\n  Mencetak tabel rute (metode, path, hak akses) sebagai JSON.",
    .run = routes_cmd,
};
