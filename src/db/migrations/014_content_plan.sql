-- 014 content plan and calendar feed (issue 16, seed 004 SIMPONI). The
-- quarterly plan of an office (or a regency office): targets per content
-- type (a JSON object {type: count}), how often, priorities and themes as
-- text. Plan vs actual is counted from content_item, never stored. And the
-- secret address of an office's iCalendar feed for the team's phones
-- (calendar apps cannot sign in): only the token's SHA-256 is kept. SQL is
-- in db/store_content_plan.c.
CREATE TABLE content_plan (
    office_id     BIGINT NOT NULL REFERENCES office(id),
    year          INTEGER NOT NULL,
    quarter       INTEGER NOT NULL,                 -- 1..4
    targets       TEXT NOT NULL DEFAULT '{}',       -- {"edukasi": 12, ...}
    frequency     TEXT NOT NULL DEFAULT '',
    priorities    TEXT NOT NULL DEFAULT '',
    themes        TEXT NOT NULL DEFAULT '',
    updated_by    BIGINT REFERENCES staff(id),
    updated_at    BIGINT NOT NULL,
    PRIMARY KEY (office_id, year, quarter)
);

CREATE TABLE content_feed (
    office_id     BIGINT PRIMARY KEY REFERENCES office(id),
    token_hash    TEXT NOT NULL UNIQUE,             -- SHA-256 hex of the URL's token
    created_by    BIGINT REFERENCES staff(id),
    created_at    BIGINT NOT NULL
);
