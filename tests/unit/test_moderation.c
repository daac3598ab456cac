/* Unit tests for the moderation queue (issue 17): the "lapor hoaks" chat
 * keyword reads the report after it in the ways people write it and leaves
 * every other message to the bot; and the store files one entry per
 * (office, source, external id), so a redelivered webhook lands once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "channels/moderation_chat.h"
#include "demo_db.h"
#include "db/store_moderation.h"
#include "util/jv.h"

static char path[] = "/tmp/balai-moderation-XXXXXX";

static int setup(void **state)
{
    db_t *db = demo_db_open(path);
    *state = db;
    return db ? 0 : -1;
}

static int teardown(void **state)
{
    demo_db_remove(*state, path);
    return 0;
}

static void test_keyword(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"lapor hoaks katanya KTP bayar", "katanya KTP bayar"},
        {"Lapor Hoaks: bansos dipotong", "bansos dipotong"},
        {"  LAPOR HOAX - vaksin berbahaya", "vaksin berbahaya"},
        {"laporan hoaks, jalan ditutup", "jalan ditutup"},
        {"lapor hoaks", ""},
        {"lapor hoaks   ", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *rest = hoax_keyword_rest(cases[i][0]);
        assert_non_null(rest);
        assert_string_equal(rest, cases[i][1]);
    }
    static const char *const none[] = {"", "hoaks", "saya mau lapor hoaks", "lapor",
                                       "lapor hoaksnya sudah", "lapor kehilangan KTP"};
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++)
        assert_null(hoax_keyword_rest(none[i]));
}

static void test_filed_once(void **state)
{
    db_t *db = *state;
    struct actor warga = {0, "warga"};
    struct mod_new m = {.office_id = 1, .now = 1000, .source = "chat", .kind = "hoaks",
                        .external_id = "wamid.X1", .body = "kabar bohong"};
    int64_t a = 0, b = 0, waiting = 0;
    assert_int_equal(db_begin(db), 0);
    assert_int_equal(mod_add(db, &warga, &m, &a), 0);
    assert_int_equal(mod_add(db, &warga, &m, &b), 1);
    assert_int_equal(a, b);
    m.external_id = NULL;       /* a portal form has no platform id: each is new */
    assert_int_equal(mod_add(db, &warga, &m, &b), 0);
    assert_int_equal(mod_add(db, &warga, &m, &b), 0);
    assert_int_equal(db_commit(db), 0);
    assert_int_equal(mod_waiting(db, 1, &waiting), 0);
    assert_int_equal(waiting, 3);
    json_t *e = NULL;
    assert_int_equal(mod_find(db, 1, a, &e), DB_ROW);
    assert_string_equal(jv_str(e, "state"), "menunggu");
    struct mod_decision d = {.state = "spam", .action = "moderation.spam", .now = 2000};
    assert_int_equal(db_begin(db), 0);
    assert_int_equal(mod_decide(db, &warga, e, &d), 0);
    assert_int_equal(db_commit(db), 0);
    json_decref(e);
    assert_int_equal(mod_find(db, 2, a, &e), DB_DONE);    /* another office's queue */
    assert_int_equal(mod_waiting(db, 1, &waiting), 0);
    assert_int_equal(waiting, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keyword),
        cmocka_unit_test(test_filed_once),
    };
    return cmocka_run_group_tests_name("moderation", tests, setup, teardown);
}
