/* content_flow: see content_flow.h. */
#include "core/content_flow.h"
#include "core/role.h"
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define AUTHOR_MSG "Penulis konten tidak dapat memvalidasi kontennya sendiri; validasi " \
                   "dilakukan oleh editor atau pengawas kebijakan lain."

int content_step_refusal(const struct content_step *s, unsigned perms, int author, char *out,
                         size_t n)
{
    if (!(perms & s->perm)) {
        char roles[200];
        perm_roles(s->perm, roles, sizeof roles);
        snprintf(out, n, "Langkah \"%s\" hanya dapat dilakukan oleh: %s.", s->label, roles);
        return 1;
    }
    if (author && s->perm == PERM_CONTENT_VALIDATE) {
        snprintf(out, n, "%s", AUTHOR_MSG);
        return 1;
    }
    return 0;
}

int content_waits_for(const char *state, unsigned perms, int author, int has_visual)
{
    if (!strcmp(state, "bahan") || !strcmp(state, "draf"))
        return author && (perms & PERM_CONTENT_DRAFT);
    if (!strcmp(state, "validasi")) return !author && (perms & PERM_CONTENT_VALIDATE);
    if (!strcmp(state, "desain"))
        return has_visual ? (perms & PERM_CONTENT_PUBLISH) != 0 : (perms & PERM_CONTENT_DESIGN) != 0;
    return 0;
}

static const struct {
    const char *action, *text;
} events[] = {
    {"content.create", "membuat konten ini"},
    {"content.import", "mengimpor konten ini dari arsip kantor"},
    {"content.edit", "mengubah isi konten"},
    {"content.media", "memasang audio atau video episode"},
    {"content.start", "mulai menulis draf dari bahan yang terkumpul"},
    {"content.submit", "mengajukan konten untuk divalidasi"},
    {"content.approve", "menyetujui isi konten setelah semua pemeriksaan sesuai"},
    {"content.return", "mengembalikan konten ke penulis"},
    {"content.reject", "menolak konten"},
    {"content.schedule", "menjadwalkan penerbitan"},
    {"content.publish", "menerbitkan konten di portal"},
    {"content.unpublish", "menarik konten dari portal"},
    {"content.correct", "menerbitkan koreksi"},
    {"content.reopen", "membuka lagi konten sebagai draf"},
};

static const char *check_label(const char *name)
{
    for (const struct content_check *c = content_checks; c->name; c++)
        if (!strcmp(c->name, name)) return c->label;
    return name;
}

void content_event_text(const char *action, const json_t *before, const json_t *after, char *out,
                        size_t n)
{
    (void)before;
    if (!strcmp(action, "content.check")) {
        const char *key;
        json_t *v;
        json_object_foreach((json_t *)after, key, v) {
            snprintf(out, n, "memeriksa %s: %s", check_label(key),
                     json_is_true(json_object_get(v, "ok")) ? "sesuai" : "belum sesuai");
            return;
        }
    }
    if (!strcmp(action, "content.publish") && json_is_true(json_object_get(after, "late"))) {
        snprintf(out, n, "menerbitkan konten di portal, terlambat dari jadwalnya");
        return;
    }
    for (size_t i = 0; i < sizeof events / sizeof events[0]; i++)
        if (!strcmp(events[i].action, action)) {
            snprintf(out, n, "%s", events[i].text);
            return;
        }
    snprintf(out, n, "mengubah konten");
}

/* A point's text without the list marker a writer may have typed. */
static const char *unmark(const char *p)
{
    while (*p == ' ' || *p == '\t') p++;
    if ((*p == '-' || *p == '*') && p[1] == ' ') return p + 2;
    if (!strncmp(p, "\xe2\x80\xa2 ", 4)) return p + 4;         /* "• " */
    const char *d = p;
    while (isdigit((unsigned char)*d)) d++;
    if (d > p && (*d == '.' || *d == ')') && d[1] == ' ') return d + 2;
    return p;
}

json_t *content_points_parse(const char *text)
{
    json_t *out = json_array();
    for (const char *p = text ? text : ""; *p;) {
        size_t len = strcspn(p, "\r\n");
        char line[1024];
        snprintf(line, sizeof line, "%.*s", (int)(len < sizeof line ? len : sizeof line - 1), p);
        const char *s = unmark(line);
        size_t k = strlen(s);
        while (k && isspace((unsigned char)s[k - 1])) k--;
        if (k) json_array_append_new(out, json_stringn(s, k));
        p += len;
        while (*p == '\r' || *p == '\n') p++;
    }
    return out;
}

void content_points_text(const json_t *points, char *out, size_t n)
{
    size_t i, k = 0;
    json_t *p;
    out[0] = '\0';
    json_array_foreach(points, i, p) {
        int w = snprintf(out + k, n - k, "%s%s", k ? "\n" : "", json_string_value(p) ?
                         json_string_value(p) : "");
        if (w < 0 || (size_t)w >= n - k) break;
        k += (size_t)w;
    }
}
