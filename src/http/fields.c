/* fields: see fields.h. The validators of each field type, the gate's pass
 * over a route's spec, and the accessors of converted values. */
#include "http/fields.h"
#include "core/calendar.h"
#include "http/route.h"
#include "http/page.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *type_names[] = {"text", "int", "date", "time", "enum", "slug", "phone",
                                   "bool", "file"};

/* characters (code points) of valid UTF-8 */
static size_t utf8_len(const char *s)
{
    size_t n = 0;
    for (; *s; s++) n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}

/* 4000 -> "4.000", as numbers are written in Indonesian */
static void thousands(long v, char *out, size_t n)
{
    char d[24];
    int len = snprintf(d, sizeof d, "%ld", v), k = 0;
    for (int i = 0; i < len && (size_t)k + 2 < n; i++) {
        if (i && (len - i) % 3 == 0 && d[i - 1] != '-') out[k++] = '.';
        out[k++] = d[i];
    }
    out[k] = '\0';
}

static const char *label_of(const struct field_spec *s)
{
    return s->label ? s->label : "Isian ini";
}

static int bad(const struct field_spec *s, char *msg, size_t n, const char *dflt)
{
    snprintf(msg, n, "%s", s->hint ? s->hint : dflt);
    return -1;
}

static int parse_int(const char *v, long *out)
{
    if (!((*v >= '0' && *v <= '9') || (*v == '-' && v[1] >= '0' && v[1] <= '9'))) return -1;
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (*end || errno) return -1;
    *out = x;
    return 0;
}

/* "08:00", "8.30", "8", "24:00" -> minutes of the day; -1 otherwise */
static int parse_time(const char *s)
{
    int h = 0, i = 0, mm = 0;
    for (; i < 2 && s[i] >= '0' && s[i] <= '9'; i++) h = h * 10 + (s[i] - '0');
    if (i == 0 || (s[i] && s[i] != ':' && s[i] != '.')) return -1;
    const char *m = s[i] ? s + i + 1 : "00";
    if (!(m[0] >= '0' && m[0] <= '5' && m[1] >= '0' && m[1] <= '9' && !m[2])) return -1;
    mm = (m[0] - '0') * 10 + (m[1] - '0');
    if (h > 24 || (h == 24 && mm)) return -1;
    return h * 60 + mm;
}

static int check_text(const struct field_spec *s, const char *v, json_t **out, char *msg,
                      size_t n)
{
    long max = s->max ? s->max : 200;
    char m[200];
    if (!text_clean(v, (s->flags & FS_LINES) != 0)) {
        snprintf(m, sizeof m, "%s berisi karakter yang tidak valid.", label_of(s));
        return bad(s, msg, n, m);
    }
    if (utf8_len(v) > (size_t)max) {
        char num[32];
        thousands(max, num, sizeof num);
        snprintf(msg, n, "%s terlalu panjang (paling banyak %s karakter).", label_of(s), num);
        return -1;
    }
    if (s->check && s->check(v, msg, n) != 0) return -1;
    *out = json_string(v);
    return 0;
}

static int check_typed(const struct field_spec *s, const char *v, json_t **out, char *msg,
                       size_t n)
{
    char m[200], tmp[40];
    long x;
    int d;
    switch (s->type) {
    case FT_INT:
        if (parse_int(v, &x) != 0 || x < s->min || x > s->max) {
            snprintf(m, sizeof m, "%s harus berupa bilangan bulat %ld sampai %ld.", label_of(s),
                     s->min, s->max);
            return bad(s, msg, n, m);
        }
        *out = json_integer(x);
        return 0;
    case FT_DATE:
        if (cal_parse_date(v, &d) != 0)
            return bad(s, msg, n, "Tanggal tidak valid (gunakan format TTTT-BB-HH, misalnya "
                                  "2026-08-17).");
        *out = json_string(v);
        return 0;
    case FT_TIME:
        if ((d = parse_time(v)) < 0)
            return bad(s, msg, n, "Jam tidak valid (gunakan format JJ:MM, misalnya 08:00).");
        *out = json_integer(d);
        return 0;
    case FT_ENUM:
        for (const char *const *c = s->choices; c && *c; c++)
            if (strcmp(*c, v) == 0) { *out = json_string(v); return 0; }
        snprintf(m, sizeof m, "%s: pilih salah satu pilihan yang tersedia.", label_of(s));
        return bad(s, msg, n, m);
    case FT_SLUG:
        if (check_slug(v, m, sizeof m) != 0) return bad(s, msg, n, m);
        *out = json_string(v);
        return 0;
    case FT_PHONE:
        if (check_phone(v, m, sizeof m) != 0 || phone_normalise(v, tmp, sizeof tmp) != 0)
            return bad(s, msg, n, m);
        *out = json_string(tmp);
        return 0;
    case FT_BOOL:
        *out = json_true();
        return 0;
    default:
        return check_text(s, v, out, msg, n);
    }
}

int field_validate(const struct field_spec *s, const char *v, json_t **out, char *msg, size_t n)
{
    *out = NULL;
    msg[0] = '\0';
    if (!v) v = "";
    if (!*v) {
        if (s->type == FT_BOOL) { *out = json_false(); return 0; }
        if (!(s->flags & FS_REQUIRED)) return 0;
        snprintf(msg, n, "%s wajib diisi.", label_of(s));
        return -1;
    }
    /* anything but text is one line of printable characters */
    if (s->type != FT_TEXT && !text_clean(v, 0)) {
        char m[200];
        snprintf(m, sizeof m, "%s berisi karakter yang tidak valid.", label_of(s));
        return bad(s, msg, n, m);
    }
    return check_typed(s, v, out, msg, n);
}

int field_name_matches(const struct field_spec *s, const char *name)
{
    if (!(s->flags & FS_MULTI)) return strcmp(s->name, name) == 0;
    size_t k = strlen(s->name);
    if (k && s->name[k - 1] == '*') k--;
    return strncmp(s->name, name, k) == 0 && name[k];
}

/* the posted value with surrounding white space removed (a copy) */
static json_t *trimmed(const struct field_spec *s, const char *v)
{
    if (s->flags & FS_SECRET) return json_string_nocheck(v);
    while (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r') v++;
    size_t n = strlen(v);
    while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\n' || v[n - 1] == '\r'))
        n--;
    return json_stringn_nocheck(v, n);
}

static void check_one(struct req *r, const struct field_spec *s, const char *name)
{
    json_t *raw = trimmed(s, req_field(r, name)), *out = NULL;
    char msg[300];
    if (field_validate(s, json_string_value(raw), &out, msg, sizeof msg) != 0)
        json_object_set_new(r->errors, name, json_string(msg));
    else if (out)
        json_object_set_new(r->in, name, out);
    json_decref(raw);
}

static void check_file(struct req *r, const struct field_spec *s)
{
    int has = r->file.present && (r->file.data.len > 0 || r->file.sink);
    if (has) json_object_set_new(r->in, s->name, json_true());
    else if (s->flags & FS_REQUIRED)
        json_object_set_new(r->errors, s->name, json_string(
            s->hint ? s->hint : "Pilih berkas terlebih dahulu."));
}

int gate_fields(struct req *r)
{
    const struct field_spec *spec = r->route->fields;
    if (!spec || strcmp(r->method, "POST") != 0) return 0;
    if (!r->in) r->in = json_object();
    if (!r->errors) r->errors = json_object();
    for (const struct field_spec *s = spec; s->name; s++) {
        if (s->type == FT_FILE) { check_file(r, s); continue; }
        if (!(s->flags & FS_MULTI)) { check_one(r, s, s->name); continue; }
        const char *key;
        json_t *v;
        json_object_foreach(r->form, key, v)
            if (field_name_matches(s, key)) check_one(r, s, key);
    }
    if (!json_object_size(r->errors) || (r->route->flags & RF_FORM)) return 0;
    /* no form page of its own: the first message in spec order */
    const char *first = form_first_error(r);
    page_error(r, 422, first ? first : "Isian formulir tidak valid.");
    return -1;
}

json_t *fields_json(const struct field_spec *s)
{
    json_t *a = json_array();
    for (; s && s->name; s++) {
        json_t *f = json_pack("{s:s, s:s, s:b, s:b}", "name", s->name, "type",
                              type_names[s->type], "required", (s->flags & FS_REQUIRED) != 0,
                              "multi", (s->flags & FS_MULTI) != 0);
        if (s->type == FT_INT || (s->type == FT_TEXT && s->max)) {
            if (s->type == FT_INT) json_object_set_new(f, "min", json_integer(s->min));
            json_object_set_new(f, "max", json_integer(s->max));
        }
        if (s->choices) {
            json_t *c = json_array();
            for (const char *const *p = s->choices; *p; p++) json_array_append_new(c, json_string(*p));
            json_object_set_new(f, "choices", c);
        }
        json_array_append_new(a, f);
    }
    return a;
}

static void typed_into(json_t *form, const struct field_spec *s, const char *name,
                       const char *v)
{
    json_t *t = trimmed(s, v);
    json_object_set_new(form, name, text_clean(json_string_value(t), (s->flags & FS_LINES) != 0)
                        ? t : (json_decref(t), json_string("")));
}

int form_check(struct req *r, json_t *vm)
{
    json_t *form = json_object_get(vm, "form");
    if (!form) { form = json_object(); json_object_set_new(vm, "form", form); }
    json_t *errors = json_object_get(vm, "errors");
    if (!errors) { errors = json_object(); json_object_set_new(vm, "errors", errors); }
    for (const struct field_spec *s = r->route->fields; s && s->name; s++) {
        if (s->type == FT_FILE || (s->flags & FS_SECRET)) continue;
        if (!(s->flags & FS_MULTI)) { typed_into(form, s, s->name, req_field(r, s->name)); continue; }
        const char *key;
        json_t *v;
        json_object_foreach(r->form, key, v)
            if (field_name_matches(s, key)) typed_into(form, s, key, json_string_value(v));
    }
    if (r->errors) json_object_update(errors, r->errors);
    int bad = (int)json_object_size(r->errors);
    if (bad) json_object_set_new(vm, "has_errors", json_true());
    return bad;
}

const char *form_first_error(struct req *r)
{
    for (const struct field_spec *s = r->route->fields; s && s->name; s++) {
        const char *key;
        json_t *v;
        json_object_foreach(r->errors, key, v)
            if (field_name_matches(s, key)) return json_string_value(v);
    }
    return NULL;
}

static json_t *in_get(struct req *r, const char *name)
{
    return r->in ? json_object_get(r->in, name) : NULL;
}

const char *req_text(struct req *r, const char *name)
{
    const char *v = json_string_value(in_get(r, name));
    return v ? v : "";
}

long long req_int(struct req *r, const char *name)
{
    return json_integer_value(in_get(r, name));
}

int req_date(struct req *r, const char *name)
{
    int d = 0;
    const char *v = json_string_value(in_get(r, name));
    return v && cal_parse_date(v, &d) == 0 ? d : 0;
}

int req_bool(struct req *r, const char *name)
{
    return json_is_true(in_get(r, name));
}

int req_has(struct req *r, const char *name)
{
    return in_get(r, name) != NULL;
}
