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

/* Content items (issue 16; print/content.c). item: title item_date source
 * contact summary action_points[] document_url, plus type_label ("Pengumuman")
 * and portal_url (the item's absolute page on the portal). office: name
 * parent_name. Every text is fitted into its box (smaller type down to a
 * minimum, then cut with "…"); the layout functions report the boxes and
 * what was laid out in them (for the tests), drawing uses the same plan. */
struct print_box {
    const char *name;           /* office type title summary points url ... */
    double x, y, w, h;          /* the box the text must stay inside */
    double text_w, text_h, pt;  /* what was laid out, at which size */
};
/* The generated visual, 1080 wide and `height` (1080 or 1350) tall, PNG.
 * With office.has_logo the band keeps room for the logo, drawn from
 * logo_png (PNG bytes; NULL or unreadable: the room stays empty). */
int print_visual_layout(const json_t *office, const json_t *item, int height,
                        struct print_box *boxes, size_t n);
int print_visual_png(const json_t *office, const json_t *item, int height,
                     const struct buf *logo_png, struct buf *out);
/* The A4 pamphlet PDF with a QR code to portal_url; visual_png: the
 * item's visual as PNG bytes, or NULL. img_w/img_h: its size (0: none). */
int print_pamphlet_layout(const json_t *office, const json_t *item, int img_w, int img_h,
                          struct print_box *boxes, size_t n);
int print_pamphlet_pdf(const json_t *office, const json_t *item, const struct buf *visual_png,
                       struct buf *out);

/* The app icon, size x size pixels (192 and 512 for the manifest). */
int print_icon_png(int size, struct buf *out);

#endif
