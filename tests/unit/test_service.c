/* Unit tests for core/service.c: what a saved service may contain, and what
 * the history says changed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "core/service.h"
#include "db/seed.h"

static json_t *valid(void)
{
    return json_pack("{s:s, s:s, s:s, s:[{s:s, s:s, s:i}], s:i, s:s}",
                     "slug", "sktm", "name", "  Surat Keterangan Tidak Mampu  ",
                     "category", "Surat Keterangan", "checklist", "item", "KTP-el", "note",
                     "fotokopi", "count", 1, "days", 0, "request_type", "pendaftaran_dokumen");
}

static int check(json_t *doc, json_t **errors)
{
    *errors = json_object();
    return service_check(doc, *errors);
}

static void test_valid_document_is_normalised(void **state)
{
    json_t *doc = valid(), *e;
    json_object_set_new(doc, "synonyms", json_pack("[s, s, s]", " sktm ", "", "surat miskin"));
    assert_int_equal(check(doc, &e), 0);
    assert_string_equal(json_string_value(json_object_get(doc, "name")), "Surat Keterangan Tidak Mampu");
    assert_int_equal(json_array_size(json_object_get(doc, "synonyms")), 2);   /* empty dropped */
    assert_string_equal(json_string_value(json_object_get(doc, "cost")), "Gratis");
    assert_true(json_is_true(json_object_get(doc, "active")));
    json_decref(doc);
    json_decref(e);
}

static void test_empty_checklist_is_refused(void **state)
{
    json_t *doc = valid(), *e;
    json_object_set_new(doc, "checklist", json_pack("[{s:s, s:s, s:i}]", "item", "   ", "note",
                                                    "asli", "count", 1));
    assert_int_equal(check(doc, &e), 1);
    assert_non_null(strstr(json_string_value(json_object_get(e, "checklist")), "paling sedikit satu"));
    json_decref(doc);
    json_decref(e);
}

static void test_bad_values(void **state)
{
    struct { const char *key; json_t *value; } bad[] = {
        {"days", json_integer(-1)},
        {"days", json_integer(366)},
        {"days", json_string("tiga")},
        {"slug", json_string("Surat Baru")},
        {"slug", json_string("baru")},
        {"slug", json_string("")},
        {"name", json_string(" ")},
        {"request_type", json_string("pengaduan")},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        json_t *doc = valid(), *e;
        json_object_set_new(doc, bad[i].key, bad[i].value);
        assert_true(check(doc, &e) >= 1);
        if (!json_object_get(e, bad[i].key)) fail_msg("no message for %s (case %zu)", bad[i].key, i);
        json_decref(doc);
        json_decref(e);
    }
}

static void test_checklist_rules(void **state)
{
    json_t *doc = valid(), *e;
    json_object_set_new(doc, "checklist", json_pack("[{s:s, s:s, s:i}, {s:s, s:s, s:i}]",
        "item", "KK", "note", "salinan ajaib", "count", 1, "item", "Foto", "note", "asli", "count", 99));
    check(doc, &e);
    assert_non_null(json_object_get(e, "checklist"));
    json_decref(doc);
    json_decref(e);
    /* a count of 0 (not typed) becomes 1, an empty note becomes fotokopi */
    doc = valid();
    json_object_set_new(doc, "checklist", json_pack("[{s:s}]", "item", "Pas foto 3x4"));
    assert_int_equal(check(doc, &e), 0);
    json_t *c = json_array_get(json_object_get(doc, "checklist"), 0);
    assert_int_equal(json_integer_value(json_object_get(c, "count")), 1);
    assert_string_equal(json_string_value(json_object_get(c, "note")), "fotokopi");
    json_decref(doc);
    json_decref(e);
}

static void test_faq_needs_both_halves(void **state)
{
    json_t *doc = valid(), *e;
    json_object_set_new(doc, "faq", json_pack("[{s:s, s:s}, {s:s, s:s}]", "q", "Berapa lama?",
                                              "a", "", "q", "", "a", ""));
    assert_int_equal(check(doc, &e), 1);
    assert_non_null(json_object_get(e, "faq"));
    assert_int_equal(json_array_size(json_object_get(doc, "faq")), 1);   /* the empty pair dropped */
    json_decref(doc);
    json_decref(e);
}

static void test_length_counts_characters_not_bytes(void **state)
{
    /* 120 characters of "é" (2 bytes each) is a valid name; 121 is not */
    char name[2 * 121 + 1];
    for (int i = 0; i < 121; i++) memcpy(name + 2 * i, "\xc3\xa9", 2);
    name[2 * 120] = 0;
    json_t *doc = valid(), *e;
    json_object_set_new(doc, "name", json_string(name));
    assert_int_equal(check(doc, &e), 0);
    json_decref(doc);
    json_decref(e);
    memcpy(name + 2 * 120, "\xc3\xa9", 2);
    name[2 * 121] = 0;
    doc = valid();
    json_object_set_new(doc, "name", json_string(name));
    assert_int_equal(check(doc, &e), 1);
    json_decref(doc);
    json_decref(e);
}

static void test_changes_list_fields_in_order(void **state)
{
    json_t *a = valid(), *b = valid(), *e;
    check(a, &e); json_decref(e);
    check(b, &e); json_decref(e);
    json_t *none = service_changes(a, b);
    assert_int_equal(json_array_size(none), 0);
    json_decref(none);
    json_object_set_new(b, "days", json_integer(3));
    json_array_append_new(json_object_get(b, "checklist"), json_pack("{s:s, s:s, s:i}", "item", "KK",
                                                                     "note", "asli", "count", 1));
    json_t *ch = service_changes(a, b);
    assert_int_equal(json_array_size(ch), 2);
    assert_string_equal(json_string_value(json_array_get(ch, 0)), "checklist");
    assert_string_equal(json_string_value(json_array_get(ch, 1)), "days");
    assert_string_equal(service_field_label("checklist"), "Persyaratan");
    json_decref(ch);
    json_decref(a);
    json_decref(b);
}

static void test_doc_drops_row_columns(void **state)
{
    json_t *row = valid();
    json_object_set_new(row, "id", json_integer(7));
    json_object_set_new(row, "version", json_integer(3));
    json_object_set_new(row, "$html", json_string("<b>"));
    json_t *d = service_doc(row);
    assert_null(json_object_get(d, "id"));
    assert_null(json_object_get(d, "version"));
    assert_null(json_object_get(d, "$html"));
    assert_non_null(json_object_get(d, "name"));
    json_decref(d);
    json_decref(row);
}

/* the shipped demo catalogue passes the same checks staff edits pass */
static void test_shipped_catalogue_is_valid(void **state)
{
    json_t *cat = seed_catalogue_shipped(), *s;
    assert_non_null(cat);
    size_t i;
    assert_true(json_array_size(json_object_get(cat, "services")) >= 16);
    json_array_foreach(json_object_get(cat, "services"), i, s) {
        json_t *doc = service_doc(s), *e;
        if (check(doc, &e) != 0) {
            char *m = json_dumps(e, 0);
            fail_msg("%s: %s", json_string_value(json_object_get(s, "slug")), m);
        }
        json_decref(doc);
        json_decref(e);
    }
    json_decref(cat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_document_is_normalised),
        cmocka_unit_test(test_empty_checklist_is_refused),
        cmocka_unit_test(test_bad_values),
        cmocka_unit_test(test_checklist_rules),
        cmocka_unit_test(test_faq_needs_both_halves),
        cmocka_unit_test(test_length_counts_characters_not_bytes),
        cmocka_unit_test(test_changes_list_fields_in_order),
        cmocka_unit_test(test_doc_drops_row_columns),
        cmocka_unit_test(test_shipped_catalogue_is_valid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
