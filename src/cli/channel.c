/* channel: `balai channel whatsapp|telegram|instagram|list` — sets an
 * office's WhatsApp Cloud API, Telegram bot or Instagram professional
 * account channel (secrets sealed, printed only masked) and registers the
 * Telegram webhook. */
#include "cli/cli.h"
#include "channels/config.h"
#include "channels/http_client.h"
#include "channels/send.h"
#include "channels/telegram.h"
#include "db/store_office.h"
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct channel_args {
    const char *office, *phone_number_id, *ig_user_id, *token, *app_secret, *verify_token, *graph_url,
               *api_url, *secret_token, *webhook_url, *template_status, *template_survey,
               *template_reminder, *template_language, *template_broadcast, *rate,
               *broadcast_tier, *token_expires;
};

static const struct cli_opt channel_opts[] = {
    {"--office", OPT_VALUE, offsetof(struct channel_args, office), "slug kantor"},
    {"--phone-number-id", OPT_VALUE, offsetof(struct channel_args, phone_number_id),
     "ID nomor WhatsApp Business"},
    {"--ig-user-id", OPT_VALUE, offsetof(struct channel_args, ig_user_id),
     "ID pengguna Instagram akun profesional"},
    {"--token", OPT_VALUE, offsetof(struct channel_args, token), "token akses atau token bot"},
    {"--app-secret", OPT_VALUE, offsetof(struct channel_args, app_secret), "rahasia aplikasi Meta"},
    {"--verify-token", OPT_VALUE, offsetof(struct channel_args, verify_token),
     "token verifikasi webhook WhatsApp atau Instagram"},
    {"--graph-url", OPT_VALUE, offsetof(struct channel_args, graph_url),
     "alamat Graph API (untuk uji)"},
    {"--api-url", OPT_VALUE, offsetof(struct channel_args, api_url),
     "alamat API bot Telegram (untuk uji)"},
    {"--secret-token", OPT_VALUE, offsetof(struct channel_args, secret_token),
     "rahasia webhook Telegram"},
    {"--webhook-url", OPT_VALUE, offsetof(struct channel_args, webhook_url),
     "alamat publik Balai untuk webhook Telegram"},
    {"--template-status", OPT_VALUE, offsetof(struct channel_args, template_status),
     "templat WhatsApp status permohonan"},
    {"--template-survey", OPT_VALUE, offsetof(struct channel_args, template_survey),
     "templat WhatsApp survei"},
    {"--template-reminder", OPT_VALUE, offsetof(struct channel_args, template_reminder),
     "templat WhatsApp pengingat ambil"},
    {"--template-broadcast", OPT_VALUE, offsetof(struct channel_args, template_broadcast),
     "templat WhatsApp siaran info"},
    {"--rate", OPT_VALUE, offsetof(struct channel_args, rate),
     "pesan per detik untuk nomor ini (bawaan 80)"},
    {"--broadcast-tier", OPT_VALUE, offsetof(struct channel_args, broadcast_tier),
     "batas penerima siaran per 24 jam (bawaan 1000)"},
    {"--token-expires", OPT_VALUE, offsetof(struct channel_args, token_expires),
     "tanggal habis token Instagram (TTTT-BB-HH)"},
    {"--template-language", OPT_VALUE, offsetof(struct channel_args, template_language),
     "bahasa templat WhatsApp"},
    {0},
};

static void print_channel(const json_t *row, const char *office)
{
    json_t *p = channel_public(row);
    printf("%s\t%s\takun %s\ttoken %s\t%s%s%s\n", office,
           json_string_value(json_object_get(p, "kind")) ?: "",
           json_string_value(json_object_get(p, "account")) ?: "",
           json_string_value(json_object_get(p, "token")) ?: "",
           json_is_true(json_object_get(p, "active")) ? "aktif" : "nonaktif",
           *(json_string_value(json_object_get(p, "last_error")) ?: "") ? "\tgalat: " : "",
           json_string_value(json_object_get(p, "last_error")) ?: "");
    json_decref(p);
}

/* Registers the webhook with Telegram so updates reach this Balai. */
static int tg_set_webhook(const json_t *ch, const char *office, const char *public_url)
{
    char url[CHANNEL_SECRET_MAX + 600], hook[600], err[256], token[CHANNEL_SECRET_MAX], secret[CHANNEL_SECRET_MAX];
    const char *base = json_string_value(json_object_get(ch, "base_url"));
    if (channel_secret(ch, "token", token, err, sizeof err) != 0 ||
        channel_secret(ch, "verify_token", secret, err, sizeof err) != 0) {
        fprintf(stderr, "balai: %s\n", err);
        sodium_memzero(token, sizeof token);
        return 1;
    }
    snprintf(url, sizeof url, "%s/bot%s/setWebhook", base && *base ? base : TG_API_URL, token);
    sodium_memzero(token, sizeof token);
    size_t l = strlen(public_url);
    while (l && public_url[l - 1] == '/') l--;
    snprintf(hook, sizeof hook, "%.*s/webhooks/telegram/%s", (int)l, public_url, office);
    json_t *b = json_pack("{s:s, s:s, s:[s,s], s:i}", "url", hook, "secret_token", secret,
                          "allowed_updates", "message", "callback_query", "max_connections", 40);
    sodium_memzero(secret, sizeof secret);
    char *body = json_dumps(b, JSON_COMPACT);
    json_decref(b);
    struct hc_resp r;
    int rc = hc_request("POST", url, NULL, body, 64 * 1024, 15000, &r, err, sizeof err);
    sodium_memzero(url, sizeof url);
    if (body) sodium_memzero(body, strlen(body));
    free(body);
    json_t *ans = rc == 0 ? json_loadb(r.body.p ? r.body.p : "", r.body.len, 0, NULL) : NULL;
    int ok = json_is_true(json_object_get(ans, "ok"));
    if (ok) printf("Webhook Telegram terpasang: %s\n", hook);
    else fprintf(stderr, "balai: webhook Telegram belum terpasang: %s\n",
                 rc != 0 ? err : json_string_value(json_object_get(ans, "description")) ?: "galat");
    json_decref(ans);
    hc_resp_free(&r);
    return ok ? 0 : 1;
}

/* `channel list`: every office's channels, or one office's. */
static void list_channels(db_t *db, const char *only)
{
    static const char *const kinds[] = {"whatsapp", "telegram", "instagram"};
    json_t *offices = office_list(db);
    size_t i;
    json_t *of;
    json_array_foreach(offices, i, of) {
        const char *slug = json_string_value(json_object_get(of, "slug"));
        if (only && strcmp(only, slug) != 0) continue;
        for (int k = 0; k < 3; k++) {
            json_t *ch = channel_get(db, json_integer_value(json_object_get(of, "id")), kinds[k]);
            if (ch) {
                json_object_set_new(ch, "kind", json_string(kinds[k]));
                print_channel(ch, slug);
            }
            json_decref(ch);
        }
    }
    json_decref(offices);
}

/* The options given, as the fields channel_save reads. */
static json_t *channel_fields(const struct channel_args *o, const char *kind)
{
    json_t *f = json_object();
    const struct { const char *key; const char *val; } fields[] = {
        {"phone_number_id", o->phone_number_id}, {"ig_user_id", o->ig_user_id},
        {"token", o->token},
        {"app_secret", o->app_secret}, {"verify_token", o->verify_token},
        {"secret_token", o->secret_token},
        {"base_url", strcmp(kind, "telegram") != 0 ? o->graph_url : o->api_url},
        {"template_status", o->template_status}, {"template_survey", o->template_survey},
        {"template_reminder", o->template_reminder},
        {"template_broadcast", o->template_broadcast}, {"rate", o->rate},
        {"broadcast_tier", o->broadcast_tier},
        {"template_language", o->template_language}, {"token_expires", o->token_expires},
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (fields[i].val) json_object_set_new(f, fields[i].key, json_string(fields[i].val));
    return f;
}

/* Saves the channel in one transaction; 0, or 1 after printing why not
 * (each refused field, or the database error). */
static int save_channel(db_t *db, int64_t office_id, const char *kind, json_t *f)
{
    json_t *errors = json_object();
    struct actor who = cli_actor();
    int rc = db_begin(db) != 0 ? -1 : 0;
    if (rc == 0) rc = channel_save(db, &who, office_id, kind, f, errors, time(NULL));
    if (rc == 0 && db_commit(db) != 0) rc = -1;
    if (rc != 0) db_rollback(db);
    if (rc > 0) {
        const char *k;
        json_t *v;
        json_object_foreach(errors, k, v) fprintf(stderr, "balai: %s: %s\n", k, json_string_value(v));
    } else if (rc < 0)
        fprintf(stderr, "balai: pengaturan kanal tidak tersimpan: %s\n", db_errmsg(db));
    json_decref(errors);
    return rc != 0;
}

/* The saved channel, masked, and how its webhook reaches this Balai
 * (registered now for Telegram when --webhook-url is given). */
static int report_saved(db_t *db, int64_t office_id, const char *kind,
                        const struct channel_args *o)
{
    int rc = 0;
    json_t *ch = channel_get(db, office_id, kind);
    json_object_set_new(ch, "kind", json_string(kind));
    printf("Kanal %s kantor %s tersimpan.\n", kind, o->office);
    print_channel(ch, o->office);
    if (strcmp(kind, "telegram") != 0)
        printf("Alamat webhook untuk dasbor Meta: <alamat publik Balai>/webhooks/%s\n", kind);
    else if (o->webhook_url) {
        hc_init();
        rc = tg_set_webhook(ch, o->office, o->webhook_url);
        hc_cleanup();
    } else
        printf("Pasang webhook dengan --webhook-url https://alamat-publik-balai\n");
    json_decref(ch);
    return rc;
}

static int channel_cmd(struct cli *c, void *opts)
{
    const struct channel_args *o = opts;
    const char *kind = c->pos.n ? c->pos.v[0] : "";
    int list = strcmp(kind, "list") == 0;
    if (!list && strcmp(kind, "whatsapp") != 0 && strcmp(kind, "telegram") != 0 &&
        strcmp(kind, "instagram") != 0) {
        cli_usage(c);
        return 2;
    }
    if (!list && !o->office) {
        fprintf(stderr, "balai: --office wajib diisi\n");
        return 2;
    }
    db_t *db = cli_open_db_keyed(c);
    if (!db) return 1;
    int rc = 1;
    json_t *office = NULL, *f = NULL;
    if (list) {
        list_channels(db, o->office);
        rc = 0;
        goto out;
    }
    office = office_get(db, o->office);
    if (!office) {
        fprintf(stderr, "balai: kantor \"%s\" tidak ditemukan\n", o->office);
        goto out;
    }
    int64_t office_id = json_integer_value(json_object_get(office, "id"));
    f = channel_fields(o, kind);
    rc = save_channel(db, office_id, kind, f);
    if (rc == 0) rc = report_saved(db, office_id, kind, o);
out:
    json_decref(f);
    json_decref(office);
    db_close(db);
    return rc;
}

const struct cli_cmd cli_cmd_channel = {
    .name = "channel",
    .usage = "channel whatsapp --office SLUG --phone-number-id ID --token TOKEN --app-secret RAHASIA\n"
                "               --verify-token TOKEN [--graph-url URL] [--db URL]\n"
                "               [--template-status NAMA] [--template-survey NAMA]\n"
                "               [--template-reminder NAMA] [--template-broadcast NAMA]\n"
                "               [--template-language id] [--rate 80] [--broadcast-tier 1000]\n"
                "       balai channel telegram --office SLUG --token TOKEN_BOT [--secret-token RAHASIA]\n"
                "               [--api-url URL] [--webhook-url ALAMAT_PUBLIK]\n"
                "       balai channel instagram --office SLUG --ig-user-id ID --token TOKEN\n"
                "               --app-secret RAHASIA --verify-token TOKEN [--graph-url URL]\n"
                "               [--token-expires TTTT-BB-HH]\n"
                "       balai channel list [--office SLUG]\n"
                "  Mengatur kanal WhatsApp Cloud API, bot Telegram atau akun Instagram profesional\n"
                "  sebuah kantor. Rahasia yang dikosongkan tetap memakai yang tersimpan; rahasia\n"
                "  hanya dicetak tersamar.\n"
                "  --template-* menamai templat WhatsApp yang sudah disetujui, dipakai di luar jendela\n"
                "  24 jam (status permohonan, survei, pengingat ambil, siaran info). --rate dan\n"
                "  --broadcast-tier mengikuti batas nomor di WhatsApp Manager. --token-expires\n"
                "  mencatat kapan token jangka panjang Instagram habis (sekitar 60 hari); halaman\n"
                "  kanal mengingatkan 14 hari sebelumnya.",
    .opts = channel_opts,
    .opts_size = sizeof(struct channel_args),
    .run = channel_cmd,
};
