/* Instagram publishing (issue 17): the caption keeps the standard format
 * (title, ringkasan, poin tindakan, kontak, link) within Instagram's
 * 2,200 characters and 30 hashtags, cutting the text but never the link;
 * a base URL Meta cannot fetch from (not https, this machine, a private
 * network, an intranet name) is refused unless BALAI_IG_ALLOW lists it;
 * a PNG visual is served to Meta as a JPEG. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "channels/instagram.h"
#include "core/ig_caption.h"
#include "util/picture.h"
#include <leptonica/allheaders.h>

static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static json_t *item(const char *summary)
{
    return json_pack("{s:s, s:s, s:[s,s], s:s}", "title", "Posyandu Balita", "summary", summary,
                     "action_points", "Bawa buku KIA", "Datang pukul 08.00", "contact",
                     "0717 000101");
}

static void test_caption_standard_format(void **state)
{
    (void)state;
    json_t *it = item("Dibuka setiap Sabtu pagi.");
    struct buf out;
    buf_init(&out, 0);
    assert_int_equal(ig_caption(it, "https://balai.example.id/o/jelitik/berita/posyandu", &out), 0);
    assert_string_equal(buf_cstr(&out),
                        "Posyandu Balita\n\nDibuka setiap Sabtu pagi.\n\nYang perlu dilakukan:\n"
                        "1. Bawa buku KIA\n2. Datang pukul 08.00\n\nKontak: 0717 000101\n\n"
                        "Selengkapnya: https://balai.example.id/o/jelitik/berita/posyandu");
    buf_free(&out);
    json_decref(it);
}

static void test_caption_within_limits(void **state)
{
    (void)state;
    /* 3,000 characters of summary with 40 hashtags, some of them past the cut */
    struct buf sum, out;
    buf_init(&sum, 0);
    buf_init(&out, 0);
    for (int i = 0; i < 40; i++) buf_printf(&sum, "#Tagar%02d ", i);
    while (sum.len < 3000) buf_puts(&sum, "Warga é diminta datang. ");
    json_t *it = item(buf_cstr(&sum));
    const char *url = "https://balai.example.id/o/jelitik/berita/posyandu";
    assert_int_equal(ig_caption(it, url, &out), 0);
    const char *c = buf_cstr(&out);
    assert_true(chars(c) <= IG_CAPTION_MAX_CHARS);
    assert_true(chars(c) > IG_CAPTION_MAX_CHARS - 40);       /* cut, not emptied */
    int tags = 0;
    for (const char *p = c; *p; p++) tags += *p == '#';
    assert_int_equal(tags, IG_CAPTION_MAX_TAGS);
    assert_non_null(strstr(c, "Tagar35"));                   /* the word stays */
    const char *tail = "\xe2\x80\xa6\n\nSelengkapnya: https://balai.example.id/o/jelitik/berita/posyandu";
    assert_string_equal(c + strlen(c) - strlen(tail), tail);
    buf_free(&sum);
    buf_free(&out);
    json_decref(it);
}

static void test_base_url_public_https_only(void **state)
{
    (void)state;
    unsetenv("BALAI_IG_ALLOW");
    assert_null(ig_base_refusal("https://balai.jelitik.go.id"));
    assert_null(ig_base_refusal("https://balai.jelitik.go.id:8443/"));
    assert_null(ig_base_refusal("https://172.32.0.5"));
    const char *refused[] = {"", "http://balai.jelitik.go.id", "https://localhost",
                             "https://balai.localhost", "https://127.0.0.1:8080",
                             "https://10.1.2.3", "https://172.20.0.1", "https://192.168.1.20",
                             "https://169.254.1.1", "https://[::1]:8443", "https://balai",
                             "https://balai.kantor.local", NULL};
    for (int i = 0; refused[i]; i++) assert_non_null(ig_base_refusal(refused[i]));
    setenv("BALAI_IG_ALLOW", "http://127.0.0.1:5000/, http://127.0.0.1:6000", 1);
    assert_null(ig_base_refusal("http://127.0.0.1:6000"));
    assert_null(ig_base_refusal("http://127.0.0.1:5000"));
    assert_non_null(ig_base_refusal("http://127.0.0.1:7000"));
    unsetenv("BALAI_IG_ALLOW");
}

static void test_png_visual_served_as_jpeg(void **state)
{
    (void)state;
    PIX *pix = pixCreate(720, 900, 32);
    pixSetAllArbitrary(pix, 0x1f6fb200);
    l_uint8 *png = NULL;
    size_t n = 0;
    assert_int_equal(pixWriteMem(&png, &n, pix, IFF_PNG), 0);
    struct buf out;
    buf_init(&out, 0);
    assert_int_equal(picture_to_jpeg(png, n, &out), 0);
    assert_true(out.len > 3);
    assert_memory_equal(out.p, "\xff\xd8\xff", 3);
    int w = 0, h = 0;
    assert_int_equal(picture_size(out.p, out.len, PICTURE_JPEG, &w, &h), 0);
    assert_int_equal(w, 720);
    assert_int_equal(h, 900);
    buf_free(&out);
    lept_free(png);
    pixDestroy(&pix);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_caption_standard_format),
        cmocka_unit_test(test_caption_within_limits),
        cmocka_unit_test(test_base_url_public_https_only),
        cmocka_unit_test(test_png_visual_served_as_jpeg),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
