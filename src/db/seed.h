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

/* Loads the shipped holidays (data/holidays.tsv) when no year is stored
 * yet, as `init` and `serve` do. 0, or -1 (message in err). */
int seed_holidays_shipped(db_t *db, char *err, size_t errlen);

/* Loads the demo data unless it is there already. Returns 1 loaded, 0 already
 * present, -1 error (message in err). */
int seed_demo(db_t *db, char *err, size_t errlen);

/* Imports a catalogue (the format of data/catalogue.json: "categories" and
 * "services") into an office, inside the caller's transaction: new slugs
 * are inserted, known ones saved as a new version when they differ. With
 * origin_office, new services link to the same slug there (a copy of the
 * regency template). Returns how many services were added or changed, or
 * -1 with the reason in err (which service, what is wrong). */
struct actor;
int seed_catalogue(db_t *db, int64_t office_id, json_t *cat, int64_t origin_office,
                   const struct actor *a, int64_t now, char *err, size_t errlen);

/* The catalogue shipped in the binary (data/catalogue.json), parsed; NULL
 * if it is missing or broken. The caller owns it. */
json_t *seed_catalogue_shipped(void);

/* The demo logins (username, office, roles) when the database holds the
 * demo data, else NULL; "password" holds the shared demo password. */
json_t *seed_demo_logins(db_t *db);

#endif
