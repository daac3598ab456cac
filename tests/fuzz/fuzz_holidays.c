/* fuzz_holidays: holidays_parse (core/holidays.c) reads data/holidays.tsv,
 * a file an administrator edits by hand. Any bytes must give either a
 * parsed file or a message naming the line, never a crash or a leak; and
 * what it accepts must keep the header's promises: entries sorted by date,
 * real dates, kind libur|cuti, every date's year declared, fields
 * NUL-terminated and valid UTF-8, lookups consistent with the list. */
#include "fuzz_util.h"
#include "core/calendar.h"
#include "core/holidays.h"

static void check_file(const struct holiday_file *f)
{
    for (size_t i = 0; i < f->n; i++) {
        const struct holiday *h = &f->h[i];
        FUZZ_CHECK(i == 0 || f->h[i - 1].date <= h->date);
        FUZZ_CHECK(cal_date_valid(h->date));
        FUZZ_CHECK(strcmp(h->kind, "libur") == 0 || strcmp(h->kind, "cuti") == 0);
        FUZZ_CHECK(memchr(h->name, '\0', sizeof h->name) && h->name[0]);
        FUZZ_CHECK(fuzz_utf8_valid(h->name));
        FUZZ_CHECK(holidays_year(f, h->date / 10000) != NULL);
        const struct holiday *first = holidays_find(f, h->date);
        FUZZ_CHECK(first && first->date == h->date && first <= h);
    }
    for (size_t i = 0; i < f->nyears; i++) {
        const struct holiday_year *y = &f->years[i];
        FUZZ_CHECK(i == 0 || f->years[i - 1].year < y->year);
        FUZZ_CHECK(strcmp(y->status, "decreed") == 0 || strcmp(y->status, "provisional") == 0);
        FUZZ_CHECK(memchr(y->source, '\0', sizeof y->source) && fuzz_utf8_valid(y->source));
        FUZZ_CHECK(holidays_year(f, y->year) == y);
    }
    int *dates = NULL;
    size_t nd = 0;
    FUZZ_CHECK(holidays_dates(f, &dates, &nd) == 0);
    FUZZ_CHECK(nd <= f->n);
    for (size_t i = 0; i < nd; i++) {
        FUZZ_CHECK(i == 0 || dates[i - 1] < dates[i]);
        FUZZ_CHECK(holidays_find(f, dates[i]) != NULL);
    }
    free(dates);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct holiday_file f;
    char err[200];
    /* an exact-size copy, so reading past len is caught by ASan */
    char *text = malloc(size ? size : 1);
    if (!text) return 0;
    if (size) memcpy(text, data, size);
    if (holidays_parse(text, size, &f, err, sizeof err) == 0) {
        FUZZ_CHECK(err[0] == '\0');
        check_file(&f);
        holidays_free(&f);
        FUZZ_CHECK(f.n == 0 && f.nyears == 0 && !f.h && !f.years);
    } else {
        FUZZ_CHECK(strncmp(err, "Baris ", 6) == 0 || strcmp(err, "Memori tidak cukup.") == 0);
        FUZZ_CHECK(f.n == 0 && f.nyears == 0 && !f.h && !f.years);
        FUZZ_CHECK(fuzz_utf8_valid(err));
    }
    free(text);
    return 0;
}
