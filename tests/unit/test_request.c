/* Unit tests for core/request: the rules every screen, the bot and the
 * portal's status page share. A wrong transition lets a clerk mark a
 * rejected request as picked up; a wrong number format or a number found in
 * the wrong place answers a citizen about somebody else's request. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/request.h"

static const char *const all[] = {"baru", "diproses", "kurang_lengkap", "ditolak", "selesai",
                                  "diambil"};
#define NALL (sizeof all / sizeof all[0])

static void statuses_known(void **state)
{
    (void)state;
    for (size_t i = 0; i < NALL; i++) assert_true(req_status_valid(all[i]));
    assert_false(req_status_valid("Baru"));
    assert_false(req_status_valid("batal"));
    assert_false(req_status_valid(""));
    assert_false(req_status_valid(NULL));
}

/* the walk of a normal request, and the detour for missing documents */
static void the_flow_is_allowed(void **state)
{
    (void)state;
    assert_true(req_transition_ok("baru", "diproses"));
    assert_true(req_transition_ok("diproses", "kurang_lengkap"));
    assert_true(req_transition_ok("kurang_lengkap", "diproses"));
    assert_true(req_transition_ok("diproses", "selesai"));
    assert_true(req_transition_ok("selesai", "diambil"));
    /* a rejection is possible while the office still works on it */
    assert_true(req_transition_ok("baru", "ditolak"));
    assert_true(req_transition_ok("diproses", "ditolak"));
    assert_true(req_transition_ok("kurang_lengkap", "ditolak"));
}

static void shortcuts_and_returns_are_refused(void **state)
{
    (void)state;
    /* nobody picks up a document that was never finished */
    assert_false(req_transition_ok("baru", "diambil"));
    assert_false(req_transition_ok("diproses", "diambil"));
    assert_false(req_transition_ok("kurang_lengkap", "selesai"));
    assert_false(req_transition_ok("kurang_lengkap", "diambil"));
    /* what is over stays over */
    for (size_t i = 0; i < NALL; i++) {
        assert_false(req_transition_ok("ditolak", all[i]));
        assert_false(req_transition_ok("diambil", all[i]));
    }
    assert_false(req_transition_ok("selesai", "diproses"));
    assert_false(req_transition_ok("selesai", "ditolak"));
    assert_false(req_transition_ok("diproses", "baru"));
    /* the same status is no change; unknown ones never pass */
    for (size_t i = 0; i < NALL; i++) assert_false(req_transition_ok(all[i], all[i]));
    assert_false(req_transition_ok("baru", "batal"));
    assert_false(req_transition_ok("batal", "diproses"));
    assert_false(req_transition_ok(NULL, "diproses"));
    assert_false(req_transition_ok("baru", NULL));
}

static void final_and_running(void **state)
{
    (void)state;
    /* only baru and diproses can be overdue: kurang_lengkap waits on the citizen */
    assert_true(req_status_running("baru"));
    assert_true(req_status_running("diproses"));
    assert_false(req_status_running("kurang_lengkap"));
    assert_false(req_status_running("selesai"));
    assert_false(req_status_running(NULL));
    assert_true(req_status_final("ditolak"));
    assert_true(req_status_final("diambil"));
    assert_true(req_status_final("selesai"));
    assert_false(req_status_final("diproses"));
    assert_false(req_status_final("kurang_lengkap"));
}

static void labels_and_next_steps(void **state)
{
    (void)state;
    assert_string_equal(req_status_label("diproses"), "Sedang diproses");
    assert_string_equal(req_status_label("kurang_lengkap"), "Berkas kurang lengkap");
    assert_string_equal(req_status_label("ditolak"), "Ditolak");
    assert_string_equal(req_status_label("diambil"), "Sudah diambil");
    /* an unknown status is shown as it is, never as another status */
    assert_string_equal(req_status_label("batal"), "batal");
    assert_string_equal(req_status_label(NULL), "");
    /* every status tells the citizen something, each something different */
    for (size_t i = 0; i < NALL; i++) {
        assert_true(strlen(req_next_step(all[i])) > 20);
        for (size_t j = 0; j < i; j++) {
            assert_string_not_equal(req_next_step(all[i]), req_next_step(all[j]));
            assert_string_not_equal(req_status_label(all[i]), req_status_label(all[j]));
        }
    }
    assert_string_equal(req_next_step("batal"), "");
}

static void number_format(void **state)
{
    (void)state;
    char out[REQ_NUMBER_MAX];
    assert_int_equal(req_number_format(out, sizeof out, "JLT", 5, 2026, 42), 0);
    assert_string_equal(out, "JLT-2026-00042");
    assert_int_equal(req_number_format(out, sizeof out, "smn", 6, 2027, 1), 0);
    assert_string_equal(out, "SMN-2027-00001");
    /* past 99999 the number grows instead of wrapping */
    assert_int_equal(req_number_format(out, sizeof out, "JLT", 5, 2026, 123456), 0);
    assert_string_equal(out, "JLT-2026-123456");
    /* an office without a usable code still gets unique numbers */
    assert_int_equal(req_number_format(out, sizeof out, "", 17, 2026, 3), 0);
    assert_string_equal(out, "K17-2026-00003");
    assert_int_equal(req_number_format(out, sizeof out, "TOOLONGCODE", 8, 2026, 3), 0);
    assert_string_equal(out, "K8-2026-00003");
    assert_int_equal(req_number_format(out, sizeof out, "J-T", 9, 2026, 3), 0);
    assert_string_equal(out, "K9-2026-00003");
    /* nonsense is refused, not printed */
    assert_int_equal(req_number_format(out, sizeof out, "JLT", 5, 26, 1), -1);
    assert_int_equal(req_number_format(out, sizeof out, "JLT", 5, 2026, 0), -1);
    char small[8];
    assert_int_equal(req_number_format(small, sizeof small, "JLT", 5, 2026, 42), -1);
}

/* what citizens really type in a chat */
static void number_found_in_chat_text(void **state)
{
    (void)state;
    static const struct { const char *text, *number; } cases[] = {
        {"JLT-2026-00042", "JLT-2026-00042"},
        {"status JLT-2026-42", "JLT-2026-00042"},
        {"cek jlt 2026 00042", "JLT-2026-00042"},
        {"Selamat siang bu, mau tanya permohonan saya nomor jlt-2026-7 sudah jadi belum?",
         "JLT-2026-00007"},
        {"no reg: Jlt/2026/00042.", "JLT-2026-00042"},
        {"nomornya JLT_2026_42 ya", "JLT-2026-00042"},
        {"smn - 2027 - 3", "SMN-2027-00003"},
        {"(JLT-2026-123456)", "JLT-2026-123456"},
        {"K17-2026-00003", "K17-2026-00003"},
        /* the first of two */
        {"JLT-2026-00001 atau JLT-2026-00002", "JLT-2026-00001"},
        {"Nomor\nJLT-2026-00042\nterima kasih", "JLT-2026-00042"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[REQ_NUMBER_MAX] = "";
        assert_int_equal(req_number_find(cases[i].text, out, sizeof out), 1);
        assert_string_equal(out, cases[i].number);
    }
}

static void no_number_where_there_is_none(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "",
        "syarat sktm apa saja?",
        "2026-00042",                    /* no office code */
        "JLT-26-00042",                  /* two-digit year */
        "JLT-2026-",                     /* no sequence */
        "JLT-2026-0",                    /* numbers start at 1 */
        "JLT-2026-00042abc",             /* glued to a word */
        "JLT-2026-12345678",             /* too long to be ours */
        "JLT2026-00042",                 /* code and year run together */
        "3JLT-2026-00042",               /* not at a word start */
        "KELURAHAN-2026-1",              /* a word, not a code */
        "NIK saya 1901234567890003",
        "hubungi 0812-3456-7890",
        "tanggal 23-11-2026",
        "RT 03 RW 04 Jelitik",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        char out[REQ_NUMBER_MAX] = "unchanged";
        if (req_number_find(texts[i], out, sizeof out) != 0)
            fail_msg("found \"%s\" in \"%s\"", out, texts[i]);
    }
    char out[REQ_NUMBER_MAX];
    assert_int_equal(req_number_find(NULL, out, sizeof out), 0);
}

static void verdicts(void **state)
{
    (void)state;
    assert_true(req_verdict_valid("ok"));
    assert_true(req_verdict_valid("kurang"));
    assert_true(req_verdict_valid("salah"));
    assert_false(req_verdict_valid("OK"));
    assert_false(req_verdict_valid("lengkap"));
    assert_false(req_verdict_valid(""));
    assert_false(req_verdict_valid(NULL));
    assert_string_equal(req_verdict_label("ok"), "Sesuai");
    assert_string_equal(req_verdict_label("kurang"), "Kurang");
    assert_string_not_equal(req_verdict_label("salah"), req_verdict_label("kurang"));
    assert_string_equal(req_verdict_label(NULL), "");
}

/* Validation before the status notice: which items still block selesai,
 * named in checklist order, and the chat label that follows a status. */
static void open_items_block_the_end(void **state)
{
    (void)state;
    assert_true(req_verdict_valid("tidak_perlu"));
    assert_string_equal(req_verdict_label("tidak_perlu"), "Tidak diperlukan");
    assert_true(req_verdict_done("ok"));
    assert_true(req_verdict_done("tidak_perlu"));
    assert_false(req_verdict_done("kurang"));
    assert_false(req_verdict_done("salah"));
    assert_false(req_verdict_done(NULL));
    assert_true(req_status_needs_checklist("selesai"));
    assert_true(req_status_needs_checklist("diambil"));
    assert_false(req_status_needs_checklist("diproses"));
    assert_false(req_status_needs_checklist("ditolak"));

    json_t *cl = json_loads("[{\"item\": \"KTP\"}, {\"item\": \"KK\"}, {\"item\": \"Surat RT\"},"
                            " {\"item\": \"Foto\"}]", 0, NULL);
    json_t *none = json_array();
    json_t *open = req_open_items(cl, none);
    assert_int_equal(json_array_size(open), 4);     /* nothing judged: all open */
    json_decref(open);
    json_t *v = json_loads("[{\"item\": 3, \"verdict\": \"ok\"}, {\"item\": 0, \"verdict\": \"ok\"},"
                           " {\"item\": 1, \"verdict\": \"salah\"}, {\"item\": 9, \"verdict\": \"ok\"}]",
                           0, NULL);
    open = req_open_items(cl, v);
    assert_int_equal(json_array_size(open), 2);
    assert_string_equal(json_string_value(json_array_get(open, 0)), "KK");
    assert_string_equal(json_string_value(json_array_get(open, 1)), "Surat RT");
    char msg[400];
    req_open_message(open, "selesai", msg, sizeof msg);
    assert_non_null(strstr(msg, "\"Selesai, siap diambil\""));
    assert_non_null(strstr(msg, "2 berkas belum diperiksa atau belum sesuai: KK, Surat RT."));
    json_decref(open);
    json_decref(v);
    v = json_loads("[{\"item\": 1, \"verdict\": \"tidak_perlu\"}, {\"item\": 2, \"verdict\": \"ok\"},"
                   " {\"item\": 0, \"verdict\": \"ok\"}, {\"item\": 3, \"verdict\": \"ok\"}]", 0, NULL);
    open = req_open_items(cl, v);
    assert_int_equal(json_array_size(open), 0);
    json_decref(open);
    json_decref(v);
    open = req_open_items(none, none);               /* no checklist: nothing blocks */
    assert_int_equal(json_array_size(open), 0);
    json_decref(open);
    json_decref(none);
    json_decref(cl);

    assert_string_equal(req_chat_label("baru"), "baru");
    assert_string_equal(req_chat_label("diproses"), "diproses");
    assert_string_equal(req_chat_label("kurang_lengkap"), "diproses");
    assert_string_equal(req_chat_label("selesai"), "selesai");
    assert_string_equal(req_chat_label("diambil"), "selesai");
    assert_string_equal(req_chat_label("ditolak"), "selesai");
    assert_null(req_chat_label("hilang"));
}

/* each pickup stage says one thing: only a bookable one asks to pick a
 * slot, and none of the others promises or denies a choice it does not have */
static void pickup_steps_agree(void **state)
{
    (void)state;
    assert_null(req_pickup_step(PICKUP_NONE));
    const enum pickup_stage stages[] = {PICKUP_NO_SLOTS, PICKUP_FULL, PICKUP_OPEN, PICKUP_BOOKED,
                                     PICKUP_COLLECTED};
    for (size_t i = 0; i < sizeof stages / sizeof stages[0]; i++) {
        const char *t = req_pickup_step(stages[i]);
        assert_non_null(t);
        int choose = strstr(t, "pilih jadwal") != NULL;
        assert_int_equal(choose, stages[i] == PICKUP_OPEN);
        int none = strstr(t, "tidak ada jadwal") != NULL;
        assert_int_equal(none, stages[i] == PICKUP_FULL);
    }
    assert_non_null(strstr(req_pickup_step(PICKUP_BOOKED), "sesuai jadwal"));
    assert_non_null(strstr(req_pickup_step(PICKUP_NO_SLOTS), "jam layanan"));
    assert_string_equal(req_pickup_step(PICKUP_COLLECTED), req_next_step("diambil"));
    /* nothing to collect (an informasi service): done, with no pickup words */
    const char *done = req_pickup_step(PICKUP_NOTHING), *label = req_pickup_label(PICKUP_NOTHING);
    assert_non_null(done);
    assert_null(strstr(done, "ambil"));
    assert_string_equal(label, "Selesai");
    for (size_t i = 0; i < sizeof stages / sizeof stages[0]; i++)
        assert_null(req_pickup_label(stages[i]));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(statuses_known),
        cmocka_unit_test(the_flow_is_allowed),
        cmocka_unit_test(shortcuts_and_returns_are_refused),
        cmocka_unit_test(final_and_running),
        cmocka_unit_test(labels_and_next_steps),
        cmocka_unit_test(number_format),
        cmocka_unit_test(number_found_in_chat_text),
        cmocka_unit_test(no_number_where_there_is_none),
        cmocka_unit_test(verdicts),
        cmocka_unit_test(open_items_block_the_end),
        cmocka_unit_test(pickup_steps_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
