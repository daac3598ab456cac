/* Unit tests for bot/sensitive.c: NIK and KK numbers in chat are masked
 * however citizens group and type them (double spaces, line breaks,
 * no-break spaces, '/', ',', '_', 12+4, 4+4+8, digit by digit, full-width
 * digits, O for zero), and nothing else is: phone numbers, dates, amounts,
 * registration numbers, longer account numbers and already masked numbers
 * stay as they are. */
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
}

/* The NIK 3201121205900001: region 320112, born 12-05-90, serial 0001. */
#define NIK_MASKED "3201********0001"

static void test_typed_forms(void **state)
{
    masks_to("1901  0123  4567  0003", "1901********0003", 1);        /* double spaces */
    masks_to("3201  1212  0590  0001", NIK_MASKED, 1);
    masks_to("nik\n3201\n1212\n0590\n0001\nterima kasih", "nik\n" NIK_MASKED "\nterima kasih", 1);
    masks_to("3201 1212\r\n0590 0001", NIK_MASKED, 1);              /* a line break inside */
    masks_to("3201/1212/0590/0001", NIK_MASKED, 1);
    masks_to("3201,1212,0590,0001", NIK_MASKED, 1);
    masks_to("3201_1212_0590_0001", NIK_MASKED, 1);
    masks_to("3201 / 1212 / 0590 / 0001", NIK_MASKED, 1);
    masks_to("320112, 120590, 0001", NIK_MASKED, 1);
    masks_to("3201\xc2\xa0" "1212\xc2\xa0" "0590\xc2\xa0" "0001", NIK_MASKED, 1);  /* no-break */
    masks_to("3201\xe2\x80\xaf" "1212\xe2\x80\xaf" "0590\xe2\x80\xaf" "0001", NIK_MASKED, 1);
    masks_to("320112120590 0001", NIK_MASKED, 1);                    /* 12+4 */
    masks_to("3201 1212 05900001", NIK_MASKED, 1);                   /* 4+4+8 */
    masks_to("3201-1212-05900001.", NIK_MASKED ".", 1);
    masks_to("nik 3201.12.120590.0001 sdh jadi?", "nik " NIK_MASKED " sdh jadi?", 1);  /* 4+2+6+4 */
    masks_to("3201 12 120590 0001", NIK_MASKED, 1);
    masks_to("3 2 0 1 1 2 1 2 0 5 9 0 0 0 0 1", NIK_MASKED, 1);      /* digit by digit */
    masks_to("nik 3-2-0-1-1-2-1-2-0-5-9-0-0-0-0-1 ya", "nik " NIK_MASKED " ya", 1);
    /* full-width digits, as some phone keyboards type them */
    masks_to("\xef\xbc\x93\xef\xbc\x92\xef\xbc\x90\xef\xbc\x91\xef\xbc\x91\xef\xbc\x92"
             "\xef\xbc\x91\xef\xbc\x92\xef\xbc\x90\xef\xbc\x95\xef\xbc\x99\xef\xbc\x90"
             "\xef\xbc\x90\xef\xbc\x90\xef\xbc\x90\xef\xbc\x91", NIK_MASKED, 1);
    masks_to("NIK: 3201\xef\xbc\x91\xef\xbc\x92" "120590 0001", "NIK: " NIK_MASKED, 1);
    /* the letter O for zero */
    masks_to("32O11212O59OOOO1", NIK_MASKED, 1);
    masks_to("nik saya 32o1 1212 o59o ooo1", "nik saya " NIK_MASKED, 1);
    masks_to("NIK:O3201121205900001", "NIK:O" NIK_MASKED, 1);
    /* fuzz regression: 16 real digits stay a NIK whatever O's touch them */
    masks_to("nik 3201121205900001o", "nik " NIK_MASKED "o", 1);
    masks_to("OO3201121205900001OO#", "OO" NIK_MASKED "OO#", 1);
    /* women: the day plus 40 */
    masks_to("320112 520590 0002", "3201********0002", 1);
    masks_to("320112520590 0002", "3201********0002", 1);
    /* a NIK, then a grouped one: not the tail of a longer number */
    masks_to("3201121205900001 3201 1212 0590 0002", NIK_MASKED " 3201********0002", 2);
    /* two grouped numbers side by side (a NIK and a KK), alike or not, and a row */
    masks_to("3201 2345 6789 0001 3201 2345 6789 0002", "3201********0001 3201********0002", 2);
    masks_to("NIK 3201-1212-0590-0001-3201-1212-0590-0002.",
             "NIK " NIK_MASKED "-3201********0002.", 2);
    masks_to("3201 1212 0590 0001 320112 120590 0002", NIK_MASKED " 3201********0002", 2);
    masks_to("320112.120590.0001 3201 1212 0590 0002", NIK_MASKED " 3201********0002", 2);
    masks_to("3201 1212 0590 0001 3201 1212 0590 0002 3201 1212 0590 0003",
             NIK_MASKED " 3201********0002 3201********0003", 3);
    masks_to("nik 3201 1212 0590 0001 kk 3201 1212 0590 0002 ya",
             "nik " NIK_MASKED " kk 3201********0002 ya", 2);
    /* a grouped number followed by another kind of gap and a count */
    masks_to("NIK 3201 1212 0590 0001, 2 orang", "NIK " NIK_MASKED ", 2 orang", 1);
}

static void test_typed_forms_not_an_id(void **state)
{
    untouched("081234567890 1234");              /* a phone and 4 digits: 12+4 from 0 */
    untouched("0812 3456 78901234");             /* 4+4+8 from 0 */
    untouched("0812.34.567890.1234");            /* 4+2+6+4 from 0 */
    untouched("3201.12.999999.0001");            /* 4+2+6+4 without a date */
    untouched("0812  3456  7890  1234");         /* loose gaps from 0 */
    untouched("0812\n3456\n7890\n1234");
    untouched("628123456789 1234");              /* +62 phone and 4 digits: no date */
    untouched("123456789012 3456");              /* 12+4 without a date (month 90) */
    untouched("1 2 3 4 5 6 7 8 9 1 2 3 4 5 6 7"); /* sixteen counts: no date */
    untouched("Rp 1.500.000,00");
    untouched("Rp1.250.000.000.000,00");
    untouched("Rp 2,500,000,000,000,000");
    untouched("tanggal 12/05/2024, 13/05/2024");
    untouched("JLT-2026-00042");
    untouched("JLT/2026/00042, JLT/2026/00043");
    untouched("nomor antrean 12 13 14 15");
    untouched("1901  0123  4567  0003  5");       /* goes on with the same gap */
    untouched("3201 1212 0590 0001 0002");
    untouched("0002 3201 1212 0590 0001");        /* the tail of a longer number */
    /* numbers in a row that do not all make whole NIKs are one longer number */
    untouched("3201 1212 0590 0001 3201 1212 0590 0002 5");   /* 33 digits */
    untouched("5 3201 1212 0590 0001 3201 1212 0590 0002");
    untouched("3201 1212 0590 0001 3201 12 999999 0001");      /* the second no NIK */
    untouched("3201 2345 6789 0001 3201 2345 6789");           /* 28 digits */
    untouched("O3201 1212 0590 0001");            /* an O for zero before: 17 digits */
    untouched("OOOO OOOO OOOO OOOO");             /* letters only */
    untouched("nomor 0000 pos");                  /* O inside words stays a letter */
    untouched("NO. 3201/1212/0590/00012");        /* 17 digits */
    untouched("3 2 0 1 1 2 1 2 0 5 9 0 0 0 0 1 2");
}

/* Masking what is masked already changes nothing (fuzz regressions,
 * tests/fuzz/crashes/mask-*). */
static void twice(const char *in, const char *want)
{
    char out[256], again[256];
    bot_mask(in, out, sizeof out);
    assert_string_equal(out, want);
    assert_int_equal(bot_mask(out, again, sizeof again), 0);
    assert_string_equal(again, out);
}

static void test_mask_twice(void **state)
{
    /* fuzz regression: the tail of a masked number and the groups after it */
    twice("23-4447********51464567-00019701.0123.4567.0003",
          "23-4447********5146********9701.0123.4567.0003");
    twice("51464567-90019701, 0123, 4567, 0003", "5146********9701, 0123, 4567, 0003");
    twice("320112120590 51464567-00019701", "320112120590 5146********9701");
    /* fuzz regression: a NIK right after an O, the O's before it */
    twice("456ooooooooo1234567890124365 x", "456ooooooooo1234********4365 x");
    /* fuzz regression: O's after a NIK's masked tail */
    twice("0123456700039735o00039745673z", "0123********9735o00039745673z");
    /* fuzz regression: a plain run just before 8 '*' is still a NIK */
    twice("rek 1234567890124365********2777", "rek 1234********4365********2777");
    twice("3201 1212 0590 0001 3201 1212 0590 0002", NIK_MASKED " 3201********0002");
    /* fuzz regression (mask-twice-adjacent-groups): a row of grouped
     * numbers that ends in no NIK stays whole, and no number starts inside
     * one of its groups after an O for zero */
    twice("32O1 1212 O59O112O 52O1 1212 O59O112O 52O1 1212 O59O",
          "32O1 1212 O59O112O 52O1 1212 O59O112O 52O1 1212 O59O");
    twice("j2\xcc" "2 O \xe2" "32O1 1212 O59O\xcc" "2 O \xe2" "32O1 1212 O59O112O 52O1 1212 O59O112O"
          " 52O1 1212 O59O",
          "j2\xcc" "2 O \xe2" "32O1 1212 O59O\xcc" "2 O \xe2" "32O1 1212 O59O112O 52O1 1212 O59O112O"
          " 52O1 1212 O59O");
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
        cmocka_unit_test(test_typed_forms),
        cmocka_unit_test(test_typed_forms_not_an_id),
        cmocka_unit_test(test_mask_twice),
        cmocka_unit_test(test_bounds),
    };
    return cmocka_run_group_tests_name("sensitive", tests, NULL, NULL);
}
