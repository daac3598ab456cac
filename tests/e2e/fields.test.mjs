// Typed field specs (issue 14): every POST route names the fields it reads
// in the route table (`balai routes` prints them), every form the console
// and the portal draw posts only declared fields, and invalid values (an
// int out of range, an impossible date, overlong text, an unknown choice)
// are refused by the gate before the handler runs: the form comes back with
// the Indonesian message beside the field and what was typed, answered 422,
// and nothing changes in the database. SQLite, or PostgreSQL with
// BALAI_TEST_PG.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startBalai, sql, login, Client, BIN } from './lib.mjs';
import { fieldError, fieldValue, selectOptions, formData } from './util-e2e.mjs';

const ROUTES = JSON.parse(execFileSync(BIN, ['routes'], { encoding: 'utf8' }));
const OFFICE = 'jelitik';
const CONSOLE = `/console/o/${OFFICE}`;

let server, admin, lurah;
before(async () => {
  server = await startBalai();
  admin = await login(server.base, 'admin');
  lurah = await login(server.base, 'lurah.jelitik');
});
after(async () => { await server?.stop(); });

const value = (q) => sql(server.db, q).trim();

/** The route (from the table) that a form's action posts to. */
function routeFor(action) {
  const path = action.split('?')[0];
  return ROUTES.find((r) => r.method === 'POST' &&
    new RegExp(`^${r.path.replace(/\{[a-z]+\}/g, '[^/]+')}$`).test(path));
}

/** The POST forms of a page: [{action, names}], names of every input, select, textarea and button. */
function postForms(html) {
  const out = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    if (!/method="post"/i.test(m[1])) continue;
    const action = (m[1].match(/action="([^"]*)"/) || [])[1];
    const names = [...m[2].matchAll(/<(?:input|select|textarea|button)\b[^>]*\bname="([^"]*)"/g)]
      .map((x) => x[1]).filter((n) => n !== '_csrf');
    out.push({ action: action.replace(/&amp;/g, '&'), names: [...new Set(names)] });
  }
  return out;
}

const covers = (spec, name) => spec.some((f) => (f.multi ? name.startsWith(f.name.replace(/\*$/, '')) && name.length > f.name.length - 1 : f.name === name));

test('every POST route but the raw webhooks lists its fields in `balai routes`', () => {
  const posts = ROUTES.filter((r) => r.method === 'POST');
  assert.ok(posts.length > 30, 'the table has its POST routes');
  for (const r of posts) {
    if (r.raw) { assert.equal(r.fields, undefined, `${r.path} reads its raw body`); continue; }
    assert.ok(Array.isArray(r.fields), `POST ${r.path} has no field spec`);
    for (const f of r.fields) {
      assert.match(f.type, /^(text|int|date|time|enum|slug|phone|bool|file)$/, `${r.path} ${f.name}`);
      if (f.type === 'int') assert.ok(f.min <= f.max, `${r.path} ${f.name}: empty range`);
      if (f.type === 'enum') assert.ok(f.choices.length > 0, `${r.path} ${f.name}: no choices`);
    }
    if (r.upload) assert.ok(r.fields.some((f) => f.type === 'file'), `${r.path} takes a file`);
  }
  // the spec carries the types handlers rely on
  const settings = ROUTES.find((r) => r.method === 'POST' && r.path.endsWith('/percakapan-setelan'));
  assert.deepEqual(settings.fields.find((f) => f.name === 'first'), { name: 'first', type: 'int', required: true, multi: false, min: 1, max: 1440 });
  const leave = ROUTES.find((r) => r.method === 'POST' && r.path.endsWith('/leave'));
  assert.equal(leave.fields.find((f) => f.name === 'date').type, 'date');
});

test('every form drawn in the console and the portal posts only fields its route declares', async () => {
  // a request and a conversation, so that their pages draw all their forms
  const form = await admin.get(`${CONSOLE}/permohonan/baru`);
  const service = (selectOptions(form.text, 'service') || []).filter(Boolean)[0];
  const made = await admin.post(`${CONSOLE}/permohonan/baru`, { service, name: 'Siti Aminah', address: 'RT 003 / RW 001' });
  assert.equal(made.status, 303, made.text.slice(0, 300));
  const chat = await fetch(`${server.base}/o/${OFFICE}/obrolan`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'halo, syarat sktm apa ya' }) });
  assert.equal(chat.status, 200);
  const conv = value(`SELECT max(id) FROM conversation`);
  // a second version of a service, so that its history offers to restore the first
  const svc = `${CONSOLE}/layanan/sktm`;
  const edit = await admin.get(svc);
  const saved = await admin.post(svc, { ...formData(edit.text, svc), summary: 'Ringkasan yang diperbarui.' });
  assert.equal(saved.status, 303, saved.text.slice(0, 300));
  const pages = [
    [admin, '/console/password'], [admin, `${CONSOLE}/edit`], [admin, `${CONSOLE}/hours`],
    [admin, `${CONSOLE}/holidays`], [admin, `${CONSOLE}/new`], [admin, `${CONSOLE}/staff`],
    [admin, `${CONSOLE}/staff/petugas.jelitik`], [admin, `${CONSOLE}/escalation`],
    [admin, `${CONSOLE}/percakapan-setelan`], [admin, `${CONSOLE}/percakapan/${conv}`],
    [admin, `${CONSOLE}/permohonan/baru`], [admin, made.location.split('?')[0]],
    [admin, `${CONSOLE}/kanal`], [admin, `${CONSOLE}/layanan/baru`], [admin, `${CONSOLE}/layanan/sktm`],
    [admin, `${CONSOLE}/layanan/sktm/riwayat`], [admin, `${CONSOLE}/layanan/sktm/riwayat/1`],
    [admin, `${CONSOLE}/templat`],
    [admin, `${CONSOLE}/jadwal-ambil`], [admin, '/console/holidays'],
    [new Client(server.base), '/login'], [new Client(server.base), `/o/${OFFICE}/status`],
    [new Client(server.base), `/o/${OFFICE}/layanan/sktm/ajukan`],
  ];
  const seen = new Set();
  for (const [c, path] of pages) {
    const r = await c.get(path);
    assert.equal(r.status, 200, `${path}: ${r.text.slice(0, 200)}`);
    for (const f of postForms(r.text)) {
      const route = routeFor(f.action);
      assert.ok(route, `${path}: a form posts to ${f.action}, which no route takes`);
      seen.add(route.path);
      const missing = f.names.filter((n) => !covers(route.fields, n));
      assert.deepEqual(missing, [], `${path}: the form to ${route.path} posts fields its spec lacks`);
    }
  }
  // the walk reached the forms of every area
  for (const p of ['/login', '/console/password', '/console/o/{office}/edit', '/console/o/{office}/hours',
    '/console/o/{office}/leave', '/console/o/{office}/new', '/console/o/{office}/staff',
    '/console/o/{office}/staff/{user}', '/console/o/{office}/escalation', '/console/o/{office}/percakapan-setelan',
    '/console/o/{office}/percakapan/{conversation}/balas', '/console/o/{office}/percakapan/{conversation}/status',
    '/console/o/{office}/permohonan/baru', '/console/o/{office}/permohonan/{request}/status',
    '/console/o/{office}/kanal', '/console/o/{office}/layanan/baru', '/console/o/{office}/layanan/{service}',
    '/console/o/{office}/layanan/{service}/riwayat/{version}/pulihkan', '/console/o/{office}/jadwal-ambil',
    '/o/{office}/layanan/{service}/ajukan'])
    assert.ok(seen.has(p), `no form to ${p} was seen`);
});

test('an out-of-range number comes back with its message beside the field and changes nothing', async () => {
  const before = value(`SELECT count(*) FROM inbox_sla`) + '|' + value(`SELECT count(*) FROM audit_log`);
  await lurah.get(`${CONSOLE}/percakapan-setelan`);
  const r = await lurah.post(`${CONSOLE}/percakapan-setelan`, { first: '0', resolve: '14', complaint_days: '5' });
  assert.equal(r.status, 422);
  assert.match(r.text, /Isi jumlah menit jam layanan, bilangan bulat 1 sampai 1440/);
  await lurah.get(`${CONSOLE}/jadwal-ambil`);
  const p = await lurah.post(`${CONSOLE}/jadwal-ambil`, { action: 'add', weekday: '0', from: '08:00', to: '10:00', capacity: '500' });
  assert.equal(p.status, 422);
  assert.equal(fieldError(p.text, 'capacity'), 'Kapasitas harus berupa angka 1 sampai 200 orang.');
  assert.equal(fieldValue(p.text, 'capacity'), '500', 'what was typed is kept');
  const w = await lurah.post(`${CONSOLE}/jadwal-ambil`, { action: 'add', weekday: '9', from: '08:00', to: '10:00', capacity: '5' });
  assert.equal(w.status, 422);
  assert.match(w.text, /Pilih hari dari daftar\./);
  assert.equal(value(`SELECT count(*) FROM pickup_slot`), '0');
  assert.equal(value(`SELECT count(*) FROM inbox_sla`) + '|' + value(`SELECT count(*) FROM audit_log`), before);
});

test('an impossible date is refused with the expected format and nothing is saved', async () => {
  await lurah.get(`${CONSOLE}/holidays`);
  const r = await lurah.post(`${CONSOLE}/leave`, { date: '2027-02-30', name: 'Cuti kantor' });
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'date'), 'Tanggal tidak valid (gunakan format TTTT-BB-HH, misalnya 2026-08-17).');
  assert.equal(fieldValue(r.text, 'name'), 'Cuti kantor');
  const d = await lurah.post(`${CONSOLE}/leave/delete`, { date: '17-08-2027' });
  assert.equal(d.status, 422, 'a form with no page of its own gets the message as a 422 page');
  assert.match(d.text, /Tanggal tidak valid \(gunakan format TTTT-BB-HH/);
  assert.equal(value(`SELECT count(*) FROM office_leave`), '0');
});

test('overlong text is measured in characters and refused beside the field', async () => {
  const name = value(`SELECT name FROM office WHERE slug = '${OFFICE}'`);
  const page = await admin.get(`${CONSOLE}/edit`);
  const version = fieldValue(page.text, 'version');
  const long = 'Kelurahan Jelitik ' + 'é'.repeat(103);      // 121 characters
  const form = { name: long, tz: 'WIB', version };
  const r = await admin.post(`${CONSOLE}/edit`, form);
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'name'), 'Nama kantor terlalu panjang (paling banyak 120 karakter).');
  assert.equal(fieldValue(r.text, 'name'), long);
  assert.equal(value(`SELECT name FROM office WHERE slug = '${OFFICE}'`), name);
  // 120 characters of two bytes each are accepted: the limit is in characters
  const ok = await admin.post(`${CONSOLE}/edit`, { ...form, name: 'Jelitik ' + 'é'.repeat(112) });
  assert.equal(ok.status, 303, ok.text.slice(0, 300));
  assert.equal(value(`SELECT name FROM office WHERE slug = '${OFFICE}'`), 'Jelitik ' + 'é'.repeat(112));
});

test('an unknown choice is refused and creates nothing', async () => {
  const offices = value(`SELECT count(*) FROM office`);
  await admin.get(`${CONSOLE}/new`);
  const r = await admin.post(`${CONSOLE}/new`, { slug: 'rt-baru', type: 'planet', name: 'Kantor Baru', tz: 'WIB' });
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'type'), 'Jenis kantor: pilih salah satu pilihan yang tersedia.');
  assert.equal(fieldValue(r.text, 'slug'), 'rt-baru');
  const conv = value(`SELECT max(id) FROM conversation`);
  await admin.get(`${CONSOLE}/percakapan/${conv}`);
  const s = await admin.post(`${CONSOLE}/percakapan/${conv}/status`, { action: 'hapus-semua' });
  assert.equal(s.status, 422);
  assert.match(s.text, /Tindakan tidak dikenal\./);
  assert.equal(value(`SELECT count(*) FROM office`), offices);
});

test('staff forms: a bad leave date and a bad wait time come back with their messages and change nothing', async () => {
  const before = value(`SELECT full_name || '|' || coalesce(absent_until, 0) FROM staff WHERE username = 'petugas.jelitik'`);
  const page = await lurah.get(`${CONSOLE}/staff/petugas.jelitik`);
  assert.equal(page.status, 200);
  const r = await lurah.post(`${CONSOLE}/staff/petugas.jelitik`, { full_name: 'Nama Baru', absent_until: '2027-13-01', d1: '08.00-12.00', role_petugas_layanan: '1' });
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'absent_until'), 'Tanggal tidak valid (gunakan format TTTT-BB-HH, misalnya 2026-08-17).');
  assert.equal(fieldValue(r.text, 'full_name'), 'Nama Baru');
  assert.equal(value(`SELECT full_name || '|' || coalesce(absent_until, 0) FROM staff WHERE username = 'petugas.jelitik'`), before);
  const chain = value(`SELECT count(*) FROM escalation`);
  await lurah.get(`${CONSOLE}/escalation`);
  const e = await lurah.post(`${CONSOLE}/escalation`, { staff1: 'petugas.jelitik', wait1: '5000' });
  assert.equal(e.status, 422);
  assert.match(e.text, /Waktu tunggu harus 1–1440 menit\./);
  assert.equal(value(`SELECT count(*) FROM escalation`), chain);
});
