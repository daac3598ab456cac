/* seed: what `balai init` puts into a new database: the schema, the
 * national holidays from the shipped data file, and on request the demo
 * offices and staff of the seeds (data/demo.json). */
#ifndef BALAI_SEED_H
#define BALAI_SEED_H
#include <jansson.h>
#include "db/db.h"

/* Imports a holidays file (format: data/holidays.tsv) in one transaction,
 * with an audit row. Returns the number of holidays or -1 (message in err). */
int seed_holidays(db_t *db, const char *text, size_t len, const char *actor, char *err,
                  size_t errlen);

/* Loads the demo data unless it is there already. Returns 1 loaded, 0 already
 * present, -1 error (message in err). */
int seed_demo(db_t *db, char *err, size_t errlen);

/* The demo logins (username, office, roles) when the database holds the
 * demo data, else NULL; "password" holds the shared demo password. */
json_t *seed_demo_logins(db_t *db);

#endif
