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
