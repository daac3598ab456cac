/* Internal declarations shared by the files of src/bot (bot.h is the
 * public contract). One file, one job:
 *   lang.c       everyday Indonesian: spellings, stop words, concepts
 *   stem.c       affix stripping
 *   cues.c       intent phrases
 *   catalogue.c  per-catalogue precomputation (word index, menu, names)
 *   words.c      a message as words, each resolved against lang and the
 *                catalogue (stems, typos)
 *   match.c      which service a message is about, and how sure
 *   menu.c       interactive lists and UTF-8 aware short titles
 *   reply.c      reply texts
 *   dialog.c     the conversation state
 *   shape.c      a message as a turn: asks, wants, closes, rates
 *   bot.c        the decision
 *   json.c       bot_decision_json
 *   sensitive.c  NIK/KK numbers */
#ifndef BALAI_BOT_INTERNAL_H
#define BALAI_BOT_INTERNAL_H
#include <stddef.h>
#include <stdint.h>

#include "bot/bot.h"
#include "bot/cues.h"
#include "bot/lang.h"
#include "core/search.h"

/* Character limits of bot.h. */
enum {
    BOT_TITLE_CHARS = 24, BOT_DESC_CHARS = 72, BOT_BUTTON_CHARS = 20, BOT_SECTION_CHARS = 24,
    BOT_LISTBTN_CHARS = 20, BOT_TEXT_MAX = 4096, BOT_TEXT_INTERACTIVE_MAX = 1024,
};

/* ------------------------------------------------------------ catalogue */

struct bsense {
    uint32_t term;
    float credit;
    uint8_t own;                /* the catalogue word or its root, not a concept */
};
struct bpost { uint32_t svc; float str; };

struct bterm {
    uint32_t off;               /* word in c->text */
    uint16_t len;
    float weight;               /* 0..1: how much naming it tells a service apart */
    uint32_t post0, npost;      /* in c->post */
};

/* A word the matcher knows: a catalogue word, a root of one ("lahir" for
 * "kelahiran"), or a concept word of lang.c that maps to catalogue words. */
struct bentry {
    uint32_t off;
    uint16_t len;
    uint16_t nsense;
    uint32_t sense0;            /* in c->sense */
    uint32_t mask;              /* letters, for the typo filter */
    uint8_t foreign;            /* a need this catalogue lacks: 1, 2 even beside a name */
    uint8_t own;                /* a catalogue word or a root of one (not only a concept) */
};

struct bsvc {
    const json_t *doc;
    const char *slug, *name, *category;
    char title[100];            /* <= BOT_TITLE_CHARS characters */
    char button[84];            /* <= BOT_BUTTON_CHARS characters */
    char tiny[100];             /* shortest recognisable name: "SKTM" */
    int group;
};

/* A menu group: a category, or a part of one with more than 10 services. */
struct bgroup {
    char title[100];
    char desc[300];
    size_t first, n;            /* in c->order */
};

/* A slug, name or synonym as its telling catalogue words in order (stop
 * words left out): said word for word, it names its service (match.c). */
enum { PHRASE_WORDS_MAX = 12 };
struct bphrase {
    uint32_t svc;
    uint32_t n;
    uint32_t tok[PHRASE_WORDS_MAX];
    float weight;               /* summed word weights */
};

struct bot_catalogue {
    json_t *services;           /* the active service documents (a copy) */
    size_t n;
    struct bsvc *svc;
    size_t *order;              /* services grouped by category */
    struct bgroup *groups;
    size_t ngroups;
    struct search_index *ix;
    char *text;
    size_t ntext;
    struct bterm *term;
    size_t nterm;
    struct bpost *post;
    size_t npost;
    struct bentry *entry;
    size_t nentry;
    struct bsense *sense;
    size_t nsense;
    struct bphrase *phrase;
    size_t nphrase;
    uint32_t *hash;             /* entries by word: index + 1, 0 empty */
    size_t hcap;                /* a power of two */
};

/* Entry of word w, or -1. */
long cat_find(const struct bot_catalogue *c, const char *w, size_t len);
/* Service index of slug, or -1. */
long cat_service(const struct bot_catalogue *c, const char *slug);
static inline const char *cat_word(const struct bot_catalogue *c, uint32_t off)
{
    return c->text + off;
}

/* ---------------------------------------------------------------- words */

enum { MSG_MAX_WORDS = 48, MSG_MAX_BYTES = 1024 };

struct mword {
    char s[LANG_WORD_MAX + 1];  /* standard spelling (possibly a root) */
    uint8_t len;
    uint8_t digit;              /* 1..9 when the word is that digit */
    uint8_t number;             /* only digits */
    uint8_t consumed;           /* said about an intent cue */
    long lang;                  /* lang index, -1 */
    long entry;                 /* catalogue entry, -1 */
    float credit;               /* of the entry: 1 exact, less via stem/typo */
};

struct message {
    size_t n;
    struct mword w[MSG_MAX_WORDS];
    struct cue_result cue;
    int has_assalam;            /* greeted with assalamualaikum */
    char regno[40];             /* "JLT-2026-00042" when one is written */
};

/* Splits text (already masked) into words, resolves them and matches the
 * cue patterns. */
/* Normalised, prepared words of text (at most maxbytes of it): runs of
 * single letters joined ("s k t m"), "di mana" as one word. Returns the
 * count written to out. */
size_t words_split(const char *text, size_t maxbytes, char (*out)[LANG_WORD_MAX + 1], size_t max);
void words_read(const struct bot_catalogue *c, const char *text, struct message *m);
/* Whether phrase matching leaves word w out (stop words, and the generic
 * "keterangan"/"pengantar" of letter names), in catalogue and message alike. */
int phrase_skips(const char *w, size_t len);

/* shape.c: what a message does as a turn, whatever its topic. */
int shape_asks(const struct message *m);
int shape_wants(const struct message *m);
int shape_closing(const struct message *m, int names_service);
int shape_rating(const struct message *m);
/* Words that are neither stop words nor cue words nor numbers. */
size_t words_content(const struct message *m);

/* ---------------------------------------------------------------- match */

struct match {
    long best[2];               /* service indices, -1 */
    double score[2];            /* combined score 0..1 */
    double evidence;            /* absolute evidence of best[0] */
    double explained;           /* share of the message best[0] explains */
    int answer;                 /* clear enough to answer */
    int ask;                    /* worth asking back with best[0], best[1] */
    int foreign;                /* words of needs the catalogue lacks */
    int foreign_strong;         /* ... that no service's name outweighs */
    double confidence;
    int support;                /* distinct words that count for best[0] */
    long event_need;            /* best[1] when the words besides a life event
                                   tell it, but not clearly enough to answer
                                   it (match_services), else -1 */
};

void match_services(const struct bot_catalogue *c, const struct message *m, struct match *out);

/* ----------------------------------------------------------------- menu */

/* Copies at most max characters of s into out (n bytes), cutting at a
 * character boundary and ending with "…" when cut; prefers a word break. */
void utf8_fit(const char *s, size_t max, char *out, size_t n);
size_t utf8_chars(const char *s);
/* Short name of a service for a title of at most max characters. */
void short_name(const char *name, size_t max, char *out, size_t n);
/* The shortest recognisable name: the acronym or the core words. */
void tiny_name(const char *name, char *out, size_t n);
/* A category's display name ("surat-keterangan" -> "Surat Keterangan"). */
void category_title(const char *cat, char *out, size_t n);

/* Fills r's rows with the main menu / a group's services. */
void menu_main(const struct bot_catalogue *c, struct bot_reply *r);
int menu_group(const struct bot_catalogue *c, size_t g, struct bot_reply *r);

/* ---------------------------------------------------------------- reply */

struct buf;
void reply_service(const struct bot_catalogue *c, const struct bot_office *o, size_t s,
                   struct buf *b);
void reply_hours(const struct bot_office *o, struct buf *b);
void reply_location(const struct bot_office *o, struct buf *b);
void reply_closed_note(const struct bot_office *o, struct buf *b);
void reply_sensitive(const struct bot_office *o, int photo, struct buf *b);

/* ---------------------------------------------------------------- state */

/* Keys of the conversation state object (see dialog.c). */
int state_greeted(const json_t *st);
void state_set_greeted(json_t *st);
int state_survey_pending(const json_t *st);
void state_clear_survey(json_t *st);
const char *state_last_service(const json_t *st);
void state_set_last_service(json_t *st, const char *slug);
/* The ids offered in the last reply, in order ("svc:sktm", ...). */
const char *state_option(const json_t *st, size_t i);
size_t state_noptions(const json_t *st);
void state_set_options(json_t *st, const struct bot_reply *r);
void state_set_regno(json_t *st, const char *regno);

#endif
