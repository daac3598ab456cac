/* holidays: Indonesian national holidays (libur nasional) and cuti bersama,
 * read from the editable data file data/holidays.tsv.
 * The dates are set each year by an SKB of three ministers, Islamic dates
 * can move after sidang isbat, and SKBs get amended mid-year (2025 was), so
 * the list is data an administrator can correct, never code. Each year is
 * declared with its status (decreed / provisional) and legal source so the
 * UI can say where a date comes from and ask to confirm provisional years.
 *
 * File format (UTF-8, one record per line, fields separated by one TAB):
 *   #year YYYY<TAB>status<TAB>source    status: decreed | provisional
 *   YYYY-MM-DD<TAB>kind<TAB>name        kind: libur | cuti
 * A date line must come after the #year line of its year. Other lines
 * starting with '#' are comments; blank lines are ignored; a trailing CR
 * (Windows editors) and a leading UTF-8 BOM are tolerated. A multi-day
 * holiday (Idul Fitri) is one line per day.
 * Pure logic: the caller reads the file; no global state. */
#ifndef BALAI_HOLIDAYS_H
#define BALAI_HOLIDAYS_H
#include <stddef.h>

struct holiday {
    int date;           /* yyyymmdd */
    char kind[8];       /* "libur" or "cuti" */
    char name[128];     /* e.g. "Tahun Baru 2026 Masehi" */
};

struct holiday_year {
    int year;
    char status[16];    /* "decreed" or "provisional" */
    char source[512];   /* the SKB (or why the year is provisional) */
};

struct holiday_file {
    struct holiday *h;              /* sorted by date, ties in file order */
    size_t n;
    struct holiday_year *years;     /* sorted by year */
    size_t nyears;
};

/* Parse the text of a holiday file (len bytes, need not be NUL-terminated).
 * Strict: a bad date, a kind other than libur|cuti, a date whose year has
 * no #year line above it, a duplicate (date, name), a duplicate #year, an
 * empty or overlong field, a wrong number of fields or invalid UTF-8 is an
 * error. Returns 0 with *out filled (free with holidays_free), or -1 with
 * *out empty and a Bahasa Indonesia message naming the line in err (may be
 * NULL), e.g. "Baris 12: tanggal tidak valid \"2026-02-30\"". */
int holidays_parse(const char *text, size_t len, struct holiday_file *out,
                   char *err, size_t errlen);

/* Free what holidays_parse allocated and empty *f; safe on an empty file. */
void holidays_free(struct holiday_file *f);

/* The #year declaration for year, or NULL if the file does not declare it. */
const struct holiday_year *holidays_year(const struct holiday_file *f, int year);

/* The first entry on date (file order), or NULL if date is no holiday. */
const struct holiday *holidays_find(const struct holiday_file *f, int date);

/* All distinct holiday dates (libur and cuti) in ascending order, ready for
 * struct calendar.closed. *dates is malloc'd (NULL when *n is 0); the caller
 * frees it. Returns 0, or -1 on allocation failure. */
int holidays_dates(const struct holiday_file *f, int **dates, size_t *n);

#endif
