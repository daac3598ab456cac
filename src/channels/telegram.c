/* telegram: see telegram.h. */
#include "channels/telegram.h"
#include "bot/bot.h"
#include "util/jv.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int tg_secret_ok(const char *header, const char *secret)
{
    if (!header || !secret || !*secret) return 0;
    size_t n = strlen(secret);
    return strlen(header) == n && sodium_memcmp(header, secret, n) == 0;
}

int tg_parse(const char *body, size_t len, const char *account, struct event_list *out,
             char *err, size_t errlen)
{
    json_t *u = json_loadb(body, len, 0, NULL);
    json_t *id = json_object_get(u, "update_id");
    if (!json_is_integer(id)) {
        snprintf(err, errlen, "bukan pembaruan Telegram");
        json_decref(u);
        return -1;
    }
    json_t *msg = json_object_get(u, "message");
    json_t *cb = json_object_get(u, "callback_query");
    json_t *chat = json_object_get(msg ? msg : json_object_get(cb, "message"), "chat");
    json_t *from = json_object_get(msg ? msg : cb, "from");
    /* private chats only: a bot added to a group does not answer the group */
    if ((!msg && !cb) || !json_is_integer(json_object_get(chat, "id")) ||
        strcmp(jv_str(chat, "type"), "private") != 0) {
        json_decref(u);
        return 0;
    }
    struct event *ev = events_add(out);
    if (!ev) {
        json_decref(u);
        snprintf(err, errlen, "memori habis");
        return -1;
    }
    ev->type = EV_MESSAGE;
    ev->channel = "telegram";
    snprintf(ev->account, sizeof ev->account, "%s", account);
    snprintf(ev->external_id, sizeof ev->external_id, "%s:%" JSON_INTEGER_FORMAT, account,
             json_integer_value(id));
    snprintf(ev->sender, sizeof ev->sender, "%" JSON_INTEGER_FORMAT,
             json_integer_value(json_object_get(chat, "id")));
    const char *first = jv_str(from, "first_name"), *last = jv_str(from, "last_name");
    char name[600];     /* cut below at a character boundary */
    snprintf(name, sizeof name, "%s%s%s", first, *last ? " " : "", last);
    event_copy_masked(ev->sender_name, sizeof ev->sender_name, name);
    json_t *p = json_object();
    const char *text = "";
    if (cb) {
        snprintf(ev->kind, sizeof ev->kind, "interactive");
        event_set_masked(p, "choice", jv_str(cb, "data"), NULL);
        json_object_set_new(p, "callback_id", json_string(jv_str(cb, "id")));
        ev->at = json_integer_value(json_object_get(json_object_get(cb, "message"), "date"));
    } else {
        ev->at = json_integer_value(json_object_get(msg, "date"));
        json_t *photo = json_object_get(msg, "photo"), *doc = json_object_get(msg, "document");
        if (json_array_size(photo)) {
            /* the last size is the largest */
            json_t *big = json_array_get(photo, json_array_size(photo) - 1);
            snprintf(ev->kind, sizeof ev->kind, "image");
            json_object_set_new(p, "file_id", json_string(jv_str(big, "file_id")));
            text = jv_str(msg, "caption");
        } else if (doc) {
            snprintf(ev->kind, sizeof ev->kind, "document");
            json_object_set_new(p, "file_id", json_string(jv_str(doc, "file_id")));
            json_object_set_new(p, "mime", json_string(jv_str(doc, "mime_type")));
            event_set_masked(p, "filename", jv_str(doc, "file_name"), &ev->sensitive);
            text = jv_str(msg, "caption");
        } else if (json_object_get(msg, "text")) {
            snprintf(ev->kind, sizeof ev->kind, "text");
            text = jv_str(msg, "text");
            if (strcmp(text, "/start") == 0) text = "halo";     /* the first tap on "Start" */
        } else {
            snprintf(ev->kind, sizeof ev->kind, "unsupported");
        }
    }
    /* text points into u: mask it before u is freed */
    size_t n = strlen(text) + 1;
    ev->body = malloc(n);
    ev->payload = json_dumps(p, JSON_COMPACT);
    json_decref(p);
    if (ev->body) ev->sensitive |= bot_mask(text, ev->body, n) > 0;
    json_decref(u);
    if (!ev->body || !ev->payload) {
        snprintf(err, errlen, "memori habis");
        return -1;
    }
    return 0;
}

static void add_button(json_t *kb, const char *title, const char *id)
{
    /* callback_data is at most 64 bytes; our ids are short ASCII */
    char data[65];
    snprintf(data, sizeof data, "%s", id);
    json_array_append_new(kb, json_pack("[{s:s, s:s}]", "text", title, "callback_data", data));
}

json_t *tg_message_body(const char *chat_id, const char *text, const json_t *payload)
{
    json_t *b = json_pack("{s:s, s:s}", "chat_id", chat_id, "text", text && *text ? text : "…");
    json_t *kb = json_array();
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(payload, "rows"), i, x)
        add_button(kb, json_string_value(json_object_get(x, "title")) ?: "",
                   json_string_value(json_object_get(x, "id")) ?: "");
    json_array_foreach(json_object_get(payload, "buttons"), i, x)
        add_button(kb, json_string_value(json_object_get(x, "title")) ?: "",
                   json_string_value(json_object_get(x, "id")) ?: "");
    if (json_array_size(kb))
        json_object_set_new(b, "reply_markup", json_pack("{s:o}", "inline_keyboard", kb));
    else
        json_decref(kb);
    return b;
}
