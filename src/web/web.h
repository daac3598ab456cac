/* web: the request handlers, one file per resource (auth.c, console.c,
 * office.c, staff.c, audit.c, holidays.c, public.c), and the helpers they
 * share (common.c). Handlers run after the gate has checked the route's
 * access rule; they build a view model and call page_render. */
#ifndef BALAI_WEB_H
#define BALAI_WEB_H
#include "db/store_audit.h"
#include "http/req.h"

/* public.c */
void web_home(struct req *r);
void web_health(struct req *r);
void web_static(struct req *r);
void web_logo(struct req *r);
/* portal.c: the public pages */
void web_portal_office(struct req *r);
void web_portal_service(struct req *r);     /* also {service}.pdf and .png */
void web_portal_cards(struct req *r);
void web_api_services(struct req *r);

/* inbox.c: citizens' conversations in the console */
void web_inbox_list(struct req *r);
void web_inbox_thread(struct req *r);
void web_inbox_reply(struct req *r);
void web_inbox_state(struct req *r);
/* the live shared inbox: event stream, typing notice, assignment */
void web_inbox_live(struct req *r);
void web_inbox_typing(struct req *r);
void web_inbox_assign(struct req *r);
void web_inbox_note(struct req *r);
void web_inbox_label(struct req *r);
/* inbox_sla.c: the inbox's SLA targets; inbox_actions.c: templates after
 * the 24-hour window, escalation, messages scheduled for later */
void web_inbox_settings_form(struct req *r);
void web_inbox_settings(struct req *r);
void web_inbox_template(struct req *r);
void web_inbox_escalate(struct req *r);
void web_inbox_schedule(struct req *r);
void web_inbox_schedule_cancel(struct req *r);

/* requests.c: citizens' requests (registration numbers, status, checklist) */
void web_request_list(struct req *r);
void web_request_new_form(struct req *r);
void web_request_new(struct req *r);
void web_request_show(struct req *r);
void web_request_status(struct req *r);
void web_request_verdict(struct req *r);
void web_request_pickup(struct req *r);

/* webchat.c: the portal's chat box; upload.c: private upload links */
void web_chat_send(struct req *r);
void web_chat_poll(struct req *r);
void web_chat_push_key(struct req *r);
void web_chat_push_subscribe(struct req *r);
void web_chat_push_remove(struct req *r);
void web_upload_form(struct req *r);
void web_upload(struct req *r);
/* the upload route's route_begin (http/route.h): the token, the quotas and
 * the disk reserve are checked before the body is read, then the file is
 * streamed to disk */
int web_upload_begin(struct req *r);
void web_media(struct req *r);

/* channels.c: WhatsApp and Telegram settings */
void web_channels_form(struct req *r);
void web_channels_save(struct req *r);

/* webhooks.c: WhatsApp and Telegram deliveries */
void web_wa_verify(struct req *r);
void web_wa_webhook(struct req *r);
void web_tg_webhook(struct req *r);
/* The service named `slug` of the office in the path, active only; on
 * NULL a 404 page has been rendered. *office is set when the office exists
 * (caller frees both). */
json_t *web_portal_service_get(struct req *r, const char *slug, json_t **office);
/* Public fields of an office for pages and printables: slug name type_label
 * parent_name address map_url phone whatsapp (shown forms) tel_url wa_url
 * status hours_lines ... */
json_t *web_place(struct req *r, json_t *office);
/* Absolute address of this Balai (BALAI_BASE_URL, else from Host). */
void web_base_url(struct req *r, char *out, size_t n);
/* https://wa.me/<number>?text=<greeting>, or "" when the office has none. */
void web_wa_url(json_t *office, char *out, size_t n);
/* printables.c */
void web_print_brochure(struct req *r);
void web_print_card(struct req *r);
void web_print_poster(struct req *r);
void web_icon(struct req *r);
int web_card_count(json_t *office, json_t *service);
/* pwa.c */
void web_manifest(struct req *r);
void web_service_worker(struct req *r);
void web_widget(struct req *r);
/* catalogue.c: staff manage the services */
void web_catalogue_list(struct req *r);
void web_catalogue_new_form(struct req *r);
void web_catalogue_new(struct req *r);
void web_catalogue_edit_form(struct req *r);
void web_catalogue_edit(struct req *r);
void web_catalogue_history(struct req *r);
void web_catalogue_version(struct req *r);
void web_catalogue_restore(struct req *r);
void web_catalogue_templates(struct req *r);
void web_catalogue_copy(struct req *r);
/* auth.c */
void web_login_form(struct req *r);
void web_login(struct req *r);
/* The threads that check login passwords: started before the server
 * listens, stopped (answering queued logins) before it stops. */
int web_login_start(void);
void web_login_stop(void);
/* Argon2id work of a request (login, password changes) on the login's
 * bounded path: one attempt of the client address's limit (30 per 10
 * minutes), then fn(r) on a hasher thread with the connection suspended
 * (r->db is that thread's connection, NULL when none opens; fn answers).
 * When the limit is spent (429) or the hashers' queue is full (503),
 * refuse(r, status) answers at once, Retry-After set. */
void web_hash_run(struct req *r, void (*fn)(struct req *r),
                  void (*refuse)(struct req *r, int status));
/* Gives the attempt back: the password was right, or the change is done. */
void web_hash_refund(struct req *r);
/* The polite refusal of a password change for web_hash_run's status. */
const char *web_hash_refusal(int status);
void web_logout(struct req *r);
void web_password_form(struct req *r);
void web_password(struct req *r);
/* console.c */
void web_console(struct req *r);
/* office.c */
void web_office_show(struct req *r);
void web_office_edit_form(struct req *r);
void web_office_edit(struct req *r);
void web_office_hours_form(struct req *r);
void web_office_hours(struct req *r);
void web_office_new_form(struct req *r);
void web_office_new(struct req *r);
void web_office_logo(struct req *r);
void web_office_leave(struct req *r);
void web_office_leave_delete(struct req *r);
void web_office_holidays(struct req *r);
/* tokens.c: the signed-in member's own personal access tokens */
void web_tokens(struct req *r);
void web_token_create(struct req *r);
void web_token_revoke(struct req *r);

/* content.c: the SIMPONI content workflow in the console (issue 16, C1) */
void web_content_list(struct req *r);
void web_content_new_form(struct req *r);
void web_content_new(struct req *r);
void web_content_show(struct req *r);
void web_content_edit_form(struct req *r);
void web_content_edit(struct req *r);
void web_content_step(struct req *r);
void web_content_check(struct req *r);
/* content_instagram.c: sending a published item to Instagram. The vm
 * part ("instagram") for the item's page; 0 or -1 (database). */
int web_content_instagram_vm(struct req *r, const json_t *item, json_t *vm);
void web_content_instagram(struct req *r);
/* webhooks_ig.c: GET handshake and signed POST of /webhooks/instagram. */
void web_ig_verify(struct req *r);
void web_ig_webhook(struct req *r);
/* How many of the office's items wait for a step of a member holding
 * `perms` there (core/content_flow.h content_waits_for). 0 or <0. */
int web_content_waiting(struct req *r, int64_t office_id, unsigned perms, int64_t *n);

/* staff.c */
void web_staff_list(struct req *r);
void web_staff_add(struct req *r);
void web_staff_show(struct req *r);
void web_staff_update(struct req *r);
void web_staff_password(struct req *r);
void web_escalation_form(struct req *r);
void web_escalation(struct req *r);
/* audit.c */
void web_audit(struct req *r);
void web_office_audit(struct req *r);
void web_audit_csv(struct req *r);
void web_office_audit_csv(struct req *r);
/* holidays.c */
void web_holidays(struct req *r);
void web_holidays_confirm(struct req *r);

/* pickup.c: the office's pickup slots; status.c: the public status page */
void web_pickup(struct req *r);
void web_pickup_save(struct req *r);
void web_status(struct req *r);
void web_status_book(struct req *r);
/* apply.c: applying for a document service on the portal */
void web_apply_form(struct req *r);
void web_apply(struct req *r);

/* news.c, news_item.c, news_feed.c, news_share.c: the portal's news
 * (issue 16): list and archive, one item, its visual, Atom and RSS feeds,
 * items shared with the offices below; web_news_portal puts the latest
 * items and the feed links into an office page's view model */
void web_news_list(struct req *r);
void web_news_item(struct req *r);
void web_news_visual(struct req *r);
/* The visual as a JPEG (Instagram fetches only JPEG). */
void web_news_visual_jpeg(struct req *r);
void web_news_atom(struct req *r);
void web_news_rss(struct req *r);
void web_news_shares(struct req *r);
void web_news_share_offer(struct req *r);
void web_news_share_decide(struct req *r);
void web_news_portal(struct req *r, const json_t *office, json_t *vm);
/* calendar.c: the shared content calendar and moving a scheduled item;
 * calendar_feed.c: its iCalendar feed; plan.c: the quarterly plan */
void web_calendar(struct req *r);
void web_calendar_reschedule(struct req *r);
void web_calendar_feed_new(struct req *r);
void web_calendar_ics(struct req *r);
void web_plan(struct req *r);
void web_plan_save(struct req *r);
/* The calendar page with a new feed address shown once. */
void web_calendar_show_feed(struct req *r, const char *url);
/* Sets "late_text" ("Terbit terlambat 3 jam 5 menit dari jadwal") on an
 * item (content_find's fields) published late, for any page showing it. */
void web_content_late(json_t *item);
/* Minutes east of UTC of the office's time zone (WIB when unset). */
int web_office_tz(json_t *office);
/* The office's plan for the quarter holding `date` (yyyymmdd) with its
 * progress (types, weeks, target, actual, on_time, late); NULL when the
 * quarter has no plan or on error. */
json_t *web_plan_progress(struct req *r, int date);
/* broadcast.c: WhatsApp broadcast of a published item (C4) */
void web_broadcast_form(struct req *r);
void web_broadcast_start(struct req *r);
void web_broadcast_list(struct req *r);
void web_broadcast_show(struct req *r);
/* https://wa.me/<office number>?text=langganan%20info, or "" when the
 * office has no WhatsApp number: the citizen sends the keyword themselves
 * (double opt-in; no number typed on the web is ever subscribed). */
void web_subscribe_url(json_t *office, char *out, size_t n);

/* common.c */
struct actor web_actor(struct req *r);

/* Sets "days_text" on a service ("Selesai pada hari yang sama", "3 hari
 * kerja") from its "days", for templates. */
void web_days_text(json_t *service);
int64_t web_office_id(struct req *r);           /* of r->office */
/* Offices on which the staff member has every bit of `perm`, as a tree-ordered
 * array of office rows (slug name type depth ...). */
json_t *web_offices_with(struct req *r, unsigned perm);
/* The working-day calendar of an office for the next 400 days: fills w and
 * c; *closed is malloc'd (caller frees). */
struct week_hours;
struct calendar;
void web_office_calendar(struct req *r, json_t *office, struct week_hours *w,
                         struct calendar *c, int **closed);
/* Today's date (yyyymmdd) in the office's own time zone. */
int web_office_today(struct req *r, json_t *office);
/* "Buka sekarang" / "Tutup, buka lagi Senin 08.00" and today's hours. */
json_t *web_office_status(struct req *r, json_t *office);
/* The MIME type of an uploaded file judged by its content (libmagic), if
 * it is one of `allowed` (NULL-terminated); the returned pointer is that
 * entry. NULL otherwise. */
const char *web_file_type(const void *data, size_t len, const char *const allowed[]);
/* "23 November 2026 14.05 WIB" in the office's time zone. */
void web_fmt_time(struct req *r, int64_t t, char *out, size_t n);
/* The per-office menus of an HTML page (office_nav.c): {home,
 * home_current, groups: [{label, here, links: [{label, href, current}]}]},
 * only the links r->perms allow; can_create adds "Tambah kantor". */
json_t *web_office_nav(struct req *r, const char *slug, int can_create);
/* Starts a view model with a title and the office (if any) set; an HTML
 * page also gets office_nav. */
json_t *web_vm(struct req *r, const char *title);
/* 1 when the staff member holds `perm` on every root office: an admin of the
 * whole deployment, who may change national data (holidays) and read the
 * audit rows that belong to no office. */
int web_deployment_admin(struct req *r, unsigned perm);
/* Finishes a change to r->office made inside a transaction the handler
 * began: when rc is 0 appends the audit row (entity "office", the office's
 * slug), commits and redirects to /console/o/{office}/{page}?ok=1. Any
 * failure rolls back and shows the 500 page. before/after are borrowed. */
void web_finish(struct req *r, int rc, const char *action, json_t *before, json_t *after,
                const char *page);
/* The pre-session token a public form posts back (RF_PRE_CSRF: the gate
 * checks it against the cookie, as for the login form) into vm.pre_csrf;
 * an existing cookie's token is kept, so two open tabs do not invalidate
 * each other. A page that calls it is never cached. */
void web_pre_csrf(struct req *r, json_t *vm);
/* Re-renders a form page (template tpl, view model vm, taken) with the
 * gate's errors and, when given, msg for `field` (the file a handler
 * judged), the first of them as the page's alert. */
void web_form_refuse(struct req *r, json_t *vm, int status, const char *tpl, const char *field,
                     const char *msg);
/* After a failed write: roll back and show a 500 page. */
void web_db_fail(struct req *r);
/* The office named in the path ({office}) into *out: 1; 0 when there is
 * no such office (the caller answers its 404); -1 when the database could
 * not be asked, with a 503 page already written (page_db_down). */
int web_path_office(struct req *r, json_t **out);
/* The path parameter `name` as a positive whole number; 0 when it is not
 * one (the caller answers its 404). */
int64_t web_path_id(struct req *r, const char *name);
/* The content item named in the path ({item}) if it is r->office's; NULL
 * with the page already written: 404 "Konten tidak ditemukan." (no such
 * item, or another office's), 503 when the database could not be asked. */
json_t *web_path_content(struct req *r);

#endif
