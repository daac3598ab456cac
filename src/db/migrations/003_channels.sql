-- 003 channels: how citizens reach an office (WhatsApp, Telegram, the
-- portal chat), who they are, their conversations and every message in and
-- out, the durable job queue that sends replies, and private uploads.
-- Shapes of the wire formats are in src/channels/; the queue is src/jobs/.

-- One row per office and channel kind. Secrets live here and are never shown
-- back in full (web/channels.c masks them).
CREATE TABLE channel (
    id            {{ID}},
    office_id     BIGINT NOT NULL REFERENCES office(id),
    kind          TEXT NOT NULL,              -- whatsapp | telegram
    account       TEXT NOT NULL,              -- WhatsApp phone_number_id; Telegram bot id
    token         TEXT NOT NULL DEFAULT '',   -- access token / bot token (secret)
    app_secret    TEXT NOT NULL DEFAULT '',   -- WhatsApp app secret: signs webhooks (secret)
    verify_token  TEXT NOT NULL DEFAULT '',   -- WhatsApp handshake token / Telegram secret_token
    base_url      TEXT NOT NULL DEFAULT '',   -- '' = the platform's production address
    settings      TEXT NOT NULL DEFAULT '{}', -- JSON: template name and language, rate per second
    active        INTEGER NOT NULL DEFAULT 1,
    last_error    TEXT NOT NULL DEFAULT '',   -- the last error that stops sending (bad token)
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    UNIQUE (office_id, kind),
    UNIQUE (kind, account)
);

-- A citizen as one channel knows them: a WhatsApp number, a Telegram chat,
-- or a portal chat visitor (address = hash of the browser's token).
CREATE TABLE contact (
    id               {{ID}},
    office_id        BIGINT NOT NULL REFERENCES office(id),
    channel          TEXT NOT NULL,           -- whatsapp | telegram | web
    address          TEXT NOT NULL,
    name             TEXT NOT NULL DEFAULT '',
    phone            TEXT NOT NULL DEFAULT '',    -- a number the citizen gave (portal chat)
    last_inbound_at  BIGINT NOT NULL DEFAULT 0,   -- opens WhatsApp's 24-hour window
    blocked          INTEGER NOT NULL DEFAULT 0,  -- the platform says we cannot reach them
    created_at       BIGINT NOT NULL,
    UNIQUE (office_id, channel, address)
);

CREATE TABLE conversation (
    id               {{ID}},
    office_id        BIGINT NOT NULL REFERENCES office(id),
    contact_id       BIGINT NOT NULL REFERENCES contact(id),
    state            TEXT NOT NULL DEFAULT 'bot',  -- bot | human (handed over) | closed
    bot_state        TEXT NOT NULL DEFAULT '{}',   -- the bot's dialogue state (src/bot/)
    handover_reason  TEXT NOT NULL DEFAULT '',
    assigned_to      BIGINT REFERENCES staff(id),
    opened_at        BIGINT NOT NULL,
    last_message_at  BIGINT NOT NULL,
    closed_at        BIGINT
);
CREATE INDEX conversation_office ON conversation(office_id, last_message_at);
CREATE INDEX conversation_contact ON conversation(contact_id, state);

-- Every message in and out. Inbound rows are written by the webhook's group
-- commit before the platform gets its 200, with conversation_id NULL until
-- the queue has processed them. Text is stored with NIK/KK numbers masked.
CREATE TABLE message (
    id               {{ID}},
    office_id        BIGINT NOT NULL REFERENCES office(id),
    channel          TEXT NOT NULL,           -- whatsapp | telegram | web
    external_id      TEXT,                    -- wamid / Telegram update; NULL until sent
    conversation_id  BIGINT REFERENCES conversation(id),
    direction        TEXT NOT NULL,           -- in | out
    sender           TEXT NOT NULL DEFAULT '',    -- in: the citizen's platform address
    sender_name      TEXT NOT NULL DEFAULT '',
    kind             TEXT NOT NULL,           -- text interactive image document location template ...
    body             TEXT NOT NULL DEFAULT '',
    payload          TEXT NOT NULL DEFAULT '{}',  -- in: choice id, media id...; out: rows, buttons, template
    sensitive        INTEGER NOT NULL DEFAULT 0,
    author           TEXT NOT NULL DEFAULT '',    -- out: 'bot' or a staff username
    staff_id         BIGINT REFERENCES staff(id),
    status           TEXT NOT NULL,           -- in: new | done; out: queued accepted sent delivered read failed
    error_code       BIGINT,
    error_text       TEXT NOT NULL DEFAULT '',
    sent_at          BIGINT NOT NULL,         -- the platform's time for inbound, ours for outbound
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    UNIQUE (channel, external_id)
);
CREATE INDEX message_conversation ON message(conversation_id, id);

-- Delivery receipts as they arrive (they can come before the send's answer,
-- twice, or out of order): one row per message and status.
CREATE TABLE receipt (
    channel      TEXT NOT NULL,
    external_id  TEXT NOT NULL,
    status       TEXT NOT NULL,
    error_code   BIGINT,
    error_text   TEXT NOT NULL DEFAULT '',
    at           BIGINT NOT NULL,
    PRIMARY KEY (channel, external_id, status)
);

-- The durable job queue (src/db/store_job.c): claimed by workers, retried
-- with back-off, kept as 'dead' with its last error when it gives up.
CREATE TABLE job (
    id            {{ID}},
    kind          TEXT NOT NULL,              -- inbound | send | media
    office_id     BIGINT REFERENCES office(id),
    ref_id        BIGINT,                     -- the row it works on (a message)
    payload       TEXT NOT NULL DEFAULT '{}',
    state         TEXT NOT NULL DEFAULT 'ready',  -- ready | running | dead
    attempts      INTEGER NOT NULL DEFAULT 0,
    max_attempts  INTEGER NOT NULL DEFAULT 8,
    run_at        BIGINT NOT NULL,            -- epoch milliseconds
    locked_until  BIGINT NOT NULL DEFAULT 0,  -- epoch milliseconds; a crashed worker's job comes back
    last_error    TEXT NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL
);
CREATE INDEX job_ready ON job(state, run_at);

-- Files citizens send: WhatsApp/Telegram media and private uploads.
-- Kept in the database (base64) so every instance sees them and backups hold them.
CREATE TABLE media (
    id               {{ID}},
    office_id        BIGINT NOT NULL REFERENCES office(id),
    conversation_id  BIGINT REFERENCES conversation(id),
    message_id       BIGINT REFERENCES message(id),
    source           TEXT NOT NULL,           -- whatsapp | telegram | upload
    mime             TEXT NOT NULL,
    filename         TEXT NOT NULL DEFAULT '',
    size             BIGINT NOT NULL,
    data             TEXT NOT NULL,
    created_at       BIGINT NOT NULL
);
CREATE INDEX media_conversation ON media(conversation_id);

-- Private upload links sent when a citizen shares a NIK or an ID photo in a
-- chat: single office and conversation, expiring; only the hash is stored.
CREATE TABLE upload_link (
    token_hash       TEXT PRIMARY KEY,
    office_id        BIGINT NOT NULL REFERENCES office(id),
    conversation_id  BIGINT REFERENCES conversation(id),
    expires_at       BIGINT NOT NULL,
    uploads          INTEGER NOT NULL DEFAULT 0,
    created_at       BIGINT NOT NULL
);
