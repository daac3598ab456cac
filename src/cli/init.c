/* init: `balai init` — prepares the database (migrations, the national
 * holidays, the secret key) and with --demo loads the demo offices and staff. */
#include "cli/cli.h"
#include "db/seed.h"
#include <stdio.h>

struct init_args {
    int demo;
};

static const struct cli_opt init_opts[] = {
    {"--demo", OPT_FLAG, offsetof(struct init_args, demo), "memuat kantor dan staf contoh"},
    {0},
};

static int init_cmd(struct cli *c, void *opts)
{
    const struct init_args *o = opts;
    db_t *db = cli_open_db(c);
    if (!db) return 1;
    char err[512];
    int rc = 0;
    if (seed_holidays_shipped(db, err, sizeof err) != 0) {
        fprintf(stderr, "balai: %s\n", err);
        rc = 1;
    }
    if (rc == 0 && o->demo) {
        int r = seed_demo(db, err, sizeof err);
        if (r < 0) { fprintf(stderr, "balai: %s\n", err); rc = 1; }
        else if (r == 0) printf("Data demo sudah ada.\n");
        else printf("Data demo dimuat.\n");
    }
    if (rc == 0) rc = cli_key_setup(c, db, 1);
    if (rc == 0) printf("Basis data siap: %s\n", cli_db_url(c));
    db_close(db);
    return rc;
}

const struct cli_cmd cli_cmd_init = {
    .name = "init",
    .usage = "init [--demo] [--db URL]\n"
             "  Menyiapkan basis data dan hari libur nasional; --demo memuat kantor dan staf contoh.",
    .opts = init_opts,
    .opts_size = sizeof(struct init_args),
    .run = init_cmd,
};
