/* reqtype: what differs between the types of a citizen's request (seed 003:
 * "permintaan informasi, pengaduan, pendaftaran dokumen dan/atau
 * konsultasi"). A document request (pendaftaran_dokumen) follows
 * core/request.h whole: checklist, kurang_lengkap, pickup. A complaint
 * (pengaduan) and a consultation (konsultasi) have no documents and
 * nothing to collect: baru -> diproses -> selesai, or ditolak, with words
 * that fit ("Sedang ditindaklanjuti"), a complaint's category, and the
 * working days an office gives itself to follow a complaint up. Every
 * screen, notice and the chat ask here, so they say the same thing. */
#ifndef BALAI_REQTYPE_H
#define BALAI_REQTYPE_H

#define REQ_TYPE_DOCUMENT "pendaftaran_dokumen"
#define REQ_TYPE_COMPLAINT "pengaduan"
#define REQ_TYPE_CONSULT "konsultasi"
#define REQ_TYPES REQ_TYPE_DOCUMENT " " REQ_TYPE_COMPLAINT " " REQ_TYPE_CONSULT
/* working days to follow a complaint up when the office set none */
#define REQ_COMPLAINT_DAYS_DEFAULT 5
#define REQ_TYPE_DAYS_MAX 60

/* 1 for the three types. */
int reqtype_valid(const char *t);
/* "Permohonan dokumen", "Pengaduan", "Konsultasi" ("" or unknown: a document). */
const char *reqtype_label(const char *t);
/* The noun before a number in a message: "Permohonan", "Pengaduan", "Konsultasi". */
const char *reqtype_noun(const char *t);
/* 1 when the type has a checklist, kurang_lengkap and a pickup (documents). */
int reqtype_has_documents(const char *t);
/* req_transition_ok for documents; for the others baru -> diproses,
 * baru/diproses -> selesai or ditolak. */
int reqtype_transition_ok(const char *t, const char *from, const char *to);
/* The status's label and the citizen's next step in the type's words. */
const char *reqtype_status_label(const char *t, const char *status);
const char *reqtype_next_step(const char *t, const char *status);

/* A complaint's category: code (stored) and label (shown, <= 24 characters
 * so that it fits a WhatsApp list row). NULL-terminated. */
struct complaint_category { const char *code, *label; };
extern const struct complaint_category complaint_categories[];
/* The label of a code; "" when unknown. */
const char *complaint_category_label(const char *code);

#endif
