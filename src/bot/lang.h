/* lang: what the bot knows about everyday Indonesian words, independent of
 * any catalogue: chat spellings ("gmn" = "bagaimana"), words that never
 * tell a service apart (particles, pronouns, time words, requests), words
 * too common in stories to decide alone ("anak", "baru"), and concept
 * words that relate a citizen's word to the words catalogues use
 * ("wafat" -> "meninggal kematian"). Internal to src/bot.
 *
 * The tables are static text parsed once (pthread_once) into one sorted
 * array in static storage: no heap, so nothing to free and nothing for
 * valgrind to report. Lookups are binary searches. */
#ifndef BALAI_BOT_LANG_H
#define BALAI_BOT_LANG_H
#include <stddef.h>
#include <stdint.h>

enum { LANG_WORD_MAX = 32, LANG_MAX_ENTRIES = 6144 };

enum {
    LW_STOP = 1,        /* says nothing about which service is meant */
    LW_WEAK = 2,        /* content, but common in stories: counts little */
    LW_CUE = 4,         /* used by an intent pattern (cues.c) */
    LW_FOREIGN = 8,     /* a need catalogues often lack ("paspor"): unless
                           the catalogue uses the word, the message is
                           about something else, so the word weighs heavily */
    LW_OVERRIDE = 16,   /* a foreign need even beside a service's name */
    LW_EVENT = 32,      /* a life event told as the story's background ("bapak
                           meninggal"): when the other words tell a need of
                           their own, that need decides (match.c) */
};

struct lword {
    const char *w;
    const char *canon;      /* standard spelling, or NULL */
    const char *concept;    /* space-separated target words, or NULL */
    uint16_t len;
    uint8_t flags;
};

/* Parses the tables on first use; safe from any thread. */
void lang_init(void);

/* The entry for word w (len bytes), or NULL. Index in the sorted table
 * via lang_index (for cue patterns), -1 if unknown. */
const struct lword *lang_find(const char *w, size_t len);
long lang_index(const char *w, size_t len);
const struct lword *lang_at(long i);
size_t lang_count(void);
/* Entries [*lo, *hi) start with byte ch (the table is sorted). */
void lang_first_letter(char ch, size_t *lo, size_t *hi);

/* Prepares one normalised word in place: squeezes letters repeated 3+
 * times ("halooo" -> "halo"), drops the reduplication digit ("anak2"),
 * and applies the chat spelling. Returns the new length. buf holds
 * LANG_WORD_MAX+1 bytes. */
size_t lang_prepare(char *buf, size_t len);

/* Candidate roots of w after stripping Indonesian affixes, most likely
 * first ("dibuatkan" -> "buatkan", "buat"; "ngurusin" -> "urus"). Each is
 * NUL-terminated in out[i]; returns the count. */
size_t lang_stems(const char *w, size_t len, char (*out)[LANG_WORD_MAX + 1], size_t max);

/* Roots of a derived catalogue word by its confix (ke-an, pe(N)-an,
 * per-an, -an, -kan): "kelahiran" -> "lahir", "pinjaman" -> "pinjam". */
size_t lang_confix_roots(const char *w, size_t len, char (*out)[LANG_WORD_MAX + 1], size_t max);

#endif
