-- 002 catalogue: the services an office offers and every saved version of
-- each. A service is kept whole as a JSON document in `body` (its shape is
-- in src/core/service.h); slug, name, category and active are copied into
-- columns for lists, uniqueness and the portal's URLs.

CREATE TABLE service (
    id          {{ID}},
    office_id   BIGINT NOT NULL REFERENCES office(id),
    slug        TEXT NOT NULL,          -- in URLs and printed QR codes: fixed once created
    name        TEXT NOT NULL,
    category    TEXT NOT NULL DEFAULT '',
    active      INTEGER NOT NULL DEFAULT 1,
    body        TEXT NOT NULL,
    origin_id   BIGINT REFERENCES service(id),  -- the regency template it was copied from
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    version     BIGINT NOT NULL DEFAULT 1,      -- optimistic concurrency, = newest service_version
    UNIQUE (office_id, slug)
);

-- One row per saved version, the whole document each time, so any version
-- can be shown and restored without replaying diffs.
CREATE TABLE service_version (
    service_id  BIGINT NOT NULL REFERENCES service(id),
    version     BIGINT NOT NULL,
    body        TEXT NOT NULL,
    staff_id    BIGINT REFERENCES staff(id),
    actor       TEXT NOT NULL,          -- username, or "demo" / "cli"
    changed     TEXT NOT NULL DEFAULT '',   -- field keys that changed, comma-separated
    note        TEXT NOT NULL DEFAULT '',   -- e.g. "Dipulihkan dari versi 3"
    at          BIGINT NOT NULL,
    PRIMARY KEY (service_id, version)
);
