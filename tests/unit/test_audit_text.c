/* Unit tests for core/audit_text: an audit row must read as a sentence a
 * Lurah understands, with each changed field before → after in words; ids
 * and secrets never reach the screen. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit_text.h"

static json_t *row(const char *action, const char *entity, const char *id, const char *before,
                   const char *after)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s?, s:s?}", "action", action,
                     "entity", entity, "entity_id", id, "actor", "lurah.jelitik",
                     "actor_name", "Yusuf Hamdani", "actor_role", "penanggung_jawab",
                     "office_name", "Kelurahan Jelitik", "before", before, "after", after);
}

static const char *s(const json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

static void hours_change_reads_day_by_day(void **state)
{
    (void)state;
    json_t *r = row("office.hours", "office", "jelitik",
        "{\"hours\":\"mon=08:00-15:00;tue=08:00-15:00;wed=08:00-15:00;thu=08:00-15:00;"
        "fri=08:00-11:30,13:30-15:00;sat=;sun=;\"}",
        "{\"hours\":\"mon=08:00-15:00;tue=08:00-15:00;wed=08:00-15:00;thu=08:00-15:00;"
        "fri=07:30-11:00,13:30-15:00;sat=08:00-12:00;sun=;\"}");
    audit_describe(r);
    assert_string_equal(s(r, "sentence"),
                        "Yusuf Hamdani (Penanggung jawab) mengubah jam buka Kelurahan Jelitik");
    json_t *ch = json_object_get(r, "changes");
    assert_int_equal(json_array_size(ch), 2);   /* only the days that changed */
    assert_string_equal(s(json_array_get(ch, 0), "field"), "Jam buka Jumat");
    assert_string_equal(s(json_array_get(ch, 0), "before"), "08.00–11.30, 13.30–15.00");
    assert_string_equal(s(json_array_get(ch, 0), "after"), "07.30–11.00, 13.30–15.00");
    assert_string_equal(s(json_array_get(ch, 1), "field"), "Jam buka Sabtu");
    assert_string_equal(s(json_array_get(ch, 1), "before"), "Tutup");
    json_decref(r);
}

static void request_status_in_its_type_words(void **state)
{
    (void)state;
    json_t *r = row("request.status", "request", "JLT-2026-00003",
                    "{\"status\":\"baru\",\"version\":1}",
                    "{\"eta_date\":20261208,\"note\":\"Surat RT belum ada.\",\"status\":\"kurang_lengkap\"}");
    audit_describe(r);
    assert_string_equal(s(r, "what"), "mengubah status permohonan JLT-2026-00003");
    json_t *ch = json_object_get(r, "changes");
    int seen_status = 0, seen_eta = 0;
    size_t i;
    json_t *c;
    json_array_foreach(ch, i, c) {
        if (strcmp(s(c, "field"), "Status") == 0) {
            assert_string_equal(s(c, "before"), "Baru diterima");
            assert_string_equal(s(c, "after"), "Berkas kurang lengkap");
            seen_status = 1;
        }
        if (strcmp(s(c, "field"), "Perkiraan selesai") == 0) {
            assert_string_equal(s(c, "after"), "Selasa, 8 Desember 2026");
            seen_eta = 1;
        }
        assert_null(strstr(s(c, "field"), "version"));
    }
    assert_true(seen_status && seen_eta);
    json_decref(r);
}

static void complaint_created_by_the_bot(void **state)
{
    (void)state;
    json_t *r = json_pack("{s:s, s:s, s:s, s:s, s:s}", "action", "request.create", "entity",
                          "request", "entity_id", "JLT-2026-00001", "actor", "bot", "after",
                          "{\"source\":\"whatsapp\",\"status\":\"baru\",\"type\":\"pengaduan\"}");
    audit_describe(r);
    assert_string_equal(s(r, "sentence"), "Bot layanan mencatat pengaduan JLT-2026-00001");
    json_t *ch = json_object_get(r, "changes");
    size_t i;
    json_t *c;
    int src = 0;
    json_array_foreach(ch, i, c) if (strcmp(s(c, "field"), "Asal") == 0) {
        assert_string_equal(s(c, "after"), "WhatsApp");
        src = 1;
    }
    assert_true(src);
    json_decref(r);
}

static void secrets_and_ids_never_shown(void **state)
{
    (void)state;
    json_t *r = row("channel.save", "channel", "whatsapp", NULL,
                    "{\"id\":7,\"office_id\":5,\"app_secret\":\"••••4a5b\",\"token\":\"••••99\","
                    "\"active\":true,\"kind\":\"whatsapp\"}");
    audit_describe(r);
    assert_string_equal(s(r, "what"), "mengubah pengaturan kanal WhatsApp");
    char *dump = json_dumps(json_object_get(r, "changes"), 0);
    assert_null(strstr(dump, "4a5b"));
    assert_null(strstr(dump, "••••99"));
    assert_null(strstr(dump, "office_id"));
    assert_non_null(strstr(dump, "Aktif"));
    free(dump);
    json_decref(r);
}

static void token_label_follows_the_name(void **state)
{
    (void)state;
    json_t *r = row("request.status", "request", "JLT-2026-00004", "{\"status\":\"baru\"}",
                    "{\"status\":\"diproses\"}");
    json_object_set_new(r, "actor", json_string("lurah.jelitik lewat token 'skrip-loket'"));
    audit_describe(r);
    assert_string_equal(s(r, "who"), "Yusuf Hamdani (Penanggung jawab), lewat token 'skrip-loket'");
    json_decref(r);
}

static void unknown_action_and_system(void **state)
{
    (void)state;
    json_t *r = json_pack("{s:s, s:s, s:s, s:s, s:s}", "action", "something.new", "entity", "x",
                          "entity_id", "1", "actor", "sistem", "after", "{\"some_field\":\"nilai\"}");
    audit_describe(r);
    assert_string_equal(s(r, "sentence"), "Sistem mencatat perubahan");
    assert_string_equal(s(json_array_get(json_object_get(r, "changes"), 0), "field"), "Some field");
    json_decref(r);
}

/* a content decision names the item by its title, its state and the
 * schedule in words, and a checklist tick with its verdict and note */
static void content_decisions_read_as_sentences(void **state)
{
    (void)state;
    json_t *r = row("content.schedule", "content", "7", "{\"state\":\"desain\"}",
                    "{\"state\":\"jadwal\",\"reason\":\"\",\"publish_at\":1799110800}");
    json_object_set_new(r, "target_name", json_string("Jadwal Posyandu Desember"));
    json_object_set_new(r, "office_tz", json_string("WIB"));
    audit_describe(r);
    assert_string_equal(s(r, "what"), "menjadwalkan penerbitan konten \"Jadwal Posyandu Desember\"");
    json_t *ch = json_object_get(r, "changes");
    int seen = 0;
    for (size_t i = 0; i < json_array_size(ch); i++) {
        json_t *c = json_array_get(ch, i);
        if (!strcmp(s(c, "field"), "Tahap") || !strcmp(s(c, "field"), "Jadwal terbit")) seen++;
        if (!strcmp(s(c, "field"), "Tahap")) {
            assert_string_equal(s(c, "before"), "Desain visual");
            assert_string_equal(s(c, "after"), "Terjadwal");
        }
        if (!strcmp(s(c, "field"), "Jadwal terbit"))
            assert_string_equal(s(c, "after"), "Selasa, 5 Januari 2027 08.00 WIB");
    }
    assert_int_equal(seen, 2);
    json_decref(r);
    r = row("content.check", "content", "7", "{}",
            "{\"akurasi\":{\"ok\":false,\"note\":\"Angka beda\",\"by\":3,\"at\":1}}");
    audit_describe(r);
    assert_string_equal(s(r, "sentence"), "Yusuf Hamdani (Penanggung jawab) memeriksa konten #7");
    json_t *c = json_array_get(json_object_get(r, "changes"), 0);
    assert_string_equal(s(c, "field"), "Akurasi");
    assert_string_equal(s(c, "after"), "Belum sesuai — Angka beda");
    json_decref(r);
}


/* The change field named `field` in an described row, NULL if none. */
static json_t *change(const json_t *r, const char *field)
{
    json_t *ch = json_object_get(r, "changes");
    for (size_t i = 0; i < json_array_size(ch); i++)
        if (!strcmp(s(json_array_get(ch, i), "field"), field)) return json_array_get(ch, i);
    return NULL;
}

static void plan_feed_share_and_broadcast_read_as_sentences(void **state)
{
    (void)state;
    json_t *r = row("content_plan.save", "content_plan", "2027-Q1",
                    "{\"targets\":{\"edukasi\":6},\"themes\":\"\"}",
                    "{\"targets\":{\"edukasi\":12,\"informasi_layanan\":6},"
                    "\"themes\":\"Musim hujan\"}");
    audit_describe(r);
    assert_string_equal(s(r, "what"), "menyimpan rencana konten triwulan 1 tahun 2027");
    assert_string_equal(s(change(r, "Target per jenis"), "before"), "Edukasi 6");
    assert_string_equal(s(change(r, "Target per jenis"), "after"),
                        "Edukasi 12, Informasi layanan 6");
    assert_string_equal(s(change(r, "Tema"), "after"), "Musim hujan");
    json_decref(r);
    r = row("content_feed.renew", "content_feed", "ical", NULL, "{\"feed\":\"alamat baru\"}");
    audit_describe(r);
    assert_string_equal(s(r, "what"), "membuat alamat baru kalender konten (iCalendar) Kelurahan "
                                      "Jelitik; alamat lama tidak berlaku lagi");
    json_decref(r);
    static const char *const shares[][2] = {
        {"content.share_offer", "menawarkan konten \"Vaksin\" untuk tampil di portal kantor di "
                                "bawahnya"},
        {"content.share_accept", "menerima konten \"Vaksin\" untuk tampil di portal kantornya"},
        {"content.share_decline", "menolak menampilkan konten \"Vaksin\" di portal kantornya"},
    };
    for (size_t i = 0; i < 3; i++) {
        r = row(shares[i][0], "content", "9", NULL, "{\"offered_to\":5,\"accepted\":true}");
        json_object_set_new(r, "target_name", json_string("Vaksin"));
        audit_describe(r);
        assert_string_equal(s(r, "what"), shares[i][1]);
        assert_int_equal(json_array_size(json_object_get(r, "changes")), 0);   /* no ids */
        json_decref(r);
    }
    r = row("content.broadcast", "content", "9", NULL,
            "{\"judul\":\"Vaksin\",\"templat\":\"balai_info_terbaru\",\"penerima\":3,"
            "\"siaran\":4}");
    json_object_set_new(r, "target_name", json_string("Vaksin"));
    audit_describe(r);
    assert_string_equal(s(r, "what"), "menyiarkan konten \"Vaksin\" lewat WhatsApp kepada "
                                      "pelanggan info");
    assert_string_equal(s(change(r, "Penerima"), "after"), "3 orang");
    assert_null(change(r, "Siaran"));
    json_decref(r);
    r = row("pickup.slot.activate", "pickup_slot", "3", "{\"active\":false}",
            "{\"active\":true}");
    audit_describe(r);
    assert_string_equal(s(r, "what"), "mengaktifkan lagi jadwal pengambilan dokumen");
    json_decref(r);
}

static void channel_settings_read_in_words(void **state)
{
    (void)state;
    json_t *r = row("channel.save", "channel", "whatsapp",
        "{\"settings\":\"{\\\"templates\\\":{\\\"broadcast\\\":{\\\"name\\\":"
        "\\\"balai_info_terbaru\\\",\\\"language\\\":\\\"id\\\"}}}\"}",
        "{\"settings\":\"{\\\"templates\\\":{\\\"broadcast\\\":{\\\"name\\\":"
        "\\\"info_jlt\\\",\\\"language\\\":\\\"id\\\"}},\\\"rate\\\":40,"
        "\\\"broadcast_tier\\\":10000}\"}");
    audit_describe(r);
    json_t *c = change(r, "Pengaturan pesan");
    assert_non_null(c);
    assert_string_equal(s(c, "before"), "templat siaran info balai_info_terbaru");
    assert_string_equal(s(c, "after"), "templat siaran info info_jlt; kecepatan 40 pesan per "
                                       "detik; batas siaran 10000 penerima per 24 jam");
    json_decref(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hours_change_reads_day_by_day),
        cmocka_unit_test(request_status_in_its_type_words),
        cmocka_unit_test(complaint_created_by_the_bot),
        cmocka_unit_test(secrets_and_ids_never_shown),
        cmocka_unit_test(token_label_follows_the_name),
        cmocka_unit_test(unknown_action_and_system),
        cmocka_unit_test(content_decisions_read_as_sentences),
        cmocka_unit_test(plan_feed_share_and_broadcast_read_as_sentences),
        cmocka_unit_test(channel_settings_read_in_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
