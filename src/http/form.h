/* form: the checks of text fields that the route table's field specs use
 * (http/fields.h, after kcgi's validators), each writing a message in
 * Bahasa Indonesia, and small helpers for phone numbers and URLs. */
#ifndef BALAI_FORM_H
#define BALAI_FORM_H
#include <jansson.h>
#include <stddef.h>
#include "http/req.h"
#include "util/phone.h"   /* phone_normalise for check_phone; most forms want both */
#include "util/url.h"

typedef int (*field_check)(const char *v, char *msg, size_t n);

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
