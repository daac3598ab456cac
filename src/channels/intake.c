/* intake: see intake.h. */
#include "channels/intake.h"
#include "bot/bot.h"
#include "channels/botenv.h"
#include "channels/inbound.h"
#include "channels/notify.h"
#include "core/calendar.h"
#include "core/request.h"
#include "db/store_chat.h"
#include "db/store_pickup.h"
#include "db/store_request.h"
#include "db/store_service.h"
#include "db/store_survey.h"
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME_MAX_CHARS 100
#define ADDRESS_MAX_CHARS 200

static const char *str(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

static int64_t num(const json_t *o, const char *k)
{
    return json_integer_value(json_object_get(o, k));
}

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
    if (req_number_format(out, n, str(m->office, "code"), (long long)num(m->office, "id"), year,
                          42) != 0)
        snprintf(out, n, "ABC-%d-00042", year);
}

static void clear_intake(json_t *st)
{
    json_object_del(st, "intake_step");
    json_object_del(st, "intake_service");
    json_object_del(st, "intake_name");
}

int intake_offerable(db_t *db, int64_t office_id, const char *slug, char *name, size_t n)
{
    if (!slug || !*slug) return 0;
    json_t *s = service_get(db, office_id, slug);
    int ok = s && strcmp(str(s, "request_type"), "pendaftaran_dokumen") == 0 &&
             !json_is_false(json_object_get(s, "active"));
    if (ok && name) snprintf(name, n, "%s", str(s, "name"));
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
    if (!intake_offerable(db, num(m->office, "id"), slug, name, sizeof name))
        return say(out, "Mohon maaf, layanan ini belum dapat diajukan lewat chat. Silakan datang "
                        "ke kantor atau ketik *menu* untuk melihat layanan lain.") < 0 ? -1 : 1;
    json_t *twin = m->contact_id ? request_open_for_contact(db, num(m->office, "id"),
                                                            m->contact_id, slug) : NULL;
    if (twin) {
        int rc = say(out, "Permohonan *%s* Anda sudah tercatat dengan nomor *%s* (status: %s). "
                          "Tidak perlu mengajukan lagi; kirim nomor itu kapan saja untuk cek "
                          "status.", name, str(twin, "number"),
                     req_status_label(str(twin, "status")));
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
        int w = snprintf(out + k, n - k, "%zu. %s\n", i + 1, str(it, "item"));
        if (w < 0 || (size_t)w >= n - k) break;
        k += (size_t)w;
    }
}

static int finish(db_t *db, const struct intake_msg *m, const char *address,
                  struct intake_reply *out)
{
    int64_t office_id = num(m->office, "id");
    const char *slug = str(m->state, "intake_service");
    json_t *svc = service_get(db, office_id, slug);
    if (!svc) {
        clear_intake(m->state);
        return say(out, "Mohon maaf, layanan ini tidak lagi tersedia. Ketik *menu* untuk melihat "
                        "layanan lain.") < 0 ? -1 : 1;
    }
    struct req_new n = {
        .office = m->office, .service = svc, .contact_id = m->contact_id,
        .conversation_id = m->conversation_id, .source = m->channel,
        .name = str(m->state, "intake_name"), .address = address, .phone = "",
    };
    struct actor bot = {0, "bot"};
    char number[REQ_NUMBER_MAX];
    int64_t rid = request_create(db, &n, &bot, m->now, number);
    if (rid < 0) {
        json_decref(svc);
        return -1;
    }
    char token[65];
    if (chat_upload_link(db, office_id, m->conversation_id, m->now, UPLOAD_LINK_TTL, token) != 0) {
        json_decref(svc);
        return -1;
    }
    json_t *r = request_get(db, office_id, rid);
    char eta[64] = "", pin[8] = "";
    if (r && num(r, "eta_date")) cal_format_date_id((int)num(r, "eta_date"), eta, sizeof eta);
    if (r) snprintf(pin, sizeof pin, "%s", str(r, "pin"));
    json_decref(r);
    char list[3000];
    checklist_text(json_object_get(svc, "checklist"), list, sizeof list);
    int rc = say(out,
        "Permohonan *%s* sudah kami catat.\n\nNomor registrasi: *%s*\nKode pengambilan: *%s* "
        "(rahasiakan; untuk memilih jadwal pengambilan di portal)\nPerkiraan selesai: %s\n\n"
        "*Berkas yang perlu disiapkan:*\n%s\nUnggah berkas melalui tautan pribadi ini (berlaku "
        "24 jam), atau bawa ke kantor: %s/unggah/%s\n\nSimpan nomor ini untuk cek status: "
        "cukup kirim nomornya di chat ini.",
        str(svc, "name"), number, pin, *eta ? eta : "akan dikabarkan petugas", list,
        botenv_base_url(),
        token);
    json_decref(svc);
    clear_intake(m->state);
    return rc < 0 ? -1 : 1;
}

static int step(db_t *db, const struct intake_msg *m, const char *step_name,
                struct intake_reply *out)
{
    char low[64];
    lower_trim(m->text, low, sizeof low);
    if (strcmp(low, "batal") == 0 || strcmp(low, "batalkan") == 0) {
        clear_intake(m->state);
        return say(out, "Baik, pengajuan permohonan dibatalkan. Ketik *menu* bila ada yang bisa "
                        "kami bantu.") < 0 ? -1 : 1;
    }
    int is_name = strcmp(step_name, "name") == 0;
    if (has_id_number(m))
        return say(out, "%s\n\n%s", NO_NIK,
                   is_name ? "Silakan tuliskan *nama lengkap* Anda saja."
                           : "Silakan tuliskan *RT/RW* atau alamat Anda saja.") < 0 ? -1 : 1;
    char clean[1024];
    const char *t = m->text;
    while (*t && isspace((unsigned char)*t)) t++;
    snprintf(clean, sizeof clean, "%s", t);
    for (size_t k = strlen(clean); k > 0 && isspace((unsigned char)clean[k - 1]); k--)
        clean[k - 1] = '\0';
    for (char *p = clean; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t') *p = ' ';
    size_t len = utf8_len(clean);
    if (is_name) {
        if (len < 3 || len > NAME_MAX_CHARS || m->choice)
            return say(out, "Mohon tuliskan nama lengkap Anda (3–%d huruf), misalnya: Siti "
                            "Rahmawati. Ketik *batal* untuk membatalkan.", NAME_MAX_CHARS) < 0
                       ? -1 : 1;
        json_object_set_new(m->state, "intake_name", json_string(clean));
        json_object_set_new(m->state, "intake_step", json_string("address"));
        return say(out, "Terima kasih, %s.\n\nSekarang tuliskan *RT/RW* atau alamat Anda "
                        "(misalnya: RT 03/RW 05, Jl. Melati No. 7).", clean) < 0 ? -1 : 1;
    }
    if (len < 3 || len > ADDRESS_MAX_CHARS || m->choice)
        return say(out, "Mohon tuliskan RT/RW atau alamat Anda (3–%d huruf), misalnya: RT 03/RW 05. "
                        "Ketik *batal* untuk membatalkan.", ADDRESS_MAX_CHARS) < 0 ? -1 : 1;
    return finish(db, m, clean, out);
}

/* Stores the first rating of request `rid`'s survey and asks for a comment. */
static int rate(db_t *db, const struct intake_msg *m, int64_t rid, int rating,
                struct intake_reply *out)
{
    /* a tap names its request, and the portal chat's taps come from the
     * browser: only the citizen the survey was sent to may answer it */
    json_t *r = request_get(db, num(m->office, "id"), rid);
    int theirs = r && num(r, "contact_id") == m->contact_id;
    json_decref(r);
    if (!theirs)
        return say(out, "Mohon maaf, survei itu tidak ditemukan untuk percakapan ini.") < 0 ? -1
                                                                                           : 1;
    int rc = survey_answer(db, num(m->office, "id"), rid, rating, m->now);
    if (rc < 0) return -1;
    json_object_del(m->state, "survey_pending");
    json_object_del(m->state, "survey_request");
    if (rc == 1)
        return say(out, "Penilaian untuk permohonan ini sudah kami terima sebelumnya. Terima "
                        "kasih.") < 0 ? -1 : 1;
    json_object_set_new(m->state, "survey_comment", json_integer(rid));
    return say(out, "%s\n\nBoleh tulis saran singkat? Ketik *lewati* bila tidak ada.",
               rating <= 2 ? "Terima kasih atas penilaian Anda. Mohon maaf bila pelayanan kami "
                             "belum memuaskan."
                           : "Terima kasih atas penilaian Anda!") < 0 ? -1 : 1;
}

int intake_survey_rating(db_t *db, const struct intake_msg *m, int rating,
                         struct intake_reply *out)
{
    int64_t rid = num(m->state, "survey_request");
    if (!rid || rating < 1 || rating > 5) return 0;
    return rate(db, m, rid, rating, out);
}

/* A tapped pickup slot "slot:<id>:<date>" for the request whose list was
 * sent (pickup_request): booked and confirmed, or the list again. */
static int pickup_tap(db_t *db, const struct intake_msg *m, int64_t slot_id, int date,
                      struct intake_reply *out)
{
    int64_t rid = num(m->state, "pickup_request");
    /* staff may have closed the conversation that got the list: the next
     * message opens a fresh one, so ask which request waits for a pickup */
    if (!rid) rid = pickup_waiting_request(db, num(m->office, "id"), m->contact_id);
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
            notify_pickup_when((int)num(bk, "date"), (int)num(bk, "start_min"),
                               (int)num(bk, "end_min"), when, sizeof when);
        json_decref(bk);
        json_t *r = request_get(db, num(m->office, "id"), rid);
        int w = say(out, "%s: %s.\n\nPermohonan *%s*. Bawa tanda terima atau sebutkan nomor "
                         "registrasi Anda kepada petugas. Kami akan mengingatkan Anda sehari "
                         "sebelumnya.",
                    rc == 0 ? "Jadwal pengambilan" : "Jadwal pengambilan Anda sudah tercatat",
                    when, str(r, "number"));
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
        return rate(db, m, (int64_t)rid, n, out);
    int64_t slot_id;
    int date;
    if (strncmp(choice, "slot:", 5) == 0 && pickup_choice_parse(choice, &slot_id, &date) == 0)
        return pickup_tap(db, m, slot_id, date, out);
    const char *st = str(m->state, "intake_step");
    if (*st) return step(db, m, st, out);
    int64_t comment_for = num(m->state, "survey_comment");
    if (comment_for && !*choice && *m->text) {
        json_object_del(m->state, "survey_comment");
        char low[64];
        lower_trim(m->text, low, sizeof low);
        if (strcmp(low, "lewati") != 0 && strcmp(low, "tidak") != 0 && strcmp(low, "tidak ada") != 0) {
            char clean[1000];
            snprintf(clean, sizeof clean, "%s", m->text);
            if (survey_comment(db, num(m->office, "id"), comment_for, clean) < 0) return -1;
        }
        return say(out, "Terima kasih atas masukan Anda. Semoga urusan Anda lancar!") < 0 ? -1 : 1;
    }
    /* "mau ajukan", "ajukan permohonan": applies for the service just answered */
    char low[200];
    lower_trim(m->text, low, sizeof low);
    if (!*choice && strstr(low, "ajukan") && utf8_len(low) <= 40) {
        const char *last = str(m->state, "last_service");
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
    json_t *r = request_by_number(db, num(m->office, "id"), number);
    if (!r)
        return say(out, "Nomor *%s* tidak kami temukan. Periksa lagi penulisannya (contoh: %s).",
                   number, ex) < 0 ? -1 : 0;
    const char *status = str(r, "status");
    char eta[128] = "";
    if (req_status_running(status) && num(r, "eta_date")) {
        char d[64];
        cal_format_date_id((int)num(r, "eta_date"), d, sizeof d);
        snprintf(eta, sizeof eta, "\nPerkiraan selesai: %s", d);
    }
    /* a finished request whose pickup is booked: when to come, not "pick a slot" */
    char when[200] = "";
    const char *next = req_next_step(status);
    json_t *bk = strcmp(status, "selesai") == 0 ? pickup_booking_of(db, num(r, "id")) : NULL;
    if (bk) {
        char w[160];
        notify_pickup_when((int)num(bk, "date"), (int)num(bk, "start_min"), (int)num(bk, "end_min"),
                           w, sizeof w);
        snprintf(when, sizeof when, "\nJadwal pengambilan: %s", w);
        next = PICKUP_BOOKED_NEXT_STEP;
        json_decref(bk);
    }
    int rc = say(out, "Permohonan *%s* (%s)\nStatus: *%s*%s%s\n\n%s", str(r, "number"),
                 str(r, "service_name"), req_status_label(status), eta, when, next);
    json_decref(r);
    return rc < 0 ? -1 : 0;
}
