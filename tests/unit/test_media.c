/* Unit tests for util/media.c: real MP3, M4A and MP4 files made here with
 * ffmpeg (scripts/install-deps --test installs it) pass the default show
 * specification with what they are read back as; a WAV, raw AAC, a text
 * file, a wrong sample rate, a too small video, a too long episode and a
 * too large file are refused with their reason, whatever their name says. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/media.h"

static char dir[] = "/tmp/balai-media-XXXXXX";

/* Runs ffmpeg with `args` writing dir/name; the file's bytes (malloc'd). */
static unsigned char *make(const char *name, const char *args, size_t *n)
{
    char cmd[1024], path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(cmd, sizeof cmd, "ffmpeg -nostdin -loglevel error -y %s '%s'", args, path);
    assert_int_equal(system(cmd), 0);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *p = malloc((size_t)len + 1);
    assert_int_equal(fread(p, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    *n = (size_t)len;
    return p;
}

#define SINE(sec, rate) "-f lavfi -i sine=frequency=440:sample_rate=" #rate ":duration=" #sec
#define TESTSRC(w, h, fps, sec) "-f lavfi -i testsrc=size=" #w "x" #h ":rate=" #fps ":duration=" #sec

/* Checks the made file against the default spec; returns the result. */
static int check(const char *name, const char *args, struct media_info *i, char *msg, size_t n)
{
    struct media_spec s;
    size_t len;
    media_spec_default(&s);
    unsigned char *p = make(name, args, &len);
    msg[0] = '\0';
    int rc = media_check(p, len, &s, i, msg, n);
    free(p);
    return rc;
}

static void test_mp3_passes(void **state)
{
    struct media_info i;
    char msg[300];
    assert_int_equal(check("a.mp3", SINE(12, 44100) " -ac 1 -b:a 64k", &i, msg, sizeof msg), 0);
    assert_string_equal(i.mime, "audio/mpeg");
    assert_int_equal(i.video, 0);
    assert_int_equal(i.sample_rate, 44100);
    assert_true(i.seconds > 11.5 && i.seconds < 12.5);
    assert_true(i.kbps >= 60 && i.kbps <= 68);
}

static void test_m4a_passes(void **state)
{
    struct media_info i;
    char msg[300];
    assert_int_equal(check("b.m4a", SINE(12, 48000) " -c:a aac -b:a 96k", &i, msg, sizeof msg), 0);
    assert_string_equal(i.mime, "audio/x-m4a");
    assert_int_equal(i.sample_rate, 48000);
}

static void test_mp4_passes(void **state)
{
    struct media_info i;
    char msg[300];
    int rc = check("c.mp4", TESTSRC(640, 360, 25, 12) " " SINE(12, 44100)
                   " -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -shortest "
                   "-movflags +faststart", &i, msg, sizeof msg);
    assert_int_equal(rc, 0);
    assert_string_equal(i.mime, "video/mp4");
    assert_int_equal(i.video, 1);
    assert_int_equal(i.width, 640);
    assert_int_equal(i.height, 360);
    assert_true(i.fps > 24.9 && i.fps < 25.1);
}

static void test_wav_refused(void **state)
{
    struct media_info i;
    char msg[300];
    /* named .mp3: the name is not trusted */
    assert_int_equal(check("d.mp3", SINE(12, 44100) " -f wav", &i, msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "WAV"));
}

static void test_raw_aac_refused(void **state)
{
    struct media_info i;
    char msg[300];
    assert_int_equal(check("e.m4a", SINE(12, 44100) " -c:a aac -f adts", &i, msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "AAC mentah"));
}

static void test_low_sample_rate_refused(void **state)
{
    struct media_info i;
    char msg[300];
    assert_int_equal(check("f.mp3", SINE(12, 22050) " -b:a 64k", &i, msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "22050 Hz"));
}

static void test_small_video_refused(void **state)
{
    struct media_info i;
    char msg[300];
    int rc = check("g.mp4", TESTSRC(320, 240, 25, 12) " " SINE(12, 44100)
                   " -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -shortest",
                   &i, msg, sizeof msg);
    assert_int_equal(rc, -1);
    assert_non_null(strstr(msg, "terlalu kecil"));
}

static void test_text_and_limits(void **state)
{
    struct media_spec s;
    struct media_info i;
    char msg[300];
    size_t len;
    media_spec_default(&s);
    const char *text = "ID3 bukan audio, hanya teks yang diberi nama episode.mp3\n";
    assert_int_equal(media_check(text, strlen(text), &s, &i, msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "bukan audio"));
    unsigned char *p = make("h.mp3", SINE(12, 44100) " -b:a 64k", &len);
    s.max_seconds = 5;
    assert_int_equal(media_check(p, len, &s, &i, msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "terlalu panjang"));
    media_spec_default(&s);
    s.max_bytes = 1024;                 /* refused before anything is parsed */
    assert_int_equal(media_check(p, len, &s, &i, msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "terlalu besar"));
    /* the first half of a file: whatever it says, no crash, and a verdict */
    media_spec_default(&s);
    (void)media_check(p, len / 2, &s, &i, msg, sizeof msg);
    free(p);
}

int main(void)
{
    if (!mkdtemp(dir)) return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mp3_passes),
        cmocka_unit_test(test_m4a_passes),
        cmocka_unit_test(test_mp4_passes),
        cmocka_unit_test(test_wav_refused),
        cmocka_unit_test(test_raw_aac_refused),
        cmocka_unit_test(test_low_sample_rate_refused),
        cmocka_unit_test(test_small_video_refused),
        cmocka_unit_test(test_text_and_limits),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) rc = 1;
    return rc;
}
