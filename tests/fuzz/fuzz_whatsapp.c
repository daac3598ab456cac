/* fuzz_whatsapp: libFuzzer harness for the WhatsApp webhook path
 * (channels/whatsapp.c). One input drives three entry points:
 *
 *   1. wa_parse(input) -- the webhook body, as web_wa_webhook hands it over
 *      after the signature check. Every event that comes out is checked:
 *      fixed fields NUL-terminated and valid UTF-8 (they go into TEXT
 *      columns), office routing left to the caller, message text masked
 *      (no NIK/KK number survives), payload a JSON object, statuses known.
 *   2. wa_signature_ok(header, body) with a fixed app secret: the input's
 *      first line is the X-Hub-Signature-256 header, the rest the body. A
 *      header is accepted only when it is the body's real HMAC.
 *   3. wa_message_body(to, text, payload) when the input is JSON: "to",
 *      "text" and "payload" (or the whole document) feed it, whatever their
 *      shapes; the result must respect WhatsApp's limits (rows, buttons,
 *      titles, body lengths) that whatsapp.h promises.
 *
 * Everything is freed before returning (LeakSanitizer is on).
 * Build and run: tests/fuzz/run.sh whatsapp (see tests/fuzz/README.md). */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "channels/event.h"
#include "channels/whatsapp.h"
#include "fuzz_util.h"

#define SECRET "fuzz-app-secret-7Qx2"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *sval(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* --- 1. wa_parse ------------------------------------------------------ */

static void check_event(const struct event *e)
{
    FUZZ_CHECK(e->type == EV_MESSAGE || e->type == EV_STATUS);
    FUZZ_CHECK(e->channel && strcmp(e->channel, "whatsapp") == 0);
    FUZZ_CHECK(e->office_id == 0);              /* routing is the caller's job */
    FUZZ_CHECK(FUZZ_TERMINATED(e->account) && FUZZ_TERMINATED(e->external_id) &&
               FUZZ_TERMINATED(e->sender) && FUZZ_TERMINATED(e->sender_name) &&
               FUZZ_TERMINATED(e->kind) && FUZZ_TERMINATED(e->status) &&
               FUZZ_TERMINATED(e->error_text));
    FUZZ_CHECK(e->external_id[0] != '\0');      /* items without an id are skipped */
    /* jansson only hands out valid UTF-8; truncating into the fixed fields
     * must not cut a character in half (PostgreSQL would refuse the row) */
    FUZZ_CHECK(fuzz_utf8_valid(e->account));
    FUZZ_CHECK(fuzz_utf8_valid(e->external_id));
    FUZZ_CHECK(fuzz_utf8_valid(e->sender));
    FUZZ_CHECK(fuzz_utf8_valid(e->sender_name));
    FUZZ_CHECK(fuzz_utf8_valid(e->kind));
    FUZZ_CHECK(fuzz_utf8_valid(e->status));
    if (e->type == EV_MESSAGE) {
        FUZZ_CHECK(e->kind[0] != '\0');
        FUZZ_CHECK(e->body != NULL && e->payload != NULL);
        FUZZ_CHECK(fuzz_utf8_valid(e->body));
        FUZZ_CHECK(e->sensitive == 0 || e->sensitive == 1);
        /* "Text is masked (bot_mask) before it leaves this function" */
        FUZZ_CHECK(!fuzz_has_run16(e->body));
        json_t *p = json_loads(e->payload, 0, NULL);
        FUZZ_CHECK(json_is_object(p));
        json_decref(p);
        FUZZ_CHECK(e->status[0] == '\0' && e->error_code == 0);
    } else {
        FUZZ_CHECK(status_rank(e->status) > 0);
        FUZZ_CHECK(e->body == NULL && e->payload == NULL);
        if (e->error_text[0]) FUZZ_CHECK(strcmp(e->error_text, wa_error_text(e->error_code)) == 0);
        enum send_verdict v = wa_error_verdict(e->error_code);
        FUZZ_CHECK(v >= SEND_OK && v <= SEND_STOP);
    }
}

static void fuzz_parse(const uint8_t *data, size_t size)
{
    struct event_list l = {0};
    char err[128] = "";
    int rc = wa_parse((const char *)data, size, &l, err, sizeof err);
    FUZZ_CHECK(rc == 0 || rc == -1);
    if (rc != 0) FUZZ_CHECK(err[0] != '\0');
    FUZZ_CHECK(l.n <= EVENTS_MAX && l.n <= l.cap);
    for (size_t i = 0; i < l.n; i++) check_event(&l.v[i]);
    events_free(&l);
    FUZZ_CHECK(l.v == NULL && l.n == 0);
}

/* --- 2. wa_signature_ok ---------------------------------------------- */

static void fuzz_signature(const uint8_t *data, size_t size)
{
    const uint8_t *nl = memchr(data, '\n', size);
    size_t hlen = nl ? (size_t)(nl - data) : size;
    char *header = fuzz_strndup(data, hlen);
    const uint8_t *body = nl ? nl + 1 : data + size;
    size_t blen = size - (size_t)(body - data);

    char good[72];
    wa_signature(body, blen, SECRET, good);
    FUZZ_CHECK(strlen(good) == 7 + 64);
    FUZZ_CHECK(wa_signature_ok(good, body, blen, SECRET) == 1);
    FUZZ_CHECK(wa_signature_ok(good, body, blen, "another-secret") == 0);
    FUZZ_CHECK(wa_signature_ok(good, body, blen, "") == 0);
    FUZZ_CHECK(wa_signature_ok(NULL, body, blen, SECRET) == 0);
    if (blen) FUZZ_CHECK(wa_signature_ok(good, body, blen - 1, SECRET) == 0);
    char bad[72];
    memcpy(bad, good, sizeof bad);
    bad[7 + (blen % 64)] ^= 0x01;           /* '0'<->'1', 'a'<->'`', ...: never the same MAC */
    FUZZ_CHECK(wa_signature_ok(bad, body, blen, SECRET) == 0);

    /* the fuzzed header: accepted only when it is the real MAC (hex case aside) */
    int ok = wa_signature_ok(header, body, blen, SECRET);
    FUZZ_CHECK(ok == 0 || ok == 1);
    if (ok) FUZZ_CHECK(strncmp(header, "sha256=", 7) == 0 && strcasecmp(header, good) == 0);
    free(header);
}

/* --- 3. wa_message_body ---------------------------------------------- */

/* clip()'s contract (whatsapp.c): at most `max` characters; unchanged when
 * it fits, else exactly `max` ending in "…" after a prefix of the text. */
static void check_clipped(const char *got, const char *want, size_t max)
{
    FUZZ_CHECK(got != NULL);
    FUZZ_CHECK(fuzz_utf8_valid(got));
    if (fuzz_utf8_chars(want) <= max) {
        FUZZ_CHECK(strcmp(got, want) == 0);
        return;
    }
    size_t gl = strlen(got);
    FUZZ_CHECK(fuzz_utf8_chars(got) == max);
    FUZZ_CHECK(gl >= 3 && strcmp(got + gl - 3, "…") == 0);
    FUZZ_CHECK(strncmp(got, want, gl - 3) == 0);
}

static void check_title(const json_t *o, const char *key, size_t max, int required)
{
    json_t *v = json_object_get(o, key);
    if (!v && !required) return;
    FUZZ_CHECK(json_is_string(v));
    FUZZ_CHECK(fuzz_utf8_chars(json_string_value(v)) <= max);
}

static void check_message_body(const json_t *b, const char *to, const char *text,
                               const json_t *payload)
{
    if (strlen(to) > 60) return;                 /* "+<to>" may be cut; not a phone number */
    FUZZ_CHECK(json_is_object(b));
    char plus[80];
    snprintf(plus, sizeof plus, "+%s", to);
    FUZZ_CHECK(sval(b, "to") && strcmp(sval(b, "to"), plus) == 0);
    FUZZ_CHECK(sval(b, "messaging_product") && strcmp(sval(b, "messaging_product"), "whatsapp") == 0);
    const char *type = sval(b, "type");
    FUZZ_CHECK(type != NULL);
    json_t *rows = json_object_get(payload, "rows"), *buttons = json_object_get(payload, "buttons");
    if (json_object_get(payload, "template")) {
        FUZZ_CHECK(strcmp(type, "template") == 0);
    } else if (json_array_size(rows) || json_array_size(buttons)) {
        FUZZ_CHECK(strcmp(type, "interactive") == 0);
        json_t *in = json_object_get(b, "interactive");
        FUZZ_CHECK(json_is_object(in));
        check_clipped(sval(json_object_get(in, "body"), "text"), text, 1024);
        json_t *action = json_object_get(in, "action");
        FUZZ_CHECK(json_is_object(action));
        if (json_array_size(rows)) {
            FUZZ_CHECK(strcmp(sval(in, "type"), "list") == 0);
            check_title(action, "button", 20, 1);
            json_t *secs = json_object_get(action, "sections"), *sec, *row;
            FUZZ_CHECK(json_is_array(secs) && json_array_size(secs) <= 10);
            size_t i, j, nrows = 0;
            json_array_foreach(secs, i, sec) {
                check_title(sec, "title", 24, json_array_size(secs) > 1);
                json_t *r = json_object_get(sec, "rows");
                FUZZ_CHECK(json_array_size(r) >= 1);
                json_array_foreach(r, j, row) {
                    check_title(row, "title", 24, 1);
                    check_title(row, "description", 72, 0);
                    FUZZ_CHECK(json_object_get(row, "id") != NULL);
                    nrows++;
                }
            }
            FUZZ_CHECK(nrows <= 10);
        } else {
            FUZZ_CHECK(strcmp(sval(in, "type"), "button") == 0);
            json_t *bs = json_object_get(action, "buttons"), *x;
            size_t i;
            FUZZ_CHECK(json_is_array(bs) && json_array_size(bs) <= 3);
            json_array_foreach(bs, i, x) check_title(json_object_get(x, "reply"), "title", 20, 1);
        }
    } else {
        FUZZ_CHECK(strcmp(type, "text") == 0);
        check_clipped(sval(json_object_get(b, "text"), "body"), text, 4096);
    }
}

static void fuzz_message_body(const uint8_t *data, size_t size)
{
    json_t *root = json_loadb((const char *)data, size, 0, NULL);
    if (!root) return;
    const char *to = sval(root, "to");
    const char *text = sval(root, "text");
    if (!to) to = "6281234567890";
    if (!text) text = "Pilih layanan yang Anda perlukan.";
    json_t *payload = json_object_get(root, "payload");
    if (!payload) payload = root;

    json_t *b = wa_message_body(to, text, payload);
    check_message_body(b, to, text, payload);
    char *s = json_dumps(b, JSON_COMPACT);
    free(s);
    json_decref(b);

    b = wa_message_body(to, text, NULL);
    check_message_body(b, to, text, NULL);
    json_decref(b);
    json_decref(root);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > WA_BODY_MAX) return 0;       /* the server refuses bigger bodies */
    fuzz_parse(data, size);
    fuzz_signature(data, size);
    fuzz_message_body(data, size);
    return 0;
}
