/* status: the public page where a citizen types a registration number and
 * sees where the request stands (/o/{office}/status), and picks a pickup
 * slot once it is finished.
 *
 * Numbers are sequential, so anyone can guess the next one: the page shows
 * only what says nothing about the person (number, service, status, dates,
 * next step, the pickup slot), never the name, address, phone or the
 * staff's notes, and lookups are throttled per client address. */
#include "core/calendar.h"
#include "core/request.h"
#include "core/reqtype.h"
#include "db/store_office.h"
#include "db/store_pickup.h"
#include "db/store_request.h"
#include "http/form.h"
#include "http/gate.h"
#include "jobs/worker.h"
#include "http/page.h"
#include "util/ratelimit.h"
#include "web/web.h"
#include "util/jv.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LOOKUP_RATE 30              /* lookups per client address ... */
#define LOOKUP_WINDOW 600           /* ... per 10 minutes */
#define OFFER_MAX 20                /* slots shown to choose from */

/* ---- throttle ------------------------------------------------------------
 * In memory and per instance (util/ratelimit.h): a lookup writes nothing,
 * and a limit an attacker can only multiply by the number of instances
 * still makes walking through thousands of numbers slow. */
static struct ratelimit lookups = RATELIMIT_INIT(LOOKUP_RATE, LOOKUP_WINDOW);

/* ---- the page -------------------------------------------------------------- */

static void date_text(int date, char *out, size_t n)
{
    cal_format_date_id(date, out, n);
}

/* The local date of instant t in the office's time zone. */
static int local_date(const json_t *office, int64_t t)
{
    return request_today(office, t);
}

/* Only fields that say nothing about the citizen: see the comment on top. */
static json_t *public_view(struct req *r, const json_t *office, const json_t *q)
{
    const char *status = jv_str(q, "status"), *type = jv_str(q, "request_type");
    char d[64];
    json_t *v = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "number", jv_str(q, "number"),
                          "service_name", jv_str(q, "service_name"), "status", status,
                          "status_label", reqtype_status_label(type, status),
                          "next_step", reqtype_next_step(type, status),
                          "type_label", reqtype_label(type));
    /* is_selesai offers the pickup: only a document is collected */
    json_object_set_new(v, "is_selesai", json_boolean(strcmp(status, "selesai") == 0 &&
                                                      reqtype_has_documents(type)));
    json_object_set_new(v, "complaint", json_boolean(strcmp(type, REQ_TYPE_COMPLAINT) == 0));
    json_object_set_new(v, "is_ditolak", json_boolean(strcmp(status, "ditolak") == 0));
    int eta = (int)json_integer_value(json_object_get(q, "eta_date"));
    if (!req_status_final(status) && eta) {
        date_text(eta, d, sizeof d);
        json_object_set_new(v, "eta_text", json_string(d));
        json_object_set_new(v, "overdue", json_boolean(req_status_running(status) &&
                                                       request_today(office, r->now) > eta));
    }
    int64_t closed = json_integer_value(json_object_get(q, "closed_at"));
    if (strcmp(status, "diambil") == 0) {
        /* the hand-over's own event says when */
        json_t *ev = request_events(r->db, json_integer_value(json_object_get(q, "id")));
        size_t i;
        json_t *e;
        json_array_foreach(ev, i, e)
            if (strcmp(jv_str(e, "status"), "diambil") == 0)
                closed = json_integer_value(json_object_get(e, "at"));
        json_decref(ev);
    }
    if (req_status_final(status) && closed > 0) {
        date_text(local_date(office, closed), d, sizeof d);
        json_object_set_new(v, "done_text", json_string(d));
    }
    return v;
}

/* The pickup part of the public view: the booking, and the one next step
 * of the request's pickup stage (core/request.h). */
static void pickup_part(json_t *v, const struct pickup_view *pv)
{
    json_t *b = pv->booking;
    if (b) {
        char d[64], slot[32];
        int sm = (int)json_integer_value(json_object_get(b, "start_min"));
        int em = (int)json_integer_value(json_object_get(b, "end_min"));
        snprintf(slot, sizeof slot, "%02d.%02d–%02d.%02d", sm / 60, sm % 60, em / 60, em % 60);
        date_text((int)json_integer_value(json_object_get(b, "date")), d, sizeof d);
        json_object_set_new(v, "booking", json_pack("{s:s, s:s, s:b}", "date_text", d, "time",
                                                     slot, "collected",
                                                     pv->stage == PICKUP_COLLECTED));
    }
    if (req_pickup_step(pv->stage))
        json_object_set_new(v, "next_step", json_string(req_pickup_step(pv->stage)));
    /* nothing to collect: done, with no pickup wording */
    if (req_pickup_label(pv->stage)) {
        json_object_set_new(v, "status_label", json_string(req_pickup_label(pv->stage)));
        json_object_set_new(v, "is_selesai", json_false());
    }
}

/* The slots a finished, unbooked request may choose from, with their
 * date and time in words. */
static void offer_words(json_t *o)
{
    size_t i;
    json_t *e;
    json_array_foreach(o, i, e) {
        char d[64], t[32];
        int sm = (int)json_integer_value(json_object_get(e, "start_min"));
        int em = (int)json_integer_value(json_object_get(e, "end_min"));
        date_text((int)json_integer_value(json_object_get(e, "date")), d, sizeof d);
        snprintf(t, sizeof t, "%02d.%02d–%02d.%02d", sm / 60, sm % 60, em / 60, em % 60);
        json_object_set_new(e, "date_text", json_string(d));
        json_object_set_new(e, "time", json_string(t));
    }
}

/* The request found, with its pickup: the slots to choose from only when
 * there are some (PICKUP_OPEN), and the one next step of its stage. 0, or
 * <0 when the pickup could not be read. */
static int found_part(struct req *r, json_t *office, json_t *q, json_t *vm)
{
    json_t *v = public_view(r, office, q);
    struct pickup_view pv;
    int rc = pickup_view_of(r->db, office, q, r->now, OFFER_MAX, &pv);
    pickup_part(v, &pv);
    if (pv.stage == PICKUP_OPEN) {
        offer_words(pv.offer);
        json_object_set_new(vm, "offer", json_incref(pv.offer));
        web_pre_csrf(r, vm);
        /* the link in our chat notice carries the pickup code */
        const char *kode = req_arg(r, "kode");
        if (kode && strlen(kode) == 6 && strspn(kode, "0123456789") == 6)
            json_object_set_new(vm, "kode", json_string(kode));
    }
    pickup_view_free(&pv);
    json_object_set_new(vm, "found", v);
    return rc;
}

/* Renders the page; `q` (borrowed) is the request found, or NULL for the
 * bare form or an error. */
static void show(struct req *r, int status, json_t *office, const char *typed, json_t *q,
                 const char *error, const char *notice)
{
    json_t *vm = json_pack("{s:s, s:o, s:b, s:s}", "title", "Cek status permohonan", "place",
                           web_place(r, office), "portal", 1, "nomor", typed ? typed : "");
    if (error) json_object_set_new(vm, "error", json_string(error));
    if (notice) json_object_set_new(vm, "notice", json_string(notice));
    if (q && found_part(r, office, q, vm) != 0) {
        json_decref(vm);
        page_db_down(r);
        return;
    }
    resp_header(r, "Cache-Control", "no-store");
    page_render(r, status, "status", vm);
}

/* Common start of GET and POST: the office (404 page if unknown) and the
 * throttle (429 page). Returns the office, or NULL when answered. */
static json_t *begin(struct req *r, const char *typed)
{
    json_t *office;
    int found = web_path_office(r, &office);
    if (!found) page_error(r, 404, "Kantor tidak ditemukan.");
    if (found <= 0) return NULL;
    if (!*typed) return office;
    if (!ratelimit_take(&lookups, r->client, r->now)) {
        resp_header(r, "Retry-After", "600");
        show(r, 429, office, typed, NULL,
             "Anda sudah terlalu sering mencari dalam waktu singkat. Mohon tunggu sekitar 10 "
             "menit, lalu coba lagi.", NULL);
        json_decref(office);
        return NULL;
    }
    return office;
}

/* Finds the request named by what the citizen typed; on NULL the page with
 * the reason (or the 503 page when the database failed) has been rendered. */
static json_t *find(struct req *r, json_t *office, const char *typed)
{
    char number[REQ_NUMBER_MAX];
    if (!req_number_find(typed, number, sizeof number)) {
        show(r, 422, office, typed, NULL,
             "Nomor permohonan tidak dikenali. Tuliskan seperti pada tanda terima, misalnya "
             "JLT-2026-00042.", NULL);
        return NULL;
    }
    json_t *q;
    int found = request_find_number(r->db, json_integer_value(json_object_get(office, "id")),
                                    number, &q);
    if (found < 0) {
        page_db_down(r);
    } else if (!found) {
        char msg[200];
        snprintf(msg, sizeof msg, "Permohonan dengan nomor %s tidak ditemukan di kantor ini. "
                 "Periksa kembali nomornya pada tanda terima atau pesan dari kami.", number);
        show(r, 404, office, typed, NULL, msg, NULL);
    }
    return q;
}

void web_status(struct req *r)
{
    const char *typed = req_arg(r, "nomor");
    if (!typed) typed = "";
    if (strlen(typed) > 64 || !text_clean(typed, 0)) typed = "?";
    json_t *office = begin(r, typed);
    if (!office) return;
    if (!*typed) {
        show(r, 200, office, "", NULL, NULL, NULL);
        json_decref(office);
        return;
    }
    json_t *q = find(r, office, typed);
    if (q) {
        const char *notice = req_arg(r, "dipesan")
                                 ? "Terima kasih, jadwal pengambilan Anda sudah tercatat." : NULL;
        show(r, 200, office, jv_str(q, "number"), q, NULL, notice);
        json_decref(q);
    }
    json_decref(office);
}

void web_status_book(struct req *r)
{
    const char *typed = req_field(r, "nomor");
    if (strlen(typed) > 64 || !text_clean(typed, 0)) typed = "?";
    json_t *office = begin(r, *typed ? typed : "?");
    if (!office) return;
    json_t *q = find(r, office, typed);
    if (!q) { json_decref(office); return; }
    int64_t slot_id = 0;
    int date = 0, rc = 2;
    const char *error = NULL;
    /* registration numbers are sequential, so the number alone must not let
     * a stranger choose (or use up) someone's pickup: the 6-digit code was
     * given only to the citizen (chat, or the counter's receipt) */
    const char *kode = req_field(r, "kode"), *pin = jv_str(q, "pin");
    size_t kl = strlen(kode), pl = strlen(pin);
    if (pl == 0 || kl != pl || sodium_memcmp(kode, pin, pl) != 0) {
        show(r, 403, office, jv_str(q, "number"), q,
             "Kode pengambilan tidak cocok. Kode 6 angka itu ada di pesan kami saat permohonan "
             "tercatat atau pada tanda terima dari petugas.", NULL);
        goto out;
    }
    json_t *had = pickup_booking_of(r->db, json_integer_value(json_object_get(q, "id")));
    if (had) {
        json_decref(had);
        error = "Jadwal pengambilan untuk permohonan ini sudah dipilih sebelumnya.";
        show(r, 409, office, jv_str(q, "number"), q, error, NULL);
        goto out;
    }
    if (strcmp(jv_str(q, "status"), "selesai") != 0) {
        show(r, 409, office, jv_str(q, "number"), q,
             "Permohonan ini belum siap diambil, jadi jadwal pengambilan belum bisa dipilih.",
             NULL);
        goto out;
    }
    if (pickup_choice_parse(req_field(r, "slot"), &slot_id, &date) != 0) {
        show(r, 422, office, jv_str(q, "number"), q, "Pilih salah satu jadwal pengambilan.", NULL);
        goto out;
    }
    struct actor warga = {0, "warga"};
    rc = db_begin(r->db);
    if (rc == 0)
        rc = pickup_book(r->db, office, json_integer_value(json_object_get(q, "id")), slot_id,
                         date, &warga, r->now);
    if (rc == 0) {
        if (db_commit(r->db) != 0) { web_db_fail(r); goto out; }
        /* a pickup tomorrow after 15.00 today: its reminder is due at once */
        workers_wake();
        char loc[400], num[3 * REQ_NUMBER_MAX];
        url_encode(jv_str(q, "number"), num, sizeof num);
        snprintf(loc, sizeof loc, "/o/%s/status?nomor=%s&dipesan=1", jv_str(office, "slug"), num);
        resp_redirect(r, loc);
        goto out;
    }
    if (rc < 0) { web_db_fail(r); goto out; }
    db_rollback(r->db);
    if (rc == 1) {
        show(r, 409, office, jv_str(q, "number"), q,
             "Maaf, jadwal yang Anda pilih baru saja penuh. Silakan pilih jadwal lain.", NULL);
    } else if ((had = pickup_booking_of(r->db, json_integer_value(json_object_get(q, "id"))))) {
        /* booked meanwhile from another tab or on WhatsApp */
        json_decref(had);
        show(r, 409, office, jv_str(q, "number"), q,
             "Jadwal pengambilan untuk permohonan ini sudah dipilih sebelumnya.", NULL);
    } else {
        show(r, 422, office, jv_str(q, "number"), q,
             "Jadwal itu tidak dapat dipilih (kantor tutup atau tanggalnya sudah berlalu). Silakan pilih "
             "jadwal lain.", NULL);
    }
out:
    json_decref(q);
    json_decref(office);
}
