/* Unit tests for channels/inbound.c's queue handler on a fresh SQLite
 * database with the demo offices: after a burst, one job takes up several
 * waiting messages in one transaction, every citizen gets exactly one
 * answer, and a message that cannot be processed is left in the queue on
 * its own instead of holding back the others. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "channels/inbound.h"
#include "channels/intake.h"
#include "channels/job_kinds.h"
#include "demo_db.h"
#include "db/store_job.h"
#include "jobs/worker.h"

static char path[] = "/tmp/balai-inbound-XXXXXX";
static db_t *db;

static int setup(void **state)
{
    workers_set_kinds(job_kinds);
    db = demo_db_open(path);
    return db ? 0 : -1;
}

static int teardown(void **state)
{
    demo_db_remove(db, path);
    return 0;
}

static int64_t count(const char *sql)
{
    int64_t n = -1;
    assert_int_equal(db_int(db, &n, sql, ""), DB_ROW);
    return n;
}

/* A stored WhatsApp message with its "inbound" job, as the ingest writer
 * leaves it. */
static void queue_message(int64_t office_id, const char *phone, const char *text)
{
    int64_t mid = 0, now = time(NULL);
    assert_int_equal(db_int(db, &mid, "INSERT INTO message (office_id, channel, direction, sender, "
                                      "kind, body, payload, status, sent_at, created_at, "
                                      "updated_at) VALUES (?, 'whatsapp', 'in', ?, 'text', ?, '{}', "
                                      "'new', ?, ?, ?) RETURNING id", "issiii", office_id, phone,
                                      text, now, now, now), DB_ROW);
    assert_int_equal(job_add(db, "inbound", office_id, mid, NULL, 0), 0);
}

static void test_burst_answered_once_each(void **state)
{
    int64_t office = 0;
    assert_int_equal(db_int(db, &office, "SELECT id FROM office WHERE slug = 'jelitik'", ""), DB_ROW);
    char phone[32];
    for (int i = 0; i < 12; i++) {
        snprintf(phone, sizeof phone, "62812000001%02d", i);
        queue_message(office, phone, "syarat sktm apa ya");
    }
    struct job j;
    assert_int_equal(job_claim(db, &j), DB_ROW);
    job_run(db, &j);
    job_free(&j);
    /* one job, several messages (INBOUND_BATCH_MIN at least) */
    assert_true(count("SELECT COUNT(*) FROM job WHERE kind = 'inbound'") <= 12 - INBOUND_BATCH_MIN);
    workers_drain(db);
    assert_int_equal(count("SELECT COUNT(*) FROM job WHERE kind = 'inbound'"), 0);
    assert_int_equal(count("SELECT COUNT(*) FROM message WHERE direction = 'in' AND status = 'done'"),
                     12);
    /* one answer each, with the checklist */
    assert_int_equal(count("SELECT COUNT(*) FROM (SELECT conversation_id FROM message WHERE "
                           "direction = 'out' AND body LIKE '%Surat Keterangan Tidak Mampu%' "
                           "GROUP BY conversation_id HAVING COUNT(*) = 1)"), 12);
}

static void test_broken_message_waits_alone(void **state)
{
    int64_t office = 0;
    assert_int_equal(db_int(db, &office, "SELECT id FROM office WHERE slug = 'jelitik'", ""), DB_ROW);
    int64_t out0 = count("SELECT COUNT(*) FROM message WHERE direction = 'out'");
    queue_message(office, "6281300000001", "jam buka kantor");
    /* a message of an office that no longer exists: its contact cannot be
     * stored (foreign key), so processing it fails */
    assert_int_equal(db_exec_script(db, "PRAGMA foreign_keys=OFF"), DB_DONE);
    queue_message(987654, "6281300000002", "halo");
    assert_int_equal(db_exec_script(db, "PRAGMA foreign_keys=ON"), DB_DONE);
    queue_message(office, "6281300000003", "lokasi kantor di mana");
    workers_drain(db);
    /* the two good ones are answered; the broken one waits for a retry */
    assert_int_equal(count("SELECT COUNT(*) FROM message WHERE direction = 'out'"), out0 + 2);
    assert_int_equal(count("SELECT COUNT(*) FROM job WHERE kind = 'inbound' AND state = 'ready' "
                           "AND attempts = 1 AND last_error <> ''"), 1);
}

/* A consultation is asked for in many words, but an embassy (konsulat) is
 * not one. */
static void test_consult_words(void **state)
{
    (void)state;
    assert_true(intake_consult_asked("permisi pak, mau konsultasi"));
    assert_true(intake_consult_asked("KONSUL dong"));
    assert_true(intake_consult_asked("saya ingin berkonsultasi dengan pak lurah"));
    assert_false(intake_consult_asked("konsulat minta surat belum menikah"));
    assert_true(intake_consult_asked("konsulat minta surat, boleh konsul dulu?"));
    assert_false(intake_consult_asked("mau tanya syarat sktm"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_burst_answered_once_each),
        cmocka_unit_test(test_consult_words),
        cmocka_unit_test(test_broken_message_waits_alone),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
