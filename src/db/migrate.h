/* migrate: applies the embedded migrations (src/db/migrations/NNN_name.sql,
 * plus NNN_name.sqlite.sql / NNN_name.pg.sql for the parts that differ) in
 * order, each in its own transaction, and records them in schema_migrations.
 * Safe to run from several instances at once on PostgreSQL (advisory lock). */
#ifndef BALAI_MIGRATE_H
#define BALAI_MIGRATE_H
#include "db/db.h"

/* Returns the number of migrations applied (0 if up to date) or -1 with a
 * message in err. */
int migrate_up(db_t *db, char *err, size_t errlen);

/* Latest version known to this binary and latest applied (0 if none). */
int migrate_latest_known(void);
int migrate_current(db_t *db);

#endif
