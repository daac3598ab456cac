/* store_service: the catalogue tables (migration 002). All SQL about
 * services lives here. A service comes back as its document (core/service.h)
 * plus the row columns: id office_id version updated_at origin_id. */
#ifndef BALAI_STORE_SERVICE_H
#define BALAI_STORE_SERVICE_H
#include <jansson.h>
#include "db/db.h"
#include "db/store_audit.h"

/* Services of an office ordered by category then name; active ones only
 * unless `all`. NULL on error. */
json_t *service_list(db_t *db, int64_t office_id, int all);

/* What moves whenever an office's catalogue changes: how many services,
 * the sum of their versions, the last change. 0, or -1 on error. */
struct service_fingerprint { int64_t n, versions, updated; };
int service_fingerprint(db_t *db, int64_t office_id, struct service_fingerprint *out);

/* One service by office and slug, NULL if unknown or on error. */
json_t *service_get(db_t *db, int64_t office_id, const char *slug);
/* The same into *out with "unknown" and "error" told apart: DB_ROW (1)
 * found, DB_DONE (0) unknown, DB_ERR database failure. */
int service_find(db_t *db, int64_t office_id, const char *slug, json_t **out);
/* How many services of other offices were copied from each service of
 * office_id (a dinas's templates): rows id:i copies:i. NULL on error. */
json_t *service_copy_counts(db_t *db, int64_t office_id);

/* Inserts a checked document as version 1 (origin_id 0: not a copy).
 * DB_CONFLICT when the office already has the slug. */
int service_insert(db_t *db, int64_t office_id, const json_t *doc, int64_t origin_id,
                   const struct actor *who, const char *note, int64_t now, int64_t *id);

/* Saves a checked document as version+1 if the stored version is still
 * `version`. The slug never changes. `changed` is service_changes().
 * Returns 0, 1 when someone saved in between, <0 on error. */
int service_update(db_t *db, int64_t id, int64_t version, const json_t *doc,
                   const json_t *changed, const struct actor *who, const char *note,
                   int64_t now);

/* Versions newest first: version actor changed[] note at. */
json_t *service_history(db_t *db, int64_t id);

/* The document saved as `version`, NULL if none. */
json_t *service_version_doc(db_t *db, int64_t id, int64_t version);

#endif
