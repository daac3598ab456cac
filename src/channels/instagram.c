/* instagram: see instagram.h. */
#include "channels/instagram.h"
#include "channels/config.h"
#include "channels/http_client.h"
#include "core/ig_caption.h"
#include "db/store_content.h"
#include "db/store_instagram.h"
#include "db/store_office.h"
#include "util/jv.h"
#include "util/url.h"
#include <arpa/inet.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define IG_POLL_MS 5000             /* between status reads of a container */
#define IG_MAX_ANSWER (256 * 1024)
#define IG_TIMEOUT_MS 30000

/* What one run works with. */
struct ig {
    db_t *db;
    json_t *post, *item, *ch;
    char token[CHANNEL_SECRET_MAX];
    char graph[256], base[300], slug[80];
    int64_t item_id;
};

/* A Graph call's outcome. */
enum { IG_OK = 0, IG_REFUSED = 1, IG_NOANSWER = -1 };

/* 1 when host (no port) is a name or address on this machine or a
 * private network, which Meta's servers cannot reach. */
static int private_host(const char *host)
{
    unsigned char a[16];
    static const char *const local[] = {"localhost", ".localhost", ".local", ".internal", ".lan",
                                        ".home.arpa", ".intranet", NULL};
    size_t n = strlen(host);
    for (const char *const *s = local; *s; s++) {
        size_t l = strlen(*s);
        if ((**s != '.' && strcasecmp(host, *s) == 0) ||
            (**s == '.' && n > l && strcasecmp(host + n - l, *s) == 0))
            return 1;
    }
    if (inet_pton(AF_INET, host, a) == 1)
        return a[0] == 0 || a[0] == 10 || a[0] == 127 || (a[0] == 169 && a[1] == 254) ||
               (a[0] == 172 && (a[1] & 0xF0) == 16) || (a[0] == 192 && a[1] == 168) ||
               (a[0] == 100 && (a[1] & 0xC0) == 64);
    if (inet_pton(AF_INET6, host, a) == 1) return 1;  /* an address literal: no public name */
    return !strchr(host, '.');                          /* an intranet name */
}

const char *ig_base_refusal(const char *base)
{
    if (!base || !*base)
        return "Alamat publik Balai belum diatur (BALAI_BASE_URL), sehingga Instagram tidak dapat "
               "mengambil gambarnya. Minta pengelola server mengaturnya ke alamat https yang dapat "
               "dibuka dari internet.";
    if (url_in_list(getenv("BALAI_IG_ALLOW"), base)) return NULL;
    if (strncasecmp(base, "https://", 8) != 0)
        return "Alamat publik Balai harus diawali https:// agar Instagram mau mengambil gambarnya.";
    char host[256];
    const char *h = base + 8;
    size_t len = *h == '[' ? strcspn(h, "]") + 1 : strcspn(h, ":/?#");
    snprintf(host, sizeof host, "%.*s", (int)(len < sizeof host ? len : sizeof host - 1), h);
    if (host[0] == '[') {
        memmove(host, host + 1, strlen(host));
        host[strcspn(host, "]")] = '\0';
    }
    if (!*host || private_host(host))
        return "Alamat publik Balai menunjuk ke komputer ini atau jaringan lokal kantor, yang tidak "
               "dapat dijangkau Instagram. Gunakan alamat https yang dapat dibuka dari internet.";
    return NULL;
}

/* Meta's error told in Indonesian for the item's page. */
static void error_text(const json_t *err, long status, char *msg, size_t n)
{
    json_int_t code = json_integer_value(json_object_get(err, "code"));
    json_int_t sub = json_integer_value(json_object_get(err, "error_subcode"));
    if (code == 9004 || sub == 2207052)
        snprintf(msg, n, "Instagram tidak dapat mengambil gambar konten ini dari alamat Balai. "
                 "Pastikan alamat publik Balai dapat dibuka dari internet tanpa masuk akun, lalu "
                 "coba lagi.");
    else if (code == 190)
        snprintf(msg, n, "Token akses Instagram sudah tidak berlaku. Perbarui token dengan "
                 "perintah balai channel instagram, lalu coba lagi.");
    else if (code == 10 || code == 200 || (code >= 200 && code < 300))
        snprintf(msg, n, "Akun Instagram kantor belum memberi izin menerbitkan unggahan kepada "
                 "aplikasi Balai. Periksa izin aplikasi di dasbor Meta, lalu coba lagi.");
    else if (code == 4 || code == 9 || code == 17 || code == 32 || code == 613 || sub == 2207042)
        snprintf(msg, n, "Instagram sedang membatasi unggahan akun ini karena terlalu banyak "
                 "permintaan. Tunggu beberapa jam, lalu coba lagi.");
    else if (code == 9007 || sub == 2207027)
        snprintf(msg, n, "Instagram belum selesai menyiapkan gambar. Coba lagi beberapa menit lagi.");
    else
        snprintf(msg, n, "Instagram menolak unggahan ini (kode %lld, HTTP %ld). Coba lagi nanti; "
                 "bila terus terjadi, hubungi pengelola server.", (long long)code, status);
}

/* One Graph call: path under the Graph address, query already encoded.
 * IG_OK with *ans (caller frees), IG_REFUSED with msg, or IG_NOANSWER. */
static int graph(struct ig *g, const char *method, const char *path, const char *query,
                 json_t **ans, char *msg, size_t n)
{
    struct hc_resp r;
    char err[256];
    size_t ulen = strlen(g->graph) + strlen(path) + (query ? strlen(query) : 0) + 4;
    char *url = malloc(ulen);
    *ans = NULL;
    if (!url) return IG_NOANSWER;
    snprintf(url, ulen, "%s/%s%s%s", g->graph, path, query ? "?" : "", query ? query : "");
    int rc = hc_request(method, url, g->token, NULL, IG_MAX_ANSWER, IG_TIMEOUT_MS, &r, err,
                        sizeof err);
    free(url);
    if (rc != 0) {
        snprintf(msg, n, "Server Instagram tidak dapat dihubungi (%s); Balai mencoba lagi.", err);
        return IG_NOANSWER;
    }
    json_t *j = json_loadb(r.body.p ? r.body.p : "", r.body.len, 0, NULL);
    if (r.status >= 200 && r.status < 300 && json_is_object(j)) {
        *ans = j;
        rc = IG_OK;
    } else if (r.status >= 500 || !j) {
        snprintf(msg, n, "Server Instagram sedang bermasalah (HTTP %ld); Balai mencoba lagi.",
                 r.status);
        rc = IG_NOANSWER;
    } else {
        error_text(json_object_get(j, "error"), r.status, msg, n);
        rc = IG_REFUSED;
    }
    if (rc != IG_OK) json_decref(j);
    hc_resp_free(&r);
    return rc;
}

/* The office's 24-hour publishing limit from content_publishing_limit:
 * IG_OK when one more post fits, IG_REFUSED (msg) past it. */
static int check_limit(struct ig *g, char *msg, size_t n)
{
    char path[160];
    json_t *a;
    snprintf(path, sizeof path, "%s/content_publishing_limit", jv_str(g->ch, "account"));
    int rc = graph(g, "GET", path, "fields=quota_usage,config", &a, msg, n);
    if (rc != IG_OK) return rc;
    json_t *d = json_array_get(json_object_get(a, "data"), 0);
    json_int_t used = json_integer_value(json_object_get(d, "quota_usage"));
    json_int_t total = json_integer_value(json_object_get(json_object_get(d, "config"),
                                                          "quota_total"));
    if (total > 0 && used >= total) {
        snprintf(msg, n, "Batas unggahan Instagram akun ini sudah tercapai (%lld unggahan dalam "
                 "24 jam). Coba lagi besok; unggahan ini belum diterbitkan.", (long long)total);
        rc = IG_REFUSED;
    }
    json_decref(a);
    return rc;
}

/* The container's query: image_url, caption and alt_text, encoded. */
static char *container_query(struct ig *g)
{
    char img[600], portal[600];
    struct buf cap, q;
    buf_init(&cap, 0);
    buf_init(&q, 0);
    snprintf(img, sizeof img, "%s/o/%s/berita/%s/visual.jpg", g->base, g->slug,
             jv_str(g->item, "slug"));
    snprintf(portal, sizeof portal, "%s/o/%s/berita/%s", g->base, g->slug,
             jv_str(g->item, "slug"));
    ig_caption(g->item, portal, &cap);
    const char *parts[][2] = {{"image_url", img}, {"caption", buf_cstr(&cap)},
                              {"alt_text", jv_str(g->item, "alt_text")}};
    for (size_t i = 0; i < 3; i++) {
        size_t room = strlen(parts[i][1]) * 3 + 1;
        char *enc = malloc(room);
        if (!enc) { q.err = 1; break; }
        url_encode(parts[i][1], enc, room);
        buf_printf(&q, "%s%s=%s", i ? "&" : "", parts[i][0], enc);
        free(enc);
    }
    int bad = cap.err || q.err;
    buf_free(&cap);
    if (bad) { buf_free(&q); return NULL; }
    return buf_steal(&q);
}

/* Creates the container and stores its id before anything else. */
static int create_container(struct ig *g, char *msg, size_t n)
{
    int rc = check_limit(g, msg, n);
    if (rc != IG_OK) return rc;
    char *q = container_query(g), path[160];
    json_t *a = NULL;
    if (!q) return IG_NOANSWER;
    snprintf(path, sizeof path, "%s/media", jv_str(g->ch, "account"));
    rc = graph(g, "POST", path, q, &a, msg, n);
    free(q);
    const char *id = jv_str(a, "id");
    if (rc == IG_OK && !*id) {
        snprintf(msg, n, "Instagram tidak memberi nomor wadah unggahan; Balai mencoba lagi.");
        rc = IG_NOANSWER;
    }
    struct ig_step s = {.state = "wadah", .container_id = id, .error = ""};
    if (rc == IG_OK && ig_post_set(g->db, g->item_id, &s, time(NULL)) != 0) rc = IG_NOANSWER;
    if (rc == IG_OK) json_object_set_new(g->post, "container_id", json_string(id));
    json_decref(a);
    return rc;
}

/* The post is live: its media id (may be "" when only the container's
 * PUBLISHED status told so) and, read after, its permalink. */
static void mark_live(struct ig *g, const char *media_id)
{
    struct ig_step s = {.state = "terbit", .media_id = media_id, .error = ""};
    ig_post_set(g->db, g->item_id, &s, time(NULL));
    if (!*media_id) return;
    char msg[300];
    json_t *a;
    /* a failed read leaves the link out; the post stays live */
    if (graph(g, "GET", media_id, "fields=permalink", &a, msg, sizeof msg) != IG_OK) return;
    struct ig_step l = {.state = "terbit", .permalink = jv_str(a, "permalink")};
    ig_post_set(g->db, g->item_id, &l, time(NULL));
    json_decref(a);
}

/* media_publish of a FINISHED container, state kirim stored first. */
static int publish(struct ig *g, char *msg, size_t n)
{
    struct ig_step s = {.state = "kirim"};
    if (ig_post_set(g->db, g->item_id, &s, time(NULL)) != 0) return IG_NOANSWER;
    char path[160], q[200];
    json_t *a;
    snprintf(path, sizeof path, "%s/media_publish", jv_str(g->ch, "account"));
    snprintf(q, sizeof q, "creation_id=%s", jv_str(g->post, "container_id"));
    int rc = graph(g, "POST", path, q, &a, msg, n);
    if (rc != IG_OK) return rc;     /* kirim stays: the next run reads the container first */
    mark_live(g, jv_str(a, "id"));
    json_decref(a);
    return IG_OK;
}

/* Reads the stored container's status and acts on it. IG_OK done (live),
 * 2 still in progress, IG_REFUSED (msg), IG_NOANSWER. */
static int advance(struct ig *g, char *msg, size_t n)
{
    json_t *a;
    int rc = graph(g, "GET", jv_str(g->post, "container_id"), "fields=status_code,status", &a,
                   msg, n);
    if (rc != IG_OK) return rc;
    const char *st = jv_str(a, "status_code");
    if (strcmp(st, "PUBLISHED") == 0) mark_live(g, "");   /* published before a crash */
    else if (strcmp(st, "FINISHED") == 0) rc = publish(g, msg, n);
    else if (strcmp(st, "IN_PROGRESS") == 0) rc = 2;
    else {
        /* ERROR or EXPIRED: this container cannot be published; a retry makes a new one */
        struct ig_step s = {.state = "gagal", .container_id = ""};
        ig_post_set(g->db, g->item_id, &s, time(NULL));
        snprintf(msg, n, strcmp(st, "EXPIRED") == 0
                 ? "Wadah unggahan di Instagram sudah kedaluwarsa sebelum diterbitkan. Coba lagi."
                 : "Instagram gagal memproses gambar konten ini. Pastikan gambarnya JPEG yang "
                   "utuh dengan perbandingan sisi antara 4:5 dan 1,91:1, lalu coba lagi.");
        rc = IG_REFUSED;
    }
    json_decref(a);
    return rc;
}

/* Loads the row, the item, the channel and its token. 0 ready, 1 nothing
 * to do, IG_REFUSED (msg), IG_NOANSWER (database). */
static int load(struct ig *g, char *msg, size_t n)
{
    int found = ig_post_find(g->db, g->item_id, &g->post);
    if (found != DB_ROW) return found == DB_DONE ? 1 : IG_NOANSWER;
    const char *state = jv_str(g->post, "state");
    if (strcmp(state, "terbit") == 0 || strcmp(state, "gagal") == 0) return 1;
    if (content_find(g->db, 0, g->item_id, &g->item) < 0) return IG_NOANSWER;
    json_t *office = office_get_id(g->db, jv_int(g->post, "office_id"));
    snprintf(g->slug, sizeof g->slug, "%s", jv_str(office, "slug"));
    json_decref(office);
    if (channel_find(g->db, jv_int(g->post, "office_id"), "instagram", &g->ch) < 0)
        return IG_NOANSWER;
    const char *base = jv_str(g->ch, "base_url"), *why = ig_base_refusal(g->base);
    snprintf(g->graph, sizeof g->graph, "%s", *base ? base : IG_GRAPH_URL);
    if (!g->item || strcmp(jv_str(g->item, "state"), "terbit") != 0)
        snprintf(msg, n, "Hanya konten yang sudah terbit yang dapat diterbitkan di Instagram.");
    else if (jv_int(g->item, "media_id") <= 0)
        snprintf(msg, n, "Konten ini belum punya visual; Instagram hanya menerima unggahan "
                 "bergambar. Tambahkan visual lewat langkah koreksi, lalu coba lagi.");
    else if (!g->ch || !json_is_true(json_object_get(g->ch, "active")))
        snprintf(msg, n, "Akun Instagram kantor ini belum dihubungkan.");
    else if (why && !*jv_str(g->post, "container_id"))
        snprintf(msg, n, "%s", why);
    else if (channel_secret(g->ch, "token", g->token, msg, n) == 0)
        return 0;
    return IG_REFUSED;
}

void instagram_job(db_t *db, const struct job *j, struct job_result *res)
{
    struct ig g = {.db = db, .item_id = j->ref_id};
    const char *base = getenv("BALAI_BASE_URL");
    size_t bl = base ? strlen(base) : 0;
    while (bl && base[bl - 1] == '/') bl--;
    snprintf(g.base, sizeof g.base, "%.*s", (int)bl, base ? base : "");
    char msg[512] = "";
    int rc = load(&g, msg, sizeof msg);
    if (rc == 0 && !*jv_str(g.post, "container_id")) rc = create_container(&g, msg, sizeof msg);
    if (rc == 0) rc = advance(&g, msg, sizeof msg);
    int last = j->attempts >= j->max_attempts;
    if (rc == 2 || (rc == IG_NOANSWER && !last)) {
        res->verdict = JOB_RETRY;
        res->delay_ms = rc == 2 ? IG_POLL_MS : 0;
        snprintf(res->error, sizeof res->error, "%s", rc == 2 ? "Instagram masih memproses" : msg);
    }
    if (rc == 2 && last)
        snprintf(msg, sizeof msg, "Instagram belum selesai memproses gambar setelah beberapa "
                 "kali diperiksa. Coba lagi nanti.");
    if (rc == IG_REFUSED || ((rc == IG_NOANSWER || rc == 2) && last)) {
        res->verdict = JOB_DONE;
        struct ig_step s = {.state = "gagal", .error = msg};
        ig_post_set(db, g.item_id, &s, time(NULL));
    }
    sodium_memzero(g.token, sizeof g.token);
    json_decref(g.post);
    json_decref(g.item);
    json_decref(g.ch);
}
