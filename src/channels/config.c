/* config: see config.h. */
#include "channels/config.h"
#include "channels/send.h"
#include "core/calendar.h"
#include "core/secret.h"
#include "util/jv.h"
#include "util/log.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *field(const json_t *f, const char *k)
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
                      : strcmp(which, "broadcast") == 0 ? "balai_info_terbaru"
                      : strcmp(which, "reminder") == 0 ? "balai_pengingat_ambil"
                      : strcmp(which, "followup") == 0 ? "balai_tindak_lanjut"
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

int channel_active(db_t *db, int64_t office_id, const char *kind)
{
    json_t *ch = NULL;
    int rc = channel_find(db, office_id, kind, &ch);
    int on = rc == DB_ROW && json_is_true(json_object_get(ch, "active"));
    json_decref(ch);
    return rc < 0 ? -1 : on;
}

json_t *channel_template_payload(db_t *db, int64_t office_id, const char *which, json_t *params)
{
    json_t *ch = channel_get(db, office_id, "whatsapp");
    char name[CHANNEL_TEMPLATE_MAX], lang[16];
    channel_template(ch ? jv_str(ch, "settings") : NULL, which, name, lang);
    json_decref(ch);
    return json_pack("{s:{s:s, s:s, s:o}}", "template", "name", name, "language", lang,
                     "params", params);
}

json_t *channel_template_param(const char *s)
{
    if (!s || !*s) return json_string("-");
    char *c = strdup(s);
    if (!c) return json_string("-");
    for (char *p = c; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t') *p = ' ';
    json_t *j = json_string(c);
    free(c);
    return j ? j : json_string("-");
}

json_t *channel_status_params(const char *number, const char *service, const char *label,
                              const char *next)
{
    return json_pack("[o, o, o, o]", channel_template_param(number), channel_template_param(service),
                     channel_template_param(label), channel_template_param(next));
}

void channel_mask(const char *secret, char *out, size_t n)
{
    size_t l = secret ? strlen(secret) : 0;
    if (!l) snprintf(out, n, "(belum diisi)");
    else if (l <= 8) snprintf(out, n, "••••");
    else snprintf(out, n, "••••%s", secret + l - 4);
}

/* The platform's name in messages: Telegram, Instagram or WhatsApp. */
static const char *platform_name(const char *kind)
{
    return strcmp(kind, "telegram") == 0    ? "Telegram"
           : strcmp(kind, "instagram") == 0 ? "Instagram"
                                            : "WhatsApp";
}

static const char *secret_name(const char *kind, const char *col)
{
    if (strcmp(col, "token") == 0) return strcmp(kind, "telegram") == 0 ? "token bot" : "token akses";
    if (strcmp(col, "app_secret") == 0) return "app secret";
    return strcmp(kind, "telegram") == 0 ? "token rahasia" : "token verifikasi";
}

int channel_open_secret(int64_t office_id, const char *kind, const char *col,
                        const char *stored, char out[CHANNEL_SECRET_MAX], char *msg,
                        size_t msglen)
{
    char ad[96];
    /* the same binding channel_save seals with: a value copied into another
     * office, kind or column does not open */
    snprintf(ad, sizeof ad, "channel:%lld:%s:%s", (long long)office_id, kind, col);
    int rc = secret_open(stored ? stored : "", ad, out, CHANNEL_SECRET_MAX);
    if (rc >= 0) return 0;
    if (msg)
        snprintf(msg, msglen, rc == SECRET_NOKEY
                 ? "Kunci rahasia belum dimuat: %s %s tersimpan terenkripsi, tetapi server ini "
                   "berjalan tanpa berkas kunci."
                 : "Kunci rahasia tidak cocok: %s %s tersimpan dengan kunci lain, bukan dengan "
                   "berkas kunci server ini. Jalankan Balai dengan berkas kunci yang dipakai saat "
                   "kanal disimpan, atau isi ulang rahasianya di sini.",
                 secret_name(kind, col), platform_name(kind));
    return -1;
}

int channel_secret(const json_t *ch, const char *col, char out[CHANNEL_SECRET_MAX], char *msg,
                   size_t msglen)
{
    const char *kind = json_string_value(json_object_get(ch, "kind"));
    return channel_open_secret(json_integer_value(json_object_get(ch, "office_id")),
                               kind ? kind : "", col,
                               json_string_value(json_object_get(ch, col)),
                               out, msg, msglen);
}

json_t *channel_public(const json_t *row)
{
    json_t *p = json_deep_copy(row);
    static const char *const secrets[] = {"token", "app_secret", "verify_token"};
    char problem[400] = "";
    for (size_t i = 0; i < 3; i++) {
        char m[32], plain[CHANNEL_SECRET_MAX], why[400];
        if (channel_secret(row, secrets[i], plain, why, sizeof why) == 0) {
            channel_mask(plain, m, sizeof m);
        } else {
            snprintf(m, sizeof m, "(kunci tidak cocok)");
            if (!*problem) snprintf(problem, sizeof problem, "%s", why);
        }
        sodium_memzero(plain, sizeof plain);
        json_object_set_new(p, secrets[i], json_string(m));
    }
    /* a secret this server cannot open stops sending more surely than any
     * error the platform reported earlier */
    if (*problem) json_object_set_new(p, "last_error", json_string(problem));
    return p;
}

static const char *const secret_cols[] = {"token", "app_secret", "verify_token"};

/* A stored value to replace once the walk over the rows is done: `old` as
 * it is stored now, `sealed` what replaces it. */
struct pending { int64_t id; int col; char *old; char *sealed; };

static void free_pending(struct pending *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (v[i].old) sodium_memzero(v[i].old, strlen(v[i].old));
        free(v[i].old);
        free(v[i].sealed);
    }
    free(v);
}

/* Room for one more pending value in *v; -1 when out of memory. */
static int pending_room(struct pending **v, size_t n, size_t *cap)
{
    if (n < *cap) return 0;
    size_t want = *cap ? *cap * 2 : 8;
    struct pending *nv = realloc(*v, want * sizeof **v);
    if (!nv) return -1;
    *v = nv;
    *cap = want;
    return 0;
}

/* The rows of channel_secret_rows, freed with any legacy plaintext
 * secret in them wiped first. */
static void free_secret_rows(json_t *rows)
{
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
        for (size_t c = 0; c < 3; c++) {
            const char *s = json_string_value(json_object_get(row, secret_cols[c]));
            if (s) sodium_memzero((char *)s, strlen(s));
        }
    json_decref(rows);
}

static int seal_pending(db_t *db, struct pending *v, size_t n, int *done)
{
    int rc = db_begin(db);
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = channel_secret_swap(db, v[i].id, secret_cols[v[i].col], v[i].sealed, v[i].old);
    if (rc == 0) rc = db_commit(db);
    if (rc != 0) db_rollback(db);
    else *done = (int)n;
    return rc == 0 ? 0 : -1;
}

/* One stored secret of channel_secrets_check: counted as sealed and
 * opening, sealed and not opening, or plain (then queued for sealing when
 * `seal`). 0, or -1 when out of memory. */
static int check_one(const json_t *row, int c, int seal, struct channel_key_report *rep,
                     struct pending **v, size_t *n, size_t *cap)
{
    int64_t office_id = jv_int(row, "office_id");
    const char *kind = jv_str(row, "kind"), *stored = jv_str(row, secret_cols[c]);
    if (!*stored) return 0;
    if (!secret_is_sealed(stored)) {
        rep->plain++;
        if (!seal) return 0;
        if (pending_room(v, *n, cap) != 0) return -1;
        char ad[96];
        snprintf(ad, sizeof ad, "channel:%lld:%s:%s", (long long)office_id, kind, secret_cols[c]);
        struct pending *p = &(*v)[(*n)++];
        *p = (struct pending){jv_int(row, "id"), c, strdup(stored), secret_seal(stored, ad)};
        return p->old && p->sealed ? 0 : -1;
    }
    char plain[CHANNEL_SECRET_MAX];
    if (channel_open_secret(office_id, kind, secret_cols[c], stored, plain, NULL, 0) == 0)
        rep->sealed++;
    else if (!rep->failed++)
        snprintf(rep->first_failed, sizeof rep->first_failed, "%s/%s %s",
                 *jv_str(row, "slug") ? jv_str(row, "slug") : "?", kind, secret_cols[c]);
    sodium_memzero(plain, sizeof plain);
    return 0;
}

int channel_secrets_check(db_t *db, int seal, struct channel_key_report *rep)
{
    memset(rep, 0, sizeof *rep);
    json_t *rows = channel_secret_rows(db), *row;
    if (!rows) return -1;
    struct pending *v = NULL;
    size_t n = 0, cap = 0, i;
    int rc = 0;
    json_array_foreach(rows, i, row)
        for (int c = 0; c < 3 && rc == 0; c++) rc = check_one(row, c, seal, rep, &v, &n, &cap);
    free_secret_rows(rows);
    /* with a key that opens nothing already sealed, sealing the rest would
     * leave the channels under two keys: wait for the right key */
    if (rc == 0 && seal && n && !rep->failed) rc = seal_pending(db, v, n, &rep->resealed);
    free_pending(v, n);
    return rc;
}

/* One stored secret of channel_secrets_reseal, opened and sealed again
 * with `key` into the pending list. 0, -2 when it does not open, -1 when
 * out of memory. */
static int reseal_one(const json_t *row, int c, const unsigned char *key, struct pending **v,
                      size_t *n, size_t *cap)
{
    int64_t office_id = jv_int(row, "office_id");
    const char *kind = jv_str(row, "kind"), *stored = jv_str(row, secret_cols[c]);
    if (!*stored) return 0;
    char plain[CHANNEL_SECRET_MAX], ad[96];
    if (channel_open_secret(office_id, kind, secret_cols[c], stored, plain, NULL, 0) != 0)
        return -2;      /* all or nothing: one value would be lost */
    int rc = pending_room(v, *n, cap);
    if (rc == 0) {
        snprintf(ad, sizeof ad, "channel:%lld:%s:%s", (long long)office_id, kind, secret_cols[c]);
        struct pending *p = &(*v)[(*n)++];
        *p = (struct pending){jv_int(row, "id"), c, strdup(stored),
                              secret_seal_with(key, plain, ad)};
        if (!p->old || !p->sealed) rc = -1;
    }
    sodium_memzero(plain, sizeof plain);
    return rc;
}

int channel_secrets_reseal(db_t *db, const unsigned char key[SECRET_KEY_BYTES], int *count)
{
    *count = 0;
    json_t *rows = channel_secret_rows(db), *row;
    if (!rows) return -1;
    struct pending *v = NULL;
    size_t n = 0, cap = 0, i;
    int rc = 0;
    json_array_foreach(rows, i, row)
        for (int c = 0; c < 3 && rc == 0; c++) rc = reseal_one(row, c, key, &v, &n, &cap);
    free_secret_rows(rows);
    if (rc == 0 && n) rc = seal_pending(db, v, n, count);
    free_pending(v, n);
    return rc;
}

/* Seals the secret in f[k] for column col of this channel and puts the
 * sealed text in out (caller frees). An empty value stays empty. */
static int seal_field(json_t *f, const char *k, int64_t office_id, const char *kind,
                      const char *col, char **out)
{
    const char *plain = field(f, k);
    char ad[96];
    snprintf(ad, sizeof ad, "channel:%lld:%s:%s", (long long)office_id, kind, col);
    *out = *plain ? secret_seal(plain, ad) : strdup("");
    return *out ? 0 : -1;
}

/* The plaintext secrets typed or kept in f are wiped once sealed. */
static void wipe_fields(json_t *f)
{
    static const char *const keys[] = {"token", "app_secret", "verify_token", "secret_token"};
    for (size_t i = 0; i < 4; i++) {
        const char *s = json_string_value(json_object_get(f, keys[i]));
        if (s) sodium_memzero((char *)s, strlen(s));
    }
}

/* An empty secret keeps the stored one; one this server cannot open must
 * be typed again. */
static void keep_secrets(const json_t *old, json_t *f, json_t *errors, int wa)
{
    static const char *const keep[] = {"token", "app_secret", "verify_token", "secret_token"};
    for (size_t i = 0; i < 4; i++) {
        const char *k = keep[i], *col = strcmp(k, "secret_token") == 0 ? "verify_token" : k;
        if (*field(f, k) || !old || (wa ? i == 3 : (i == 1 || i == 2))) continue;
        char plain[CHANNEL_SECRET_MAX], why[400];
        if (channel_secret(old, col, plain, why, sizeof why) == 0)
            json_object_set_new(f, k, json_string(plain));
        else
            add(errors, k, why);
        sodium_memzero(plain, sizeof plain);
    }
}

/* A Meta app's channel: its numeric account id (WhatsApp's phone number
 * id, Instagram's IG user id, in field `key`, refused with `msg`), the
 * access token, the app secret that signs webhooks and the handshake's
 * verify token. */
static void check_meta(json_t *f, json_t *errors, char account[64], const char *key,
                       const char *msg)
{
    const char *id = field(f, key);
    if (!all_of(id, "", 5, 32, 1)) add(errors, key, msg);
    snprintf(account, 64, "%s", id);
    if (!all_of(field(f, "token"), "-_.|", 10, 1024, 0))
        add(errors, "token", "Token akses wajib diisi (huruf, angka, tanpa spasi).");
    if (!all_of(field(f, "app_secret"), "", 8, 128, 0))
        add(errors, "app_secret", "App secret wajib diisi (huruf dan angka dari dasbor aplikasi "
                                  "Meta).");
    if (!all_of(field(f, "verify_token"), "-_.", 4, 256, 0))
        add(errors, "verify_token", "Token verifikasi 4–256 karakter: huruf, angka, - _ .");
}

static void check_telegram(json_t *f, json_t *errors, char account[64])
{
    /* "123456789:AA...": the bot's id is the part before the colon */
    const char *token = field(f, "token"), *colon = strchr(token, ':');
    if (!colon || colon == token || (size_t)(colon - token) > 20 ||
        !all_of(colon + 1, "-_", 20, 200, 0)) {
        add(errors, "token", "Token bot Telegram berbentuk 123456789:ABC... dari @BotFather.");
    } else {
        snprintf(account, 64, "%.*s", (int)(colon - token), token);
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
    /* the only thing that tells Telegram's deliveries from forged ones:
     * long enough that guessing it (429 after a few tries) is hopeless */
    if (!all_of(field(f, "secret_token"), "-_", 16, 256, 0))
        add(errors, "secret_token", "Token rahasia minimal 16 karakter (paling banyak 256): "
                                    "huruf, angka, - dan _.");
}

/* WhatsApp templates for messages outside the 24-hour window: a given
 * name replaces the stored one, an empty one keeps it. */
static void set_templates(json_t *settings, json_t *f, json_t *errors)
{
    static const char *const which[] = {"status", "survey", "reminder", "broadcast"};
    const char *lang = field(f, "template_language");
    if (*lang && (strlen(lang) > 15 || !channel_template_name_ok(lang)))
        add(errors, "template_language", "Kode bahasa templat berisi huruf kecil, angka dan _, "
                                         "misalnya: id atau en_US ditulis en_us.");
    json_t *tpls = json_object_get(settings, "templates");
    if (!json_is_object(tpls)) {
        tpls = json_object();
        json_object_set_new(settings, "templates", tpls);
    }
    for (size_t i = 0; i < sizeof which / sizeof *which; i++) {
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

/* A whole number setting (rate, broadcast_tier) from f when given. */
static void set_number(json_t *settings, json_t *f, json_t *errors, const char *k, long max,
                       const char *msg)
{
    const char *v = field(f, k);
    if (!*v) return;
    char *end = NULL;
    long n = strtol(v, &end, 10);
    if (*end || n < 1 || n > max || strspn(v, "0123456789") != strlen(v)) {
        add(errors, k, msg);
        return;
    }
    json_object_set_new(settings, k, json_integer(n));
}

/* The channel's settings as JSON text: the stored ones, with WhatsApp's
 * templates and a token's end date (token_expires) from f. NULL when out
 * of memory. */
static char *settings_text(const json_t *old, json_t *f, json_t *errors, int wa)
{
    json_t *settings = json_loads(old ? field(old, "settings") : "", 0, NULL);
    if (!json_is_object(settings)) {
        json_decref(settings);
        settings = json_object();
    }
    const char *expires = field(f, "token_expires");
    int day;
    if (*expires && cal_parse_date(expires, &day) != 0)
        add(errors, "token_expires", "Tanggal habis token ditulis TTTT-BB-HH, misalnya 2027-02-05.");
    else if (*expires)      /* Instagram's long-lived token: the console warns before it ends */
        json_object_set_new(settings, "token_expires", json_string(expires));
    if (wa) {
        set_templates(settings, f, errors);
        set_number(settings, f, errors, "rate", 1000,
                   "Kecepatan kirim berupa angka 1 sampai 1000 pesan per detik.");
        set_number(settings, f, errors, "broadcast_tier", 100000000,
                   "Batas siaran berupa angka penerima per 24 jam, misalnya 1000.");
    }
    char *text = json_dumps(settings, JSON_COMPACT);
    json_decref(settings);
    return text;
}

/* Seals the secrets of f, each bound to this office, kind and column, and
 * writes the row (updating `old` when there is one). 0, DB_CONFLICT, <0. */
static int write_channel(db_t *db, const json_t *old, int64_t office_id, const char *kind,
                         json_t *f, const char *account, const char *settings, int64_t now)
{
    int wa = strcmp(kind, "telegram") != 0;    /* Meta's: WhatsApp, Instagram */
    char *tok = NULL, *secret = NULL, *verify = NULL;
    if (!wa) json_object_set_new(f, "app_secret", json_string(""));
    int rc = seal_field(f, "token", office_id, kind, "token", &tok) != 0 ||
             seal_field(f, "app_secret", office_id, kind, "app_secret", &secret) != 0 ||
             seal_field(f, wa ? "verify_token" : "secret_token", office_id, kind, "verify_token",
                        &verify) != 0 ? -1 : 0;
    wipe_fields(f);
    struct channel_fields cf = {.account = account, .token = tok, .app_secret = secret,
                                .verify_token = verify, .base_url = field(f, "base_url"),
                                .settings = settings};
    if (rc == 0) rc = channel_put(db, old ? jv_int(old, "id") : 0, office_id, kind, &cf, now);
    free(tok);
    free(secret);
    free(verify);
    return rc;
}

/* The audit row of a save, secrets masked on both sides. 0 or -1. */
static int audit_save(db_t *db, const struct actor *who, int64_t office_id, const char *kind,
                      const json_t *old, int64_t now)
{
    json_t *now_row = channel_get(db, office_id, kind);
    json_t *before = old ? channel_public(old) : NULL, *after = now_row ? channel_public(now_row) : NULL;
    char entity[32];
    snprintf(entity, sizeof entity, "%s", kind);
    int rc = after && audit_append(db, who, office_id, "channel.save", "channel", entity, before,
                                   after, now) == 0 ? 0 : -1;
    json_decref(before);
    json_decref(after);
    json_decref(now_row);
    return rc;
}

int channel_save(db_t *db, const struct actor *who, int64_t office_id, const char *kind,
                 json_t *f, json_t *errors, int64_t now)
{
    int wa = strcmp(kind, "whatsapp") == 0, ig = strcmp(kind, "instagram") == 0;
    json_t *old;
    /* a read that failed is not "no channel yet": that would add a second */
    if (channel_find(db, office_id, kind, &old) < 0) {
        wipe_fields(f);
        return -1;
    }
    keep_secrets(old, f, errors, wa || ig);
    if (!secret_key_loaded()) {
        add(errors, "token", "Kunci rahasia server belum dimuat; rahasia kanal tidak dapat "
                             "disimpan.");
    }
    char account[64] = "";
    if (wa)
        check_meta(f, errors, account, "phone_number_id", "Phone number ID berisi 5–32 angka, "
                   "seperti tertulis di WhatsApp Manager.");
    else if (ig)    /* the IG user id the Graph API publishes to */
        check_meta(f, errors, account, "ig_user_id", "ID pengguna Instagram berisi 5–32 angka "
                   "(Instagram user ID akun profesional kantor, bukan nama pengguna).");
    else check_telegram(f, errors, account);
    const char *base = field(f, "base_url");
    if (*base && !url_ok(base))
        add(errors, "base_url", "Alamat API harus diawali http:// atau https://.");
    char *settings = settings_text(old, f, errors, wa);
    int rc = settings ? (int)json_object_size(errors) : -1;
    if (rc == 0) {
        rc = write_channel(db, old, office_id, kind, f, account, settings, now);
        if (rc == DB_CONFLICT)
            add(errors, wa ? "phone_number_id" : ig ? "ig_user_id" : "token",
                wa   ? "Nomor WhatsApp ini sudah dipakai kantor lain."
                : ig ? "Akun Instagram ini sudah dipakai kantor lain."
                     : "Bot Telegram ini sudah dipakai kantor lain.");
        rc = rc == DB_CONFLICT ? 1 : rc == 0 ? audit_save(db, who, office_id, kind, old, now) : -1;
    }
    wipe_fields(f);     /* also when the form goes back with its problems */
    free(settings);
    json_decref(old);
    return rc;
}
