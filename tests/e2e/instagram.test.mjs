// Instagram as an office's official channel: `balai channel instagram`
// connects the office's professional account (IG user id, long-lived token,
// Meta app secret, webhook verify token). The secrets are stored sealed like
// WhatsApp's, printed and shown only masked; `balai channel list` lists the
// account; the console's channel page explains each field in Indonesian.
// A published item goes to Instagram (the fake Graph server in
// tests/fakes/instagram.mjs) as an image post: limit, container, status,
// media_publish, permalink, each exactly once, also when the server is
// killed between container and publish; Meta's errors and a base URL that
// Meta cannot reach are told in Indonesian on the item.
// Each test runs the real binary on a fresh database (SQLite file or, with
// BALAI_TEST_PG, a new PostgreSQL database).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, freshDb, cli, sql, login, serveOn, freePort } from './lib.mjs';
import { unescapeHtml, tinyPng } from './util-e2e.mjs';
import { startFakeInstagram } from '../fakes/instagram.mjs';

const IG_USER = '17841400000000001';
const TOKEN = 'IGQWRlongLivedToken0123456789abcdWXYZ';
const APP_SECRET = 'igappsecret7c2d9e1f';
const VERIFY = 'balai-ig-vt-Pq41';
const secretsIn = (text) => [TOKEN, APP_SECRET, VERIFY].filter((s) => text.includes(s));

function dumpDb(db) {
  if (db.kind === 'pg') return execFileSync('pg_dump', ['--data-only', db.url], { encoding: 'utf8', maxBuffer: 256 << 20 });
  return execFileSync('sqlite3', [db.url, '.dump'], { encoding: 'utf8', maxBuffer: 256 << 20 });
}

async function demo(t) {
  const db = freshDb();
  t.after(() => db.drop());
  const init = cli(['init', '--demo'], { db: db.url });
  assert.equal(init.code, 0, init.stderr);
  return db;
}

const connect = (db, extra = {}) => {
  const o = { '--ig-user-id': IG_USER, '--token': TOKEN, '--app-secret': APP_SECRET, '--verify-token': VERIFY, ...extra };
  const args = ['channel', 'instagram', '--office', 'jelitik'];
  for (const [k, v] of Object.entries(o)) if (v !== null) args.push(k, v);
  return cli(args, { db: db.url });
};

test('`balai channel instagram` stores the account with its secrets sealed and lists it masked', async (t) => {
  const db = await demo(t);
  const r = connect(db, { '--graph-url': 'http://127.0.0.1:9/graph' });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Kanal instagram kantor jelitik tersimpan/);
  assert.match(r.stdout, new RegExp(`jelitik\\tinstagram\\takun ${IG_USER}\\ttoken ••••${TOKEN.slice(-4)}\\taktif`));
  assert.match(r.stdout, /\/webhooks\/instagram/);
  assert.deepEqual(secretsIn(r.stdout), [], 'nothing printed in the clear');

  const row = sql(db, "SELECT account || '|' || token || '|' || app_secret || '|' || verify_token || '|' || base_url FROM channel WHERE kind = 'instagram'").trim();
  const [account, ...rest] = row.split('|');
  assert.equal(account, IG_USER);
  assert.equal(rest.pop(), 'http://127.0.0.1:9/graph', 'the Graph address for tests is kept');
  for (const v of rest) assert.match(v, /^enc1:[A-Za-z0-9+/=]{40,}$/, 'each secret column holds a sealed value');
  assert.deepEqual(secretsIn(dumpDb(db)), [], 'no table (the audit log neither) holds a secret in the clear');

  const list = cli(['channel', 'list', '--office', 'jelitik'], { db: db.url });
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, new RegExp(`jelitik\\tinstagram\\takun ${IG_USER}\\ttoken ••••${TOKEN.slice(-4)}`));
  assert.deepEqual(secretsIn(list.stdout), []);

  // run again without secrets: the stored ones are kept (re-sealed), not emptied
  const again = connect(db, { '--token': null, '--app-secret': null, '--verify-token': null });
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, new RegExp(`token ••••${TOKEN.slice(-4)}`));
});

test('bad Instagram settings are refused in Indonesian and nothing is stored', async (t) => {
  const db = await demo(t);
  const r = connect(db, { '--ig-user-id': 'kelurahan_jelitik', '--app-secret': null });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /ig_user_id: ID pengguna Instagram berisi 5–32 angka/);
  assert.match(r.stderr, /app_secret: App secret wajib diisi/);
  const date = connect(db, { '--token-expires': '05-02-2027' });
  assert.equal(date.code, 1);
  assert.match(date.stderr, /token_expires: Tanggal habis token ditulis TTTT-BB-HH/);
  assert.equal(sql(db, "SELECT COUNT(*) FROM channel WHERE kind = 'instagram'").trim(), '0');
  // one account belongs to one office
  assert.equal(connect(db).code, 0);
  const other = cli(['channel', 'instagram', '--office', 'sogaten', '--ig-user-id', IG_USER, '--token', TOKEN,
    '--app-secret', APP_SECRET, '--verify-token', VERIFY], { db: db.url });
  assert.equal(other.code, 1);
  assert.match(other.stderr, /Akun Instagram ini sudah dipakai kantor lain/);
});

test('the console channel page shows the Instagram account masked, each field explained', async (t) => {
  const db = await demo(t);
  const server = await serveOn(db);
  t.after(() => server.stop());
  const lurah = await login(server.base, 'lurah.jelitik');
  const before = await lurah.get('/console/o/jelitik/kanal');
  assert.equal(before.status, 200);
  assert.match(before.text, /Akun Instagram kantor ini belum dihubungkan/);

  assert.equal(connect(db).code, 0);
  const page = await lurah.get('/console/o/jelitik/kanal');
  assert.equal(page.status, 200);
  const text = unescapeHtml(page.text);
  assert.ok(text.includes(IG_USER), 'the account id is shown');
  assert.ok(text.includes(`••••${TOKEN.slice(-4)}`), 'the token is shown masked');
  assert.match(text, /ID pengguna Instagram<\/dt><dd>.*akun profesional/);
  assert.match(text, /Token akses<\/dt><dd>.*perbarui sebelum habis/);
  assert.match(text, /\/webhooks\/instagram/);
  assert.deepEqual(secretsIn(page.text), []);

  const j = await lurah.json('/console/o/jelitik/kanal');
  assert.equal(j.status, 200);
  assert.equal(j.body.ig.account, IG_USER);
  assert.deepEqual(secretsIn(JSON.stringify(j.body)), [], 'the JSON view model is masked too');
  assert.match(text, /Token berlaku sampai<\/dt><dd>Belum dicatat/);

  // the long-lived token's end date: a warning from 14 days before, another once it has passed
  const day = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
  assert.equal(connect(db, { '--token': null, '--app-secret': null, '--verify-token': null, '--token-expires': day(5) }).code, 0);
  const soon = unescapeHtml((await lurah.get('/console/o/jelitik/kanal')).text);
  assert.match(soon, /Token akses habis [45] hari lagi/);
  assert.equal(connect(db, { '--token': null, '--app-secret': null, '--verify-token': null, '--token-expires': day(-3) }).code, 0);
  const gone = unescapeHtml((await lurah.get('/console/o/jelitik/kanal')).text);
  assert.match(gone, /Token akses sudah habis sejak .* Penerbitan ke Instagram gagal sampai token diperbarui/);
  assert.equal(connect(db, { '--token': null, '--app-secret': null, '--verify-token': null, '--token-expires': day(40) }).code, 0);
  assert.doesNotMatch(unescapeHtml((await lurah.get('/console/o/jelitik/kanal')).text), /Token akses (habis|sudah habis)/, 'no warning 40 days ahead');
});

// ---- publishing -------------------------------------------------------------

const ITEM = {
  type: 'pengumuman', date: '2026-12-01', source: 'Kelurahan Jelitik', contact: '0717 000101',
  summary: 'Posyandu balita dibuka di balai RW 03 setiap Sabtu pagi.',
  action_points: ['Bawa buku KIA', 'Datang pukul 08.00'], body: 'Gratis.',
  document_url: 'https://jelitik.go.id/posyandu.pdf',
  image: 'img/posyandu.png', alt_text: 'Poster posyandu balita di balai RW 03',
  title: 'Posyandu Balita RW 03', state: 'published',
};

/** A demo database with one published item with a PNG visual, and the office's Instagram pointed at a fake. */
async function withItem(t) {
  const db = await demo(t);
  const work = mkdtempSync(join(tmpdir(), 'balai-ig-'));
  const files = join(work, 'files');
  t.after(() => rmSync(work, { recursive: true, force: true }));
  mkdirSync(join(work, 'img'));
  writeFileSync(join(work, 'img/posyandu.png'), tinyPng(720, 900));
  writeFileSync(join(work, 'items.json'), JSON.stringify([ITEM]));
  const imp = cli(['content', 'import', '--office', 'jelitik', join(work, 'items.json'), '--files-dir', files], { db: db.url });
  assert.equal(imp.code, 0, imp.stderr);
  const fake = await startFakeInstagram({ igUserId: IG_USER, token: TOKEN });
  t.after(() => fake.close());
  assert.equal(connect(db, { '--graph-url': fake.url }).code, 0);
  const [id, slug] = sql(db, "SELECT id, slug FROM content_item WHERE title = 'Posyandu Balita RW 03'").trim().split('|');
  return { db, files, fake, id, slug };
}

/** `balai serve` on a port known beforehand (its public base URL is set from it); kill() is kill -9. */
async function serve(env, { db, files }, port) {
  port ??= await freePort();
  const proc = spawn(BIN, ['serve', '--listen', `127.0.0.1:${port}`, '--db', db.url, '--files-dir', files],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  proc.stdout.on('data', (d) => { out += d; });
  proc.stderr.on('data', (d) => { out += d; });
  const started = Date.now();
  while (!out.includes('Balai berjalan di')) {
    if (proc.exitCode !== null) throw new Error(`balai serve exited:\n${out}`);
    if (Date.now() - started > 60000) throw new Error(`balai serve did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  const exited = new Promise((r) => proc.on('exit', r));
  return {
    base: `http://127.0.0.1:${port}`, port, output: () => out,
    async kill() { proc.kill('SIGKILL'); await exited; },
    async stop() {
      if (proc.exitCode === null) { proc.kill('SIGTERM'); await exited; }
      assert.equal(proc.exitCode, 0, out);
    },
  };
}

/** Waits until the item's Instagram row is in `state` (the worker runs on its own). */
async function waitState(db, id, state, what = () => '') {
  const until = Date.now() + 90000;
  for (;;) {
    const now = sql(db, `SELECT state FROM instagram_post WHERE item_id = ${id}`).trim();
    if (now === state) return;
    if (Date.now() > until) throw new Error(`instagram_post is "${now}", not "${state}" ${what()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const count = (a, k) => a.filter((x) => x === k).length;

test('a published item with one visual becomes one Instagram post: limit, container, status, publish, each once', async (t) => {
  const env = await withItem(t);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = await serve({ BALAI_BASE_URL: base, BALAI_IG_ALLOW: base }, env, port);
  t.after(() => server.stop());
  const lurah = await login(server.base, 'lurah.jelitik');
  const page = await lurah.get(`/console/o/jelitik/konten/${env.id}`);
  assert.match(page.text, /Terbitkan di Instagram/);
  const r = await lurah.post(`/console/o/jelitik/konten/${env.id}/instagram`);
  assert.equal(r.status, 303, r.text.slice(0, 300));
  await waitState(env.db, env.id, 'terbit', () => server.output());

  assert.deepEqual(env.fake.kinds(), ['limit', 'media', 'status', 'publish', 'media_read']);
  assert.equal(env.fake.posts.length, 1);
  const post = env.fake.posts[0];
  assert.equal(post.imageUrl, `${base}/o/jelitik/berita/${env.slug}/visual.jpg`, 'Meta fetched the JPEG derivative');
  assert.equal(post.altText, ITEM.alt_text);
  const lines = post.caption.split('\n');
  assert.equal(lines[0], ITEM.title);
  assert.ok(post.caption.includes(ITEM.summary), 'ringkasan');
  assert.ok(post.caption.includes('Yang perlu dilakukan:\n1. Bawa buku KIA\n2. Datang pukul 08.00'), 'poin tindakan');
  assert.ok(post.caption.includes('Kontak: 0717 000101'), 'kontak');
  assert.equal(lines.at(-1), `Selengkapnya: ${base}/o/jelitik/berita/${env.slug}`, 'the link to the portal item last');
  const row = sql(env.db, `SELECT container_id || '|' || media_id || '|' || permalink FROM instagram_post WHERE item_id = ${env.id}`).trim();
  assert.equal(row, `${post.container}|${post.id}|https://www.instagram.com/p/FAKE${post.id}/`);

  const after = await lurah.get(`/console/o/jelitik/konten/${env.id}`);
  assert.match(after.text, /Sudah terbit di Instagram/);
  assert.ok(after.text.includes(`https://www.instagram.com/p/FAKE${post.id}/`), 'the post is linked');
  assert.doesNotMatch(after.text, /Terbitkan di Instagram/, 'no button for a live post');
  // pressing it anyway (a second tab): once the queue holds no Instagram job, still one post
  const again = await lurah.post(`/console/o/jelitik/konten/${env.id}/instagram`);
  assert.equal(again.status, 303);
  while (sql(env.db, "SELECT COUNT(*) FROM job WHERE kind = 'instagram'").trim() !== '0')
    await new Promise((r) => setTimeout(r, 100));
  assert.equal(env.fake.posts.length, 1);
  assert.deepEqual(env.fake.kinds(), ['limit', 'media', 'status', 'publish', 'media_read']);
});

test('killed (kill -9) between container and publish, the restarted server publishes exactly once', async (t) => {
  const env = await withItem(t);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const envVars = { BALAI_BASE_URL: base, BALAI_IG_ALLOW: base };
  env.fake.hold();        // the container stays IN_PROGRESS
  const first = await serve(envVars, env, port);
  const lurah = await login(first.base, 'lurah.jelitik');
  assert.equal((await lurah.post(`/console/o/jelitik/konten/${env.id}/instagram`)).status, 303);
  await waitState(env.db, env.id, 'wadah', () => first.output());
  while (count(env.fake.kinds(), 'status') < 1) await new Promise((r) => setTimeout(r, 50));
  await first.kill();
  const container = sql(env.db, `SELECT container_id FROM instagram_post WHERE item_id = ${env.id}`).trim();
  assert.ok(container, 'the container id was stored before its status was read');

  env.fake.release();
  const second = await serve(envVars, env, port);
  t.after(() => second.stop());
  await waitState(env.db, env.id, 'terbit', () => second.output());
  const kinds = env.fake.kinds();
  assert.equal(count(kinds, 'media'), 1, `one container: ${kinds}`);
  assert.equal(count(kinds, 'publish'), 1, `one media_publish: ${kinds}`);
  assert.equal(env.fake.posts.length, 1);
  assert.equal(env.fake.posts[0].container, container, 'the stored container was reused');
  assert.deepEqual(kinds.slice(0, 2), ['limit', 'media']);
  assert.deepEqual(kinds.slice(-3), ['status', 'publish', 'media_read']);
});

test('Meta cannot fetch the picture: the item says so in Indonesian, with a retry', async (t) => {
  const env = await withItem(t);
  const dead = `http://127.0.0.1:${await freePort()}`;   // nothing listens there
  const server = await serve({ BALAI_BASE_URL: dead, BALAI_IG_ALLOW: dead }, env);
  t.after(() => server.stop());
  const lurah = await login(server.base, 'lurah.jelitik');
  assert.equal((await lurah.post(`/console/o/jelitik/konten/${env.id}/instagram`)).status, 303);
  await waitState(env.db, env.id, 'gagal', () => server.output());
  assert.deepEqual(env.fake.kinds(), ['limit', 'media']);
  assert.equal(env.fake.posts.length, 0);
  const page = unescapeHtml((await lurah.get(`/console/o/jelitik/konten/${env.id}`)).text);
  assert.match(page, /Instagram tidak dapat mengambil gambar konten ini dari alamat Balai/);
  assert.doesNotMatch(page, /9004|could not be fetched/, 'no raw Graph error on screen');
  assert.match(page, /Coba lagi terbitkan di Instagram/);
  // the retry queues it again (and fails the same way: still no post)
  assert.equal((await lurah.post(`/console/o/jelitik/konten/${env.id}/instagram`)).status, 303);
  await waitState(env.db, env.id, 'gagal');
  assert.deepEqual(env.fake.kinds(), ['limit', 'media', 'limit', 'media']);
  assert.equal(env.fake.posts.length, 0);
});

test('past the 24-hour publishing limit read from Instagram, nothing is created and the item says why', async (t) => {
  const env = await withItem(t);
  env.fake.state.quotaTotal = 3;
  env.fake.state.quotaUsage = 3;
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = await serve({ BALAI_BASE_URL: base, BALAI_IG_ALLOW: base }, env, port);
  t.after(() => server.stop());
  const lurah = await login(server.base, 'lurah.jelitik');
  assert.equal((await lurah.post(`/console/o/jelitik/konten/${env.id}/instagram`)).status, 303);
  await waitState(env.db, env.id, 'gagal', () => server.output());
  assert.deepEqual(env.fake.kinds(), ['limit'], 'no container past the limit');
  const page = unescapeHtml((await lurah.get(`/console/o/jelitik/konten/${env.id}`)).text);
  assert.match(page, /Batas unggahan Instagram akun ini sudah tercapai \(3 unggahan dalam 24 jam\)/);
});

test('a base URL Meta cannot reach is refused before any call to Instagram', async (t) => {
  for (const [base, why] of [['http://kelurahan.example.go.id', /harus diawali https:\/\//],
    ['https://localhost:8443', /komputer ini atau jaringan lokal/],
    ['https://192.168.1.20', /komputer ini atau jaringan lokal/]]) {
    const env = await withItem(t);
    const server = await serve({ BALAI_BASE_URL: base }, env);
    const lurah = await login(server.base, 'lurah.jelitik');
    assert.equal((await lurah.post(`/console/o/jelitik/konten/${env.id}/instagram`)).status, 303);
    await waitState(env.db, env.id, 'gagal', () => server.output());
    assert.deepEqual(env.fake.kinds(), [], `${base}: Instagram is never called`);
    const page = unescapeHtml((await lurah.get(`/console/o/jelitik/konten/${env.id}`)).text);
    assert.match(page, why, base);
    await server.stop();
  }
});

// ---- webhook ------------------------------------------------------------------

test('/webhooks/instagram: the handshake needs the verify token; a delivery needs the app secret\'s signature', async (t) => {
  const db = await demo(t);
  assert.equal(connect(db).code, 0);
  const server = await serveOn(db);
  t.after(() => server.stop());
  const hs = (token) => fetch(`${server.base}/webhooks/instagram?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=${encodeURIComponent(token)}`);
  const good = await hs(VERIFY);
  assert.equal(good.status, 200);
  assert.equal(await good.text(), '1158201444', 'the challenge is echoed');
  assert.equal((await hs('tebakan-salah')).status, 403);

  const before = sql(db, 'SELECT (SELECT COUNT(*) FROM message) || \'|\' || (SELECT COUNT(*) FROM job)').trim();
  const body = JSON.stringify({ object: 'instagram', entry: [{ id: IG_USER, time: 1758700000, changes: [{ field: 'comments',
    value: { id: '17865799348089039', text: 'Jam buka posyandu?', from: { id: '1234', username: 'warga' }, media: { id: '18000000000001', media_product_type: 'FEED' } } }] }] });
  const post = (headers) => fetch(`${server.base}/webhooks/instagram`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const sign = (secret) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
  assert.equal((await post({})).status, 401, 'unsigned');
  assert.equal((await post({ 'x-hub-signature-256': sign('rahasia-lain-123') })).status, 401, 'signed with another secret');
  assert.equal(sql(db, 'SELECT (SELECT COUNT(*) FROM message) || \'|\' || (SELECT COUNT(*) FROM job)').trim(), before, 'nothing stored');
  assert.equal((await post({ 'x-hub-signature-256': sign(APP_SECRET) })).status, 200, 'signed with the app secret');
});
