/* Unit tests for channels/notify on a fresh SQLite database with the demo
 * offices: what a citizen receives when staff change their request's
 * status (text inside WhatsApp's 24-hour window, the configured approved
 * template outside it, what is missing with a fresh upload link), and the
 * survey once the request ends, sent once only. The same paths run end to
 * end in tests/e2e/requests-chat.test.mjs. Fixed clock: Monday 7 Dec 2026,
 * 10.00 WIB. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "channels/config.h"
#include "channels/inbound.h"
#include "channels/notify.h"
#include "core/calendar.h"
#include "core/secret.h"
#include "db/row.h"
#include "demo_db.h"
#include "db/store_chat.h"
#include "db/store_office.h"
#include "db/store_pickup.h"
#include "db/store_request.h"
#include "db/store_service.h"

static char path[] = "/tmp/balai-notify-XXXXXX";
static db_t *db;
static json_t *office;
static const struct actor staff = {0, "petugas"};
static int64_t now;

static int setup(void **state)
{
    db = demo_db_open(path);
    if (!db) return -1;
    office = office_get(db, "jelitik");
    /* channel secrets are sealed with the deployment's key (core/secret.h) */
    static const unsigned char key[SECRET_KEY_BYTES] = {1, 2, 3, 4, 5, 6, 7, 8};
    secret_key_set(key);
    struct calendar c = {.tz_offset_min = 420};
    now = cal_utc_of(&c, 20261207, 10 * 60);
    return office ? 0 : -1;
}

static int teardown(void **state)
{
    json_decref(office);
    demo_db_remove(db, path);
    return 0;
}

static int64_t oid(void) { return json_integer_value(json_object_get(office, "id")); }

/* A request made in a WhatsApp chat whose citizen last wrote at `last_in`. */
static int64_t chat_request(const char *phone, int64_t last_in, int64_t *contact)
{
    *contact = chat_contact_upsert(db, oid(), "whatsapp", phone, "Siti", last_in, now);
    assert_true(*contact > 0);
    json_t *conv = chat_conversation_open(db, oid(), *contact, now);
    json_t *svc = service_get(db, oid(), "sktm");
    assert_non_null(svc);
    struct req_new n = {.office = office, .service = svc, .contact_id = *contact,
                        .conversation_id = json_integer_value(json_object_get(conv, "id")),
                        .source = "whatsapp", .name = "Siti", .address = "RT 03/RW 05"};
    char number[REQ_NUMBER_MAX];
    int64_t id = request_create(db, &n, &staff, now, number);
    assert_true(id > 0);
    json_decref(svc);
    json_decref(conv);
    return id;
}

static int64_t version(int64_t id)
{
    json_t *r = request_get(db, 0, id);
    int64_t v = json_integer_value(json_object_get(r, "version"));
    json_decref(r);
    return v;
}

/* petugas_verifikasi judges every checklist item done, as the order
 * requires before selesai */
static void judge_all(int64_t id)
{
    json_t *r = request_get(db, 0, id);
    size_t n = json_array_size(json_object_get(r, "checklist"));
    json_decref(r);
    assert_true(n > 0);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(request_item_set(db, id, version(id), (int)i, i == 1 ? "tidak_perlu" : "ok",
                                          i == 1 ? "sudah ada di arsip kelurahan" : "", &staff,
                                          now), 0);
}

/* Changes the status as the console does and notifies; the new message. */
static json_t *change(int64_t id, const char *to, const char *note)
{
    int64_t ev = 0;
    assert_int_equal(request_set_status(db, office, id, version(id), to, note, &staff, now, &ev), 0);
    assert_int_equal(notify_request_status(db, office, id, ev, now), 0);
    db_stmt *st = db_query(db, "SELECT m.id, m.kind, m.body, m.payload, m.status, e.message_id "
                               "FROM request_event e LEFT JOIN message m ON m.id = e.message_id "
                               "WHERE e.id = ?", "i", ev);
    json_t *m = row_first(st, "id:i kind body payload status message_id:i");
    db_done(st);
    assert_non_null(m);
    return m;
}

static const char *s(const json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k)) ?: "";
}

static int64_t jobs_for(int64_t message_id)
{
    int64_t n = 0;
    db_int(db, &n, "SELECT COUNT(*) FROM job WHERE kind = 'send' AND ref_id = ?", "i", message_id);
    return n;
}

static void test_inside_window_text(void **state)
{
    int64_t contact;
    int64_t id = chat_request("6281200000001", now - 3600, &contact);
    json_t *m = change(id, "diproses", "");
    assert_string_equal(s(m, "kind"), "text");
    assert_non_null(strstr(s(m, "body"), ": *Sedang diproses*."));
    assert_non_null(strstr(s(m, "body"), "Surat Keterangan Tidak Mampu"));
    assert_non_null(strstr(s(m, "body"), "Perkiraan selesai: "));
    assert_int_equal(jobs_for(json_integer_value(json_object_get(m, "id"))), 1);
    json_decref(m);

    /* the document judged missing is named, with a fresh upload link */
    assert_int_equal(request_item_set(db, id, version(id), 0, "kurang", "belum ada stempel RT",
                                      &staff, now), 0);
    m = change(id, "kurang_lengkap", "Mohon lengkapi berkasnya");
    const char *b = s(m, "body");
    json_t *svc = service_get(db, oid(), "sktm");
    const char *first = s(json_array_get(json_object_get(svc, "checklist"), 0), "item");
    assert_non_null(strstr(b, first));
    assert_non_null(strstr(b, "belum ada stempel RT"));
    assert_non_null(strstr(b, "Catatan petugas: Mohon lengkapi berkasnya"));
    assert_non_null(strstr(b, "/unggah/"));
    assert_null(strstr(b, "Perkiraan selesai"));   /* waiting on the citizen, no ETA */
    json_decref(svc);
    json_decref(m);

    m = change(id, "ditolak", "Bukan warga kelurahan ini");
    assert_non_null(strstr(s(m, "body"), "Alasan: Bukan warga kelurahan ini"));
    json_decref(m);
}

static void test_outside_window_template_and_survey_once(void **state)
{
    /* the office names its own approved templates */
    json_t *f = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "phone_number_id", "112233445566778",
                          "token", "EAAGtestToken0123456789", "app_secret", "appsecret9f3c",
                          "verify_token", "vt-1234", "template_status", "status_jlt",
                          "template_survey", "ikm_jlt");
    json_t *errors = json_object();
    assert_int_equal(channel_save(db, &staff, oid(), "whatsapp", f, errors, now), 0);
    json_decref(f);
    json_decref(errors);

    int64_t contact;
    int64_t id = chat_request("6281200000002", now - 25 * 3600, &contact);
    json_t *m = change(id, "diproses", "");
    assert_string_equal(s(m, "kind"), "template");
    json_t *p = json_loads(s(m, "payload"), 0, NULL);
    json_t *t = json_object_get(p, "template");
    assert_string_equal(json_string_value(json_object_get(t, "name")), "status_jlt");
    assert_string_equal(json_string_value(json_object_get(t, "language")), "id");
    assert_int_equal(json_array_size(json_object_get(t, "params")), 4);
    assert_string_equal(json_string_value(json_array_get(json_object_get(t, "params"), 2)),
                        "Sedang diproses");
    json_decref(p);
    json_decref(m);

    /* an SKTM is a document to collect: selesai is not the end yet, the
     * survey waits for diambil (with or without pickup slots) */
    db_run(db, "UPDATE pickup_slot SET active = 0 WHERE office_id = ?", "i", oid());
    judge_all(id);
    m = change(id, "selesai", "");
    json_decref(m);
    int64_t n = 0;
    db_int(db, &n, "SELECT COUNT(*) FROM survey WHERE request_id = ?", "i", id);
    assert_int_equal(n, 0);
    int64_t before = 0, after = 0;
    db_int(db, &before, "SELECT COUNT(*) FROM message WHERE direction = 'out'", "");
    m = change(id, "diambil", "");
    json_decref(m);
    db_int(db, &after, "SELECT COUNT(*) FROM message WHERE direction = 'out'", "");
    assert_int_equal(after, before + 2);   /* the notice and the survey */
    db_int(db, &n, "SELECT COUNT(*) FROM survey WHERE request_id = ?", "i", id);
    assert_int_equal(n, 1);
    /* the survey went as the survey template, and the chat waits for it */
    db_stmt *st = db_query(db, "SELECT payload FROM message WHERE kind = 'template' AND payload "
                               "LIKE '%ikm_jlt%'", "");
    json_t *sv = row_first(st, "payload");
    db_done(st);
    assert_non_null(sv);
    json_decref(sv);
    json_t *conv = chat_conversation_open(db, oid(), contact, now);
    json_t *bs = json_object_get(conv, "bot_state");
    assert_true(json_is_true(json_object_get(bs, "survey_pending")));
    assert_int_equal(json_integer_value(json_object_get(bs, "survey_request")), id);
    json_decref(conv);

}

/* A service with nothing to collect (request_type "informasi", e.g. the
 * pengantar for a KTP at Dukcapil) ends at selesai: the survey goes then,
 * and diambil afterwards sends no second one. */
static void test_survey_at_selesai_when_nothing_to_collect(void **state)
{
    int64_t contact;
    int64_t id = chat_request("6281200000006", now - 60, &contact);
    json_t *svc = service_get(db, oid(), "pengantar_ktp");
    assert_non_null(svc);
    assert_string_equal(s(svc, "request_type"), "informasi");
    assert_int_equal(db_run(db, "UPDATE request SET service_id = ? WHERE id = ?", "ii",
                            json_integer_value(json_object_get(svc, "id")), id), 0);
    json_decref(svc);
    judge_all(id);
    json_decref(change(id, "selesai", ""));
    int64_t n = 0;
    db_int(db, &n, "SELECT COUNT(*) FROM survey WHERE request_id = ?", "i", id);
    assert_int_equal(n, 1);
    int64_t before = 0, after = 0;
    db_int(db, &before, "SELECT COUNT(*) FROM message WHERE direction = 'out'", "");
    json_decref(change(id, "diambil", ""));
    db_int(db, &after, "SELECT COUNT(*) FROM message WHERE direction = 'out'", "");
    assert_int_equal(after, before + 1);
    db_int(db, &n, "SELECT COUNT(*) FROM survey WHERE request_id = ?", "i", id);
    assert_int_equal(n, 1);
}

/* Validation before the notice: selesai (and diambil) are refused while an
 * item is unjudged, kurang or salah; nothing is written, nothing is queued.
 * The chat's label follows the status in the same transaction. */
static void test_selesai_waits_for_the_checklist(void **state)
{
    int64_t contact;
    int64_t id = chat_request("6281200000007", now - 60, &contact);
    json_t *r = request_get(db, 0, id);
    int64_t conv = json_integer_value(json_object_get(r, "conversation_id"));
    json_decref(r);
    char label[32] = "";
    db_stmt *st = db_query(db, "SELECT label FROM conversation_label WHERE conversation_id = ?",
                           "i", conv);
    json_t *l = row_first(st, "label");
    db_done(st);
    assert_string_equal(s(l, "label"), "baru");
    json_decref(l);

    int64_t ev = 0, before = 0, after = 0, v = version(id);
    db_int(db, &before, "SELECT COUNT(*) FROM message", "");
    assert_int_equal(request_set_status(db, office, id, v, "selesai", "", &staff, now, &ev), 3);
    assert_int_equal(version(id), v);
    /* all but one judged done, one kurang: still refused, and named */
    json_t *q = request_get(db, 0, id);
    size_t n = json_array_size(json_object_get(q, "checklist"));
    for (size_t i = 0; i < n; i++)
        assert_int_equal(request_item_set(db, id, version(id), (int)i, i == 2 ? "kurang" : "ok",
                                          "", &staff, now), 0);
    assert_int_equal(request_set_status(db, office, id, version(id), "diproses", "", &staff, now,
                                        &ev), 0);
    assert_int_equal(request_set_status(db, office, id, version(id), "selesai", "", &staff, now,
                                        &ev), 3);
    json_decref(q);
    q = request_get(db, 0, id);
    json_t *open = request_open_items(db, q);
    assert_int_equal(json_array_size(open), 1);
    const char *third = s(json_array_get(json_object_get(q, "checklist"), 2), "item");
    assert_string_equal(json_string_value(json_array_get(open, 0)), third);
    json_decref(open);
    assert_string_equal(s(q, "status"), "diproses");
    json_decref(q);
    db_int(db, &after, "SELECT COUNT(*) FROM message", "");
    assert_int_equal(after, before);   /* no notice queued by the refusals */

    st = db_query(db, "SELECT label FROM conversation_label WHERE conversation_id = ? "
                      "ORDER BY label", "i", conv);
    l = row_first(st, "label");
    db_done(st);
    snprintf(label, sizeof label, "%s", s(l, "label"));
    json_decref(l);
    assert_string_equal(label, "diproses");

    assert_int_equal(request_item_set(db, id, version(id), 2, "ok", "", &staff, now), 0);
    json_decref(change(id, "selesai", ""));
    st = db_query(db, "SELECT label FROM conversation_label WHERE conversation_id = ?", "i", conv);
    json_t *all = rows_array(st, "label");
    db_done(st);
    assert_int_equal(json_array_size(all), 1);
    assert_string_equal(s(json_array_get(all, 0), "label"), "selesai");
    json_decref(all);
}

static void test_walk_in_and_blocked_get_nothing(void **state)
{
    json_t *svc = service_get(db, oid(), "sktm");
    struct req_new n = {.office = office, .service = svc, .source = "loket", .name = "Budi"};
    char number[REQ_NUMBER_MAX];
    int64_t id = request_create(db, &n, &staff, now, number);
    json_decref(svc);
    int64_t ev = 0, before = 0, after = 0;
    db_int(db, &before, "SELECT COUNT(*) FROM message", "");
    assert_int_equal(request_set_status(db, office, id, version(id), "diproses", "", &staff, now,
                                        &ev), 0);
    assert_int_equal(notify_request_status(db, office, id, ev, now), 0);
    int64_t contact;
    int64_t id2 = chat_request("6281200000003", now, &contact);
    db_run(db, "UPDATE contact SET blocked = 1 WHERE id = ?", "i", contact);
    assert_int_equal(request_set_status(db, office, id2, version(id2), "diproses", "", &staff, now,
                                        &ev), 0);
    assert_int_equal(notify_request_status(db, office, id2, ev, now), 0);
    db_int(db, &after, "SELECT COUNT(*) FROM message", "");
    assert_int_equal(after, before);
}

static void test_template_names(void **state)
{
    char name[CHANNEL_TEMPLATE_MAX], lang[16];
    channel_template(NULL, "reminder", name, lang);
    assert_string_equal(name, "balai_pengingat_ambil");
    assert_string_equal(lang, "id");
    channel_template("{\"templates\":{\"survey\":{\"name\":\"Bad Name\",\"language\":\"en\"}}}",
                     "survey", name, lang);
    assert_string_equal(name, "balai_survei");       /* refused by Meta: the default */
    assert_string_equal(lang, "en");
    assert_true(channel_template_name_ok("balai_status_permohonan"));
    assert_false(channel_template_name_ok("Status"));
    assert_false(channel_template_name_ok(""));
}

/* The citizen writes (or taps `choice`); Balai processes it as the queue
 * would. Returns the reply's text (malloc'd). */
static char *citizen(const char *phone, const char *text, const char *choice)
{
    json_t *p = choice ? json_pack("{s:s}", "choice", choice) : json_object();
    char *ps = json_dumps(p, JSON_COMPACT);
    json_decref(p);
    int64_t mid = 0;
    assert_int_equal(db_int(db, &mid, "INSERT INTO message (office_id, channel, direction, sender, "
                                      "kind, body, payload, status, sent_at, created_at, updated_at) "
                                      "VALUES (?, 'whatsapp', 'in', ?, ?, ?, ?, 'new', ?, ?, ?) "
                                      "RETURNING id", "issssiii", oid(), phone,
                                      choice ? "interactive" : "text", text, ps, now, now, now),
                     DB_ROW);
    free(ps);
    int64_t reply = inbound_process(db, mid, now);
    assert_true(reply > 0);
    json_t *m = chat_message_get(db, reply);
    char *body = strdup(s(m, "body"));
    json_decref(m);
    return body;
}

static int64_t survey_int(int64_t id, const char *col)
{
    int64_t v = -1;
    char q[120];
    snprintf(q, sizeof q, "SELECT COALESCE(%s, 0) FROM survey WHERE request_id = ?", col);
    db_int(db, &v, q, "i", id);
    return v;
}

static void test_survey_answers(void **state)
{
    int64_t contact;
    int64_t id = chat_request("6281200000004", now - 60, &contact);
    json_decref(change(id, "diproses", ""));
    judge_all(id);
    json_decref(change(id, "selesai", ""));
    json_decref(change(id, "diambil", ""));
    /* inside the window the survey is a list of five ratings */
    db_stmt *st = db_query(db, "SELECT payload FROM message WHERE kind = 'interactive' AND "
                               "payload LIKE '%ikm:%' ORDER BY id DESC LIMIT 1", "");
    json_t *m = row_first(st, "payload");
    db_done(st);
    assert_non_null(m);
    json_t *p = json_loads(s(m, "payload"), 0, NULL);
    assert_int_equal(json_array_size(json_object_get(p, "rows")), 5);
    char want[48];
    snprintf(want, sizeof want, "ikm:%lld:5", (long long)id);
    assert_string_equal(s(json_array_get(json_object_get(p, "rows"), 0), "id"), want);
    json_decref(p);
    json_decref(m);

    /* a typed "4" is the rating; the next text is the comment */
    char *r = citizen("6281200000004", "4", NULL);
    assert_non_null(strstr(r, "Ketik *lewati*"));
    free(r);
    assert_int_equal(survey_int(id, "rating"), 4);
    assert_true(survey_int(id, "answered_at") > 0);
    r = citizen("6281200000004", "Petugasnya ramah", NULL);
    assert_non_null(strstr(r, "Terima kasih"));
    free(r);
    st = db_query(db, "SELECT comment FROM survey WHERE request_id = ?", "i", id);
    m = row_first(st, "comment");
    db_done(st);
    assert_string_equal(s(m, "comment"), "Petugasnya ramah");
    json_decref(m);
    /* a second answer (a late tap) does not overwrite */
    snprintf(want, sizeof want, "ikm:%lld:1", (long long)id);
    r = citizen("6281200000004", "1 — Sangat tidak puas", want);
    assert_non_null(strstr(r, "sudah kami terima sebelumnya"));
    free(r);
    assert_int_equal(survey_int(id, "rating"), 4);
}

static void test_pickup_choice(void **state)
{
    db_run(db, "UPDATE pickup_slot SET active = 1 WHERE office_id = ?", "i", oid());
    int64_t n = 0;
    db_int(db, &n, "SELECT COUNT(*) FROM pickup_slot WHERE office_id = ? AND active = 1", "i", oid());
    if (n == 0) {
        struct actor a = {0, "tester"};
        for (int wd = 0; wd < 5; wd++)
            assert_true(pickup_slot_add(db, oid(), wd, 8 * 60, 10 * 60, 1, &a, now) > 0);
    }
    int64_t contact;
    int64_t id = chat_request("6281200000005", now - 60, &contact);
    json_decref(change(id, "diproses", ""));
    judge_all(id);
    json_t *m = change(id, "selesai", "");
    assert_string_equal(s(m, "kind"), "interactive");
    json_t *p = json_loads(s(m, "payload"), 0, NULL);
    const char *slot = s(json_array_get(json_object_get(p, "rows"), 0), "id");
    assert_int_equal(strncmp(slot, "slot:", 5), 0);
    char *r = citizen("6281200000005", "", slot);
    assert_non_null(strstr(r, "Jadwal pengambilan: "));
    assert_non_null(strstr(r, " pukul "));
    free(r);
    json_t *b = pickup_booking_of(db, id);
    assert_non_null(b);
    json_decref(b);
    json_decref(p);
    json_decref(m);
    db_int(db, &n, "SELECT COUNT(*) FROM survey WHERE request_id = ?", "i", id);
    assert_int_equal(n, 0);     /* the survey waits for diambil */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_inside_window_text),
        cmocka_unit_test(test_outside_window_template_and_survey_once),
        cmocka_unit_test(test_walk_in_and_blocked_get_nothing),
        cmocka_unit_test(test_survey_at_selesai_when_nothing_to_collect),
        cmocka_unit_test(test_selesai_waits_for_the_checklist),
        cmocka_unit_test(test_template_names),
        cmocka_unit_test(test_survey_answers),
        cmocka_unit_test(test_pickup_choice),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
