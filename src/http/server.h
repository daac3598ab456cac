/* server: libmicrohttpd glue. Starts and stops the daemon; turns each MHD
 * request into a struct req, enforces body limits while the body arrives
 * (413), runs the gate and the handler, and sends the response with
 * security headers. The program's lifecycle (what runs beside the daemon,
 * signals) is src/serve.c. */
#ifndef BALAI_SERVER_H
#define BALAI_SERVER_H

#include <netinet/in.h>

struct server {
    struct sockaddr_in addr;    /* from server_listen_parse */
    unsigned threads;           /* 0: default (4) */
    struct MHD_Daemon *d;       /* while started */
};

/* Reads "ADDR:PORT" (IPv4; an empty host or "localhost" is 127.0.0.1)
 * into s->addr. 0, or -1 when it is not such an address. */
int server_listen_parse(struct server *s, const char *listen);

/* Starts the daemon on s->addr; the connection guard (http/guard.h) must
 * be started. 0, or -1 (errno may say why). */
int server_start(struct server *s);

/* Stops the daemon, if started. */
void server_stop(struct server *s);

#endif
