/* store_webhook: see store_webhook.h. */
#include "db/store_webhook.h"
#include "db/row.h"

json_t *webhook_wa_verify_tokens(db_t *db)
{
    return rows_array(db_query(db, "SELECT verify_token, office_id FROM channel WHERE kind = "
                                   "'whatsapp' AND active = 1 AND verify_token <> ''", ""),
                      "verify_token office_id:i");
}

json_t *webhook_wa_app_secrets(db_t *db)
{
    return rows_array(db_query(db, "SELECT account, app_secret, office_id FROM channel WHERE "
                                   "kind = 'whatsapp' AND active = 1 AND app_secret <> ''", ""),
                      "account app_secret office_id:i");
}

json_t *webhook_ig_channels(db_t *db)
{
    return rows_array(db_query(db, "SELECT verify_token, app_secret, office_id FROM channel "
                                   "WHERE kind = 'instagram' AND active = 1", ""),
                      "verify_token app_secret office_id:i");
}
