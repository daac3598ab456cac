/* audit_text: see audit_text.h. Three tables drive it: the actions (what
 * the sentence says), the fields (their names and how a value reads), and
 * the actors that are not staff (the system, the bot, a citizen). A code
 * that is not in a table still reads sensibly, never as a raw code where a
 * word exists. */
#include "core/audit_text.h"
#include "core/calendar.h"
#include "core/chat.h"
#include "core/content.h"
#include "core/hours.h"
#include "core/reqtype.h"
#include "core/request.h"
#include "core/role.h"
#include "core/service.h"
#include "util/jv.h"
#include "util/phone.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define VALUE_MAX 300       /* a long text (a service summary) is cut here */
#define CHANGES_MAX 40

const struct audit_area audit_areas[] = {
    {"request", "Permohonan, pengaduan, konsultasi"},
    {"conversation", "Percakapan"},
    {"service", "Katalog layanan"},
    {"catalogue", "Impor katalog"},
    {"staff", "Staf dan akun"},
    {"office", "Data dan jam kantor"},
    {"inbox", "Batas waktu kotak masuk"},
    {"pickup", "Jadwal pengambilan"},
    {"channel", "Kanal WhatsApp/Telegram"},
    {"holiday", "Hari libur nasional"},
    {"token", "Token akses"},
    {"content", "Konten dan publikasi"},
    {"moderation", "Moderasi komentar dan laporan hoaks"},
    {NULL, NULL},
};

/* What the object of a sentence is read from. */
enum object { OBJ_NONE, OBJ_OFFICE, OBJ_TARGET, OBJ_REQUEST, OBJ_CONV, OBJ_CHANNEL, OBJ_ID,
              OBJ_CONTENT, OBJ_QUARTER };

static const struct { const char *action, *verb; enum object obj; } actions[] = {
    {"office.create", "membuat kantor %s", OBJ_OFFICE},
    {"office.update", "mengubah data %s", OBJ_OFFICE},
    {"office.hours", "mengubah jam buka %s", OBJ_OFFICE},
    {"podcast.show", "mengubah pengaturan podcast %s", OBJ_OFFICE},
    {"office.leave_add", "menambah hari libur %s", OBJ_OFFICE},
    {"office.leave_delete", "menghapus hari libur %s", OBJ_OFFICE},
    {"office.logo", "mengganti logo %s", OBJ_OFFICE},
    {"office.escalation", "mengubah urutan petugas cadangan %s", OBJ_OFFICE},
    {"inbox.sla", "mengubah batas waktu pelayanan %s", OBJ_OFFICE},
    {"catalogue.import", "memuat katalog layanan untuk %s", OBJ_OFFICE},
    {"staff.create", "menambahkan staf %s", OBJ_TARGET},
    {"staff.update", "mengubah data staf %s", OBJ_TARGET},
    {"staff.password", "mengganti kata sandinya sendiri", OBJ_NONE},
    {"staff.password_reset", "mengatur ulang kata sandi %s", OBJ_TARGET},
    {"staff.disable", "menonaktifkan akun %s", OBJ_TARGET},
    {"staff.role_add", "memberi %s peran baru", OBJ_TARGET},
    {"service.create", "menambahkan layanan %s", OBJ_TARGET},
    {"service.update", "mengubah layanan %s", OBJ_TARGET},
    {"service.restore", "mengembalikan layanan %s ke versi sebelumnya", OBJ_TARGET},
    {"service.copy", "menyalin layanan %s dari templat", OBJ_TARGET},
    {"request.create", "mencatat %s", OBJ_REQUEST},
    {"request.status", "mengubah status %s", OBJ_REQUEST},
    {"request.document", "memeriksa berkas %s", OBJ_REQUEST},
    {"request.pickup", "menjadwalkan pengambilan dokumen %s", OBJ_REQUEST},
    {"conversation.assign", "menugaskan percakapan %s", OBJ_CONV},
    {"conversation.state", "mengubah penanganan percakapan %s", OBJ_CONV},
    {"conversation.escalate", "meneruskan percakapan %s ke petugas berikutnya", OBJ_CONV},
    {"channel.save", "mengubah pengaturan kanal %s", OBJ_CHANNEL},
    {"holiday.import", "memuat daftar hari libur nasional", OBJ_NONE},
    {"holiday.confirm", "menetapkan hari libur tahun %s", OBJ_ID},
    {"pickup.slot.add", "menambah jadwal pengambilan dokumen", OBJ_NONE},
    {"pickup.slot.deactivate", "menonaktifkan jadwal pengambilan dokumen", OBJ_NONE},
    {"pickup.slot.activate", "mengaktifkan lagi jadwal pengambilan dokumen", OBJ_NONE},
    {"pickup.slot.remove", "menghapus jadwal pengambilan dokumen", OBJ_NONE},
    {"token.create", "membuat token akses %s", OBJ_ID},
    {"token.revoke", "mencabut token akses %s", OBJ_ID},
    /* the SIMPONI workflow's decisions (core/content.h) */
    {"content.create", "membuat konten %s", OBJ_CONTENT},
    {"content.import", "mengimpor konten %s dari arsip kantor", OBJ_CONTENT},
    {"content.edit", "mengubah isi konten %s", OBJ_CONTENT},
    {"content.media", "memasang audio atau video episode %s", OBJ_CONTENT},
    {"content.start", "mulai menulis draf konten %s", OBJ_CONTENT},
    {"content.submit", "mengajukan konten %s untuk divalidasi", OBJ_CONTENT},
    {"content.check", "memeriksa konten %s", OBJ_CONTENT},
    {"content.approve", "menyetujui isi konten %s", OBJ_CONTENT},
    {"content.return", "mengembalikan konten %s ke penulis", OBJ_CONTENT},
    {"content.reject", "menolak konten %s", OBJ_CONTENT},
    {"content.schedule", "menjadwalkan penerbitan konten %s", OBJ_CONTENT},
    {"content.publish", "menerbitkan konten %s di portal", OBJ_CONTENT},
    {"content.unpublish", "menarik konten %s dari portal", OBJ_CONTENT},
    {"content.correct", "menerbitkan koreksi konten %s", OBJ_CONTENT},
    {"content.reopen", "membuka lagi konten %s sebagai draf", OBJ_CONTENT},
    {"content.broadcast", "menyiarkan konten %s lewat WhatsApp kepada pelanggan info",
     OBJ_CONTENT},
    {"content.share_offer", "menawarkan konten %s untuk tampil di portal kantor di bawahnya",
     OBJ_CONTENT},
    {"content.share_accept", "menerima konten %s untuk tampil di portal kantornya", OBJ_CONTENT},
    {"content.share_decline", "menolak menampilkan konten %s di portal kantornya", OBJ_CONTENT},
    /* the moderation queue (db/store_moderation.h) */
    {"moderation.create", "mengirim komentar atau laporan nomor %s ke antrean moderasi", OBJ_ID},
    {"moderation.approve", "menyetujui dan menerbitkan komentar nomor %s", OBJ_ID},
    {"moderation.answer", "menjawab komentar atau laporan nomor %s", OBJ_ID},
    {"moderation.hide", "menyembunyikan komentar nomor %s", OBJ_ID},
    {"moderation.delete", "menghapus komentar nomor %s", OBJ_ID},
    {"moderation.spam", "menandai komentar nomor %s sebagai spam", OBJ_ID},
    {"moderation.refer", "merujuk laporan nomor %s ke kanal resmi", OBJ_ID},
    {"moderation.assign", "menugaskan penanganan laporan nomor %s", OBJ_ID},
    {"moderation.tell", "mengabari pelapor nomor %s bahwa klarifikasi sudah terbit", OBJ_ID},
    {"moderation.clarify", "menyusun draf klarifikasi hoaks dari laporan nomor %s", OBJ_ID},
    {"content_plan.save", "menyimpan rencana konten %s", OBJ_QUARTER},
    {"content_feed.renew", "membuat alamat baru kalender konten (iCalendar) %s; alamat lama "
     "tidak berlaku lagi", OBJ_OFFICE},
};

/* How a field's value reads. */
enum kind {
    K_TEXT, K_SKIP, K_BOOL, K_ACTIVE, K_DISABLED, K_DATE, K_MINUTES, K_DAYS, K_WORKDAYS,
    K_STATUS, K_STATE, K_VERDICT, K_TYPE, K_SOURCE, K_ROLE, K_ROLES, K_CHECKLIST, K_CHAIN,
    K_HOURS, K_DUTY, K_SECRET, K_COUNT, K_LOGO, K_BYTES, K_PEOPLE, K_SERVICES, K_CHANNEL,
    K_PHONE, K_TIME, K_VISUAL, K_CSTATE, K_CHECK, K_TARGETS, K_SETTINGS,
};

static const struct { const char *key, *label; enum kind kind; } fields[] = {
    {"name", "Nama", K_TEXT},                {"full_name", "Nama lengkap", K_TEXT},
    {"number", "Nomor", K_TEXT},             {"service", "Layanan", K_TEXT},
    {"type", "Jenis", K_TYPE},               {"status", "Status", K_STATUS},
    {"eta_date", "Perkiraan selesai", K_DATE}, {"note", "Catatan", K_TEXT},
    {"source", "Asal", K_SOURCE},            {"document", "Berkas", K_TEXT},
    {"verdict", "Hasil pemeriksaan", K_VERDICT}, {"date", "Tanggal", K_DATE},
    {"slot", "Jadwal", K_TEXT},              {"capacity", "Kapasitas", K_PEOPLE},
    {"active", "Status", K_ACTIVE},          {"state", "Penanganan", K_STATE},
    {"assigned_name", "Petugas", K_TEXT},    {"reason", "Alasan", K_TEXT},
    {"mod_source", "Asal masukan", K_TEXT},  {"mod_kind", "Jenis masukan", K_TEXT},
    {"moderation_state", "Status moderasi", K_TEXT}, {"answer", "Jawaban kantor", K_TEXT},
    {"referral", "Dirujuk ke", K_TEXT},      {"clarification", "Laporan yang diklarifikasi", K_TEXT},
    {"level", "Tingkat", K_TEXT},            {"address", "Alamat", K_TEXT},
    {"phone", "Telepon", K_PHONE},           {"whatsapp", "Nomor WhatsApp", K_PHONE},
    {"email", "Email", K_TEXT},              {"map_url", "Tautan peta", K_TEXT},
    {"code", "Kode kantor", K_TEXT},         {"slug", "Alamat halaman", K_TEXT},
    {"parent", "Kantor induk", K_TEXT},      {"tz", "Zona waktu", K_TEXT},
    {"hours", "Jam buka", K_HOURS},          {"duty_hours", "Jam tugas", K_DUTY},
    {"absent_until", "Cuti sampai", K_DATE}, {"disabled", "Akun", K_DISABLED},
    {"role", "Peran", K_ROLE},               {"roles", "Peran", K_ROLES},
    {"office", "Kantor", K_TEXT},            {"password", "Kata sandi", K_TEXT},
    {"chain", "Urutan petugas", K_CHAIN},    {"sla_first_min", "Batas balasan pertama", K_MINUTES},
    {"sla_resolve_min", "Batas penyelesaian", K_MINUTES},
    {"complaint_days", "Batas tindak lanjut pengaduan", K_WORKDAYS},
    {"category", "Kategori", K_TEXT},        {"summary", "Ringkasan", K_TEXT},
    {"checklist", "Persyaratan", K_CHECKLIST}, {"cost", "Biaya", K_TEXT},
    {"days", "Lama proses", K_DAYS},         {"request_type", "Jenis layanan", K_TYPE},
    {"note_for_citizen", "Catatan untuk warga", K_TEXT},
    {"steps", "Langkah", K_COUNT},           {"faq", "Tanya jawab", K_COUNT},
    {"legal_basis", "Dasar hukum", K_COUNT}, {"synonyms", "Kata lain", K_COUNT},
    {"kind", "Kanal", K_CHANNEL},            {"account", "Nomor akun", K_TEXT},
    {"base_url", "Alamat layanan", K_TEXT},  {"app_secret", "Kunci aplikasi", K_SECRET},
    {"token", "Token akses", K_SECRET},      {"verify_token", "Token verifikasi", K_SECRET},
    {"settings", "Pengaturan pesan", K_SETTINGS}, {"last_error", "Kendala terakhir", K_TEXT},
    {"logo", "Logo", K_LOGO},                {"size", "Ukuran", K_BYTES},
    {"services", "Layanan dimuat", K_SERVICES}, {"label", "Nama token", K_TEXT},
    {"expires", "Berlaku sampai", K_DATE},
    {"title", "Judul", K_TEXT},              {"item_date", "Tanggal", K_DATE},
    {"contact", "Kontak", K_TEXT},           {"action_points", "Poin tindakan", K_CHECKLIST},
    {"document_url", "Tautan dokumen resmi", K_TEXT}, {"body", "Isi", K_TEXT},
    {"alt_text", "Teks alternatif visual", K_TEXT}, {"publish_at", "Jadwal terbit", K_TIME},
    {"late", "Terbit terlambat", K_BOOL},    {"imported", "Diimpor", K_BOOL},
    {"media_id", "Visual", K_VISUAL},        {"channels", "", K_SKIP},
    {"targets", "Target per jenis", K_TARGETS}, {"frequency", "Frekuensi", K_TEXT},
    {"priorities", "Prioritas", K_TEXT},     {"themes", "Tema", K_TEXT},
    {"feed", "Kalender", K_TEXT},            {"judul", "Judul", K_TEXT},
    {"templat", "Templat WhatsApp", K_TEXT}, {"penerima", "Penerima", K_PEOPLE},
    {"siaran", "", K_SKIP},     {"offered_to", "", K_SKIP}, {"accepted", "", K_SKIP},
    {"id", "", K_SKIP},         {"office_id", "", K_SKIP},  {"version", "", K_SKIP},
    {"slot_id", "", K_SKIP},    {"item", "", K_SKIP},       {"parent_id", "", K_SKIP},
    {"assigned_to", "", K_SKIP}, {"staff_id", "", K_SKIP},
};
#define NFIELDS (sizeof fields / sizeof fields[0])

/* What a row says about itself while it is being described. */
struct ctx {
    json_t *row, *before, *after, *changes;
    const char *action, *type;      /* type: the request's, for status words */
};

static void copy_cut(char *out, size_t n, const char *s)
{
    size_t len = strlen(s);
    if (len < VALUE_MAX && len < n) { snprintf(out, n, "%s", s); return; }
    size_t keep = VALUE_MAX < n - 4 ? VALUE_MAX : n - 4;
    while (keep > 0 && ((unsigned char)s[keep] & 0xC0) == 0x80) keep--;   /* UTF-8 */
    snprintf(out, n, "%.*s…", (int)keep, s);
}

static void read_date(const json_t *v, char *out, size_t n)
{
    int d = 0;
    if (json_is_integer(v)) d = (int)json_integer_value(v);
    else if (json_is_string(v) && cal_parse_date(json_string_value(v), &d) != 0) d = 0;
    if (d > 0 && cal_date_valid(d)) cal_format_date_id(d, out, n);
    else if (json_is_integer(v) && json_integer_value(v) == 0) snprintf(out, n, "(tidak ada)");
    else snprintf(out, n, "%s", json_is_string(v) ? json_string_value(v) : "");
}

/* A quarterly plan's targets {"edukasi": 12, ...}: "Edukasi 12, ...". */
static void read_targets(const json_t *v, char *out, size_t n)
{
    const char *type;
    json_t *t;
    size_t k = 0;
    out[0] = '\0';
    json_object_foreach((json_t *)v, type, t) {
        const struct content_type *ct = content_type_find(type);
        int w = snprintf(out + k, n - k, "%s%s %lld", k ? ", " : "", ct ? ct->label : type,
                         (long long)json_integer_value(t));
        if (w < 0 || (size_t)w >= n - k) break;
        k += (size_t)w;
    }
}

/* A WhatsApp channel's settings (JSON text): the templates' names, the
 * rate and the messaging tier, in words. Other keys are not shown. */
static void read_settings(const char *text, char *out, size_t n)
{
    static const struct { const char *key, *label; } tpl[] = {
        {"status", "status"}, {"survey", "survei"}, {"reminder", "pengingat"},
        {"followup", "tindak lanjut"}, {"broadcast", "siaran info"}};
    json_t *st = json_loads(text ? text : "", 0, NULL), *tpls = json_object_get(st, "templates");
    size_t k = 0;
    int w;
    out[0] = '\0';
    for (size_t i = 0; i < sizeof tpl / sizeof tpl[0] && k < n; i++) {
        const char *name = jv_str(json_object_get(tpls, tpl[i].key), "name");
        if (!*name) continue;
        w = snprintf(out + k, n - k, "%stemplat %s %s", k ? "; " : "", tpl[i].label, name);
        k = w < 0 ? n : k + (size_t)w;
    }
    if (jv_int(st, "rate") > 0 && k < n) {
        w = snprintf(out + k, n - k, "%skecepatan %lld pesan per detik", k ? "; " : "",
                     (long long)jv_int(st, "rate"));
        k = w < 0 ? n : k + (size_t)w;
    }
    if (jv_int(st, "broadcast_tier") > 0 && k < n)
        snprintf(out + k, n - k, "%sbatas siaran %lld penerima per 24 jam", k ? "; " : "",
                 (long long)jv_int(st, "broadcast_tier"));
    json_decref(st);
}

static void read_minutes(int64_t m, char *out, size_t n)
{
    if (m > 0 && m % 60 == 0) snprintf(out, n, "%lld jam", (long long)(m / 60));
    else if (m > 60) snprintf(out, n, "%lld jam %lld menit", (long long)(m / 60), (long long)(m % 60));
    else snprintf(out, n, "%lld menit", (long long)m);
}

static void read_roles(const json_t *v, char *out, size_t n)
{
    size_t i, k = 0;
    json_t *g;
    out[0] = '\0';
    json_array_foreach(v, i, g) {
        const char *role = json_string_value(json_is_array(g) ? json_array_get(g, 1) : g);
        const char *where = json_is_array(g) ? json_string_value(json_array_get(g, 0)) : NULL;
        const struct role_def *d = role ? role_find(role) : NULL;
        int w = snprintf(out + k, n - k, "%s%s%s%s", k ? ", " : "", d ? d->label : (role ? role : ""),
                         where ? " di " : "", where ? where : "");
        if (w < 0 || (size_t)w >= n - k) break;
        k += (size_t)w;
    }
}

/* "KTP-el pemohon (2, asli dan fotokopi); KK" or the escalation chain's
 * names "Rina Marlina → Nurul Aini". */
static void read_list(const json_t *v, const char *name_key, const char *sep, char *out, size_t n)
{
    size_t i, k = 0;
    json_t *e;
    out[0] = '\0';
    json_array_foreach(v, i, e) {
        const char *s = json_is_string(e) ? json_string_value(e) : jv_str(e, name_key);
        int64_t count = jv_int(e, "count");
        const char *note = jv_str(e, "note");
        int w = (count > 1 || *note) && strcmp(name_key, "item") == 0
                    ? snprintf(out + k, n - k, "%s%s (%s%s%lld)", k ? sep : "", s, note,
                               *note ? ", " : "", (long long)(count ? count : 1))
                    : snprintf(out + k, n - k, "%s%s", k ? sep : "", s);
        if (w < 0 || (size_t)w >= n - k) break;
        k += (size_t)w;
    }
}

/* A whole week in one line: "Senin 08.00–12.00; ...; Jumat 08.00–11.00". */
static void read_week(const char *text, char *out, size_t n)
{
    struct week_hours w;
    size_t k = 0;
    out[0] = '\0';
    if (hours_from_text(text, &w) != 0) { copy_cut(out, n, text); return; }
    for (int d = 0; d < 7; d++) {
        char day[96];
        hours_format_day(&w, d, day, sizeof day);
        if (strcmp(day, "Tutup") == 0) continue;
        int wr = snprintf(out + k, n - k, "%s%s %s", k ? "; " : "", hours_day_name(d), day);
        if (wr < 0 || (size_t)wr >= n - k) break;
        k += (size_t)wr;
    }
    if (!k) snprintf(out, n, "Tutup");
}

static void read_status(const struct ctx *c, const char *s, char *out, size_t n)
{
    if (strncmp(c->action, "holiday.", 8) == 0)
        snprintf(out, n, "%s", strcmp(s, "decreed") == 0 ? "Ditetapkan (SKB)"
                               : strcmp(s, "provisional") == 0 ? "Sementara" : s);
    else
        snprintf(out, n, "%s", reqtype_status_label(c->type, s));
}

static void read_type(const struct ctx *c, const char *s, char *out, size_t n)
{
    const struct content_type *ct = content_type_find(s);
    if (strcmp(jv_str(c->row, "entity"), "office") == 0) snprintf(out, n, "%s", office_type_label(s));
    else if (strcmp(jv_str(c->row, "entity"), "content") == 0) snprintf(out, n, "%s", ct ? ct->label : s);
    else if (strcmp(s, "informasi") == 0) snprintf(out, n, "Informasi dan rujukan");
    else snprintf(out, n, "%s", reqtype_label(s));
}

/* A moment (publish_at) in the office's zone: "Selasa, 5 Januari 2027 08.00 WIB". */
static void read_time(const struct ctx *c, int64_t t, char *out, size_t n)
{
    int off = cal_tz_offset(jv_str(c->row, "office_tz"));
    if (off < 0) off = 420;
    time_t local = (time_t)(t + off * 60);
    struct tm tm;
    char day[64];
    gmtime_r(&local, &tm);
    cal_format_date_id(cal_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday), day,
                       sizeof day);
    snprintf(out, n, "%s %02d.%02d %s", day, tm.tm_hour, tm.tm_min, cal_tz_name(off));
}

/* A validation check's tick: "Sesuai — sumber sudah dicek". */
static void read_check(const json_t *v, char *out, size_t n)
{
    const char *note = jv_str(v, "note");
    snprintf(out, n, "%s%s%.*s", json_is_true(json_object_get(v, "ok")) ? "Sesuai" : "Belum sesuai",
             *note ? " — " : "", VALUE_MAX, note);
}

/* A value in words, by the field's kind; "" for an absent side. */
static void read_value(const struct ctx *c, enum kind k, const json_t *v, char *out, size_t n)
{
    const char *s = json_string_value(v);
    out[0] = '\0';
    if (!v || json_is_null(v)) return;
    switch (k) {
    case K_BOOL: snprintf(out, n, "%s", json_is_true(v) ? "Ya" : "Tidak"); return;
    case K_ACTIVE: snprintf(out, n, "%s", json_is_true(v) ? "Aktif" : "Nonaktif"); return;
    case K_DISABLED: snprintf(out, n, "%s", json_is_true(v) ? "Nonaktif" : "Aktif"); return;
    case K_DATE: read_date(v, out, n); return;
    case K_MINUTES: read_minutes(json_integer_value(v), out, n); return;
    case K_DAYS: service_days_text(json_integer_value(v), out, n); return;
    case K_WORKDAYS: snprintf(out, n, "%lld hari kerja", (long long)json_integer_value(v)); return;
    case K_PEOPLE: snprintf(out, n, "%lld orang", (long long)json_integer_value(v)); return;
    case K_SERVICES: snprintf(out, n, "%lld layanan", (long long)json_integer_value(v)); return;
    case K_COUNT: snprintf(out, n, "%zu butir", json_array_size(v)); return;
    case K_SECRET: snprintf(out, n, "%s", "(tersimpan, tidak ditampilkan)"); return;
    case K_ROLES: read_roles(v, out, n); return;
    case K_CHECKLIST: read_list(v, "item", "; ", out, n); return;
    case K_CHAIN: read_list(v, "full_name", " → ", out, n); return;
    case K_TIME: read_time(c, json_integer_value(v), out, n); return;
    case K_VISUAL: snprintf(out, n, "%s", json_integer_value(v) > 0 ? "Terlampir" : "(tidak ada)");
        return;
    case K_CHECK: read_check(v, out, n); return;
    case K_TARGETS: read_targets(v, out, n); return;
    case K_SETTINGS: read_settings(json_string_value(v), out, n); return;
    default: break;
    }
    if (!s) {
        if (json_is_integer(v)) snprintf(out, n, "%lld", (long long)json_integer_value(v));
        else if (json_is_boolean(v)) snprintf(out, n, "%s", json_is_true(v) ? "Ya" : "Tidak");
        return;
    }
    switch (k) {
    case K_STATUS: read_status(c, s, out, n); return;
    case K_STATE: snprintf(out, n, "%s", chat_state_label(s)); return;
    case K_CSTATE: snprintf(out, n, "%s", content_state_label(s)); return;
    case K_VERDICT: snprintf(out, n, "%s", req_verdict_label(s)); return;
    case K_TYPE: read_type(c, s, out, n); return;
    case K_SOURCE:
        if (strcmp(s, "whatsapp") && strcmp(s, "telegram") && strcmp(s, "web") && strcmp(s, "loket"))
            break;      /* a service's source: the text itself */
        /* fall through */
    case K_CHANNEL: snprintf(out, n, "%s", chat_channel_label(s)); return;
    case K_ROLE: {
        const struct role_def *d = role_find(s);
        snprintf(out, n, "%s", d ? d->label : s);
        return;
    }
    case K_LOGO: snprintf(out, n, "Gambar %s", strncmp(s, "image/", 6) == 0 ? s + 6 : s);
        for (char *p = out + 7; *p; p++) *p = (char)toupper((unsigned char)*p);
        return;
    case K_PHONE: phone_display(s, out, n); return;
    case K_BYTES: snprintf(out, n, "%lld bita", strtoll(s, NULL, 10)); return;
    case K_DUTY: if (!*s) { snprintf(out, n, "Mengikuti jam kantor"); return; }
        /* fall through */
    case K_HOURS: read_week(s, out, n); return;
    default: break;
    }
    copy_cut(out, n, s);
}

static void add_change(struct ctx *c, const char *field, const char *before, const char *after)
{
    if (json_array_size(c->changes) >= CHANGES_MAX || strcmp(before, after) == 0) return;
    json_array_append_new(c->changes, json_pack("{s:s, s:s, s:s, s:b}", "field", field,
                                                "before", before, "after", after,
                                                "both", *before && *after));
}

/* Opening hours change day by day: "Jam buka Jumat: 08.00–11.30 → 07.30–11.00". */
static void add_hours(struct ctx *c, const char *label, const json_t *b, const json_t *a)
{
    struct week_hours wb, wa;
    int have_b = json_is_string(b) && hours_from_text(json_string_value(b), &wb) == 0;
    int have_a = json_is_string(a) && hours_from_text(json_string_value(a), &wa) == 0;
    for (int d = 0; d < 7; d++) {
        char fb[96] = "", fa[96] = "", field[96];
        if (have_b) hours_format_day(&wb, d, fb, sizeof fb);
        if (have_a) hours_format_day(&wa, d, fa, sizeof fa);
        snprintf(field, sizeof field, "%s %s", label, hours_day_name(d));
        add_change(c, field, fb, fa);
    }
}

static int field_index(const char *key)
{
    for (size_t i = 0; i < NFIELDS; i++)
        if (strcmp(fields[i].key, key) == 0) return (int)i;
    return -1;
}

/* A content item's own words: its state ("Tahap") and a validation
 * check's label, returned, with the value read as such. */
static const char *content_key(const struct ctx *c, const char *key, enum kind *k)
{
    if (strcmp(jv_str(c->row, "entity"), "content") != 0) return NULL;
    if (!strcmp(key, "state")) {
        *k = K_CSTATE;
        return "Tahap";
    }
    for (const struct content_check *ch = content_checks; ch->name; ch++)
        if (!strcmp(ch->name, key)) {
            *k = K_CHECK;
            return ch->label;
        }
    return NULL;
}

/* A key no table knows: its words with the underscores as spaces. */
static void add_key(struct ctx *c, const char *key)
{
    const json_t *b = json_object_get(c->before, key), *a = json_object_get(c->after, key);
    int i = field_index(key);
    enum kind k = i < 0 ? K_TEXT : fields[i].kind;
    const char *check = content_key(c, key, &k);
    if (k == K_SKIP) return;
    char label[64];
    if (check) snprintf(label, sizeof label, "%s", check);
    else if (i >= 0) snprintf(label, sizeof label, "%s", fields[i].label);
    else if (strncmp(c->action, "holiday.", 8) == 0) snprintf(label, sizeof label, "Tahun %s", key);
    else {
        snprintf(label, sizeof label, "%s", key);
        for (char *p = label; *p; p++) if (*p == '_') *p = ' ';
        label[0] = (char)toupper((unsigned char)label[0]);
    }
    if ((k == K_HOURS || k == K_DUTY) && json_string_length(a) && json_string_length(b)) {
        add_hours(c, label, b, a);
        return;
    }
    if (strncmp(c->action, "holiday.", 8) == 0 && i < 0) k = K_STATUS;
    char vb[VALUE_MAX * 2 + 8], va[VALUE_MAX * 2 + 8];
    read_value(c, k, b, vb, sizeof vb);
    read_value(c, k, a, va, sizeof va);
    add_change(c, label, vb, va);
}

/* Every key of before and after once, in the fields table's order first. */
static void add_changes(struct ctx *c)
{
    for (size_t i = 0; i < NFIELDS; i++)
        if (json_object_get(c->before, fields[i].key) || json_object_get(c->after, fields[i].key))
            add_key(c, fields[i].key);
    const json_t *side[2] = {c->before, c->after};
    for (int s = 0; s < 2; s++) {
        const char *key;
        json_t *v;
        json_object_foreach((json_t *)side[s], key, v) {
            if (field_index(key) >= 0) continue;
            if (s == 1 && json_object_get(c->before, key)) continue;
            add_key(c, key);
        }
    }
}

static void who_of(const json_t *row, char *out, size_t n)
{
    const char *name = jv_str(row, "actor_name"), *actor = jv_str(row, "actor");
    const struct role_def *d = role_find(jv_str(row, "actor_role"));
    /* the role's short name: "Penanggung jawab", not its explanation */
    int short_len = d ? (int)(strstr(d->label, " (") ? strstr(d->label, " (") - d->label
                                                      : (long)strlen(d->label)) : 0;
    if (*name && d) snprintf(out, n, "%s (%.*s)", name, short_len, d->label);
    else if (*name) snprintf(out, n, "%s", name);
    else if (strcmp(actor, "bot") == 0) snprintf(out, n, "Bot layanan");
    else if (strcmp(actor, "warga") == 0) snprintf(out, n, "Warga (lewat chat)");
    else if (strcmp(actor, "warga_portal") == 0) snprintf(out, n, "Warga (lewat portal)");
    else if (strcmp(actor, "demo") == 0) snprintf(out, n, "Data contoh");
    else if (strncmp(actor, "cli:", 4) == 0) snprintf(out, n, "Pengelola server (perintah balai)");
    else if (strcmp(actor, "sistem") == 0 || !*actor) snprintf(out, n, "Sistem");
    else snprintf(out, n, "%s", actor);      /* a staff account removed since */
    /* a change made by a script with a personal access token (web_actor
     * records "username lewat token 'label'") says so after the name */
    const char *via = *name ? strstr(actor, " lewat token '") : NULL;
    size_t len = strlen(out);
    if (via && len < n) snprintf(out + len, n - len, ",%s", via);
}

/* The sentence's object: the office's name, the staff member's or the
 * service's name, "pengaduan JLT-2026-00001", "#12", "WhatsApp". */
static void object_of(const struct ctx *c, enum object o, char *out, size_t n)
{
    const char *id = jv_str(c->row, "entity_id"), *target = jv_str(c->row, "target_name");
    const char *office = jv_str(c->row, "office_name");
    const char *named = jv_str(c->after, "name");
    if (!*named) named = jv_str(c->before, "name");
    if (!*named) named = jv_str(c->after, "full_name");
    switch (o) {
    case OBJ_OFFICE: snprintf(out, n, "%s", *office ? office : *named ? named : id); break;
    case OBJ_TARGET: snprintf(out, n, "%s", *target ? target : *named ? named : id); break;
    case OBJ_CONV: snprintf(out, n, "#%s", id); break;
    case OBJ_CONTENT: {
        const char *title = *target ? target : jv_str(c->after, "title");
        if (*title) snprintf(out, n, "\"%s\"", title);
        else snprintf(out, n, "#%s", id);
        break;
    }
    case OBJ_CHANNEL: snprintf(out, n, "%s", chat_channel_label(id)); break;
    case OBJ_QUARTER: {     /* "2027-Q1" */
        int y = 0, q = 0;
        if (sscanf(id, "%d-Q%d", &y, &q) == 2) snprintf(out, n, "triwulan %d tahun %d", q, y);
        else snprintf(out, n, "%s", id);
        break;
    }
    case OBJ_REQUEST: {
        char noun[32];
        snprintf(noun, sizeof noun, "%s", reqtype_noun(c->type));
        noun[0] = (char)tolower((unsigned char)noun[0]);
        snprintf(out, n, "%s %s", noun, id);
        break;
    }
    default: snprintf(out, n, "%s", id); break;
    }
}

static void what_of(const struct ctx *c, char *out, size_t n)
{
    for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++) {
        if (strcmp(actions[i].action, c->action) != 0) continue;
        char obj[256] = "";
        object_of(c, actions[i].obj, obj, sizeof obj);
        const char *verb = actions[i].verb, *at = strstr(verb, "%s");
        if (at) snprintf(out, n, "%.*s%s%s", (int)(at - verb), verb, obj, at + 2);
        else snprintf(out, n, "%s", verb);
        return;
    }
    snprintf(out, n, "mencatat perubahan");
}

static json_t *parse_side(const json_t *row, const char *key)
{
    json_t *v = json_loads(jv_str(row, key), JSON_DECODE_ANY, NULL);
    if (json_is_object(v)) return v;
    json_decref(v);
    return json_object();
}

void audit_describe(json_t *row)
{
    struct ctx c = {row, parse_side(row, "before"), parse_side(row, "after"), json_array(),
                    jv_str(row, "action"), NULL};
    c.type = jv_str(c.after, "type");
    if (!*c.type) c.type = jv_str(row, "request_type");
    char who[200], what[400], sentence[620];
    who_of(row, who, sizeof who);
    what_of(&c, what, sizeof what);
    snprintf(sentence, sizeof sentence, "%s %s", who, what);
    add_changes(&c);
    json_object_set_new(row, "who", json_string(who));
    json_object_set_new(row, "what", json_string(what));
    json_object_set_new(row, "sentence", json_string(sentence));
    json_object_set_new(row, "changes", c.changes);
    json_decref(c.before);
    json_decref(c.after);
}
