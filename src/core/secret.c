/* secret: see secret.h. */
#include "core/secret.h"
#include "util/dburl.h"
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NONCE crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define MAC crypto_aead_xchacha20poly1305_ietf_ABYTES
#define PREFIX_LEN (sizeof SECRET_PREFIX - 1)

/* Written once before the server's threads start, then only read. */
static unsigned char the_key[SECRET_KEY_BYTES];
static int have_key;
static char key_file[512];

void secret_key_path(const char *given, const char *db_url, char *out, size_t n)
{
    const char *env = getenv("BALAI_SECRET_KEY_FILE");
    if (given && *given) snprintf(out, n, "%s", given);
    else if (env && *env) snprintf(out, n, "%s", env);
    else if (dburl_is_pg(db_url))
        /* no database file to sit next to; like ./balai.db, the working
         * directory (a service sets WorkingDirectory or the variable) */
        snprintf(out, n, "balai.key");
    else
        /* a SQLite file and its key are backed up and moved together */
        snprintf(out, n, "%s.key", dburl_sqlite_path(db_url));
}

void secret_key_set(const unsigned char key[SECRET_KEY_BYTES])
{
    /* best effort: keep the key out of swap */
    sodium_mlock(the_key, sizeof the_key);
    memcpy(the_key, key, SECRET_KEY_BYTES);
    have_key = 1;
    key_file[0] = '\0';
}

void secret_key_forget(void)
{
    sodium_memzero(the_key, sizeof the_key);
    sodium_munlock(the_key, sizeof the_key);
    have_key = 0;
    key_file[0] = '\0';
}

int secret_key_loaded(void)
{
    return have_key;
}

const char *secret_key_file(void)
{
    return key_file;
}

/* Reads an existing key file, refusing one that others can read. Returns 0,
 * 1 if it does not exist, or -1 with err set. */
static int read_key(const char *path, char *err, size_t errlen)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) return 1;
        snprintf(err, errlen, "berkas kunci rahasia %s tidak dapat dibuka: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    int rc = -1;
    unsigned char k[SECRET_KEY_BYTES];
    if (fstat(fd, &st) != 0)
        snprintf(err, errlen, "berkas kunci rahasia %s tidak dapat dibaca: %s", path, strerror(errno));
    else if (!S_ISREG(st.st_mode))
        snprintf(err, errlen, "kunci rahasia %s bukan berkas biasa", path);
    else if (st.st_mode & 077)
        snprintf(err, errlen, "berkas kunci rahasia %s dapat dibaca grup atau pengguna lain (mode "
                              "%03o); batasi dulu dengan: chmod 600 %s", path,
                 (unsigned)(st.st_mode & 0777), path);
    else if (st.st_size != SECRET_KEY_BYTES)
        snprintf(err, errlen, "berkas kunci rahasia %s berukuran %lld bita, seharusnya tepat %d "
                              "bita; periksa apakah berkas kuncinya benar", path,
                 (long long)st.st_size, SECRET_KEY_BYTES);
    else if (read(fd, k, sizeof k) != (ssize_t)sizeof k)
        snprintf(err, errlen, "berkas kunci rahasia %s tidak terbaca utuh", path);
    else {
        secret_key_set(k);
        snprintf(key_file, sizeof key_file, "%s", path);
        rc = 0;
    }
    sodium_memzero(k, sizeof k);
    close(fd);
    return rc;
}

/* Writes `k` to a private temporary file and links it into place: link()
 * never replaces, so of two processes creating at once one wins (the
 * other gets EEXIST and reads the winner's key). */
static int write_key(const char *path, const unsigned char k[SECRET_KEY_BYTES], int *exists,
                     char *err, size_t errlen)
{
    char tmp[600];
    *exists = 0;
    if (snprintf(tmp, sizeof tmp, "%s.baru-XXXXXX", path) >= (int)sizeof tmp) {
        snprintf(err, errlen, "path berkas kunci rahasia terlalu panjang: %s", path);
        return -1;
    }
    int fd = mkstemp(tmp);      /* mode 0600 */
    if (fd < 0) {
        snprintf(err, errlen, "berkas kunci rahasia %s tidak dapat dibuat: %s. Buat foldernya, atau "
                              "tunjuk berkas lain dengan --secret-key-file atau "
                              "BALAI_SECRET_KEY_FILE", path, strerror(errno));
        return -1;
    }
    int ok = fchmod(fd, 0600) == 0 && write(fd, k, SECRET_KEY_BYTES) == SECRET_KEY_BYTES &&
             fsync(fd) == 0;
    int saved = errno;
    close(fd);
    if (ok && link(tmp, path) != 0) {
        saved = errno;
        if (saved == EEXIST) *exists = 1;
        else ok = 0;
    }
    unlink(tmp);
    if (!ok) {
        snprintf(err, errlen, "berkas kunci rahasia %s tidak dapat dibuat: %s", path, strerror(saved));
        return -1;
    }
    /* the new name must survive a power cut as well as the key's bytes */
    char dir[600];
    snprintf(dir, sizeof dir, "%s", path);
    int dfd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    return 0;
}

static int create_key(const char *path, char *err, size_t errlen)
{
    unsigned char k[SECRET_KEY_BYTES];
    int exists;
    randombytes_buf(k, sizeof k);
    int rc = write_key(path, k, &exists, err, errlen);
    sodium_memzero(k, sizeof k);
    return rc;
}

int secret_key_create(const char *path, unsigned char key[SECRET_KEY_BYTES], char *err,
                      size_t errlen)
{
    int exists;
    randombytes_buf(key, SECRET_KEY_BYTES);
    int rc = write_key(path, key, &exists, err, errlen);
    if (rc == 0 && exists) {
        snprintf(err, errlen, "berkas kunci rahasia %s sudah ada; pindahkan dulu", path);
        rc = -1;
    }
    if (rc != 0) sodium_memzero(key, SECRET_KEY_BYTES);
    return rc;
}

int secret_key_load(const char *path, int create, int *created, char *err, size_t errlen)
{
    if (created) *created = 0;
    int rc = read_key(path, err, errlen);
    if (rc != 1) return rc;
    if (!create) {
        snprintf(err, errlen, "berkas kunci rahasia %s tidak ada, padahal basis data sudah menyimpan "
                              "rahasia kanal terenkripsi. Salin berkas kunci dari server sebelumnya "
                              "ke sana (atau tunjuk dengan --secret-key-file atau "
                              "BALAI_SECRET_KEY_FILE); kunci baru tidak dapat membuka rahasia itu",
                 path);
        return -1;
    }
    if (create_key(path, err, errlen) != 0) return -1;
    rc = read_key(path, err, errlen);
    if (rc == 1) {
        snprintf(err, errlen, "berkas kunci rahasia %s hilang tepat setelah dibuat", path);
        return -1;
    }
    if (rc == 0 && created) *created = 1;
    return rc;
}

int secret_is_sealed(const char *stored)
{
    return stored && strncmp(stored, SECRET_PREFIX, PREFIX_LEN) == 0;
}

char *secret_seal(const char *plain, const char *ad)
{
    return have_key ? secret_seal_with(the_key, plain, ad) : NULL;
}

char *secret_seal_with(const unsigned char key[SECRET_KEY_BYTES], const char *plain,
                       const char *ad)
{
    if (!plain) return NULL;
    size_t plen = strlen(plain), rawlen = NONCE + plen + MAC;
    unsigned char *raw = malloc(rawlen);
    size_t b64len = sodium_base64_ENCODED_LEN(rawlen, sodium_base64_VARIANT_ORIGINAL);
    char *out = malloc(PREFIX_LEN + b64len);
    if (!raw || !out) {
        free(raw);
        free(out);
        return NULL;
    }
    randombytes_buf(raw, NONCE);
    unsigned long long clen = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(raw + NONCE, &clen, (const unsigned char *)plain,
                                               plen, (const unsigned char *)ad, strlen(ad), NULL,
                                               raw, key);
    memcpy(out, SECRET_PREFIX, PREFIX_LEN);
    sodium_bin2base64(out + PREFIX_LEN, b64len, raw, NONCE + (size_t)clen,
                      sodium_base64_VARIANT_ORIGINAL);
    free(raw);          /* nonce and ciphertext only: nothing to wipe */
    return out;
}

int secret_open(const char *stored, const char *ad, char *out, size_t n)
{
    if (!n) return SECRET_TOOLONG;
    out[0] = '\0';
    if (!stored) return SECRET_PLAIN;
    if (!secret_is_sealed(stored)) {
        if (strlen(stored) >= n) return SECRET_TOOLONG;
        memcpy(out, stored, strlen(stored) + 1);
        return SECRET_PLAIN;
    }
    if (!have_key) return SECRET_NOKEY;
    const char *b64 = stored + PREFIX_LEN;
    size_t cap = strlen(b64) / 4 * 3 + 3, rawlen = 0;
    unsigned char *raw = malloc(cap);
    if (!raw) return SECRET_BAD;
    int rc = SECRET_BAD;
    if (sodium_base642bin(raw, cap, b64, strlen(b64), NULL, &rawlen, NULL,
                          sodium_base64_VARIANT_ORIGINAL) == 0 && rawlen >= NONCE + MAC) {
        size_t plen = rawlen - NONCE - MAC;
        unsigned long long got = 0;
        if (plen >= n)
            rc = SECRET_TOOLONG;
        else if (crypto_aead_xchacha20poly1305_ietf_decrypt(
                     (unsigned char *)out, &got, NULL, raw + NONCE, rawlen - NONCE,
                     (const unsigned char *)ad, strlen(ad), raw, the_key) == 0) {
            out[got] = '\0';
            rc = SECRET_OK;
        }
    }
    if (rc != SECRET_OK) sodium_memzero(out, n), out[0] = '\0';
    free(raw);
    return rc;
}

int secret_mac(const char *msg, unsigned char out[32])
{
    if (!have_key) return -1;
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, the_key, sizeof the_key);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)msg, strlen(msg));
    crypto_auth_hmacsha256_final(&st, out);
    return 0;
}
