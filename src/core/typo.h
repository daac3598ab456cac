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

#endif
