/* jv: the two accessors every layer wants from a jansson object, written
 * once. A missing or mistyped member reads as "" or 0, so view models and
 * job payloads can be read without a NULL check at every field. */
#ifndef BALAI_JV_H
#define BALAI_JV_H
#include <jansson.h>
#include <stdint.h>

/* The string member `key` of `o`, or "" when absent or not a string. */
const char *jv_str(const json_t *o, const char *key);

/* The integer member `key` of `o`, or 0 when absent or not an integer. */
int64_t jv_int(const json_t *o, const char *key);

#endif
