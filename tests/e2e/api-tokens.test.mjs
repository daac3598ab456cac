// Personal access tokens (issue 14), end to end on the real binary, SQLite
// or PostgreSQL (BALAI_TEST_PG).
//
// A token is made with `balai token create`; then a script with nothing but
// fetch and `Authorization: Bearer` does the WA-NTI staff steps on a request
// the way the console does them (register at the counter, status changes,
// checklist verdicts so the request may become selesai, the pickup slot,
// the hand-over), with form-encoded and JSON bodies, and reads the results
// back as JSON. The audit log names the member and the token's label. Wrong,
// expired, revoked tokens and a disabled account get 401 (never a redirect
// to the login page), another office 403, and a token needs no CSRF token
// while a cookie still does. Last, a member makes and revokes a token on the
// console page in Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { startBalai, cli, sql, login, Client } from './lib.mjs';
import { selectOptions, auditRows, parseSide } from './util-e2e.mjs';

const OFFICE = 'jelitik';
const CONSOLE = `/console/o/${OFFICE}`;
const TOKEN_RE = /^balai_[0-9a-f]{64}$/m;
const LAUNCH = {
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
};

let server;
const tokens = {};

before(async () => {
  server = await startBalai();
});
after(async () => { await server?.stop(); });

/** `balai token ...` on the test's database. */
const tokenCli = (...args) => cli(['token', ...args], { db: server.db.url });

/** Makes a token with the CLI; returns it. */
function makeToken(user, label, ...extra) {
  const r = tokenCli('create', user, '--name', label, ...extra);
  assert.equal(r.code, 0, r.stderr);
  const tok = r.stdout.match(TOKEN_RE)?.[0];
  assert.ok(tok, `the token is printed: ${r.stdout}`);
  return tok;
}

/**
 * One call the way a script makes it: fetch with the token, no cookie.
 * body: {form} (urlencoded) or {json} (an object, sent as JSON) or {raw, type}.
 */
async function api(method, path, token, { form, json, raw, type, accept = 'application/json', cookie } = {}) {
  const headers = { accept };
  if (token) headers.authorization = `Bearer ${token}`;
  if (cookie) headers.cookie = cookie;
  let body;
  if (form) { headers['content-type'] = 'application/x-www-form-urlencoded'; body = new URLSearchParams(form).toString(); }
  if (json) { headers['content-type'] = 'application/json'; body = JSON.stringify(json); }
  if (raw !== undefined) { headers['content-type'] = type; body = raw; }
  const res = await fetch(server.base + path, { method, headers, body, redirect: 'manual' });
  const text = await res.text();
  let data = null;
  try { data = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, headers: res.headers, text, body: data };
}

/** The request as the console's JSON shows it. */
async function requestState(token, id) {
  const r = await api('GET', `${CONSOLE}/permohonan/${id}`, token);
  assert.equal(r.status, 200, r.text.slice(0, 300));
  return r.body;
}

test('balai token create/list/revoke: printed once, only its hash stored, clear messages', () => {
  tokens.petugas = makeToken('petugas.jelitik', 'skrip-loket');
  tokens.verif = makeToken('verifikasi.jelitik', 'skrip verifikasi', '--expires', '30');
  assert.notEqual(tokens.petugas, tokens.verif);
  // the database keeps neither the token nor its random part
  const stored = sql(server.db, 'SELECT token_hash FROM api_token');
  assert.ok(!stored.includes(tokens.petugas.slice(6)), 'the token itself is not stored');
  assert.match(stored, /[0-9a-f]{64}/);

  const dup = tokenCli('create', 'petugas.jelitik', '--name', 'skrip-loket');
  assert.equal(dup.code, 1);
  assert.match(dup.stderr, /sudah punya token bernama 'skrip-loket'/);
  const unknown = tokenCli('create', 'tidak.ada', '--name', 'x');
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /pengguna tidak ditemukan: tidak\.ada/);
  for (const bad of ['0', 'abc', '-3', '99999', '']) {
    const r = tokenCli('create', 'petugas.jelitik', '--name', 'lain', '--expires', bad);
    assert.equal(r.code, 2, `--expires ${JSON.stringify(bad)}`);
    assert.match(r.stderr, /Masa berlaku harus berupa jumlah hari/);
  }
  const badLabel = tokenCli('create', 'petugas.jelitik', '--name', "a'b");
  assert.equal(badLabel.code, 2);
  assert.match(badLabel.stderr, /Nama token/);
  assert.equal(sql(server.db, 'SELECT count(*) FROM api_token').trim(), '2', 'refused tokens are not stored');

  const list = tokenCli('list');
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, /petugas\.jelitik\s+skrip-loket/);
  assert.match(list.stdout, /verifikasi\.jelitik\s+skrip verifikasi/);
  assert.ok(!list.stdout.includes('balai_'), 'the list never shows a token');
  const mine = tokenCli('list', 'verifikasi.jelitik');
  assert.ok(mine.stdout.includes('skrip verifikasi') && !mine.stdout.includes('skrip-loket'));
});

test('a script does the WA-NTI staff steps with Bearer, form and JSON bodies, without CSRF; the audit names token and member', async () => {
  assert.ok(tokens.petugas, 'needs the first test');
  // the office's pickup slots, set by the lurah in the console (a cookie session)
  const lurah = await login(server.base, 'lurah.jelitik');
  await lurah.get(`${CONSOLE}/jadwal-ambil`);
  for (let d = 0; d < 5; d++) {
    const r = await lurah.post(`${CONSOLE}/jadwal-ambil`, { action: 'add', weekday: String(d), from: '08:00', to: '11:00', capacity: '5' });
    assert.equal(r.status, 303, r.text.slice(0, 300));
  }

  // register a walk-in request at the counter: urlencoded, no _csrf, no cookie
  const formPage = await api('GET', `${CONSOLE}/permohonan/baru`, tokens.petugas, { accept: 'text/html' });
  assert.equal(formPage.status, 200);
  const services = selectOptions(formPage.text, 'service').filter(Boolean);
  const service = services.includes('sktm') ? 'sktm' : services[0];
  const made = await api('POST', `${CONSOLE}/permohonan/baru`, tokens.petugas,
    { form: { service, name: 'Siti Aminah', address: 'RT 003 / RW 001', phone: '' } });
  assert.equal(made.status, 200, made.text.slice(0, 300));
  assert.equal(made.body.ok, true);
  const id = made.body.location.match(/permohonan\/(\d+)/)?.[1];
  assert.ok(id, `the answer names the new request: ${made.text}`);
  assert.ok(!made.headers.getSetCookie().length, 'a token request never gets a cookie');

  let q = await requestState(tokens.petugas, id);
  assert.equal(q.req.status, 'baru');
  assert.ok(q.checklist.length > 0, 'a document request has a checklist');

  // status -> diproses with a JSON body
  const toWork = await api('POST', `${CONSOLE}/permohonan/${id}/status`, tokens.petugas,
    { json: { to: 'diproses', note: '', version: q.req.version } });
  assert.equal(toWork.status, 200, toWork.text.slice(0, 300));
  assert.deepEqual(toWork.body, { ok: true, location: `${CONSOLE}/permohonan/${id}?ok=1` });
  q = await requestState(tokens.petugas, id);
  assert.equal(q.req.status, 'diproses');

  // selesai is refused while documents are unjudged: the page's status and message as JSON
  const early = await api('POST', `${CONSOLE}/permohonan/${id}/status`, tokens.petugas,
    { json: { to: 'selesai', version: q.req.version } });
  assert.equal(early.status, 422, early.text.slice(0, 300));
  assert.equal(typeof early.body.error, 'string');
  assert.match(early.body.error, /\S/);
  assert.equal(q.req.status, (await requestState(tokens.petugas, id)).req.status, 'nothing changed');

  // a form error names its field
  const badTo = await api('POST', `${CONSOLE}/permohonan/${id}/status`, tokens.petugas,
    { json: { to: 'terbang', version: q.req.version } });
  assert.equal(badTo.status, 422);
  assert.equal(badTo.body.fields.to, 'Status tujuan tidak dikenal.');
  assert.equal(badTo.body.error, 'Status tujuan tidak dikenal.');
  // a stale version: 409 with the conflict message
  const stale = await api('POST', `${CONSOLE}/permohonan/${id}/status`, tokens.petugas,
    { form: { to: 'ditolak', note: 'uji', version: String(q.req.version - 1) } });
  assert.equal(stale.status, 409);
  assert.match(stale.body.error, /baru saja diubah oleh petugas lain/);
  // JSON that is not one object of plain values: 400 in Indonesian
  for (const raw of ['{"to": "diproses"', '[1, 2]', '{"to": {"a": 1}}']) {
    const r = await api('POST', `${CONSOLE}/permohonan/${id}/status`, tokens.petugas, { raw, type: 'application/json' });
    assert.equal(r.status, 400, raw);
    assert.match(r.body.error, /JSON|Kolom "to"/, raw);
  }
  // a JSON body is bounded by the route's body limit like a form
  const huge = await api('POST', `${CONSOLE}/permohonan/${id}/status`, tokens.petugas,
    { json: { to: 'diproses', note: 'x'.repeat(80 * 1024), version: q.req.version } });
  assert.equal(huge.status, 413);
  // the petugas may not judge documents: that is the verifier's permission
  const notHis = await api('POST', `${CONSOLE}/permohonan/${id}/berkas`, tokens.petugas,
    { form: { item: '0', verdict: 'ok', version: String(q.req.version) } });
  assert.equal(notHis.status, 403);

  // the verifier judges the checklist: first one item "kurang" (form), then every item ok (JSON, numbers)
  let v = await requestState(tokens.verif, id);
  const short = await api('POST', `${CONSOLE}/permohonan/${id}/berkas`, tokens.verif,
    { form: { item: '0', verdict: 'kurang', note: 'Fotokopi kurang jelas', version: String(v.req.version) } });
  assert.equal(short.status, 200, short.text.slice(0, 300));
  v = await requestState(tokens.verif, id);
  assert.equal(v.checklist[0].verdict, 'kurang');
  for (const row of v.checklist) {
    const cur = await requestState(tokens.verif, id);
    const r = await api('POST', `${CONSOLE}/permohonan/${id}/berkas`, tokens.verif,
      { json: { item: row.index, verdict: 'ok', note: '', version: cur.req.version } });
    assert.equal(r.status, 200, `item ${row.index}: ${r.text.slice(0, 300)}`);
  }
  v = await requestState(tokens.verif, id);
  assert.ok(v.checklist.every((row) => row.verdict === 'ok'), JSON.stringify(v.checklist));

  // now selesai (form body), then the pickup slot (JSON), then the hand-over (JSON)
  q = await requestState(tokens.petugas, id);
  const done = await api('POST', `${CONSOLE}/permohonan/${id}/status`, tokens.petugas,
    { form: { to: 'selesai', note: '', version: String(q.req.version) } });
  assert.equal(done.status, 200, done.text.slice(0, 300));
  q = await requestState(tokens.petugas, id);
  assert.equal(q.req.status, 'selesai');
  assert.ok(q.pickup_offer?.length > 0, 'slots are offered for a finished request');
  const slot = q.pickup_offer[0];
  const booked = await api('POST', `${CONSOLE}/permohonan/${id}/ambil`, tokens.petugas, { json: { slot: slot.id } });
  assert.equal(booked.status, 200, booked.text.slice(0, 300));
  q = await requestState(tokens.petugas, id);
  assert.ok(q.req.pickup_text, 'the appointment is recorded');
  assert.equal(sql(server.db, `SELECT count(*) FROM pickup_booking WHERE request_id = ${id}`).trim(), '1');
  const handed = await api('POST', `${CONSOLE}/permohonan/${id}/status`, tokens.petugas,
    { json: { to: 'diambil', version: q.req.version } });
  assert.equal(handed.status, 200, handed.text.slice(0, 300));
  assert.equal((await requestState(tokens.petugas, id)).req.status, 'diambil');

  // the audit log: the member's name with the token's label, on every change
  const rows = await auditRows(lurah, `${CONSOLE}/audit`);
  const number = q.req.number;
  const mine = rows.filter((r) => r.entity_id === number || (r.action === 'request.create'));
  const statusRows = mine.filter((r) => r.action === 'request.status');
  assert.equal(statusRows.length, 3, JSON.stringify(statusRows.map((r) => r.actor)));
  for (const r of statusRows) assert.equal(r.actor, "petugas.jelitik lewat token 'skrip-loket'");
  const verdictRows = mine.filter((r) => r.action === 'request.document');
  assert.equal(verdictRows.length, v.checklist.length + 1);
  for (const r of verdictRows) assert.equal(r.actor, "verifikasi.jelitik lewat token 'skrip verifikasi'");
  assert.equal(parseSide(verdictRows.at(-1).after).verdict, 'kurang', 'the oldest verdict row is the first one');
  const pickupRow = mine.find((r) => r.action === 'request.pickup');
  assert.equal(pickupRow?.actor, "petugas.jelitik lewat token 'skrip-loket'");
  // and the audit page (HTML) shows it
  const page = await lurah.get(`${CONSOLE}/audit`);
  assert.match(page.text, /<strong>Rina Marlina \(Petugas layanan\), lewat token &#39;skrip-loket&#39;<\/strong> mengubah status permohonan /);
  assert.equal(cli(['audit', 'verify'], { db: server.db.url }).code, 0, 'the chain is intact');

  // the list shows when each token was last used (and still no token)
  const list = tokenCli('list', 'petugas.jelitik');
  assert.match(list.stdout, /skrip-loket\s+\S+ \S+ UTC\s+-\s+\d{4}-\d\d-\d\d \d\d:\d\d UTC/);
  assert.ok(!list.stdout.includes('balai_'));
});

test('wrong, expired and revoked tokens and a disabled account get 401; another office 403; never a redirect or a cookie', async () => {
  const path = `${CONSOLE}/permohonan`;
  const ok = await api('GET', path, tokens.petugas);
  assert.equal(ok.status, 200);
  const wrong = [tokens.petugas.slice(0, -1) + (tokens.petugas.endsWith('0') ? '1' : '0'), 'balai_abc', 'x'.repeat(70), ''];
  for (const t of wrong) {
    for (const accept of ['application/json', 'text/html', '*/*']) {
      const r = await api('GET', path, t || ' ', { accept });
      assert.equal(r.status, 401, `token ${JSON.stringify(t)} accept ${accept}: ${r.status}`);
      assert.equal(r.headers.get('location'), null, 'never sent to the login page');
      assert.ok(!r.headers.getSetCookie().length);
    }
  }
  const r401 = await api('GET', path, 'balai_' + '0'.repeat(64));
  assert.match(r401.body.error, /Token akses tidak berlaku/);
  // a POST too
  const post = await api('POST', `${CONSOLE}/permohonan/baru`, 'balai_' + '1'.repeat(64), { json: { name: 'x' } });
  assert.equal(post.status, 401);

  // another office: the same gate as the console
  const other = await api('GET', '/console/o/sogaten/permohonan', tokens.petugas);
  assert.equal(other.status, 403);
  assert.match(other.body.error, /tidak memegang peran di Kelurahan Sogaten/);
  // the wrong role on its own office
  assert.equal((await api('GET', `${CONSOLE}/audit`, tokens.petugas)).status, 403);

  // expired: a token made for one day, a day later
  const short = makeToken('petugas.jelitik', 'sebentar', '--expires', '1');
  assert.equal((await api('GET', path, short)).status, 200);
  sql(server.db, `UPDATE api_token SET expires_at = created_at - 1 WHERE label = 'sebentar'`);
  assert.equal((await api('GET', path, short)).status, 401);

  // revoked with the CLI
  const gone = makeToken('petugas.jelitik', 'dicabut');
  assert.equal((await api('GET', path, gone)).status, 200);
  const rev = tokenCli('revoke', 'petugas.jelitik', 'dicabut');
  assert.equal(rev.code, 0, rev.stderr);
  assert.equal((await api('GET', path, gone)).status, 401);
  const again = tokenCli('revoke', 'petugas.jelitik', 'dicabut');
  assert.equal(again.code, 1);
  assert.match(again.stderr, /tidak punya token bernama 'dicabut'/);

  // a disabled account: its tokens end with it
  const staffTok = makeToken('petugas.sogaten', 'skrip-sogaten');
  assert.equal((await api('GET', '/console/o/sogaten/permohonan', staffTok)).status, 200);
  const dis = cli(['user', 'disable', 'petugas.sogaten'], { db: server.db.url });
  assert.equal(dis.code, 0, dis.stderr);
  assert.equal((await api('GET', '/console/o/sogaten/permohonan', staffTok)).status, 401);
  assert.equal(sql(server.db, "SELECT count(*) FROM api_token WHERE label = 'skrip-sogaten'").trim(), '0');
  // and the gate itself refuses a disabled member's token, however it was left behind
  const left = makeToken('petugas.jelitik', 'tertinggal');
  sql(server.db, "UPDATE staff SET disabled = 1 WHERE username = 'petugas.jelitik'");
  try {
    assert.equal((await api('GET', path, left)).status, 401);
  } finally {
    sql(server.db, "UPDATE staff SET disabled = 0 WHERE username = 'petugas.jelitik'");
  }
  assert.equal((await api('GET', path, left)).status, 200);
});

test('a token needs no CSRF token but a cookie still does; with both, the token decides; tokens cannot manage tokens', async () => {
  const lurah = await login(server.base, 'lurah.jelitik');
  // a cookie POST without the CSRF token is refused as before
  const noCsrf = await lurah.request('POST', `${CONSOLE}/permohonan/baru`, { form: { service: 'sktm', name: 'Tanpa Token', address: 'RT 1' } });
  assert.equal(noCsrf.status, 403);
  assert.match(noCsrf.text, /Formulir sudah kedaluwarsa/);
  // the lurah's cookie with the petugas's token: it is the petugas (no audit permission)
  const both = await api('GET', `${CONSOLE}/audit`, tokens.petugas, { cookie: lurah.cookieHeader() });
  assert.equal(both.status, 403);
  assert.equal((await api('GET', `${CONSOLE}/audit`, null, { cookie: lurah.cookieHeader() })).status, 200);
  // a wrong token beside a good cookie is still a wrong token
  const wrongWithCookie = await api('GET', `${CONSOLE}/audit`, 'balai_' + '2'.repeat(64), { cookie: lurah.cookieHeader() });
  assert.equal(wrongWithCookie.status, 401);

  // a token cannot make, list or revoke tokens (not even its own member's), nor change the password
  const before = sql(server.db, 'SELECT count(*) FROM api_token').trim();
  for (const [m, p, b] of [['GET', '/console/token'], ['POST', '/console/token', { label: 'lagi' }],
    ['POST', '/console/token/cabut', { label: 'skrip-loket' }], ['POST', '/console/password', { current: 'x', password: 'y', password2: 'y' }]]) {
    const r = await api(m, p, tokens.petugas, b ? { form: b } : {});
    assert.equal(r.status, 403, `${m} ${p}: ${r.status}`);
    assert.match(r.body.error, /bukan dengan token akses/);
  }
  assert.equal(sql(server.db, 'SELECT count(*) FROM api_token').trim(), before);
  assert.equal((await api('GET', `${CONSOLE}/permohonan`, tokens.petugas)).status, 200, 'skrip-loket still works');

  // on public pages the header is ignored: nothing signed in, nothing cached as private
  const home = await api('GET', '/o/jelitik', tokens.petugas, { accept: 'text/html' });
  assert.equal(home.status, 200);
  assert.ok(!home.text.includes('Keluar ('), 'no staff navigation on a public page');
  assert.ok(!home.headers.getSetCookie().length);
});

test('the member makes and revokes their own token on the console page in Chromium', async () => {
  const browser = await chromium.launch(LAUNCH);
  try {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.base}/login`);
    await page.fill('#username', 'petugas.jelitik');
    await page.fill('#password', 'Demo#Balai2026');
    await Promise.all([page.waitForURL(/\/console$/), page.click('button[type=submit]')]);
    // reached from the member's own menu under their username in the top bar
    await page.click('header details.account > summary');
    await Promise.all([page.waitForURL(/\/console\/token$/), page.click('header nav >> text=Token akses')]);
    assert.match(await page.textContent('main'), /skrip-loket/);
    assert.ok(!(await page.content()).includes(tokens.petugas), 'the list never shows a token');

    // bad input: a message in Indonesian, nothing made, what was typed kept
    await page.fill('#label', 'laporan harian');
    await page.fill('#expires', 'sebulan');
    await page.click('button:has-text("Buat token")');
    assert.match(await page.textContent('main'), /Masa berlaku harus berupa jumlah hari/);
    assert.equal(await page.inputValue('#label'), 'laporan harian');

    await page.fill('#expires', '7');
    await page.click('button:has-text("Buat token")');
    const shown = (await page.textContent('#token-baru')).match(/balai_[0-9a-f]{64}/)?.[0];
    assert.ok(shown, 'the new token is shown once');
    assert.match(await page.textContent('#token-baru'), /tidak akan ditampilkan lagi/);
    // it works for a script
    assert.equal((await api('GET', `${CONSOLE}/permohonan`, shown)).status, 200);
    // shown only once: the list page never has it again
    await page.goto(`${server.base}/console/token`);
    assert.ok(!(await page.content()).includes(shown));
    assert.match(await page.textContent('main'), /laporan harian/);

    // the same label twice is refused with a clear message
    await page.fill('#label', 'laporan harian');
    await page.click('button:has-text("Buat token")');
    assert.match(await page.textContent('main'), /sudah punya token dengan nama ini/);

    // revoke: the token stops working at once
    await page.goto(`${server.base}/console/token`);
    await page.click('button[aria-label="Cabut token laporan harian"]');
    assert.match(await page.textContent('main'), /“laporan harian” dicabut/);
    assert.equal((await api('GET', `${CONSOLE}/permohonan`, shown)).status, 401);
    const audit = sql(server.db, "SELECT actor, action FROM audit_log WHERE action LIKE 'token.%' AND entity_id = 'petugas.jelitik' ORDER BY seq");
    assert.match(audit, /petugas\.jelitik.token\.create/);
    assert.match(audit, /petugas\.jelitik.token\.revoke/);
  } finally {
    await browser.close();
  }
});

test('wrong tokens are limited per address like failed logins', async () => {
  let last;
  for (let i = 0; i < 40; i++) {
    last = await api('GET', `${CONSOLE}/permohonan`, 'balai_' + i.toString(16).padStart(64, '0'));
    if (last.status === 429) break;
  }
  assert.equal(last.status, 429);
  assert.match(last.body.error, /Terlalu banyak token akses yang salah/);
  assert.ok(last.headers.get('retry-after'));
  // even a right token from that address waits: guessing cannot go on
  assert.equal((await api('GET', `${CONSOLE}/permohonan`, tokens.petugas)).status, 429);
  // cookie sessions and logins are not held back by it
  const lurah = await login(server.base, 'lurah.jelitik');
  assert.equal((await lurah.get(`${CONSOLE}/permohonan`)).status, 200);
});
