/* buf: a growable byte buffer with a hard upper bound.
 * Every append checks the bound; once an append fails the buffer is marked
 * `err` and further appends are ignored, so callers check once at the end
 * (the same pattern as Redis' sds error handling, but sticky). */
#ifndef BALAI_BUF_H
#define BALAI_BUF_H
#include <stdarg.h>
#include <stddef.h>

#define BUF_DEFAULT_MAX (16u * 1024 * 1024)

struct buf {
    char *p;        /* always NUL-terminated when len > 0 or after buf_cstr */
    size_t len, cap, max;
    int err;        /* set when an append would pass `max` or malloc failed */
};

void buf_init(struct buf *b, size_t max);      /* max 0 = BUF_DEFAULT_MAX */
void buf_free(struct buf *b);
void buf_reset(struct buf *b);                  /* len = 0, keeps memory */
int  buf_add(struct buf *b, const void *p, size_t n);   /* 0 ok, -1 err */
int  buf_puts(struct buf *b, const char *s);
int  buf_putc(struct buf *b, char c);
int  buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int  buf_vprintf(struct buf *b, const char *fmt, va_list ap);
const char *buf_cstr(struct buf *b);            /* "" for an empty buffer */
char *buf_steal(struct buf *b);                 /* caller frees; buffer reset */

#endif
