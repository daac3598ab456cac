/* content: what an office publishes for citizens (issue 16, seed 004
 * SIMPONI) — its types, the workflow's states and steps, and the standard
 * format every published item must meet. Pure: no SQL, no I/O; the store
 * (db/store_content.c) keeps items, the web layer draws and routes them.
 *
 * The workflow of seed 004, each step owned by a role (core/role.h):
 *   bahan    (pengumpulan bahan)  -> draf      start      CONTENT_DRAFT
 *   draf     -> validasi          submit     CONTENT_DRAFT (format checked)
 *   validasi -> desain            approve    CONTENT_VALIDATE, not the author,
 *                                             every checklist item ticked ok
 *   desain   -> jadwal            schedule   CONTENT_PUBLISH (visual + alt)
 *   desain   -> terbit            publish    CONTENT_PUBLISH (visual + alt)
 *   jadwal   -> terbit            publish    CONTENT_PUBLISH, or the job queue
 *   terbit   -> ditarik           unpublish  CONTENT_PUBLISH, with a reason
 *   terbit   -> terbit            correct    CONTENT_PUBLISH, the public note
 *   validasi|desain|jadwal -> draf   return  the step's owner, with reasons
 *   validasi|desain        -> ditolak reject  CONTENT_VALIDATE or _PUBLISH
 *   ditarik|ditolak -> draf       reopen     CONTENT_DRAFT
 * "pemantauan" (monitoring) is what happens to an item while it is terbit. */
#ifndef BALAI_CONTENT_H
#define BALAI_CONTENT_H
#include <jansson.h>

struct content_type {
    const char *name;       /* stored form: "pengumuman" */
    const char *label;      /* shown: "Pengumuman" */
};
extern const struct content_type content_types[];   /* ends with {0} */
const struct content_type *content_type_find(const char *name);

struct content_state {
    const char *name;       /* stored form: "validasi" */
    const char *label;      /* shown: "Menunggu validasi" */
};
extern const struct content_state content_states[];   /* ends with {0} */
const char *content_state_label(const char *name);     /* "" when unknown */

/* One step of the workflow: from any state in `from` (space-separated) to
 * `to` by a member holding `perm`; `reason` 1 when a reason is required. */
struct content_step {
    const char *action;     /* submit approve return reject schedule publish ... */
    const char *label;      /* the button: "Ajukan validasi" */
    const char *from;
    const char *to;
    unsigned perm;
    int reason;
};
extern const struct content_step content_steps[];       /* ends with {0} */
/* The step `action` from `state`, or NULL when it does not apply there. */
const struct content_step *content_step_find(const char *action, const char *state);

/* The validation checklist of seed 004: akurasi, kepatuhan regulasi,
 * aksesibilitas. Each has a name (the stored key), a label and what the
 * validator checks. */
struct content_check {
    const char *name, *label, *hint;
};
extern const struct content_check content_checks[];     /* ends with {0} */

/* Checks the standard format of seed 004 on an item (a JSON object with
 * title item_date source contact summary action_points (array)
 * document_url body alt_text media_id): each missing or malformed element
 * is added to `errors` as field -> Indonesian message. `stage` says how
 * much is needed: CONTENT_NEED_TEXT (to submit for validation: every
 * element but the visual) or CONTENT_NEED_ALL (to schedule or publish: the
 * visual with its alt text too). Returns the number of errors. */
enum { CONTENT_NEED_TEXT = 1, CONTENT_NEED_ALL = 2 };
int content_format_check(const json_t *item, int stage, json_t *errors);

/* 1 when every checklist item of the stored checklist JSON is ticked ok. */
int content_checklist_done(const json_t *checklist);

/* A URL slug from a title: lowercase ASCII letters and digits joined by
 * single '-', at most n-1 bytes, "berita" when nothing is left. */
void content_slugify(const char *title, char *out, size_t n);

#endif
