/* cues: the phrases that tell what a message is about besides a service:
 * a greeting or a vague opener ("mau tanya dong"), thanks, the menu, office hours, the location, the status of
 * a request, a complaint, a wish to talk to a person, a survey rating, a
 * question about requirements, a document being sent, a paper already
 * held before the need that follows ("akta kematian sudah ada, sekarang
 * ..."), another office's paper named with words a service shares
 * ("sertifikat tanah hilang"), an ID card about to
 * be sent ("saya kirimkan foto KTP-nya"). Internal to
 * src/bot; the patterns themselves are in cues.c. */
#ifndef BALAI_BOT_CUES_H
#define BALAI_BOT_CUES_H
#include <stddef.h>
#include <stdint.h>

enum cue_class {
    CUE_GREET, CUE_THANKS, CUE_ACK, CUE_MENU, CUE_HOURS, CUE_LOC, CUE_STATUS,
    CUE_COMPLAINT, CUE_HUMAN, CUE_SURVEY, CUE_REQ, CUE_DOC, CUE_IDSEND, CUE_OPENER, CUE_HAVE,
    CUE_ELSEWHERE, CUE_NCLASS,
};

/* Weight from which a matched pattern is decisive; from which it decides
 * when no service is found; and from which its words are taken as said
 * about that cue, not about a service. */
#define CUE_STRONG 0.95f
#define CUE_MEDIUM 0.55f
#define CUE_CONSUME 0.55f

/* Distinct words of all patterns (for lang.c's table). */
size_t cue_word_count(void);
const char *cue_word(size_t i);

/* Compiles the patterns against lang's table; safe from any thread. */
void cues_init(void);
/* 1 when every word and slot of every pattern fit the compiled tables
 * (a unit test checks it: a pattern added past their size would else
 * silently never match). */
int cues_complete(void);

/* A message as lang indices (-1 for words lang does not know) and, for
 * the survey's "#" slot, the digit each word is (0 if none). */
struct cue_input {
    size_t n;
    const long *lang;
    const uint8_t *digit;
};

struct cue_result {
    float weight[CUE_NCLASS];   /* best matched weight per class, 0 if none */
    int rating;                 /* 1..5 from the longest survey pattern */
    float rating_weight;
    size_t rating_len;          /* words in that pattern */
};

/* Matches every pattern; words of matched patterns of weight >=
 * CUE_CONSUME (other than CUE_REQ, CUE_DOC and CUE_IDSEND) get
 * consumed[i] = 1. */
void cues_match(const struct cue_input *in, struct cue_result *out, uint8_t *consumed);

#endif
