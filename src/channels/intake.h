/* intake: the citizen's side of a request in a chat (WhatsApp, Telegram,
 * the portal chat), around the bot: applying for a document service
 * ("Ajukan permohonan": name, then RT/RW or address, never the NIK), the
 * status lookup by registration number, and the answers to the
 * satisfaction survey that channels/notify.c sends. inbound.c calls it
 * before and after the bot decides; all of it runs in inbound's
 * transaction.
 *
 * A complaint (pengaduan) is registered the same way: category, what
 * happened, where (words or a shared location), optional photos (in the
 * chat or through the private upload link), read back, then a number.
 *
 * Keys of the conversation's bot_state used here (the bot leaves them
 * alone): intake_step ("name" | "address" | "confirm", or a complaint's
 * "aduan_kategori" | "aduan_kejadian" | "aduan_lokasi" | "aduan_foto" |
 * "aduan_periksa"), intake_service (slug), intake_name, intake_address;
 * aduan_kategori, aduan_kejadian, aduan_lokasi, aduan_geo, aduan_mulai
 * (when the complaint began: photos since count); survey_request (request id whose rating is awaited, set by
 * notify.c together with the bot's survey_pending); survey_comment
 * (request id whose optional comment is awaited). */
#ifndef BALAI_INTAKE_H
#define BALAI_INTAKE_H
#include <jansson.h>
#include <stdint.h>
#include "db/db.h"

struct intake_msg {
    const json_t *office;       /* office row (id, code, tz, name) */
    int64_t contact_id, conversation_id;
    const char *channel;        /* whatsapp | telegram | web */
    const char *text;           /* "" when none (stored masked) */
    const char *choice;         /* tapped id or NULL */
    int sensitive;              /* the channel masked a NIK/KK out of text */
    int media;                  /* a photo or document came (text is then "") */
    int located;                /* a shared location: lat, lon; text its name */
    double lat, lon;
    const char *contact_name;   /* the name the channel gave, may be "" */
    json_t *state;              /* the conversation's bot_state, updated */
    int64_t now;
};

/* A reply of ours: text (malloc'd) and an interactive payload or NULL. */
struct intake_reply {
    char *text;
    json_t *payload;
    int handover;               /* a person should take over */
};
void intake_reply_free(struct intake_reply *r);

/* Before the bot: a tapped "ajukan:<slug>" or "ikm:<request>:<n>", a typed
 * "mau ajukan", an intake step in progress ("batal" cancels), or the
 * awaited survey comment. 1 with *out filled when handled (the bot is not
 * asked), 0 when the bot should decide, <0 on a database error. */
int intake_before_bot(db_t *db, const struct intake_msg *m, struct intake_reply *out);

/* The answer to a status question: `number` found in the text, else the
 * remembered one, else NULL (then asks for it). Looks only within the
 * office; says nothing personal. 0 with *out filled, <0 on error. */
int intake_status(db_t *db, const struct intake_msg *m, const char *number,
                  struct intake_reply *out);

/* Starts registering a complaint after the bot read one; `story` (the
 * citizen's message) is kept as what happened when it says enough. 1 with
 * *out filled, <0 on error. */
int intake_complaint_start(db_t *db, const struct intake_msg *m, const char *story,
                           struct intake_reply *out);

/* A complaint from a citizen whose earlier complaint is still open: 1 with
 * *out saying so (the message goes to staff; "Pengaduan baru" starts
 * another), 0 when none is open, <0 on error. */
int intake_complaint_more(db_t *db, const struct intake_msg *m, struct intake_reply *out);

/* Whether the citizen's words ask for a consultation ("konsultasi",
 * "konsul", "berkonsultasi"; not "konsulat"). A consultation is recorded
 * when the bot hands such a message over or takes it for an opener. */
int intake_consult_asked(const char *text);
/* Records a consultation asked for in the chat, as a request of type
 * konsultasi with its number (one open consultation per citizen: a second
 * ask names the first), the reply saying so; the conversation goes to
 * staff (out->handover). 1, or <0 on error. */
int intake_consult(db_t *db, const struct intake_msg *m, struct intake_reply *out);

/* A typed survey rating the bot understood (1..5) for the awaited survey:
 * 1 handled with *out filled, 0 when no survey is awaited, <0 on error. */
int intake_survey_rating(db_t *db, const struct intake_msg *m, int rating,
                         struct intake_reply *out);

/* What makes a text unfit as the citizen's name (is_name) or as their RT/RW
 * or address when applying, in the chat and on the portal alike. */
enum intake_fault {
    INTAKE_FIT = 0,
    INTAKE_ID_NUMBER,       /* holds a NIK or KK number (or its masked form) */
    INTAKE_LONG_NUMBER,     /* a telephone or other long number */
    INTAKE_LENGTH,          /* under 3 characters, or over the limit */
};
#define INTAKE_NAME_MAX 100         /* characters */
#define INTAKE_ADDRESS_MAX 200
enum intake_fault intake_person_fault(const char *text, int is_name);

/* A private upload link for the chat's dialogues into token: 1 made, 0
 * when the office has issued BALAI_OFFICE_UPLOAD_LINKS (200) in the last
 * hour, whatever made them (a flood of applications from many addresses
 * must not mint links without end), <0 on error. */
int intake_link(db_t *db, int64_t office_id, int64_t conv_id, int64_t now, char token[65]);

/* 1 when service `slug` of the office can be applied for in the chat
 * (request_type pendaftaran_dokumen, active); its name copied to `name`. */
int intake_offerable(db_t *db, int64_t office_id, const char *slug, char *name, size_t n);

#endif
