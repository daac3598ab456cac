// News on the portal (issue 16): what a citizen sees of an office's
// published items — the list by type with its archive search, one item in
// the standard format with its correction note and Open Graph card, the
// visual, the Atom and RSS feeds, a regency gathering its offices' news,
// and an item shared by the Diskominfo showing on a kelurahan only once the
// kelurahan accepts it. Items are set up by SQL inserts (the console
// workflow that makes them is tested by its own suite); the point here is
// that only state "terbit" is ever public, on every page, feed and JSON.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { startBalai, Client, login, sql } from './lib.mjs';

let server, base, anon;
const NOW = Math.floor(Date.now() / 1000);
// a 1x1 PNG, kept as a media row's base64 (rows from before files were kept on disk)
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';
const HIDDEN_STATES = ['bahan', 'draf', 'validasi', 'desain', 'jadwal', 'ditolak', 'ditarik'];

const q = (s) => `'${String(s).replace(/'/g, "''")}'`;
const office = (slug) => `(SELECT id FROM office WHERE slug = ${q(slug)})`;

/** Inserts one content item; returns nothing (slugs are given). */
function item(db, o) {
  const v = {
    type: 'pengumuman', state: 'terbit', date: '2026-12-01', source: 'Sekretariat', contact: '0812 0000 0000',
    summary: `Ringkasan ${o.title}`, points: ['Datang tepat waktu'], doc: 'https://jdih.bangka.go.id/sk.pdf',
    body: 'Isi berita.', media: 'NULL', alt: '', correction: '', late: 0, published: NOW - 3600, ...o,
  };
  sql(db, `INSERT INTO content_item (office_id, slug, type, state, title, item_date, source, contact, summary,
    action_points, document_url, body, media_id, alt_text, correction, late, published_at, created_at, updated_at)
    VALUES (${office(v.office)}, ${q(v.slug)}, ${q(v.type)}, ${q(v.state)}, ${q(v.title)}, ${q(v.date)},
    ${q(v.source)}, ${q(v.contact)}, ${q(v.summary)}, ${q(JSON.stringify(v.points))}, ${q(v.doc)}, ${q(v.body)},
    ${v.media}, ${q(v.alt)}, ${q(v.correction)}, ${v.late}, ${v.state === 'terbit' ? v.published : 0},
    ${NOW - 86400}, ${v.published})`);
}

before(async () => {
  server = await startBalai();
  base = server.base;
  anon = new Client(base);
  const db = server.db;
  sql(db, `INSERT INTO media (office_id, source, mime, filename, size, data, created_at)
    VALUES (${office('jelitik')}, 'upload', 'image/png', 'posyandu.png', 70, '${PNG}', ${NOW})`);
  const media = `(SELECT MAX(id) FROM media)`;
  item(db, {
    office: 'jelitik', slug: 'posyandu-desember', title: 'Posyandu <balita> & imunisasi Desember',
    date: '2026-12-05', summary: 'Posyandu balita dibuka Sabtu pagi di balai kelurahan.',
    points: ['Bawa buku KIA', 'Datang pukul 08.00'], source: 'Puskesmas Sungailiat', contact: 'Bidan Rina 0812 1111 2222',
    body: 'Imunisasi **gratis** untuk balita.\n\n<script>alert(1)</script>\n\n- timbang\n- imunisasi',
    media, alt: 'Poster posyandu: ibu menggendong balita', correction: 'Jam buka berubah menjadi 09.00.', late: 1,
    published: NOW - 600,
  });
  item(db, { office: 'jelitik', slug: 'cuci-tangan', type: 'edukasi', title: 'Cara cuci tangan yang benar',
    date: '2026-11-10', summary: 'Enam langkah mencuci tangan dengan sabun.', published: NOW - 7200 });
  for (const st of HIDDEN_STATES)
    item(db, { office: 'jelitik', slug: `rahasia-${st}`, state: st, title: `RAHASIA ${st}`, date: '2026-12-06',
      summary: `RAHASIA-${st}`, media: st === 'draf' ? media : 'NULL' });
  item(db, { office: 'srimenanti', slug: 'kerja-bakti', type: 'laporan_kegiatan', title: 'Kerja bakti Srimenanti',
    date: '2026-12-02' });
  item(db, { office: 'diskominfo-bangka', slug: 'vaksin-gratis', type: 'program_pemerintah',
    title: 'Vaksin gratis se-Kabupaten Bangka', date: '2026-12-04' });
  item(db, { office: 'diskominfo-bangka', slug: 'hoaks-bansos', type: 'klarifikasi_hoaks',
    title: 'Klarifikasi hoaks bansos', date: '2026-12-03' });
  item(db, { office: 'diskominfo-bangka', slug: 'draf-dinas', state: 'draf', title: 'RAHASIA draf dinas',
    date: '2026-12-03' });
  item(db, { office: 'sogaten', slug: 'berita-madiun', title: 'Berita Kota Madiun', date: '2026-12-05' });
});
after(async () => { await server?.stop(); });

const titles = async (path) => {
  const r = await anon.json(path);
  assert.equal(r.status, 200, `${path}: ${JSON.stringify(r.body).slice(0, 200)}`);
  return r.body.items.map((i) => i.title);
};

function assertNoSecret(text, where) {
  assert.doesNotMatch(text, /RAHASIA/, `${where} shows an unpublished item`);
}

test('the list shows published items only, newest first, with date, summary and thumbnail', async () => {
  assert.deepEqual(await titles('/o/jelitik/berita'),
    ['Posyandu <balita> & imunisasi Desember', 'Cara cuci tangan yang benar']);
  const r = await anon.get('/o/jelitik/berita');
  assert.equal(r.status, 200);
  assertNoSecret(r.text, 'the list');
  assert.match(r.text, /5 Desember 2026/);
  assert.match(r.text, /Posyandu balita dibuka Sabtu pagi/);
  assert.match(r.text, /Posyandu &lt;balita&gt; &amp; imunisasi/, 'titles are escaped');
  assert.match(r.text, /<img src="\/o\/jelitik\/berita\/posyandu-desember\/visual" alt="Poster posyandu: ibu menggendong balita"/);
  assert.match(r.text, /<link rel="alternate" type="application\/atom\+xml" href="\/o\/jelitik\/berita.atom"/);
  assert.match(r.text, /<link rel="alternate" type="application\/rss\+xml" href="\/o\/jelitik\/berita.rss"/);
  // the office's own portal page shows the latest items and links the list
  const home = await anon.get('/o/jelitik');
  assert.match(home.text, /Berita &amp; pengumuman/);
  assert.match(home.text, /href="\/o\/jelitik\/berita\/posyandu-desember"/);
  assert.match(home.text, /href="\/o\/jelitik\/berita"/);
  assertNoSecret(home.text, 'the office page');
});

test('the archive searches by words, type and month; a wrong month is explained, not an error', async () => {
  assert.deepEqual(await titles('/o/jelitik/berita?jenis=edukasi'), ['Cara cuci tangan yang benar']);
  assert.deepEqual(await titles('/o/jelitik/berita?q=SABUN'), ['Cara cuci tangan yang benar'], 'summary, any case');
  assert.deepEqual(await titles('/o/jelitik/berita?q=gratis'), ['Posyandu <balita> & imunisasi Desember'], 'body');
  assert.deepEqual(await titles('/o/jelitik/berita?q=rahasia'), [], 'search never finds a draft');
  assert.deepEqual(await titles('/o/jelitik/berita?bulan=2026-11'), ['Cara cuci tangan yang benar']);
  assert.deepEqual(await titles('/o/jelitik/berita?bulan=2026-12&jenis=edukasi'), []);
  assert.deepEqual(await titles('/o/jelitik/berita?q=100%25'), [], 'LIKE characters are plain text');
  const bad = await anon.get('/o/jelitik/berita?bulan=Desember');
  assert.equal(bad.status, 200);
  assert.match(bad.text, /Bulan ditulis seperti 2026-12/);
  assert.match(bad.text, /Cara cuci tangan/, 'the list is still shown');
  // the search box takes 100 characters, counted as characters, not bytes
  const ok100 = await anon.get(`/o/jelitik/berita?q=${encodeURIComponent('é'.repeat(100))}`);
  assert.doesNotMatch(ok100.text, /terlalu panjang/);
  const long = await anon.get(`/o/jelitik/berita?q=${encodeURIComponent('é'.repeat(101))}`);
  assert.match(long.text, /Kata pencarian terlalu panjang/);
  const tab = await anon.get('/o/jelitik/berita?jenis=edukasi');
  assert.match(tab.text, /<a href="\/o\/jelitik\/berita\?jenis=edukasi" aria-current="page">Edukasi<\/a>/);
});

test('an item page shows the standard format, the correction, and previews when shared', async () => {
  const r = await anon.get('/o/jelitik/berita/posyandu-desember');
  assert.equal(r.status, 200);
  const t = r.text;
  assert.match(t, /<h1>Posyandu &lt;balita&gt; &amp; imunisasi Desember<\/h1>/);
  assert.match(t, /5 Desember 2026/);
  assert.match(t, /Puskesmas Sungailiat/);
  assert.match(t, /Bidan Rina 0812 1111 2222/);
  assert.match(t, /Yang perlu Anda lakukan[\s\S]*<li>Bawa buku KIA<\/li><li>Datang pukul 08.00<\/li>/);
  assert.match(t, /href="https:\/\/jdih.bangka.go.id\/sk.pdf"/);
  assert.match(t, /Imunisasi <strong>gratis<\/strong>/, 'Markdown rendered');
  assert.doesNotMatch(t, /<script>alert/, 'raw HTML never passes');
  assert.match(t, /Koreksi:<\/strong> Jam buka berubah menjadi 09.00./);
  assert.doesNotMatch(t, /terlambat/i, 'lateness is the team\'s business');
  assert.match(t, /alt="Poster posyandu: ibu menggendong balita"/);
  const meta = (p) => (t.match(new RegExp(`<meta (?:property|name)="${p}" content="([^"]*)"`)) || [])[1];
  assert.equal(meta('og:type'), 'article');
  assert.equal(meta('og:title'), 'Posyandu &lt;balita&gt; &amp; imunisasi Desember');
  assert.equal(meta('og:description'), 'Posyandu balita dibuka Sabtu pagi di balai kelurahan.');
  assert.equal(meta('og:url'), `${base}/o/jelitik/berita/posyandu-desember`);
  assert.equal(meta('og:image'), `${base}/o/jelitik/berita/posyandu-desember/visual`, 'absolute image URL');
  assert.equal(meta('twitter:card'), 'summary_large_image');
  // the image the preview fetches
  const img = await fetch(meta('og:image'));
  assert.equal(img.status, 200);
  assert.equal(img.headers.get('content-type'), 'image/png');
  assert.match(img.headers.get('cache-control'), /public, max-age=\d+/);
  assert.deepEqual(Buffer.from(await img.arrayBuffer()), Buffer.from(PNG, 'base64'));
  const again = await fetch(meta('og:image'), { headers: { 'if-none-match': img.headers.get('etag') } });
  assert.equal(again.status, 304);
  // the same as JSON, without the workflow's own fields
  const j = await anon.json('/o/jelitik/berita/posyandu-desember');
  assert.equal(j.status, 200);
  assert.equal(j.body.item.title, 'Posyandu <balita> & imunisasi Desember');
  assert.deepEqual(j.body.item.action_points, ['Bawa buku KIA', 'Datang pukul 08.00']);
  assert.equal(j.body.item.correction, 'Jam buka berubah menjadi 09.00.');
  for (const k of ['late', 'author_id', 'author_name', 'checklist', 'state'])
    assert.ok(!(k in j.body.item), `${k} is not public`);
});

test('drafts and every state but published answer 404 (a withdrawn item 410), visual included', async () => {
  for (const st of HIDDEN_STATES) {
    const r = await anon.get(`/o/jelitik/berita/rahasia-${st}`);
    assert.equal(r.status, st === 'ditarik' ? 410 : 404, st);
    assertNoSecret(r.text, `the ${st} page`);
    const j = await anon.json(`/o/jelitik/berita/rahasia-${st}`);
    assert.equal(j.status, r.status);
    assertNoSecret(JSON.stringify(j.body), `the ${st} JSON`);
  }
  assert.match((await anon.get('/o/jelitik/berita/rahasia-ditarik')).text, /sudah ditarik/);
  assert.equal((await anon.get('/o/jelitik/berita/rahasia-draf/visual')).status, 404, 'a draft\'s visual');
  assert.equal((await anon.get('/o/jelitik/berita/tidak-ada')).status, 404);
  assert.equal((await anon.get('/o/jelitik/berita/cuci-tangan/visual')).status, 404, 'no visual');
  // an item belongs to its office's address
  assert.equal((await anon.get('/o/srimenanti/berita/posyandu-desember')).status, 404);
  assert.equal((await anon.get('/o/tidak-ada/berita')).status, 404);
});

/** The text of every <tag>...</tag> directly in `xml` (no nesting of the same tag). */
const all = (xml, tag) => [...xml.matchAll(new RegExp(`<${tag}(?: [^>]*)?>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1]);
const one = (xml, tag) => all(xml, tag)[0];

function wellFormed(xml, what) {
  try {
    execFileSync('xmllint', ['--noout', '-'], { input: xml, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (e) {
    if (e.code === 'ENOENT') return;   // libxml2-utils missing: the element checks below still run
    assert.fail(`${what} is not well-formed XML: ${e.stderr}`);
  }
}

test('the Atom feed is well-formed, has the required elements and the published entries in order', async () => {
  const res = await fetch(`${base}/o/jelitik/berita.atom`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^application\/atom\+xml/);
  const xml = await res.text();
  wellFormed(xml, 'Atom');
  assertNoSecret(xml, 'the Atom feed');
  assert.match(xml, /^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
  const head = xml.slice(0, xml.indexOf('<entry>'));
  assert.equal(one(head, 'id'), `${base}/o/jelitik/berita`);
  assert.match(one(head, 'title'), /Kelurahan Jelitik/);
  assert.match(one(head, 'updated'), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.match(head, new RegExp(`<link rel="self" type="application/atom\\+xml" href="${base}/o/jelitik/berita.atom"/>`));
  assert.match(head, new RegExp(`<link rel="alternate" type="text/html" href="${base}/o/jelitik/berita"/>`));
  assert.match(one(head, 'author'), /<name>Kelurahan Jelitik<\/name>/);
  const entries = all(xml, 'entry');
  assert.deepEqual(entries.map((e) => one(e, 'title')),
    ['Posyandu &lt;balita&gt; &amp; imunisasi Desember', 'Cara cuci tangan yang benar']);
  for (const e of entries) {
    assert.match(one(e, 'id'), /^tag:127\.0\.0\.1,\d{4}-\d\d-\d\d:berita\/\d+$/);
    assert.match(one(e, 'updated'), /Z$/);
    assert.match(one(e, 'published'), /Z$/);
    assert.match(e, new RegExp(`<link rel="alternate" type="text/html" href="${base}/o/jelitik/berita/[a-z-]+"/>`));
    assert.ok(one(e, 'summary'));
    assert.match(e, /<category term="[a-z_]+" label="[^"]+"\/>/);
  }
  assert.match(entries[0], /<content type="html">[\s\S]*&lt;strong&gt;gratis&lt;\/strong&gt;/, 'the rendered body, escaped');
  // entry ids are stable; the ETag saves a download
  const again = await fetch(`${base}/o/jelitik/berita.atom`, { headers: { 'if-none-match': res.headers.get('etag') } });
  assert.equal(again.status, 304);
  assert.ok(res.headers.get('last-modified'));
  const xml2 = await (await fetch(`${base}/o/jelitik/berita.atom?x=1`)).text();
  assert.deepEqual(all(xml2, 'entry').map((e) => one(e, 'id')), entries.map((e) => one(e, 'id')));
  const j = await anon.json('/o/jelitik/berita.atom');
  assert.deepEqual(j.body.items.map((i) => i.title), ['Posyandu <balita> & imunisasi Desember', 'Cara cuci tangan yang benar']);
});

test('the RSS feed is well-formed RSS 2.0 with stable guids and RFC 822 dates', async () => {
  const res = await fetch(`${base}/o/jelitik/berita.rss`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^application\/rss\+xml/);
  const xml = await res.text();
  wellFormed(xml, 'RSS');
  assertNoSecret(xml, 'the RSS feed');
  assert.match(xml, /<rss version="2.0"/);
  const channel = xml.slice(0, xml.indexOf('<item>'));
  assert.match(one(channel, 'title'), /Kelurahan Jelitik/);
  assert.equal(one(channel, 'link'), `${base}/o/jelitik/berita`);
  assert.ok(one(channel, 'description'));
  assert.equal(one(channel, 'language'), 'id');
  const items = all(xml, 'item');
  assert.deepEqual(items.map((i) => one(i, 'title')),
    ['Posyandu &lt;balita&gt; &amp; imunisasi Desember', 'Cara cuci tangan yang benar']);
  for (const i of items) {
    assert.match(i, /<guid isPermaLink="false">tag:[^<]+<\/guid>/);
    assert.match(one(i, 'pubDate'), /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT$/);
    assert.ok(one(i, 'description'));
    assert.match(one(i, 'link'), new RegExp(`^${base}/o/jelitik/berita/`));
  }
  const atom = await (await fetch(`${base}/o/jelitik/berita.atom`)).text();
  assert.deepEqual(items.map((i) => one(i, 'guid')), all(atom, 'entry').map((e) => one(e, 'id')), 'the same ids in both feeds');
});

test('a regency and a kecamatan gather the news of their offices, marked with each office, paged', async () => {
  const kab = await anon.json('/o/kab-bangka/berita');
  assert.deepEqual(kab.body.items.map((i) => i.title), [
    'Posyandu <balita> & imunisasi Desember', 'Vaksin gratis se-Kabupaten Bangka', 'Klarifikasi hoaks bansos',
    'Kerja bakti Srimenanti', 'Cara cuci tangan yang benar']);
  assert.equal(kab.body.items[1].office_name, 'Dinas Komunikasi dan Informatika dan Statistik Kabupaten Bangka');
  assert.equal(kab.body.items[1].url, '/o/diskominfo-bangka/berita/vaksin-gratis');
  const kabHtml = (await anon.get('/o/kab-bangka/berita')).text;
  assertNoSecret(kabHtml, 'the regency page');
  assert.match(kabHtml, /Kelurahan Srimenanti/);
  assert.doesNotMatch(kabHtml, /Kota Madiun/, 'another regency\'s news');
  assert.deepEqual(await titles('/o/kec-sungailiat/berita'),
    ['Posyandu <balita> & imunisasi Desember', 'Kerja bakti Srimenanti', 'Cara cuci tangan yang benar']);
  assert.deepEqual(await titles('/o/srimenanti/berita'), ['Kerja bakti Srimenanti'], 'a kelurahan shows its own');
  const atom = await (await fetch(`${base}/o/kab-bangka/berita.atom`)).text();
  assert.equal(all(atom, 'entry').length, 5);
  // paging: 12 more items of Srimenanti, ten to a page
  for (let k = 1; k <= 12; k++)
    item(server.db, { office: 'srimenanti', slug: `laporan-${k}`, type: 'laporan_kegiatan',
      title: `Laporan ronda ${String(k).padStart(2, '0')}`, date: '2026-10-01', published: NOW - 9000 - k });
  const p1 = await anon.json('/o/kab-bangka/berita?jenis=laporan_kegiatan');
  assert.equal(p1.body.total, 13);
  assert.equal(p1.body.pages, 2);
  assert.equal(p1.body.items.length, 10);
  assert.equal(p1.body.next_url, '/o/kab-bangka/berita?jenis=laporan_kegiatan&hal=2');
  const p2 = await anon.json(p1.body.next_url);
  assert.deepEqual(p2.body.items.map((i) => i.title), ['Laporan ronda 10', 'Laporan ronda 11', 'Laporan ronda 12']);
  assert.equal(p2.body.prev_url, '/o/kab-bangka/berita?jenis=laporan_kegiatan');
});

test('a Diskominfo item shows on a kelurahan only after the kelurahan accepts it', async () => {
  const kadis = await login(base, 'kadis.diskominfo');
  const page = await kadis.get('/console/o/diskominfo-bangka/berita-bersama');
  assert.equal(page.status, 200);
  const id = (await kadis.json('/console/o/diskominfo-bangka/berita-bersama')).body.items
    .find((i) => i.slug === 'hoaks-bansos').id;
  const targets = (await kadis.json('/console/o/diskominfo-bangka/berita-bersama')).body.targets.map((t) => t.slug);
  assert.ok(targets.includes('jelitik') && targets.includes('kec-sungailiat'), 'the regency\'s offices');
  assert.ok(!targets.includes('sogaten') && !targets.includes('diskominfo-bangka'), targets.join());
  // not to an office outside the regency, not a draft
  const far = await kadis.post('/console/o/diskominfo-bangka/berita-bersama/tawarkan', { item: id, to: 'sogaten' });
  assert.equal(far.status, 422);
  assert.match(far.text, /kantor di bawah kantor ini/);
  const draftId = sql(server.db, "SELECT id FROM content_item WHERE slug = 'draf-dinas'").trim();
  const draft = await kadis.post('/console/o/diskominfo-bangka/berita-bersama/tawarkan', { item: draftId, to: 'jelitik' });
  assert.equal(draft.status, 422);
  const offer = await kadis.post('/console/o/diskominfo-bangka/berita-bersama/tawarkan', { item: id, to: 'jelitik' });
  assert.equal(offer.status, 303, offer.text.slice(0, 300));
  assert.ok(!(await titles('/o/jelitik/berita')).includes('Klarifikasi hoaks bansos'), 'not before accepting');

  // the wrong role and the wrong office are refused
  const konten = await login(base, 'konten.jelitik');
  assert.equal((await konten.get('/console/o/jelitik/berita-bersama')).status, 403);
  const lurahSri = await login(base, 'lurah.srimenanti');
  await lurahSri.get('/console/o/srimenanti/berita-bersama');
  const wrong = await lurahSri.post('/console/o/jelitik/berita-bersama/putuskan', { item: id, keputusan: 'terima' });
  assert.equal(wrong.status, 403);
  const none = await lurahSri.post('/console/o/srimenanti/berita-bersama/putuskan', { item: id, keputusan: 'terima' });
  assert.equal(none.status, 422, 'no offer was made to Srimenanti');

  const lurah = await login(base, 'lurah.jelitik');
  const inbox = await lurah.get('/console/o/jelitik/berita-bersama');
  assert.match(inbox.text, /Klarifikasi hoaks bansos[\s\S]*Menunggu keputusan/);
  const ok = await lurah.post('/console/o/jelitik/berita-bersama/putuskan', { item: id, keputusan: 'terima' });
  assert.equal(ok.status, 303);
  const list = (await anon.json('/o/jelitik/berita')).body.items;
  const shared = list.find((i) => i.title === 'Klarifikasi hoaks bansos');
  assert.ok(shared, 'shown after accepting');
  assert.equal(shared.office_name, 'Dinas Komunikasi dan Informatika dan Statistik Kabupaten Bangka');
  assert.match(await (await fetch(`${base}/o/jelitik/berita.atom`)).text(), /Klarifikasi hoaks bansos/);
  // declining takes it off again; the decisions are in the item's audit trail
  await lurah.get('/console/o/jelitik/berita-bersama');
  assert.equal((await lurah.post('/console/o/jelitik/berita-bersama/putuskan', { item: id, keputusan: 'tolak' })).status, 303);
  assert.ok(!(await titles('/o/jelitik/berita')).includes('Klarifikasi hoaks bansos'));
  const actions = sql(server.db, `SELECT action FROM audit_log WHERE entity = 'content' AND entity_id = '${id}' ORDER BY seq`);
  assert.deepEqual(actions.trim().split('\n'), ['content.share_offer', 'content.share_accept', 'content.share_decline']);
});

test('a phone shows the list and an item accessibly, and keeps recent news for reading offline', async () => {
  const require = createRequire(import.meta.url);
  const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'] });
  try {
    const ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'id-ID' });
    const page = await ctx.newPage();
    for (const path of ['/o/jelitik/berita', '/o/jelitik/berita/posyandu-desember', '/o/kab-bangka/berita']) {
      await page.goto(base + path);
      await page.evaluate(AXE);
      const v = await page.evaluate(async () => (await window.axe.run(document, { runOnly: { type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })).violations.map((x) => `${x.id}: ${x.help}`));
      assert.deepEqual(v, [], `${path} at 360x740`);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= 360, `${path} scrolls sideways (${wide}px)`);
    }
    // the list keeps the items it links: one never opened reads without signal
    await page.goto(`${base}/o/jelitik/berita`);
    await page.locator('html[data-offline="ready"]').waitFor({ state: 'attached', timeout: 20000 });
    await ctx.setOffline(true);
    const res = await page.goto(`${base}/o/jelitik/berita/cuci-tangan`);
    assert.equal(res.status(), 200);
    assert.equal((await page.getByRole('heading', { level: 1 }).textContent()).trim(), 'Cara cuci tangan yang benar');
    await ctx.setOffline(false);
    await ctx.close();
  } finally {
    await browser.close();
  }
});

test('the sharing page answers Accept: application/json with its view model', async () => {
  const lurah = await login(base, 'lurah.jelitik');
  const j = await lurah.json('/console/o/jelitik/berita-bersama');
  assert.equal(j.status, 200);
  assert.ok(Array.isArray(j.body.received) && Array.isArray(j.body.items) && Array.isArray(j.body.targets));
});

test('the news list and each item offer subscribing by WhatsApp where the office has a number', async () => {
  const link = 'https://wa.me/6281200000101?text=langganan%20info';
  for (const path of ['/o/jelitik/berita', '/o/jelitik/berita/posyandu-desember']) {
    const t = (await anon.get(path)).text;
    assert.match(t, /<h2>Info terbaru lewat WhatsApp<\/h2>/, path);
    assert.ok(t.includes(`href="${link}"`), `${path}: the wa.me link with the keyword`);
    assert.match(t, /kirim <strong>berhenti<\/strong>/, `${path}: how to stop`);
  }
  // the JSON carries the same link, for an app that draws its own box
  assert.equal((await anon.json('/o/jelitik/berita')).body.place.subscribe_url, link);
  // an office without a WhatsApp number offers no box (nothing to send the keyword to)
  const kec = (await anon.get('/o/kec-sungailiat/berita')).text;
  assert.doesNotMatch(kec, /Info terbaru lewat WhatsApp|langganan%20info/);
});
