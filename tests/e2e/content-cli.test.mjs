// `balai content import|export` (issue 16): an office brings its archive
// of past announcements as one JSON array. A good file lands every item in
// its state with its own date, marked imported in its decision log, the
// scheduled one on the job queue; a file with any bad item is refused
// whole with each problem named by item number and field in Bahasa
// Indonesia; export writes the same format, and importing an export into
// another database exports the same again (images included).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDb, cli, sql } from './lib.mjs';
import { tinyPng, pngSize } from './util-e2e.mjs';

let work;
const dbs = [];

function newDb() {
  const db = freshDb();
  dbs.push(db);
  const r = cli(['init', '--demo'], { db: db.url });
  assert.equal(r.code, 0, r.stderr);
  db.files = mkdtempSync(join(tmpdir(), 'balai-cfiles-'));
  return db;
}

const run = (db, args) => cli([...args, '--files-dir', db.files], { db: db.url });

const complete = {
  type: 'pengumuman', date: '2025-08-17', source: 'Kelurahan Jelitik', contact: '0717 000101',
  summary: 'Lomba tujuh belasan di lapangan RW 03.', action_points: ['Daftar ke ketua RT', 'Bawa air minum'],
  document_url: 'https://jelitik.go.id/lomba.pdf', body: 'Hadiah **menarik**.', image: 'img/lomba.png',
  alt_text: 'Poster lomba tujuh belasan',
};
const good = [
  { ...complete, title: 'Lomba Tujuh Belasan', state: 'published' },
  { type: 'edukasi', title: 'Cuci tangan pakai sabun', state: 'draft' },
  { ...complete, type: 'informasi_layanan', title: 'Layanan KTP Keliling', date: '2027-02-01',
    state: 'scheduled', publish_at: '2027-01-25T09:00:00+07:00' },
];

before(() => {
  work = mkdtempSync(join(tmpdir(), 'balai-ccli-'));
  mkdirSync(join(work, 'img'));
  writeFileSync(join(work, 'img/lomba.png'), tinyPng(720, 900));
  writeFileSync(join(work, 'img/kecil.png'), tinyPng(300, 300));
  writeFileSync(join(work, 'good.json'), JSON.stringify(good));
});

after(() => {
  for (const db of dbs) { db.drop(); rmSync(db.files, { recursive: true, force: true }); }
  if (work) rmSync(work, { recursive: true, force: true });
});

test('a good file lands each item in its state, with its date, marked imported', () => {
  const db = newDb();
  const r = run(db, ['content', 'import', '--office', 'srimenanti', join(work, 'good.json')]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /3 konten diimpor ke srimenanti/);
  const rows = sql(db, "SELECT c.title, c.state, c.item_date, c.published_at, c.publish_at, c.imported, " +
    "c.media_id IS NOT NULL, c.alt_text FROM content_item c JOIN office o ON o.id = c.office_id " +
    "WHERE o.slug = 'srimenanti' ORDER BY c.id").trim().split('\n').map((l) => l.split('|'));
  assert.deepEqual(rows.map((x) => x.slice(0, 3)), [
    ['Lomba Tujuh Belasan', 'terbit', '2025-08-17'],
    ['Cuci tangan pakai sabun', 'draf', ''],
    ['Layanan KTP Keliling', 'jadwal', '2027-02-01'],
  ]);
  // published on its own date (midnight in Jelitik, WIB), not today
  assert.equal(Number(rows[0][3]), Date.UTC(2025, 7, 16, 17, 0, 0) / 1000);
  assert.equal(Number(rows[2][4]), Date.UTC(2027, 0, 25, 2, 0, 0) / 1000);
  for (const x of rows) assert.ok(['1', 't'].includes(x[5]), 'imported');
  assert.ok(['1', 't'].includes(rows[0][6]) && ['1', 't'].includes(rows[2][6]), 'visuals kept');
  // the decision log of each item says it was imported, by the command line
  const log = sql(db, "SELECT entity_id, action, actor FROM audit_log WHERE entity = 'content' AND office_id = (SELECT id FROM office WHERE slug = 'srimenanti') ORDER BY seq").trim().split('\n');
  assert.equal(log.filter((l) => l.includes('|content.import|cli:')).length, 3);
  assert.ok(log.some((l) => l.includes('|content.schedule|cli:')), 'the schedule is a decision too');
  // the scheduled one waits on the durable queue for its time
  const job = sql(db, "SELECT kind, run_at FROM job WHERE kind = 'content_publish'").trim();
  assert.equal(job, `content_publish|${Date.UTC(2027, 0, 25, 2, 0, 0)}`);
});

test('a file with bad items is refused whole, each problem named by item and field', () => {
  const db = newDb();
  const bad = [
    { ...complete, title: 'Baik', state: 'published' },
    { ...complete, title: 'Tanpa ringkasan', summary: '', state: 'published' },
    { ...complete, title: 'Gambar kecil', image: 'img/kecil.png', state: 'scheduled', publish_at: '2027-03-01T08:00:00Z' },
    { type: 'gosip', title: 'Jenis salah', state: 'draft' },
    { ...complete, title: 'Tanpa teks alternatif', alt_text: '', date: '2025-02-30', state: 'published' },
    { ...complete, title: 'Waktu hilang', state: 'scheduled' },
    { type: 'edukasi', title: 'Draf bergambar', image: 'img/lomba.png', state: 'draft' },
  ];
  writeFileSync(join(work, 'bad.json'), JSON.stringify(bad));
  const r = run(db, ['content', 'import', '--office', 'srimenanti', join(work, 'bad.json')]);
  assert.notEqual(r.code, 0);
  const lines = r.stderr.split('\n');
  for (const want of ['Item 2, ringkasan: wajib diisi', 'Item 3, gambar: Gambar terlalu kecil (300 × 300 piksel)',
    'Item 4, jenis: jenis konten tidak dikenal', 'Item 5, teks alternatif: wajib diisi',
    'Item 5, tanggal: harus tanggal yang benar', 'Item 6, waktu terbit: wajib diisi',
    'Item 7, teks alternatif: wajib diisi bila ada gambar'])
    assert.ok(lines.some((l) => l.startsWith(want)), `expected "${want}" in:\n${r.stderr}`);
  assert.ok(!lines.some((l) => l.startsWith('Item 1,')), 'the good item has no problem');
  assert.match(r.stderr, /tidak ada konten yang diimpor/);
  assert.equal(sql(db, "SELECT COUNT(*) FROM content_item WHERE office_id = (SELECT id FROM office WHERE slug = 'srimenanti')").trim(), '0');
  assert.equal(sql(db, "SELECT COUNT(*) FROM media WHERE source = 'content' AND office_id = (SELECT id FROM office WHERE slug = 'srimenanti')").trim(), '0');
  assert.equal(sql(db, "SELECT COUNT(*) FROM audit_log WHERE entity = 'content' AND office_id = (SELECT id FROM office WHERE slug = 'srimenanti')").trim(), '0');
});

test('export writes the same format, and an export imported elsewhere exports the same', () => {
  const a = newDb();
  assert.equal(run(a, ['content', 'import', '--office', 'srimenanti', join(work, 'good.json')]).code, 0);
  const out1 = join(work, 'ekspor1');
  const r1 = run(a, ['content', 'export', '--office', 'srimenanti', '--out', out1]);
  assert.equal(r1.code, 0, r1.stderr);
  const first = JSON.parse(readFileSync(join(out1, 'konten.json'), 'utf8'));
  assert.equal(first.length, 3);
  for (let i = 0; i < good.length; i++) {
    for (const k of ['type', 'title', 'state', 'summary', 'action_points', 'document_url', 'body', 'alt_text'])
      assert.deepEqual(first[i][k] ?? '', good[i][k] ?? (k === 'action_points' ? [] : ''), `item ${i + 1} ${k}`);
    assert.equal(first[i].date, good[i].date ?? '');
  }
  assert.equal(Date.parse(first[2].publish_at), Date.parse(good[2].publish_at));
  assert.deepEqual(pngSize(readFileSync(join(out1, first[0].image))), { width: 720, height: 900 });
  assert.equal(first[1].image, undefined);
  // stdout without --out: the same items, without the images
  const plain = JSON.parse(run(a, ['content', 'export', '--office', 'srimenanti']).stdout);
  assert.deepEqual(plain.map((x) => x.title), first.map((x) => x.title));

  const b = newDb();
  const r2 = run(b, ['content', 'import', '--office', 'srimenanti', join(out1, 'konten.json')]);
  assert.equal(r2.code, 0, r2.stderr);
  const out2 = join(work, 'ekspor2');
  assert.equal(run(b, ['content', 'export', '--office', 'srimenanti', '--out', out2]).code, 0);
  const second = JSON.parse(readFileSync(join(out2, 'konten.json'), 'utf8'));
  assert.deepEqual(second, first);
  for (const x of first.filter((y) => y.image))
    assert.ok(readFileSync(join(out2, x.image)).equals(readFileSync(join(out1, x.image))));
});
