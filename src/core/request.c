/* request: see request.h. */
#include "core/request.h"
#include <ctype.h>
#include <stdio.h>
#include <string.h>

static const struct {
    const char *status, *label, *next;
} statuses[] = {
    {"baru", "Baru diterima",
     "Petugas akan memeriksa permohonan Anda pada hari kerja berikutnya."},
    {"diproses", "Sedang diproses",
     "Berkas Anda sedang diproses. Kami kabari lagi begitu dokumen selesai."},
    {"kurang_lengkap", "Berkas kurang lengkap",
     "Mohon lengkapi berkas yang kurang lewat tautan unggah atau bawa ke kantor."},
    {"ditolak", "Ditolak",
     "Permohonan tidak dapat dilanjutkan. Silakan hubungi petugas bila ada pertanyaan."},
    {"selesai", "Selesai, siap diambil",
     "Dokumen sudah selesai. Silakan pilih jadwal pengambilan dan bawa berkas asli."},
    {"diambil", "Sudah diambil", "Permohonan sudah selesai. Terima kasih."},
};
#define NSTATUS (sizeof statuses / sizeof statuses[0])

static int find(const char *s)
{
    if (!s) return -1;
    for (size_t i = 0; i < NSTATUS; i++)
        if (strcmp(statuses[i].status, s) == 0) return (int)i;
    return -1;
}

int req_status_valid(const char *s) { return find(s) >= 0; }

int req_transition_ok(const char *from, const char *to)
{
    static const char *const allowed[][2] = {
        {"baru", "diproses"},           {"baru", "kurang_lengkap"}, {"baru", "ditolak"},
        {"baru", "selesai"},            /* same-day letters */
        {"diproses", "kurang_lengkap"}, {"diproses", "ditolak"},    {"diproses", "selesai"},
        {"kurang_lengkap", "diproses"}, {"kurang_lengkap", "ditolak"},
        {"selesai", "diambil"},
    };
    if (!req_status_valid(from) || !req_status_valid(to)) return 0;
    for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++)
        if (strcmp(allowed[i][0], from) == 0 && strcmp(allowed[i][1], to) == 0) return 1;
    return 0;
}

int req_status_final(const char *s)
{
    return s && (strcmp(s, "selesai") == 0 || strcmp(s, "diambil") == 0 ||
                 strcmp(s, "ditolak") == 0);
}

int req_status_running(const char *s)
{
    return s && (strcmp(s, "baru") == 0 || strcmp(s, "diproses") == 0);
}

const char *req_status_label(const char *s)
{
    int i = find(s);
    return i < 0 ? (s ? s : "") : statuses[i].label;
}

const char *req_next_step(const char *s)
{
    int i = find(s);
    return i < 0 ? "" : statuses[i].next;
}

const char *req_pickup_step(enum pickup_stage s)
{
    switch (s) {
    case PICKUP_NO_SLOTS:
        return "Dokumen sudah selesai. Silakan ambil di kantor pada jam layanan dengan membawa "
               "tanda terima dan berkas asli.";
    case PICKUP_FULL:
        return "Dokumen sudah selesai. Saat ini tidak ada jadwal pengambilan yang masih bisa "
               "dipilih; silakan datang ke kantor pada jam layanan dengan membawa tanda terima "
               "dan berkas asli.";
    case PICKUP_OPEN: return req_next_step("selesai");
    case PICKUP_BOOKED:
        return "Dokumen sudah selesai. Silakan datang sesuai jadwal pengambilan dengan membawa "
               "tanda terima dan berkas asli.";
    case PICKUP_COLLECTED: return req_next_step("diambil");
    case PICKUP_NOTHING: return "Permohonan Anda sudah selesai. Terima kasih.";
    default: return NULL;
    }
}

const char *req_pickup_label(enum pickup_stage s)
{
    return s == PICKUP_NOTHING ? "Selesai" : NULL;
}

static int code_ok(const char *c)
{
    size_t n = c ? strlen(c) : 0;
    if (n < 2 || n > 6) return 0;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)c[i])) return 0;
    return 1;
}

int req_number_format(char *out, size_t n, const char *code, long long office_id, int year,
                      long long seq)
{
    char c[8];
    if (code_ok(code)) {
        size_t i;
        for (i = 0; code[i]; i++) c[i] = (char)toupper((unsigned char)code[i]);
        c[i] = '\0';
    } else {
        snprintf(c, sizeof c, "K%lld", office_id % 100000);
    }
    if (year < 1000 || year > 9999 || seq < 1) return -1;
    int w = snprintf(out, n, "%s-%d-%05lld", c, year, seq);
    return w < 0 || (size_t)w >= n ? -1 : 0;
}

/* a separator between the parts as citizens type them */
static const char *skip_sep(const char *p)
{
    while (*p == '-' || *p == ' ' || *p == '/' || *p == '.' || *p == '_') p++;
    return p;
}

int req_number_find(const char *text, char *out, size_t n)
{
    if (!text) return 0;
    for (const char *p = text; *p; p++) {
        /* a code starts at a word start with a letter */
        if (!isalpha((unsigned char)*p) || (p > text && isalnum((unsigned char)p[-1]))) continue;
        size_t cl = 0;
        while (cl < 7 && isalnum((unsigned char)p[cl])) cl++;
        if (cl < 2 || cl > 6 || isalnum((unsigned char)p[cl])) continue;
        const char *q = skip_sep(p + cl);
        if (q == p + cl) continue;
        int year = 0, yl = 0;
        while (yl < 4 && isdigit((unsigned char)q[yl])) year = year * 10 + (q[yl++] - '0');
        if (yl != 4 || isdigit((unsigned char)q[4])) continue;
        const char *s = skip_sep(q + 4);
        if (s == q + 4) continue;
        long long seq = 0;
        int sl = 0;
        while (sl < 8 && isdigit((unsigned char)s[sl])) seq = seq * 10 + (s[sl++] - '0');
        if (sl == 0 || sl > 7 || isalnum((unsigned char)s[sl]) || seq < 1) continue;
        char code[8];
        memcpy(code, p, cl);
        code[cl] = '\0';
        if (req_number_format(out, n, code, 0, year, seq) == 0) return 1;
    }
    return 0;
}

const char *req_chat_label(const char *s)
{
    if (!req_status_valid(s)) return NULL;
    if (strcmp(s, "baru") == 0) return "baru";
    if (strcmp(s, "diproses") == 0 || strcmp(s, "kurang_lengkap") == 0) return "diproses";
    return "selesai";
}

int req_verdict_valid(const char *v)
{
    return v && (strcmp(v, "ok") == 0 || strcmp(v, "kurang") == 0 || strcmp(v, "salah") == 0 ||
                 strcmp(v, "tidak_perlu") == 0);
}

int req_verdict_done(const char *v)
{
    return v && (strcmp(v, "ok") == 0 || strcmp(v, "tidak_perlu") == 0);
}

int req_status_needs_checklist(const char *to)
{
    return to && (strcmp(to, "selesai") == 0 || strcmp(to, "diambil") == 0);
}

json_t *req_open_items(const json_t *checklist, const json_t *verdicts)
{
    json_t *open = json_array();
    size_t i, k;
    json_t *c, *v;
    json_array_foreach(checklist, i, c) {
        const char *verdict = NULL;
        json_array_foreach(verdicts, k, v)
            if (json_integer_value(json_object_get(v, "item")) == (json_int_t)i)
                verdict = json_string_value(json_object_get(v, "verdict"));
        if (req_verdict_done(verdict)) continue;
        const char *name = json_string_value(json_object_get(c, "item"));
        json_array_append_new(open, json_string(name && *name ? name : "(tanpa nama)"));
    }
    return open;
}

void req_open_message(const json_t *open, const char *to, char *out, size_t n)
{
    size_t k = 0;
    int w = snprintf(out, n, "Status belum dapat diubah menjadi \"%s\": %zu berkas belum "
                     "diperiksa atau belum sesuai: ", req_status_label(to), json_array_size(open));
    if (w < 0 || (size_t)w >= n) return;
    k = (size_t)w;
    size_t i;
    json_t *x;
    json_array_foreach(open, i, x) {
        w = snprintf(out + k, n - k, "%s%s", i ? ", " : "", json_string_value(x));
        if (w < 0 || (size_t)w >= n - k) return;
        k += (size_t)w;
    }
    snprintf(out + k, n - k, ". Petugas verifikasi perlu menandai setiap berkas \"Sesuai\" "
             "(atau \"Tidak diperlukan\" dengan catatan) lebih dulu.");
}

const char *req_verdict_label(const char *v)
{
    if (!v) return "";
    if (strcmp(v, "ok") == 0) return "Sesuai";
    if (strcmp(v, "kurang") == 0) return "Kurang";
    if (strcmp(v, "salah") == 0) return "Salah / tidak sesuai";
    if (strcmp(v, "tidak_perlu") == 0) return "Tidak diperlukan";
    return v;
}
