/* dburl: what a database URL names, read in one place. "postgresql://..."
 * and "postgres://..." are PostgreSQL; anything else is a SQLite file,
 * written as a path ("balai.db", "/var/lib/balai/balai.db") or with the
 * "sqlite:" scheme ("sqlite:balai.db", "sqlite:///var/lib/balai/balai.db").
 * The files that sit next to a SQLite database (its key, its folder of
 * citizens' files) are named from the file's path, never from the URL. */
#ifndef BALAI_DBURL_H
#define BALAI_DBURL_H

/* 1 for a PostgreSQL URL. */
int dburl_is_pg(const char *url);

/* The file path of a SQLite URL: the scheme dropped and, for
 * "sqlite:///abs/path", the extra leading slashes folded into one. */
const char *dburl_sqlite_path(const char *url);

#endif
