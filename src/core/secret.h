/* secret: values encrypted at rest (channel tokens and app secrets) with
 * one 32-byte key that lives in a file outside the database, so a copy of
 * the database alone (a backup, a dump handed to a vendor) does not give
 * away the offices' WhatsApp and Telegram access.
 *
 * A sealed value is the text "enc1:" + base64(nonce || ciphertext) of
 * XChaCha20-Poly1305 with a random 24-byte nonce per value. The associated
 * data names where the value belongs (e.g. "channel:12:whatsapp:token"), so
 * a ciphertext copied into another row or column does not open. A value
 * without the prefix is a legacy plaintext and is returned as it is.
 *
 * The process holds one key (read-only once loaded, so threads share it).
 * Plaintexts are only ever written into caller buffers that the caller
 * wipes with sodium_memzero after use. */
#ifndef BALAI_SECRET_H
#define BALAI_SECRET_H
#include <stddef.h>

#define SECRET_KEY_BYTES 32
#define SECRET_PREFIX "enc1:"

enum secret_rc {
    SECRET_OK = 0,          /* opened a sealed value */
    SECRET_PLAIN = 1,       /* a legacy plaintext, copied as it is */
    SECRET_BAD = -1,        /* does not open: another key, tampered, or moved */
    SECRET_NOKEY = -2,      /* sealed, but no key is loaded in this process */
    SECRET_TOOLONG = -3,    /* the plaintext does not fit the buffer */
};

/* Where the key file is: `given` (--secret-key-file), else the environment
 * variable BALAI_SECRET_KEY_FILE, else next to a SQLite database
 * ("<file>.key"), else for PostgreSQL "balai.key" in the working
 * directory. */
void secret_key_path(const char *given, const char *db_url, char *out, size_t n);

/* Loads the key from `path`. When the file does not exist and `create` is
 * set, makes a new random key there (mode 0600, atomically: two processes
 * starting together end up with the same key) and sets *created. Refuses a
 * file that group or others may read, or that is not exactly 32 bytes.
 * Returns 0, or -1 with an Indonesian message in err. */
int secret_key_load(const char *path, int create, int *created, char *err, size_t errlen);

/* Makes a new random key file at `path` (mode 0600; fails if the file
 * exists) and gives its bytes in key, which the caller wipes. For key
 * rotation: the process key is not changed. Returns 0 or -1 with err. */
int secret_key_create(const char *path, unsigned char key[SECRET_KEY_BYTES], char *err,
                      size_t errlen);

/* Uses `key` as the process key (tests, key rotation). */
void secret_key_set(const unsigned char key[SECRET_KEY_BYTES]);
/* Wipes the process key; sealed values no longer open. */
void secret_key_forget(void);
int secret_key_loaded(void);
/* The path the key was loaded from ("" when set directly). */
const char *secret_key_file(void);

/* 1 if `stored` is a sealed value (has the prefix). */
int secret_is_sealed(const char *stored);

/* Seals `plain` bound to `ad`. Returns a malloc'd "enc1:..." string, or
 * NULL with no key loaded or out of memory. */
char *secret_seal(const char *plain, const char *ad);

/* The same with an explicit key instead of the process key. */
char *secret_seal_with(const unsigned char key[SECRET_KEY_BYTES], const char *plain,
                       const char *ad);

/* Opens `stored` bound to `ad` into out (n bytes, NUL-terminated; "" on
 * any failure). See enum secret_rc. */
int secret_open(const char *stored, const char *ad, char *out, size_t n);

/* HMAC-SHA256 of msg under the process key (upload-link tokens,
 * core/uplink.h). 0, or -1 with no key loaded. */
int secret_mac(const char *msg, unsigned char out[32]);

#endif
