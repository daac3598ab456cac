/* Unit tests for WhatsApp broadcasts (issue 16): the keyword matcher that
 * turns a chat message into consent (only the whole message counts, so a
 * sentence that happens to contain "stop" is left to the bot), the
 * confirmation texts, the summary cut, and the store's state machine for
 * recipients: claimed before sending, never claimed twice, a dead sender's
 * rows left as "tak_pasti" and never sent again, the 6-second pair wait,
 * opted-out citizens skipped, and the reach the messaging tier counts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/broadcast.h"
#include "demo_db.h"
#include "db/store_broadcast.h"
#include "db/store_office.h"
#include "util/jv.h"

static void test_keywords(void **state)
{
    static const char *const in[] = {"langganan info", "Langganan", "BERLANGGANAN",
                                     "daftar info", "  langganan   info!! ", "Langganan info 🙏",
                                     "langganan, info.", NULL};
    static const char *const out[] = {"berhenti", "STOP", "Stop.", "/stop", "berhenti langganan",
                                      "Berhenti berlangganan", NULL};
    static const char *const none[] = {"", "info", "saya mau langganan info dong",
                                       "jangan stop dulu", "berhentiin", "langganan2",
                                       "berhenti kirim KTP saya", "stopp", NULL};
    for (size_t i = 0; in[i]; i++) assert_int_equal(sub_keyword_match(in[i]), SUB_IN);
    for (size_t i = 0; out[i]; i++) assert_int_equal(sub_keyword_match(out[i]), SUB_OUT);
    for (size_t i = 0; none[i]; i++) assert_int_equal(sub_keyword_match(none[i]), SUB_NONE);
    assert_int_equal(sub_keyword_match(NULL), SUB_NONE);
    char longer[200];
    memset(longer, 'a', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    assert_int_equal(sub_keyword_match(longer), SUB_NONE);
}

static void test_confirm_texts(void **state)
{
    char t[600];
    sub_confirm_text(SUB_IN, 1, "Kelurahan Jelitik", t, sizeof t);
    assert_non_null(strstr(t, "Kelurahan Jelitik"));
    assert_non_null(strstr(t, "*berhenti*"));
    sub_confirm_text(SUB_IN, 0, "Kelurahan Jelitik", t, sizeof t);
    assert_non_null(strstr(t, "sudah berlangganan"));
    sub_confirm_text(SUB_OUT, 1, "Kelurahan Jelitik", t, sizeof t);
    assert_non_null(strstr(t, "berhenti berlangganan"));
    assert_non_null(strstr(t, "*langganan info*"));
}

static void test_summary_cut(void **state)
{
    char o[64];
    broadcast_summary_cut("Pendek saja.", 20, o, sizeof o);
    assert_string_equal(o, "Pendek saja.");
    broadcast_summary_cut("Vaksinasi gratis untuk balita dan lansia", 20, o, sizeof o);
    assert_string_equal(o, "Vaksinasi gratis…");
    /* no space to cut at: cut at a character, never inside one */
    broadcast_summary_cut("ééééééééééééééé", 5, o, sizeof o);
    assert_string_equal(o, "ééééé…");
}

static char path[] = "/tmp/balai-broadcast-XXXXXX";
static db_t *db;
static int64_t office;
static const struct actor who = {0, "tester"};

static int setup(void **state)
{
    db = demo_db_open(path);
    json_t *o = db ? office_get(db, "jelitik") : NULL;
    office = jv_int(o, "id");
    json_decref(o);
    return office > 0 ? 0 : -1;
}

static int teardown(void **state)
{
    demo_db_remove(db, path);
    return 0;
}

static int sub(const char *address, int in, int64_t now)
{
    struct sub_change c = {.office_id = office, .now = now, .channel = "whatsapp",
                           .address = address, .words = in ? "langganan info" : "berhenti",
                           .in = in};
    return sub_set(db, &c);
}

static int64_t new_broadcast(const char *slug, int64_t now)
{
    int64_t item = 0, id = 0;
    assert_int_equal(db_int(db, &item, "INSERT INTO content_item (office_id, slug, type, state, "
                            "title, created_at, updated_at) VALUES (?, ?, 'pengumuman', 'terbit', "
                            "'Judul', ?, ?) RETURNING id", "isii", office, slug,
                            now, now), DB_ROW);
    struct broadcast_new b = {.office_id = office, .item_id = item, .now = now,
                              .template_name = "balai_info_terbaru", .language = "id",
                              .params = "[]", .item_title = "Judul"};
    assert_int_equal(db_begin(db), 0);
    assert_int_equal(broadcast_create(db, &who, &b, &id), 0);
    assert_int_equal(db_commit(db), 0);
    return id;
}

static void test_subscribe_and_leave(void **state)
{
    assert_int_equal(sub("6281300000001", 1, 1000), 1);
    assert_int_equal(sub("6281300000001", 1, 1001), 0);     /* again: recorded, no change */
    assert_int_equal(sub("6281300000002", 1, 1000), 1);
    assert_int_equal(sub("6281300000003", 1, 1000), 1);
    assert_int_equal(sub("6281300000009", 0, 1000), 2);     /* never subscribed */
    int64_t n = 0;
    assert_int_equal(sub_count(db, office, "whatsapp", &n), 0);
    assert_int_equal(n, 3);
    assert_int_equal(db_int(db, &n, "SELECT COUNT(*) FROM subscriber_consent", ""), DB_ROW);
    assert_int_equal(n, 4);
}

static void test_claims(void **state)
{
    int64_t t = 5000000, id = new_broadcast("satu", 1000);
    json_t *a = bc_claim(db, id, 2, "me", t, 6000);
    assert_int_equal(json_array_size(a), 2);
    json_t *b = bc_claim(db, id, 5, "me", t, 6000);
    assert_int_equal(json_array_size(b), 1);                 /* never the same row twice */
    json_t *c = bc_claim(db, id, 5, "me", t, 6000);
    assert_int_equal(json_array_size(c), 0);
    /* the first is answered, the third is held back by the pair limit */
    assert_int_equal(bc_result(db, jv_int(json_array_get(a, 0), "id"), "terkirim", "wamid.A", 0,
                               "", 5000, 0), 0);
    assert_int_equal(bc_result(db, jv_int(json_array_get(b, 0), "id"), "antri", NULL, 131056,
                               "tunggu", 5000, t), 0);
    json_decref(c);
    c = bc_claim(db, id, 5, "me", t + 1000, 6000);
    assert_int_equal(json_array_size(c), 0);
    json_decref(c);
    /* a sender that died leaves its row in kirim: tak_pasti, not sent again */
    assert_int_equal(bc_tidy(db, id, "other-process", 1, 0), 0);
    int64_t n = 0;
    assert_int_equal(db_int(db, &n, "SELECT COUNT(*) FROM broadcast_delivery WHERE "
                            "broadcast_id = ? AND state = 'tak_pasti'", "i", id), DB_ROW);
    assert_int_equal(n, 1);
    /* a second broadcast to the same people waits 6 s after the first */
    int64_t id2 = new_broadcast("dua", 2000);
    c = bc_claim(db, id2, 5, "me", t + 2000, 6000);
    assert_int_equal(json_array_size(c), 0);
    json_decref(c);
    c = bc_claim(db, id2, 5, "me", t + 6001, 6000);
    assert_int_equal(json_array_size(c), 3);
    /* the tier counts each person once */
    int64_t first = 0;
    assert_int_equal(bc_reach(db, office, 0, &n, &first), 0);
    assert_int_equal(n, 3);
    assert_int_equal(first, t);
    json_decref(a);
    json_decref(b);
    json_decref(c);
}

static void test_left_before_turn(void **state)
{
    int64_t id = new_broadcast("tiga", 3000);
    assert_int_equal(sub("6281300000002", 0, 3000), 1);
    assert_int_equal(bc_tidy(db, id, "me", 1, 0), 0);
    json_t *c = bc_claim(db, id, 5, "me", 99000000, 6000);
    assert_int_equal(json_array_size(c), 2);
    for (size_t i = 0; i < json_array_size(c); i++)
        assert_string_not_equal(jv_str(json_array_get(c, i), "address"), "6281300000002");
    json_decref(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keywords),
        cmocka_unit_test(test_confirm_texts),
        cmocka_unit_test(test_summary_cut),
        cmocka_unit_test(test_subscribe_and_leave),
        cmocka_unit_test(test_claims),
        cmocka_unit_test(test_left_before_turn),
    };
    return cmocka_run_group_tests_name("broadcast", tests, setup, teardown);
}
