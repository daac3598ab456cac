/* service: see service.h. The document is plain jansson so the same object
 * flows from the form or the JSON file through the store to the templates
 * and printables without a C struct mirroring it. */
#include "core/service.h"
#include <ctype.h>
#include <stdio.h>
#include <string.h>

const char *const service_notes[] = {"asli", "fotokopi", "asli dan fotokopi", "ditunjukkan",
                                     "diisi di kantor", NULL};
const char *const service_request_types[] = {"informasi", "pendaftaran_dokumen", NULL};

/* document keys in display order, with their labels */
static const struct { const char *key, *label; } fields[] = {
    {"slug", "Alamat (slug)"},
    {"name", "Nama layanan"},
    {"category", "Kategori"},
    {"summary", "Penjelasan singkat"},
    {"synonyms", "Sebutan lain"},
    {"checklist", "Persyaratan"},
    {"steps", "Alur layanan"},
    {"days", "Waktu penyelesaian"},
    {"cost", "Biaya"},
    {"legal_basis", "Dasar hukum"},
    {"request_type", "Jenis permohonan"},
    {"faq", "Tanya jawab"},
    {"note_for_citizen", "Catatan penting"},
    {"source", "Sumber"},
    {"active", "Status tampil"},
    {NULL, NULL},
};

const char *service_field_label(const char *key)
{
    for (int i = 0; fields[i].key; i++)
        if (strcmp(fields[i].key, key) == 0) return fields[i].label;
    return key;
}

const char *service_request_type_label(const char *type)
{
    if (type && strcmp(type, "pendaftaran_dokumen") == 0) return "Pendaftaran dokumen";
    return "Informasi";
}

static void err(json_t *errors, const char *field, const char *msg)
{
    if (!json_object_get(errors, field)) json_object_set_new(errors, field, json_string(msg));
}

/* characters (code points) in a UTF-8 string */
static size_t u8len(const char *s)
{
    size_t n = 0;
    for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* trimmed copy of a string value; "" for a non-string */
static json_t *trimmed(const json_t *v)
{
    const char *s = json_string_value(v);
    if (!s) return json_string("");
    while (isspace((unsigned char)*s)) s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1])) n--;
    return json_stringn(s, n);
}

/* Trims a text field in place and checks its length; required fields must
 * not be empty. Returns the trimmed text. */
static const char *text_field(json_t *doc, json_t *errors, const char *key, size_t max,
                              int required, const char *what)
{
    json_t *t = trimmed(json_object_get(doc, key));
    json_object_set_new(doc, key, t);
    const char *s = json_string_value(t);
    char msg[160];
    if (required && !*s) {
        snprintf(msg, sizeof msg, "%s wajib diisi.", what);
        err(errors, key, msg);
    } else if (u8len(s) > max) {
        snprintf(msg, sizeof msg, "%s paling panjang %zu huruf.", what, max);
        err(errors, key, msg);
    }
    return s;
}

/* A list of strings: trims each, drops empty ones, checks count and length. */
static void string_list(json_t *doc, json_t *errors, const char *key, size_t max_items,
                        size_t max_len, const char *what)
{
    json_t *in = json_object_get(doc, key), *out = json_array(), *v;
    size_t i;
    char msg[160];
    if (json_is_array(in)) json_array_foreach(in, i, v) {
        json_t *t = trimmed(v);
        if (!*json_string_value(t)) { json_decref(t); continue; }
        if (u8len(json_string_value(t)) > max_len) {
            snprintf(msg, sizeof msg, "Setiap baris %s paling panjang %zu huruf.", what, max_len);
            err(errors, key, msg);
        }
        json_array_append_new(out, t);
    }
    if (json_array_size(out) > max_items) {
        snprintf(msg, sizeof msg, "Paling banyak %zu baris %s.", max_items, what);
        err(errors, key, msg);
    }
    json_object_set_new(doc, key, out);
}

static int one_of(const char *s, const char *const *set)
{
    for (; *set; set++)
        if (strcmp(s, *set) == 0) return 1;
    return 0;
}

static void check_checklist(json_t *doc, json_t *errors)
{
    json_t *in = json_object_get(doc, "checklist"), *out = json_array(), *v;
    size_t i;
    if (json_is_array(in)) json_array_foreach(in, i, v) {
        json_t *item = trimmed(json_object_get(v, "item"));
        if (!*json_string_value(item)) { json_decref(item); continue; }
        json_t *note = trimmed(json_object_get(v, "note"));
        json_int_t count = json_integer_value(json_object_get(v, "count"));
        if (!*json_string_value(note)) { json_decref(note); note = json_string("fotokopi"); }
        if (count == 0) count = 1;
        if (u8len(json_string_value(item)) > 300)
            err(errors, "checklist", "Setiap persyaratan paling panjang 300 huruf.");
        if (!one_of(json_string_value(note), service_notes))
            err(errors, "checklist", "Keterangan persyaratan harus dipilih dari daftar "
                "(asli, fotokopi, asli dan fotokopi, ditunjukkan, diisi di kantor).");
        if (count < 1 || count > 20)
            err(errors, "checklist", "Jumlah lembar harus antara 1 dan 20.");
        json_array_append_new(out, json_pack("{s:o, s:o, s:I}", "item", item, "note", note,
                                             "count", count));
    }
    if (json_array_size(out) == 0)
        err(errors, "checklist", "Tuliskan paling sedikit satu persyaratan, misalnya KTP-el "
            "pemohon. Bila memang tidak ada berkas, tulis \"Tidak ada berkas yang perlu dibawa\".");
    else if (json_array_size(out) > SERVICE_CHECKLIST_MAX)
        err(errors, "checklist", "Paling banyak 40 persyaratan.");
    json_object_set_new(doc, "checklist", out);
}

static void check_faq(json_t *doc, json_t *errors)
{
    json_t *in = json_object_get(doc, "faq"), *out = json_array(), *v;
    size_t i;
    if (json_is_array(in)) json_array_foreach(in, i, v) {
        json_t *q = trimmed(json_object_get(v, "q")), *a = trimmed(json_object_get(v, "a"));
        const char *qs = json_string_value(q), *as = json_string_value(a);
        if (!*qs && !*as) { json_decref(q); json_decref(a); continue; }
        if (!*qs || !*as)
            err(errors, "faq", "Setiap tanya jawab perlu pertanyaan dan jawabannya.");
        if (u8len(qs) > 300 || u8len(as) > 2000)
            err(errors, "faq", "Pertanyaan paling panjang 300 huruf, jawaban 2.000 huruf.");
        json_array_append_new(out, json_pack("{s:o, s:o}", "q", q, "a", a));
    }
    if (json_array_size(out) > SERVICE_FAQ_MAX) err(errors, "faq", "Paling banyak 30 tanya jawab.");
    json_object_set_new(doc, "faq", out);
}

static int slug_ok(const char *s)
{
    size_t n = strlen(s);
    if (n < 2 || n > 40) return 0;
    for (size_t i = 0; i < n; i++)
        if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '_' ||
              s[i] == '-'))
            return 0;
    return 1;
}

int service_check(json_t *doc, json_t *errors)
{
    const char *slug = text_field(doc, errors, "slug", 40, 1, "Alamat (slug)");
    if (strcmp(slug, "baru") == 0)    /* a console path: /console/o/x/layanan/baru */
        err(errors, "slug", "Alamat \"baru\" dipakai oleh Balai; pilih alamat lain.");
    else if (*slug && !slug_ok(slug))
        err(errors, "slug", "Alamat hanya boleh huruf kecil, angka, garis bawah (_) dan tanda "
            "hubung (-), 2 sampai 40 huruf, misalnya sktm atau domisili_usaha.");
    text_field(doc, errors, "name", 120, 1, "Nama layanan");
    text_field(doc, errors, "category", 60, 1, "Kategori");
    text_field(doc, errors, "summary", 1000, 0, "Penjelasan singkat");
    string_list(doc, errors, "synonyms", SERVICE_SYNONYMS_MAX, 80, "sebutan lain");
    check_checklist(doc, errors);
    string_list(doc, errors, "steps", SERVICE_STEPS_MAX, 600, "alur layanan");
    json_t *days = json_object_get(doc, "days");
    if (!json_is_integer(days) || json_integer_value(days) < 0 ||
        json_integer_value(days) > SERVICE_DAYS_MAX) {
        err(errors, "days", "Waktu penyelesaian diisi jumlah hari kerja, 0 (selesai hari itu "
            "juga) sampai 365.");
        if (!days) json_object_set_new(doc, "days", json_integer(0));
    }
    const char *cost = text_field(doc, errors, "cost", 100, 0, "Biaya");
    if (!*cost) json_object_set_new(doc, "cost", json_string("Gratis"));
    string_list(doc, errors, "legal_basis", 20, 300, "dasar hukum");
    const char *rt = json_string_value(json_object_get(doc, "request_type"));
    if (!rt || !*rt) json_object_set_new(doc, "request_type", json_string("informasi"));
    else if (!one_of(rt, service_request_types))
        err(errors, "request_type", "Pilih jenis permohonan: informasi atau pendaftaran dokumen.");
    check_faq(doc, errors);
    text_field(doc, errors, "note_for_citizen", 1000, 0, "Catatan penting");
    text_field(doc, errors, "source", 1000, 0, "Sumber");
    json_t *active = json_object_get(doc, "active");
    if (!json_is_boolean(active)) json_object_set_new(doc, "active", json_true());
    return (int)json_object_size(errors);
}

json_t *service_changes(const json_t *before, const json_t *after)
{
    json_t *out = json_array();
    for (int i = 0; fields[i].key; i++) {
        json_t *a = json_object_get(before, fields[i].key), *b = json_object_get(after, fields[i].key);
        if (!json_equal(a, b) && (a || b)) json_array_append_new(out, json_string(fields[i].key));
    }
    return out;
}

json_t *service_doc(const json_t *src)
{
    json_t *out = json_object();
    for (int i = 0; fields[i].key; i++) {
        json_t *v = json_object_get(src, fields[i].key);
        if (v) json_object_set_new(out, fields[i].key, json_deep_copy(v));
    }
    return out;
}

void service_days_text(long long days, char *out, size_t n)
{
    if (days <= 0) snprintf(out, n, "Selesai pada hari yang sama");
    else snprintf(out, n, "%lld hari kerja", days);
}
