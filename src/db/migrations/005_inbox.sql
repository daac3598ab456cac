-- 005 inbox: what the shared inbox keeps beside the conversation itself:
-- its labels (baru / diproses / selesai and any the office adds) and the
-- officers' internal notes, which are never sent to the citizen.
-- SQL is in db/store_inbox.c. Assignment uses conversation.assigned_to (003).

-- A label is kept as its text: an office's custom labels are simply the ones
-- its conversations carry, so there is no list to keep in step.
CREATE TABLE conversation_label (
    conversation_id  BIGINT NOT NULL REFERENCES conversation(id),
    label            TEXT NOT NULL,
    added_by         BIGINT REFERENCES staff(id),
    added_at         BIGINT NOT NULL,
    PRIMARY KEY (conversation_id, label)
);
CREATE INDEX conversation_label_label ON conversation_label(label, conversation_id);

CREATE TABLE inbox_note (
    id               {{ID}},
    conversation_id  BIGINT NOT NULL REFERENCES conversation(id),
    staff_id         BIGINT REFERENCES staff(id),
    author           TEXT NOT NULL,             -- full name when written
    body             TEXT NOT NULL,
    created_at       BIGINT NOT NULL
);
CREATE INDEX inbox_note_conversation ON inbox_note(conversation_id, id);

-- Service-level targets of an office's inbox, in minutes of office hours
-- (core/sla.c): the first answer to a waiting citizen, and the whole
-- conversation handled. No row: the defaults in store_inbox.h.
CREATE TABLE inbox_sla (
    office_id        BIGINT PRIMARY KEY REFERENCES office(id),
    first_min        INTEGER NOT NULL,
    resolve_min      INTEGER NOT NULL,
    updated_at       BIGINT NOT NULL
);

-- A staff message to send later: a "scheduled" job (run_at) turns it into
-- an outbound message and its "send" job when the time comes, unless staff
-- cancelled it. kind text | template; payload as message.payload.
-- state: waiting | sent | cancelled | failed (e.g. the window had closed).
CREATE TABLE scheduled_message (
    id               {{ID}},
    office_id        BIGINT NOT NULL REFERENCES office(id),
    conversation_id  BIGINT NOT NULL REFERENCES conversation(id),
    kind             TEXT NOT NULL,
    body             TEXT NOT NULL,
    payload          TEXT NOT NULL DEFAULT '{}',
    staff_id         BIGINT REFERENCES staff(id),
    author           TEXT NOT NULL,
    run_at           BIGINT NOT NULL,           -- epoch seconds
    state            TEXT NOT NULL DEFAULT 'waiting',
    message_id       BIGINT REFERENCES message(id),
    created_at       BIGINT NOT NULL
);
CREATE INDEX scheduled_message_conversation ON scheduled_message(conversation_id, state);
