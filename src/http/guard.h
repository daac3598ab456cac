/* guard: keeps one client from taking the server from everyone else.
 *
 * - At most `per_address` open connections from one address (refused at
 *   accept, before a byte is read). A trusted reverse proxy's own
 *   connections are not counted; there the same number caps the requests in
 *   progress per forwarded address instead (guard_forwarded_take).
 * - A connection must complete its request headers within `header_timeout`
 *   seconds of opening (or of its previous request ending), however slowly
 *   it trickles bytes: libmicrohttpd's own timeout restarts on every byte.
 *   A sweep thread looks four times a second and shuts such a socket down, so its
 *   libmicrohttpd thread sees the end of the stream and closes it.
 *
 * An IPv6 address counts with its /64 (util/ratelimit.h). Refusals are
 * logged as one summary line per 10 s, not one per connection. */
#ifndef BALAI_GUARD_H
#define BALAI_GUARD_H
#include <microhttpd.h>
#include <sys/socket.h>

#define GUARD_PER_ADDRESS 256       /* default connections per address */
#define GUARD_HEADER_TIMEOUT 15     /* default seconds to send the headers */

/* Sets the limits and starts the sweep thread. 0 or -1. */
int guard_start(unsigned per_address, unsigned header_timeout);
void guard_stop(void);

/* MHD_OPTION_ACCEPT_POLICY_CALLBACK / MHD_OPTION_NOTIFY_CONNECTION. */
enum MHD_Result guard_accept(void *cls, const struct sockaddr *addr, socklen_t len);
void guard_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                  enum MHD_ConnectionNotificationCode code);

/* The access handler saw the complete headers of a request on c; the
 * request on c ended (the next one's headers are timed from now). */
void guard_headers_done(struct MHD_Connection *c);
void guard_request_done(struct MHD_Connection *c);

/* Requests in progress from a forwarded address: take one (1, or 0 when that
 * address already has per_address) and give it back when it ends. */
int guard_forwarded_take(const char *addr);
void guard_forwarded_release(const char *addr);

#endif
