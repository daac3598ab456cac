/* Web Push cryptography (util/webpush.c): the RFC 8291 Appendix A example
 * reproduced byte for byte, the VAPID JWT checked the way a push service
 * checks it (its ES256 signature verified with OpenSSL against the key in
 * k=, its claims read back), and the refusals: a point off the curve, a
 * body too large, odd endpoints. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <stdio.h>
#include <string.h>
#include "util/webpush.h"

/* RFC 8291, Appendix A */
static const char UA_PUBLIC[] =
    "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
static const char AS_PRIVATE[] = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
static const char AUTH[] = "BTBZMqHH6r4Tts7J_aSIgg";
static const char SALT[] = "DGv6ra1nlYgDCS1FRnbzlw";
static const char PLAINTEXT[] = "When I grow up, I want to be a watermelon";
static const char BODY[] =
    "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS"
    "6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Q"
    "ulcy4a-fN";

static void test_rfc8291_example(void **state)
{
    unsigned char ua[WEBPUSH_PUB_BYTES], auth[16], priv[32], salt[16], out[256];
    assert_int_equal(webpush_unb64(UA_PUBLIC, ua, sizeof ua), 65);
    assert_int_equal(webpush_unb64(AUTH, auth, sizeof auth), 16);
    assert_int_equal(webpush_unb64(AS_PRIVATE, priv, sizeof priv), 32);
    assert_int_equal(webpush_unb64(SALT, salt, sizeof salt), 16);
    size_t n = 0;
    assert_int_equal(webpush_encrypt_with(ua, auth, priv, salt, PLAINTEXT, strlen(PLAINTEXT), out,
                                          &n), 0);
    assert_int_equal(n, strlen(PLAINTEXT) + WEBPUSH_OVERHEAD);
    char b64[400];
    assert_int_equal(webpush_b64(out, n, b64, sizeof b64), 0);
    assert_string_equal(b64, BODY);
}

/* A fresh key and salt each time: two bodies differ, the header is right. */
static void test_random_bodies(void **state)
{
    unsigned char ua[65], auth[16], a[128], b[128];
    size_t na = 0, nb = 0;
    webpush_unb64(UA_PUBLIC, ua, sizeof ua);
    webpush_unb64(AUTH, auth, sizeof auth);
    assert_int_equal(webpush_encrypt(ua, auth, "hai", 3, a, &na), 0);
    assert_int_equal(webpush_encrypt(ua, auth, "hai", 3, b, &nb), 0);
    assert_int_equal(na, 3 + WEBPUSH_OVERHEAD);
    assert_int_equal(na, nb);
    assert_memory_not_equal(a, b, 16);                      /* salt */
    assert_int_equal(a[16] << 24 | a[17] << 16 | a[18] << 8 | a[19], 4096);
    assert_int_equal(a[20], 65);
    assert_int_equal(a[21], 0x04);
}

static void test_refusals(void **state)
{
    unsigned char ua[65], auth[16], out[4200];
    static unsigned char big[WEBPUSH_PLAIN_MAX + 1];
    size_t n = 0;
    webpush_unb64(UA_PUBLIC, ua, sizeof ua);
    webpush_unb64(AUTH, auth, sizeof auth);
    assert_int_equal(webpush_point_ok(ua), 1);
    assert_int_equal(webpush_encrypt(ua, auth, big, sizeof big, out, &n), -1);
    assert_int_equal(webpush_encrypt(ua, auth, big, sizeof big - 1, out, &n), 0);
    ua[40] ^= 1;                                            /* off the curve */
    assert_int_equal(webpush_point_ok(ua), 0);
    assert_int_equal(webpush_encrypt(ua, auth, "x", 1, out, &n), -1);
    assert_int_equal(webpush_unb64("ab$c", out, sizeof out), -1);
    assert_int_equal(webpush_unb64(AUTH, out, 8), -1);       /* longer than room */
}

static void test_origin(void **state)
{
    char o[128];
    assert_int_equal(webpush_origin("https://FCM.googleapis.com/fcm/send/abc", o, sizeof o), 0);
    assert_string_equal(o, "https://fcm.googleapis.com");
    assert_int_equal(webpush_origin("http://127.0.0.1:8080/p/1", o, sizeof o), 0);
    assert_string_equal(o, "http://127.0.0.1:8080");
    assert_int_equal(webpush_origin("https://user@evil.example/", o, sizeof o), -1);
    assert_int_equal(webpush_origin("https://a.example:/", o, sizeof o), -1);
    assert_int_equal(webpush_origin("ftp://a.example/", o, sizeof o), -1);
    assert_int_equal(webpush_origin("https:///x", o, sizeof o), -1);
}

/* Verifies an ES256 JWS (r||s) over msg with the P-256 point pub. */
static int verify(const unsigned char pub[65], const char *msg, const unsigned char sig[64])
{
    OSSL_PARAM_BLD *b = OSSL_PARAM_BLD_new();
    OSSL_PARAM_BLD_push_utf8_string(b, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0);
    OSSL_PARAM_BLD_push_octet_string(b, OSSL_PKEY_PARAM_PUB_KEY, pub, 65);
    OSSL_PARAM *p = OSSL_PARAM_BLD_to_param(b);
    EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
    EVP_PKEY *k = NULL;
    EVP_PKEY_fromdata_init(pc);
    EVP_PKEY_fromdata(pc, &k, EVP_PKEY_PUBLIC_KEY, p);
    ECDSA_SIG *s = ECDSA_SIG_new();
    ECDSA_SIG_set0(s, BN_bin2bn(sig, 32, NULL), BN_bin2bn(sig + 32, 32, NULL));
    unsigned char *der = NULL;
    int dl = i2d_ECDSA_SIG(s, &der);
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    int ok = k && EVP_DigestVerifyInit(c, NULL, EVP_sha256(), NULL, k) == 1 &&
             EVP_DigestVerify(c, der, (size_t)dl, (const unsigned char *)msg, strlen(msg)) == 1;
    EVP_MD_CTX_free(c);
    OPENSSL_free(der);
    ECDSA_SIG_free(s);
    EVP_PKEY_free(k);
    EVP_PKEY_CTX_free(pc);
    OSSL_PARAM_free(p);
    OSSL_PARAM_BLD_free(b);
    return ok;
}

static void test_vapid_jwt(void **state)
{
    unsigned char priv[32], pub[65], k[65], sig[64];
    char h[1200], claims_json[400];
    assert_int_equal(webpush_keygen(priv, pub), 0);
    assert_int_equal(webpush_vapid_header(priv, pub, "https://fcm.googleapis.com/fcm/send/x1",
                                          "mailto:admin@example.go.id", 1800000000, h, sizeof h),
                     0);
    assert_memory_equal(h, "vapid t=", 8);
    char *comma = strstr(h, ", k=");
    assert_non_null(comma);
    *comma = '\0';
    assert_int_equal(webpush_unb64(comma + 4, k, sizeof k), 65);
    assert_memory_equal(k, pub, 65);
    char *jwt = h + 8, *dot1 = strchr(jwt, '.'), *dot2 = strrchr(jwt, '.');
    assert_true(dot1 && dot2 && dot1 != dot2);
    assert_int_equal(webpush_unb64(dot2 + 1, sig, sizeof sig), 64);
    *dot2 = '\0';
    assert_true(verify(pub, jwt, sig));
    jwt[0] ^= 1;                                            /* a changed header fails */
    assert_false(verify(pub, jwt, sig));
    *dot1 = '\0';
    long n = webpush_unb64(dot1 + 1, (unsigned char *)claims_json, sizeof claims_json - 1);
    assert_true(n > 0);
    claims_json[n] = '\0';
    json_t *c = json_loads(claims_json, 0, NULL);
    assert_string_equal(json_string_value(json_object_get(c, "aud")), "https://fcm.googleapis.com");
    assert_int_equal(json_integer_value(json_object_get(c, "exp")), 1800000000);
    assert_string_equal(json_string_value(json_object_get(c, "sub")), "mailto:admin@example.go.id");
    json_decref(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc8291_example),
        cmocka_unit_test(test_random_bodies),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_origin),
        cmocka_unit_test(test_vapid_jwt),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
