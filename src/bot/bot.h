/* bot: the auto-reply bot's one decision function, shared by every channel
 * (WhatsApp, Telegram, the portal chat) and by `balai answer`.
 *
 * A citizen's message goes in with the office's facts and the conversation's
 * small dialogue state; a decision comes out: what the citizen wants
 * (intent, service), how sure we are, whether the message holds a NIK/KK
 * number, whether a person must take over, and the reply to send. Pure
 * logic: no I/O, no SQL, no clock (the caller gives `now` facts), so it is
 * tested with plain data and runs ~100k decisions/s.
 *
 * Understanding builds on core/search.c (the catalogue's names and
 * synonyms, which staff edit) and adds the everyday language of WhatsApp:
 * abbreviations, affixes, slang, filler words, stories that name no
 * service. When unsure the bot asks back with its two best guesses or hands
 * over: a wrong confident answer is worse than a hand-over. */
#ifndef BALAI_BOT_H
#define BALAI_BOT_H
#include <jansson.h>
#include <stddef.h>

enum bot_intent {
    BI_SERVICE, BI_GREETING, BI_MENU, BI_HOURS, BI_LOCATION, BI_STATUS, BI_COMPLAINT,
    BI_HUMAN, BI_THANKS, BI_SURVEY_ANSWER, BI_UNKNOWN,
};
/* "service", "greeting", ... "unknown" (the names of `balai answer --json`). */
const char *bot_intent_name(enum bot_intent i);

/* Built once per catalogue version (it holds the search index); read-only
 * afterwards, so threads may share one. `services` is the array of active
 * service documents (core/service.h keys); it is copied. */
struct bot_catalogue;
struct bot_catalogue *bot_catalogue_build(const json_t *services);
void bot_catalogue_free(struct bot_catalogue *c);

/* What the bot may say about the office, prepared by the caller. */
struct bot_office {
    const char *name;           /* "Kelurahan Jelitik" */
    const char *address;        /* "" when unknown */
    const char *map_url;        /* "" when unknown */
    const char *phone;          /* for display, "" when unknown */
    const char *portal_url;     /* "https://host/o/jelitik" */
    const char *upload_url;     /* private upload link for sensitive data, or NULL */
    int open_now;               /* 1 while the office serves citizens */
    const char *status_text;    /* "Tutup — buka lagi besok pukul 08.00" */
    const char *hours_text;     /* the week, one line a day or group of days */
    const char *closed_reason;  /* "Hari libur: Hari Raya Natal", or NULL */
};

/* One incoming message. `choice` is the id of a list row or button the
 * citizen tapped (WhatsApp list_reply/button_reply, Telegram callback
 * data), else NULL. `has_image` / `has_document` with an optional caption
 * for media messages. */
struct bot_input {
    const char *text;           /* may be NULL or "" for media */
    const char *choice;
    const char *caption;
    int has_image, has_document;
    int sensitive;              /* the channel already masked a NIK/KK number out of
                                   text (stored text is masked: "1901********0003") */
};

/* Interactive parts of a reply. Channels render them natively (WhatsApp
 * list or reply buttons, Telegram inline keyboard, chips on the portal) and
 * fall back to numbered text. Limits follow WhatsApp's (the strictest):
 * at most 10 rows over at most 10 sections, row title <= 24 characters,
 * description <= 72, section title <= 24, list button <= 20; at most 3
 * reply buttons with title <= 20. Counted in Unicode characters. Row and
 * button ids are short ASCII ("svc:sktm", "cat:2", "human"). */
#define BOT_ROWS_MAX 10
#define BOT_BUTTONS_MAX 3
struct bot_row { char id[64]; char title[100]; char desc[300]; int section; };
struct bot_button { char id[64]; char title[84]; };

struct bot_reply {
    char *text;                 /* malloc'd; <= 1024 characters when rows or
                                   buttons are set, else <= 4096 */
    int nrows, nsections;
    struct bot_row rows[BOT_ROWS_MAX];
    char section_title[BOT_ROWS_MAX][100];
    char list_button[84];       /* "Lihat layanan" */
    int nbuttons;
    struct bot_button buttons[BOT_BUTTONS_MAX];
};

struct bot_decision {
    enum bot_intent intent;
    const char *service;        /* slug (points into the catalogue) or NULL */
    double confidence;          /* 0..1 */
    int sensitive;              /* the message held a NIK/KK number or ID photo */
    int handover;               /* a person must take over */
    int nchoices;               /* asking back: the best guesses (0 or 2) */
    const char *choices[2];
    struct bot_reply reply;
    int rating;                 /* survey_answer: the rating 1..5, else 0 */
};

/* Decides on one message. `state` is the conversation's dialogue state, a
 * JSON object the bot reads and updates (greeted, pending choices, waiting
 * for a survey answer...); pass an empty object for a fresh conversation.
 * The caller stores it back. Returns 0, or -1 on allocation failure (out is
 * then zeroed). Free with bot_decision_free. */
int bot_decide(const struct bot_catalogue *c, const struct bot_office *o, json_t *state,
               const struct bot_input *in, struct bot_decision *out);
void bot_decision_free(struct bot_decision *d);

/* The decision as `balai answer --json` prints it: intent, service,
 * confidence, sensitive, handover, choices, reply (text), and rows/buttons
 * when set. New reference. */
json_t *bot_decision_json(const struct bot_decision *d);

/* Sensitive numbers (bot/sensitive.c). A NIK or KK number is 16 digits,
 * possibly written in groups ("1901 0123 4567 0003", "1901.0123.4567.0003")
 * or typed loosely (line breaks or '/' between groups, 12+4, digit by
 * digit, full-width digits, O for zero; sensitive.c lists the forms).
 * bot_mask copies `in` to `out` with each such number replaced by its first
 * 4 and last 4 digits around 8 '*' ("1901********0003"); returns the count
 * masked. out must hold strlen(in)+1 bytes (masking never lengthens).
 * bot_has_id_number says whether `in` holds one. */
int bot_mask(const char *in, char *out, size_t n);
/* The warning the bot puts before its answer when a message holds a NIK/KK
 * number (photo 0) or shows an ID card (photo 1), naming upload_url, the
 * private upload link (or promising one when NULL). For a photo that
 * channels/idphoto.c recognised after the bot had answered. Malloc'd;
 * NULL on allocation failure. */
char *bot_sensitive_warning(const char *upload_url, int photo);
/* photo for a message that announces an ID card photo before sending it
 * ("saya kirimkan foto KTP-nya ya"): the warning says where to send it. */
#define BOT_SENSITIVE_ANNOUNCED 2
int bot_has_id_number(const char *in);

#endif
