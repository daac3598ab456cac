/* intake: see intake.h. */
#include "channels/intake.h"
#include "bot/bot.h"
#include "channels/botenv.h"
#include "channels/inbound.h"
#include "channels/notify.h"
#include "core/calendar.h"
#include "core/request.h"
#include "core/reqtype.h"
#include "db/store_chat.h"
#include "db/store_media.h"
#include "db/store_pickup.h"
#include "db/store_request.h"
#include "db/store_service.h"
#include "db/store_survey.h"
#include "util/jv.h"
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define NAME_MAX_CHARS INTAKE_NAME_MAX
#define ADDRESS_MAX_CHARS INTAKE_ADDRESS_MAX

void intake_reply_free(struct intake_reply *r)
{
    free(r->text);
    json_decref(r->payload);
    memset(r, 0, sizeof *r);
}

static int say(struct intake_reply *out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int say(struct intake_reply *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *t = NULL;
    int n = vasprintf(&t, fmt, ap);
    va_end(ap);
    if (n < 0) return -1;
    free(out->text);
    out->text = t;
    return 0;
}

/* Lower-cased copy of the trimmed text, for keywords ("batal", "lewati"). */
static void lower_trim(const char *s, char *out, size_t n)
{
    while (*s && isspace((unsigned char)*s)) s++;
    size_t k = 0;
    for (; *s && k + 1 < n; s++) out[k++] = (char)tolower((unsigned char)*s);
    while (k > 0 && (isspace((unsigned char)out[k - 1]) || out[k - 1] == '.' || out[k - 1] == '!'))
        k--;
    out[k] = '\0';
}

static size_t utf8_len(const char *s)
{
    size_t n = 0;
    for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* The text holds (or held, before the channel masked it) a NIK/KK number. */
static int has_id_number(const struct intake_msg *m)
{
    return m->sensitive || bot_has_id_number(m->text) || strstr(m->text, "********") != NULL;
}

/* "JLT-2026-00042" for this office and year: the example in our messages. */
static void example_number(const struct intake_msg *m, char *out, size_t n)
{
    int year = request_today(m->office, m->now) / 10000;
    if (req_number_format(out, n, jv_str(m->office, "code"), (long long)jv_int(m->office, "id"), year,
                          42) != 0)
        snprintf(out, n, "ABC-%d-00042", year);
}

static void clear_intake(json_t *st)
{
    json_object_del(st, "intake_step");
    json_object_del(st, "intake_service");
    json_object_del(st, "intake_name");
    json_object_del(st, "intake_address");
    static const char *const complaint[] = {"aduan_kategori", "aduan_kejadian", "aduan_lokasi",
                                            "aduan_geo", "aduan_mulai", "aduan_pesan"};
    for (size_t i = 0; i < sizeof complaint / sizeof complaint[0]; i++)
        json_object_del(st, complaint[i]);
}

int intake_offerable(db_t *db, int64_t office_id, const char *slug, char *name, size_t n)
{
    if (!slug || !*slug) return 0;
    json_t *s = service_get(db, office_id, slug);
    int ok = s && strcmp(jv_str(s, "request_type"), "pendaftaran_dokumen") == 0 &&
             !json_is_false(json_object_get(s, "active"));
    if (ok && name) snprintf(name, n, "%s", jv_str(s, "name"));
    json_decref(s);
    return ok;
}

static const char NO_NIK[] =
    "Demi keamanan data Anda, mohon *jangan* mengirim NIK atau nomor KK lewat chat; nomor itu "
    "sudah kami samarkan. Dokumen Anda cukup dibawa ke kantor atau diunggah melalui tautan "
    "pribadi yang kami kirim setelah permohonan tercatat.";

static int start(db_t *db, const struct intake_msg *m, const char *slug, struct intake_reply *out)
{
    char name[300];
    if (!intake_offerable(db, jv_int(m->office, "id"), slug, name, sizeof name))
        return say(out, "Mohon maaf, layanan ini belum dapat diajukan lewat chat. Silakan datang "
                        "ke kantor atau ketik *menu* untuk melihat layanan lain.") < 0 ? -1 : 1;
    json_t *twin = m->contact_id ? request_open_for_contact(db, jv_int(m->office, "id"),
                                                            m->contact_id, slug) : NULL;
    if (twin) {
        int rc = say(out, "Permohonan *%s* Anda sudah tercatat dengan nomor *%s* (status: %s). "
                          "Tidak perlu mengajukan lagi; kirim nomor itu kapan saja untuk cek "
                          "status.", name, jv_str(twin, "number"),
                     req_status_label(jv_str(twin, "status")));
        json_decref(twin);
        return rc < 0 ? -1 : 1;
    }
    clear_intake(m->state);
    json_object_set_new(m->state, "intake_step", json_string("name"));
    json_object_set_new(m->state, "intake_service", json_string(slug));
    return say(out, "Baik, kami bantu mengajukan permohonan *%s*.\n\nMohon tuliskan *nama "
                    "lengkap* Anda sesuai KTP.\n\n(Ketik *batal* untuk membatalkan.)", name) < 0
               ? -1 : 1;
}

/* The checklist of the new request as a numbered list. */
static void checklist_text(const json_t *cl, char *out, size_t n)
{
    size_t k = 0, i;
    json_t *it;
    out[0] = '\0';
    json_array_foreach(cl, i, it) {
        int w = snprintf(out + k, n - k, "%zu. %s\n", i + 1, jv_str(it, "item"));
        if (w < 0 || (size_t)w >= n - k) break;
        k += (size_t)w;
    }
}

int intake_link(db_t *db, int64_t office_id, int64_t conv_id, int64_t now, char token[65])
{
    const char *e = getenv("BALAI_OFFICE_UPLOAD_LINKS");
    int64_t cap = e && *e ? strtoll(e, NULL, 10) : 200;
    int64_t made = chat_upload_links_office(db, office_id, now - 3600);
    if (made < 0) return -1;
    if (made >= cap) return 0;
    return chat_upload_link(db, office_id, conv_id, now, UPLOAD_LINK_TTL, token) == 0 ? 1 : -1;
}

/* The files' line of the application's answer: the private link, or,
 * past the office's cap, that an officer will follow up (the conversation
 * goes to staff). */
static int files_line(db_t *db, const struct intake_msg *m, char *line, size_t n,
                      struct intake_reply *out)
{
    char token[65];
    int made = intake_link(db, jv_int(m->office, "id"), m->conversation_id, m->now, token);
    if (made < 0) return -1;
    if (made)
        snprintf(line, n, "Unggah berkas melalui tautan pribadi ini (berlaku 24 jam), atau bawa "
                          "ke kantor: %s/unggah/%s", botenv_base_url(), token);
    else
        snprintf(line, n, "Saat ini kami sedang menerima sangat banyak permohonan, sehingga "
                          "tautan unggah pribadi belum dapat kami kirimkan. Petugas kami akan "
                          "menghubungi Anda di chat ini untuk berkasnya; Anda juga dapat "
                          "membawanya ke kantor.");
    out->handover = !made;
    return 0;
}

static int finish(db_t *db, const struct intake_msg *m, const char *address,
                  struct intake_reply *out)
{
    int64_t office_id = jv_int(m->office, "id");
    const char *slug = jv_str(m->state, "intake_service");
    json_t *svc = service_get(db, office_id, slug);
    if (!svc) {
        clear_intake(m->state);
        return say(out, "Mohon maaf, layanan ini tidak lagi tersedia. Ketik *menu* untuk melihat "
                        "layanan lain.") < 0 ? -1 : 1;
    }
    struct req_new n = {
        .office = m->office, .service = svc, .contact_id = m->contact_id,
        .conversation_id = m->conversation_id, .source = m->channel,
        .name = jv_str(m->state, "intake_name"), .address = address, .phone = "",
    };
    struct actor bot = {0, "bot"};
    char number[REQ_NUMBER_MAX];
    int64_t rid = request_create(db, &n, &bot, m->now, number);
    if (rid < 0 || (m->contact_id && chat_contact_name_if_none(db, m->contact_id, n.name) != 0)) {
        json_decref(svc);
        return -1;
    }
    char files[512];
    if (files_line(db, m, files, sizeof files, out) != 0) {
        json_decref(svc);
        return -1;
    }
    json_t *r = request_get(db, office_id, rid);
    char eta[64] = "", pin[8] = "";
    if (r && jv_int(r, "eta_date")) cal_format_date_id((int)jv_int(r, "eta_date"), eta, sizeof eta);
    if (r) snprintf(pin, sizeof pin, "%s", jv_str(r, "pin"));
    json_decref(r);
    char list[3000];
    checklist_text(json_object_get(svc, "checklist"), list, sizeof list);
    int rc = say(out,
        "Permohonan *%s* sudah kami catat.\n\nNomor registrasi: *%s*\nKode pengambilan: *%s* "
        "(rahasiakan; untuk memilih jadwal pengambilan di portal)\nPerkiraan selesai: %s\n\n"
        "*Berkas yang perlu disiapkan:*\n%s\n%s\n\nSimpan nomor ini untuk cek status: "
        "cukup kirim nomornya di chat ini.",
        jv_str(svc, "name"), number, pin, *eta ? eta : "akan dikabarkan petugas", list, files);
    json_decref(svc);
    clear_intake(m->state);
    return rc < 0 ? -1 : 1;
}

/* The citizen's words on one line, trimmed. */
static void clean_line(const char *t, char *out, size_t n)
{
    while (*t && isspace((unsigned char)*t)) t++;
    snprintf(out, n, "%s", t);
    for (size_t k = strlen(out); k > 0 && isspace((unsigned char)out[k - 1]); k--)
        out[k - 1] = '\0';
    for (char *p = out; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t') *p = ' ';
}

/* A telephone or identity number rather than a name or address: a run of
 * 9 or more digits, spaces, dots, dashes or a leading "+" between them
 * allowed ("0812-3456-7890", "+62 812 3456 7890"). */
static int has_long_number(const char *s)
{
    int digits = 0;
    for (; *s; s++) {
        if (isdigit((unsigned char)*s)) {
            if (++digits >= 9) return 1;
        } else if (!(digits > 0 && strchr(" .-", *s)) && !(digits == 0 && *s == '+')) {
            digits = 0;
        }
    }
    return 0;
}

enum intake_fault intake_person_fault(const char *text, int is_name)
{
    if (bot_has_id_number(text) || strstr(text, "********")) return INTAKE_ID_NUMBER;
    if (has_long_number(text)) return INTAKE_LONG_NUMBER;
    size_t len = utf8_len(text);
    if (len < 3 || len > (is_name ? NAME_MAX_CHARS : ADDRESS_MAX_CHARS)) return INTAKE_LENGTH;
    return INTAKE_FIT;
}

static json_t *confirm_buttons(void)
{
    return json_pack("{s:[{s:s, s:s}, {s:s, s:s}]}", "buttons", "id", "intake:ya", "title",
                     "Ya, benar", "id", "intake:ubah", "title", "Ubah");
}

/* The name and address read back to the citizen before the number is
 * issued, with a "Ya, benar" and an "Ubah" button. */
static int ask_confirm(const struct intake_msg *m, struct intake_reply *out)
{
    json_object_set_new(m->state, "intake_step", json_string("confirm"));
    out->payload = confirm_buttons();
    if (!out->payload) return -1;
    return say(out, "Mohon periksa data Anda:\n\nNama: *%s*\nAlamat: *%s*\n\nBenar? Ketik "
                    "*ya* bila sudah benar, atau *ubah* untuk menuliskannya lagi.",
               jv_str(m->state, "intake_name"), jv_str(m->state, "intake_address")) < 0 ? -1 : 1;
}

/* The answer to "Benar?": 1 yes (the "Ya, benar" button or a typed "ya"),
 * -1 change ("Ubah", "tidak"), 0 unclear. */
static int yes_or_change(const struct intake_msg *m, const char *low)
{
    static const char *const yes[] = {"ya", "iya", "y", "benar", "betul", "sudah benar", "ya benar",
                                      "ya, benar", "ok", "oke", "sudah", "sip", "yes"};
    static const char *const no[] = {"ubah", "tidak", "bukan", "salah", "ganti", "belum", "no",
                                     "tidak benar", "edit"};
    const char *choice = m->choice ? m->choice : "";
    if (*choice) return strcmp(choice, "intake:ya") == 0 ? 1 : strcmp(choice, "intake:ubah") == 0
                                                                ? -1 : 0;
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (strcmp(low, yes[i]) == 0) return 1;
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (strcmp(low, no[i]) == 0) return -1;
    return 0;
}

/* The answer to "Benar?": yes issues the number, "ubah" starts again from
 * the name, anything else asks again. */
static int confirm(db_t *db, const struct intake_msg *m, const char *low,
                   struct intake_reply *out)
{
    int answer = yes_or_change(m, low);
    if (answer > 0) {
        char address[ADDRESS_MAX_CHARS * 4 + 1];
        snprintf(address, sizeof address, "%s", jv_str(m->state, "intake_address"));
        return finish(db, m, address, out);
    }
    if (answer < 0) {
        json_object_set_new(m->state, "intake_step", json_string("name"));
        json_object_del(m->state, "intake_name");
        json_object_del(m->state, "intake_address");
        return say(out, "Baik, mari kita ulangi. Mohon tuliskan *nama lengkap* Anda sesuai "
                        "KTP.") < 0 ? -1 : 1;
    }
    return ask_confirm(m, out);
}

/* ------------------------------------------------------------ complaints */

#define DETAILS_MIN_CHARS 10
#define DETAILS_MAX_CHARS 1000
#define STORY_MIN_CHARS 30      /* a first message this long already tells what happened */
#define STORY_SHOWN_CHARS 400   /* of it in the read-back */

static const char NO_NIK_COMPLAINT[] =
    "Demi keamanan data Anda, mohon *jangan* mengirim NIK atau nomor KK lewat chat; nomor itu "
    "sudah kami samarkan. Pengaduan tidak memerlukan NIK.";

static size_t ncategories(void)
{
    size_t n = 0;
    while (complaint_categories[n].code) n++;
    return n;
}

/* The categories as a list (WhatsApp list, Telegram keyboard, portal chips). */
static json_t *category_list(void)
{
    json_t *rows = json_array();
    for (size_t i = 0; rows && complaint_categories[i].code; i++) {
        char id[64];
        snprintf(id, sizeof id, "aduan:%s", complaint_categories[i].code);
        json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:i}", "id", id, "title",
                                              complaint_categories[i].label, "description", "",
                                              "section", 0));
    }
    return rows ? json_pack("{s:o, s:[s], s:s}", "rows", rows, "sections", "Jenis pengaduan",
                            "list_button", "Pilih jenis") : NULL;
}

static int ask_category(const struct intake_msg *m, const char *lead, struct intake_reply *out)
{
    json_object_set_new(m->state, "intake_step", json_string("aduan_kategori"));
    out->payload = category_list();
    if (!out->payload) return -1;
    char list[600];
    size_t k = 0;
    for (size_t i = 0; complaint_categories[i].code && k < sizeof list; i++) {
        int w = snprintf(list + k, sizeof list - k, "%zu. %s\n", i + 1,
                         complaint_categories[i].label);
        if (w < 0) return -1;
        k += (size_t)w;
    }
    return say(out, "%sPengaduan Anda tentang apa? Pilih dari daftar di bawah ini atau ketik "
                    "nomornya:\n%s\n(Ketik *batal* untuk membatalkan.)", lead, list) < 0 ? -1 : 1;
}

int intake_complaint_more(db_t *db, const struct intake_msg *m, struct intake_reply *out)
{
    memset(out, 0, sizeof *out);
    if (!m->contact_id) return 0;
    json_t *open = request_open_of_contact(db, jv_int(m->office, "id"), m->contact_id,
                                           REQ_TYPE_COMPLAINT);
    if (!open) return 0;
    out->payload = json_pack("{s:[{s:s, s:s}]}", "buttons", "id", "aduan:baru", "title",
                             "Pengaduan baru");
    int rc = out->payload ? say(out, "Pengaduan Anda nomor *%s* (%s) sudah kami catat, status: "
                                     "*%s*. Pesan ini kami teruskan ke petugas yang menanganinya."
                                     "\n\nBila ini pengaduan lain, ketik *pengaduan baru*.",
                                jv_str(open, "number"), jv_str(open, "service_name"),
                                reqtype_status_label(REQ_TYPE_COMPLAINT, jv_str(open, "status")))
                          : -1;
    json_decref(open);
    return rc < 0 ? -1 : 1;
}

int intake_complaint_start(db_t *db, const struct intake_msg *m, const char *story,
                           struct intake_reply *out)
{
    int64_t began = jv_int(m->state, "aduan_mulai"), first = jv_int(m->state, "aduan_pesan");
    if (!first && (first = chat_last_message_id(db, m->conversation_id)) < 0) return -1;
    clear_intake(m->state);
    /* photos sent since the complaint began belong to it, also after "ubah";
     * its first message (this one) tells which files are its own */
    json_object_set_new(m->state, "aduan_mulai", json_integer(began ? began : m->now));
    json_object_set_new(m->state, "aduan_pesan", json_integer(first));
    char clean[DETAILS_MAX_CHARS * 4 + 1] = "";
    if (story && !has_id_number(m)) clean_line(story, clean, sizeof clean);
    size_t len = utf8_len(clean);
    if (len >= STORY_MIN_CHARS && len <= DETAILS_MAX_CHARS)
        json_object_set_new(m->state, "aduan_kejadian", json_string(clean));
    return ask_category(m, "Terima kasih telah menyampaikannya. Kami bantu mencatat pengaduan "
                           "Anda agar ditindaklanjuti petugas.\n\n", out);
}

static int ask_place(const struct intake_msg *m, struct intake_reply *out)
{
    json_object_set_new(m->state, "intake_step", json_string("aduan_lokasi"));
    return say(out, "Di mana kejadiannya? Tuliskan alamat atau patokannya, misalnya: depan "
                    "Masjid Al-Ikhlas, RT 02/RW 01.%s",
               strcmp(m->channel, "whatsapp") == 0
                   ? "\n\nAnda juga dapat mengirim lokasi lewat WhatsApp (lampiran › Lokasi)."
                   : "") < 0 ? -1 : 1;
}

/* The category: a tapped row, its number, or its name typed. */
static int complaint_category(const struct intake_msg *m, const char *low,
                              struct intake_reply *out)
{
    const char *choice = m->choice ? m->choice : "", *code = NULL;
    if (strncmp(choice, "aduan:", 6) == 0 && *complaint_category_label(choice + 6)) {
        code = choice + 6;
    } else if (!*choice) {
        char *end;
        long k = strtol(low, &end, 10);
        if (end != low && (!*end || *end == '.') && k >= 1 && (size_t)k <= ncategories())
            code = complaint_categories[k - 1].code;
        for (size_t i = 0; !code && complaint_categories[i].code; i++)
            if (strcmp(low, complaint_categories[i].code) == 0 ||
                strcasecmp(low, complaint_categories[i].label) == 0)
                code = complaint_categories[i].code;
    }
    if (!code)
        return ask_category(m, "Mohon pilih jenis pengaduan dari daftar, atau ketik nomornya.\n\n",
                            out);
    json_object_set_new(m->state, "aduan_kategori", json_string(code));
    if (*jv_str(m->state, "aduan_kejadian")) return ask_place(m, out);
    json_object_set_new(m->state, "intake_step", json_string("aduan_kejadian"));
    return say(out, "Pengaduan: *%s*.\n\nCeritakan singkat apa yang terjadi, misalnya: \"Lampu "
                    "jalan di Gang Melati mati sejak seminggu.\"", complaint_category_label(code))
               < 0 ? -1 : 1;
}

static int complaint_details(const struct intake_msg *m, struct intake_reply *out)
{
    if (m->media)
        return say(out, "Terima kasih, fotonya sudah kami terima. Mohon ceritakan juga "
                        "kejadiannya dengan kata-kata.") < 0 ? -1 : 1;
    char clean[DETAILS_MAX_CHARS * 4 + 1];
    clean_line(m->text, clean, sizeof clean);
    size_t len = utf8_len(clean);
    if (m->choice || m->located || len < DETAILS_MIN_CHARS || len > DETAILS_MAX_CHARS)
        return say(out, "Mohon ceritakan kejadiannya dengan kata-kata (%d–%d huruf), misalnya: "
                        "\"Sampah di pinggir kali RT 05 tidak diangkut dua minggu.\" Ketik *batal* "
                        "untuk membatalkan.", DETAILS_MIN_CHARS, DETAILS_MAX_CHARS) < 0 ? -1 : 1;
    json_object_set_new(m->state, "aduan_kejadian", json_string(clean));
    return ask_place(m, out);
}

static json_t *photo_buttons(void)
{
    return json_pack("{s:[{s:s, s:s}, {s:s, s:s}]}", "buttons", "id", "intake:lanjut", "title",
                     "Lanjut", "id", "intake:lewati", "title", "Tidak ada foto");
}

/* Offers the private upload link for photos (and the chat itself where it
 * carries photos). */
static int ask_photo(db_t *db, const struct intake_msg *m, struct intake_reply *out)
{
    char token[65];
    int made = intake_link(db, jv_int(m->office, "id"), m->conversation_id, m->now, token);
    if (made < 0) return -1;
    json_object_set_new(m->state, "intake_step", json_string("aduan_foto"));
    out->payload = photo_buttons();
    if (!out->payload) return -1;
    out->handover = !made;  /* past the office's cap: staff ask for the photos */
    if (!made)
        return say(out, "Bila ada foto kejadian, %s\n\nSetelah itu ketik *lanjut*. Bila tidak "
                        "ada foto, ketik *lewati*.",
                   strcmp(m->channel, "web") != 0
                       ? "kirim fotonya di chat ini."
                       : "petugas kami akan meminta fotonya nanti; tautan unggah pribadi belum "
                         "dapat kami kirimkan saat ini karena banyaknya permintaan.") < 0 ? -1 : 1;
    return say(out, "Bila ada foto kejadian, %sunggah lewat tautan pribadi ini (berlaku 24 jam): "
                    "%s/unggah/%s\n\nSetelah itu ketik *lanjut*. Bila tidak ada foto, ketik "
                    "*lewati*.",
               strcmp(m->channel, "web") != 0 ? "kirim fotonya di chat ini atau " : "",
               botenv_base_url(), token) < 0 ? -1 : 1;
}

/* Where: the citizen's words, or a location shared on WhatsApp (its name
 * or address, when it has one, as the words). */
static int complaint_place(db_t *db, const struct intake_msg *m, struct intake_reply *out)
{
    char place[ADDRESS_MAX_CHARS * 4 + 1], geo[64] = "";
    clean_line(m->text, place, sizeof place);
    size_t len = utf8_len(place);
    if (m->located) {
        if (m->lat < -90 || m->lat > 90 || m->lon < -180 || m->lon > 180 ||
            (m->lat == 0 && m->lon == 0))
            return say(out, "Mohon maaf, lokasi itu tidak dapat kami baca. Silakan tuliskan "
                            "alamat atau patokannya.") < 0 ? -1 : 1;
        snprintf(geo, sizeof geo, "%.6f,%.6f", m->lat, m->lon);
        if (len > ADDRESS_MAX_CHARS) place[0] = '\0';
    } else if (m->media) {
        return say(out, "Terima kasih, fotonya sudah kami terima. Sekarang tuliskan lokasi "
                        "kejadiannya.") < 0 ? -1 : 1;
    } else if (has_long_number(place)) {
        return say(out, "Itu tampaknya nomor telepon atau nomor identitas, bukan lokasi. Mohon "
                        "tuliskan alamat atau patokan tempat kejadian.") < 0 ? -1 : 1;
    } else if (m->choice || len < 3 || len > ADDRESS_MAX_CHARS) {
        return say(out, "Mohon tuliskan lokasi kejadian (3–%d huruf), misalnya: depan Masjid "
                        "Al-Ikhlas, RT 02/RW 01. Ketik *batal* untuk membatalkan.",
                   ADDRESS_MAX_CHARS) < 0 ? -1 : 1;
    }
    json_object_set_new(m->state, "aduan_lokasi", json_string(place));
    json_object_set_new(m->state, "aduan_geo", json_string(geo));
    return ask_photo(db, m, out);
}

/* The first `max` characters of s (UTF-8) into out, "…" when cut. */
static void shorten(const char *s, size_t max, char *out, size_t n)
{
    size_t chars = 0, k = 0;
    for (; s[k]; k++) {
        if (((unsigned char)s[k] & 0xC0) != 0x80 && chars++ == max) break;
    }
    snprintf(out, n, "%.*s%s", (int)k, s, s[k] ? "…" : "");
}

/* What the citizen told us, read back before the number is issued (a
 * long story shortened: WhatsApp's buttons take a body of 1024
 * characters at most). */
static int complaint_ask_confirm(db_t *db, const struct intake_msg *m, struct intake_reply *out)
{
    int64_t photos = chat_files_since(db, m->conversation_id, jv_int(m->state, "aduan_mulai"));
    if (photos < 0) return -1;
    json_object_set_new(m->state, "intake_step", json_string("aduan_periksa"));
    out->payload = confirm_buttons();
    if (!out->payload) return -1;
    const char *place = jv_str(m->state, "aduan_lokasi"), *geo = jv_str(m->state, "aduan_geo");
    char where[1000], files[40], story[STORY_SHOWN_CHARS * 4 + 8];
    shorten(jv_str(m->state, "aduan_kejadian"), STORY_SHOWN_CHARS, story, sizeof story);
    snprintf(where, sizeof where, "%s%s%s", place, *place && *geo ? " " : "",
             *geo ? "(lokasi dibagikan)" : "");
    if (photos) snprintf(files, sizeof files, "%lld foto/berkas", (long long)photos);
    else snprintf(files, sizeof files, "tidak ada");
    return say(out, "Mohon periksa pengaduan Anda:\n\nJenis: *%s*\nKejadian: %s\nLokasi: %s\n"
                    "Foto: %s\n\nBenar? Ketik *ya* bila sudah benar, atau *ubah* untuk "
                    "mengulang.", complaint_category_label(jv_str(m->state, "aduan_kategori")),
               story, where, files) < 0 ? -1 : 1;
}

static int complaint_photo(db_t *db, const struct intake_msg *m, const char *low,
                           struct intake_reply *out)
{
    static const char *const go[] = {"lanjut", "sudah", "selesai", "lewati", "tidak ada",
                                     "tidak", "skip", "ok", "oke", "ga ada", "gak ada", "ya"};
    const char *choice = m->choice ? m->choice : "";
    int next = strcmp(choice, "intake:lanjut") == 0 || strcmp(choice, "intake:lewati") == 0;
    for (size_t i = 0; !*choice && !m->media && i < sizeof go / sizeof go[0]; i++)
        next |= strcmp(low, go[i]) == 0;
    if (next) return complaint_ask_confirm(db, m, out);
    out->payload = photo_buttons();
    if (!out->payload) return -1;
    if (m->media)
        return say(out, "Terima kasih, fotonya sudah kami terima. Kirim foto lain bila ada, atau "
                        "ketik *lanjut*.") < 0 ? -1 : 1;
    return say(out, "Ketik *lanjut* bila foto sudah dikirim, atau *lewati* bila tidak ada "
                    "foto.") < 0 ? -1 : 1;
}

/* Who a request from the chat is in the name of: the chat's name, else
 * words for an unnamed citizen. */
static const char *citizen(const struct intake_msg *m)
{
    return m->contact_name && *m->contact_name ? m->contact_name
           : strcmp(m->channel, "web") == 0 ? "Pengunjung portal" : "Warga";
}

/* Registers the complaint: a request of type pengaduan with its own
 * number and the office's follow-up target. */
static int complaint_finish(db_t *db, const struct intake_msg *m, struct intake_reply *out)
{
    const char *code = jv_str(m->state, "aduan_kategori");
    char sname[128];
    snprintf(sname, sizeof sname, "Pengaduan: %s", complaint_category_label(code));
    struct req_new n = {
        .office = m->office, .contact_id = m->contact_id, .conversation_id = m->conversation_id,
        .source = m->channel, .name = citizen(m), .address = "", .phone = "",
        .type = REQ_TYPE_COMPLAINT, .service_name = sname, .category = code,
        .details = jv_str(m->state, "aduan_kejadian"), .place = jv_str(m->state, "aduan_lokasi"),
        .geo = jv_str(m->state, "aduan_geo"),
    };
    struct actor bot = {0, "bot"};
    char number[REQ_NUMBER_MAX];
    int64_t rid = request_create(db, &n, &bot, m->now, number);
    if (rid < 0 ||
        media_attach_request(db, rid, m->conversation_id, jv_int(m->state, "aduan_pesan"),
                             jv_int(m->state, "aduan_mulai")) != 0)
        return -1;
    json_t *r = request_get(db, jv_int(m->office, "id"), rid);
    char eta[64] = "";
    if (r && jv_int(r, "eta_date")) cal_format_date_id((int)jv_int(r, "eta_date"), eta, sizeof eta);
    json_decref(r);
    int rc = say(out, "Pengaduan Anda sudah kami catat dan akan ditindaklanjuti petugas.\n\n"
                      "Nomor pengaduan: *%s*\nJenis: %s\nPerkiraan selesai ditindaklanjuti: %s\n\n"
                      "Kami akan mengabari Anda di sini setiap ada perkembangan. Untuk mengecek "
                      "status, cukup kirim nomor itu di chat ini.",
                 number, complaint_category_label(code), *eta ? eta : "akan dikabarkan petugas");
    clear_intake(m->state);
    return rc < 0 ? -1 : 1;
}

static int complaint_confirm(db_t *db, const struct intake_msg *m, const char *low,
                             struct intake_reply *out)
{
    int answer = yes_or_change(m, low);
    if (answer > 0) return complaint_finish(db, m, out);
    if (answer < 0) return intake_complaint_start(db, m, NULL, out);
    return complaint_ask_confirm(db, m, out);
}

static int complaint_step(db_t *db, const struct intake_msg *m, const char *st, const char *low,
                          struct intake_reply *out)
{
    if (strcmp(st, "aduan_kategori") == 0) return complaint_category(m, low, out);
    if (strcmp(st, "aduan_foto") == 0) return complaint_photo(db, m, low, out);
    if (strcmp(st, "aduan_periksa") == 0) return complaint_confirm(db, m, low, out);
    if (has_id_number(m))
        return say(out, "%s\n\n%s", NO_NIK_COMPLAINT,
                   strcmp(st, "aduan_kejadian") == 0
                       ? "Silakan ceritakan kejadiannya tanpa nomor itu."
                       : "Silakan tuliskan lokasi kejadiannya saja.") < 0 ? -1 : 1;
    if (strcmp(st, "aduan_lokasi") == 0) return complaint_place(db, m, out);
    return complaint_details(m, out);
}

static int step(db_t *db, const struct intake_msg *m, const char *step_name,
                struct intake_reply *out)
{
    char low[64];
    lower_trim(m->text, low, sizeof low);
    if (strcmp(low, "batal") == 0 || strcmp(low, "batalkan") == 0) {
        /* step_name lives in the state that clear_intake empties */
        const char *what = strncmp(step_name, "aduan_", 6) == 0 ? "pengaduan"
                                                                : "pengajuan permohonan";
        clear_intake(m->state);
        return say(out, "Baik, %s dibatalkan. Ketik *menu* bila ada yang bisa kami bantu.",
                   what) < 0 ? -1 : 1;
    }
    if (strncmp(step_name, "aduan_", 6) == 0) return complaint_step(db, m, step_name, low, out);
    if (strcmp(step_name, "confirm") == 0) return confirm(db, m, low, out);
    int is_name = strcmp(step_name, "name") == 0;
    if (has_id_number(m))
        return say(out, "%s\n\n%s", NO_NIK,
                   is_name ? "Silakan tuliskan *nama lengkap* Anda saja."
                           : "Silakan tuliskan *RT/RW* atau alamat Anda saja.") < 0 ? -1 : 1;
    char clean[1024];
    clean_line(m->text, clean, sizeof clean);
    enum intake_fault fault = intake_person_fault(clean, is_name);
    if (fault == INTAKE_LONG_NUMBER)
        return say(out, "Itu tampaknya nomor telepon atau nomor identitas, bukan %s. %s",
                   is_name ? "nama" : "alamat",
                   is_name ? "Mohon tuliskan *nama lengkap* Anda saja, misalnya: Siti Rahmawati."
                           : "Mohon tuliskan *RT/RW* atau alamat Anda, misalnya: RT 03/RW 05, "
                             "Jl. Melati No. 7.") < 0 ? -1 : 1;
    if (is_name) {
        if (fault != INTAKE_FIT || m->choice)
            return say(out, "Mohon tuliskan nama lengkap Anda (3–%d huruf), misalnya: Siti "
                            "Rahmawati. Ketik *batal* untuk membatalkan.", NAME_MAX_CHARS) < 0
                       ? -1 : 1;
        json_object_set_new(m->state, "intake_name", json_string(clean));
        json_object_set_new(m->state, "intake_step", json_string("address"));
        return say(out, "Terima kasih, %s.\n\nSekarang tuliskan *RT/RW* atau alamat Anda "
                        "(misalnya: RT 03/RW 05, Jl. Melati No. 7).", clean) < 0 ? -1 : 1;
    }
    if (fault != INTAKE_FIT || m->choice)
        return say(out, "Mohon tuliskan RT/RW atau alamat Anda (3–%d huruf), misalnya: RT 03/RW 05. "
                        "Ketik *batal* untuk membatalkan.", ADDRESS_MAX_CHARS) < 0 ? -1 : 1;
    json_object_set_new(m->state, "intake_address", json_string(clean));
    return ask_confirm(m, out);
}

/* The reason typed after a rating ("2, lama sekali" gives "lama sekali"),
 * copied to out; "" when the message is the rating alone or does not
 * start with it ("nilai 5"). */
static void rating_reason(const char *text, char *out, size_t n)
{
    out[0] = '\0';
    while (*text && isspace((unsigned char)*text)) text++;
    if (*text < '1' || *text > '5' || isdigit((unsigned char)text[1])) return;
    text++;
    while (*text && (isspace((unsigned char)*text) || strchr(",.;:!-)", *text))) text++;
    snprintf(out, n, "%s", text);
    for (size_t k = strlen(out); k > 0 && isspace((unsigned char)out[k - 1]); k--)
        out[k - 1] = '\0';
    int letters = 0;
    for (const char *p = out; *p; p++) letters += isalpha((unsigned char)*p) != 0;
    if (letters < 3) out[0] = '\0';
}

/* Stores the first rating of request `rid`'s survey and asks for a
 * comment, unless `reason` already gave one. */
static int rate(db_t *db, const struct intake_msg *m, int64_t rid, int rating,
                const char *reason, struct intake_reply *out)
{
    /* a tap names its request, and the portal chat's taps come from the
     * browser: only the citizen the survey was sent to may answer it */
    json_t *r = request_get(db, jv_int(m->office, "id"), rid);
    int theirs = r && jv_int(r, "contact_id") == m->contact_id;
    json_decref(r);
    if (!theirs)
        return say(out, "Mohon maaf, survei itu tidak ditemukan untuk percakapan ini.") < 0 ? -1
                                                                                           : 1;
    int rc = survey_answer(db, jv_int(m->office, "id"), rid, rating, m->now);
    if (rc < 0) return -1;
    json_object_del(m->state, "survey_pending");
    json_object_del(m->state, "survey_request");
    if (rc == 1)
        return say(out, "Penilaian untuk permohonan ini sudah kami terima sebelumnya. Terima "
                        "kasih.") < 0 ? -1 : 1;
    const char *thanks = rating <= 2 ? "Terima kasih atas penilaian Anda. Mohon maaf bila "
                                       "pelayanan kami belum memuaskan."
                                     : "Terima kasih atas penilaian Anda!";
    if (*reason) {
        if (survey_comment(db, jv_int(m->office, "id"), rid, reason) < 0) return -1;
        return say(out, "%s Masukan Anda sudah kami catat.", thanks) < 0 ? -1 : 1;
    }
    json_object_set_new(m->state, "survey_comment", json_integer(rid));
    return say(out, "%s\n\nBoleh tulis saran singkat? Ketik *lewati* bila tidak ada.", thanks) < 0
               ? -1 : 1;
}

int intake_survey_rating(db_t *db, const struct intake_msg *m, int rating,
                         struct intake_reply *out)
{
    int64_t rid = jv_int(m->state, "survey_request");
    if (!rid || rating < 1 || rating > 5) return 0;
    char reason[1000];
    rating_reason(m->text, reason, sizeof reason);
    return rate(db, m, rid, rating, reason, out);
}

/* A tapped pickup slot "slot:<id>:<date>" for the request whose list was
 * sent (pickup_request): booked and confirmed, or the list again. */
static int pickup_tap(db_t *db, const struct intake_msg *m, int64_t slot_id, int date,
                      struct intake_reply *out)
{
    int64_t rid = jv_int(m->state, "pickup_request");
    /* staff may have closed the conversation that got the list: the next
     * message opens a fresh one, so ask which request waits for a pickup */
    if (!rid) rid = pickup_waiting_request(db, jv_int(m->office, "id"), m->contact_id);
    if (rid < 0) return -1;
    if (!rid)
        return say(out, "Mohon maaf, tidak ada permohonan Anda yang menunggu jadwal pengambilan. "
                        "Kirim nomor registrasi Anda untuk mengecek statusnya.") < 0 ? -1 : 1;
    struct actor warga = {0, "warga"};
    int rc = pickup_book(db, m->office, rid, slot_id, date, &warga, m->now);
    if (rc < 0) return -1;
    json_t *bk = pickup_booking_of(db, rid);
    if (rc == 0 || (rc == 2 && bk)) {
        /* booked now, or already booked before (a second tap): say when */
        char when[160] = "";
        if (bk)
            notify_pickup_when((int)jv_int(bk, "date"), (int)jv_int(bk, "start_min"),
                               (int)jv_int(bk, "end_min"), when, sizeof when);
        json_decref(bk);
        json_t *r = request_get(db, jv_int(m->office, "id"), rid);
        int w = say(out, "%s: %s.\n\nPermohonan *%s*. Bawa tanda terima atau sebutkan nomor "
                         "registrasi Anda kepada petugas. Kami akan mengingatkan Anda sehari "
                         "sebelumnya.",
                    rc == 0 ? "Jadwal pengambilan" : "Jadwal pengambilan Anda sudah tercatat",
                    when, jv_str(r, "number"));
        json_decref(r);
        if (rc == 0) json_object_del(m->state, "pickup_request");
        return w < 0 ? -1 : 1;
    }
    json_decref(bk);
    out->payload = notify_pickup_payload(db, m->office, m->now);
    const char *why = rc == 1 ? "Mohon maaf, jadwal itu baru saja penuh."
                              : "Mohon maaf, jadwal itu tidak dapat dipilih.";
    if (!out->payload)
        return say(out, "%s Saat ini belum ada jadwal lain yang tersedia; petugas kami akan "
                        "menghubungi Anda.", why) < 0 ? -1 : 1;
    return say(out, "%s Silakan pilih jadwal lain dari daftar di bawah ini.", why) < 0 ? -1 : 1;
}

int intake_before_bot(db_t *db, const struct intake_msg *m, struct intake_reply *out)
{
    memset(out, 0, sizeof *out);
    const char *choice = m->choice ? m->choice : "";
    if (strncmp(choice, "ajukan:", 7) == 0) return start(db, m, choice + 7, out);
    long long rid = 0;
    int n = 0, used = 0;
    /* "ikm:<request>:<n>": a tap carries its request, so it counts even
     * after other messages came in between */
    if (sscanf(choice, "ikm:%lld:%d%n", &rid, &n, &used) == 2 && !choice[used] && rid > 0 &&
        n >= 1 && n <= 5)
        return rate(db, m, (int64_t)rid, n, "", out);
    int64_t slot_id;
    int date;
    if (strncmp(choice, "slot:", 5) == 0 && pickup_choice_parse(choice, &slot_id, &date) == 0)
        return pickup_tap(db, m, slot_id, date, out);
    const char *st = jv_str(m->state, "intake_step");
    if (*st) return step(db, m, st, out);
    if (strncmp(choice, "aduan:", 6) == 0) return intake_complaint_start(db, m, NULL, out);
    int64_t comment_for = jv_int(m->state, "survey_comment");
    if (comment_for && !*choice && *m->text) {
        json_object_del(m->state, "survey_comment");
        char low[64];
        lower_trim(m->text, low, sizeof low);
        if (strcmp(low, "lewati") != 0 && strcmp(low, "tidak") != 0 && strcmp(low, "tidak ada") != 0) {
            char clean[1000];
            snprintf(clean, sizeof clean, "%s", m->text);
            if (survey_comment(db, jv_int(m->office, "id"), comment_for, clean) < 0) return -1;
        }
        return say(out, "Terima kasih atas masukan Anda. Semoga urusan Anda lancar!") < 0 ? -1 : 1;
    }
    /* "mau ajukan", "ajukan permohonan": applies for the service just answered */
    char low[200];
    lower_trim(m->text, low, sizeof low);
    if (!*choice && strcmp(low, "pengaduan baru") == 0)
        return intake_complaint_start(db, m, NULL, out);
    if (!*choice && strstr(low, "ajukan") && utf8_len(low) <= 40) {
        const char *last = jv_str(m->state, "last_service");
        if (*last) return start(db, m, last, out);
    }
    return 0;
}

int intake_status(db_t *db, const struct intake_msg *m, const char *number,
                  struct intake_reply *out)
{
    memset(out, 0, sizeof *out);
    char ex[REQ_NUMBER_MAX];
    example_number(m, ex, sizeof ex);
    if (!number || !*number)
        return say(out, "Untuk mengecek status permohonan, mohon kirimkan nomor registrasi Anda "
                        "(tertera pada tanda terima, contoh: %s).", ex) < 0 ? -1 : 0;
    json_t *r = request_by_number(db, jv_int(m->office, "id"), number);
    if (!r)
        return say(out, "Nomor *%s* tidak kami temukan. Periksa lagi penulisannya (contoh: %s).",
                   number, ex) < 0 ? -1 : 0;
    const char *status = jv_str(r, "status"), *type = jv_str(r, "request_type");
    char eta[128] = "";
    if (req_status_running(status) && jv_int(r, "eta_date")) {
        char d[64];
        cal_format_date_id((int)jv_int(r, "eta_date"), d, sizeof d);
        snprintf(eta, sizeof eta, "\nPerkiraan selesai: %s", d);
    }
    /* a finished request: the one next step of its pickup (booked: when to
     * come, not "pick a slot"; no slots: come in office hours) */
    char when[200] = "";
    const char *next = reqtype_next_step(type, status);
    struct pickup_view pv;
    if (pickup_view_of(db, m->office, r, m->now, 1, &pv) != 0) {
        json_decref(r);
        return -1;
    }
    if (pv.stage == PICKUP_BOOKED) {
        json_t *bk = pv.booking;
        char w[160];
        notify_pickup_when((int)jv_int(bk, "date"), (int)jv_int(bk, "start_min"), (int)jv_int(bk, "end_min"),
                           w, sizeof w);
        snprintf(when, sizeof when, "\nJadwal pengambilan: %s", w);
    }
    if (req_pickup_step(pv.stage)) next = req_pickup_step(pv.stage);
    const char *label = req_pickup_label(pv.stage) ? req_pickup_label(pv.stage)
                                                   : reqtype_status_label(type, status);
    pickup_view_free(&pv);
    int rc = say(out, "%s *%s* (%s)\nStatus: *%s*%s%s\n\n%s", reqtype_noun(type),
                 jv_str(r, "number"), jv_str(r, "service_name"), label, eta, when, next);
    json_decref(r);
    return rc < 0 ? -1 : 0;
}

/* ---------------------------------------------------------- consultations */

int intake_consult_asked(const char *text)
{
    char low[1024];
    lower_trim(text ? text : "", low, sizeof low);
    /* konsul, konsultasi, berkonsultasi; not konsulat (an embassy) */
    for (const char *p = strstr(low, "konsul"); p; p = strstr(p + 6, "konsul"))
        if (strncmp(p + 6, "at", 2) != 0) return 1;
    return 0;
}

int intake_consult(db_t *db, const struct intake_msg *m, struct intake_reply *out)
{
    memset(out, 0, sizeof *out);
    out->handover = 1;
    json_t *open = m->contact_id ? request_open_of_contact(db, jv_int(m->office, "id"),
                                                           m->contact_id, REQ_TYPE_CONSULT)
                                 : NULL;
    if (open) {
        int rc = say(out, "Permintaan konsultasi Anda nomor *%s* sudah kami catat. Pesan ini "
                          "kami teruskan ke petugas; mohon tunggu, petugas kami akan membalas "
                          "di sini.", jv_str(open, "number"));
        json_decref(open);
        return rc < 0 ? -1 : 1;
    }
    char details[DETAILS_MAX_CHARS * 4 + 8];
    shorten(m->text, DETAILS_MAX_CHARS, details, sizeof details);
    struct req_new n = {
        .office = m->office, .contact_id = m->contact_id, .conversation_id = m->conversation_id,
        .source = m->channel, .name = citizen(m), .address = "", .phone = "",
        .type = REQ_TYPE_CONSULT, .service_name = "Konsultasi", .details = details,
    };
    struct actor bot = {0, "bot"};
    char number[REQ_NUMBER_MAX];
    if (request_create(db, &n, &bot, m->now, number) < 0) return -1;
    return say(out, "Baik, permintaan konsultasi Anda sudah kami catat.\n\nNomor konsultasi: "
                    "*%s*\n\nPesan Anda kami teruskan ke petugas; mohon tunggu, petugas kami "
                    "akan membalas di sini. Untuk mengecek status, cukup kirim nomor itu di chat "
                    "ini.", number) < 0 ? -1 : 1;
}
