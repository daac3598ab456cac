/* store_survey: see store_survey.h. */
#include "db/store_survey.h"
#include "db/row.h"
#include <stdlib.h>
#include <string.h>

/* 1 if the request's service issues a document to collect, 0 if not, <0 */
static int has_document(db_t *db, const json_t *r)
{
    int64_t service_id = json_integer_value(json_object_get(r, "service_id"));
    if (service_id <= 0) return 0;
    db_stmt *st = db_query(db, "SELECT body FROM service WHERE id = ?", "i", service_id);
    if (!st) return -1;
    json_t *row = row_first(st, "body");
    db_done(st);
    if (!row) return 0;     /* the service is gone: nothing we know of to collect */
    json_t *doc = json_loads(json_string_value(json_object_get(row, "body")) ?: "", 0, NULL);
    const char *type = json_string_value(json_object_get(doc, "request_type"));
    int yes = type && strcmp(type, "pendaftaran_dokumen") == 0;
    json_decref(doc);
    json_decref(row);
    return yes;
}

int survey_due(db_t *db, const json_t *r, const char *status)
{
    /* survey_open sends it once, so diambil after an informasi selesai
     * sends nothing twice */
    if (strcmp(status, "diambil") == 0) return 1;
    if (strcmp(status, "selesai") != 0) return 0;
    int doc = has_document(db, r);
    return doc < 0 ? -1 : !doc;
}

int survey_open(db_t *db, int64_t office_id, int64_t request_id, const char *channel,
                int64_t now)
{
    int64_t changed = 0;
    if (db_run_changes(db, &changed, "INSERT INTO survey (office_id, request_id, channel, sent_at) "
                                     "VALUES (?, ?, ?, ?) ON CONFLICT (request_id) DO NOTHING",
                       "iisi", office_id, request_id, channel, now) != 0)
        return -1;
    return changed == 1;
}

int survey_answer(db_t *db, int64_t office_id, int64_t request_id, int rating, int64_t now)
{
    if (rating < 1 || rating > 5) return 1;
    int64_t changed = 0;
    /* "rating IS NULL": the first answer counts, a second tap changes nothing */
    if (db_run_changes(db, &changed, "UPDATE survey SET rating = ?, answered_at = ? "
                                     "WHERE request_id = ? AND office_id = ? AND rating IS NULL",
                       "diii", rating, now, request_id, office_id) != 0)
        return -1;
    return changed == 1 ? 0 : 1;
}

int survey_comment(db_t *db, int64_t office_id, int64_t request_id, const char *comment)
{
    int64_t changed = 0;
    if (db_run_changes(db, &changed, "UPDATE survey SET comment = ? WHERE request_id = ? AND "
                                     "office_id = ? AND comment = '' AND rating IS NOT NULL",
                       "sii", comment, request_id, office_id) != 0)
        return -1;
    return changed == 1 ? 0 : 1;
}
