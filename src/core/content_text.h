/* content_text: an item told as a WhatsApp message for RT/RW groups
 * (issue 16): the type and title in bold, the date in italics, the
 * summary, the action points as a numbered list, the contact and the link
 * to the item on the portal. Pure: the caller gives the item and the URL. */
#ifndef BALAI_CONTENT_TEXT_H
#define BALAI_CONTENT_TEXT_H
#include <jansson.h>
#include "util/buf.h"

/* item: type title item_date summary action_points[] contact source (as
 * content_find gives it); url: the item's absolute portal address. The
 * WhatsApp markers * _ ~ ` inside the item's own text are dropped so they
 * cannot open or close a format by accident. Appends to out; 0 or -1. */
int content_group_text(const json_t *item, const char *office_name, const char *url,
                       struct buf *out);

#endif
