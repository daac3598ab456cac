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

#endif
