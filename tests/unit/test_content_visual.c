/* Content visuals, pamphlet and group text (issue 16): the generated
 * visual and the A4 pamphlet keep every text inside its box however long
 * the title and summary are (smaller type, then "…"), the boxes do not
 * overlap and stay on the picture; the text for RT/RW WhatsApp groups
 * carries the item in WhatsApp's format with the portal link; an uploaded
 * WebP or JPEG is judged by its content and encoded afresh in its own
 * format, and a picture too small is refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/content_text.h"
#include "print/print.h"
#include "util/picture.h"
#include "web/content_visual.h"
#include <leptonica/allheaders.h>

static char *repeat(const char *word, int n)
{
    size_t w = strlen(word);
    char *s = malloc(w * (size_t)n + 1);
    for (int i = 0; i < n; i++) memcpy(s + w * (size_t)i, word, w);
    s[w * (size_t)n] = '\0';
    return s;
}

/* An item whose title, summary and points are `n` words each. */
static json_t *item_of(int n)
{
    char *title = repeat("Pengumuman penting ", n), *sum = repeat("Warga diminta datang. ", n);
    char *pt = repeat("Bawa KTP-el asli ", n);
    json_t *it = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:[s,s,s,s], s:s, s:s, s:s}", "type",
                           "pengumuman", "type_label", "Pengumuman", "title", title, "item_date",
                           "2026-12-10", "source", "Kelurahan Jelitik", "summary", sum,
                           "action_points", pt, pt, "Datang pukul 08.00", pt, "contact",
                           "0812 3456 7890", "document_url",
                           "https://jelitik.go.id/dokumen/surat-edaran-posyandu-2026.pdf",
                           "portal_url", "https://balai.example.id/o/jelitik/berita/"
                           "pengumuman-penting-pengumuman-penting-pengumuman-penting");
    free(title);
    free(sum);
    free(pt);
    return it;
}

static void assert_inside(const struct print_box *b, int n, double page_w, double page_h)
{
    for (int i = 0; i < n; i++) {
        /* the laid-out text stays in its box (half a unit for rounding) */
        assert_true(b[i].text_h <= b[i].h + 0.5);
        assert_true(b[i].text_w <= b[i].w + 0.5);
        assert_true(b[i].x >= 0 && b[i].x + b[i].w <= page_w);
        assert_true(b[i].y >= 0 && b[i].y + b[i].h <= page_h);
    }
}

/* What is drawn of box i ends before box j begins (i above j). */
static void assert_above(const struct print_box *a, const struct print_box *b)
{
    assert_true(a->y + a->text_h <= b->y + 0.5);
}

static void test_visual_text_never_overflows(void **state)
{
    (void)state;
    json_t *office = json_pack("{s:s, s:b}", "name", "Kelurahan Jelitik Kecamatan Koba Kabupaten "
                               "Bangka Tengah Provinsi Kepulauan Bangka Belitung", "has_logo", 0);
    static const int sizes[] = {1, 5, 40, 300};
    /* without and with the logo beside the office's name */
    for (int v = 0; v < 4; v++) {
        int h = v % 2 ? 1350 : 1080;
        json_object_set_new(office, "has_logo", json_boolean(v >= 2));
        for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
            json_t *it = item_of(sizes[k]);
            struct print_box b[8];
            int n = print_visual_layout(office, it, h, b, 8);
            assert_int_equal(n, 6);
            assert_inside(b, n, 1080, h);
            assert_string_equal(b[2].name, "title");
            /* the office's name makes way for the logo */
            if (v >= 2) assert_true(b[0].x >= 72 + 104);
            for (int i = 0; i + 1 < n - 1; i++) assert_above(&b[i], &b[i + 1]);
            /* the title is set smaller when long, but never below 40 px */
            assert_true(b[2].pt >= 40 - 0.01);
            if (sizes[k] == 1) assert_true(b[2].pt > 70);
            if (sizes[k] == 300) assert_true(b[2].pt < 50);
            json_decref(it);
        }
    }
    json_t *empty = json_object();
    assert_int_equal(print_visual_layout(office, empty, 1000, NULL, 0), -1);
    json_decref(empty);
    json_decref(office);
}

static void test_visual_png_has_the_size_asked(void **state)
{
    (void)state;
    json_t *office = json_pack("{s:s}", "name", "Kelurahan Jelitik"), *it = item_of(300);
    struct buf out;
    buf_init(&out, 16u << 20);
    assert_int_equal(print_visual_png(office, it, 1350, NULL, &out), 0);
    assert_true(out.len > 24 && memcmp(out.p, "\x89PNG", 4) == 0);
    const unsigned char *p = (const unsigned char *)out.p;
    assert_int_equal(p[16] << 24 | p[17] << 16 | p[18] << 8 | p[19], 1080);
    assert_int_equal(p[20] << 24 | p[21] << 16 | p[22] << 8 | p[23], 1350);
    buf_free(&out);
    json_decref(it);
    json_decref(office);
}

static void test_pamphlet_text_never_overflows(void **state)
{
    (void)state;
    json_t *office = json_pack("{s:s, s:s}", "name", "Kelurahan Jelitik", "parent_name",
                               "Kecamatan Koba");
    static const int sizes[] = {1, 40, 400};
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        for (int img = 0; img < 2; img++) {
            json_t *it = item_of(sizes[k]);
            struct print_box b[8];
            int n = print_pamphlet_layout(office, it, img ? 1080 : 0, img ? 1350 : 0, b, 8);
            assert_int_equal(n, 6);
            assert_inside(b, n, 595.28, 841.89);
            for (int i = 0; i + 1 < n; i++) assert_above(&b[i], &b[i + 1]);
            json_decref(it);
        }
    }
    json_decref(office);
}

/* A w x h picture in leptonica's format iff (IFF_WEBP, IFF_JFIF_JPEG). */
static void encoded(int w, int h, int iff, struct buf *out)
{
    PIX *pix = pixCreate(w, h, 32);
    pixSetAllArbitrary(pix, 0x2080c000);
    l_uint8 *bytes = NULL;
    size_t n = 0;
    int rc = iff == IFF_WEBP ? pixWriteMemWebP(&bytes, &n, pix, 80, 0)
                             : pixWriteMem(&bytes, &n, pix, iff);
    assert_int_equal(rc, 0);
    buf_add(out, bytes, n);
    lept_free(bytes);
    pixDestroy(&pix);
}

static void test_visual_check_webp_and_jpeg(void **state)
{
    (void)state;
    static const struct { int iff; const char *mime; int kind; } f[] = {
        {IFF_WEBP, "image/webp", PICTURE_WEBP}, {IFF_JFIF_JPEG, "image/jpeg", PICTURE_JPEG}};
    for (size_t k = 0; k < 2; k++) {
        struct buf in, out;
        char msg[300];
        const char *mime = NULL;
        int w = 0, h = 0;
        buf_init(&in, 0);
        buf_init(&out, 64u << 20);
        encoded(800, 600, f[k].iff, &in);
        assert_int_equal(web_visual_check(in.p, in.len, &out, &mime, msg, sizeof msg), 0);
        assert_string_equal(mime, f[k].mime);
        /* encoded afresh, in the same format and size */
        assert_int_equal(picture_size(out.p, out.len, f[k].kind, &w, &h), 0);
        assert_int_equal(w, 800);
        assert_int_equal(h, 600);
        buf_reset(&in);
        buf_reset(&out);
        encoded(590, 900, f[k].iff, &in);
        assert_int_equal(web_visual_check(in.p, in.len, &out, &mime, msg, sizeof msg), -1);
        assert_non_null(strstr(msg, "terlalu kecil (590 \xc3\x97 900 piksel)"));
        buf_free(&in);
        buf_free(&out);
    }
}

static void test_group_text_whatsapp_format(void **state)
{
    (void)state;
    json_t *it = json_pack("{s:s, s:s, s:s, s:s, s:[s,s], s:s, s:s}", "type", "pengumuman",
                           "title", "Posyandu *Balita* Desember", "item_date", "2026-12-10",
                           "summary", "Posyandu buka\n\ndi balai RW 02.", "action_points",
                           "Bawa buku KIA", "Datang pukul 08.00", "contact", "0812 3456 7890",
                           "source", "Puskesmas Jelitik");
    struct buf out;
    buf_init(&out, 0);
    assert_int_equal(content_group_text(it, "Kelurahan Jelitik", "https://x.id/o/jelitik/berita/"
                                        "posyandu", &out), 0);
    const char *s = buf_cstr(&out);
    assert_non_null(strstr(s, "*Pengumuman* \xe2\x80\x94 Kelurahan Jelitik\n"));
    /* the title's own asterisks cannot end the bold early */
    assert_non_null(strstr(s, "*Posyandu Balita Desember*\n"));
    assert_non_null(strstr(s, "_Kamis, 10 Desember 2026_\n"));
    assert_non_null(strstr(s, "\nPosyandu buka di balai RW 02.\n"));
    assert_non_null(strstr(s, "*Yang perlu dilakukan:*\n1. Bawa buku KIA\n2. Datang pukul 08.00\n"));
    assert_non_null(strstr(s, "Kontak: 0812 3456 7890\n"));
    assert_non_null(strstr(s, "Selengkapnya: https://x.id/o/jelitik/berita/posyandu\n"));
    buf_free(&out);
    json_decref(it);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_visual_text_never_overflows),
        cmocka_unit_test(test_visual_png_has_the_size_asked),
        cmocka_unit_test(test_pamphlet_text_never_overflows),
        cmocka_unit_test(test_visual_check_webp_and_jpeg),
        cmocka_unit_test(test_group_text_whatsapp_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
