/* store_instagram: see store_instagram.h. */
#include "db/store_instagram.h"
#include "db/row.h"
#include "db/store_job.h"
#include "util/jv.h"

int ig_post_find(db_t *db, int64_t item_id, json_t **out)
{
    return row_lookup(db_query(db, "SELECT id, office_id, item_id, state, container_id, media_id, "
                                   "permalink, error, updated_at FROM instagram_post "
                                   "WHERE item_id = ?", "i", item_id),
                      "id:i office_id:i item_id:i state container_id media_id permalink error "
                      "updated_at:i", out);
}

int ig_post_start(db_t *db, int64_t office_id, int64_t item_id, int64_t now)
{
    int64_t n = 0;
    json_t *p = NULL;
    int rc = ig_post_find(db, item_id, &p);
    json_decref(p);
    if (rc < 0) return -1;
    if (rc == DB_DONE)
        rc = db_run_changes(db, &n, "INSERT INTO instagram_post (office_id, item_id, created_at, "
                                    "updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (item_id) DO "
                                    "NOTHING", "iiii", office_id, item_id, now, now);
    else    /* only a failed one goes back: never a second job beside a live one */
        rc = db_run_changes(db, &n, "UPDATE instagram_post SET state = 'antre', error = '', "
                                    "updated_at = ? WHERE item_id = ? AND state = 'gagal'",
                            "ii", now, item_id);
    if (rc != 0) return -1;
    if (n != 1) return 0;
    return job_add(db, IG_PUBLISH_JOB, office_id, item_id, "{}", 0) == 0 ? 1 : -1;
}

int ig_post_set(db_t *db, int64_t item_id, const struct ig_step *s, int64_t now)
{
    json_t *p = NULL;
    if (ig_post_find(db, item_id, &p) != DB_ROW) return -1;
    /* NULL keeps what the row holds */
    const char *c = s->container_id ? s->container_id : jv_str(p, "container_id");
    const char *m = s->media_id ? s->media_id : jv_str(p, "media_id");
    const char *l = s->permalink ? s->permalink : jv_str(p, "permalink");
    const char *e = s->error ? s->error : jv_str(p, "error");
    int rc = db_run(db, "UPDATE instagram_post SET state = ?, container_id = ?, media_id = ?, "
                        "permalink = ?, error = ?, updated_at = ? WHERE item_id = ?", "sssssii",
                    s->state, c, m, l, e, now, item_id);
    json_decref(p);
    return rc == 0 ? 0 : -1;
}
