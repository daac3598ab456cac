/* password: see password.h. */
#include "core/password.h"
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* A few of the passwords most often found in Indonesian leak lists; the
 * length rule already removes most others. */
static const char *common[] = {
    "1234567890", "12345678910", "0123456789", "qwertyuiop", "password123",
    "password1234", "passw0rd123", "indonesia123", "bismillah123", "admin12345",
    "kelurahan123", "kecamatan123", "qwerty12345", "1q2w3e4r5t", "sayang12345",
    "iloveyou123", "merdeka1945", "jakarta123", "abcdefghij", "11223344556",
    NULL,
};

int password_policy(const char *pw, const char *username, char *err, size_t errlen)
{
    size_t n = strlen(pw);
    if (n < PASSWORD_MIN) {
        snprintf(err, errlen, "Kata sandi minimal %d karakter.", PASSWORD_MIN);
        return -1;
    }
    if (n > PASSWORD_MAX) {
        snprintf(err, errlen, "Kata sandi paling panjang %d karakter.", PASSWORD_MAX);
        return -1;
    }
    if (username && strcasecmp(pw, username) == 0) {
        snprintf(err, errlen, "Kata sandi tidak boleh sama dengan nama pengguna.");
        return -1;
    }
    size_t same = 0;
    while (same < n && pw[same] == pw[0]) same++;
    if (same == n) {
        snprintf(err, errlen, "Kata sandi tidak boleh hanya satu karakter yang diulang.");
        return -1;
    }
    for (int i = 0; common[i]; i++) {
        if (strcasecmp(pw, common[i]) == 0) {
            snprintf(err, errlen, "Kata sandi ini terlalu umum dan mudah ditebak. "
                     "Pilih kata sandi lain.");
            return -1;
        }
    }
    return 0;
}

int password_hash(const char *pw, char out[PASSWORD_HASH_MAX])
{
    return crypto_pwhash_str(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0 ? 0 : -1;
}

int password_verify(const char *hash, const char *pw)
{
    if (!hash || !pw) return 0;
    return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

static char dummy[PASSWORD_HASH_MAX];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static void make_dummy(void)
{
    unsigned char r[16];
    char pw[33];
    randombytes_buf(r, sizeof r);
    sodium_bin2hex(pw, sizeof pw, r, sizeof r);
    if (password_hash(pw, dummy) != 0) dummy[0] = '\0';
}

const char *password_dummy_hash(void)
{
    pthread_once(&dummy_once, make_dummy);
    return dummy;
}

int64_t login_backoff_seconds(int failures)
{
    if (failures < LOGIN_FREE_ATTEMPTS) return 0;
    int extra = failures - LOGIN_FREE_ATTEMPTS;
    if (extra > 6) return 3600;
    int64_t s = 60LL << extra;
    return s > 3600 ? 3600 : s;
}
