/* webpush: the cryptography of Web Push, so that a browser that allowed
 * notifications hears of a reply after its page was closed. Two parts:
 *
 *  - the message body, encrypted for one subscription as RFC 8291 says
 *    (ECDH on P-256 with a fresh key per message, HKDF-SHA-256 with the
 *    subscription's auth secret, then RFC 8188's "aes128gcm" coding: a
 *    header of salt, record size 4096 and our ephemeral public key as the
 *    key id, and one AES-128-GCM record ending in the delimiter 0x02);
 *  - the VAPID Authorization header (RFC 8292): a JWT signed with ES256
 *    (r||s, 64 bytes) whose audience is the push service's origin, plus our
 *    public key.
 *
 * OpenSSL 3's EVP interfaces do the curve, the MAC and the cipher. Nothing
 * here talks to the network or the database. Base64url is without padding,
 * as the Push API writes it. */
#ifndef BALAI_WEBPUSH_H
#define BALAI_WEBPUSH_H
#include <stddef.h>
#include <stdint.h>

#define WEBPUSH_PUB_BYTES 65        /* uncompressed P-256 point: 0x04 || x || y */
#define WEBPUSH_PRIV_BYTES 32
#define WEBPUSH_AUTH_BYTES 16
#define WEBPUSH_SALT_BYTES 16
#define WEBPUSH_RS 4096             /* record size we announce */
/* salt, rs, idlen, key id; then the record's delimiter and GCM tag */
#define WEBPUSH_HEADER_BYTES (WEBPUSH_SALT_BYTES + 4 + 1 + WEBPUSH_PUB_BYTES)
#define WEBPUSH_OVERHEAD (WEBPUSH_HEADER_BYTES + 1 + 16)
/* the most plaintext one body carries (push services take 4096 bytes) */
#define WEBPUSH_PLAIN_MAX (4096 - WEBPUSH_OVERHEAD)

/* The body for subscription keys ua_pub/auth: out must hold
 * len + WEBPUSH_OVERHEAD bytes; *outlen gets the size. 0, or -1 (a key
 * that is not a point on the curve, plaintext over WEBPUSH_PLAIN_MAX). */
int webpush_encrypt(const unsigned char ua_pub[WEBPUSH_PUB_BYTES],
                    const unsigned char auth[WEBPUSH_AUTH_BYTES], const void *plain, size_t len,
                    unsigned char *out, size_t *outlen);

/* The same with a given ephemeral private key and salt instead of random
 * ones: only for tests (RFC 8291 Appendix A). */
int webpush_encrypt_with(const unsigned char ua_pub[WEBPUSH_PUB_BYTES],
                         const unsigned char auth[WEBPUSH_AUTH_BYTES],
                         const unsigned char as_priv[WEBPUSH_PRIV_BYTES],
                         const unsigned char salt[WEBPUSH_SALT_BYTES], const void *plain,
                         size_t len, unsigned char *out, size_t *outlen);

/* A new P-256 key pair (the VAPID key). 0 or -1. */
int webpush_keygen(unsigned char priv[WEBPUSH_PRIV_BYTES], unsigned char pub[WEBPUSH_PUB_BYTES]);

/* 1 when pub is an uncompressed point on P-256, else 0. */
int webpush_point_ok(const unsigned char pub[WEBPUSH_PUB_BYTES]);

/* "https://host[:port]" of an http(s) URL into out; 0, or -1 when the URL
 * has no such start or odd characters in its host. */
int webpush_origin(const char *url, char *out, size_t n);

/* "vapid t=<JWT>, k=<public key>" for a POST to `endpoint`: claims aud (the
 * endpoint's origin), exp and sub (a mailto: or https: contact). 0 or -1. */
int webpush_vapid_header(const unsigned char priv[WEBPUSH_PRIV_BYTES],
                         const unsigned char pub[WEBPUSH_PUB_BYTES], const char *endpoint,
                         const char *sub, int64_t exp, char *out, size_t n);

/* Base64url without padding of n bytes into out (a NUL-terminated text);
 * 0, or -1 when out is too small. */
int webpush_b64(const unsigned char *p, size_t n, char *out, size_t outn);

/* Decodes base64url (padding tolerated) into out (max bytes): the number
 * of bytes, or -1 on a bad character or too long an input. */
long webpush_unb64(const char *s, unsigned char *out, size_t max);

#endif
