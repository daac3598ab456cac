/* Unit tests for the channels' outbound side: what Balai sends to WhatsApp
 * and Telegram must fit the platforms' limits (one title too long and Meta
 * refuses the whole message), the webhook signature check must accept only
 * the exact bytes signed with the app secret, and each Graph error code
 * must lead to the right action (retry, give up, or stop and tell staff). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "channels/telegram.h"
#include "channels/whatsapp.h"
#include "channels/config.h"

static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void signature_is_over_exact_bytes(void **st)
{
    const char *body = "{\"object\":\"whatsapp_business_account\",\"n\":\"Andr\\u00e9\"}";
    char sig[72];
    wa_signature(body, strlen(body), "rahasia-app-123", sig);
    assert_true(strncmp(sig, "sha256=", 7) == 0 && strlen(sig) == 71);
    assert_true(wa_signature_ok(sig, body, strlen(body), "rahasia-app-123"));
    assert_false(wa_signature_ok(sig, body, strlen(body), "rahasia-lain-456"));
    assert_false(wa_signature_ok(sig, body, strlen(body) - 1, "rahasia-app-123"));
    sig[20] = sig[20] == 'a' ? 'b' : 'a';
    assert_false(wa_signature_ok(sig, body, strlen(body), "rahasia-app-123"));
    assert_false(wa_signature_ok(NULL, body, strlen(body), "rahasia-app-123"));
    assert_false(wa_signature_ok("sha1=abcd", body, strlen(body), "rahasia-app-123"));
    assert_false(wa_signature_ok(sig, body, strlen(body), ""));
}

static void list_fits_whatsapp_limits(void **st)
{
    json_t *p = json_pack("{s:[{s:s,s:s,s:s,s:i},{s:s,s:s,s:s,s:i}], s:[s,s], s:s}",
        "rows",
        "id", "svc:sktm", "title", "Surat Keterangan Tidak Mampu untuk sekolah", "description",
        "Syarat dan waktu pengurusan surat keterangan tidak mampu untuk beasiswa dan berobat gratis",
        "section", 0,
        "id", "human", "title", "Bicara dengan petugas", "description", "", "section", 1,
        "sections", "Surat Keterangan dan Pengantar Lainnya", "Bantuan",
        "list_button", "Lihat semua layanan kantor");
    json_t *b = wa_message_body("6281234567890", "Pilih layanan:", p);
    assert_string_equal(json_string_value(json_object_get(b, "to")), "+6281234567890");
    json_t *in = json_object_get(b, "interactive");
    assert_string_equal(json_string_value(json_object_get(in, "type")), "list");
    json_t *action = json_object_get(in, "action");
    assert_true(chars(json_string_value(json_object_get(action, "button"))) <= 20);
    json_t *secs = json_object_get(action, "sections");
    assert_int_equal(json_array_size(secs), 2);
    size_t i, j;
    json_t *s, *row;
    json_array_foreach(secs, i, s) {
        assert_true(chars(json_string_value(json_object_get(s, "title"))) <= 24);
        json_array_foreach(json_object_get(s, "rows"), j, row) {
            assert_true(chars(json_string_value(json_object_get(row, "title"))) <= 24);
            const char *d = json_string_value(json_object_get(row, "description"));
            if (d) assert_true(chars(d) <= 72);
        }
    }
    /* an empty description is left out, not sent empty */
    row = json_array_get(json_object_get(json_array_get(secs, 1), "rows"), 0);
    assert_null(json_object_get(row, "description"));
    json_decref(b);
    json_decref(p);
}

static void buttons_and_text(void **st)
{
    json_t *p = json_pack("{s:[{s:s,s:s},{s:s,s:s},{s:s,s:s},{s:s,s:s}]}", "buttons",
                          "id", "svc:sktm", "title", "SKTM", "id", "svc:penghasilan",
                          "title", "Keterangan Penghasilan Orang Tua", "id", "human",
                          "title", "Petugas", "id", "extra", "title", "Lebih");
    json_t *b = wa_message_body("628111", "Maksud Anda yang mana?", p);
    json_t *bs = json_object_get(json_object_get(json_object_get(b, "interactive"), "action"),
                                 "buttons");
    assert_int_equal(json_array_size(bs), 3);      /* WhatsApp allows three */
    size_t i;
    json_t *x;
    json_array_foreach(bs, i, x)
        assert_true(chars(json_string_value(json_object_get(json_object_get(x, "reply"), "title")))
                    <= 20);
    json_decref(b);
    json_decref(p);
    b = wa_message_body("628111", "Halo", NULL);
    assert_string_equal(json_string_value(json_object_get(b, "type")), "text");
    assert_string_equal(json_string_value(json_object_get(json_object_get(b, "text"), "body")), "Halo");
    json_decref(b);
}

static void telegram_keyboard(void **st)
{
    json_t *p = json_pack("{s:[{s:s,s:s}]}", "buttons", "id", "svc:sktm", "title", "SKTM");
    json_t *b = tg_message_body("5566778899", "Maksud Anda?", p);
    json_t *kb = json_object_get(json_object_get(b, "reply_markup"), "inline_keyboard");
    assert_int_equal(json_array_size(kb), 1);
    json_t *btn = json_array_get(json_array_get(kb, 0), 0);
    assert_string_equal(json_string_value(json_object_get(btn, "callback_data")), "svc:sktm");
    assert_string_equal(json_string_value(json_object_get(b, "chat_id")), "5566778899");
    json_decref(b);
    json_decref(p);
    assert_true(tg_secret_ok("tg_9fK2-xQ", "tg_9fK2-xQ"));
    assert_false(tg_secret_ok("tg_9fK2-xq", "tg_9fK2-xQ"));
    assert_false(tg_secret_ok(NULL, "tg_9fK2-xQ"));
    assert_false(tg_secret_ok("", ""));
}

static void error_codes_lead_to_actions(void **st)
{
    assert_int_equal(wa_error_verdict(131047), SEND_FAIL);     /* window closed */
    assert_int_equal(wa_error_verdict(131026), SEND_FAIL);     /* undeliverable */
    assert_int_equal(wa_error_verdict(130429), SEND_RETRY);    /* throughput */
    assert_int_equal(wa_error_verdict(131056), SEND_RETRY);    /* pair rate */
    assert_int_equal(wa_error_verdict(131000), SEND_RETRY);
    assert_int_equal(wa_error_verdict(190), SEND_STOP);        /* token */
    assert_int_equal(wa_error_verdict(250), SEND_STOP);        /* permissions range */
    assert_int_equal(wa_error_verdict(132001), SEND_FAIL);     /* template missing */
    assert_non_null(strstr(wa_error_text(131047), "24 jam"));
    assert_non_null(strstr(wa_error_text(190), "Token"));
}

static void secrets_are_masked(void **st)
{
    char m[32];
    channel_mask("EAAGm0PX4ZCpsBAKZCZCw1234", m, sizeof m);
    assert_string_equal(m, "••••1234");
    channel_mask("short", m, sizeof m);
    assert_string_equal(m, "••••");
    channel_mask("", m, sizeof m);
    assert_string_equal(m, "(belum diisi)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(signature_is_over_exact_bytes),
        cmocka_unit_test(list_fits_whatsapp_limits),
        cmocka_unit_test(buttons_and_text),
        cmocka_unit_test(telegram_keyboard),
        cmocka_unit_test(error_codes_lead_to_actions),
        cmocka_unit_test(secrets_are_masked),
    };
    return cmocka_run_group_tests_name("channels", tests, NULL, NULL);
}
