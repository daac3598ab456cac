/* inbox_view: what the inbox's handler files (inbox.c, inbox_sla.c,
 * inbox_actions.c) share: the conversation of the path, the thread page,
 * and the SLA and reply-option parts of its view model. */
#ifndef BALAI_INBOX_VIEW_H
#define BALAI_INBOX_VIEW_H
#include <jansson.h>
#include <stdint.h>
#include "http/req.h"

struct calendar;
struct week_hours;

/* The conversation named in the path if it belongs to r->office (id state
 * reason contact_id:i channel name address phone last_inbound_at:i
 * blocked:b assigned_to:i assigned_name); else a 404 page and NULL. */
json_t *inbox_path_conversation(struct req *r);

/* The thread page; c is stolen; keep (stolen, may be NULL) holds what a
 * refused form had typed ({"note": ...}, {"label": ...}, {"when": ...});
 * error makes it a 422. */
void inbox_thread_page(struct req *r, json_t *c, const char *error, const char *text, json_t *keep);

/* Redirect to the thread of c (stolen). */
void inbox_back_to_thread(struct req *r, json_t *c);

/* The office's calendar for SLA counting: closed days from 30 days back,
 * so a wait across a recent holiday counts right. Free *closed. */
void inbox_sla_calendar(struct req *r, struct week_hours *w, struct calendar *c, int **closed);

/* Sets on conversation row x: sla_label, sla_late, sla_near (and returns
 * 2 late / 1 near / 0 ok / -1 no target applies); wait_since and opened_at
 * (epoch seconds; wait_since 0 = nobody waiting), state as in the row. */
int inbox_sla_mark(struct req *r, json_t *x, const struct calendar *c, int first_min,
                   int resolve_min);

/* Adds to the thread's view model what staff may send: the services for
 * standard answers, the text of ?jawaban=slug when `text` is empty
 * (returned malloc'd, else NULL), the templates outside the window and the
 * scheduled messages. */
char *inbox_reply_options(struct req *r, json_t *vm, json_t *c, int window_open, const char *text);

/* WhatsApp's free-text window ends 24 h after the citizen's last message. */
int64_t inbox_window_end(const json_t *c);

#endif
