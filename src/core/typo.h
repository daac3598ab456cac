/* typo: how far apart two words are, for matching what citizens type with
 * a slip of the thumb ("domisli", "sktn"). Shared by the portal search
 * (core/search.c) and the bot (bot/words.c). Pure functions. */
#ifndef BALAI_TYPO_H
#define BALAI_TYPO_H
#include <stddef.h>
#include <stdint.h>

#define TYPO_WORD_MAX 32    /* longer words are only ever equal, never near */

/* Bits for the letters of a word: a-z, digits folded into 4 bits, other
 * bytes into 2. An edit changes at most 2 bits, so words whose masks
 * differ in more than 2k bits are more than k edits apart (typo_far). */
uint32_t typo_mask(const char *w, size_t len);
int typo_far(uint32_t a, uint32_t b, int k);

/* Optimal string alignment distance (Damerau-Levenshtein where a swapped
 * pair is one edit), or k+1 when it exceeds k or a word is longer than
 * TYPO_WORD_MAX. */
int typo_distance(const char *a, size_t la, const char *b, size_t lb, int k);

/* How well the words of `query` match `name`, both normalised (lower case,
 * words separated by single spaces, e.g. search_normalise): 2 when the
 * query is part of the name as typed, 1 when every query word is the start
 * of a name word (3 letters or more) or within a slip of the thumb of one
 * (1 edit from 4 letters, 2 from 8), 0 otherwise. For names of offices
 * ("jelitk" finds "Kelurahan Jelitik"). */
int typo_words_match(const char *query, const char *name);

#endif
