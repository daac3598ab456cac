/* form: the checks of text fields that the route table's field specs use
 * (http/fields.h, after kcgi's validators), each writing a message in
 * Bahasa Indonesia, and small helpers for phone numbers and URLs. */
#ifndef BALAI_FORM_H
#define BALAI_FORM_H
#include <jansson.h>
#include <stddef.h>
#include "http/req.h"

typedef int (*field_check)(const char *v, char *msg, size_t n);

/* Checks usable as field_check. */
int check_slug(const char *v, char *msg, size_t n);
int check_phone(const char *v, char *msg, size_t n);
int check_url(const char *v, char *msg, size_t n);
int check_email(const char *v, char *msg, size_t n);
int check_tz(const char *v, char *msg, size_t n);
int check_username(const char *v, char *msg, size_t n);
int check_office_code(const char *v, char *msg, size_t n);

/* Normalises an Indonesian phone number to international digits:
 * "0812-3456-789" -> "628123456789". Returns 0, -1 if not a number. */
int phone_normalise(const char *in, char *out, size_t n);

/* Percent-encodes s for a query-string value (RFC 3986 unreserved kept, '/'
 * kept for readable paths). Truncates to fit; always NUL-terminates. */
void url_encode(const char *s, char *out, size_t n);

/* How a stored number (international digits) is shown: mobile numbers
 * "6281234567890" -> "+62 812-3456-7890", others "+62 717 123456".
 * Anything else is copied as it is. */
void phone_display(const char *digits, char *out, size_t n);

/* 1 if s is valid UTF-8 without control characters (tab/newline allowed
 * when multiline). */
int text_clean(const char *s, int multiline);

#endif
