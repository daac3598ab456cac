#include "util/jv.h"

const char *jv_str(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

int64_t jv_int(const json_t *o, const char *key)
{
    return json_integer_value(json_object_get(o, key));
}
