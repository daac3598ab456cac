-- 021 podcast (issue 17, seed 001 SIMPATRI): an item of type "podcast" is
-- an episode with media. Each medium is a row of table media (source
-- "content", the bytes a file of util/filestore.h) linked here with what
-- util/media.c read from it: one audio and one video at most per episode.
-- The show itself is an office setting: what the feed /o/{office}/podcast.xml
-- says about the channel, with the owner's e-mail the platforms verify.
-- SQL is in db/store_content_media.c.
CREATE TABLE episode_media (
    item_id       BIGINT NOT NULL REFERENCES content_item(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,                    -- audio | video
    media_id      BIGINT NOT NULL REFERENCES media(id),
    seconds       INTEGER NOT NULL,
    kbps          INTEGER NOT NULL DEFAULT 0,
    width         INTEGER NOT NULL DEFAULT 0,
    height        INTEGER NOT NULL DEFAULT 0,
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (item_id, kind)
);

CREATE TABLE podcast_show (
    office_id     BIGINT PRIMARY KEY REFERENCES office(id),
    title         TEXT NOT NULL DEFAULT '',
    description   TEXT NOT NULL DEFAULT '',
    category      TEXT NOT NULL DEFAULT 'Government',
    explicit      INTEGER NOT NULL DEFAULT 0,
    owner_name    TEXT NOT NULL DEFAULT '',
    owner_email   TEXT NOT NULL DEFAULT '',
    cover_media_id BIGINT REFERENCES media(id),
    updated_at    BIGINT NOT NULL
);
