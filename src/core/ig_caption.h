/* ig_caption: a content item told as an Instagram caption (issue 17) in
 * the standard format: the title, the summary (ringkasan), what to do
 * (poin tindakan) as a numbered list, the contact, and the link to the
 * item on the portal. Within Instagram's limits: at most 2,200 characters
 * (the text is cut before the link, which always stays whole) and 30
 * hashtags (a '#' past the 30th is dropped, its word kept). Pure. */
#ifndef BALAI_IG_CAPTION_H
#define BALAI_IG_CAPTION_H
#include <jansson.h>
#include "util/buf.h"

#define IG_CAPTION_MAX_CHARS 2200
#define IG_CAPTION_MAX_TAGS 30

/* item: title summary action_points[] contact (content_find's row); url:
 * the item's absolute portal address. Appends to out; 0 or -1. */
int ig_caption(const json_t *item, const char *url, struct buf *out);

#endif
