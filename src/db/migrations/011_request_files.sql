-- 011 request files: an application made on the portal (issue 15) has no
-- conversation, so the private upload link it gets names the request
-- itself, and the files sent through it are the request's. The request page
-- lists them beside those of the request's conversation, and staff
-- downloads are named after the request's number. SQL is in
-- db/store_media.c and db/store_request.c.
ALTER TABLE upload_link ADD COLUMN request_id BIGINT REFERENCES request(id);
ALTER TABLE media ADD COLUMN request_id BIGINT REFERENCES request(id);
CREATE INDEX media_request ON media(request_id);
-- an application on the portal with the same WhatsApp number for the same
-- service while the first is open is not registered twice
CREATE INDEX request_office_phone ON request(office_id, phone);
