/* fuzz_media: libFuzzer harness for media_check (util/media.c), which reads
 * every episode file staff upload or import with libavformat: the bytes
 * are untrusted (a file from a phone, a mail attachment, a hostile upload).
 *
 * The input is the file. Invariants:
 *   - the answer is 0 or -1, with a non-empty reason on -1;
 *   - an accepted file has one of the three types the feed serves, a
 *     positive duration within the spec and an allowed sample rate;
 *   - the same bytes get the same answer (no state between calls).
 * Everything is freed before returning (LeakSanitizer is on; libav itself
 * is not instrumented, so this mostly guards Balai's custom I/O and its
 * cleanup paths). Build and run: tests/fuzz/run.sh media. */
#include <stdint.h>
#include <string.h>

#include "fuzz_util.h"
#include "util/media.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct media_spec s;
    struct media_info i, j;
    char msg[300] = "", msg2[300] = "";
    media_spec_default(&s);
    s.min_seconds = 0;                  /* small inputs may still be accepted */
    int rc = media_check(data, size, &s, &i, msg, sizeof msg);
    FUZZ_CHECK(rc == 0 || rc == -1);
    if (rc == -1) FUZZ_CHECK(msg[0] != '\0');
    if (rc == 0) {
        FUZZ_CHECK(!strcmp(i.mime, "audio/mpeg") || !strcmp(i.mime, "audio/x-m4a") ||
                   !strcmp(i.mime, "video/mp4"));
        FUZZ_CHECK(i.seconds > 0 && i.seconds <= s.max_seconds);
        FUZZ_CHECK(i.sample_rate == 44100 || i.sample_rate == 48000);
    }
    FUZZ_CHECK(media_check(data, size, &s, &j, msg2, sizeof msg2) == rc);
    return 0;
}
