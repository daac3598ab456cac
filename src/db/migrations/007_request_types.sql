-- 007 request types: a request is what a citizen brings to the office (seed
-- 003: "permintaan informasi, pengaduan, pendaftaran dokumen dan/atau
-- konsultasi"), so a complaint and a consultation are requests too, with a
-- registration number, statuses and notices like a document request
-- (core/reqtype.h says what differs). SQL is in db/store_request.c.

-- pendaftaran_dokumen | pengaduan | konsultasi. A complaint also keeps its
-- category, what happened, where (the citizen's words or the name of a
-- shared location) and the shared location itself ("lat,lon", or '').
ALTER TABLE request ADD COLUMN request_type TEXT NOT NULL DEFAULT 'pendaftaran_dokumen';
ALTER TABLE request ADD COLUMN category TEXT NOT NULL DEFAULT '';
ALTER TABLE request ADD COLUMN details TEXT NOT NULL DEFAULT '';
ALTER TABLE request ADD COLUMN place TEXT NOT NULL DEFAULT '';
ALTER TABLE request ADD COLUMN geo TEXT NOT NULL DEFAULT '';
-- a request registered without a service was a consultation
UPDATE request SET request_type = 'konsultasi' WHERE service_id IS NULL;
CREATE INDEX request_office_type ON request(office_id, request_type, status);

-- How many working days an office gives itself for a request type that has
-- no service to say it (a complaint's follow-up). No row: the default in
-- core/reqtype.h.
CREATE TABLE request_type_sla (
    office_id     BIGINT NOT NULL REFERENCES office(id),
    request_type  TEXT NOT NULL,
    days          INTEGER NOT NULL,
    updated_at    BIGINT NOT NULL,
    PRIMARY KEY (office_id, request_type)
);
