/* config: see config.h. */
#include "channels/config.h"
#include "channels/send.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>

static const char *field(json_t *f, const char *k)
{
    const char *s = json_string_value(json_object_get(f, k));
    return s ? s : "";
}

static int all_of(const char *s, const char *extra, size_t min, size_t max, int digits_only)
{
    size_t n = strlen(s);
    if (n < min || n > max) return 0;
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        int ok = digits_only ? (c >= '0' && c <= '9')
                             : ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                                (c >= 'A' && c <= 'Z') || strchr(extra, c));
        if (!ok || !c) return 0;
    }
    return 1;
}

static int url_ok(const char *u)
{
    return (strncmp(u, "https://", 8) == 0 || strncmp(u, "http://", 7) == 0) &&
           strlen(u) < 200 && !strpbrk(u, " \t\r\n\"'<>");
}

static void add(json_t *errors, const char *k, const char *msg)
{
    if (!json_object_get(errors, k)) json_object_set_new(errors, k, json_string(msg));
}

int channel_template_name_ok(const char *s)
{
    size_t n = strlen(s);
    if (n < 1 || n > 512) return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_')) return 0;
    return 1;
}

void channel_template(const char *settings, const char *which, char name[CHANNEL_TEMPLATE_MAX],
                      char lang[16])
{
    const char *def = strcmp(which, "survey") == 0     ? "balai_survei"
                      : strcmp(which, "reminder") == 0 ? "balai_pengingat_ambil"
                                                       : "balai_status_permohonan";
    json_t *s = json_loads(settings ? settings : "", 0, NULL);
    json_t *t = json_object_get(json_object_get(s, "templates"), which);
    const char *n = json_string_value(json_object_get(t, "name"));
    const char *l = json_string_value(json_object_get(t, "language"));
    /* a hand-edited setting that Meta would refuse falls back to the default */
    snprintf(name, CHANNEL_TEMPLATE_MAX, "%s", n && channel_template_name_ok(n) ? n : def);
    snprintf(lang, 16, "%s", l && strlen(l) < 16 && channel_template_name_ok(l) ? l : "id");
    json_decref(s);
}

void channel_mask(const char *secret, char *out, size_t n)
{
    size_t l = secret ? strlen(secret) : 0;
    if (!l) snprintf(out, n, "(belum diisi)");
    else if (l <= 8) snprintf(out, n, "••••");
    else snprintf(out, n, "••••%s", secret + l - 4);
}

json_t *channel_public(const json_t *row)
{
    json_t *p = json_deep_copy(row);
    static const char *const secrets[] = {"token", "app_secret", "verify_token"};
    for (size_t i = 0; i < 3; i++) {
        char m[32];
        channel_mask(json_string_value(json_object_get(row, secrets[i])), m, sizeof m);
        json_object_set_new(p, secrets[i], json_string(m));
    }
    return p;
}

int channel_save(db_t *db, const struct actor *who, int64_t office_id, const char *kind,
                 json_t *f, json_t *errors, int64_t now)
{
    int wa = strcmp(kind, "whatsapp") == 0;
    json_t *old = channel_get(db, office_id, kind);
    /* an empty secret keeps the stored one */
    static const char *const keep[] = {"token", "app_secret", "verify_token", "secret_token"};
    for (size_t i = 0; i < 4; i++) {
        const char *k = keep[i], *col = strcmp(k, "secret_token") == 0 ? "verify_token" : k;
        if (!*field(f, k) && old)
            json_object_set(f, k, json_object_get(old, col));
    }
    char account[64] = "";
    const char *token = field(f, "token"), *base = field(f, "base_url");
    if (wa) {
        const char *id = field(f, "phone_number_id");
        if (!all_of(id, "", 5, 32, 1))
            add(errors, "phone_number_id", "Phone number ID berisi 5–32 angka, seperti tertulis di "
                                           "WhatsApp Manager.");
        snprintf(account, sizeof account, "%s", id);
        if (!all_of(token, "-_.|", 10, 1024, 0))
            add(errors, "token", "Token akses wajib diisi (huruf, angka, tanpa spasi).");
        if (!all_of(field(f, "app_secret"), "", 8, 128, 0))
            add(errors, "app_secret", "App secret wajib diisi (huruf dan angka dari dasbor aplikasi "
                                      "Meta).");
        if (!all_of(field(f, "verify_token"), "-_.", 4, 256, 0))
            add(errors, "verify_token", "Token verifikasi 4–256 karakter: huruf, angka, - _ .");
    } else {
        /* "123456789:AA...": the bot's id is the part before the colon */
        const char *colon = strchr(token, ':');
        if (!colon || colon == token || (size_t)(colon - token) > 20 ||
            !all_of(colon + 1, "-_", 20, 200, 0)) {
            add(errors, "token", "Token bot Telegram berbentuk 123456789:ABC... dari @BotFather.");
        } else {
            snprintf(account, sizeof account, "%.*s", (int)(colon - token), token);
            if (!all_of(account, "", 1, 20, 1))
                add(errors, "token", "Token bot Telegram berbentuk 123456789:ABC... dari @BotFather.");
        }
        if (!*field(f, "secret_token")) {
            unsigned char raw[24];
            char hex[49];
            randombytes_buf(raw, sizeof raw);
            sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
            json_object_set_new(f, "secret_token", json_string(hex));
        }
        if (!all_of(field(f, "secret_token"), "-_", 1, 256, 0))
            add(errors, "secret_token", "Token rahasia 1–256 karakter: huruf, angka, - dan _.");
    }
    if (*base && !url_ok(base))
        add(errors, "base_url", "Alamat API harus diawali http:// atau https://.");
    /* WhatsApp templates for messages outside the 24-hour window: a given
     * name replaces the stored one, an empty one keeps it */
    json_t *settings = json_loads(old ? field(old, "settings") : "", 0, NULL);
    if (!json_is_object(settings)) {
        json_decref(settings);
        settings = json_object();
    }
    if (wa) {
        static const char *const which[] = {"status", "survey", "reminder"};
        const char *lang = field(f, "template_language");
        if (*lang && (strlen(lang) > 15 || !channel_template_name_ok(lang)))
            add(errors, "template_language", "Kode bahasa templat berisi huruf kecil, angka dan _, "
                                             "misalnya: id atau en_US ditulis en_us.");
        json_t *tpls = json_object_get(settings, "templates");
        if (!json_is_object(tpls)) {
            tpls = json_object();
            json_object_set_new(settings, "templates", tpls);
        }
        for (size_t i = 0; i < 3; i++) {
            char key[32], cur[CHANNEL_TEMPLATE_MAX], curlang[16];
            snprintf(key, sizeof key, "template_%s", which[i]);
            const char *name = field(f, key);
            if (*name && !channel_template_name_ok(name)) {
                add(errors, key, "Nama templat hanya berisi huruf kecil, angka dan garis bawah "
                                 "(_), paling banyak 512 karakter, persis seperti yang disetujui "
                                 "di WhatsApp Manager.");
                continue;
            }
            char *st = json_dumps(settings, JSON_COMPACT);
            channel_template(st, which[i], cur, curlang);
            free(st);
            json_object_set_new(tpls, which[i], json_pack("{s:s, s:s}", "name", *name ? name : cur,
                                                          "language", *lang ? lang : curlang));
        }
    }
    char *settings_text = json_dumps(settings, JSON_COMPACT);
    json_decref(settings);
    if (!settings_text) {
        json_decref(old);
        return -1;
    }
    int n = (int)json_object_size(errors);
    if (n) {
        free(settings_text);
        json_decref(old);
        return n;
    }
    const char *secret = wa ? field(f, "app_secret") : "";
    const char *verify = wa ? field(f, "verify_token") : field(f, "secret_token");
    int rc;
    if (old)
        rc = db_run(db, "UPDATE channel SET account = ?, token = ?, app_secret = ?, verify_token = ?, "
                        "base_url = ?, settings = ?, active = 1, last_error = '', updated_at = ? "
                        "WHERE id = ?",
                    "ssssssii", account, token, secret, verify, base, settings_text, now,
                    json_integer_value(json_object_get(old, "id")));
    else
        rc = db_run(db, "INSERT INTO channel (office_id, kind, account, token, app_secret, "
                        "verify_token, base_url, settings, created_at, updated_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    "isssssssii", office_id, kind, account, token, secret, verify, base,
                    settings_text, now, now);
    free(settings_text);
    if (rc == DB_CONFLICT) {
        add(errors, wa ? "phone_number_id" : "token",
            wa ? "Nomor WhatsApp ini sudah dipakai kantor lain."
               : "Bot Telegram ini sudah dipakai kantor lain.");
        json_decref(old);
        return 1;
    }
    json_t *now_row = rc == 0 ? channel_get(db, office_id, kind) : NULL;
    json_t *before = old ? channel_public(old) : NULL, *after = now_row ? channel_public(now_row) : NULL;
    char entity[32];
    snprintf(entity, sizeof entity, "%s", kind);
    if (rc == 0 && (!after || audit_append(db, who, office_id, "channel.save", "channel", entity,
                                           before, after, now) != 0))
        rc = -1;
    json_decref(before);
    json_decref(after);
    json_decref(now_row);
    json_decref(old);
    return rc < 0 ? -1 : 0;
}
