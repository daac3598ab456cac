/* Fault injection over the paths that write (house rule 9): for each
 * writing operation, run it again and again on a demo SQLite database,
 * failing the 1st, 2nd, ... Nth database call (or the Nth jansson
 * allocation), until a run reaches its end without meeting the fault. Every
 * run that met the fault must answer an error, leave no transaction open,
 * and leave the database exactly as it was: every row of every table,
 * which includes the audit chain (compared, and verified with
 * audit_verify). No crash, and no leak under ASan / valgrind.
 *
 * The mechanism lives only in this test, so nothing of it ships in
 * build/balai: the database layer dispatches through the connection's
 * driver table (db/driver.h), and the test points its connection at a copy
 * of the SQLite driver whose prepare and step count calls and fail the Nth
 * (prepare: the query fails; step: the statement fails without running).
 * ROLLBACK is never failed: the operations' own error paths are what is
 * tested. Jansson's allocator is replaced with json_set_alloc_funcs.
 *
 * Each operation does what its handler does (begin, the store calls,
 * commit, rollback on any error): creating a request (web/requests.c),
 * changing its status, saving a service and adding one (web/catalogue.c),
 * adding a staff member with a role and an audit row (web/staff.c),
 * storing an inbound WhatsApp message with its job and a delivery receipt
 * (channels/ingest.c), saving a channel with its audit row and sealing a
 * legacy plaintext secret (channels/config.c).
 *
 * The getters pages look things up with must tell "not found" from "the
 * database failed" (a 404 is not a 503): failing any of their calls answers
 * DB_ERR with nothing out, never DB_DONE. Likewise the gate's reading of an
 * office's chain of parents: a failure there is -1 (the gate answers 503),
 * never "no role at this office" (a 403). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "channels/config.h"
#include "channels/event.h"
#include "core/secret.h"
#include "core/calendar.h"
#include "core/service.h"
#include "db/driver.h"
#include "channels/inbound.h"
#include "db/store_chat.h"
#include "db/store_inbox.h"
#include "db/store_office.h"
#include "db/store_pickup.h"
#include "db/store_request.h"
#include "db/store_service.h"
#include "db/store_staff.h"
#include "http/gate.h"
#include "util/jv.h"
#include "demo_db.h"
#include "channels/ingest.h"
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

static char path[] = "/tmp/balai-faults-XXXXXX";
static db_t *db;
static json_t *office;
static const struct actor staff = {0, "petugas"};
static int64_t now;

/* ---- the faulty driver ------------------------------------------------ */

static const struct db_driver *real;
static struct db_driver faulty;
static long fault_at, fault_calls;      /* fault_at 0: no fault */
static db_stmt *rollback_st;

static int fault_now(void) { return fault_at && ++fault_calls == fault_at; }

static db_stmt *f_prepare(db_t *d, const char *sql)
{
    int rb = strcmp(sql, "ROLLBACK") == 0;
    if (getenv("FAULT_TRACE"))         /* FAULT_TRACE=1: which call is which */
        fprintf(stderr, "call %ld: %.80s\n", fault_calls + 1, sql);
    if (!rb && fault_now()) return NULL;
    db_stmt *st = real->prepare(d, sql);
    if (rb) rollback_st = st;
    return st;
}

static int f_step(db_stmt *st)
{
    if (st != rollback_st && fault_now()) return DB_ERR;
    return real->step(st);
}

static long alloc_at, alloc_calls;

static void *f_malloc(size_t n)
{
    if (alloc_at && ++alloc_calls == alloc_at) return NULL;
    return malloc(n);
}

/* ---- the database as it is: a hash of every row of every table -------- */

struct snap { int n; char name[96][64]; uint64_t hash[96]; long rows[96]; };

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) h = (h ^ s[i]) * 1099511628211ull;
    return h;
}

/* read through a second, read-only connection: it sees what is committed */
static void snapshot(struct snap *s)
{
    sqlite3 *c = NULL;
    sqlite3_stmt *t = NULL;
    memset(s, 0, sizeof *s);
    assert_int_equal(sqlite3_open_v2(path, &c, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(c, "SELECT name FROM sqlite_master WHERE type = 'table' "
                                           "ORDER BY name", -1, &t, NULL), SQLITE_OK);
    while (sqlite3_step(t) == SQLITE_ROW && s->n < 96) {
        int k = s->n++;
        char q[128];
        sqlite3_stmt *r = NULL;
        snprintf(s->name[k], sizeof s->name[k], "%s", (const char *)sqlite3_column_text(t, 0));
        snprintf(q, sizeof q, "SELECT * FROM \"%s\"", s->name[k]);
        assert_int_equal(sqlite3_prepare_v2(c, q, -1, &r, NULL), SQLITE_OK);
        uint64_t h = 14695981039346656037ull;
        while (sqlite3_step(r) == SQLITE_ROW) {
            s->rows[k]++;
            for (int i = 0; i < sqlite3_column_count(r); i++) {
                const void *b = sqlite3_column_blob(r, i);
                int type = sqlite3_column_type(r, i);
                h = fnv(h, &type, sizeof type);
                if (b) h = fnv(h, b, (size_t)sqlite3_column_bytes(r, i));
            }
        }
        s->hash[k] = h;
        sqlite3_finalize(r);
    }
    sqlite3_finalize(t);
    sqlite3_close(c);
}

static void same(const struct snap *a, const struct snap *b, const char *op, long n, const char *what)
{
    assert_int_equal(a->n, b->n);
    for (int k = 0; k < a->n; k++)
        if (a->hash[k] != b->hash[k] || a->rows[k] != b->rows[k])
            fail_msg("%s: %s fault %ld changed table %s (%ld rows, now %ld)", op, what, n,
                     a->name[k], a->rows[k], b->rows[k]);
}

/* no transaction left open on the connection */
static void no_open_transaction(const char *op, long n)
{
    if (db_begin(db) != 0) fail_msg("%s: a transaction was left open after fault %ld", op, n);
    db_rollback(db);
}

/* ---- the operations --------------------------------------------------- */

static int64_t oid(void) { return json_integer_value(json_object_get(office, "id")); }

/* ends the transaction as the handlers do: commit when all went well */
static int finish(int rc)
{
    if (rc == 0) rc = db_commit(db);
    if (rc != 0) db_rollback(db);
    return rc;
}

static int op_request_create(void)
{
    json_t *svc = service_get(db, oid(), "sktm");
    if (!svc) return -1;
    struct req_new n = {.office = office, .service = svc, .source = "loket", .name = "Budi",
                        .address = "RT 01/RW 02", .phone = "6281234567890"};
    char number[REQ_NUMBER_MAX];
    int rc = db_begin(db);
    if (rc == 0) rc = request_create(db, &n, &staff, now, number) > 0 ? 0 : -1;
    json_decref(svc);
    return finish(rc);
}

static int64_t status_id;

static int op_request_status(void)
{
    json_t *r = request_get(db, oid(), status_id);
    if (!r) return -1;
    int64_t ev = 0;
    int rc = db_begin(db);
    if (rc == 0)
        rc = request_set_status(db, office, status_id,
                                json_integer_value(json_object_get(r, "version")), "diproses",
                                "Berkas sedang diperiksa.", &staff, now, &ev);
    json_decref(r);
    return finish(rc);
}

static int op_service_update(void)
{
    json_t *row = service_get(db, oid(), "sktm");
    if (!row) return -1;
    json_t *doc = service_doc(row), *changed = NULL;
    int rc = doc ? 0 : -1;
    if (rc == 0) rc = json_object_set_new(doc, "name", json_string("Surat Keterangan Tidak Mampu (baru)"));
    if (rc == 0) changed = service_changes(row, doc);
    if (!changed) rc = -1;
    if (rc == 0) rc = db_begin(db);
    if (rc == 0)
        rc = service_update(db, json_integer_value(json_object_get(row, "id")),
                            json_integer_value(json_object_get(row, "version")), doc, changed,
                            &staff, "nama diperjelas", now);
    json_decref(changed);
    json_decref(doc);
    json_decref(row);
    return finish(rc);
}

static int op_service_insert(void)
{
    json_t *row = service_get(db, oid(), "sktm");
    if (!row) return -1;
    json_t *doc = service_doc(row);
    int64_t id = 0;
    int rc = doc ? json_object_set_new(doc, "slug", json_string("sktm-salinan")) : -1;
    if (rc == 0) rc = db_begin(db);
    if (rc == 0) rc = service_insert(db, oid(), doc, 0, &staff, "salinan", now, &id);
    json_decref(doc);
    json_decref(row);
    return finish(rc);
}

/* a new username each run: a run that succeeded under an absorbed
 * allocation fault must not make the next one a conflict */
static int op_staff_add(void)
{
    static int run;
    char user[32];
    snprintf(user, sizeof user, "rina.f%d", ++run);
    int64_t id = 0;
    int rc = db_begin(db);
    if (rc == 0) rc = staff_insert(db, user, "Rina", "6281200000001", "x", now, &id);
    if (rc == 0) rc = staff_role_add(db, id, oid(), "petugas");
    json_t *after = json_pack("{s:s, s:s}", "full_name", "Rina", "role", "petugas");
    if (!after) rc = -1;
    if (rc == 0) rc = audit_append(db, &staff, oid(), "staff.create", "staff", user, NULL,
                                   after, now);
    json_decref(after);
    return finish(rc);
}

static int op_store_message(void)
{
    struct event e;
    memset(&e, 0, sizeof e);
    e.type = EV_MESSAGE;
    e.channel = "whatsapp";
    e.office_id = oid();
    e.at = now;
    snprintf(e.external_id, sizeof e.external_id, "wamid.fault-1");
    snprintf(e.sender, sizeof e.sender, "6281234500000");
    snprintf(e.sender_name, sizeof e.sender_name, "Siti");
    snprintf(e.kind, sizeof e.kind, "text");
    e.body = strdup("Selamat pagi, syarat SKTM apa saja?");
    e.payload = strdup("{}");
    int64_t mid = 0;
    int rc = e.body && e.payload ? db_begin(db) : -1;
    if (rc == 0) rc = ingest_store_message(db, &e, now, 1, &mid) == 1 ? 0 : -1;
    free(e.body);
    free(e.payload);
    return finish(rc);
}

/* a WhatsApp receipt for an outbound message the platform accepted: the
 * receipt row, and the message moved on to "delivered" */
static int op_store_receipt(void)
{
    struct event e = {.type = EV_STATUS, .channel = "whatsapp", .office_id = oid(), .at = now,
                      .external_id = "wamid.fault-out", .status = "delivered"};
    struct event_list l = {.v = &e, .n = 1, .cap = 1};
    int rc = db_begin(db);
    if (rc == 0) rc = ingest_store(db, &l, now) < 0 ? -1 : 0;
    return finish(rc);
}

/* a Telegram channel saved from the console's form: the row with its
 * secrets sealed, and the audit row */
static int op_channel_save(void)
{
    json_t *f = json_pack("{s:s, s:s}", "token", "123456789:AAHfaultTestToken_0123456789",
                          "secret_token", "tg-secret-0123456789");
    json_t *errors = json_object();
    int rc = f && errors ? db_begin(db) : -1;
    if (rc == 0) rc = channel_save(db, &staff, oid(), "telegram", f, errors, now) == 0 ? 0 : -1;
    json_decref(f);
    json_decref(errors);
    return finish(rc);
}

/* `balai check-key --seal`'s write: a secret stored in plaintext (from
 * before sealing) sealed, in the check's own transaction */
static int op_seal_plaintext(void)
{
    struct channel_key_report rep;
    return channel_secrets_check(db, 1, &rep) == 0 && rep.resealed == 1 && !rep.failed ? 0 : -1;
}

static int64_t done_id, slot_id;

static int op_pickup_book(void)
{
    int rc = db_begin(db);
    if (rc == 0) rc = pickup_book(db, office, done_id, slot_id, 20261208, &staff, now);
    return finish(rc);
}

static int64_t inbound_mid;

/* what the "inbound" job does with a stored message: contact,
 * conversation, the bot's answer queued, in one transaction */
static int op_inbound(void)
{
    int rc = db_begin(db);
    if (rc == 0) rc = inbound_process(db, inbound_mid, now) < 0 ? -1 : 0;
    return finish(rc);
}

/* ---- the loops -------------------------------------------------------- */

/* Fails the 1st, 2nd, ... DB call of op until one run meets no fault;
 * returns how many calls the successful run made. */
static long db_faults(const char *name, int (*op)(void))
{
    struct snap before, after;
    snapshot(&before);                  /* a failed run changes nothing: kept */
    for (long n = 1; n < 1000; n++) {
        fault_at = n;
        fault_calls = 0;
        int rc = op();
        long calls = fault_calls;
        fault_at = 0;
        if (calls < n) {                        /* ran to its end: done */
            if (rc != 0) fail_msg("%s: failed without a fault (%d)", name, rc);
            return calls;
        }
        if (rc == 0) fail_msg("%s: DB fault %ld was met but the operation answered success", name, n);
        no_open_transaction(name, n);
        snapshot(&after);
        same(&before, &after, name, n, "DB");
    }
    fail_msg("%s: more than 1000 DB calls", name);
    return 0;
}

/* Fails the 1st, 2nd, ... jansson allocation of op. An allocation fault
 * may be absorbed (e.g. a smaller log line) and the run succeed, but a run
 * that answered an error must have changed nothing. Returns how many
 * allocations the last run made. */
static long alloc_faults(const char *name, int (*op)(void))
{
    struct snap before, after;
    long calls = 0;
    json_set_alloc_funcs(f_malloc, free);
    snapshot(&before);
    /* under valgrind (CI's leak pass) every 7th allocation: the same
     * paths, a seventh of the snapshots */
    long step = RUNNING_ON_VALGRIND ? 7 : 1;
    for (long n = 1; n < 5000; n += step) {
        alloc_at = n;
        alloc_calls = 0;
        int rc = op();
        calls = alloc_calls;
        alloc_at = 0;
        if (calls < n) {
            if (rc != 0) fail_msg("%s: failed without a fault (%d)", name, rc);
            break;
        }
        no_open_transaction(name, n);
        snapshot(&after);
        if (rc != 0) same(&before, &after, name, n, "allocation");
        else before = after;            /* it went ahead: the new state */
    }
    json_set_alloc_funcs(malloc, free);
    return calls;
}

static void check_audit(void)
{
    struct audit_report rep;
    assert_int_equal(audit_verify(db, &rep), 0);
    assert_int_equal(rep.bad_seq, 0);
}

static void test_db_faults(void **state)
{
    (void)state;
    struct { const char *name; int (*op)(void); } ops[] = {
        {"request_create", op_request_create}, {"request_status", op_request_status},
        {"service_update", op_service_update}, {"service_insert", op_service_insert},
        {"staff_add", op_staff_add}, {"store_message", op_store_message},
        {"pickup_book", op_pickup_book}, {"inbound_process", op_inbound},
        {"store_receipt", op_store_receipt}, {"channel_save", op_channel_save},
        {"seal_plaintext", op_seal_plaintext},
    };
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        long calls = db_faults(ops[i].name, ops[i].op);
        assert_true(calls > 2);         /* at least begin, a write, commit */
        check_audit();
    }
}

static void test_alloc_faults(void **state)
{
    (void)state;
    struct { const char *name; int (*op)(void); } ops[] = {
        {"request_create", op_request_create}, {"service_update", op_service_update},
        {"staff_add", op_staff_add}, {"channel_save", op_channel_save},
    };
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        assert_true(alloc_faults(ops[i].name, ops[i].op) > 10);
        check_audit();
    }
}

/* an integer member of a row, which is then freed */
static int64_t jv_int_of(json_t *row, const char *key)
{
    int64_t v = json_integer_value(json_object_get(row, key));
    json_decref(row);
    return v;
}

/* ---- lookups ----------------------------------------------------------- */

static int64_t conv_id;
static char req_number[REQ_NUMBER_MAX];

static int find_request(json_t **o) { return request_find(db, oid(), status_id, o); }
static int find_number(json_t **o) { return request_find_number(db, oid(), req_number, o); }
static int find_service(json_t **o) { return service_find(db, oid(), "sktm", o); }
static int find_staff(json_t **o) { return staff_find(db, "petugas.jelitik", o); }
static int find_office(json_t **o) { return office_find(db, "jelitik", o); }
static int find_conversation(json_t **o) { return inbox_conversation_find(db, oid(), conv_id, o); }
static int find_staff_id(json_t **o)
{
    json_t *s;
    int rc = staff_find(db, "petugas.jelitik", &s);
    int64_t id = json_integer_value(json_object_get(s, "id"));
    json_decref(s);
    if (rc == DB_ROW) return staff_find_id(db, id, o);
    *o = NULL;              /* the fault met the lookup of the id */
    return DB_ERR;
}

static void test_lookup_faults(void **state)
{
    (void)state;
    int64_t contact = chat_contact_upsert(db, oid(), "whatsapp", "6281200001111", "Rina", now, now);
    json_t *c = contact > 0 ? chat_conversation_open(db, oid(), contact, now) : NULL;
    conv_id = json_integer_value(json_object_get(c, "id"));
    json_decref(c);
    assert_true(conv_id > 0);
    json_t *q = request_get(db, oid(), status_id);
    snprintf(req_number, sizeof req_number, "%s", json_string_value(json_object_get(q, "number")));
    json_decref(q);
    struct { const char *name; int (*find)(json_t **); } finds[] = {
        {"request_find", find_request}, {"request_find_number", find_number},
        {"service_find", find_service}, {"staff_find", find_staff},
        {"staff_find_id", find_staff_id}, {"office_find", find_office},
        {"inbox_conversation_find", find_conversation},
    };
    for (size_t i = 0; i < sizeof finds / sizeof finds[0]; i++) {
        for (long n = 1;; n++) {
            json_t *o = (json_t *)1;
            fault_at = n;
            fault_calls = 0;
            int rc = finds[i].find(&o);
            long calls = fault_calls;
            fault_at = 0;
            if (calls < n) {            /* no fault met: it is there */
                if (rc != DB_ROW || !json_is_object(o))
                    fail_msg("%s: %d without a fault", finds[i].name, rc);
                json_decref(o);
                break;
            }
            if (rc != DB_ERR || o)
                fail_msg("%s: DB fault %ld answered %d, not DB_ERR", finds[i].name, n, rc);
        }
    }
    /* and what is not there is DB_DONE, not an error */
    json_t *o;
    assert_int_equal(request_find(db, oid(), 999999, &o), DB_DONE);
    assert_null(o);
    assert_int_equal(service_find(db, oid(), "tidak-ada", &o), DB_DONE);
    assert_null(o);
    assert_int_equal(staff_find(db, "tidak.ada", &o), DB_DONE);
    assert_null(o);
    assert_int_equal(inbox_conversation_find(db, oid(), conv_id + 1000, &o), DB_DONE);
    assert_null(o);
}

/* A member's permissions on an office, with the Nth database call of the
 * chain's reading failed (none when n is 0; tree: read as the whole tree,
 * as a request that asks about many offices does). 1 when the call met no
 * fault. */
static int perms_with_fault(json_t *me, json_t *grants, int tree, long n, int *rc, unsigned *p)
{
    struct req r = {.db = db, .me = me, .grants = grants, .now = now, .perm_calls = tree ? 3 : 0};
    *p = 0xdead;
    fault_at = n;
    fault_calls = 0;
    *rc = gate_office_perms(&r, oid(), p);
    long calls = fault_calls;
    fault_at = 0;
    office_tree_free(&r.tree);
    return n == 0 || calls < n;
}

static void test_gate_chain_faults(void **state)
{
    json_t *me = NULL, *grants;
    assert_int_equal(staff_find(db, "lurah.jelitik", &me), DB_ROW);
    assert_non_null(grants = staff_grants(db, jv_int(me, "id")));
    for (int tree = 0; tree < 2; tree++) {
        for (long n = 1;; n++) {
            int rc;
            unsigned p;
            if (perms_with_fault(me, grants, tree, n, &rc, &p)) {
                if (rc != 0 || !(p & PERM_STAFF))
                    fail_msg("gate_office_perms (tree %d): %d, perms %#x without a fault", tree, rc, p);
                break;
            }
            if (rc != -1 || p != 0)
                fail_msg("gate_office_perms (tree %d): DB fault %ld answered %d with perms %#x, "
                         "not -1 (a failure read as no role)", tree, n, rc, p);
        }
    }
    json_decref(me);
    json_decref(grants);
    /* a member without a role there is told so: no error */
    assert_int_equal(staff_find(db, "lurah.srimenanti", &me), DB_ROW);
    assert_non_null(grants = staff_grants(db, jv_int(me, "id")));
    int rc;
    unsigned p;
    assert_true(perms_with_fault(me, grants, 0, 0, &rc, &p));
    assert_int_equal(rc, 0);
    assert_int_equal(p, 0);
    json_decref(me);
    json_decref(grants);
}

static int setup(void **state)
{
    /* channel secrets are sealed with the deployment's key (core/secret.h) */
    static const unsigned char key[SECRET_KEY_BYTES] = {7, 1, 4, 2};
    secret_key_set(key);
    db = demo_db_open(path);
    if (!db) { fprintf(stderr, "setup: no demo database\n"); return -1; }
    office = office_get(db, "jelitik");
    db_exec_script(db, "PRAGMA synchronous=OFF");   /* a throw-away file: no fsync */
    struct calendar c = {.tz_offset_min = 420};
    now = cal_utc_of(&c, 20261207, 10 * 60);
    json_t *svc = service_get(db, oid(), "sktm");
    struct req_new n = {.office = office, .service = svc, .source = "loket", .name = "Siti",
                        .address = "RT 03/RW 05"};
    char number[REQ_NUMBER_MAX];
    status_id = svc ? request_create(db, &n, &staff, now, number) : -1;
    json_decref(svc);
    /* a finished document request and a pickup slot on Tuesdays */
    struct req_new d = {.office = office, .source = "loket", .name = "Siti", .address = "RT 01",
                        .type = REQ_TYPE_DOCUMENT};
    int64_t ev;
    if (db_begin(db) != 0) { fprintf(stderr, "setup: begin: %s\n", db_errmsg(db)); return -1; }
    done_id = request_create(db, &d, &staff, now, number);
    if (done_id <= 0 || request_set_status(db, office, done_id, 1, "diproses", "", &staff, now, &ev) ||
        request_set_status(db, office, done_id, 2, "selesai", "", &staff, now, &ev)) {
        fprintf(stderr, "setup: finished request: %s\n", db_errmsg(db));
        return -1;
    }
    slot_id = pickup_slot_add(db, oid(), 1, 8 * 60, 10 * 60, 3, &staff, now);
    /* a citizen's WhatsApp message waiting for the bot */
    struct event e = {.type = EV_MESSAGE, .channel = "whatsapp", .office_id = oid(), .at = now,
                      .external_id = "wamid.fault-in", .sender = "6281234599999",
                      .sender_name = "Dewi", .kind = "text"};
    e.body = strdup("Halo, syarat membuat SKTM apa saja?");
    e.payload = strdup("{}");
    int stored = ingest_store_message(db, &e, now, 0, &inbound_mid);
    free(e.body);
    free(e.payload);
    /* our reply to her, accepted by WhatsApp, waiting for its receipts */
    int64_t conv = jv_int_of(chat_conversation_open(db, oid(), chat_contact_upsert(db, oid(),
                       "whatsapp", "6281234599999", "Dewi", now, now), now), "id");
    int64_t out = chat_message_out(db, oid(), "whatsapp", conv, "text", "Syaratnya: KTP dan KK.",
                                   NULL, "bot", 0, now);
    if (out <= 0 || chat_message_handed(db, out, "wamid.fault-out", "accepted", now) != 0)
        stored = -1;
    /* a WhatsApp channel stored before secrets were sealed: a plaintext token */
    struct channel_fields plain = {.account = "112233445566778", .token = "EAAGplainToken0123",
                                   .app_secret = "", .verify_token = "", .base_url = "",
                                   .settings = "{}"};
    if (channel_put(db, 0, oid(), "whatsapp", &plain, now) != 0) stored = -1;
    if (slot_id <= 0 || stored != 1 || db_commit(db) != 0) {
        fprintf(stderr, "setup: slot %lld, message %d: %s\n", (long long)slot_id, stored,
                db_errmsg(db));
        return -1;
    }
    real = db->drv;
    faulty = *real;
    faulty.prepare = f_prepare;
    faulty.step = f_step;
    db->drv = &faulty;
    return office && status_id > 0 ? 0 : -1;
}

static int teardown(void **state)
{
    if (real) db->drv = real;
    json_decref(office);
    demo_db_remove(db, path);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_db_faults),
        cmocka_unit_test(test_alloc_faults),
        cmocka_unit_test(test_lookup_faults),
        cmocka_unit_test(test_gate_chain_faults),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
