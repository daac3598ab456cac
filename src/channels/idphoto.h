/* idphoto: is a citizen's photo an Indonesian ID card (KTP) or family card
 * (Kartu Keluarga)? A caption naming "KTP" is caught by the bot; a photo
 * sent without one is recognised here by what it shows: the image is
 * decoded (leptonica), shrunk to a size OCR reads in about half a second,
 * read by Tesseract ("ind+eng"), and the text is classified.
 *
 * The OCR text holds the citizen's NIK: it never leaves idphoto_check, is
 * never stored or logged, and is wiped before it is freed.
 *
 * idphoto_classify (idclass.c) is pure and unit-tested on OCR text;
 * idphoto_check (idphoto.c) does the I/O-free but CPU-heavy image work and
 * keeps one Tesseract handle per calling thread (they are not thread-safe),
 * freed when the thread ends. */
#ifndef BALAI_IDPHOTO_H
#define BALAI_IDPHOTO_H
#include <stddef.h>

enum idphoto_kind {
    IDPHOTO_NONE = 0,   /* read, and not an ID card */
    IDPHOTO_KTP,
    IDPHOTO_KK,
    IDPHOTO_UNKNOWN,    /* not read: not an image we decode, too large, no OCR data */
};

struct idphoto {
    enum idphoto_kind kind;
    int ms;             /* time spent decoding and reading, for the log */
};

/* "none", "ktp", "kk", "unknown". */
const char *idphoto_name(enum idphoto_kind k);
/* What staff and citizens call it: "KTP", "KK", "". */
const char *idphoto_label(enum idphoto_kind k);

/* Classifies OCR text (UTF-8, any case; NULL is empty). Tolerates OCR
 * mistakes: "N1K", "PROVlNSI", letters for digits and spaces inside the
 * 16-digit number. Needs several independent markers, so that a form, a
 * receipt or a letter from the RT that asks for the same personal data
 * is not an ID card:
 *   KK:  a label only the family card has (Nama Kepala Keluarga, Status
 *        Hubungan Dalam Keluarga, Dokumen Imigrasi ...), and either the
 *        title "KARTU KELUARGA" with a 16-digit number, or the title or a
 *        number with three labels of the card in all;
 *   KTP: a 16-digit number, a label only the KTP has (Gol. Darah,
 *        Berlaku Hingga, SEUMUR HIDUP), and three KTP field labels in all
 *        (Tempat/Tgl Lahir, Jenis Kelamin, Agama ..., or the word NIK in
 *        front of the number).
 * Returns IDPHOTO_KTP, IDPHOTO_KK or IDPHOTO_NONE. */
enum idphoto_kind idphoto_classify(const char *ocr_text);

/* Whether bytes are a JPEG or PNG (by content; the platform's MIME type
 * is only a hint). */
int idphoto_is_image(const void *bytes, size_t len);

/* Reads the image and classifies it into out. `mime` may be NULL (the
 * bytes decide). Returns 0 with out->kind set (IDPHOTO_UNKNOWN when it
 * could not be read), -1 when out is NULL. Never crashes on bad input;
 * without Tesseract's language data it logs that once and answers
 * IDPHOTO_UNKNOWN. */
int idphoto_check(const void *bytes, size_t len, const char *mime, struct idphoto *out);

/* OCR on or off for the whole process (`balai serve --no-ocr`, or
 * BALAI_OCR=0 in the environment, for very weak PCs). On by default. */
void idphoto_set_enabled(int on);
int idphoto_enabled(void);

#endif
