/* botenv: everything the bot needs to answer for one office, loaded from
 * the database: the catalogue (built once per catalogue version and kept
 * per thread), the office's address and hours, whether it is open now,
 * and the portal's address for links. Shared by the inbound queue and
 * `balai answer`. */
#ifndef BALAI_BOTENV_H
#define BALAI_BOTENV_H
#include <jansson.h>
#include <stdint.h>
#include "bot/bot.h"
#include "db/db.h"

struct bot_env {
    const struct bot_catalogue *cat;    /* owned by the per-thread cache */
    json_t *office, *status;
    char week[512], portal[600], phone[48], upload[700];
    struct bot_office o;
};

/* The public address of this Balai for links in messages: BALAI_BASE_URL,
 * else what `balai serve` listens on. */
void botenv_set_base_url(const char *url);
const char *botenv_base_url(void);

/* Loads the environment of office `office_id` as of `now`. 0 or -1. */
int  botenv_load(db_t *db, int64_t office_id, int64_t now, struct bot_env *e);
void botenv_free(struct bot_env *e);
/* Drops this thread's cached catalogues (thread exit, tests). */
void botenv_cache_clear(void);

#endif
