-- 009 media files: what citizens send is kept as files on disk
-- (util/filestore.h), not as base64 in this table. A row names its file by
-- key and keeps its SHA-256; rows written before this migration keep their
-- base64 in `data` and are still served from there (file_key = '').
-- client_addr is the address an upload link was used from, for the
-- per-address upload quota (web/upload.c). SQL is in db/store_media.c.
ALTER TABLE media ADD COLUMN file_key TEXT NOT NULL DEFAULT '';
ALTER TABLE media ADD COLUMN sha256 TEXT NOT NULL DEFAULT '';
ALTER TABLE media ADD COLUMN client_addr TEXT NOT NULL DEFAULT '';
CREATE INDEX media_upload_addr ON media(client_addr, created_at);
CREATE INDEX media_office_created ON media(office_id, created_at);
-- links made lately by one office (the portal chat's hourly cap, channels/inbound.c)
CREATE INDEX upload_link_office_created ON upload_link(office_id, created_at);
