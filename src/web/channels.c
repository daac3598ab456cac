/* channels: the console page where an office connects its WhatsApp
 * Business number and Telegram bot, and sees its Instagram account (set up
 * with `balai channel instagram`; shown here masked, each field explained). Secrets are shown masked and an empty
 * secret field keeps the stored one (channels/config.c). The WhatsApp form
 * also sets the broadcast's pace: the number's rate (messages a second)
 * and its messaging tier (recipients a moving 24 hours), with the limits
 * of `balai channel --rate --broadcast-tier`, both checked again by
 * channel_save and kept in the audited "settings". */
#include "channels/broadcast.h"
#include "channels/config.h"
#include "channels/send.h"
#include "http/fields.h"
#include "core/calendar.h"
#include "http/page.h"
#include "web/web.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

/* The rate and tier the WhatsApp number works with now: its settings' or
 * the defaults. */
static void add_limits(json_t *v, const char *settings)
{
    json_t *st = json_loads(settings ? settings : "", 0, NULL);
    json_int_t rate = json_integer_value(json_object_get(st, "rate"));
    json_int_t tier = json_integer_value(json_object_get(st, "broadcast_tier"));
    json_object_set_new(v, "rate", json_integer(rate > 0 ? rate : SEND_RATE_DEFAULT));
    json_object_set_new(v, "broadcast_tier", json_integer(tier > 0 ? tier
                                                          : BROADCAST_TIER_DEFAULT));
    json_decref(st);
}

/* The office's channel of `kind` as the form shows it (the defaults when
 * none is set up); NULL when the database failed, which must not look
 * like "not connected yet". */
static json_t *channel_view(struct req *r, const char *kind)
{
    json_t *row;
    int found = channel_find(r->db, web_office_id(r), kind, &row);
    if (found < 0) return NULL;
    if (!found) {
        char name[CHANNEL_TEMPLATE_MAX], lang[16];
        json_t *v = json_object();
        static const char *const which[] = {"status", "survey", "reminder", "broadcast"};
        for (size_t i = 0; i < 4; i++) {
            char key[32];
            channel_template(NULL, which[i], name, lang);
            snprintf(key, sizeof key, "template_%s", which[i]);
            json_object_set_new(v, key, json_string(name));
        }
        json_object_set_new(v, "template_language", json_string("id"));
        add_limits(v, NULL);
        return v;
    }
    json_t *v = channel_public(row);
    /* the approved templates used outside WhatsApp's 24-hour window */
    static const char *const which[] = {"status", "survey", "reminder", "broadcast"};
    for (size_t i = 0; i < 4; i++) {
        char name[CHANNEL_TEMPLATE_MAX], lang[16], key[32];
        channel_template(json_string_value(json_object_get(row, "settings")), which[i], name, lang);
        snprintf(key, sizeof key, "template_%s", which[i]);
        json_object_set_new(v, key, json_string(name));
        json_object_set_new(v, "template_language", json_string(lang));
    }
    add_limits(v, json_string_value(json_object_get(row, "settings")));
    json_decref(row);
    return v;
}

/* When the Instagram token ends (settings token_expires), in words, and a
 * warning from 14 days before. */
static void add_expiry(json_t *v, const char *settings, int64_t now)
{
    json_t *st = json_loads(settings ? settings : "", 0, NULL);
    int end, today;
    time_t t = (time_t)now;
    struct tm tm;
    gmtime_r(&t, &tm);
    today = cal_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    if (cal_parse_date(json_string_value(json_object_get(st, "token_expires")) ?: "", &end) == 0) {
        char day[64], warn[300];
        cal_format_date_id(end, day, sizeof day);
        json_object_set_new(v, "token_expires", json_string(day));
        int left = cal_diff_days(today, end);
        if (left < 0)
            snprintf(warn, sizeof warn, "Token akses sudah habis sejak %s. Penerbitan ke Instagram "
                     "gagal sampai token diperbarui dengan balai channel instagram.", day);
        else if (left <= 14)
            snprintf(warn, sizeof warn, "Token akses habis %d hari lagi (%s). Buat token baru di "
                     "dasbor Meta, lalu simpan dengan balai channel instagram --token ... "
                     "--token-expires ....", left, day);
        if (left <= 14) json_object_set_new(v, "token_warn", json_string(warn));
    }
    json_decref(st);
}

/* The office's Instagram account, masked: an empty object when none is
 * connected; NULL when the database failed. */
static json_t *instagram_view(struct req *r)
{
    json_t *row;
    int found = channel_find(r->db, web_office_id(r), "instagram", &row);
    if (found < 0) return NULL;
    if (!found) return json_object();
    json_t *v = channel_public(row);
    add_expiry(v, json_string_value(json_object_get(row, "settings")), r->now);
    json_decref(row);
    return v;
}

static void page(struct req *r, const char *kind, json_t *errors, json_t *typed, int saved)
{
    json_t *wa = channel_view(r, "whatsapp"), *tg = wa ? channel_view(r, "telegram") : NULL;
    json_t *ig = tg ? instagram_view(r) : NULL;
    if (!ig) {
        json_decref(wa);
        json_decref(tg);
        page_db_down(r);
        return;
    }
    json_t *vm = web_vm(r, "Kanal pesan");
    json_object_set_new(vm, "wa", wa);
    json_object_set_new(vm, "tg", tg);
    json_object_set_new(vm, "ig", ig);
    char base[300];
    web_base_url(r, base, sizeof base);
    json_object_set_new(vm, "base", json_string(base));
    if (saved) json_object_set_new(vm, "saved", json_true());
    if (errors && json_object_size(errors)) {
        json_object_set_new(vm, kind[0] == 'w' ? "wa_errors" : "tg_errors", json_incref(errors));
        json_object_set_new(vm, kind[0] == 'w' ? "wa_typed" : "tg_typed", json_incref(typed));
    }
    page_render(r, errors && json_object_size(errors) ? 422 : 200, "channels", vm);
}

void web_channels_form(struct req *r)
{
    page(r, "whatsapp", NULL, NULL, req_arg(r, "ok") != NULL);
}

void web_channels_save(struct req *r)
{
    /* one of the spec's choices; a form without it is the WhatsApp one */
    const char *kind = req_has(r, "kind") ? req_text(r, "kind") : "whatsapp";
    static const char *const keys[] = {"phone_number_id", "token", "app_secret", "verify_token",
                                       "secret_token", "base_url", "template_status",
                                       "template_survey", "template_reminder",
                                       "template_broadcast", "template_language", "rate",
                                       "broadcast_tier"};
    json_t *f = json_object(), *errors = json_object(), *typed = json_object();
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        json_object_set_new(f, keys[i], json_string(req_field(r, keys[i])));
        if (i == 0 || i > 4)    /* what the form shows again: never a secret */
            json_object_set_new(typed, keys[i], json_string(req_field(r, keys[i])));
    }
    /* the gate's messages (a number out of range) stop the save too:
     * channel_save writes nothing while errors has any, and wipes f */
    if (r->errors) json_object_update(errors, r->errors);
    struct actor a = web_actor(r);
    int rc = db_begin(r->db) != 0 ? -1 : 0;
    if (rc == 0) {
        rc = channel_save(r->db, &a, web_office_id(r), kind, f, errors, r->now);
        if (rc == 0 && db_commit(r->db) != 0) rc = -1;
        if (rc != 0) db_rollback(r->db);
    }
    if (rc == 0) {
        char loc[200];
        snprintf(loc, sizeof loc, "/console/o/%s/kanal?ok=1",
                 json_string_value(json_object_get(r->office, "slug")));
        resp_redirect(r, loc);
    } else if (rc > 0) {
        page(r, kind, errors, typed, 0);
    } else {
        web_db_fail(r);
    }
    json_decref(typed);
    json_decref(f);
    json_decref(errors);
}
