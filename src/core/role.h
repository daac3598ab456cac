/* role: the staff roles of the seeds, what each may do, and how far a role
 * held in one office reaches into the offices below it.
 *
 * Reach, following how Indonesian local government is organised:
 *  - REACH_OFFICE: only the office where the role is held (a Jelitik petugas
 *    sees only Jelitik);
 *  - REACH_SUBTREE: that office and every office below it (a Camat oversees
 *    the kelurahan of the kecamatan, PP 17/2018);
 *  - REACH_REGION: the whole region the office serves: for a dinas that is
 *    its parent kabupaten/kota and everything below it (the Diskominfo admin
 *    manages all offices of the regency), otherwise its own subtree.
 * Access decisions are pure functions here so they are unit-tested once and
 * used by the route gate and by every list that filters by office. */
#ifndef BALAI_ROLE_H
#define BALAI_ROLE_H
#include <stddef.h>
#include <stdint.h>

enum perm {
    PERM_VIEW          = 1u << 0,   /* see the office in the console */
    PERM_OFFICE_EDIT   = 1u << 1,   /* profile, hours, leave days, logo, escalation */
    PERM_OFFICE_CREATE = 1u << 2,   /* add offices below */
    PERM_STAFF         = 1u << 3,   /* accounts and roles */
    PERM_AUDIT         = 1u << 4,   /* read the audit log */
    PERM_HOLIDAYS      = 1u << 5,   /* edit national holidays, confirm a provisional year */
    PERM_CATALOGUE     = 1u << 6,   /* the office's services (and, for a dinas, its templates) */
    PERM_INBOX         = 1u << 7,   /* read citizens' conversations and answer them */
    PERM_CHANNEL       = 1u << 8,   /* WhatsApp/Telegram settings and their secrets */
    PERM_REQUEST       = 1u << 9,   /* citizens' requests: register, see, change status */
    PERM_VERIFY        = 1u << 10,  /* judge a request's documents (petugas_verifikasi only) */
    PERM_CONTENT_DRAFT    = 1u << 11,   /* write and edit content items (core/content.h) */
    PERM_CONTENT_VALIDATE = 1u << 12,   /* tick the validation checklist, return, reject */
    PERM_CONTENT_DESIGN   = 1u << 13,   /* attach and edit an item's visual */
    PERM_CONTENT_PUBLISH  = 1u << 14,   /* schedule, publish, unpublish, correct; the plan */
    PERM_MODERATE         = 1u << 15,   /* the moderation queue: comments, hoax reports */
};
/* The content team's duties: whoever manages staff appoints them. */
#define PERM_CONTENT_ALL (PERM_CONTENT_DRAFT | PERM_CONTENT_VALIDATE | PERM_CONTENT_DESIGN | \
                          PERM_CONTENT_PUBLISH | PERM_MODERATE)

enum reach { REACH_OFFICE, REACH_SUBTREE, REACH_REGION };

struct role_def {
    const char *name;       /* stored form, e.g. "petugas_layanan" */
    const char *label;      /* shown to staff */
    unsigned perms;
    enum reach reach;
};

extern const struct role_def role_defs[];   /* ends with {0} */

const struct role_def *role_find(const char *name);

const char *perm_name(unsigned perm);       /* "office_edit" ... for `balai routes` */

/* What a permission lets staff do, as a 403 page says it ("mengelola staf
 * dan peran"); a set of several reads as its lowest bit. */
const char *perm_label(unsigned perms);

/* The short labels of the roles that hold every bit of `perms`, joined
 * with ", " ("Penanggung jawab, Admin sistem"), into out. */
void perm_roles(unsigned perms, char *out, size_t n);

/* One office on the path from a target office up to the root. */
struct office_node {
    int64_t id;
    const char *type;   /* provinsi kabupaten kota kecamatan kelurahan desa dinas */
};

/* One role held by a staff member. */
struct grant {
    int64_t office_id;
    int64_t office_parent_id;   /* 0 when the office is a root */
    const char *office_type;
    const char *role;
};

/* Permissions a staff member with `grants` has on the office whose chain of
 * ancestors is chain[0] (the office itself), chain[1] (its parent), ...
 * Unknown roles grant nothing. */
unsigned access_perms(const struct grant *grants, size_t ngrants,
                      const struct office_node *chain, size_t nchain);

/* 1 if a staff member with `granter` permissions on the office chain[0]
 * (its ancestors follow, as for access_perms) and roles `grants` may give
 * role d there. They must hold every permission of the role, except that
 * judging documents (PERM_VERIFY) is a duty the office's managers appoint
 * but do not do themselves: holding PERM_REQUEST is enough for that part;
 * likewise the content team's duties (PERM_CONTENT_ALL) are appointed by
 * whoever manages staff there (an Admin sistem too).
 * And the role must reach no further than they do: one of their grants
 * that manages staff must cover every office the role would reach from
 * chain[0] (a Kepala Dinas, whose reach is the dinas, may not appoint a
 * pengawas_kebijakan there, who would read the whole kabupaten). */
int role_grantable(const struct role_def *d, unsigned granter, const struct grant *grants,
                   size_t ngrants, const struct office_node *chain, size_t nchain);

/* Office types and whether `child` may sit under `parent` (parent NULL: root). */
int office_type_valid(const char *type);
int office_type_fits(const char *parent, const char *child);
const char *office_type_label(const char *type);

#endif
