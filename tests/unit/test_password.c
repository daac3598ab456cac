/* Unit tests for core/password: the policy staff meet when they pick a
 * password (with the Indonesian message they see), Argon2id hashing, and the
 * lockout schedule after failed logins. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <string.h>

#include "core/password.h"

static void accepted(const char *pw, const char *user)
{
    char err[200] = "";
    if (password_policy(pw, user, err, sizeof err) != 0)
        fail_msg("\"%s\" (user %s) refused: %s", pw, user ? user : "-", err);
    assert_string_equal(err, "");
}

static void refused(const char *pw, const char *user, const char *msg)
{
    char err[200] = "";
    assert_int_equal(password_policy(pw, user, err, sizeof err), -1);
    assert_string_equal(err, msg);
}

static void test_policy_length(void **state)
{
    refused("", "petugas.jelitik", "Kata sandi minimal 10 karakter.");
    refused("Ab#12345x", "petugas.jelitik", "Kata sandi minimal 10 karakter.");   /* 9 */
    accepted("Ab#12345xy", "petugas.jelitik");                                     /* 10 */
    char longpw[PASSWORD_MAX + 2];
    memset(longpw, 'a', PASSWORD_MAX);
    longpw[0] = 'B';
    longpw[PASSWORD_MAX] = '\0';
    accepted(longpw, "petugas.jelitik");                                           /* 128 */
    longpw[PASSWORD_MAX] = 'c';
    longpw[PASSWORD_MAX + 1] = '\0';
    refused(longpw, "petugas.jelitik", "Kata sandi paling panjang 128 karakter."); /* 129 */
}

static void test_policy_username(void **state)
{
    const char *msg = "Kata sandi tidak boleh sama dengan nama pengguna.";
    refused("petugas.jelitik", "petugas.jelitik", msg);
    refused("Petugas.Jelitik", "petugas.jelitik", msg);
    refused("PETUGAS.JELITIK", "petugas.jelitik", msg);
    /* containing the name is allowed; only the same text is refused */
    accepted("petugas.jelitik!2026", "petugas.jelitik");
    /* no username (e.g. CLI before the account exists) skips the rule */
    accepted("lurah.jelitik", NULL);
}

static void test_policy_repeated(void **state)
{
    const char *msg = "Kata sandi tidak boleh hanya satu karakter yang diulang.";
    refused("aaaaaaaaaa", "lurah.jelitik", msg);
    refused("1111111111111111", "lurah.jelitik", msg);
    refused("..........", "lurah.jelitik", msg);
    accepted("aaaaaaaaab", "lurah.jelitik");
    accepted("baaaaaaaaa", "lurah.jelitik");
}

static void test_policy_common(void **state)
{
    const char *msg = "Kata sandi ini terlalu umum dan mudah ditebak. Pilih kata sandi lain.";
    refused("1234567890", "lurah.jelitik", msg);
    refused("password123", "lurah.jelitik", msg);
    refused("Password123", "lurah.jelitik", msg);      /* case does not help */
    refused("BISMILLAH123", "lurah.jelitik", msg);
    refused("merdeka1945", "lurah.jelitik", msg);
    refused("indonesia123", "lurah.jelitik", msg);
    refused("kelurahan123", "lurah.jelitik", msg);
    accepted("Demo#Balai2026", "lurah.jelitik");
    accepted("kopi susu di warung pagi", "lurah.jelitik");
    accepted("Sungailiat-Jelitik-07", "lurah.jelitik");
}

static void test_policy_message_fits(void **state)
{
    /* a small buffer is truncated, never overrun */
    char err[12];
    memset(err, 'Z', sizeof err);
    assert_int_equal(password_policy("short", "x", err, sizeof err), -1);
    assert_int_equal(strlen(err), sizeof err - 1);
}

static void test_hash_round_trip(void **state)
{
    char h[PASSWORD_HASH_MAX];
    assert_int_equal(password_hash("Demo#Balai2026", h), 0);
    assert_true(strncmp(h, "$argon2id$", 10) == 0);
    assert_true(strlen(h) < PASSWORD_HASH_MAX);
    assert_int_equal(password_verify(h, "Demo#Balai2026"), 1);
    assert_int_equal(password_verify(h, "demo#balai2026"), 0);
    assert_int_equal(password_verify(h, "Demo#Balai2026 "), 0);
    assert_int_equal(password_verify(h, "Demo#Balai202"), 0);
    assert_int_equal(password_verify(h, ""), 0);
    assert_int_equal(password_verify(h, NULL), 0);
    assert_int_equal(password_verify(NULL, "Demo#Balai2026"), 0);
    assert_int_equal(password_verify("", "Demo#Balai2026"), 0);
    assert_int_equal(password_verify("not a hash", "Demo#Balai2026"), 0);
    /* salted: the same password hashes differently each time, both verify */
    char h2[PASSWORD_HASH_MAX];
    assert_int_equal(password_hash("Demo#Balai2026", h2), 0);
    assert_string_not_equal(h, h2);
    assert_int_equal(password_verify(h2, "Demo#Balai2026"), 1);
    /* non-ASCII passwords work byte for byte */
    assert_int_equal(password_hash("kata sandi rahasia ✓ ñ", h), 0);
    assert_int_equal(password_verify(h, "kata sandi rahasia ✓ ñ"), 1);
    assert_int_equal(password_verify(h, "kata sandi rahasia ✓ n"), 0);
}

static void test_dummy_hash(void **state)
{
    const char *d = password_dummy_hash();
    assert_non_null(d);
    assert_true(strncmp(d, "$argon2id$", 10) == 0);
    assert_ptr_equal(password_dummy_hash(), d);      /* made once */
    assert_int_equal(password_verify(d, ""), 0);
    assert_int_equal(password_verify(d, "Demo#Balai2026"), 0);
}

static void test_backoff_schedule(void **state)
{
    for (int f = -1; f < LOGIN_FREE_ATTEMPTS; f++) assert_int_equal(login_backoff_seconds(f), 0);
    assert_int_equal(LOGIN_FREE_ATTEMPTS, 5);
    assert_int_equal(login_backoff_seconds(5), 60);
    assert_int_equal(login_backoff_seconds(6), 120);
    assert_int_equal(login_backoff_seconds(7), 240);
    assert_int_equal(login_backoff_seconds(8), 480);
    assert_int_equal(login_backoff_seconds(9), 960);
    assert_int_equal(login_backoff_seconds(10), 1920);
    assert_int_equal(login_backoff_seconds(11), 3600);    /* 3840 capped */
    assert_int_equal(login_backoff_seconds(12), 3600);
    assert_int_equal(login_backoff_seconds(70), 3600);    /* no shift overflow */
    assert_int_equal(login_backoff_seconds(1000000), 3600);
    /* never shorter with more failures */
    int64_t last = 0;
    for (int f = 0; f < 200; f++) {
        int64_t s = login_backoff_seconds(f);
        assert_true(s >= last);
        assert_true(s <= 3600);
        last = s;
    }
}

int main(void)
{
    if (sodium_init() < 0) return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_policy_length),
        cmocka_unit_test(test_policy_username),
        cmocka_unit_test(test_policy_repeated),
        cmocka_unit_test(test_policy_common),
        cmocka_unit_test(test_policy_message_fits),
        cmocka_unit_test(test_hash_round_trip),
        cmocka_unit_test(test_dummy_hash),
        cmocka_unit_test(test_backoff_schedule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
