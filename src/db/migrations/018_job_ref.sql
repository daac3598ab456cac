-- 018 job_ref: the jobs of one row. A send job waits while an earlier
-- outbound message of its conversation still has a send job pending
-- (db/store_job.c job_send_ahead, channels/send.c), so a citizen gets the
-- messages of one conversation in the order they were queued; this index
-- finds an earlier message's job without scanning the queue.
CREATE INDEX job_ref ON job(ref_id);
