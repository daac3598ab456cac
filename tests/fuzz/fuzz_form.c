/* fuzz_form: form bodies. libmicrohttpd's post processor splits
 * application/x-www-form-urlencoded and multipart bodies into fields, and
 * server.c stores each as it arrives (json_stringn_nocheck: any bytes, NULs
 * included). This harness does that split itself (so the fuzzer reaches
 * Balai's code, not libmicrohttpd's) and fuzzes what Balai does with the
 * fields: the gate's pass over a field spec with every field type and check
 * (gate_fields, http/fields.c) and form_check re-rendering it, and the
 * helpers that turn typed text into stored values: phone_normalise,
 * phone_display, url_encode, text_clean; and the same bytes as a JSON body
 * (form_from_json).
 *
 * Checks: every declared field ends up in vm.form as a valid UTF-8 string
 * without surrounding whitespace, a field without an error has a converted
 * value that keeps its type's promise (clean text not longer than its max
 * passing its check, an int in range, a real date, a phone number of 9-15
 * digits), every message is valid UTF-8 and the count returned is the
 * number of messages; a normalised phone
 * number is 9-15 digits and survives display and normalisation again;
 * url_encode output is unreserved characters and %XX only, decodes to a
 * prefix of its input and is always NUL-terminated. */
#include "fuzz_util.h"
#include "core/calendar.h"
#include "http/fields.h"
#include "http/route.h"

/* req_field as in server.c: the stored field, "" when missing */
const char *req_field(struct req *r, const char *name)
{
    const char *v = r->form ? json_string_value(json_object_get(r->form, name)) : NULL;
    return v ? v : "";
}

/* the gate answers RF_FORM routes through the handler, never here */
void page_error(struct req *r, int status, const char *msg)
{
    (void)r; (void)status; (void)msg;
    FUZZ_CHECK(0);
}

static const char *const kinds[] = {"whatsapp", "telegram", NULL};
static const struct field_spec fields[] = {
    {.name = "name", .type = FT_TEXT, .flags = FS_REQUIRED, .label = "Nama"},
    {.name = "slug", .type = FT_SLUG, .flags = FS_REQUIRED, .label = "Alamat singkat"},
    {.name = "phone", .type = FT_PHONE, .label = "Telepon"},
    {.name = "url", .type = FT_TEXT, .max = 500, .label = "Tautan peta", .check = check_url},
    {.name = "email", .type = FT_TEXT, .label = "Email", .check = check_email},
    {.name = "tz", .type = FT_TEXT, .flags = FS_REQUIRED, .label = "Zona waktu", .check = check_tz},
    {.name = "username", .type = FT_TEXT, .flags = FS_REQUIRED, .label = "Nama pengguna",
     .check = check_username},
    {.name = "code", .type = FT_TEXT, .label = "Kode kantor", .check = check_office_code},
    {.name = "note", .type = FT_TEXT, .max = 2000, .flags = FS_LINES, .label = "Catatan"},
    {.name = "n", .type = FT_INT, .min = -5, .max = 1440, .label = "Jumlah"},
    {.name = "date", .type = FT_DATE, .label = "Tanggal"},
    {.name = "time", .type = FT_TIME, .label = "Jam"},
    {.name = "kind", .type = FT_ENUM, .choices = kinds, .label = "Kanal"},
    {.name = "on", .type = FT_BOOL, .label = "Aktif"},
    {.name = "k_*", .type = FT_INT, .min = 0, .max = 9, .flags = FS_MULTI, .label = "Kode"},
    {0},
};
static const struct route route = {.method = "POST", .path = "/x", .flags = RF_FORM,
                                   .fields = fields};

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++) n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}

/* what a converted value promises for its type */
static void check_value(const struct field_spec *f, json_t *v)
{
    char m[200], tmp[40];
    int d;
    switch (f->type) {
    case FT_INT:
        FUZZ_CHECK(json_is_integer(v) && json_integer_value(v) >= f->min &&
                   json_integer_value(v) <= f->max);
        break;
    case FT_TIME:
        FUZZ_CHECK(json_is_integer(v) && json_integer_value(v) >= 0 &&
                   json_integer_value(v) <= 24 * 60);
        break;
    case FT_DATE:
        FUZZ_CHECK(cal_parse_date(json_string_value(v), &d) == 0);
        break;
    case FT_BOOL:
        FUZZ_CHECK(json_is_boolean(v));
        break;
    case FT_PHONE:
        FUZZ_CHECK(phone_normalise(json_string_value(v), tmp, sizeof tmp) == 0 &&
                   strcmp(tmp, json_string_value(v)) == 0);
        break;
    case FT_ENUM:
        FUZZ_CHECK(strcmp(json_string_value(v), "whatsapp") == 0 ||
                   strcmp(json_string_value(v), "telegram") == 0);
        break;
    default: {
        const char *s = json_string_value(v);
        FUZZ_CHECK(s && *s && fuzz_utf8_valid(s) && text_clean(s, (f->flags & FS_LINES) != 0));
        FUZZ_CHECK(utf8_chars(s) <= (size_t)(f->max ? f->max : 200));
        FUZZ_CHECK(f->type != FT_SLUG || check_slug(s, m, sizeof m) == 0);
        FUZZ_CHECK(!f->check || f->check(s, m, sizeof m) == 0);
    }
    }
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* decodes one urlencoded component in place; returns its length */
static size_t decode(char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '+') s[k++] = ' ';
        else if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
            s[k++] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
            i += 2;
        } else s[k++] = s[i];
    }
    return k;
}

static json_t *parse_body(char *body, size_t n)
{
    json_t *form = json_object();
    char *p = body, *end = body + n;
    while (p < end) {
        char *amp = memchr(p, '&', (size_t)(end - p));
        char *e = amp ? amp : end;
        char *eq = memchr(p, '=', (size_t)(e - p));
        char *v = eq ? eq + 1 : e;
        size_t kl = decode(p, (size_t)((eq ? eq : e) - p));
        size_t vl = decode(v, (size_t)(e - v));
        char key[128];
        if (kl < sizeof key && !memchr(p, '\0', kl)) {
            memcpy(key, p, kl);
            key[kl] = '\0';
            json_object_set_new(form, key, json_stringn_nocheck(v, vl));
        }
        p = amp ? amp + 1 : end;
    }
    return form;
}

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static void check_fields(struct req *r, json_t *vm, int bad)
{
    json_t *form = json_object_get(vm, "form"), *errors = json_object_get(vm, "errors");
    FUZZ_CHECK(json_is_object(form) && json_is_object(errors));
    FUZZ_CHECK((size_t)bad == json_object_size(errors));
    FUZZ_CHECK(!bad == !json_object_get(vm, "has_errors"));
    const char *k;
    json_t *m;
    json_object_foreach(errors, k, m)
        FUZZ_CHECK(json_string_value(m)[0] && fuzz_utf8_valid(json_string_value(m)));
    for (const struct field_spec *f = fields; f->name; f++) {
        if (f->flags & FS_MULTI) continue;
        const char *v = json_string_value(json_object_get(form, f->name));
        FUZZ_CHECK(v != NULL && fuzz_utf8_valid(v));
        size_t n = strlen(v);
        FUZZ_CHECK(n == 0 || (!is_space(v[0]) && !is_space(v[n - 1])));
        if (json_object_get(errors, f->name)) continue;
        json_t *in = json_object_get(r->in, f->name);
        FUZZ_CHECK(!(f->flags & FS_REQUIRED) || in);
        if (in) check_value(f, in);
    }
    json_object_foreach(r->in, k, m)
        if (strncmp(k, "k_", 2) == 0) check_value(&fields[14], m);
}

static void check_phone_text(const char *s)
{
    char d[40], shown[64], again[40];
    if (phone_normalise(s, d, sizeof d) == 0) {
        size_t n = strlen(d);
        FUZZ_CHECK(n >= 9 && n <= 15 && strspn(d, "0123456789") == n);
        phone_display(d, shown, sizeof shown);
        FUZZ_CHECK(phone_normalise(shown, again, sizeof again) == 0 && strcmp(again, d) == 0);
    }
    char small[8];
    phone_display(s, small, sizeof small);
    FUZZ_CHECK(memchr(small, '\0', sizeof small) != NULL);
}

static void check_url_encode(const char *s)
{
    char out[96];
    url_encode(s, out, sizeof out);
    FUZZ_CHECK(memchr(out, '\0', sizeof out) != NULL);
    size_t k = 0;
    for (const char *p = out; *p; p++) {
        char c;
        if (*p == '%') {
            FUZZ_CHECK(hexval(p[1]) >= 0 && hexval(p[2]) >= 0);
            c = (char)(hexval(p[1]) * 16 + hexval(p[2]));
            p += 2;
        } else {
            FUZZ_CHECK(strchr("-_.~/", *p) || (*p >= '0' && *p <= '9') ||
                       (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'));
            c = *p;
        }
        FUZZ_CHECK(s[k] == c);
        k++;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 65536) return 0;
    char *body = malloc(size + 1);
    if (!body) return 0;
    memcpy(body, data, size);
    body[size] = '\0';
    struct req r;
    memset(&r, 0, sizeof r);
    r.method = "POST";
    r.route = &route;
    r.form = parse_body(body, size);
    json_t *vm = json_object();
    FUZZ_CHECK(gate_fields(&r) == 0);
    int bad = form_check(&r, vm);
    check_fields(&r, vm, bad);
    json_t *v;
    const char *k;
    json_object_foreach(r.form, k, v) {
        const char *s = json_string_value(v);
        check_phone_text(s);
        check_url_encode(s);
        FUZZ_CHECK(!text_clean(s, 1) || fuzz_utf8_valid(s));
    }
    json_decref(vm);
    json_decref(r.in);
    json_decref(r.errors);
    json_decref(r.form);
    /* the same bytes as a JSON body (form_from_json): either refused with
     * a message, or every field a valid UTF-8 string */
    json_t *jf = json_object();
    char msg[200] = "";
    if (form_from_json((const char *)data, size, jf, msg, sizeof msg) == 0) {
        json_object_foreach(jf, k, v)
            FUZZ_CHECK(json_is_string(v) && fuzz_utf8_valid(json_string_value(v)));
    } else {
        FUZZ_CHECK(*msg && fuzz_utf8_valid(msg) && json_object_size(jf) == 0);
    }
    json_decref(jf);
    free(body);
    return 0;
}
