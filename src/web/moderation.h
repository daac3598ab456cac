/* moderation: the office's moderation queue (issue 17): the public forms
 * that feed it (web/moderation_portal.c) and the console page that decides
 * (web/moderation.c, /console/o/{office}/moderasi). */
#ifndef BALAI_WEB_MODERATION_H
#define BALAI_WEB_MODERATION_H
#include <jansson.h>
#include "http/req.h"
#include "db/store_moderation.h"

/* The portal (public, pre-session CSRF). */
void web_mod_ask_form(struct req *r);
void web_mod_ask(struct req *r);
void web_mod_hoax_form(struct req *r);
void web_mod_hoax(struct req *r);

/* The console (PERM_MODERATE). */
void web_moderation(struct req *r);
void web_moderation_decide(struct req *r);
void web_moderation_clarify(struct req *r);

/* Approved comments under a published item, for its page (news_item.c);
 * an empty array when there are none or on error. */
json_t *mod_public_view(struct req *r, int64_t item_id);

#endif
