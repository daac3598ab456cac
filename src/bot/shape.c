/* shape: what a message does as a turn of talk, whatever its topic: does
 * it ask something, does it want something done, does it close a finished
 * request ("suratnya sudah saya ambil, makasih"), is it a rating after one
 * ("puas, petugasnya ramah"). bot.c uses these to keep thanks and ratings
 * from being read as a status question. Words are in their standard
 * spelling (lang.c), so "gmn", "kapan" and "when" read alike. */
#include <string.h>

#include "bot/internal.h"

static int is_one_of(const char *w, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(w, list[i]) == 0) return 1;
    return 0;
}

static int has_word(const struct message *m, const char *const *list, size_t n)
{
    for (size_t i = 0; i < m->n; i++)
        if (is_one_of(m->w[i].s, list, n)) return 1;
    return 0;
}

static const char *const question_words[] = {
    "belum", "kapan", "apa", "bagaimana", "berapa", "dimana", "mana", "kah", "bisa",
    "boleh", "kenapa", "mengapa", "tanya", "dapat", "apakah", "gimana", "kemana",
};

int shape_asks(const struct message *m)
{
    return m->cue.weight[CUE_REQ] > 0
           || has_word(m, question_words, sizeof question_words / sizeof question_words[0]);
}

/* A rating may praise or tell what a question would ask about
 * ("pelayanan gratis", "berkasnya sempat hilang"): with no question word,
 * those words ask nothing there. */
static int rating_asks(const struct message *m)
{
    static const char *const told[] = { "gratis", "berkas", "berkasnya", "dokumen" };
    if (has_word(m, question_words, sizeof question_words / sizeof question_words[0])) return 1;
    return m->cue.weight[CUE_REQ] > 0 && !has_word(m, told, sizeof told / sizeof told[0]);
}

int shape_wants(const struct message *m)
{
    static const char *const wish[] = {
        "mau", "ingin", "hendak", "perlu", "butuh", "minta", "mohon", "tolong", "urus", "bikin",
        "ajukan", "daftar", "lapor", "bantu",
    };
    return has_word(m, wish, sizeof wish / sizeof wish[0]);
}

/* A finished request acknowledged: thanks said anywhere, or an opening
 * "oke", "siap", "sip", with neither a question nor a wish, and when a
 * service is named, a word saying it is done ("sudah", "selesai"). */
int shape_closing(const struct message *m, int names_service)
{
    static const char *const opening_ack[] = {
        "oke", "sip", "siap", "baik", "noted", "mantap", "alhamdulillah", "beres",
    };
    static const char *const done[] = {
        "sudah", "selesai", "beres", "terima", "diterima", "ambil", "diambil", "jadi",
        "nanti", "segera",      /* "oke, nanti saya lengkapi" */
    };
    if (m->n == 0) return 0;
    const int thanks = m->cue.weight[CUE_THANKS] > 0;
    const int ack = is_one_of(m->w[0].s, opening_ack, sizeof opening_ack / sizeof opening_ack[0]);
    static const char *const later[] = { "nanti", "besok", "segera", "secepatnya" };
    static const char *const q[] = {
        "belum", "kapan", "apa", "bagaimana", "berapa", "dimana", "mana", "kah", "bisa", "boleh",
    };
    if (!thanks && !ack) return 0;
    /* "baik, nanti saya lengkapi berkasnya": a promise, not a question */
    if (ack && has_word(m, later, sizeof later / sizeof later[0])
        && !has_word(m, q, sizeof q / sizeof q[0]) && m->cue.weight[CUE_COMPLAINT] < CUE_STRONG)
        return 1;
    /* "sip, berkas sudah saya ambil": a document named as done, not asked
     * about; with thanks, what it was for ("sudah dipakai buat daftar
     * sekolah") is no new wish, only "mau", "perlu"... are */
    static const char *const wish[] = {
        "mau", "ingin", "hendak", "perlu", "butuh", "minta", "mohon", "tolong",
    };
    const int done_said = has_word(m, done, sizeof done / sizeof done[0]);
    const int asks = done_said ? has_word(m, q, sizeof q / sizeof q[0]) : shape_asks(m);
    const int wants = thanks && done_said ? has_word(m, wish, sizeof wish / sizeof wish[0])
                                          : shape_wants(m);
    if (asks || wants || m->cue.weight[CUE_COMPLAINT] >= CUE_STRONG) return 0;
    if (names_service) return has_word(m, done, sizeof done / sizeof done[0]);
    return thanks || has_word(m, done, sizeof done / sizeof done[0]) || words_content(m) == 0;
}

/* A rating said with its reason, longer than the four words decide_strong
 * takes on their own: a satisfaction word or score, no question, no wish.
 * Past ten words only with a score said as one ("..., nilai 3"), which a
 * complaint does not give. */
int shape_rating(const struct message *m)
{
    static const char *const said[] = {
        "puas", "memuaskan", "nilai", "bintang", "skor", "rating", "rate", "nilainya",
    };
    static const char *const scored[] = { "nilai", "bintang", "skor", "rating", "nilainya" };
    int digit = 0;
    for (size_t i = 0; i < m->n; i++) digit |= m->w[i].digit >= 1 && m->w[i].digit <= 5;
    /* "4, lumayan cepat": a leading score said with its word */
    const int leads = m->n > 0 && m->w[0].digit >= 1 && m->w[0].digit <= 5;
    const int fits = m->n <= 10
                     || (m->n <= 20 && digit && has_word(m, scored, sizeof scored / sizeof scored[0]));
    return m->cue.weight[CUE_SURVEY] >= CUE_STRONG && m->cue.rating && fits
           && (leads || has_word(m, said, sizeof said / sizeof said[0])) && !rating_asks(m)
           && !shape_wants(m);
}
