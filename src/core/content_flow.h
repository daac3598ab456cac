/* content_flow: who may take which workflow step on a content item, and
 * how its decisions read (issue 16). The steps themselves are
 * core/content.h's content_steps; this adds the rules that depend on the
 * member: the permission a step needs, and that the author never takes a
 * validating step (approve, return or reject at validasi, the checklist)
 * on their own item. The console draws only the buttons these allow, the
 * handlers refuse the others with the same words, and "tugas saya" lists
 * the items waiting for this member. Pure: no SQL, no I/O. */
#ifndef BALAI_CONTENT_FLOW_H
#define BALAI_CONTENT_FLOW_H
#include "core/content.h"
#include <stddef.h>

/* 0 when a member holding `perms` (core/role.h) may take step `s`;
 * `author` is 1 when they wrote the item. Otherwise 1, with why not in
 * Indonesian (naming the roles that may) in out, for the refusal. */
int content_step_refusal(const struct content_step *s, unsigned perms, int author, char *out,
                         size_t n);

/* 1 when the item waits for this member: their own bahan or draf (they
 * hold PERM_CONTENT_DRAFT), validasi for a validator who is not the
 * author, desain without a visual for the desainer and with one for the
 * publisher. `has_visual`: a visual and its alt text are there. */
int content_waits_for(const char *state, unsigned perms, int author, int has_visual);

/* What an entry of the item's timeline (content_timeline: action, before,
 * after) says after the actor's name: "mengajukan konten untuk
 * divalidasi", "memeriksa Akurasi: sesuai". The schedule's time and a
 * reason are added by the caller, which knows the office's time zone. */
void content_event_text(const char *action, const json_t *before, const json_t *after, char *out,
                        size_t n);

/* The action points from text, one per line (blank lines and leading
 * "- ", "* " or "1. " dropped), as a JSON array of strings; and back. */
json_t *content_points_parse(const char *text);
void content_points_text(const json_t *points, char *out, size_t n);

#endif
