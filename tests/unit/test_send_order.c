/* Unit tests for the order of outbound messages (channels/send.c with the
 * job queue, db/store_job.c) on a fresh SQLite database with the demo
 * offices: a citizen gets the messages of one conversation in the order
 * they were queued (the status notice before the survey after it), even
 * when two workers claim both at once; the later one waits without using
 * up an attempt, an earlier message given up on (its job dead) holds
 * nothing back, and other conversations never wait. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "channels/job_kinds.h"
#include "channels/notify.h"
#include "db/store_chat.h"
#include "db/store_job.h"
#include "demo_db.h"
#include "jobs/worker.h"
#include "util/jv.h"

static char path[] = "/tmp/balai-send-order-XXXXXX";
static db_t *db;
static int64_t office;

static int setup(void **state)
{
    workers_set_kinds(job_kinds);
    db = demo_db_open(path);
    if (!db) return -1;
    return db_int(db, &office, "SELECT id FROM office WHERE slug = 'jelitik'", "") == DB_ROW ? 0
                                                                                          : -1;
}

static int teardown(void **state)
{
    demo_db_remove(db, path);
    return 0;
}

static int64_t value(const char *sql, int64_t id)
{
    int64_t v = -1;
    assert_int_equal(db_int(db, &v, sql, "i", id), DB_ROW);
    return v;
}

/* A WhatsApp conversation with the citizen at `phone`. */
static int64_t conversation(const char *phone)
{
    int64_t now = time(NULL);
    int64_t contact = chat_contact_upsert(db, office, "whatsapp", phone, "Warga", now, now);
    assert_true(contact > 0);
    json_t *conv = chat_conversation_open(db, office, contact, now);
    assert_non_null(conv);
    int64_t id = jv_int(conv, "id");
    json_decref(conv);
    return id;
}

/* Queues a text to the conversation as the bot does: the message and its
 * send job. */
static int64_t queue(int64_t conv, const char *text)
{
    int64_t id = notify_queue(db, office, "whatsapp", conv, "text", text, NULL, time(NULL));
    assert_true(id > 0);
    return id;
}

static void claim(struct job *j, int64_t want_ref)
{
    assert_int_equal(job_claim(db, j), DB_ROW);
    assert_string_equal(j->kind, "send");
    assert_int_equal(j->ref_id, want_ref);
}

#define JOB_STATE "SELECT COUNT(*) FROM job WHERE ref_id = ? AND state = 'ready' AND attempts = 0"
#define JOB_GONE "SELECT COUNT(*) FROM job WHERE ref_id = ?"
#define QUEUED "SELECT COUNT(*) FROM message WHERE id = ? AND status = 'queued'"

static void test_survey_waits_for_notice(void **state)
{
    int64_t conv = conversation("6281200000101");
    int64_t notice = queue(conv, "Pengaduan selesai ditindaklanjuti.");
    int64_t survey = queue(conv, "Seberapa puas Anda?");
    /* two workers: one claims the notice and is still sending it when the
     * other claims the survey */
    struct job first, second;
    claim(&first, notice);
    claim(&second, survey);
    job_run(db, &second);
    job_free(&second);
    /* the survey was not sent: back in the queue, its attempt not counted */
    assert_int_equal(value(QUEUED, survey), 1);
    assert_int_equal(value(JOB_STATE, survey), 1);
    /* the notice is given up on (dead-lettered): the survey goes after all */
    assert_int_equal(job_dead(db, &first, "gagal"), 0);
    job_free(&first);
    assert_int_equal(db_run(db, "UPDATE job SET run_at = 0 WHERE ref_id = ?", "i", survey), 0);
    claim(&second, survey);
    job_run(db, &second);
    job_free(&second);
    assert_int_equal(value(JOB_GONE, survey), 0);
    assert_int_equal(value(QUEUED, survey), 0);
}

static void test_other_conversations_do_not_wait(void **state)
{
    int64_t a = conversation("6281200000102"), b = conversation("6281200000103");
    int64_t first = queue(a, "Untuk warga A."), other = queue(b, "Untuk warga B.");
    struct job ja, jb;
    claim(&ja, first);
    claim(&jb, other);
    job_run(db, &jb);
    job_free(&jb);
    assert_int_equal(value(JOB_GONE, other), 0);      /* tried, not held back */
    job_run(db, &ja);
    job_free(&ja);
    assert_int_equal(value(JOB_GONE, first), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_survey_waits_for_notice),
        cmocka_unit_test(test_other_conversations_do_not_wait),
    };
    return cmocka_run_group_tests_name("send_order", tests, setup, teardown);
}
