// Office pages of the staff console: profile, hours, leave days, new
// offices, logo upload, and what every page promises (404s, headers, JSON).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBalai, Client, login, sql } from './lib.mjs';
import {
  fieldValue, fieldError, alerts, selectOptions, selectedOption, postMultipart, rawPost, tinyPng, auditRows, parseSide, futureDec31,
} from './util-e2e.mjs';

let server, base, lurah, diskominfo;

before(async () => {
  server = await startBalai();
  base = server.base;
  lurah = await login(base, 'lurah.jelitik');
  diskominfo = await login(base, 'admin.diskominfo');
});

after(async () => { await server?.stop(); });

/** The profile form as the edit page has it now (all fields + version). */
async function profile(c = lurah, slug = 'jelitik') {
  const r = await c.json(`/console/o/${slug}/edit`);
  assert.equal(r.status, 200);
  const f = r.body.form;
  return { ...f, version: String(f.version) };
}

function dbValue(query) { return sql(server.db, query).trim(); }

test('a valid profile change is saved, normalised and shown', async () => {
  const f = await profile();
  const r = await lurah.post('/console/o/jelitik/edit', {
    ...f,
    address: 'Jl. Laut No. 12, Jelitik, Sungailiat',
    phone: '0812-3456-7890',
    whatsapp: '+62 812 0000 0101',
    email: 'kelurahan.jelitik@bangka.go.id',
    map_url: 'https://maps.app.goo.gl/jelitik',
    code: 'JLT',
  });
  assert.equal(r.status, 303, r.text.slice(0, 500));
  assert.equal(r.location, '/console/o/jelitik/edit?ok=1');
  const page = await lurah.get(r.location);
  assert.equal(page.status, 200);
  assert.ok(page.text.includes('Perubahan disimpan.'));
  assert.equal(fieldValue(page.text, 'address'), 'Jl. Laut No. 12, Jelitik, Sungailiat');
  assert.equal(fieldValue(page.text, 'phone'), '6281234567890');
  assert.equal(fieldValue(page.text, 'whatsapp'), '6281200000101');
  assert.equal(fieldValue(page.text, 'email'), 'kelurahan.jelitik@bangka.go.id');
  assert.equal(dbValue("SELECT phone FROM office WHERE slug = 'jelitik'"), '6281234567890');
  const show = await lurah.get('/console/o/jelitik');
  assert.ok(show.text.includes('Jl. Laut No. 12, Jelitik, Sungailiat'));
  assert.ok(show.text.includes('+62 812-3456-7890'), 'the office page shows the number in its readable form');
  assert.ok(show.text.includes('href="https://maps.app.goo.gl/jelitik"'));
  // recorded with before and after
  const rows = await auditRows(lurah, '/console/o/jelitik/audit');
  const row = rows.find((x) => x.action === 'office.update');
  assert.ok(row, 'office.update is in the office log');
  assert.equal(row.actor, 'lurah.jelitik');
  assert.equal(parseSide(row.before).phone, '0717 000101');
  assert.equal(parseSide(row.after).phone, '6281234567890');
  assert.equal(parseSide(row.after).email, 'kelurahan.jelitik@bangka.go.id');
});

test('invalid profile input gets 422, an Indonesian message next to each field and keeps what was typed', async () => {
  const f = await profile();
  const typed = {
    ...f,
    name: '',
    address: 'Alamat baru yang belum tersimpan',
    email: 'bukan-email',
    map_url: 'javascript:alert(1)',
    tz: 'XYZ',
    phone: '0812-abc',
  };
  const r = await lurah.post('/console/o/jelitik/edit', typed);
  assert.equal(r.status, 422);
  assert.ok(alerts(r.text).includes('Periksa kembali isian yang ditandai.'));
  assert.equal(fieldError(r.text, 'name'), 'Nama kantor wajib diisi.');
  assert.equal(fieldError(r.text, 'email'), 'Alamat email tidak valid.');
  assert.match(fieldError(r.text, 'map_url'), /harus diawali https:\/\//);
  assert.equal(fieldError(r.text, 'tz'), 'Pilih zona waktu WIB, WITA atau WIT.');
  assert.match(fieldError(r.text, 'phone'), /Nomor telepon tidak valid/);
  assert.equal(fieldError(r.text, 'address'), null, 'no message on a valid field');
  assert.equal(fieldValue(r.text, 'address'), 'Alamat baru yang belum tersimpan');
  assert.equal(fieldValue(r.text, 'email'), 'bukan-email');
  assert.equal(fieldValue(r.text, 'map_url'), 'javascript:alert(1)');
  assert.equal(fieldValue(r.text, 'tz'), 'XYZ');
  assert.equal(fieldValue(r.text, 'phone'), '0812-abc');
  assert.equal(fieldValue(r.text, 'version'), f.version, 'the form can be corrected and sent again');
  const now = await profile();
  assert.deepEqual(now, f, 'nothing was saved');
});

test('a stale version gets 409 and changes nothing', async () => {
  const f = await profile();
  const stale = String(Number(f.version) - 1);
  const r = await lurah.post('/console/o/jelitik/edit', { ...f, version: stale, address: 'Tulisan orang yang terlambat' });
  assert.equal(r.status, 409);
  assert.match(alerts(r.text).join(' '), /baru saja diubah oleh orang lain/);
  assert.equal(fieldValue(r.text, 'address'), 'Tulisan orang yang terlambat', 'what was typed is kept to redo');
  assert.equal(fieldValue(r.text, 'version'), f.version, 'the form now carries the current version');
  const now = await profile();
  assert.deepEqual(now, f);
  // two people open the form; the first save wins, the second is told
  const a = await profile();
  const ok = await lurah.post('/console/o/jelitik/edit', { ...a, address: 'Simpanan pertama' });
  assert.equal(ok.status, 303);
  const late = await lurah.post('/console/o/jelitik/edit', { ...a, address: 'Simpanan kedua' });
  assert.equal(late.status, 409);
  assert.equal((await profile()).address, 'Simpanan pertama');
});

test('markup typed into a field is shown escaped, never as live HTML', async () => {
  const f = await profile();
  const evil = 'Kelurahan Jelitik <script>alert("x")</script>';
  const r = await lurah.post('/console/o/jelitik/edit', { ...f, name: evil, address: '<img src=x onerror=alert(1)> "Jl. Laut"' });
  assert.equal(r.status, 303);
  const pages = ['/console/o/jelitik', '/console/o/jelitik/edit', '/console', '/console/o/jelitik/hours'];
  for (const p of pages) {
    const g = await lurah.get(p);
    assert.equal(g.status, 200, p);
    assert.ok(!g.text.includes('<script>'), `${p} has no raw <script>`);
    assert.ok(!g.text.includes('<img src=x'), `${p} has no raw <img>`);
    assert.ok(g.text.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'), `${p} shows the name escaped`);
  }
  const home = await new Client(base).get('/');
  assert.ok(!home.text.includes('<script>'), 'the public office list too');
  assert.ok(home.text.includes('&lt;script&gt;'));
  const g = await lurah.get('/console/o/jelitik/edit');
  assert.equal(fieldValue(g.text, 'name'), evil, 'the edit form gives back exactly what was saved');
  // put the real name back for the tests that follow
  const back = await lurah.post('/console/o/jelitik/edit', { ...(await profile()), name: 'Kelurahan Jelitik', address: 'Jl. Laut, Jelitik' });
  assert.equal(back.status, 303);
});

test('operating hours: several ranges a day are saved and shown', async () => {
  const form = await lurah.get('/console/o/jelitik/hours');
  assert.equal(form.status, 200);
  const version = fieldValue(form.text, 'version');
  const days = { d0: '08.00-12.00, 13.00-15.00', d1: '08.00-12.00, 13.00-15.00', d2: '08.00-12.00, 13.00-15.00',
    d3: '08.00-12.00, 13.00-15.00', d4: '07.30-11.00, 13.30-15.00', d5: '', d6: 'tutup' };
  const r = await lurah.post('/console/o/jelitik/hours', { version, ...days });
  assert.equal(r.status, 303, r.text.slice(0, 800));
  assert.equal(r.location, '/console/o/jelitik/hours?ok=1');
  const page = await lurah.get(r.location);
  assert.ok(page.text.includes('Jam layanan disimpan.'));
  assert.equal(fieldValue(page.text, 'd0'), '08.00–12.00, 13.00–15.00');
  assert.equal(fieldValue(page.text, 'd4'), '07.30–11.00, 13.30–15.00');
  assert.equal(fieldValue(page.text, 'd5'), 'Tutup');
  assert.equal(fieldValue(page.text, 'd6'), 'Tutup');
  const show = await lurah.json('/console/o/jelitik');
  assert.deepEqual(show.body.days.map((d) => d.text), ['08.00–12.00, 13.00–15.00', '08.00–12.00, 13.00–15.00',
    '08.00–12.00, 13.00–15.00', '08.00–12.00, 13.00–15.00', '07.30–11.00, 13.30–15.00', 'Tutup', 'Tutup']);
  // sending the form back as shown (en dashes, "Tutup") changes nothing and is accepted
  const again = await lurah.get('/console/o/jelitik/hours');
  const shown = {};
  for (let d = 0; d < 7; d++) shown[`d${d}`] = fieldValue(again.text, `d${d}`);
  const r2 = await lurah.post('/console/o/jelitik/hours', { version: fieldValue(again.text, 'version'), ...shown });
  assert.equal(r2.status, 303, r2.text.slice(0, 800));
  const show2 = await lurah.json('/console/o/jelitik');
  assert.deepEqual(show2.body.days.map((d) => d.text), show.body.days.map((d) => d.text));
});

test('operating hours: an impossible time gets 422 with a message on that day and saves nothing', async () => {
  const before_ = dbValue("SELECT hours FROM office WHERE slug = 'jelitik'");
  const form = await lurah.get('/console/o/jelitik/hours');
  const version = fieldValue(form.text, 'version');
  const r = await lurah.post('/console/o/jelitik/hours', {
    version, d0: '08.00-12.00', d1: '25.00-26.00', d2: '08.00-12.00', d3: '08.00-12.00', d4: '08.00-11.00', d5: '', d6: '',
  });
  assert.equal(r.status, 422);
  assert.match(fieldError(r.text, 'd1'), /Jam tidak valid: "25\.00"|tidak valid/);
  assert.equal(fieldError(r.text, 'd0'), null, 'only the wrong day is marked');
  assert.equal(fieldValue(r.text, 'd1'), '25.00-26.00', 'the typed value is kept');
  assert.equal(fieldValue(r.text, 'd0'), '08.00-12.00');
  const r2 = await lurah.post('/console/o/jelitik/hours', {
    version, d0: '12.00-08.00', d1: '', d2: '', d3: '', d4: '', d5: '', d6: '',
  });
  assert.equal(r2.status, 422);
  assert.match(fieldError(r2.text, 'd0'), /lebih awal/);
  assert.equal(dbValue("SELECT hours FROM office WHERE slug = 'jelitik'"), before_, 'nothing saved');
});

test('leave days: add, refuse a duplicate, delete', async () => {
  const date = futureDec31();   // 2026-12-31 while that is still ahead
  const [y] = date.split('-');
  let r = await lurah.post('/console/o/jelitik/leave', { date, name: 'Rapat kerja akhir tahun' });
  assert.equal(r.status, 303, r.text.slice(0, 500));
  assert.equal(r.location, '/console/o/jelitik/holidays?ok=1');
  let page = await lurah.get('/console/o/jelitik/holidays');
  assert.ok(page.text.includes('Rapat kerja akhir tahun'));
  assert.ok(page.text.includes(`31 Desember ${y}`), 'the date is written the Indonesian way');
  r = await lurah.post('/console/o/jelitik/leave', { date, name: 'Lagi' });
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'date'), 'Tanggal ini sudah tercatat sebagai hari cuti kantor.');
  assert.equal(fieldValue(r.text, 'name'), 'Lagi');
  r = await lurah.post('/console/o/jelitik/leave', { date: '2026-02-30', name: 'Tanggal mustahil' });
  assert.equal(r.status, 422);
  assert.match(fieldError(r.text, 'date'), /Tanggal tidak valid/);
  page = await lurah.get('/console/o/jelitik/holidays');
  assert.equal(page.text.split('Rapat kerja akhir tahun').length - 1, 1, 'listed once');
  assert.ok(!page.text.includes('Tanggal mustahil'));
  // it closes the office on that day: shown on the office page too
  const show = await lurah.json('/console/o/jelitik');
  assert.ok(show.body.leave.some((l) => l.name === 'Rapat kerja akhir tahun'));
  r = await lurah.post('/console/o/jelitik/leave/delete', { date });
  assert.equal(r.status, 303);
  page = await lurah.get('/console/o/jelitik/holidays');
  assert.ok(!page.text.includes('Rapat kerja akhir tahun'));
  assert.ok(page.text.includes('Belum ada hari cuti kantor'));
  const actions = (await auditRows(lurah, '/console/o/jelitik/audit')).map((x) => x.action);
  assert.ok(actions.includes('office.leave_add') && actions.includes('office.leave_delete'));
  // staff who may only view cannot add one
  const petugas = await login(base, 'petugas.jelitik');
  const p = await petugas.post('/console/o/jelitik/leave', { date, name: 'Petugas libur' });
  assert.equal(p.status, 403);
});

test('the regency admin adds an office below a kecamatan; bad input gets messages', async () => {
  const form = await diskominfo.get('/console/o/kec-sungailiat/new');
  assert.equal(form.status, 200);
  assert.deepEqual(selectOptions(form.text, 'type'), ['kelurahan', 'desa'], 'only types that fit under a kecamatan');
  const good = { type: 'kelurahan', name: 'Kelurahan Parit Padang', slug: 'parit-padang', code: 'PPD',
    address: 'Jl. Parit Padang, Sungailiat', phone: '0717 000111', whatsapp: '', tz: 'WIB' };
  let r = await diskominfo.post('/console/o/kec-sungailiat/new', good);
  assert.equal(r.status, 303, r.text.slice(0, 800));
  assert.equal(r.location, '/console/o/parit-padang');
  const show = await diskominfo.json('/console/o/parit-padang');
  assert.equal(show.status, 200);
  assert.equal(show.body.office.name, 'Kelurahan Parit Padang');
  assert.equal(show.body.office.parent_slug, 'kec-sungailiat');
  assert.equal(show.body.office.phone, '62717000111');
  const html = await diskominfo.get('/console/o/parit-padang');
  assert.ok(html.text.includes('di bawah Kecamatan Sungailiat'));
  // the camat reaches the new kelurahan too
  const camat = await login(base, 'camat.sungailiat');
  assert.equal((await camat.get('/console/o/parit-padang')).status, 200);

  r = await diskominfo.post('/console/o/kec-sungailiat/new', { ...good, name: 'Kelurahan Kembar', slug: 'jelitik' });
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'slug'), 'Alamat singkat ini sudah dipakai kantor lain.');
  assert.equal(fieldValue(r.text, 'name'), 'Kelurahan Kembar');

  r = await diskominfo.post('/console/o/kec-sungailiat/new', { ...good, type: 'kecamatan', slug: 'kec-baru', name: 'Kecamatan Salah Tempat' });
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'type'), 'Jenis kantor ini tidak dapat berada di bawah kantor ini.');
  r = await diskominfo.post('/console/o/kec-sungailiat/new', { ...good, type: 'kabupaten', slug: 'kab-baru' });
  assert.equal(r.status, 422);
  assert.ok(fieldError(r.text, 'type'));

  r = await diskominfo.post('/console/o/kec-sungailiat/new', { ...good, slug: 'Parit Padang!', name: '' });
  assert.equal(r.status, 422);
  assert.match(fieldError(r.text, 'slug'), /huruf kecil/);
  assert.equal(fieldError(r.text, 'name'), 'Nama kantor wajib diisi.');
  assert.equal(fieldValue(r.text, 'slug'), 'Parit Padang!');

  const list = await diskominfo.json('/console');
  const slugs = list.body.offices.map((o) => o.slug);
  assert.ok(slugs.includes('parit-padang'));
  assert.ok(!slugs.includes('kec-baru') && !slugs.includes('kab-baru'), 'refused offices were not created');
  const created = (await auditRows(diskominfo, '/console/o/parit-padang/audit')).find((x) => x.action === 'office.create');
  assert.ok(created, 'office.create audited');
  assert.equal(created.actor, 'admin.diskominfo');
});

test('after an error the new-office form keeps the office type that was chosen', async () => {
  // otherwise correcting the slug and sending again silently creates a kelurahan instead of a desa
  const r = await diskominfo.post('/console/o/kec-sungailiat/new', { type: 'desa', name: 'Desa Rebo', slug: 'Desa Rebo', tz: 'WIB' });
  assert.equal(r.status, 422);
  assert.equal(fieldValue(r.text, 'slug'), 'Desa Rebo');
  assert.equal(selectedOption(r.text, 'type'), 'desa');
});

test('a lurah cannot add offices (403), not even below his own', async () => {
  for (const slug of ['kec-sungailiat', 'jelitik']) {
    assert.equal((await lurah.get(`/console/o/${slug}/new`)).status, 403, `GET ${slug}/new`);
    const r = await lurah.post(`/console/o/${slug}/new`, { type: 'kelurahan', name: 'Kelurahan Liar', slug: 'liar', tz: 'WIB' });
    assert.equal(r.status, 403, `POST ${slug}/new`);
  }
  assert.equal(dbValue("SELECT COUNT(*) FROM office WHERE slug = 'liar'"), '0');
});

test('logo upload: a real PNG is accepted and served as image/png', async () => {
  const png = tinyPng(3, 2);
  const r = await postMultipart(lurah, '/console/o/jelitik/logo', {}, { logo: { data: png, name: 'logo.png', type: 'image/png' } });
  assert.equal(r.status, 303, r.text.slice(0, 500));
  assert.equal(r.location, '/console/o/jelitik/edit?ok=1');
  const res = await fetch(`${base}/o/jelitik/logo`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'image/png');
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  assert.deepEqual(Buffer.from(await res.arrayBuffer()), png, 'the same bytes come back');
  const show = await lurah.get('/console/o/jelitik');
  assert.ok(show.text.includes('src="/o/jelitik/logo"'));
  // offices without a logo answer 404
  assert.equal((await fetch(`${base}/o/srimenanti/logo`)).status, 404);
});

test('logo upload: a text file named logo.png is refused with a message; the old logo stays', async () => {
  const before_ = Buffer.from(await (await fetch(`${base}/o/jelitik/logo`)).arrayBuffer());
  const r = await postMultipart(lurah, '/console/o/jelitik/logo', {},
    { logo: { data: Buffer.from('bukan gambar, hanya teks\n'.repeat(20)), name: 'logo.png', type: 'image/png' } });
  assert.equal(r.status, 422);
  assert.ok(r.text.includes('Logo harus berupa gambar PNG atau JPEG.'));
  const svg = await postMultipart(lurah, '/console/o/jelitik/logo', {},
    { logo: { data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'), name: 'logo.png', type: 'image/png' } });
  assert.equal(svg.status, 422, 'SVG (which can carry script) is refused');
  const none = await postMultipart(lurah, '/console/o/jelitik/logo', {}, {});
  assert.equal(none.status, 422);
  assert.ok(none.text.includes('Pilih berkas logo terlebih dahulu.'));
  const after_ = Buffer.from(await (await fetch(`${base}/o/jelitik/logo`)).arrayBuffer());
  assert.deepEqual(after_, before_);
});

test('logo upload without the CSRF token is refused', async () => {
  const fd = new FormData();
  fd.append('logo', new Blob([tinyPng(1, 1, [255, 0, 0])], { type: 'image/png' }), 'logo.png');
  const res = await fetch(`${base}/console/o/jelitik/logo`, { method: 'POST', headers: { cookie: lurah.cookieHeader() }, body: fd, redirect: 'manual' });
  assert.equal(res.status, 403);
});

test('a 700 KB upload gets 413 and changes nothing', async () => {
  const before_ = Buffer.from(await (await fetch(`${base}/o/jelitik/logo`)).arrayBuffer());
  const big = Buffer.concat([tinyPng(1, 1), Buffer.alloc(700 * 1024, 0x41)]);
  const fd = new FormData();
  fd.append('_csrf', lurah.csrf);
  fd.append('logo', new Blob([big], { type: 'image/png' }), 'besar.png');
  const r = await rawPost(lurah, '/console/o/jelitik/logo', fd);
  assert.equal(r.status, 413);
  assert.ok(r.text.includes('Kiriman terlalu besar'));
  const after_ = Buffer.from(await (await fetch(`${base}/o/jelitik/logo`)).arrayBuffer());
  assert.deepEqual(after_, before_);
  // an ordinary form of 700 KB too
  const form = new URLSearchParams({ _csrf: lurah.csrf, ...(await profile()), address: 'x'.repeat(700 * 1024) }).toString();
  const r2 = await rawPost(lurah, '/console/o/jelitik/edit', Buffer.from(form), 'application/x-www-form-urlencoded');
  assert.equal(r2.status, 413);
  assert.ok(alerts(r2.text).includes('Kiriman terlalu besar.'));
  assert.notEqual((await profile()).address.length, 700 * 1024);
  // the server is still fine afterwards
  assert.equal((await lurah.get('/console/o/jelitik')).status, 200);
});

test('unknown paths and offices get a 404 page in Bahasa Indonesia', async () => {
  const anon = new Client(base);
  const r = await anon.get('/tidak/ada/halaman');
  assert.equal(r.status, 404);
  assert.match(r.headers.get('content-type'), /text\/html/);
  assert.match(r.text, /<html lang="id">/);
  assert.match(r.text, /Tidak ditemukan/);
  assert.match(r.text, /Halaman yang Anda cari tidak ditemukan\./);
  const o = await lurah.get('/console/o/tidak-ada');
  assert.equal(o.status, 404);
  assert.match(o.text, /Kantor tidak ditemukan\./);
  const s = await anon.get('/static/../../etc/passwd');
  assert.equal(s.status, 404);
  const m = await anon.request('DELETE', '/login');
  assert.equal(m.status, 405);
  assert.match(m.text, /Metode permintaan ini tidak didukung/);
});

test('every page carries the security headers', async () => {
  const anon = new Client(base);
  const checks = [
    [anon, '/'], [anon, '/login'], [anon, '/tidak-ada'], [lurah, '/console'], [lurah, '/console/o/jelitik/edit'],
    [lurah, '/console/o/srimenanti/edit'],
  ];
  for (const [c, p] of checks) {
    const r = await c.get(p);
    const csp = r.headers.get('content-security-policy') || '';
    assert.match(csp, /default-src 'self'/, `${p} CSP`);
    assert.match(csp, /frame-ancestors 'none'/, `${p} CSP frame-ancestors`);
    assert.doesNotMatch(csp, /unsafe-inline/, `${p} CSP allows no inline script`);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff', p);
    assert.equal(r.headers.get('x-frame-options'), 'DENY', p);
  }
});

test('Accept: application/json gives the view model of a page, and errors as JSON', async () => {
  const r = await lurah.json('/console/o/jelitik');
  assert.equal(r.status, 200);
  assert.equal(r.body.office.slug, 'jelitik');
  assert.equal(r.body.office.type, 'kelurahan');
  assert.equal(r.body.office.parent_slug, 'kec-sungailiat');
  assert.equal(r.body.days.length, 7);
  assert.equal(r.body.days[0].name, 'Senin');
  assert.equal(typeof r.body.status.open, 'boolean');
  assert.ok(r.body.status.text.length > 0);
  const raw = await lurah.get('/console/o/jelitik', { headers: { accept: 'application/json' } });
  assert.match(raw.headers.get('content-type'), /^application\/json/);
  assert.ok(!/pw_hash|argon2|"csrf"/.test(raw.text), 'no secrets in the view model');
  const staff = await lurah.get('/console/o/jelitik/staff', { headers: { accept: 'application/json' } });
  assert.equal(staff.status, 200);
  assert.ok(!/pw_hash|argon2/.test(staff.text), 'staff list JSON has no password hashes');
  assert.ok(JSON.parse(staff.text).staff.some((s) => s.username === 'petugas.jelitik'));
  const denied = await lurah.json('/console/o/srimenanti');
  assert.equal(denied.status, 403);
  assert.equal(denied.body.status, 403);
  assert.match(denied.body.error, /tidak memegang peran di Kelurahan Srimenanti/);
  const anon = await new Client(base).json('/console');
  assert.equal(anon.status, 401, 'no redirect to an HTML login page for API clients');
  assert.equal(anon.body.status, 401);
});

test('only offices in reach can be edited', async () => {
  for (const p of ['/console/o/srimenanti/edit', '/console/o/kec-sungailiat/edit', '/console/o/sogaten/hours']) {
    assert.equal((await lurah.get(p)).status, 403, p);
  }
  const f = await profile(diskominfo, 'srimenanti');
  const r = await lurah.post('/console/o/srimenanti/edit', { ...f, name: 'Diambil alih' });
  assert.equal(r.status, 403);
  assert.equal(dbValue("SELECT name FROM office WHERE slug = 'srimenanti'"), 'Kelurahan Srimenanti');
  // the regency admin reaches every office of Kabupaten Bangka but not Kota Bekasi
  assert.equal((await diskominfo.get('/console/o/srimenanti/edit')).status, 200);
  assert.equal((await diskominfo.get('/console/o/bekasi-utara/edit')).status, 403);
});
