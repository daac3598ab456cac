// The printables an office hands out: the A4 brochure of each service that
// lies on the counter, the A4 poster on the door with QR codes a phone can
// scan, the square cards shared on WhatsApp status, and the app icons.
// Everything is checked the way a citizen or a printer meets it: the PDF is
// read back with poppler (pdfinfo, pdftotext), QR codes are scanned with
// zbar after rasterising the page, PNG files are decoded. Expected texts
// always come from the public JSON of the same server, never from copies.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { startBalai, Client, login, sql } from './lib.mjs';
import { unescapeHtml, formData } from './util-e2e.mjs';

let server, base, anon, petugas, work;
let fileNo = 0;

before(async () => {
  server = await startBalai();
  base = server.base;
  anon = new Client(base);
  petugas = await login(base, 'petugas.jelitik');
  work = mkdtempSync(join(tmpdir(), 'balai-print-'));
});

after(async () => {
  if (work) rmSync(work, { recursive: true, force: true });
  await server?.stop();
});

// ---- helpers ---------------------------------------------------------------

/** GET as a phone does (no cookies), body as bytes. */
async function download(path, headers = {}) {
  const res = await fetch(base + path, { headers, redirect: 'manual' });
  const body = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, body };
}

/** Writes bytes to a fresh file in the work folder; returns its path. */
function save(body, ext) {
  const f = join(work, `f${fileNo++}.${ext}`);
  writeFileSync(f, body);
  return f;
}

function run(cmd, args) {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** pdfinfo's answer as { Pages: '1', 'Page size': '595.276 x 841.89 pts (A4)', ... }. */
function pdfInfo(file) {
  const out = {};
  for (const line of run('pdfinfo', [file]).split('\n')) {
    const m = line.match(/^([^:]+):\s*(.*)$/);
    if (m) out[m[1].trim()] = m[2].trim();
  }
  return out;
}

function pdfText(file) { return run('pdftotext', ['-enc', 'UTF-8', file, '-']); }

/** Whitespace collapsed to single spaces (pdftotext wraps lines where the layout did). */
const norm = (s) => s.replace(/\s+/g, ' ').trim();

/**
 * True when `needle` is printed in `text`. Lines are joined first; a long
 * word that the layout broke across lines (no hyphen glyph is drawn) is
 * found by comparing without any whitespace, which still needs every
 * character in order.
 */
function printed(text, needle) {
  if (norm(text).includes(norm(needle))) return true;
  const squash = (s) => s.replace(/\s+/g, '');
  return squash(text).includes(squash(needle));
}

/** Asserts an A4 one-page PDF and returns its file path. */
function assertA4OnePage(res, what) {
  assert.equal(res.status, 200, `${what}: status`);
  assert.match(res.headers.get('content-type') || '', /^application\/pdf/, `${what}: content type`);
  assert.equal(res.body.subarray(0, 5).toString('latin1'), '%PDF-', `${what}: a PDF file`);
  const file = save(res.body, 'pdf');
  const info = pdfInfo(file);
  assert.equal(info.Pages, '1', `${what}: one page`);
  const m = (info['Page size'] || '').match(/^([\d.]+) x ([\d.]+) pts/);
  assert.ok(m, `${what}: page size readable (${info['Page size']})`);
  // A4 is 595.28 x 841.89 pt (210 x 297 mm), portrait
  assert.equal(Math.round(Number(m[1])), 595, `${what}: A4 width`);
  assert.equal(Math.round(Number(m[2])), 842, `${what}: A4 height`);
  return file;
}

/** The QR codes on page 1 of a PDF, decoded by zbar after rasterising at 150 dpi. */
function qrCodes(pdfFile) {
  const prefix = join(work, `r${fileNo++}`);
  run('pdftoppm', ['-r', '150', '-png', '-f', '1', '-l', '1', pdfFile, prefix]);
  const png = readdirSync(work).filter((f) => f.startsWith(prefix.split('/').pop() + '-') && f.endsWith('.png'));
  assert.equal(png.length, 1, 'one rasterised page');
  let out = '';
  try {
    out = run('zbarimg', ['-q', '--raw', join(work, png[0])]);
  } catch (e) {
    // zbarimg exits 4 when it finds no symbol at all
    out = e.stdout?.toString() ?? '';
  }
  return out.split('\n').map((s) => s.trim()).filter(Boolean);
}

/**
 * Reads a PNG the way an image viewer must: signature, IHDR, and the
 * compressed pixel data inflating to exactly height rows of width pixels.
 */
function decodePng(buf) {
  assert.ok(buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), 'PNG signature');
  assert.equal(buf.toString('latin1', 12, 16), 'IHDR', 'IHDR is the first chunk');
  const width = buf.readUInt32BE(16), height = buf.readUInt32BE(20);
  const depth = buf[24], colour = buf[25], interlace = buf[28];
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colour];
  assert.ok(channels, `known colour type ${colour}`);
  const idat = [];
  let off = 8, sawEnd = false;
  while (off + 8 <= buf.length) {
    const len = buf.readUInt32BE(off), type = buf.toString('latin1', off + 4, off + 8);
    if (type === 'IDAT') idat.push(buf.subarray(off + 8, off + 8 + len));
    if (type === 'IEND') { sawEnd = true; break; }
    off += 12 + len;
  }
  assert.ok(sawEnd, 'PNG ends with IEND');
  const raw = inflateSync(Buffer.concat(idat));
  if (interlace === 0) {
    const rowBytes = 1 + Math.ceil((width * channels * depth) / 8);
    assert.equal(raw.length, height * rowBytes, 'pixel data matches the declared size');
  }
  return { width, height, raw };
}

async function apiServices(office) {
  const r = await anon.json(`/api/v1/offices/${office}/services`);
  assert.equal(r.status, 200);
  return r.body;
}

async function apiService(office, slug) {
  const s = (await apiServices(office)).services.find((x) => x.slug === slug);
  assert.ok(s, `${slug} is listed by the API of ${office}`);
  return s;
}

/** Image URLs listed on the "Gambar untuk dibagikan" page of a service. */
async function cardUrls(office, slug) {
  const r = await anon.get(`/o/${office}/layanan/${slug}/kartu`);
  assert.equal(r.status, 200, `/kartu page of ${slug}`);
  return [...r.text.matchAll(/<img\b[^>]*\bsrc="([^"]+)"/g)].map((m) => unescapeHtml(m[1]));
}

/** A petugas creates a service through the console form; returns its slug. */
async function createService(slug, name, extra = {}) {
  await petugas.get('/console/o/jelitik/layanan/baru');
  const r = await petugas.post('/console/o/jelitik/layanan/baru', {
    version: '', name, slug, category: 'Layanan Uji', summary: `Penjelasan ${name}.`, synonyms: '',
    ck_item_0: 'KTP-el pemohon', ck_note_0: 'fotokopi', ck_count_0: '1',
    steps: 'Datang ke kantor\nTerima surat', days: '1', cost: 'Gratis', request_type: 'pendaftaran_dokumen',
    legal_basis: '', faq_q_0: '', faq_a_0: '', note_for_citizen: '', source: '', active: '1', ...extra,
  });
  assert.equal(r.status, 303, `creating ${slug}: ${r.status} ${r.text.slice(0, 400)}`);
  return slug;
}

// ---- brochures -------------------------------------------------------------

test('every service of the office has a one-page A4 brochure with its name and whole checklist', async () => {
  const { services } = await apiServices('jelitik');
  assert.ok(services.length >= 10, `the demo office lists its services (${services.length})`);
  for (const s of services) {
    const path = `/o/jelitik/layanan/${s.slug}.pdf`;
    const res = await download(path);
    const file = assertA4OnePage(res, path);
    assert.match(res.headers.get('content-disposition') || '', new RegExp(`filename="${s.slug}-jelitik\\.pdf"`), `${path}: a file name that says what it is`);
    const text = pdfText(file);
    assert.ok(printed(text, s.name), `${path}: the service name "${s.name}" is printed`);
    assert.ok(s.checklist.length > 0, `${s.slug} has requirements`);
    for (const c of s.checklist) {
      assert.ok(printed(text, c.item), `${path}: requirement "${c.item}" is printed\n--- pdftotext:\n${text}`);
      // what kind of copy to bring is printed right after the item
      assert.ok(printed(text, `${c.item} — ${c.note}`), `${path}: "${c.item}" says "${c.note}"`);
      if (c.count > 1) assert.ok(printed(text, `${c.count} lembar`), `${path}: "${c.item}" says how many copies`);
    }
    assert.ok(printed(text, s.days_text), `${path}: processing time "${s.days_text}"`);
    // the office's hours, so the citizen knows when to come
    assert.ok(printed(text, 'Jam layanan: Senin'), `${path}: the opening hours are printed\n${text}`);
  }
  // the demo office's week, Monday to Thursday alike, as set in the console
  const hours = (await anon.json('/o/jelitik')).body.place.hours_lines;
  const text = pdfText(assertA4OnePage(await download('/o/jelitik/layanan/sktm.pdf'), 'sktm'));
  const mon = hours[0].replace('Senin: ', '');
  if (hours.slice(0, 4).every((l) => l.endsWith(mon))) assert.ok(printed(text, `Senin–Kamis ${mon}`), `grouped days: ${text}`);
});

test('the brochure QR code opens the service page it was printed for', async () => {
  const s = await apiService('jelitik', 'sktm');
  const file = assertA4OnePage(await download('/o/jelitik/layanan/sktm.pdf'), 'sktm brochure');
  assert.deepEqual(qrCodes(file), [s.url], 'exactly one QR code, to the service page');
  assert.equal(s.url, `${base}/o/jelitik/layanan/sktm`);
  const page = await anon.get(new URL(s.url).pathname);
  assert.equal(page.status, 200, 'the scanned link works');
});

test('a brochure of an unknown service or office is a 404 page, not a broken PDF', async () => {
  for (const path of ['/o/jelitik/layanan/tidak_ada.pdf', '/o/tidak-ada/layanan/sktm.pdf', '/o/tidak-ada/poster.pdf',
    '/o/jelitik/layanan/tidak_ada.png', '/o/jelitik/layanan/tidak_ada/kartu']) {
    const r = await download(path);
    assert.equal(r.status, 404, path);
    assert.doesNotMatch(r.headers.get('content-type') || '', /pdf|png/, `${path}: no file type for an error`);
  }
});

// ---- poster ----------------------------------------------------------------

test('the poster QR codes are exactly the office WhatsApp chat and its portal page', async () => {
  const office = await anon.json('/o/jelitik');
  assert.equal(office.status, 200);
  const place = office.body.place;
  assert.ok(place.wa_url, 'the demo office has WhatsApp');
  // the chat link goes to the office's own number, with a greeting naming the office
  const wa = new URL(place.wa_url);
  assert.equal(wa.origin, 'https://wa.me');
  assert.equal(wa.pathname, `/${place.whatsapp.replace(/\D/g, '')}`);
  assert.ok(wa.searchParams.get('text').includes(place.name), 'the greeting names the office');

  const res = await download('/o/jelitik/poster.pdf');
  const file = assertA4OnePage(res, 'poster');
  const codes = qrCodes(file);
  assert.deepEqual([...codes].sort(), [place.wa_url, `${base}/o/jelitik`].sort(), 'two QR codes: WhatsApp and portal');

  // the list on the poster: every service, or a pointer saying how many are left out
  const text = pdfText(file);
  assert.ok(printed(text, place.name), 'office name');
  const { services } = await apiServices('jelitik');
  const missing = services.filter((s) => !printed(text, s.name));
  if (missing.length) {
    assert.ok(printed(text, `dan ${missing.length} layanan lainnya`), `missing without a pointer: ${missing.map((s) => s.name).join(', ')}`);
  }
  for (const line of place.hours_lines) assert.ok(printed(text, line), `opening hours "${line}" on the poster`);
});

test('the poster of an office without WhatsApp has only the portal QR code', async () => {
  sql(server.db, "UPDATE office SET whatsapp = '' WHERE slug = 'sogaten'");
  const office = await anon.json('/o/sogaten');
  assert.equal(office.status, 200);
  assert.equal(office.body.place.wa_url, undefined, 'no chat link in the office JSON');
  const file = assertA4OnePage(await download('/o/sogaten/poster.pdf'), 'sogaten poster');
  assert.deepEqual(qrCodes(file), [`${base}/o/sogaten`]);
  assert.ok(!pdfText(file).includes('wa.me'), 'no WhatsApp link printed');
});

test('a long service list on the poster stays on one page and says how many services are left out', async () => {
  // srimenanti's petugas adds many services with long names
  const staff = await login(base, 'petugas.srimenanti');
  for (let i = 1; i <= 60; i++) {
    await staff.get('/console/o/srimenanti/layanan/baru');
    const r = await staff.post('/console/o/srimenanti/layanan/baru', {
      version: '', name: `Layanan Tambahan Nomor ${i} dengan Nama yang Cukup Panjang untuk Poster`, slug: `tambah_${i}`,
      category: `Kategori Tambahan ${i % 7}`, summary: '', synonyms: '', ck_item_0: 'KTP-el pemohon', ck_note_0: 'fotokopi',
      ck_count_0: '1', steps: '', days: '1', cost: 'Gratis', request_type: 'pendaftaran_dokumen', legal_basis: '',
      faq_q_0: '', faq_a_0: '', note_for_citizen: '', source: '', active: '1',
    });
    assert.equal(r.status, 303, `creating tambah_${i}: ${r.status}`);
  }
  const place = (await anon.json('/o/srimenanti')).body.place;
  const { services } = await apiServices('srimenanti');
  assert.ok(services.length >= 70);
  const file = assertA4OnePage(await download('/o/srimenanti/poster.pdf'), 'crowded poster');
  assert.deepEqual(qrCodes(file).sort(), [place.wa_url, `${base}/o/srimenanti`].sort(), 'both QR codes still scan');
  const text = pdfText(file);
  const shown = services.filter((s) => printed(text, s.name));
  const missing = services.length - shown.length;
  assert.ok(shown.length > 0, 'some services are listed');
  assert.ok(missing > 0, 'this many long names cannot all fit one A4 page');
  assert.ok(printed(text, `dan ${missing} layanan lainnya`), `the poster says "dan ${missing} layanan lainnya"\n--- pdftotext:\n${text}`);
});

test('a service the office stops offering disappears from the poster and has no printables', async () => {
  const { services } = await apiServices('jelitik');
  const used = ['sktm', 'sku', 'domisili', 'kematian', 'tanda_aneh'];
  // a service whose name is not part of another name, so "not on the poster" is meaningful
  const victim = services.find((s) => !used.includes(s.slug) && !services.some((o) => o !== s && o.name.includes(s.name)));
  assert.ok(victim, 'a service to hide');
  const poster = pdfText(assertA4OnePage(await download('/o/jelitik/poster.pdf'), 'poster before'));
  assert.ok(printed(poster, victim.name), `"${victim.name}" is on the poster while offered`);
  const old = await download(`/o/jelitik/layanan/${victim.slug}.pdf`);
  assert.equal(old.status, 200);

  const path = `/console/o/jelitik/layanan/${victim.slug}`;
  const form = await petugas.get(path);
  const fields = formData(form.text, path);
  assert.ok('active' in fields, 'the service is shown as active in the form');
  delete fields.active;        // the petugas unticks "active"
  const saved = await petugas.post(path, fields);
  assert.equal(saved.status, 303, `saving: ${saved.status} ${saved.text.slice(0, 300)}`);

  for (const p of [`/o/jelitik/layanan/${victim.slug}.pdf`, `/o/jelitik/layanan/${victim.slug}.png`,
    `/o/jelitik/layanan/${victim.slug}.png?kartu=1`, `/o/jelitik/layanan/${victim.slug}/kartu`]) {
    assert.equal((await download(p)).status, 404, `${p} after hiding`);
  }
  assert.equal((await download(`/o/jelitik/layanan/${victim.slug}.pdf`, { 'if-none-match': old.headers.get('etag') })).status, 404,
    'the old ETag does not revive the hidden brochure');
  const after = pdfText(assertA4OnePage(await download('/o/jelitik/poster.pdf'), 'poster after'));
  assert.ok(!printed(after, victim.name), `"${victim.name}" is gone from the poster`);
});

// ---- cards -----------------------------------------------------------------

test('every service has square 1080x1080 cards; the card page lists exactly the cards that exist', async () => {
  const { services } = await apiServices('jelitik');
  for (const s of services) {
    const urls = await cardUrls('jelitik', s.slug);
    assert.ok(urls.length >= 1, `${s.slug}: at least one card`);
    const expected = urls.map((_, i) => `/o/jelitik/layanan/${s.slug}.png${i ? `?kartu=${i + 1}` : ''}`);
    assert.deepEqual(urls, expected, `${s.slug}: cards 1..N in order`);
    const seen = new Set();
    for (const u of urls) {
      const r = await download(u);
      assert.equal(r.status, 200, u);
      assert.equal(r.headers.get('content-type'), 'image/png', u);
      const img = decodePng(r.body);
      assert.deepEqual([img.width, img.height], [1080, 1080], `${u}: square 1080`);
      seen.add(r.body.toString('base64'));
    }
    assert.equal(seen.size, urls.length, `${s.slug}: every card is a different picture`);
    const past = await download(`/o/jelitik/layanan/${s.slug}.png?kartu=${urls.length + 1}`);
    assert.equal(past.status, 404, `${s.slug}: card ${urls.length + 1} does not exist`);
    assert.equal((await download(`/o/jelitik/layanan/${s.slug}.png?kartu=0`)).status, 404, `${s.slug}: card 0`);
  }
});

test('a long checklist edited in the console continues on more cards and still fits one brochure page', async () => {
  // the petugas opens the edit form of SKU and writes 20 long requirements
  const path = '/console/o/jelitik/layanan/sku';
  const form = await petugas.get(path);
  assert.equal(form.status, 200);
  const fields = formData(form.text, path);
  for (const k of Object.keys(fields)) if (/^ck_(item|note|count)_\d+$/.test(k)) delete fields[k];
  const items = Array.from({ length: 20 }, (_, i) =>
    `Persyaratan nomor ${i + 1}: surat keterangan dari RT dan RW setempat yang sudah ditandatangani dan distempel, beserta fotokopi dokumen pendukung lainnya`);
  items.forEach((item, i) => { fields[`ck_item_${i}`] = item; fields[`ck_note_${i}`] = 'asli'; fields[`ck_count_${i}`] = String(i % 3 + 1); });
  const before = await download('/o/jelitik/layanan/sku.png');
  const saved = await petugas.post(path, fields);
  assert.equal(saved.status, 303, `saving: ${saved.status} ${saved.text.slice(0, 400)}`);

  const s = await apiService('jelitik', 'sku');
  assert.deepEqual(s.checklist.map((c) => c.item), items, 'the portal shows the new checklist');

  const urls = await cardUrls('jelitik', 'sku');
  assert.ok(urls.length >= 2, `20 long items need more than one card (got ${urls.length})`);
  for (const [i, u] of urls.entries()) {
    const r = await download(u);
    assert.equal(r.status, 200, u);
    assert.deepEqual((({ width, height }) => [width, height])(decodePng(r.body)), [1080, 1080], u);
    if (i === 0) assert.ok(!r.body.equals(before.body), 'the first card changed with the checklist');
  }
  assert.equal((await download(`/o/jelitik/layanan/sku.png?kartu=${urls.length + 1}`)).status, 404, 'one past the last card');

  const file = assertA4OnePage(await download('/o/jelitik/layanan/sku.pdf'), 'long SKU brochure');
  const text = pdfText(file);
  for (const item of items) assert.ok(printed(text, item), `brochure keeps "${item.slice(0, 25)}…"\n--- pdftotext:\n${text}`);
});

test('the app icons are real PNG files of 192 and 512 pixels', async () => {
  for (const size of [192, 512]) {
    const r = await download(`/icons/icon-${size}.png`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'image/png');
    const img = decodePng(r.body);
    assert.deepEqual([img.width, img.height], [size, size]);
  }
  assert.equal((await download('/icons/icon-1024.png')).status, 404);
});

// ---- staff text is printed as text -----------------------------------------

test('a service name with <script>&" and a checklist item with markup are printed literally', async () => {
  const name = 'Surat <script>alert("x")</script> & "Kutip" <b>tebal</b>';
  const item = 'Fotokopi <i>KTP</i> & KK "terbaru"';
  await createService('tanda_aneh', name, { ck_item_0: item });
  const s = await apiService('jelitik', 'tanda_aneh');
  assert.equal(s.name, name, 'stored as typed');

  const file = assertA4OnePage(await download('/o/jelitik/layanan/tanda_aneh.pdf'), 'brochure with markup in the name');
  const text = pdfText(file);
  assert.ok(printed(text, name), `name printed literally\n--- pdftotext:\n${text}`);
  assert.ok(printed(text, item), 'checklist item printed literally');
  assert.ok(!text.includes('&amp;') && !text.includes('&lt;') && !text.includes('&quot;'), 'no HTML entities on paper');
  assert.equal(pdfInfo(file).Title, name, 'the PDF title is the name too');

  const poster = pdfText(assertA4OnePage(await download('/o/jelitik/poster.pdf'), 'poster with the new service'));
  assert.ok(printed(poster, name) || /layanan lainnya/.test(poster), 'the poster lists it (or points to the portal)');

  const card = await download('/o/jelitik/layanan/tanda_aneh.png');
  assert.equal(card.status, 200);
  assert.deepEqual((({ width, height }) => [width, height])(decodePng(card.body)), [1080, 1080]);
});

// ---- caching ---------------------------------------------------------------

test('a repeat download with the ETag costs a 304 with no body, until the service changes', async () => {
  for (const path of ['/o/jelitik/layanan/domisili.pdf', '/o/jelitik/layanan/domisili.png', '/o/jelitik/layanan/domisili.png?kartu=1']) {
    const first = await download(path);
    assert.equal(first.status, 200, path);
    const etag = first.headers.get('etag');
    assert.ok(etag && /^(W\/)?"[^"]+"$/.test(etag), `${path}: a valid ETag (${etag})`);
    const again = await download(path, { 'if-none-match': etag });
    assert.equal(again.status, 304, `${path}: not modified`);
    assert.equal(again.body.length, 0, `${path}: 304 without a body`);
    assert.equal(again.headers.get('etag'), etag, `${path}: same ETag on the 304`);
    const other = await download(path, { 'if-none-match': '"something-else"' });
    assert.equal(other.status, 200, `${path}: another ETag gets the file`);
    assert.ok(other.body.length > 0);
  }
  // a different card has a different ETag (a phone must not reuse card 1 for card 2)
  const urls = await cardUrls('jelitik', 'sktm');
  if (urls.length > 1) {
    const e1 = (await download(urls[0])).headers.get('etag'), e2 = (await download(urls[1])).headers.get('etag');
    assert.notEqual(e1, e2, 'each card has its own ETag');
    assert.equal((await download(urls[1], { 'if-none-match': e1 })).status, 200, 'card 1 ETag does not validate card 2');
  }

  // the office fixes the checklist: the old ETag must not keep the old brochure on phones
  const old = (await download('/o/jelitik/layanan/domisili.pdf')).headers.get('etag');
  const path = '/console/o/jelitik/layanan/domisili';
  const form = await petugas.get(path);
  const fields = formData(form.text, path);
  fields.ck_item_0 = 'Surat pengantar RT/RW terbaru (diperbarui)';
  const saved = await petugas.post(path, fields);
  assert.equal(saved.status, 303, `saving: ${saved.status} ${saved.text.slice(0, 300)}`);
  const after = await download('/o/jelitik/layanan/domisili.pdf', { 'if-none-match': old });
  assert.equal(after.status, 200, 'changed service: a fresh brochure');
  assert.notEqual(after.headers.get('etag'), old);
  assert.ok(printed(pdfText(save(after.body, 'pdf')), 'Surat pengantar RT/RW terbaru (diperbarui)'), 'with the new text');
});

test('a new office address reaches the brochure even for a phone holding the old ETag', async () => {
  const old = await download('/o/jelitik/layanan/kematian.pdf');
  assert.equal(old.status, 200);
  const lurah = await login(base, 'lurah.jelitik');
  const edit = await lurah.get('/console/o/jelitik/edit');
  assert.equal(edit.status, 200);
  const fields = formData(edit.text, '/console/o/jelitik/edit');
  fields.address = 'Jl. Pantai Baru No. 9, Kelurahan Jelitik';
  const r = await lurah.post('/console/o/jelitik/edit', fields);
  assert.equal(r.status, 303, `saving the profile: ${r.status} ${r.text.slice(0, 300)}`);
  const after = await download('/o/jelitik/layanan/kematian.pdf', { 'if-none-match': old.headers.get('etag') });
  assert.equal(after.status, 200, 'the office changed: not a 304');
  assert.ok(printed(pdfText(save(after.body, 'pdf')), 'Jl. Pantai Baru No. 9, Kelurahan Jelitik'), 'new address printed');
});
