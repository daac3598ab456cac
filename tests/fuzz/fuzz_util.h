/* fuzz_util: small helpers shared by the libFuzzer harnesses in tests/fuzz/.
 * Header-only (static functions) so that each harness builds from one .c
 * plus the product sources it exercises; see tests/fuzz/run.sh. */
#ifndef BALAI_FUZZ_UTIL_H
#define BALAI_FUZZ_UTIL_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An invariant of the code under test: abort() makes libFuzzer save the
 * input as a crash (artifact) and stop, like a sanitizer report. The
 * coverage build (run.sh, FUZZ_COVERAGE=1) only counts, so that one broken
 * invariant does not end the replay of the corpus. */
#ifdef FUZZ_COVERAGE_BUILD
#define FUZZ_FAIL() ((void)0)
#else
#define FUZZ_FAIL() abort()
#endif
#define FUZZ_CHECK(c) \
    do { \
        if (!(c)) { \
            fprintf(stderr, "fuzz invariant failed: %s (%s:%d)\n", #c, __FILE__, __LINE__); \
            FUZZ_FAIL(); \
        } \
    } while (0)

/* 1 when s is well-formed UTF-8 (no overlong forms, no surrogates, nothing
 * above U+10FFFF): what jansson accepts, and what PostgreSQL requires of a
 * TEXT column in a UTF8 database. */
static inline int fuzz_utf8_valid(const char *str)
{
    const unsigned char *s = (const unsigned char *)str;
    while (*s) {
        unsigned c = *s;
        size_t n;
        uint32_t cp;
        if (c < 0x80) { s++; continue; }
        else if (c >= 0xC2 && c <= 0xDF) { n = 1; cp = c & 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) { n = 2; cp = c & 0x0F; }
        else if (c >= 0xF0 && c <= 0xF4) { n = 3; cp = c & 0x07; }
        else return 0;
        for (size_t i = 1; i <= n; i++) {
            if ((s[i] & 0xC0) != 0x80) return 0;
            cp = (cp << 6) | (s[i] & 0x3F);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        s += n + 1;
    }
    return 1;
}

/* Unicode characters (code points) in a UTF-8 string. */
static inline size_t fuzz_utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}

/* 1 when s holds a run of exactly 16 digits, ASCII or full-width
 * (U+FF10..FF19): an unmasked NIK/KK number (bot.h; longer runs are
 * account or transaction numbers). */
static inline int fuzz_has_run16(const char *s)
{
    size_t run = 0;
    for (;; s++) {
        const unsigned char *u = (const unsigned char *)s;
        if (*s >= '0' && *s <= '9') { run++; continue; }
        if (u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x90 && u[2] <= 0x99) {
            run++;
            s += 2;
            continue;
        }
        if (run == 16) return 1;
        run = 0;
        if (!*s) return 0;
    }
}

/* 1 when a fixed-size char field is NUL-terminated within its size. */
#define FUZZ_TERMINATED(field) (memchr((field), '\0', sizeof(field)) != NULL)

/* A NUL-terminated heap copy of fuzz bytes (for APIs that take C strings). */
static inline char *fuzz_strndup(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s) abort();
    if (size) memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

#endif
