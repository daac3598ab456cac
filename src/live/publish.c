/* publish: live_publish (live.h) and the start/stop of src/live/. */
#include "live/hub.h"
#include "live/listen.h"
#include "live/live.h"
#include "db/store_inbox.h"
#include "util/log.h"
#include "util/dburl.h"
#include <stdlib.h>
#include <string.h>

/* PostgreSQL refuses NOTIFY payloads of 8000 bytes or more. */
#define PAYLOAD_MAX 7900

static void deliver_now(void *arg)
{
    hub_deliver(arg);
    free(arg);
}

int live_publish(db_t *db, int64_t office_id, const char *kind, int64_t conversation_id,
                 json_t *extra)
{
    json_t *ev = json_object();
    if (extra) json_object_update(ev, extra);
    json_object_set_new(ev, "office", json_integer(office_id));
    json_object_set_new(ev, "kind", json_string(kind));
    json_object_set_new(ev, "conversation", json_integer(conversation_id));
    char *payload = json_dumps(ev, JSON_COMPACT);
    if (payload && strlen(payload) > PAYLOAD_MAX) {
        /* the extra fields are a courtesy; the page refetches what it shows */
        free(payload);
        json_t *bare = json_pack("{s:I, s:s, s:I}", "office", (json_int_t)office_id, "kind", kind,
                                 "conversation", (json_int_t)conversation_id);
        payload = json_dumps(bare, JSON_COMPACT);
        json_decref(bare);
    }
    json_decref(ev);
    if (!payload) return -1;
    if (db_kind(db) == DB_PG) {
        /* delivered by PostgreSQL at commit, to this and every other
         * instance, and never for a rolled-back transaction */
        int rc = inbox_notify(db, LIVE_CHANNEL, payload);
        free(payload);
        if (rc != 0) log_warn("live: pg_notify gagal: %s", db_errmsg(db));
        return rc == 0 ? 0 : -1;
    }
    return db_after_commit(db, deliver_now, free, payload);
}

int live_start(const char *db_url)
{
    if (hub_start() != 0) return -1;
    if (dburl_is_pg(db_url))
        return listener_start(db_url);
    return 0;
}

void live_stop(void)
{
    listener_stop();
    hub_stop();
}
