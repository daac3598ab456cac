/* test_wafmt: WhatsApp formatting in the inbox's chat bubbles
 * (src/render/wafmt.c). What staff rely on: the four markers render as
 * WhatsApp shows them, addresses are tappable, and nothing a citizen types
 * ever becomes markup, formatted or not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "render/wafmt.h"

static void expect(const char *in, const char *want)
{
    char *got = wafmt_html(in);
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

static void test_markers(void **state)
{
    (void)state;
    expect("*Syarat SKCK*: KTP", "<strong>Syarat SKCK</strong>: KTP");
    expect("datang _besok pagi_ ya", "datang <em>besok pagi</em> ya");
    expect("~Rp10.000~ gratis", "<s>Rp10.000</s> gratis");
    expect("kode ```A-12 *x*```", "kode <code>A-12 *x*</code>");
    expect("*_penting_*", "<strong><em>penting</em></strong>");
}

static void test_not_markers(void **state)
{
    (void)state;
    expect("5*3*2 = 30", "5*3*2 = 30");
    expect("nama_file_ini.pdf", "nama_file_ini.pdf");
    expect("* bukan tebal *", "* bukan tebal *");
    expect("*satu\nbaris*", "*satu\nbaris*");
    expect("**", "**");
    expect("", "");
}

static void test_escaped_first(void **state)
{
    (void)state;
    expect("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;");
    expect("*<b>x</b>*", "<strong>&lt;b&gt;x&lt;/b&gt;</strong>");
    expect("```<img src=x onerror=alert(1)>```", "<code>&lt;img src=x onerror=alert(1)&gt;</code>");
    expect("A & B \"kutip\"", "A &amp; B &quot;kutip&quot;");
}

static void test_links(void **state)
{
    (void)state;
    expect("Unggah di https://balai.id/u/ab12?x=1&y=2.",
           "Unggah di <a href=\"https://balai.id/u/ab12?x=1&amp;y=2\" target=\"_blank\" "
           "rel=\"noopener noreferrer\">https://balai.id/u/ab12?x=1&amp;y=2</a>.");
    /* an address cannot carry a quote out of its attribute */
    expect("http://a.id/\"onmouseover=x",
           "<a href=\"http://a.id/\" target=\"_blank\" rel=\"noopener noreferrer\">http://a.id/</a>"
           "&quot;onmouseover=x");
    expect("javascript:alert(1)", "javascript:alert(1)");
    expect("xhttps://a.id", "xhttps://a.id");
}

static void expect_plain(const char *in, const char *want)
{
    char *got = wafmt_plain(in);
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

/* The chat list's preview: the markers WhatsApp reads are dropped, the
 * rest is kept as typed (the template escapes it), and nothing becomes
 * markup. */
static void test_plain(void **state)
{
    (void)state;
    expect_plain("*Syarat SKCK*: KTP", "Syarat SKCK: KTP");
    expect_plain("datang _besok pagi_ ya ~Rp10.000~", "datang besok pagi ya Rp10.000");
    expect_plain("kode ```A-12 *x*``` ok", "kode A-12 *x* ok");
    expect_plain("*_penting_*", "penting");
    /* what WhatsApp does not read as a marker stays */
    expect_plain("5*3*2 = 30, nama_file_ini.pdf", "5*3*2 = 30, nama_file_ini.pdf");
    expect_plain("* bukan tebal *", "* bukan tebal *");
    expect_plain("https://a.id/x_y_z", "https://a.id/x_y_z");
    /* plain text: tags stay text, for the template to escape */
    expect_plain("*<b>x</b>*", "<b>x</b>");
    expect_plain("", "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_markers),
        cmocka_unit_test(test_not_markers),
        cmocka_unit_test(test_escaped_first),
        cmocka_unit_test(test_links),
        cmocka_unit_test(test_plain),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
