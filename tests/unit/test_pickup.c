/* Unit tests for db/store_pickup on a fresh SQLite database with the demo
 * offices: which (slot, date) pairs are offered (working days only, full
 * ones left out, date then start order), titles that fit a WhatsApp list
 * row, and the refusals of pickup_book. The concurrent-booking guarantee
 * on PostgreSQL is proven end to end in tests/e2e/pickup.test.mjs. A fixed
 * clock keeps the calendar deterministic: Monday 7 Dec 2026, 10.00 WIB. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/calendar.h"
#include "db/store_office.h"
#include "demo_db.h"
#include "db/store_pickup.h"
#include "db/store_request.h"

static char path[] = "/tmp/balai-pickup-XXXXXX";
static db_t *db;
static json_t *office;
static const struct actor who = {0, "tester"};
static int64_t now;

static int setup(void **state)
{
    db = demo_db_open(path);
    if (!db) return -1;
    office = office_get(db, "jelitik"); /* Mon–Fri, WIB */
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

/* A finished request, as staff would leave it after processing. */
static int64_t finished_request(void)
{
    /* a document: only a document is collected (a consultation is not) */
    struct req_new n = {.office = office, .source = "loket", .name = "Siti", .address = "RT 01",
                        .type = REQ_TYPE_DOCUMENT};
    char number[REQ_NUMBER_MAX];
    assert_int_equal(db_begin(db), 0);
    int64_t id = request_create(db, &n, &who, now, number);
    assert_true(id > 0);
    int64_t ev;
    assert_int_equal(request_set_status(db, office, id, 1, "diproses", "", &who, now, &ev), 0);
    assert_int_equal(request_set_status(db, office, id, 2, "selesai", "", &who, now, &ev), 0);
    assert_int_equal(db_commit(db), 0);
    return id;
}

static int book(int64_t req, int64_t slot, int date)
{
    assert_int_equal(db_begin(db), 0);
    int rc = pickup_book(db, office, req, slot, date, &who, now);
    assert_int_equal(db_commit(db), 0);
    return rc;
}

static void test_title_fits_whatsapp_row(void **state)
{
    char t[48];
    pickup_title(20261130, 8 * 60, 10 * 60, t, sizeof t);
    assert_string_equal(t, "Sen 30 Nov 08.00–10.00");
    pickup_title(20261231, 13 * 60 + 30, 15 * 60, t, sizeof t);
    assert_string_equal(t, "Kam 31 Des 13.30–15.00");
    /* characters, not bytes: the en dash is one character of three bytes */
    assert_true(strlen(t) - 2 <= 24);
}

static void test_choice_parse(void **state)
{
    int64_t s;
    int d;
    assert_int_equal(pickup_choice_parse("slot:12:20261208", &s, &d), 0);
    assert_int_equal(s, 12);
    assert_int_equal(d, 20261208);
    assert_int_equal(pickup_choice_parse("slot:12:20261308", &s, &d), -1);
    assert_int_equal(pickup_choice_parse("slot:12:20261208x", &s, &d), -1);
    assert_int_equal(pickup_choice_parse("slot:-1:20261208", &s, &d), -1);
    assert_int_equal(pickup_choice_parse("12:20261208", &s, &d), -1);
}

static void test_offer_and_book(void **state)
{
    assert_int_equal(db_begin(db), 0);
    /* Tuesday 10-12 (capacity 1) and Tuesday 08-10, Wednesday 08-10 */
    int64_t tue_late = pickup_slot_add(db, oid(), 1, 10 * 60, 12 * 60, 1, &who, now);
    int64_t tue = pickup_slot_add(db, oid(), 1, 8 * 60, 10 * 60, 3, &who, now);
    int64_t wed = pickup_slot_add(db, oid(), 2, 8 * 60, 10 * 60, 3, &who, now);
    /* the office is on leave on Wednesday 9 Dec */
    assert_int_equal(office_leave_add(db, oid(), 20261209, "Rapat kecamatan"), 0);
    assert_int_equal(db_commit(db), 0);
    assert_true(tue_late > 0 && tue > 0 && wed > 0);

    json_t *o = pickup_offer(db, office, now, 10);
    assert_non_null(o);
    /* Tue 8 Dec (two slots, earlier first), Wed 9 skipped (leave), Tue 15, Wed 16 ... */
    assert_int_equal(json_integer_value(json_object_get(json_array_get(o, 0), "date")), 20261208);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(o, 0), "slot_id")), tue);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(o, 1), "slot_id")), tue_late);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(o, 2), "date")), 20261215);
    assert_string_equal(json_string_value(json_object_get(json_array_get(o, 0), "title")),
                        "Sel 8 Des 08.00–10.00");
    size_t i;
    json_t *e;
    json_array_foreach(o, i, e) {
        assert_int_not_equal(json_integer_value(json_object_get(e, "date")), 20261209);
        assert_true(json_integer_value(json_object_get(e, "date")) <= 20261221);
    }
    json_decref(o);

    int64_t a = finished_request(), b = finished_request();
    assert_int_equal(book(a, tue_late, 20261208), 0);
    assert_int_equal(book(a, tue, 20261208), 2);      /* already booked */
    assert_int_equal(book(b, tue_late, 20261208), 1); /* full */
    assert_int_equal(book(b, wed, 20261209), 2);      /* leave day */
    assert_int_equal(book(b, wed, 20261208), 2);      /* wrong weekday for the slot */
    assert_int_equal(book(b, tue, 20261201), 2);      /* in the past */
    assert_int_equal(book(b, tue, 20261222), 2);      /* beyond 14 days */
    assert_int_equal(book(b, tue, 20261215), 0);

    json_t *bk = pickup_booking_of(db, a);
    assert_non_null(bk);
    assert_string_equal(json_string_value(json_object_get(bk, "title")), "Sel 8 Des 10.00–12.00");
    json_decref(bk);
    assert_null(pickup_booking_of(db, finished_request()));

    /* the full slot is no longer offered on that date */
    o = pickup_offer(db, office, now, 10);
    json_array_foreach(o, i, e) {
        assert_false(json_integer_value(json_object_get(e, "slot_id")) == tue_late &&
                     json_integer_value(json_object_get(e, "date")) == 20261208);
    }
    json_decref(o);

    /* the reminder: the day before at 15.00 WIB */
    int64_t run_at;
    assert_int_equal(db_int(db, &run_at, "SELECT run_at FROM job WHERE kind = 'reminder' "
                                         "ORDER BY id LIMIT 1", ""), DB_ROW);
    struct calendar c = {.tz_offset_min = 420};
    assert_int_equal(run_at, cal_utc_of(&c, 20261207, 15 * 60) * 1000);

    /* a slot with bookings is only deactivated; an unused one goes */
    assert_int_equal(db_begin(db), 0);
    assert_int_equal(pickup_slot_remove(db, oid(), tue_late, &who, now), 1);
    assert_int_equal(pickup_slot_remove(db, oid(), wed, &who, now), 0);
    assert_int_equal(pickup_slot_remove(db, oid(), wed, &who, now), 2);
    assert_int_equal(db_commit(db), 0);
    json_t *upcoming = pickup_upcoming(db, oid(), 20261207, 50);
    assert_int_equal(json_array_size(upcoming), 2);
    json_decref(upcoming);
}

static void test_not_finished_is_refused(void **state)
{
    struct req_new n = {.office = office, .source = "loket", .name = "Budi"};
    char number[REQ_NUMBER_MAX];
    assert_int_equal(db_begin(db), 0);
    int64_t id = request_create(db, &n, &who, now, number);
    int64_t slot = pickup_slot_add(db, oid(), 3, 8 * 60, 9 * 60, 5, &who, now);
    assert_int_equal(db_commit(db), 0);
    assert_int_equal(book(id, slot, 20261210), 2);
}

/* a finished complaint has nothing to collect: no slot is taken for it */
static void test_complaint_has_no_pickup(void **state)
{
    (void)state;
    struct req_new n = {.office = office, .source = "whatsapp", .name = "Rina",
                        .type = REQ_TYPE_COMPLAINT, .service_name = "Pengaduan: Lainnya",
                        .category = "lainnya", .details = "Got mampet"};
    char number[REQ_NUMBER_MAX];
    int64_t ev;
    assert_int_equal(db_begin(db), 0);
    int64_t id = request_create(db, &n, &who, now, number);
    assert_true(id > 0);
    assert_int_equal(request_set_status(db, office, id, 1, "selesai", "", &who, now, &ev), 0);
    int64_t slot = pickup_slot_add(db, oid(), 3, 9 * 60, 10 * 60, 5, &who, now);
    assert_int_equal(db_commit(db), 0);
    assert_int_equal(book(id, slot, 20261210), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_title_fits_whatsapp_row),
        cmocka_unit_test(test_choice_parse),
        cmocka_unit_test(test_offer_and_book),
        cmocka_unit_test(test_not_finished_is_refused),
        cmocka_unit_test(test_complaint_has_no_pickup),
    };
    return cmocka_run_group_tests_name("pickup", tests, setup, teardown);
}
