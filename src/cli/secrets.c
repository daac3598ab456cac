/* secrets: `balai secrets rotate` — a new key for channel secrets, every
 * secret (and the Web Push key) sealed again with it, the old key kept
 * beside it. */
#include "cli/cli.h"
#include "core/secret.h"
#include "channels/config.h"
#include "channels/webpush.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* `secrets rotate`: a new key file, every channel secret sealed again with
 * it in one transaction, the old file kept beside it (database backups
 * made before still need it). If the process stops between the commit and
 * the renames, the new key is the ".baru" file. */
static int secrets_cmd(struct cli *c, void *unused)
{
    if (c->pos.n != 1 || strcmp(c->pos.v[0], "rotate") != 0) {
        cli_usage(c);
        return 2;
    }
    db_t *db = cli_open_db_keyed(c);
    if (!db) return 1;
    char path[512], fresh[600], old[600], err[800];
    snprintf(path, sizeof path, "%s", secret_key_file());
    snprintf(fresh, sizeof fresh, "%s.baru", path);
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
    snprintf(old, sizeof old, "%s.lama-%s", path, stamp);
    unsigned char key[SECRET_KEY_BYTES];
    if (secret_key_create(fresh, key, err, sizeof err) != 0) {
        fprintf(stderr, "balai: %s\n", err);
        db_close(db);
        return 1;
    }
    int n = 0, rc = channel_secrets_reseal(db, key, &n);
    /* the Web Push key after the channels' transaction: a failure here must
     * not undo a rotation whose secrets are already sealed with the new key */
    if (rc == 0 && push_key_reseal(db, key) != 0)
        fprintf(stderr, "balai: kunci Web Push tidak dapat dienkripsi ulang (%s); pemberitahuan "
                        "obrolan portal tidak terkirim sampai kunci ini diganti.\n", db_errmsg(db));
    sodium_memzero(key, sizeof key);
    db_close(db);
    if (rc != 0) {
        unlink(fresh);
        fprintf(stderr, rc == -2 ? "balai: Kunci rahasia tidak cocok: tidak semua rahasia kanal dapat "
                                   "dibuka dengan %s; kunci tidak diganti.\n"
                                 : "balai: rahasia kanal tidak tersimpan ulang (%s); kunci tidak "
                                   "diganti.\n", rc == -2 ? path : "galat basis data");
        return 1;
    }
    if (link(path, old) != 0 || rename(fresh, path) != 0) {
        fprintf(stderr, "balai: rahasia kanal sudah dienkripsi dengan kunci baru %s, tetapi berkas "
                        "kunci tidak dapat dipindahkan: pindahkan sendiri %s ke %s\n",
                fresh, fresh, path);
        return 1;
    }
    printf("%d rahasia kanal dienkripsi ulang dengan kunci baru %s.\n"
           "Kunci lama disimpan di %s: cadangan basis data yang lebih lama masih memerlukannya.\n"
           "Salin kunci baru ke setiap instans Balai lain yang memakai basis data ini, lalu mulai "
           "ulang instans itu.\n", n, path, old);
    return 0;
}

const struct cli_cmd cli_cmd_secrets = {
    .name = "secrets",
    .usage = "secrets rotate [--db URL] [--secret-key-file BERKAS]\n"
                "  Membuat kunci rahasia baru dan mengenkripsi ulang semua token dan rahasia kanal\n"
                "  dengannya dalam satu transaksi. Kunci lama disimpan sebagai BERKAS.lama-WAKTU.",
    .run = secrets_cmd,
};
