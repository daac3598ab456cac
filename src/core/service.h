/* service: one service of an office's catalogue as a JSON document, the
 * single source the portal, printables, JSON API and (next) the chat bot
 * read. Checked and compared here; no SQL, no HTTP.
 *
 * Document keys:
 *   slug              a-z 0-9 _ -, 2..40; fixed once created (it is in URLs
 *                     and on printed QR codes)
 *   name              "Surat Keterangan Tidak Mampu (SKTM)"
 *   category          a category name, e.g. "Surat Keterangan"
 *   summary           one paragraph for citizens
 *   synonyms[]        what citizens type: "sktm", "surat miskin", ...
 *   checklist[]       {item, note, count}: note is one of service_notes
 *   steps[]           the procedure, in order
 *   days              processing time in working days (0 = the same day)
 *   cost              "Gratis" or an amount with its basis
 *   legal_basis[]     regulations
 *   request_type      "informasi" (the office informs and refers) or
 *                     "pendaftaran_dokumen" (the office issues a document)
 *   faq[]             {q, a}
 *   note_for_citizen  a warning that saves a wasted trip ("" if none)
 *   source            where the content comes from ("" if none)
 *   active            false hides it from the portal, printables and bot */
#ifndef BALAI_SERVICE_H
#define BALAI_SERVICE_H
#include <jansson.h>

/* Limits, also shown in the staff form. */
#define SERVICE_CHECKLIST_MAX 40
#define SERVICE_STEPS_MAX 30
#define SERVICE_FAQ_MAX 30
#define SERVICE_SYNONYMS_MAX 60
#define SERVICE_DAYS_MAX 365

extern const char *const service_notes[];          /* NULL-terminated */
extern const char *const service_request_types[];  /* NULL-terminated */
const char *service_request_type_label(const char *type);

/* How long a service takes, in the words every screen, card and chat uses:
 * "Selesai pada hari yang sama" for 0, else "3 hari kerja". */
void service_days_text(long long days, char *out, size_t n);

/* Normalises `doc` in place (trims text, drops empty list entries, fills
 * defaults: cost "Gratis", request_type "informasi", active true, count 1)
 * and checks it. Each problem is added to `errors` as field -> message in
 * Bahasa Indonesia (fields: slug name category summary synonyms checklist
 * steps days cost legal_basis request_type faq note_for_citizen source).
 * Returns the number of problems. */
int service_check(json_t *doc, json_t *errors);

/* Keys of the document whose values differ, in document order, as a
 * JSON array of strings (empty when nothing changed). */
json_t *service_changes(const json_t *before, const json_t *after);

/* Label of a document key for staff ("checklist" -> "Persyaratan"). */
const char *service_field_label(const char *key);

/* Copies only the document keys of `src` (drops id, version and other row
 * columns), for storing and versioning. */
json_t *service_doc(const json_t *src);

#endif
