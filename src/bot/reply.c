/* reply: the texts the bot sends, in Bahasa Indonesia, WhatsApp style
 * (*bold*, short lines, numbered lists). Facts come only from the
 * catalogue document and the office record the caller prepared; nothing
 * here invents a requirement, a time or a price. */
#include <stdio.h>
#include <string.h>

#include "bot/internal.h"
#include "util/buf.h"
#include "util/jv.h"
#include "core/service.h"

static int has(const char *s)
{
    return s && *s;
}

/* Appends text as a sentence: a full stop unless it already ends in one. */
static void sentence(struct buf *b, const char *text)
{
    size_t n = strlen(text);
    while (n > 0 && (text[n - 1] == ' ' || text[n - 1] == '\n')) n--;
    buf_add(b, text, n);
    char last = n ? text[n - 1] : '.';
    buf_puts(b, last == '.' || last == '!' || last == '?' || last == ')' ? "\n" : ".\n");
}

/* "(fotokopi, 2 lembar)", "(asli)", "(2 lembar)" or "". */
static void item_note(const json_t *item, char *out, size_t n)
{
    const char *note = jv_str(item, "note");
    json_int_t count = json_integer_value(json_object_get(item, "count"));
    if (has(note) && count > 1)
        snprintf(out, n, " (%s, %lld lembar)", note, (long long)count);
    else if (has(note))
        snprintf(out, n, " (%s)", note);
    else if (count > 1)
        snprintf(out, n, " (%lld lembar)", (long long)count);
    else
        out[0] = '\0';
}

/* One attempt at the answer with at most max_items checklist items and
 * the citizen's note cut to note_chars characters. */
static void service_text(const struct bot_catalogue *c, const struct bot_office *o, size_t s,
                         size_t max_items, size_t note_chars, struct buf *b)
{
    const json_t *doc = c->svc[s].doc;
    const json_t *list = json_object_get(doc, "checklist");
    size_t nitems = json_array_size(list);
    char note[128];

    buf_printf(b, "*%s*\n", c->svc[s].name);
    if (nitems > 0) {
        buf_puts(b, "\n*Persyaratan:*\n");
        for (size_t i = 0; i < nitems && i < max_items; i++) {
            const json_t *it = json_array_get(list, i);
            const char *text = json_is_string(it) ? json_string_value(it) : jv_str(it, "item");
            item_note(it, note, sizeof note);
            buf_printf(b, "%zu. %s%s\n", i + 1, text, note);
        }
        if (nitems > max_items)
            buf_printf(b, "…dan %zu persyaratan lain (lihat tautan di bawah)\n", nitems - max_items);
    }
    json_t *days = json_object_get(doc, "days");
    buf_puts(b, "\n");
    if (json_is_integer(days) || json_is_real(days)) {
        char t[64];
        service_days_text((long long)json_number_value(days), t, sizeof t);
        buf_printf(b, "*Waktu:* %s\n", t);
    }
    buf_printf(b, "*Biaya:* %s\n", has(jv_str(doc, "cost")) ? jv_str(doc, "cost") : "Gratis");
    const char *nfc = jv_str(doc, "note_for_citizen");
    if (has(nfc) && note_chars > 0) {
        char cut[2048];
        utf8_fit(nfc, note_chars, cut, sizeof cut);
        buf_printf(b, "\n*Catatan:* %s\n", cut);
    }
    if (!o->open_now) {
        buf_puts(b, "\n");
        reply_closed_note(o, b);
        buf_puts(b, "Sambil menunggu, Anda dapat menyiapkan berkas di atas.\n");
    }
    if (has(o->portal_url))
        buf_printf(b, "\nInfo lengkap: %s/layanan/%s", o->portal_url, c->svc[s].slug);
}

void reply_service(const struct bot_catalogue *c, const struct bot_office *o, size_t s,
                   struct buf *b)
{
    /* Staff may write long checklists and notes: shorten until the answer
     * fits one WhatsApp message. */
    static const size_t notes[] = { 600, 300, 0, 0, 0, 0 };
    static const size_t items[] = { 40, 40, 40, 12, 6, 3 };
    size_t start = b->len;
    for (size_t k = 0; k < sizeof notes / sizeof notes[0]; k++) {
        b->len = start;
        if (b->p) b->p[start] = '\0';
        service_text(c, o, s, items[k], notes[k], b);
        if (b->err || utf8_chars(buf_cstr(b)) <= BOT_TEXT_MAX - 300) return;
    }
}

void reply_closed_note(const struct bot_office *o, struct buf *b)
{
    if (has(o->closed_reason)) buf_printf(b, "Hari ini kantor tidak melayani (%s).\n", o->closed_reason);
    if (has(o->status_text)) sentence(b, o->status_text);
    else if (!has(o->closed_reason)) buf_puts(b, "Kantor sedang tutup.\n");
}

void reply_hours(const struct bot_office *o, struct buf *b)
{
    buf_printf(b, "*Jam pelayanan %s*\n", has(o->name) ? o->name : "kantor");
    if (has(o->hours_text)) buf_printf(b, "%s\n", o->hours_text);
    else buf_puts(b, "Jadwal pelayanan belum dicantumkan; petugas kami dapat membantu.\n");
    buf_puts(b, "\n");
    if (has(o->closed_reason)) {
        buf_puts(b, "Hari ini libur: ");
        sentence(b, o->closed_reason);
    }
    if (has(o->status_text)) {
        buf_puts(b, "Saat ini: ");
        sentence(b, o->status_text);
    }
}

void reply_location(const struct bot_office *o, struct buf *b)
{
    int any = has(o->address) || has(o->map_url);
    buf_printf(b, "*Alamat %s*\n", has(o->name) ? o->name : "kantor");
    if (has(o->address)) buf_printf(b, "%s\n", o->address);
    if (has(o->map_url)) buf_printf(b, "Peta: %s\n", o->map_url);
    if (!any) buf_puts(b, "Maaf, alamat kantor belum tercantum di sistem kami.\n");
    if (has(o->phone)) buf_printf(b, "Telepon: %s\n", o->phone);
    if (!any && has(o->portal_url)) buf_printf(b, "Info kantor: %s\n", o->portal_url);
}

void reply_sensitive(const struct bot_office *o, int photo, struct buf *b)
{
    buf_puts(b, "⚠️ Demi keamanan data pribadi Anda, mohon jangan mengirim NIK, nomor KK, atau "
                "foto KTP/KK/akta lewat chat ini. ");
    if (photo == BOT_SENSITIVE_ANNOUNCED) {
        /* before the photo comes: where to send it instead */
        if (o->upload_url && *o->upload_url)
            buf_printf(b, "Silakan kirim fotonya lewat tautan aman ini, yang hanya dapat dibuka "
                          "petugas kantor kami: %s\n", o->upload_url);
        else
            buf_puts(b, "Petugas kami akan mengirimkan tautan unggah yang aman untuk fotonya.\n");
        return;
    }
    /* a photo cannot be masked: say who can see it instead */
    buf_puts(b, photo ? "Foto yang Anda kirim hanya dapat dibuka petugas kantor kami.\n"
                      : "Nomor yang Anda kirim sudah kami samarkan.\n");
    if (o->upload_url && *o->upload_url)
        buf_printf(b, "Bila dokumen diperlukan, unggah lewat tautan aman ini: %s\n", o->upload_url);
    else
        buf_puts(b, "Bila dokumen diperlukan, petugas kami akan mengirimkan tautan unggah yang aman.\n");
}

char *bot_sensitive_warning(const char *upload_url, int photo)
{
    struct bot_office o = {.upload_url = upload_url};
    struct buf b;
    buf_init(&b, 4096);
    reply_sensitive(&o, photo, &b);
    if (b.err) {
        buf_free(&b);
        return NULL;
    }
    /* without the trailing newline, as a message of its own */
    if (b.len && b.p[b.len - 1] == '\n') b.p[--b.len] = '\0';
    return buf_steal(&b);
}
