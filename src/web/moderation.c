/* moderation: the office's moderation queue in the console
 * (/console/o/{office}/moderasi, PERM_MODERATE): comments and questions
 * from the portal, hoax reports from the portal and the chats (and, next,
 * Instagram comments) in one list, oldest waiting first, filtered by
 * state, source and kind, each with its SLA badge counted in office hours.
 * A decision is one POST (.../{entry}/putuskan): approve and publish with
 * the office's answer, answer, hide, delete, mark as spam, refer to the
 * official channel that owns the matter (a fixed list with its text and
 * link), or assign to a colleague; each lands in the audit log. A hoax
 * report becomes a "klarifikasi hoaks" draft linked both ways
 * (.../{entry}/klarifikasi), which then goes through the content workflow. */
#include "channels/notify.h"
#include "core/sla.h"
#include "db/store_content.h"
#include "db/store_moderation.h"
#include "db/store_staff.h"
#include "http/fields.h"
#include "http/page.h"
#include "jobs/worker.h"
#include "util/jv.h"
#include "util/phone.h"
#include "util/utf8.h"
#include "web/moderation.h"
#include "web/web.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct label { const char *code, *text; };

static const struct label sources[] = {
    {"portal_komentar", "Komentar di portal"}, {"portal_hoaks", "Laporan hoaks di portal"},
    {"chat", "Chat WhatsApp/Telegram"},        {"instagram", "Instagram"},
    {NULL, NULL}};
static const struct label kinds[] = {
    {"komentar", "Komentar"}, {"pertanyaan", "Pertanyaan"}, {"hoaks", "Laporan hoaks"},
    {NULL, NULL}};
static const struct label states[] = {
    {"menunggu", "Menunggu"}, {"terbit", "Terbit"}, {"dijawab", "Dijawab"},
    {"disembunyikan", "Disembunyikan"}, {"dihapus", "Dihapus"}, {"spam", "Spam"},
    {"dirujuk", "Dirujuk"}, {NULL, NULL}};

/* The official channels a matter is referred to: name, link, the text. */
static const struct { const char *code, *name, *url, *text; } referrals[] = {
    {"lapor", "LAPOR! (SP4N)", "https://www.lapor.go.id",
     "Hal ini ditangani melalui LAPOR! (SP4N), kanal pengaduan pelayanan publik nasional. "
     "Silakan sampaikan laporan Anda di https://www.lapor.go.id agar ditindaklanjuti instansi "
     "yang berwenang."},
    {"dukcapil", "Dinas Kependudukan dan Pencatatan Sipil", "https://dukcapil.kemendagri.go.id",
     "Urusan KTP, KK dan akta ditangani Dinas Kependudukan dan Pencatatan Sipil. Silakan "
     "hubungi Dukcapil kabupaten/kota Anda; informasi resminya ada di "
     "https://dukcapil.kemendagri.go.id."},
    {"polsek", "Polsek setempat", "https://www.polri.go.id",
     "Hal ini termasuk urusan kepolisian. Silakan melapor ke Polsek terdekat atau telepon 110 "
     "(gratis, 24 jam)."},
    {"dinas_kominfo", "Dinas Komunikasi dan Informatika", "https://aduankonten.id",
     "Konten yang diduga hoaks di internet dapat diadukan ke https://aduankonten.id; Dinas "
     "Kominfo juga menerbitkan klarifikasi resmi."},
    {"dinas_kesehatan", "Dinas Kesehatan", "https://www.kemkes.go.id",
     "Urusan kesehatan ditangani Dinas Kesehatan dan puskesmas setempat. Informasi resmi "
     "Kementerian Kesehatan ada di https://www.kemkes.go.id."},
    {"dinas_sosial", "Dinas Sosial", "https://cekbansos.kemensos.go.id",
     "Urusan bantuan sosial ditangani Dinas Sosial. Status bantuan dapat dicek di "
     "https://cekbansos.kemensos.go.id."},
    {NULL, NULL, NULL, NULL}};

static const char *label_of(const struct label *t, const char *code)
{
    for (; t->code; t++)
        if (strcmp(t->code, code) == 0) return t->text;
    return code;
}

static int referral_at(const char *code)
{
    for (int i = 0; referrals[i].code; i++)
        if (strcmp(referrals[i].code, code) == 0) return i;
    return -1;
}

static json_t *choices(const struct label *t, const char *selected)
{
    json_t *a = json_array();
    for (; t->code; t++)
        json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "code", t->code, "text", t->text,
                                           "selected", strcmp(t->code, selected) == 0));
    return a;
}

/* Words, times and the SLA badge of one entry. */
static void decorate(struct req *r, json_t *e, const struct calendar *c)
{
    char t[80];
    json_object_set_new(e, "source_text", json_string(label_of(sources, jv_str(e, "source"))));
    json_object_set_new(e, "kind_text", json_string(label_of(kinds, jv_str(e, "kind"))));
    json_object_set_new(e, "state_text", json_string(label_of(states, jv_str(e, "state"))));
    web_fmt_time(r, jv_int(e, "created_at"), t, sizeof t);
    json_object_set_new(e, "created_text", json_string(t));
    json_object_set_new(e, "kind_hoaks", json_boolean(strcmp(jv_str(e, "kind"), "hoaks") == 0));
    if (*jv_str(e, "contact")) {
        phone_display(jv_str(e, "contact"), t, sizeof t);
        json_object_set_new(e, "contact_text", json_string(t));
    }
    int i = referral_at(jv_str(e, "referral"));
    if (i >= 0) json_object_set_new(e, "referral_name", json_string(referrals[i].name));
    if (strcmp(jv_str(e, "state"), "menunggu") != 0) return;
    json_object_set_new(e, "waiting", json_true());
    if (jv_int(e, "due_at") > 0) {
        web_fmt_time(r, jv_int(e, "due_at"), t, sizeof t);
        json_object_set_new(e, "due_text", json_string(t));
    }
    enum sla_state s = sla_state_of(sla_open_seconds(c, jv_int(e, "created_at"), r->now),
                                    MOD_SLA_MIN);
    json_object_set_new(e, "sla_label", json_string(sla_state_label(s)));
    json_object_set_new(e, s == SLA_LATE ? "sla_late" : s == SLA_NEAR ? "sla_near" : "sla_ok",
                        json_true());
}

static json_t *referral_list(void)
{
    json_t *a = json_array();
    for (int i = 0; referrals[i].code; i++)
        json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s}", "code", referrals[i].code,
                                           "name", referrals[i].name, "url", referrals[i].url,
                                           "text", referrals[i].text));
    return a;
}

/* The message after a decision (?ok=<action>). */
static const char *flash_of(const char *ok)
{
    static const struct label done[] = {
        {"setujui", "Kiriman disetujui dan tampil di bawah berita bersama jawaban kantor."},
        {"jawab", "Jawaban kantor tersimpan."},
        {"sembunyikan", "Kiriman disembunyikan dan tidak tampil di portal."},
        {"hapus", "Kiriman dihapus dari portal."},
        {"spam", "Kiriman ditandai sebagai spam."},
        {"rujuk", "Rujukan tercatat. Warga tidak meninggalkan nomor, jadi rujukan tidak dapat "
                  "dikirimkan kepadanya."},
        {"rujuk-nomor", "Rujukan tercatat. Balai belum dapat mengirim pesan ke nomor yang "
                        "ditinggalkan warga; sampaikan teks rujukan di atas lewat WhatsApp "
                        "kantor."},
        {"rujuk-terkirim", "Rujukan tercatat dan dikirim ke warga lewat chat."},
        {"tugaskan", "Penugasan tersimpan."},
        {NULL, NULL}};
    const char *t = label_of(done, ok);
    return t == ok ? "Tersimpan." : t;
}

static const char *arg(struct req *r, const char *name)
{
    const char *v = req_arg(r, name);
    return v ? v : "";
}

/* The assignee choices of one entry: the office's staff by name, the
 * current assignee selected (only names: the queue's JSON carries no
 * colleague's phone or hours). */
static json_t *assign_options(const json_t *staff, const json_t *entry)
{
    json_t *a = json_array();
    size_t i;
    json_t *s;
    json_array_foreach(staff, i, s)
        json_array_append_new(a, json_pack("{s:s, s:s, s:b}", "username", jv_str(s, "username"),
                                           "full_name", jv_str(s, "full_name"), "selected",
                                           jv_int(s, "id") == jv_int(entry, "assignee_id")));
    return a;
}

void web_moderation(struct req *r)
{
    struct mod_filter f = {.office_id = web_office_id(r), .state = arg(r, "status"),
                           .source = arg(r, "asal"), .kind = arg(r, "jenis"), .limit = 200};
    json_t *list = mod_list(r->db, &f), *staff = staff_of_office(r->db, f.office_id);
    if (!list || !staff) {
        json_decref(list);
        json_decref(staff);
        page_db_down(r);
        return;
    }
    struct week_hours w;
    struct calendar c;
    int *closed = NULL;
    web_office_calendar(r, r->office, &w, &c, &closed);
    size_t i;
    json_t *e;
    json_array_foreach(list, i, e) {
        decorate(r, e, &c);
        json_object_set_new(e, "assign_options", assign_options(staff, e));
    }
    json_decref(staff);
    free(closed);
    json_t *vm = web_vm(r, "Moderasi komentar dan laporan");
    json_object_set_new(vm, "entries", list);
    json_t *refs = referral_list();
    json_object_set(vm, "referral_choices", refs);   /* the select in each row */
    json_object_set_new(vm, "referrals", refs);
    json_object_set_new(vm, "states", choices(states, f.state));
    json_object_set_new(vm, "sources", choices(sources, f.source));
    json_object_set_new(vm, "kinds", choices(kinds, f.kind));
    if (req_arg(r, "ok")) json_object_set_new(vm, "flash", json_string(flash_of(arg(r, "ok"))));
    page_render(r, 200, "moderation", vm);
}

/* The entry of the path in this office into *e: 1, or 0 after a page. */
static int path_entry(struct req *r, json_t **e)
{
    int64_t id = web_path_id(r, "entry");
    int found = id ? mod_find(r->db, web_office_id(r), id, e) : 0;
    if (found < 0) page_db_down(r);
    else if (!found) page_error(r, 404, "Kiriman ini tidak ditemukan di antrean kantor ini.");
    return found > 0;
}

/* What each action does: the state it leaves the entry in, the audit
 * action, and whether it is only for comments and questions. */
static const struct { const char *action, *state, *audit; int comments_only; } verbs[] = {
    {"setujui", "terbit", "moderation.approve", 1},
    {"jawab", "dijawab", "moderation.answer", 0},
    {"sembunyikan", "disembunyikan", "moderation.hide", 0},
    {"hapus", "dihapus", "moderation.delete", 0},
    {"spam", "spam", "moderation.spam", 0},
    {"rujuk", "dirujuk", "moderation.refer", 0},
    {NULL, NULL, NULL, 0}};

/* Why this decision cannot be taken (422), or NULL. */
static const char *decision_fault(const json_t *e, int v, const char *answer, int ref)
{
    if (verbs[v].comments_only && strcmp(jv_str(e, "kind"), "hoaks") == 0)
        return "Laporan hoaks tidak diterbitkan di bawah berita. Jawab, rujuk, atau buat draf "
               "klarifikasi hoaks dari laporan ini.";
    if (strcmp(verbs[v].action, "jawab") == 0 && !*answer)
        return "Tuliskan jawaban kantor terlebih dahulu.";
    if (strcmp(verbs[v].action, "rujuk") == 0 && ref < 0)
        return "Pilih kanal resmi tujuan rujukan.";
    return NULL;
}

static void back_to_queue(struct req *r, const char *ok)
{
    char loc[300];
    snprintf(loc, sizeof loc, "/console/o/%s/moderasi?ok=%s", jv_str(r->office, "slug"), ok);
    resp_redirect(r, loc);
}

/* Assigns the entry to the office's staff member named (none: ""). */
static void assign(struct req *r, json_t *e)
{
    const char *who = req_text(r, "assignee");
    json_t *s = NULL, *staff = staff_of_office(r->db, web_office_id(r));
    size_t i;
    json_t *x;
    json_array_foreach(staff, i, x) if (strcmp(jv_str(x, "username"), who) == 0) s = x;
    if (!staff || (*who && !s)) {
        json_decref(staff);
        if (!staff) page_db_down(r);
        else page_error(r, 422, "Petugas itu bukan staf kantor ini.");
        return;
    }
    struct actor a = web_actor(r);
    int rc = db_begin(r->db);
    if (rc == 0) rc = mod_assign(r->db, &a, e, s ? jv_int(s, "id") : 0,
                                 s ? jv_str(s, "full_name") : "", r->now);
    json_decref(staff);
    if (rc != 0 || db_commit(r->db) != 0) { web_db_fail(r); return; }
    back_to_queue(r, "tugaskan");
}

/* A referral reaches a person who wrote from a chat (source "chat": the
 * conversation is source_ref) as text on that conversation; 1 when queued,
 * 0 when there is no way (a portal reporter's number never wrote to the
 * office, and there is no approved template for a referral), <0. */
static int send_referral(struct req *r, const json_t *e, int ref)
{
    int64_t conv = strtoll(jv_str(e, "source_ref"), NULL, 10);
    if (strcmp(jv_str(e, "source"), "chat") != 0 || conv <= 0) return 0;
    char text[1200];
    snprintf(text, sizeof text, "Tentang laporan Anda nomor %lld: %s\n%s",
             (long long)jv_int(e, "id"), referrals[ref].text, referrals[ref].url);
    return notify_queue(r->db, web_office_id(r), jv_str(e, "contact_channel"), conv, "text",
                        text, NULL, r->now) > 0 ? 1 : -1;
}

static void decide(struct req *r, json_t *e, int v)
{
    const char *answer = req_text(r, "answer");
    int ref = referral_at(req_text(r, "referral"));
    const char *why = decision_fault(e, v, answer, ref);
    if (why) { page_error(r, 422, why); return; }
    struct mod_decision d = {.state = verbs[v].state, .action = verbs[v].audit, .now = r->now,
                             .answer = *answer ? answer : NULL,
                             .referral = ref >= 0 ? referrals[ref].code : NULL};
    if (ref >= 0 && !*answer) d.answer = referrals[ref].text;
    int refer = strcmp(verbs[v].action, "rujuk") == 0, sent = 0;
    struct actor a = web_actor(r);
    int rc = db_begin(r->db);
    if (rc == 0) rc = mod_decide(r->db, &a, e, &d);
    if (rc == 0 && refer) rc = (sent = send_referral(r, e, ref)) < 0 ? -1 : 0;
    if (rc != 0 || db_commit(r->db) != 0) { web_db_fail(r); return; }
    if (sent) workers_wake();
    back_to_queue(r, !refer ? verbs[v].action : sent ? "rujuk-terkirim"
                     : *jv_str(e, "contact") ? "rujuk-nomor" : "rujuk");
}

void web_moderation_decide(struct req *r)
{
    json_t *e = NULL;
    if (!path_entry(r, &e)) return;
    const char *action = req_text(r, "action");
    int v = 0;
    while (verbs[v].action && strcmp(verbs[v].action, action) != 0) v++;
    if (strcmp(action, "tugaskan") == 0) assign(r, e);
    else if (verbs[v].action) decide(r, e, v);
    else page_error(r, 422, "Pilih tindakan dari daftar.");
    json_decref(e);
}

/* The draft's fields from the report: the reported text quoted, where it
 * was seen, for the writer to answer. */
static json_t *clarification_fields(const json_t *e)
{
    char title[200], src[80], head[120];
    const char *body = jv_str(e, "body");
    size_t cut = utf8_cut(body, strlen(body), 80);
    snprintf(head, sizeof head, "%.*s%s", (int)cut, body, cut < strlen(body) ? "…" : "");
    snprintf(title, sizeof title, "Klarifikasi: %s", head);
    snprintf(src, sizeof src, "Laporan warga nomor %lld", (long long)jv_int(e, "id"));
    size_t n = strlen(body) + strlen(jv_str(e, "seen_where")) + 200;
    char *text = malloc(n);
    if (!text) return NULL;
    snprintf(text, n, "Kabar yang dilaporkan warga:\n\n> %s\n\nDiterima lewat: %s\n\n"
             "(Tuliskan di sini fakta yang benar beserta sumber resminya.)", body,
             *jv_str(e, "seen_where") ? jv_str(e, "seen_where") : "-");
    json_t *f = json_pack("{s:s, s:s, s:s, s:s, s:[], s:[s]}", "type", "klarifikasi_hoaks",
                          "title", title, "source", src, "body", text, "action_points",
                          "channels", "portal");
    free(text);
    return f;
}

void web_moderation_clarify(struct req *r)
{
    json_t *e = NULL;
    if (!path_entry(r, &e)) return;
    int64_t item = jv_int(e, "clarification_id");
    if (strcmp(jv_str(e, "kind"), "hoaks") != 0) {
        page_error(r, 422, "Draf klarifikasi hanya dibuat dari laporan hoaks.");
        json_decref(e);
        return;
    }
    if (!item) {
        json_t *fields = clarification_fields(e);
        struct actor a = web_actor(r);
        int rc = fields ? db_begin(r->db) : -1;
        if (rc == 0) rc = content_insert(r->db, &a, web_office_id(r), fields, "bahan", 0,
                                         r->now, &item);
        if (rc == 0) rc = mod_link_clarification(r->db, &a, e, item, r->now);
        json_decref(fields);
        if (rc != 0 || db_commit(r->db) != 0) { json_decref(e); web_db_fail(r); return; }
    }
    json_decref(e);
    char loc[300];
    snprintf(loc, sizeof loc, "/console/o/%s/konten/%lld", jv_str(r->office, "slug"),
             (long long)item);
    resp_redirect(r, loc);
}

json_t *mod_public_view(struct req *r, int64_t item_id)
{
    json_t *list = mod_public(r->db, item_id);
    if (!list) return json_array();
    size_t i;
    json_t *e;
    json_array_foreach(list, i, e) {
        char t[80];
        web_fmt_time(r, jv_int(e, "created_at"), t, sizeof t);
        json_object_set_new(e, "created_text", json_string(t));
        json_object_set_new(e, "kind_text", json_string(label_of(kinds, jv_str(e, "kind"))));
    }
    return list;
}
