/* server: libmicrohttpd glue. Owns the daemon, turns each MHD request into a
 * struct req, enforces body limits while the body arrives (413), runs the
 * gate and the handler, and sends the response with security headers. */
#ifndef BALAI_SERVER_H
#define BALAI_SERVER_H

struct server_opts {
    const char *listen;     /* "ADDR:PORT" */
    const char *db_url;
    unsigned threads;       /* 0: default */
    int workers;            /* job queue threads; 0: default (2) */
    const char *trusted_proxy;  /* comma-separated addresses, or NULL (http/client_addr.h) */
    unsigned per_address;   /* open connections per client address; 0: default (http/guard.h) */
    unsigned header_timeout;    /* seconds to send request headers; 0: default */
};

/* Starts serving; blocks until SIGINT/SIGTERM. Returns a process exit code
 * and prints the reason on stderr when it cannot start. */
int server_run(const struct server_opts *o);

#endif
