/* common: what several commands share — the database URL, opening and
 * migrating the database, the secret key and files folder set-up, the
 * audit actor and reading a file. See cli.h. */
#include "cli/cli.h"
#include "core/secret.h"
#include "channels/config.h"
#include "db/migrate.h"
#include "db/store_chat.h"
#include "db/store_media.h"
#include "util/filestore.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cli_usage(const struct cli *c)
{
    fprintf(stderr, "Penggunaan: balai %s\n", c->cmd->usage);
}

const char *cli_db_url(const struct cli *c)
{
    if (c->g.db) return c->g.db;
    const char *e = getenv("BALAI_DB");
    return e && *e ? e : "balai.db";
}

db_t *cli_open_db(const struct cli *c)
{
    db_t *db;
    char err[512];
    if (db_open(cli_db_url(c), &db, err, sizeof err) != 0) {
        fprintf(stderr, "balai: %s\n", err);
        return NULL;
    }
    if (migrate_up(db, err, sizeof err) < 0) {
        fprintf(stderr, "balai: %s\n", err);
        db_close(db);
        return NULL;
    }
    return db;
}

/* The key is created only while no secret is sealed yet: a new key could
 * not open those (core/secret.h). */
int cli_key_setup(const struct cli *c, db_t *db, int seal)
{
    char path[512], err[800];
    secret_key_path(c->g.secret_key_file, cli_db_url(c), path, sizeof path);
    int64_t sealed = channel_sealed_count(db);
    if (sealed < 0) {
        fprintf(stderr, "balai: rahasia kanal tidak dapat dibaca: %s\n", db_errmsg(db));
        return 1;
    }
    int created = 0;
    if (secret_key_load(path, sealed == 0, &created, err, sizeof err) != 0) {
        fprintf(stderr, "balai: %s\n", err);
        return 1;
    }
    if (created)
        fprintf(stderr, "balai: kunci rahasia baru dibuat: %s (mode 0600). Simpan salinannya "
                        "bersama cadangan basis data; tanpa berkas ini token kanal tidak dapat "
                        "dibuka.\n", path);
    struct channel_key_report rep;
    if (channel_secrets_check(db, seal, &rep) != 0) {
        fprintf(stderr, "balai: rahasia kanal tidak dapat diperiksa: %s\n", db_errmsg(db));
        return 1;
    }
    if (rep.failed)
        fprintf(stderr, "balai: Kunci rahasia tidak cocok: %d rahasia kanal (pertama %s) tidak "
                        "dapat dibuka dengan berkas kunci %s. Kanal itu tidak mengirim dan tidak "
                        "menerima pesan sampai Balai dijalankan dengan berkas kunci yang dipakai "
                        "saat rahasianya disimpan (atau rahasianya diisi ulang).\n",
                rep.failed, rep.first_failed, path);
    if (rep.resealed)
        fprintf(stderr, "balai: %d rahasia kanal yang tersimpan polos kini dienkripsi dengan "
                        "kunci %s.\n", rep.resealed, path);
    /* links in messages from before they were stored masked (core/uplink.h) */
    int masked = seal ? chat_mask_old_links(db) : 0;
    if (masked > 0)
        fprintf(stderr, "balai: %d tautan unggah dalam riwayat pesan kini disamarkan.\n", masked);
    return 0;
}

db_t *cli_open_db_keyed(const struct cli *c)
{
    db_t *db = cli_open_db(c);
    if (db && cli_key_setup(c, db, 1) != 0) {
        db_close(db);
        db = NULL;
    }
    return db;
}

int cli_files_setup(const struct cli *c, db_t *db, int always)
{
    char files[512], err[600];
    if (!always && media_legacy_count(db) == 0) return 0;
    filestore_path_for(c->g.files_dir, cli_db_url(c), files, sizeof files);
    if (filestore_init(files, err, sizeof err) != 0) {
        fprintf(stderr, "balai: %s\n", err);
        return 1;
    }
    int moved = media_move_to_files(db);
    if (moved > 0) printf("%d berkas warga dipindahkan dari basis data ke %s.\n", moved, files);
    if (moved < 0)
        fprintf(stderr, "balai: berkas lama belum dapat dipindahkan ke %s: %s\n", files,
                db_errmsg(db));
    return 0;
}

struct actor cli_actor(void)
{
    static char name[64];
    const char *u = getenv("SUDO_USER");
    if (!u || !*u) u = getenv("USER");
    snprintf(name, sizeof name, "cli:%s", u && *u ? u : "root");
    return (struct actor){0, name};
}

int cli_read_file(const char *path, struct buf *b, size_t max)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) { fprintf(stderr, "balai: tidak dapat membuka %s\n", path); return -1; }
    buf_init(b, max);
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_add(b, chunk, n);
    if (f != stdin) fclose(f);
    if (b->err) { fprintf(stderr, "balai: %s terlalu besar\n", path); buf_free(b); return -1; }
    return 0;
}
