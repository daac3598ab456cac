/* print: the printables, drawn by the program with cairo + pango (Noto
 * fonts) so an office needs no designer and no office suite:
 *  - an A4 brochure PDF of one service,
 *  - an A4 poster PDF of the office with QR codes (WhatsApp, portal),
 *  - square 1080x1080 PNG cards of a service's requirements for Instagram
 *    and WhatsApp status; a long checklist continues on further cards,
 *  - the PWA icons.
 * Inputs are the same jansson view-model objects the portal renders:
 *   office:  slug name type address phone whatsapp (digits, 62...) email
 *            parent_name, status (optional: {"open":bool,"label":str})
 *   service: slug name category summary checklist[{item note count}]
 *            steps[] days cost legal_basis[] request_type faq[{q a}]
 *            note_for_citizen
 * Text never overflows: it is wrapped by pango, a brochure that would not
 * fit on one page is drawn with smaller type, and cards are split.
 * Every function appends to `out` and returns 0, or -1 on failure. */
#ifndef BALAI_PRINT_H
#define BALAI_PRINT_H
#include <jansson.h>
#include "util/buf.h"

/* portal_url: absolute link to the service page, printed and as a QR code. */
int print_brochure_pdf(const json_t *office, const json_t *service, const char *portal_url,
                       struct buf *out);

/* services: array of service objects (active ones, by category).
 * wa_url: https://wa.me/62...?text=... or NULL when the office has no
 * WhatsApp; portal_url: absolute link to the office page. */
int print_poster_pdf(const json_t *office, const json_t *services, const char *wa_url,
                     const char *portal_url, struct buf *out);

/* How many cards the service needs (>= 1), and card k (1..count). */
int print_card_count(const json_t *office, const json_t *service);

/* The card (1-based) of each entry of the plan: the checklist items in
 * order, then the note when the service has one; 0 past the plan. Returns
 * the card count, or -1. For tests and the count above. */
int print_card_plan(const json_t *office, const json_t *service, int *card, size_t n);
int print_card_png(const json_t *office, const json_t *service, int k, const char *portal_url,
                   struct buf *out);

/* The app icon, size x size pixels (192 and 512 for the manifest). */
int print_icon_png(int size, struct buf *out);

#endif
