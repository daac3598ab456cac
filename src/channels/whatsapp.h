/* whatsapp: the WhatsApp Business Cloud API's wire format (Meta Graph API).
 * Webhook signature and parsing in, message bodies and error meanings out.
 * No I/O here: send.c does the HTTP, channels/ingest.c the storing.
 * The shapes follow Meta's webhook and Messages API references (see
 * docs/ARCHITECTURE.md, "Channels"). */
#ifndef BALAI_WHATSAPP_H
#define BALAI_WHATSAPP_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "channels/event.h"

#define WA_GRAPH_URL "https://graph.facebook.com"
#define WA_GRAPH_VERSION "v21.0"
#define WA_BODY_MAX (1024u * 1024)      /* a webhook delivery; Meta's are a few KiB */

/* 1 when `header` ("sha256=<64 hex>") is HMAC-SHA256(app_secret, body),
 * compared in constant time; 0 otherwise (missing, malformed, wrong). */
int wa_signature_ok(const char *header, const void *body, size_t len, const char *app_secret);
/* The header value for a body (tests, the fuzz harness, the bench). */
void wa_signature(const void *body, size_t len, const char *app_secret, char out[72]);
/* The first "phone_number_id" in the raw, not yet trusted body (a plain scan,
 * no parsing), so the webhook can pick the one app secret to check the
 * signature with. 0 with out set, -1 when there is none (out ""). */
int wa_first_number(const char *body, size_t len, char *out, size_t n);

/* Parses a verified webhook body into events (messages and receipts) for
 * every entry/change of field "messages"; other fields and unknown message
 * types are skipped or kept as kind "unsupported". Text is masked
 * (bot_mask) before it leaves this function. Returns 0, or -1 with a
 * message when the body is not a WhatsApp webhook at all. */
int wa_parse(const char *body, size_t len, struct event_list *out, char *err, size_t errlen);

/* The Messages API body that sends `text` (and the interactive parts in
 * `payload`, the object stored with an outbound message: rows/sections/
 * list_button, buttons, or template {name, language, params[]}) to `to`
 * (digits, no '+'). Lists and buttons are trimmed to WhatsApp's limits.
 * New reference. */
json_t *wa_message_body(const char *to, const char *text, const json_t *payload);

/* What to do after the API answered with Graph error `code` (synchronously
 * or in a failed receipt). */
enum send_verdict {
    SEND_OK = 0,
    SEND_RETRY,     /* temporary: try again after a back-off */
    SEND_FAIL,      /* this message cannot go: do not retry */
    SEND_STOP,      /* the channel itself is broken (token, account): alert staff */
};
enum send_verdict wa_error_verdict(int64_t code);
/* The error in Bahasa Indonesia for staff ("Jendela 24 jam sudah tertutup..."). */
const char *wa_error_text(int64_t code);

#endif
