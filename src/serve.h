/* serve: the program's lifecycle for `balai serve`. Blocks SIGINT/SIGTERM,
 * then starts, in order, libcurl, the ingest writer, the job workers, the
 * live hub (with its LISTEN thread on PostgreSQL), the connection guard,
 * the login hashers and the HTTP daemon (http/server.h); waits for
 * SIGINT/SIGTERM; stops them in the order that lets every waiting request
 * get its answer. Sits above http/, jobs/, live/ and channels/: http/server
 * only runs the libmicrohttpd daemon it is given. */
#ifndef BALAI_SERVE_H
#define BALAI_SERVE_H

struct serve_opts {
    const char *listen;     /* "ADDR:PORT" */
    const char *db_url;
    unsigned threads;       /* HTTP threads; 0: default (4) */
    int workers;            /* job queue threads; 0: default (2) */
    const char *trusted_proxy;  /* comma-separated addresses, or NULL (http/client_addr.h) */
    unsigned per_address;   /* open connections per client address; 0: default (http/guard.h) */
    unsigned header_timeout;    /* seconds to send request headers; 0: default */
};

/* Starts serving; blocks until SIGINT/SIGTERM. Returns a process exit code
 * and prints the reason on stderr when it cannot start. */
int serve_run(const struct serve_opts *o);

#endif
