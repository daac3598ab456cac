/* moderation_chat: see moderation_chat.h. */
#include "channels/moderation_chat.h"
#include "bot/bot.h"
#include "db/store_chat.h"
#include "db/store_job.h"
#include "db/store_moderation.h"
#include "db/store_office.h"
#include "util/jv.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *hoax_keyword_rest(const char *text)
{
    static const char *const keys[] = {"lapor hoaks", "lapor hoax", "laporan hoaks"};
    while (isspace((unsigned char)*text)) text++;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        size_t n = strlen(keys[i]);
        if (strncasecmp(text, keys[i], n) != 0 || isalnum((unsigned char)text[n])) continue;
        const char *p = text + n;
        while (*p && (isspace((unsigned char)*p) || *p == ':' || *p == '-' || *p == ',')) p++;
        return p;
    }
    return NULL;
}

/* Files the report; *id gets the entry. 0 or <0. */
static int file_report(db_t *db, const json_t *m, const json_t *office, const char *rest,
                       int64_t conv_id, int64_t now, int64_t *id)
{
    char ref[32];
    size_t n = strlen(rest) + 1;
    char *body = malloc(n);
    if (!body) return -1;
    bot_mask(rest, body, n);
    snprintf(ref, sizeof ref, "%lld", (long long)conv_id);
    struct mod_new e = {
        .office_id = jv_int(m, "office_id"), .now = now, .due_at = mod_due_at(db, office, now),
        .source = "chat", .kind = "hoaks", .external_id = jv_str(m, "external_id"),
        .source_ref = ref, .body = body, .seen_where = "", .author_name = jv_str(m, "sender_name"),
        .contact_channel = jv_str(m, "channel"), .contact = jv_str(m, "sender")};
    struct actor warga = {0, "warga"};
    int rc = mod_add(db, &warga, &e, id);
    free(body);
    return rc < 0 ? -1 : 0;
}

int64_t hoax_keyword(db_t *db, const json_t *m, int64_t conv_id, int64_t now)
{
    const char *channel = jv_str(m, "channel");
    if ((strcmp(channel, "whatsapp") != 0 && strcmp(channel, "telegram") != 0) ||
        strcmp(jv_str(m, "kind"), "text") != 0)
        return 0;
    const char *rest = hoax_keyword_rest(jv_str(m, "body"));
    if (!rest) return 0;
    int64_t office_id = jv_int(m, "office_id"), id = 0;
    json_t *office = office_get_id(db, office_id);
    char text[700];
    int rc = office ? 0 : -1;
    if (rc == 0 && !*rest)
        snprintf(text, sizeof text, "Untuk melaporkan kabar yang diragukan, kirim *lapor hoaks* "
                 "diikuti isi kabarnya dalam satu pesan, misalnya: lapor hoaks Katanya "
                 "pembuatan KTP sekarang bayar, dari grup WA RT.");
    else if (rc == 0 && (rc = file_report(db, m, office, rest, conv_id, now, &id)) == 0)
        snprintf(text, sizeof text, "Terima kasih, laporan Anda sudah kami terima dengan nomor "
                 "%lld. Petugas %s akan memeriksanya; bila klarifikasi resmi terbit, kami "
                 "kabari di sini. Sementara itu, mohon kabar tersebut tidak disebarkan dulu.",
                 (long long)id, jv_str(office, "name"));
    json_decref(office);
    if (rc != 0) return -1;
    int64_t out = chat_message_out(db, office_id, channel, conv_id, "text", text, "{}", "bot", 0,
                                   now);
    if (out > 0 && job_add(db, "send", office_id, out, NULL, 0) != 0) return -1;
    return out;
}
