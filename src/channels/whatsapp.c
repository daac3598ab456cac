/* whatsapp: see whatsapp.h. */
#include "channels/whatsapp.h"
#include "bot/bot.h"
#include "util/log.h"
#include "util/jv.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- signature ------------------------------------------------------- */

void wa_signature(const void *body, size_t len, const char *app_secret, char out[72])
{
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, (const unsigned char *)app_secret, strlen(app_secret));
    crypto_auth_hmacsha256_update(&st, body, len);
    crypto_auth_hmacsha256_final(&st, mac);
    memcpy(out, "sha256=", 7);
    sodium_bin2hex(out + 7, 65, mac, sizeof mac);
    sodium_memzero(&st, sizeof st);
}

int wa_signature_ok(const char *header, const void *body, size_t len, const char *app_secret)
{
    if (!header || !app_secret || !*app_secret) return 0;
    if (strncmp(header, "sha256=", 7) != 0 || strlen(header) != 7 + 64) return 0;
    unsigned char want[crypto_auth_hmacsha256_BYTES], got[crypto_auth_hmacsha256_BYTES];
    size_t n = 0;
    if (sodium_hex2bin(got, sizeof got, header + 7, 64, NULL, &n, NULL) != 0 || n != sizeof got)
        return 0;
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, (const unsigned char *)app_secret, strlen(app_secret));
    crypto_auth_hmacsha256_update(&st, body, len);
    crypto_auth_hmacsha256_final(&st, want);
    sodium_memzero(&st, sizeof st);
    return sodium_memcmp(want, got, sizeof want) == 0;
}

int wa_first_number(const char *body, size_t len, char *out, size_t n)
{
    static const char key[] = "\"phone_number_id\"";
    const char *p = memmem(body, len, key, sizeof key - 1), *end = body + len;
    if (n) out[0] = '\0';
    if (!p) return -1;
    p += sizeof key - 1;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
    if (p >= end || *p++ != ':') return -1;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
    if (p >= end || *p++ != '"') return -1;
    size_t k = 0;
    while (p + k < end && p[k] >= '0' && p[k] <= '9') k++;
    if (k == 0 || k >= n || p + k >= end || p[k] != '"') return -1;
    memcpy(out, p, k);
    out[k] = '\0';
    return 0;
}

/* --- parsing --------------------------------------------------------- */

/* Meta sends timestamps as strings of unix seconds. */
static int64_t jtime(const json_t *o)
{
    json_t *t = json_object_get(o, "timestamp");
    if (json_is_integer(t)) return json_integer_value(t);
    const char *s = json_string_value(t);
    return s ? strtoll(s, NULL, 10) : 0;
}

static void copy(char *dst, size_t n, const char *src)
{
    event_copy(dst, n, src ? src : "");
}

/* body := masked text; sets ev->sensitive when a number was masked */
static int set_body(struct event *ev, const char *text)
{
    size_t n = strlen(text) + 1;
    ev->body = malloc(n);
    if (!ev->body) return -1;
    ev->sensitive |= bot_mask(text, ev->body, n) > 0;
    return 0;
}

/* The parts of one inbound message that the bot and the console need, as
 * the message's payload. Captions, file names, button payloads and the
 * profile name are masked like text. */
static int parse_message(const json_t *m, const json_t *contacts, const char *account,
                         struct event *ev)
{
    ev->type = EV_MESSAGE;
    ev->channel = "whatsapp";
    copy(ev->account, sizeof ev->account, account);
    copy(ev->external_id, sizeof ev->external_id, jv_str(m, "id"));
    copy(ev->sender, sizeof ev->sender, jv_str(m, "from"));
    ev->at = jtime(m);
    const char *type = jv_str(m, "type");
    copy(ev->kind, sizeof ev->kind, *type ? type : "unsupported");
    /* the display name of the contact this message is from */
    size_t i;
    json_t *c;
    json_array_foreach(contacts, i, c) {
        if (strcmp(jv_str(c, "wa_id"), ev->sender) == 0 || json_array_size(contacts) == 1) {
            event_copy_masked(ev->sender_name, sizeof ev->sender_name,
                              jv_str(json_object_get(c, "profile"), "name"));
            break;
        }
    }
    json_t *p = json_object();
    const char *text = "";
    if (strcmp(type, "text") == 0) {
        text = jv_str(json_object_get(m, "text"), "body");
    } else if (strcmp(type, "interactive") == 0) {
        json_t *in = json_object_get(m, "interactive");
        json_t *r = json_object_get(in, "list_reply");
        if (!r) r = json_object_get(in, "button_reply");
        text = jv_str(r, "title");
        event_set_masked(p, "choice", jv_str(r, "id"), NULL);
    } else if (strcmp(type, "button") == 0) {
        json_t *b = json_object_get(m, "button");
        text = jv_str(b, "text");
        event_set_masked(p, "choice", jv_str(b, "payload"), NULL);
    } else if (strcmp(type, "image") == 0 || strcmp(type, "document") == 0 ||
               strcmp(type, "video") == 0 || strcmp(type, "audio") == 0 ||
               strcmp(type, "sticker") == 0) {
        json_t *md = json_object_get(m, type);
        json_object_set_new(p, "media_id", json_string(jv_str(md, "id")));
        json_object_set_new(p, "mime", json_string(jv_str(md, "mime_type")));
        const char *fn = jv_str(md, "filename");
        if (*fn) event_set_masked(p, "filename", fn, &ev->sensitive);   /* "KTP_3201012345670003.jpg" */
        text = jv_str(md, "caption");
    } else if (strcmp(type, "location") == 0) {
        json_t *l = json_object_get(m, "location");
        json_t *lat = json_object_get(l, "latitude"), *lon = json_object_get(l, "longitude");
        json_object_set_new(p, "latitude", json_real(json_is_number(lat) ? json_number_value(lat)
                                                     : strtod(jv_str(l, "latitude"), NULL)));
        json_object_set_new(p, "longitude", json_real(json_is_number(lon) ? json_number_value(lon)
                                                      : strtod(jv_str(l, "longitude"), NULL)));
        text = *jv_str(l, "name") ? jv_str(l, "name") : jv_str(l, "address");
    }
    json_t *ctx = json_object_get(m, "context");
    if (ctx && *jv_str(ctx, "id")) json_object_set_new(p, "context", json_string(jv_str(ctx, "id")));
    int rc = set_body(ev, text);
    ev->payload = json_dumps(p, JSON_COMPACT);
    json_decref(p);
    return rc == 0 && ev->payload ? 0 : -1;
}

static void parse_status(const json_t *s, const char *account, struct event *ev)
{
    ev->type = EV_STATUS;
    ev->channel = "whatsapp";
    copy(ev->account, sizeof ev->account, account);
    copy(ev->external_id, sizeof ev->external_id, jv_str(s, "id"));
    copy(ev->status, sizeof ev->status, jv_str(s, "status"));
    ev->at = jtime(s);
    json_t *e = json_array_get(json_object_get(s, "errors"), 0);
    if (e) {
        ev->error_code = json_integer_value(json_object_get(e, "code"));
        /* staff read the error in Indonesian; Meta's own words go to the log */
        copy(ev->error_text, sizeof ev->error_text, wa_error_text(ev->error_code));
    }
}

int wa_parse(const char *body, size_t len, struct event_list *out, char *err, size_t errlen)
{
    json_error_t je;
    json_t *root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &je);
    if (!root || strcmp(jv_str(root, "object"), "whatsapp_business_account") != 0) {
        snprintf(err, errlen, "bukan webhook WhatsApp");
        json_decref(root);
        return -1;
    }
    int rc = 0;
    size_t i, j, k;
    json_t *entry, *change, *item;
    json_array_foreach(json_object_get(root, "entry"), i, entry) {
        json_array_foreach(json_object_get(entry, "changes"), j, change) {
            if (strcmp(jv_str(change, "field"), "messages") != 0) continue;
            json_t *v = json_object_get(change, "value");
            const char *account = jv_str(json_object_get(v, "metadata"), "phone_number_id");
            json_t *verr = json_array_get(json_object_get(v, "errors"), 0);
            if (verr) log_warn("WhatsApp melaporkan galat akun untuk nomor %s: kode %lld",
                               account, (long long)json_integer_value(json_object_get(verr, "code")));
            json_array_foreach(json_object_get(v, "messages"), k, item) {
                if (!*jv_str(item, "id")) continue;
                struct event *ev = events_add(out);
                if (!ev || parse_message(item, json_object_get(v, "contacts"), account, ev) != 0) {
                    rc = -1;
                    goto done;
                }
            }
            json_array_foreach(json_object_get(v, "statuses"), k, item) {
                if (!*jv_str(item, "id") || !status_rank(jv_str(item, "status"))) continue;
                struct event *ev = events_add(out);
                if (!ev) {
                    rc = -1;
                    goto done;
                }
                parse_status(item, account, ev);
            }
        }
    }
done:
    if (rc != 0) snprintf(err, errlen, "webhook terlalu besar atau memori habis");
    json_decref(root);
    return rc;
}

/* --- sending --------------------------------------------------------- */

/* Copies at most `max` Unicode characters of s (UTF-8), ending in "…" when
 * cut. WhatsApp rejects the whole message when one title is too long. */
static json_t *clip(const char *s, size_t max)
{
    size_t chars = 0, i = 0, cut = 0;
    for (; s[i]; i++) {
        if (((unsigned char)s[i] & 0xC0) == 0x80) continue;
        if (chars == max - 1) cut = i;
        if (++chars > max) break;
    }
    if (!s[i]) return json_string(s);
    char *b = malloc(cut + sizeof "…");
    if (!b) return NULL;
    memcpy(b, s, cut);
    memcpy(b + cut, "…", sizeof "…");
    json_t *j = json_string(b);
    free(b);
    return j;
}

json_t *wa_message_body(const char *to, const char *text, const json_t *payload)
{
    char plus[80];
    snprintf(plus, sizeof plus, "+%s", to);
    json_t *b = json_pack("{s:s, s:s, s:s}", "messaging_product", "whatsapp",
                          "recipient_type", "individual", "to", plus);
    json_t *tpl = json_object_get(payload, "template");
    json_t *rows = json_object_get(payload, "rows");
    json_t *buttons = json_object_get(payload, "buttons");
    size_t i;
    json_t *x;
    if (tpl) {
        json_t *params = json_array();
        json_array_foreach(json_object_get(tpl, "params"), i, x)
            json_array_append_new(params, json_pack("{s:s, s:O}", "type", "text", "text", x));
        json_t *t = json_pack("{s:O, s:{s:O}}", "name", json_object_get(tpl, "name"),
                              "language", "code", json_object_get(tpl, "language"));
        if (json_array_size(params))
            json_object_set_new(t, "components",
                json_pack("[{s:s, s:o}]", "type", "body", "parameters", params));
        else
            json_decref(params);
        json_object_set_new(b, "type", json_string("template"));
        json_object_set_new(b, "template", t);
    } else if (json_array_size(rows)) {
        json_t *titles = json_object_get(payload, "sections");
        size_t nsec = json_array_size(titles) ? json_array_size(titles) : 1;
        if (nsec > 10) nsec = 10;
        json_t *sections = json_array();
        for (size_t s = 0; s < nsec; s++) {
            json_t *sec = json_object();
            if (json_array_size(titles) > 1)
                json_object_set_new(sec, "title",
                    clip(json_string_value(json_array_get(titles, s)) ?: "Layanan", 24));
            json_t *srows = json_array();
            json_array_foreach(rows, i, x) {
                if (i >= 10) break;
                if ((size_t)json_integer_value(json_object_get(x, "section")) != s &&
                    nsec > 1) continue;
                json_t *row = json_pack("{s:O, s:o}", "id", json_object_get(x, "id"),
                    "title", clip(json_string_value(json_object_get(x, "title")) ?: "", 24));
                const char *d = json_string_value(json_object_get(x, "description"));
                if (d && *d) json_object_set_new(row, "description", clip(d, 72));
                json_array_append_new(srows, row);
            }
            json_object_set_new(sec, "rows", srows);
            if (json_array_size(srows)) json_array_append_new(sections, sec);
            else json_decref(sec);
        }
        const char *button = json_string_value(json_object_get(payload, "list_button"));
        json_object_set_new(b, "type", json_string("interactive"));
        json_object_set_new(b, "interactive", json_pack("{s:s, s:{s:o}, s:{s:o, s:o}}",
            "type", "list", "body", "text", clip(text, 1024),
            "action", "button", clip(button && *button ? button : "Lihat pilihan", 20),
            "sections", sections));
    } else if (json_array_size(buttons)) {
        json_t *bs = json_array();
        json_array_foreach(buttons, i, x) {
            if (i >= 3) break;
            json_array_append_new(bs, json_pack("{s:s, s:{s:O, s:o}}", "type", "reply", "reply",
                "id", json_object_get(x, "id"),
                "title", clip(json_string_value(json_object_get(x, "title")) ?: "", 20)));
        }
        json_object_set_new(b, "type", json_string("interactive"));
        json_object_set_new(b, "interactive", json_pack("{s:s, s:{s:o}, s:{s:o}}",
            "type", "button", "body", "text", clip(text, 1024), "action", "buttons", bs));
    } else {
        json_object_set_new(b, "type", json_string("text"));
        json_object_set_new(b, "text", json_pack("{s:b, s:o}", "preview_url", 0,
                                                 "body", clip(text, 4096)));
    }
    return b;
}

/* --- errors ---------------------------------------------------------- */

static const struct {
    int64_t code;
    enum send_verdict verdict;
    const char *text;
} errors[] = {
    {131047, SEND_FAIL, "Jendela 24 jam sudah tertutup: warga belum mengirim pesan dalam 24 jam "
                        "terakhir, jadi hanya templat yang disetujui yang dapat dikirim."},
    {131026, SEND_FAIL, "Pesan tidak dapat diterima nomor ini (bukan pengguna WhatsApp, aplikasi "
                        "terlalu lama, atau memblokir kantor)."},
    {130429, SEND_RETRY, "Batas kiriman per detik nomor kantor tercapai; dikirim ulang otomatis."},
    {131056, SEND_RETRY, "Terlalu banyak pesan ke warga yang sama dalam waktu singkat; dikirim "
                         "ulang otomatis."},
    {131057, SEND_RETRY, "Akun WhatsApp kantor sedang dalam pemeliharaan; dikirim ulang otomatis."},
    {131000, SEND_RETRY, "Gangguan sementara di WhatsApp; dikirim ulang otomatis."},
    {131016, SEND_RETRY, "Layanan WhatsApp sedang tidak tersedia; dikirim ulang otomatis."},
    {133004, SEND_RETRY, "Server WhatsApp sedang tidak tersedia; dikirim ulang otomatis."},
    {1, SEND_RETRY, "Gangguan sementara di WhatsApp; dikirim ulang otomatis."},
    {2, SEND_RETRY, "Layanan WhatsApp sedang tidak tersedia; dikirim ulang otomatis."},
    {4, SEND_RETRY, "Batas panggilan API aplikasi tercapai; dikirim ulang otomatis."},
    {80007, SEND_RETRY, "Batas panggilan API akun tercapai; dikirim ulang otomatis."},
    {131049, SEND_FAIL, "WhatsApp menahan pesan ini (batas pesan pemasaran per warga)."},
    {131050, SEND_FAIL, "Warga ini memilih berhenti menerima pesan dari kantor."},
    {131048, SEND_FAIL, "Pengiriman dibatasi karena banyak laporan spam; hentikan kiriman massal."},
    {190, SEND_STOP, "Token akses WhatsApp kedaluwarsa atau tidak sah: perbarui token di "
                     "pengaturan kanal."},
    {0, SEND_STOP, "Izin aplikasi WhatsApp bermasalah: periksa pengaturan kanal."},
    {10, SEND_STOP, "Aplikasi WhatsApp tidak punya izin untuk nomor ini: periksa pengaturan kanal."},
    {368, SEND_STOP, "Akun WhatsApp kantor dibatasi karena pelanggaran kebijakan."},
    {131031, SEND_STOP, "Akun WhatsApp kantor dikunci: hubungi admin sistem."},
    {100, SEND_FAIL, "Isi pesan ditolak WhatsApp (parameter tidak sah)."},
    {131008, SEND_FAIL, "Isi pesan ditolak WhatsApp (parameter wajib tidak ada)."},
    {131009, SEND_FAIL, "Isi pesan ditolak WhatsApp (nilai parameter tidak sah)."},
    {131030, SEND_FAIL, "Nomor warga belum ada di daftar uji nomor WhatsApp kantor."},
    {132000, SEND_FAIL, "Jumlah isian templat tidak cocok dengan templat yang disetujui."},
    {132001, SEND_FAIL, "Templat tidak ada atau belum disetujui untuk bahasa ini."},
    {132012, SEND_FAIL, "Format isian templat tidak sesuai."},
    {132015, SEND_FAIL, "Templat sedang dijeda oleh WhatsApp karena kualitas rendah."},
};

enum send_verdict wa_error_verdict(int64_t code)
{
    for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++)
        if (errors[i].code == code) return errors[i].verdict;
    if (code >= 200 && code <= 299) return SEND_STOP;   /* permissions */
    return SEND_RETRY;      /* unknown: a few tries, then give up (db/store_job.c) */
}

const char *wa_error_text(int64_t code)
{
    for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++)
        if (errors[i].code == code) return errors[i].text;
    if (code >= 200 && code <= 299)
        return "Izin aplikasi WhatsApp bermasalah: periksa pengaturan kanal.";
    return "WhatsApp menolak pesan ini karena alasan yang tidak dikenal.";
}
