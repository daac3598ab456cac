/* chat: the words staff and citizens see for a conversation's channel and
 * its handling, one meaning per word on every screen (inbox, requests,
 * audit log). */
#ifndef BALAI_CHAT_H
#define BALAI_CHAT_H

/* "WhatsApp", "Telegram", "Obrolan portal" (web), "Loket" (walk-in, and
 * anything unknown). */
const char *chat_channel_label(const char *channel);

/* "Dijawab bot" (bot), "Ditangani petugas" (human), "Selesai" (closed). */
const char *chat_state_label(const char *state);

/* How a portal-chat visitor hears of a message written while they are
 * away from the page (channels/notify.h, notify_web_reach). */
enum web_reach {
    WEB_REACH_NONE,         /* only when they open the chat again */
    WEB_REACH_BROWSER,      /* a browser notification (Web Push) for every message */
    WEB_REACH_WHATSAPP      /* the number they left: approved templates only */
};

/* The words staff see for it: a short label, a sentence saying what
 * reaches the visitor and what does not (has_phone: a number was left, for
 * NONE: the office's WhatsApp is not connected), and a code for API
 * clients ("browser", "whatsapp", "none"). */
const char *chat_reach_label(enum web_reach r);
const char *chat_reach_detail(enum web_reach r, int has_phone);
const char *chat_reach_code(enum web_reach r);

#endif
