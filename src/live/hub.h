/* hub: the open event streams of this process, grouped by office, and the
 * fan-out of an announcement to them. Internal to src/live/. */
#ifndef BALAI_LIVE_HUB_H
#define BALAI_LIVE_HUB_H

/* The channel every instance LISTENs on (PostgreSQL). */
#define LIVE_CHANNEL "balai_live"

/* Hands an announcement (the JSON text live_publish made) to every stream
 * of its office in this process. Safe from any thread. */
void hub_deliver(const char *payload);
/* Tells every stream to reload what it shows: sent after the listener
 * reconnects, since announcements made meanwhile were lost. */
void hub_resync(void);
/* The heartbeat thread; hub_stop also ends every stream. */
int hub_start(void);
void hub_stop(void);

#endif
