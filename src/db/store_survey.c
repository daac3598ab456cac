/* store_survey: see store_survey.h. */
#include "db/store_survey.h"
#include "core/reqtype.h"
#include "db/row.h"
#include "db/store_request.h"
#include <stdlib.h>
#include <string.h>

int survey_due(db_t *db, const json_t *r, const char *status)
{
    /* a complaint or consultation ends at its own final status: selesai */
    if (!reqtype_has_documents(json_string_value(json_object_get(r, "request_type"))))
        return strcmp(status, "selesai") == 0;
    /* survey_open sends it once, so diambil after an informasi selesai
     * sends nothing twice */
    if (strcmp(status, "diambil") == 0) return 1;
    if (strcmp(status, "selesai") != 0) return 0;
    int doc = request_collects(db, r);
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
