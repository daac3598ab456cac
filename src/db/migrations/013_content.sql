-- 013 content (issue 16, seed 004 SIMPONI): what an office publishes for
-- citizens. One row per item in the standard format of seed 004 (judul,
-- tanggal, sumber, kontak, ringkasan, poin tindakan, tautan dokumen resmi,
-- visual with alt text) plus a Markdown body. The workflow state moves
-- bahan -> draf -> validasi -> desain -> jadwal -> terbit (core/content.h);
-- every decision (submit, approve, return, reject, schedule, publish,
-- unpublish, correct, import) is a row of the audit chain with entity
-- 'content' and the item's id, which is also the item's timeline. SQL is in
-- db/store_content.c.
CREATE TABLE content_item (
    id            {{ID}},
    office_id     BIGINT NOT NULL REFERENCES office(id),
    slug          TEXT NOT NULL,
    type          TEXT NOT NULL,
    state         TEXT NOT NULL DEFAULT 'draf',
    title         TEXT NOT NULL DEFAULT '',
    item_date     TEXT NOT NULL DEFAULT '',         -- YYYY-MM-DD, the date the item states
    source        TEXT NOT NULL DEFAULT '',
    contact       TEXT NOT NULL DEFAULT '',
    summary       TEXT NOT NULL DEFAULT '',
    action_points TEXT NOT NULL DEFAULT '[]',       -- JSON array of strings
    document_url  TEXT NOT NULL DEFAULT '',
    body          TEXT NOT NULL DEFAULT '',         -- Markdown (cmark, safe mode)
    media_id      BIGINT REFERENCES media(id),      -- the visual
    alt_text      TEXT NOT NULL DEFAULT '',
    checklist     TEXT NOT NULL DEFAULT '{}',       -- {item: {ok, note, by, by_name, at}}
    channels      TEXT NOT NULL DEFAULT '["portal"]',
    publish_at    BIGINT NOT NULL DEFAULT 0,        -- scheduled time, 0 = none
    published_at  BIGINT NOT NULL DEFAULT 0,
    late          INTEGER NOT NULL DEFAULT 0,       -- published after a missed schedule
    correction    TEXT NOT NULL DEFAULT '',         -- the public correction note
    author_id     BIGINT REFERENCES staff(id),
    imported      INTEGER NOT NULL DEFAULT 0,
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    UNIQUE (office_id, slug)
);
CREATE INDEX content_office_state ON content_item(office_id, state, published_at);
CREATE INDEX content_schedule ON content_item(state, publish_at);

-- One item shown on several portals: a Diskominfo item offered to a
-- kecamatan or kelurahan below it shows there once that office accepts.
CREATE TABLE content_share (
    item_id       BIGINT NOT NULL REFERENCES content_item(id) ON DELETE CASCADE,
    office_id     BIGINT NOT NULL REFERENCES office(id),
    accepted      INTEGER NOT NULL DEFAULT 0,
    decided_by    BIGINT REFERENCES staff(id),
    decided_at    BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (item_id, office_id)
);
CREATE INDEX content_share_office ON content_share(office_id, accepted);

-- an item's timeline reads its audit rows
CREATE INDEX audit_entity ON audit_log(entity, entity_id, seq);
