/* Content items (issue 16): the standard format of seed 004 is enforced
 * field by field, the workflow's steps exist only from their states and
 * for the role that owns them, and the store keeps every decision in the
 * audit chain as the item's timeline, with a stale save refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/content.h"
#include "core/role.h"
#include "db/store_audit.h"
#include "db/store_content.h"
#include "demo_db.h"
#include "render/markdown.h"
#include <stdlib.h>

static json_t *complete_item(void)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:[s,s], s:s, s:s, s:I, s:s}", "type",
                     "pengumuman", "title", "Posyandu Balita Bulan Desember", "item_date",
                     "2026-12-10", "source", "Puskesmas Jelitik", "contact", "0812 3456 7890",
                     "summary", "Posyandu buka di balai RW 02.", "action_points",
                     "Bawa buku KIA", "Datang pukul 08.00", "document_url",
                     "https://jelitik.go.id/posyandu.pdf", "body", "Isi **lengkap**.",
                     "media_id", (json_int_t)0, "alt_text", "");
}

static void test_format_names_each_missing_field(void **state)
{
    (void)state;
    json_t *item = complete_item(), *errors = json_object();
    assert_int_equal(content_format_check(item, CONTENT_NEED_TEXT, errors), 0);
    /* to publish, the visual and its alt text are needed too */
    assert_int_equal(content_format_check(item, CONTENT_NEED_ALL, errors), 2);
    assert_non_null(json_object_get(errors, "media_id"));
    assert_non_null(json_object_get(errors, "alt_text"));
    json_object_clear(errors);
    static const char *const fields[] = {"title", "item_date", "source", "contact", "summary",
                                         "document_url"};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        json_t *bad = json_deep_copy(item);
        json_object_set_new(bad, fields[i], json_string("  "));
        assert_int_equal(content_format_check(bad, CONTENT_NEED_TEXT, errors), 1);
        assert_non_null(json_object_get(errors, fields[i]));
        json_object_clear(errors);
        json_decref(bad);
    }
    json_object_set_new(item, "action_points", json_pack("[s]", ""));
    json_object_set_new(item, "document_url", json_string("javascript:alert(1)"));
    json_object_set_new(item, "item_date", json_string("2026-13-01"));
    assert_int_equal(content_format_check(item, CONTENT_NEED_TEXT, errors), 3);
    json_decref(errors);
    json_decref(item);
}

static void test_steps_belong_to_their_states_and_roles(void **state)
{
    (void)state;
    assert_null(content_step_find("publish", "draf"));
    assert_null(content_step_find("approve", "draf"));
    const struct content_step *s = content_step_find("approve", "validasi");
    assert_non_null(s);
    assert_string_equal(s->to, "desain");
    assert_int_equal(s->perm, PERM_CONTENT_VALIDATE);
    s = content_step_find("return", "desain");
    assert_non_null(s);
    assert_int_equal(s->perm, PERM_CONTENT_DESIGN);
    assert_int_equal(s->reason, 1);
    assert_string_equal(content_step_find("publish", "jadwal")->to, "terbit");
    /* the roles of seed 004 hold their steps, and only those */
    assert_true(role_find("editor")->perms & PERM_CONTENT_VALIDATE);
    assert_false(role_find("pengelola_konten")->perms & PERM_CONTENT_VALIDATE);
    assert_true(role_find("desainer_grafis")->perms & PERM_CONTENT_DESIGN);
    assert_false(role_find("desainer_grafis")->perms & PERM_CONTENT_PUBLISH);
    assert_true(role_find("koordinator")->perms & PERM_CONTENT_PUBLISH);
    assert_false(role_find("editor")->perms & PERM_CONTENT_PUBLISH);
    char slug[64];
    content_slugify("  Posyandu Balita: Desember 2026!! ", slug, sizeof slug);
    assert_string_equal(slug, "posyandu-balita-desember-2026");
    content_slugify("—", slug, sizeof slug);
    assert_string_equal(slug, "berita");
}

static void test_store_keeps_decisions_as_timeline(void **state)
{
    (void)state;
    char path[] = "/tmp/balai-content-XXXXXX";
    db_t *db = demo_db_open(path);
    assert_non_null(db);
    int64_t office = 0, id = 0;
    /* an office without demo content (data/demo.json has Jelitik's) */
    assert_int_equal(db_int(db, &office, "SELECT id FROM office WHERE slug = 'srimenanti'", ""),
                     DB_ROW);
    struct actor who = {0, "uji"};
    json_t *f = complete_item(), *item = NULL;
    assert_int_equal(content_insert(db, &who, office, f, "draf", 0, 1000, &id), 0);
    int64_t id2 = 0;
    assert_int_equal(content_insert(db, &who, office, f, "draf", 0, 1000, &id2), 0);
    assert_int_equal(content_find(db, office, id, &item), DB_ROW);
    assert_string_equal(json_string_value(json_object_get(item, "slug")),
                        "posyandu-balita-bulan-desember");
    assert_int_equal(json_array_size(json_object_get(item, "action_points")), 2);
    json_t *other = NULL;
    assert_int_equal(content_find(db, office, id2, &other), DB_ROW);
    assert_string_equal(json_string_value(json_object_get(other, "slug")),
                        "posyandu-balita-bulan-desember-2");
    json_decref(other);
    assert_int_equal(content_find(db, office + 1000, id, &other), DB_DONE);

    json_t *edit = json_pack("{s:s}", "title", "Posyandu Balita Desember");
    assert_int_equal(content_update(db, &who, item, edit, 1100), 0);
    assert_int_equal(content_update(db, &who, item, edit, 1100), 1);     /* stale version */
    json_decref(item);
    assert_int_equal(content_find(db, office, id, &item), DB_ROW);
    struct content_move m = {.action = "submit", .to = "validasi"};
    assert_int_equal(content_move(db, &who, item, &m, 1200), 0);
    json_decref(item);
    assert_int_equal(content_find(db, office, id, &item), DB_ROW);
    assert_int_equal(content_check_set(db, &who, item, "akurasi", 1, "cocok", 1300), 0);
    json_decref(item);
    assert_int_equal(content_find(db, office, id, &item), DB_ROW);
    assert_false(content_checklist_done(json_object_get(item, "checklist")));
    assert_string_equal(json_string_value(json_object_get(item, "state")), "validasi");

    json_t *tl = content_timeline(db, id);
    assert_non_null(tl);
    assert_int_equal(json_array_size(tl), 4);
    const char *want[] = {"content.create", "content.edit", "content.submit", "content.check"};
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(json_string_value(json_object_get(json_array_get(tl, i), "action")),
                            want[i]);

    struct content_filter pub = {.office_id = office, .public_only = 1};
    json_t *rows = content_list(db, &pub);
    assert_int_equal(json_array_size(rows), 0);                 /* nothing published yet */
    json_decref(rows);
    struct content_filter all = {.office_id = office, .q = "DESEMBER"};
    int64_t n = 0;
    assert_int_equal(content_count(db, &all, &n), 0);
    assert_int_equal(n, 2);
    json_decref(tl);
    json_decref(edit);
    json_decref(item);
    json_decref(f);
    demo_db_remove(db, path);
}

static void test_markdown_safe_and_checked(void **state)
{
    (void)state;
    char *h = markdown_html("**Penting**: bawa [KK](https://x.go.id/kk.pdf)\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))");
    assert_non_null(h);
    assert_non_null(strstr(h, "<strong>Penting</strong>"));
    assert_non_null(strstr(h, "href=\"https://x.go.id/kk.pdf\""));
    assert_null(strstr(h, "<script"));
    assert_null(strstr(h, "javascript:"));
    free(h);
    json_t *e = json_object();
    assert_int_equal(markdown_check("Baca [syarat](/o/jelitik/layanan/sktm) atau [telepon](tel:0812).", e, "body"), 0);
    assert_int_equal(json_object_size(e), 0);
    assert_int_equal(markdown_check("[klik](javascript:alert(1))", e, "body"), 1);
    assert_non_null(strstr(json_string_value(json_object_get(e, "body")), "javascript:alert(1)"));
    json_object_clear(e);
    /* the image and the raw HTML tags are each a problem; the first is named */
    assert_true(markdown_check("![foto](file:///etc/passwd) <b>x</b>", e, "body") >= 2);
    assert_non_null(strstr(json_string_value(json_object_get(e, "body")), "Gambar"));
    json_decref(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_names_each_missing_field),
        cmocka_unit_test(test_steps_belong_to_their_states_and_roles),
        cmocka_unit_test(test_store_keeps_decisions_as_timeline),
        cmocka_unit_test(test_markdown_safe_and_checked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
