-- Web Push for the portal chat (issue 15). One VAPID key pair for the
-- whole deployment (several instances share the database, and a browser's
-- subscription is bound to the public key it was made with): made on first
-- need, the private scalar sealed with the secret key file (core/secret.c),
-- id always 1 so that two instances racing to make it keep one.
CREATE TABLE push_key (
    id           INTEGER PRIMARY KEY,
    public_key   TEXT NOT NULL,              -- base64url, 65-byte P-256 point
    private_key  TEXT NOT NULL,              -- sealed base64url of the 32-byte scalar
    created_at   BIGINT NOT NULL
);

-- A browser's push subscription for one portal-chat visitor (contact).
-- The endpoint is the push service's URL for that browser; a browser that
-- chats with two offices of one portal has the same endpoint for both, so
-- it is unique per contact. At most a few per contact (web/webchat.c).
CREATE TABLE push_subscription (
    id               {{ID}},
    office_id        BIGINT NOT NULL REFERENCES office(id),
    contact_id       BIGINT NOT NULL REFERENCES contact(id) ON DELETE CASCADE,
    endpoint         TEXT NOT NULL,
    p256dh           TEXT NOT NULL,           -- base64url, 65 bytes
    auth             TEXT NOT NULL,           -- base64url, 16 bytes
    created_at       BIGINT NOT NULL,
    last_success_at  BIGINT NOT NULL DEFAULT 0,
    failures         INTEGER NOT NULL DEFAULT 0,
    UNIQUE (contact_id, endpoint)
);
CREATE INDEX push_subscription_endpoint ON push_subscription (endpoint);
