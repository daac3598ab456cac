-- 001 foundation: offices, holidays, staff, roles, sessions, audit log.
-- Portable SQL for SQLite and PostgreSQL. migrate.c expands {{ID}} into the
-- driver's auto-increment primary key and {{BLOB}} into its binary type.
-- Times are UTC epoch seconds (BIGINT); dates are yyyymmdd integers.

-- Small key/value facts about this database (e.g. that it holds demo data).
CREATE TABLE meta (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

CREATE TABLE office (
    id          {{ID}},
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    type        TEXT NOT NULL,          -- provinsi kabupaten kota kecamatan kelurahan desa dinas
    parent_id   BIGINT REFERENCES office(id),
    code        TEXT NOT NULL DEFAULT '',   -- short code, e.g. JLT (registration numbers)
    address     TEXT NOT NULL DEFAULT '',
    map_url     TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    whatsapp    TEXT NOT NULL DEFAULT '',
    email       TEXT NOT NULL DEFAULT '',
    tz          TEXT NOT NULL DEFAULT 'WIB',
    hours       TEXT NOT NULL DEFAULT '',   -- core/hours.c storage form
    logo_type   TEXT,
    logo        TEXT,                   -- hex; small (limited at upload)
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    version     BIGINT NOT NULL DEFAULT 1   -- optimistic concurrency for edits
);
CREATE INDEX office_parent ON office(parent_id);

-- National holidays and cuti bersama, loaded from data/holidays.tsv.
CREATE TABLE holiday_year (
    year          INTEGER PRIMARY KEY,
    status        TEXT NOT NULL,        -- decreed | provisional
    source        TEXT NOT NULL,        -- the SKB it comes from
    confirmed_by  BIGINT,
    confirmed_at  BIGINT
);
CREATE TABLE holiday (
    id    {{ID}},
    date  INTEGER NOT NULL,
    kind  TEXT NOT NULL,                -- libur | cuti
    name  TEXT NOT NULL,
    UNIQUE (date, name)
);
CREATE INDEX holiday_date ON holiday(date);

-- An office's own leave days (closed), e.g. a local event.
CREATE TABLE office_leave (
    id         {{ID}},
    office_id  BIGINT NOT NULL REFERENCES office(id) ON DELETE CASCADE,
    date       INTEGER NOT NULL,
    name       TEXT NOT NULL,
    UNIQUE (office_id, date)
);

CREATE TABLE staff (
    id             {{ID}},
    username       TEXT NOT NULL UNIQUE,
    full_name      TEXT NOT NULL,
    phone          TEXT NOT NULL DEFAULT '',
    pw_hash        TEXT NOT NULL,
    disabled       INTEGER NOT NULL DEFAULT 0,
    failed_logins  INTEGER NOT NULL DEFAULT 0,
    locked_until   BIGINT NOT NULL DEFAULT 0,
    duty_hours     TEXT NOT NULL DEFAULT '',    -- core/hours.c form; '' = office hours
    absent_until   INTEGER NOT NULL DEFAULT 0,  -- yyyymmdd: on leave up to and including
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);

-- A staff member holds roles per office (several roles in one office allowed).
CREATE TABLE staff_role (
    staff_id   BIGINT NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
    office_id  BIGINT NOT NULL REFERENCES office(id) ON DELETE CASCADE,
    role       TEXT NOT NULL,
    PRIMARY KEY (staff_id, office_id, role)
);
CREATE INDEX staff_role_office ON staff_role(office_id);

-- Escalation chain: level 1 answers first; after wait_min minutes without an
-- answer (or when absent / off duty) the next level takes over.
CREATE TABLE escalation (
    office_id  BIGINT NOT NULL REFERENCES office(id) ON DELETE CASCADE,
    level      INTEGER NOT NULL,
    staff_id   BIGINT NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
    wait_min   INTEGER NOT NULL,
    PRIMARY KEY (office_id, level)
);

-- Sessions live in the database so several instances can share them.
CREATE TABLE session (
    token_hash  TEXT PRIMARY KEY,       -- SHA-256 of the cookie value
    staff_id    BIGINT NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
    csrf        TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX session_staff ON session(staff_id);

-- Append-only, hash-chained audit log (see core/audit.c). seq is contiguous
-- from 1 so a deleted row leaves a gap that `balai audit verify` reports.
CREATE TABLE audit_log (
    seq         BIGINT PRIMARY KEY,
    ts          BIGINT NOT NULL,
    actor_id    BIGINT,
    actor       TEXT NOT NULL,
    office_id   BIGINT,
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    before_json TEXT,
    after_json  TEXT,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_office ON audit_log(office_id, seq);
