/* picture: see picture.h. */
#include "util/picture.h"
#include <leptonica/allheaders.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* the orientation tag (0x0112) in IFD0 of the TIFF block of an EXIF segment */
static int tiff_orientation(const unsigned char *t, size_t n)
{
    if (n < 8 || (t[0] != 'I' && t[0] != 'M')) return 1;
    int le = t[0] == 'I';
#define U16(o) (le ? (unsigned)t[o] | (unsigned)t[(o) + 1] << 8 : (unsigned)t[o] << 8 | t[(o) + 1])
    uint32_t ifd = le ? (uint32_t)U16(4) | (uint32_t)U16(6) << 16
                      : (uint32_t)U16(4) << 16 | (uint32_t)U16(6);
    if ((size_t)ifd + 2 > n) return 1;
    unsigned count = U16(ifd);
    for (unsigned k = 0; k < count; k++) {
        size_t e = ifd + 2 + 12 * (size_t)k;
        if (e + 12 > n) break;
        if (U16(e) == 0x0112) {
            unsigned v = U16(e + 8);
            return v >= 1 && v <= 8 ? (int)v : 1;
        }
    }
#undef U16
    return 1;
}

int picture_jpeg_orientation(const unsigned char *p, size_t n)
{
    size_t i = 2;
    if (n < 4 || p[0] != 0xFF || p[1] != 0xD8) return 1;
    while (i + 4 <= n && p[i] == 0xFF) {
        unsigned marker = p[i + 1];
        size_t len = (size_t)p[i + 2] << 8 | p[i + 3];
        if (marker == 0xDA || len < 2 || i + 2 + len > n) break;
        if (marker == 0xE1 && len >= 16 && memcmp(p + i + 4, "Exif\0\0", 6) == 0)
            return tiff_orientation(p + i + 10, len - 8);
        i += 2 + len;
    }
    return 1;
}

/* pix turned as the EXIF orientation says (consumes pix) */
static PIX *upright(PIX *pix, int orientation)
{
    static const int quads[9] = {0, 0, 0, 2, 0, 1, 1, 1, 3};
    PIX *out = pix;
    if (quads[orientation]) out = pixRotateOrth(pix, quads[orientation]);
    if (out && (orientation == 2 || orientation == 5)) pixFlipLR(out, out);
    if (out && (orientation == 4 || orientation == 7)) pixFlipTB(out, out);
    if (out != pix) pixDestroy(&pix);
    return out;
}

static int iff_of(int kind)
{
    return kind == PICTURE_PNG ? IFF_PNG : kind == PICTURE_WEBP ? IFF_WEBP : IFF_JFIF_JPEG;
}

int picture_size(const void *in, size_t len, int kind, int *w, int *h)
{
    l_int32 format, pw, ph, bps, spp, cmap;
    if (pixReadHeaderMem(in, len, &format, &pw, &ph, &bps, &spp, &cmap) != 0 ||
        format != iff_of(kind) || pw <= 0 || ph <= 0)
        return -1;
    *w = pw;
    *h = ph;
    return 0;
}

int picture_recode_as(const void *in, size_t len, int kind, struct buf *out)
{
    int w, h;
    if (picture_size(in, len, kind, &w, &h) != 0 ||
        (uint64_t)w * (uint64_t)h > PICTURE_PIXELS_MAX)
        return -1;
    int turn = kind == PICTURE_JPEG ? picture_jpeg_orientation(in, len) : 1;
    l_uint8 *bytes = NULL;
    size_t n = 0;
    pthread_mutex_lock(&lock);
    setMsgSeverity(L_SEVERITY_NONE);
    PIX *pix = pixReadMem(in, len);
    if (pix && turn != 1) pix = upright(pix, turn);
    int rc = !pix ? -1 : kind == PICTURE_PNG ? pixWriteMem(&bytes, &n, pix, IFF_PNG)
             : kind == PICTURE_WEBP ? pixWriteMemWebP(&bytes, &n, pix, 85, 0)
             : pixWriteMemJpeg(&bytes, &n, pix, 90, 0);
    pixDestroy(&pix);
    pthread_mutex_unlock(&lock);
    if (rc == 0 && bytes) rc = buf_add(out, bytes, n);
    else rc = -1;
    lept_free(bytes);
    return rc;
}

int picture_recode(const void *in, size_t len, int png, struct buf *out)
{
    return picture_recode_as(in, len, png ? PICTURE_PNG : PICTURE_JPEG, out);
}

/* Decodes `in` (size checked from its header first) as 32-bit RGB and
 * appends it encoded as `format` (IFF_PNG or IFF_JFIF_JPEG). 0 or -1. */
static int convert_to(const void *in, size_t len, int format_out, struct buf *out)
{
    l_int32 format, w, h, bps, spp, cmap;
    if (pixReadHeaderMem(in, len, &format, &w, &h, &bps, &spp, &cmap) != 0 || w <= 0 || h <= 0 ||
        (uint64_t)w * (uint64_t)h > PICTURE_PIXELS_MAX)
        return -1;
    l_uint8 *bytes = NULL;
    size_t n = 0;
    pthread_mutex_lock(&lock);
    setMsgSeverity(L_SEVERITY_NONE);
    PIX *pix = pixReadMem(in, len);
    PIX *rgb = pix ? pixConvertTo32(pix) : NULL;
    int rc = !rgb ? -1 : format_out == IFF_PNG ? pixWriteMem(&bytes, &n, rgb, IFF_PNG)
                                               : pixWriteMemJpeg(&bytes, &n, rgb, 90, 0);
    pixDestroy(&rgb);
    pixDestroy(&pix);
    pthread_mutex_unlock(&lock);
    rc = rc == 0 && bytes ? buf_add(out, bytes, n) : -1;
    lept_free(bytes);
    return rc;
}

int picture_to_jpeg(const void *in, size_t len, struct buf *out)
{
    return convert_to(in, len, IFF_JFIF_JPEG, out);
}

int picture_to_png(const void *in, size_t len, struct buf *out)
{
    /* cairo reads 8-bit RGB(A) PNGs; a palette or grey picture is widened */
    return convert_to(in, len, IFF_PNG, out);
}
