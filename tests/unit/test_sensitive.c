/* Unit tests for bot/sensitive.c: NIK and KK numbers in chat are masked
 * however citizens group them, and nothing else is: phone numbers, dates,
 * longer account numbers and already masked numbers stay as they are. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bot/bot.h"

/* in masks to want with `count` numbers masked. */
static void masks_to(const char *in, const char *want, int count)
{
    size_t n = strlen(in) + 1;
    char *out = malloc(n);
    assert_non_null(out);
    memset(out, 'x', n);
    int got = bot_mask(in, out, n);
    if (strcmp(out, want) != 0 || got != count)
        fail_msg("bot_mask(\"%s\") = \"%s\" (%d), want \"%s\" (%d)", in, out, got, want, count);
    assert_true(strlen(out) <= strlen(in));
    assert_int_equal(bot_has_id_number(in), count > 0);
    free(out);
}

static void untouched(const char *in)
{
    masks_to(in, in, 0);
}

static void test_plain_and_grouped(void **state)
{
    masks_to("1901012345670003", "1901********0003", 1);
    masks_to("NIK saya 3201012345670003 mau bikin sktm", "NIK saya 3201********0003 mau bikin sktm", 1);
    masks_to("1901 0123 4567 0003", "1901********0003", 1);
    masks_to("1901.0123.4567.0003", "1901********0003", 1);
    masks_to("1901-0123-4567-0003", "1901********0003", 1);
    masks_to("nik: 1901 0123.4567-0003.", "nik: 1901********0003.", 1);
    masks_to("320112 120590 0001", "3201********0001", 1);          /* region, birth, serial */
    masks_to("32.01.12.120590.0001", "3201********0001", 1);        /* the dotted form */
    masks_to("no kk 3201120000000001", "no kk 3201********0001", 1);
    masks_to("NIK:3201012345670003,KK:3201010101010101", "NIK:3201********0003,KK:3201********0101", 2);
    /* A plain run followed by another number is still one. */
    masks_to("NIK 3201012345670003 3201012345670004 2 orang",
             "NIK 3201********0003 3201********0004 2 orang", 2);
    masks_to("3201012345670003-2", "3201********0003-2", 1);
    /* Any 16 digits count, whatever the region code. */
    masks_to("0000111122223333", "0000********3333", 1);
    masks_to("(9999888877776666)", "(9999********6666)", 1);
}

static void test_not_an_id(void **state)
{
    untouched("081234567890");                  /* 12-digit phone */
    untouched("0812345678901");                 /* 13-digit phone */
    untouched("hubungi 0812-3456-7890 ya");
    untouched("+62 812 3456 7890");
    untouched("6281234567890");
    untouched("081234567890 1234");              /* a phone and a number: 12 + 4 */
    untouched("12345678901234567");             /* 17 digits: an account, not a NIK */
    untouched("123456789012345");               /* 15 */
    untouched("1901 0123 4567 0003 5");         /* a longer grouped number */
    untouched("tanggal 12-05-2024 jam 10.30");
    untouched("JLT-2026-00042");
    untouched("1901********0003");               /* masked already */
    untouched("");
    untouched("tidak ada angka");
    untouched("1901  0123  4567  0003");         /* double spaces: not one number */
}

static void test_bounds(void **state)
{
    char small[8];
    memset(small, 'x', sizeof small);
    /* A short output buffer is cut, never overrun, and stays terminated. */
    bot_mask("1901012345670003 sktm", small, sizeof small);
    assert_int_equal(strlen(small), sizeof small - 1);
    assert_int_equal(bot_mask(NULL, small, sizeof small), 0);
    assert_string_equal(small, "");
    assert_int_equal(bot_mask("abc", NULL, 4), 0);
    assert_int_equal(bot_mask("abc", small, 0), 0);
    assert_int_equal(bot_has_id_number(NULL), 0);

    /* Many numbers in one long message. */
    char big[4096], out[4096];
    size_t o = 0;
    for (int i = 0; i < 100 && o + 40 < sizeof big; i++)
        o += (size_t)snprintf(big + o, sizeof big - o, "nik %016d ", 3201000 + i);
    assert_int_equal(bot_mask(big, out, sizeof out), 100);
    assert_null(strstr(out, "3201000"));
    assert_int_equal(strlen(out), strlen(big));   /* plain runs keep their length */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_and_grouped),
        cmocka_unit_test(test_not_an_id),
        cmocka_unit_test(test_bounds),
    };
    return cmocka_run_group_tests_name("sensitive", tests, NULL, NULL);
}
