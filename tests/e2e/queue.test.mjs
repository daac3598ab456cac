// The durable job queue after a crash: a job whose worker died (its lease
// ran out) is taken up again by a running server, while a job another
// instance still holds (lease not yet over) is left alone. On SQLite and
// PostgreSQL (the claim's SQL differs: FOR UPDATE SKIP LOCKED there).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startBalai, sql } from './lib.mjs';

// A citizen's portal-chat message stored with its "inbound" job in the
// given state, as a worker that stopped half-way would leave it.
function queued(db, tag, state, lockedUntilMs) {
  const now = Math.floor(Date.now() / 1000);
  sql(db, `INSERT INTO message (office_id, channel, external_id, direction, sender, kind, body,
             status, sent_at, created_at, updated_at)
           SELECT id, 'web', '${tag}', 'in', 'tamu-${tag}', 'text', 'jam buka kantor kapan', 'new',
             ${now}, ${now}, ${now} FROM office WHERE slug = 'jelitik'`);
  const id = sql(db, `SELECT id FROM message WHERE external_id = '${tag}'`).trim();
  sql(db, `INSERT INTO job (kind, office_id, ref_id, state, attempts, run_at, locked_until, created_at)
           SELECT 'inbound', office_id, id, '${state}', 1, ${Date.now() - 60000}, ${lockedUntilMs},
             ${now} FROM message WHERE id = ${id}`);
  return id;
}

const statusOf = (db, id) => sql(db, `SELECT status FROM message WHERE id = ${id}`).trim();
const replies = (db, id) => Number(sql(db, `SELECT COUNT(*) FROM message WHERE direction = 'out'
  AND conversation_id = (SELECT conversation_id FROM message WHERE id = ${id})`).trim() || 0);

test('a job left running by a worker that died is taken up again; one still leased elsewhere is not', async () => {
  const b = await startBalai();
  try {
    const dead = queued(b.db, 'lease-over', 'running', Date.now() - 1000);
    const held = queued(b.db, 'lease-held', 'running', Date.now() + 10 * 60 * 1000);
    const until = Date.now() + 20000;
    while (statusOf(b.db, dead) !== 'done' && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    assert.equal(statusOf(b.db, dead), 'done', 'the message of the crashed worker was processed');
    assert.equal(replies(b.db, dead), 1, 'and the citizen got one answer');
    assert.equal(sql(b.db, `SELECT COUNT(*) FROM job WHERE ref_id = ${dead}`).trim(), '0', 'its job is finished');
    // the other lease runs for minutes: its holder is alive and the job stays with it
    assert.equal(statusOf(b.db, held), 'new');
    assert.equal(sql(b.db, `SELECT state FROM job WHERE ref_id = ${held}`).trim(), 'running');
  } finally {
    await b.stop();
  }
});
