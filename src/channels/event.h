/* event: what a channel's webhook carries, after parsing and before it is
 * stored: a citizen's message, or a delivery receipt for one of ours.
 * Channel parsers (whatsapp.c, telegram.c, webchat) produce these; the
 * ingest writer (channels/ingest.c) stores them in one group commit. */
#ifndef BALAI_EVENT_H
#define BALAI_EVENT_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

enum event_type { EV_MESSAGE = 1, EV_STATUS = 2 };

struct event {
    enum event_type type;
    const char *channel;        /* "whatsapp" | "telegram" | "web" (static) */
    char account[64];           /* WhatsApp phone_number_id: routes to the office */
    int64_t office_id;          /* set by routing */
    char external_id[256];      /* wamid, "tg:<chat>:<message>", ... */
    int64_t at;                 /* the platform's time, epoch seconds */
    /* EV_MESSAGE */
    char sender[80];            /* wa_id / chat id / portal token hash: the citizen's address */
    char sender_name[128];
    char kind[24];              /* text interactive button image document ... */
    char *body;                 /* malloc'd text with NIK/KK numbers masked */
    char *payload;              /* malloc'd JSON: choice, media id, mime, caption */
    int sensitive;              /* a NIK/KK number was masked out of it */
    /* EV_STATUS */
    char status[16];            /* sent delivered read failed */
    int64_t error_code;
    char error_text[256];
};

struct event_list {
    struct event *v;
    size_t n, cap;
};

#define EVENTS_MAX 256          /* per webhook delivery; Meta sends one or a few */

/* Appends a zeroed event; NULL when full or out of memory. */
struct event *events_add(struct event_list *l);
void events_free(struct event_list *l);

/* Copies src into dst[n], cut at a character boundary when too long. */
void event_copy(char *dst, size_t n, const char *src);

/* The same with NIK/KK numbers masked first (bot_mask): for what a citizen
 * names themselves (profile names), their files and button payloads, which
 * are stored and shown like text (UU 27/2022). Returns the count masked;
 * dst is empty when memory runs out. */
int event_copy_masked(char *dst, size_t n, const char *src);
/* src with NIK/KK numbers masked, malloc'd (NULL when out of memory);
 * *count (may be NULL) gets the count masked. */
char *event_masked(const char *src, int *count);
/* p[key] := s masked (a file name, a button payload); *sensitive (may be
 * NULL) is set to 1 when a number was masked. */
void event_set_masked(json_t *p, const char *key, const char *s, int *sensitive);

/* Order of outbound statuses; a receipt only ever moves a message forward
 * (queued < accepted < sent < delivered < read; failed is final).
 * Returns 0 for an unknown status. */
int status_rank(const char *status);

#endif
