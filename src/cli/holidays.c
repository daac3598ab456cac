/* holidays: `balai holidays import BERKAS` — loads national holidays and
 * joint leave days (the format of data/holidays.tsv). */
#include "cli/cli.h"
#include "db/seed.h"
#include <stdio.h>
#include <string.h>

static int holidays_cmd(struct cli *c, void *unused)
{
    if (c->pos.n < 2 || strcmp(c->pos.v[0], "import") != 0) { cli_usage(c); return 2; }
    struct buf b;
    if (cli_read_file(c->pos.v[1], &b, 4 * 1024 * 1024) != 0) return 1;
    db_t *db = cli_open_db(c);
    if (!db) { buf_free(&b); return 1; }
    char err[512];
    struct actor a = cli_actor();
    int r = seed_holidays(db, buf_cstr(&b), b.len, a.name, err, sizeof err);
    if (r < 0) fprintf(stderr, "balai: %s: %s\n", c->pos.v[1], err);
    else printf("%d hari libur dan cuti bersama dimuat dari %s.\n", r, c->pos.v[1]);
    buf_free(&b);
    db_close(db);
    return r < 0 ? 1 : 0;
}

const struct cli_cmd cli_cmd_holidays = {
    .name = "holidays",
    .usage = "holidays import BERKAS [--db URL]\n  Memuat hari libur nasional dan cuti bersama (format data/holidays.tsv).",
    .run = holidays_cmd,
};
