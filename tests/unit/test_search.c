/* Unit tests for core/search: what citizens type into a kelurahan's search
 * box (and soon WhatsApp) must find the service they mean, checked against
 * the real catalogue data/catalogue.json (embedded in the test binary), and
 * hostile or silly input must find nothing without crashing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "core/search.h"
#include "db/seed.h"
#include "core/typo.h"
#include "util/assets.h"

#define MAXHITS 16

static json_t *catalogue;
static const json_t *services;
static struct search_index *ix;

static int setup(void **state)
{
    catalogue = seed_catalogue_shipped();
    services = json_object_get(catalogue, "services");
    if (!json_is_array(services) || json_array_size(services) == 0) return -1;
    ix = search_build(services);
    return ix ? 0 : -1;
}

static int teardown(void **state)
{
    search_free(ix);
    json_decref(catalogue);
    return 0;
}

static const char *slug_at(size_t i)
{
    return json_string_value(json_object_get(json_array_get(services, i), "slug"));
}

static const char *str_at(size_t i, const char *key)
{
    return json_string_value(json_object_get(json_array_get(services, i), key));
}

static long index_of(const char *slug)
{
    for (size_t i = 0; i < json_array_size(services); i++)
        if (strcmp(slug_at(i), slug) == 0) return (long)i;
    fail_msg("no service \"%s\" in data/catalogue.json", slug);
    return -1;
}

/* "slug:0.85 slug:0.60" for failure messages. */
static const char *describe(const struct search_hit *h, size_t n)
{
    static char buf[1024];
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && o < sizeof buf; i++) {
        int w = snprintf(buf + o, sizeof buf - o, "%s%s:%.3f", i ? " " : "", slug_at(h[i].index),
                         h[i].score);
        if (w < 0) break;
        o += (size_t)w;
    }
    return n ? buf : "(no hits)";
}

/* Runs q and checks what every result list must satisfy. */
static size_t run(const char *q, struct search_hit *h)
{
    size_t n = search_query(ix, q, h, MAXHITS);
    assert_true(n <= MAXHITS);
    for (size_t i = 0; i < n; i++) {
        assert_true(h[i].index < json_array_size(services));
        assert_true(h[i].score >= SEARCH_MIN_SCORE && h[i].score <= 1.0);
        if (i > 0) assert_true(h[i - 1].score >= h[i].score);
        for (size_t j = 0; j < i; j++) assert_true(h[j].index != h[i].index);
    }
    return n;
}

/* q finds slug first; returns its score. */
static double expect_first(const char *q, const char *slug)
{
    struct search_hit h[MAXHITS];
    size_t n = run(q, h);
    long want = index_of(slug);
    if (n == 0 || h[0].index != (size_t)want)
        fail_msg("\"%s\": expected %s first, got %s", q, slug, describe(h, n));
    return h[0].score;
}

/* q is exactly a name/slug/synonym of slug: first with score 1. */
static void expect_exact(const char *q, const char *slug)
{
    double s = expect_first(q, slug);
    if (s != 1.0) fail_msg("\"%s\": %s scored %.3f, expected 1", q, slug, s);
}

/* q finds slug first, but only as an approximate match. */
static void expect_fuzzy(const char *q, const char *slug)
{
    double s = expect_first(q, slug);
    if (s >= 1.0) fail_msg("\"%s\": inexact match scored 1", q);
}

static void expect_none(const char *q)
{
    struct search_hit h[MAXHITS];
    size_t n = run(q, h);
    if (n != 0) fail_msg("\"%s\": expected no hits, got %s", q, describe(h, n));
}

/* Score of slug for q, 0 if not among the hits. */
static double score_of(const char *q, const char *slug)
{
    struct search_hit h[MAXHITS];
    size_t n = run(q, h);
    long want = index_of(slug);
    for (size_t i = 0; i < n; i++)
        if (h[i].index == (size_t)want) return h[i].score;
    return 0;
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* ------------------------------------------------------------ normalise */

static void norm_is(const char *in, const char *want)
{
    char out[256];
    search_normalise(in, out, sizeof out);
    if (strcmp(out, want) != 0) fail_msg("normalise(\"%s\") = \"%s\", want \"%s\"", in, out, want);
    assert_true(strlen(out) <= strlen(in));
}

/* office names: as typed first, a slip of the thumb second, nothing else */
static void test_office_names(void **state)
{
    (void)state;
    assert_int_equal(typo_words_match("jelitik", "kelurahan jelitik"), 2);
    assert_int_equal(typo_words_match("jelitk", "kelurahan jelitik"), 1);
    assert_int_equal(typo_words_match("kel jeltik", "kelurahan jelitik"), 1);
    assert_int_equal(typo_words_match("sungailat", "kecamatan sungailiat"), 1);
    assert_int_equal(typo_words_match("jelitk", "kelurahan sogaten"), 0);
    assert_int_equal(typo_words_match("jel sog", "kelurahan jelitik"), 0);   /* every word */
    assert_int_equal(typo_words_match("jlt", "kelurahan jelitik"), 0);     /* too short to guess */
    assert_int_equal(typo_words_match("", "kelurahan jelitik"), 0);
}

static void test_normalise(void **state)
{
    norm_is("  Surat   KETERANGAN, Tidak-Mampu!! ", "surat keterangan tidak mampu");
    norm_is("S.K.T.M", "sktm");
    norm_is("S.K.T.M.", "sktm");
    norm_is("minta S.K.T.M. ya", "minta sktm ya");
    norm_is("a.n. Budi", "an budi");
    norm_is("e.ktp", "e ktp");                     /* not single letters: just dots */
    norm_is("KTP-el", "ktp el");
    norm_is("pengantar_kk", "pengantar kk");
    norm_is("jum'at", "jumat");                    /* apostrophes join */
    norm_is("<script>alert(1)</script>", "script alert 1 script");
    norm_is("\xE2\x80\x9C" "sktm" "\xE2\x80\x9D", "sktm");          /* curly quotes */
    norm_is("sktm\xF0\x9F\x99\x8F\xF0\x9F\x99\x8F", "sktm");        /* emoji */
    norm_is("ktp\xC2\xA0" "hilang", "ktp hilang");                  /* no-break space */
    norm_is("surat\xE2\x80\x94" "jalan", "surat jalan");            /* em dash */
    /* UTF-8 letters kept as they are; only ASCII is lower-cased. */
    norm_is("Caf\xC3\xA9 \xC3\x89TAT", "caf\xC3\xA9 \xC3\x89tat");
    /* Invalid UTF-8 becomes a space, never a broken character. */
    norm_is("sktm\xFF\xFE" "x", "sktm x");
    norm_is("sktm \xE2\x80", "sktm");                               /* cut sequence */
    norm_is("\x80\x80\x80", "");
    norm_is("", "");
    norm_is("   \t\n ", "");
    norm_is("...!!!", "");
}

static void test_normalise_bounds(void **state)
{
    char out[8];
    memset(out, 'x', sizeof out);
    search_normalise("surat keterangan", out, sizeof out);
    assert_string_equal(out, "surat k");
    search_normalise("ab \xC3\xA9\xC3\xA9\xC3\xA9", out, 6);        /* no half "é" */
    assert_string_equal(out, "ab \xC3\xA9");
    search_normalise("anything", out, 1);
    assert_string_equal(out, "");
    memset(out, 'x', sizeof out);
    search_normalise("anything", out, 0);                          /* writes nothing */
    assert_int_equal(out[0], 'x');
    search_normalise(NULL, out, sizeof out);
    assert_string_equal(out, "");
}

/* -------------------------------------------------------------- matching */

static void test_abbreviations(void **state)
{
    expect_exact("sktm", "sktm");
    expect_exact("SKU", "sku");
    expect_exact("skck", "skck");
    expect_exact("kk", "pengantar_kk");
    expect_exact("ktp", "pengantar_ktp");
    expect_exact("SKDU", "domisili_usaha");
    expect_exact("skd", "domisili");
    expect_exact("skaw", "ahli_waris");
    expect_exact("N1", "nikah");
    expect_exact("e-KTP", "pengantar_ktp");
    expect_exact("pengantar_kk", "pengantar_kk");   /* the slug itself */
}

static void test_synonym_phrases(void **state)
{
    expect_exact("surat tidak mampu", "sktm");
    expect_exact("surat keterangan usaha", "sku");
    expect_exact("akta kelahiran", "kelahiran");
    expect_exact("surat nikah", "nikah");
    expect_exact("numpang nikah", "nikah");
    expect_exact("surat kelakuan baik", "skck");
    expect_exact("kartu keluarga", "pengantar_kk");
    expect_exact("surat jalan", "bepergian");
    expect_exact("ahli waris", "ahli_waris");
    expect_exact("status lajang", "belum_menikah");
    expect_exact("izin hajatan", "izin_keramaian");
    /* Names, with and without the part in parentheses. */
    expect_exact("Surat Keterangan Tidak Mampu (SKTM)", "sktm");
    expect_exact("surat keterangan tidak mampu", "sktm");
    expect_exact("Pindah Penduduk", "pindah");
    expect_exact("Rekomendasi Izin Keramaian", "izin_keramaian");
    /* "izin acara" and "izin hajatan" are synonyms; together they still
     * mean the crowd permit, if not word for word. */
    double s = expect_first("izin acara hajatan", "izin_keramaian");
    assert_true(s >= 0.8 && s < 1.0);
    s = expect_first("izin pesta nikahan", "izin_keramaian");
    assert_true(s >= 0.8);
}

/* Every slug, name and synonym in the catalogue finds its own service with
 * score 1 (possibly tied with another service that lists the same words). */
static void test_every_catalogue_phrase(void **state)
{
    struct search_hit h[MAXHITS];
    for (size_t i = 0; i < json_array_size(services); i++) {
        const json_t *syn = json_object_get(json_array_get(services, i), "synonyms");
        const char *texts[64];
        size_t nt = 0;
        texts[nt++] = str_at(i, "slug");
        texts[nt++] = str_at(i, "name");
        for (size_t k = 0; k < json_array_size(syn) && nt < 64; k++)
            texts[nt++] = json_string_value(json_array_get(syn, k));
        for (size_t k = 0; k < nt; k++) {
            size_t n = run(texts[k], h), at = n;
            for (size_t j = 0; j < n; j++)
                if (h[j].index == i) at = j;
            if (at == n || h[at].score != 1.0)
                fail_msg("\"%s\" (of %s): got %s", texts[k], slug_at(i), describe(h, n));
        }
    }
}

static void test_typos(void **state)
{
    /* "domisli" is also listed as a synonym, "domsili" is not. */
    expect_first("domisli", "domisili");
    double d = score_of("domisli", "domisili"), du = score_of("domisli", "domisili_usaha");
    assert_true(du > 0 && du < d);
    expect_fuzzy("domsili", "domisili");
    expect_fuzzy("surat keterangn tidak mampu", "sktm");
    assert_true(score_of("surat keterangn tidak mampu", "sktm") > 0.9);
    expect_fuzzy("kelahran", "kelahiran");
    expect_fuzzy("skkc", "skck");                      /* transposition = 1 edit */
    expect_fuzzy("skmt", "sktm");
    expect_fuzzy("sktmm", "sktm");
    expect_fuzzy("akta kelhiran anak", "kelahiran");
    expect_fuzzy("keramain", "izin_keramaian");
    expect_fuzzy("pindha", "pindah");
    expect_fuzzy("domis", "domisili");                 /* a word cut short */
    /* Short words must match exactly: "skd" is not "sku" nor "skck". */
    expect_exact("skd", "domisili");
    expect_none("skt");
}

/* A word the catalogue knows is taken as meant, not as a typo of another. */
static void test_known_word_is_no_typo(void **state)
{
    struct search_hit h[MAXHITS];
    size_t n = run("izin organ tunggal", h);       /* not "tinggal" (domisili) */
    assert_int_equal(n, 1);
    assert_int_equal(h[0].index, index_of("izin_keramaian"));
    assert_true(score_of("bank", "skck") == 0);     /* not "baik" */
    assert_true(score_of("surat pindahan", "sku") == 0);    /* not "pinjaman" */
}

static void test_word_order_and_fillers(void **state)
{
    expect_exact("cara bikin surat domisili", "domisili");
    expect_exact("tidak mampu surat", "sktm");
    expect_exact("usaha keterangan surat", "sku");
    assert_true(expect_first("mau urus sktm untuk sekolah anak", "sktm") >= 0.8);
    expect_exact("min, mau tanya syaratnya bikin kk baru gimana ya?", "pengantar_kk");
    expect_exact("Assalamualaikum pak, saya mau urus surat pindah", "pindah");
    expect_first("saya mau buat sktm untuk anak saya yg mau masuk smp negeri", "sktm");
    expect_first("skck buat lamaran kerja", "skck");
    expect_first("pindah rumah ke kota lain", "pindah");
    expect_first("surat domisili untuk kerja", "domisili");
    expect_first("surat keterangan penghasilan orang tua", "penghasilan");
    expect_first("surat usaha buat kur bank", "sku");
    expect_first("mau nikah di kua", "nikah");
}

static void test_chat_spellings(void **state)
{
    expect_exact("srt ket tdk mampu", "sktm");
    expect_exact("surat keterangan gak mampu", "sktm");
    expect_exact("sk tdk mampu", "sktm");
    expect_exact("ijin rame", "izin_keramaian");
    expect_exact("akte kelahiran", "kelahiran");
    expect_exact("ktpnya hilang min", "pengantar_ktp");
    expect_exact("kk nya rusak", "pengantar_kk");
    expect_exact("domisilinya", "domisili");
    expect_exact("mau menikah", "nikah");
    expect_exact("surat pengantar pernikahan", "nikah");
    expect_exact("surat belum kawin", "belum_menikah");
    expect_first("belum menikah", "belum_menikah");
}

static void test_case_and_punctuation(void **state)
{
    static const char *const same[] = {
        "S.K.T.M", "S.K.T.M.", "Sktm!", "SKTM???", "s k t m", "'sktm'", "(sktm)", "#sktm",
        "\xE2\x80\x9CSKTM\xE2\x80\x9D", "sktm\xF0\x9F\x99\x8F", "  sktm  ", "sktm\n",
    };
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) expect_exact(same[i], "sktm");
    expect_exact("Surat Keterangan Usaha (SKU)", "sku");
    expect_exact("KTP-el", "pengantar_ktp");
}

static void test_nonsense_finds_nothing(void **state)
{
    struct search_hit h[MAXHITS];
    expect_none("asdfgh");
    expect_none("pizza");
    expect_none("qwertyuiop asdf zxcv");
    expect_none("");
    expect_none("   ");
    expect_none("\t\n");
    expect_none("?!?.,;");
    expect_none("mau tanya dong min");          /* only filler words */
    expect_none("surat");                       /* in nearly every name: says nothing */
    expect_none("12345");
    expect_none("\xF0\x9F\x99\x8F\xF0\x9F\x99\x8F");
    assert_int_equal(search_query(ix, NULL, h, MAXHITS), 0);
}

static void test_hostile_input(void **state)
{
    struct search_hit h[MAXHITS];
    static char big[10 * 1024 + 64];
    double t0, worst = 0;

    expect_none("<script>alert(1)</script>");
    expect_first("<script>sktm</script>", "sktm");
    expect_first("sktm' OR 1=1; --", "sktm");

    /* 10 KB in one word, in many words, random bytes, and after a real
     * query: no crash, bounded time, and the start of the text counts. */
    memset(big, 'a', 10 * 1024);
    big[10 * 1024] = '\0';
    t0 = now_s();
    expect_none(big);
    if (now_s() - t0 > worst) worst = now_s() - t0;

    for (size_t i = 0; i < 10 * 1024; i++) big[i] = (i % 6 == 5) ? ' ' : (char)('a' + i % 23);
    t0 = now_s();
    run(big, h);
    if (now_s() - t0 > worst) worst = now_s() - t0;

    uint32_t x = 12345;
    for (size_t i = 0; i < 10 * 1024; i++) {
        x = x * 1103515245u + 12345u;
        big[i] = (char)(1 + (x >> 16) % 255);      /* any byte but NUL */
    }
    t0 = now_s();
    run(big, h);
    if (now_s() - t0 > worst) worst = now_s() - t0;

    memcpy(big, "surat keterangan tidak mampu ", 29);
    for (size_t i = 29; i < 10 * 1024; i++) big[i] = (char)('a' + i % 26);
    t0 = now_s();
    expect_first(big, "sktm");
    if (now_s() - t0 > worst) worst = now_s() - t0;

    /* Many distinct catalogue words: only the first few dozen are used. */
    size_t o = 0;
    for (int r = 0; o + 40 < sizeof big; r++)
        o += (size_t)snprintf(big + o, sizeof big - o, "sktm%d domisili%d ", r, r);
    t0 = now_s();
    run(big, h);
    if (now_s() - t0 > worst) worst = now_s() - t0;

    /* A few microseconds normally; generous for valgrind and sanitizers. */
    assert_true(worst < 0.2);

    /* Broken UTF-8 at the end of the input. */
    expect_exact("sktm \xE2\x80", "sktm");
    expect_exact("sktm \xC3", "sktm");
}

static void test_utf8_query(void **state)
{
    /* Non-ASCII letters stay intact: they match nothing here, but neither
     * do they break the words around them. */
    expect_first("sktm caf\xC3\xA9", "sktm");
    expect_none("\xC3\xA9\xC3\xA9\xC3\xA9");
    expect_none("\xE6\xBC\xA2\xE5\xAD\x97");        /* CJK */
}

/* ------------------------------------------------------ score semantics */

static void test_only_exact_scores_one(void **state)
{
    static const char *const near[] = {
        "domsili", "kelahran", "skkc", "izin acara hajatan", "mau urus sktm untuk sekolah anak",
        "sktm besok pagi", "surat keterangn tidak mampu", "domis",
    };
    struct search_hit h[MAXHITS];
    for (size_t i = 0; i < sizeof near / sizeof near[0]; i++) {
        size_t n = run(near[i], h);
        assert_true(n > 0);
        for (size_t j = 0; j < n; j++)
            if (h[j].score >= 1.0) fail_msg("\"%s\": %s", near[i], describe(h, n));
    }
}

/* Related services follow, weaker. */
static void test_related_ranked_lower(void **state)
{
    double a = score_of("domisili usaha", "domisili_usaha"), b = score_of("domisili usaha", "domisili");
    assert_true(a == 1.0 && b > 0 && b < a);
    a = score_of("pindah domisili", "pindah");
    b = score_of("pindah domisili", "domisili");
    assert_true(a == 1.0 && b > 0 && b < a);
    /* "tutup jalan" is part of two crowd-permit synonyms, "jalan" alone of
     * the travel letter. */
    a = score_of("tutup jalan", "izin_keramaian");
    b = score_of("tutup jalan", "bepergian");
    assert_true(a > b);
}

/* Naming a category lists its services, below any named service. */
static void test_category(void **state)
{
    struct search_hit h[MAXHITS];
    size_t n = run("kependudukan", h);
    assert_int_equal(n, 5);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(str_at(h[i].index, "category"), "kependudukan");
        assert_true(h[i].score == h[0].score && h[i].score < 1.0);
        if (i > 0) assert_true(h[i].index > h[i - 1].index);    /* then catalogue order */
    }
    /* A category word next to a service word does not drag in the group. */
    n = run("surat keterangan usaha", h);
    assert_int_equal(h[0].index, index_of("sku"));
    assert_true(n <= 3);
}

static void test_limits(void **state)
{
    struct search_hit h[MAXHITS], one;
    size_t n = run("domisili", h);
    assert_true(n >= 2);
    assert_int_equal(search_query(ix, "domisili", &one, 1), 1);
    assert_int_equal(one.index, h[0].index);
    assert_true(one.score == h[0].score);
    assert_int_equal(search_query(ix, "domisili", h, 0), 0);
    assert_int_equal(search_query(ix, "domisili", NULL, 4), 0);
    assert_int_equal(search_query(NULL, "domisili", h, 4), 0);
}

/* ------------------------------------------------------- other catalogues */

static struct search_index *build_from(const char *text)
{
    json_error_t err;
    json_t *j = json_loads(text, 0, &err);
    if (!j) fail_msg("bad test JSON: %s", err.text);
    struct search_index *x = search_build(j);
    json_decref(j);     /* the index keeps no references into the JSON */
    return x;
}

/* Two services equally matched: the one whose name says it comes first,
 * whatever the catalogue order. */
static void test_tie_prefers_name(void **state)
{
    struct search_hit h[4];
    struct search_index *x = build_from(
        "[{\"slug\":\"lain\",\"name\":\"Layanan Lain\",\"synonyms\":[\"surat sakti\"]},"
        " {\"slug\":\"sakti\",\"name\":\"Surat Sakti\",\"synonyms\":[]}]");
    assert_non_null(x);
    assert_int_equal(search_query(x, "surat sakti", h, 4), 2);
    assert_int_equal(h[0].index, 1);
    assert_int_equal(h[1].index, 0);
    assert_true(h[0].score == 1.0 && h[1].score == 1.0);
    search_free(x);
}

static void test_build_edge_cases(void **state)
{
    struct search_hit h[4];
    json_t *obj = json_object();
    assert_null(search_build(NULL));
    assert_null(search_build(obj));
    json_decref(obj);
    search_free(NULL);

    struct search_index *x = build_from("[]");
    assert_non_null(x);
    assert_int_equal(search_query(x, "sktm", h, 4), 0);
    search_free(x);

    /* Entries that are not objects, missing or mistyped fields, phrases of
     * filler words only, an overlong synonym: ignored, never a crash. */
    static char text[16384];
    char longsyn[8192];
    memset(longsyn, 'k', sizeof longsyn - 1);
    longsyn[sizeof longsyn - 1] = '\0';
    snprintf(text, sizeof text,
             "[42, null, \"sktm\", {},"
             " {\"slug\": 7, \"name\": [\"x\"], \"synonyms\": \"sktm\"},"
             " {\"slug\": \"ok\", \"name\": \"Surat Oke (\", \"synonyms\": [1, null, \"mau bikin\","
             "   \"a b c d e f g h i j k l m n o p q r s t u v w x y z satu dua tiga empat lima enam"
             "    tujuh delapan sembilan sepuluh sebelas duabelas\", \"%s\", \"(((\", \")))\"],"
             "   \"category\": {}, \"summary\": \"\"}]",
             longsyn);
    x = build_from(text);
    assert_non_null(x);
    assert_int_equal(search_query(x, "mau bikin", h, 4), 0);
    assert_int_equal(search_query(x, "surat oke", h, 4), 1);
    assert_int_equal(h[0].index, 5);
    assert_int_equal(search_query(x, "sktm", h, 4), 0);
    search_free(x);
}

/* ---------------------------------------------------------------- threads */

static const char *const thread_queries[] = {
    "sktm", "domisli", "cara bikin surat domisili", "kelahran", "pizza", "surat nikah",
    "izin acara hajatan", "kependudukan",
};
#define NTQ (sizeof thread_queries / sizeof thread_queries[0])

struct expect {
    size_t n;
    struct search_hit h[MAXHITS];
};
static struct expect expected[NTQ];

static void *hammer(void *arg)
{
    long bad = 0;
    for (int r = 0; r < 300; r++) {
        for (size_t q = 0; q < NTQ; q++) {
            struct search_hit h[MAXHITS];
            size_t n = search_query(ix, thread_queries[q], h, MAXHITS);
            if (n != expected[q].n) bad++;
            for (size_t i = 0; i < n && i < expected[q].n; i++)
                if (h[i].index != expected[q].h[i].index || h[i].score != expected[q].h[i].score)
                    bad++;
        }
    }
    return (void *)bad;
}

/* One index, many HTTP worker threads. */
static void test_threads_share_index(void **state)
{
    pthread_t t[4];
    for (size_t q = 0; q < NTQ; q++)
        expected[q].n = search_query(ix, thread_queries[q], expected[q].h, MAXHITS);
    for (int i = 0; i < 4; i++) assert_int_equal(pthread_create(&t[i], NULL, hammer, NULL), 0);
    for (int i = 0; i < 4; i++) {
        void *bad;
        assert_int_equal(pthread_join(t[i], &bad), 0);
        assert_true(bad == NULL);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalise),
        cmocka_unit_test(test_normalise_bounds),
        cmocka_unit_test(test_abbreviations),
        cmocka_unit_test(test_synonym_phrases),
        cmocka_unit_test(test_every_catalogue_phrase),
        cmocka_unit_test(test_typos),
        cmocka_unit_test(test_known_word_is_no_typo),
        cmocka_unit_test(test_word_order_and_fillers),
        cmocka_unit_test(test_chat_spellings),
        cmocka_unit_test(test_case_and_punctuation),
        cmocka_unit_test(test_nonsense_finds_nothing),
        cmocka_unit_test(test_hostile_input),
        cmocka_unit_test(test_utf8_query),
        cmocka_unit_test(test_only_exact_scores_one),
        cmocka_unit_test(test_related_ranked_lower),
        cmocka_unit_test(test_category),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_tie_prefers_name),
        cmocka_unit_test(test_build_edge_cases),
        cmocka_unit_test(test_threads_share_index),
        cmocka_unit_test(test_office_names),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
