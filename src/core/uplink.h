/* uplink: tokens of private upload links (/unggah/{token}) that the
 * database never holds. A token is 64 hex characters: a random 16-byte
 * nonce and the first 16 bytes of HMAC-SHA256(process key, nonce). The
 * upload_link row keeps only SHA-256(token); the message that carries the
 * link keeps it masked, "/unggah/<nonce>…", and the full link is put back
 * (uplink_reveal) only on its way to the citizen: the WhatsApp/Telegram
 * send and the portal chat's poll, which the visitor's own token guards.
 * A copy of the database alone (a backup) therefore opens no link. */
#ifndef BALAI_UPLINK_H
#define BALAI_UPLINK_H

#define UPLINK_MASKED_MAX 40    /* 32 hex + "…" + NUL */

/* A fresh link: its masked form (for the message text) and the hash to
 * store. 0, or -1 with no key loaded. */
int uplink_new(char masked[UPLINK_MASKED_MAX], char hash[65]);
/* SHA-256 hex of a token as given in a URL. */
void uplink_hash(const char *token, char hash[65]);
/* text with each masked link replaced by the full one (malloc'd; NULL
 * when out of memory). Without a key the text is copied as it is. */
char *uplink_reveal(const char *text);
/* text with each whole link (64 hex after "/unggah/") masked: for
 * messages stored before links were masked. malloc'd; NULL when out of
 * memory. */
char *uplink_mask(const char *text);

#endif
