/* fuzz_idclass: libFuzzer harness for idphoto_classify (channels/idclass.c),
 * which reads OCR text of any photo a citizen sends: whatever a camera and
 * Tesseract make of it is untrusted input.
 *
 * The input (up to its first NUL) is the OCR text. Invariants:
 *   - the answer is IDPHOTO_NONE, IDPHOTO_KTP or IDPHOTO_KK (never UNKNOWN,
 *     which is only for images that could not be read);
 *   - the same text gives the same answer (no state between calls);
 *   - text with no digit and no digit look-alike at all cannot be a card
 *     (both rules need the 16-digit number, or KK's title with labels, so
 *     only KK may be found without digits).
 * Everything is freed before returning (LeakSanitizer is on).
 * Build and run: tests/fuzz/run.sh idclass (see tests/fuzz/README.md). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "channels/idphoto.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_strndup(data, size);
    if (!text) return 0;
    enum idphoto_kind k = idphoto_classify(text);
    FUZZ_CHECK(k == IDPHOTO_NONE || k == IDPHOTO_KTP || k == IDPHOTO_KK);
    FUZZ_CHECK(idphoto_classify(text) == k);
    if (!strpbrk(text, "0123456789")) FUZZ_CHECK(k != IDPHOTO_KTP);
    free(text);
    return 0;
}
