/* broadcast: the pure rules of WhatsApp announcements to subscribers
 * (issue 16). Which chat messages are a request to subscribe or to stop
 * (the whole message must be one of the keywords, so "stop" inside a
 * sentence is left to the bot), the texts that confirm each, and the
 * words of the approved template as a citizen reads them (the console's
 * preview). The store is db/store_broadcast.c, the sender
 * channels/broadcast.c. */
#ifndef BALAI_CORE_BROADCAST_H
#define BALAI_CORE_BROADCAST_H
#include <stddef.h>

enum sub_keyword { SUB_NONE = 0, SUB_IN, SUB_OUT };

/* SUB_IN for "langganan info", "langganan", "berlangganan", "daftar info"
 * (and "langganan berita"); SUB_OUT for "berhenti", "stop", "berhenti
 * langganan" ("berhenti berlangganan", "unsubscribe"). Case, spaces,
 * punctuation and a leading slash (Telegram's /stop) do not matter;
 * anything else in the message makes it SUB_NONE. */
enum sub_keyword sub_keyword_match(const char *text);

/* The reply that confirms an opt-in (fresh: 1, or again: 0) or an opt-out,
 * naming the office and how to stop / come back. */
void sub_confirm_text(enum sub_keyword k, int fresh, const char *office, char *out, size_t n);

/* The approved template's body as the citizen reads it, params 1..4
 * (office, title, summary, link): the console's preview. */
void broadcast_preview(const char *office, const char *title, const char *summary,
                       const char *link, char *out, size_t n);

/* The summary cut for the template: at most `max` characters, at a word
 * boundary when there is one, with "…" when cut. */
void broadcast_summary_cut(const char *summary, size_t max, char *out, size_t n);

#endif
