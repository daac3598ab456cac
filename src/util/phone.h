/* phone: Indonesian telephone numbers as staff type them and as the
 * program stores and shows them (international digits inside, "+62 812-..."
 * on screen). Used by forms, the bot's replies and the channels alike. */
#ifndef BALAI_PHONE_H
#define BALAI_PHONE_H
#include <stddef.h>

/* Normalises an Indonesian phone number to international digits:
 * "0812-3456-789" -> "628123456789". Returns 0, -1 if not a number. */
int phone_normalise(const char *in, char *out, size_t n);

/* How a stored number (international digits) is shown: mobile numbers
 * "6281234567890" -> "+62 812-3456-7890", others "+62 717 123456".
 * Anything else is copied as it is. */
void phone_display(const char *digits, char *out, size_t n);

#endif
