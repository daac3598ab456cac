/* content: see content.h. */
#include "core/content.h"
#include "core/role.h"
#include <ctype.h>
#include <stdio.h>
#include <string.h>

const struct content_type content_types[] = {
    {"pengumuman", "Pengumuman"},
    {"informasi_layanan", "Informasi layanan"},
    {"edukasi", "Edukasi"},
    {"laporan_kegiatan", "Laporan kegiatan"},
    {"informasi_pembangunan", "Informasi pembangunan"},
    {"program_pemerintah", "Program pemerintah"},
    {"podcast", "Episode podcast"},
    {"klarifikasi_hoaks", "Klarifikasi hoaks"},
    {0, 0},
};

const struct content_state content_states[] = {
    {"bahan", "Pengumpulan bahan"},
    {"draf", "Draf"},
    {"validasi", "Menunggu validasi"},
    {"desain", "Desain visual"},
    {"jadwal", "Terjadwal"},
    {"terbit", "Terbit"},
    {"ditarik", "Ditarik"},
    {"ditolak", "Ditolak"},
    {0, 0},
};

const struct content_step content_steps[] = {
    {"start", "Mulai menulis draf", "bahan", "draf", PERM_CONTENT_DRAFT, 0},
    {"submit", "Ajukan validasi", "draf", "validasi", PERM_CONTENT_DRAFT, 0},
    {"approve", "Setujui isi", "validasi", "desain", PERM_CONTENT_VALIDATE, 0},
    {"schedule", "Jadwalkan", "desain jadwal", "jadwal", PERM_CONTENT_PUBLISH, 0},
    {"publish", "Terbitkan sekarang", "desain jadwal", "terbit", PERM_CONTENT_PUBLISH, 0},
    {"unpublish", "Tarik dari portal", "terbit", "ditarik", PERM_CONTENT_PUBLISH, 1},
    {"correct", "Terbitkan koreksi", "terbit", "terbit", PERM_CONTENT_PUBLISH, 1},
    {"return", "Kembalikan ke penulis", "validasi", "draf", PERM_CONTENT_VALIDATE, 1},
    {"return", "Kembalikan ke penulis", "desain", "draf", PERM_CONTENT_DESIGN, 1},
    {"return", "Kembalikan ke penulis", "jadwal", "draf", PERM_CONTENT_PUBLISH, 1},
    {"reject", "Tolak", "validasi", "ditolak", PERM_CONTENT_VALIDATE, 1},
    {"reject", "Tolak", "desain", "ditolak", PERM_CONTENT_PUBLISH, 1},
    {"reopen", "Buka lagi sebagai draf", "ditarik ditolak", "draf", PERM_CONTENT_DRAFT, 0},
    {0, 0, 0, 0, 0, 0},
};

const struct content_check content_checks[] = {
    {"akurasi", "Akurasi",
     "Fakta dan angka sudah dicocokkan dengan sumbernya."},
    {"regulasi", "Kepatuhan regulasi",
     "Dasar hukum benar, tidak memuat data pribadi, tidak termasuk informasi yang dikecualikan "
     "UU 14/2008."},
    {"aksesibilitas", "Aksesibilitas",
     "Visual punya teks alternatif, bahasanya sederhana, kontras visualnya cukup terbaca."},
    {0, 0, 0},
};

const struct content_type *content_type_find(const char *name)
{
    if (!name) return NULL;
    for (const struct content_type *t = content_types; t->name; t++)
        if (strcmp(t->name, name) == 0) return t;
    return NULL;
}

const char *content_state_label(const char *name)
{
    for (const struct content_state *s = content_states; name && s->name; s++)
        if (strcmp(s->name, name) == 0) return s->label;
    return "";
}

/* 1 when `word` is one of the space-separated words of `list`. */
static int in_list(const char *list, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = list; *p;) {
        size_t k = strcspn(p, " ");
        if (k == n && strncmp(p, word, n) == 0) return 1;
        p += k;
        while (*p == ' ') p++;
    }
    return 0;
}

const struct content_step *content_step_find(const char *action, const char *state)
{
    if (!action || !state) return NULL;
    for (const struct content_step *s = content_steps; s->action; s++)
        if (strcmp(s->action, action) == 0 && in_list(s->from, state)) return s;
    return NULL;
}

static const char *str(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

/* 1 when s (trimmed of spaces) is empty. */
static int blank(const char *s)
{
    while (*s && isspace((unsigned char)*s)) s++;
    return *s == '\0';
}

static int valid_date(const char *s)
{
    int y, m, d;
    char tail;
    if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) return 0;
    return y >= 1945 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* An official document link: http(s) with a host. */
static int valid_url(const char *s)
{
    const char *rest = strncmp(s, "https://", 8) == 0 ? s + 8
                       : strncmp(s, "http://", 7) == 0 ? s + 7 : NULL;
    if (!rest || !*rest || *rest == '/') return 0;
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == '"' || *p == '<' || *p == '>') return 0;
    return 1;
}

static void need(json_t *errors, const char *field, const char *msg)
{
    if (!json_object_get(errors, field)) json_object_set_new(errors, field, json_string(msg));
}

/* The action points: a non-empty array of non-blank strings. */
static int points_ok(const json_t *points)
{
    if (!json_is_array(points) || json_array_size(points) == 0) return 0;
    size_t i;
    json_t *p;
    json_array_foreach(points, i, p)
        if (!json_is_string(p) || blank(json_string_value(p))) return 0;
    return 1;
}

int content_format_check(const json_t *item, int stage, json_t *errors)
{
    size_t before = json_object_size(errors);
    if (blank(str(item, "title"))) need(errors, "title", "Judul wajib diisi.");
    if (!valid_date(str(item, "item_date")))
        need(errors, "item_date", "Tanggal wajib diisi dengan format tanggal yang benar.");
    if (blank(str(item, "source")))
        need(errors, "source", "Sumber informasi wajib diisi (instansi atau dokumen asal).");
    if (blank(str(item, "contact")))
        need(errors, "contact", "Kontak yang dapat dihubungi warga wajib diisi.");
    if (blank(str(item, "summary"))) need(errors, "summary", "Ringkasan wajib diisi.");
    if (!points_ok(json_object_get(item, "action_points")))
        need(errors, "action_points", "Tuliskan paling sedikit satu poin tindakan untuk warga.");
    if (!valid_url(str(item, "document_url")))
        need(errors, "document_url",
             "Tautan ke dokumen resmi wajib diisi, diawali https:// atau http://.");
    if (stage >= CONTENT_NEED_ALL) {
        if (json_integer_value(json_object_get(item, "media_id")) <= 0)
            need(errors, "media_id", "Visual pendukung belum ada: unggah gambar atau buat dari isi.");
        if (blank(str(item, "alt_text")))
            need(errors, "alt_text", "Teks alternatif visual wajib diisi.");
    }
    return (int)(json_object_size(errors) - before);
}

int content_checklist_done(const json_t *checklist)
{
    for (const struct content_check *c = content_checks; c->name; c++) {
        json_t *e = json_object_get(checklist, c->name);
        if (!json_is_true(json_object_get(e, "ok"))) return 0;
    }
    return 1;
}

void content_slugify(const char *title, char *out, size_t n)
{
    size_t k = 0;
    int dash = 0;
    for (const unsigned char *p = (const unsigned char *)title; *p && k + 1 < n; p++) {
        if (isalnum(*p) && *p < 0x80) {
            if (dash && k > 0 && k + 2 < n) out[k++] = '-';
            out[k++] = (char)tolower(*p);
            dash = 0;
        } else {
            dash = 1;
        }
    }
    out[k] = '\0';
    if (k == 0) snprintf(out, n, "berita");
}
