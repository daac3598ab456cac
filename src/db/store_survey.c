/* store_survey: see store_survey.h. */
#include "db/store_survey.h"
#include <string.h>

int survey_due(db_t *db, int64_t office_id, const char *status)
{
    if (strcmp(status, "diambil") == 0) return 1;
    if (strcmp(status, "selesai") != 0) return 0;
    int64_t n = 0;
    if (db_int(db, &n, "SELECT COUNT(*) FROM pickup_slot WHERE office_id = ? AND active = 1",
               "i", office_id) != DB_ROW)
        return -1;
    return n == 0;
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
