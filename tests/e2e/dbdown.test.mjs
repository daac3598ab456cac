// A database outage is not a missing office or a forged delivery. While
// PostgreSQL cannot be reached, the portal and the console answer 503 with
// a clear page (not 404 "Kantor tidak ditemukan", not the login page), and
// signed WhatsApp and Telegram deliveries get 503 so Meta and Telegram send
// them again (not 401/403, which say "forged"). Once the database is back
// the same requests succeed.
//
// The outage is played on the test's own PostgreSQL database: new
// connections to it are refused and Balai's are ended, the way a restarting
// or unreachable server looks from Balai. SQLite has no such outage to play
// (the file is in the process, and root reads it whatever its mode), so the
// test is skipped there.
//
// A failure of one query is not "not found" either: with one table the page
// reads renamed away (so only that query fails, on either database), the
// request page, the status page, the service pages, the staff page, the
// gate's roles, a conversation's notes, the channels page and a citizen's
// upload link answer 503, not 404, 403, 410 "expired" or a page with the
// list silently empty; with the table back they work again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startBalai, cli, login, sql, ON_PG } from './lib.mjs';
import { textWebhook, postWebhook, waitFor } from '../fakes/graph.mjs';
import { textUpdate, postUpdate } from '../fakes/telegram.mjs';

const APP_SECRET = 'appsecret0a1b2c3d4e5f';
const PNID = '109876543210987';
const TG_SECRET = 'outage_secret_token_1';
const DOWN = /basis data tidak dapat dihubungi/;

function admin(statement) {
  execFileSync('psql', [process.env.BALAI_TEST_PG, '-q', '-c', statement]);
}

/** Refuses new connections to the test database and ends Balai's. */
function outage(db) {
  admin(`ALTER DATABASE ${db.name} ALLOW_CONNECTIONS false`);
  admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${db.name}' AND pid <> pg_backend_pid()`);
}

function recover(db) {
  admin(`ALTER DATABASE ${db.name} ALLOW_CONNECTIONS true`);
}

test('during a PostgreSQL outage pages and signed webhooks answer 503, then work again', { skip: !ON_PG && 'needs PostgreSQL (BALAI_TEST_PG)' }, async (t) => {
  const server = await startBalai();
  let down = false;
  t.after(async () => { if (down) recover(server.db); await server.stop(); });
  const db = server.db.url;
  assert.equal(cli(['channel', 'whatsapp', '--office', 'jelitik', '--phone-number-id', PNID, '--token', 'EAAGoutageToken0123456789abcdef',
    '--app-secret', APP_SECRET, '--verify-token', 'balai-vt-outage', '--graph-url', 'http://127.0.0.1:9'], { db }).code, 0);
  assert.equal(cli(['channel', 'telegram', '--office', 'jelitik', '--token', '123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw',
    '--secret-token', TG_SECRET, '--api-url', 'http://127.0.0.1:9'], { db }).code, 0);
  const lurah = await login(server.base, 'lurah.jelitik');
  const wa = () => postWebhook(`${server.base}/webhooks/whatsapp`,
    textWebhook({ phoneNumberId: PNID, text: 'halo' }), APP_SECRET);
  const tg = () => postUpdate(`${server.base}/webhooks/telegram/jelitik`, textUpdate({ text: 'halo' }), TG_SECRET);
  assert.equal((await lurah.get('/console/o/jelitik')).status, 200);

  outage(server.db);
  down = true;
  for (const path of ['/o/jelitik', '/o/jelitik/status']) {
    const r = await lurah.get(path);
    assert.equal(r.status, 503, `${path}: ${r.status} ${r.text.slice(0, 300)}`);
    assert.match(r.text, DOWN, path);
    assert.doesNotMatch(r.text, /Kantor tidak ditemukan/);
  }
  const con = await lurah.get('/console/o/jelitik');
  assert.equal(con.status, 503, `console: ${con.status} ${con.location ?? ''}`);
  assert.match(con.text, DOWN);
  const api = await lurah.json('/api/v1/offices/jelitik/services');
  assert.equal(api.status, 503);
  const w = await wa();
  assert.equal(w.status, 503, `WhatsApp: ${w.status} ${w.text}`);
  const g = await tg();
  assert.equal(g.status, 503, `Telegram: ${g.status} ${g.text}`);

  recover(server.db);
  down = false;
  // a connection ended by the outage is opened again on its next use
  await waitFor(async () => (await lurah.get('/o/jelitik')).status === 200, { timeout: 10000, interval: 100, what: 'the portal back' });
  assert.equal((await lurah.get('/console/o/jelitik')).status, 200);
  await waitFor(async () => (await wa()).status === 200, { timeout: 10000, interval: 100, what: 'WhatsApp deliveries stored again' });
  await waitFor(async () => (await tg()).status === 200, { timeout: 10000, interval: 100, what: 'Telegram deliveries stored again' });
  // a genuinely unknown office is still a 404
  const missing = await lurah.get('/o/tidak-ada');
  assert.equal(missing.status, 404);
});

test('a failed lookup answers 503, not "not found", and the page works once the table is back', async (t) => {
  const server = await startBalai();
  const away = [];
  const rename = (from, to) => sql(server.db, `ALTER TABLE ${from} RENAME TO ${to}`);
  t.after(async () => { for (const n of away) rename(`${n}_away`, n); await server.stop(); });
  const lurah = await login(server.base, 'lurah.jelitik');
  await lurah.get('/console/o/jelitik/permohonan/baru');
  const reg = await lurah.post('/console/o/jelitik/permohonan/baru',
    { service: 'sktm', name: 'Siti Aminah', address: 'RT 03 / RW 01, Jl. Laut', phone: '0812 3456 7890' });
  assert.equal(reg.status, 303, reg.text.slice(0, 300));
  const id = Number(reg.location.match(/permohonan\/(\d+)/)[1]);
  const number = sql(server.db, `SELECT number FROM request WHERE id = ${id}`).trim();
  const chat = await fetch(`${server.base}/o/jelitik/obrolan`, { method: 'POST',
    headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'nik saya 3171012345670003 mau urus kk' }) });
  assert.equal(chat.status, 200);
  // a NIK in the chat: the answer carries the citizen's private upload link
  const link = (await chat.json()).messages.map((m) => m.text).join('\n').match(/\/unggah\/[0-9a-f]{64}(?![0-9a-f])/);
  assert.ok(link, 'the chat answer carries an upload link');
  const conv = Number(sql(server.db, "SELECT MAX(c.id) FROM conversation c JOIN office o ON o.id = c.office_id WHERE o.slug = 'jelitik'").trim());
  await lurah.post(`/console/o/jelitik/percakapan/${conv}/catatan`, { note: 'catatan uji' });
  const pages = {
    request: [`/console/o/jelitik/permohonan/${id}`, `/o/jelitik/status?nomor=${encodeURIComponent(number)}`],
    service: ['/o/jelitik/layanan/sktm', '/console/o/jelitik/layanan/sktm'],
    staff_role: ['/console/o/jelitik', '/console/o/jelitik/staff/petugas.jelitik'],
    inbox_note: [`/console/o/jelitik/percakapan/${conv}`],
    channel: ['/console/o/jelitik/kanal'],
    upload_link: [link[0]],
  };
  for (const [table, paths] of Object.entries(pages)) {
    for (const path of paths) assert.equal((await lurah.get(path)).status, 200, `${path} before`);
    rename(table, `${table}_away`);
    away.push(table);
    for (const path of paths) {
      const r = await lurah.get(path);
      assert.equal(r.status, 503, `${path} without ${table}: ${r.status} ${r.location ?? ''} ${r.text.slice(0, 200)}`);
      assert.match(r.text, DOWN, path);
      assert.ok(r.headers.get('retry-after'), `${path}: Retry-After`);
    }
    rename(`${table}_away`, table);
    away.pop();
    for (const path of paths) assert.equal((await lurah.get(path)).status, 200, `${path} after`);
  }
  // a genuinely unknown request is still a 404
  assert.equal((await lurah.get(`/console/o/jelitik/permohonan/${id + 1000}`)).status, 404);
});
