/* instagram: publishing a published content item to the office's
 * Instagram professional account through the Graph API (issue 17), as the
 * durable job IG_PUBLISH_JOB (db/store_instagram.h), ref_id = the item.
 *
 * One image post of the item's visual: Balai serves its JPEG derivative at
 * <BALAI_BASE_URL>/o/<office>/berita/<slug>/visual.jpg, which Meta fetches,
 * so the base URL must be public https (a BALAI_IG_ALLOW entry, like
 * BALAI_PUSH_ALLOW, lets tests use a local address). The steps: read
 * content_publishing_limit (refused past it), POST /{ig-user}/media with
 * image_url, caption (core/ig_caption.h) and alt_text, store the container
 * id, poll GET /{container}?fields=status_code until FINISHED, store state
 * kirim, POST /{ig-user}/media_publish, store the media id, then read its
 * permalink (a failed read never fails a live post).
 *
 * Exactly once: a retry (after a crash, a lost answer or the retry button)
 * reuses the stored container and reads its status first: PUBLISHED means
 * the post is live and nothing is published again. Every Graph error is
 * stored as an Indonesian message on the row (state gagal), which the
 * item's page shows with a retry button. */
#ifndef BALAI_CHANNELS_INSTAGRAM_H
#define BALAI_CHANNELS_INSTAGRAM_H
#include <stddef.h>
#include "jobs/worker.h"

#define IG_GRAPH_URL "https://graph.facebook.com/v21.0"

/* NULL when Meta can fetch from `base` (public https, or listed in
 * BALAI_IG_ALLOW); else why not, in Indonesian. */
const char *ig_base_refusal(const char *base);

void instagram_job(db_t *db, const struct job *j, struct job_result *res);

#endif
