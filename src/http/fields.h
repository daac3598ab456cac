/* fields: typed field specs of the route table and their validation in the
 * gate. Each POST route in routes.c points at a NULL-terminated array of
 * struct field_spec (web/specs.h). After access and CSRF are checked,
 * gate_fields() reads every declared field through req_field() (so form
 * and JSON bodies feed it alike), validates and converts it:
 *
 *   r->in      {name: converted value}: text trimmed, int as integer, date
 *              as "YYYY-MM-DD", time as minutes of the day, phone in
 *              international digits (62...), bool true/false. Read with
 *              req_text / req_int / req_date / req_bool / req_has.
 *   r->errors  {name: message in Bahasa Indonesia} for each bad field.
 *
 * Fields not in the spec are ignored (handlers never read them). A route
 * flagged RF_FORM re-renders its own form: its handler runs with r->errors
 * set and starts its view model from them (form_check in form.h), answering
 * 422. Any other route with a bad field is answered by the gate: 422 with
 * the first message, before the handler runs. Business rules (a working
 * day, a role one may grant) stay in handlers and core. */
#ifndef BALAI_FIELDS_H
#define BALAI_FIELDS_H
#include <jansson.h>
#include <stddef.h>
#include "http/form.h"
#include "http/req.h"

enum ftype {
    FT_TEXT,    /* max = characters (UTF-8), default 200; optional check */
    FT_INT,     /* whole number in [min, max] */
    FT_DATE,    /* YYYY-MM-DD, a real calendar date */
    FT_TIME,    /* HH:MM, HH.MM or HH, 00:00 to 24:00; converted to minutes */
    FT_ENUM,    /* one of choices[] (NULL-terminated) */
    FT_SLUG,    /* 2-40 of a-z 0-9 and '-' */
    FT_PHONE,   /* Indonesian number, converted to 62... digits */
    FT_BOOL,    /* checkbox: absent or empty is false, anything else true */
    FT_FILE,    /* the multipart file of an RF_UPLOAD route */
};

enum field_flags {
    FS_REQUIRED = 1,    /* empty is an error */
    FS_MULTI = 2,       /* name ends with '*': every posted field with that prefix */
    FS_LINES = 4,       /* text over several lines (newline and tab allowed) */
    FS_SECRET = 8,      /* not trimmed, never copied back into a re-rendered form */
};

struct field_spec {
    const char *name;
    enum ftype type;
    long min, max;
    const char *const *choices;
    unsigned flags;
    const char *label;      /* "Nama kantor": "Nama kantor wajib diisi." */
    const char *hint;       /* message for a wrong value instead of the type's own */
    field_check check;      /* FT_TEXT: further check (form.h) */
};

/* Validates one value against spec s. 0 with *out set to the converted
 * value (a new reference; NULL when the value is empty), or -1 with the
 * message in msg. Pure: exposed for the unit tests. */
int field_validate(const struct field_spec *s, const char *v, json_t **out, char *msg, size_t n);

/* Runs the route's spec over the request (see above). 0: go on to the
 * handler; -1: the 422 answer has been written. */
int gate_fields(struct req *r);

/* 1 if spec name (possibly "prefix*") covers the posted field name. */
int field_name_matches(const struct field_spec *s, const char *name);

/* The spec as JSON for `balai routes`: [{name, type, required, ...}]. */
json_t *fields_json(const struct field_spec *s);

/* Starts a form page's view model from the gate's pass (RF_FORM routes):
 * vm.form gets what was typed in each declared field (trimmed; secrets and
 * files left out; "" when unreadable), vm.errors the gate's messages, and
 * vm.has_errors is set when there are any. Returns the number of errors. */
int form_check(struct req *r, json_t *vm);

/* The first of the gate's messages in spec order, NULL if none. */
const char *form_first_error(struct req *r);

/* Converted values (r->in). */
const char *req_text(struct req *r, const char *name);     /* "" if none */
long long req_int(struct req *r, const char *name);        /* 0 if none */
int req_date(struct req *r, const char *name);             /* YYYYMMDD day, 0 if none */
int req_bool(struct req *r, const char *name);
int req_has(struct req *r, const char *name);              /* present and valid */

#endif
