/* content: `balai content import|export` — an office's content archive as
 * one JSON array (issue 16), so an office brings its past Instagram
 * captions and announcements into Balai, or takes them out. Each item:
 *   {"type", "title", "date": "YYYY-MM-DD", "source", "contact", "summary",
 *    "action_points": [...], "document_url", "body": Markdown,
 *    "image": path relative to the JSON file, "alt_text",
 *    "state": "draft" | "published" | "scheduled",
 *    "publish_at": ISO 8601, for scheduled,
 *    "media": [paths], for an episode (type "podcast"): its audio and/or
 *    video, judged like an upload (util/media.c)}
 * Import checks every item first (a draft may be incomplete; a published
 * or scheduled item needs the whole standard format, its image judged like
 * an upload) and reports each problem as "Item N, field: reason" in Bahasa
 * Indonesia; with any problem nothing is imported. Otherwise all items go
 * in one transaction, marked imported in their decision log, keeping their
 * date; scheduled ones are put on the queue through content_schedule.
 * Export writes the same format; with --out DIR the JSON is DIR/konten.json
 * and the images files in DIR/gambar/, else the JSON goes to stdout
 * without images. `content share` offers a published item to an office
 * below the item's (for a dinas: its regency's offices), as the console's
 * berita-bersama page does; with --accept it also accepts on the receiving
 * office's behalf (scripts/demo-news shows a Diskominfo item on Jelitik). */
#include "cli/cli.h"
#include "core/calendar.h"
#include "core/content.h"
#include "db/store_content.h"
#include "db/store_content_media.h"
#include "db/store_media.h"
#include "db/store_news.h"
#include "db/store_office.h"
#include "render/markdown.h"
#include "util/filestore.h"
#include "util/media.h"
#include "web/episode.h"
#include "util/jv.h"
#include "web/content_visual.h"
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

struct content_args {
    const char *office, *out, *to;
    int accept;
};

static const struct cli_opt content_opts[] = {
    {"--office", OPT_VALUE, offsetof(struct content_args, office), "slug kantor"},
    {"--out", OPT_VALUE, offsetof(struct content_args, out), "folder ekspor (JSON dan gambar)"},
    {"--to", OPT_VALUE, offsetof(struct content_args, to), "kantor penerima berita bersama"},
    {"--accept", OPT_FLAG, offsetof(struct content_args, accept),
     "langsung menerima tawaran atas nama kantor penerima"},
    {0},
};

/* The file's keys, the stored field each becomes, and its Indonesian name. */
static const struct {
    const char *key, *field, *label;
} keys[] = {
    {"type", "type", "jenis"},
    {"title", "title", "judul"},
    {"date", "item_date", "tanggal"},
    {"source", "source", "sumber"},
    {"contact", "contact", "kontak"},
    {"summary", "summary", "ringkasan"},
    {"action_points", "action_points", "poin tindakan"},
    {"document_url", "document_url", "tautan dokumen resmi"},
    {"body", "body", "isi"},
    {"image", "media_id", "gambar"},
    {"alt_text", "alt_text", "teks alternatif"},
    {"state", "state", "status"},
    {"publish_at", "publish_at", "waktu terbit"},
    {"media", "", "media episode"},
};
#define NKEYS (sizeof keys / sizeof keys[0])

/* One checked item, waiting for the transaction. */
struct pending {
    json_t *fields;             /* content_insert's fields */
    const char *state;          /* draf | terbit | desain (then scheduled) */
    int64_t publish_at, published_at;
    struct buf img;
    const char *mime;
    char key[33];               /* the image's file once stored, "" before */
    struct {                    /* an episode's audio and video */
        struct buf data;
        struct media_info mi;
        char key[33];
    } ep[2];
    int nep;
};

static void report(json_t *msgs, size_t i, const char *label, const char *msg)
{
    char line[600];
    snprintf(line, sizeof line, "Item %zu, %s: %s", i + 1, label, msg);
    json_array_append_new(msgs, json_string(line));
}

static const char *label_of_field(const char *field)
{
    for (size_t k = 0; k < NKEYS; k++)
        if (strcmp(keys[k].field, field) == 0) return keys[k].label;
    return field;
}

/* The short reason for each of content_format_check's fields. */
static const char *format_reason(const char *field)
{
    static const struct { const char *field, *msg; } r[] = {
        {"item_date", "wajib diisi dengan tanggal YYYY-MM-DD"},
        {"action_points", "tuliskan paling sedikit satu poin"},
        {"document_url", "wajib diisi, diawali https:// atau http://"},
        {"media_id", "wajib ada untuk konten yang terbit atau dijadwalkan"},
    };
    for (size_t k = 0; k < sizeof r / sizeof r[0]; k++)
        if (strcmp(r[k].field, field) == 0) return r[k].msg;
    return "wajib diisi";
}

/* Types of the values and unknown keys; copies them into p->fields. */
static void read_values(const json_t *it, size_t i, struct pending *p, json_t *msgs)
{
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)it, k, v) {
        size_t n = 0;
        while (n < NKEYS && strcmp(keys[n].key, k) != 0) n++;
        if (n == NKEYS) {
            char m[160];
            snprintf(m, sizeof m, "kolom \"%.60s\" tidak dikenal", k);
            report(msgs, i, k, m);
        } else if (strcmp(k, "action_points") == 0) {
            size_t j;
            json_t *e;
            int ok = json_is_array(v);
            json_array_foreach(v, j, e) ok = ok && json_is_string(e);
            if (!ok) report(msgs, i, keys[n].label, "harus berupa daftar teks");
            else json_object_set(p->fields, "action_points", v);
        } else if (strcmp(k, "media") == 0) {
            continue;                   /* read_media */
        } else if (!json_is_string(v)) {
            report(msgs, i, keys[n].label, "harus berupa teks");
        } else if (strcmp(k, "image") && strcmp(k, "state") && strcmp(k, "publish_at")) {
            json_object_set(p->fields, keys[n].field, v);
        }
    }
}

/* "2026-12-20T09:00:00+07:00", "...Z", or without a zone (the office's
 * own time, `off` minutes east of UTC); seconds optional. 0 or -1. */
static int parse_iso(const char *s, int off, int64_t *out)
{
    int y, mo, d, h, mi, sec = 0, n = 0;
    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d%n", &y, &mo, &d, &h, &mi, &n) != 5) return -1;
    int k = 0;
    if (s[n] == ':' && sscanf(s + n, ":%2d%n", &sec, &k) == 1) n += k;
    const char *z = s + n;
    int zh = 0, zm = 0;
    if (*z == 'Z' && !z[1]) off = 0;
    else if ((*z == '+' || *z == '-') && sscanf(z + 1, "%2d:%2d", &zh, &zm) == 2 && strlen(z) == 6)
        off = (*z == '-' ? -1 : 1) * (zh * 60 + zm);
    else if (*z) return -1;
    if (!cal_date_from_ymd(y, mo, d) || h > 23 || mi > 59 || sec > 59) return -1;
    struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h,
                    .tm_min = mi, .tm_sec = sec};
    *out = (int64_t)timegm(&tm) - (int64_t)off * 60;
    return 0;
}

/* The image next to the JSON file, judged like an upload. */
static void read_image(const char *dir, const char *path, size_t i, struct pending *p,
                       json_t *msgs)
{
    char full[1200], msg[300];
    struct buf raw;
    if (path[0] == '/' || strstr(path, "..")) {
        report(msgs, i, "gambar", "tulis jalur berkas relatif terhadap berkas JSON, tanpa \"..\"");
        return;
    }
    snprintf(full, sizeof full, "%s/%s", dir, path);
    buf_init(&raw, VISUAL_MAX_BYTES + 1);
    FILE *f = fopen(full, "rb");
    char chunk[65536];
    size_t n;
    while (f && (n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_add(&raw, chunk, n);
    if (!f) {
        snprintf(msg, sizeof msg, "berkas %.200s tidak dapat dibuka", path);
        report(msgs, i, "gambar", msg);
    } else if (raw.err) {
        report(msgs, i, "gambar", "Gambar paling besar 5 MB; perkecil ukurannya.");
    } else if (web_visual_check(raw.p, raw.len, &p->img, &p->mime, msg, sizeof msg) != 0) {
        report(msgs, i, "gambar", msg);
    } else {
        json_object_set_new(p->fields, "media_id", json_integer(1));   /* stored later */
    }
    if (f) fclose(f);
    buf_free(&raw);
}

/* One episode file next to the JSON file, judged like an upload. */
static void read_medium(const char *dir, const char *path, size_t i, struct pending *p,
                        json_t *msgs)
{
    char full[1200], msg[300];
    struct media_spec spec;
    struct buf *b = &p->ep[p->nep].data;
    media_spec_default(&spec);
    buf_init(b, EPISODE_MAX_BYTES + 1);
    snprintf(full, sizeof full, "%s/%s", dir, path);
    FILE *f = path[0] == '/' || strstr(path, "..") ? NULL : fopen(full, "rb");
    char chunk[65536];
    size_t n;
    while (f && !b->err && (n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_add(b, chunk, n);
    if (f) fclose(f);
    if (!f) {
        snprintf(msg, sizeof msg, "berkas %.200s tidak dapat dibuka (tulis jalur relatif "
                 "terhadap berkas JSON, tanpa \"..\")", path);
        report(msgs, i, "media episode", msg);
    } else if (b->err || media_check(b->p, b->len, &spec, &p->ep[p->nep].mi, msg, sizeof msg)) {
        char m2[520];
        snprintf(m2, sizeof m2, "%.200s: %s", path, b->err ? "Berkas terlalu besar." : msg);
        report(msgs, i, "media episode", m2);
    } else if (p->nep == 1 && p->ep[0].mi.video == p->ep[1].mi.video) {
        report(msgs, i, "media episode", "paling banyak satu audio dan satu video");
    } else {
        p->nep++;
        return;
    }
    buf_free(b);
}

static void read_media(const json_t *it, const char *dir, size_t i, struct pending *p,
                       json_t *msgs)
{
    json_t *list = json_object_get(it, "media"), *v;
    size_t j;
    if (!list) return;
    if (!json_is_array(list) || json_array_size(list) > 2 ||
        strcmp(jv_str(it, "type"), "podcast") != 0) {
        report(msgs, i, "media episode", "harus berupa daftar berisi satu audio dan/atau satu "
               "video, hanya untuk jenis \"podcast\"");
        return;
    }
    json_array_foreach(list, j, v) {
        if (!json_is_string(v)) report(msgs, i, "media episode", "harus berupa daftar teks");
        else read_medium(dir, json_string_value(v), i, p, msgs);
    }
}

/* The state and its time: draft, published (from the date), scheduled. */
static void read_state(const json_t *it, size_t i, int off, int64_t now, struct pending *p,
                       json_t *msgs)
{
    const char *st = jv_str(it, "state"), *date = jv_str(p->fields, "item_date");
    int day = 0;
    p->state = "draf";
    if (!*st || strcmp(st, "draft") == 0) return;
    if (strcmp(st, "published") == 0) {
        p->state = "terbit";
        if (cal_parse_date(date, &day) == 0) {
            struct tm tm = {.tm_year = day / 10000 - 1900, .tm_mon = day / 100 % 100 - 1,
                            .tm_mday = day % 100};
            p->published_at = (int64_t)timegm(&tm) - (int64_t)off * 60;
        }
    } else if (strcmp(st, "scheduled") == 0) {
        p->state = "desain";
        if (parse_iso(jv_str(it, "publish_at"), off, &p->publish_at) != 0)
            report(msgs, i, "waktu terbit", "wajib diisi dengan format ISO 8601, misalnya "
                   "2026-12-20T09:00:00+07:00");
        else if (p->publish_at <= now)
            report(msgs, i, "waktu terbit", "harus sesudah saat ini");
    } else {
        report(msgs, i, "status", "harus \"draft\", \"published\", atau \"scheduled\"");
    }
}

static void check_item(const json_t *it, size_t i, const char *dir, int off, int64_t now,
                       struct pending *p, json_t *msgs)
{
    p->fields = json_object();
    buf_init(&p->img, 64u << 20);
    if (!json_is_object(it)) { report(msgs, i, "item", "harus berupa objek JSON"); return; }
    read_values(it, i, p, msgs);
    if (!content_type_find(jv_str(it, "type")))
        report(msgs, i, "jenis", "jenis konten tidak dikenal (misalnya pengumuman, edukasi)");
    const char *date = jv_str(it, "date");
    int day;
    if (*date && cal_parse_date(date, &day) != 0)
        report(msgs, i, "tanggal", "harus tanggal yang benar dengan format YYYY-MM-DD");
    if (*jv_str(it, "image")) read_image(dir, jv_str(it, "image"), i, p, msgs);
    read_media(it, dir, i, p, msgs);
    /* a visual always comes with its alt text, even on a draft */
    const char *st = jv_str(it, "state");
    if (*jv_str(it, "image") && !*jv_str(it, "alt_text") && strcmp(st, "published") &&
        strcmp(st, "scheduled"))      /* those two are told by content_format_check */
        report(msgs, i, "teks alternatif", "wajib diisi bila ada gambar");
    read_state(it, i, off, now, p, msgs);
    json_t *errors = json_object();
    const char *k;
    json_t *v;
    markdown_check(jv_str(it, "body"), errors, "body");
    if (strcmp(p->state, "draf") != 0) content_format_check(p->fields, CONTENT_NEED_ALL, errors);
    json_object_foreach(errors, k, v) {
        if (strcmp(k, "media_id") == 0 && *jv_str(it, "image")) continue;   /* reported above */
        report(msgs, i, label_of_field(k),
               strcmp(k, "body") == 0 ? json_string_value(v) : format_reason(k));
    }
    json_decref(errors);
}

/* Stores one checked item; 0 or -1. */
static int import_one(db_t *db, const struct actor *a, int64_t office_id, struct pending *p,
                      int64_t now)
{
    int64_t id = 0, media = 0;
    if (p->img.len) {
        if (web_visual_store(db, office_id, &p->img, p->mime, now, &media, p->key) != 0)
            return -1;
        json_object_set_new(p->fields, "media_id", json_integer(media));
    }
    if (content_insert(db, a, office_id, p->fields, p->state, 1, now, &id) != 0) return -1;
    for (int k = 0; k < p->nep; k++)
        if (web_episode_keep(db, office_id, id, &p->ep[k].data, &p->ep[k].mi, now,
                             p->ep[k].key) != 0)
            return -1;
    if (p->published_at) return content_set_published_at(db, id, p->published_at);
    if (!p->publish_at) return 0;
    json_t *item;
    int rc = content_find(db, office_id, id, &item) == DB_ROW ? 0 : -1;
    if (rc == 0) rc = content_schedule(db, a, item, p->publish_at, now) == 0 ? 0 : -1;
    json_decref(item);
    return rc;
}

static void pending_free(struct pending *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        json_decref(p[i].fields);
        buf_free(&p[i].img);
        for (int k = 0; k < p[i].nep; k++) buf_free(&p[i].ep[k].data);
    }
    free(p);
}

/* The folder of the JSON file, for the images' relative paths. */
static void dir_of(const char *path, char *out, size_t n)
{
    const char *slash = strrchr(path, '/');
    if (!slash) snprintf(out, n, ".");
    else snprintf(out, n, "%.*s", (int)(slash - path ? slash - path : 1), path);
}

static int import_all(db_t *db, const json_t *office, const json_t *list, const char *dir)
{
    size_t n = json_array_size(list), i;
    int64_t now = (int64_t)time(NULL), office_id = jv_int(office, "id");
    int off = cal_tz_offset(jv_str(office, "tz"));
    struct pending *p = calloc(n ? n : 1, sizeof *p);
    json_t *msgs = json_array(), *m;
    for (i = 0; p && i < n; i++)
        check_item(json_array_get(list, i), i, dir, off < 0 ? 420 : off, now, &p[i], msgs);
    int rc = p ? 0 : 1;
    if (json_array_size(msgs)) {
        json_array_foreach(msgs, i, m) fprintf(stderr, "%s\n", json_string_value(m));
        fprintf(stderr, "balai: tidak ada konten yang diimpor (%zu masalah).\n",
                json_array_size(msgs));
        rc = 1;
    } else if (p) {
        struct actor a = cli_actor();
        int r = db_begin(db);
        for (i = 0; r == 0 && i < n; i++) r = import_one(db, &a, office_id, &p[i], now);
        if (r != 0 || db_commit(db) != 0) {
            fprintf(stderr, "balai: impor dibatalkan, tidak ada konten yang diimpor: %s\n",
                    db_errmsg(db));
            db_rollback(db);
            for (i = 0; i < n; i++) {   /* the files, which no row names now */
                if (p[i].key[0]) filestore_remove(p[i].key);
                for (int k = 0; k < p[i].nep; k++)
                    if (p[i].ep[k].key[0]) filestore_remove(p[i].ep[k].key);
            }
            rc = 1;
        } else {
            printf("%zu konten diimpor ke %s.\n", n, jv_str(office, "slug"));
        }
    }
    json_decref(msgs);
    if (p) pending_free(p, n);
    return rc;
}

static int content_import(struct cli *c, db_t *db, const json_t *office)
{
    struct buf b;
    json_error_t je = {.line = 0, .text = ""};
    if (c->pos.n < 2) { cli_usage(c); return 2; }
    if (cli_read_file(c->pos.v[1], &b, 64u * 1024 * 1024) != 0) return 1;
    json_t *list = json_loadb(b.p ? b.p : "", b.len, 0, &je);
    buf_free(&b);
    if (!json_is_array(list)) {
        fprintf(stderr, "balai: berkas konten harus berupa satu larik JSON (baris %d: %s)\n",
                je.line, list ? "bukan larik" : je.text);
        json_decref(list);
        return 1;
    }
    char dir[1000];
    dir_of(c->pos.v[1], dir, sizeof dir);
    if (cli_files_setup(c, db, 1) != 0) { json_decref(list); return 1; }
    int rc = import_all(db, office, list, dir);
    json_decref(list);
    return rc;
}

static const char *export_state(const char *state)
{
    return strcmp(state, "terbit") == 0 ? "published"
           : strcmp(state, "jadwal") == 0 ? "scheduled" : "draft";
}

/* publish_at in the office's own time: "2026-12-20T09:00:00+07:00". */
static void iso_local(int64_t t, int off, char *out, size_t n)
{
    time_t local = (time_t)(t + (int64_t)off * 60);
    struct tm tm;
    gmtime_r(&local, &tm);
    snprintf(out, n, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, off < 0 ? '-' : '+', abs(off) / 60,
             abs(off) % 60);
}

/* Writes the item's visual as DIR/gambar/<slug>.<ext>; its relative path
 * into rel. 1 written, 0 none, -1 error. */
static int export_image(db_t *db, const json_t *item, const char *dir, char *rel, size_t n)
{
    json_t *m;
    if (!dir || jv_int(item, "media_id") <= 0) return 0;
    if (media_find(db, jv_int(item, "media_id"), jv_int(item, "office_id"), &m) != DB_ROW)
        return -1;
    const char *mime = jv_str(m, "mime");
    snprintf(rel, n, "gambar/%s.%s", jv_str(item, "slug"), strcmp(mime, "image/png") == 0 ? "png"
             : strcmp(mime, "image/webp") == 0 ? "webp" : "jpg");
    char full[1200];
    struct buf b;
    buf_init(&b, 64u << 20);
    snprintf(full, sizeof full, "%s/%s", dir, rel);
    int rc = media_bytes(m, &b);
    FILE *f = rc == 0 ? fopen(full, "wb") : NULL;
    rc = f && fwrite(b.p, 1, b.len, f) == b.len ? 1 : -1;
    if (f && fclose(f) != 0) rc = -1;
    if (rc < 0) fprintf(stderr, "balai: gambar %s tidak dapat ditulis\n", full);
    buf_free(&b);
    json_decref(m);
    return rc;
}

static json_t *export_item(db_t *db, const json_t *item, const char *dir, int off, int *missing)
{
    char rel[300], when[96];
    json_t *o = json_object();
    for (size_t k = 0; k < NKEYS; k++) {
        const char *f = keys[k].field;
        if (strcmp(f, "media_id") == 0) {
            int rc = export_image(db, item, dir, rel, sizeof rel);
            if (rc == 1) json_object_set_new(o, "image", json_string(rel));
            if (rc < 0 || (!dir && jv_int(item, "media_id") > 0)) (*missing)++;
        } else if (strcmp(f, "state") == 0) {
            json_object_set_new(o, "state", json_string(export_state(jv_str(item, "state"))));
        } else if (strcmp(f, "publish_at") == 0) {
            if (strcmp(jv_str(item, "state"), "jadwal") != 0) continue;
            iso_local(jv_int(item, "publish_at"), off, when, sizeof when);
            json_object_set_new(o, "publish_at", json_string(when));
        } else if (json_object_get(item, f)) {
            json_object_set(o, keys[k].key, json_object_get(item, f));
        }
    }
    return o;
}

/* Every item of the office, oldest first, with body (content_find). */
static json_t *all_items(db_t *db, int64_t office_id)
{
    struct content_filter f = {.office_id = office_id, .limit = 1000000};
    json_t *list = content_list(db, &f), *out = json_array(), *row, *item;
    size_t i = json_array_size(list);
    while (list && out && i-- > 0) {
        row = json_array_get(list, i);
        if (content_find(db, office_id, jv_int(row, "id"), &item) != DB_ROW) {
            json_decref(out);
            out = NULL;
            break;
        }
        json_array_append_new(out, item);
    }
    json_decref(list);
    return list ? out : (json_decref(out), NULL);
}

static int by_id(const void *a, const void *b)
{
    int64_t x = jv_int(*(json_t *const *)a, "id"), y = jv_int(*(json_t *const *)b, "id");
    return x < y ? -1 : x > y;
}

/* The array as DIR/konten.json, or on stdout without DIR. */
static int content_write(json_t *out, const char *dir, int missing)
{
    char path[1100];
    if (dir && missing) return 1;       /* an image could not be written (said above) */
    if (!dir) {
        json_dumpf(out, stdout, JSON_INDENT(1));
        putchar('\n');
        if (missing)
            fprintf(stderr, "balai: %d gambar tidak ikut diekspor; pakai --out FOLDER untuk "
                    "menyimpan gambar di samping berkas JSON.\n", missing);
        return 0;
    }
    snprintf(path, sizeof path, "%s/konten.json", dir);
    if (json_dump_file(out, path, JSON_INDENT(1)) != 0) {
        fprintf(stderr, "balai: %s tidak dapat ditulis\n", path);
        return 1;
    }
    printf("%zu konten diekspor ke %s.\n", json_array_size(out), path);
    return 0;
}

static int content_export(db_t *db, const json_t *office, const char *dir)
{
    json_t *items = all_items(db, jv_int(office, "id"));
    if (!items) { fprintf(stderr, "balai: konten tidak dapat dibaca: %s\n", db_errmsg(db)); return 1; }
    size_t n = json_array_size(items), i;
    json_t **v = calloc(n ? n : 1, sizeof *v), *out = json_array();
    for (i = 0; v && i < n; i++) v[i] = json_array_get(items, i);
    if (v) qsort(v, n, sizeof *v, by_id);
    int off = cal_tz_offset(jv_str(office, "tz")), missing = 0, rc = v ? 0 : 1;
    char path[1100];
    snprintf(path, sizeof path, "%s/gambar", dir ? dir : ".");
    if (dir && ((mkdir(dir, 0755) != 0 && errno != EEXIST) ||
                (mkdir(path, 0755) != 0 && errno != EEXIST))) {
        fprintf(stderr, "balai: folder %s tidak dapat dibuat\n", path);
        rc = 1;
    }
    for (i = 0; rc == 0 && i < n; i++)
        json_array_append_new(out, export_item(db, v[i], dir, off < 0 ? 420 : off, &missing));
    if (rc == 0) rc = content_write(out, dir, missing);
    free(v);
    json_decref(out);
    json_decref(items);
    return rc;
}

/* 1 when office `to` is below `from` (for a dinas: below its regency). */
static int share_target_ok(db_t *db, const json_t *from, const json_t *to)
{
    struct office_node chain[OFFICE_MAX_DEPTH];
    char types[OFFICE_MAX_DEPTH][16];
    int64_t root = jv_int(from, "id");
    if (strcmp(jv_str(from, "type"), "dinas") == 0 && jv_int(from, "parent_id"))
        root = jv_int(from, "parent_id");
    if (jv_int(to, "id") == jv_int(from, "id")) return 0;
    int n = office_chain(db, jv_int(to, "id"), chain, types);
    for (int i = 1; i < n; i++)
        if (chain[i].id == root) return 1;
    return 0;
}

/* Offers the published item `slug` of `from` to office `to`, and with
 * accept also accepts it there; one transaction, audited as on the web. */
static int content_share(db_t *db, const json_t *from, const json_t *to, const char *slug,
                         int accept)
{
    json_t *item = NULL;
    int found = content_find_slug(db, jv_int(from, "id"), slug, &item), rc = 1;
    struct actor a = cli_actor();
    int64_t now = (int64_t)time(NULL);
    if (found != DB_ROW || strcmp(jv_str(item, "state"), "terbit") != 0)
        fprintf(stderr, "balai: %s tidak punya berita terbit dengan alamat %s\n",
                jv_str(from, "slug"), slug);
    else if (!share_target_ok(db, from, to))
        fprintf(stderr, "balai: berita hanya bisa ditawarkan kepada kantor di bawah %s\n",
                jv_str(from, "slug"));
    else if (db_begin(db) != 0 || news_share_offer(db, &a, item, jv_int(to, "id"), now) < 0 ||
             (accept && news_share_decide(db, &a, jv_int(item, "id"), jv_int(to, "id"), 1,
                                          now) != 0) || db_commit(db) != 0) {
        fprintf(stderr, "balai: berita tidak dapat dibagikan: %s\n", db_errmsg(db));
        db_rollback(db);
    } else {
        printf("%s %s %s.\n", slug, accept ? "tampil di portal" : "ditawarkan kepada",
               jv_str(to, "slug"));
        rc = 0;
    }
    json_decref(item);
    return rc;
}

static int content_share_cmd(struct cli *c, db_t *db, const json_t *office,
                             const struct content_args *o)
{
    if (c->pos.n < 2 || !o->to) { cli_usage(c); return 2; }
    json_t *to = office_get(db, o->to);
    if (!to) { fprintf(stderr, "balai: kantor %s tidak ditemukan\n", o->to); return 1; }
    int rc = content_share(db, office, to, c->pos.v[1], o->accept);
    json_decref(to);
    return rc;
}

static int content_cmd(struct cli *c, void *opts)
{
    const struct content_args *o = opts;
    if (c->pos.n < 1 || !o->office) { cli_usage(c); return 2; }
    int import = strcmp(c->pos.v[0], "import") == 0, share = strcmp(c->pos.v[0], "share") == 0;
    if (!import && !share && strcmp(c->pos.v[0], "export") != 0) { cli_usage(c); return 2; }
    if (import && c->pos.n < 2) { cli_usage(c); return 2; }
    db_t *db = cli_open_db(c);
    if (!db) return 1;
    json_t *office = office_get(db, o->office);
    int rc;
    if (!office) {
        fprintf(stderr, "balai: kantor %s tidak ditemukan\n", o->office);
        rc = 1;
    } else if (import) {
        rc = content_import(c, db, office);
    } else if (share) {
        rc = content_share_cmd(c, db, office, o);
    } else {
        rc = cli_files_setup(c, db, 1) != 0 ? 1 : content_export(db, office, o->out);
    }
    json_decref(office);
    db_close(db);
    return rc;
}

const struct cli_cmd cli_cmd_content = {
    .name = "content",
    .usage = "content import --office SLUG BERKAS.json [--db URL]\n"
             "  Mengimpor arsip konten kantor: satu larik JSON, tiap item {type, title, date,\n"
             "  source, contact, summary, action_points, document_url, body, image, alt_text,\n"
             "  state: draft|published|scheduled, publish_at, media}. Jalur image dan media\n"
             "  (audio MP3/M4A dan video MP4 episode podcast) relatif terhadap BERKAS. Draf\n"
             "  boleh belum lengkap; yang published atau scheduled harus lengkap.\n"
             "  Bila ada item yang salah, semuanya dilaporkan dan tidak ada yang diimpor.\n"
             "content export --office SLUG [--out FOLDER] [--db URL]\n"
             "  Mencetak arsip dalam format yang sama; dengan --out, FOLDER/konten.json dan\n"
             "  gambarnya di FOLDER/gambar/.\n"
             "content share --office SLUG --to SLUG_PENERIMA ALAMAT_BERITA [--accept] [--db URL]\n"
             "  Menawarkan berita terbit kepada kantor di bawahnya (seperti halaman Berita\n"
             "  bersama); dengan --accept langsung diterima atas nama kantor penerima.",
    .opts = content_opts,
    .opts_size = sizeof(struct content_args),
    .run = content_cmd,
};
