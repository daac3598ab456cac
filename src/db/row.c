/* row: see row.h. */
#include "db/row.h"
#include <string.h>

json_t *row_object(db_stmt *st, const char *spec)
{
    json_t *o = json_object();
    const char *p = spec;
    int col = 0;
    while (*p) {
        while (*p == ' ') p++;
        if (!*p) break;
        const char *start = p;
        while (*p && *p != ' ' && *p != ':') p++;
        char name[64];
        size_t n = (size_t)(p - start) < sizeof name - 1 ? (size_t)(p - start) : sizeof name - 1;
        memcpy(name, start, n);
        name[n] = '\0';
        char type = 's';
        if (*p == ':') { type = p[1]; p += 2; }
        json_t *v;
        if (db_col_null(st, col)) v = json_null();
        else if (type == 'i') v = json_integer(db_col_int(st, col));
        else if (type == 'b') v = json_boolean(db_col_int(st, col) != 0);
        else v = json_string(db_col_text(st, col));
        json_object_set_new(o, name, v ? v : json_null());
        col++;
    }
    return o;
}

json_t *rows_array(db_stmt *st, const char *spec)
{
    if (!st) return NULL;
    json_t *a = json_array();
    int rc;
    while ((rc = db_step(st)) == DB_ROW) json_array_append_new(a, row_object(st, spec));
    db_done(st);
    if (rc < 0) { json_decref(a); return NULL; }
    return a;
}

int row_lookup(db_stmt *st, const char *spec, json_t **out)
{
    *out = NULL;
    if (!st) return DB_ERR;
    int rc = db_step(st);
    if (rc == DB_ROW && !(*out = row_object(st, spec))) rc = DB_ERR;
    db_done(st);
    return rc == DB_ROW || rc == DB_DONE ? rc : DB_ERR;
}

json_t *row_first(db_stmt *st, const char *spec)
{
    json_t *o;
    row_lookup(st, spec, &o);
    return o;
}
