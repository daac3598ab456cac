/* fuzz_telegram: libFuzzer harness for the Telegram update path
 * (channels/telegram.c). One input drives three entry points:
 *
 *   1. tg_parse(input) -- the update body with a fixed bot id as account.
 *      At most one event; its fields are NUL-terminated, valid UTF-8 (they
 *      go into TEXT columns), masked (no NIK/KK number in the body), the
 *      external id is "<account>:<update_id>", the sender a chat id.
 *   2. tg_secret_ok(header, secret): the input's first line is the
 *      X-Telegram-Bot-Api-Secret-Token header; accepted only when equal.
 *   3. tg_message_body(chat_id, text, payload) when the input is JSON, with
 *      whatever "chat_id", "text" and "payload" (or the whole document)
 *      hold: one inline button a row, callback_data within 64 bytes.
 *
 * Everything is freed before returning (LeakSanitizer is on).
 * Build and run: tests/fuzz/run.sh telegram (see tests/fuzz/README.md). */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "channels/event.h"
#include "channels/telegram.h"
#include "fuzz_util.h"

#define ACCOUNT "7012345678"
#define SECRET "tg_9fK2-xQ"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *sval(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* --- 1. tg_parse ------------------------------------------------------ */

static void check_event(const struct event *e)
{
    FUZZ_CHECK(e->type == EV_MESSAGE);
    FUZZ_CHECK(e->channel && strcmp(e->channel, "telegram") == 0);
    FUZZ_CHECK(e->office_id == 0);              /* routing is the caller's job */
    FUZZ_CHECK(strcmp(e->account, ACCOUNT) == 0);
    FUZZ_CHECK(FUZZ_TERMINATED(e->external_id) && FUZZ_TERMINATED(e->sender) &&
               FUZZ_TERMINATED(e->sender_name) && FUZZ_TERMINATED(e->kind) &&
               FUZZ_TERMINATED(e->status) && FUZZ_TERMINATED(e->error_text));
    FUZZ_CHECK(strncmp(e->external_id, ACCOUNT ":", strlen(ACCOUNT) + 1) == 0);
    /* the chat id, a (64-bit) integer */
    char *end;
    FUZZ_CHECK(e->sender[0] != '\0');
    (void)strtoll(e->sender, &end, 10);
    FUZZ_CHECK(*end == '\0');
    FUZZ_CHECK(strcmp(e->kind, "text") == 0 || strcmp(e->kind, "interactive") == 0 ||
               strcmp(e->kind, "image") == 0 || strcmp(e->kind, "document") == 0 ||
               strcmp(e->kind, "unsupported") == 0);
    /* jansson only hands out valid UTF-8; truncating into the fixed fields
     * must not cut a character in half (PostgreSQL would refuse the row) */
    FUZZ_CHECK(fuzz_utf8_valid(e->sender_name));
    FUZZ_CHECK(e->body != NULL && e->payload != NULL);
    FUZZ_CHECK(fuzz_utf8_valid(e->body));
    FUZZ_CHECK(e->sensitive == 0 || e->sensitive == 1);
    FUZZ_CHECK(!fuzz_has_run16(e->body));        /* masked (bot_mask) */
    json_t *p = json_loads(e->payload, 0, NULL);
    FUZZ_CHECK(json_is_object(p));
    json_decref(p);
    FUZZ_CHECK(e->status[0] == '\0' && e->error_code == 0 && e->error_text[0] == '\0');
}

static void fuzz_parse(const uint8_t *data, size_t size)
{
    struct event_list l = {0};
    char err[128] = "";
    int rc = tg_parse((const char *)data, size, ACCOUNT, &l, err, sizeof err);
    FUZZ_CHECK(rc == 0 || rc == -1);
    if (rc != 0) FUZZ_CHECK(err[0] != '\0');
    FUZZ_CHECK(l.n <= 1);
    for (size_t i = 0; i < l.n; i++) check_event(&l.v[i]);
    events_free(&l);
}

/* --- 2. tg_secret_ok -------------------------------------------------- */

static void fuzz_secret(const uint8_t *data, size_t size)
{
    const uint8_t *nl = memchr(data, '\n', size);
    char *header = fuzz_strndup(data, nl ? (size_t)(nl - data) : size);
    FUZZ_CHECK(tg_secret_ok(header, SECRET) == (strcmp(header, SECRET) == 0));
    FUZZ_CHECK(tg_secret_ok(header, "") == 0);
    FUZZ_CHECK(tg_secret_ok(header, NULL) == 0);
    FUZZ_CHECK(tg_secret_ok(NULL, header) == 0);
    if (*header) FUZZ_CHECK(tg_secret_ok(header, header) == 1);
    free(header);
}

/* --- 3. tg_message_body ----------------------------------------------- */

static void check_message_body(const json_t *b, const char *chat_id, const char *text,
                               const json_t *payload)
{
    FUZZ_CHECK(json_is_object(b));
    FUZZ_CHECK(sval(b, "chat_id") && strcmp(sval(b, "chat_id"), chat_id) == 0);
    FUZZ_CHECK(sval(b, "text") && strcmp(sval(b, "text"), *text ? text : "…") == 0);
    json_t *kb = json_object_get(json_object_get(b, "reply_markup"), "inline_keyboard"), *row;
    size_t want = json_array_size(json_object_get(payload, "rows")) +
                  json_array_size(json_object_get(payload, "buttons"));
    FUZZ_CHECK(json_array_size(kb) <= want);
    /* ids are short ASCII (bot.h); such buttons are never dropped */
    int ascii = 1;
    const char *lists[] = {"rows", "buttons"};
    for (int l = 0; l < 2; l++) {
        size_t k;
        json_t *x;
        json_array_foreach(json_object_get(payload, lists[l]), k, x) {
            const char *id = sval(x, "id");
            for (; id && *id; id++) ascii &= (unsigned char)*id < 0x80;
        }
    }
    if (ascii) FUZZ_CHECK(json_array_size(kb) == want);
    if (!want) FUZZ_CHECK(json_object_get(b, "reply_markup") == NULL);
    size_t i;
    json_array_foreach(kb, i, row) {
        FUZZ_CHECK(json_array_size(row) == 1);       /* one button a row */
        json_t *btn = json_array_get(row, 0);
        FUZZ_CHECK(sval(btn, "text") != NULL);
        const char *cd = sval(btn, "callback_data");
        FUZZ_CHECK(cd != NULL && strlen(cd) <= 64);  /* Telegram's limit, in bytes */
    }
}

static void fuzz_message_body(const uint8_t *data, size_t size)
{
    json_t *root = json_loadb((const char *)data, size, 0, NULL);
    if (!root) return;
    const char *chat = sval(root, "chat_id"), *text = sval(root, "text");
    if (!chat) chat = "5566778899";
    if (!text) text = "Pilih layanan:";
    json_t *payload = json_object_get(root, "payload");
    if (!payload) payload = root;

    json_t *b = tg_message_body(chat, text, payload);
    check_message_body(b, chat, text, payload);
    char *s = json_dumps(b, JSON_COMPACT);
    free(s);
    json_decref(b);

    b = tg_message_body(chat, NULL, NULL);      /* text may be NULL: "…" */
    FUZZ_CHECK(b && strcmp(sval(b, "text"), "…") == 0);
    json_decref(b);
    json_decref(root);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > TG_BODY_MAX) return 0;       /* the server refuses bigger bodies */
    fuzz_parse(data, size);
    fuzz_secret(data, size);
    fuzz_message_body(data, size);
    return 0;
}
