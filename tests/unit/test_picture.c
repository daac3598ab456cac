/* Unit tests for util/picture.c: a photo encoded afresh keeps the picture
 * and nothing appended to it, a phone's EXIF orientation turns the pixels
 * (so the photo still stands upright without its metadata), and what does
 * not decode as the declared format is refused. Pictures are made here
 * with leptonica. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <leptonica/allheaders.h>
#include <stdlib.h>
#include <string.h>

#include "util/picture.h"

/* a w x h picture encoded as PNG or JPEG (malloc'd by leptonica) */
static l_uint8 *make(int w, int h, int png, size_t *n)
{
    PIX *pix = pixCreate(w, h, 32);
    pixSetAllArbitrary(pix, 0x3070b000);
    l_uint8 *bytes = NULL;
    if (png) pixWriteMem(&bytes, n, pix, IFF_PNG);
    else pixWriteMemJpeg(&bytes, n, pix, 90, 0);
    pixDestroy(&pix);
    return bytes;
}

static void size_of(const struct buf *b, int *w, int *h)
{
    PIX *pix = pixReadMem((const l_uint8 *)b->p, b->len);
    assert_non_null(pix);
    *w = pixGetWidth(pix);
    *h = pixGetHeight(pix);
    pixDestroy(&pix);
}

/* the JPEG with an EXIF segment (orientation v, byte order le/be) after SOI */
static unsigned char *with_exif(const l_uint8 *jpg, size_t n, int v, int le, size_t *out_n)
{
    unsigned char exif[] = {0xFF, 0xE1, 0x00, 0x22, 'E', 'x', 'i', 'f', 0, 0,
                            'I', 'I', 42, 0, 8, 0, 0, 0,            /* TIFF header, IFD0 at 8 */
                            1, 0,                                   /* one entry */
                            0x12, 0x01, 3, 0, 1, 0, 0, 0, (unsigned char)v, 0, 0, 0,
                            0, 0, 0, 0};                            /* no next IFD */
    if (!le) {
        unsigned char be[] = {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1,
                              0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (unsigned char)v, 0, 0};
        memcpy(exif + 10, be, sizeof be);
    }
    unsigned char *p = malloc(n + sizeof exif);
    memcpy(p, jpg, 2);
    memcpy(p + 2, exif, sizeof exif);
    memcpy(p + 2 + sizeof exif, jpg + 2, n - 2);
    *out_n = n + sizeof exif;
    return p;
}

static void test_appended_html_is_not_kept(void **state)
{
    (void)state;
    size_t n;
    l_uint8 *png = make(3, 2, 1, &n);
    static const char html[] = "<html><script>alert(1)</script></html>";
    unsigned char *poly = malloc(n + sizeof html);
    memcpy(poly, png, n);
    memcpy(poly + n, html, sizeof html);
    struct buf out;
    buf_init(&out, 0);
    assert_int_equal(picture_recode(poly, n + sizeof html, 1, &out), 0);
    assert_null(memmem(out.p, out.len, "<script", 7));
    int w, h;
    size_of(&out, &w, &h);
    assert_int_equal(w, 3);
    assert_int_equal(h, 2);
    /* declared as a JPEG, a PNG is refused */
    buf_reset(&out);
    assert_int_equal(picture_recode(png, n, 0, &out), -1);
    buf_free(&out);
    free(poly);
    lept_free(png);
}

static void test_exif_orientation_turns_the_pixels(void **state)
{
    (void)state;
    size_t n, m;
    l_uint8 *jpg = make(8, 4, 0, &n);
    for (int le = 0; le <= 1; le++) {
        for (int v = 1; v <= 8; v++) {
            unsigned char *p = with_exif(jpg, n, v, le, &m);
            assert_int_equal(picture_jpeg_orientation(p, m), v);
            struct buf out;
            buf_init(&out, 0);
            assert_int_equal(picture_recode(p, m, 0, &out), 0);
            int w, h;
            size_of(&out, &w, &h);
            assert_int_equal(w, v >= 5 ? 4 : 8);
            assert_int_equal(h, v >= 5 ? 8 : 4);
            assert_int_equal(picture_jpeg_orientation((unsigned char *)out.p, out.len), 1);
            buf_free(&out);
            free(p);
        }
    }
    assert_int_equal(picture_jpeg_orientation(jpg, n), 1);
    lept_free(jpg);
}

static void test_garbage_is_refused(void **state)
{
    (void)state;
    static const unsigned char sig[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1, 2, 3};
    struct buf out;
    buf_init(&out, 0);
    assert_int_equal(picture_recode(sig, sizeof sig, 1, &out), -1);
    assert_int_equal(picture_recode("\xff\xd8\xff\xe0", 4, 0, &out), -1);
    assert_int_equal(out.len, 0);
    buf_free(&out);
}

int main(void)
{
    setMsgSeverity(L_SEVERITY_NONE);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_appended_html_is_not_kept),
        cmocka_unit_test(test_exif_orientation_turns_the_pixels),
        cmocka_unit_test(test_garbage_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
