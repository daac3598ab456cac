/* Unit tests for the webhook parsers (channels/whatsapp.c wa_parse and
 * wa_signature_ok, channels/telegram.c tg_parse) on the shapes Meta and
 * Telegram send (the seeds of tests/fuzz/corpus/, per the wire-format
 * reference): which events come out, with which external ids, senders,
 * kinds, masked bodies, payloads, status ranks and error codes, and office
 * routing left to the caller (office_id 0). The last group holds the
 * inputs the fuzzers (tests/fuzz/run.sh) found, as regression cases; each
 * is marked "fuzz regression" and its crash file lies in tests/fuzz/crashes/.
 *
 * Bodies are written with ' for " to stay readable; J() swaps them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "bot/bot.h"
#include "channels/event.h"
#include "channels/telegram.h"
#include "channels/whatsapp.h"

#define TG_BOT "7012345678"
#define PNID "112233445566778"
#define SITI_WA "6281234567890"
#define BUDI_WA "6285711112222"

/* --- helpers ---------------------------------------------------------- */

static struct event_list ev;
static char err[128];
static char *body_buf;          /* the last J() result */
static json_t *payload_doc;     /* the last payload_of() result */

static int reset(void **state)
{
    events_free(&ev);
    free(body_buf);
    body_buf = NULL;
    json_decref(payload_doc);
    payload_doc = NULL;
    err[0] = '\0';
    return 0;
}

/* s with every ' turned into " */
static const char *J(const char *s)
{
    free(body_buf);
    body_buf = strdup(s);
    assert_non_null(body_buf);
    for (char *p = body_buf; *p; p++)
        if (*p == '\'') *p = '"';
    return body_buf;
}

static int wa(const char *json)
{
    events_free(&ev);
    return wa_parse(json, strlen(json), &ev, err, sizeof err);
}

static int tg(const char *json)
{
    events_free(&ev);
    return tg_parse(json, strlen(json), TG_BOT, &ev, err, sizeof err);
}

/* The event's payload as JSON (freed by the teardown). */
static const json_t *payload_of(const struct event *e)
{
    json_decref(payload_doc);
    assert_non_null(e->payload);
    payload_doc = json_loads(e->payload, 0, NULL);
    assert_true(json_is_object(payload_doc));
    return payload_doc;
}

static const char *pstr(const struct event *e, const char *key)
{
    return json_string_value(json_object_get(payload_of(e), key));
}

static int utf8_valid(const char *str)
{
    const unsigned char *s = (const unsigned char *)str;
    while (*s) {
        size_t n = *s < 0x80 ? 0 : *s >= 0xF0 ? 3 : *s >= 0xE0 ? 2 : *s >= 0xC2 ? 1 : 9;
        if (n == 9) return 0;
        for (size_t i = 1; i <= n; i++)
            if ((s[i] & 0xC0) != 0x80) return 0;
        s += n + 1;
    }
    return 1;
}

static void expect_message(const struct event *e, const char *channel, const char *account,
                           const char *external_id, const char *sender, const char *name,
                           const char *kind, const char *body, int64_t at)
{
    assert_int_equal(e->type, EV_MESSAGE);
    assert_string_equal(e->channel, channel);
    assert_string_equal(e->account, account);
    assert_string_equal(e->external_id, external_id);
    assert_string_equal(e->sender, sender);
    assert_string_equal(e->sender_name, name);
    assert_string_equal(e->kind, kind);
    assert_non_null(e->body);
    assert_string_equal(e->body, body);
    assert_int_equal(e->at, at);
    assert_int_equal(e->office_id, 0);      /* routing is the webhook handler's job */
    assert_string_equal(e->status, "");
    assert_int_equal(e->error_code, 0);
}

/* --- WhatsApp envelopes ------------------------------------------------ */

#define WA_HEAD(pnid) \
    "{'object':'whatsapp_business_account','entry':[{'id':'301234567890123','changes':[" \
    "{'field':'messages','value':{'messaging_product':'whatsapp','metadata':" \
    "{'display_phone_number':'622150001234','phone_number_id':'" pnid "'},"
#define WA(v) WA_HEAD(PNID) v "}}]}]}"
#define SITI "'contacts':[{'profile':{'name':'Siti Rahmawati'},'wa_id':'" SITI_WA "'}],"
#define BUDI "'contacts':[{'profile':{'name':'Budi Santoso'},'wa_id':'" BUDI_WA "'}],"
#define MSG(from, id, ts, type) \
    "'from':'" from "','id':'" id "','timestamp':'" ts "','type':'" type "'"

#define WAMID_A "wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABIYFjNFQjBBMUIyQzNENEU1RjYA"

/* --- WhatsApp: messages ------------------------------------------------ */

static void test_wa_text(void **state)
{
    assert_int_equal(wa(J(WA(SITI "'messages':[{" MSG(SITI_WA, WAMID_A, "1767312000", "text")
                             ",'text':{'body':'Selamat pagi, KTP saya sudah jadi?'}}]"))), 0);
    assert_int_equal(ev.n, 1);
    expect_message(&ev.v[0], "whatsapp", PNID, WAMID_A, SITI_WA, "Siti Rahmawati", "text",
                   "Selamat pagi, KTP saya sudah jadi?", 1767312000);
    assert_int_equal(ev.v[0].sensitive, 0);
    assert_string_equal(ev.v[0].payload, "{}");
}

static void test_wa_text_masks_nik_and_kk(void **state)
{
    assert_int_equal(wa(J(WA(SITI "'messages':[{" MSG(SITI_WA, "wamid.NIK1", "1767312010", "text")
        ",'text':{'body':'NIK saya 3201012345670003, KK 3201 0123 4567 0004 ya pak'}}]"))), 0);
    assert_int_equal(ev.n, 1);
    assert_string_equal(ev.v[0].body, "NIK saya 3201********0003, KK 3201********0004 ya pak");
    assert_int_equal(ev.v[0].sensitive, 1);
    assert_null(strstr(ev.v[0].body, "3201012345670003"));
}

static void test_wa_list_reply(void **state)
{
    assert_int_equal(wa(J(WA(SITI "'messages':[{'context':{'from':'622150001234','id':"
        "'wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABEYEkJBTEFJTElTVDAwMQA='}," MSG(SITI_WA,
        "wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABIYFjNFQjBMSVNUUkVQTFkwMDAxAA==", "1767312095",
        "interactive") ",'interactive':{'type':'list_reply','list_reply':{'id':'svc_ktp_status',"
        "'title':'Status KTP','description':'Cek status permohonan KTP-el'}}}]"))), 0);
    assert_int_equal(ev.n, 1);
    expect_message(&ev.v[0], "whatsapp", PNID,
                   "wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABIYFjNFQjBMSVNUUkVQTFkwMDAxAA==", SITI_WA,
                   "Siti Rahmawati", "interactive", "Status KTP", 1767312095);
    assert_string_equal(pstr(&ev.v[0], "choice"), "svc_ktp_status");
    assert_string_equal(pstr(&ev.v[0], "context"),
                        "wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABEYEkJBTEFJTElTVDAwMQA=");
}

static void test_wa_button_reply(void **state)
{
    assert_int_equal(wa(J(WA(SITI "'messages':[{" MSG(SITI_WA, "wamid.BTN1", "1767312100",
        "interactive") ",'interactive':{'type':'button_reply','button_reply':"
        "{'id':'csat_yes','title':'Sudah'}}}]"))), 0);
    assert_int_equal(ev.n, 1);
    expect_message(&ev.v[0], "whatsapp", PNID, "wamid.BTN1", SITI_WA, "Siti Rahmawati",
                   "interactive", "Sudah", 1767312100);
    assert_string_equal(pstr(&ev.v[0], "choice"), "csat_yes");
    assert_null(json_object_get(payload_of(&ev.v[0]), "context"));
}

static void test_wa_template_button(void **state)
{
    assert_int_equal(wa(J(WA(BUDI "'messages':[{'context':{'from':'622150001234','id':"
        "'wamid.TPL1'}," MSG(BUDI_WA, "wamid.TPLBTN1", "1767312200", "button")
        ",'button':{'payload':'pickup_ok:123','text':'Saya ambil besok'}}]"))), 0);
    assert_int_equal(ev.n, 1);
    expect_message(&ev.v[0], "whatsapp", PNID, "wamid.TPLBTN1", BUDI_WA, "Budi Santoso",
                   "button", "Saya ambil besok", 1767312200);
    assert_string_equal(pstr(&ev.v[0], "choice"), "pickup_ok:123");
    assert_string_equal(pstr(&ev.v[0], "context"), "wamid.TPL1");
}

static void test_wa_image_with_and_without_url(void **state)
{
    assert_int_equal(wa(J(WA(BUDI "'messages':[{" MSG(BUDI_WA, "wamid.IMG1", "1767312300", "image")
        ",'image':{'caption':'Foto KK halaman depan','mime_type':'image/jpeg','sha256':'q3Yb0u8=',"
        "'id':'1480012345678901','url':'https://lookaside.fbsbx.com/whatsapp_business/"
        "attachments/?mid=1480012345678901&ext=1767312600&hash=ARfake'}}]"))), 0);
    assert_int_equal(ev.n, 1);
    expect_message(&ev.v[0], "whatsapp", PNID, "wamid.IMG1", BUDI_WA, "Budi Santoso", "image",
                   "Foto KK halaman depan", 1767312300);
    assert_string_equal(pstr(&ev.v[0], "media_id"), "1480012345678901");
    assert_string_equal(pstr(&ev.v[0], "mime"), "image/jpeg");
    assert_null(json_object_get(payload_of(&ev.v[0]), "filename"));

    /* no url (before the roll-out); a NIK in the caption is masked */
    assert_int_equal(wa(J(WA(BUDI "'messages':[{" MSG(BUDI_WA, "wamid.IMG2", "1767312310", "image")
        ",'image':{'caption':'KTP 3201.0123.4567.0005','mime_type':'image/jpeg',"
        "'sha256':'4f1c0d2a','id':'1480012345678902'}}]"))), 0);
    assert_int_equal(ev.n, 1);
    assert_string_equal(ev.v[0].body, "KTP 3201********0005");
    assert_int_equal(ev.v[0].sensitive, 1);
    assert_string_equal(pstr(&ev.v[0], "media_id"), "1480012345678902");
}

static void test_wa_document_and_audio(void **state)
{
    assert_int_equal(wa(J(WA(BUDI "'messages':[{" MSG(BUDI_WA, "wamid.DOC1", "1767312320", "document")
        ",'document':{'filename':'surat-pengantar-rt.pdf','mime_type':'application/pdf',"
        "'sha256':'Zm9v','id':'1480012345678903','caption':'Surat pengantar RT'}},{"
        MSG(BUDI_WA, "wamid.AUD1", "1767312330", "audio") ",'audio':{'mime_type':"
        "'audio/ogg; codecs=opus','sha256':'YmF6','id':'1480012345678904','voice':true}}]"))), 0);
    assert_int_equal(ev.n, 2);
    expect_message(&ev.v[0], "whatsapp", PNID, "wamid.DOC1", BUDI_WA, "Budi Santoso",
                   "document", "Surat pengantar RT", 1767312320);
    assert_string_equal(pstr(&ev.v[0], "filename"), "surat-pengantar-rt.pdf");
    assert_string_equal(pstr(&ev.v[0], "mime"), "application/pdf");
    expect_message(&ev.v[1], "whatsapp", PNID, "wamid.AUD1", BUDI_WA, "Budi Santoso", "audio",
                   "", 1767312330);
    assert_string_equal(pstr(&ev.v[1], "media_id"), "1480012345678904");
}

static void test_wa_location_numbers_and_strings(void **state)
{
    assert_int_equal(wa(J(WA(SITI "'messages':[{" MSG(SITI_WA, "wamid.LOC1", "1767312400", "location")
        ",'location':{'latitude':-6.2146,'longitude':106.8451,'name':'Kantor Kelurahan Jelitik',"
        "'address':'Jl. Merdeka No. 1'}},{" MSG(SITI_WA, "wamid.LOC2", "1767312410", "location")
        ",'location':{'latitude':'-1.8567','longitude':'106.1159','address':'RT 03 RW 01'}}]"))), 0);
    assert_int_equal(ev.n, 2);
    expect_message(&ev.v[0], "whatsapp", PNID, "wamid.LOC1", SITI_WA, "Siti Rahmawati",
                   "location", "Kantor Kelurahan Jelitik", 1767312400);
    const json_t *p = payload_of(&ev.v[0]);
    assert_true(fabs(json_number_value(json_object_get(p, "latitude")) - -6.2146) < 1e-9);
    assert_true(fabs(json_number_value(json_object_get(p, "longitude")) - 106.8451) < 1e-9);
    /* strings are accepted too; no name: the address */
    expect_message(&ev.v[1], "whatsapp", PNID, "wamid.LOC2", SITI_WA, "Siti Rahmawati",
                   "location", "RT 03 RW 01", 1767312410);
    p = payload_of(&ev.v[1]);
    assert_true(fabs(json_number_value(json_object_get(p, "latitude")) - -1.8567) < 1e-9);
    assert_true(fabs(json_number_value(json_object_get(p, "longitude")) - 106.1159) < 1e-9);
}

static void test_wa_unsupported_and_other_types(void **state)
{
    assert_int_equal(wa(J(WA(SITI "'messages':[{" MSG(SITI_WA, "wamid.UNS1", "1767312420", "unsupported")
        ",'errors':[{'code':131051,'title':'Message type unknown'}],'unsupported':{'type':'poll'}},"
        "{" MSG(SITI_WA, "wamid.REA1", "1767312430", "reaction")
        ",'reaction':{'message_id':'wamid.OUT42','emoji':'\\ud83d\\udc4d'}},"
        "{'from':'" SITI_WA "','id':'wamid.NOTYPE','timestamp':'1767312440'},"
        "{'from':'" SITI_WA "','timestamp':'1767312450','type':'text','text':{'body':'no id'}}]"))), 0);
    /* the message without an id is skipped; the others are kept, bodiless */
    assert_int_equal(ev.n, 3);
    expect_message(&ev.v[0], "whatsapp", PNID, "wamid.UNS1", SITI_WA, "Siti Rahmawati",
                   "unsupported", "", 1767312420);
    assert_string_equal(ev.v[1].external_id, "wamid.REA1");
    assert_string_equal(ev.v[1].body, "");
    assert_string_equal(ev.v[1].payload, "{}");
    expect_message(&ev.v[2], "whatsapp", PNID, "wamid.NOTYPE", SITI_WA, "Siti Rahmawati",
                   "unsupported", "", 1767312440);
}

static void test_wa_contacts_matched_by_wa_id(void **state)
{
    assert_int_equal(wa(J(WA("'contacts':[{'profile':{'name':'Siti Rahmawati'},'wa_id':'" SITI_WA
        "'},{'profile':{'name':'Budi Santoso'},'wa_id':'" BUDI_WA "'}],'messages':[{"
        MSG(BUDI_WA, "wamid.TWO1", "1767312800", "text") ",'text':{'body':'Saya Budi'}},{"
        MSG(SITI_WA, "wamid.TWO2", "1767312801", "text") ",'text':{'body':'Saya Siti'}}]"))), 0);
    assert_int_equal(ev.n, 2);
    assert_string_equal(ev.v[0].sender_name, "Budi Santoso");
    assert_string_equal(ev.v[1].sender_name, "Siti Rahmawati");
}

/* The WhatsApp profile name, a document's file name and a quick-reply
 * payload are masked like the text. */
static void test_wa_nik_outside_the_text(void **state)
{
    assert_int_equal(wa(J(WA("'contacts':[{'profile':{'name':'Siti 3201 1212 0590 0001'},'wa_id':'"
        SITI_WA "'}],'messages':[{" MSG(SITI_WA, "wamid.NIK9", "1767312950", "document")
        ",'document':{'filename':'kk 3201121205900002.pdf','mime_type':'application/pdf',"
        "'sha256':'x','id':'DOC9'}}]"))), 0);
    assert_int_equal(ev.n, 1);
    assert_string_equal(ev.v[0].sender_name, "Siti 3201********0001");
    assert_string_equal(pstr(&ev.v[0], "filename"), "kk 3201********0002.pdf");
    assert_int_equal(ev.v[0].sensitive, 1);

    assert_int_equal(wa(J(WA(SITI "'messages':[{" MSG(SITI_WA, "wamid.NIK10", "1767312951", "button")
        ",'button':{'payload':'nik 3201121205900003','text':'Ya'}}]"))), 0);
    assert_string_equal(pstr(&ev.v[0], "choice"), "nik 3201********0003");
}

static void test_wa_non_ascii_escapes(void **state)
{
    /* Meta escapes non-ASCII (lowercase hex, surrogate pairs for emoji) */
    assert_int_equal(wa(J(WA("'contacts':[{'profile':{'name':'Nur\\u2019aini \\u00c9lise "
        "\\ud83d\\ude0a'},'wa_id':'" SITI_WA "'}],'messages':[{" MSG(SITI_WA, "wamid.UNI1",
        "1767312900", "text") ",'text':{'body':'Terima kasih \\ud83d\\ude4f caf\\u00e9 "
        "\\u201cKTP\\u201d \\u6f22\\u5b57'}}]"))), 0);
    assert_int_equal(ev.n, 1);
    assert_string_equal(ev.v[0].sender_name, "Nur\u2019aini \u00c9lise \U0001F60A");
    assert_string_equal(ev.v[0].body, "Terima kasih \U0001F64F caf\u00e9 \u201cKTP\u201d \u6f22\u5b57");
}

static void test_wa_batch_two_entries(void **state)
{
    const char *b = J("{'object':'whatsapp_business_account','entry':["
        "{'id':'301234567890123','changes':[{'field':'messages','value':{'messaging_product':"
        "'whatsapp','metadata':{'phone_number_id':'" PNID "'}," SITI "'messages':[{"
        MSG(SITI_WA, "wamid.B1", "1767312700", "text") ",'text':{'body':'Halo'}}]}}]},"
        "{'id':'301234567890999','changes':[{'field':'messages','value':{'messaging_product':"
        "'whatsapp','metadata':{'phone_number_id':'998877665544332'}," BUDI "'messages':[{"
        MSG(BUDI_WA, "wamid.B2", "1767312701", "text") ",'text':{'body':'Jam buka kantor?'}}]}}]}]}");
    assert_int_equal(wa(b), 0);
    assert_int_equal(ev.n, 2);
    expect_message(&ev.v[0], "whatsapp", PNID, "wamid.B1", SITI_WA, "Siti Rahmawati", "text",
                   "Halo", 1767312700);
    expect_message(&ev.v[1], "whatsapp", "998877665544332", "wamid.B2", BUDI_WA, "Budi Santoso",
                   "text", "Jam buka kantor?", 1767312701);
}

/* --- WhatsApp: receipts and errors ------------------------------------- */

static void test_wa_statuses_delivered_and_failed(void **state)
{
    assert_int_equal(wa(J(WA("'statuses':[{'id':'wamid.OUT42','status':'delivered','timestamp':"
        "'1767312410','recipient_id':'" SITI_WA "','pricing':{'billable':true,'pricing_model':'PMP',"
        "'category':'utility'}},{'id':'wamid.OUT43','status':'failed','timestamp':'1767312412',"
        "'recipient_id':'" BUDI_WA "','errors':[{'code':131047,'title':'Re-engagement message',"
        "'error_data':{'details':'Free-form message sent after the 24-hour window closed'}}]}]"))), 0);
    assert_int_equal(ev.n, 2);
    const struct event *d = &ev.v[0], *f = &ev.v[1];
    assert_int_equal(d->type, EV_STATUS);
    assert_string_equal(d->channel, "whatsapp");
    assert_string_equal(d->account, PNID);
    assert_string_equal(d->external_id, "wamid.OUT42");
    assert_string_equal(d->status, "delivered");
    assert_int_equal(status_rank(d->status), 4);
    assert_int_equal(d->at, 1767312410);
    assert_int_equal(d->error_code, 0);
    assert_string_equal(d->error_text, "");
    assert_null(d->body);
    assert_null(d->payload);
    assert_int_equal(d->office_id, 0);

    assert_int_equal(f->type, EV_STATUS);
    assert_string_equal(f->external_id, "wamid.OUT43");
    assert_string_equal(f->status, "failed");
    assert_int_equal(status_rank(f->status), 6);
    assert_int_equal(f->error_code, 131047);
    assert_string_equal(f->error_text, wa_error_text(131047));
    assert_int_equal(wa_error_verdict(f->error_code), SEND_FAIL);
}

static void test_wa_statuses_sent_read_and_unknown(void **state)
{
    assert_int_equal(wa(J(WA("'statuses':[{'id':'wamid.OUT44','status':'sent','timestamp':'1767312500',"
        "'biz_opaque_callback_data':'msg:44','conversation':{'id':'c0ffee','origin':{'type':'service'}}},"
        "{'id':'wamid.OUT44','status':'read','timestamp':'1767312560'},"
        "{'id':'wamid.OUT45','status':'played','timestamp':'1767312570'},"
        "{'status':'read','timestamp':'1767312580'},"
        "{'id':'wamid.OUT46','status':'failed','timestamp':1767312600,"
        "'errors':[{'code':130429,'title':'Rate limit hit'}]}]"))), 0);
    /* "played" (unknown to status_rank) and the id-less one are skipped */
    assert_int_equal(ev.n, 3);
    assert_string_equal(ev.v[0].status, "sent");
    assert_int_equal(status_rank(ev.v[0].status), 3);
    assert_string_equal(ev.v[1].status, "read");
    assert_int_equal(status_rank(ev.v[1].status), 5);
    assert_true(status_rank(ev.v[1].status) > status_rank(ev.v[0].status));
    assert_string_equal(ev.v[2].external_id, "wamid.OUT46");
    assert_int_equal(ev.v[2].at, 1767312600);      /* a number timestamp is read as well */
    assert_int_equal(ev.v[2].error_code, 130429);
    assert_int_equal(wa_error_verdict(130429), SEND_RETRY);
}

static void test_wa_value_errors_and_other_fields(void **state)
{
    /* value-level errors carry no message or receipt: nothing to store */
    assert_int_equal(wa(J(WA("'errors':[{'code':130429,'title':'Rate limit hit','message':"
        "'(#130429) Rate limit hit'}]"))), 0);
    assert_int_equal(ev.n, 0);
    /* template status updates and other fields are ignored */
    assert_int_equal(wa(J("{'object':'whatsapp_business_account','entry':[{'id':'301234567890123',"
        "'changes':[{'field':'message_template_status_update','value':{'event':'APPROVED',"
        "'message_template_name':'request_ready_v2','messages':[{" MSG(SITI_WA, "wamid.X",
        "1", "text") ",'text':{'body':'x'}}]}}]}]}")), 0);
    assert_int_equal(ev.n, 0);
    /* no entries at all */
    assert_int_equal(wa(J("{'object':'whatsapp_business_account','entry':[]}")), 0);
    assert_int_equal(ev.n, 0);
}

static void test_wa_not_a_webhook(void **state)
{
    const char *bad[] = {
        "", "null", "[]", "{", "{'object':'page','entry':[]}", "{'entry':[]}",
        "{'object':'whatsapp_business_account','object':'whatsapp_business_account'}",
        "{'object':'whatsapp_business_account'} trailing",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = '\0';
        assert_int_equal(wa(J(bad[i])), -1);
        assert_string_not_equal(err, "");
        assert_int_equal(ev.n, 0);
    }
}

static void test_wa_too_many_events(void **state)
{
    /* more than EVENTS_MAX in one delivery: refused, what was parsed is freed by the caller */
    size_t cap = 64 * 1024, n = 0;
    char *b = malloc(cap);
    assert_non_null(b);
    n += (size_t)snprintf(b + n, cap - n, "%s", J(WA_HEAD(PNID) "'messages':["));
    for (int i = 0; i < EVENTS_MAX + 10; i++)
        n += (size_t)snprintf(b + n, cap - n, "%s{\"from\":\"1\",\"id\":\"m%d\",\"type\":\"text\"}",
                              i ? "," : "", i);
    n += (size_t)snprintf(b + n, cap - n, "]}}]}]}");
    assert_true(n < cap);
    assert_int_equal(wa(b), -1);
    assert_string_not_equal(err, "");
    assert_int_equal(ev.n, EVENTS_MAX);
    free(b);
}

/* --- WhatsApp: signature ----------------------------------------------- */

static void test_wa_signature(void **state)
{
    const char *body = J(WA(SITI "'messages':[]"));
    size_t len = strlen(body);
    char sig[72];
    wa_signature(body, len, "app-secret", sig);
    assert_int_equal(strlen(sig), 71);
    assert_int_equal(strncmp(sig, "sha256=", 7), 0);
    assert_int_equal(wa_signature_ok(sig, body, len, "app-secret"), 1);
    assert_int_equal(wa_signature_ok(sig, body, len, "app-secreT"), 0);
    assert_int_equal(wa_signature_ok(sig, body, len, ""), 0);
    assert_int_equal(wa_signature_ok(sig, body, len, NULL), 0);
    assert_int_equal(wa_signature_ok(NULL, body, len, "app-secret"), 0);
    assert_int_equal(wa_signature_ok(sig, body, len - 1, "app-secret"), 0);
    assert_int_equal(wa_signature_ok(sig + 7, body, len, "app-secret"), 0);  /* no "sha256=" */
    char h[80];
    snprintf(h, sizeof h, "%sx", sig);                                      /* too long */
    assert_int_equal(wa_signature_ok(h, body, len, "app-secret"), 0);
    snprintf(h, sizeof h, "%.70s", sig);                                    /* too short */
    assert_int_equal(wa_signature_ok(h, body, len, "app-secret"), 0);
    snprintf(h, sizeof h, "sha1=%s", sig + 7);
    assert_int_equal(wa_signature_ok(h, body, len, "app-secret"), 0);
    snprintf(h, sizeof h, "%s", sig);
    h[20] = h[20] == '0' ? '1' : '0';                                       /* one digit off */
    assert_int_equal(wa_signature_ok(h, body, len, "app-secret"), 0);
    h[20] = 'g';                                                            /* not hex */
    assert_int_equal(wa_signature_ok(h, body, len, "app-secret"), 0);
}

/* --- Telegram ------------------------------------------------------------ */

#define TG_FROM "'from':{'id':5566778899,'is_bot':false,'first_name':'Siti','last_name':'Rahmawati'," \
                "'username':'siti_r','language_code':'id'}"
#define TG_CHAT "'chat':{'id':5566778899,'type':'private','first_name':'Siti','username':'siti_r'}"
#define TG_MSG(uid, mid, date, rest) \
    "{'update_id':" uid ",'message':{'message_id':" mid ",'date':" date "," TG_FROM "," TG_CHAT \
    "," rest "}}"

static void test_tg_start(void **state)
{
    assert_int_equal(tg(J(TG_MSG("804112233", "5121", "1767312000",
        "'text':'/start','entities':[{'offset':0,'length':6,'type':'bot_command'}]"))), 0);
    assert_int_equal(ev.n, 1);
    expect_message(&ev.v[0], "telegram", TG_BOT, TG_BOT ":804112233", "5566778899",
                   "Siti Rahmawati", "text", "halo", 1767312000);
    assert_string_equal(ev.v[0].payload, "{}");
    assert_int_equal(ev.v[0].sensitive, 0);
}

static void test_tg_text_masks_nik_and_kk(void **state)
{
    assert_int_equal(tg(J(TG_MSG("804112236", "5124", "1767312124",
        "'text':'nik 3201012345670003 kk 3201-0123-4567-0004'"))), 0);
    assert_int_equal(ev.n, 1);
    expect_message(&ev.v[0], "telegram", TG_BOT, TG_BOT ":804112236", "5566778899",
                   "Siti Rahmawati", "text", "nik 3201********0003 kk 3201********0004",
                   1767312124);
    assert_int_equal(ev.v[0].sensitive, 1);
}

static void test_tg_callback(void **state)
{
    assert_int_equal(tg(J("{'update_id':804112234,'callback_query':{'id':'4382011905532'," TG_FROM
        ",'message':{'message_id':5122,'date':1767312002," TG_CHAT ",'text':'Pilih layanan:'},"
        "'chat_instance':'-7733','data':'svc_ktp_status'}}")), 0);
    assert_int_equal(ev.n, 1);
    expect_message(&ev.v[0], "telegram", TG_BOT, TG_BOT ":804112234", "5566778899",
                   "Siti Rahmawati", "interactive", "", 1767312002);
    assert_string_equal(pstr(&ev.v[0], "choice"), "svc_ktp_status");
    assert_string_equal(pstr(&ev.v[0], "callback_id"), "4382011905532");
}

static void test_tg_photo_and_document(void **state)
{
    assert_int_equal(tg(J(TG_MSG("804112237", "5125", "1767312125",
        "'photo':[{'file_id':'AgACsmall','file_unique_id':'s','width':90,'height':67},"
        "{'file_id':'AgAClarge','file_unique_id':'l','width':1280,'height':960}],"
        "'caption':'Foto KTP 3201 0123 4567 0005'"))), 0);
    assert_int_equal(ev.n, 1);
    expect_message(&ev.v[0], "telegram", TG_BOT, TG_BOT ":804112237", "5566778899",
                   "Siti Rahmawati", "image", "Foto KTP 3201********0005", 1767312125);
    assert_int_equal(ev.v[0].sensitive, 1);
    assert_string_equal(pstr(&ev.v[0], "file_id"), "AgAClarge");      /* the largest size */

    assert_int_equal(tg(J(TG_MSG("804112238", "5126", "1767312126",
        "'document':{'file_name':'surat-pengantar.pdf','mime_type':'application/pdf',"
        "'file_id':'BQACdoc','file_unique_id':'d'},'caption':'Surat pengantar RT'"))), 0);
    assert_int_equal(ev.n, 1);
    expect_message(&ev.v[0], "telegram", TG_BOT, TG_BOT ":804112238", "5566778899",
                   "Siti Rahmawati", "document", "Surat pengantar RT", 1767312126);
    assert_string_equal(pstr(&ev.v[0], "file_id"), "BQACdoc");
    assert_string_equal(pstr(&ev.v[0], "mime"), "application/pdf");
    assert_string_equal(pstr(&ev.v[0], "filename"), "surat-pengantar.pdf");
}

/* A NIK reaches Balai in more than the text: the sender's own name, a
 * document's file name, button data. Each is masked before it is stored. */
static void test_tg_nik_outside_the_text(void **state)
{
    assert_int_equal(tg(J("{'update_id':804112290,'message':{'message_id':5190,'date':1767312190,"
        "'from':{'id':5566778899,'is_bot':false,'first_name':'Siti 3201121205900001',"
        "'last_name':'3201 1212\\n0590 0002','username':'siti_3201121205900003'},"
        TG_CHAT ",'document':{'file_name':'KTP_3201-1212-0590-0004.pdf',"
        "'mime_type':'application/pdf','file_id':'BQACdoc','file_unique_id':'d'}}}")), 0);
    assert_int_equal(ev.n, 1);
    assert_string_equal(ev.v[0].sender_name, "Siti 3201********0001 3201********0002");
    assert_string_equal(pstr(&ev.v[0], "filename"), "KTP_3201********0004.pdf");
    assert_null(strstr(ev.v[0].payload, "121205900"));
    assert_int_equal(ev.v[0].sensitive, 1);         /* the citizen is warned */

    assert_int_equal(tg(J("{'update_id':804112291,'callback_query':{'id':'4382011905533'," TG_FROM
        ",'message':{'message_id':5191,'date':1767312191," TG_CHAT ",'text':'Pilih:'},"
        "'chat_instance':'-7733','data':'nik:3201121205900005'}}")), 0);
    assert_string_equal(pstr(&ev.v[0], "choice"), "nik:3201********0005");
}

static void test_tg_unsupported_and_ignored(void **state)
{
    assert_int_equal(tg(J(TG_MSG("804112239", "5127", "1767312127",
        "'sticker':{'file_id':'CAACstk','width':512,'height':512,'emoji':'\\ud83d\\udc4d'}"))), 0);
    assert_int_equal(ev.n, 1);
    expect_message(&ev.v[0], "telegram", TG_BOT, TG_BOT ":804112239", "5566778899",
                   "Siti Rahmawati", "unsupported", "", 1767312127);
    /* groups, edits and other updates give no event */
    assert_int_equal(tg(J("{'update_id':804112240,'message':{'message_id':77,'date':1767312100,"
        TG_FROM ",'chat':{'id':-1001234567890,'type':'supergroup','title':'Warga RT 03'},"
        "'text':'halo bot'}}")), 0);
    assert_int_equal(ev.n, 0);
    assert_int_equal(tg(J("{'update_id':804112241,'edited_message':{'message_id':5123,'date':1,"
        TG_FROM "," TG_CHAT ",'text':'Syarat akta lahir?','edit_date':1767312200}}")), 0);
    assert_int_equal(ev.n, 0);
    assert_int_equal(tg(J("{'update_id':804112242,'message':{'message_id':1," TG_FROM
        ",'chat':{'id':'5566778899','type':'private'},'text':'chat id as a string'}}")), 0);
    assert_int_equal(ev.n, 0);
}

static void test_tg_non_ascii_and_big_ids(void **state)
{
    assert_int_equal(tg("{\"update_id\":804112242,\"message\":{\"message_id\":5128,\"date\":1767312300,"
        "\"from\":{\"id\":7788990011,\"is_bot\":false,\"first_name\":\"Nur\u2019aini \U0001F60A\","
        "\"last_name\":\"\u00c9lise\"},\"chat\":{\"id\":7788990011,\"type\":\"private\"},"
        "\"text\":\"Terima kasih \U0001F64F caf\u00e9\"}}"), 0);
    assert_int_equal(ev.n, 1);
    assert_string_equal(ev.v[0].sender_name, "Nur\u2019aini \U0001F60A \u00c9lise");
    assert_string_equal(ev.v[0].body, "Terima kasih \U0001F64F caf\u00e9");
    /* ids beyond 32 bits; no last name */
    assert_int_equal(tg(J("{'update_id':904112243,'message':{'message_id':1,'date':1767312400,"
        "'from':{'id':8123456789012,'is_bot':false,'first_name':'Budi'},"
        "'chat':{'id':8123456789012,'type':'private'},'text':'cek status'}}")), 0);
    assert_int_equal(ev.n, 1);
    expect_message(&ev.v[0], "telegram", TG_BOT, TG_BOT ":904112243", "8123456789012", "Budi",
                   "text", "cek status", 1767312400);
}

static void test_tg_not_an_update(void **state)
{
    const char *bad[] = {"", "{", "[]", "{'ok':true,'result':[]}", "{'update_id':'804112233'}",
                         "{'update_id':1.5}"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = '\0';
        assert_int_equal(tg(J(bad[i])), -1);
        assert_string_not_equal(err, "");
        assert_int_equal(ev.n, 0);
    }
}

/* The number a delivery names is found without parsing, to pick the one
 * app secret its signature is checked with. */
static void test_wa_first_number(void **state)
{
    char n[40];
    const char *b = "{\"entry\":[{\"changes\":[{\"value\":{\"metadata\":{\"display_phone_number\":"
                    "\"62215\", \"phone_number_id\" :  \"112233445566778\"}}}]}]}";
    assert_int_equal(wa_first_number(b, strlen(b), n, sizeof n), 0);
    assert_string_equal(n, "112233445566778");
    const char *none = "{\"object\":\"whatsapp_business_account\"}";
    assert_int_equal(wa_first_number(none, strlen(none), n, sizeof n), -1);
    assert_string_equal(n, "");
    const char *num = "{\"phone_number_id\":112233}";        /* not a string: not Meta's */
    assert_int_equal(wa_first_number(num, strlen(num), n, sizeof n), -1);
    const char *cut = "{\"phone_number_id\":\"1122";         /* ends mid-value */
    assert_int_equal(wa_first_number(cut, strlen(cut), n, sizeof n), -1);
    char big[200];
    snprintf(big, sizeof big, "{\"phone_number_id\":\"%060d\"}", 7);
    assert_int_equal(wa_first_number(big, strlen(big), n, sizeof n), -1);   /* too long */
}

static void test_tg_secret(void **state)
{
    assert_int_equal(tg_secret_ok("tg_9fK2-xQ", "tg_9fK2-xQ"), 1);
    assert_int_equal(tg_secret_ok("tg_9fK2-xq", "tg_9fK2-xQ"), 0);
    assert_int_equal(tg_secret_ok("tg_9fK2-x", "tg_9fK2-xQ"), 0);
    assert_int_equal(tg_secret_ok("tg_9fK2-xQQ", "tg_9fK2-xQ"), 0);
    assert_int_equal(tg_secret_ok(NULL, "tg_9fK2-xQ"), 0);
    assert_int_equal(tg_secret_ok("", ""), 0);
    assert_int_equal(tg_secret_ok("x", NULL), 0);
}

/* --- fuzz regressions ---------------------------------------------------- */

/* fuzz regression (tests/fuzz/crashes/telegram-uaf-text-after-decref.json):
 * tg_parse freed the update (json_decref(u)) before masking `text`, which
 * points into it: heap-use-after-free on every text or caption message
 * (ASan; without it the stored body may be garbage). */
static void test_tg_regression_text_read_after_free(void **state)
{
    assert_int_equal(tg(J("{'update_id':804112235,'message':{'message_id':5123,'date':1767312123,"
        "'from':{'id':5566778899,'is_bot':false,'first_name':'Siti'},"
        "'chat':{'id':5566778899,'type':'private'},'text':'Syarat bikin akta lahir apa aja?'}}")), 0);
    assert_int_equal(ev.n, 1);
    assert_string_equal(ev.v[0].body, "Syarat bikin akta lahir apa aja?");
}

/* fuzz regression (tests/fuzz/crashes/telegram-sender-name-cut-utf8.json and
 * whatsapp-profile-name-cut-utf8.json): a name longer than sender_name
 * (128 bytes) was cut inside a UTF-8 character; PostgreSQL refuses such a
 * row ("invalid byte sequence for encoding UTF8"), losing the delivery. */
static void test_regression_long_names_stay_utf8(void **state)
{
    char name[200], want[400];
    for (int i = 0; i < 40; i++) memcpy(name + 4 * i, "\U0001F338", 4);    /* 4 bytes each */
    name[160] = '\0';
    char body[1024];
    snprintf(body, sizeof body, "{\"update_id\":804112250,\"message\":{\"message_id\":5130,"
             "\"date\":1767312500,\"from\":{\"id\":5566778899,\"is_bot\":false,\"first_name\":"
             "\"Siti\",\"last_name\":\"%s\"},\"chat\":{\"id\":5566778899,\"type\":\"private\"},"
             "\"text\":\"/start\"}}", name);
    assert_int_equal(tg(body), 0);
    assert_int_equal(ev.n, 1);
    assert_true(utf8_valid(ev.v[0].sender_name));
    snprintf(want, sizeof want, "Siti %s", name);
    assert_true(strlen(ev.v[0].sender_name) >= sizeof ev.v[0].sender_name - 4);  /* cut late */
    assert_int_equal(strncmp(ev.v[0].sender_name, want, strlen(ev.v[0].sender_name)), 0);

    snprintf(body, sizeof body, WA("'contacts':[{'profile':{'name':'Siti %s'},'wa_id':'" SITI_WA
             "'}],'messages':[{" MSG(SITI_WA, "wamid.LONGNAME", "1767312000", "text")
             ",'text':{'body':'halo'}}]"), name);
    assert_int_equal(wa(J(body)), 0);
    assert_int_equal(ev.n, 1);
    assert_true(utf8_valid(ev.v[0].sender_name));
    assert_int_equal(strncmp(ev.v[0].sender_name, want, strlen(ev.v[0].sender_name)), 0);
}

/* fuzz regression (tests/fuzz/crashes/mask-nik-then-number.txt and
 * whatsapp-nik-then-number.json): a 16-digit NIK followed by a space and
 * another number ("3201012345670003 3201012345670004", "... 2 orang") was
 * taken for part of a longer grouped number and stored unmasked. */
static void test_regression_nik_followed_by_number(void **state)
{
    char out[128];
    const char *in = "NIK 3201012345670003 3201012345670004 2 orang";
    assert_int_equal(bot_mask(in, out, strlen(in) + 1), 2);
    assert_string_equal(out, "NIK 3201********0003 3201********0004 2 orang");
    assert_true(bot_has_id_number("3201012345670003 2 orang"));

    assert_int_equal(wa(J(WA(SITI "'messages':[{" MSG(SITI_WA, "wamid.NIKNUM", "1767312000", "text")
        ",'text':{'body':'NIK kami 3201012345670003 3201012345670004'}}]"))), 0);
    assert_int_equal(ev.n, 1);
    assert_null(strstr(ev.v[0].body, "3201012345670003"));
    assert_null(strstr(ev.v[0].body, "3201012345670004"));
    assert_int_equal(ev.v[0].sensitive, 1);
}

/* fuzz regression (tests/fuzz/crashes/whatsapp-clip-text-over-4096.json and
 * whatsapp-clip-list-body-multibyte.json): clip() built its result in a
 * 1024-byte buffer, so a text of more than 4096 characters went out cut to
 * 1023 bytes without "…", and a list body of more than 1024 non-ASCII
 * characters was cut inside a character: json_string() failed and the
 * message went out without its "interactive" object. */
static void test_regression_clip_long_texts(void **state)
{
    char *text = malloc(8192);
    assert_non_null(text);
    memset(text, 'a', 5000);
    text[5000] = '\0';
    json_t *b = wa_message_body(SITI_WA, text, NULL);
    const char *got = json_string_value(json_object_get(json_object_get(b, "text"), "body"));
    assert_non_null(got);
    assert_int_equal(strlen(got), 4095 + strlen("…"));           /* 4095 'a' and "…" */
    assert_string_equal(got + 4095, "…");
    json_decref(b);

    for (int i = 0; i < 1100; i++) memcpy(text + 2 * i, "\u00e9", 2);   /* 2 bytes each */
    text[2200] = '\0';
    json_t *payload = json_pack("{s:[{s:s, s:s, s:i}], s:s}", "rows", "id", "svc:ktp", "title",
                                "Status KTP", "section", 0, "list_button", "Lihat layanan");
    b = wa_message_body(SITI_WA, text, payload);
    json_t *in = json_object_get(b, "interactive");
    assert_non_null(in);
    got = json_string_value(json_object_get(json_object_get(in, "body"), "text"));
    assert_non_null(got);
    assert_int_equal(strlen(got), 1023 * 2 + strlen("…"));       /* 1023 'é' and "…" */
    json_decref(payload);
    json_decref(b);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_wa_text, reset),
        cmocka_unit_test_teardown(test_wa_text_masks_nik_and_kk, reset),
        cmocka_unit_test_teardown(test_wa_list_reply, reset),
        cmocka_unit_test_teardown(test_wa_button_reply, reset),
        cmocka_unit_test_teardown(test_wa_template_button, reset),
        cmocka_unit_test_teardown(test_wa_image_with_and_without_url, reset),
        cmocka_unit_test_teardown(test_wa_document_and_audio, reset),
        cmocka_unit_test_teardown(test_wa_location_numbers_and_strings, reset),
        cmocka_unit_test_teardown(test_wa_unsupported_and_other_types, reset),
        cmocka_unit_test_teardown(test_wa_contacts_matched_by_wa_id, reset),
        cmocka_unit_test_teardown(test_wa_non_ascii_escapes, reset),
        cmocka_unit_test_teardown(test_wa_batch_two_entries, reset),
        cmocka_unit_test_teardown(test_wa_statuses_delivered_and_failed, reset),
        cmocka_unit_test_teardown(test_wa_statuses_sent_read_and_unknown, reset),
        cmocka_unit_test_teardown(test_wa_value_errors_and_other_fields, reset),
        cmocka_unit_test_teardown(test_wa_not_a_webhook, reset),
        cmocka_unit_test_teardown(test_wa_too_many_events, reset),
        cmocka_unit_test_teardown(test_wa_signature, reset),
        cmocka_unit_test_teardown(test_tg_start, reset),
        cmocka_unit_test_teardown(test_tg_text_masks_nik_and_kk, reset),
        cmocka_unit_test_teardown(test_tg_callback, reset),
        cmocka_unit_test_teardown(test_tg_nik_outside_the_text, reset),
        cmocka_unit_test_teardown(test_wa_nik_outside_the_text, reset),
        cmocka_unit_test_teardown(test_tg_photo_and_document, reset),
        cmocka_unit_test_teardown(test_tg_unsupported_and_ignored, reset),
        cmocka_unit_test_teardown(test_tg_non_ascii_and_big_ids, reset),
        cmocka_unit_test_teardown(test_tg_not_an_update, reset),
        cmocka_unit_test_teardown(test_tg_secret, reset),
        cmocka_unit_test_teardown(test_wa_first_number, reset),
        cmocka_unit_test_teardown(test_tg_regression_text_read_after_free, reset),
        cmocka_unit_test_teardown(test_regression_long_names_stay_utf8, reset),
        cmocka_unit_test_teardown(test_regression_nik_followed_by_number, reset),
        cmocka_unit_test_teardown(test_regression_clip_long_texts, reset),
    };
    return cmocka_run_group_tests_name("webhook_parse", tests, NULL, NULL);
}
