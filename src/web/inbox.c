/* inbox: the console's view of citizens' conversations (WhatsApp,
 * Telegram, portal chat): the list, one thread with every message and its
 * delivery status, a staff reply, and taking over from / handing back to
 * the bot. The live shared inbox (SSE, assignment) builds on these pages.
 * NIK/KK numbers were masked before the messages were stored. */
#include "bot/bot.h"
#include "channels/send.h"
#include "db/row.h"
#include "db/store_chat.h"
#include "http/form.h"
#include "jobs/queue.h"
#include "jobs/worker.h"
#include "render/page.h"
#include "web/web.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *str(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

static const char *channel_label(const char *c)
{
    if (strcmp(c, "whatsapp") == 0) return "WhatsApp";
    if (strcmp(c, "telegram") == 0) return "Telegram";
    return "Obrolan portal";
}

static const char *state_label(const char *s)
{
    if (strcmp(s, "human") == 0) return "Ditangani petugas";
    if (strcmp(s, "closed") == 0) return "Selesai";
    return "Dijawab bot";
}

static const char *status_label(const char *s)
{
    static const struct { const char *k, *v; } l[] = {
        {"queued", "menunggu dikirim"}, {"accepted", "diterima WhatsApp"}, {"sent", "terkirim"},
        {"delivered", "sampai"}, {"read", "dibaca"}, {"failed", "gagal"}, {"new", "baru"},
        {"done", "diterima"},
    };
    for (size_t i = 0; i < sizeof l / sizeof l[0]; i++)
        if (strcmp(s, l[i].k) == 0) return l[i].v;
    return s;
}

void web_inbox_list(struct req *r)
{
    int64_t office = web_office_id(r);
    db_stmt *st = db_query(r->db,
        "SELECT c.id, c.state, c.handover_reason, c.last_message_at, k.channel, k.name, k.address, "
        "(SELECT body FROM message m WHERE m.conversation_id = c.id ORDER BY m.id DESC LIMIT 1) "
        "FROM conversation c JOIN contact k ON k.id = c.contact_id WHERE c.office_id = ? "
        "ORDER BY CASE c.state WHEN 'human' THEN 0 WHEN 'bot' THEN 1 ELSE 2 END, "
        "c.last_message_at DESC LIMIT 200", "i", office);
    json_t *list = rows_array(st, "id:i state reason last_at:i channel name address last");
    db_done(st);
    if (!list) { web_db_fail(r); return; }
    size_t i;
    json_t *c;
    json_array_foreach(list, i, c) {
        char when[96];
        web_fmt_time(r, json_integer_value(json_object_get(c, "last_at")), when, sizeof when);
        json_object_set_new(c, "when", json_string(when));
        json_object_set_new(c, "channel_label", json_string(channel_label(str(c, "channel"))));
        json_object_set_new(c, "state_label", json_string(state_label(str(c, "state"))));
        json_object_set_new(c, "human", json_boolean(strcmp(str(c, "state"), "human") == 0));
        if (!*str(c, "name"))
            json_object_set_new(c, "name", json_string(strcmp(str(c, "channel"), "web") == 0
                                                           ? "Pengunjung portal" : str(c, "address")));
    }
    json_t *vm = web_vm(r, "Percakapan");
    json_object_set_new(vm, "conversations", list);
    page_render(r, 200, "inbox_list", vm);
}

/* the conversation named in the path, if it belongs to this office */
static json_t *path_conversation(struct req *r)
{
    int64_t id = strtoll(req_param(r, "conversation"), NULL, 10);
    db_stmt *st = db_query(r->db,
        "SELECT c.id, c.state, c.handover_reason, c.contact_id, k.channel, k.name, k.address, "
        "k.phone, k.last_inbound_at, k.blocked FROM conversation c "
        "JOIN contact k ON k.id = c.contact_id WHERE c.id = ? AND c.office_id = ?",
        "ii", id, web_office_id(r));
    json_t *c = row_first(st, "id:i state reason contact_id:i channel name address phone "
                              "last_inbound_at:i blocked:b");
    db_done(st);
    if (!c) page_error(r, 404, "Percakapan tidak ditemukan.");
    return c;
}

static void thread_page(struct req *r, json_t *c, const char *error, const char *text)
{
    db_stmt *st = db_query(r->db,
        "SELECT id, direction, author, kind, body, status, error_text, sensitive, created_at, "
        "payload FROM message WHERE conversation_id = ? ORDER BY id", "i",
        json_integer_value(json_object_get(c, "id")));
    json_t *msgs = rows_array(st, "id:i direction author kind body status error_text sensitive:b "
                                  "at:i payload");
    db_done(st);
    if (!msgs) { json_decref(c); web_db_fail(r); return; }
    size_t i;
    json_t *m;
    json_array_foreach(msgs, i, m) {
        char when[96];
        web_fmt_time(r, json_integer_value(json_object_get(m, "at")), when, sizeof when);
        json_object_set_new(m, "when", json_string(when));
        json_object_set_new(m, "in", json_boolean(strcmp(str(m, "direction"), "in") == 0));
        json_object_set_new(m, "bot", json_boolean(strcmp(str(m, "author"), "bot") == 0));
        json_object_set_new(m, "status_label", json_string(status_label(str(m, "status"))));
        json_object_set_new(m, "failed", json_boolean(strcmp(str(m, "status"), "failed") == 0));
        /* what the citizen tapped or was offered, as text */
        json_t *p = json_loads(str(m, "payload"), 0, NULL);
        json_t *opts = json_array(), *x;
        size_t k;
        json_array_foreach(json_object_get(p, "rows"), k, x)
            json_array_append_new(opts, json_string(str(x, "title")));
        json_array_foreach(json_object_get(p, "buttons"), k, x)
            json_array_append_new(opts, json_string(str(x, "title")));
        json_object_set_new(m, "options", opts);
        if (!*str(m, "body") && strcmp(str(m, "kind"), "text") != 0) {
            char b[64];
            snprintf(b, sizeof b, "(%s)", str(m, "kind"));
            json_object_set_new(m, "body", json_string(b));
        }
        json_decref(p);
        json_object_del(m, "payload");
    }
    st = db_query(r->db, "SELECT id, filename, mime, size FROM media WHERE conversation_id = ? "
                         "ORDER BY id", "i", json_integer_value(json_object_get(c, "id")));
    json_t *files = rows_array(st, "id:i filename mime size:i");
    db_done(st);
    int wa = strcmp(str(c, "channel"), "whatsapp") == 0;
    int64_t last_in = json_integer_value(json_object_get(c, "last_inbound_at"));
    int window_open = !wa || r->now - last_in <= WA_WINDOW;
    json_object_set_new(c, "channel_label", json_string(channel_label(str(c, "channel"))));
    json_object_set_new(c, "state_label", json_string(state_label(str(c, "state"))));
    json_object_set_new(c, "human", json_boolean(strcmp(str(c, "state"), "human") == 0));
    json_object_set_new(c, "closed", json_boolean(strcmp(str(c, "state"), "closed") == 0));
    if (wa && window_open) {
        char until[96];
        web_fmt_time(r, last_in + WA_WINDOW, until, sizeof until);
        json_object_set_new(c, "window_until", json_string(until));
    }
    json_t *vm = web_vm(r, "Percakapan");
    json_object_set_new(vm, "c", c);
    json_object_set_new(vm, "messages", msgs);
    json_object_set_new(vm, "files", files ? files : json_array());
    json_object_set_new(vm, "window_open", json_boolean(window_open));
    json_object_set_new(vm, "web", json_boolean(strcmp(str(c, "channel"), "web") == 0));
    json_object_set_new(vm, "can_reply", json_boolean((r->perms & PERM_INBOX) && window_open &&
                                                      !json_is_true(json_object_get(c, "blocked"))));
    if (error) json_object_set_new(vm, "error", json_string(error));
    json_object_set_new(vm, "text", json_string(text ? text : ""));
    page_render(r, error ? 422 : 200, "inbox_thread", vm);
}

void web_inbox_thread(struct req *r)
{
    json_t *c = path_conversation(r);
    if (c) thread_page(r, c, NULL, NULL);
}

void web_inbox_reply(struct req *r)
{
    json_t *c = path_conversation(r);
    if (!c) return;
    const char *raw = req_field(r, "text");
    size_t n = strlen(raw) + 1;
    char *text = malloc(n);
    if (!text) { json_decref(c); web_db_fail(r); return; }
    /* staff should not echo a NIK back into a chat either */
    bot_mask(raw, text, n);
    /* trim the ends; keep the lines staff wrote */
    size_t len = strlen(text);
    while (len && strchr(" \t\r\n", text[len - 1])) text[--len] = '\0';
    char *start = text + strspn(text, " \t\r\n");
    memmove(text, start, strlen(start) + 1);
    const char *channel = str(c, "channel");
    int wa = strcmp(channel, "whatsapp") == 0;
    const char *error = NULL;
    if (!*text) error = "Tulis balasan terlebih dahulu.";
    else if (!text_clean(text, 1)) error = "Balasan berisi karakter yang tidak dapat dikirim.";
    else if (strlen(text) > 4000) error = "Balasan terlalu panjang (paling banyak 4.000 karakter).";
    else if (wa && r->now - json_integer_value(json_object_get(c, "last_inbound_at")) > WA_WINDOW)
        error = "Jendela 24 jam WhatsApp sudah tertutup: warga belum mengirim pesan dalam 24 jam "
                "terakhir, jadi pesan bebas tidak akan sampai. Tunggu warga menghubungi lagi.";
    else if (json_is_true(json_object_get(c, "blocked")))
        error = "Warga ini tidak dapat dihubungi lewat kanal ini.";
    if (error) {
        thread_page(r, c, error, text);
        free(text);
        return;
    }
    int64_t office = web_office_id(r), conv = json_integer_value(json_object_get(c, "id"));
    struct actor a = web_actor(r);
    int rc = db_begin(r->db);
    int64_t id = rc == 0 ? chat_message_out(r->db, office, channel, conv, "text", text, "{}",
                                            a.name, a.id, r->now) : -1;
    if (id < 0) rc = -1;
    if (rc == 0 && strcmp(channel, "web") != 0) rc = job_add(r->db, "send", office, id, NULL, 0);
    /* a staff reply takes the conversation over from the bot */
    if (rc == 0) rc = db_run(r->db, "UPDATE conversation SET state = 'human', assigned_to = "
                                    "COALESCE(assigned_to, ?), last_message_at = ? WHERE id = ?",
                             "iii", a.id, r->now, conv);
    if (rc == 0 && db_commit(r->db) == 0) {
        workers_wake();
        char loc[200];
        snprintf(loc, sizeof loc, "/console/o/%s/percakapan/%lld", str(r->office, "slug"),
                 (long long)conv);
        resp_redirect(r, loc);
    } else {
        db_rollback(r->db);
        web_db_fail(r);
    }
    free(text);
    json_decref(c);
}

void web_inbox_state(struct req *r)
{
    json_t *c = path_conversation(r);
    if (!c) return;
    const char *action = req_field(r, "action");
    const char *state = strcmp(action, "ambil") == 0 ? "human"
                      : strcmp(action, "bot") == 0 ? "bot"
                      : strcmp(action, "selesai") == 0 ? "closed" : NULL;
    if (!state) {
        json_decref(c);
        page_error(r, 400, "Tindakan tidak dikenal.");
        return;
    }
    struct actor a = web_actor(r);
    int rc = db_run(r->db, "UPDATE conversation SET state = ?, assigned_to = CASE WHEN ? = 'human' "
                           "THEN ? ELSE assigned_to END, closed_at = CASE WHEN ? = 'closed' THEN ? "
                           "ELSE NULL END WHERE id = ?", "ssisii", state, state, a.id, state,
                    r->now, json_integer_value(json_object_get(c, "id")));
    if (rc != 0) { json_decref(c); web_db_fail(r); return; }
    char loc[200];
    snprintf(loc, sizeof loc, "/console/o/%s/percakapan/%lld", str(r->office, "slug"),
             (long long)json_integer_value(json_object_get(c, "id")));
    resp_redirect(r, loc);
    json_decref(c);
}
