-- 004 requests: a citizen's request from the first message to the hand-over
-- (the WA-NTI workflow, core/request.h), its registration number, every
-- status change, the checklist verdicts, pickup slots and bookings, the
-- satisfaction survey (IKM). SQL is in db/store_request.c, store_pickup.c
-- and store_survey.c.

-- One counter per office and year: registration numbers are taken with an
-- upsert that returns the new value, so two Balai instances on one
-- PostgreSQL never hand out the same number (the row lock serialises them)
-- and a number is never reused (the counter only grows).
CREATE TABLE reg_counter (
    office_id  BIGINT NOT NULL REFERENCES office(id),
    year       INTEGER NOT NULL,
    last       BIGINT NOT NULL,
    PRIMARY KEY (office_id, year)
);

CREATE TABLE request (
    id               {{ID}},
    office_id        BIGINT NOT NULL REFERENCES office(id),
    number           TEXT NOT NULL UNIQUE,      -- JLT-2026-00042
    service_id       BIGINT REFERENCES service(id),
    service_name     TEXT NOT NULL,             -- as it was when the request came
    checklist        TEXT NOT NULL DEFAULT '[]',-- the service's checklist then: [{item, note, count}]
    days             INTEGER NOT NULL DEFAULT 0,-- processing time in working days then
    contact_id       BIGINT REFERENCES contact(id),
    conversation_id  BIGINT REFERENCES conversation(id),
    source           TEXT NOT NULL,             -- whatsapp | telegram | web | loket (walk-in)
    citizen_name     TEXT NOT NULL,
    citizen_address  TEXT NOT NULL DEFAULT '',  -- RT/RW or address; never a NIK
    phone            TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL DEFAULT 'baru',
    reason           TEXT NOT NULL DEFAULT '',  -- why ditolak / what is missing
    eta_date         INTEGER NOT NULL DEFAULT 0,-- yyyymmdd, counted in the office's working days
    pin              TEXT NOT NULL DEFAULT '',  -- 6 digits given only to the citizen: numbers are
                                                -- guessable, so the portal asks for it to book a pickup
    assigned_to      BIGINT REFERENCES staff(id),
    created_by       BIGINT REFERENCES staff(id),
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    closed_at        BIGINT,                    -- selesai/ditolak; diambil keeps its own event
    version          BIGINT NOT NULL DEFAULT 1  -- optimistic concurrency: a stale save is refused
);
CREATE INDEX request_office ON request(office_id, status, eta_date);
CREATE INDEX request_conversation ON request(conversation_id);

-- Every status change with who and when; the citizen's notice is queued in
-- the same transaction (message_id).
CREATE TABLE request_event (
    id          {{ID}},
    request_id  BIGINT NOT NULL REFERENCES request(id),
    status      TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    staff_id    BIGINT REFERENCES staff(id),
    actor       TEXT NOT NULL,              -- username, 'bot' or 'warga'
    message_id  BIGINT REFERENCES message(id),
    at          BIGINT NOT NULL
);
CREATE INDEX request_event_request ON request_event(request_id, id);

-- petugas_verifikasi's verdict on each checklist item (index into checklist).
CREATE TABLE request_item (
    request_id  BIGINT NOT NULL REFERENCES request(id),
    item        INTEGER NOT NULL,
    verdict     TEXT NOT NULL,              -- ok | kurang | salah
    note        TEXT NOT NULL DEFAULT '',
    staff_id    BIGINT REFERENCES staff(id),
    at          BIGINT NOT NULL,
    PRIMARY KEY (request_id, item)
);

-- Weekly pickup slots of an office: weekday 0 = Monday, minutes of the day.
CREATE TABLE pickup_slot (
    id         {{ID}},
    office_id  BIGINT NOT NULL REFERENCES office(id),
    weekday    INTEGER NOT NULL,
    start_min  INTEGER NOT NULL,
    end_min    INTEGER NOT NULL,
    capacity   INTEGER NOT NULL,
    active     INTEGER NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL
);
CREATE INDEX pickup_slot_office ON pickup_slot(office_id, weekday);

-- How many are booked into a slot on one date. A booking increments
-- `booked` with "WHERE booked < capacity", so no slot is ever overbooked,
-- on either database, without a lock held across statements.
CREATE TABLE pickup_load (
    slot_id  BIGINT NOT NULL REFERENCES pickup_slot(id),
    date     INTEGER NOT NULL,
    booked   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (slot_id, date)
);

CREATE TABLE pickup_booking (
    id          {{ID}},
    request_id  BIGINT NOT NULL UNIQUE REFERENCES request(id),
    slot_id     BIGINT NOT NULL REFERENCES pickup_slot(id),
    date        INTEGER NOT NULL,
    reminded    INTEGER NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL
);

-- The satisfaction survey after selesai/diambil (IKM): sent once per
-- request, answered 1..5 with an optional comment.
CREATE TABLE survey (
    id           {{ID}},
    office_id    BIGINT NOT NULL REFERENCES office(id),
    request_id   BIGINT NOT NULL UNIQUE REFERENCES request(id),
    channel      TEXT NOT NULL,
    rating       INTEGER,
    comment      TEXT NOT NULL DEFAULT '',
    sent_at      BIGINT NOT NULL,
    answered_at  BIGINT
);
CREATE INDEX survey_office ON survey(office_id, answered_at);
