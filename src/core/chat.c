#include "core/chat.h"
#include <string.h>

const char *chat_channel_label(const char *c)
{
    if (!c) return "Loket";
    if (strcmp(c, "whatsapp") == 0) return "WhatsApp";
    if (strcmp(c, "telegram") == 0) return "Telegram";
    if (strcmp(c, "web") == 0) return "Obrolan portal";
    return "Loket";
}

const char *chat_state_label(const char *s)
{
    if (s && strcmp(s, "human") == 0) return "Ditangani petugas";
    if (s && strcmp(s, "closed") == 0) return "Selesai";
    return "Dijawab bot";
}
