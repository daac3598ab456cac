/* webpush (channels): Web Push for portal-chat visitors who allowed it, so
 * that a staff reply, a status notice or a scheduled message reaches a
 * citizen whose page is closed. Where a message for a "web" conversation is
 * stored, push_queue_message adds one "webpush" job per subscription of the
 * contact in the same transaction; the job (run by the workers) encrypts a
 * small JSON notice for the browser (util/webpush.h) and POSTs it to the
 * browser's push service with a VAPID header. The deployment's VAPID key
 * pair is made on first need and kept in the database (db/store_push.h),
 * its private half sealed with the secret key file (core/secret.h).
 *
 * Endpoints come from the browser, so from anyone: only https URLs on the
 * browsers' push services are taken (BALAI_PUSH_ALLOW adds origins, e.g. a
 * test's fake service). */
#ifndef BALAI_CHANNELS_WEBPUSH_H
#define BALAI_CHANNELS_WEBPUSH_H
#include <stddef.h>
#include <stdint.h>
#include "core/secret.h"
#include "db/db.h"
#include "db/store_job.h"
#include "jobs/worker.h"

/* The public VAPID key, base64url (87 characters), made and stored when
 * there is none yet. 0, or -1 (database, or no secret key to seal it). */
int push_public_key(db_t *db, char *out, size_t n);

/* `balai secrets rotate`: the private key opened with the process key and
 * sealed again with `key`. 0 (also when there is no key pair yet) or -1. */
int push_key_reseal(db_t *db, const unsigned char key[SECRET_KEY_BYTES]);

/* NULL when `endpoint` is an https URL of a known push service (or an
 * origin in BALAI_PUSH_ALLOW), else what to tell the visitor. */
const char *push_endpoint_refusal(const char *endpoint);

/* For an outbound message just stored on `channel`, inside the caller's
 * transaction: a "webpush" job per push subscription of the conversation's
 * contact when the channel is "web"; nothing otherwise. 0 or -1. */
int push_queue_message(db_t *db, const char *channel, int64_t message_id);

/* The "webpush" job: ref_id is the subscription, the payload names the
 * message. */
void webpush_job(db_t *db, const struct job *j, struct job_result *res);

#endif
