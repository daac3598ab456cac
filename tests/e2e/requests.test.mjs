// Citizens' requests in the staff console (issue 6): registration numbers,
// the ETA in the office's working days, the status flow with its timeline
// and audit rows, checklist verdicts by petugas_verifikasi only, stale saves
// refused with 409, other offices kept out, and overdue requests marked.
// Runs against the real binary on SQLite, or PostgreSQL with BALAI_TEST_PG.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBalai, login, sql, ON_PG } from './lib.mjs';
import { fieldValue, fieldError, alerts, auditRows, parseSide, unescapeHtml, selectedOption, selectOptions, judgeAll } from './util-e2e.mjs';

const BASE_PATH = '/console/o/jelitik/permohonan';
let server, base, lurah, petugas, verif, other;

before(async () => {
  server = await startBalai();
  base = server.base;
  lurah = await login(base, 'lurah.jelitik');
  petugas = await login(base, 'petugas.jelitik');
  verif = await login(base, 'verifikasi.jelitik');
  other = await login(base, 'petugas.srimenanti');
});

after(async () => { await server?.stop(); });

// ---- an independent model of the office's calendar (Kelurahan Jelitik
// works Monday to Friday, WIB) ------------------------------------------------

const DAYS = ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'];
const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus',
  'September', 'Oktober', 'November', 'Desember'];
const ymd = (d) => d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
const fromYmd = (n) => new Date(Date.UTC(Math.floor(n / 10000), Math.floor(n / 100) % 100 - 1, n % 100));
const addDays = (n, k) => { const d = fromYmd(n); d.setUTCDate(d.getUTCDate() + k); return ymd(d); };
const todayWib = () => ymd(new Date(Date.now() + 7 * 3600 * 1000));
const indonesian = (n) => { const d = fromYmd(n); return `${DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`; };
const iso = (n) => `${Math.floor(n / 10000)}-${String(Math.floor(n / 100) % 100).padStart(2, '0')}-${String(n % 100).padStart(2, '0')}`;

function closedDates() {
  const rows = sql(server.db, "SELECT date FROM holiday UNION SELECT l.date FROM office_leave l JOIN office o ON o.id = l.office_id WHERE o.slug = 'jelitik'");
  return new Set(rows.trim().split('\n').filter(Boolean).map(Number));
}
const weekday = (n) => { const w = fromYmd(n).getUTCDay(); return w >= 1 && w <= 5; };
// Jelitik closes at 15.00 WIB on working days; a request that comes later
// (or on a day off) counts as received the next working day.
const minutesWib = () => { const d = new Date(Date.now() + 7 * 3600 * 1000); return d.getUTCHours() * 60 + d.getUTCMinutes(); };
function receivedDay(closed) {
  const today = todayWib();
  return weekday(today) && !closed.has(today) && minutesWib() < 15 * 60 ? today : addWorkingDays(today, 1, closed);
}

function addWorkingDays(from, n, closed) {
  let d = from;
  for (let left = n; left > 0;) { d = addDays(d, 1); if (weekday(d) && !closed.has(d)) left--; }
  return d;
}

// ---- helpers ---------------------------------------------------------------

const walkIn = { service: 'sktm', name: 'Siti Aminah', address: 'RT 03 / RW 01, Jl. Laut', phone: '0812 3456 7890' };

async function register(c, fields = walkIn, office = 'jelitik') {
  await c.get(`/console/o/${office}/permohonan/baru`);
  const r = await c.post(`/console/o/${office}/permohonan/baru`, fields);
  assert.equal(r.status, 303, `register: ${r.status} ${alerts(r.text).join(' ')} ${r.text.slice(0, 300)}`);
  const m = r.location.match(new RegExp(`^/console/o/${office}/permohonan/(\\d+)\\?baru=1$`));
  assert.ok(m, r.location);
  return Number(m[1]);
}

async function show(c, id) {
  const r = await c.json(`${BASE_PATH}/${id}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

async function setStatus(c, id, to, note = '', version) {
  if (version === undefined) version = (await show(c, id)).req.version;
  await c.get(`${BASE_PATH}/${id}`);
  return c.post(`${BASE_PATH}/${id}/status`, { to, note, version: String(version) });
}

// the status form's note (the checklist rows have their own note fields)
const statusNote = (html) => unescapeHtml(html.match(/<textarea id="note" name="note"[^>]*>([\s\S]*?)<\/textarea>/)[1]);
const year = () => Math.floor(todayWib() / 10000);
const dbRequest = (id) => sql(server.db, `SELECT status, version, reason FROM request WHERE id = ${id}`).trim();

// ---- registration ------------------------------------------------------------

test('a walk-in citizen gets JLT-<year>-00001, the next one -00002; the page shows the number and the ETA', async () => {
  const id1 = await register(petugas);
  const page = await petugas.get(`${BASE_PATH}/${id1}?baru=1`);
  assert.equal(page.status, 200);
  const n1 = `JLT-${year()}-00001`;
  assert.match(page.text, new RegExp(`<h1>Permohonan <span class="number">${n1}</span></h1>`));
  assert.ok(page.text.includes('Sampaikan nomor registrasi ini kepada warga'));
  const r1 = (await show(petugas, id1)).req;
  assert.equal(r1.number, n1);
  assert.equal(r1.source, 'loket');
  assert.equal(r1.status, 'baru');
  assert.equal(r1.citizen_name, 'Siti Aminah');
  assert.equal(r1.service_name.includes('SKTM') || r1.service_name.includes('Tidak Mampu'), true, r1.service_name);
  // SKTM takes 0 working days: ready the day it is received (today before
  // closing time, else the next working day)
  const eta = receivedDay(closedDates());
  assert.equal(r1.eta_date, eta);
  assert.ok(page.text.includes(indonesian(eta)), `ETA ${indonesian(eta)} on the page`);
  assert.ok(r1.checklist.length > 0, 'the service checklist is kept with the request');

  const id2 = await register(petugas, { ...walkIn, name: 'Budi Santoso', service: '' });
  const r2 = (await show(petugas, id2)).req;
  assert.equal(r2.number, `JLT-${year()}-00002`);
  assert.equal(r2.eta_date, 0, 'a consultation has no ETA yet');
  assert.equal(r2.checklist.length, 0);

  const rows = await auditRows(lurah, '/console/o/jelitik/audit');
  const created = rows.filter((a) => a.action === 'request.create').map((a) => parseSide(a.after).number);
  assert.deepEqual(created.sort(), [n1, r2.number]);

  // the list shows both, newest first, with their source
  const list = await petugas.json(BASE_PATH);
  assert.deepEqual(list.body.requests.map((x) => x.number).slice(0, 2), [r2.number, n1]);
  assert.equal(list.body.requests[0].source_label, 'Loket');
});

test('bad input is refused with 422 in Indonesian, the typed values stay, and no number is used up', async () => {
  const counter = () => sql(server.db, 'SELECT count(*) FROM request').trim();
  const before = counter();
  await petugas.get(`${BASE_PATH}/baru`);
  let r = await petugas.post(`${BASE_PATH}/baru`, { service: 'sktm', name: 'Rina 1901234567890003', address: '', phone: '0812abc' });
  assert.equal(r.status, 422);
  assert.match(fieldError(r.text, 'name'), /^Jangan menulis NIK di sini/);
  assert.equal(fieldError(r.text, 'address'), 'Alamat atau RT/RW wajib diisi.');
  assert.match(fieldError(r.text, 'phone'), /Nomor telepon hanya berisi angka/);
  assert.equal(fieldValue(r.text, 'phone'), '0812abc');
  assert.match(r.text, /<option value="sktm" selected>/);

  r = await petugas.post(`${BASE_PATH}/baru`, { service: 'tidak-ada', name: 'R', address: 'RT 1 NIK 1901234567890003' });
  assert.equal(r.status, 422);
  assert.match(fieldError(r.text, 'service'), /tidak ada atau sedang tidak aktif/);
  assert.equal(fieldError(r.text, 'name'), 'Nama warga paling sedikit 2 huruf.');
  assert.match(fieldError(r.text, 'address'), /^Jangan menulis NIK/);
  assert.equal(counter(), before, 'nothing was stored');

  // a conversation of another office cannot be attached
  const chat = await fetch(`${base}/o/srimenanti/obrolan`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text: 'syarat sktm' }),
  });
  assert.equal(chat.status, 200);
  const foreign = sql(server.db, "SELECT c.id FROM conversation c JOIN office o ON o.id = c.office_id WHERE o.slug = 'srimenanti'").trim();
  r = await petugas.post(`${BASE_PATH}/baru`, { ...walkIn, conversation: foreign });
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'conversation'), 'Percakapan ini tidak ditemukan di kantor ini.');
  assert.equal(counter(), before);
});

test('a request registered from a portal conversation keeps its channel and links back to it', async () => {
  const chat = await fetch(`${base}/o/jelitik/obrolan`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text: 'mau urus surat domisili' }),
  });
  assert.equal(chat.status, 200);
  const conv = sql(server.db, "SELECT max(c.id) FROM conversation c JOIN office o ON o.id = c.office_id WHERE o.slug = 'jelitik'").trim();
  const form = await petugas.get(`${BASE_PATH}/baru?conversation=${conv}`);
  assert.equal(form.status, 200);
  assert.equal(fieldValue(form.text, 'conversation'), conv);
  const id = await register(petugas, { service: 'domisili', name: 'Andi', address: 'RT 05 / RW 02', conversation: conv });
  const { req } = await show(petugas, id);
  assert.equal(req.source, 'web');
  assert.equal(String(req.conversation_id), conv);
  const page = await petugas.get(`${BASE_PATH}/${id}`);
  assert.ok(page.text.includes(`href="/console/o/jelitik/percakapan/${conv}"`), 'link to the conversation');
  assert.ok(page.text.includes('Portal'));

  // a status change tells the citizen in that conversation, in the same commit
  const outs = () => Number(sql(server.db, `SELECT count(*) FROM message WHERE conversation_id = ${conv} AND direction = 'out'`).trim());
  const before = outs();
  assert.equal((await setStatus(petugas, id, 'kurang_lengkap', 'Surat pengantar RT belum ada.')).status, 303);
  assert.equal(outs(), before + 1, 'one notice queued for the citizen');
  const notice = sql(server.db, `SELECT m.body FROM request_event e JOIN message m ON m.id = e.message_id WHERE e.request_id = ${id} AND e.status = 'kurang_lengkap'`);
  assert.ok(notice.includes(req.number), notice);
  assert.ok(notice.includes('Surat pengantar RT belum ada.'), notice);
  const timeline = await petugas.get(`${BASE_PATH}/${id}`);
  assert.ok(timeline.text.includes('(kabar dikirim ke warga)'));
});

test('20 concurrent registrations get 20 distinct, consecutive numbers', async () => {
  const before = Number(sql(server.db, `SELECT last FROM reg_counter r JOIN office o ON o.id = r.office_id WHERE o.slug = 'jelitik' AND r.year = ${year()}`).trim());
  const clients = [petugas, lurah, verif];
  const ids = await Promise.all(Array.from({ length: 20 }, (_, i) =>
    clients[i % 3].post(`${BASE_PATH}/baru`, { ...walkIn, name: `Warga ${i}` }).then((r) => {
      assert.equal(r.status, 303, `${r.status} ${r.text.slice(0, 200)}`);
      return Number(r.location.match(/permohonan\/(\d+)/)[1]);
    })));
  assert.equal(new Set(ids).size, 20);
  const numbers = sql(server.db, `SELECT number FROM request WHERE id IN (${ids.join(',')})`).trim().split('\n');
  const seqs = numbers.map((n) => { const m = n.match(new RegExp(`^JLT-${year()}-(\\d{5})$`)); assert.ok(m, n); return Number(m[1]); }).sort((a, b) => a - b);
  assert.deepEqual(seqs, Array.from({ length: 20 }, (_, i) => before + 1 + i));
});

test('the ETA counts working days and skips the next national holiday and an office leave day', async () => {
  const today = todayWib();
  // the office takes the first working day after today off
  const leave = addWorkingDays(today, 1, closedDates());
  await lurah.get('/console/o/jelitik/holidays');
  const l = await lurah.post('/console/o/jelitik/leave', { date: iso(leave), name: 'Rapat kerja kelurahan' });
  assert.equal(l.status, 303, l.text.slice(0, 300));
  const closed = closedDates();
  assert.ok(closed.has(leave));
  // the next national holiday on a weekday
  const h = sql(server.db, `SELECT date FROM holiday WHERE date > ${leave} ORDER BY date`).trim().split('\n')
    .map(Number).find(weekday);
  assert.ok(h, 'the holiday data reaches beyond today');
  // enough working days to end just after it
  const received = receivedDay(closed);
  let n = 0;
  for (let d = received; d < h;) { d = addDays(d, 1); if (d < h && weekday(d) && !closed.has(d)) n++; }
  n += 1;
  const setDays = ON_PG
    ? `UPDATE service SET body = jsonb_set(body::jsonb, '{days}', '${n}')::text WHERE slug = 'ahli_waris' AND office_id = (SELECT id FROM office WHERE slug = 'jelitik')`
    : `UPDATE service SET body = json_set(body, '$.days', ${n}) WHERE slug = 'ahli_waris' AND office_id = (SELECT id FROM office WHERE slug = 'jelitik')`;
  sql(server.db, setDays);
  const id = await register(petugas, { ...walkIn, service: 'ahli_waris' });
  const { req } = await show(petugas, id);
  const expected = addWorkingDays(received, n, closed);
  assert.ok(expected > h, 'the expected date lies after the holiday');
  assert.ok(!closed.has(expected) && weekday(expected));
  assert.equal(req.eta_date, expected, `ETA for ${n} working days from ${received} (leave ${leave}, holiday ${h})`);
  assert.equal(req.days, n);
  assert.equal(req.eta_text, indonesian(expected));
  // without the leave day and the holiday it would have been earlier
  const naive = addWorkingDays(today, n, new Set());
  assert.ok(naive < expected, `${naive} < ${expected}`);
  const page = await petugas.get(`${BASE_PATH}/${id}`);
  assert.ok(page.text.includes(indonesian(expected)));
});

// ---- status changes ----------------------------------------------------------

test('status flow baru → diproses → kurang_lengkap (note required) → diproses → selesai → diambil, with timeline and audit', async () => {
  const id = await register(petugas, { ...walkIn, name: 'Dewi Lestari' });
  let page = await petugas.get(`${BASE_PATH}/${id}`);
  // only the allowed next statuses are offered
  const offered = [...page.text.matchAll(/<button type="submit" name="to" value="([a-z_]+)"/g)].map((m) => m[1]);
  assert.deepEqual(offered.sort(), ['diproses', 'ditolak', 'kurang_lengkap', 'selesai']);
  assert.equal(fieldValue(page.text, 'version'), '1');

  let r = await setStatus(petugas, id, 'diproses');
  assert.equal(r.status, 303);
  assert.equal(r.location, `${BASE_PATH}/${id}?ok=1`);

  // kurang_lengkap needs to say what is missing
  const v = (await show(petugas, id)).req.version;
  r = await setStatus(petugas, id, 'kurang_lengkap', '   ', v);
  assert.equal(r.status, 422);
  assert.match(fieldError(r.text, 'note'), /Tulis berkas apa yang kurang/);
  assert.equal(dbRequest(id).split('|')[0], 'diproses', 'nothing changed');
  r = await setStatus(petugas, id, 'kurang_lengkap', 'Surat pengantar RT belum ada.', v);
  assert.equal(r.status, 303);
  let { req } = await show(petugas, id);
  assert.equal(req.status, 'kurang_lengkap');
  assert.equal(req.reason, 'Surat pengantar RT belum ada.');
  assert.equal(req.overdue, false, 'waiting on the citizen is never overdue');

  assert.equal((await setStatus(verif, id, 'diproses')).status, 303);
  await judgeAll(verif, 'jelitik', id);
  assert.equal((await setStatus(verif, id, 'selesai')).status, 303);
  assert.equal((await setStatus(lurah, id, 'diambil', 'Diambil oleh pemohon sendiri.')).status, 303);

  const body = await show(petugas, id);
  assert.equal(body.req.status, 'diambil');
  assert.deepEqual(body.next, [], 'nothing follows diambil');
  assert.deepEqual(body.events.map((e) => e.status), ['baru', 'diproses', 'kurang_lengkap', 'diproses', 'selesai', 'diambil']);
  assert.deepEqual(body.events.map((e) => e.actor), ['petugas.jelitik', 'petugas.jelitik', 'petugas.jelitik', 'verifikasi.jelitik', 'verifikasi.jelitik', 'lurah.jelitik']);
  assert.equal(body.events[2].note, 'Surat pengantar RT belum ada.');
  page = await petugas.get(`${BASE_PATH}/${id}`);
  assert.ok(page.text.includes('Diambil oleh pemohon sendiri.'));
  assert.ok(page.text.includes('Permohonan ini sudah selesai; statusnya tidak dapat diubah lagi.'));

  const rows = (await auditRows(lurah, '/console/o/jelitik/audit'))
    .filter((a) => a.action === 'request.status' && a.entity_id === body.req.number).reverse();
  assert.deepEqual(rows.map((a) => [parseSide(a.before).status, parseSide(a.after).status]),
    [['baru', 'diproses'], ['diproses', 'kurang_lengkap'], ['kurang_lengkap', 'diproses'], ['diproses', 'selesai'], ['selesai', 'diambil']]);
  assert.deepEqual(rows.map((a) => a.actor), ['petugas.jelitik', 'petugas.jelitik', 'verifikasi.jelitik', 'verifikasi.jelitik', 'lurah.jelitik']);

  // a rejection needs its reason
  const id2 = await register(petugas, { ...walkIn, name: 'Joko' });
  r = await setStatus(petugas, id2, 'ditolak', '');
  assert.equal(r.status, 422);
  assert.match(fieldError(r.text, 'note'), /Tulis alasan penolakan/);
  assert.equal((await setStatus(petugas, id2, 'ditolak', 'Bukan warga Kelurahan Jelitik.')).status, 303);
  assert.equal((await show(petugas, id2)).req.reason, 'Bukan warga Kelurahan Jelitik.');
});

test('once selesai (and diambil) the checklist verdicts are final: no control, and a change is refused on the page and as JSON', async () => {
  const id = await register(petugas, { ...walkIn, name: 'Wati' });
  assert.equal((await setStatus(verif, id, 'diproses')).status, 303);
  await judgeAll(verif, 'jelitik', id);
  assert.equal((await setStatus(verif, id, 'selesai')).status, 303);
  const verdicts = () => sql(server.db, `SELECT item, verdict, note FROM request_item WHERE request_id = ${id} ORDER BY item`);
  const before = verdicts(), state = dbRequest(id);
  const tryChange = async () => {
    const page = await verif.get(`${BASE_PATH}/${id}`);
    assert.ok(!page.text.includes(`/permohonan/${id}/berkas`), 'no verdict control on a finished request');
    assert.match(unescapeHtml(page.text), /Pemeriksaan berkas sudah final/);
    const version = String((await show(verif, id)).req.version);
    const r = await verif.post(`${BASE_PATH}/${id}/berkas`, { item: '0', verdict: 'kurang', note: 'Ternyata buram.', version });
    assert.equal(r.status, 422);
    assert.ok(alerts(r.text).some((a) => /tidak dapat diubah lagi: permohonan ini sudah selesai/.test(a)), alerts(r.text).join(' | '));
    const j = await verif.request('POST', `${BASE_PATH}/${id}/berkas`, {
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify({ _csrf: verif.csrf, item: 1, verdict: 'salah', note: 'bukan dokumennya', version: Number(version) }) });
    assert.equal(j.status, 422, j.text.slice(0, 300));
    assert.match(JSON.parse(j.text).error, /tidak dapat diubah lagi/);
    assert.equal(verdicts(), before, 'the verdicts stay as they were');
  };
  await tryChange();
  assert.equal(dbRequest(id), state, 'nothing else changed');
  assert.equal((await setStatus(lurah, id, 'diambil', 'Diambil sendiri.')).status, 303);
  await tryChange();
});

test('a change the flow does not allow (baru → diambil) is refused and changes nothing', async () => {
  const id = await register(petugas, { ...walkIn, name: 'Rudi' });
  const before = dbRequest(id);
  const events = sql(server.db, `SELECT count(*) FROM request_event WHERE request_id = ${id}`);
  const r = await setStatus(petugas, id, 'diambil', 'langsung');
  assert.equal(r.status, 422);
  assert.ok(alerts(r.text).some((a) => a.includes('Status tidak dapat diubah dari "Baru diterima" menjadi "Sudah diambil".')), alerts(r.text).join(' | '));
  assert.equal(dbRequest(id), before);
  assert.equal(sql(server.db, `SELECT count(*) FROM request_event WHERE request_id = ${id}`), events);
  const bogus = await setStatus(petugas, id, 'hilang', '');
  assert.equal(bogus.status, 422);
  assert.equal(dbRequest(id), before);
});

test('a stale version gets 409, nothing changes, the current state is shown and the typed note is kept', async () => {
  const id = await register(petugas, { ...walkIn, name: 'Maya' });
  // two officers open the same request
  await petugas.get(`${BASE_PATH}/${id}`);
  const staleVersion = (await show(verif, id)).req.version;
  assert.equal((await setStatus(petugas, id, 'diproses', '', staleVersion)).status, 303);
  const before = dbRequest(id);
  const auditCount = sql(server.db, 'SELECT count(*) FROM audit_log');
  await verif.get(`${BASE_PATH}/${id}`);
  const r = await verif.post(`${BASE_PATH}/${id}/status`, { to: 'ditolak', note: 'Berkas palsu, kata saya.', version: String(staleVersion) });
  assert.equal(r.status, 409);
  assert.ok(alerts(r.text).includes('Permohonan ini baru saja diubah oleh petugas lain. Periksa perubahan di bawah, lalu simpan lagi.'));
  assert.equal(statusNote(r.text), 'Berkas palsu, kata saya.');
  assert.ok(r.text.includes('Sedang diproses'), 'the current status is shown');
  assert.equal(fieldValue(r.text, 'version'), String(staleVersion + 1), 'the form now carries the current version');
  assert.equal(dbRequest(id), before);
  assert.equal(sql(server.db, 'SELECT count(*) FROM audit_log'), auditCount);
  // saving again from that page works
  const again = await verif.post(`${BASE_PATH}/${id}/status`, { to: 'ditolak', note: 'Berkas palsu, kata saya.', version: fieldValue(r.text, 'version') });
  assert.equal(again.status, 303);
});

// ---- checklist verdicts ------------------------------------------------------

test('petugas_layanan cannot post verdicts (403) but petugas_verifikasi can; stale verdicts get 409', async () => {
  const id = await register(petugas, walkIn);
  const { req } = await show(petugas, id);
  const item = req.checklist[1].item;
  let page = await petugas.get(`${BASE_PATH}/${id}`);
  assert.ok(!page.text.includes(`/permohonan/${id}/berkas`), 'no verdict form for petugas_layanan');
  const refused = await petugas.post(`${BASE_PATH}/${id}/berkas`, { item: '1', verdict: 'ok', note: '', version: String(req.version) });
  assert.equal(refused.status, 403);
  assert.equal(sql(server.db, `SELECT count(*) FROM request_item WHERE request_id = ${id}`).trim(), '0');

  page = await verif.get(`${BASE_PATH}/${id}`);
  assert.ok(page.text.includes(`/permohonan/${id}/berkas`));
  let r = await verif.post(`${BASE_PATH}/${id}/berkas`, { item: '1', verdict: 'kurang', note: 'Fotokopi buram, mohon ulang.', version: String(req.version) });
  assert.equal(r.status, 303);
  const body = await show(verif, id);
  assert.equal(body.req.version, req.version + 1);
  assert.equal(body.checklist[1].verdict, 'kurang');
  assert.equal(body.checklist[1].verdict_note, 'Fotokopi buram, mohon ulang.');
  assert.equal(body.checklist[1].verdict_by, 'verifikasi.jelitik');
  assert.equal(body.checklist[0].verdict, undefined, 'other items untouched');
  page = await verif.get(`${BASE_PATH}/${id}`);
  assert.ok(page.text.includes('Fotokopi buram, mohon ulang.'));

  const audit = (await auditRows(lurah, '/console/o/jelitik/audit')).find((a) => a.action === 'request.document' && a.entity_id === req.number);
  assert.ok(audit, 'the verdict is audited');
  assert.deepEqual(parseSide(audit.after), { item: 1, document: item, verdict: 'kurang', note: 'Fotokopi buram, mohon ulang.' });

  // stale: the version before the verdict
  r = await verif.post(`${BASE_PATH}/${id}/berkas`, { item: '0', verdict: 'salah', note: 'bukan dokumennya', version: String(req.version) });
  assert.equal(r.status, 409);
  assert.ok(alerts(r.text).includes('Permohonan ini baru saja diubah oleh petugas lain. Periksa perubahan di bawah, lalu simpan lagi.'));
  assert.equal(sql(server.db, `SELECT count(*) FROM request_item WHERE request_id = ${id}`).trim(), '1');
  // bad verdicts and items
  for (const bad of [{ item: '99', verdict: 'ok' }, { item: 'x', verdict: 'ok' }, { item: '0', verdict: 'mungkin' }]) {
    r = await verif.post(`${BASE_PATH}/${id}/berkas`, { ...bad, note: '', version: String(body.req.version) });
    assert.equal(r.status, 422, JSON.stringify(bad));
  }
  assert.equal(sql(server.db, `SELECT count(*) FROM request_item WHERE request_id = ${id}`).trim(), '1');
});

// ---- validation before the status notice (issue 13) -------------------------------

// The rows of the checklist table: [{html, verdictShown, selected}] in order.
function checklistRows(html) {
  const body = html.match(/<table class="list">\s*<thead><tr><th>Berkas<\/th>[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/)[1];
  return body.split('<tr>').slice(1).map((row) => ({
    html: row,
    verdictShown: unescapeHtml(row.split('<td>')[2].replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()),
    selected: selectedOption(row, 'verdict'),
  }));
}

async function judge(c, id, item, verdict, note = '') {
  const { req } = await show(c, id);
  await c.get(`${BASE_PATH}/${id}`);
  return c.post(`${BASE_PATH}/${id}/berkas`, { item: String(item), verdict, note, version: String(req.version) });
}

test('selesai and diambil wait until every document is judged: the refusal names the open items, nothing changes, no notice is queued', async () => {
  const id = await register(petugas, { ...walkIn, name: 'Sri Wahyuni' });
  const { req } = await show(petugas, id);
  const names = req.checklist.map((c) => c.item);
  assert.ok(names.length >= 3, 'an SKTM has several documents');
  const state = () => sql(server.db, `SELECT status, version FROM request WHERE id = ${id}`).trim();
  const notices = () => sql(server.db, `SELECT count(*) FROM message WHERE direction = 'out'`).trim();
  const before = state(), sent = notices();

  // baru → selesai with nothing checked (what petugas.jelitik did in seed 002)
  let r = await setStatus(petugas, id, 'selesai');
  assert.equal(r.status, 422);
  const msg = alerts(r.text).find((a) => a.startsWith('Status belum dapat diubah menjadi "Selesai, siap diambil"'));
  assert.ok(msg, alerts(r.text).join(' | '));
  assert.ok(msg.includes(`${names.length} berkas belum diperiksa atau belum sesuai: ${names.join(', ')}.`), msg);
  assert.equal(state(), before, 'the request is unchanged');
  assert.equal(notices(), sent, 'no notice is queued');
  assert.equal(sql(server.db, `SELECT count(*) FROM request_event WHERE request_id = ${id}`).trim(), '1');

  // all judged but one "kurang" and one "salah": still refused, naming just those
  for (let i = 0; i < names.length; i++) {
    const verdict = i === 0 ? 'kurang' : i === 2 ? 'salah' : 'ok';
    assert.equal((await judge(verif, id, i, verdict, i === 0 || i === 2 ? 'perlu diulang' : '')).status, 303);
  }
  r = await setStatus(verif, id, 'selesai');
  assert.equal(r.status, 422);
  assert.ok(alerts(r.text).some((a) => a.includes(`2 berkas belum diperiksa atau belum sesuai: ${names[0]}, ${names[2]}.`)), alerts(r.text).join(' | '));
  assert.equal(sql(server.db, `SELECT status FROM request WHERE id = ${id}`).trim(), 'baru');

  // "Tidak diperlukan" needs a reason, and only petugas_verifikasi may give it
  r = await judge(verif, id, 0, 'tidak_perlu', '');
  assert.equal(r.status, 422);
  assert.ok(alerts(r.text).some((a) => a.includes('Tulis alasan mengapa berkas ini tidak diperlukan')), alerts(r.text).join(' | '));
  r = await judge(petugas, id, 0, 'tidak_perlu', 'sudah ada di arsip');
  assert.equal(r.status, 403);
  assert.equal((await judge(verif, id, 0, 'tidak_perlu', 'Sudah ada di arsip kelurahan.')).status, 303);
  assert.equal((await judge(verif, id, 2, 'ok')).status, 303);
  const body = await show(verif, id);
  assert.equal(body.checklist[0].verdict, 'tidak_perlu');
  assert.equal(body.checklist[0].verdict_label, 'Tidak diperlukan');
  assert.equal(body.checklist[0].verdict_note, 'Sudah ada di arsip kelurahan.');

  // now every document is done: selesai, then diambil, go through
  assert.equal((await setStatus(verif, id, 'selesai')).status, 303);
  assert.equal((await setStatus(petugas, id, 'diambil')).status, 303);
  assert.equal(sql(server.db, `SELECT status FROM request WHERE id = ${id}`).trim(), 'diambil');
});

test('a request reaching selesai some other way is still held at diambil until its documents are judged', async () => {
  // e.g. finished before this rule existed: the core refuses diambil too
  const id = await register(petugas, { ...walkIn, name: 'Bambang' });
  sql(server.db, `UPDATE request SET status = 'selesai' WHERE id = ${id}`);
  const r = await setStatus(petugas, id, 'diambil');
  assert.equal(r.status, 422);
  assert.ok(alerts(r.text).some((a) => a.startsWith('Status belum dapat diubah menjadi "Sudah diambil"')), alerts(r.text).join(' | '));
  assert.equal(sql(server.db, `SELECT status FROM request WHERE id = ${id}`).trim(), 'selesai');
});

test('the verdict control starts at "Belum diperiksa", and an unjudged row never shows another row\'s verdict', async () => {
  const id = await register(petugas, { ...walkIn, name: 'Rina' });
  let page = await verif.get(`${BASE_PATH}/${id}`);
  let rows = checklistRows(page.text);
  assert.ok(rows.length >= 6, `an SKTM has 6 documents: ${rows.length}`);
  for (const row of rows) {
    assert.equal(row.selected, '', 'the control starts at "Belum diperiksa", not "Sesuai"');
    assert.equal(row.verdictShown, 'belum diperiksa');
  }
  // the verifier judges items 1-4 (the second one "kurang"), as in the report
  for (let i = 0; i < 4; i++)
    assert.equal((await judge(verif, id, i, i === 1 ? 'kurang' : 'ok', i === 1 ? 'Cap RT belum ada' : '')).status, 303);
  page = await verif.get(`${BASE_PATH}/${id}`);
  rows = checklistRows(page.text);
  assert.match(rows[1].verdictShown, /^Kurang Cap RT belum ada verifikasi\.jelitik, /);
  assert.equal(rows[1].selected, 'kurang');
  for (const row of rows.slice(4)) {
    assert.equal(row.verdictShown, 'belum diperiksa', row.html);
    assert.equal(row.selected, '');
    assert.ok(!row.html.includes('verifikasi.jelitik') && !row.html.includes('Cap RT'), row.html);
  }
  // the page's own JSON agrees: no verdict on items 5 and 6
  const body = await show(verif, id);
  assert.deepEqual(body.checklist.slice(4).map((c) => c.verdict), [undefined, undefined]);
  // an empty choice is refused, not taken as "Sesuai"
  const r = await judge(verif, id, 4, '');
  assert.equal(r.status, 422);
  assert.equal((await show(verif, id)).checklist[4].verdict, undefined);
});

test('the chat\'s label follows its request (baru / diproses / selesai) in the same change, and the inbox filters by it', async () => {
  const chat = await fetch(`${base}/o/jelitik/obrolan`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text: 'mau buat sktm' }),
  });
  assert.equal(chat.status, 200);
  const conv = sql(server.db, "SELECT max(c.id) FROM conversation c JOIN office o ON o.id = c.office_id WHERE o.slug = 'jelitik'").trim();
  const labels = () => sql(server.db, `SELECT label FROM conversation_label WHERE conversation_id = ${conv} ORDER BY label`).trim().split('\n').filter(Boolean);
  const listed = async (label) => [...(await petugas.get(`/console/o/jelitik/percakapan?label=${label}`)).text.matchAll(/data-conversation="(\d+)"/g)].map((m) => m[1]);
  assert.deepEqual(labels(), []);
  const id = await register(petugas, { service: 'sktm', name: 'Yanti', address: 'RT 01 / RW 04', conversation: conv });
  assert.deepEqual(labels(), ['baru']);
  // the office's own label stays whatever the request does
  const thread = `/console/o/jelitik/percakapan/${conv}`;
  await petugas.get(thread);
  assert.equal((await petugas.post(`${thread}/label`, { label: 'sktm' })).status, 303);

  // the list's label filter offers the three, and finds the chat by them
  const inbox = await petugas.get('/console/o/jelitik/percakapan');
  assert.deepEqual(selectOptions(inbox.text, 'label').filter((v) => ['baru', 'diproses', 'selesai'].includes(v)), ['baru', 'diproses', 'selesai']);
  assert.ok((await listed('baru')).includes(conv));

  assert.equal((await setStatus(petugas, id, 'diproses')).status, 303);
  assert.deepEqual(labels(), ['diproses', 'sktm']);
  assert.ok((await listed('diproses')).includes(conv));
  assert.ok(!(await listed('baru')).includes(conv));
  assert.equal((await setStatus(petugas, id, 'kurang_lengkap', 'Foto rumah belum ada.')).status, 303);
  assert.deepEqual(labels(), ['diproses', 'sktm'], 'waiting on the citizen is still "diproses"');
  assert.equal((await setStatus(petugas, id, 'diproses')).status, 303);

  // a refused selesai leaves the label too, and the citizen is told nothing
  const outs = () => sql(server.db, `SELECT count(*) FROM message WHERE conversation_id = ${conv} AND direction = 'out'`).trim();
  const sentBefore = outs();
  assert.equal((await setStatus(petugas, id, 'selesai')).status, 422);
  assert.deepEqual(labels(), ['diproses', 'sktm']);
  assert.equal(outs(), sentBefore, 'no "Selesai, siap diambil" and no survey');
  await judgeAll(verif, 'jelitik', id);
  assert.equal((await setStatus(petugas, id, 'selesai')).status, 303);
  assert.deepEqual(labels(), ['selesai', 'sktm']);
  assert.ok((await listed('selesai')).includes(conv));
  assert.ok(!(await listed('diproses')).includes(conv));
  assert.equal((await setStatus(petugas, id, 'diambil')).status, 303);
  assert.deepEqual(labels(), ['selesai', 'sktm']);
});

// ---- other offices -------------------------------------------------------------

test('staff of another office are refused, and a request id of another office is a 404', async () => {
  const id = await register(petugas, walkIn);
  const version = String((await show(petugas, id)).req.version);
  for (const [method, path, form] of [
    ['GET', BASE_PATH], ['GET', `${BASE_PATH}/${id}`], ['GET', `${BASE_PATH}/baru`],
    ['POST', `${BASE_PATH}/baru`, walkIn], ['POST', `${BASE_PATH}/${id}/status`, { to: 'diproses', version }],
    ['POST', `${BASE_PATH}/${id}/berkas`, { item: '0', verdict: 'ok', version }],
  ]) {
    const r = method === 'GET' ? await other.get(path) : await other.post(path, form);
    assert.equal(r.status, 403, `${method} ${path}`);
  }
  assert.equal(dbRequest(id).split('|')[0], 'baru');
  // Srimenanti's own request, reached through Jelitik's URL
  const sid = await register(other, { ...walkIn, service: '' }, 'srimenanti');
  const theirs = (await other.json(`/console/o/srimenanti/permohonan/${sid}`)).body.req;
  assert.match(theirs.number, new RegExp(`^SMN-${year()}-00001$`));
  assert.equal((await petugas.get(`${BASE_PATH}/${sid}`)).status, 404);
  await petugas.get(BASE_PATH);
  assert.equal((await petugas.post(`${BASE_PATH}/${sid}/status`, { to: 'diproses', version: '1' })).status, 404);
  assert.equal(sql(server.db, `SELECT status FROM request WHERE id = ${sid}`).trim(), 'baru');
  const list = await petugas.json(BASE_PATH);
  assert.ok(!list.body.requests.some((x) => x.id === sid));
});

// ---- the list ------------------------------------------------------------------

test('an overdue request stands out in the list; filters by overdue, status, search and mine', async () => {
  const late = await register(lurah, { ...walkIn, name: 'Pak Harun Terlambat' });
  const onTime = await register(lurah, { ...walkIn, name: 'Bu Sari Tepat' });
  const past = addDays(todayWib(), -10);
  sql(server.db, `UPDATE request SET created_at = created_at - 1209600, eta_date = ${past} WHERE id = ${late}`);
  const page = await petugas.get(BASE_PATH);
  assert.equal(page.status, 200);
  const row = (id) => page.text.match(new RegExp(`<tr[^>]*>\\s*<td><a href="${BASE_PATH}/${id}">[\\s\\S]*?</tr>`))[0];
  assert.match(row(late), /^<tr class="overdue">/);
  assert.match(row(late), /Terlambat/);
  assert.ok(row(late).includes(indonesian(past)));
  assert.doesNotMatch(row(onTime), /Terlambat|overdue/);
  assert.match(page.text, /\d+ permohonan melewati perkiraan selesai/);

  let list = (await petugas.json(`${BASE_PATH}?terlambat=1`)).body.requests;
  assert.deepEqual(list.map((x) => x.id), [late]);
  assert.equal(list[0].overdue, true);
  // a request waiting on the citizen is not overdue
  assert.equal((await setStatus(lurah, late, 'kurang_lengkap', 'KK belum dibawa.')).status, 303);
  assert.deepEqual((await petugas.json(`${BASE_PATH}?terlambat=1`)).body.requests, []);
  list = (await petugas.json(`${BASE_PATH}?status=kurang_lengkap`)).body.requests;
  assert.ok(list.length >= 1 && list.every((x) => x.status === 'kurang_lengkap'));

  // search by number as citizens type it, or by name
  const number = (await show(petugas, onTime)).req.number;
  const [, code, y, seq] = number.match(/^([A-Z]+)-(\d+)-(\d+)$/);
  list = (await petugas.json(`${BASE_PATH}?q=${encodeURIComponent(`${code.toLowerCase()} ${y} ${Number(seq)}`)}`)).body.requests;
  assert.deepEqual(list.map((x) => x.id), [onTime]);
  list = (await petugas.json(`${BASE_PATH}?q=${encodeURIComponent('sari tepat')}`)).body.requests;
  assert.deepEqual(list.map((x) => x.id), [onTime]);
  list = (await petugas.json(`${BASE_PATH}?q=${encodeURIComponent('100%_')}`)).body.requests;
  assert.deepEqual(list, []);

  // mine: the requests this officer registered or first worked on
  const mine = (await lurah.json(`${BASE_PATH}?saya=1`)).body.requests.map((x) => x.id);
  assert.ok(mine.includes(late) && mine.includes(onTime));
  assert.ok(!(await petugas.json(`${BASE_PATH}?saya=1`)).body.requests.some((x) => x.id === late));
});

// ---- office codes --------------------------------------------------------------

test('an office code must be unique across offices, since it starts every registration number', async () => {
  const admin = await login(base, 'lurah.srimenanti');
  const form = await admin.get('/console/o/srimenanti/edit');
  const fields = {};
  for (const f of ['name', 'code', 'address', 'map_url', 'phone', 'whatsapp', 'email', 'tz', 'version']) fields[f] = fieldValue(form.text, f);
  const r = await admin.post('/console/o/srimenanti/edit', { ...fields, code: 'JLT' });
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'code'), 'Kode kantor ini sudah dipakai kantor lain.');
  assert.equal(fieldValue(r.text, 'code'), 'JLT');
  assert.equal(sql(server.db, "SELECT code FROM office WHERE slug = 'srimenanti'").trim(), 'SMN');
  // keeping its own code is fine
  const ok = await admin.post('/console/o/srimenanti/edit', { ...fields, address: 'Jl. Muhidin No. 1' });
  assert.equal(ok.status, 303);
});
