/* Unit tests for personal access tokens (issue 14): db/store_token on a
 * fresh SQLite database with the demo staff (the token is never stored,
 * labels are unique per member, expiry, last use written at most once a
 * minute, revoking, the audit rows), the label and --expires checks, JSON
 * bodies read as form fields (http/form.c form_from_json), and migration
 * 010 on a database made before it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "demo_db.h"
#include "db/store_audit.h"
#include "db/store_staff.h"
#include "db/store_token.h"
#include "http/form.h"

static char path[] = "/tmp/balai-token-XXXXXX";
static db_t *db;
static int64_t petugas, verifikasi;
static const struct actor who = {0, "tester"};
#define NOW 1796000000

static int64_t staff_id(const char *username)
{
    json_t *s = staff_get(db, username);
    int64_t id = s ? json_integer_value(json_object_get(s, "id")) : 0;
    json_decref(s);
    return id;
}

static int setup(void **state)
{
    db = demo_db_open(path);
    if (!db) return -1;
    petugas = staff_id("petugas.jelitik");
    verifikasi = staff_id("verifikasi.jelitik");
    return petugas && verifikasi ? 0 : -1;
}

static int teardown(void **state)
{
    demo_db_remove(db, path);
    return 0;
}

static int64_t count(const char *sql)
{
    int64_t n = -1;
    db_int(db, &n, sql, "");
    return n;
}

static void make(int64_t id, const char *user, const char *label, int days, char tok[TOKEN_LEN + 1])
{
    assert_int_equal(db_begin(db), 0);
    assert_int_equal(token_create(db, &who, id, user, label, days, NOW, tok), 0);
    assert_int_equal(db_commit(db), 0);
}

static void test_made_found_and_never_stored(void **state)
{
    char tok[TOKEN_LEN + 1], h[65];
    make(petugas, "petugas.jelitik", "skrip", 0, tok);
    assert_int_equal(strlen(tok), TOKEN_LEN);
    assert_memory_equal(tok, TOKEN_PREFIX, strlen(TOKEN_PREFIX));
    token_hash(tok, h);
    json_t *t = NULL;
    assert_int_equal(token_find(db, h, NOW + 86400 * 3650, &t), DB_ROW);   /* no expiry */
    assert_int_equal(json_integer_value(json_object_get(t, "staff_id")), petugas);
    assert_string_equal(json_string_value(json_object_get(t, "label")), "skrip");
    json_decref(t);
    /* what is stored is the hash: neither the token nor its random part */
    db_stmt *st = db_query(db, "SELECT token_hash FROM api_token", "");
    while (db_step(st) == DB_ROW) {
        assert_null(strstr(tok, db_col_text(st, 0)));
        assert_null(strstr(db_col_text(st, 0), tok + strlen(TOKEN_PREFIX)));
    }
    db_done(st);
    /* one character off finds nothing */
    tok[TOKEN_LEN - 1] = tok[TOKEN_LEN - 1] == '0' ? '1' : '0';
    token_hash(tok, h);
    assert_int_equal(token_find(db, h, NOW, &t), DB_DONE);
    assert_null(t);
    /* the audit row names the label, never the token */
    assert_int_equal(count("SELECT COUNT(*) FROM audit_log WHERE action = 'token.create' AND "
                           "after_json LIKE '%skrip%' AND after_json NOT LIKE '%balai_%'"), 1);
}

static void test_labels_unique_per_member(void **state)
{
    char tok[TOKEN_LEN + 1], h[65];
    make(petugas, "petugas.jelitik", "dua", 0, tok);
    assert_int_equal(db_begin(db), 0);
    assert_int_equal(token_create(db, &who, petugas, "petugas.jelitik", "dua", 0, NOW, tok), DB_CONFLICT);
    db_rollback(db);
    /* another member may use the same label */
    make(verifikasi, "verifikasi.jelitik", "dua", 0, tok);
    token_hash(tok, h);
    json_t *t = NULL;
    assert_int_equal(token_find(db, h, NOW, &t), DB_ROW);
    assert_int_equal(json_integer_value(json_object_get(t, "staff_id")), verifikasi);
    json_decref(t);
}

static void test_expiry(void **state)
{
    char tok[TOKEN_LEN + 1], h[65];
    make(petugas, "petugas.jelitik", "sebentar", 2, tok);
    token_hash(tok, h);
    json_t *t = NULL;
    assert_int_equal(token_find(db, h, NOW + 2 * 86400 - 1, &t), DB_ROW);
    json_decref(t);
    assert_int_equal(token_find(db, h, NOW + 2 * 86400, &t), DB_DONE);
}

static void test_touch_at_most_once_a_minute(void **state)
{
    char tok[TOKEN_LEN + 1], h[65];
    make(petugas, "petugas.jelitik", "sentuh", 0, tok);
    token_hash(tok, h);
    json_t *t = NULL;
    assert_int_equal(token_find(db, h, NOW, &t), DB_ROW);
    int64_t id = json_integer_value(json_object_get(t, "id"));
    json_decref(t);
    assert_int_equal(token_touch(db, id, NOW + 10), 0);
    assert_int_equal(token_touch(db, id, NOW + 10 + TOKEN_TOUCH_EVERY - 1), 0);
    assert_int_equal(token_find(db, h, NOW, &t), DB_ROW);
    assert_int_equal(json_integer_value(json_object_get(t, "last_used_at")), NOW + 10);
    json_decref(t);
    assert_int_equal(token_touch(db, id, NOW + 10 + TOKEN_TOUCH_EVERY), 0);
    assert_int_equal(token_find(db, h, NOW, &t), DB_ROW);
    assert_int_equal(json_integer_value(json_object_get(t, "last_used_at")), NOW + 10 + TOKEN_TOUCH_EVERY);
    json_decref(t);
}

static void test_revoke_and_disable(void **state)
{
    char tok[TOKEN_LEN + 1], h[65];
    make(petugas, "petugas.jelitik", "cabut", 0, tok);
    token_hash(tok, h);
    assert_int_equal(db_begin(db), 0);
    assert_int_equal(token_remove(db, &who, petugas, "petugas.jelitik", "cabut", NOW), 0);
    assert_int_equal(token_remove(db, &who, petugas, "petugas.jelitik", "cabut", NOW), 1);
    /* another member's label is not theirs to revoke */
    assert_int_equal(token_remove(db, &who, petugas, "petugas.jelitik", "tidak-ada", NOW), 1);
    assert_int_equal(db_commit(db), 0);
    json_t *t = NULL;
    assert_int_equal(token_find(db, h, NOW, &t), DB_DONE);
    json_t *list = token_list(db, petugas);
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v) {
        assert_string_not_equal(json_string_value(json_object_get(v, "label")), "cabut");
        assert_null(json_object_get(v, "token_hash"));
    }
    json_decref(list);
    assert_int_equal(token_revoke_all(db, petugas), 0);
    list = token_list(db, petugas);
    assert_int_equal(json_array_size(list), 0);
    json_decref(list);
}

static void test_label_and_days_checks(void **state)
{
    char msg[300];
    int days = -1;
    assert_int_equal(token_label_check("skrip-loket 2", msg, sizeof msg), 0);
    assert_int_equal(token_label_check("ci/cd:laporan_harian.v2", msg, sizeof msg), 0);
    static const char *bad[] = {"", " awal", "akhir ", "a'b", "a\"b", "baris\nbaru", "<b>",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        msg[0] = '\0';
        assert_int_equal(token_label_check(bad[i], msg, sizeof msg), -1);
        assert_non_null(strstr(msg, "Nama token"));
    }
    assert_int_equal(token_days_parse("", &days, msg, sizeof msg), 0);
    assert_int_equal(days, 0);
    assert_int_equal(token_days_parse("90", &days, msg, sizeof msg), 0);
    assert_int_equal(days, 90);
    static const char *bad_days[] = {"0", "-1", "abc", "3651", "7 hari", "+5", " 5", "1e3"};
    for (size_t i = 0; i < sizeof bad_days / sizeof bad_days[0]; i++) {
        msg[0] = '\0';
        assert_int_equal(token_days_parse(bad_days[i], &days, msg, sizeof msg), -1);
        assert_non_null(strstr(msg, "jumlah hari"));
    }
}

static void test_json_body_as_form(void **state)
{
    char msg[200];
    json_t *form = json_object();
    const char *body = "{\"to\": \"diproses\", \"version\": 3, \"item\": 0, \"ratio\": 1.5, "
                       "\"disabled\": true, \"off\": false, \"gone\": null}";
    assert_int_equal(form_from_json(body, strlen(body), form, msg, sizeof msg), 0);
    assert_string_equal(json_string_value(json_object_get(form, "to")), "diproses");
    assert_string_equal(json_string_value(json_object_get(form, "version")), "3");
    assert_string_equal(json_string_value(json_object_get(form, "item")), "0");
    assert_string_equal(json_string_value(json_object_get(form, "ratio")), "1.5");
    assert_string_equal(json_string_value(json_object_get(form, "disabled")), "1");
    assert_null(json_object_get(form, "off"));      /* an unticked checkbox */
    assert_null(json_object_get(form, "gone"));
    json_decref(form);
    static const char *bad[] = {"", "{", "[1]", "\"teks\"", "{\"a\": [1]}", "{\"a\": {\"b\": 1}}",
                                "{\"a\": 1, \"a\": 2}", "{\"a\": \"x\\u0000y\"}", "{\"a\": \"\xff\"}"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        form = json_object();
        msg[0] = '\0';
        assert_int_equal(form_from_json(bad[i], strlen(bad[i]), form, msg, sizeof msg), -1);
        assert_true(msg[0] != '\0');
        json_decref(form);
    }
    /* a refused body adds no field at all, and names the bad one */
    form = json_object();
    const char *half = "{\"to\": \"selesai\", \"item\": [0, 1]}";
    assert_int_equal(form_from_json(half, strlen(half), form, msg, sizeof msg), -1);
    assert_int_equal(json_object_size(form), 0);
    assert_non_null(strstr(msg, "Kolom \"item\""));
    json_decref(form);
}

/* A database made before tokens existed (schema 9) gets migration 010 on
 * the next start, and only that one. */
static void test_migration_on_an_existing_database(void **state)
{
    assert_int_equal(db_exec_script(db, "DROP TABLE api_token"), 0);
    assert_int_equal(db_run(db, "DELETE FROM schema_migrations WHERE version = 10", ""), 0);
    char err[256] = "";
    assert_int_equal(migrate_up(db, err, sizeof err), 1);
    assert_int_equal(count("SELECT COUNT(*) FROM api_token"), 0);
    assert_int_equal(count("SELECT COUNT(*) FROM schema_migrations WHERE version = 10"), 1);
    assert_int_equal(migrate_up(db, err, sizeof err), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_made_found_and_never_stored),
        cmocka_unit_test(test_labels_unique_per_member),
        cmocka_unit_test(test_expiry),
        cmocka_unit_test(test_touch_at_most_once_a_minute),
        cmocka_unit_test(test_revoke_and_disable),
        cmocka_unit_test(test_label_and_days_checks),
        cmocka_unit_test(test_json_body_as_form),
        cmocka_unit_test(test_migration_on_an_existing_database),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
