/* store_webhook: what the webhook endpoints (web/webhooks.c) read about
 * the offices' active WhatsApp numbers. The secrets come back sealed as
 * stored; channels/config.h opens them. */
#ifndef BALAI_STORE_WEBHOOK_H
#define BALAI_STORE_WEBHOOK_H
#include <jansson.h>
#include "db/db.h"

/* Every active WhatsApp channel with a verify token: verify_token
 * office_id:i. NULL on error. */
json_t *webhook_wa_verify_tokens(db_t *db);
/* Every active WhatsApp channel with an app secret: account app_secret
 * office_id:i. NULL on error. */
json_t *webhook_wa_app_secrets(db_t *db);
/* Every active Instagram channel: verify_token app_secret office_id:i
 * (issue 17). NULL on error. */
json_t *webhook_ig_channels(db_t *db);

#endif
