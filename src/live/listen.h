/* listen: the PostgreSQL bridge of src/live/. One thread with its own
 * connection LISTENs on LIVE_CHANNEL and hands each notification to this
 * instance's hub, so an event published by any instance on the same
 * database reaches the streams open on every instance. */
#ifndef BALAI_LIVE_LISTEN_H
#define BALAI_LIVE_LISTEN_H

int listener_start(const char *db_url);
void listener_stop(void);       /* no-op when not started */

#endif
