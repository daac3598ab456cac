/* event: see event.h. */
#include "channels/event.h"
#include "bot/bot.h"
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

char *event_masked(const char *src, int *count)
{
    size_t n = strlen(src) + 1;
    char *m = malloc(n);
    int c = m ? bot_mask(src, m, n) : 0;
    if (count) *count = c;
    return m;
}

void event_set_masked(json_t *p, const char *key, const char *s, int *sensitive)
{
    int n;
    char *m = event_masked(s, &n);
    if (!m) return;
    json_object_set_new(p, key, json_string(m));
    free(m);
    if (sensitive && n > 0) *sensitive = 1;
}

int event_copy_masked(char *dst, size_t n, const char *src)
{
    int c;
    char *m = event_masked(src, &c);
    event_copy(dst, n, m ? m : "");
    free(m);
    return c;
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
