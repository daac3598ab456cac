/* form: declared form fields and their validation (house rule 3, after
 * kcgi's validators). A handler declares its fields once; form_check copies
 * what was typed into vm.form (so a failed form re-renders with it) and a
 * message in Bahasa Indonesia per bad field into vm.errors. */
#ifndef BALAI_FORM_H
#define BALAI_FORM_H
#include <jansson.h>
#include <stddef.h>
#include "http/req.h"
#include "util/phone.h"   /* phone_normalise for check_phone; most forms want both */
#include "util/url.h"

typedef int (*field_check)(const char *v, char *msg, size_t n);

struct field {
    const char *name;
    const char *label;      /* used in messages: "Nama kantor wajib diisi." */
    int required;
    size_t max;             /* bytes; 0 = 200 */
    field_check check;      /* NULL = any text */
};

/* Validates the fields (array ends with {0}). Returns the number of bad
 * fields. vm gets "form" {name: trimmed value} and "errors" {name: msg}. */
int form_check(struct req *r, const struct field *f, json_t *vm);

/* A JSON request body (Content-Type: application/json) as the same form
 * fields a urlencoded body gives: one object whose strings are kept, numbers
 * written as text, true as "1" (a ticked checkbox), false and null left out
 * (an unticked one). Adds the fields to `form`; 0, or -1 with a message in
 * Bahasa Indonesia when the body is not such an object. */
int form_from_json(const char *body, size_t len, json_t *form, char *msg, size_t n);

/* Checks usable as field_check. */
int check_slug(const char *v, char *msg, size_t n);
int check_phone(const char *v, char *msg, size_t n);
int check_url(const char *v, char *msg, size_t n);
int check_email(const char *v, char *msg, size_t n);
int check_tz(const char *v, char *msg, size_t n);
int check_username(const char *v, char *msg, size_t n);
int check_office_code(const char *v, char *msg, size_t n);

/* 1 if s is valid UTF-8 without control characters (tab/newline allowed
 * when multiline). */
int text_clean(const char *s, int multiline);

#endif
