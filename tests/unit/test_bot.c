/* Unit tests for the chat bot (src/bot): what citizens write on WhatsApp,
 * checked against the real demo catalogue data/catalogue.json (embedded in
 * the test binary, as in test_search.c), plus the dialogue (greeting once,
 * picks by number), the interactive limits of bot.h, the office facts in
 * replies, sensitive data, the JSON shape, hostile input and speed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "bot/bot.h"
#include "bot/cues.h"
#include "bot/ngram.h"
#include "db/seed.h"

static json_t *catalogue;
static const json_t *services;
static struct bot_catalogue *cat;

static const struct bot_office office_open = {
    .name = "Kelurahan Jelitik",
    .address = "Jl. Jenderal Sudirman No. 12, Sungailiat",
    .map_url = "https://maps.example/jelitik",
    .phone = "0717-92123",
    .portal_url = "https://balai.example/o/jelitik",
    .upload_url = NULL,
    .open_now = 1,
    .status_text = "Buka sampai pukul 15.00",
    .hours_text = "Senin-Kamis 08.00-15.00\nJumat 08.00-11.00",
    .closed_reason = NULL,
};

static int setup(void **state)
{
    catalogue = seed_catalogue_shipped();
    services = json_object_get(catalogue, "services");
    if (!json_is_array(services) || json_array_size(services) == 0) return -1;
    cat = bot_catalogue_build(services);
    return cat ? 0 : -1;
}

static int teardown(void **state)
{
    bot_catalogue_free(cat);
    json_decref(catalogue);
    return 0;
}

static const json_t *service_doc(const char *slug)
{
    for (size_t i = 0; i < json_array_size(services); i++) {
        const json_t *s = json_array_get(services, i);
        if (strcmp(json_string_value(json_object_get(s, "slug")), slug) == 0) return s;
    }
    fail_msg("no service \"%s\" in data/catalogue.json", slug);
    return NULL;
}

static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}

/* What every decision must satisfy, whatever the message. */
static void check_limits(const struct bot_decision *d)
{
    const struct bot_reply *r = &d->reply;
    assert_non_null(r->text);
    assert_true(d->confidence >= 0 && d->confidence <= 1);
    assert_true(d->nchoices == 0 || d->nchoices == 2);
    assert_true(r->nrows >= 0 && r->nrows <= BOT_ROWS_MAX);
    assert_true(r->nbuttons >= 0 && r->nbuttons <= BOT_BUTTONS_MAX);
    assert_true(chars(r->text) <= (r->nrows || r->nbuttons ? 1024u : 4096u));
    if (r->nrows) {
        assert_true(r->nsections >= 1 && r->nsections <= BOT_ROWS_MAX);
        assert_true(*r->list_button && chars(r->list_button) <= 20);
    }
    for (int i = 0; i < r->nsections; i++) assert_true(chars(r->section_title[i]) <= 24);
    for (int i = 0; i < r->nrows; i++) {
        if (chars(r->rows[i].title) > 24 || !*r->rows[i].title)
            fail_msg("row title \"%s\" has %zu characters", r->rows[i].title, chars(r->rows[i].title));
        assert_true(chars(r->rows[i].desc) <= 72);
        assert_true(*r->rows[i].id);
        assert_true(r->rows[i].section >= 0 && r->rows[i].section < r->nsections);
        for (int j = 0; j < i; j++) assert_string_not_equal(r->rows[i].id, r->rows[j].id);
    }
    for (int i = 0; i < r->nbuttons; i++) {
        if (chars(r->buttons[i].title) > 20 || !*r->buttons[i].title)
            fail_msg("button title \"%s\"", r->buttons[i].title);
        assert_true(*r->buttons[i].id);
    }
}

/* Decides on text with the given office and state (a fresh one if NULL). */
static void decide_in(const struct bot_office *o, json_t *st, const struct bot_input *in,
                      struct bot_decision *d)
{
    json_t *own = st ? NULL : json_object();
    assert_int_equal(bot_decide(cat, o, st ? st : own, in, d), 0);
    check_limits(d);
    json_decref(own);
}

static void decide(const char *text, json_t *st, struct bot_decision *d)
{
    struct bot_input in = { .text = text };
    decide_in(&office_open, st, &in, d);
}

static void describe_fail(const char *text, const struct bot_decision *d, const char *want)
{
    fail_msg("\"%s\": want %s, got %s/%s (%.2f%s%s%s)", text, want, bot_intent_name(d->intent),
             d->service ? d->service : "-", d->confidence, d->handover ? ", handover" : "",
             d->nchoices ? ", asks " : "", d->nchoices ? d->choices[0] : "");
}

/* text is answered with service slug, confidently. */
static void expect_service(const char *text, const char *slug)
{
    struct bot_decision d;
    decide(text, NULL, &d);
    if (d.intent != BI_SERVICE || !d.service || strcmp(d.service, slug) != 0 || d.handover)
        describe_fail(text, &d, slug);
    bot_decision_free(&d);
}

/* text read as want, with that hand-over, at least this confident. */
static void expect_intent_from(const char *text, enum bot_intent want, int handover, double conf)
{
    struct bot_decision d;
    decide(text, NULL, &d);
    if (d.intent != want || d.handover != handover || d.confidence < conf)
        describe_fail(text, &d, bot_intent_name(want));
    bot_decision_free(&d);
}

static void expect_intent(const char *text, enum bot_intent want, int handover)
{
    expect_intent_from(text, want, handover, 0);
}

/* ------------------------------------------------------------ services */

static void test_named_service_answer(void **state)
{
    struct bot_decision d;
    decide("syarat sktm apa ya", NULL, &d);
    assert_int_equal(d.intent, BI_SERVICE);
    assert_string_equal(d.service, "sktm");
    assert_false(d.handover);
    assert_int_equal(d.nchoices, 0);
    assert_true(d.confidence >= 0.8);
    const json_t *doc = service_doc("sktm");
    const json_t *first = json_array_get(json_object_get(doc, "checklist"), 0);
    const char *item = json_string_value(json_object_get(first, "item"));
    assert_non_null(strstr(d.reply.text, json_string_value(json_object_get(doc, "name"))));
    assert_non_null(strstr(d.reply.text, item));
    assert_non_null(strstr(d.reply.text, "1. "));
    assert_non_null(strstr(d.reply.text, "https://balai.example/o/jelitik/layanan/sktm"));
    assert_non_null(strstr(d.reply.text, "Selesai pada hari yang sama"));   /* days 0 */
    assert_non_null(strstr(d.reply.text, "Gratis"));
    assert_non_null(strstr(d.reply.text, "(fotokopi)"));
    assert_null(strstr(d.reply.text, "Tutup"));                          /* open now */
    bot_decision_free(&d);

    /* Days > 0 are working days; a note's count shows ("2 lembar"). */
    decide("surat ahli waris", NULL, &d);
    assert_string_equal(d.service, "ahli_waris");
    assert_non_null(strstr(d.reply.text, "2 hari kerja"));
    bot_decision_free(&d);
    decide("surat keterangan kematian", NULL, &d);
    assert_string_equal(d.service, "kematian");
    assert_non_null(strstr(d.reply.text, "(fotokopi, 2 lembar)"));
    bot_decision_free(&d);
}

static void test_abbreviations_and_slang(void **state)
{
    expect_service("sktm", "sktm");
    expect_service("SKU brp lama jadinya?", "sku");
    expect_service("gmn cara bikin skck min", "skck");
    expect_service("kk saya hilang, ngurusnya dmn", "pengantar_kk");
    expect_service("mau bikin ktp baru", "pengantar_ktp");
    expect_service("suket domisili buat lamaran kerja", "domisili");
    expect_service("sk usaha utk kur", "sku");
    expect_service("bikinin surat pindah dong kak", "pindah");
    expect_service("pengurusan akta kelahiran brp hari", "kelahiran");
    expect_service("ngurusin surat keterangan belum menikah", "belum_menikah");
    expect_service("S.K.T.M untuk berobat", "sktm");
    expect_service("skdu syaratnya apa aja", "domisili_usaha");
    expect_service("ijin rame buat hajatan", "izin_keramaian");
}

static void test_typos(void **state)
{
    expect_service("domisli", "domisili");
    expect_service("surat keterangn kematin", "kematian");
    expect_service("akter kelahirn anak", "kelahiran");
    expect_service("sekck buat kerja", "skck");
    expect_service("kartu kluarga baru", "pengantar_kk");
}

/* Stories that name no service find it through the catalogue's words. */
static void test_stories(void **state)
{
    expect_service("bapak saya meninggal, urus suratnya gimana", "kematian");
    expect_service("anak saya baru lahir", "kelahiran");
    expect_service("mau nikah bulan depan", "nikah");
    expect_service("mau pinjam KUR di bank", "sku");
    expect_service("nenek saya wafat tadi malam, besok mau urus suratnya", "kematian");
    expect_service("mau cairkan tabungan almarhum bapak di bank", "ahli_waris");
    expect_service("mau hajatan sunatan pakai organ tunggal", "izin_keramaian");
    expect_service("ortu saya nelayan, kampus minta keterangan gaji ortu", "penghasilan");
    /* a business's address is its domicile, not proof of the business */
    expect_service("koperasi minta surat keterangan alamat usaha buat warung sembako saya",
                   "domisili_usaha");
}

/* A greeting in front of the question does not change what it is. */
static void test_greeting_with_question(void **state)
{
    expect_service("pagi min, syarat sktm apa ya", "sktm");
    expect_service("assalamualaikum pak, mau tanya cara ngurus e ktp yg hilang", "pengantar_ktp");
    expect_service("halo kak, mau bikin surat domisili", "domisili");
}

static void test_ask_back(void **state)
{
    struct bot_decision d;
    decide("buat pengajuan keringanan spp", NULL, &d);
    assert_int_equal(d.intent, BI_SERVICE);
    assert_null(d.service);
    assert_int_equal(d.nchoices, 2);
    assert_false(d.handover);
    int sktm = 0, peng = 0;
    for (int i = 0; i < 2; i++) {
        sktm |= strcmp(d.choices[i], "sktm") == 0;
        peng |= strcmp(d.choices[i], "penghasilan") == 0;
    }
    assert_true(sktm && peng);
    assert_int_equal(d.reply.nbuttons, 3);
    char want[64];
    snprintf(want, sizeof want, "svc:%s", d.choices[0]);
    assert_string_equal(d.reply.buttons[0].id, want);
    snprintf(want, sizeof want, "svc:%s", d.choices[1]);
    assert_string_equal(d.reply.buttons[1].id, want);
    assert_string_equal(d.reply.buttons[2].id, "human");
    assert_true(d.confidence < 0.6);
    bot_decision_free(&d);
}

/* Asks with both services, a button each and one for a person. */
static void expect_asks(const char *text, const char *a, const char *b)
{
    struct bot_decision d;
    decide(text, NULL, &d);
    if (d.intent != BI_SERVICE || d.service || d.nchoices != 2 || d.handover)
        describe_fail(text, &d, "an ask-back");
    int ha = 0, hb = 0;
    for (int i = 0; i < 2; i++) {
        ha |= strcmp(d.choices[i], a) == 0;
        hb |= strcmp(d.choices[i], b) == 0;
    }
    if (!ha || !hb) fail_msg("\"%s\": asks %s/%s, want %s/%s", text, d.choices[0], d.choices[1], a, b);
    assert_int_equal(d.reply.nbuttons, 3);
    assert_string_equal(d.reply.buttons[2].id, "human");
    assert_true(d.confidence < 0.6);
    bot_decision_free(&d);
}

/* The model's best class for text. */
static const char *model_reads(const char *text)
{
    const struct ngram_model *m = &bot_ngram_model;
    double sc[NGRAM_CLASS_MAX];
    assert_int_equal(ngram_scores(m, text, sc), 0);
    size_t best = 0;
    for (size_t k = 1; k < m->nclass; k++)
        if (sc[k] > sc[best]) best = k;
    return m->cls[best];
}

/* Where the rules and the n-gram model disagree, the bot asks instead of
 * asserting. The rules read "modal ke koperasi" beside "warung" as the
 * business's address letter on middling evidence, the model reads a loan
 * (SKU); "uang pensiun" after a death is the death letter to the rules,
 * the heirs' letter to the model. Both were answered outright before. The
 * model's side is checked first: these messages are not in the training
 * data, so a retrained model that reads them otherwise fails here, not
 * silently. */
static void test_ask_back_on_disagreement(void **state)
{
    (void)state;
    const char *loan = "warung kopi saya mau pinjam modal ke koperasi desa";
    const char *pension = "suami meninggal, uang pensiunnya mau saya urus";
    assert_string_equal(model_reads(loan), "svc:sku");
    expect_asks(loan, "domisili_usaha", "sku");
    assert_string_equal(model_reads(pension), "svc:ahli_waris");
    expect_asks(pension, "kematian", "ahli_waris");
    /* Of two services the rules ask about, the model picks neither when it
     * reads a third: here the address of a business, not a move nor SKU. */
    const char *shop = "toko kelontong kami baru pindah ke ruko sini, butuh surat keterangan tempat usaha";
    assert_string_equal(model_reads(shop), "svc:domisili_usaha");
    struct bot_decision d;
    decide(shop, NULL, &d);
    assert_int_equal(d.nchoices, 2);
    assert_null(d.service);
    bot_decision_free(&d);
    /* A letter handed in, asked after: the rules see the letter's name, the
     * model a status question, so a person answers rather than the bot
     * listing requirements. */
    const char *handed_in = "surat domisili yg sy masukin hari senin gmn kabarnya";
    assert_string_equal(model_reads(handed_in), "status");
    expect_intent(handed_in, BI_STATUS, 1);
}

/* -------------------------------------------------------------- intents */

/* Issue 15: phrasings the first tuning set lacked (regional registers,
 * English, vowel-less words, turns of talk around a request). */
static void test_registers_and_english(void **state)
{
    (void)state;
    expect_service("kula badhe ngurus serat pindah, syaratipun menapa", "pindah");
    expect_service("ambo nio maurus surek katarangan usaha", "sku");
    expect_service("aye mau bikin surat kematian enyak, kudu bawa apaan aje", "kematian");
    expect_intent("surek ambo alah salasai alun", BI_STATUS, 1);
    expect_intent("serat kula sampun dados dereng", BI_STATUS, 1);
    expect_intent("tos réngsé teu acan surat abdi", BI_STATUS, 1);
    expect_intent("kantua lurah bukak pukua bara", BI_HOURS, 0);
    expect_service("how do i get a police clearance letter", "skck");
    expect_service("my id card is lost, what do i need", "pengantar_ktp");
    expect_intent("where is the office", BI_LOCATION, 0);
    expect_intent("what time does the office open", BI_HOURS, 0);
    expect_intent("i want to talk to a person", BI_HUMAN, 1);
    expect_service("srt pndh ke luar kota", "pindah");
    expect_service("akte klhrn anak sy", "kelahiran");
}

static void test_turns_around_a_request(void **state)
{
    (void)state;
    /* a finished request thanked for, or rated, is not a status question */
    expect_intent("alhamdulillah skck sudah jadi, terima kasih pak", BI_THANKS, 0);
    expect_intent("oke bu, suratnya sudah saya terima", BI_THANKS, 0);
    expect_intent("pelayanannya ramah, puas sekali pokoknya", BI_SURVEY_ANSWER, 0);
    expect_intent("nilai 5, petugasnya cepat dan sopan", BI_SURVEY_ANSWER, 0);
    /* ... even when it says what the letter was for, or which letter the
     * rating's reason is about */
    expect_intent("terima kasih pak, skck nya sudah saya pakai buat daftar kerja, alhamdulillah lolos",
                  BI_THANKS, 0);
    expect_intent("cukup puas tapi pengantar rt nya ribet, nilai 3", BI_SURVEY_ANSWER, 0);
    /* a landmark checked is the location, a phone played with a complaint */
    expect_intent("kantor kelurahan itu di samping sd negeri 3 bukan?", BI_LOCATION, 0);
    expect_intent("pegawainya asyik main hp waktu saya antre", BI_COMPLAINT, 1);
    expect_intent("makasih, surat saya kapan jadi ya", BI_STATUS, 1);
    /* a vague opener gets the greeting's question back */
    expect_intent("mau nanya dong kak", BI_GREETING, 0);
    expect_intent("gimana ya bu", BI_GREETING, 0);
    expect_intent("numpang tanya pak", BI_GREETING, 0);
    /* a complaint with a question in it goes to a person */
    expect_intent("saya datang jam 1 ternyata sudah tutup, bukanya sampai jam berapa", BI_COMPLAINT, 1);
    expect_intent("kecewa, dijanjikan jadi kemarin tapi belum juga", BI_COMPLAINT, 1);
    expect_intent("petugasnya jutek, cuma tanya syarat sktm", BI_COMPLAINT, 1);
}

/* Issue 15, third wave: life events for another need, a complaint with a
 * question, a finished request, vague openers, krama and English turns. */
static void test_events_and_turns(void **state)
{
    (void)state;
    expect_service("anak kedua kami lahir bulan lalu, mau didaftarkan ke kartu keluarga",
                   "pengantar_kk");
    expect_service("nenek sudah wafat, namanya mau dicoret dari kk", "pengantar_kk");
    expect_service("suami saya meninggal, tabungannya di bank mau dicairkan", "ahli_waris");
    expect_service("leasing minta surat bahwa saya punya usaha bengkel", "sku");
    /* closed again, sent home again: a person answers both */
    expect_intent("tutup lagi kantornya, sebenarnya buka jam berapa", BI_COMPLAINT, 1);
    expect_intent("kok tiap datang disuruh balik besok terus", BI_COMPLAINT, 1);
    expect_intent("jam 9 belum ada orang di loket", BI_COMPLAINT, 1);
    /* done, promised, rated: not questions */
    expect_intent("sip, berkas sudah saya ambil tadi", BI_THANKS, 0);
    expect_intent("baik, nanti saya lengkapi berkasnya", BI_THANKS, 0);
    expect_intent("excellent service, 5 stars", BI_SURVEY_ANSWER, 0);
    /* openers get a question back */
    expect_intent("sore kak, saya perlu bantuan", BI_GREETING, 0);
    expect_intent("nyuwun sewu, badhe tanglet", BI_GREETING, 0);
    expect_intent("dinten menika kantor bikak mboten", BI_HOURS, 0);
    expect_intent("kantornya pindah ya? sekarang di mana", BI_LOCATION, 0);
    expect_intent("is my application done", BI_STATUS, 1);
    expect_intent("the officer was not there when i came", BI_COMPLAINT, 1);
    expect_intent("i would rate the service 4 out of 5", BI_SURVEY_ANSWER, 0);
    expect_intent("is anyone available to help", BI_GREETING, 0);
    /* a "single status letter" is the service, not a status question */
    expect_service("i would like to apply for a single status letter", "belum_menikah");
    /* a weak menu cue beside words the bot cannot place: a person reads it */
    expect_intent("can you help me get a driver's license", BI_UNKNOWN, 1);
    /* an ID card about to be shown, in other words: warned before it comes */
    static const char *const shown[] = {
        "kulo kintun foto ktp nggih", "here is my family card", "ini ktp saya pak",
        "kk nya saya fotoin ya", "saya share foto ktp",
    };
    struct bot_decision d;
    for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++) {
        decide(shown[i], NULL, &d);
        if (!d.sensitive) fail_msg("\"%s\" not taken as an ID card shown", shown[i]);
        bot_decision_free(&d);
    }
    decide("kk saya ini masih lama, perlu diganti?", NULL, &d);
    assert_false(d.sensitive);
    bot_decision_free(&d);
}

/* text read by the rules themselves as want (confidence from 0.9), not
 * left to the model's guess, which moves with its training data. */
static void expect_read(const char *text, enum bot_intent want, int handover)
{
    expect_intent_from(text, want, handover, 0.9);
}

/* Phrasings of a second writer's set, by category, in other words than
 * that set's. */
static void test_writer_categories(void **state)
{
    (void)state;
    /* English and regional status questions */
    expect_intent("has my moving letter been approved yet", BI_STATUS, 1);
    expect_intent("any update on my death certificate request?", BI_STATUS, 1);
    expect_read("punten, sktm abdi parantos tiasa dicandak?", BI_STATUS, 1);
    expect_read("surat usaha saya sudah di acc pak lurah belum?", BI_STATUS, 1);
    expect_read("surat pindah saya jadi besok kan? lusa sudah berangkat", BI_STATUS, 1);
    /* a broken promise that names the service; a bribe asked in English;
     * a broken public thing */
    expect_intent("sudah nunggu surat domisili dua minggu, janjinya tiga hari", BI_COMPLAINT, 1);
    expect_intent("an officer asked me for money before he would stamp my form", BI_COMPLAINT, 1);
    expect_intent("tiang listrik depan musholla patah kena angin", BI_COMPLAINT, 1);
    /* regional openers: Minang, Lampung, Sasak, Balinese "tiang"; is this
     * the office's number */
    expect_intent("ambo numpang batanyo pak", BI_GREETING, 0);
    expect_read("tabik pun, mau tanya", BI_GREETING, 0);
    expect_read("tabeq side", BI_GREETING, 0);
    expect_intent("ini nomor wa resmi kelurahan ya?", BI_GREETING, 0);
    /* life events for the family card: the paper already held is not
     * the need, nor is a marital status quoted from the card */
    expect_service("akta lahir anak sudah jadi, tinggal ditambahkan ke kk", "pengantar_kk");
    expect_service("akta kematian ibu sudah ada, sekarang namanya mau dicoret dari kk",
                   "pengantar_kk");
    expect_service("akta kematian ayah sudah keluar, sekarang mau urus warisan rumahnya",
                   "ahli_waris");
    expect_service("status perkawinan di kk masih tertulis belum kawin, mau dibetulkan",
                   "pengantar_kk");
    expect_intent("akta kelahiran anak saya sudah jadi belum?", BI_STATUS, 1);
    /* other offices' papers */
    expect_intent("sertifikat rumah saya hilang waktu banjir, urus di kelurahan bisa?",
                  BI_UNKNOWN, 1);
    expect_intent("bisa minta laporan polisi di kelurahan? dompet saya hilang", BI_UNKNOWN, 1);
    expect_intent("formasi cpns tahun ini apa saja", BI_UNKNOWN, 1);
    /* ratings whose praise or story looks like a complaint or a question */
    expect_intent("sangat puas, gratis tanpa calo", BI_SURVEY_ANSWER, 0);
    expect_intent("nilai 4, berkas saya cepat selesai", BI_SURVEY_ANSWER, 0);
    /* Balinese thanks; the break asked about; a call back */
    expect_intent("suksma bli", BI_THANKS, 0);
    expect_intent("kantor istirahat jam berapa, biar saya tidak datang pas istirahat",
                  BI_HOURS, 0);
    expect_intent("mohon saya ditelepon balik", BI_HUMAN, 1);
    /* an old card, a move of address, a poor family in English, a
     * business's address */
    expect_service("ktp saya sudah lama sekali, tulisannya pudar, mau ganti", "pengantar_ktp");
    expect_service("kami pindahan, kk mau pindah alamat ke kelurahan ini", "pindah");
    expect_service("our family is low income, can we get a letter for free school fees", "sktm");
    /* Minang and Eastern Malay words; a chat opened with "lagi sibuk?" */
    expect_read("sa tra tau mau urus surat apa", BI_MENU, 0);
    expect_read("kantor lurah di mano?", BI_LOCATION, 0);
    expect_read("malem kak, lagi sibuk? mau nanya", BI_GREETING, 0);
    expect_read("makase banyak bapa", BI_THANKS, 0);
    /* a leading score with its words; stars as emoji only */
    expect_read("5, ramah dan cepat sekali", BI_SURVEY_ANSWER, 0);
    expect_read("⭐⭐⭐ lumayan", BI_SURVEY_ANSWER, 0);
    expect_intent("⭐⭐⭐⭐⭐", BI_SURVEY_ANSWER, 0);
    /* handed in this morning, asked after */
    expect_intent("tadi pagi ngajuin surat domisili, bisa diambil sore?", BI_STATUS, 1);
    expect_read("kemarin siang antar berkas kk, bisa diambil besok?", BI_STATUS, 1);
}

/* Every cue pattern fits the compiled tables: one added past their size
 * would otherwise never match, silently. */
static void test_cues_complete(void **state)
{
    (void)state;
    assert_true(cues_complete());
}

/* The n-gram model's reading of a message: normalised the same way
 * whatever the spelling, grams sorted and distinct, and the trained table
 * ranks a plainly named service first. */
static void test_ngram(void **state)
{
    (void)state;
    char out[64];
    assert_int_equal(ngram_normalise("Halooo  KAK!! 08123", out, sizeof out), 17);
    assert_string_equal(out, " haloo kak 00000 ");
    assert_int_equal(ngram_normalise("", out, sizeof out), 1);
    assert_int_equal(ngram_normalise("abcdef", out, 6), 5);         /* cut, still ends */
    assert_string_equal(out, " abc ");
    uint32_t *a = malloc(NGRAM_WORK * sizeof *a), *b = malloc(NGRAM_WORK * sizeof *b);
    assert_non_null(a);
    assert_non_null(b);
    size_t na = ngram_hashes("SURAT   keterangan usaha!!!", a);
    size_t nb = ngram_hashes("surat keterangan usaha", b);
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, na * sizeof *a);
    for (size_t i = 0; i < na; i++) {
        assert_true(a[i] != 0);
        for (size_t j = 0; j < i; j++) assert_true(a[j] != a[i]);
    }
    /* a gram said again counts once: "aa aa aa" has no gram "aa aa" lacks */
    assert_int_equal(ngram_hashes("aa aa aa aa", a), ngram_hashes("aa aa", b));
    free(a);
    free(b);
    const struct ngram_model *m = &bot_ngram_model;
    double sc[NGRAM_CLASS_MAX];
    long sku = ngram_class(m, "svc:sku");
    assert_true(sku >= 0);
    assert_int_equal(ngram_class(m, "svc:tidak_ada"), -1);
    assert_int_equal(ngram_scores(m, "surat keterangan usaha buat kur", sc), 0);
    for (size_t k = 0; k < m->nclass; k++)
        if ((long)k != sku) assert_true(sc[sku] > sc[k]);
    assert_int_equal(ngram_scores(m, "!!!", sc), -1);              /* no gram */
    const struct ngram_model empty = { 0 };
    assert_int_equal(ngram_scores(&empty, "surat usaha", sc), -1);
}

static void test_other_intents(void **state)
{
    expect_intent("halo", BI_GREETING, 0);
    expect_intent("assalamualaikum", BI_GREETING, 0);
    expect_intent("pagi min", BI_GREETING, 0);
    expect_intent("p", BI_GREETING, 0);
    expect_intent("menu", BI_MENU, 0);
    expect_intent("layanan apa saja", BI_MENU, 0);
    expect_intent("daftar layanan", BI_MENU, 0);
    expect_intent("jam buka", BI_HOURS, 0);
    expect_intent("buka jam berapa", BI_HOURS, 0);
    expect_intent("sabtu buka?", BI_HOURS, 0);
    expect_intent("hari ini buka gak", BI_HOURS, 0);
    expect_intent("jam buka kalau mau urus sktm", BI_HOURS, 0);
    expect_intent("alamat kantor", BI_LOCATION, 0);
    expect_intent("lokasi dimana", BI_LOCATION, 0);
    expect_intent("kantornya dimana", BI_LOCATION, 0);
    expect_intent("share loc", BI_LOCATION, 0);
    expect_intent("KTP saya sudah jadi?", BI_STATUS, 1);
    expect_intent("berkas saya sudah selesai belum", BI_STATUS, 1);
    expect_intent("JLT-2026-00042", BI_STATUS, 1);
    expect_intent("mau lapor", BI_COMPLAINT, 1);
    expect_intent("mau mengadu", BI_COMPLAINT, 1);
    expect_intent("pelayanannya lambat", BI_COMPLAINT, 1);
    expect_intent("petugas tidak ramah", BI_COMPLAINT, 1);
    expect_intent("jalan depan rumah rusak parah", BI_COMPLAINT, 1);
    expect_intent("ada pungli di kantor", BI_COMPLAINT, 1);
    expect_intent("mau bicara dengan petugas", BI_HUMAN, 1);
    expect_intent("admin", BI_HUMAN, 1);
    expect_intent("minta sambung ke orang", BI_HUMAN, 1);
    expect_intent("cs", BI_HUMAN, 1);
    expect_intent("makasih", BI_THANKS, 0);
    expect_intent("terima kasih banyak", BI_THANKS, 0);
    expect_intent("oke siap", BI_THANKS, 0);
    expect_intent("sangat puas", BI_SURVEY_ANSWER, 0);
    expect_intent("kurang puas", BI_SURVEY_ANSWER, 0);
    expect_intent("nilai 4", BI_SURVEY_ANSWER, 0);
    expect_intent("bintang 5", BI_SURVEY_ANSWER, 0);
    /* Asking about a service's cost or time is about the service. */
    expect_service("biaya surat domisili berapa", "domisili");
    expect_service("berapa lama bikin sku", "sku");
    /* Service words inside a complaint or a report do not make it one. */
    expect_service("mau lapor kelahiran anak", "kelahiran");
    expect_service("ktp saya rusak kena air", "pengantar_ktp");
}

static void test_unknown_hands_over(void **state)
{
    static const char *const off[] = {
        "harga cabai berapa hari ini", "asdfghjkl", "bikin paspor dimana", "perpanjang sim c",
        "bansos kapan cair", "",
    };
    for (size_t i = 0; i < sizeof off / sizeof off[0]; i++) {
        struct bot_decision d;
        decide(off[i], NULL, &d);
        if (d.intent != BI_UNKNOWN || !d.handover) describe_fail(off[i], &d, "unknown");
        assert_null(d.service);
        assert_true(d.reply.nrows > 0);          /* the menu is offered */
        assert_non_null(strstr(d.reply.text, "petugas"));
        bot_decision_free(&d);
    }
}

/* ------------------------------------------------------------ dialogue */

static void test_greets_once(void **state)
{
    json_t *st = json_object();
    struct bot_decision d;
    decide("halo", st, &d);
    assert_int_equal(d.intent, BI_GREETING);
    assert_int_equal(strncmp(d.reply.text, "Halo", 4), 0);
    assert_non_null(strstr(d.reply.text, "Kelurahan Jelitik"));
    assert_true(d.reply.nrows > 0);
    bot_decision_free(&d);
    decide("syarat sku", st, &d);
    assert_string_equal(d.service, "sku");
    assert_null(strstr(d.reply.text, "selamat datang"));
    assert_int_equal(strncmp(d.reply.text, "*Surat Keterangan Usaha", 23), 0);
    bot_decision_free(&d);
    json_decref(st);

    /* A first message that is a question also gets the greeting first. */
    st = json_object();
    decide("syarat sku", st, &d);
    assert_int_equal(strncmp(d.reply.text, "Halo, selamat datang", 20), 0);
    bot_decision_free(&d);
    json_decref(st);
}

static void test_picks(void **state)
{
    static const char *const second[] = { "2", "yang kedua", "yg kedua", "no 2", "pilih 2" };
    for (size_t i = 0; i < sizeof second / sizeof second[0]; i++) {
        json_t *st = json_object();
        struct bot_decision d;
        decide("buat pengajuan keringanan spp", st, &d);
        assert_int_equal(d.nchoices, 2);
        char want[32];
        snprintf(want, sizeof want, "%s", d.choices[1]);
        bot_decision_free(&d);
        decide(second[i], st, &d);
        if (d.intent != BI_SERVICE || !d.service || strcmp(d.service, want) != 0)
            describe_fail(second[i], &d, want);
        bot_decision_free(&d);
        json_decref(st);
    }
    /* "1" / "yang pertama" after the menu opens its first row. */
    json_t *st = json_object();
    struct bot_decision d;
    decide("menu", st, &d);
    char first[64];
    snprintf(first, sizeof first, "%s", d.reply.rows[0].id);
    bot_decision_free(&d);
    decide("yang pertama", st, &d);
    assert_int_equal(d.intent, BI_MENU);
    assert_true(d.reply.nrows > 0 && strncmp(d.reply.rows[0].id, "svc:", 4) == 0);
    assert_int_equal(strncmp(first, "cat:", 4), 0);
    bot_decision_free(&d);
    /* A number beyond the offered list is no pick. */
    decide("9", st, &d);
    assert_int_not_equal(d.intent, BI_SERVICE);
    bot_decision_free(&d);
    json_decref(st);
}

static void test_choice_ids(void **state)
{
    struct bot_decision d;
    struct bot_input in = { .choice = "svc:domisili" };
    decide_in(&office_open, NULL, &in, &d);
    assert_int_equal(d.intent, BI_SERVICE);
    assert_string_equal(d.service, "domisili");
    assert_true(d.confidence >= 0.99);
    bot_decision_free(&d);

    in.choice = "cat:1";
    decide_in(&office_open, NULL, &in, &d);
    assert_int_equal(d.intent, BI_MENU);
    assert_true(d.reply.nrows >= 2);
    for (int i = 0; i < d.reply.nrows; i++)
        assert_true(strncmp(d.reply.rows[i].id, "svc:", 4) == 0 || strcmp(d.reply.rows[i].id, "menu") == 0);
    bot_decision_free(&d);

    static const struct { const char *id; enum bot_intent intent; int handover; } ids[] = {
        { "menu", BI_MENU, 0 }, { "human", BI_HUMAN, 1 }, { "hours", BI_HOURS, 0 },
        { "location", BI_LOCATION, 0 },
    };
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        in.choice = ids[i].id;
        decide_in(&office_open, NULL, &in, &d);
        assert_int_equal(d.intent, ids[i].intent);
        assert_int_equal(d.handover, ids[i].handover);
        bot_decision_free(&d);
    }
    /* An id that means nothing here: the text decides. */
    in.choice = "svc:tidak_ada";
    in.text = "syarat skck";
    decide_in(&office_open, NULL, &in, &d);
    assert_string_equal(d.service, "skck");
    bot_decision_free(&d);
}

static void test_follow_up(void **state)
{
    json_t *st = json_object();
    struct bot_decision d;
    decide("syarat sktm", st, &d);
    bot_decision_free(&d);
    decide("biayanya berapa?", st, &d);
    assert_int_equal(d.intent, BI_SERVICE);
    assert_string_equal(d.service, "sktm");
    bot_decision_free(&d);
    json_decref(st);
}

static void test_survey(void **state)
{
    json_t *st = json_object();
    struct bot_decision d;
    decide("3", st, &d);                          /* no survey pending */
    assert_int_not_equal(d.intent, BI_SURVEY_ANSWER);
    bot_decision_free(&d);
    json_object_set_new(st, "survey_pending", json_true());
    decide("3", st, &d);
    assert_int_equal(d.intent, BI_SURVEY_ANSWER);
    assert_int_equal(d.rating, 3);
    assert_false(d.handover);
    assert_null(json_object_get(st, "survey_pending"));
    bot_decision_free(&d);
    decide("sangat puas", st, &d);
    assert_int_equal(d.rating, 5);
    bot_decision_free(&d);
    decide("tidak puas", st, &d);
    assert_int_equal(d.rating, 1);
    bot_decision_free(&d);
    decide("nilai 4", st, &d);
    assert_int_equal(d.rating, 4);
    bot_decision_free(&d);
    /* the forms citizens type under the survey question (issue 13) */
    static const struct { const char *text; int rating; } typed[] = {
        { "4", 4 }, { "nilai 5", 5 }, { "2, lama sekali", 2 }, { "5 mantap", 5 },
        { "3 cukup", 3 }, { "1. antrinya lama", 1 }, { "4 pelayanannya ramah", 4 },
        { "saya kasih 5", 5 }, { "5!", 5 },
    };
    for (size_t i = 0; i < sizeof typed / sizeof typed[0]; i++) {
        json_object_set_new(st, "survey_pending", json_true());
        decide(typed[i].text, st, &d);
        if (d.intent != BI_SURVEY_ANSWER || d.rating != typed[i].rating)
            fail_msg("\"%s\": intent %s rating %d", typed[i].text, bot_intent_name(d.intent),
                     d.rating);
        assert_false(d.handover);
        bot_decision_free(&d);
    }
    json_decref(st);
}

/* -------------------------------------------------------------- the menu */

static void test_menu_limits(void **state)
{
    struct bot_decision d;
    decide("menu", NULL, &d);
    assert_int_equal(d.intent, BI_MENU);
    assert_true(d.reply.nrows >= 3 && d.reply.nrows <= BOT_ROWS_MAX);
    int human = 0, hours = 0;
    for (int i = 0; i < d.reply.nrows; i++) {
        human |= strcmp(d.reply.rows[i].id, "human") == 0;
        hours |= strcmp(d.reply.rows[i].id, "hours") == 0;
    }
    assert_true(human && hours);
    /* 16 services do not fit: categories first, each opens its services. */
    assert_int_equal(strncmp(d.reply.rows[0].id, "cat:", 4), 0);
    size_t listed = 0;
    for (int i = 0; i < d.reply.nrows; i++) {
        if (strncmp(d.reply.rows[i].id, "cat:", 4) != 0) continue;
        struct bot_decision g;
        struct bot_input in = { .choice = d.reply.rows[i].id };
        decide_in(&office_open, NULL, &in, &g);
        for (int k = 0; k < g.reply.nrows; k++) listed += strncmp(g.reply.rows[k].id, "svc:", 4) == 0;
        bot_decision_free(&g);
    }
    assert_int_equal(listed, json_array_size(services));
    bot_decision_free(&d);
}

/* A staff-edited catalogue: one big category of long UTF-8 names. */
static void test_menu_big_category(void **state)
{
    json_t *arr = json_array();
    for (int i = 0; i < 23; i++) {
        char slug[32], name[160];
        snprintf(slug, sizeof slug, "layanan_%02d", i);
        snprintf(name, sizeof name,
                 "Surat Keterangan Pelayanan Istimewa Nomor %d untuk Warga Kelurahan (SKPI-%d) "
                 "\xE2\x80\x94 caf\xC3\xA9 \xF0\x9F\x99\x8F",
                 i, i);
        json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s, s:[s]}", "slug", slug, "name",
                                             name, "category", "Surat Keterangan Pelayanan Umum",
                                             "summary", "Ringkasan.", "synonyms", slug));
    }
    struct bot_catalogue *big = bot_catalogue_build(arr);
    json_decref(arr);                           /* the catalogue keeps a copy */
    assert_non_null(big);
    json_t *st = json_object();
    struct bot_input in = { .text = "menu" };
    struct bot_decision d;
    assert_int_equal(bot_decide(big, &office_open, st, &in, &d), 0);
    check_limits(&d);
    int cats = 0;
    for (int i = 0; i < d.reply.nrows; i++) cats += strncmp(d.reply.rows[i].id, "cat:", 4) == 0;
    assert_int_equal(cats, 3);                  /* 23 services: 10 + 10 + 3 */
    bot_decision_free(&d);
    for (int g = 0; g < 3; g++) {
        char id[16];
        snprintf(id, sizeof id, "cat:%d", g);
        struct bot_input pick = { .choice = id };
        assert_int_equal(bot_decide(big, &office_open, st, &pick, &d), 0);
        check_limits(&d);
        assert_true(d.reply.nrows >= 3);
        bot_decision_free(&d);
    }
    /* The service answer with such a name stays valid too. */
    struct bot_input pick = { .choice = "svc:layanan_07" };
    assert_int_equal(bot_decide(big, &office_open, st, &pick, &d), 0);
    check_limits(&d);
    assert_string_equal(d.service, "layanan_07");
    bot_decision_free(&d);
    json_decref(st);
    bot_catalogue_free(big);
}

/* ----------------------------------------------------------- the office */

static void test_closed_office(void **state)
{
    struct bot_office o = office_open;
    o.open_now = 0;
    o.status_text = "Tutup \xE2\x80\x94 buka lagi besok pukul 08.00";
    struct bot_decision d;
    struct bot_input in = { .text = "syarat domisili" };
    decide_in(&o, NULL, &in, &d);
    assert_string_equal(d.service, "domisili");
    assert_non_null(strstr(d.reply.text, "buka lagi besok pukul 08.00"));
    assert_non_null(strstr(d.reply.text, "menyiapkan berkas"));
    bot_decision_free(&d);

    o.closed_reason = "Hari libur: Hari Raya Natal";
    decide_in(&o, NULL, &in, &d);
    assert_non_null(strstr(d.reply.text, "Hari Raya Natal"));
    bot_decision_free(&d);
    in.text = "jam buka";
    decide_in(&o, NULL, &in, &d);
    assert_int_equal(d.intent, BI_HOURS);
    assert_non_null(strstr(d.reply.text, "Hari Raya Natal"));
    assert_non_null(strstr(d.reply.text, "Senin-Kamis 08.00-15.00"));
    assert_non_null(strstr(d.reply.text, "buka lagi besok"));
    bot_decision_free(&d);
}

static void test_location(void **state)
{
    struct bot_decision d;
    decide("alamat kantor kelurahan dimana", NULL, &d);
    assert_int_equal(d.intent, BI_LOCATION);
    assert_non_null(strstr(d.reply.text, "Jl. Jenderal Sudirman No. 12"));
    assert_non_null(strstr(d.reply.text, "https://maps.example/jelitik"));
    bot_decision_free(&d);

    struct bot_office o = office_open;
    o.address = "";
    o.map_url = "";
    struct bot_input in = { .text = "alamat kantor" };
    decide_in(&o, NULL, &in, &d);
    assert_int_equal(d.intent, BI_LOCATION);
    assert_false(d.handover);
    assert_non_null(strstr(d.reply.text, "0717-92123"));
    assert_non_null(strstr(d.reply.text, "belum tercantum"));
    bot_decision_free(&d);
}

static void test_status_number(void **state)
{
    json_t *st = json_object();
    struct bot_decision d;
    decide("mau cek permohonan jlt-2026-00042", st, &d);
    assert_int_equal(d.intent, BI_STATUS);
    assert_true(d.handover);
    assert_non_null(strstr(d.reply.text, "JLT-2026-00042"));
    assert_string_equal(json_string_value(json_object_get(st, "reg_number")), "JLT-2026-00042");
    bot_decision_free(&d);
    decide("ktp saya sudah jadi belum", NULL, &d);
    assert_non_null(strstr(d.reply.text, "nomor registrasi"));
    bot_decision_free(&d);
    json_decref(st);
}

/* ------------------------------------------------------------ sensitive */

static void test_sensitive_number(void **state)
{
    struct bot_decision d;
    decide("NIK saya 3201012345670003 mau bikin sktm", NULL, &d);
    assert_true(d.sensitive);
    assert_int_equal(d.intent, BI_SERVICE);
    assert_string_equal(d.service, "sktm");
    assert_null(strstr(d.reply.text, "3201012345670003"));
    assert_non_null(strstr(d.reply.text, "NIK"));
    assert_true(d.handover);                    /* no upload link: a person sends one */
    bot_decision_free(&d);

    struct bot_office o = office_open;
    o.upload_url = "https://balai.example/unggah/abc123";
    struct bot_input in = { .text = "kk saya 3201 0101 0101 0101 hilang" };
    decide_in(&o, NULL, &in, &d);
    assert_true(d.sensitive);
    assert_string_equal(d.service, "pengantar_kk");
    assert_false(d.handover);
    assert_non_null(strstr(d.reply.text, "https://balai.example/unggah/abc123"));
    assert_null(strstr(d.reply.text, "3201 0101 0101 0101"));
    bot_decision_free(&d);

    /* A phone number is not sensitive. */
    decide("nomor saya 081234567890, syarat sku apa", NULL, &d);
    assert_false(d.sensitive);
    assert_string_equal(d.service, "sku");
    bot_decision_free(&d);

    /* The channel masked it already. */
    struct bot_input pre = { .text = "nik 3201********0003 ktp hilang", .sensitive = 1 };
    decide_in(&office_open, NULL, &pre, &d);
    assert_true(d.sensitive);
    assert_string_equal(d.service, "pengantar_ktp");
    bot_decision_free(&d);
}

static void test_sensitive_media(void **state)
{
    struct bot_decision d;
    struct bot_input in = { .text = "", .caption = "ini foto ktp saya", .has_image = 1 };
    decide_in(&office_open, NULL, &in, &d);
    assert_true(d.sensitive);
    assert_true(d.handover);
    assert_null(d.service);
    assert_non_null(strstr(d.reply.text, "KTP"));
    bot_decision_free(&d);

    struct bot_input doc = { .caption = "scan kartu keluarga", .has_document = 1 };
    decide_in(&office_open, NULL, &doc, &d);
    assert_true(d.sensitive);
    bot_decision_free(&d);

    struct bot_input plain = { .has_image = 1 };
    decide_in(&office_open, NULL, &plain, &d);
    assert_false(d.sensitive);
    assert_true(d.handover);                    /* a person looks at it */
    bot_decision_free(&d);
}

/* A citizen who says they will send a KTP/KK photo is told where to send
 * it before it comes: the warning and the private upload link. Asking
 * about a KTP, or a lost one, is not an announcement. */
static void test_sensitive_announced(void **state)
{
    struct bot_office o = office_open;
    o.upload_url = "https://balai.example/unggah/def456";
    static const char *const said[] = {
        "saya kirimkan foto KTP-nya ya", "ini foto kk saya", "boleh saya kirim ktp?",
        "Pak, saya kirim kartu keluarga ya", "sudah saya upload kk nya",
    };
    struct bot_decision d;
    for (size_t i = 0; i < sizeof said / sizeof said[0]; i++) {
        struct bot_input in = { .text = said[i] };
        decide_in(&o, NULL, &in, &d);
        if (!d.sensitive || !strstr(d.reply.text, "https://balai.example/unggah/def456"))
            fail_msg("\"%s\": sensitive %d, reply %s", said[i], d.sensitive, d.reply.text);
        assert_non_null(strstr(d.reply.text, "jangan mengirim NIK, nomor KK, atau foto KTP"));
        assert_non_null(strstr(d.reply.text, "Silakan kirim fotonya lewat tautan aman"));
        assert_false(d.handover);
        bot_decision_free(&d);
    }
    static const char *const asked[] = {
        "syarat bikin KTP apa saja", "foto ktp saya hilang bagaimana", "kk saya rusak",
    };
    for (size_t i = 0; i < sizeof asked / sizeof asked[0]; i++) {
        struct bot_input in = { .text = asked[i] };
        decide_in(&o, NULL, &in, &d);
        if (d.sensitive) fail_msg("\"%s\" taken as sensitive: %s", asked[i], d.reply.text);
        bot_decision_free(&d);
    }
    /* without a link the warning promises one and a person takes over */
    struct bot_input in = { .text = "saya kirimkan foto KTP-nya ya" };
    decide_in(&office_open, NULL, &in, &d);
    assert_true(d.sensitive);
    assert_true(d.handover);
    assert_non_null(strstr(d.reply.text, "tautan unggah yang aman untuk fotonya"));
    bot_decision_free(&d);
}

/* ---------------------------------------------------------------- JSON */

static void test_json(void **state)
{
    struct bot_decision d;
    decide("syarat sktm apa ya", NULL, &d);
    json_t *j = bot_decision_json(&d);
    assert_string_equal(json_string_value(json_object_get(j, "intent")), "service");
    assert_string_equal(json_string_value(json_object_get(j, "service")), "sktm");
    double c = json_real_value(json_object_get(j, "confidence"));
    assert_true(json_is_real(json_object_get(j, "confidence")));
    assert_true(c >= 0 && c <= 1);
    double c100 = c * 100;
    assert_true(c100 - (double)(long)(c100 + 0.5) < 1e-6 && (double)(long)(c100 + 0.5) - c100 < 1e-6);
    assert_true(json_is_boolean(json_object_get(j, "sensitive")));
    assert_true(json_is_boolean(json_object_get(j, "handover")));
    assert_int_equal(json_array_size(json_object_get(j, "choices")), 0);
    assert_true(json_is_array(json_object_get(j, "choices")));
    assert_string_equal(json_string_value(json_object_get(j, "reply")), d.reply.text);
    assert_null(json_object_get(j, "rows"));
    assert_null(json_object_get(j, "buttons"));
    json_decref(j);
    bot_decision_free(&d);

    decide("buat pengajuan keringanan spp", NULL, &d);
    j = bot_decision_json(&d);
    assert_true(json_is_null(json_object_get(j, "service")));
    assert_int_equal(json_array_size(json_object_get(j, "choices")), 2);
    json_t *b = json_object_get(j, "buttons");
    assert_int_equal(json_array_size(b), 3);
    assert_string_equal(json_string_value(json_object_get(json_array_get(b, 2), "id")), "human");
    json_decref(j);
    bot_decision_free(&d);

    decide("menu", NULL, &d);
    j = bot_decision_json(&d);
    json_t *rows = json_object_get(j, "rows");
    assert_int_equal(json_array_size(rows), (size_t)d.reply.nrows);
    json_t *r0 = json_array_get(rows, 0);
    assert_true(json_is_string(json_object_get(r0, "id")));
    assert_true(json_is_string(json_object_get(r0, "title")));
    assert_true(json_is_string(json_object_get(r0, "description")));
    assert_true(json_is_string(json_object_get(r0, "section")));
    json_decref(j);
    bot_decision_free(&d);

    assert_null(bot_decision_json(NULL));
}

/* ---------------------------------------------------- other catalogues */

static void test_other_catalogues(void **state)
{
    /* Knowledge comes from the catalogue: a service staff added is found
     * by its words, even where the lexicon knows the need as foreign. */
    json_error_t err;
    json_t *arr = json_loads(
        "[{\"slug\":\"imb\",\"name\":\"Rekomendasi Izin Mendirikan Bangunan (IMB)\","
        "\"category\":\"Perizinan\",\"summary\":\"Rekomendasi untuk membangun rumah.\","
        "\"synonyms\":[\"imb\",\"izin bangunan\",\"pbg\"],\"checklist\":[{\"item\":\"Sertipikat\","
        "\"note\":\"fotokopi\",\"count\":1}],\"days\":3,\"cost\":\"Gratis\"},"
        " {\"slug\":\"sktm\",\"name\":\"Surat Keterangan Tidak Mampu (SKTM)\",\"category\":"
        "\"Surat Keterangan\",\"synonyms\":[\"sktm\"],\"active\":false}]",
        0, &err);
    assert_non_null(arr);
    struct bot_catalogue *c = bot_catalogue_build(arr);
    json_decref(arr);
    assert_non_null(c);
    json_t *st = json_object();
    struct bot_input in = { .text = "mau bikin imb rumah" };
    struct bot_decision d;
    assert_int_equal(bot_decide(c, &office_open, st, &in, &d), 0);
    check_limits(&d);
    assert_string_equal(d.service, "imb");
    assert_non_null(strstr(d.reply.text, "3 hari kerja"));
    bot_decision_free(&d);
    in.text = "syarat sktm";                    /* inactive: not offered */
    assert_int_equal(bot_decide(c, &office_open, st, &in, &d), 0);
    assert_null(d.service);
    bot_decision_free(&d);
    in.text = "menu";                           /* one service: listed directly */
    assert_int_equal(bot_decide(c, &office_open, st, &in, &d), 0);
    check_limits(&d);
    assert_string_equal(d.reply.rows[0].id, "svc:imb");
    bot_decision_free(&d);
    bot_catalogue_free(c);

    /* An empty catalogue still greets, answers hours and hands over. */
    json_t *none = json_array();
    c = bot_catalogue_build(none);
    json_decref(none);
    assert_non_null(c);
    static const char *const msgs[] = { "halo", "jam buka", "syarat sktm", "menu", "1" };
    for (size_t i = 0; i < sizeof msgs / sizeof msgs[0]; i++) {
        in.text = msgs[i];
        assert_int_equal(bot_decide(c, &office_open, st, &in, &d), 0);
        check_limits(&d);
        assert_null(d.service);
        bot_decision_free(&d);
    }
    bot_catalogue_free(c);
    json_decref(st);

    assert_null(bot_catalogue_build(NULL));
    json_t *obj = json_object();
    assert_null(bot_catalogue_build(obj));
    json_decref(obj);
    bot_catalogue_free(NULL);
    bot_decision_free(NULL);
}

/* A checklist staff made very long still gives one valid message. */
static void test_long_service(void **state)
{
    json_t *doc = json_deep_copy(service_doc("sktm"));
    json_t *list = json_array();
    for (int i = 0; i < 40; i++) {
        char item[300];
        snprintf(item, sizeof item, "Persyaratan nomor %d yang ditulis panjang sekali oleh petugas "
                 "agar warga tidak salah membawa dokumen ke kantor kelurahan, lengkap dengan "
                 "penjelasan kapan diperlukan dan kapan tidak", i + 1);
        json_array_append_new(list, json_pack("{s:s, s:s, s:i}", "item", item, "note", "asli", "count", 2));
    }
    json_object_set_new(doc, "checklist", list);
    json_t *arr = json_pack("[o]", doc);
    struct bot_catalogue *c = bot_catalogue_build(arr);
    json_decref(arr);
    assert_non_null(c);
    struct bot_input in = { .text = "syarat sktm" };
    struct bot_decision d;
    json_t *st = json_object();
    assert_int_equal(bot_decide(c, &office_open, st, &in, &d), 0);
    check_limits(&d);
    assert_string_equal(d.service, "sktm");
    assert_non_null(strstr(d.reply.text, "/layanan/sktm"));     /* the link survives */
    bot_decision_free(&d);
    json_decref(st);
    bot_catalogue_free(c);
}

/* ------------------------------------------------------------- hostile */

static void test_hostile(void **state)
{
    static char big[16 * 1024];
    struct bot_decision d;
    memset(big, 'a', sizeof big - 1);
    decide(big, NULL, &d);
    bot_decision_free(&d);
    uint32_t x = 7;
    for (size_t i = 0; i < sizeof big - 1; i++) {
        x = x * 1103515245u + 12345u;
        big[i] = (char)(1 + (x >> 16) % 255);
    }
    decide(big, NULL, &d);
    bot_decision_free(&d);
    size_t o = 0;
    for (int i = 0; o + 32 < sizeof big; i++)
        o += (size_t)snprintf(big + o, sizeof big - o, "sktm%d 1 2 3 a b c ", i);
    decide(big, NULL, &d);
    bot_decision_free(&d);
    decide("\xF0\x9F\x99\x8F\xF0\x9F\x99\x8F", NULL, &d);
    bot_decision_free(&d);
    decide("sktm \xE2\x80", NULL, &d);
    assert_string_equal(d.service, "sktm");
    bot_decision_free(&d);

    struct bot_input in = { .text = NULL };
    decide_in(&office_open, NULL, &in, &d);
    bot_decision_free(&d);
    json_t *notobj = json_array();              /* a state that is not an object */
    in.text = "halo";
    assert_int_equal(bot_decide(cat, &office_open, notobj, &in, &d), 0);
    bot_decision_free(&d);
    json_decref(notobj);
    assert_int_equal(bot_decide(NULL, &office_open, NULL, &in, &d), -1);
    assert_null(d.reply.text);
    assert_int_equal(bot_decide(cat, NULL, NULL, &in, &d), -1);

    /* Only office facts the caller gave: missing ones are no crash. */
    struct bot_office bare = { .name = NULL };
    in.text = "jam buka";
    decide_in(&bare, NULL, &in, &d);
    bot_decision_free(&d);
    in.text = "syarat sktm";
    decide_in(&bare, NULL, &in, &d);
    bot_decision_free(&d);
    in.text = "alamat kantor";
    decide_in(&bare, NULL, &in, &d);
    bot_decision_free(&d);
}

/* ---------------------------------------------------------------- speed */

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void test_speed(void **state)
{
    static const char *const msgs[] = {
        "syarat sktm apa ya", "bapak saya meninggal, urus suratnya gimana", "jam buka",
        "halo min", "mau pinjam KUR di bank", "buat pengajuan keringanan spp",
        "ktp saya hilang waktu mudik, ngurusnya dimana ya kak", "makasih",
    };
    json_t *st = json_object();
    const int n = 20000;
    double t0 = now_s();
    for (int i = 0; i < n; i++) {
        struct bot_input in = { .text = msgs[i % 8] };
        struct bot_decision d;
        assert_int_equal(bot_decide(cat, &office_open, st, &in, &d), 0);
        bot_decision_free(&d);
    }
    double dt = now_s() - t0;
    printf("bot: %.0f decisions/s on one core (%d decisions, 16 services)\n", n / dt, n);
    json_decref(st);
    t0 = now_s();
    struct bot_catalogue *c = bot_catalogue_build(services);
    printf("bot: catalogue built in %.2f ms\n", (now_s() - t0) * 1000);
    bot_catalogue_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_named_service_answer),
        cmocka_unit_test(test_abbreviations_and_slang),
        cmocka_unit_test(test_typos),
        cmocka_unit_test(test_stories),
        cmocka_unit_test(test_greeting_with_question),
        cmocka_unit_test(test_ask_back),
        cmocka_unit_test(test_other_intents),
        cmocka_unit_test(test_unknown_hands_over),
        cmocka_unit_test(test_greets_once),
        cmocka_unit_test(test_picks),
        cmocka_unit_test(test_choice_ids),
        cmocka_unit_test(test_follow_up),
        cmocka_unit_test(test_survey),
        cmocka_unit_test(test_menu_limits),
        cmocka_unit_test(test_menu_big_category),
        cmocka_unit_test(test_closed_office),
        cmocka_unit_test(test_location),
        cmocka_unit_test(test_status_number),
        cmocka_unit_test(test_sensitive_number),
        cmocka_unit_test(test_sensitive_media),
        cmocka_unit_test(test_sensitive_announced),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_other_catalogues),
        cmocka_unit_test(test_registers_and_english),
        cmocka_unit_test(test_turns_around_a_request),
        cmocka_unit_test(test_events_and_turns),
        cmocka_unit_test(test_writer_categories),
        cmocka_unit_test(test_cues_complete),
        cmocka_unit_test(test_ngram),
        cmocka_unit_test(test_ask_back_on_disagreement),
        cmocka_unit_test(test_long_service),
        cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_speed),
    };
    return cmocka_run_group_tests_name("bot", tests, setup, teardown);
}
