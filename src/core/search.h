/* search: finds services by what citizens type: the name, the slug, a
 * synonym or abbreviation from the catalogue ("sktm", "surat tidak mampu"),
 * or a word with a typo ("domisli"). Pure functions, no I/O: the portal's
 * search box uses it now and the chat bot (issue 5) builds on the same
 * scoring, so "how well do we understand the citizen" is tested once.
 *
 * The index is built from an array of service objects (keys used: slug,
 * name, synonyms[], category, summary). Building it for a 16-service
 * catalogue takes microseconds, so callers build one per request. */
#ifndef BALAI_SEARCH_H
#define BALAI_SEARCH_H
#include <jansson.h>
#include <stddef.h>

struct search_index;

struct search_hit {
    size_t index;       /* position in the services array */
    double score;       /* 0..1; 1 = the query is exactly a name/slug/synonym */
};

/* Results below this score are not shown. */
#define SEARCH_MIN_SCORE 0.45

struct search_index *search_build(const json_t *services);
void search_free(struct search_index *ix);

/* Fills up to `max` hits with score >= SEARCH_MIN_SCORE, best first.
 * Returns the count (0 when nothing matches or the query is empty). */
size_t search_query(const struct search_index *ix, const char *query, struct search_hit *hits,
                    size_t max);

/* Lower-cases ASCII, turns punctuation into spaces and collapses runs of
 * spaces; UTF-8 letters are kept. out must hold strlen(in)+1 bytes. */
void search_normalise(const char *in, char *out, size_t n);

#endif
