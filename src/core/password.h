/* password: the password policy, Argon2id hashing (libsodium) and the
 * back-off after failed logins. */
#ifndef BALAI_PASSWORD_H
#define BALAI_PASSWORD_H
#include <stddef.h>
#include <stdint.h>

#define PASSWORD_MIN 10
#define PASSWORD_MAX 128
#define PASSWORD_HASH_MAX 128

/* Checks a new password. 0 if acceptable, else -1 and a message in Bahasa
 * Indonesia in err: too short/long, same as the username, one repeated
 * character, or a commonly used password. */
int password_policy(const char *pw, const char *username, char *err, size_t errlen);

/* Argon2id (libsodium's interactive limits). 0 or -1 (out of memory). */
int password_hash(const char *pw, char out[PASSWORD_HASH_MAX]);
/* 1 if pw matches hash, 0 otherwise. */
int password_verify(const char *hash, const char *pw);
/* Hash compared against when the username does not exist, so a login for an
 * unknown name takes as long as one for a known name. */
const char *password_dummy_hash(void);

/* Failed logins before the account locks, and how long it locks after
 * `failures` consecutive failures: 0 below the threshold, then 1 minute
 * doubling with every further failure, at most 60 minutes. */
#define LOGIN_FREE_ATTEMPTS 5
int64_t login_backoff_seconds(int failures);

#endif
