/* picture: a citizen's photo decoded and encoded afresh (leptonica), so
 * that what is kept is only the picture: bytes appended to it (an HTML
 * page after a PNG), metadata (EXIF with the phone's location) and
 * anything else a decoder ignores are gone. A JPEG's EXIF orientation is
 * applied to the pixels first, so the photo still stands the right way. */
#ifndef BALAI_PICTURE_H
#define BALAI_PICTURE_H
#include <stddef.h>
#include "util/buf.h"

#define PICTURE_PIXELS_MAX (40u * 1000 * 1000)

/* Decodes `in` as a PNG (png set) or a JPEG and appends the new encoding
 * in the same format to out. One picture at a time in the process (a
 * 40-megapixel one takes 160 MB while decoded). 0, or -1 when it is not a
 * readable picture of that format or is too large. */
int picture_recode(const void *in, size_t len, int png, struct buf *out);

/* The same for a PNG, JPEG or WebP (a content visual, issue 16). */
enum { PICTURE_JPEG, PICTURE_PNG, PICTURE_WEBP };
int picture_recode_as(const void *in, size_t len, int kind, struct buf *out);
/* Width and height from the header of a picture of that kind; 0 or -1. */
int picture_size(const void *in, size_t len, int kind, int *w, int *h);

/* Any picture leptonica reads, as an RGB PNG (for cairo). 0 or -1. */
int picture_to_png(const void *in, size_t len, struct buf *out);

/* Any picture leptonica reads, as a baseline JPEG of quality 90 (what
 * Instagram accepts). 0 or -1. */
int picture_to_jpeg(const void *in, size_t len, struct buf *out);

/* The EXIF orientation of a JPEG (1-8), 1 when it has none. */
int picture_jpeg_orientation(const unsigned char *p, size_t n);

#endif
