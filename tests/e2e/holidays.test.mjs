// National holidays and cuti bersama as shipped (2025 and 2026 decreed, 2027
// provisional), and confirming a provisional year once its SKB is out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBalai, login, sql } from './lib.mjs';
import { unescapeHtml } from './util-e2e.mjs';

let server, base;

before(async () => {
  server = await startBalai();
  base = server.base;
});

after(async () => { await server?.stop(); });

/** The <section> of one year on the holidays page. */
function yearSection(html, year) {
  const m = html.match(new RegExp(`<section class="card">\\s*<h2>${year}\\b[\\s\\S]*?</section>`));
  return m ? unescapeHtml(m[0]) : null;
}

function year2027Status() { return sql(server.db, 'SELECT status FROM holiday_year WHERE year = 2027').trim(); }

test('the console prompts a deployment admin, and only them, to confirm a provisional year', async () => {
  // runs before the confirm test below: 2027 is still provisional here
  assert.equal(year2027Status(), 'provisional');
  const admin = await login(base, 'admin');
  const a = await admin.get('/console');
  assert.match(a.text, /Daftar hari libur 2027 masih sementara/);
  assert.match(a.text, /href="\/console\/holidays">tandai sesuai SKB/);
  for (const u of ['admin.diskominfo', 'lurah.jelitik']) {
    const c = await login(base, u);
    assert.doesNotMatch((await c.get('/console')).text, /masih sementara/, u);
  }
});

test('every staff member sees 2026 with Idul Fitri and the cuti bersama days, and 2027 marked provisional', async () => {
  const c = await login(base, 'petugas.jelitik');
  const r = await c.get('/console/holidays');
  assert.equal(r.status, 200);
  assert.match(r.text, /<h1>Hari libur nasional dan cuti bersama<\/h1>/);
  const y2026 = yearSection(r.text, 2026);
  assert.ok(y2026, '2026 is listed');
  assert.match(y2026, /<td>Sabtu, 21 Maret 2026<\/td><td>Idul Fitri 1447 H<\/td><td>Libur nasional<\/td>/);
  assert.match(y2026, /<td>Minggu, 22 Maret 2026<\/td><td>Idul Fitri 1447 H<\/td>/);
  for (const d of ['Jumat, 20 Maret 2026', 'Senin, 23 Maret 2026', 'Selasa, 24 Maret 2026']) {
    assert.match(y2026, new RegExp(`<td>${d}</td><td>Cuti Bersama Idul Fitri 1447 H</td><td>Cuti bersama</td>`), d);
  }
  assert.match(y2026, /<td>Kamis, 24 Desember 2026<\/td><td>Cuti Bersama Kelahiran Yesus Kristus<\/td><td>Cuti bersama<\/td>/);
  assert.match(y2026, /Sumber: SKB Menteri Agama, Menteri Ketenagakerjaan, dan Menteri PANRB No\. 1497 Tahun 2025/, 'names the decree');
  assert.doesNotMatch(y2026, /Sementara/);
  const y2025 = yearSection(r.text, 2025);
  assert.ok(y2025 && !/Sementara/.test(y2025), '2025 listed as decreed');
  const y2027 = yearSection(r.text, 2027);
  assert.ok(y2027, '2027 is listed');
  assert.match(y2027, /<h2>2027 <span class="tag warn">Sementara<\/span><\/h2>/);
  assert.match(y2027, /masih sementara/);
  assert.match(y2027, /Tahun Baru 2027 Masehi/);
  assert.doesNotMatch(y2027, /<td>Idul Fitri/, 'no guessed Islamic dates before the SKB');
  assert.doesNotMatch(r.text, /Tandai 2027 sesuai SKB/, 'a petugas is not offered the confirmation');
  // the same from the JSON view model
  const j = await c.json('/console/holidays');
  const y = Object.fromEntries(j.body.years.map((x) => [x.year, x]));
  assert.equal(y[2026].provisional, false);
  assert.equal(y[2027].provisional, true);
  assert.equal(y[2026].holidays.filter((h) => h.cuti).length, 8, '8 days of cuti bersama in 2026');
  assert.equal(y[2026].holidays.filter((h) => !h.cuti).length, 17, '17 national holidays in 2026');
  assert.equal(j.body.can_confirm, false);
});

test('admin.diskominfo (a regency admin) cannot confirm a national year: 403, still provisional', async () => {
  const c = await login(base, 'admin.diskominfo');
  const page = await c.get('/console/holidays');
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.text, /Tandai 2027 sesuai SKB/);
  const r = await c.post('/console/holidays/2027/confirm');
  assert.equal(r.status, 403);
  assert.match(r.text, /admin sistem untuk seluruh wilayah/);
  assert.equal(year2027Status(), 'provisional');
  const lurah = await login(base, 'lurah.jelitik');
  assert.equal((await lurah.post('/console/holidays/2027/confirm')).status, 403);
  assert.equal(year2027Status(), 'provisional');
  assert.equal(sql(server.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'holiday.confirm'").trim(), '0');
});

test('the deployment admin confirms 2027: no longer provisional, and audited', async () => {
  const admin = await login(base, 'admin');
  const page = await admin.get('/console/holidays');
  assert.match(page.text, /<form method="post" action="\/console\/holidays\/2027\/confirm"/);
  assert.doesNotMatch(page.text, /action="\/console\/holidays\/2026\/confirm"/, 'only provisional years can be confirmed');
  const r = await admin.post('/console/holidays/2027/confirm');
  assert.equal(r.status, 303);
  assert.equal(r.location, '/console/holidays?ok=1');
  const after_ = await admin.get(r.location);
  assert.match(after_.text, /Tahun ditandai sesuai SKB\./);
  const y2027 = yearSection(after_.text, 2027);
  assert.doesNotMatch(y2027, /Sementara/);
  assert.match(y2027, /dikonfirmasi oleh Admin Sistem Balai/);
  assert.equal(year2027Status(), 'decreed');
  const rows = sql(server.db, "SELECT actor, entity_id, before_json, after_json FROM audit_log WHERE action = 'holiday.confirm'").trim().split('\n');
  assert.equal(rows.length, 1);
  const [actor, year, b, a] = rows[0].split('|');
  assert.equal(actor, 'admin');
  assert.equal(year, '2027');
  assert.equal(JSON.parse(b).status, 'provisional');
  assert.equal(JSON.parse(a).status, 'decreed');
  // other staff see it confirmed too
  const p = await login(base, 'petugas.jelitik');
  const y = (await p.json('/console/holidays')).body.years.find((x) => x.year === 2027);
  assert.equal(y.provisional, false);
  assert.equal(y.confirmed_by, 'Admin Sistem Balai');
});

test('confirming again, or a year that does not exist, changes nothing', async () => {
  const admin = await login(base, 'admin');
  await admin.get('/console/holidays');
  const n = sql(server.db, 'SELECT COUNT(*) FROM audit_log').trim();
  const again = await admin.post('/console/holidays/2027/confirm');
  assert.equal(again.status, 303);
  assert.equal(again.location, '/console/holidays');
  const decreed = await admin.post('/console/holidays/2026/confirm');
  assert.equal(decreed.status, 303);
  assert.equal((await admin.post('/console/holidays/1999/confirm')).status, 404);
  assert.equal((await admin.post('/console/holidays/dua/confirm')).status, 404);
  assert.equal(sql(server.db, 'SELECT COUNT(*) FROM audit_log').trim(), n, 'no audit rows for no change');
  // without the CSRF token nothing happens either
  const r = await admin.request('POST', '/console/holidays/2027/confirm', { form: {} });
  assert.equal(r.status, 403);
});
