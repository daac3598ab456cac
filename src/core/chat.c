/* chat: see chat.h. */
#include "core/chat.h"
#include <string.h>

const char *chat_channel_label(const char *c)
{
    if (!c) return "Loket";
    if (strcmp(c, "whatsapp") == 0) return "WhatsApp";
    if (strcmp(c, "telegram") == 0) return "Telegram";
    if (strcmp(c, "web") == 0) return "Obrolan portal";
    return "Loket";
}

const char *chat_state_label(const char *s)
{
    if (s && strcmp(s, "human") == 0) return "Ditangani petugas";
    if (s && strcmp(s, "closed") == 0) return "Selesai";
    return "Dijawab bot";
}

const char *chat_reach_label(enum web_reach r)
{
    if (r == WEB_REACH_BROWSER) return "Pemberitahuan di peramban aktif";
    if (r == WEB_REACH_WHATSAPP) return "Nomor WhatsApp hanya untuk pemberitahuan status";
    return "Pengunjung tidak akan diberi tahu";
}

const char *chat_reach_detail(enum web_reach r, int has_phone)
{
    if (r == WEB_REACH_BROWSER)
        return "Balasan Anda muncul sebagai pemberitahuan di perangkat pengunjung, walau halaman "
               "obrolan sudah ditutup.";
    if (r == WEB_REACH_WHATSAPP)
        return "Ia belum pernah menulis ke WhatsApp kantor, jadi nomor yang ia tinggalkan hanya "
               "dapat menerima pesan resmi yang sudah disetujui (status permohonan, ajakan tindak "
               "lanjut). Balasan yang Anda ketik baru terlihat saat ia membuka obrolan lagi.";
    if (has_phone)
        return "Ia tidak menyalakan pemberitahuan, dan nomornya belum dapat dipakai karena WhatsApp "
               "kantor belum tersambung: balasan baru terlihat saat ia membuka obrolan lagi.";
    return "Ia tidak menyalakan pemberitahuan dan tidak meninggalkan nomor WhatsApp: balasan baru "
           "terlihat saat ia membuka obrolan lagi.";
}

const char *chat_reach_code(enum web_reach r)
{
    if (r == WEB_REACH_BROWSER) return "browser";
    if (r == WEB_REACH_WHATSAPP) return "whatsapp";
    return "none";
}
