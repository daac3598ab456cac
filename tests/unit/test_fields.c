/* Unit tests for http/fields: the validator of each field type in the route
 * table's specs. Each test types what a clerk or citizen might type and
 * checks what the handler gets (the converted value) or the message in
 * Bahasa Indonesia shown beside the field. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "http/fields.h"
#include "http/route.h"
#include "web/specs.h"

/* validates v; returns the converted value (caller decrefs) or fails */
static json_t *good(const struct field_spec *s, const char *v)
{
    json_t *out = NULL;
    char msg[300];
    if (field_validate(s, v, &out, msg, sizeof msg) != 0) fail_msg("\"%s\" refused: %s", v, msg);
    return out;
}

static void refused(const struct field_spec *s, const char *v, const char *expect)
{
    json_t *out = NULL;
    char msg[300];
    if (field_validate(s, v, &out, msg, sizeof msg) != -1) fail_msg("\"%s\" accepted", v);
    assert_null(out);
    assert_string_equal(msg, expect);
}

static void test_int_range(void **state)
{
    (void)state;
    const struct field_spec s = {.name = "capacity", .type = FT_INT, .min = 1, .max = 200,
                                 .label = "Kapasitas"};
    json_t *v = good(&s, "200");
    assert_int_equal(json_integer_value(v), 200);
    json_decref(v);
    v = good(&s, "1");
    assert_int_equal(json_integer_value(v), 1);
    json_decref(v);
    const char *msg = "Kapasitas harus berupa bilangan bulat 1 sampai 200.";
    refused(&s, "0", msg);
    refused(&s, "201", msg);
    refused(&s, "12abc", msg);
    refused(&s, "1.5", msg);
    refused(&s, "+5", msg);
    refused(&s, "99999999999999999999999", msg);
    /* a field's own hint replaces the generic message */
    const struct field_spec h = {.name = "wait1", .type = FT_INT, .min = 1, .max = 1440,
                                 .hint = "Waktu tunggu harus 1–1440 menit."};
    refused(&h, "1441", "Waktu tunggu harus 1–1440 menit.");
    const struct field_spec neg = {.name = "n", .type = FT_INT, .min = -5, .max = 5, .label = "N"};
    v = good(&neg, "-5");
    assert_int_equal(json_integer_value(v), -5);
    json_decref(v);
}

static void test_empty_and_required(void **state)
{
    (void)state;
    const struct field_spec opt = {.name = "n", .type = FT_INT, .min = 1, .max = 9, .label = "N"};
    json_t *out = (json_t *)1;
    char msg[100];
    assert_int_equal(field_validate(&opt, "", &out, msg, sizeof msg), 0);
    assert_null(out);       /* empty and optional: nothing for the handler */
    const struct field_spec req = {.name = "name", .type = FT_TEXT, .flags = FS_REQUIRED,
                                   .label = "Nama kantor"};
    refused(&req, "", "Nama kantor wajib diisi.");
    const struct field_spec anon = {.name = "x", .type = FT_DATE, .flags = FS_REQUIRED};
    refused(&anon, "", "Isian ini wajib diisi.");
}

static void test_date_is_a_real_calendar_date(void **state)
{
    (void)state;
    const struct field_spec s = {.name = "date", .type = FT_DATE, .label = "Tanggal"};
    json_t *v = good(&s, "2028-02-29");      /* a leap day */
    assert_string_equal(json_string_value(v), "2028-02-29");
    json_decref(v);
    const char *msg = "Tanggal tidak valid (gunakan format TTTT-BB-HH, misalnya 2026-08-17).";
    refused(&s, "2026-02-29", msg);
    refused(&s, "2026-13-01", msg);
    refused(&s, "2026-04-31", msg);
    refused(&s, "17/08/2026", msg);
    refused(&s, "2026-8-17", msg);
    refused(&s, "2026-08-17x", msg);
}

static void test_time(void **state)
{
    (void)state;
    const struct field_spec s = {.name = "from", .type = FT_TIME, .label = "Jam mulai"};
    static const struct { const char *in; int minutes; } ok[] = {
        {"08:00", 480}, {"8.30", 510}, {"8", 480}, {"24:00", 1440}, {"00:00", 0}};
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        json_t *v = good(&s, ok[i].in);
        assert_int_equal(json_integer_value(v), ok[i].minutes);
        json_decref(v);
    }
    const char *msg = "Jam tidak valid (gunakan format JJ:MM, misalnya 08:00).";
    refused(&s, "25:00", msg);
    refused(&s, "24:01", msg);
    refused(&s, "08:60", msg);
    refused(&s, "08:5", msg);
    refused(&s, "jam 8", msg);
}

static void test_enum(void **state)
{
    (void)state;
    static const char *const kinds[] = {"whatsapp", "telegram", NULL};
    const struct field_spec s = {.name = "kind", .type = FT_ENUM, .choices = kinds,
                                 .label = "Kanal"};
    json_t *v = good(&s, "telegram");
    assert_string_equal(json_string_value(v), "telegram");
    json_decref(v);
    refused(&s, "signal", "Kanal: pilih salah satu pilihan yang tersedia.");
    refused(&s, "Telegram", "Kanal: pilih salah satu pilihan yang tersedia.");
}

static void test_slug(void **state)
{
    (void)state;
    const struct field_spec s = {.name = "slug", .type = FT_SLUG, .label = "Alamat singkat"};
    json_t *v = good(&s, "kelurahan-jelitik");
    json_decref(v);
    const char *msg = "Gunakan 2–40 huruf kecil, angka atau tanda hubung, misalnya "
                      "\"kelurahan-jelitik\".";
    refused(&s, "Jelitik", msg);
    refused(&s, "-jelitik", msg);
    refused(&s, "a", msg);
}

static void test_phone_converts_to_international_digits(void **state)
{
    (void)state;
    const struct field_spec s = {.name = "phone", .type = FT_PHONE, .label = "Nomor HP"};
    static const char *const ways[] = {"0812-3456-7890", "+62 812 3456 7890", "(0812) 3456.7890",
                                       "6281234567890"};
    for (size_t i = 0; i < sizeof ways / sizeof *ways; i++) {
        json_t *v = good(&s, ways[i]);
        assert_string_equal(json_string_value(v), "6281234567890");
        json_decref(v);
    }
    const char *msg = "Nomor telepon tidak valid. Contoh: 0812-3456-7890 atau +62 717 123456.";
    refused(&s, "0812", msg);
    refused(&s, "0812-3456-7890 ext 2", msg);
}

static void test_text_counts_characters_not_bytes(void **state)
{
    (void)state;
    const struct field_spec s = {.name = "name", .type = FT_TEXT, .max = 5, .label = "Label"};
    json_t *v = good(&s, "café☕");     /* 5 characters, 8 bytes */
    assert_string_equal(json_string_value(v), "café☕");
    json_decref(v);
    refused(&s, "abcdef", "Label terlalu panjang (paling banyak 5 karakter).");
    refused(&s, "a\x01" "b", "Label berisi karakter yang tidak valid.");
    refused(&s, "a\nb", "Label berisi karakter yang tidak valid.");
    refused(&s, "\xc3\x28", "Label berisi karakter yang tidak valid.");
    const struct field_spec lines = {.name = "note", .type = FT_TEXT, .max = 50,
                                     .flags = FS_LINES, .label = "Catatan"};
    v = good(&lines, "baris satu\nbaris dua");
    json_decref(v);
    refused(&lines, "a\x1b[31m", "Catatan berisi karakter yang tidak valid.");
    const struct field_spec reply = {.name = "text", .type = FT_TEXT, .max = 4000,
                                     .flags = FS_LINES, .label = "Balasan"};
    char big[4002];
    memset(big, 'a', 4001);
    big[4001] = '\0';
    refused(&reply, big, "Balasan terlalu panjang (paling banyak 4.000 karakter).");
    const struct field_spec checked = {.name = "email", .type = FT_TEXT, .label = "Email",
                                       .check = check_email};
    refused(&checked, "bukan-email", "Alamat email tidak valid.");
}

static void test_bool(void **state)
{
    (void)state;
    const struct field_spec s = {.name = "disabled", .type = FT_BOOL};
    json_t *v = good(&s, "1");
    assert_true(json_is_true(v));
    json_decref(v);
    v = good(&s, "");
    assert_true(json_is_false(v));
    json_decref(v);
}

static void test_prefix_names(void **state)
{
    (void)state;
    const struct field_spec multi = {.name = "role_*", .type = FT_BOOL, .flags = FS_MULTI};
    assert_true(field_name_matches(&multi, "role_petugas"));
    assert_false(field_name_matches(&multi, "role_"));
    assert_false(field_name_matches(&multi, "roles"));
    const struct field_spec one = {.name = "role", .type = FT_TEXT};
    assert_true(field_name_matches(&one, "role"));
    assert_false(field_name_matches(&one, "role_petugas"));
}

/* every POST route but the raw webhooks names its fields, and a spec only
 * uses what its type reads (an int's range is not empty) */
static void test_every_post_route_has_a_spec(void **state)
{
    (void)state;
    for (const struct route *rt = routes; rt->method; rt++) {
        if (strcmp(rt->method, "POST") != 0) continue;
        if (rt->flags & RF_RAW) { assert_null(rt->fields); continue; }
        if (!rt->fields) fail_msg("POST %s has no field spec", rt->path);
        for (const struct field_spec *s = rt->fields; s->name; s++) {
            if (s->type == FT_INT && s->min > s->max) fail_msg("%s: %s", rt->path, s->name);
            if (s->type == FT_ENUM && !s->choices) fail_msg("%s: %s", rt->path, s->name);
            if ((s->flags & FS_MULTI) != 0 && s->name[strlen(s->name) - 1] != '*')
                fail_msg("%s: %s", rt->path, s->name);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_int_range),
        cmocka_unit_test(test_empty_and_required),
        cmocka_unit_test(test_date_is_a_real_calendar_date),
        cmocka_unit_test(test_time),
        cmocka_unit_test(test_enum),
        cmocka_unit_test(test_slug),
        cmocka_unit_test(test_phone_converts_to_international_digits),
        cmocka_unit_test(test_text_counts_characters_not_bytes),
        cmocka_unit_test(test_bool),
        cmocka_unit_test(test_prefix_names),
        cmocka_unit_test(test_every_post_route_has_a_spec),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
