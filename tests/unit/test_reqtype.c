/* Unit tests for core/reqtype: a complaint or consultation is a request
 * without documents. If a complaint could go to "Berkas kurang lengkap" or
 * "Sudah diambil", or its notice said "siap diambil", the citizen would be
 * told to bring papers for a broken street light; a document request must
 * keep core/request.c's rules unchanged. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/reqtype.h"
#include "core/request.h"

static const char *const all[] = {"baru", "diproses", "kurang_lengkap", "ditolak", "selesai",
                                  "diambil"};
#define NALL (sizeof all / sizeof all[0])

static void types_known(void **state)
{
    (void)state;
    assert_true(reqtype_valid("pendaftaran_dokumen"));
    assert_true(reqtype_valid("pengaduan"));
    assert_true(reqtype_valid("konsultasi"));
    assert_false(reqtype_valid("Pengaduan"));
    assert_false(reqtype_valid(""));
    assert_false(reqtype_valid(NULL));
    assert_string_equal(reqtype_label("pengaduan"), "Pengaduan");
    assert_string_equal(reqtype_label("konsultasi"), "Konsultasi");
    assert_string_equal(reqtype_noun("pendaftaran_dokumen"), "Permohonan");
    /* a row from before the type existed is a document request */
    assert_true(reqtype_has_documents(""));
    assert_false(reqtype_has_documents("pengaduan"));
    assert_false(reqtype_has_documents("konsultasi"));
}

/* documents follow core/request.c exactly */
static void documents_keep_their_rules(void **state)
{
    (void)state;
    for (size_t i = 0; i < NALL; i++)
        for (size_t k = 0; k < NALL; k++)
            assert_int_equal(reqtype_transition_ok("pendaftaran_dokumen", all[i], all[k]),
                             req_transition_ok(all[i], all[k]));
    assert_string_equal(reqtype_status_label("pendaftaran_dokumen", "selesai"),
                        req_status_label("selesai"));
    assert_string_equal(reqtype_next_step("", "kurang_lengkap"), req_next_step("kurang_lengkap"));
}

static void without_documents_no_detour_and_no_pickup(void **state)
{
    (void)state;
    static const char *const types[] = {"pengaduan", "konsultasi"};
    for (size_t t = 0; t < 2; t++) {
        const char *ty = types[t];
        assert_true(reqtype_transition_ok(ty, "baru", "diproses"));
        assert_true(reqtype_transition_ok(ty, "diproses", "selesai"));
        assert_true(reqtype_transition_ok(ty, "baru", "selesai"));
        assert_true(reqtype_transition_ok(ty, "baru", "ditolak"));
        assert_true(reqtype_transition_ok(ty, "diproses", "ditolak"));
        for (size_t i = 0; i < NALL; i++) {
            assert_false(reqtype_transition_ok(ty, all[i], "kurang_lengkap"));
            assert_false(reqtype_transition_ok(ty, all[i], "diambil"));
            assert_false(reqtype_transition_ok(ty, "selesai", all[i]));
            assert_false(reqtype_transition_ok(ty, "ditolak", all[i]));
            assert_false(reqtype_transition_ok(ty, all[i], all[i]));
        }
        assert_false(reqtype_transition_ok(ty, "diproses", "baru"));
        /* nothing is ever "siap diambil" */
        assert_null(strstr(reqtype_status_label(ty, "selesai"), "diambil"));
        assert_null(strstr(reqtype_next_step(ty, "selesai"), "pengambilan"));
    }
}

static void complaint_words(void **state)
{
    (void)state;
    assert_string_equal(reqtype_status_label("pengaduan", "diproses"), "Sedang ditindaklanjuti");
    assert_string_equal(reqtype_status_label("pengaduan", "selesai"),
                        "Sudah selesai ditindaklanjuti");
    assert_non_null(strstr(reqtype_next_step("pengaduan", "diproses"), "ditindaklanjuti"));
    assert_string_equal(reqtype_status_label("konsultasi", "baru"), "Diterima");
}

/* every category fits a WhatsApp list row (24 characters) and is found by its code */
static void categories(void **state)
{
    (void)state;
    size_t n = 0;
    for (; complaint_categories[n].code; n++) {
        const char *l = complaint_categories[n].label;
        size_t chars = 0;
        for (const char *p = l; *p; p++) chars += ((unsigned char)*p & 0xC0) != 0x80;
        assert_true(chars > 0 && chars <= 24);
        assert_string_equal(complaint_category_label(complaint_categories[n].code), l);
    }
    assert_true(n >= 5 && n <= 10);     /* one WhatsApp list */
    assert_string_equal(complaint_category_label("tidak-ada"), "");
    assert_string_equal(complaint_category_label(NULL), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(types_known),
        cmocka_unit_test(documents_keep_their_rules),
        cmocka_unit_test(without_documents_no_detour_and_no_pickup),
        cmocka_unit_test(complaint_words),
        cmocka_unit_test(categories),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
