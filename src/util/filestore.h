/* filestore: files citizens send (upload links, WhatsApp/Telegram media),
 * kept as plain files in one private directory instead of base64 rows in
 * the database. By default the directory sits next to a SQLite database
 * ("<db>.files/"); PostgreSQL deployments name it with --files-dir or
 * BALAI_FILES_DIR (a shared mount when several instances serve one
 * database). The directory is 0700, every file 0600.
 *
 * A file's key is 32 random hex characters, which is also its name: no
 * part of a name comes from a user. Files are written under a temporary
 * name opened with O_EXCL and renamed into place once complete, so a key
 * in the database never names a half-written file. */
#ifndef BALAI_FILESTORE_H
#define BALAI_FILESTORE_H
#include <stddef.h>
#include <stdint.h>
#include "util/buf.h"

#define FILESTORE_KEY_LEN 32

/* A file being written (filestore_begin .. commit/abort). */
struct fs_tmp {
    int fd;                      /* -1 when none */
    char path[600];
    uint64_t size;
    unsigned char hstate[128];   /* crypto_hash_sha256_state, opaque here */
};

/* Where files live for a database: `given`, else BALAI_FILES_DIR, else
 * "<sqlite file>.files", else "balai.files" in the working directory. */
void filestore_path_for(const char *given, const char *db_url, char *out, size_t n);

/* Makes the directory (0700) if needed and uses it. 0, or -1 with err. */
int filestore_init(const char *dir, char *err, size_t errlen);
const char *filestore_dir(void);

/* Free bytes on the directory's filesystem and its total size; -1 when
 * unknown. */
int filestore_space(uint64_t *free_bytes, uint64_t *total_bytes);

int filestore_begin(struct fs_tmp *t);
int filestore_write(struct fs_tmp *t, const void *data, size_t n);
/* Renames the finished file into place; key gets its name, sha256 the hex
 * digest of the bytes. */
int filestore_commit(struct fs_tmp *t, char key[FILESTORE_KEY_LEN + 1], char sha256[65]);
void filestore_abort(struct fs_tmp *t);     /* removes it; safe to call twice */

/* A whole buffer as one file (begin, write, commit). */
int filestore_put(const void *data, size_t n, char key[FILESTORE_KEY_LEN + 1], char sha256[65]);
/* Reads a file by key into out (which bounds the size). 0 or -1. */
int filestore_get(const char *key, struct buf *out);
/* Reads up to max bytes of a file being written (after its last write)
 * into out. */
int filestore_read_tmp(const struct fs_tmp *t, struct buf *out, size_t max);
/* Bytes kept free on the files' filesystem: BALAI_FILES_RESERVE_MB when
 * set, else the larger of 1 GiB and 5 % of the filesystem. Uploads and
 * media downloads stop there, long before the database (and with it the
 * webhook inbox) runs out of room. */
uint64_t filestore_reserve(void);
/* 1 when `need` more bytes still leave the reserve free. */
int filestore_room(uint64_t need);
/* Removes a stored file (a row that was not committed). */
void filestore_remove(const char *key);

#endif
