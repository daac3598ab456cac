/* migrate: `balai migrate` — applies pending schema migrations, seals
 * channel secrets still stored in plain text and moves files an older
 * Balai kept in the database to the files folder. */
#include "cli/cli.h"
#include "db/migrate.h"
#include <stdio.h>

static int migrate_cmd(struct cli *c, void *unused)
{
    db_t *db;
    char err[512];
    if (db_open(cli_db_url(c), &db, err, sizeof err) != 0) { fprintf(stderr, "balai: %s\n", err); return 1; }
    int n = migrate_up(db, err, sizeof err);
    if (n < 0) fprintf(stderr, "balai: %s\n", err);
    else printf("%d migrasi diterapkan; versi skema %d.\n", n, migrate_current(db));
    /* also seals channel secrets still stored in plain text */
    int krc = n < 0 ? 0 : cli_key_setup(c, db, 1);
    if (n >= 0 && !krc) krc = cli_files_setup(c, db, 0);
    db_close(db);
    return n < 0 || krc ? 1 : 0;
}

const struct cli_cmd cli_cmd_migrate = {
    .name = "migrate",
    .usage = "migrate [--db URL] [--files-dir FOLDER]\n  Menerapkan migrasi skema yang belum diterapkan; berkas warga yang masih\n  tersimpan di basis data dipindahkan ke folder berkas.",
    .run = migrate_cmd,
};
