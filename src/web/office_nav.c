/* office_nav: the console's per-office navigation, grouped.
 *
 * An office page used to list a dozen links in one line that wrapped into
 * five on a phone. They are grouped here as a product would (citizens'
 * services, content, the office's settings), each group a native <details>
 * menu in head.html, so it works without script and with the keyboard. A
 * member sees only the links their permissions on the office allow (each
 * route still checks its own access through the gate); a group left empty
 * is not shown. The link of the page being shown carries aria-current="page",
 * a link whose page the shown one lies under (an item of the content list)
 * aria-current="true", and its group is marked so the member sees where
 * they are while the menus are closed. */
#include "core/role.h"
#include "web/web.h"
#include <stdio.h>
#include <string.h>

struct nav_link {
    const char *label, *page;  /* page: the part after /console/o/{office}/ */
    unsigned perm;             /* 0: every member who may open the office */
};

struct nav_group {
    const char *label;
    struct nav_link links[10];
};

/* Not a permission of core/role.h: Tambah kantor shows only where the
 * member may add offices and the office may have offices below it. */
#define PERM_CREATE_HERE 0x80000000u

static const struct nav_group groups[] = {
    {"Layanan warga", {
        {"Percakapan", "percakapan", PERM_INBOX},
        {"Permohonan", "permohonan", PERM_REQUEST},
        {"Katalog layanan", "layanan", 0},
    }},
    {"Konten", {
        {"Daftar konten", "konten", 0},
        {"Kalender konten", "kalender", 0},
        {"Rencana konten", "rencana", 0},
        {"Berita bersama", "berita-bersama", PERM_CONTENT_PUBLISH},
        {"Siaran WhatsApp", "siaran", PERM_CONTENT_PUBLISH},
        {"Moderasi komentar", "moderasi", PERM_MODERATE},
        {"Podcast", "podcast", PERM_CONTENT_PUBLISH},
    }},
    {"Pengaturan", {
        {"Profil", "edit", PERM_OFFICE_EDIT},
        {"Jam layanan", "hours", PERM_OFFICE_EDIT},
        {"Libur & cuti", "holidays", 0},
        {"Jadwal ambil", "jadwal-ambil", PERM_OFFICE_EDIT},
        {"Staf", "staff", PERM_STAFF},
        {"Eskalasi", "escalation", PERM_STAFF},
        {"Kanal pesan", "kanal", PERM_CHANNEL},
        {"Log audit", "audit", PERM_AUDIT},
        {"Tambah kantor", "new", PERM_CREATE_HERE},
    }},
};

/* "page" when `path` is the link itself, "true" when it lies under it,
 * NULL otherwise. */
static const char *current_of(const char *path, const char *href)
{
    size_t n = strlen(href);
    if (strncmp(path, href, n) != 0) return NULL;
    if (path[n] == '\0') return "page";
    return path[n] == '/' ? "true" : NULL;
}

static json_t *group_json(const struct nav_group *g, const char *slug, const char *path,
                          unsigned perms)
{
    json_t *links = json_array();
    int here = 0;
    for (size_t i = 0; i < sizeof g->links / sizeof g->links[0] && g->links[i].label; i++) {
        const struct nav_link *l = &g->links[i];
        if ((perms & l->perm) != l->perm) continue;
        char href[300];
        snprintf(href, sizeof href, "/console/o/%s/%s", slug, l->page);
        const char *cur = current_of(path, href);
        here |= cur != NULL;
        json_array_append_new(links, json_pack("{s:s, s:s, s:s?}", "label", l->label,
                                               "href", href, "current", cur));
    }
    if (json_array_size(links) == 0) { json_decref(links); return NULL; }
    return json_pack("{s:s, s:b, s:o}", "label", g->label, "here", here, "links", links);
}

json_t *web_office_nav(struct req *r, const char *slug, int can_create)
{
    unsigned perms = r->perms | (can_create ? PERM_CREATE_HERE : 0);
    if (!slug) slug = "";
    char home[300];
    snprintf(home, sizeof home, "/console/o/%s", slug);
    json_t *list = json_array();
    for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++) {
        json_t *g = group_json(&groups[i], slug, r->path, perms);
        if (g) json_array_append_new(list, g);
    }
    return json_pack("{s:s, s:s?, s:o}", "home", home,
                     "home_current", strcmp(r->path, home) == 0 ? "page" : NULL,
                     "groups", list);
}
