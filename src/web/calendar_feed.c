/* calendar_feed: an office's content calendar as an iCalendar feed (RFC
 * 5545) for the team's phones, at a secret address /kalender/{token}.ics:
 * calendar apps cannot sign in, so the address itself is the key. A member
 * with PERM_CONTENT_PUBLISH makes or renews it from the calendar page (the
 * old address stops working) and sees it once; only its SHA-256 is kept.
 * Each scheduled and published item of the last 180 days and the next
 * year is one VEVENT, its UID stable across renewals. Lookups are limited
 * per client address; a wrong token is a plain 404. */
#include "core/role.h"
#include "db/store_content.h"
#include "db/store_content_plan.h"
#include "db/store_office.h"
#include "db/store_token.h"
#include "http/page.h"
#include "util/buf.h"
#include "util/jv.h"
#include "util/ratelimit.h"
#include "web/web.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

#define FEED_RATE 60            /* feed fetches per address ... */
#define FEED_WINDOW 600         /* ... per 10 minutes */
#define FEED_PAST (180 * 86400)
#define FEED_AHEAD (366 * 86400)

static struct ratelimit fetches = RATELIMIT_INIT(FEED_RATE, FEED_WINDOW);

/* Appends one content line folded at 75 octets (continuation lines start
 * with a space), never inside a UTF-8 sequence, ended by CRLF. */
static void ical_line(struct buf *b, const char *line)
{
    size_t len = strlen(line), col = 0;
    for (size_t i = 0; i < len;) {
        size_t n = 1;
        while (i + n < len && ((unsigned char)line[i + n] & 0xC0) == 0x80) n++;
        if (col + n > 75) {
            buf_puts(b, "\r\n ");
            col = 1;
        }
        buf_add(b, line + i, n);
        col += n;
        i += n;
    }
    buf_puts(b, "\r\n");
}

/* "NAME:" + value with \ ; , and newlines escaped (TEXT values). */
static void ical_text(struct buf *b, const char *name, const char *v)
{
    struct buf l;
    buf_init(&l, 0);
    buf_printf(&l, "%s:", name);
    for (; *v; v++) {
        if (*v == '\\' || *v == ';' || *v == ',') buf_putc(&l, '\\');
        if (*v == '\n') { buf_puts(&l, "\\n"); continue; }
        if (*v == '\r') continue;
        buf_putc(&l, *v);
    }
    ical_line(b, buf_cstr(&l));
    buf_free(&l);
}

static void ical_time(char *out, size_t n, int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, n, "%Y%m%dT%H%M%SZ", &tm);
}

static void ical_event(struct buf *b, json_t *it, const char *base, const char *slug,
                       const char *host, int64_t now)
{
    char line[64], when[24];
    int scheduled = strcmp(jv_str(it, "state"), "jadwal") == 0;
    struct buf u;                               /* the host, titles and the base URL may be long */
    buf_init(&u, 0);
    ical_line(b, "BEGIN:VEVENT");
    buf_printf(&u, "UID:konten-%lld@%s", (long long)jv_int(it, "id"), host);
    ical_line(b, buf_cstr(&u));
    buf_reset(&u);
    ical_time(when, sizeof when, now);
    snprintf(line, sizeof line, "DTSTAMP:%s", when);
    ical_line(b, line);
    ical_time(when, sizeof when, jv_int(it, "at"));
    snprintf(line, sizeof line, "DTSTART:%s", when);
    ical_line(b, line);
    ical_time(when, sizeof when, jv_int(it, "at") + 30 * 60);
    snprintf(line, sizeof line, "DTEND:%s", when);
    ical_line(b, line);
    buf_printf(&u, "%s%s: %s", scheduled ? "Terjadwal" : "Terbit",
               json_is_true(json_object_get(it, "late")) ? " (terlambat)" : "",
               jv_str(it, "title"));
    ical_text(b, "SUMMARY", buf_cstr(&u));
    buf_reset(&u);
    buf_printf(&u, "URL:%s/console/o/%s/konten/%lld", base, slug, (long long)jv_int(it, "id"));
    ical_line(b, buf_cstr(&u));
    buf_free(&u);
    ical_line(b, scheduled ? "STATUS:TENTATIVE" : "STATUS:CONFIRMED");
    ical_line(b, "END:VEVENT");
}

void web_calendar_ics(struct req *r)
{
    if (!ratelimit_take(&fetches, r->client, r->now)) {
        resp_header(r, "Retry-After", "600");
        resp_text(r, 429, "text/plain; charset=utf-8", "Terlalu banyak permintaan.\n");
        return;
    }
    char token[TOKEN_LEN + 8], hash[65];
    const char *p = req_param(r, "token");
    size_t n = strlen(p);
    if (n < 5 || n - 4 > TOKEN_LEN || strcmp(p + n - 4, ".ics") != 0) {
        resp_text(r, 404, "text/plain; charset=utf-8", "Tidak ditemukan.\n");
        return;
    }
    snprintf(token, sizeof token, "%.*s", (int)(n - 4), p);
    token_hash(token, hash);
    int64_t office_id = 0;
    int rc = content_feed_office(r->db, hash, &office_id);
    if (rc < 0) { page_db_down(r); return; }
    json_t *office = rc == DB_ROW ? office_get_id(r->db, office_id) : NULL;
    if (!office) {
        resp_text(r, 404, "text/plain; charset=utf-8", "Tidak ditemukan.\n");
        return;
    }
    struct content_cal_filter f = {.office_id = office_id, .from = r->now - FEED_PAST,
                                   .to = r->now + FEED_AHEAD};
    json_t *items = content_calendar(r->db, &f);
    if (!items) { json_decref(office); page_db_down(r); return; }
    char base[256], host[256], name[300];
    web_base_url(r, base, sizeof base);
    const char *h = strstr(base, "://");
    snprintf(host, sizeof host, "%s", h ? h + 3 : base);
    struct buf b;
    buf_init(&b, 0);
    ical_line(&b, "BEGIN:VCALENDAR");
    ical_line(&b, "VERSION:2.0");
    ical_line(&b, "PRODID:-//Balai//Kalender Konten//ID");
    ical_line(&b, "CALSCALE:GREGORIAN");
    snprintf(name, sizeof name, "Kalender konten %s", jv_str(office, "name"));
    ical_text(&b, "X-WR-CALNAME", name);
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
        ical_event(&b, it, base, jv_str(office, "slug"), host, r->now);
    ical_line(&b, "END:VCALENDAR");
    resp_header(r, "Cache-Control", "no-store");
    if (b.err) page_error(r, 500, "Kalender tidak dapat disusun.");
    else resp_text(r, 200, "text/calendar; charset=utf-8", buf_cstr(&b));
    buf_free(&b);
    json_decref(items);
    json_decref(office);
}

void web_calendar_feed_new(struct req *r)
{
    char token[TOKEN_LEN + 1], hash[65];
    token_make(token, hash);
    struct actor a = web_actor(r);
    int rc = db_begin(r->db);
    if (rc == 0) rc = content_feed_set(r->db, &a, web_office_id(r), hash, r->now);
    if (rc != 0 || db_commit(r->db) != 0) { web_db_fail(r); return; }
    char base[256], url[512];
    web_base_url(r, base, sizeof base);
    snprintf(url, sizeof url, "%s/kalender/%s.ics", base, token);
    web_calendar_show_feed(r, url);
}
