/* store_content: see store_content.h. */
#include "db/store_content.h"
#include "core/content.h"
#include "db/row.h"
#include "db/store_moderation.h"
#include "db/store_job.h"
#include "util/jv.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ITEM_COLS                                                                              \
    "c.id, c.office_id, c.slug, c.type, c.state, c.title, c.item_date, c.source, c.contact, "  \
    "c.summary, c.action_points, c.document_url, c.media_id, c.alt_text, c.channels, "         \
    "c.publish_at, c.published_at, c.late, c.correction, c.author_id, "                        \
    "COALESCE(s.full_name, ''), c.imported, c.version, c.created_at, c.updated_at"
#define ITEM_SPEC                                                                              \
    "id:i office_id:i slug type state title item_date source contact summary action_points "   \
    "document_url media_id:i alt_text channels publish_at:i published_at:i late:b correction " \
    "author_id:i author_name imported:b version:i created_at:i updated_at:i"
#define FULL_COLS ITEM_COLS ", c.body, c.checklist "
#define FULL_SPEC ITEM_SPEC " body checklist"
#define FROM " FROM content_item c LEFT JOIN staff s ON s.id = c.author_id "

/* The JSON columns stored as text become JSON values in the row. */
static void parse_json_cols(json_t *row)
{
    static const char *const cols[] = {"action_points", "channels", "checklist"};
    for (size_t i = 0; row && i < sizeof cols / sizeof cols[0]; i++) {
        const char *s = json_string_value(json_object_get(row, cols[i]));
        if (!s) continue;
        json_t *v = json_loads(s, 0, NULL);
        json_object_set_new(row, cols[i], v ? v : json_object());
    }
}

static const char *f_str(const json_t *f, const char *k)
{
    const char *s = json_string_value(json_object_get(f, k));
    return s ? s : "";
}

/* A JSON member as compact text; `def` when it is missing. Caller frees. */
static char *f_json(const json_t *f, const char *k, const char *def)
{
    json_t *v = json_object_get(f, k);
    return v ? json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY) : strdup(def);
}

/* A slug free in the office: the title's, then -2, -3, ... */
static int free_slug(db_t *db, int64_t office_id, const char *title, char *out, size_t n)
{
    char base[96];
    content_slugify(title, base, sizeof base);
    snprintf(out, n, "%s", base);
    for (int k = 2; k < 1000; k++) {
        int64_t taken = 0;
        if (db_int(db, &taken, "SELECT COUNT(*) FROM content_item WHERE office_id = ? AND slug = ?",
                   "is", office_id, out) < 0)
            return -1;
        if (!taken) return 0;
        snprintf(out, n, "%s-%d", base, k);
    }
    return -1;
}

int content_insert(db_t *db, const struct actor *who, int64_t office_id, const json_t *fields,
                   const char *state, int imported, int64_t now, int64_t *id)
{
    char slug[112];
    char *points = f_json(fields, "action_points", "[]"), *chans = f_json(fields, "channels",
                                                                          "[\"portal\"]");
    int rc = points && chans ? free_slug(db, office_id, f_str(fields, "title"), slug, sizeof slug)
                             : -1;
    if (rc == 0 && db_int(db, id,
            "INSERT INTO content_item (office_id, slug, type, state, title, item_date, source, "
            "contact, summary, action_points, document_url, body, media_id, alt_text, channels, "
            "author_id, imported, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", "isssssssssssIssIdii", office_id, slug,
            f_str(fields, "type"), state ? state : "draf", f_str(fields, "title"),
            f_str(fields, "item_date"), f_str(fields, "source"), f_str(fields, "contact"),
            f_str(fields, "summary"), points, f_str(fields, "document_url"),
            f_str(fields, "body"), jv_int(fields, "media_id"), f_str(fields, "alt_text"), chans,
            who ? who->id : 0, imported, now, now) != DB_ROW)
        rc = -1;
    if (rc == 0) {
        char eid[24];
        snprintf(eid, sizeof eid, "%lld", (long long)*id);
        json_t *after = json_deep_copy(fields);
        json_object_set_new(after, "state", json_string(state ? state : "draf"));
        if (imported) json_object_set_new(after, "imported", json_true());
        rc = audit_append(db, who, office_id, imported ? "content.import" : "content.create",
                          "content", eid, NULL, after, now);
        json_decref(after);
    }
    free(points);
    free(chans);
    return rc;
}

int content_find(db_t *db, int64_t office_id, int64_t id, json_t **out)
{
    int rc = row_lookup(db_query(db, "SELECT " FULL_COLS FROM "WHERE c.id = ? AND (? = 0 OR "
                                     "c.office_id = ?)", "iii", id, office_id, office_id),
                        FULL_SPEC, out);
    parse_json_cols(*out);
    return rc;
}

int content_find_slug(db_t *db, int64_t office_id, const char *slug, json_t **out)
{
    int rc = row_lookup(db_query(db, "SELECT " FULL_COLS FROM "WHERE c.office_id = ? AND "
                                     "c.slug = ?", "is", office_id, slug),
                        FULL_SPEC, out);
    parse_json_cols(*out);
    return rc;
}

/* The month "YYYY-MM" as [from, to) in UTC seconds; 0 when it is not one. */
static int month_span(const char *month, int64_t *from, int64_t *to)
{
    int y, m;
    char tail;
    if (!month || sscanf(month, "%4d-%2d%c", &y, &m, &tail) != 2 || m < 1 || m > 12) return 0;
    struct tm a = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = 1};
    struct tm b = {.tm_year = (m == 12 ? y + 1 : y) - 1900, .tm_mon = m % 12, .tm_mday = 1};
    *from = (int64_t)timegm(&a);
    *to = (int64_t)timegm(&b);
    return 1;
}

/* The WHERE clause every list shares; its 13 arguments follow in order. */
#define LIST_WHERE                                                                             \
    "WHERE ((? = 0 AND c.office_id = ?) OR (? = 1 AND c.state = 'terbit' AND "                 \
    "(c.office_id = ? OR c.id IN (SELECT item_id FROM content_share WHERE office_id = ? AND "   \
    "accepted = 1)))) AND (? = '' OR c.state = ?) AND (? = '' OR c.type = ?) AND "              \
    "(? = '' OR LOWER(c.title) LIKE ? OR LOWER(c.summary) LIKE ?) AND (? = 0 OR "              \
    "(c.published_at >= ? AND c.published_at < ?)) "
#define LIST_TYPES "iiiiisssssssdii"

struct list_args {
    char like[300];
    int64_t from, to;
    int month;
};

static void list_args(const struct content_filter *f, struct list_args *a)
{
    a->month = month_span(f->month, &a->from, &a->to);
    if (!a->month) a->from = a->to = 0;
    snprintf(a->like, sizeof a->like, "%%%s%%", f->q ? f->q : "");
    for (char *p = a->like; *p; p++)
        if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
}

#define LIST_ARGS(f, a)                                                                        \
    (int64_t)(f)->public_only, (f)->office_id, (int64_t)(f)->public_only, (f)->office_id,       \
        (f)->office_id, (f)->state ? (f)->state : "", (f)->state ? (f)->state : "",             \
        (f)->type ? (f)->type : "", (f)->type ? (f)->type : "", (f)->q ? (f)->q : "",           \
        (a).like, (a).like, (a).month, (a).from, (a).to

json_t *content_list(db_t *db, const struct content_filter *f)
{
    struct list_args a;
    list_args(f, &a);
    json_t *rows = rows_array(db_query(db, "SELECT " ITEM_COLS FROM LIST_WHERE
                                       "ORDER BY c.published_at DESC, c.updated_at DESC, c.id "
                                       "DESC LIMIT ? OFFSET ?", LIST_TYPES "dd", LIST_ARGS(f, a),
                                       f->limit > 0 ? f->limit : 20, f->offset),
                              ITEM_SPEC);
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) parse_json_cols(r);
    return rows;
}

int content_count(db_t *db, const struct content_filter *f, int64_t *n)
{
    struct list_args a;
    list_args(f, &a);
    int rc = db_int(db, n, "SELECT COUNT(*)" FROM LIST_WHERE, LIST_TYPES, LIST_ARGS(f, a));
    return rc < 0 ? rc : 0;
}

static int audit_item(db_t *db, const struct actor *who, const json_t *item, const char *action,
                      json_t *before, json_t *after, int64_t now)
{
    char eid[24];
    snprintf(eid, sizeof eid, "%lld", (long long)jv_int(item, "id"));
    return audit_append(db, who, jv_int(item, "office_id"), action, "content", eid, before, after,
                        now);
}

/* The editable fields of an item, as content_update compares them. */
static json_t *editable(const json_t *o)
{
    static const char *const keys[] = {"type", "title", "item_date", "source", "contact",
                                       "summary", "action_points", "document_url", "body",
                                       "media_id", "alt_text", "channels"};
    json_t *e = json_object();
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        json_t *v = json_object_get(o, keys[i]);
        if (v) json_object_set(e, keys[i], v);
    }
    return e;
}

int content_update(db_t *db, const struct actor *who, const json_t *item, const json_t *fields,
                   int64_t now)
{
    json_t *before = editable(item), *after = json_deep_copy(before);
    json_t *ef = editable(fields);
    json_object_update(after, ef);
    json_decref(ef);
    char *points = f_json(after, "action_points", "[]"), *chans = f_json(after, "channels", "[]");
    int64_t n = 0;
    int rc = points && chans ? db_run_changes(db, &n,
        "UPDATE content_item SET type = ?, title = ?, item_date = ?, source = ?, contact = ?, "
        "summary = ?, action_points = ?, document_url = ?, body = ?, media_id = ?, alt_text = ?, "
        "channels = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?",
        "sssssssssIssiii", f_str(after, "type"), f_str(after, "title"),
        f_str(after, "item_date"), f_str(after, "source"), f_str(after, "contact"),
        f_str(after, "summary"), points, f_str(after, "document_url"), f_str(after, "body"),
        jv_int(after, "media_id"), f_str(after, "alt_text"), chans, now, jv_int(item, "id"),
        jv_int(item, "version")) : -1;
    if (rc == 0 && n == 1) rc = audit_item(db, who, item, "content.edit", before, after, now);
    free(points);
    free(chans);
    json_decref(before);
    json_decref(after);
    return rc < 0 ? rc : n == 1 ? 0 : 1;
}

int content_move(db_t *db, const struct actor *who, const json_t *item,
                 const struct content_move *m, int64_t now)
{
    int publish = strcmp(m->to, "terbit") == 0 && strcmp(m->action, "correct") != 0;
    int64_t n = 0;
    int rc = db_run_changes(db, &n,
        "UPDATE content_item SET state = ?, publish_at = CASE WHEN ? = 1 THEN ? ELSE publish_at "
        "END, published_at = CASE WHEN ? = 1 THEN ? ELSE published_at END, late = CASE WHEN "
        "? = 1 THEN ? ELSE late END, correction = CASE WHEN ? = 1 THEN ? ELSE correction END, "
        "updated_at = ?, version = version + 1 WHERE id = ? AND version = ?", "sdididddsiii",
        m->to, m->publish_at > 0, m->publish_at, publish, now, publish, m->late,
        strcmp(m->action, "correct") == 0, m->reason ? m->reason : "", now, jv_int(item, "id"),
        jv_int(item, "version"));
    if (rc == 0 && n == 1) {
        char action[48];
        snprintf(action, sizeof action, "content.%s", m->action);
        json_t *b = json_pack("{s:s}", "state", jv_str(item, "state"));
        json_t *a = json_pack("{s:s, s:s}", "state", m->to, "reason",
                              m->reason ? m->reason : "");
        if (m->publish_at > 0) json_object_set_new(a, "publish_at", json_integer(m->publish_at));
        if (m->late) json_object_set_new(a, "late", json_true());
        rc = audit_item(db, who, item, action, b, a, now);
        json_decref(b);
        json_decref(a);
        /* a hoax clarification tells its reporter (db/store_moderation.h) */
        if (rc == 0 && publish) rc = mod_item_published(db, jv_int(item, "id"));
    }
    return rc < 0 ? rc : n == 1 ? 0 : 1;
}

int content_schedule(db_t *db, const struct actor *who, const json_t *item, int64_t publish_at,
                     int64_t now)
{
    struct content_move m = {.action = "schedule", .to = "jadwal", .publish_at = publish_at};
    int rc = content_move(db, who, item, &m, now);
    if (rc != 0) return rc;
    char payload[64];
    snprintf(payload, sizeof payload, "{\"publish_at\":%lld}", (long long)publish_at);
    return job_add(db, CONTENT_PUBLISH_JOB, jv_int(item, "office_id"), jv_int(item, "id"), payload,
                   publish_at * 1000) == 0 ? 0 : -1;
}

int content_check_set(db_t *db, const struct actor *who, const json_t *item, const char *check,
                      int ok, const char *note, int64_t now)
{
    json_t *list = json_deep_copy(json_object_get(item, "checklist"));
    if (!json_is_object(list)) {
        json_decref(list);
        list = json_object();
    }
    json_t *before = json_pack("{s:O?}", check, json_object_get(list, check));
    json_object_set_new(list, check, json_pack("{s:b, s:s, s:I, s:s, s:I}", "ok", ok, "note",
                                               note ? note : "", "by", (json_int_t)(who ? who->id : 0),
                                               "by_name", who && who->name ? who->name : "",
                                               "at", (json_int_t)now));
    char *s = json_dumps(list, JSON_COMPACT);
    int rc = s ? db_run(db, "UPDATE content_item SET checklist = ?, updated_at = ? WHERE id = ?",
                        "sii", s, now, jv_int(item, "id")) : -1;
    json_t *after = json_pack("{s:O}", check, json_object_get(list, check));
    if (rc == 0) rc = audit_item(db, who, item, "content.check", before, after, now);
    free(s);
    json_decref(before);
    json_decref(after);
    json_decref(list);
    return rc;
}

json_t *content_timeline(db_t *db, int64_t id)
{
    char eid[24];
    snprintf(eid, sizeof eid, "%lld", (long long)id);
    json_t *rows = rows_array(db_query(db,
        "SELECT a.ts, a.actor, COALESCE(s.full_name, a.actor), a.action, a.before_json, "
        "a.after_json FROM audit_log a LEFT JOIN staff s ON s.id = a.actor_id WHERE a.entity = "
        "'content' AND a.entity_id = ? ORDER BY a.seq", "s", eid),
        "ts:i actor actor_name action before after");
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        static const char *const cols[] = {"before", "after"};
        for (int k = 0; k < 2; k++) {
            const char *s = json_string_value(json_object_get(r, cols[k]));
            json_t *v = s ? json_loads(s, 0, NULL) : NULL;
            json_object_set_new(r, cols[k], v ? v : json_object());
        }
    }
    return rows;
}
