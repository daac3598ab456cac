/* wafmt: WhatsApp's text formatting as safe HTML for the console's thread.
 * Citizens and staff write *bold*, _italic_, ~strike~ and ```mono``` in
 * WhatsApp; the inbox shows them the way WhatsApp does. */
#ifndef BALAI_WAFMT_H
#define BALAI_WAFMT_H

/* `text` as HTML: every character escaped first (tpl_escape_html), then
 * <strong>, <em>, <s> and <code> for the markers WhatsApp understands,
 * and http(s) addresses as links that open in a new tab. Nothing in the
 * text itself ever becomes markup. Returns a malloc'd string (caller
 * frees), or NULL when out of memory. */
char *wafmt_html(const char *text);

/* `text` as WhatsApp's chat list previews it: the same markers read the
 * same way, but dropped ("*Syarat* SKCK" -> "Syarat SKCK"), addresses and
 * everything else as typed. Plain text, not escaped: a template escapes it
 * like any value. malloc'd (caller frees), or NULL when out of memory. */
char *wafmt_plain(const char *text);

#endif
