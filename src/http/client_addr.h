/* client_addr: which address a request comes from, the one thing the
 * per-address limits (connections, logins, new chats, refused webhooks,
 * upload quotas) count by.
 *
 * It is the peer of the TCP connection, except when that peer is a reverse
 * proxy named with `balai serve --trusted-proxy` (BALAI_TRUSTED_PROXY): then
 * it is the right-most X-Forwarded-For entry that is not itself a trusted
 * proxy (what the nearest untrusted hop told the proxy). From any other
 * peer the header is ignored, since a client can write anything into it. */
#ifndef BALAI_CLIENT_ADDR_H
#define BALAI_CLIENT_ADDR_H
#include <microhttpd.h>
#include <stddef.h>
#include <sys/socket.h>

#define CLIENT_ADDR_MAX 48
#define TRUSTED_PROXY_MAX 16

/* Sets the trusted proxies: a comma-separated list of IPv4/IPv6 addresses
 * (NULL or "" for none). Called once before the server starts. 0, or -1 when
 * an entry is not an address (nothing is changed then). */
int client_addr_trust(const char *list);

/* 1 when this socket address is a trusted proxy. */
int client_addr_trusted(const struct sockaddr *sa);

/* The socket address as text ("?" when unknown). */
void client_addr_text(const struct sockaddr *sa, char out[CLIENT_ADDR_MAX]);

/* The client's address in an X-Forwarded-For value a trusted proxy sent:
 * the right-most entry that is not a trusted proxy. 1 with out set, or 0
 * (out untouched) when there is none or an entry is not an address. */
int client_addr_forwarded(const char *xff, char out[CLIENT_ADDR_MAX]);

/* The client's address for a request on this connection (see above).
 * Returns 1 when it was taken from X-Forwarded-For, else 0. */
int client_addr(struct MHD_Connection *c, char out[CLIENT_ADDR_MAX]);

#endif
