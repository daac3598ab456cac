/* store_request: citizens' requests (migration 004). All SQL about requests
 * lives here; the rules (statuses, numbers, verdicts) are core/request.h.
 * Every change runs inside the caller's transaction together with its audit
 * row and the citizen's notice (channels/notify.h), so they commit together.
 *
 * A request comes back as a JSON object: id office_id number service_id
 * service_name checklist (array) days contact_id conversation_id source
 * citizen_name citizen_address phone status reason eta_date (yyyymmdd int)
 * assigned_to created_by created_at updated_at closed_at version pin (the
 * citizen's 6-digit pickup code: never on a public page), plus
 * channel and contact_address/last_inbound_at of its contact (NULL/0 for a
 * walk-in without one), and its type (core/reqtype.h: request_type) with a
 * complaint's category details place geo ("" for other types). */
#ifndef BALAI_STORE_REQUEST_H
#define BALAI_STORE_REQUEST_H
#include <jansson.h>
#include <stdint.h>
#include "core/request.h"
#include "core/reqtype.h"
#include "db/db.h"
#include "db/store_audit.h"

struct req_new {
    const json_t *office;       /* office row (id, code, tz, hours) */
    const json_t *service;      /* service document with id, or NULL: no service yet */
    int64_t contact_id;         /* 0 for a walk-in without a chat */
    int64_t conversation_id;    /* 0 likewise */
    const char *source;         /* whatsapp | telegram | web | loket */
    const char *name, *address, *phone;
    /* NULL/"": a document request with a service, else a consultation */
    const char *type;
    const char *service_name;   /* NULL: the service's name */
    const char *category, *details, *place, *geo;   /* a complaint's, else NULL */
    /* With contact_id 0: the citizen's WhatsApp number (international
     * digits) when the office can notify there; its contact is found or
     * made in the same transaction (named after the citizen if it has no
     * name yet) and becomes the request's, so notices go to that number. */
    const char *wa_address;
};

/* Takes the next registration number of the office for the local year of
 * `now` (race-free on both databases, never reused), computes the ETA in
 * the office's working days, inserts the request and its first event
 * ('baru'), and audits it. Fills number; returns the id or <0. */
int64_t request_create(db_t *db, const struct req_new *n, const struct actor *who, int64_t now,
                       char number[REQ_NUMBER_MAX]);

/* One request of the office (office_id 0: any office), NULL if unknown
 * or on a database error. */
json_t *request_get(db_t *db, int64_t office_id, int64_t id);
/* 0 when request r's service issues nothing to collect (its request_type
 * is "informasi", the service default: the office informs and refers),
 * else 1 (a document; also without a service or when the service is
 * gone), <0 on a database error.
 * Only meaningful for a document request (reqtype_has_documents). */
int request_collects(db_t *db, const json_t *r);
/* The same with "not found" and "error" told apart (a page answers 404 or
 * 503): DB_ROW (1) with *out set, DB_DONE (0) unknown, DB_ERR. */
int request_find(db_t *db, int64_t office_id, int64_t id, json_t **out);
/* By registration number (normalised, see req_number_find), NULL if unknown;
 * request_find_number tells "unknown" and "error" apart like request_find. */
json_t *request_by_number(db_t *db, int64_t office_id, const char *number);
int request_find_number(db_t *db, int64_t office_id, const char *number, json_t **out);

/* The console's list: every field ""/0 for no limit. */
struct request_filter {
    const char *status, *type;  /* a status, a request type */
    int overdue, today;         /* only late ones (eta_date before today, yyyymmdd) */
    const char *q, *number;     /* the search words; the registration number they name */
    const char *pattern;        /* q as a lower-case LIKE pattern (ESCAPE '\') */
    int mine;                   /* only those assigned to `me` */
    int64_t me;
};
/* The office's newest 200 requests that pass f: id:i number service_name
 * citizen_name status eta_date:i source created_at:i assigned_to:i
 * request_type. NULL on error. */
json_t *request_list(db_t *db, int64_t office_id, const struct request_filter *f);
/* Gives the request to staff_id; with only_if_none, only when nobody has it. */
int request_assign(db_t *db, int64_t id, int64_t staff_id, int only_if_none);
/* The contact's newest request for the office's service `slug` that the
 * office is still working on (baru, diproses, kurang_lengkap), NULL if none:
 * a second "Ajukan" tap is told about it instead of opening a twin. */
json_t *request_open_for_contact(db_t *db, int64_t office_id, int64_t contact_id,
                                 const char *slug);
/* The contact's newest request of `type` that is not final, NULL if none:
 * a second complaint message is added to the first instead of a twin. */
json_t *request_open_of_contact(db_t *db, int64_t office_id, int64_t contact_id,
                                const char *type);
/* The newest request of a conversation that is not final, NULL if none. */
json_t *request_open_of_conversation(db_t *db, int64_t conversation_id);

/* Changes the status if the stored version is still `version` and the
 * change is allowed (req_transition_ok): records the event, sets closed_at,
 * restarts the ETA when a kurang_lengkap request is complete again, and
 * audits. Returns 0 on success, 1 when the request changed in between
 * (stale version), 2 when the change is not allowed, 3 when the change is
 * to selesai or diambil while a checklist item is not judged done
 * (request_open_items names them; nothing is written), <0 on error. On
 * success *event_id is the new request_event row (for the notice). */
int request_set_status(db_t *db, const json_t *office, int64_t id, int64_t version,
                       const char *to, const char *note, const struct actor *who, int64_t now,
                       int64_t *event_id);
/* Links the citizen's notice to its event. */
int request_event_message(db_t *db, int64_t event_id, int64_t message_id);

/* The events, oldest first: status note actor at. */
json_t *request_events(db_t *db, int64_t id);

/* Sets petugas_verifikasi's verdict on checklist item `item` (0-based) and
 * bumps the request's version; audited. 0, 1 stale, 2 no such item, 3 the
 * request is selesai or diambil (the finished document rests on the
 * verdicts: they stay as they were), <0. */
int request_item_set(db_t *db, int64_t id, int64_t version, int item, const char *verdict,
                     const char *note, const struct actor *who, int64_t now);
/* The verdicts: item:i verdict note at staff. */
json_t *request_items(db_t *db, int64_t id);
/* The names of request r's checklist items not yet judged done
 * (req_open_items); NULL on error. */
json_t *request_open_items(db_t *db, const json_t *r);

/* The photos and documents of a request for its page: those sent through
 * the request's own upload link or attached to it (a complaint's,
 * store_media.h) and those of its conversation (0: none) that are no
 * request's, id filename mime size:i, oldest first. NULL on error. */
json_t *request_files(db_t *db, int64_t request_id, int64_t conversation_id);

/* The office's open request (baru, diproses, kurang_lengkap) for service
 * service_id with this phone number (international digits), NULL if none:
 * a second application on the portal is told about it instead of opening
 * a twin. */
json_t *request_open_for_phone(db_t *db, int64_t office_id, int64_t service_id, const char *phone);

/* The working days office_id gives itself for a request of `type` that has
 * no service (a complaint): *days, the default when unset. 0 or <0. */
int request_type_days(db_t *db, int64_t office_id, const char *type, int *days);
int request_type_days_set(db_t *db, int64_t office_id, const char *type, int days, int64_t now);

/* The ETA for a request of `days` working days received at `now`, as
 * yyyymmdd in the office's calendar (holidays, cuti bersama and leave
 * skipped). Outside office hours the request counts as received when the
 * office next opens. -1 when the office's closed days cannot be read. */
int request_eta(db_t *db, const json_t *office, int days, int64_t now);
/* The office's local date at now (for "overdue"). */
int request_today(const json_t *office, int64_t now);

#endif
