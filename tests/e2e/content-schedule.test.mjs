// Scheduled publication of content (issue 16) on the durable job queue:
// the koordinator schedules through the calendar's form (content_schedule,
// which adds a "content_publish" job); the queue publishes the item at its
// time as the system; a rescheduled item is not published at its old time;
// an item whose time passed while the server was stopped is published on
// start and marked late, loudly on the calendar and in the decision log.
// Items are put in the database in state jadwal by SQL (the drafting
// workflow has its own tests); every schedule goes through the form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli, freshDb, login, serveOn, sql } from './lib.mjs';
import { putItem, itemRow, wibFields, until } from './content-cal-util.mjs';

const FAR = Math.floor(Date.now() / 1000) + 30 * 86400;

async function schedule(c, id, epoch) {
  await c.get('/console/o/jelitik/kalender');
  const r = await c.post(`/console/o/jelitik/kalender/${id}/jadwal`, wibFields(epoch));
  assert.equal(r.status, 303, `scheduling ${id}: ${r.status} ${r.text.slice(0, 400)}`);
}

const jobsFor = (db, id, at) => Number(sql(db, `SELECT COUNT(*) FROM job WHERE kind = 'content_publish'
  AND ref_id = ${id}${at ? ` AND payload LIKE '%${at}%'` : ''}`).trim());

test('the queue publishes a scheduled item at its time, not a rescheduled one at its old time, and a missed one late on restart', async () => {
  const db = freshDb();
  assert.equal(cli(['init', '--demo'], { db: db.url }).code, 0);
  let server = await serveOn(db);
  try {
    const onTime = putItem(db, 'jelitik', { title: 'Posyandu balita bulan ini', publishAt: FAR });
    const moved = putItem(db, 'jelitik', { title: 'Kerja bakti dipindah', publishAt: FAR });
    const missed = putItem(db, 'jelitik', { title: 'Jadwal vaksinasi lansia', publishAt: FAR });
    const c = await login(server.base, 'sekre.jelitik');
    // the form takes minutes: the next whole minute at least 5 s ahead
    const now = Math.floor(Date.now() / 1000);
    let at = Math.ceil((now + 5) / 60) * 60;
    await schedule(c, onTime, at);
    await schedule(c, moved, at);
    await schedule(c, moved, at + 3600);          // rescheduled an hour later
    await schedule(c, missed, FAR + 86400);
    assert.equal(itemRow(db, onTime).state, 'jadwal');
    assert.equal(jobsFor(db, moved, at), 1, 'the old job of the moved item is still queued');

    await until('the scheduled item to be published', () => itemRow(db, onTime).state === 'terbit');
    const pub = itemRow(db, onTime);
    assert.equal(pub.late, 0, 'published on time is not late');
    assert.ok(pub.publishedAt >= at, `not before its time: ${JSON.stringify(pub)} ${at}`);
    const log = sql(db, `SELECT actor, after_json FROM audit_log WHERE entity = 'content' AND
      entity_id = '${onTime}' AND action = 'content.publish'`).trim();
    assert.match(log, /^sistem\|/, 'published by the system');
    assert.match(log, /sesuai jadwal/);

    // the moved item's old job has run and done nothing
    await until('the old job of the moved item to finish', () => jobsFor(db, moved, at) === 0);
    assert.equal(itemRow(db, moved).state, 'jadwal', 'not published at the old time');
    assert.equal(itemRow(db, moved).publishAt, at + 3600);
    assert.equal(jobsFor(db, moved, at + 3600), 1, 'the new job waits for the new time');

    // the calendar shows the published one as terbit on its day
    const page = await c.get(`/console/o/jelitik/kalender?bulan=${wibFields(at).tanggal.slice(0, 7)}`);
    const day = page.text.split(`data-date="${wibFields(at).tanggal}"`)[1].split('</section>')[0];
    assert.match(day, /Posyandu balita bulan ini/);
    assert.match(day, /Terbit/);

    // the server stops; meanwhile the missed item's time passes (moved back in the database)
    await server.stop();
    const past = Math.floor(Date.now() / 1000) - 3 * 3600 - 600;
    sql(db, `UPDATE content_item SET publish_at = ${past} WHERE id = ${missed}`);
    sql(db, `UPDATE job SET run_at = ${past * 1000}, payload = '{"publish_at":${past}}'
      WHERE kind = 'content_publish' AND ref_id = ${missed}`);
    server = await serveOn(db);
    await until('the missed item to be published on start', () => itemRow(db, missed).state === 'terbit');
    const late = itemRow(db, missed);
    assert.equal(late.late, 1, 'marked late');
    const entry = sql(db, `SELECT actor, after_json FROM audit_log WHERE entity = 'content' AND
      entity_id = '${missed}' AND action = 'content.publish'`).trim();
    assert.match(entry, /^sistem\|/);
    assert.match(entry, /terlambat 3 jam 1\d menit/, 'the log says by how long');

    const c2 = await login(server.base, 'sekre.jelitik');
    const month = wibFields(late.publishedAt).tanggal.slice(0, 7);
    const cal = await c2.get(`/console/o/jelitik/kalender?bulan=${month}`);
    assert.match(cal.text, /class="msg error late-banner" role="alert"/, 'a banner says something was late');
    const lateDay = cal.text.split(`data-date="${wibFields(late.publishedAt).tanggal}"`)[1].split('</section>')[0];
    assert.match(lateDay, /Jadwal vaksinasi lansia[\s\S]*class="tag late"[^>]*>Terlambat</);
    assert.match(lateDay, /Terbit terlambat 3 jam 1\d menit dari jadwal/);
  } finally {
    await server.stop().catch(() => {});
    db.drop();
  }
});
