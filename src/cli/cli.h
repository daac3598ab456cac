/* cli: the `balai` command line. One file per command (cli/serve.c,
 * cli/user.c, ...), each exporting a `const struct cli_cmd cli_cmd_NAME`
 * with its usage text, its option table (cli/opt.h) and its run function;
 * cli/cli.c holds the table of commands, as tmux's cmd-*.c and cmd_table.
 * Options every command accepts (--db, --secret-key-file, --files-dir) are
 * parsed into struct cli_global. A command prints errors in Bahasa
 * Indonesia on stderr and returns the exit code: 0 success, 1 failure,
 * 2 wrong usage. To add a command: one new file and its name in cli.c's table. */
#ifndef BALAI_CLI_H
#define BALAI_CLI_H

#include "cli/opt.h"
#include "db/db.h"
#include "db/store_audit.h"
#include "util/buf.h"

/* Options that every command accepts, before or after its name. */
struct cli_global {
    const char *db, *secret_key_file, *files_dir;
};

/* One run of a command: its global options and positional arguments. */
struct cli {
    const struct cli_cmd *cmd;
    struct cli_global g;
    struct opt_pos pos;
};

struct cli_cmd {
    const char *name;
    const char *usage;              /* after "Penggunaan: balai " */
    const struct cli_opt *opts;     /* the command's own options, or NULL */
    size_t opts_size;               /* sizeof the struct they are stored in */
    int (*run)(struct cli *c, void *opts);
};

/* The commands, NULL-terminated, in the order `balai --help` lists them. */
extern const struct cli_cmd *const cli_cmds[];

const struct cli_cmd *cli_find(const char *name);

/* Runs `balai ARGV...`; returns the process exit code. */
int cli_main(int argc, char **argv);

/* Prints "Penggunaan: balai USAGE" of the running command on stderr. */
void cli_usage(const struct cli *c);

/* --- shared by commands (cli/common.c) -------------------------------- */

/* --db, else BALAI_DB, else "balai.db". */
const char *cli_db_url(const struct cli *c);

/* Opens and migrates the database; prints why not on failure. */
db_t *cli_open_db(const struct cli *c);

/* Loads the key that seals channel secrets and checks the stored ones;
 * with `seal`, seals legacy plaintext ones. 0, or 1 with a message. */
int cli_key_setup(const struct cli *c, db_t *db, int seal);

/* cli_open_db, then cli_key_setup sealing legacy secrets: a database whose
 * channel secrets can be opened, or NULL after printing why not. */
db_t *cli_open_db_keyed(const struct cli *c);

/* The folder of the files citizens send; files kept in the database move
 * there. `always`: make the folder even with nothing to move. 0 or 1. */
int cli_files_setup(const struct cli *c, db_t *db, int always);

/* "cli:USER": who the audit log names for a command-line change. */
struct actor cli_actor(void);

/* Reads a whole file ("-": stdin, at most max bytes) into b; 0, or -1
 * with a message. */
int cli_read_file(const char *path, struct buf *b, size_t max);

#endif
