/* Unit tests for http/form's field checks: what a clerk may type into the
 * office and staff forms. Phone numbers are written a dozen ways and must all
 * become the international digits WhatsApp links need; links must never be
 * javascript:; text must be valid UTF-8 (PostgreSQL refuses anything else)
 * without control characters, while Indonesian text and emoji pass. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "http/form.h"

typedef int (*check_fn)(const char *, char *, size_t);

static void ok(check_fn f, const char *v)
{
    char msg[200] = "";
    if (f(v, msg, sizeof msg) != 0) fail_msg("\"%s\" refused: %s", v, msg);
    assert_string_equal(msg, "");
}

static void bad(check_fn f, const char *v, const char *expect)
{
    char msg[200] = "";
    if (f(v, msg, sizeof msg) != -1) fail_msg("\"%s\" accepted", v);
    assert_string_equal(msg, expect);
}

static void phone(const char *in, const char *out)
{
    char buf[40];
    memset(buf, 'x', sizeof buf);
    if (phone_normalise(in, buf, sizeof buf) != 0) fail_msg("\"%s\" refused", in);
    assert_string_equal(buf, out);
}

static void not_phone(const char *in)
{
    char buf[40] = "unchanged";
    if (phone_normalise(in, buf, sizeof buf) == 0) fail_msg("\"%s\" accepted as %s", in, buf);
}

static void test_phone_normalise(void **state)
{
    phone("0812-3456-7890", "6281234567890");
    phone("081234567890", "6281234567890");
    phone("0812 3456 7890", "6281234567890");
    phone("0812.3456.7890", "6281234567890");
    phone("+62 812 3456 7890", "6281234567890");
    phone("+62 717 123456", "62717123456");
    phone("(0717) 92290", "6271792290");
    phone("0717 000101", "62717000101");
    phone("6281200000101", "6281200000101");
    phone("+6281200000101", "6281200000101");
    /* 9 and 15 digits are the limits */
    phone("627171234", "627171234");
    phone("628123456789012", "628123456789012");
    not_phone("62717123");            /* 8 */
    not_phone("6281234567890123");    /* 16 */
    not_phone("0812-ABCD-7890");
    not_phone("0812345678o");
    not_phone("08123");
    not_phone("");
    not_phone("+");
    not_phone("  ");
    not_phone("62+81234567890");      /* + only in front */
    not_phone("0812/3456/7890");
    not_phone("0812345678901234567890123456789012345");
    not_phone("0812-3456-7890 ext 12");
}

static void test_check_phone_message(void **state)
{
    ok(check_phone, "0812-3456-7890");
    bad(check_phone, "nomor saya", "Nomor telepon tidak valid. Contoh: 0812-3456-7890 atau +62 717 123456.");
}

static void test_check_slug(void **state)
{
    const char *msg = "Gunakan 2–40 huruf kecil, angka atau tanda hubung, misalnya \"kelurahan-jelitik\".";
    ok(check_slug, "jelitik");
    ok(check_slug, "kec-sungailiat");
    ok(check_slug, "diskominfo-bangka");
    ok(check_slug, "rw05");
    ok(check_slug, "ab");
    ok(check_slug, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");     /* 40 */
    bad(check_slug, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", msg); /* 41 */
    bad(check_slug, "a", msg);
    bad(check_slug, "", msg);
    bad(check_slug, "Jelitik", msg);
    bad(check_slug, "jeli tik", msg);
    bad(check_slug, "jelitik_2", msg);
    bad(check_slug, "-jelitik", msg);
    bad(check_slug, "jelitik-", msg);
    bad(check_slug, "jelitik/edit", msg);
    bad(check_slug, "..", msg);
    bad(check_slug, "kelurahan-jélitik", msg);
}

static void test_check_url(void **state)
{
    const char *msg = "Alamat tautan harus diawali https:// (contoh: https://maps.app.goo.gl/...).";
    ok(check_url, "https://maps.app.goo.gl/jelitik");
    ok(check_url, "https://www.openstreetmap.org/search?query=Kelurahan%20Jelitik");
    ok(check_url, "http://bangka.go.id");
    bad(check_url, "javascript:alert(1)", msg);
    bad(check_url, "JavaScript:alert(document.cookie)", msg);
    bad(check_url, "data:text/html,<script>alert(1)</script>", msg);
    bad(check_url, "vbscript:msgbox", msg);
    bad(check_url, "//evil.example/x", msg);
    bad(check_url, "ftp://bangka.go.id", msg);
    bad(check_url, "maps.google.com", msg);
    bad(check_url, "https://", msg);
    bad(check_url, "http://", msg);
    bad(check_url, "https://maps.app.goo.gl/a b", msg);
    bad(check_url, "https://x\"onmouseover=\"alert(1)", msg);
    bad(check_url, "https://x/<script>", msg);
    bad(check_url, "https://x/\ty", msg);
    bad(check_url, "", msg);
}

static void test_check_email(void **state)
{
    const char *msg = "Alamat email tidak valid.";
    ok(check_email, "kelurahan.jelitik@bangka.go.id");
    ok(check_email, "a@b.id");
    ok(check_email, "humas+balai@kominfo.bangka.go.id");
    bad(check_email, "kelurahan.jelitik", msg);
    bad(check_email, "kelurahan@jelitik", msg);
    bad(check_email, "@bangka.go.id", msg);
    bad(check_email, "a@.bangka.go.id", msg);
    bad(check_email, "a@bangka.go.id.", msg);
    bad(check_email, "a@b@bangka.go.id", msg);
    bad(check_email, "lurah jelitik@bangka.go.id", msg);
    bad(check_email, "lurah@bangka.go.id ", msg);
    bad(check_email, "", msg);
}

static void test_check_username(void **state)
{
    const char *msg = "Nama pengguna 3–40 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung.";
    ok(check_username, "petugas.jelitik");
    ok(check_username, "admin");
    ok(check_username, "abc");
    ok(check_username, "petugas_2-jelitik");
    ok(check_username, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");     /* 40 */
    bad(check_username, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", msg); /* 41 */
    bad(check_username, "ab", msg);
    bad(check_username, "", msg);
    bad(check_username, "Petugas.Jelitik", msg);
    bad(check_username, "petugas jelitik", msg);
    bad(check_username, "petugas@jelitik", msg);
    bad(check_username, "pétugas", msg);
    bad(check_username, "petugas/../admin", msg);
}

static void test_check_tz_and_code(void **state)
{
    ok(check_tz, "WIB");
    ok(check_tz, "WITA");
    ok(check_tz, "WIT");
    bad(check_tz, "UTC", "Pilih zona waktu WIB, WITA atau WIT.");
    ok(check_office_code, "JLT");
    ok(check_office_code, "KEC01");
    bad(check_office_code, "jlt", "Kode kantor 2–6 huruf besar atau angka, misalnya JLT.");
    bad(check_office_code, "J", "Kode kantor 2–6 huruf besar atau angka, misalnya JLT.");
    bad(check_office_code, "JELITIK", "Kode kantor 2–6 huruf besar atau angka, misalnya JLT.");
}

static void test_text_clean_accepts(void **state)
{
    assert_int_equal(text_clean("", 0), 1);
    assert_int_equal(text_clean("Jl. Laut No. 12, Kelurahan Jelitik, Kecamatan Sungailiat", 0), 1);
    assert_int_equal(text_clean("Pelayanan KTP-el & KK — buka Senin–Jumat", 0), 1);
    assert_int_equal(text_clean("Biaya: Rp 0 (gratis) ✓", 0), 1);
    assert_int_equal(text_clean("Selamat Hari Raya Idulfitri 🙏🕌", 0), 1);
    assert_int_equal(text_clean("Café Ñusantara — ½ hari", 0), 1);
    assert_int_equal(text_clean("\xF0\x9F\x8F\x9B\xEF\xB8\x8F Kantor", 0), 1);   /* 🏛️ */
    assert_int_equal(text_clean("\xF4\x8F\xBF\xBF", 0), 1);    /* U+10FFFF, the last code point */
    assert_int_equal(text_clean("\xEF\xBF\xBD", 0), 1);        /* U+FFFD */
    /* line breaks and tabs only where the field is multi-line */
    assert_int_equal(text_clean("baris satu\r\nbaris dua\tkolom", 1), 1);
}

static void test_text_clean_rejects_controls(void **state)
{
    assert_int_equal(text_clean("baris satu\nbaris dua", 0), 0);
    assert_int_equal(text_clean("a\tb", 0), 0);
    assert_int_equal(text_clean("a\rb", 0), 0);
    assert_int_equal(text_clean("\x01", 0), 0);
    assert_int_equal(text_clean("\x01", 1), 0);
    assert_int_equal(text_clean("esc \x1b[31m merah", 1), 0);
    assert_int_equal(text_clean("del\x7f", 1), 0);
    assert_int_equal(text_clean("bell\x07", 1), 0);
}

static void test_text_clean_rejects_invalid_utf8(void **state)
{
    assert_int_equal(text_clean("\xff", 0), 0);
    assert_int_equal(text_clean("\xfe\xff", 0), 0);
    assert_int_equal(text_clean("caf\xe9", 0), 0);              /* Latin-1 é */
    assert_int_equal(text_clean("\x80", 0), 0);                 /* lone continuation */
    assert_int_equal(text_clean("a\xc3", 0), 0);                /* truncated at the end */
    assert_int_equal(text_clean("\xe2\x80", 0), 0);
    assert_int_equal(text_clean("\xf0\x9f\x99", 0), 0);
    assert_int_equal(text_clean("\xc3(", 0), 0);                /* bad continuation */
    assert_int_equal(text_clean("\xc0\xaf", 0), 0);             /* overlong '/' */
    assert_int_equal(text_clean("\xc1\xbf", 0), 0);
    assert_int_equal(text_clean("\xf8\x88\x80\x80\x80", 0), 0); /* 5-byte form */
}

/* The cases UTF-8 (RFC 3629) forbids beyond the simple ones: overlong 3- and
 * 4-byte forms, UTF-16 surrogates, and code points above U+10FFFF.
 * PostgreSQL refuses to store any of them, so a form that lets them through
 * fails with a database error instead of the field message. */
static void test_text_clean_rejects_forbidden_utf8(void **state)
{
    assert_int_equal(text_clean("\xe0\x80\xaf", 0), 0);         /* overlong '/' (3 bytes) */
    assert_int_equal(text_clean("\xe0\x9f\xbf", 0), 0);         /* overlong U+07FF */
    assert_int_equal(text_clean("\xf0\x80\x80\xaf", 0), 0);     /* overlong '/' (4 bytes) */
    assert_int_equal(text_clean("\xf0\x8f\xbf\xbf", 0), 0);     /* overlong U+FFFF */
    assert_int_equal(text_clean("\xed\xa0\x80", 0), 0);         /* U+D800 surrogate */
    assert_int_equal(text_clean("\xed\xbf\xbf", 0), 0);         /* U+DFFF surrogate */
    assert_int_equal(text_clean("\xf4\x90\x80\x80", 0), 0);     /* U+110000 */
    assert_int_equal(text_clean("\xf5\x80\x80\x80", 0), 0);
    assert_int_equal(text_clean("\xf7\xbf\xbf\xbf", 0), 0);
}

static void test_url_encode(void **state)
{
    char out[64];
    url_encode("/console/o/jelitik/staff/petugas.jelitik", out, sizeof out);
    assert_string_equal(out, "/console/o/jelitik/staff/petugas.jelitik");
    url_encode("/console?a=1&b=2 3#x", out, sizeof out);
    assert_string_equal(out, "/console%3Fa%3D1%26b%3D2%203%23x");
    url_encode("/ö", out, sizeof out);
    assert_string_equal(out, "/%C3%B6");
    /* truncates, never overruns, always terminated */
    char small[6];
    memset(small, 'Z', sizeof small);
    url_encode("/console", small, sizeof small);
    assert_true(strlen(small) < sizeof small);
    assert_true(strncmp(small, "/console", strlen(small)) == 0);
    memset(small, 'Z', sizeof small);
    url_encode("&&&&", small, sizeof small);
    assert_true(strlen(small) < sizeof small);
    assert_true(strlen(small) % 3 == 0);      /* no half escape */
}

/* Staff and citizens read numbers the way they are written in Indonesia. */
static void test_phone_display(void **state)
{
    char out[48];
    phone_display("6281234567890", out, sizeof out);
    assert_string_equal(out, "+62 812-3456-7890");
    phone_display("6221123456", out, sizeof out);
    assert_string_equal(out, "+62 21 123456");
    phone_display("62717123456", out, sizeof out);
    assert_string_equal(out, "+62 717 123456");
    phone_display("", out, sizeof out);
    assert_string_equal(out, "");
    phone_display("12345", out, sizeof out);          /* not ours: shown as it is */
    assert_string_equal(out, "12345");
    /* a display of a normalised input round-trips back to the same digits */
    char digits[40];
    assert_int_equal(phone_normalise("0812-3456-7890", digits, sizeof digits), 0);
    phone_display(digits, out, sizeof out);
    assert_int_equal(phone_normalise(out, digits, sizeof digits), 0);
    assert_string_equal(digits, "6281234567890");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_phone_normalise),
        cmocka_unit_test(test_check_phone_message),
        cmocka_unit_test(test_check_slug),
        cmocka_unit_test(test_check_url),
        cmocka_unit_test(test_check_email),
        cmocka_unit_test(test_check_username),
        cmocka_unit_test(test_check_tz_and_code),
        cmocka_unit_test(test_text_clean_accepts),
        cmocka_unit_test(test_text_clean_rejects_controls),
        cmocka_unit_test(test_text_clean_rejects_invalid_utf8),
        cmocka_unit_test(test_text_clean_rejects_forbidden_utf8),
        cmocka_unit_test(test_url_encode),
        cmocka_unit_test(test_phone_display),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
