// The SIMPONI content workflow in the console (issue 16, seed 004), end to
// end on the real binary, SQLite or PostgreSQL (BALAI_TEST_PG): an item goes
// from pengumpulan bahan to terbit through every role of Kelurahan Jelitik
// and the Diskominfo's pengawas kebijakan, every wrong role and office is
// refused, a return carries its reasons onto the timeline, a missing element
// of the standard format is refused with its name, stale versions are
// refused, and a script with personal access tokens does the same in JSON.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBalai, login, sql, cli } from './lib.mjs';
import { unescapeHtml, alerts, fieldValue, tinyPng } from './util-e2e.mjs';

const KONTEN = '/console/o/jelitik/konten';
let server, base, konten, editor, pengawas, sekre, petugas, other, lurah;

before(async () => {
  server = await startBalai();
  base = server.base;
  [konten, editor, pengawas, sekre, petugas, other, lurah] = await Promise.all([
    'konten.jelitik', 'editor.jelitik', 'pengawas.diskominfo', 'sekre.jelitik', 'petugas.jelitik',
    'petugas.srimenanti', 'lurah.jelitik'].map((u) => login(base, u)));
});
after(async () => { await server?.stop(); });

const complete = {
  type: 'pengumuman',
  title: 'Pendaftaran posyandu balita bulan Januari',
  item_date: '2026-12-10',
  source: 'Puskesmas Sungailiat',
  contact: 'Kader posyandu RW 02, 0812 0000 0202',
  summary: 'Posyandu balita dibuka setiap Selasa pekan kedua di balai RW 02.',
  action_points: 'Bawa buku KIA\nDatang pukul 08.00 sampai 11.00 WIB',
  document_url: 'https://puskesmas.bangka.go.id/jadwal-posyandu.pdf',
  body: 'Posyandu **balita** dibuka kembali. Lihat [jadwal](https://puskesmas.bangka.go.id/jadwal).',
  alt_text: '',
};

const itemId = (loc) => Number(/\/konten\/(\d+)/.exec(loc)?.[1]);
const state = (id) => sql(server.db, `SELECT state FROM content_item WHERE id = ${id}`).trim();
const version = (id) => sql(server.db, `SELECT version FROM content_item WHERE id = ${id}`).trim();
const text = (html) => unescapeHtml(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');

async function step(client, id, action, extra = {}) {
  await client.get(`${KONTEN}/${id}`);      // the page's CSRF token
  return client.post(`${KONTEN}/${id}/langkah`, { action, version: version(id), reason: '', ...extra });
}
async function tick(client, id, check, ok, note = '') {
  await client.get(`${KONTEN}/${id}`);
  return client.post(`${KONTEN}/${id}/periksa`, { check, ok, note, version: version(id) });
}
const buttons = (html) => [...html.matchAll(/name="action" value="([a-z]+)"/g)].map((m) => m[1]);

// The desainer's visual: C5's upload page is not part of this change, so the
// test attaches a media row by SQL, as the upload would leave it.
function attachVisual(id, alt) {
  const now = Math.floor(Date.now() / 1000);
  sql(server.db, `INSERT INTO media (office_id, source, mime, filename, size, data, created_at) VALUES ((SELECT office_id FROM content_item WHERE id = ${id}), 'upload', 'image/png', 'visual.png', 70, '${tinyPng().toString('base64')}', ${now})`);
  sql(server.db, `UPDATE content_item SET media_id = (SELECT MAX(id) FROM media), alt_text = '${alt}', version = version + 1 WHERE id = ${id}`);
}

test('a submission missing elements of the standard format is refused with each one named, nothing lost', async () => {
  await konten.get(`${KONTEN}/baru`);
  const r = await konten.post(`${KONTEN}/baru`, { type: 'edukasi', title: 'Cara mengurus KIA', state: 'draf', body: 'Catatan awal', submit: '1' });
  assert.equal(r.status, 422);
  const msg = alerts(r.text).join(' ');
  for (const name of ['Tanggal', 'Sumber', 'Kontak', 'Ringkasan', 'Poin tindakan', 'Tautan dokumen resmi'])
    assert.match(msg, new RegExp(name), `the refusal names ${name}: ${msg}`);
  assert.equal(fieldValue(r.text, 'title'), 'Cara mengurus KIA', 'the typed title stays in the form');
  assert.match(r.text, /Catatan awal/);
  assert.equal(sql(server.db, "SELECT COUNT(*) FROM content_item WHERE title = 'Cara mengurus KIA'").trim(), '0');
  // raw HTML in the body is refused before saving
  const h = await konten.post(`${KONTEN}/baru`, { type: 'edukasi', title: 'Uji', state: 'draf', body: 'a <script>x</script>' });
  assert.equal(h.status, 422);
});

test('from pengumpulan bahan to terbit through every role, wrong roles and offices refused', async () => {
  // konten.jelitik (pengelola konten) gathers material: a title and notes are enough
  await konten.get(`${KONTEN}/baru`);
  let r = await konten.post(`${KONTEN}/baru`, { type: 'pengumuman', title: 'Bahan posyandu', state: 'bahan', body: 'Tanya jadwal ke puskesmas' });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  const id = itemId(r.location);
  assert.equal(state(id), 'bahan');
  // then writes the draft in full and submits it
  await konten.get(`${KONTEN}/${id}/ubah`);
  r = await konten.post(`${KONTEN}/${id}/ubah`, { ...complete, version: version(id), submit: '1' });
  assert.equal(r.status, 303, r.text.slice(0, 600));
  assert.equal(state(id), 'validasi');

  // the wrong roles: pengelola konten cannot approve, petugas layanan has no step,
  // another office's staff cannot even see it
  r = await step(konten, id, 'approve');
  assert.equal(r.status, 403);
  assert.match(text(r.text), /hanya dapat dilakukan oleh/);
  r = await petugas.get(`${KONTEN}/${id}`);
  assert.equal(r.status, 200);
  assert.deepEqual(buttons(r.text), [], 'petugas layanan sees no step');
  r = await step(petugas, id, 'approve');
  assert.equal(r.status, 403);
  r = await tick(petugas, id, 'akurasi', 'ya');
  assert.equal(r.status, 403);
  r = await other.get(`${KONTEN}/${id}`);
  assert.equal(r.status, 403);
  r = await other.post(`${KONTEN}/${id}/langkah`, { action: 'approve', version: version(id) });
  assert.equal(r.status, 403);

  // the editor validates: not before every check is ok
  r = await editor.get(`${KONTEN}/${id}`);
  assert.deepEqual(buttons(r.text).sort(), ['approve', 'reject', 'return']);
  r = await step(editor, id, 'approve');
  assert.equal(r.status, 422);
  assert.match(alerts(r.text).join(' '), /Akurasi, Kepatuhan regulasi, Aksesibilitas/);
  r = await tick(editor, id, 'akurasi', 'tidak');
  assert.equal(r.status, 422, 'a "belum sesuai" needs its note');
  r = await tick(editor, id, 'akurasi', 'tidak', 'Jam buka posyandu berbeda dengan surat puskesmas');
  assert.equal(r.status, 303);
  r = await step(editor, id, 'return');
  assert.equal(r.status, 422, 'a return needs its reason');
  assert.match(alerts(r.text).join(' '), /alasan/i);
  r = await step(editor, id, 'return', { reason: 'Sesuaikan jam buka dengan surat puskesmas' });
  assert.equal(r.status, 303);
  assert.equal(state(id), 'draf');
  r = await konten.get(`${KONTEN}/${id}`);
  const tl = text(r.text);
  assert.match(tl, /Rizky Pratama mengembalikan konten ke penulis\./);
  assert.match(tl, /Sesuaikan jam buka dengan surat puskesmas/);
  assert.match(tl, /Rizky Pratama memeriksa Akurasi: belum sesuai\./);
  assert.match(tl, /Putri Anggraini mengajukan konten untuk divalidasi\./);

  // the writer fixes it and submits again from the page's button
  r = await step(konten, id, 'submit');
  assert.equal(r.status, 303);
  // pengawas kebijakan of the Diskominfo (the regency reaches Jelitik) validates
  for (const c of ['akurasi', 'regulasi', 'aksesibilitas'])
    assert.equal((await tick(pengawas, id, c, 'ya', `${c} sudah dicek`)).status, 303);
  r = await pengawas.get(`${KONTEN}/${id}`);
  assert.match(text(r.text), /Sri Wahyuni, /, 'who ticked is shown with the check');
  r = await step(pengawas, id, 'approve');
  assert.equal(r.status, 303);
  assert.equal(state(id), 'desain');

  // no visual yet: publishing is refused with what is missing; the desainer cannot publish
  r = await step(sekre, id, 'publish');
  assert.equal(r.status, 422);
  assert.match(alerts(r.text).join(' '), /Visual, Teks alternatif visual/);
  r = await step(konten, id, 'publish');
  assert.equal(r.status, 403, 'desainer grafis cannot publish');
  attachVisual(id, 'Poster jadwal posyandu balita RW 02');

  // a stale page is refused, nothing changes
  const old = version(id);
  r = await step(sekre, id, 'schedule', { date: '2027-01-05', time: '08:00' });
  assert.equal(r.status, 303);
  assert.equal(state(id), 'jadwal');
  assert.equal(sql(server.db, `SELECT COUNT(*) FROM job WHERE kind = 'content_publish' AND ref_id = ${id}`).trim(), '1');
  r = await sekre.post(`${KONTEN}/${id}/langkah`, { action: 'publish', version: old });
  assert.equal(r.status, 409);
  assert.match(text(r.text), /baru saja diubah/);
  assert.equal(state(id), 'jadwal');
  // a time in the past is refused
  r = await step(sekre, id, 'schedule', { date: '2020-01-05', time: '08:00' });
  assert.equal(r.status, 422);
  assert.match(alerts(r.text).join(' '), /setelah sekarang/);

  // the koordinator publishes
  r = await step(sekre, id, 'publish');
  assert.equal(r.status, 303);
  assert.equal(state(id), 'terbit');
  r = await step(sekre, id, 'correct');
  assert.equal(r.status, 422, 'a correction needs its note');
  r = await step(sekre, id, 'correct', { reason: 'Jam buka diperbaiki menjadi 08.00 WIB.' });
  assert.equal(r.status, 303);
  assert.equal(sql(server.db, `SELECT correction FROM content_item WHERE id = ${id}`).trim(), 'Jam buka diperbaiki menjadi 08.00 WIB.');
  r = await lurah.get(`${KONTEN}/${id}`);
  const page = text(r.text);
  assert.match(page, /Nurul Aini menjadwalkan penerbitan pada \S+, 5 Januari 2027 08\.00 WIB\./);
  assert.match(page, /Nurul Aini menerbitkan konten di portal\./);
  assert.match(page, /Catatan koreksi/);
  // a published item's page leads to its other pages, each of which opens
  const links = [...r.text.matchAll(/<li><a href="([^"]+)">([^<]+)<\/a><\/li>/g)].map((m) => [m[2], m[1]]);
  const slug = sql(server.db, `SELECT slug FROM content_item WHERE id = ${id}`).trim();
  for (const [label, href] of [['Lihat di portal', `/o/jelitik/berita/${slug}`],
    ['Teks untuk grup WhatsApp RT/RW', `${KONTEN}/${id}/teks-grup`],
    ['Pamflet A4 dengan kode QR (PDF)', `${KONTEN}/${id}/pamflet.pdf`]]) {
    assert.ok(links.some(([l, h]) => l === label && h === href), `${label} -> ${href} in ${JSON.stringify(links)}`);
    assert.equal((await lurah.get(href)).status, 200, href);
  }
  assert.ok(!links.some(([l]) => /Visual/.test(l)), 'a published visual changes only through a correction');
  const own = [...(await sekre.get(`${KONTEN}/${id}`)).text.matchAll(/href="([^"]+\/siarkan)"/g)];
  assert.equal(own.length, 1, 'who publishes may broadcast it');
  // the decisions are in the audit log as sentences
  r = await lurah.get('/console/o/jelitik/audit');
  assert.match(text(r.text), /Rizky Pratama \(Editor\) mengembalikan konten "Pendaftaran posyandu balita bulan Januari" ke penulis/);
});

test('two editors on one draft: the later save is refused with a clear message, what was typed stays', async () => {
  await konten.get(`${KONTEN}/baru`);
  let r = await konten.post(`${KONTEN}/baru`, { ...complete, title: 'Draf bersama', state: 'draf' });
  assert.equal(r.status, 303);
  const id = itemId(r.location);
  const seen = version(id);                   // both open the edit form now
  await editor.get(`${KONTEN}/${id}/ubah`);
  r = await editor.post(`${KONTEN}/${id}/ubah`, { ...complete, title: 'Draf bersama (editor)', version: seen });
  assert.equal(r.status, 303);
  await konten.get(`${KONTEN}/${id}/ubah`);
  r = await konten.post(`${KONTEN}/${id}/ubah`, { ...complete, title: 'Draf bersama (penulis)', version: seen });
  assert.equal(r.status, 409);
  assert.match(alerts(r.text).join(' '), /baru saja disimpan oleh anggota tim lain/);
  assert.equal(fieldValue(r.text, 'title'), 'Draf bersama (penulis)', 'the typed title stays in the form');
  assert.equal(sql(server.db, `SELECT title FROM content_item WHERE id = ${id}`).trim(), 'Draf bersama (editor)');
  // once submitted the text is locked until it is returned
  r = await step(konten, id, 'submit');
  assert.equal(r.status, 303);
  assert.equal((await konten.get(`${KONTEN}/${id}/ubah`)).status, 409);
});

test('the author never validates their own item', async () => {
  await editor.get(`${KONTEN}/baru`);
  let r = await editor.post(`${KONTEN}/baru`, { ...complete, title: 'Tulisan editor', state: 'draf', submit: '1' });
  assert.equal(r.status, 303);
  const id = itemId(r.location);
  assert.equal(state(id), 'validasi');
  r = await editor.get(`${KONTEN}/${id}`);
  assert.deepEqual(buttons(r.text), [], 'no validating button for the author');
  r = await tick(editor, id, 'akurasi', 'ya');
  assert.equal(r.status, 403);
  r = await step(editor, id, 'approve');
  assert.equal(r.status, 403);
  assert.match(text(r.text), /Penulis konten tidak dapat memvalidasi kontennya sendiri/);
});

test('tugas saya and the console home count what waits for this member', async () => {
  let r = await pengawas.json(`${KONTEN}?saya=1`);
  assert.equal(r.status, 200);
  const waiting = r.body.items.map((i) => i.title);
  assert.ok(waiting.includes('Tulisan editor'), 'the editor\'s item waits for the pengawas');
  assert.ok(r.body.items.every((i) => i.state === 'validasi'));
  r = await editor.json(`${KONTEN}?saya=1`);
  assert.ok(!r.body.items.some((i) => i.title === 'Tulisan editor'), 'not for its own author');
  r = await editor.get('/console');
  const m = /<span class="count">(\d+)<\/span> Konten menunggu langkah Anda/.exec(r.text);
  assert.ok(m, 'the console home shows the count');
  assert.match(r.text, /konten\?saya=1/);
  r = await konten.get('/console/o/jelitik');
  assert.match(r.text, /href="\/console\/o\/jelitik\/konten">Daftar konten<\/a>/);
});

test('the same steps through personal access tokens, in JSON', async () => {
  const token = (user, name) => /balai_[0-9a-f]{64}/.exec(cli(['token', 'create', user, '--name', name], { db: server.db.url }).stdout)[0];
  const tk = { konten: token('konten.jelitik', 'skrip-konten'), editor: token('editor.jelitik', 'skrip-editor'), sekre: token('sekre.jelitik', 'skrip-sekre') };
  const api = async (who, method, path, json) => {
    const res = await fetch(base + path, { method, headers: { authorization: `Bearer ${tk[who]}`, accept: 'application/json', ...(json ? { 'content-type': 'application/json' } : {}) }, body: json ? JSON.stringify(json) : undefined });
    return { status: res.status, body: await res.json() };
  };
  let r = await api('konten', 'POST', `${KONTEN}/baru`, { type: 'edukasi', title: 'Lewat skrip', submit: true });
  assert.equal(r.status, 422);
  assert.ok(r.body.fields.source && r.body.fields.contact, JSON.stringify(r.body));
  r = await api('konten', 'POST', `${KONTEN}/baru`, { ...complete, title: 'Lewat skrip', submit: true });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const id = itemId(r.body.location);
  r = await api('editor', 'GET', `${KONTEN}/${id}`);
  assert.equal(r.body.item.state, 'validasi');
  assert.deepEqual(r.body.steps.map((s) => s.action).sort(), ['approve', 'reject', 'return']);
  r = await api('konten', 'POST', `${KONTEN}/${id}/langkah`, { action: 'approve', version: r.body.item.version });
  assert.equal(r.status, 403);
  for (const check of ['akurasi', 'regulasi', 'aksesibilitas']) {
    const v = (await api('editor', 'GET', `${KONTEN}/${id}`)).body.item.version;
    r = await api('editor', 'POST', `${KONTEN}/${id}/periksa`, { check, ok: 'ya', note: '', version: v });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  }
  let v = (await api('editor', 'GET', `${KONTEN}/${id}`)).body.item.version;
  r = await api('editor', 'POST', `${KONTEN}/${id}/langkah`, { action: 'approve', version: v });
  assert.equal(r.status, 200);
  v = (await api('sekre', 'GET', `${KONTEN}/${id}`)).body.item.version;
  r = await api('sekre', 'POST', `${KONTEN}/${id}/langkah`, { action: 'publish', version: v });
  assert.equal(r.status, 422);
  assert.ok(r.body.fields.media_id && r.body.fields.alt_text, JSON.stringify(r.body));
  attachVisual(id, 'Infografis cara mengurus KIA');
  v = (await api('sekre', 'GET', `${KONTEN}/${id}`)).body.item.version;
  r = await api('sekre', 'POST', `${KONTEN}/${id}/langkah`, { action: 'publish', version: v });
  assert.equal(r.status, 200);
  r = await api('sekre', 'GET', `${KONTEN}/${id}`);
  assert.equal(r.body.item.state, 'terbit');
  assert.ok(r.body.timeline.some((e) => /Rizky Pratama menyetujui isi konten/.test(e.sentence)));
  const actor = sql(server.db, `SELECT actor FROM audit_log WHERE action = 'content.publish' AND entity_id = '${id}'`).trim();
  assert.equal(actor, "sekre.jelitik lewat token 'skrip-sekre'");
});
