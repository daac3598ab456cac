/* request: the rules of a citizen's request (the WA-NTI workflow) without
 * SQL or HTTP: statuses and which change is allowed, what each status means
 * to the citizen (label, next step), registration numbers and checklist
 * verdicts. The store (db/store_request.c) and every screen use these, so
 * the console, the portal's status page and the bot say the same thing.
 *
 * Flow: baru -> diproses <-> kurang_lengkap -> selesai -> diambil;
 *       ditolak (with a reason) from baru, diproses or kurang_lengkap. */
#ifndef BALAI_REQUEST_H
#define BALAI_REQUEST_H
#include <stddef.h>
#include <jansson.h>

#define REQ_STATUSES "baru diproses kurang_lengkap ditolak selesai diambil"
#define REQ_REASON_MAX 500
#define REQ_NUMBER_MAX 32        /* "JLT-2026-00042" and room for long codes */

/* 1 if s is one of the six statuses. */
int req_status_valid(const char *s);
/* 1 if a request may go from `from` to `to`; a change to the same status
 * is not a change (0). */
int req_transition_ok(const char *from, const char *to);
/* 1 for selesai, diambil and ditolak: the office's work is over (a
 * selesai request still waits to be collected: selesai -> diambil). */
int req_status_final(const char *s);
/* 1 while the office is working on it (baru, diproses): the only statuses
 * that can be overdue; kurang_lengkap waits on the citizen. */
int req_status_running(const char *s);
/* "Baru", "Sedang diproses", "Berkas kurang lengkap", "Ditolak",
 * "Selesai, siap diambil", "Sudah diambil"; the status itself if unknown. */
const char *req_status_label(const char *s);
/* What the citizen should do or expect next, one sentence. */
const char *req_next_step(const char *s);

/* Where a finished document stands with its pickup. Every screen and
 * message says the one next step of its stage (req_pickup_step), so none
 * offers a choice of slot beside "no slot yet" (db/store_pickup.h works the
 * stage out). */
enum pickup_stage {
    PICKUP_NONE,        /* nothing to collect (yet): the status's own next step */
    PICKUP_NO_SLOTS,    /* finished; the office has no pickup slots: come in office hours */
    PICKUP_FULL,        /* finished; slots exist but none can be booked now */
    PICKUP_OPEN,        /* finished; slots can be booked */
    PICKUP_BOOKED,      /* finished and booked: come at that time */
    PICKUP_COLLECTED,   /* taken home */
    PICKUP_NOTHING,     /* finished; the service (informasi) issues nothing to collect */
};
/* The next step of a stage; NULL for PICKUP_NONE. */
const char *req_pickup_step(enum pickup_stage s);
/* The status's label where the stage changes it ("Selesai" when there is
 * nothing to collect, never "siap diambil"); NULL where the status's own
 * label stands. */
const char *req_pickup_label(enum pickup_stage s);

/* "JLT-2026-00042" from the office code, year and counter (5 digits, more
 * when the counter passes 99999). A code is 2..6 letters/digits; an office
 * without one uses "K<office id>". Returns 0, or -1 if it does not fit. */
int req_number_format(char *out, size_t n, const char *code, long long office_id, int year,
                      long long seq);
/* Finds a registration number in free text ("status JLT-2026-42",
 * "cek jlt 2026 00042"): copies it normalised ("JLT-2026-00042") into out
 * and returns 1, else 0. */
int req_number_find(const char *text, char *out, size_t n);

/* The inbox label of the chat a request came from, following its status:
 * "baru"; "diproses" (also kurang_lengkap); "selesai" (also diambil,
 * ditolak). NULL for an unknown status. */
const char *req_chat_label(const char *status);

/* Checklist verdicts of petugas_verifikasi: ok, kurang (missing), salah
 * (wrong document), tidak_perlu (not needed for this citizen: needs a note
 * saying why); their labels. */
int req_verdict_valid(const char *v);
const char *req_verdict_label(const char *v);
/* 1 for the verdicts that let a request finish: ok and tidak_perlu. */
int req_verdict_done(const char *v);
/* 1 for the statuses a request may only reach once every checklist item
 * is judged done (selesai, diambil): validation comes before the notice. */
int req_status_needs_checklist(const char *to);
/* The names of the checklist items (array of {item}) that are not done
 * given the verdicts (array of {item: index, verdict}): unjudged, kurang or
 * salah. A new array of strings, in checklist order (empty when all done). */
json_t *req_open_items(const json_t *checklist, const json_t *verdicts);
/* The refusal for a change to `to` while `open` (from req_open_items)
 * is not empty, in Indonesian, naming the items. */
void req_open_message(const json_t *open, const char *to, char *out, size_t n);

#endif
