/* Unit tests for core/holidays: the shipped data/holidays.tsv must hold
 * exactly the SKB dates (right counts, right weekdays, the 2025 amendment,
 * 2027 provisional), and the parser must refuse a hand-edit mistake with a
 * line number an administrator can find. Tests run from the repo root. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/holidays.h"

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *text = NULL;
    size_t cap = 0, k;
    *len = 0;
    if (!f) fail_msg("cannot open %s (run from the repo root)", path);
    do {
        if (*len == cap) {
            cap = cap ? cap * 2 : 8192;
            text = realloc(text, cap);
            assert_non_null(text);
        }
        k = fread(text + *len, 1, cap - *len, f);
        *len += k;
    } while (k > 0);
    fclose(f);
    return text;
}

static void load_shipped(struct holiday_file *hf)
{
    size_t len;
    char err[256];
    char *text = read_all("data/holidays.tsv", &len);
    if (holidays_parse(text, len, hf, err, sizeof err) != 0) fail_msg("%s", err);
    free(text);
}

static void count(const struct holiday_file *hf, int year, size_t *libur, size_t *cuti)
{
    *libur = *cuti = 0;
    for (size_t i = 0; i < hf->n; i++) {
        if (hf->h[i].date / 10000 != year) continue;
        if (strcmp(hf->h[i].kind, "libur") == 0) (*libur)++;
        else if (strcmp(hf->h[i].kind, "cuti") == 0) (*cuti)++;
        else fail_msg("unknown kind %s", hf->h[i].kind);
    }
}

static void test_shipped_counts(void **state)
{
    struct holiday_file hf;
    size_t libur, cuti;
    load_shipped(&hf);
    assert_int_equal(hf.nyears, 3);
    /* 2025: 17 libur + 10 cuti (SKB Oct 2024) + 1 cuti (Aug 2025 amendment). */
    count(&hf, 2025, &libur, &cuti);
    assert_int_equal(libur, 17);
    assert_int_equal(cuti, 11);
    /* 2026: 17 libur (Idul Fitri counts 2 days) + 8 cuti = 25. */
    count(&hf, 2026, &libur, &cuti);
    assert_int_equal(libur, 17);
    assert_int_equal(cuti, 8);
    /* 2027: only the fixed and computable dates, no cuti yet. */
    count(&hf, 2027, &libur, &cuti);
    assert_int_equal(libur, 9);
    assert_int_equal(cuti, 0);
    assert_int_equal(hf.n, 28 + 25 + 9);
    for (size_t i = 1; i < hf.n; i++) assert_true(hf.h[i - 1].date <= hf.h[i].date);
    holidays_free(&hf);
}

static void test_shipped_years(void **state)
{
    struct holiday_file hf;
    load_shipped(&hf);
    const struct holiday_year *y25 = holidays_year(&hf, 2025);
    const struct holiday_year *y26 = holidays_year(&hf, 2026);
    const struct holiday_year *y27 = holidays_year(&hf, 2027);
    assert_non_null(y25);
    assert_non_null(y26);
    assert_non_null(y27);
    assert_null(holidays_year(&hf, 2028));
    assert_string_equal(y25->status, "decreed");
    assert_string_equal(y26->status, "decreed");
    assert_string_equal(y27->status, "provisional");
    /* Both the original 2025 SKB and its amendment are named. */
    assert_non_null(strstr(y25->source, "No. 1017 Tahun 2024"));
    assert_non_null(strstr(y25->source, "No. 933 Tahun 2025"));
    assert_string_equal(y26->source,
        "SKB Menteri Agama, Menteri Ketenagakerjaan, dan Menteri PANRB No. 1497 Tahun 2025, "
        "No. 2 Tahun 2025, No. 5 Tahun 2025 (19 September 2025)");
    assert_non_null(strstr(y27->source, "belum terbit"));
    assert_int_equal(hf.years[0].year, 2025);
    assert_int_equal(hf.years[2].year, 2027);
    holidays_free(&hf);
}

/* Every 2026 date with the weekday the reference table gives
 * (0 = Monday), so a typo in the data file cannot slip through. */
static void test_shipped_2026_dates_and_weekdays(void **state)
{
    static const struct { int date; int wd; const char *kind; const char *name; } want[] = {
        { 20260101, 3, "libur", "Tahun Baru 2026 Masehi" },
        { 20260116, 4, "libur", "Isra Mikraj Nabi Muhammad SAW" },
        { 20260216, 0, "cuti",  "Cuti Bersama Tahun Baru Imlek 2577 Kongzili" },
        { 20260217, 1, "libur", "Tahun Baru Imlek 2577 Kongzili" },
        { 20260318, 2, "cuti",  NULL },
        { 20260319, 3, "libur", "Hari Suci Nyepi (Tahun Baru Saka 1948)" },
        { 20260320, 4, "cuti",  NULL },
        { 20260321, 5, "libur", "Idul Fitri 1447 H" },
        { 20260322, 6, "libur", "Idul Fitri 1447 H" },
        { 20260323, 0, "cuti",  NULL },
        { 20260324, 1, "cuti",  NULL },
        { 20260403, 4, "libur", "Wafat Yesus Kristus" },
        { 20260405, 6, "libur", "Kebangkitan Yesus Kristus (Paskah)" },
        { 20260501, 4, "libur", "Hari Buruh Internasional" },
        { 20260514, 3, "libur", "Kenaikan Yesus Kristus" },
        { 20260515, 4, "cuti",  NULL },
        { 20260527, 2, "libur", "Idul Adha 1447 H" },
        { 20260528, 3, "cuti",  NULL },
        { 20260531, 6, "libur", "Hari Raya Waisak 2570 BE" },
        { 20260601, 0, "libur", "Hari Lahir Pancasila" },
        { 20260616, 1, "libur", "1 Muharam Tahun Baru Islam 1448 H" },
        { 20260817, 0, "libur", "Proklamasi Kemerdekaan" },
        { 20260825, 1, "libur", "Maulid Nabi Muhammad SAW" },
        { 20261224, 3, "cuti",  NULL },
        { 20261225, 4, "libur", "Kelahiran Yesus Kristus" },
    };
    struct holiday_file hf;
    size_t k = 0;
    load_shipped(&hf);
    for (size_t i = 0; i < hf.n; i++) {
        if (hf.h[i].date / 10000 != 2026) continue;
        assert_true(k < sizeof want / sizeof want[0]);
        assert_int_equal(hf.h[i].date, want[k].date);
        assert_int_equal(cal_weekday(hf.h[i].date), want[k].wd);
        assert_string_equal(hf.h[i].kind, want[k].kind);
        if (want[k].name) assert_string_equal(hf.h[i].name, want[k].name);
        k++;
    }
    assert_int_equal(k, sizeof want / sizeof want[0]);
    holidays_free(&hf);
}

static void test_shipped_2025_amendment_and_2027(void **state)
{
    struct holiday_file hf;
    load_shipped(&hf);
    const struct holiday *h = holidays_find(&hf, 20250818);
    assert_non_null(h);
    assert_string_equal(h->kind, "cuti");
    assert_int_equal(cal_weekday(20250818), 0);
    h = holidays_find(&hf, 20250331);
    assert_non_null(h);
    assert_string_equal(h->name, "Idul Fitri 1446 H");
    assert_int_equal(cal_weekday(20250331), 0);
    assert_null(holidays_find(&hf, 20260102));
    assert_null(holidays_find(&hf, 20240101));
    assert_null(holidays_find(&hf, 20271231));

    h = holidays_find(&hf, 20270206);
    assert_non_null(h);
    assert_non_null(strstr(h->name, "(perkiraan)"));
    assert_int_equal(cal_weekday(20270206), 5);     /* Saturday */
    assert_int_equal(cal_weekday(20270326), 4);     /* Good Friday */
    assert_int_equal(cal_weekday(20270328), 6);     /* Easter Sunday */
    assert_int_equal(cal_weekday(20270506), 3);     /* Ascension Thursday */
    assert_non_null(holidays_find(&hf, 20270326));
    assert_non_null(holidays_find(&hf, 20270506));
    /* No guessed Islamic dates for 2027. */
    for (size_t i = 0; i < hf.n; i++)
        if (hf.h[i].date / 10000 == 2027) assert_null(strstr(hf.h[i].name, "Idul"));
    holidays_free(&hf);
}

static void test_dates_for_calendar(void **state)
{
    struct holiday_file hf;
    int *d = NULL;
    size_t n = 0;
    load_shipped(&hf);
    assert_int_equal(holidays_dates(&hf, &d, &n), 0);
    assert_int_equal(n, 62);                        /* no date is listed twice */
    for (size_t i = 1; i < n; i++) assert_true(d[i - 1] < d[i]);
    free(d);
    holidays_free(&hf);

    /* Two entries on one date give one closed date. */
    static const char t[] = "#year 2026\tdecreed\tx\n"
                            "2026-05-01\tlibur\tA\n2026-05-01\tlibur\tB\n2026-01-01\tlibur\tC\n";
    assert_int_equal(holidays_parse(t, sizeof t - 1, &hf, NULL, 0), 0);
    assert_int_equal(hf.n, 3);
    assert_int_equal(hf.h[0].date, 20260101);         /* sorted */
    assert_string_equal(hf.h[1].name, "A");           /* ties keep file order */
    assert_string_equal(hf.h[2].name, "B");
    assert_int_equal(holidays_dates(&hf, &d, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(d[0], 20260101);
    assert_int_equal(d[1], 20260501);
    free(d);
    holidays_free(&hf);
}

static void parse_fails(const char *text, const char *msg)
{
    struct holiday_file hf;
    char err[512] = "";
    memset(&hf, 0xAB, sizeof hf);
    assert_int_equal(holidays_parse(text, strlen(text), &hf, err, sizeof err), -1);
    assert_string_equal(err, msg);
    assert_null(hf.h);
    assert_int_equal(hf.n, 0);
    assert_null(hf.years);
    assert_int_equal(hf.nyears, 0);
}

#define HDR "# libur\n#year 2026\tdecreed\tSKB\n"   /* lines 1-2 */

static void test_parse_errors(void **state)
{
    parse_fails(HDR "2026-01-01\tlibur\tTahun Baru\n2026-02-30\tlibur\tX\n",
                "Baris 4: tanggal tidak valid \"2026-02-30\"");
    parse_fails(HDR "\n\n2026-1-01\tlibur\tX\n", "Baris 5: tanggal tidak valid \"2026-1-01\"");
    parse_fails(HDR "2026-01-01\tlibur nasional\tX\n",
                "Baris 3: jenis harus \"libur\" atau \"cuti\", bukan \"libur nasional\"");
    parse_fails(HDR "2026-01-01\tLibur\tX\n",
                "Baris 3: jenis harus \"libur\" atau \"cuti\", bukan \"Libur\"");
    parse_fails(HDR "2027-01-01\tlibur\tTahun Baru\n",
                "Baris 3: tahun 2027 belum dinyatakan; tambahkan baris "
                "\"#year 2027<TAB>status<TAB>sumber\" di atasnya");
    parse_fails("2026-01-01\tlibur\tX\n#year 2026\tdecreed\tSKB\n",
                "Baris 1: tahun 2026 belum dinyatakan; tambahkan baris "
                "\"#year 2026<TAB>status<TAB>sumber\" di atasnya");
    parse_fails(HDR "2026-01-01\tlibur\tTahun Baru\n# x\n2026-01-01\tlibur\tTahun Baru\n",
                "Baris 5: \"2026-01-01 Tahun Baru\" sudah tercantum di baris 3");
    parse_fails(HDR "2026-01-01 libur Tahun Baru\n",
                "Baris 3: harus berisi tiga kolom yang dipisah TAB: tanggal, jenis, nama");
    parse_fails(HDR "2026-01-01\tlibur\tX\tY\n",
                "Baris 3: harus berisi tiga kolom yang dipisah TAB: tanggal, jenis, nama");
    parse_fails(HDR "2026-01-01\tlibur\t  \n", "Baris 3: nama hari libur kosong");
    parse_fails(HDR "#year 2026\tprovisional\tlagi\n",
                "Baris 3: tahun 2026 sudah dinyatakan di baris 2");
    parse_fails("#year 2026\tresmi\tSKB\n",
                "Baris 1: status harus \"decreed\" atau \"provisional\", bukan \"resmi\"");
    parse_fails("#year 26\tdecreed\tSKB\n", "Baris 1: tahun tidak valid \"26\"");
    parse_fails("#year 33333333333333\tdecreed\tSKB\n",
                "Baris 1: tahun tidak valid \"33333333333333\"");   /* found by fuzzing */
    parse_fails("#year 2026\tdecreed\n",
                "Baris 1: baris #year harus berformat \"#year TAHUN<TAB>status<TAB>sumber\"");
    parse_fails("#year\n",
                "Baris 1: baris #year harus berformat \"#year TAHUN<TAB>status<TAB>sumber\"");
    parse_fails("#year 2026\tdecreed\t\n", "Baris 1: sumber (dasar hukum) tahun 2026 kosong");
    parse_fails(HDR "2026-01-01\tlibur\tTahun Baru \xC3\n", "Baris 3: teks bukan UTF-8 yang sah");
    parse_fails(HDR "2026-01-01\tlibur\t\xC0\xAF\n", "Baris 3: teks bukan UTF-8 yang sah");

    char longname[300];
    memset(longname, 'a', 200);
    snprintf(longname + 200, sizeof longname - 200, "\n");
    char text[400];
    snprintf(text, sizeof text, HDR "2026-01-01\tlibur\t%s", longname);
    parse_fails(text, "Baris 3: nama terlalu panjang (paling banyak 127 byte)");
}

static void test_parse_tolerates(void **state)
{
    struct holiday_file hf;
    char err[256] = "";
    /* BOM, CRLF, blank lines, comments (also "#yearly"), no final newline,
     * spaces around a name, a UTF-8 name. */
    static const char t[] =
        "\xEF\xBB\xBF# komentar\r\n"
        "#yearly note is a comment\r\n"
        "\r\n"
        "#year 2026\tprovisional\tPerkiraan\r\n"
        "   \r\n"
        "2026-03-21\tlibur\t Idul Fitri 1447 H \r\n"
        "2026-03-20\tcuti\tCuti Bersama \xE2\x80\x93 Idul Fitri";
    assert_int_equal(holidays_parse(t, sizeof t - 1, &hf, err, sizeof err), 0);
    assert_string_equal(err, "");
    assert_int_equal(hf.n, 2);
    assert_int_equal(hf.nyears, 1);
    assert_string_equal(hf.years[0].status, "provisional");
    assert_string_equal(hf.years[0].source, "Perkiraan");
    assert_int_equal(hf.h[0].date, 20260320);
    assert_string_equal(hf.h[0].name, "Cuti Bersama \xE2\x80\x93 Idul Fitri");
    assert_string_equal(hf.h[1].name, "Idul Fitri 1447 H");
    holidays_free(&hf);
    holidays_free(&hf);   /* idempotent */

    /* len is honoured: the text need not be NUL-terminated. */
    static const char u[] = "#year 2026\tdecreed\tS\n2026-01-01\tlibur\tA\nGARBAGE";
    assert_int_equal(holidays_parse(u, sizeof u - 1 - 7, &hf, err, sizeof err), 0);
    assert_int_equal(hf.n, 1);
    holidays_free(&hf);

    assert_int_equal(holidays_parse("", 0, &hf, err, sizeof err), 0);
    assert_int_equal(hf.n, 0);
    assert_int_equal(hf.nyears, 0);
    holidays_free(&hf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped_counts),
        cmocka_unit_test(test_shipped_years),
        cmocka_unit_test(test_shipped_2026_dates_and_weekdays),
        cmocka_unit_test(test_shipped_2025_amendment_and_2027),
        cmocka_unit_test(test_dates_for_calendar),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_parse_tolerates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
