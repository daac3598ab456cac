-- 015 broadcast (issue 16): WhatsApp announcements to citizens who asked
-- for them. A citizen subscribes by writing a keyword to the office's
-- WhatsApp or Telegram ("langganan info") and leaves with "berhenti"; each
-- of these is kept as a consent record (time, channel, the words). A
-- broadcast sends one published item as the approved template to the
-- office's WhatsApp subscribers; each recipient is one durable row
-- (broadcast_delivery) that moves antri -> kirim (claimed, committed
-- before the send) -> terkirim (the platform's id kept) | gagal, or
-- batal when the citizen left before its turn, or tak_pasti when the
-- sender died between claim and answer (never sent again: at most once).
-- Telegram subscribers get the same words as a text message (a bot may
-- write to whoever started it; no template, no tier). SQL is in
-- db/store_broadcast.c; the sender is channels/broadcast.c.
CREATE TABLE subscriber (
    id            {{ID}},
    office_id     BIGINT NOT NULL REFERENCES office(id),
    channel       TEXT NOT NULL,                -- whatsapp | telegram
    address       TEXT NOT NULL,                -- wa_id / Telegram chat id
    contact_id    BIGINT REFERENCES contact(id),
    active        INTEGER NOT NULL DEFAULT 1,
    opted_in_at   BIGINT NOT NULL,
    opted_out_at  BIGINT NOT NULL DEFAULT 0,
    UNIQUE (office_id, channel, address)
);
CREATE INDEX subscriber_office ON subscriber(office_id, channel, active);

-- Every opt-in and opt-out as the citizen sent it: proof of consent.
CREATE TABLE subscriber_consent (
    id             {{ID}},
    subscriber_id  BIGINT NOT NULL REFERENCES subscriber(id),
    office_id      BIGINT NOT NULL REFERENCES office(id),
    channel        TEXT NOT NULL,
    action         TEXT NOT NULL,               -- masuk | keluar
    words          TEXT NOT NULL DEFAULT '',    -- what the citizen wrote
    message_id     BIGINT REFERENCES message(id),
    at             BIGINT NOT NULL
);
CREATE INDEX subscriber_consent_sub ON subscriber_consent(subscriber_id, at);

CREATE TABLE broadcast (
    id            {{ID}},
    office_id     BIGINT NOT NULL REFERENCES office(id),
    item_id       BIGINT NOT NULL REFERENCES content_item(id),
    template      TEXT NOT NULL,
    language      TEXT NOT NULL,
    params        TEXT NOT NULL DEFAULT '[]',   -- JSON array of the template's body texts
    state         TEXT NOT NULL DEFAULT 'berjalan',  -- berjalan | selesai
    total         INTEGER NOT NULL DEFAULT 0,
    created_by    BIGINT REFERENCES staff(id),
    created_name  TEXT NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL,
    finished_at   BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX broadcast_office ON broadcast(office_id, created_at);
CREATE INDEX broadcast_item ON broadcast(item_id);

CREATE TABLE broadcast_delivery (
    id             {{ID}},
    broadcast_id   BIGINT NOT NULL REFERENCES broadcast(id),
    office_id      BIGINT NOT NULL REFERENCES office(id),
    subscriber_id  BIGINT NOT NULL REFERENCES subscriber(id),
    channel        TEXT NOT NULL,               -- whatsapp (the template) | telegram (text)
    address        TEXT NOT NULL,
    state          TEXT NOT NULL DEFAULT 'antri',
    attempts       INTEGER NOT NULL DEFAULT 0,
    external_id    TEXT,                        -- wamid, joins the receipts
    error_code     BIGINT,
    error_text     TEXT NOT NULL DEFAULT '',
    claimed_by     TEXT NOT NULL DEFAULT '',    -- the sending process
    claimed_at     BIGINT NOT NULL DEFAULT 0,   -- epoch ms
    sent_at        BIGINT NOT NULL DEFAULT 0,   -- epoch s
    UNIQUE (broadcast_id, subscriber_id)
);
CREATE INDEX broadcast_delivery_state ON broadcast_delivery(broadcast_id, state, id);
CREATE INDEX broadcast_delivery_sub ON broadcast_delivery(subscriber_id, claimed_at);
CREATE INDEX broadcast_delivery_reach ON broadcast_delivery(office_id, claimed_at);
