/* fuzz_form: form bodies. libmicrohttpd's post processor splits
 * application/x-www-form-urlencoded and multipart bodies into fields, and
 * server.c stores each as it arrives (json_stringn_nocheck: any bytes, NULs
 * included). This harness does that split itself (so the fuzzer reaches
 * Balai's code, not libmicrohttpd's) and fuzzes what Balai does with the
 * fields: form_check with every field check (http/form.c), and the helpers
 * that turn typed text into stored values: phone_normalise, phone_display,
 * url_encode, text_clean; and the same bytes as a JSON body (form_from_json).
 *
 * Checks: every declared field ends up in vm.form as a valid UTF-8 string
 * without surrounding whitespace, a field without an error is clean, not
 * longer than its max and passes its check, every message is valid UTF-8
 * and the count returned is the number of messages; a normalised phone
 * number is 9-15 digits and survives display and normalisation again;
 * url_encode output is unreserved characters and %XX only, decodes to a
 * prefix of its input and is always NUL-terminated. */
#include "fuzz_util.h"
#include "http/form.h"

/* req_field as in server.c: the stored field, "" when missing */
const char *req_field(struct req *r, const char *name)
{
    const char *v = r->form ? json_string_value(json_object_get(r->form, name)) : NULL;
    return v ? v : "";
}

static const struct field fields[] = {
    {"name", "Nama", 1, 0, NULL},
    {"slug", "Alamat singkat", 1, 0, check_slug},
    {"phone", "Telepon", 0, 0, check_phone},
    {"url", "Tautan peta", 0, 0, check_url},
    {"email", "Email", 0, 0, check_email},
    {"tz", "Zona waktu", 1, 0, check_tz},
    {"username", "Nama pengguna", 1, 0, check_username},
    {"code", "Kode kantor", 0, 0, check_office_code},
    {"note", "Catatan", 0, 2000, NULL},
    {0, 0, 0, 0, 0},
};

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

static void check_fields(json_t *vm, int bad)
{
    json_t *form = json_object_get(vm, "form"), *errors = json_object_get(vm, "errors");
    FUZZ_CHECK(json_is_object(form) && json_is_object(errors));
    FUZZ_CHECK((size_t)bad == json_object_size(errors));
    FUZZ_CHECK(!bad == !json_object_get(vm, "has_errors"));
    for (const struct field *f = fields; f->name; f++) {
        const char *v = json_string_value(json_object_get(form, f->name));
        FUZZ_CHECK(v != NULL);
        size_t n = strlen(v);
        const char *msg = json_string_value(json_object_get(errors, f->name));
        if (msg) {
            FUZZ_CHECK(*msg && fuzz_utf8_valid(msg));
            continue;
        }
        FUZZ_CHECK(fuzz_utf8_valid(v) && text_clean(v, 1));
        FUZZ_CHECK(n == 0 || (!is_space(v[0]) && !is_space(v[n - 1])));
        FUZZ_CHECK(n <= (f->max ? f->max : 200));
        FUZZ_CHECK(!f->required || n > 0);
        char m[200];
        FUZZ_CHECK(n == 0 || !f->check || f->check(v, m, sizeof m) == 0);
    }
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
    r.form = parse_body(body, size);
    json_t *vm = json_object();
    int bad = form_check(&r, fields, vm);
    check_fields(vm, bad);
    json_t *v;
    const char *k;
    json_object_foreach(r.form, k, v) {
        const char *s = json_string_value(v);
        check_phone_text(s);
        check_url_encode(s);
        FUZZ_CHECK(!text_clean(s, 1) || fuzz_utf8_valid(s));
    }
    json_decref(vm);
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
