/* role: see role.h. */
#include "core/role.h"
#include <stdio.h>
#include <string.h>

#define P_ALL (PERM_VIEW | PERM_OFFICE_EDIT | PERM_OFFICE_CREATE | PERM_STAFF | PERM_AUDIT | \
               PERM_HOLIDAYS | PERM_CATALOGUE | PERM_INBOX | PERM_CHANNEL | PERM_REQUEST)

const struct role_def role_defs[] = {
    {"penanggung_jawab", "Penanggung jawab (Lurah/Camat/Kepala)",
     PERM_VIEW | PERM_OFFICE_EDIT | PERM_STAFF | PERM_AUDIT | PERM_CATALOGUE | PERM_INBOX |
     PERM_CHANNEL | PERM_REQUEST | PERM_CONTENT_PUBLISH | PERM_MODERATE, REACH_SUBTREE},
    {"koordinator", "Koordinator (Sekretaris)",
     PERM_VIEW | PERM_OFFICE_EDIT | PERM_CATALOGUE | PERM_INBOX | PERM_REQUEST |
     PERM_CONTENT_PUBLISH | PERM_MODERATE, REACH_OFFICE},
    {"admin_sistem", "Admin sistem", P_ALL, REACH_REGION},
    {"petugas_layanan", "Petugas layanan", PERM_VIEW | PERM_CATALOGUE | PERM_INBOX | PERM_REQUEST,
     REACH_OFFICE},
    {"petugas_verifikasi", "Petugas verifikasi",
     PERM_VIEW | PERM_INBOX | PERM_REQUEST | PERM_VERIFY, REACH_OFFICE},
    {"pengelola_konten", "Pengelola konten", PERM_VIEW | PERM_CATALOGUE | PERM_CONTENT_DRAFT |
     PERM_MODERATE, REACH_OFFICE},
    {"editor", "Editor",
     PERM_VIEW | PERM_CONTENT_DRAFT | PERM_CONTENT_VALIDATE | PERM_MODERATE, REACH_OFFICE},
    {"desainer_grafis", "Desainer grafis", PERM_VIEW | PERM_CONTENT_DESIGN, REACH_OFFICE},
    {"pengawas_kebijakan", "Pengawas kebijakan", PERM_VIEW | PERM_AUDIT | PERM_CONTENT_VALIDATE,
     REACH_REGION},
    {0, 0, 0, 0},
};

const struct role_def *role_find(const char *name)
{
    if (!name) return NULL;
    for (const struct role_def *r = role_defs; r->name; r++)
        if (strcmp(r->name, name) == 0) return r;
    return NULL;
}

const char *perm_name(unsigned perm)
{
    switch (perm) {
    case PERM_VIEW: return "view";
    case PERM_OFFICE_EDIT: return "office_edit";
    case PERM_OFFICE_CREATE: return "office_create";
    case PERM_STAFF: return "staff";
    case PERM_AUDIT: return "audit";
    case PERM_HOLIDAYS: return "holidays";
    case PERM_CATALOGUE: return "catalogue";
    case PERM_INBOX: return "inbox";
    case PERM_CHANNEL: return "channel";
    case PERM_REQUEST: return "request";
    case PERM_VERIFY: return "verify";
    case PERM_CONTENT_DRAFT: return "content_draft";
    case PERM_CONTENT_VALIDATE: return "content_validate";
    case PERM_CONTENT_DESIGN: return "content_design";
    case PERM_CONTENT_PUBLISH: return "content_publish";
    case PERM_MODERATE: return "moderate";
    default: return "";
    }
}

const char *perm_label(unsigned perms)
{
    static const char *const labels[] = {
        "melihat kantor ini di konsol", "mengubah profil, jam dan hari libur kantor",
        "menambah kantor di bawahnya", "mengelola staf dan peran", "membaca log audit",
        "mengatur hari libur nasional", "mengelola katalog layanan",
        "membaca dan menjawab percakapan warga", "mengatur kanal WhatsApp dan Telegram",
        "mengelola permohonan warga", "memeriksa berkas permohonan",
        "menulis dan menyunting konten", "memvalidasi konten", "menyiapkan visual konten",
        "menjadwalkan dan menerbitkan konten",
        "memoderasi komentar dan laporan hoaks",
    };
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (perms & (1u << i)) return labels[i];
    return "membuka halaman ini";
}

void perm_roles(unsigned perms, char *out, size_t n)
{
    size_t k = 0;
    out[0] = '\0';
    for (const struct role_def *d = role_defs; d->name; d++) {
        if ((d->perms & perms) != perms) continue;
        size_t len = strcspn(d->label, "(");          /* the short name */
        while (len && d->label[len - 1] == ' ') len--;
        int w = snprintf(out + k, n - k, "%s%.*s", k ? ", " : "", (int)len, d->label);
        if (w < 0 || (size_t)w >= n - k) break;
        k += (size_t)w;
    }
}

static int in_chain(int64_t id, const struct office_node *chain, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (chain[i].id == id) return 1;
    return 0;
}

unsigned access_perms(const struct grant *grants, size_t ngrants,
                      const struct office_node *chain, size_t nchain)
{
    unsigned perms = 0;
    if (nchain == 0) return 0;
    for (size_t i = 0; i < ngrants; i++) {
        const struct grant *g = &grants[i];
        const struct role_def *r = role_find(g->role);
        if (!r) continue;
        int ok = 0;
        switch (r->reach) {
        case REACH_OFFICE:
            ok = g->office_id == chain[0].id;
            break;
        case REACH_SUBTREE:
            ok = in_chain(g->office_id, chain, nchain);
            break;
        case REACH_REGION: {
            int64_t root = g->office_id;
            if (g->office_type && strcmp(g->office_type, "dinas") == 0 && g->office_parent_id)
                root = g->office_parent_id;
            ok = in_chain(root, chain, nchain) || g->office_id == chain[0].id;
            break;
        }
        }
        if (ok) perms |= r->perms;
    }
    return perms;
}

static int is_dinas(const char *type)
{
    return type && strcmp(type, "dinas") == 0;
}

/* Whether a staff grant reaches every office that role d reaches when held
 * at chain[0]. What d reaches is chain[0] alone (REACH_OFFICE) or the
 * subtree of chain[top]; a grant covers a subtree when the top of its own
 * subtree is chain[top] or above it. */
static int grant_covers(const struct grant *g, const struct role_def *d,
                        const struct office_node *chain, size_t nchain)
{
    const struct role_def *held = role_find(g->role);
    if (!held || !(held->perms & PERM_STAFF)) return 0;
    size_t top = d->reach == REACH_REGION && nchain > 1 && is_dinas(chain[0].type) ? 1 : 0;
    if (held->reach == REACH_OFFICE)
        return d->reach == REACH_OFFICE && g->office_id == chain[0].id;
    int64_t root = g->office_id;
    if (held->reach == REACH_REGION && is_dinas(g->office_type) && g->office_parent_id)
        root = g->office_parent_id;
    return in_chain(root, chain + top, nchain - top);
}

int role_grantable(const struct role_def *d, unsigned granter, const struct grant *grants,
                   size_t ngrants, const struct office_node *chain, size_t nchain)
{
    unsigned need = d->perms & ~(PERM_VERIFY | PERM_CONTENT_ALL);
    if (d->perms & PERM_VERIFY) need |= PERM_REQUEST;
    if ((need & granter) != need || nchain == 0) return 0;
    for (size_t i = 0; i < ngrants; i++)
        if (grant_covers(&grants[i], d, chain, nchain)) return 1;
    return 0;
}


static const struct { const char *type, *label; int rank; } types[] = {
    {"provinsi", "Provinsi", 1},
    {"kabupaten", "Kabupaten", 2},
    {"kota", "Kota", 2},
    {"dinas", "Dinas", 3},
    {"kecamatan", "Kecamatan", 3},
    {"kelurahan", "Kelurahan", 4},
    {"desa", "Desa", 4},
};

static int rank_of(const char *t)
{
    for (size_t i = 0; t && i < sizeof types / sizeof *types; i++)
        if (strcmp(types[i].type, t) == 0) return types[i].rank;
    return 0;
}

int office_type_valid(const char *type) { return rank_of(type) != 0; }

const char *office_type_label(const char *type)
{
    for (size_t i = 0; type && i < sizeof types / sizeof *types; i++)
        if (strcmp(types[i].type, type) == 0) return types[i].label;
    return "";
}

int office_type_fits(const char *parent, const char *child)
{
    int c = rank_of(child);
    if (!c) return 0;
    if (!parent) return 1;    /* a deployment may start at any level */
    int p = rank_of(parent);
    if (!p) return 0;
    /* a dinas belongs to a provinsi or a kabupaten/kota; kelurahan and desa
     * sit under a kecamatan; otherwise one level down */
    if (strcmp(child, "dinas") == 0) return p == 1 || p == 2;
    if (strcmp(parent, "dinas") == 0) return 0;
    if (c == 4) return strcmp(parent, "kecamatan") == 0;
    return c == p + 1;
}
