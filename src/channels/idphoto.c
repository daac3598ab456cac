/* idphoto: see idphoto.h. The image side: decoding with leptonica and
 * reading with Tesseract's C API (Debian's libtesseract5), both packaged
 * and far better than anything we could write. */
#include "channels/idphoto.h"
#include "util/log.h"
#include <dlfcn.h>
#include <leptonica/allheaders.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
/* capi.h declares a few functions without a prototype ("()") */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstrict-prototypes"
#include <tesseract/capi.h>
#pragma GCC diagnostic pop

/* The long side OCR gets. A KTP filling a phone photo has its small
 * labels at ~25 px here, enough for Tesseract, and a 12-megapixel photo
 * shrinks to a sixth of its pixels: ~0.5 s instead of several. */
#define LONG_SIDE_MAX 1600
/* Larger images are not decoded at all (a 16 MB PNG could be gigabytes
 * of pixels); JPEGs are decoded at 1/2, 1/4 or 1/8 directly, so phone
 * photos of any usual size pass. */
#define PIXELS_MAX (40 * 1000 * 1000)

static atomic_int enabled = 1;

void idphoto_set_enabled(int on) { atomic_store(&enabled, on != 0); }
int idphoto_enabled(void) { return atomic_load(&enabled); }

const char *idphoto_name(enum idphoto_kind k)
{
    switch (k) {
    case IDPHOTO_KTP: return "ktp";
    case IDPHOTO_KK: return "kk";
    case IDPHOTO_UNKNOWN: return "unknown";
    default: return "none";
    }
}

const char *idphoto_label(enum idphoto_kind k)
{
    return k == IDPHOTO_KTP ? "KTP" : k == IDPHOTO_KK ? "KK" : "";
}

int idphoto_is_image(const void *bytes, size_t len)
{
    const unsigned char *b = bytes;
    if (!b) return 0;
    if (len >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return 1;
    return len >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0;
}

/* --- one Tesseract per thread ------------------------------------------ */

/* A thread's handle: NULL before the first photo; `failed` once loading
 * the language data did not work (not retried on every photo). */
static _Thread_local TessBaseAPI *tess;
static _Thread_local int tess_failed;
static pthread_key_t tess_key;
static pthread_once_t tess_once = PTHREAD_ONCE_INIT;
static atomic_int told_missing;

static void tess_exit(void *unused)
{
    if (tess) {
        TessBaseAPIEnd(tess);
        TessBaseAPIDelete(tess);
        tess = NULL;
    }
}

static void tess_key_make(void)
{
    pthread_key_create(&tess_key, tess_exit);
    /* leptonica reports every undecodable photo on stderr: we say it once */
    setMsgSeverity(L_SEVERITY_NONE);
}

/* Debian's Tesseract runs parts of its network on OpenMP threads, one per
 * core. Beside other work on a small PC they only wait for each other: a
 * card took 1.7 s instead of 0.35 s on two busy cores. OMP_THREAD_LIMIT
 * is read when the library loads, before main, so instead this thread's
 * parallel regions are made inactive (they then run on the calling thread).
 * Looked up at run time: a Tesseract built without OpenMP has no libgomp. */
static void openmp_single(void)
{
    void (*set_levels)(int) = (void (*)(int))dlsym(RTLD_DEFAULT, "omp_set_max_active_levels");
    if (set_levels) set_levels(0);
}

/* Tries "ind+eng" (Indonesian labels, and the Latin digits and words both
 * read), then "eng" alone when the Indonesian data is not installed. */
static TessBaseAPI *tess_get(void)
{
    pthread_once(&tess_once, tess_key_make);
    if (tess || tess_failed) return tess;
    static const char *const langs[] = {"ind+eng", "eng"};
    openmp_single();
    TessBaseAPI *t = TessBaseAPICreate();
    if (!t) return NULL;
    /* Tesseract's own notes ("Estimating resolution ...") go nowhere */
    TessBaseAPISetVariable(t, "debug_file", "/dev/null");
    for (size_t i = 0; i < sizeof langs / sizeof *langs; i++) {
        if (TessBaseAPIInit3(t, NULL, langs[i]) == 0) {
            if (i > 0 && !atomic_exchange(&told_missing, 1))
                log_warn("data bahasa Indonesia untuk OCR (tesseract-ocr-ind) tidak ada; "
                         "foto KTP/KK dibaca dengan data bahasa Inggris saja");
            TessBaseAPISetVariable(t, "debug_file", "/dev/null");
            tess = t;
            pthread_setspecific(tess_key, &tess_once);
            return tess;
        }
    }
    TessBaseAPIDelete(t);
    tess_failed = 1;
    if (atomic_exchange(&told_missing, 2) != 2)
        log_warn("OCR tidak tersedia (data tesseract-ocr-ind/-eng tidak ditemukan): "
                 "foto KTP/KK tanpa keterangan tidak dikenali");
    return NULL;
}

/* --- decoding ------------------------------------------------------------ */

/* The image as an 8-bit grey Pix no longer than LONG_SIDE_MAX, or NULL. */
static PIX *decode(const l_uint8 *b, size_t len)
{
    l_int32 format = 0, w = 0, h = 0, bps = 0, spp = 0, cmap = 0;
    if (pixReadHeaderMem(b, len, &format, &w, &h, &bps, &spp, &cmap) != 0 || w <= 0 || h <= 0)
        return NULL;
    int longest = w > h ? w : h;
    PIX *pix = NULL;
    if (format == IFF_JFIF_JPEG) {
        int red = 1;
        while (red < 8 && longest / (red * 2) >= LONG_SIDE_MAX) red *= 2;
        if ((int64_t)(w / red) * (h / red) > PIXELS_MAX) return NULL;
        l_int32 nwarn = 0;
        pix = pixReadMemJpeg(b, len, 0, red, &nwarn, 0);
    } else if (format == IFF_PNG) {
        if ((int64_t)w * h > PIXELS_MAX) return NULL;
        pix = pixReadMem(b, len);
    }
    if (!pix) return NULL;
    longest = (int)(pixGetWidth(pix) > pixGetHeight(pix) ? pixGetWidth(pix) : pixGetHeight(pix));
    if (longest > LONG_SIDE_MAX) {
        float s = (float)LONG_SIDE_MAX / (float)longest;
        PIX *small = pixScale(pix, s, s);
        pixDestroy(&pix);
        pix = small;
        if (!pix) return NULL;
    }
    /* OCR works on grey; converting here keeps one copy instead of two */
    PIX *grey = pixConvertTo8(pix, 0);
    pixDestroy(&pix);
    return grey;
}

static int elapsed_ms(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (int)((t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000);
}

int idphoto_check(const void *bytes, size_t len, const char *mime, struct idphoto *out)
{
    (void)mime;                 /* the bytes decide: platforms label PNGs as JPEG and back */
    if (!out) return -1;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    out->kind = IDPHOTO_UNKNOWN;
    out->ms = 0;
    if (!idphoto_enabled() || !idphoto_is_image(bytes, len)) return 0;
    pthread_once(&tess_once, tess_key_make);
    PIX *pix = decode(bytes, len);
    if (!pix) return 0;         /* damaged or too large: staff see the file */
    TessBaseAPI *t = tess_get();
    if (!t) {
        pixDestroy(&pix);
        return 0;
    }
    TessBaseAPISetPageSegMode(t, PSM_AUTO);
    TessBaseAPISetImage2(t, pix);
    /* phone photos carry no useful resolution; 300 is what Tesseract
     * assumes for text of the size we scale to */
    TessBaseAPISetSourceResolution(t, 300);
    char *text = TessBaseAPIGetUTF8Text(t);
    TessBaseAPIClear(t);
    pixDestroy(&pix);
    if (!text) {
        out->ms = elapsed_ms(&t0);
        return 0;
    }
    out->kind = idphoto_classify(text);
    sodium_memzero(text, strlen(text));   /* it holds the NIK */
    TessDeleteText(text);
    out->ms = elapsed_ms(&t0);
    return 0;
}
