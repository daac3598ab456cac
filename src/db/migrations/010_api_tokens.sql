-- Personal access tokens (issue 14): a staff member's own tokens for the
-- console routes over `Authorization: Bearer`. Only the token's SHA-256 is
-- kept; the token itself is shown once when it is made. A revoked token's
-- row is deleted. expires_at and last_used_at: 0 = never.
CREATE TABLE api_token (
    id            {{ID}},
    staff_id      BIGINT NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
    label         TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    created_at    BIGINT NOT NULL,
    expires_at    BIGINT NOT NULL DEFAULT 0,
    last_used_at  BIGINT NOT NULL DEFAULT 0,
    UNIQUE (staff_id, label)
);
