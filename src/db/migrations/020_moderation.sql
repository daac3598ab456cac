-- 020 moderation (issue 17, SIMPONI "moderasi komentar, penanganan hoaks,
-- dan rujukan ke kanal resmi"): one queue per office for what the public
-- says back. An entry comes from a source (portal_komentar: the form under
-- a news item; portal_hoaks: the portal's hoax report form; chat: the
-- "lapor hoaks" keyword on WhatsApp/Telegram; instagram: a comment from the
-- Graph webhook) with the source's own id (external_id, unique per office
-- and source, so a redelivered webhook lands once) and a source-specific
-- reference (source_ref: the Instagram media id, the conversation id).
-- The text is stored masked (bot/sensitive.c: NIK/KK numbers never reach
-- the table). state: menunggu -> terbit (approved, shown under the item
-- with the office's answer) | dijawab (answered privately / hoax handled)
-- | disembunyikan | dihapus | spam | dirujuk (referred to the channel that
-- owns the matter: referral names it). due_at is the SLA in office hours.
-- A hoax report answered with a "klarifikasi hoaks" draft links both ways:
-- moderation.clarification_id and content_item.moderation_id.
-- SQL is in db/store_moderation.c; the pages are web/moderation*.c.
CREATE TABLE moderation (
    id               {{ID}},
    office_id        BIGINT NOT NULL REFERENCES office(id),
    source           TEXT NOT NULL,               -- portal_komentar | portal_hoaks | chat | instagram
    kind             TEXT NOT NULL,               -- komentar | pertanyaan | hoaks
    external_id      TEXT,                        -- the source's id (IG comment id, message id)
    source_ref       TEXT NOT NULL DEFAULT '',    -- IG media id, conversation id, ...
    item_id          BIGINT REFERENCES content_item(id),
    body             TEXT NOT NULL,               -- masked
    seen_where       TEXT NOT NULL DEFAULT '',    -- hoax: where it was received
    author_name      TEXT NOT NULL DEFAULT '',
    contact_channel  TEXT NOT NULL DEFAULT '',    -- whatsapp | telegram | '' (none)
    contact          TEXT NOT NULL DEFAULT '',    -- wa_id / chat id the person left
    state            TEXT NOT NULL DEFAULT 'menunggu',
    answer           TEXT NOT NULL DEFAULT '',
    referral         TEXT NOT NULL DEFAULT '',    -- code of the official channel
    assignee_id      BIGINT REFERENCES staff(id),
    decided_by       BIGINT REFERENCES staff(id),
    decided_at       BIGINT NOT NULL DEFAULT 0,
    clarification_id BIGINT REFERENCES content_item(id),
    created_at       BIGINT NOT NULL,
    due_at           BIGINT NOT NULL DEFAULT 0,
    UNIQUE (office_id, source, external_id)
);
CREATE INDEX moderation_office_state ON moderation(office_id, state, created_at);
CREATE INDEX moderation_item ON moderation(item_id, state);

ALTER TABLE content_item ADD COLUMN moderation_id BIGINT REFERENCES moderation(id);
