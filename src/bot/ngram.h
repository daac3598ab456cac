/* ngram: a small statistical model of citizens' messages beside the rules:
 * multinomial naive Bayes over the character n-grams (NGRAM_MIN to
 * NGRAM_MAX letters, word boundaries included as spaces) of the
 * normalised text, each distinct gram counted once per message.
 *
 * It is trained at build time by tools/ngram.c from the labelled messages
 * of tests/data/bot-messages.tsv (Makefile: BOT_TRAIN) into a generated
 * table, build/gen/bot_model.c, which defines bot_ngram_model. The
 * normalisation and the gram hashes below are shared by the tool and the
 * bot, so both read a message the same way. Classes are "svc:<slug>" for
 * the services of the labelled data and the intent names of bot.h for the
 * rest. bot.c asks it only when the rules ask back or understand nothing
 * (see there). No allocation, no I/O; deterministic. */
#ifndef BALAI_BOT_NGRAM_H
#define BALAI_BOT_NGRAM_H
#include <stddef.h>
#include <stdint.h>

enum {
    NGRAM_MIN = 2, NGRAM_MAX = 5,
    NGRAM_TEXT_MAX = 1024,                      /* normalised bytes read */
    NGRAM_HASH_MAX = (NGRAM_MAX - NGRAM_MIN + 1) * NGRAM_TEXT_MAX,
    NGRAM_WORK = 3 * NGRAM_HASH_MAX,            /* the grams and a set to tell repeats */
    NGRAM_CLASS_MAX = 64,
};
#define NGRAM_ALPHA 0.1                         /* additive smoothing */

/* Normalised text: lower case ASCII letters, digits as '0', anything else
 * one space, runs of 3+ equal letters as two, a space at both ends. Writes
 * at most max - 1 bytes and a NUL; returns the length. */
size_t ngram_normalise(const char *text, char *out, size_t max);

/* The distinct gram hashes (never 0) of text, in the order they first
 * occur, at the start of work (room for NGRAM_WORK values, the rest is
 * scratch); returns the count. */
size_t ngram_hashes(const char *text, uint32_t *work);

/* A trained model. Slot i of the open-addressing table (linear probing,
 * cap a power of two, 0 when the model is empty) holds gram key[i] (0:
 * empty) and its classes ecls[first[i] .. first[i + 1]) with the weight
 * ew[] each: log(1 + count / NGRAM_ALPHA). A message's score for class k
 * is prior[k] + G * unseen[k] + the weights of its grams for k, over its
 * G distinct grams. */
struct ngram_model {
    size_t nclass;
    const char *const *cls;
    const float *prior, *unseen;
    size_t cap;
    const uint32_t *key, *first;
    const uint8_t *ecls;
    const float *ew;
};

extern const struct ngram_model bot_ngram_model;

/* Class index of name, or -1. */
long ngram_class(const struct ngram_model *m, const char *name);

/* Per-gram scores of text for each class into out (m->nclass values, the
 * sum over grams divided by their count: comparable across messages).
 * Returns 0, or -1 when the model is empty or the text has no gram. */
int ngram_scores(const struct ngram_model *m, const char *text, double *out);

#endif
