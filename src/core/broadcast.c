/* broadcast: see broadcast.h. */
#include "core/broadcast.h"
#include "util/utf8.h"
#include <stdio.h>
#include <string.h>

/* The message folded to lower-case words separated by one space: ASCII
 * letters and digits kept, everything else a separator. A message with
 * any non-ASCII letter (an emoji is fine: it is dropped) still folds; it
 * simply will not equal a keyword unless its words do. 0, or -1 when it is
 * too long to be a keyword at all. */
static int fold(const char *s, char *out, size_t n)
{
    size_t o = 0;
    int space = 0;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 'A' && c <= 'Z') c = (unsigned char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (space && o) {
                if (o + 1 >= n) return -1;
                out[o++] = ' ';
            }
            space = 0;
            if (o + 1 >= n) return -1;
            out[o++] = (char)c;
        } else {
            space = 1;
        }
    }
    out[o] = '\0';
    return 0;
}

enum sub_keyword sub_keyword_match(const char *text)
{
    static const char *const in[] = {"langganan info", "langganan", "berlangganan",
                                     "daftar info", "langganan berita", "berlangganan info",
                                     NULL};
    static const char *const out[] = {"berhenti", "stop", "berhenti langganan",
                                      "berhenti berlangganan", "unsubscribe", NULL};
    char f[48];
    if (!text || fold(text, f, sizeof f) != 0 || !*f) return SUB_NONE;
    for (size_t i = 0; in[i]; i++)
        if (strcmp(f, in[i]) == 0) return SUB_IN;
    for (size_t i = 0; out[i]; i++)
        if (strcmp(f, out[i]) == 0) return SUB_OUT;
    return SUB_NONE;
}

void sub_confirm_text(enum sub_keyword k, int fresh, const char *office, char *out, size_t n)
{
    if (k == SUB_OUT)
        snprintf(out, n, "Anda sudah berhenti berlangganan info dari %s. Kami tidak akan "
                 "mengirim pengumuman lagi ke nomor ini. Bila ingin berlangganan kembali, "
                 "balas *langganan info*.", office);
    else if (fresh)
        snprintf(out, n, "Terima kasih, Anda sekarang berlangganan info terbaru dari %s: "
                 "pengumuman, informasi layanan dan program pemerintah, paling sering "
                 "beberapa kali seminggu. Untuk berhenti kapan saja, balas *berhenti*.",
                 office);
    else
        snprintf(out, n, "Anda sudah berlangganan info terbaru dari %s. Untuk berhenti "
                 "kapan saja, balas *berhenti*.", office);
}

void broadcast_preview(const char *office, const char *title, const char *summary,
                       const char *link, char *out, size_t n)
{
    snprintf(out, n, "Info terbaru dari %s: *%s*\n\n%s\n\nSelengkapnya: %s\n\n"
             "Balas *berhenti* bila tidak ingin menerima info lagi.", office, title, summary,
             link);
}

void broadcast_summary_cut(const char *summary, size_t max, char *out, size_t n)
{
    size_t chars = 0, i = 0, last_space = 0;
    while (summary[i] && chars < max) {
        if (summary[i] == ' ') last_space = i;
        i++;
        while (((unsigned char)summary[i] & 0xC0) == 0x80) i++;
        chars++;
    }
    if (!summary[i]) {
        utf8_copy(out, n, summary);
        return;
    }
    size_t keep = last_space > max / 2 ? last_space : i;
    if (keep + sizeof "…" > n) keep = utf8_cut(summary, keep, n - sizeof "…");
    memcpy(out, summary, keep);
    memcpy(out + keep, "…", sizeof "…");
}
