/* help: `balai help [PERINTAH]` and `balai --help` — the usage of one
 * command, or of all of them with the environment variables. */
#include "cli/cli.h"
#include <stdio.h>

static int help_run(struct cli *c, void *unused)
{
    const struct cli_cmd *cmd = c->pos.n ? cli_find(c->pos.v[0]) : NULL;
    if (cmd) {
        printf("Penggunaan: balai %s\n", cmd->usage);
        return 0;
    }
    printf("Balai — meja informasi layanan publik untuk kantor pemerintahan.\n\n"
           "Penggunaan: balai PERINTAH [OPSI]\n\nPerintah:\n");
    for (int i = 0; cli_cmds[i]; i++) printf("  balai %s\n\n", cli_cmds[i]->usage);
    printf("--db menerima path berkas SQLite (bawaan ./balai.db) atau postgresql://...\n"
           "Variabel lingkungan BALAI_DB dan BALAI_LISTEN juga dibaca.\n"
           "Token dan rahasia kanal disimpan terenkripsi dengan kunci 32 bita di berkas terpisah:\n"
           "--secret-key-file atau BALAI_SECRET_KEY_FILE; bawaannya BERKAS_DB.key di samping\n"
           "berkas SQLite, atau ./balai.key untuk PostgreSQL. Berkas dibuat (mode 0600) saat\n"
           "pertama dipakai; semua instans yang berbagi satu basis data memakai berkas yang sama.\n");
    return 0;
}

const struct cli_cmd cli_cmd_help = {
    .name = "help",
    .usage = "help [PERINTAH]",
    .run = help_run,
};
