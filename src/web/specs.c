/* specs: the fields each POST route reads, with their types and limits
 * (http/fields.h). The gate validates and converts them before the handler
 * runs; `balai routes` prints them and tests/e2e/routes.test.mjs checks
 * that every form's inputs are declared here. Grouped by web area, in the
 * order of the route table. */
#include "web/specs.h"
#include "channels/intake.h"
#include "core/reqtype.h"
#include "core/request.h"
#include "db/store_token.h"
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define END {0}
#define TXT(n, lbl, mx, fl) {.name = n, .type = FT_TEXT, .max = mx, .flags = fl, .label = lbl}
#define CHK(n, lbl, mx, fl, fn) {.name = n, .type = FT_TEXT, .max = mx, .flags = fl, \
                                 .label = lbl, .check = fn}
#define INT(n, lbl, lo, hi, fl, h) {.name = n, .type = FT_INT, .min = lo, .max = hi, \
                                    .flags = fl, .label = lbl, .hint = h}
#define ONE(n, lbl, ch, fl, h) {.name = n, .type = FT_ENUM, .choices = ch, .flags = fl, \
                                .label = lbl, .hint = h}
#define TYPED(n, t, lbl, fl) {.name = n, .type = t, .flags = fl, .label = lbl}
#define REQ FS_REQUIRED
#define VERSION INT("version", "Versi", 0, 2147483647L, REQ, \
                    "Formulir tidak lengkap; muat ulang halaman lalu coba lagi.")

const struct field_spec spec_none[] = {END};

/* ---- sign-in and own password (web/auth.c): the password policy decides */
const struct field_spec spec_login[] = {
    TXT("username", "Nama pengguna", 200, 0),
    TXT("password", "Kata sandi", 1024, FS_SECRET),
    TXT("next", "Halaman tujuan", 1500, 0),
    END,
};
const struct field_spec spec_password[] = {
    TXT("current", "Kata sandi saat ini", 1024, FS_SECRET),
    TXT("password", "Kata sandi baru", 1024, FS_SECRET),
    TXT("password2", "Ulangi kata sandi baru", 1024, FS_SECRET),
    END,
};

/* ---- one's own personal access tokens (web/tokens.c); the label's
 * letters and the days are checked by the store's rules there */
const struct field_spec spec_token_create[] = {
    TXT("label", "Nama token", TOKEN_LABEL_MAX, REQ),
    INT("expires", "Masa berlaku", 1, TOKEN_DAYS_MAX, 0,
        "Masa berlaku harus berupa jumlah hari, dari 1 sampai 3650 (tanpa masa berlaku, token "
        "berlaku sampai dicabut)."),
    END,
};
const struct field_spec spec_token_revoke[] = {TXT("label", "Nama token", TOKEN_LABEL_MAX, REQ), END};

/* a citizen's file through a private upload link (web/upload.c) */
const struct field_spec spec_upload[] = {TYPED("file", FT_FILE, "Berkas", 0), END};

/* ---- an office (web/office.c) */
#define PROFILE \
    TXT("name", "Nama kantor", 120, REQ), \
    CHK("code", "Kode kantor", 6, 0, check_office_code), \
    TXT("address", "Alamat", 300, FS_LINES), \
    CHK("map_url", "Tautan peta", 500, 0, check_url), \
    TYPED("phone", FT_PHONE, "Telepon", 0), \
    TYPED("whatsapp", FT_PHONE, "Nomor WhatsApp", 0), \
    CHK("email", "Email", 120, 0, check_email), \
    CHK("tz", "Zona waktu", 4, REQ, check_tz)

const struct field_spec spec_office_edit[] = {PROFILE, VERSION, END};
const struct field_spec *const spec_profile = spec_office_edit;

#define DAY(n) {.name = n, .type = FT_TEXT, .max = 100, .label = "Jam", \
                .hint = "Isian jam tidak valid."}
#define WEEK DAY("d0"), DAY("d1"), DAY("d2"), DAY("d3"), DAY("d4"), DAY("d5"), DAY("d6")
const struct field_spec spec_office_hours[] = {WEEK, VERSION, END};

const struct field_spec spec_office_leave[] = {
    TYPED("date", FT_DATE, "Tanggal", REQ),
    TXT("name", "Keterangan", 120, REQ),
    END,
};
const struct field_spec spec_office_leave_delete[] = {TYPED("date", FT_DATE, "Tanggal", REQ), END};
const struct field_spec spec_office_logo[] = {TYPED("logo", FT_FILE, "Logo", 0), END};

static const char *const office_types[] = {"provinsi", "kabupaten", "kota", "dinas",
                                           "kecamatan", "kelurahan", "desa", NULL};
const struct field_spec spec_office_new[] = {
    TYPED("slug", FT_SLUG, "Alamat singkat (slug)", REQ),
    ONE("type", "Jenis kantor", office_types, REQ, NULL),
    PROFILE,
    END,
};

/* ---- staff (web/staff.c) */
const struct field_spec spec_staff_add[] = {
    CHK("username", "Nama pengguna", 40, REQ, check_username),
    TXT("full_name", "Nama lengkap", 120, REQ),
    TYPED("phone", FT_PHONE, "Nomor HP", 0),
    TXT("role", "Peran", 40, REQ),
    TXT("password", "Kata sandi", 1024, FS_SECRET),
    END,
};
const struct field_spec spec_staff_update[] = {
    TXT("full_name", "Nama lengkap", 120, REQ),
    TYPED("phone", FT_PHONE, "Nomor HP", 0),
    TYPED("absent_until", FT_DATE, "Cuti sampai", 0),
    WEEK,
    TYPED("disabled", FT_BOOL, "Nonaktif", 0),
    TYPED("role_*", FT_BOOL, "Peran", FS_MULTI),
    END,
};
const struct field_spec spec_staff_password[] = {
    TXT("password", "Kata sandi", 1024, FS_SECRET),
    END,
};
const struct field_spec spec_escalation[] = {
    TXT("staff*", "Staf", 40, FS_MULTI),
    INT("wait*", "Waktu tunggu", 1, 1440, FS_MULTI, "Waktu tunggu harus 1–1440 menit."),
    END,
};

/* ---- the shared inbox (web/inbox.c, inbox_actions.c, inbox_sla.c): the
 * thread is drawn again with the first message and what was typed; empty
 * text is the handlers' own message (after masking a NIK and trimming) */
const struct field_spec spec_inbox_assign[] = {TXT("staff", "Staf", 20, 0), END};
const struct field_spec spec_inbox_note[] = {TXT("note", "Catatan", 2000, FS_LINES), END};
const struct field_spec spec_inbox_label[] = {
    TXT("label", "Label", 30, 0),
    TXT("hapus", "Label", 30, 0),
    END,
};
const struct field_spec spec_inbox_reply[] = {
    TXT("text", "Balasan", 4000, FS_LINES),
    INT("holder", "Pemegang percakapan", 0, 9007199254740991L, 0,
        "Formulir tidak lengkap; muat ulang halaman lalu coba lagi."),
    END,
};
static const char *const inbox_actions[] = {"ambil", "bot", "selesai", NULL};
const struct field_spec spec_inbox_state[] = {
    ONE("action", "Tindakan", inbox_actions, REQ, "Tindakan tidak dikenal."),
    END,
};
const struct field_spec spec_inbox_settings[] = {
    INT("first", "Balasan pertama", 1, 24 * 60, REQ,
        "Isi jumlah menit jam layanan, bilangan bulat 1 sampai 1440 (misalnya 60)."),
    INT("resolve", "Penyelesaian", 1, 500, REQ,
        "Isi jumlah jam layanan, bilangan bulat 1 sampai 500 (misalnya 14 untuk dua hari "
        "kerja tujuh jam)."),
    INT("complaint_days", "Target pengaduan", 1, REQ_TYPE_DAYS_MAX, 0,
        "Isi jumlah hari kerja, bilangan bulat 1 sampai 60 (misalnya 5)."),
    END,
};
const struct field_spec spec_inbox_template[] = {TXT("template", "Templat", 200, 0), END};
const struct field_spec spec_inbox_escalate[] = {TXT("jawaban", "Jawaban", 16000, FS_LINES), END};
const struct field_spec spec_inbox_schedule[] = {
    TXT("when", "Waktu kirim", 40, 0),
    TXT("template", "Templat", 200, 0),
    TXT("text", "Pesan", 4000, FS_LINES),
    END,
};
const struct field_spec spec_inbox_schedule_cancel[] = {
    INT("id", "Pesan terjadwal", 1, 9007199254740991L, REQ, "Pesan terjadwal tidak dikenal."),
    END,
};

/* ---- citizens' requests (web/requests.c) */
static int check_name(const char *v, char *msg, size_t n)
{
    if (strlen(v) >= 2) return 0;
    snprintf(msg, n, "Nama warga paling sedikit 2 huruf.");
    return -1;
}

/* digits, '+', spaces and dashes as people write numbers, 8..15 digits */
static int check_phone_loose(const char *v, char *msg, size_t n)
{
    int digits = 0, ok = 1;
    for (const char *p = v; *p; p++) {
        if (isdigit((unsigned char)*p)) digits++;
        else if (!(*p == ' ' || *p == '-' || (*p == '+' && p == v))) ok = 0;
    }
    if (ok && digits >= 8 && digits <= 15) return 0;
    snprintf(msg, n, "Nomor telepon hanya berisi angka, tanda + dan spasi, misalnya 0812 3456 7890.");
    return -1;
}

const struct field_spec spec_request_new[] = {
    TXT("service", "Layanan", 40, 0),
    TXT("jenis", "Jenis", 40, 0),
    TXT("category", "Jenis pengaduan", 40, 0),
    TXT("details", "Kejadian", 4000, FS_LINES),
    TXT("place", "Lokasi kejadian", 800, FS_LINES),
    CHK("name", "Nama warga", 100, REQ, check_name),
    TXT("address", "Alamat atau RT/RW", 200, REQ),
    CHK("phone", "Nomor telepon", 30, 0, check_phone_loose),
    TXT("conversation", "Percakapan", 20, 0),
    END,
};
const struct field_spec spec_request_status[] = {
    TXT("to", "Status baru", 20, REQ),
    TXT("note", "Catatan", REQ_REASON_MAX, FS_LINES),
    VERSION,
    END,
};
const struct field_spec spec_request_verdict[] = {
    INT("item", "Persyaratan", 0, 1000, REQ, "Persyaratan ini tidak ada dalam daftar permohonan."),
    TXT("verdict", "Hasil pemeriksaan", 20, REQ),
    TXT("note", "Catatan", REQ_REASON_MAX, FS_LINES),
    VERSION,
    END,
};
const struct field_spec spec_request_pickup[] = {TXT("slot", "Jadwal", 40, 0), END};

/* ---- channel settings (web/channels.c; core checks each value) */
static const char *const channel_kinds[] = {"whatsapp", "telegram", NULL};
const struct field_spec spec_channels[] = {
    ONE("kind", "Kanal", channel_kinds, 0, NULL),
    TXT("phone_number_id", "Phone number ID", 200, 0),
    TXT("token", "Token", 2000, FS_SECRET),
    TXT("app_secret", "App secret", 2000, FS_SECRET),
    TXT("verify_token", "Verify token", 2000, FS_SECRET),
    TXT("secret_token", "Secret token", 2000, FS_SECRET),
    TXT("base_url", "Alamat API", 500, 0),
    TXT("template_status", "Templat status", 200, 0),
    TXT("template_survey", "Templat survei", 200, 0),
    TXT("template_reminder", "Templat pengingat", 200, 0),
    TXT("template_broadcast", "Templat siaran info", 200, 0),
    TXT("template_language", "Bahasa templat", 20, 0),
    /* the same limits as `balai channel --rate --broadcast-tier` (channels/config.c) */
    INT("rate", "Kecepatan kirim", 1, 1000, 0,
        "Kecepatan kirim berupa angka 1 sampai 1000 pesan per detik."),
    INT("broadcast_tier", "Batas penerima siaran", 1, 100000000, 0,
        "Batas siaran berupa angka penerima per 24 jam, misalnya 1000."),
    END,
};

/* ---- the catalogue (web/catalogue.c): the service document is checked
 * whole by core/service.c (service_check), whose messages name each field;
 * the spec names the fields and bounds them */
#define AREA(n) TXT(n, "Isian", 20000, FS_LINES)
const struct field_spec spec_catalogue[] = {
    TXT("slug", "Alamat singkat", 1000, 0), TXT("name", "Nama layanan", 1000, 0),
    TXT("category", "Kategori", 1000, 0), TXT("cost", "Biaya", 1000, 0),
    TXT("days", "Lama proses", 1000, 0), TXT("request_type", "Jenis", 1000, 0),
    AREA("summary"), AREA("note_for_citizen"), AREA("source"), AREA("synonyms"),
    AREA("steps"), AREA("legal_basis"),
    TYPED("active", FT_BOOL, "Aktif", 0),
    INT("version", "Versi", 0, 2147483647L, 0,
        "Formulir tidak lengkap; muat ulang halaman lalu coba lagi."),
    TXT("ck_item_*", "Persyaratan", 1000, FS_MULTI),
    TXT("ck_note_*", "Keterangan persyaratan", 1000, FS_MULTI),
    TXT("ck_count_*", "Jumlah lembar", 1000, FS_MULTI),
    TXT("faq_q_*", "Pertanyaan", 1000, FS_MULTI),
    TXT("faq_a_*", "Jawaban", 20000, FS_MULTI | FS_LINES),
    END,
};
const struct field_spec spec_catalogue_restore[] = {VERSION, END};
const struct field_spec spec_catalogue_copy[] = {
    TXT("from", "Templat", 200, 0),
    TXT("service", "Layanan", 200, 0),
    END,
};

/* ---- pickup slots (web/pickup.c) and the public status page's booking */
static const char *const pickup_actions[] = {"add", "remove", "deactivate", "activate", NULL};
const struct field_spec spec_pickup[] = {
    ONE("action", "Tindakan", pickup_actions, REQ, "Tindakan tidak dikenal."),
    INT("weekday", "Hari", 0, 6, 0, "Pilih hari dari daftar."),
    {.name = "from", .type = FT_TIME, .label = "Jam mulai",
     .hint = "Jam mulai tidak valid, contoh: 08.00."},
    {.name = "to", .type = FT_TIME, .label = "Jam selesai",
     .hint = "Jam selesai tidak valid, contoh: 10.00."},
    INT("capacity", "Kapasitas", 1, 200, 0, "Kapasitas harus berupa angka 1 sampai 200 orang."),
    INT("slot", "Jadwal", 1, 9007199254740991L, 0, "Jadwal yang dipilih tidak dikenal."),
    END,
};
const struct field_spec spec_status_book[] = {
    TXT("nomor", "Nomor permohonan", 100, 0),
    TXT("kode", "Kode", 100, 0),
    TXT("slot", "Jadwal", 40, 0),
    END,
};

/* ---- applying on the portal (web/apply.c): the chat's own checks of a
 * name and an address (channels/intake.c), in the portal's words */
static int person_check(const char *v, int is_name, char *msg, size_t n)
{
    const char *what = is_name ? "nama" : "alamat";
    const char *write = is_name ? "Tuliskan nama lengkap Anda saja, misalnya Siti Rahmawati."
                                : "Tuliskan RT/RW atau alamat Anda, misalnya RT 03/RW 05, Jl. "
                                  "Melati No. 7.";
    switch (intake_person_fault(v, is_name)) {
    case INTAKE_FIT: return 0;
    case INTAKE_ID_NUMBER:
        snprintf(msg, n, "Jangan menulis NIK atau nomor KK di sini; identitas diperiksa dari "
                 "dokumen asli. %s", write);
        break;
    case INTAKE_LONG_NUMBER:
        snprintf(msg, n, "Itu tampaknya nomor telepon atau nomor identitas, bukan %s. %s", what,
                 write);
        break;
    default:
        snprintf(msg, n, "%s paling sedikit 3 huruf. %s", is_name ? "Nama" : "Alamat", write);
    }
    return -1;
}
static int check_applicant(const char *v, char *msg, size_t n) { return person_check(v, 1, msg, n); }
static int check_applicant_address(const char *v, char *msg, size_t n)
{
    return person_check(v, 0, msg, n);
}
const struct field_spec spec_apply[] = {
    CHK("name", "Nama lengkap", INTAKE_NAME_MAX, REQ, check_applicant),
    CHK("address", "RT/RW atau alamat", INTAKE_ADDRESS_MAX, REQ, check_applicant_address),
    TYPED("phone", FT_PHONE, "Nomor WhatsApp", REQ),
    END,
};

/* ---- Web Push on the portal chat (web/webchat.c): the browser's
 * subscription, checked for shape here; the endpoint's push service and
 * the key's curve point are checked by the handler */
static int check_chat_token(const char *v, char *msg, size_t n)
{
    if (strlen(v) == 64 && strspn(v, "0123456789abcdef") == 64) return 0;
    snprintf(msg, n, "Percakapan tidak dikenal. Kirim pesan dulu di kotak obrolan.");
    return -1;
}

/* base64url of exactly `bytes` bytes (padding tolerated) */
static int b64url_of(const char *v, size_t bytes)
{
    size_t len = strcspn(v, "="), want = (bytes * 4 + 2) / 3;
    return len == want &&
           strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == len &&
           strspn(v + len, "=") == strlen(v + len);
}

static int check_push_p256dh(const char *v, char *msg, size_t n)
{
    if (b64url_of(v, 65)) return 0;
    snprintf(msg, n, "Kunci enkripsi dari peramban Anda tidak sah (harus tepat 65 bita).");
    return -1;
}

static int check_push_auth(const char *v, char *msg, size_t n)
{
    if (b64url_of(v, 16)) return 0;
    snprintf(msg, n, "Kunci rahasia dari peramban Anda tidak sah (harus tepat 16 bita).");
    return -1;
}

const struct field_spec spec_chat_push[] = {
    CHK("token", "Percakapan", 64, REQ, check_chat_token),
    TXT("endpoint", "Alamat langganan pemberitahuan", 1024, REQ),
    CHK("p256dh", "Kunci enkripsi", 200, REQ, check_push_p256dh),
    CHK("auth", "Kunci rahasia", 200, REQ, check_push_auth),
    END,
};
const struct field_spec spec_chat_push_remove[] = {
    CHK("token", "Percakapan", 64, REQ, check_chat_token),
    TXT("endpoint", "Alamat langganan pemberitahuan", 1024, REQ),
    END,
};

/* ---- news shared with the offices below (C2, web/news_share.c) */
static const char *const share_decisions[] = {"terima", "tolak", NULL};
const struct field_spec spec_news_share_offer[] = {
    INT("item", "Berita", 1, 2147483647L, REQ, "Pilih berita yang akan ditawarkan."),
    TYPED("to", FT_SLUG, "Kantor tujuan", REQ),
    END,
};
const struct field_spec spec_news_share_decide[] = {
    INT("item", "Berita", 1, 2147483647L, REQ, "Tawaran berita itu tidak dikenal."),
    ONE("keputusan", "Keputusan", share_decisions, REQ, "Pilih terima atau tolak."),
    END,
};

/* ---- content calendar and quarterly plan (issue 16, C3: web/calendar.c, web/plan.c) */
const struct field_spec spec_content_reschedule[] = {
    TYPED("tanggal", FT_DATE, "Tanggal terbit", REQ),
    TYPED("jam", FT_TIME, "Jam terbit", REQ),
    END,
};
const struct field_spec spec_content_plan[] = {
    INT("tahun", "Tahun", 2000, 2100, REQ, "Tahun harus antara 2000 dan 2100."),
    INT("triwulan", "Triwulan", 1, 4, REQ, "Triwulan harus 1, 2, 3, atau 4."),
    INT("target_*", "Target", 0, 999, FS_MULTI, "Target tiap jenis konten harus bilangan 0–999."),
    TXT("frekuensi", "Frekuensi", 500, FS_LINES),
    TXT("prioritas", "Prioritas", 2000, FS_LINES),
    TXT("tema", "Tema", 2000, FS_LINES),
    END,
};

/* ---- content publishing, C1: the SIMPONI workflow in the console
 * (web/content.c). The type and the standard format are checked there
 * (core/content.h), so a missing element is named with its own words. */
#define CONTENT_FIELDS \
    TXT("type", "Jenis konten", 40, REQ), \
    TXT("title", "Judul", 200, REQ), \
    TYPED("item_date", FT_DATE, "Tanggal", 0), \
    TXT("source", "Sumber", 200, 0), \
    TXT("contact", "Kontak", 200, 0), \
    TXT("summary", "Ringkasan", 1000, FS_LINES), \
    TXT("action_points", "Poin tindakan", 2000, FS_LINES), \
    CHK("document_url", "Tautan dokumen resmi", 500, 0, check_url), \
    TXT("body", "Isi", 20000, FS_LINES), \
    TXT("alt_text", "Teks alternatif visual", 300, 0), \
    TYPED("submit", FT_BOOL, "Ajukan validasi", 0)
static const char *const content_start_states[] = {"bahan", "draf", NULL};
const struct field_spec spec_content_new[] = {
    CONTENT_FIELDS,
    ONE("state", "Tahap", content_start_states, 0, "Pilih tahap: pengumpulan bahan atau draf."),
    END,
};
const struct field_spec spec_content_edit[] = {CONTENT_FIELDS, VERSION, END};
const struct field_spec spec_content_step[] = {
    TXT("action", "Langkah", 20, REQ),
    TXT("reason", "Alasan", 1000, FS_LINES),
    TYPED("date", FT_DATE, "Tanggal terbit", 0),
    TYPED("time", FT_TIME, "Jam terbit", 0),
    VERSION,
    END,
};
static const char *const content_verdicts[] = {"ya", "tidak", NULL};
const struct field_spec spec_content_check[] = {
    TXT("check", "Pemeriksaan", 40, REQ),
    ONE("ok", "Hasil pemeriksaan", content_verdicts, REQ,
        "Pilih hasil pemeriksaan: sesuai atau belum sesuai."),
    TXT("note", "Catatan", 1000, FS_LINES),
    VERSION,
    END,
};

/* ---- content visuals (issue 16, C5; web/content_visual.c): an uploaded
 * picture is judged by its content in the handler; without a file the
 * alt text of the current visual is edited */
static const char *const visual_sizes[] = {"1080x1080", "1080x1350", NULL};
const struct field_spec spec_content_visual[] = {
    TYPED("gambar", FT_FILE, "Gambar", 0),
    TXT("alt_text", "Teks alternatif", 500, FS_LINES),
    VERSION,
    END,
};
/* ---- podcast episodes (issue 17; web/episode.c): the file is judged by
 * its content in the handler (util/media.c) */
const struct field_spec spec_episode[] = {TYPED("berkas", FT_FILE, "Berkas audio atau video", 0), END};
/* the office's show (web/podcast.c): Apple's categories by their English
 * names, as the feed writes them; the cover is judged in the handler */
static const char *const podcast_categories[] = {"Government", "News", "Education",
                                                 "Society & Culture", "Health & Fitness", NULL};
const struct field_spec spec_podcast_show[] = {
    TXT("title", "Judul siaran", 200, 0),
    TXT("description", "Deskripsi", 2000, FS_LINES),
    ONE("category", "Kategori", podcast_categories, REQ, "Pilih salah satu kategori."),
    TYPED("explicit", FT_BOOL, "Konten dewasa", 0),
    TXT("owner_name", "Nama pemilik", 120, 0),
    CHK("owner_email", "Surel pemilik", 120, 0, check_email),
    TYPED("sampul", FT_FILE, "Sampul", 0),
    END,
};
const struct field_spec spec_content_visual_make[] = {
    ONE("ukuran", "Ukuran", visual_sizes, REQ, "Pilih ukuran 1080 × 1080 atau 1080 × 1350."),
    TXT("alt_text", "Teks alternatif", 500, FS_LINES),
    VERSION,
    END,
};

/* C4: WhatsApp broadcast (web/broadcast.c): a second broadcast of the
 * same item needs its own tick */
const struct field_spec spec_instagram[] = {
    END,
};

const struct field_spec spec_broadcast[] = {
    TYPED("ulang", FT_BOOL, "Kirim ulang", 0),
    END,
};

/* ---- the moderation queue (web/moderation.c, web/moderation_portal.c):
 * the public forms are bounded in size; the console's decisions name one
 * action from a fixed list */
static const char *const mod_kinds[] = {"komentar", "pertanyaan", NULL};
const struct field_spec spec_mod_ask[] = {
    ONE("kind", "Jenis", mod_kinds, REQ, "Pilih komentar atau pertanyaan."),
    TXT("name", "Nama", 80, REQ),
    TXT("text", "Komentar atau pertanyaan", 1000, REQ),
    TYPED("phone", FT_PHONE, "Nomor WhatsApp", 0),
    END,
};
const struct field_spec spec_mod_hoax[] = {
    TXT("text", "Isi kabar yang diterima", 2000, REQ),
    TXT("where", "Tempat menerima kabar", 200, REQ),
    TXT("name", "Nama", 80, 0),
    TYPED("phone", FT_PHONE, "Nomor WhatsApp", 0),
    END,
};
static const char *const mod_actions[] = {"setujui", "jawab", "sembunyikan", "hapus", "spam",
                                          "rujuk", "tugaskan", NULL};
static const char *const mod_referrals[] = {"lapor", "dukcapil", "polsek", "dinas_kominfo",
                                            "dinas_kesehatan", "dinas_sosial", NULL};
const struct field_spec spec_mod_decide[] = {
    ONE("action", "Tindakan", mod_actions, REQ, "Pilih tindakan dari daftar."),
    TXT("answer", "Jawaban kantor", 2000, 0),
    ONE("referral", "Kanal rujukan", mod_referrals, 0, "Pilih kanal rujukan dari daftar."),
    TXT("assignee", "Petugas", 60, 0),
    END,
};
