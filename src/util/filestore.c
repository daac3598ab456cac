/* filestore: see filestore.h. */
#include "util/filestore.h"
#include "util/dburl.h"
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

_Static_assert(sizeof(crypto_hash_sha256_state) <= sizeof(((struct fs_tmp *)0)->hstate),
               "hash state fits");

static char the_dir[512];

void filestore_path_for(const char *given, const char *db_url, char *out, size_t n)
{
    const char *env = getenv("BALAI_FILES_DIR");
    if (given && *given) snprintf(out, n, "%s", given);
    else if (env && *env) snprintf(out, n, "%s", env);
    else if (dburl_is_pg(db_url))
        snprintf(out, n, "balai.files");
    else
        snprintf(out, n, "%s.files", dburl_sqlite_path(db_url));
}

int filestore_init(const char *dir, char *err, size_t errlen)
{
    struct stat st;
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        snprintf(err, errlen, "folder berkas %s tidak dapat dibuat: %s", dir, strerror(errno));
        return -1;
    }
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "%s bukan folder", dir);
        return -1;
    }
    if ((st.st_mode & 077) && chmod(dir, 0700) != 0) {
        snprintf(err, errlen, "hak akses folder berkas %s tidak dapat dibatasi", dir);
        return -1;
    }
    snprintf(the_dir, sizeof the_dir, "%s", dir);
    return 0;
}

const char *filestore_dir(void)
{
    return the_dir;
}

int filestore_space(uint64_t *free_bytes, uint64_t *total_bytes)
{
    struct statvfs s;
    if (!*the_dir || statvfs(the_dir, &s) != 0) return -1;
    *free_bytes = (uint64_t)s.f_bavail * s.f_frsize;
    *total_bytes = (uint64_t)s.f_blocks * s.f_frsize;
    return 0;
}

static void random_name(char out[FILESTORE_KEY_LEN + 1])
{
    unsigned char raw[FILESTORE_KEY_LEN / 2];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(out, FILESTORE_KEY_LEN + 1, raw, sizeof raw);
}

int filestore_begin(struct fs_tmp *t)
{
    char name[FILESTORE_KEY_LEN + 1];
    random_name(name);
    t->size = 0;
    snprintf(t->path, sizeof t->path, "%s/tmp-%s", the_dir, name);
    t->fd = *the_dir ? open(t->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600) : -1;
    if (t->fd < 0) return -1;
    crypto_hash_sha256_init((crypto_hash_sha256_state *)(void *)t->hstate);
    return 0;
}

int filestore_write(struct fs_tmp *t, const void *data, size_t n)
{
    const char *p = data;
    crypto_hash_sha256_update((crypto_hash_sha256_state *)(void *)t->hstate, data, n);
    t->size += n;
    while (n) {
        ssize_t w = write(t->fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int filestore_commit(struct fs_tmp *t, char key[FILESTORE_KEY_LEN + 1], char sha256[65])
{
    unsigned char h[32];
    char final[600];
    crypto_hash_sha256_final((crypto_hash_sha256_state *)(void *)t->hstate, h);
    sodium_bin2hex(sha256, 65, h, sizeof h);
    random_name(key);
    snprintf(final, sizeof final, "%s/%s", the_dir, key);
    int rc = fsync(t->fd);
    if (close(t->fd) != 0) rc = -1;
    t->fd = -1;
    /* link() fails rather than replace an existing name; a filesystem
     * without hard links gets rename() (the name is 128 random bits) */
    if (rc == 0 && (rc = link(t->path, final)) != 0 &&
        (errno == EPERM || errno == EOPNOTSUPP || errno == ENOSYS))
        rc = rename(t->path, final);
    unlink(t->path);
    t->path[0] = '\0';
    return rc;
}

void filestore_abort(struct fs_tmp *t)
{
    if (t->fd >= 0) close(t->fd);
    t->fd = -1;
    if (t->path[0]) unlink(t->path);
    t->path[0] = '\0';
}

int filestore_put(const void *data, size_t n, char key[FILESTORE_KEY_LEN + 1], char sha256[65])
{
    struct fs_tmp t;
    if (filestore_begin(&t) != 0) return -1;
    if (filestore_write(&t, data, n) != 0) {
        filestore_abort(&t);
        return -1;
    }
    return filestore_commit(&t, key, sha256);
}

/* a key is exactly what random_name makes: never a path */
static int key_ok(const char *key)
{
    size_t n = strspn(key, "0123456789abcdef");
    return n == FILESTORE_KEY_LEN && key[n] == '\0';
}

static int read_path(const char *path, struct buf *out, size_t max)
{
    char chunk[16384];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    int rc = 0;
    while (out->len < max) {
        size_t want = max - out->len < sizeof chunk ? max - out->len : sizeof chunk;
        ssize_t n = read(fd, chunk, want);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 || (n > 0 && buf_add(out, chunk, (size_t)n) != 0)) rc = -1;
        if (n <= 0 || rc) break;
    }
    close(fd);
    return rc;
}

int filestore_get(const char *key, struct buf *out)
{
    char path[600];
    if (!key_ok(key)) return -1;
    snprintf(path, sizeof path, "%s/%s", the_dir, key);
    return read_path(path, out, SIZE_MAX);
}

int filestore_read_tmp(const struct fs_tmp *t, struct buf *out, size_t max)
{
    return t->path[0] ? read_path(t->path, out, max) : -1;
}

uint64_t filestore_reserve(void)
{
    uint64_t free_b, total;
    const char *e = getenv("BALAI_FILES_RESERVE_MB");
    if (e && *e) return strtoull(e, NULL, 10) * 1024 * 1024;
    uint64_t floor = 1024ull * 1024 * 1024;
    if (filestore_space(&free_b, &total) != 0) return floor;
    return total / 20 > floor ? total / 20 : floor;
}

int filestore_room(uint64_t need)
{
    uint64_t free_b, total;
    if (filestore_space(&free_b, &total) != 0) return 0;
    return free_b >= need && free_b - need >= filestore_reserve();
}

void filestore_remove(const char *key)
{
    char path[600];
    if (!key_ok(key)) return;
    snprintf(path, sizeof path, "%s/%s", the_dir, key);
    unlink(path);
}
