/* Unit tests for channel secrets at rest: a sealed token opens only with the
 * same key and in the same place (office, kind, column) it was sealed for,
 * any change of the stored text is detected instead of yielding garbage,
 * old plaintext values keep working, and the key file is created private
 * and refused when others could read it or it has the wrong size. */
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

#include "channels/config.h"
#include "core/secret.h"

static const char *TOKEN = "EAAGtestToken0123456789abcdefWXYZ";
static const char *AD = "channel:7:whatsapp:token";

static void use_key(unsigned char fill)
{
    unsigned char k[SECRET_KEY_BYTES];
    memset(k, fill, sizeof k);
    secret_key_set(k);
}

static void round_trip(void **st)
{
    use_key(1);
    char *a = secret_seal(TOKEN, AD), *b = secret_seal(TOKEN, AD);
    assert_non_null(a);
    assert_non_null(b);
    assert_true(secret_is_sealed(a));
    assert_null(strstr(a, TOKEN));
    assert_null(strstr(a, "WXYZ"));
    /* a fresh nonce each time: equal tokens do not look equal at rest */
    assert_string_not_equal(a, b);
    char out[CHANNEL_SECRET_MAX];
    assert_int_equal(secret_open(a, AD, out, sizeof out), SECRET_OK);
    assert_string_equal(out, TOKEN);
    assert_int_equal(secret_open(b, AD, out, sizeof out), SECRET_OK);
    assert_string_equal(out, TOKEN);
    free(a);
    free(b);
    secret_key_forget();
}

static void tampered_value_does_not_open(void **st)
{
    use_key(2);
    char *a = secret_seal(TOKEN, AD);
    char out[CHANNEL_SECRET_MAX];
    size_t n = strlen(a);
    for (size_t i = strlen(SECRET_PREFIX); i < n; i += 7) {
        char keep = a[i];
        a[i] = a[i] == 'A' ? 'B' : 'A';
        int rc = secret_open(a, AD, out, sizeof out);
        assert_int_equal(rc, SECRET_BAD);
        assert_string_equal(out, "");
        a[i] = keep;
    }
    /* cut short, or not base64 at all */
    a[n - 8] = '\0';
    assert_int_equal(secret_open(a, AD, out, sizeof out), SECRET_BAD);
    assert_int_equal(secret_open("enc1:", AD, out, sizeof out), SECRET_BAD);
    assert_int_equal(secret_open("enc1:!!!!", AD, out, sizeof out), SECRET_BAD);
    free(a);
    secret_key_forget();
}

static void moved_value_does_not_open(void **st)
{
    use_key(3);
    char *a = secret_seal(TOKEN, AD);
    char out[CHANNEL_SECRET_MAX];
    assert_int_equal(secret_open(a, "channel:8:whatsapp:token", out, sizeof out), SECRET_BAD);
    assert_int_equal(secret_open(a, "channel:7:whatsapp:app_secret", out, sizeof out), SECRET_BAD);
    assert_int_equal(secret_open(a, "channel:7:telegram:token", out, sizeof out), SECRET_BAD);
    assert_string_equal(out, "");
    free(a);
    /* the channel helpers bind the same way */
    char *s = secret_seal("appsecret9f3c2e1d0b7a", "channel:7:whatsapp:app_secret");
    char why[400];
    assert_int_equal(channel_open_secret(7, "whatsapp", "app_secret", s, out, why, sizeof why), 0);
    assert_string_equal(out, "appsecret9f3c2e1d0b7a");
    assert_int_equal(channel_open_secret(9, "whatsapp", "app_secret", s, out, why, sizeof why), -1);
    assert_non_null(strstr(why, "Kunci rahasia tidak cocok"));
    free(s);
    secret_key_forget();
}

static void wrong_key_does_not_open(void **st)
{
    use_key(4);
    char *a = secret_seal(TOKEN, AD);
    use_key(5);
    char out[CHANNEL_SECRET_MAX];
    assert_int_equal(secret_open(a, AD, out, sizeof out), SECRET_BAD);
    assert_string_equal(out, "");
    secret_key_forget();
    assert_int_equal(secret_open(a, AD, out, sizeof out), SECRET_NOKEY);
    assert_null(secret_seal(TOKEN, AD));
    use_key(4);
    assert_int_equal(secret_open(a, AD, out, sizeof out), SECRET_OK);
    free(a);
    /* sealing with a given key (rotation) opens only with that key */
    unsigned char next[SECRET_KEY_BYTES];
    memset(next, 9, sizeof next);
    a = secret_seal_with(next, TOKEN, AD);
    assert_int_equal(secret_open(a, AD, out, sizeof out), SECRET_BAD);
    use_key(9);
    assert_int_equal(secret_open(a, AD, out, sizeof out), SECRET_OK);
    assert_string_equal(out, TOKEN);
    free(a);
    secret_key_forget();
}

static void legacy_plaintext_keeps_working(void **st)
{
    char out[CHANNEL_SECRET_MAX];
    /* no key is needed for a value stored before encryption existed */
    assert_int_equal(secret_open(TOKEN, AD, out, sizeof out), SECRET_PLAIN);
    assert_string_equal(out, TOKEN);
    assert_int_equal(secret_open("", AD, out, sizeof out), SECRET_PLAIN);
    assert_string_equal(out, "");
    assert_int_equal(channel_open_secret(7, "whatsapp", "token", TOKEN, out, NULL, 0), 0);
    assert_string_equal(out, TOKEN);
    char small[8];
    assert_int_equal(secret_open(TOKEN, AD, small, sizeof small), SECRET_TOOLONG);
    use_key(6);
    char *a = secret_seal(TOKEN, AD);
    assert_int_equal(secret_open(a, AD, small, sizeof small), SECRET_TOOLONG);
    assert_string_equal(small, "");
    free(a);
    secret_key_forget();
}

static void public_row_reports_wrong_key(void **st)
{
    use_key(7);
    char *tok = secret_seal(TOKEN, "channel:3:whatsapp:token");
    json_t *row = json_pack("{s:i, s:s, s:s, s:s, s:s, s:s}", "office_id", 3, "kind", "whatsapp",
                            "token", tok, "app_secret", "", "verify_token", "legacy-verify",
                            "last_error", "");
    json_t *p = channel_public(row);
    assert_string_equal(json_string_value(json_object_get(p, "token")), "••••WXYZ");
    assert_string_equal(json_string_value(json_object_get(p, "last_error")), "");
    json_decref(p);
    use_key(8);
    p = channel_public(row);
    assert_string_equal(json_string_value(json_object_get(p, "token")), "(kunci tidak cocok)");
    assert_non_null(strstr(json_string_value(json_object_get(p, "last_error")),
                           "Kunci rahasia tidak cocok"));
    /* the legacy plaintext next to it still masks as before */
    assert_string_equal(json_string_value(json_object_get(p, "verify_token")), "••••rify");
    json_decref(p);
    json_decref(row);
    free(tok);
    secret_key_forget();
}

static void key_path_defaults(void **st)
{
    char p[512];
    unsetenv("BALAI_SECRET_KEY_FILE");
    secret_key_path(NULL, "/srv/balai/balai.db", p, sizeof p);
    assert_string_equal(p, "/srv/balai/balai.db.key");
    secret_key_path(NULL, "postgresql://balai@db/balai", p, sizeof p);
    assert_string_equal(p, "balai.key");
    setenv("BALAI_SECRET_KEY_FILE", "/etc/balai/secret.key", 1);
    secret_key_path(NULL, "/srv/balai/balai.db", p, sizeof p);
    assert_string_equal(p, "/etc/balai/secret.key");
    secret_key_path("/run/k", "/srv/balai/balai.db", p, sizeof p);
    assert_string_equal(p, "/run/k");
    unsetenv("BALAI_SECRET_KEY_FILE");
}

static void key_file_created_private_and_checked(void **st)
{
    char dir[] = "/tmp/balai-secret-XXXXXX", path[600], err[800];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/balai.db.key", dir);
    int created = 0;
    /* missing and not to be created: refused, nothing made */
    assert_int_equal(secret_key_load(path, 0, &created, err, sizeof err), -1);
    assert_non_null(strstr(err, "tidak ada"));
    assert_int_equal(access(path, F_OK), -1);
    assert_int_equal(secret_key_load(path, 1, &created, err, sizeof err), 0);
    assert_int_equal(created, 1);
    struct stat s;
    assert_int_equal(stat(path, &s), 0);
    assert_int_equal(s.st_mode & 0777, 0600);
    assert_int_equal(s.st_size, SECRET_KEY_BYTES);
    assert_string_equal(secret_key_file(), path);
    char *a = secret_seal(TOKEN, AD);
    secret_key_forget();
    /* loading again gives the same key, and creates nothing new */
    assert_int_equal(secret_key_load(path, 1, &created, err, sizeof err), 0);
    assert_int_equal(created, 0);
    char out[CHANNEL_SECRET_MAX];
    assert_int_equal(secret_open(a, AD, out, sizeof out), SECRET_OK);
    assert_string_equal(out, TOKEN);
    secret_key_forget();
    /* readable by the group or others: refused with the fix */
    assert_int_equal(chmod(path, 0640), 0);
    assert_int_equal(secret_key_load(path, 1, &created, err, sizeof err), -1);
    assert_non_null(strstr(err, "chmod 600"));
    assert_false(secret_key_loaded());
    assert_int_equal(chmod(path, 0604), 0);
    assert_int_equal(secret_key_load(path, 1, &created, err, sizeof err), -1);
    /* the wrong size */
    assert_int_equal(chmod(path, 0600), 0);
    FILE *f = fopen(path, "ab");
    fputs("\n", f);
    fclose(f);
    assert_int_equal(secret_key_load(path, 1, &created, err, sizeof err), -1);
    assert_non_null(strstr(err, "33 bita"));
    assert_false(secret_key_loaded());
    /* a folder that does not exist: a clear message, not a crash */
    char nowhere[700];
    snprintf(nowhere, sizeof nowhere, "%s/tidak-ada/secret.key", dir);
    assert_int_equal(secret_key_load(nowhere, 1, &created, err, sizeof err), -1);
    assert_non_null(strstr(err, "BALAI_SECRET_KEY_FILE"));
    unlink(path);
    rmdir(dir);
    free(a);
}

int main(void)
{
    if (sodium_init() < 0) return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip),
        cmocka_unit_test(tampered_value_does_not_open),
        cmocka_unit_test(moved_value_does_not_open),
        cmocka_unit_test(wrong_key_does_not_open),
        cmocka_unit_test(legacy_plaintext_keeps_working),
        cmocka_unit_test(public_row_reports_wrong_key),
        cmocka_unit_test(key_path_defaults),
        cmocka_unit_test(key_file_created_private_and_checked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
