-- 019 instagram: one Instagram post per published content item (issue 17).
-- The job that publishes it (channels/instagram.c) keeps here every step
-- Meta answered, so a retry after a crash reuses the container it made and
-- never publishes a second post: the container id is stored before its
-- status is polled, state 'kirim' is stored before media_publish, and a
-- container found PUBLISHED is never published again.
CREATE TABLE instagram_post (
    id            {{ID}},
    office_id     BIGINT NOT NULL REFERENCES office(id),
    item_id       BIGINT NOT NULL REFERENCES content_item(id),
    state         TEXT NOT NULL DEFAULT 'antre',  -- antre | wadah | kirim | terbit | gagal
    container_id  TEXT NOT NULL DEFAULT '',       -- the IG container (creation_id)
    media_id      TEXT NOT NULL DEFAULT '',       -- the published IG media
    permalink     TEXT NOT NULL DEFAULT '',
    error         TEXT NOT NULL DEFAULT '',       -- why it stopped, in Indonesian
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    UNIQUE (item_id)
);
