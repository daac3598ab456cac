/* store_push: all SQL of Web Push (migration 012): the deployment's VAPID
 * key pair (the private half kept sealed, as given) and the portal-chat
 * visitors' push subscriptions. Sealing, encryption and sending live
 * above (channels/webpush.c); nothing here starts a thread or sends. */
#ifndef BALAI_STORE_PUSH_H
#define BALAI_STORE_PUSH_H
#include <jansson.h>
#include <stdint.h>
#include "db/db.h"

/* The key pair: {public_key, private_key (sealed)} into *out. DB_ROW (1),
 * DB_DONE (0) when none was made yet, <0 on error. */
int push_key_get(db_t *db, json_t **out);
/* Stores the key pair unless another instance stored one first (then this
 * one is dropped: read it back with push_key_get). 0 or <0. */
int push_key_put(db_t *db, const char *public_key, const char *sealed_private, int64_t now);

/* Replaces the sealed private key if it is still `old` (key rotation). */
int push_key_swap(db_t *db, const char *sealed, const char *old);

/* The id of the portal-chat contact with this address in this office:
 * DB_ROW with *id, DB_DONE when the visitor has not written yet, <0. */
int push_web_contact(db_t *db, int64_t office_id, const char *address, int64_t *id);

/* Saves a subscription for a contact, inside the caller's transaction:
 * the same endpoint again replaces its keys; past `keep` subscriptions the
 * oldest go. 0 or <0. */
int push_sub_save(db_t *db, int64_t office_id, int64_t contact_id, const char *endpoint,
                  const char *p256dh, const char *auth, int keep, int64_t now);
/* Removes the contact's subscription with this endpoint; *n how many. */
int push_sub_remove(db_t *db, int64_t contact_id, const char *endpoint, int64_t *n);
/* Removes one subscription (the push service said it is gone). */
int push_sub_delete(db_t *db, int64_t id);
/* How many subscriptions the contact has. 0 or <0. */
int push_sub_count(db_t *db, int64_t contact_id, int64_t *n);

/* {id, office_id, endpoint, p256dh, auth}: DB_ROW, DB_DONE or <0. */
int push_sub_get(db_t *db, int64_t id, json_t **out);
/* The ids of the subscriptions of the contact that outbound message
 * `message_id` goes to (NULL on error). */
json_t *push_subs_of_message(db_t *db, int64_t message_id);
/* A delivery (ok: last success now, failures reset) or a failed try. */
int push_sub_result(db_t *db, int64_t id, int ok, int64_t now);

/* What a notification about message `message_id` says and opens:
 * {body, office_name, office_slug}. DB_ROW, DB_DONE or <0. */
int push_message(db_t *db, int64_t message_id, json_t **out);

#endif
