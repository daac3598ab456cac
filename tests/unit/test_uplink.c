/* Unit tests for upload-link tokens (core/uplink.c) and the files store
 * (util/filestore.c): a link's token is never in what is stored (the
 * masked text and the hash), comes back whole only with the process key,
 * and opens exactly the stored hash; files are 0600 in a 0700 folder,
 * named by random keys, and keys that are paths are refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/secret.h"
#include "core/uplink.h"
#include "util/filestore.h"

static void use_key(unsigned char fill)
{
    unsigned char k[SECRET_KEY_BYTES];
    memset(k, fill, sizeof k);
    secret_key_set(k);
}

/* the 64-hex token that follows "/unggah/" in text, or "" */
static void token_in(const char *text, char out[65])
{
    const char *p = strstr(text, "/unggah/");
    out[0] = '\0';
    if (p && strspn(p + 8, "0123456789abcdef") >= 64) snprintf(out, 65, "%.64s", p + 8);
}

static void test_masked_link_reveals_to_the_stored_hash(void **state)
{
    (void)state;
    use_key(7);
    char masked[UPLINK_MASKED_MAX], hash[65], text[200], token[65], again[65];
    assert_int_equal(uplink_new(masked, hash), 0);
    assert_int_equal(strspn(masked, "0123456789abcdef"), 32);
    assert_string_equal(masked + 32, "\xe2\x80\xa6");
    snprintf(text, sizeof text, "Unggah di https://x.go.id/unggah/%s ya. Lagi: /unggah/%s.", masked,
             masked);
    char *whole = uplink_reveal(text);
    token_in(whole, token);
    assert_int_equal(strlen(token), 64);
    assert_memory_equal(token, masked, 32);
    uplink_hash(token, again);
    assert_string_equal(again, hash);
    assert_null(strstr(whole, "\xe2\x80\xa6"));
    assert_non_null(strstr(whole, " ya. Lagi: /unggah/"));
    free(whole);
}

static void test_another_key_or_no_key_does_not_open_it(void **state)
{
    (void)state;
    use_key(7);
    char masked[UPLINK_MASKED_MAX], hash[65], text[100], token[65], h2[65];
    assert_int_equal(uplink_new(masked, hash), 0);
    snprintf(text, sizeof text, "/unggah/%s", masked);
    use_key(8);
    char *other = uplink_reveal(text);
    token_in(other, token);
    uplink_hash(token, h2);
    assert_string_not_equal(h2, hash);
    free(other);
    secret_key_forget();
    char *none = uplink_reveal(text);
    assert_string_equal(none, text);
    free(none);
    assert_int_equal(uplink_new(masked, hash), -1);
}

static void test_text_without_masked_links_is_unchanged(void **state)
{
    (void)state;
    use_key(7);
    const char *cases[] = {"", "tanpa tautan", "/unggah/", "/unggah/abc\xe2\x80\xa6",
                           "/unggah/0123456789abcdef0123456789ABCDEF\xe2\x80\xa6"};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *out = uplink_reveal(cases[i]);
        assert_string_equal(out, cases[i]);
        free(out);
    }
}

static void test_whole_links_are_masked(void **state)
{
    (void)state;
    char *out = uplink_mask("a /unggah/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef "
                            "b /unggah/0123 c");
    assert_string_equal(out, "a /unggah/0123456789abcdef0123456789abcdef\xe2\x80\xa6 b /unggah/0123 c");
    free(out);
}

static void test_files_are_private_and_keys_are_not_paths(void **state)
{
    (void)state;
    char dir[] = "/tmp/balai-unit-files-XXXXXX", sub[64], err[200], key[FILESTORE_KEY_LEN + 1],
         sha[65];
    assert_non_null(mkdtemp(dir));
    snprintf(sub, sizeof sub, "%s/f", dir);
    assert_int_equal(filestore_init(sub, err, sizeof err), 0);
    struct stat st;
    assert_int_equal(stat(sub, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);
    assert_int_equal(filestore_put("halo", 4, key, sha), 0);
    assert_int_equal(strspn(key, "0123456789abcdef"), FILESTORE_KEY_LEN);
    char path[200];
    snprintf(path, sizeof path, "%s/%s", sub, key);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    unsigned char h[32];
    char hex[65];
    crypto_hash_sha256(h, (const unsigned char *)"halo", 4);
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    assert_string_equal(sha, hex);
    struct buf b;
    buf_init(&b, 0);
    assert_int_equal(filestore_get(key, &b), 0);
    assert_int_equal(b.len, 4);
    assert_memory_equal(b.p, "halo", 4);
    buf_reset(&b);
    assert_int_equal(filestore_get("../../etc/passwd", &b), -1);
    buf_free(&b);
    /* an aborted file leaves nothing behind */
    struct fs_tmp t;
    assert_int_equal(filestore_begin(&t), 0);
    assert_int_equal(filestore_write(&t, "x", 1), 0);
    char tmp[600];
    snprintf(tmp, sizeof tmp, "%s", t.path);
    filestore_abort(&t);
    assert_int_not_equal(access(tmp, F_OK), 0);
    filestore_remove(key);
    assert_int_not_equal(access(path, F_OK), 0);
    rmdir(sub);
    rmdir(dir);
}

int main(void)
{
    if (sodium_init() < 0) return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_masked_link_reveals_to_the_stored_hash),
        cmocka_unit_test(test_another_key_or_no_key_does_not_open_it),
        cmocka_unit_test(test_text_without_masked_links_is_unchanged),
        cmocka_unit_test(test_whole_links_are_masked),
        cmocka_unit_test(test_files_are_private_and_keys_are_not_paths),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
