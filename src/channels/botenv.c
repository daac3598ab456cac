/* botenv: see botenv.h. */
#include "channels/botenv.h"
#include "db/office_status.h"
#include "db/store_office.h"
#include "db/store_service.h"
#include "util/phone.h"
#include "util/jv.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t base_mu = PTHREAD_MUTEX_INITIALIZER;
static char base_url[300] = "http://127.0.0.1:8080";

void botenv_set_base_url(const char *url)
{
    pthread_mutex_lock(&base_mu);
    const char *env = getenv("BALAI_BASE_URL");
    const char *u = env && *env ? env : url;
    size_t l = strlen(u);
    while (l && u[l - 1] == '/') l--;
    snprintf(base_url, sizeof base_url, "%s%.*s", strstr(u, "://") ? "" : "http://", (int)l, u);
    pthread_mutex_unlock(&base_mu);
}

const char *botenv_base_url(void)
{
    return base_url;    /* set once at start-up, before threads run */
}

/* The catalogue is rebuilt when its fingerprint (count, versions, last
 * change) moves: staff edits show in the bot's next answer. */
#define CACHE_SLOTS 32
static _Thread_local struct {
    int64_t office_id, n, versions, updated;
    struct bot_catalogue *cat;
} cache[CACHE_SLOTS];
static _Thread_local unsigned cache_next;
static pthread_key_t cache_key;
static pthread_once_t cache_once = PTHREAD_ONCE_INIT;

/* frees a thread's catalogues when the thread ends (pool threads, workers) */
static void cache_exit(void *unused) { botenv_cache_clear(); }
static void cache_key_make(void) { pthread_key_create(&cache_key, cache_exit); }

static const struct bot_catalogue *catalogue_for(db_t *db, int64_t office_id)
{
    struct service_fingerprint fp;
    if (service_fingerprint(db, office_id, &fp) != 0) return NULL;
    int64_t n = fp.n, versions = fp.versions, updated = fp.updated;
    for (unsigned i = 0; i < CACHE_SLOTS; i++)
        if (cache[i].cat && cache[i].office_id == office_id) {
            if (cache[i].n == n && cache[i].versions == versions && cache[i].updated == updated)
                return cache[i].cat;
            bot_catalogue_free(cache[i].cat);
            cache[i].cat = NULL;
        }
    json_t *services = service_list(db, office_id, 0);
    if (!services) return NULL;
    struct bot_catalogue *cat = bot_catalogue_build(services);
    json_decref(services);
    if (!cat) return NULL;
    pthread_once(&cache_once, cache_key_make);
    pthread_setspecific(cache_key, &cache_once);
    unsigned slot = cache_next++ % CACHE_SLOTS;
    for (unsigned i = 0; i < CACHE_SLOTS; i++)
        if (!cache[i].cat) {
            slot = i;
            break;
        }
    if (cache[slot].cat) bot_catalogue_free(cache[slot].cat);
    cache[slot].office_id = office_id;
    cache[slot].n = n;
    cache[slot].versions = versions;
    cache[slot].updated = updated;
    cache[slot].cat = cat;
    return cat;
}

void botenv_cache_clear(void)
{
    for (unsigned i = 0; i < CACHE_SLOTS; i++) {
        if (cache[i].cat) bot_catalogue_free(cache[i].cat);
        cache[i].cat = NULL;
    }
}

int botenv_load(db_t *db, int64_t office_id, int64_t now, struct bot_env *e)
{
    memset(e, 0, sizeof *e);
    e->office = office_get_id(db, office_id);
    if (!e->office) return -1;
    e->cat = catalogue_for(db, office_id);
    if (!e->cat) {
        botenv_free(e);
        return -1;
    }
    /* the week as published; today's closures come with office_status */
    struct week_hours w;
    if (hours_from_text(jv_str(e->office, "hours"), &w) != 0) hours_from_text("", &w);
    office_week_text(&w, e->week, sizeof e->week);
    e->status = office_status(db, e->office, now);
    if (!e->status) {
        botenv_free(e);
        return -1;
    }
    snprintf(e->portal, sizeof e->portal, "%s/o/%s", botenv_base_url(), jv_str(e->office, "slug"));
    phone_display(jv_str(e->office, "phone"), e->phone, sizeof e->phone);
    const char *reason = jv_str(e->status, "closed_reason");
    e->o = (struct bot_office){
        .name = jv_str(e->office, "name"),
        .address = jv_str(e->office, "address"),
        .map_url = jv_str(e->office, "map_url"),
        .phone = e->phone,
        .portal_url = e->portal,
        .upload_url = NULL,
        .open_now = json_is_true(json_object_get(e->status, "open")),
        .status_text = jv_str(e->status, "text"),
        .hours_text = e->week,
        .closed_reason = *reason ? reason : NULL,
    };
    return 0;
}

void botenv_free(struct bot_env *e)
{
    json_decref(e->office);
    json_decref(e->status);
    memset(e, 0, sizeof *e);
}
