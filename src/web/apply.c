/* apply: "Ajukan permohonan" on the portal (GET/POST
 * /o/{office}/layanan/{service}/ajukan), the web twin of applying in the
 * chat (channels/intake.c). A citizen gives a name, RT/RW or address and a
 * WhatsApp number; the same checks as the chat's refuse a NIK, a phone
 * number or a too short text as a name or address (intake_person_fault, in
 * the field spec). On success the page shows what the chat says: the
 * registration number, the ETA in the office's working days, the pickup
 * code, the private upload link for the documents (one that names the
 * request itself, since there is no conversation) and a link to the
 * status page. The request is source "web"; when the office has a
 * WhatsApp channel its notices go to the number given (store_request makes
 * or finds the contact in the same transaction). Only document services
 * (request_type pendaftaran_dokumen) are applied for; an information
 * service's page says there is nothing to apply for and points to
 * WhatsApp and the chat.
 *
 * The route is public, so what one address may cost is bounded: the form
 * carries the pre-session CSRF token (like /login), a few applications per
 * address per hour are registered (util/ratelimit.h), and a second
 * application for the same service and number while the first is open is
 * not registered again. */
#include "channels/inbound.h"
#include "core/calendar.h"
#include "core/service.h"
#include "core/uplink.h"
#include "channels/config.h"
#include "db/store_media.h"
#include "db/store_request.h"
#include "http/fields.h"
#include "http/page.h"
#include "util/jv.h"
#include "util/phone.h"
#include "util/ratelimit.h"
#include "util/url.h"
#include "web/web.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define APPLY_RATE 5            /* applications registered per client address ... */
#define APPLY_WINDOW 3600       /* ... per hour (per instance) */

static struct ratelimit applications = RATELIMIT_INIT(APPLY_RATE, APPLY_WINDOW);

/* What every state of the page shows: the office, the service with its
 * checklist, whether it can be applied for and where notices go. */
static json_t *page_vm(struct req *r, json_t *office, const json_t *s, int wa)
{
    char days[64], title[300];
    service_days_text(jv_int(s, "days"), days, sizeof days);
    snprintf(title, sizeof title, "Ajukan permohonan: %s", jv_str(s, "name"));
    json_t *svc = json_pack("{s:s, s:s, s:s, s:b, s:O}", "name", jv_str(s, "name"), "slug",
                            jv_str(s, "slug"), "days_text", days, "applicable",
                            strcmp(jv_str(s, "request_type"), "pendaftaran_dokumen") == 0,
                            "checklist", json_object_get(s, "checklist") ?
                                         json_object_get(s, "checklist") : json_null());
    return json_pack("{s:s, s:o, s:b, s:o, s:b}", "title", title, "place", web_place(r, office),
                     "portal", 1, "service", svc, "wa", wa);
}

static void render(struct req *r, int status, json_t *vm)
{
    /* only a page that draws the form hands out its token */
    if (!json_object_get(vm, "done") &&
        json_is_true(json_object_get(json_object_get(vm, "service"), "applicable")))
        web_pre_csrf(r, vm);
    resp_header(r, "Cache-Control", "no-store");
    resp_header(r, "Referrer-Policy", "no-referrer");
    page_render(r, status, "portal_apply", vm);
}

/* The office and service of the path, and where notices go; NULL after
 * the 404/503 page. */
static json_t *begin(struct req *r, json_t **office, int *wa)
{
    json_t *s = web_portal_service_get(r, req_param(r, "service"), office);
    if (!s) return NULL;
    *wa = channel_active(r->db, jv_int(*office, "id"), "whatsapp");
    if (*wa < 0) {
        json_decref(s);
        page_db_down(r);
        return NULL;
    }
    return s;
}

void web_apply_form(struct req *r)
{
    json_t *office = NULL;
    int wa = 0;
    json_t *s = begin(r, &office, &wa);
    if (s) {
        json_t *vm = page_vm(r, office, s, wa);
        json_object_set_new(vm, "form", json_pack("{s:s, s:s, s:s}", "name", "", "address", "",
                                                  "phone", ""));
        render(r, 200, vm);
    }
    json_decref(s);
    json_decref(office);
}

/* What the citizen keeps: number, ETA, pickup code, the upload link in
 * full (only its hash is stored) and the status page. */
static json_t *receipt(struct req *r, const json_t *office, const json_t *q, const char *masked)
{
    char base[300], eta[64] = "", days[64], path[400], status[600], num[3 * REQ_NUMBER_MAX];
    web_base_url(r, base, sizeof base);
    if (jv_int(q, "eta_date")) cal_format_date_id((int)jv_int(q, "eta_date"), eta, sizeof eta);
    service_days_text(jv_int(q, "days"), days, sizeof days);
    snprintf(path, sizeof path, "%s/unggah/%s", base, masked);
    char *link = uplink_reveal(path);
    url_encode(jv_str(q, "number"), num, sizeof num);
    snprintf(status, sizeof status, "/o/%s/status?nomor=%s", jv_str(office, "slug"), num);
    char phone[48];
    phone_display(jv_str(q, "phone"), phone, sizeof phone);
    json_t *d = link ? json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "number",
                                 jv_str(q, "number"), "eta_text", *eta ? eta : "", "days_text",
                                 days, "pin", jv_str(q, "pin"), "upload_url", link, "status_url",
                                 status, "phone", phone)
                     : NULL;
    free(link);
    return d;
}

/* Registers the application (request, contact, upload link) in one
 * transaction; returns the receipt, or NULL with the transaction left for
 * web_db_fail to roll back. */
static json_t *record(struct req *r, json_t *office, json_t *s, int wa)
{
    const char *phone = req_text(r, "phone");
    struct req_new n = {
        .office = office, .service = s, .source = "web", .name = req_text(r, "name"),
        .address = req_text(r, "address"), .phone = phone, .wa_address = wa ? phone : NULL,
    };
    struct actor who = {0, "warga"};
    char number[REQ_NUMBER_MAX], masked[65];
    if (db_begin(r->db) != 0) return NULL;
    int64_t id = request_create(r->db, &n, &who, r->now, number);
    if (id < 0 || media_request_link(r->db, jv_int(office, "id"), id, r->now, UPLOAD_LINK_TTL,
                                     masked) != 0)
        return NULL;
    json_t *q = request_get(r->db, jv_int(office, "id"), id);
    json_t *d = q ? receipt(r, office, q, masked) : NULL;
    json_decref(q);
    if (!d || db_commit(r->db) != 0) {
        json_decref(d);
        return NULL;
    }
    return d;
}

/* Why this application is not registered now, with the page's status in
 * *status; NULL when it may go ahead. */
static const char *refusal(struct req *r, const json_t *office, const json_t *s, int *status)
{
    *status = 429;
    if (!ratelimit_take(&applications, r->client, r->now)) {
        resp_header(r, "Retry-After", "3600");
        return "Sudah terlalu banyak permohonan yang diajukan dari jaringan Anda dalam satu jam "
               "ini. Silakan coba lagi nanti, atau datang langsung ke kantor.";
    }
    json_t *twin = request_open_for_phone(r->db, jv_int(office, "id"), jv_int(s, "id"),
                                          req_text(r, "phone"));
    *status = 409;
    int open = twin != NULL;
    json_decref(twin);
    if (open)
        return "Permohonan layanan ini dengan nomor WhatsApp tersebut sudah tercatat dan sedang "
               "diproses, jadi tidak perlu diajukan lagi. Nomor registrasinya sudah diberikan "
               "saat pengajuan; cek statusnya dengan nomor itu, atau hubungi kantor bila "
               "nomornya hilang.";
    *status = 200;
    return NULL;
}

void web_apply(struct req *r)
{
    json_t *office = NULL, *vm = NULL;
    int wa = 0, status = 200;
    json_t *s = begin(r, &office, &wa);
    if (!s) goto out;
    vm = page_vm(r, office, s, wa);
    const char *why = NULL;
    /* an information service's page explains; nothing is registered */
    if (!json_is_true(json_object_get(json_object_get(vm, "service"), "applicable"))) status = 409;
    else if (form_check(r, vm) > 0) status = 422;
    else if ((why = refusal(r, office, s, &status)) != NULL)
        json_object_set_new(vm, "error", json_string(why));
    else {
        json_t *done = record(r, office, s, wa);
        if (!done) { web_db_fail(r); goto out; }
        json_object_set_new(vm, "done", done);
    }
    render(r, status, vm);
    vm = NULL;
out:
    json_decref(vm);
    json_decref(s);
    json_decref(office);
}
