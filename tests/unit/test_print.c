/* test_print: unit tests for the printables (src/print/).
 * The promises that matter to an office are checked on the real output
 * with the tools a reader would use: the brochure is one page whatever
 * staff typed and its text (every checklist item) can be found with
 * pdftotext; the poster's QR code scans (zbarimg) to exactly the WhatsApp
 * link; cards are 1080 x 1080 and a long checklist continues on more
 * cards; user text with < and & is printed as typed. pdftotext, pdfinfo,
 * pdftoppm (poppler-utils) and zbarimg (zbar-tools) must be installed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ctype.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "print/draw.h"
#include "util/phone.h"
#include "print/print.h"

#define URL "https://balai.example.go.id/jelitik/layanan/ahli_waris"
#define PORTAL "https://balai.example.go.id/jelitik"
#define WA_URL "https://wa.me/6281234567890?text=Halo%20Kelurahan%20Jelitik%2C%20Saya%20Mau%20Tanya"

static json_t *office_fixture(void)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:[s, s]}",
                     "slug", "jelitik", "name", "Kelurahan Jelitik", "type", "kelurahan",
                     "parent_name", "Kecamatan Sungailiat", "address",
                     "Jl. Laut No. 1, Jelitik, Sungailiat", "phone", "0717 000101",
                     "whatsapp", "6281234567890", "hours_lines",
                     "Senin–Kamis 08.00–15.00", "Jumat 08.00–11.30");
}

/* A service with `items` checklist items (long ones when `long_items`)
 * and `faqs` questions with long answers. */
static json_t *service_fixture(const char *name, int items, int long_items, int faqs, int days)
{
    json_t *s = json_pack("{s:s, s:s, s:s, s:s, s:[s, s, s], s:i, s:s, s:[s], s:s, s:s}",
                          "slug", "ahli_waris", "name", name, "category", "Surat Keterangan",
                          "summary", "Surat yang menerangkan siapa saja ahli waris seseorang.",
                          "steps", "Datang ke kantor kelurahan dengan berkas lengkap.",
                          "Petugas memeriksa berkas.", "Lurah menandatangani surat.",
                          "days", days, "cost", "Gratis", "legal_basis",
                          "UU No. 25 Tahun 2009 tentang Pelayanan Publik", "request_type",
                          "pendaftaran_dokumen", "note_for_citizen",
                          "Bawa meterai sendiri; petugas tidak menjualnya.");
    json_t *list = json_array(), *faq = json_array();
    for (int i = 0; i < items; i++) {
        char item[400];
        if (long_items)
            snprintf(item, sizeof item, "Berkas nomor %d: fotokopi surat keterangan yang "
                     "dilegalisasi pejabat berwenang beserta lampiran pendukungnya, disusun "
                     "rapi dalam map dan diberi nama pemohon di sampulnya", i + 1);
        else
            snprintf(item, sizeof item, "Berkas pendukung nomor %d", i + 1);
        json_array_append_new(list, json_pack("{s:s, s:s, s:i}", "item", item, "note",
                                              i % 2 ? "asli" : "fotokopi", "count", i % 3 + 1));
    }
    for (int i = 0; i < faqs; i++) {
        char q[120];
        snprintf(q, sizeof q, "Pertanyaan nomor %d tentang layanan ini?", i + 1);
        json_array_append_new(faq, json_pack("{s:s, s:s}", "q", q, "a",
            "Jawabannya cukup panjang supaya brosur tidak muat dalam satu halaman bila semua "
            "pertanyaan dicetak: petugas akan menjelaskan langkah demi langkah, berkas apa "
            "saja yang perlu disiapkan, dan ke mana warga harus datang bila ada kendala."));
    }
    json_object_set_new(s, "checklist", list);
    json_object_set_new(s, "faq", faq);
    return s;
}

/* Writes b to a new temporary file with the given suffix; returns its path. */
static char *to_file(const struct buf *b, const char *suffix)
{
    char *path = NULL;
    if (asprintf(&path, "/tmp/balai-test-print-XXXXXX%s", suffix) < 0) fail();
    int fd = mkstemps(path, (int)strlen(suffix));
    assert_true(fd >= 0);
    assert_int_equal(write(fd, b->p, b->len), (ssize_t)b->len);
    close(fd);
    return path;
}

/* stdout of a shell command (caller frees). */
static char *run(const char *fmt, ...)
{
    char cmd[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    FILE *p = popen(cmd, "r");
    if (!p) fail_msg("cannot run %s", cmd);
    struct buf out;
    buf_init(&out, 0);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0) buf_add(&out, chunk, n);
    pclose(p);
    return buf_steal(&out);
}

/* Collapses runs of white space to one space, so text wrapped over lines
 * in the PDF still matches. */
static void squeeze(char *s)
{
    char *o = s;
    int sp = 0;
    for (; *s; s++) {
        if (isspace((unsigned char)*s)) { sp = 1; continue; }
        if (sp && o != s) *o++ = ' ';
        sp = 0;
        *o++ = *s;
    }
    *o = '\0';
}

static char *pdf_text(const char *path)
{
    char *t = run("pdftotext -enc UTF-8 '%s' - 2>&1", path);
    squeeze(t);
    return t;
}

static int pdf_pages(const char *path)
{
    char *info = run("pdfinfo '%s' 2>&1", path);
    const char *p = strstr(info, "Pages:");
    int n = p ? (int)strtol(p + 6, NULL, 10) : -1;
    free(info);
    return n;
}

#define assert_contains(hay, needle) do {                                              \
        if (!strstr((hay), (needle))) fail_msg("missing \"%s\" in output", (needle));    \
    } while (0)

static void strip_ws(char *s)
{
    char *o = s;
    for (; *s; s++)
        if (!isspace((unsigned char)*s)) *o++ = *s;
    *o = '\0';
}

/* For text with a URL, which may be wrapped anywhere: compares with all
 * white space removed. */
static void assert_contains_url(const char *hay, const char *needle)
{
    char *h = g_strdup(hay), *n = g_strdup(needle);
    strip_ws(h);
    strip_ws(n);
    if (!strstr(h, n)) fail_msg("missing \"%s\" in output", needle);
    g_free(h);
    g_free(n);
}

/* QR codes found by zbarimg on a 150 dpi rendering of the PDF's page. */
static char *pdf_codes(const char *path)
{
    return run("pdftoppm -r 150 -png -singlefile '%s' '%s' && zbarimg -q --raw '%s.png' "
               "2>/dev/null; rm -f '%s.png'", path, path, path, path);
}

/* Renders the brochure and checks: PDF, one page, QR code, every checklist
 * item. Returns the page's text. */
static char *brochure_text(const json_t *office, const json_t *svc)
{
    struct buf b;
    buf_init(&b, 0);
    assert_int_equal(print_brochure_pdf(office, svc, URL, &b), 0);
    assert_true(b.len > 4 && memcmp(b.p, "%PDF", 4) == 0);
    char *path = to_file(&b, ".pdf");
    assert_int_equal(pdf_pages(path), 1);
    char *text = pdf_text(path), *codes = pdf_codes(path);
    assert_string_equal(codes, URL "\n");       /* the QR code scans to the service page */
    free(codes);
    unlink(path);
    free(path);
    buf_free(&b);
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(svc, "checklist"), i, it) {
        char *item = g_strdup(json_string_value(json_object_get(it, "item")));
        squeeze(item);
        assert_contains(text, item);
        g_free(item);
    }
    return text;
}

static void test_brochure_content(void **state)
{
    json_t *office = office_fixture(), *svc = service_fixture("Surat Keterangan Ahli Waris",
                                                               5, 0, 2, 0);
    char *text = brochure_text(office, svc);
    assert_contains(text, "Surat Keterangan Ahli Waris");
    assert_contains(text, "Kelurahan Jelitik");
    assert_contains(text, "Kecamatan Sungailiat");
    assert_contains(text, "Persyaratan");
    assert_contains(text, "Alur layanan");
    assert_contains(text, "Selesai pada hari yang sama");
    assert_contains(text, "fotokopi, 3 lembar");
    assert_contains(text, "Gratis");
    assert_contains(text, "UU No. 25 Tahun 2009");
    assert_contains(text, "Bawa meterai sendiri");
    assert_contains(text, "Pertanyaan nomor 2");
    assert_contains(text, "+62 812-3456-7890");
    assert_null(strstr(text, "Pertanyaan lainnya"));     /* everything fitted */
    free(text);
    json_object_set_new(svc, "days", json_integer(3));
    text = brochure_text(office, svc);
    assert_contains(text, "3 hari kerja");
    free(text);
    json_decref(svc);
    json_decref(office);
}

/* 40 long items and 30 long answers cannot fit at full size: still one
 * page, every item present, and the FAQ points to the portal. */
static void test_brochure_stays_one_page(void **state)
{
    json_t *office = office_fixture(), *svc = service_fixture("Layanan Panjang", 40, 1, 30, 5);
    char *text = brochure_text(office, svc);
    assert_contains(text, "Layanan Panjang");
    assert_contains_url(text, "Pertanyaan lainnya: lihat " URL);
    free(text);
    json_decref(svc);
    /* a long FAQ alone: some questions kept, the rest referred */
    svc = service_fixture("Banyak Pertanyaan", 6, 0, 30, 1);
    text = brochure_text(office, svc);
    assert_contains(text, "Pertanyaan nomor 1 ");
    assert_contains_url(text, "Pertanyaan lainnya: lihat " URL);
    free(text);
    json_decref(svc);
    json_decref(office);
}

static void test_brochure_user_text_is_literal(void **state)
{
    json_t *office = office_fixture();
    json_t *svc = service_fixture("Izin <script>& \"Keramaian\" <b>", 3, 0, 1, 2);
    char *text = brochure_text(office, svc);
    assert_contains(text, "Izin <script>& \"Keramaian\" <b>");
    free(text);
    json_decref(svc);
    json_decref(office);
}

static void test_brochure_rejects_bad_input(void **state)
{
    json_t *office = office_fixture(), *svc = service_fixture("X", 1, 0, 0, 0);
    struct buf b;
    buf_init(&b, 0);
    assert_int_equal(print_brochure_pdf(office, svc, NULL, &b), -1);
    assert_int_equal(print_brochure_pdf(NULL, svc, URL, &b), -1);
    assert_int_equal(b.len, 0);
    buf_init(&b, 1000);      /* too small for any PDF: fails and leaves nothing */
    assert_int_equal(print_brochure_pdf(office, svc, URL, &b), -1);
    assert_int_equal(b.len, 0);
    buf_free(&b);
    json_decref(svc);
    json_decref(office);
}

/* Renders the poster; returns its QR codes, one a line, and its text. */
static char *poster_codes(const json_t *office, const json_t *svcs, const char *wa,
                          char **text)
{
    struct buf b;
    buf_init(&b, 0);
    assert_int_equal(print_poster_pdf(office, svcs, wa, PORTAL, &b), 0);
    assert_true(memcmp(b.p, "%PDF", 4) == 0);
    char *path = to_file(&b, ".pdf");
    assert_int_equal(pdf_pages(path), 1);
    char *codes = pdf_codes(path);
    if (text) *text = pdf_text(path);
    unlink(path);
    free(path);
    buf_free(&b);
    return codes;
}

static json_t *services_fixture(int n)
{
    static const char *const cats[] = {"Surat Keterangan", "Kependudukan", "Perizinan",
                                       "Surat Pengantar", "Sosial"};
    json_t *a = json_array();
    for (int i = 0; i < n; i++) {
        char name[160];
        snprintf(name, sizeof name, "Layanan nomor %d dengan nama yang cukup panjang", i + 1);
        json_array_append_new(a, json_pack("{s:s, s:s}", "name", name, "category",
                                           cats[i % 5]));
    }
    return a;
}

static void test_poster_qr_decodes(void **state)
{
    json_t *office = office_fixture(), *svcs = services_fixture(12);
    char *text = NULL;
    char *codes = poster_codes(office, svcs, WA_URL, &text);
    assert_contains(codes, WA_URL "\n");
    assert_contains(codes, PORTAL "\n");
    assert_int_equal(strlen(codes), strlen(WA_URL "\n" PORTAL "\n"));   /* nothing else */
    assert_contains(text, "Chat WhatsApp");
    assert_contains(text, "Lihat semua layanan");
    assert_contains(text, "Senin–Kamis 08.00–15.00");
    assert_contains(text, "Kependudukan");
    for (int i = 1; i <= 12; i++) {
        char name[80];
        snprintf(name, sizeof name, "Layanan nomor %d dengan", i);
        assert_contains(text, name);
    }
    free(codes);
    free(text);
    /* a long prefilled message makes a denser code: still exact */
    const char *long_wa = "https://wa.me/6281234567890?text=Halo%20Kelurahan%20Jelitik%2C%20"
        "saya%20ingin%20bertanya%20tentang%20Surat%20Keterangan%20Pindah%20Datang%20antar"
        "%20Kabupaten%2FKota%20dalam%20satu%20Provinsi.%20Terima%20kasih.";
    codes = poster_codes(office, svcs, long_wa, NULL);
    char *line = g_strdup_printf("%s\n", long_wa);
    assert_contains(codes, line);
    assert_contains(codes, PORTAL "\n");
    assert_int_equal(strlen(codes), strlen(line) + strlen(PORTAL "\n"));   /* in either order */
    g_free(line);
    free(codes);
    /* no WhatsApp: only the portal code */
    codes = poster_codes(office, svcs, NULL, &text);
    assert_string_equal(codes, PORTAL "\n");
    assert_null(strstr(text, "Chat WhatsApp"));
    free(codes);
    free(text);
    json_decref(svcs);
    json_decref(office);
}

/* 200 services cannot all be listed: one page, the rest referred. */
static void test_poster_many_services(void **state)
{
    json_t *office = office_fixture(), *svcs = services_fixture(200);
    char *text = NULL;
    char *codes = poster_codes(office, svcs, WA_URL, &text);
    assert_contains(codes, WA_URL "\n");
    assert_contains(text, "layanan lainnya: lihat");
    assert_contains_url(text, "layanan lainnya: lihat " PORTAL);
    assert_contains(text, "Layanan nomor 1 dengan");
    free(codes);
    free(text);
    json_decref(svcs);
    json_decref(office);
}

static void png_size(const struct buf *b, int *w, int *h);

static void test_cards(void **state)
{
    json_t *office = office_fixture();
    json_t *small = service_fixture("Surat Keterangan Domisili", 3, 0, 0, 0);
    json_t *big = service_fixture("Surat Keterangan Ahli Waris", 20, 1, 0, 0);
    assert_int_equal(print_card_count(office, small), 1);
    int n = print_card_count(office, big);
    assert_true(n > 1);
    struct buf b;
    buf_init(&b, 0);
    for (int k = 1; k <= n; k++) {
        int w = 0, h = 0;
        buf_reset(&b);
        assert_int_equal(print_card_png(office, big, k, URL, &b), 0);
        png_size(&b, &w, &h);
        assert_int_equal(w, 1080);
        assert_int_equal(h, 1080);
    }
    buf_reset(&b);
    assert_int_equal(print_card_png(office, big, n + 1, URL, &b), -1);
    assert_int_equal(print_card_png(office, big, 0, URL, &b), -1);
    assert_int_equal(print_card_png(office, small, 2, URL, &b), -1);
    assert_int_equal(b.len, 0);
    /* an empty checklist still makes one card */
    json_object_set_new(small, "checklist", json_array());
    assert_int_equal(print_card_count(office, small), 1);
    assert_int_equal(print_card_png(office, small, 1, URL, &b), 0);
    buf_free(&b);
    json_decref(small);
    json_decref(big);
    json_decref(office);
}

/* Whatever the checklist's length, the last card never holds one entry (an
 * item, or the note that closes the list) alone when the card before could
 * give it a companion. */
static void test_cards_no_lone_item(void **state)
{
    (void)state;
    json_t *office = office_fixture();
    int lone = 0, split = 0;
    for (int items = 2; items <= 30; items++) {
        json_t *svc = service_fixture("Surat Keterangan Ahli Waris", items, 0, 0, 0);
        int card[64];
        int n = print_card_plan(office, svc, card, 64);
        assert_true(n >= 1);
        if (n > 1) {
            split++;
            int on_last = 0;       /* the items and the fixture's note */
            for (int i = 0; i <= items; i++) on_last += card[i] == n;
            lone += on_last == 1;
        }
        for (int i = 1; i < items; i++) assert_true(card[i] >= card[i - 1]);   /* in order */
        json_decref(svc);
    }
    assert_true(split > 3);
    assert_int_equal(lone, 0);
    /* the note is the last entry, after every item */
    json_t *svc = service_fixture("Akta Kelahiran", 3, 0, 0, 0);
    json_object_set_new(svc, "note_for_citizen", json_string("Akta kelahiran diurus langsung di "
                                                             "Disdukcapil, tanpa pengantar."));
    int card[8] = {0};
    assert_int_equal(print_card_plan(office, svc, card, 8), 1);
    assert_int_equal(card[3], 1);           /* the note is on the card */
    assert_int_equal(card[4], 0);
    struct buf b;
    buf_init(&b, 0);
    assert_int_equal(print_card_png(office, svc, 1, URL, &b), 0);
    buf_free(&b);
    json_decref(svc);
    json_decref(office);
}

struct reader { const struct buf *b; size_t at; };

static cairo_status_t read_buf(void *closure, unsigned char *data, unsigned int len)
{
    struct reader *r = closure;
    if (r->at + len > r->b->len) return CAIRO_STATUS_READ_ERROR;
    memcpy(data, r->b->p + r->at, len);
    r->at += len;
    return CAIRO_STATUS_SUCCESS;
}

static void png_size(const struct buf *b, int *w, int *h)
{
    struct reader r = {b, 0};
    cairo_surface_t *s = cairo_image_surface_create_from_png_stream(read_buf, &r);
    assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    *w = cairo_image_surface_get_width(s);
    *h = cairo_image_surface_get_height(s);
    cairo_surface_destroy(s);
}

static void test_icon(void **state)
{
    struct buf b;
    buf_init(&b, 0);
    int sizes[] = {192, 512};
    for (int i = 0; i < 2; i++) {
        int w, h;
        buf_reset(&b);
        assert_int_equal(print_icon_png(sizes[i], &b), 0);
        png_size(&b, &w, &h);
        assert_int_equal(w, sizes[i]);
        assert_int_equal(h, sizes[i]);
    }
    assert_int_equal(print_icon_png(0, &b), -1);
    buf_free(&b);
}

static void test_format(void **state)
{
    char s[64];
    phone_display("6281234567890", s, sizeof s);
    assert_string_equal(s, "+62 812-3456-7890");
    phone_display("62812345678901", s, sizeof s);
    assert_string_equal(s, "+62 812-3456-78901");
    phone_display("628123456789", s, sizeof s);
    assert_string_equal(s, "+62 812-345-6789");
    phone_display("62812345678", s, sizeof s);
    assert_string_equal(s, "+62 812-345-678");
    phone_display("0812-3456", s, sizeof s);           /* not digits from 62: as typed */
    assert_string_equal(s, "0812-3456");
    phone_display("", s, sizeof s);
    assert_string_equal(s, "");

    json_t *svc = json_pack("{s:i, s:s}", "days", 0, "category", "surat-keterangan");
    fmt_days(svc, s, sizeof s);
    assert_string_equal(s, "Selesai pada hari yang sama");
    json_object_set_new(svc, "days", json_integer(14));
    fmt_days(svc, s, sizeof s);
    assert_string_equal(s, "14 hari kerja");
    fmt_category(svc, s, sizeof s);
    assert_string_equal(s, "Surat keterangan");
    json_object_set_new(svc, "category_name", json_string("Surat Keterangan"));
    fmt_category(svc, s, sizeof s);
    assert_string_equal(s, "Surat Keterangan");
    json_decref(svc);
}

/* The printables run on HTTP worker threads: render at once from several
 * threads and expect every one to succeed. */
static void *render_many(void *arg)
{
    const json_t **fx = arg;
    struct buf b;
    buf_init(&b, 0);
    intptr_t bad = 0;
    for (int i = 0; i < 2; i++) {
        buf_reset(&b);
        bad += print_brochure_pdf(fx[0], fx[1], URL, &b) != 0 || memcmp(b.p, "%PDF", 4) != 0;
        buf_reset(&b);
        bad += print_card_png(fx[0], fx[1], 1, URL, &b) != 0;
        buf_reset(&b);
        bad += print_poster_pdf(fx[0], fx[2], WA_URL, PORTAL, &b) != 0;
    }
    buf_free(&b);
    return (void *)bad;
}

static void test_threads(void **state)
{
    const json_t *fx[3] = {office_fixture(), service_fixture("Paralel", 8, 1, 5, 1),
                           services_fixture(30)};
    pthread_t t[4];
    for (int i = 0; i < 4; i++) assert_int_equal(pthread_create(&t[i], NULL, render_many, fx), 0);
    for (int i = 0; i < 4; i++) {
        void *bad;
        pthread_join(t[i], &bad);
        assert_int_equal((intptr_t)bad, 0);
    }
    for (int i = 0; i < 3; i++) json_decref((json_t *)fx[i]);
}

/* Pango and fontconfig keep their font caches for the life of the
 * process, and fontconfig links a pattern to its values by offsets, which
 * valgrind reports as "definitely lost". Dropping the caches at the end
 * lets the valgrind run see only real leaks. */
static int drop_font_caches(void **state)
{
    pango_cairo_font_map_set_default(NULL);
    cairo_debug_reset_static_data();
    /* FcFini is looked up because the Makefile links fontconfig only
     * through pango, not by name */
    void (*fc_fini)(void) = NULL;
    *(void **)&fc_fini = dlsym(RTLD_DEFAULT, "FcFini");
    if (fc_fini) fc_fini();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_brochure_content),
        cmocka_unit_test(test_brochure_stays_one_page),
        cmocka_unit_test(test_brochure_user_text_is_literal),
        cmocka_unit_test(test_brochure_rejects_bad_input),
        cmocka_unit_test(test_poster_qr_decodes),
        cmocka_unit_test(test_poster_many_services),
        cmocka_unit_test(test_cards),
        cmocka_unit_test(test_cards_no_lone_item),
        cmocka_unit_test(test_icon),
        cmocka_unit_test(test_threads),
    };
    return cmocka_run_group_tests(tests, NULL, drop_font_caches);
}
