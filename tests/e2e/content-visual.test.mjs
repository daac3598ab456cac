// Content visuals, RT/RW group text and the A4 pamphlet (issue 16): the
// desainer's upload is judged by its content (type, dimensions, size) and
// encoded afresh, so an HTML page hidden after a PNG is not kept; Balai
// draws a visual from the item at 1080 x 1080 and 1080 x 1350 with a
// proposed alt text; alt text is required; a published item's visual is
// changed only through the correction step; the wrong role and the wrong
// office are refused. The group text carries WhatsApp formatting and the
// portal link; the pamphlet's QR code, read back with zbar, leads to the
// item on the portal. Items are brought in with `balai content import`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBalai, login, cli, sql } from './lib.mjs';
import { tinyPng, pngSize, postMultipart, unescapeHtml } from './util-e2e.mjs';

let server, base, work, konten, desainLain, petugas, sekre;
const ids = {};

function importItems(items) {
  const file = join(work, `items-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify(items));
  const r = cli(['content', 'import', '--office', 'jelitik', file, '--files-dir', server.filesDir], { db: server.db.url });
  assert.equal(r.code, 0, r.stderr);
}

function idOf(title) {
  return sql(server.db, `SELECT id FROM content_item WHERE title = '${title}'`).trim();
}

const complete = {
  type: 'pengumuman', date: '2026-11-10', source: 'Puskesmas Jelitik', contact: '0812 3456 7890',
  summary: 'Posyandu buka di balai RW 02 setiap Selasa pagi.',
  action_points: ['Bawa buku KIA', 'Datang pukul 08.00'],
  document_url: 'https://jelitik.go.id/posyandu.pdf', body: 'Isi **lengkap**.',
};

before(async () => {
  server = await startBalai();
  base = server.base;
  work = mkdtempSync(join(tmpdir(), 'balai-visual-'));
  writeFileSync(join(work, 'poster.png'), tinyPng(900, 700));
  importItems([
    { ...complete, title: 'Draf Posyandu', state: 'draft' },
    { ...complete, title: 'Posyandu Terbit', image: 'poster.png', alt_text: 'Poster posyandu', state: 'published' },
  ]);
  ids.draft = idOf('Draf Posyandu');
  ids.pub = idOf('Posyandu Terbit');
  konten = await login(base, 'konten.jelitik');
  desainLain = await login(base, 'desain.diskominfo');
  petugas = await login(base, 'petugas.jelitik');
  sekre = await login(base, 'sekre.jelitik');
});

after(async () => {
  if (work) rmSync(work, { recursive: true, force: true });
  await server?.stop();
});

const page = (id, tail = '') => `/console/o/jelitik/konten/${id}/visual${tail}`;

async function item(c, id) {
  const r = await c.json(page(id));
  assert.equal(r.status, 200);
  return r.body.item;
}

async function upload(c, id, file, alt, extra = {}) {
  const it = await item(konten, id);
  await c.get(page(id));
  const files = file ? { gambar: { data: file, name: 'gambar.png', type: 'image/png' } } : {};
  return postMultipart(c, page(id), { alt_text: alt, version: String(it.version), ...extra }, files);
}

async function image(id) {
  const res = await fetch(base + page(id, '/gambar'), { headers: { cookie: konten.cookieHeader() } });
  return { status: res.status, type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
}

test('an upload is judged by its content, with the reason in Bahasa Indonesia', async () => {
  const cases = [
    [Buffer.from('<html><body>bukan gambar</body></html>'), 'JPEG, PNG, atau WebP'],
    [tinyPng(500, 900), 'terlalu kecil (500 × 900 piksel)'],
    [tinyPng(8200, 700), 'terlalu besar (8200 × 700 piksel)'],
    [Buffer.concat([tinyPng(800, 800), Buffer.alloc(5 * 1024 * 1024)]), 'paling besar 5 MB'],
  ];
  for (const [data, msg] of cases) {
    const r = await upload(konten, ids.draft, data, 'Poster');
    assert.equal(r.status, 422, r.text.slice(0, 200));
    assert.ok(unescapeHtml(r.text).includes(msg), `expected "${msg}"`);
  }
  // alt text is required, and nothing is kept without it
  const r = await upload(konten, ids.draft, tinyPng(800, 800), '');
  assert.equal(r.status, 422);
  assert.match(unescapeHtml(r.text), /Teks alternatif wajib diisi/);
  assert.equal((await item(konten, ids.draft)).visual_url, undefined);
  assert.equal((await image(ids.draft)).status, 404);
});

test('a PNG with an HTML page after it is kept only as the picture', async () => {
  const poly = Buffer.concat([tinyPng(800, 640), Buffer.from('<html><script>alert(1)</script></html>')]);
  const r = await upload(konten, ids.draft, poly, 'Foto kegiatan posyandu di balai RW 02');
  assert.equal(r.status, 303, r.text.slice(0, 300));
  const img = await image(ids.draft);
  assert.equal(img.status, 200);
  assert.equal(img.type, 'image/png');
  assert.deepEqual(pngSize(img.body), { width: 800, height: 640 });
  assert.ok(!img.body.includes('<script'), 'the appended HTML is gone');
  assert.ok(!img.body.equals(poly));
  const it = await item(konten, ids.draft);
  assert.equal(it.alt_text, 'Foto kegiatan posyandu di balai RW 02');
  // the change is in the item's decision log (audit chain)
  const log = sql(server.db, `SELECT action FROM audit_log WHERE entity = 'content' AND entity_id = '${ids.draft}' ORDER BY seq`);
  assert.match(log, /content\.edit/);
  // without a file, only the alt text of the current visual changes
  const before = (await image(ids.draft)).body;
  const r2 = await upload(konten, ids.draft, null, 'Warga antre di posyandu');
  assert.equal(r2.status, 303);
  assert.equal((await item(konten, ids.draft)).alt_text, 'Warga antre di posyandu');
  assert.ok((await image(ids.draft)).body.equals(before));
});

test('Balai draws the visual at 1080 x 1080 and 1080 x 1350 with a proposed alt text', async () => {
  for (const [size, h] of [['1080x1080', 1080], ['1080x1350', 1350]]) {
    const it = await item(konten, ids.draft);
    const r = await konten.post(page(ids.draft, '/buat'), { ukuran: size, version: String(it.version) });
    assert.equal(r.status, 303, r.text.slice(0, 300));
    const img = await image(ids.draft);
    assert.deepEqual(pngSize(img.body), { width: 1080, height: h });
    const after = await item(konten, ids.draft);
    assert.ok(after.alt_text.includes('Draf Posyandu') && after.alt_text.includes('Posyandu buka'),
      after.alt_text);
  }
  // the proposed alt text can then be edited on the page
  const r = await upload(konten, ids.draft, null, 'Kartu pengumuman posyandu berwarna hijau');
  assert.equal(r.status, 303);
  const shown = await konten.get(page(ids.draft));
  assert.match(shown.text, /<img class="content-visual" src="[^"]+" alt="Kartu pengumuman posyandu berwarna hijau">/);
  // an unknown size is refused
  const it = await item(konten, ids.draft);
  const bad = await konten.post(page(ids.draft, '/buat'), { ukuran: '500x500', version: String(it.version) });
  assert.equal(bad.status, 422);
});

test('the wrong role and the wrong office are refused; a published visual waits for a correction', async () => {
  const it = await item(konten, ids.draft);
  for (const c of [petugas, sekre, desainLain]) {
    await c.get('/console');
    const r = await c.post(page(ids.draft, '/buat'), { ukuran: '1080x1080', version: String(it.version) });
    assert.equal(r.status, 403);
    assert.equal((await c.get(page(ids.draft))).status, 403);
  }
  const pub = await item(konten, ids.pub);
  const r = await konten.post(page(ids.pub, '/buat'), { ukuran: '1080x1080', version: String(pub.version) });
  assert.equal(r.status, 409);
  assert.match(unescapeHtml(r.text), /langkah koreksi/);
  assert.equal((await item(konten, ids.pub)).version, pub.version);
  // a stale form does not overwrite someone else's save
  const stale = await konten.post(page(ids.draft, '/buat'), { ukuran: '1080x1080', version: String(it.version - 1) });
  assert.equal(stale.status, 409);
});

test('the RT/RW group text is in WhatsApp format with the portal link, for published items', async () => {
  const slug = sql(server.db, `SELECT slug FROM content_item WHERE id = ${ids.pub}`).trim();
  const r = await petugas.get(`/console/o/jelitik/konten/${ids.pub}/teks-grup`);
  assert.equal(r.status, 200);
  const text = unescapeHtml(r.text.match(/<textarea id="teks-grup"[^>]*>([\s\S]*?)<\/textarea>/)[1]);
  assert.match(text, /^\*Pengumuman\* — Kelurahan/);
  assert.match(text, /\n\*Posyandu Terbit\*\n_Selasa, 10 November 2026_\n/);
  assert.match(text, /\*Yang perlu dilakukan:\*\n1\. Bawa buku KIA\n2\. Datang pukul 08\.00\n/);
  assert.match(text, /Kontak: 0812 3456 7890\n/);
  assert.ok(text.includes(`Selengkapnya: ${base}/o/jelitik/berita/${slug}\n`), text);
  assert.match(r.text, /<button type="button" class="copy" data-copy="teks-grup" hidden>/);
  assert.equal((await petugas.get(`/console/o/jelitik/konten/${ids.draft}/teks-grup`)).status, 409);
  assert.equal((await desainLain.get(`/console/o/jelitik/konten/${ids.pub}/teks-grup`)).status, 403);
});

test('the A4 pamphlet carries the item and a QR code to its portal page', async () => {
  const slug = sql(server.db, `SELECT slug FROM content_item WHERE id = ${ids.pub}`).trim();
  const res = await fetch(`${base}/console/o/jelitik/konten/${ids.pub}/pamflet.pdf`, { headers: { cookie: petugas.cookieHeader() } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  const pdf = join(work, 'pamflet.pdf');
  writeFileSync(pdf, Buffer.from(await res.arrayBuffer()));
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  assert.match(info, /Pages:\s+1\n/);
  assert.match(info, /Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  for (const s of ['Posyandu Terbit', 'Posyandu buka di balai RW 02', '1. Bawa buku KIA', '0812 3456 7890'])
    assert.ok(text.includes(s), `pamphlet shows "${s}"`);
  execFileSync('pdftoppm', ['-r', '150', '-png', '-singlefile', pdf, join(work, 'pamflet')]);
  const qr = execFileSync('zbarimg', ['--raw', '-q', join(work, 'pamflet.png')], { encoding: 'utf8' }).trim();
  assert.equal(qr, `${base}/o/jelitik/berita/${slug}`);
  assert.ok(readFileSync(join(work, 'pamflet.png')).length > 0);
  assert.equal((await petugas.get(`/console/o/jelitik/konten/${ids.draft}/pamflet.pdf`)).status, 409);
});
