/* row: turns result rows into jansson objects for view models, so store
 * functions stay short. `spec` lists the columns in SELECT order, separated
 * by spaces, each "name" (text), "name:i" (integer) or "name:b" (0/1 as a
 * boolean); SQL NULL becomes JSON null. */
#ifndef BALAI_DB_ROW_H
#define BALAI_DB_ROW_H
#include <jansson.h>
#include "db/db.h"

json_t *row_object(db_stmt *st, const char *spec);

/* Runs the query and returns every row as an array (NULL on error), or the
 * first row as an object (NULL when there is none or on error). */
json_t *rows_array(db_stmt *st, const char *spec);
json_t *row_first(db_stmt *st, const char *spec);
/* The first row into *out, with "none" and "error" told apart, so callers
 * can answer "not found" (404) or "the database is down" (503): DB_ROW (1)
 * with *out set, DB_DONE (0) when there is no row, DB_ERR when the query,
 * the step or the allocation failed (*out NULL). */
int row_lookup(db_stmt *st, const char *spec, json_t **out);

#endif
