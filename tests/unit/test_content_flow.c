/* core/content_flow: who may take which workflow step (the permission a
 * step needs, never a validating step on one's own item), what waits for
 * a member ("tugas saya"), how a decision reads on the timeline, and the
 * action points typed one a line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/content_flow.h"
#include "core/role.h"

static unsigned perms_of(const char *role)
{
    const struct role_def *d = role_find(role);
    assert_non_null(d);
    return d->perms;
}

static void steps_belong_to_their_roles(void **state)
{
    (void)state;
    char why[300];
    const struct content_step *approve = content_step_find("approve", "validasi");
    const struct content_step *publish = content_step_find("publish", "desain");
    assert_non_null(approve);
    assert_non_null(publish);
    assert_int_equal(content_step_refusal(approve, perms_of("editor"), 0, why, sizeof why), 0);
    assert_int_equal(content_step_refusal(approve, perms_of("pengawas_kebijakan"), 0, why, sizeof why), 0);
    assert_int_equal(content_step_refusal(approve, perms_of("pengelola_konten"), 0, why, sizeof why), 1);
    assert_non_null(strstr(why, "Setujui isi"));
    assert_non_null(strstr(why, "Editor"));
    assert_int_equal(content_step_refusal(publish, perms_of("desainer_grafis"), 0, why, sizeof why), 1);
    assert_int_equal(content_step_refusal(publish, perms_of("koordinator"), 0, why, sizeof why), 0);
    assert_int_equal(content_step_refusal(publish, perms_of("petugas_layanan"), 0, why, sizeof why), 1);
}

static void the_author_never_validates(void **state)
{
    (void)state;
    char why[300];
    unsigned editor = perms_of("editor");
    assert_int_equal(content_step_refusal(content_step_find("approve", "validasi"), editor, 1, why,
                                          sizeof why), 1);
    assert_non_null(strstr(why, "Penulis konten tidak dapat memvalidasi"));
    assert_int_equal(content_step_refusal(content_step_find("return", "validasi"), editor, 1, why,
                                          sizeof why), 1);
    /* their own draft they still submit, a published item they may not touch as editor */
    assert_int_equal(content_step_refusal(content_step_find("submit", "draf"), editor, 1, why,
                                          sizeof why), 0);
    /* the koordinator may publish what they wrote: publishing is not validating */
    unsigned both = perms_of("koordinator") | perms_of("pengelola_konten");
    assert_int_equal(content_step_refusal(content_step_find("publish", "desain"), both, 1, why,
                                          sizeof why), 0);
}

static void what_waits_for_whom(void **state)
{
    (void)state;
    unsigned writer = perms_of("pengelola_konten"), editor = perms_of("editor");
    unsigned designer = perms_of("desainer_grafis"), coord = perms_of("koordinator");
    assert_true(content_waits_for("draf", writer, 1, 0));
    assert_false(content_waits_for("draf", writer, 0, 0));       /* someone else's draft */
    assert_true(content_waits_for("validasi", editor, 0, 0));
    assert_false(content_waits_for("validasi", editor, 1, 0));   /* their own */
    assert_false(content_waits_for("validasi", writer, 0, 0));
    assert_true(content_waits_for("desain", designer, 0, 0));
    assert_false(content_waits_for("desain", designer, 0, 1));
    assert_true(content_waits_for("desain", coord, 0, 1));
    assert_false(content_waits_for("desain", coord, 0, 0));
    assert_false(content_waits_for("terbit", coord, 0, 1));
    assert_false(content_waits_for("jadwal", coord, 0, 1));      /* the queue publishes it */
}

static void decisions_read_as_sentences(void **state)
{
    (void)state;
    char out[200];
    json_t *a = json_pack("{s:{s:b, s:s}}", "akurasi", "ok", 0, "note", "angka beda");
    content_event_text("content.check", NULL, a, out, sizeof out);
    assert_string_equal(out, "memeriksa Akurasi: belum sesuai");
    json_decref(a);
    a = json_pack("{s:s, s:b}", "state", "terbit", "late", 1);
    content_event_text("content.publish", NULL, a, out, sizeof out);
    assert_string_equal(out, "menerbitkan konten di portal, terlambat dari jadwalnya");
    json_decref(a);
    content_event_text("content.return", NULL, NULL, out, sizeof out);
    assert_string_equal(out, "mengembalikan konten ke penulis");
    content_event_text("content.visual", NULL, NULL, out, sizeof out);
    assert_string_equal(out, "mengubah konten");
}

static void action_points_one_a_line(void **state)
{
    (void)state;
    json_t *p = content_points_parse("- Bawa buku KIA\r\n\n  2. Datang pukul 08.00  \n• Gratis\n");
    assert_int_equal(json_array_size(p), 3);
    assert_string_equal(json_string_value(json_array_get(p, 0)), "Bawa buku KIA");
    assert_string_equal(json_string_value(json_array_get(p, 1)), "Datang pukul 08.00");
    assert_string_equal(json_string_value(json_array_get(p, 2)), "Gratis");
    char text[200];
    content_points_text(p, text, sizeof text);
    assert_string_equal(text, "Bawa buku KIA\nDatang pukul 08.00\nGratis");
    json_decref(p);
    p = content_points_parse("   \n\n");
    assert_int_equal(json_array_size(p), 0);
    json_decref(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(steps_belong_to_their_roles),
        cmocka_unit_test(the_author_never_validates),
        cmocka_unit_test(what_waits_for_whom),
        cmocka_unit_test(decisions_read_as_sentences),
        cmocka_unit_test(action_points_one_a_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
