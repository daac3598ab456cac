/* routes: THE route table. One line a route: method, path, handler, who may
 * call it (auth, permission, office scope), flags and body limit. The gate
 * (gate.c) enforces each line before the handler runs, and the end-to-end
 * suite walks this table (`balai routes`) proving each route refuses
 * anonymous users, the wrong role and the wrong office. A POST line ends
 * with its fields (web/specs.c), which the gate validates and converts
 * (http/fields.h); RF_FORM: its handler shows the messages beside the fields. */
#include "http/route.h"
#include "http/req.h"
#include "core/role.h"
#include "web/specs.h"
#include "web/web.h"
#include "web/content_visual.h"
#include "web/moderation.h"
#include "web/episode.h"
#include "web/podcast.h"

#define PUB  AUTH_PUBLIC, 0, SCOPE_NONE
#define STAFF AUTH_STAFF, 0, SCOPE_NONE
#define OFFICE(p) AUTH_STAFF, (p), SCOPE_OFFICE
#define ANY(p) AUTH_STAFF, (p), SCOPE_ANY

/* GET lines and the raw webhooks leave `fields` out */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

const struct route routes[] = {
    /* public */
    {"GET",  "/",                          web_home,            PUB, RF_CACHE, 0},
    {"GET",  "/healthz",                   web_health,          PUB, 0, 0},
    {"GET",  "/static/{file}",             web_static,          PUB, 0, 0},
    {"GET",  "/o/{office}/logo",           web_logo,            PUB, 0, 0},
    {"GET",  "/o/{office}",                web_portal_office,   PUB, RF_CACHE, 0},
    {"GET",  "/o/{office}/layanan/{service}", web_portal_service, PUB, RF_CACHE, 0},   /* also .pdf .png */
    {"GET",  "/o/{office}/layanan/{service}/kartu", web_portal_cards, PUB, RF_CACHE, 0},
    /* applying on the portal: the form carries the pre-session token like
     * /login; never cached (web/apply.c) */
    {"GET",  "/o/{office}/layanan/{service}/ajukan", web_apply_form, PUB, 0, 0},
    {"POST", "/o/{office}/layanan/{service}/ajukan", web_apply,   PUB, RF_PRE_CSRF | RF_FORM, 0, spec_apply},
    {"GET",  "/o/{office}/poster.pdf",     web_print_poster,    PUB, RF_CACHE, 0},
    {"GET",  "/o/{office}/manifest.webmanifest", web_manifest,  PUB, RF_CACHE, 0},
    {"GET",  "/api/v1/offices/{office}/services", web_api_services, PUB, RF_CACHE, 0},
    {"GET",  "/sw.js",                     web_service_worker,  PUB, 0, 0},
    {"GET",  "/widget.js",                 web_widget,          PUB, 0, 0},
    {"GET",  "/icons/{file}",              web_icon,            PUB, 0, 0},
    {"POST", "/o/{office}/obrolan",        web_chat_send,       PUB, RF_RAW, 8 * 1024},
    {"GET",  "/o/{office}/obrolan",        web_chat_poll,       PUB, 0, 0},
    {"GET",  "/unggah/{token}",            web_upload_form,     PUB, 0, 0},
    {"POST", "/unggah/{token}",            web_upload,          PUB, RF_UPLOAD | RF_STREAM, 6 * 1024 * 1024, spec_upload},
    {"GET",  "/webhooks/whatsapp",         web_wa_verify,       PUB, 0, 0},
    {"POST", "/webhooks/whatsapp",         web_wa_webhook,      PUB, RF_RAW, 1024 * 1024},
    {"GET",  "/webhooks/instagram",        web_ig_verify,       PUB, 0, 0},
    {"POST", "/webhooks/instagram",        web_ig_webhook,      PUB, RF_RAW, 1024 * 1024},
    {"POST", "/webhooks/telegram/{office}", web_tg_webhook,     PUB, RF_RAW, 1024 * 1024},
    {"GET",  "/login",                     web_login_form,      PUB, 0, 0},
    {"POST", "/login",                     web_login,           PUB, RF_PRE_CSRF, 0, spec_login},
    /* any signed-in staff member */
    {"POST", "/logout",                    web_logout,          STAFF, RF_SESSION, 0, spec_none},
    {"GET",  "/console",                   web_console,         STAFF, 0, 0},
    {"GET",  "/console/password",          web_password_form,   STAFF, 0, 0},
    {"POST", "/console/password",          web_password,        STAFF, RF_SESSION, 0, spec_password},
    /* one's own personal access tokens: never through a token */
    {"GET",  "/console/token",             web_tokens,          STAFF, RF_SESSION, 0},
    {"POST", "/console/token",             web_token_create,    STAFF, RF_SESSION | RF_FORM, 0, spec_token_create},
    {"POST", "/console/token/cabut",       web_token_revoke,    STAFF, RF_SESSION, 0, spec_token_revoke},
    {"GET",  "/console/holidays",          web_holidays,        STAFF, 0, 0},
    {"POST", "/console/holidays/{year}/confirm", web_holidays_confirm, ANY(PERM_HOLIDAYS), 0, 0, spec_none},
    {"GET",  "/console/audit",             web_audit,           ANY(PERM_AUDIT), 0, 0},
    {"GET",  "/console/audit.csv",         web_audit_csv,       ANY(PERM_AUDIT), 0, 0},
    /* one office */
    {"GET",  "/console/o/{office}",        web_office_show,     OFFICE(PERM_VIEW), 0, 0},
    {"GET",  "/console/o/{office}/edit",   web_office_edit_form, OFFICE(PERM_OFFICE_EDIT), 0, 0},
    {"POST", "/console/o/{office}/edit",   web_office_edit,     OFFICE(PERM_OFFICE_EDIT), RF_FORM, 0, spec_office_edit},
    {"GET",  "/console/o/{office}/hours",  web_office_hours_form, OFFICE(PERM_OFFICE_EDIT), 0, 0},
    {"POST", "/console/o/{office}/hours",  web_office_hours,    OFFICE(PERM_OFFICE_EDIT), RF_FORM, 0, spec_office_hours},
    {"GET",  "/console/o/{office}/holidays", web_office_holidays, OFFICE(PERM_VIEW), 0, 0},
    {"POST", "/console/o/{office}/leave",  web_office_leave,    OFFICE(PERM_OFFICE_EDIT), RF_FORM, 0, spec_office_leave},
    {"POST", "/console/o/{office}/leave/delete", web_office_leave_delete, OFFICE(PERM_OFFICE_EDIT), 0, 0, spec_office_leave_delete},
    {"POST", "/console/o/{office}/logo",   web_office_logo,     OFFICE(PERM_OFFICE_EDIT), RF_UPLOAD, 600 * 1024, spec_office_logo},
    {"GET",  "/console/o/{office}/new",    web_office_new_form, OFFICE(PERM_OFFICE_CREATE), 0, 0},
    {"POST", "/console/o/{office}/new",    web_office_new,      OFFICE(PERM_OFFICE_CREATE), RF_FORM, 0, spec_office_new},
    {"GET",  "/console/o/{office}/staff",  web_staff_list,      OFFICE(PERM_STAFF), 0, 0},
    {"POST", "/console/o/{office}/staff",  web_staff_add,       OFFICE(PERM_STAFF), RF_FORM, 0, spec_staff_add},
    {"GET",  "/console/o/{office}/staff/{user}", web_staff_show, OFFICE(PERM_STAFF), 0, 0},
    {"POST", "/console/o/{office}/staff/{user}", web_staff_update, OFFICE(PERM_STAFF), RF_FORM, 0, spec_staff_update},
    {"POST", "/console/o/{office}/staff/{user}/password", web_staff_password, OFFICE(PERM_STAFF), 0, 0, spec_staff_password},
    {"GET",  "/console/o/{office}/escalation", web_escalation_form, OFFICE(PERM_STAFF), 0, 0},
    {"POST", "/console/o/{office}/escalation", web_escalation, OFFICE(PERM_STAFF), RF_FORM, 0, spec_escalation},
    {"GET",  "/console/o/{office}/audit",  web_office_audit,    OFFICE(PERM_AUDIT), 0, 0},
    {"GET",  "/console/o/{office}/audit.csv", web_office_audit_csv, OFFICE(PERM_AUDIT), 0, 0},
    /* the office's catalogue; "baru" comes before {service} and is not a
     * valid slug (core/service.c) */
    {"GET",  "/console/o/{office}/layanan", web_catalogue_list, OFFICE(PERM_VIEW), 0, 0},
    {"GET",  "/console/o/{office}/percakapan", web_inbox_list,  OFFICE(PERM_INBOX), 0, 0},
    /* the live shared inbox; "live" comes before {conversation}, which
     * would otherwise take it (the first matching line wins) */
    {"GET",  "/console/o/{office}/percakapan/live", web_inbox_live, OFFICE(PERM_INBOX), 0, 0},
    {"POST", "/console/o/{office}/percakapan/{conversation}/mengetik", web_inbox_typing, OFFICE(PERM_INBOX), 0, 0, spec_none},
    {"POST", "/console/o/{office}/percakapan/{conversation}/tugaskan", web_inbox_assign, OFFICE(PERM_INBOX), 0, 0, spec_inbox_assign},
    {"POST", "/console/o/{office}/percakapan/{conversation}/catatan", web_inbox_note, OFFICE(PERM_INBOX), RF_FORM, 0, spec_inbox_note},
    {"POST", "/console/o/{office}/percakapan/{conversation}/label", web_inbox_label, OFFICE(PERM_INBOX), RF_FORM, 0, spec_inbox_label},
    {"GET",  "/console/o/{office}/percakapan/{conversation}", web_inbox_thread, OFFICE(PERM_INBOX), 0, 0},
    {"POST", "/console/o/{office}/percakapan/{conversation}/balas", web_inbox_reply, OFFICE(PERM_INBOX), RF_FORM, 0, spec_inbox_reply},
    {"POST", "/console/o/{office}/percakapan/{conversation}/status", web_inbox_state, OFFICE(PERM_INBOX), 0, 0, spec_inbox_state},
    /* SLA settings, templates after the window, escalation, sending later */
    {"GET",  "/console/o/{office}/percakapan-setelan", web_inbox_settings_form, OFFICE(PERM_OFFICE_EDIT), 0, 0},
    {"POST", "/console/o/{office}/percakapan-setelan", web_inbox_settings, OFFICE(PERM_OFFICE_EDIT), RF_FORM, 0, spec_inbox_settings},
    {"POST", "/console/o/{office}/percakapan/{conversation}/templat", web_inbox_template, OFFICE(PERM_INBOX), 0, 0, spec_inbox_template},
    {"POST", "/console/o/{office}/percakapan/{conversation}/eskalasi", web_inbox_escalate, OFFICE(PERM_INBOX), 0, 0, spec_none},
    {"POST", "/console/o/{office}/percakapan/{conversation}/kirim-nanti", web_inbox_schedule, OFFICE(PERM_INBOX), RF_FORM, 0, spec_inbox_schedule},
    {"POST", "/console/o/{office}/percakapan/{conversation}/kirim-nanti/batal", web_inbox_schedule_cancel, OFFICE(PERM_INBOX), 0, 0, spec_inbox_schedule_cancel},
    /* requests; "baru" comes before {request}, which is a number */
    {"GET",  "/console/o/{office}/permohonan", web_request_list, OFFICE(PERM_REQUEST), 0, 0},
    {"GET",  "/console/o/{office}/permohonan/baru", web_request_new_form, OFFICE(PERM_REQUEST), 0, 0},
    {"POST", "/console/o/{office}/permohonan/baru", web_request_new, OFFICE(PERM_REQUEST), RF_FORM, 0, spec_request_new},
    {"GET",  "/console/o/{office}/permohonan/{request}", web_request_show, OFFICE(PERM_REQUEST), 0, 0},
    {"POST", "/console/o/{office}/permohonan/{request}/status", web_request_status, OFFICE(PERM_REQUEST), RF_FORM, 0, spec_request_status},
    {"POST", "/console/o/{office}/permohonan/{request}/berkas", web_request_verdict, OFFICE(PERM_VERIFY), RF_FORM, 0, spec_request_verdict},
    {"POST", "/console/o/{office}/permohonan/{request}/ambil", web_request_pickup, OFFICE(PERM_REQUEST), 0, 0, spec_request_pickup},
    {"GET",  "/console/o/{office}/berkas/{media}", web_media,   OFFICE(PERM_INBOX), 0, 0},
    {"GET",  "/console/o/{office}/kanal",  web_channels_form,   OFFICE(PERM_CHANNEL), 0, 0},
    {"POST", "/console/o/{office}/kanal",  web_channels_save,   OFFICE(PERM_CHANNEL), RF_FORM, 0, spec_channels},
    {"GET",  "/console/o/{office}/layanan/baru", web_catalogue_new_form, OFFICE(PERM_CATALOGUE), 0, 0},
    {"POST", "/console/o/{office}/layanan/baru", web_catalogue_new, OFFICE(PERM_CATALOGUE), RF_FORM, 0, spec_catalogue},
    {"GET",  "/console/o/{office}/layanan/{service}", web_catalogue_edit_form, OFFICE(PERM_CATALOGUE), 0, 0},
    {"POST", "/console/o/{office}/layanan/{service}", web_catalogue_edit, OFFICE(PERM_CATALOGUE), RF_FORM, 0, spec_catalogue},
    {"GET",  "/console/o/{office}/layanan/{service}/riwayat", web_catalogue_history, OFFICE(PERM_CATALOGUE), 0, 0},
    {"GET",  "/console/o/{office}/layanan/{service}/riwayat/{version}", web_catalogue_version, OFFICE(PERM_CATALOGUE), 0, 0},
    {"POST", "/console/o/{office}/layanan/{service}/riwayat/{version}/pulihkan", web_catalogue_restore, OFFICE(PERM_CATALOGUE), 0, 0, spec_catalogue_restore},
    {"GET",  "/console/o/{office}/templat", web_catalogue_templates, OFFICE(PERM_CATALOGUE), 0, 0},
    {"POST", "/console/o/{office}/templat", web_catalogue_copy, OFFICE(PERM_CATALOGUE), 0, 0, spec_catalogue_copy},
    /* pickup slots (web/pickup.c) and the public status page (web/status.c):
     * the status page changes with every status change, so it is never
     * cached; its booking form carries the pre-session token like /login */
    {"GET",  "/console/o/{office}/jadwal-ambil", web_pickup,     OFFICE(PERM_OFFICE_EDIT), 0, 0},
    {"POST", "/console/o/{office}/jadwal-ambil", web_pickup_save, OFFICE(PERM_OFFICE_EDIT), RF_FORM, 0, spec_pickup},
    {"GET",  "/o/{office}/status",         web_status,          PUB, 0, 0},
    {"POST", "/o/{office}/status",         web_status_book,     PUB, RF_PRE_CSRF, 0, spec_status_book},
    /* Web Push for the portal chat (web/webchat.c) */
    {"GET",  "/o/{office}/obrolan/notifikasi", web_chat_push_key, PUB, 0, 0},
    {"POST", "/o/{office}/obrolan/notifikasi", web_chat_push_subscribe, PUB, 0, 4096, spec_chat_push},
    {"POST", "/o/{office}/obrolan/notifikasi/hapus", web_chat_push_remove, PUB, 0, 4096, spec_chat_push_remove},
    /* news on the portal, feeds and sharing (C2, web/news*.c); the feeds'
     * literal segments never clash with {slug} (a different depth) */
    {"GET",  "/o/{office}/berita",         web_news_list,       PUB, RF_CACHE, 0},
    {"GET",  "/o/{office}/berita.atom",    web_news_atom,       PUB, RF_CACHE, 0},
    {"GET",  "/o/{office}/berita.rss",     web_news_rss,        PUB, RF_CACHE, 0},
    {"GET",  "/o/{office}/berita/{slug}",  web_news_item,       PUB, RF_CACHE, 0},
    {"GET",  "/o/{office}/berita/{slug}/visual", web_news_visual, PUB, 0, 0},
    {"GET",  "/o/{office}/berita/{slug}/visual.jpg", web_news_visual_jpeg, PUB, 0, 0},
    /* the moderation queue (issue 17, web/moderation*.c): public forms with the
     * pre-session token, never cached; the console's queue and decisions */
    {"GET",  "/o/{office}/berita/{slug}/tanya", web_mod_ask_form, PUB, 0, 0},
    {"POST", "/o/{office}/berita/{slug}/tanya", web_mod_ask,      PUB, RF_PRE_CSRF | RF_FORM, 16 * 1024, spec_mod_ask},
    {"GET",  "/o/{office}/lapor-hoaks",     web_mod_hoax_form,   PUB, 0, 0},
    {"POST", "/o/{office}/lapor-hoaks",     web_mod_hoax,        PUB, RF_PRE_CSRF | RF_FORM, 16 * 1024, spec_mod_hoax},
    {"GET",  "/console/o/{office}/moderasi", web_moderation,     OFFICE(PERM_MODERATE), 0, 0},
    {"POST", "/console/o/{office}/moderasi/{entry}/putuskan", web_moderation_decide, OFFICE(PERM_MODERATE), 0, 16 * 1024, spec_mod_decide},
    {"POST", "/console/o/{office}/moderasi/{entry}/klarifikasi", web_moderation_clarify, OFFICE(PERM_MODERATE), 0, 0, spec_none},
    {"GET",  "/console/o/{office}/berita-bersama", web_news_shares, OFFICE(PERM_CONTENT_PUBLISH), 0, 0},
    {"POST", "/console/o/{office}/berita-bersama/tawarkan", web_news_share_offer, OFFICE(PERM_CONTENT_PUBLISH), 0, 0, spec_news_share_offer},
    {"POST", "/console/o/{office}/berita-bersama/putuskan", web_news_share_decide, OFFICE(PERM_CONTENT_PUBLISH), 0, 0, spec_news_share_decide},
    /* content calendar, quarterly plan and the calendar feed (issue 16, C3:
     * web/calendar.c, calendar_feed.c, plan.c); the feed's address is its
     * own key, since calendar apps cannot sign in */
    {"GET",  "/console/o/{office}/kalender", web_calendar,       OFFICE(PERM_VIEW), 0, 0},
    {"POST", "/console/o/{office}/kalender/alamat-ical", web_calendar_feed_new, OFFICE(PERM_CONTENT_PUBLISH), 0, 0, spec_none},
    {"POST", "/console/o/{office}/kalender/{item}/jadwal", web_calendar_reschedule, OFFICE(PERM_CONTENT_PUBLISH), RF_FORM, 0, spec_content_reschedule},
    {"GET",  "/console/o/{office}/rencana", web_plan,             OFFICE(PERM_VIEW), 0, 0},
    {"POST", "/console/o/{office}/rencana", web_plan_save,        OFFICE(PERM_CONTENT_PUBLISH), RF_FORM, 0, spec_content_plan},
    {"GET",  "/kalender/{token}",          web_calendar_ics,     PUB, 0, 0},
    /* content publishing, C1: the SIMPONI workflow (web/content.c); "baru"
     * comes before {item}, which is a number. Each step's own permission
     * and the author rule are checked in the handler (core/content_flow.h) */
    {"GET",  "/console/o/{office}/konten", web_content_list,    OFFICE(PERM_VIEW), 0, 0},
    {"GET",  "/console/o/{office}/konten/baru", web_content_new_form, OFFICE(PERM_CONTENT_DRAFT), 0, 0},
    {"POST", "/console/o/{office}/konten/baru", web_content_new, OFFICE(PERM_CONTENT_DRAFT), RF_FORM, 256 * 1024, spec_content_new},
    {"GET",  "/console/o/{office}/konten/{item}", web_content_show, OFFICE(PERM_VIEW), 0, 0},
    {"GET",  "/console/o/{office}/konten/{item}/ubah", web_content_edit_form, OFFICE(PERM_CONTENT_DRAFT), 0, 0},
    {"POST", "/console/o/{office}/konten/{item}/ubah", web_content_edit, OFFICE(PERM_CONTENT_DRAFT), RF_FORM, 256 * 1024, spec_content_edit},
    {"POST", "/console/o/{office}/konten/{item}/langkah", web_content_step, OFFICE(PERM_VIEW), RF_FORM, 0, spec_content_step},
    {"POST", "/console/o/{office}/konten/{item}/periksa", web_content_check, OFFICE(PERM_CONTENT_VALIDATE), RF_FORM, 0, spec_content_check},
    /* content visuals, RT/RW group text, pamphlet (issue 16, C5; web/content_visual.c) */
    {"GET",  "/console/o/{office}/konten/{item}/visual", web_content_visual, OFFICE(PERM_CONTENT_DESIGN), 0, 0},
    {"POST", "/console/o/{office}/konten/{item}/visual", web_content_visual_upload, OFFICE(PERM_CONTENT_DESIGN), RF_UPLOAD | RF_FORM, 6 * 1024 * 1024, spec_content_visual},
    {"POST", "/console/o/{office}/konten/{item}/visual/buat", web_content_visual_make, OFFICE(PERM_CONTENT_DESIGN), RF_FORM, 0, spec_content_visual_make},
    {"GET",  "/console/o/{office}/konten/{item}/visual/gambar", web_content_visual_image, OFFICE(PERM_VIEW), 0, 0},
    {"GET",  "/console/o/{office}/konten/{item}/teks-grup", web_content_group, OFFICE(PERM_VIEW), 0, 0},
    {"GET",  "/console/o/{office}/konten/{item}/pamflet.pdf", web_content_pamphlet, OFFICE(PERM_VIEW), 0, 0},
    /* podcast episodes, the show and its feed (issue 17; web/episode.c, web/podcast.c) */
    {"GET",  "/console/o/{office}/konten/{item}/episode", web_episode, OFFICE(PERM_VIEW), 0, 0},
    {"POST", "/console/o/{office}/konten/{item}/episode", web_episode_upload, OFFICE(PERM_VIEW), RF_UPLOAD | RF_FORM | RF_BIG, EPISODE_MAX_BYTES + 64 * 1024, spec_episode},
    {"GET",  "/o/{office}/berita/{slug}/episode/{file}", web_episode_file, PUB, 0, 0},
    {"GET",  "/o/{office}/podcast.xml",    web_podcast_feed,    PUB, RF_CACHE, 0},
    {"GET",  "/o/{office}/podcast/{file}", web_podcast_cover,  PUB, 0, 0},
    {"GET",  "/console/o/{office}/podcast", web_podcast_settings, OFFICE(PERM_CONTENT_PUBLISH), 0, 0},
    {"POST", "/console/o/{office}/podcast", web_podcast_settings_save, OFFICE(PERM_CONTENT_PUBLISH), RF_UPLOAD | RF_FORM, 16 * 1024 * 1024, spec_podcast_show},
    /* C4: WhatsApp broadcast of a published item to subscribers (web/broadcast.c) */
    {"POST", "/console/o/{office}/konten/{item}/instagram", web_content_instagram, OFFICE(PERM_CONTENT_PUBLISH), 0, 0, spec_instagram},
    {"GET",  "/console/o/{office}/konten/{item}/siarkan", web_broadcast_form, OFFICE(PERM_CONTENT_PUBLISH), 0, 0},
    {"POST", "/console/o/{office}/konten/{item}/siarkan", web_broadcast_start, OFFICE(PERM_CONTENT_PUBLISH), 0, 0, spec_broadcast},
    {"GET",  "/console/o/{office}/siaran", web_broadcast_list, OFFICE(PERM_CONTENT_PUBLISH), 0, 0},
    {"GET",  "/console/o/{office}/siaran/{broadcast}", web_broadcast_show, OFFICE(PERM_CONTENT_PUBLISH), 0, 0},
    {0},
};

int route_begin(struct req *r)
{
    if (r->route->fn == web_upload) return web_upload_begin(r);
    return 0;
}
