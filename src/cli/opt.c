/* opt: see opt.h. */
#include "cli/opt.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct cli_opt *opt_find(const struct cli_opt *tbl, const char *arg)
{
    for (const struct cli_opt *o = tbl; o && o->name; o++) {
        size_t n = strlen(o->name);
        if (strncmp(arg, o->name, n) != 0) continue;
        if (arg[n] == '\0' || (arg[n] == '=' && o->kind != OPT_FLAG)) return o;
    }
    return NULL;
}

/* Stores one option; *i moves past its value. 0, or -1 with a message. */
static int store(const struct cli_opt *o, void *dst, int argc, char **argv, int *i)
{
    char *field = (char *)dst + o->off;
    if (o->kind == OPT_FLAG) {
        *(int *)field = 1;
        return 0;
    }
    const char *a = argv[*i], *eq = a + strlen(o->name);
    const char *v = *eq == '=' ? eq + 1 : (*i + 1 < argc ? argv[++*i] : NULL);
    if (!v) {
        fprintf(stderr, "balai: %s memerlukan nilai\n", o->name);
        return -1;
    }
    if (o->kind == OPT_INT) *(int *)field = (int)strtol(v, NULL, 10);
    else *(const char **)field = v;
    return 0;
}

int opt_parse(int argc, char **argv, const struct cli_opt *const *tables, void *const *dsts,
              struct opt_pos *pos)
{
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const struct cli_opt *o = NULL;
        int t;
        for (t = 0; tables[t] && !o; t++) o = opt_find(tables[t], a);
        if (o) {
            if (store(o, dsts[t - 1], argc, argv, &i) != 0) return -1;
            continue;
        }
        if (a[0] == '-' && a[1]) {
            fprintf(stderr, "balai: opsi tidak dikenal: %s\n", a);
            return -1;
        }
        if (pos->n < OPT_MAXPOS) pos->v[pos->n++] = a;
    }
    return 0;
}
