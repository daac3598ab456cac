/* Scheduled publication (issue 16): the content_publish job publishes an
 * item only while it is still scheduled at the job's time, as the system,
 * marks one published more than two minutes late and says by how long;
 * the quarterly plan is saved and read back per office and quarter. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "channels/content_publish.h"
#include "db/store_content.h"
#include "db/store_content_plan.h"
#include "demo_db.h"
#include "util/jv.h"

static void test_delay_in_words(void **state)
{
    (void)state;
    char s[64];
    content_delay_text(3 * 3600 + 5 * 60 + 9, s, sizeof s);
    assert_string_equal(s, "3 jam 5 menit");
    content_delay_text(2 * 86400 + 3600, s, sizeof s);
    assert_string_equal(s, "2 hari 1 jam");
    content_delay_text(2 * 86400 + 59, s, sizeof s);
    assert_string_equal(s, "2 hari");
    content_delay_text(20, s, sizeof s);
    assert_string_equal(s, "1 menit");
}

static int64_t scheduled_item(db_t *db, int64_t office, int64_t at)
{
    struct actor who = {0, "uji"};
    json_t *f = json_pack("{s:s, s:s}", "type", "edukasi", "title", "Cuci tangan pakai sabun");
    json_t *item = NULL;
    int64_t id = 0;
    assert_int_equal(content_insert(db, &who, office, f, "draf", 0, 1000, &id), 0);
    assert_int_equal(content_find(db, office, id, &item), DB_ROW);
    assert_int_equal(content_schedule(db, &who, item, at, 2000), 0);
    json_decref(item);
    json_decref(f);
    return id;
}

static json_t *item_of(db_t *db, int64_t id)
{
    json_t *item = NULL;
    assert_int_equal(content_find(db, 0, id, &item), DB_ROW);
    return item;
}

static void test_publishes_only_the_current_schedule(void **state)
{
    (void)state;
    char path[] = "/tmp/balai-cpub-XXXXXX";
    db_t *db = demo_db_open(path);
    assert_non_null(db);
    int64_t office = 0, T = 1800000000;
    assert_int_equal(db_int(db, &office, "SELECT id FROM office WHERE slug = 'jelitik'", ""), DB_ROW);
    int64_t a = scheduled_item(db, office, T), b = scheduled_item(db, office, T);
    /* b was moved to an hour later: its first job is stale */
    json_t *it = item_of(db, b);
    struct actor who = {0, "uji"};
    assert_int_equal(content_schedule(db, &who, it, T + 3600, 3000), 0);
    json_decref(it);
    assert_int_equal(content_publish_due(db, b, T, T + 10), 0);
    it = item_of(db, b);
    assert_string_equal(jv_str(it, "state"), "jadwal");
    json_decref(it);
    /* on time: published, not late, by the system */
    assert_int_equal(content_publish_due(db, a, T, T + 10), 1);
    it = item_of(db, a);
    assert_string_equal(jv_str(it, "state"), "terbit");
    assert_int_equal(jv_int(it, "published_at"), T + 10);
    assert_false(json_is_true(json_object_get(it, "late")));
    json_decref(it);
    assert_int_equal(content_publish_due(db, a, T, T + 20), 0);   /* a second run: nothing */
    /* b's own job runs 3 h 10 min late (the server was down) */
    assert_int_equal(content_publish_due(db, b, T + 3600, T + 3600 + 3 * 3600 + 600), 1);
    it = item_of(db, b);
    assert_true(json_is_true(json_object_get(it, "late")));
    json_decref(it);
    json_t *tl = content_timeline(db, b);
    json_t *last = json_array_get(tl, json_array_size(tl) - 1);
    assert_string_equal(jv_str(last, "action"), "content.publish");
    assert_string_equal(jv_str(last, "actor"), "sistem");
    char *after = json_dumps(json_object_get(last, "after"), JSON_ENCODE_ANY);
    assert_non_null(strstr(after, "terlambat 3 jam 10 menit"));
    free(after);
    json_decref(tl);
    demo_db_remove(db, path);
}

static void test_plan_round_trip(void **state)
{
    (void)state;
    char path[] = "/tmp/balai-cplan-XXXXXX";
    db_t *db = demo_db_open(path);
    assert_non_null(db);
    int64_t office = 0;
    assert_int_equal(db_int(db, &office, "SELECT id FROM office WHERE slug = 'jelitik'", ""), DB_ROW);
    json_t *p = NULL;
    assert_int_equal(content_plan_find(db, office, 2027, 1, &p), DB_DONE);
    struct actor who = {0, "uji"};
    json_t *f = json_pack("{s:{s:i, s:i}, s:s, s:s, s:s}", "targets", "edukasi", 12,
                          "informasi_layanan", 6, "frequency", "Senin", "priorities", "Adminduk",
                          "themes", "Bersih");
    assert_int_equal(content_plan_save(db, &who, office, 2027, 1, f, 5000), 0);
    json_object_set_new(json_object_get(f, "targets"), "edukasi", json_integer(10));
    assert_int_equal(content_plan_save(db, &who, office, 2027, 1, f, 6000), 0);
    assert_int_equal(content_plan_find(db, office, 2027, 1, &p), DB_ROW);
    assert_int_equal(jv_int(json_object_get(p, "targets"), "edukasi"), 10);
    assert_int_equal(jv_int(json_object_get(p, "targets"), "informasi_layanan"), 6);
    assert_string_equal(jv_str(p, "themes"), "Bersih");
    json_decref(p);
    assert_int_equal(content_plan_find(db, office, 2027, 2, &p), DB_DONE);
    json_decref(f);
    demo_db_remove(db, path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_delay_in_words),
        cmocka_unit_test(test_publishes_only_the_current_schedule),
        cmocka_unit_test(test_plan_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
