/* content_publish: see content_publish.h. */
#include "channels/content_publish.h"
#include "db/store_content.h"
#include "db/store_job.h"
#include "util/jv.h"
#include <jansson.h>
#include <stdio.h>
#include <string.h>

void content_delay_text(int64_t s, char *out, size_t n)
{
    long long v[3] = {s / 86400, s % 86400 / 3600, s % 3600 / 60};
    static const char *const unit[3] = {"hari", "jam", "menit"};
    int k = v[0] ? 0 : v[1] ? 1 : 2;
    if (k == 2 && v[2] == 0) v[2] = 1;
    if (k < 2 && v[k + 1])
        snprintf(out, n, "%lld %s %lld %s", v[k], unit[k], v[k + 1], unit[k + 1]);
    else
        snprintf(out, n, "%lld %s", v[k], unit[k]);
}

int content_publish_due(db_t *db, int64_t id, int64_t publish_at, int64_t now)
{
    json_t *item = NULL;
    int rc = content_find(db, 0, id, &item);
    if (rc != DB_ROW) return rc < 0 ? -1 : 0;      /* the item is gone */
    if (strcmp(jv_str(item, "state"), "jadwal") != 0 || jv_int(item, "publish_at") != publish_at) {
        json_decref(item);                          /* rescheduled, withdrawn or published */
        return 0;
    }
    struct actor sys = {0, "sistem"};
    char reason[200], delay[64];
    struct content_move m = {.action = "publish", .to = "terbit",
                             .late = now - publish_at > CONTENT_LATE_AFTER};
    if (m.late) {
        content_delay_text(now - publish_at, delay, sizeof delay);
        snprintf(reason, sizeof reason, "Diterbitkan otomatis oleh sistem, terlambat %s dari "
                 "jadwal (server tidak berjalan pada waktunya).", delay);
    } else {
        snprintf(reason, sizeof reason, "Diterbitkan otomatis oleh sistem sesuai jadwal.");
    }
    m.reason = reason;
    rc = content_move(db, &sys, item, &m, now);
    json_decref(item);
    return rc < 0 ? -1 : rc == 0 ? 1 : 0;
}

void content_publish_job(db_t *db, const struct job *j, struct job_result *res)
{
    json_t *p = json_loads(j->payload ? j->payload : "{}", 0, NULL);
    int64_t at = jv_int(p, "publish_at");
    json_decref(p);
    if (at <= 0) return;                            /* malformed: nothing to publish */
    if (db_begin(db) != 0) {
        res->verdict = JOB_RETRY;
        snprintf(res->error, sizeof res->error, "basis data sibuk");
        return;
    }
    /* the queue's clock: time(NULL) may read the coarse clock, a tick
     * behind the one that found the job due */
    int rc = content_publish_due(db, j->ref_id, at, now_ms() / 1000);
    if (rc >= 0 && db_commit(db) == 0) return;
    db_rollback(db);
    res->verdict = JOB_RETRY;
    snprintf(res->error, sizeof res->error, "konten terjadwal belum dapat diterbitkan: %s",
             db_errmsg(db));
}
