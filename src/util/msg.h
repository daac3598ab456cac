/* msg: writing an error message into a caller's buffer, the convention of
 * the pure modules ("returns -1 with a message in err"). err may be NULL
 * when the caller does not want the text. */
#ifndef BALAI_MSG_H
#define BALAI_MSG_H
#include <stddef.h>

void msg_set(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* p[0..len) as a short quote for a message: cut at a character boundary
 * and ended with "..." when it does not fit in out (n bytes). */
void msg_quote(const char *p, size_t len, char *out, size_t n);

#endif
