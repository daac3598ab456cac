/* Unit tests for core/hours: what a clerk types on the settings page must
 * become exactly the hours citizens see, mistakes must be refused with a
 * message the clerk understands, and the database form must round-trip. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/hours.h"

#define HM(h, m) ((h) * 60 + (m))

static void parse_ok(const char *text, struct week_hours *w, int day)
{
    char err[256] = "";
    int rc = hours_parse_day(text, w, day, err, sizeof err);
    if (rc != 0) fail_msg("\"%s\" rejected: %s", text, err);
}

/* Parse text for Monday and expect failure with exactly msg; the day must
 * keep its previous hours. */
static void parse_fails(const char *text, const char *msg)
{
    struct week_hours w;
    char err[256] = "";
    memset(&w, 0, sizeof w);
    parse_ok("07.00-09.00", &w, 0);
    assert_int_equal(hours_parse_day(text, &w, 0, err, sizeof err), -1);
    assert_string_equal(err, msg);
    assert_int_equal(w.n[0], 1);
    assert_int_equal(w.r[0][0].open, HM(7, 0));
    assert_int_equal(w.r[0][0].close, HM(9, 0));
}

static void test_parse_two_ranges(void **state)
{
    struct week_hours w;
    memset(&w, 0, sizeof w);
    parse_ok("08.00-12.00, 13.30-15.00", &w, 0);
    assert_int_equal(w.n[0], 2);
    assert_int_equal(w.r[0][0].open, HM(8, 0));
    assert_int_equal(w.r[0][0].close, HM(12, 0));
    assert_int_equal(w.r[0][1].open, HM(13, 30));
    assert_int_equal(w.r[0][1].close, HM(15, 0));
    for (int d = 1; d < 7; d++) assert_int_equal(w.n[d], 0);   /* other days untouched */
}

/* The ways people actually write hours all mean the same thing. */
static void test_parse_spellings(void **state)
{
    static const char *const same[] = {
        "08.00-12.00",
        "08:00-12:00",
        "08.00 - 12.00",
        "08.00\xE2\x80\x93" "12.00",             /* en dash */
        "08.00 \xE2\x80\x94 12.00",              /* em dash */
        "8-12",
        "8.00-12",
        "08.00 s.d. 12.00",
        "08.00 s/d 12.00",
        "08.00 sampai 12.00",
        "  08.00-12.00  ",
        "\xC2\xA0" "08.00\xC2\xA0-\xC2\xA0" "12.00",  /* pasted no-break spaces */
        "08.00-12.00,",
    };
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        struct week_hours w;
        memset(&w, 0, sizeof w);
        parse_ok(same[i], &w, 2);
        assert_int_equal(w.n[2], 1);
        assert_int_equal(w.r[2][0].open, HM(8, 0));
        assert_int_equal(w.r[2][0].close, HM(12, 0));
    }
}

static void test_parse_semicolon_and_unsorted(void **state)
{
    struct week_hours w;
    char out[64];
    memset(&w, 0, sizeof w);
    parse_ok("13.00-15.30; 08.00-12.00", &w, 3);
    assert_int_equal(w.n[3], 2);
    assert_int_equal(w.r[3][0].open, HM(8, 0));     /* sorted */
    assert_int_equal(w.r[3][1].open, HM(13, 0));
    hours_format_day(&w, 3, out, sizeof out);
    assert_string_equal(out, "08.00\xE2\x80\x93" "12.00, 13.00\xE2\x80\x93" "15.30");
}

static void test_parse_closed(void **state)
{
    static const char *const closed[] = { "", "tutup", "Tutup", "  TUTUP ", "libur", "   " };
    for (size_t i = 0; i < sizeof closed / sizeof closed[0]; i++) {
        struct week_hours w;
        memset(&w, 0, sizeof w);
        parse_ok("08.00-12.00", &w, 5);
        parse_ok(closed[i], &w, 5);
        assert_int_equal(w.n[5], 0);
    }
    struct week_hours w;
    memset(&w, 0, sizeof w);
    parse_ok("08.00-12.00", &w, 6);
    assert_int_equal(hours_parse_day(NULL, &w, 6, NULL, 0), 0);
    assert_int_equal(w.n[6], 0);
}

/* Friday: the office closes for Jumatan and reopens in the afternoon. */
static void test_friday_break(void **state)
{
    struct week_hours w;
    char out[64];
    memset(&w, 0, sizeof w);
    parse_ok("07.30-11.30, 13.30-16.00", &w, 4);
    assert_int_equal(w.n[4], 2);
    assert_int_equal(w.r[4][0].close, HM(11, 30));
    assert_int_equal(w.r[4][1].open, HM(13, 30));
    hours_format_day(&w, 4, out, sizeof out);
    assert_string_equal(out, "07.30\xE2\x80\x93" "11.30, 13.30\xE2\x80\x93" "16.00");
    assert_string_equal(hours_day_name(4), "Jumat");
}

static void test_parse_errors(void **state)
{
    parse_fails("25.00-12.00", "Jam tidak valid: \"25.00\". Gunakan format 08.00-15.00.");
    parse_fails("08.00-12.60", "Jam tidak valid: \"12.60\". Gunakan format 08.00-15.00.");
    parse_fails("8.5-12", "Jam tidak valid: \"8.5\". Gunakan format 08.00-15.00.");
    parse_fails("buka-12.00", "Jam tidak valid: \"buka\". Gunakan format 08.00-15.00.");
    parse_fails("24.30-12.00", "Jam tidak valid: \"24.30\". Gunakan format 08.00-15.00.");
    parse_fails("-12.00", "Jam tidak valid: \"-12.00\". Gunakan format 08.00-15.00.");
    parse_fails("15.00-08.00", "Jam buka harus lebih awal dari jam tutup.");
    parse_fails("08.00-08.00", "Jam buka harus lebih awal dari jam tutup.");
    parse_fails("08.00-12.00, 11.00-13.00", "Rentang jam saling tumpang tindih.");
    parse_fails("11.00-13.00, 08.00-12.00", "Rentang jam saling tumpang tindih.");
    parse_fails("07-08, 09-10, 11-12, 13-14, 15-16", "Paling banyak 4 rentang jam per hari.");
    parse_fails("08.00", "Rentang jam tidak lengkap: \"08.00\". Gunakan format 08.00-15.00.");
    parse_fails("08.00 -", "Rentang jam tidak lengkap: \"08.00 -\". Gunakan format 08.00-15.00.");
    parse_fails("08.00-15.00 WIB",
                "Rentang jam tidak dikenali: \"08.00-15.00 WIB\". Gunakan format 08.00-15.00.");
}

static void test_parse_limits(void **state)
{
    struct week_hours w;
    char out[64], err[128];
    memset(&w, 0, sizeof w);
    parse_ok("00.00-24.00", &w, 0);              /* a 24-hour service */
    assert_int_equal(w.r[0][0].close, 1440);
    hours_format_day(&w, 0, out, sizeof out);
    assert_string_equal(out, "00.00\xE2\x80\x93" "24.00");
    parse_ok("07-08, 09-10, 11-12, 13-14", &w, 1);   /* exactly 4 is fine */
    assert_int_equal(w.n[1], 4);
    parse_ok("08.00-12.00, 12.00-15.00", &w, 2);     /* touching is not overlapping */
    assert_int_equal(w.n[2], 2);
    assert_int_equal(hours_parse_day("08-12", &w, 7, err, sizeof err), -1);
    assert_int_equal(hours_parse_day("08-12", &w, -1, err, sizeof err), -1);
    assert_string_equal(err, "Hari tidak valid.");
}

static void test_format(void **state)
{
    struct week_hours w;
    char out[64], small[8];
    memset(&w, 0, sizeof w);
    hours_format_day(&w, 0, out, sizeof out);
    assert_string_equal(out, "Tutup");
    hours_format_day(&w, 9, out, sizeof out);
    assert_string_equal(out, "Tutup");
    parse_ok("08.00-12.00", &w, 0);
    hours_format_day(&w, 0, out, sizeof out);
    assert_string_equal(out, "08.00\xE2\x80\x93" "12.00");
    /* Truncation never leaves half of the en dash behind. */
    hours_format_day(&w, 0, small, sizeof small);
    assert_string_equal(small, "08.00");
}

static void test_day_names(void **state)
{
    static const char *const names[7] = {
        "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"
    };
    for (int d = 0; d < 7; d++) assert_string_equal(hours_day_name(d), names[d]);
    assert_string_equal(hours_day_name(7), "");
    assert_string_equal(hours_day_name(-1), "");
}

static void typical_week(struct week_hours *w)
{
    memset(w, 0, sizeof *w);
    for (int d = 0; d < 4; d++) parse_ok("08.00-12.00, 13.00-15.30", w, d);
    parse_ok("08.00-11.00, 13.30-15.00", w, 4);
    parse_ok("08.00-12.00", w, 5);
}

static void test_text_round_trip(void **state)
{
    struct week_hours w, back;
    char text[HOURS_TEXT_MAX], again[HOURS_TEXT_MAX];
    typical_week(&w);
    assert_int_equal(hours_to_text(&w, text, sizeof text), 0);
    assert_string_equal(text,
        "mon=08:00-12:00,13:00-15:30;tue=08:00-12:00,13:00-15:30;"
        "wed=08:00-12:00,13:00-15:30;thu=08:00-12:00,13:00-15:30;"
        "fri=08:00-11:00,13:30-15:00;sat=08:00-12:00;sun=;");
    memset(&back, 0xAB, sizeof back);
    assert_int_equal(hours_from_text(text, &back), 0);
    assert_memory_equal(&w, &back, sizeof w);
    assert_int_equal(hours_to_text(&back, again, sizeof again), 0);
    assert_string_equal(text, again);

    /* The largest week fits HOURS_TEXT_MAX. */
    memset(&w, 0, sizeof w);
    for (int d = 0; d < 7; d++) parse_ok("00.00-06.00, 07-08, 09-10, 11.00-24.00", &w, d);
    assert_int_equal(hours_to_text(&w, text, sizeof text), 0);
    assert_int_equal(hours_from_text(text, &back), 0);
    assert_memory_equal(&w, &back, sizeof w);
}

static void test_from_text_lenient_in_order_only(void **state)
{
    struct week_hours w;
    char text[HOURS_TEXT_MAX];
    /* Days in any order, missing days closed, last ';' optional. */
    assert_int_equal(hours_from_text("fri=07:30-11:30;mon=08:00-15:00", &w), 0);
    assert_int_equal(w.n[0], 1);
    assert_int_equal(w.n[4], 1);
    assert_int_equal(w.n[1], 0);
    assert_int_equal(hours_to_text(&w, text, sizeof text), 0);
    assert_string_equal(text, "mon=08:00-15:00;tue=;wed=;thu=;fri=07:30-11:30;sat=;sun=;");
    assert_int_equal(hours_from_text("", &w), 0);
    for (int d = 0; d < 7; d++) assert_int_equal(w.n[d], 0);
}

static void test_from_text_rejects(void **state)
{
    static const char *const bad[] = {
        "mon=8:00-12:00;",                 /* not HH:MM */
        "mon=08.00-12.00;",                /* '.' is the display form, not storage */
        "mon=12:00-08:00;",                /* open after close */
        "mon=13:00-15:00,08:00-12:00;",    /* not sorted */
        "mon=08:00-12:00,11:00-13:00;",    /* overlap */
        "mon=07:00-08:00,09:00-10:00,11:00-12:00,13:00-14:00,15:00-16:00;",
        "mon=08:00-12:00;mon=13:00-14:00;",/* day twice */
        "xyz=08:00-12:00;",
        "mon=08:00-12:00,;",
        "mon=08:00-24:30;",
        "mon=08:00-12:00 ;",
        "mon 08:00-12:00;",
    };
    struct week_hours w, before;
    typical_week(&w);
    before = w;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (hours_from_text(bad[i], &w) != -1) fail_msg("accepted \"%s\"", bad[i]);
        assert_memory_equal(&w, &before, sizeof w);
    }
}

static void test_to_text_refuses(void **state)
{
    struct week_hours w;
    char text[HOURS_TEXT_MAX], tiny[10];
    typical_week(&w);
    assert_int_equal(hours_to_text(&w, tiny, sizeof tiny), -1);
    assert_string_equal(tiny, "");
    w.r[0][0].open = HM(16, 0);      /* corrupt: open after close */
    assert_int_equal(hours_is_valid(&w), 0);
    assert_int_equal(hours_to_text(&w, text, sizeof text), -1);
    typical_week(&w);
    w.n[2] = 5;
    assert_int_equal(hours_to_text(&w, text, sizeof text), -1);
}

/* A long bad entry is quoted shortened, never cut inside a character. */
static void test_error_quote_cut(void **state)
{
    char text[128] = "x", want[128] = "Jam tidak valid: \"x", err[256] = "";
    struct week_hours w;
    memset(&w, 0, sizeof w);
    for (int i = 0; i < 30; i++) strncat(text, "\xC3\xA9", sizeof text - strlen(text) - 1);
    for (int i = 0; i < 21; i++) strncat(want, "\xC3\xA9", sizeof want - strlen(want) - 1);
    strncat(want, "...\"", sizeof want - strlen(want) - 1);
    assert_int_equal(hours_parse_day(text, &w, 0, err, sizeof err), -1);
    assert_memory_equal(err, want, strlen(want));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_two_ranges),
        cmocka_unit_test(test_parse_spellings),
        cmocka_unit_test(test_parse_semicolon_and_unsorted),
        cmocka_unit_test(test_parse_closed),
        cmocka_unit_test(test_friday_break),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_error_quote_cut),
        cmocka_unit_test(test_parse_limits),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_day_names),
        cmocka_unit_test(test_text_round_trip),
        cmocka_unit_test(test_from_text_lenient_in_order_only),
        cmocka_unit_test(test_from_text_rejects),
        cmocka_unit_test(test_to_text_refuses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
