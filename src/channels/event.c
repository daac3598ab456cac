/* event: see event.h. */
#include "channels/event.h"
#include <stdlib.h>
#include <string.h>

struct event *events_add(struct event_list *l)
{
    if (l->n == l->cap) {
        if (l->cap >= EVENTS_MAX) return NULL;
        size_t cap = l->cap ? l->cap * 2 : 4;
        struct event *v = realloc(l->v, cap * sizeof *v);
        if (!v) return NULL;
        l->v = v;
        l->cap = cap;
    }
    struct event *e = &l->v[l->n++];
    memset(e, 0, sizeof *e);
    return e;
}

void events_free(struct event_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].body);
        free(l->v[i].payload);
    }
    free(l->v);
    memset(l, 0, sizeof *l);
}

int status_rank(const char *s)
{
    static const char *const order[] = {"queued", "accepted", "sent", "delivered", "read",
                                        "failed", NULL};
    for (int i = 0; order[i]; i++)
        if (strcmp(s, order[i]) == 0) return i + 1;
    return 0;
}

void event_copy(char *dst, size_t n, const char *src)
{
    size_t len = strlen(src);
    if (len >= n) {
        /* never cut inside a UTF-8 character: PostgreSQL refuses the row */
        len = n - 1;
        while (len && ((unsigned char)src[len] & 0xC0) == 0x80) len--;
    }
    memcpy(dst, src, len);
    dst[len] = '\0';
}
