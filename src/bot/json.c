/* json: a decision as `balai answer --json` prints it and the channels
 * and the inbox store it (bot.h). Rows carry their section's title, so a
 * renderer needs nothing else; "list_button" and "rating" appear only
 * when they mean something. */
#include "bot/internal.h"

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

json_t *bot_decision_json(const struct bot_decision *d)
{
    if (!d) return NULL;
    json_t *choices = json_array();
    for (int i = 0; i < d->nchoices && i < 2; i++)
        json_array_append_new(choices, str_or_null(d->choices[i]));
    double conf = (double)(long)(d->confidence * 100 + 0.5) / 100;
    json_t *o = json_pack("{s:s, s:o, s:f, s:b, s:b, s:o, s:s}",
                          "intent", bot_intent_name(d->intent),
                          "service", str_or_null(d->service),
                          "confidence", conf,
                          "sensitive", d->sensitive != 0,
                          "handover", d->handover != 0,
                          "choices", choices,
                          "reply", d->reply.text ? d->reply.text : "");
    if (!o) return NULL;
    if (d->reply.nrows > 0) {
        json_t *rows = json_array();
        for (int i = 0; i < d->reply.nrows && i < BOT_ROWS_MAX; i++) {
            const struct bot_row *r = &d->reply.rows[i];
            int sec = r->section >= 0 && r->section < d->reply.nsections ? r->section : 0;
            json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:s}", "id", r->id,
                                                  "title", r->title, "description", r->desc,
                                                  "section", d->reply.section_title[sec]));
        }
        json_object_set_new(o, "rows", rows);
        json_object_set_new(o, "list_button", json_string(d->reply.list_button));
    }
    if (d->reply.nbuttons > 0) {
        json_t *buttons = json_array();
        for (int i = 0; i < d->reply.nbuttons && i < BOT_BUTTONS_MAX; i++)
            json_array_append_new(buttons, json_pack("{s:s, s:s}", "id", d->reply.buttons[i].id,
                                                      "title", d->reply.buttons[i].title));
        json_object_set_new(o, "buttons", buttons);
    }
    if (d->intent == BI_SURVEY_ANSWER && d->rating > 0)
        json_object_set_new(o, "rating", json_integer(d->rating));
    return o;
}
