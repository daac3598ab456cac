/* audit: `balai audit verify` — checks the hash chain of the audit log;
 * exit 1 when a row was edited or deleted. */
#include "cli/cli.h"
#include "db/store_audit.h"
#include <stdio.h>
#include <string.h>

static int audit_cmd(struct cli *c, void *unused)
{
    if (c->pos.n < 1 || strcmp(c->pos.v[0], "verify") != 0) { cli_usage(c); return 2; }
    db_t *db = cli_open_db(c);
    if (!db) return 1;
    struct audit_report rep;
    int rc = audit_verify(db, &rep);
    db_close(db);
    if (rc < 0) { fprintf(stderr, "balai: gagal membaca log audit\n"); return 1; }
    if (rc == 1) {
        fprintf(stderr, "Log audit RUSAK: %s (%lld baris diperiksa).\n", rep.reason, (long long)rep.rows);
        return 1;
    }
    printf("Log audit utuh: %lld baris, hash terakhir %s\n", (long long)rep.rows, rep.head);
    return 0;
}

const struct cli_cmd cli_cmd_audit = {
    .name = "audit",
    .usage = "audit verify [--db URL]\n  Memeriksa rantai hash log audit; keluar 1 bila ada baris yang diubah atau dihapus.",
    .run = audit_cmd,
};
