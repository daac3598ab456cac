/* opt: the small option parser every `balai` command uses. A command
 * describes its options in a table {name, kind, where to store, help} and
 * opt_parse fills a struct from argv: "--name VALUE", "--name=VALUE" and
 * "--flag"; words that are not options are positional arguments. Messages
 * are in Bahasa Indonesia on stderr. */
#ifndef BALAI_CLI_OPT_H
#define BALAI_CLI_OPT_H

#include <stddef.h>

enum opt_kind {
    OPT_FLAG,       /* no value; stores int 1 */
    OPT_VALUE,      /* stores const char * (points into argv) */
    OPT_INT,        /* a number; stores int (0 when not a number, as strtol) */
};

struct cli_opt {
    const char *name;       /* "--office"; NULL ends the table */
    enum opt_kind kind;
    size_t off;             /* offsetof the field in the command's options struct */
    const char *help;       /* one line, Bahasa Indonesia */
};

#define OPT_MAXPOS 4

/* Positional arguments: the first OPT_MAXPOS are kept, more are ignored. */
struct opt_pos {
    const char *v[OPT_MAXPOS];
    int n;
};

/* The option of `tbl` that `arg` names ("--x" or "--x=..."), or NULL. */
const struct cli_opt *opt_find(const struct cli_opt *tbl, const char *arg);

/* Parses argv against the tables (NULL-terminated list), storing each
 * option into the matching dsts[i]. Returns 0, or -1 after printing why
 * (unknown option, missing value). */
int opt_parse(int argc, char **argv, const struct cli_opt *const *tables, void *const *dsts,
              struct opt_pos *pos);

#endif
