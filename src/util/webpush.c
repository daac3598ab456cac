/* webpush: see webpush.h. Every secret that passes through a stack buffer
 * here (shared secret, keys, private scalar) is wiped before returning. */
#include "util/webpush.h"
#include <jansson.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* pub = priv·G on P-256, uncompressed. 0 or -1 (a scalar out of range). */
static int public_of(const unsigned char priv[WEBPUSH_PRIV_BYTES],
                     unsigned char pub[WEBPUSH_PUB_BYTES])
{
    EC_GROUP *g = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
    EC_POINT *p = g ? EC_POINT_new(g) : NULL;
    BIGNUM *d = BN_bin2bn(priv, WEBPUSH_PRIV_BYTES, NULL);
    int ok = p && d && !BN_is_zero(d) && BN_cmp(d, EC_GROUP_get0_order(g)) < 0 &&
             EC_POINT_mul(g, p, d, NULL, NULL, NULL) == 1 &&
             EC_POINT_point2oct(g, p, POINT_CONVERSION_UNCOMPRESSED, pub, WEBPUSH_PUB_BYTES,
                                NULL) == WEBPUSH_PUB_BYTES;
    BN_clear_free(d);
    EC_POINT_free(p);
    EC_GROUP_free(g);
    return ok ? 0 : -1;
}

/* An EVP key from a public point, with the private scalar when priv is
 * given. OpenSSL refuses a point that is not on the curve. NULL on error. */
static EVP_PKEY *key_from(const unsigned char *priv, const unsigned char pub[WEBPUSH_PUB_BYTES])
{
    OSSL_PARAM_BLD *b = OSSL_PARAM_BLD_new();
    BIGNUM *d = priv ? BN_bin2bn(priv, WEBPUSH_PRIV_BYTES, NULL) : NULL;
    OSSL_PARAM *params = NULL;
    EVP_PKEY_CTX *ctx = NULL;
    EVP_PKEY *k = NULL;
    int ok = b && (!priv || d) && pub[0] == 0x04 &&
             OSSL_PARAM_BLD_push_utf8_string(b, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) &&
             OSSL_PARAM_BLD_push_octet_string(b, OSSL_PKEY_PARAM_PUB_KEY, pub,
                                              WEBPUSH_PUB_BYTES) &&
             (!d || OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_PRIV_KEY, d)) &&
             (params = OSSL_PARAM_BLD_to_param(b)) != NULL &&
             (ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL)) != NULL &&
             EVP_PKEY_fromdata_init(ctx) > 0;
    if (ok && EVP_PKEY_fromdata(ctx, &k, d ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, params) <= 0)
        k = NULL;
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    BN_clear_free(d);
    OSSL_PARAM_BLD_free(b);
    return k;
}

int webpush_point_ok(const unsigned char pub[WEBPUSH_PUB_BYTES])
{
    EVP_PKEY *k = key_from(NULL, pub);
    EVP_PKEY_free(k);
    return k != NULL;
}

static int hmac(const unsigned char *key, size_t klen, const unsigned char *data, size_t dlen,
                unsigned char out[32])
{
    size_t n = 0;
    return EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, key, klen, data, dlen, out, 32, &n) &&
                   n == 32 ? 0 : -1;
}

/* The ECDH shared secret (the x coordinate, 32 bytes). */
static int ecdh(EVP_PKEY *mine, EVP_PKEY *peer, unsigned char out[32])
{
    EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(mine, NULL);
    size_t n = 32;
    int ok = c && EVP_PKEY_derive_init(c) > 0 && EVP_PKEY_derive_set_peer(c, peer) > 0 &&
             EVP_PKEY_derive(c, out, &n) > 0 && n == 32;
    EVP_PKEY_CTX_free(c);
    return ok ? 0 : -1;
}

/* RFC 8291 §3.3-3.4 and RFC 8188 §2.2: the content key (16 bytes) and the
 * nonce (12 bytes) from the shared secret, auth secret, both public keys
 * and the salt. Each HKDF-Expand is one HMAC block (T(1)). */
static int derive(const unsigned char secret[32], const unsigned char auth[WEBPUSH_AUTH_BYTES],
                  const unsigned char ua_pub[WEBPUSH_PUB_BYTES],
                  const unsigned char as_pub[WEBPUSH_PUB_BYTES],
                  const unsigned char salt[WEBPUSH_SALT_BYTES], unsigned char cek[16],
                  unsigned char nonce[12])
{
    static const char key_label[] = "WebPush: info";            /* + its NUL */
    static const char cek_info[] = "Content-Encoding: aes128gcm\0\1";
    static const char nonce_info[] = "Content-Encoding: nonce\0\1";
    unsigned char info[sizeof key_label + 2 * WEBPUSH_PUB_BYTES + 1];
    unsigned char prk_key[32], ikm[32], prk[32], t[32];
    memcpy(info, key_label, sizeof key_label);
    memcpy(info + sizeof key_label, ua_pub, WEBPUSH_PUB_BYTES);
    memcpy(info + sizeof key_label + WEBPUSH_PUB_BYTES, as_pub, WEBPUSH_PUB_BYTES);
    info[sizeof info - 1] = 1;
    int rc = hmac(auth, WEBPUSH_AUTH_BYTES, secret, 32, prk_key);         /* extract */
    if (rc == 0) rc = hmac(prk_key, 32, info, sizeof info, ikm);          /* expand */
    if (rc == 0) rc = hmac(salt, WEBPUSH_SALT_BYTES, ikm, 32, prk);       /* extract */
    if (rc == 0) rc = hmac(prk, 32, (const unsigned char *)cek_info, sizeof cek_info - 1, t);
    if (rc == 0) memcpy(cek, t, 16);
    if (rc == 0) rc = hmac(prk, 32, (const unsigned char *)nonce_info, sizeof nonce_info - 1, t);
    if (rc == 0) memcpy(nonce, t, 12);
    OPENSSL_cleanse(prk_key, sizeof prk_key);
    OPENSSL_cleanse(ikm, sizeof ikm);
    OPENSSL_cleanse(prk, sizeof prk);
    OPENSSL_cleanse(t, sizeof t);
    return rc;
}

/* One AES-128-GCM record: plaintext, the last-record delimiter 0x02, then
 * the 16-byte tag. Returns the bytes written or -1. */
static long seal_record(const unsigned char cek[16], const unsigned char nonce[12],
                        const unsigned char *plain, size_t len, unsigned char *out)
{
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    static const unsigned char delim = 0x02;
    int n1 = 0, n2 = 0, n3 = 0;
    int ok = c && EVP_EncryptInit_ex2(c, EVP_aes_128_gcm(), cek, nonce, NULL) == 1 &&
             EVP_EncryptUpdate(c, out, &n1, plain, (int)len) == 1 &&
             EVP_EncryptUpdate(c, out + n1, &n2, &delim, 1) == 1 &&
             EVP_EncryptFinal_ex(c, out + n1 + n2, &n3) == 1 &&
             EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, 16, out + n1 + n2 + n3) == 1;
    EVP_CIPHER_CTX_free(c);
    return ok ? (long)(n1 + n2 + n3 + 16) : -1;
}

int webpush_encrypt_with(const unsigned char ua_pub[WEBPUSH_PUB_BYTES],
                         const unsigned char auth[WEBPUSH_AUTH_BYTES],
                         const unsigned char as_priv[WEBPUSH_PRIV_BYTES],
                         const unsigned char salt[WEBPUSH_SALT_BYTES], const void *plain,
                         size_t len, unsigned char *out, size_t *outlen)
{
    unsigned char as_pub[WEBPUSH_PUB_BYTES], secret[32], cek[16], nonce[12];
    if (len > WEBPUSH_PLAIN_MAX || public_of(as_priv, as_pub) != 0) return -1;
    EVP_PKEY *mine = key_from(as_priv, as_pub), *peer = key_from(NULL, ua_pub);
    int rc = mine && peer ? ecdh(mine, peer, secret) : -1;
    if (rc == 0) rc = derive(secret, auth, ua_pub, as_pub, salt, cek, nonce);
    long n = -1;
    if (rc == 0) {
        /* header: salt, rs (uint32 big-endian), idlen, key id */
        memcpy(out, salt, WEBPUSH_SALT_BYTES);
        unsigned char *p = out + WEBPUSH_SALT_BYTES;
        p[0] = (WEBPUSH_RS >> 24) & 0xff;
        p[1] = (WEBPUSH_RS >> 16) & 0xff;
        p[2] = (WEBPUSH_RS >> 8) & 0xff;
        p[3] = WEBPUSH_RS & 0xff;
        p[4] = WEBPUSH_PUB_BYTES;
        memcpy(p + 5, as_pub, WEBPUSH_PUB_BYTES);
        n = seal_record(cek, nonce, plain, len, out + WEBPUSH_HEADER_BYTES);
    }
    if (n > 0) *outlen = WEBPUSH_HEADER_BYTES + (size_t)n;
    OPENSSL_cleanse(secret, sizeof secret);
    OPENSSL_cleanse(cek, sizeof cek);
    OPENSSL_cleanse(nonce, sizeof nonce);
    EVP_PKEY_free(mine);
    EVP_PKEY_free(peer);
    return n > 0 ? 0 : -1;
}

int webpush_keygen(unsigned char priv[WEBPUSH_PRIV_BYTES], unsigned char pub[WEBPUSH_PUB_BYTES])
{
    EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    BIGNUM *d = NULL;
    int ok = k && EVP_PKEY_get_bn_param(k, OSSL_PKEY_PARAM_PRIV_KEY, &d) == 1 &&
             BN_bn2binpad(d, priv, WEBPUSH_PRIV_BYTES) == WEBPUSH_PRIV_BYTES &&
             public_of(priv, pub) == 0;
    BN_clear_free(d);
    EVP_PKEY_free(k);
    if (!ok) OPENSSL_cleanse(priv, WEBPUSH_PRIV_BYTES);
    return ok ? 0 : -1;
}

int webpush_encrypt(const unsigned char ua_pub[WEBPUSH_PUB_BYTES],
                    const unsigned char auth[WEBPUSH_AUTH_BYTES], const void *plain, size_t len,
                    unsigned char *out, size_t *outlen)
{
    unsigned char priv[WEBPUSH_PRIV_BYTES], pub[WEBPUSH_PUB_BYTES], salt[WEBPUSH_SALT_BYTES];
    int rc = webpush_keygen(priv, pub) == 0 && RAND_bytes(salt, sizeof salt) == 1 ? 0 : -1;
    if (rc == 0) rc = webpush_encrypt_with(ua_pub, auth, priv, salt, plain, len, out, outlen);
    OPENSSL_cleanse(priv, sizeof priv);
    return rc;
}

int webpush_origin(const char *url, char *out, size_t n)
{
    size_t skip = strncmp(url, "https://", 8) == 0 ? 8 : strncmp(url, "http://", 7) == 0 ? 7 : 0;
    if (!skip) return -1;
    size_t i = skip, colon = 0;
    for (; url[i] && url[i] != '/'; i++) {
        char c = url[i];
        if (c == ':' && !colon) { colon = i; continue; }
        int host_char = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '-' ||
                        (c >= '0' && c <= '9');
        if (colon ? !(c >= '0' && c <= '9') : !host_char) return -1;
    }
    size_t host_end = colon ? colon : i;
    if (host_end == skip || (colon && colon + 1 == i) || i >= n) return -1;
    for (size_t k = 0; k < i; k++) {
        char c = url[k];
        out[k] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    out[i] = '\0';
    return 0;
}

int webpush_b64(const unsigned char *p, size_t n, char *out, size_t outn)
{
    if (outn < sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING)) return -1;
    sodium_bin2base64(out, outn, p, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return 0;
}

long webpush_unb64(const char *s, unsigned char *out, size_t max)
{
    size_t len = 0;
    const char *end = NULL;
    if (!s || sodium_base642bin(out, max, s, strlen(s), "=", &len, &end,
                                sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 || *end)
        return -1;
    return (long)len;
}

/* ES256 over msg: the raw r||s JWS wants, not OpenSSL's DER. */
static int es256(EVP_PKEY *k, const char *msg, unsigned char sig[64])
{
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    unsigned char der[80];
    size_t dl = sizeof der;
    ECDSA_SIG *s = NULL;
    int ok = c && EVP_DigestSignInit(c, NULL, EVP_sha256(), NULL, k) == 1 &&
             EVP_DigestSign(c, der, &dl, (const unsigned char *)msg, strlen(msg)) == 1;
    const unsigned char *p = der;
    if (ok) ok = (s = d2i_ECDSA_SIG(NULL, &p, (long)dl)) != NULL;
    if (ok) {
        const BIGNUM *r, *sv;
        ECDSA_SIG_get0(s, &r, &sv);
        ok = BN_bn2binpad(r, sig, 32) == 32 && BN_bn2binpad(sv, sig + 32, 32) == 32;
    }
    ECDSA_SIG_free(s);
    EVP_MD_CTX_free(c);
    return ok ? 0 : -1;
}

/* "<b64 header>.<b64 claims>" into out. */
static int jwt_unsigned(const char *aud, const char *sub, int64_t exp, char *out, size_t n)
{
    static const char header[] = "{\"typ\":\"JWT\",\"alg\":\"ES256\"}";
    json_t *c = json_pack("{s:s, s:I, s:s}", "aud", aud, "exp", (json_int_t)exp, "sub", sub);
    char *claims = c ? json_dumps(c, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(c);
    int rc = claims && webpush_b64((const unsigned char *)header, sizeof header - 1, out, n) == 0
                 ? 0 : -1;
    size_t at = rc == 0 ? strlen(out) : 0;
    if (rc == 0 && at + 2 < n) {
        out[at++] = '.';
        rc = webpush_b64((const unsigned char *)claims, strlen(claims), out + at, n - at);
    } else {
        rc = -1;
    }
    free(claims);
    return rc;
}

int webpush_vapid_header(const unsigned char priv[WEBPUSH_PRIV_BYTES],
                         const unsigned char pub[WEBPUSH_PUB_BYTES], const char *endpoint,
                         const char *sub, int64_t exp, char *out, size_t n)
{
    char aud[256], jwt[1024], sig_b64[96], key_b64[96];
    unsigned char sig[64];
    if (webpush_origin(endpoint, aud, sizeof aud) != 0 ||
        jwt_unsigned(aud, sub, exp, jwt, sizeof jwt) != 0)
        return -1;
    EVP_PKEY *k = key_from(priv, pub);
    int rc = k && es256(k, jwt, sig) == 0 && webpush_b64(sig, sizeof sig, sig_b64,
                                                         sizeof sig_b64) == 0 &&
                     webpush_b64(pub, WEBPUSH_PUB_BYTES, key_b64, sizeof key_b64) == 0 ? 0 : -1;
    EVP_PKEY_free(k);
    if (rc == 0) {
        int w = snprintf(out, n, "vapid t=%s.%s, k=%s", jwt, sig_b64, key_b64);
        if (w < 0 || (size_t)w >= n) rc = -1;
    }
    return rc;
}
