/* audit: the audit log pages, for penanggung_jawab and pengawas_kebijakan
 * (and admins): one for every office in reach, one per office, each also
 * as a CSV download with the same filters. Rows read as sentences
 * (core/audit_text.c) with the changed fields before → after, the time in
 * the office's own zone, and filters by who, kind of change and dates. */
#include "core/audit_text.h"
#include "core/calendar.h"
#include "core/role.h"
#include "db/store_audit.h"
#include "http/page.h"
#include "util/buf.h"
#include "util/jv.h"
#include "util/url.h"
#include "web/web.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PAGE_ROWS 50
#define CSV_ROWS_MAX 20000      /* one download; narrow the dates for more */
#define CSV_BATCH 500
#define CSV_BYTES_MAX (12u * 1024 * 1024)

/* A reader's filters as asked (the query string) and as understood. */
struct audit_q {
    struct audit_filter f;
    char actor[24], area[24], from[12], to[12], office[64];
    const char *error;          /* a filter that could not be read, in words */
};

static int64_t day_start_utc(const char *ymd, int tz_min)
{
    int d;
    if (!*ymd || cal_parse_date(ymd, &d) != 0 || !cal_date_valid(d)) return -1;
    struct tm tm = {.tm_year = d / 10000 - 1900, .tm_mon = d / 100 % 100 - 1, .tm_mday = d % 100};
    return (int64_t)timegm(&tm) - (int64_t)tz_min * 60;
}

static void read_arg(struct req *r, const char *name, char *out, size_t n)
{
    const char *v = req_arg(r, name);
    snprintf(out, n, "%s", v && strlen(v) < n ? v : "");
}

static int area_known(const char *a)
{
    for (const struct audit_area *x = audit_areas; x->code; x++)
        if (strcmp(x->code, a) == 0) return 1;
    return 0;
}

/* Reads the query string into q; a value that makes no sense is dropped
 * with a message rather than answered with an error page. */
static void read_query(struct req *r, struct audit_q *q, int tz_min)
{
    read_arg(r, "oleh", q->actor, sizeof q->actor);
    read_arg(r, "jenis", q->area, sizeof q->area);
    read_arg(r, "dari", q->from, sizeof q->from);
    read_arg(r, "sampai", q->to, sizeof q->to);
    read_arg(r, "kantor", q->office, sizeof q->office);
    const char *b = req_arg(r, "sebelum");
    q->f.before_seq = b ? strtoll(b, NULL, 10) : 0;
    char *end;
    q->f.actor_id = *q->actor ? strtoll(q->actor, &end, 10) : 0;
    if (*q->actor && (*end || q->f.actor_id <= 0)) { q->f.actor_id = 0; q->actor[0] = '\0'; }
    if (*q->area && !area_known(q->area)) q->area[0] = '\0';
    q->f.area = *q->area ? q->area : NULL;
    int64_t from = day_start_utc(q->from, tz_min), to = day_start_utc(q->to, tz_min);
    if ((*q->from && from < 0) || (*q->to && to < 0))
        q->error = "Tanggal tidak dapat dibaca; gunakan tanggal dari kalender (HH/BB/TTTT).";
    if (from >= 0 && to >= 0 && to < from) {
        q->error = "Tanggal \"sampai\" lebih awal dari tanggal \"dari\"; saringan tanggal diabaikan.";
        from = to = -1;
    }
    if (from < 0) q->from[0] = '\0';
    if (to < 0) q->to[0] = '\0';
    q->f.from_ts = from > 0 ? from : 0;
    q->f.to_ts = to > 0 ? to + 86400 : 0;     /* "sampai" includes that day */
}

/* The query string of the filters as understood (for the CSV link and
 * the "older" link), without "sebelum". */
static void query_string(const struct audit_q *q, char *out, size_t n)
{
    const char *keys[] = {"kantor", "oleh", "jenis", "dari", "sampai"};
    const char *vals[] = {q->office, q->actor, q->area, q->from, q->to};
    size_t k = 0;
    out[0] = '\0';
    for (int i = 0; i < 5; i++) {
        if (!*vals[i]) continue;
        char enc[200];
        url_encode(vals[i], enc, sizeof enc);
        int w = snprintf(out + k, n - k, "%s%s=%s", k ? "&" : "?", keys[i], enc);
        if (w < 0 || (size_t)w >= n - k) break;
        k += (size_t)w;
    }
}

/* "Senin, 7 Desember 2026 pukul 19.42 WIB" in the row's office zone. */
static void when_of(json_t *row, char *out, size_t n, char *iso, size_t isz)
{
    int off = cal_tz_offset(jv_str(row, "office_tz"));
    if (off < 0) off = 420;
    time_t t = (time_t)jv_int(row, "ts") + off * 60;
    struct tm tm;
    gmtime_r(&t, &tm);
    char day[64];
    cal_format_date_id((tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday, day,
                       sizeof day);
    snprintf(out, n, "%s pukul %02d.%02d %s", day, tm.tm_hour, tm.tm_min, cal_tz_name(off));
    time_t u = (time_t)jv_int(row, "ts");
    gmtime_r(&u, &tm);
    strftime(iso, isz, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void describe_rows(json_t *rows)
{
    size_t i;
    json_t *v;
    json_array_foreach(rows, i, v) {
        char when[120], iso[32];
        when_of(v, when, sizeof when, iso, sizeof iso);
        json_object_set_new(v, "when", json_string(when));
        json_object_set_new(v, "iso", json_string(iso));
        audit_describe(v);
        json_object_set_new(v, "has_changes", json_boolean(json_array_size(json_object_get(v, "changes"))));
    }
}

/* The choices of the filter form, the chosen one marked. */
static void filter_choices(struct req *r, json_t *vm, const struct audit_q *q, json_t *offices)
{
    json_t *areas = json_array();
    for (const struct audit_area *a = audit_areas; a->code; a++)
        json_array_append_new(areas, json_pack("{s:s, s:s, s:b}", "value", a->code, "label", a->label,
                                               "selected", strcmp(a->code, q->area) == 0));
    json_object_set_new(vm, "areas", areas);
    json_t *actors = audit_actors(r->db, q->f.office_ids, q->f.with_global);
    size_t i;
    json_t *v;
    json_array_foreach(actors, i, v)
        json_object_set_new(v, "selected", json_boolean(jv_int(v, "id") == q->f.actor_id));
    json_object_set_new(vm, "actors", actors ? actors : json_array());
    json_array_foreach(offices, i, v)
        json_object_set_new(v, "selected", json_boolean(strcmp(jv_str(v, "slug"), q->office) == 0));
    if (offices) json_object_set_new(vm, "offices", offices);
    json_object_set_new(vm, "f", json_pack("{s:s, s:s, s:b}", "dari", q->from, "sampai", q->to,
        "filtered", *q->actor || *q->area || *q->from || *q->to || *q->office));
    if (q->error) json_object_set_new(vm, "filter_error", json_string(q->error));
}

static void render_page(struct req *r, json_t *vm, struct audit_q *q, const char *base,
                        json_t *offices)
{
    q->f.limit = PAGE_ROWS;
    json_t *rows = audit_list(r->db, &q->f);
    if (!rows) { json_decref(vm); json_decref(offices); page_db_down(r); return; }
    describe_rows(rows);
    int64_t last = jv_int(json_array_get(rows, json_array_size(rows) - 1), "seq");
    char qs[600], link[900];
    query_string(q, qs, sizeof qs);
    json_object_set_new(vm, "base", json_string(base));
    snprintf(link, sizeof link, "%s.csv%s", base, qs);
    json_object_set_new(vm, "csv", json_string(link));
    if (json_array_size(rows) == PAGE_ROWS && last > 1) {
        snprintf(link, sizeof link, "%s%s%ssebelum=%lld", base, qs, *qs ? "&" : "?", (long long)last);
        json_object_set_new(vm, "older", json_integer(last));
        json_object_set_new(vm, "older_link", json_string(link));
    }
    json_object_set_new(vm, "rows", rows);
    filter_choices(r, vm, q, offices);
    page_render(r, 200, "audit", vm);
}

/* The offices a deployment-wide page may show, narrowed to ?kantor=. */
static json_t *reach(struct req *r, struct audit_q *q, json_t **choices)
{
    json_t *offices = web_offices_with(r, PERM_AUDIT), *ids = json_array(), *list = json_array();
    size_t i;
    json_t *o;
    json_array_foreach(offices, i, o) {
        json_array_append_new(list, json_pack("{s:O, s:O}", "slug", json_object_get(o, "slug"),
                                              "name", json_object_get(o, "name")));
        if (!*q->office || strcmp(jv_str(o, "slug"), q->office) == 0)
            json_array_append(ids, json_object_get(o, "id"));
    }
    if (*q->office && !json_array_size(ids)) {
        q->office[0] = '\0';        /* not an office in reach: all of them */
        json_array_foreach(offices, i, o) json_array_append(ids, json_object_get(o, "id"));
    }
    json_decref(offices);
    *choices = list;
    return ids;
}

static void office_query(struct req *r, struct audit_q *q)
{
    read_query(r, q, cal_tz_offset(jv_str(r->office, "tz")) < 0 ? 420
                                                               : cal_tz_offset(jv_str(r->office, "tz")));
    q->office[0] = '\0';
    q->f.office_ids = json_pack("[O]", json_object_get(r->office, "id"));
}

static void all_query(struct req *r, struct audit_q *q, json_t **choices)
{
    read_query(r, q, 420);
    q->f.office_ids = reach(r, q, choices);
    q->f.with_global = web_deployment_admin(r, PERM_AUDIT) && !*q->office;
}

void web_audit(struct req *r)
{
    struct audit_q q = {0};
    json_t *choices;
    all_query(r, &q, &choices);
    render_page(r, web_vm(r, "Log audit"), &q, "/console/audit", choices);
    json_decref(q.f.office_ids);
}

void web_office_audit(struct req *r)
{
    struct audit_q q = {0};
    office_query(r, &q);
    char base[200];
    snprintf(base, sizeof base, "/console/o/%s/audit", jv_str(r->office, "slug"));
    render_page(r, web_vm(r, "Log audit kantor"), &q, base, NULL);
    json_decref(q.f.office_ids);
}

/* One CSV field (RFC 4180). A cell that a spreadsheet would run as a
 * formula (=, +, -, @ first) gets a leading apostrophe. */
static void csv_cell(struct buf *b, const char *s, int last)
{
    buf_putc(b, '"');
    if (*s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' || *s == '\r')
        buf_putc(b, '\'');
    for (; *s; s++) {
        if (*s == '"') buf_putc(b, '"');
        buf_putc(b, *s);
    }
    buf_puts(b, last ? "\"\r\n" : "\",");
}

static void csv_row(struct buf *b, json_t *row)
{
    struct buf ch;
    buf_init(&ch, 0);
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(row, "changes"), i, c)
        buf_printf(&ch, "%s%s: %s → %s", i ? "; " : "", jv_str(c, "field"),
                   *jv_str(c, "before") ? jv_str(c, "before") : "(kosong)",
                   *jv_str(c, "after") ? jv_str(c, "after") : "(dihapus)");
    char seq[24];
    snprintf(seq, sizeof seq, "%lld", (long long)jv_int(row, "seq"));
    csv_cell(b, seq, 0);
    csv_cell(b, jv_str(row, "when"), 0);
    csv_cell(b, jv_str(row, "who"), 0);
    csv_cell(b, jv_str(row, "office_name"), 0);
    csv_cell(b, jv_str(row, "what"), 0);
    csv_cell(b, buf_cstr(&ch), 1);
    buf_free(&ch);
}

/* The whole filtered log, newest first, in batches. */
static void send_csv(struct req *r, struct audit_q *q, const char *name)
{
    struct buf b;
    buf_init(&b, 0);
    buf_puts(&b, "\xEF\xBB\xBF");   /* so spreadsheet programs read UTF-8 */
    buf_puts(&b, "\"No.\",\"Waktu\",\"Oleh\",\"Kantor\",\"Kejadian\",\"Perubahan\"\r\n");
    int total = 0, failed = 0;
    q->f.limit = CSV_BATCH;
    while (total < CSV_ROWS_MAX && b.len < CSV_BYTES_MAX) {
        json_t *rows = audit_list(r->db, &q->f);
        if (!rows) { failed = 1; break; }
        describe_rows(rows);
        size_t i;
        json_t *v;
        json_array_foreach(rows, i, v) csv_row(&b, v);
        size_t n = json_array_size(rows);
        q->f.before_seq = jv_int(json_array_get(rows, n - 1), "seq");
        json_decref(rows);
        total += (int)n;
        if (n < CSV_BATCH) break;
    }
    if (total >= CSV_ROWS_MAX || b.len >= CSV_BYTES_MAX)
        buf_puts(&b, "\"\",\"\",\"\",\"\",\"Unduhan dipotong di sini; persempit rentang tanggal "
                     "untuk catatan yang lebih lama.\",\"\"\r\n");
    if (failed || b.err) { buf_free(&b); page_db_down(r); return; }
    char disp[200];
    snprintf(disp, sizeof disp, "attachment; filename=\"%s.csv\"", name);
    resp_header(r, "Content-Disposition", disp);
    resp_text(r, 200, "text/csv; charset=utf-8", buf_cstr(&b));
    buf_free(&b);
}

void web_audit_csv(struct req *r)
{
    struct audit_q q = {0};
    json_t *choices;
    all_query(r, &q, &choices);
    json_decref(choices);
    send_csv(r, &q, "log-audit");
    json_decref(q.f.office_ids);
}

void web_office_audit_csv(struct req *r)
{
    struct audit_q q = {0};
    office_query(r, &q);
    char name[120];
    snprintf(name, sizeof name, "log-audit-%s", jv_str(r->office, "slug"));
    send_csv(r, &q, name);
    json_decref(q.f.office_ids);
}
