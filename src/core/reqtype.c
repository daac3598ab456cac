/* reqtype: see reqtype.h. */
#include "core/reqtype.h"
#include "core/request.h"
#include <string.h>

const struct complaint_category complaint_categories[] = {
    {"pelayanan", "Pelayanan petugas"},
    {"jalan", "Jalan & saluran air"},
    {"kebersihan", "Sampah & kebersihan"},
    {"fasilitas", "Lampu & fasilitas umum"},
    {"ketertiban", "Keamanan & ketertiban"},
    {"bansos", "Bantuan sosial"},
    {"lainnya", "Lainnya"},
    {NULL, NULL},
};

const char *complaint_category_label(const char *code)
{
    for (size_t i = 0; code && complaint_categories[i].code; i++)
        if (strcmp(complaint_categories[i].code, code) == 0) return complaint_categories[i].label;
    return "";
}

static int is(const char *t, const char *type) { return t && strcmp(t, type) == 0; }

int reqtype_valid(const char *t)
{
    return is(t, REQ_TYPE_DOCUMENT) || is(t, REQ_TYPE_COMPLAINT) || is(t, REQ_TYPE_CONSULT);
}

const char *reqtype_label(const char *t)
{
    if (is(t, REQ_TYPE_COMPLAINT)) return "Pengaduan";
    if (is(t, REQ_TYPE_CONSULT)) return "Konsultasi";
    return "Permohonan dokumen";
}

const char *reqtype_noun(const char *t)
{
    if (is(t, REQ_TYPE_COMPLAINT)) return "Pengaduan";
    if (is(t, REQ_TYPE_CONSULT)) return "Konsultasi";
    return "Permohonan";
}

int reqtype_has_documents(const char *t) { return !reqtype_valid(t) || is(t, REQ_TYPE_DOCUMENT); }

int reqtype_transition_ok(const char *t, const char *from, const char *to)
{
    if (reqtype_has_documents(t)) return req_transition_ok(from, to);
    static const char *const allowed[][2] = {
        {"baru", "diproses"}, {"baru", "selesai"}, {"baru", "ditolak"},
        {"diproses", "selesai"}, {"diproses", "ditolak"},
    };
    for (size_t i = 0; from && to && i < sizeof allowed / sizeof allowed[0]; i++)
        if (strcmp(allowed[i][0], from) == 0 && strcmp(allowed[i][1], to) == 0) return 1;
    return 0;
}

/* label and next step of the four statuses a type without documents uses */
struct words { const char *status, *label, *next; };

static const struct words complaint[] = {
    {"baru", "Diterima",
     "Petugas akan memeriksa pengaduan Anda pada hari kerja berikutnya."},
    {"diproses", "Sedang ditindaklanjuti",
     "Pengaduan Anda sedang ditindaklanjuti. Kami kabari lagi begitu selesai."},
    {"selesai", "Sudah selesai ditindaklanjuti",
     "Pengaduan Anda sudah selesai ditindaklanjuti. Terima kasih telah menyampaikannya."},
    {"ditolak", "Tidak dapat ditindaklanjuti",
     "Pengaduan ini tidak dapat kami tindak lanjuti. Silakan hubungi petugas bila ada "
     "pertanyaan."},
    {NULL, NULL, NULL},
};

static const struct words consult[] = {
    {"baru", "Diterima", "Petugas akan menghubungi Anda pada jam pelayanan."},
    {"diproses", "Sedang ditangani", "Petugas sedang menangani konsultasi Anda."},
    {"selesai", "Selesai", "Konsultasi sudah selesai. Terima kasih."},
    {"ditolak", "Tidak dapat dilayani",
     "Konsultasi ini tidak dapat kami layani. Silakan hubungi petugas bila ada pertanyaan."},
    {NULL, NULL, NULL},
};

static const struct words *find(const char *t, const char *status)
{
    const struct words *w = is(t, REQ_TYPE_COMPLAINT) ? complaint
                            : is(t, REQ_TYPE_CONSULT) ? consult : NULL;
    for (; w && status && w->status; w++)
        if (strcmp(w->status, status) == 0) return w;
    return NULL;
}

const char *reqtype_status_label(const char *t, const char *status)
{
    const struct words *w = find(t, status);
    return w ? w->label : req_status_label(status);
}

const char *reqtype_next_step(const char *t, const char *status)
{
    const struct words *w = find(t, status);
    return w ? w->next : req_next_step(status);
}
