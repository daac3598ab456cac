/* uplink: see uplink.h. */
#include "core/uplink.h"
#include "core/secret.h"
#include "util/buf.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NONCE_HEX 32
#define ELLIPSIS "\xe2\x80\xa6"

/* the MAC half of the token for a nonce (32 hex + NUL) */
static int mac_of(const char *nonce, char out[NONCE_HEX + 1])
{
    char msg[64];
    unsigned char mac[32];
    snprintf(msg, sizeof msg, "balai-upload-link:%.*s", NONCE_HEX, nonce);
    if (secret_mac(msg, mac) != 0) return -1;
    sodium_bin2hex(out, NONCE_HEX + 1, mac, NONCE_HEX / 2);
    sodium_memzero(mac, sizeof mac);
    return 0;
}

void uplink_hash(const char *token, char hash[65])
{
    unsigned char h[32];
    crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
    sodium_bin2hex(hash, 65, h, sizeof h);
}

int uplink_new(char masked[UPLINK_MASKED_MAX], char hash[65])
{
    unsigned char raw[NONCE_HEX / 2];
    char token[2 * NONCE_HEX + 1];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(token, sizeof token, raw, sizeof raw);
    if (mac_of(token, token + NONCE_HEX) != 0) return -1;
    uplink_hash(token, hash);
    snprintf(masked, UPLINK_MASKED_MAX, "%.*s" ELLIPSIS, NONCE_HEX, token);
    sodium_memzero(token, sizeof token);
    return 0;
}

/* a masked link starts at p: 32 lowercase hex then the ellipsis */
static int masked_at(const char *p)
{
    return strspn(p, "0123456789abcdef") == NONCE_HEX &&
           strncmp(p + NONCE_HEX, ELLIPSIS, strlen(ELLIPSIS)) == 0;
}

char *uplink_reveal(const char *text)
{
    static const char mark[] = "/unggah/";
    struct buf b;
    buf_init(&b, 0);
    const char *p = text, *hit;
    while ((hit = strstr(p, mark))) {
        const char *nonce = hit + strlen(mark);
        char mac[NONCE_HEX + 1];
        buf_add(&b, p, (size_t)(nonce - p));
        p = nonce;
        if (masked_at(nonce) && mac_of(nonce, mac) == 0) {
            buf_add(&b, nonce, NONCE_HEX);
            buf_add(&b, mac, NONCE_HEX);
            p = nonce + NONCE_HEX + strlen(ELLIPSIS);
        }
    }
    buf_puts(&b, p);
    char *out = buf_steal(&b);
    buf_free(&b);
    return out ? out : strdup("");
}

char *uplink_mask(const char *text)
{
    static const char mark[] = "/unggah/";
    struct buf b;
    buf_init(&b, 0);
    const char *p = text, *hit;
    while ((hit = strstr(p, mark))) {
        const char *tok = hit + strlen(mark);
        buf_add(&b, p, (size_t)(tok - p));
        p = tok;
        if (strspn(tok, "0123456789abcdef") == 2 * NONCE_HEX) {
            buf_add(&b, tok, NONCE_HEX);
            buf_puts(&b, ELLIPSIS);
            p = tok + 2 * NONCE_HEX;
        }
    }
    buf_puts(&b, p);
    char *out = buf_steal(&b);
    buf_free(&b);
    return out;
}
