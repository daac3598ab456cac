/* store_survey: the satisfaction survey (IKM) after a request ends
 * (migration 004's `survey` table): sent once per request, answered once
 * with 1..5, then an optional comment. The KPIs read the same table. */
#ifndef BALAI_STORE_SURVEY_H
#define BALAI_STORE_SURVEY_H
#include <stdint.h>
#include <jansson.h>
#include "db/db.h"

/* 1 when request `r` (a store_request row) reaching `status` should get the
 * survey now: the survey asks about the whole service, so it goes out when
 * the citizen is done with us. A request for a service that issues a
 * document (request_type "pendaftaran_dokumen") ends when the document is
 * collected: diambil. One with nothing to collect (an "informasi" service,
 * a complaint or a consultation) ends at selesai. 0 otherwise, <0 on
 * error. survey_open keeps it to once per request. */
int survey_due(db_t *db, const json_t *r, const char *status);

/* Records that the survey of `request_id` goes out now. 1 when recorded,
 * 0 when the request already had one (it is never sent twice), <0. */
int survey_open(db_t *db, int64_t office_id, int64_t request_id, const char *channel,
                int64_t now);

/* Stores the rating (1..5) if the survey of the request (of that office)
 * has none yet: 0 stored, 1 already answered or no survey, <0 error. */
int survey_answer(db_t *db, int64_t office_id, int64_t request_id, int rating, int64_t now);

/* Stores the comment if the survey has none yet: 0, 1 (already/no), <0. */
int survey_comment(db_t *db, int64_t office_id, int64_t request_id, const char *comment);

#endif
