// The demo's news (scripts/demo-news, run by scripts/demo on a new
// database): data/demo-news.json imported into Kelurahan Jelitik and the
// Diskominfo's item shared with it. Someone who runs the demo and opens
// /o/jelitik/berita must see every published item of those files, each in
// the complete standard format with its visual and alt text, on the page,
// in JSON and in the Atom feed, while the scheduled one waits on the queue
// and is nowhere public. The files are read here, so when someone edits
// them and breaks one (a missing field, an image the import refuses, a
// scheduled date that passed) this test fails instead of the demo.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, BIN, freshDb, cli, sql, serveOn, Client } from './lib.mjs';

const read = (f) => JSON.parse(readFileSync(join(ROOT, 'data', f), 'utf8'));
const jelitik = read('demo-news.json');
const dinas = read('demo-news-diskominfo.json');
const published = [...jelitik, ...dinas].filter((i) => i.state === 'published');
const scheduled = jelitik.filter((i) => i.state === 'scheduled');

let db, files, server, anon, scriptOut;

before(async () => {
  db = freshDb();
  files = mkdtempSync(join(tmpdir(), 'balai-demo-news-'));
  const r = cli(['init', '--demo'], { db: db.url });
  assert.equal(r.code, 0, r.stderr);
  scriptOut = execFileSync(join(ROOT, 'scripts/demo-news'), [db.url], {
    env: { ...process.env, BALAI_BIN: BIN, BALAI_FILES_DIR: files }, encoding: 'utf8',
  });
  server = await serveOn(db, ['--files-dir', files]);
  anon = new Client(server.base);
});

after(async () => {
  if (server) await server.stop();
  if (db) db.drop();
  if (files) rmSync(files, { recursive: true, force: true });
});

test('the demo files hold the kinds of news a kelurahan publishes, and one scheduled item', () => {
  const types = new Set(published.map((i) => i.type));
  for (const t of ['pengumuman', 'edukasi', 'klarifikasi_hoaks', 'laporan_kegiatan'])
    assert.ok(types.has(t), `a published ${t}`);
  assert.equal(scheduled.length, 1);
  assert.ok(dinas.some((i) => i.state === 'published'), 'the Diskominfo offers a published item');
  assert.match(scriptOut, new RegExp(`${jelitik.length} konten diimpor ke jelitik`));
  assert.match(scriptOut, /tampil di portal jelitik/);
});

test('every published demo item is on Jelitik\'s news page, the scheduled one is not', async () => {
  const list = await anon.json('/o/jelitik/berita');
  assert.equal(list.status, 200);
  assert.deepEqual(list.body.items.map((i) => i.title).sort(), published.map((i) => i.title).sort());
  const page = await anon.get('/o/jelitik/berita');
  for (const i of scheduled) {
    assert.doesNotMatch(page.text, new RegExp(i.title.slice(0, 30)));
    const row = sql(db, `SELECT state FROM content_item WHERE title = '${i.title}'`).trim();
    assert.equal(row, 'jadwal', 'waiting for its time');
  }
  const jobs = sql(db, "SELECT COUNT(*) FROM job WHERE kind = 'content_publish' AND run_at > " +
    `${Date.now()}`).trim();
  assert.equal(Number(jobs), scheduled.length, 'on the queue, still ahead');
});

test('each item is public in the whole standard format, with its visual and alt text', async () => {
  const list = (await anon.json('/o/jelitik/berita')).body.items;
  for (const want of published) {
    const row = list.find((i) => i.title === want.title);
    const j = await anon.json(row.url);
    assert.equal(j.status, 200, row.url);
    const it = j.body.item;
    assert.equal(it.item_date, want.date);
    for (const k of ['source', 'contact', 'summary', 'document_url', 'alt_text', 'body'])
      assert.equal(it[k], want[k], `${want.title}: ${k}`);
    assert.deepEqual(it.action_points, want.action_points);
    assert.ok(want.action_points.length > 0 && /^https:\/\//.test(want.document_url));
    const html = (await anon.get(row.url)).text;
    assert.ok(html.includes(`alt="${want.alt_text}"`), `${want.title}: the visual has its alt text`);
    const img = await fetch(server.base + it.visual_url);
    assert.equal(img.status, 200, `${want.title}: visual`);
    assert.match(img.headers.get('content-type'), /^image\/(jpeg|png)$/);
    assert.ok((await img.arrayBuffer()).byteLength > 1000, 'a real picture');
  }
});

test('the Atom feed is well-formed and carries every published demo item', async () => {
  const res = await fetch(`${server.base}/o/jelitik/berita.atom`);
  assert.equal(res.status, 200);
  const xml = await res.text();
  try {
    execFileSync('xmllint', ['--noout', '-'], { input: xml, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (e) {
    if (e.code !== 'ENOENT') assert.fail(`not well-formed: ${e.stderr}`);
  }
  const titles = [...xml.matchAll(/<entry>[\s\S]*?<title[^>]*>([^<]*)<\/title>/g)].map((m) => m[1]);
  assert.deepEqual(titles.sort(), published.map((i) => i.title).sort());
});

test('content share offers only a published item, only to an office below the item\'s', () => {
  const slug = (sql(db, "SELECT slug FROM content_item WHERE state = 'terbit' AND office_id = " +
    "(SELECT id FROM office WHERE slug = 'jelitik') ORDER BY id LIMIT 1")).trim();
  const share = (args) => cli(['content', 'share', ...args, '--files-dir', files], { db: db.url });
  let r = share(['--office', 'jelitik', '--to', 'srimenanti', slug]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /hanya bisa ditawarkan kepada kantor di bawah jelitik/);
  const draft = sql(db, "SELECT slug FROM content_item WHERE state = 'validasi' LIMIT 1").trim();
  r = share(['--office', 'jelitik', '--to', 'jelitik', draft]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /tidak punya berita terbit/);
  // the Diskominfo offers to another kelurahan of its regency; without --accept it waits
  const before = sql(db, 'SELECT COUNT(*) FROM content_share').trim();
  r = share(['--office', 'diskominfo-bangka', '--to', 'srimenanti',
    'lindungi-akun-whatsapp-anda-dengan-verifikasi-dua-langkah']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /ditawarkan kepada srimenanti/);
  assert.equal(Number(sql(db, 'SELECT COUNT(*) FROM content_share').trim()), Number(before) + 1);
  assert.equal(sql(db, "SELECT COUNT(*) FROM content_share s JOIN office o ON o.id = s.office_id " +
    "WHERE o.slug = 'srimenanti' AND s.accepted = 1").trim(), '0', 'not accepted for them');
});
