/* dialog: the conversation state, a JSON object the caller stores between
 * messages and passes back (bot.h). The bot reads and writes only these
 * keys and leaves any other key alone:
 *
 *   greeted         true once the office greeting was sent, so the first
 *                   reply of a conversation greets and later ones do not
 *   options         ids offered in the last reply, in order (["svc:sktm",
 *                   "svc:penghasilan", "human"]), so that "1", "yang
 *                   kedua" or "no 3" picks one; removed when a reply
 *                   offers nothing
 *   last_service    slug of the service last answered, for follow-ups
 *                   such as "biayanya berapa?"
 *   survey_pending  true while a satisfaction question waits for its
 *                   answer; set by whoever sends the survey, cleared by the
 *                   bot when the rating comes
 *   reg_number      the last registration number the citizen wrote */
#include <string.h>

#include "bot/internal.h"

int state_greeted(const json_t *st)
{
    return json_is_true(json_object_get(st, "greeted"));
}

void state_set_greeted(json_t *st)
{
    json_object_set_new(st, "greeted", json_true());
}

int state_survey_pending(const json_t *st)
{
    return json_is_true(json_object_get(st, "survey_pending"));
}

void state_clear_survey(json_t *st)
{
    json_object_del(st, "survey_pending");
}

const char *state_last_service(const json_t *st)
{
    return json_string_value(json_object_get(st, "last_service"));
}

void state_set_last_service(json_t *st, const char *slug)
{
    if (slug) json_object_set_new(st, "last_service", json_string(slug));
}

size_t state_noptions(const json_t *st)
{
    return json_array_size(json_object_get(st, "options"));
}

const char *state_option(const json_t *st, size_t i)
{
    return json_string_value(json_array_get(json_object_get(st, "options"), i));
}

void state_set_options(json_t *st, const struct bot_reply *r)
{
    json_t *a = json_array();
    if (!a) return;
    if (r->nbuttons > 0)
        for (int i = 0; i < r->nbuttons; i++) json_array_append_new(a, json_string(r->buttons[i].id));
    else
        for (int i = 0; i < r->nrows; i++) json_array_append_new(a, json_string(r->rows[i].id));
    if (json_array_size(a) > 0) json_object_set_new(st, "options", a);
    else {
        json_decref(a);
        json_object_del(st, "options");
    }
}

void state_set_regno(json_t *st, const char *regno)
{
    if (regno && *regno) json_object_set_new(st, "reg_number", json_string(regno));
}
