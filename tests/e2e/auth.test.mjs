// Login, logout, CSRF, lockout and password change, as staff meet them in
// the browser: the real binary over HTTP on a fresh demo database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBalai, Client, login, sql, DEMO_PASSWORD } from './lib.mjs';
import { fieldValue, fieldError, alerts, tryLogin, sessionAlive, auditRows, parseSide } from './util-e2e.mjs';

const WRONG_LOGIN = 'Nama pengguna atau kata sandi salah. Setelah 5 kali salah, akun dikunci sementara: tunggu beberapa menit, lalu coba lagi.';
let server, base, lurah;

before(async () => {
  server = await startBalai();
  base = server.base;
  lurah = await login(base, 'lurah.jelitik');
});

after(async () => { await server?.stop(); });

function setCookies(res) { return res.headers.getSetCookie(); }
function cookieNamed(res, name) { return setCookies(res).find((c) => c.startsWith(`${name}=`)); }

test('the login page is in Bahasa Indonesia and carries a pre-session CSRF token', async () => {
  const c = new Client(base);
  const r = await c.get('/login');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /text\/html/);
  assert.match(r.text, /<html lang="id">/);
  assert.match(r.text, /Masuk ke konsol staf/);
  assert.match(r.text, /<label for="username">Nama pengguna<\/label>/);
  assert.match(r.text, /<label for="password">Kata sandi<\/label>/);
  assert.match(r.text, /<button type="submit">Masuk<\/button>/);
  assert.match(r.text, /name="_csrf" value="[0-9a-f]{64}"/);
  const pre = cookieNamed(r, 'balai_pra');
  assert.ok(pre, 'the login form sets the pre-session cookie');
  assert.match(pre, /HttpOnly/i);
  assert.equal(pre.split(';')[0].split('=')[1], c.csrf, 'the form token is the cookie token (double submit)');
});

test('a correct login redirects to the console with an HttpOnly, SameSite=Lax session cookie', async () => {
  const c = new Client(base);
  await c.get('/login');
  const r = await c.post('/login', { username: 'lurah.jelitik', password: DEMO_PASSWORD, next: '/console' });
  assert.equal(r.status, 303);
  assert.equal(r.location, '/console');
  const sesi = cookieNamed(r, 'balai_sesi');
  assert.ok(sesi, `a session cookie is set: ${setCookies(r)}`);
  assert.match(sesi, /;\s*HttpOnly/i);
  assert.match(sesi, /;\s*SameSite=Lax/i);
  assert.match(sesi, /;\s*Path=\//i);
  assert.doesNotMatch(sesi, /;\s*Secure/i, 'plain HTTP: no Secure flag, or the browser would drop the cookie');
  const token = sesi.split(';')[0].split('=')[1];
  assert.match(token, /^[0-9a-f]{64}$/, 'an unguessable token');
  const con = await c.get('/console');
  assert.equal(con.status, 200);
  assert.match(con.text, /Selamat datang, Yusuf Hamdani/);
  assert.match(con.text, /Kelurahan Jelitik/);
});

test('behind TLS (X-Forwarded-Proto: https) the session cookie is also Secure', async () => {
  const c = new Client(base);
  await c.get('/login');
  const r = await c.post('/login', { username: 'lurah.jelitik', password: DEMO_PASSWORD, next: '/console' },
    { headers: { 'x-forwarded-proto': 'https' } });
  assert.equal(r.status, 303);
  const sesi = cookieNamed(r, 'balai_sesi');
  assert.match(sesi, /;\s*Secure/i);
  assert.match(sesi, /;\s*HttpOnly/i);
});

test('a wrong password gets 401, the Indonesian message and keeps the typed username', async () => {
  const { client, res } = await tryLogin(base, 'sekre.jelitik', 'Salah#Sandi2026');
  assert.equal(res.status, 401);
  assert.ok(alerts(res.text).includes(WRONG_LOGIN), `message shown: ${alerts(res.text)}`);
  assert.equal(fieldValue(res.text, 'username'), 'sekre.jelitik');
  assert.equal(fieldValue(res.text, 'password'), '', 'the password is never echoed back');
  assert.ok(!res.text.includes('Salah#Sandi2026'));
  assert.equal(cookieNamed(res, 'balai_sesi'), undefined, 'no session');
  assert.equal(await sessionAlive(client), false);
  // the form can be sent again straight away (fresh pre-session token)
  const again = await client.post('/login', { username: 'sekre.jelitik', password: DEMO_PASSWORD, next: '/console' });
  assert.equal(again.status, 303);
});

test('an unknown username gets exactly the same answer as a wrong password', async () => {
  const { res } = await tryLogin(base, 'tidak.ada', 'Salah#Sandi2026');
  assert.equal(res.status, 401);
  assert.ok(alerts(res.text).includes(WRONG_LOGIN));
  assert.equal(fieldValue(res.text, 'username'), 'tidak.ada');
  assert.doesNotMatch(res.text, /tidak ditemukan|tidak terdaftar|dinonaktifkan/i, 'nothing tells whether the account exists');
});

test('after 5 failed attempts the account is locked: the 6th, even with the right password, gets the same answer as an unknown user', async () => {
  const c = new Client(base);
  await c.get('/login');
  for (let i = 1; i <= 5; i++) {
    const r = await c.post('/login', { username: 'verifikasi.jelitik', password: `Keliru#${i}xyz2026`, next: '/console' });
    assert.equal(r.status, 401, `attempt ${i}`);
  }
  const r = await c.post('/login', { username: 'verifikasi.jelitik', password: DEMO_PASSWORD, next: '/console' });
  assert.equal(r.status, 401);
  assert.deepEqual(alerts(r.text), [WRONG_LOGIN], 'a locked account answers like an unknown name');
  const unknown = await tryLogin(base, 'tidak.ada.sama.sekali', DEMO_PASSWORD);
  assert.equal(unknown.res.status, r.status);
  assert.deepEqual(alerts(unknown.res.text), alerts(r.text));
  assert.equal(cookieNamed(r, 'balai_sesi'), undefined);
  assert.equal(await sessionAlive(c), false);
  // the lock is on that account only
  const other = await tryLogin(base, 'petugas.jelitik');
  assert.equal(other.res.status, 303);
});

test('a login form without the pre-session CSRF token is refused with 403', async () => {
  // no GET /login first: no pre-session cookie, no token
  const c = new Client(base);
  const r = await c.post('/login', { username: 'lurah.jelitik', password: DEMO_PASSWORD, next: '/console' });
  assert.equal(r.status, 403);
  assert.match(r.text, /Formulir sudah kedaluwarsa/);
  assert.equal(cookieNamed(r, 'balai_sesi'), undefined);
  // a cookie but a token that does not match it
  const d = new Client(base);
  await d.get('/login');
  const r2 = await d.request('POST', '/login', { form: { _csrf: 'a'.repeat(64), username: 'lurah.jelitik', password: DEMO_PASSWORD } });
  assert.equal(r2.status, 403);
  assert.equal(cookieNamed(r2, 'balai_sesi'), undefined);
  // a token but no cookie (a form posted from another site)
  const e = new Client(base);
  await e.get('/login');
  const token = e.csrf;
  const f = new Client(base);
  const r3 = await f.request('POST', '/login', { form: { _csrf: token, username: 'lurah.jelitik', password: DEMO_PASSWORD } });
  assert.equal(r3.status, 403);
});

test('a console POST without _csrf is refused with 403 and changes nothing', async () => {
  const before_ = (await lurah.json('/console/o/jelitik/edit')).body.form;
  const form = { ...before_, name: 'Kelurahan Diretas', version: String(before_.version) };
  const r = await lurah.request('POST', '/console/o/jelitik/edit', { form });
  assert.equal(r.status, 403);
  assert.match(r.text, /Formulir sudah kedaluwarsa/);
  const r2 = await lurah.request('POST', '/console/o/jelitik/edit', { form: { ...form, _csrf: '0'.repeat(64) } });
  assert.equal(r2.status, 403, 'a wrong token is refused too');
  const after_ = (await lurah.json('/console/o/jelitik/edit')).body.form;
  assert.equal(after_.name, 'Kelurahan Jelitik');
  assert.equal(after_.version, before_.version);
  const n = sql(server.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'office.update'").trim();
  assert.equal(n, '0', 'no audit row either');
});

test('logout ends the session: the old cookie no longer opens the console', async () => {
  const c = await login(base, 'petugas.jelitik');
  const stolen = new Client(base);
  stolen.cookies = new Map(c.cookies);
  assert.equal(await sessionAlive(stolen), true, 'the copied cookie works before logout');
  const r = await c.post('/logout');
  assert.equal(r.status, 303);
  assert.equal(r.location, '/login');
  const sesi = cookieNamed(r, 'balai_sesi');
  assert.match(sesi, /Max-Age=0/i, 'the browser is told to forget the cookie');
  const g = await stolen.get('/console');
  assert.equal(g.status, 303);
  assert.match(g.location, /^\/login\?next=/);
  assert.equal(decodeURIComponent(g.location.split('next=')[1]), '/console');
  const g2 = await stolen.get('/console/o/jelitik');
  assert.equal(g2.status, 303);
  assert.equal(decodeURIComponent(g2.location.split('next=')[1]), '/console/o/jelitik');
  const p = await stolen.request('POST', '/console/o/jelitik/leave', { form: { _csrf: c.csrf, date: '2030-01-02', name: 'x' } });
  assert.equal(p.status, 401, 'POSTs with the dead session are refused');
});

test('after login the user lands on the page they asked for, never on another site', async () => {
  const cases = [
    ['/console/o/jelitik', '/console/o/jelitik'],
    ['//evil.com', '/console'],
    ['//evil.com/console', '/console'],
    ['https://evil.com/', '/console'],
    ['/\\evil.com', '/console'],
    ['javascript:alert(1)', '/console'],
  ];
  for (const [next, want] of cases) {
    const { res } = await tryLogin(base, 'camat.sungailiat', DEMO_PASSWORD, next);
    assert.equal(res.status, 303, next);
    assert.equal(res.location, want, `next=${next}`);
  }
  // the login form itself does not carry the foreign target
  const c = new Client(base);
  const r = await c.get('/login?next=' + encodeURIComponent('//evil.com'));
  assert.equal(fieldValue(r.text, 'next'), '/console');
  // bytes that are not text never become the target either
  const bad = await c.get('/login?next=/console%FF%FE');
  assert.equal(bad.status, 200);
  assert.equal(fieldValue(bad.text, 'next'), '/console');
});

test('password change: wrong current password, weak or mismatched new one are refused with messages', async () => {
  const c = await login(base, 'konten.jelitik');
  const page = await c.get('/console/password');
  assert.equal(page.status, 200);
  assert.match(page.text, /Ganti kata sandi/);

  let r = await c.post('/console/password', { current: 'Bukan#Sandi2026', password: 'Sandi#Baru2026x', password2: 'Sandi#Baru2026x' });
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'current'), 'Kata sandi saat ini salah.');

  r = await c.post('/console/password', { current: DEMO_PASSWORD, password: 'pendek1', password2: 'pendek1' });
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'password'), 'Kata sandi minimal 10 karakter.');

  r = await c.post('/console/password', { current: DEMO_PASSWORD, password: 'password123', password2: 'password123' });
  assert.equal(r.status, 422);
  assert.match(fieldError(r.text, 'password'), /terlalu umum/);

  r = await c.post('/console/password', { current: DEMO_PASSWORD, password: 'Sandi#Baru2026x', password2: 'Sandi#Baru2026y' });
  assert.equal(r.status, 422);
  assert.match(fieldError(r.text, 'password2'), /sama persis/);

  // nothing changed: the old password still works
  const still = await tryLogin(base, 'konten.jelitik');
  assert.equal(still.res.status, 303);
  assert.equal(sql(server.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'staff.password'").trim(), '0');
});

test('password change: success ends other sessions, the new password works and the old does not', async () => {
  const a = await login(base, 'konten.jelitik');
  const b = await login(base, 'konten.jelitik');
  const NEW = 'Pantai#Jelitik2026';
  const r = await a.post('/console/password', { current: DEMO_PASSWORD, password: NEW, password2: NEW });
  assert.equal(r.status, 303);
  assert.equal(r.location, '/console/password?ok=1');
  const ok = await a.get(r.location);
  assert.match(ok.text, /Kata sandi diganti/);
  assert.equal(await sessionAlive(a), true, 'the session that changed it goes on');
  assert.equal(await sessionAlive(b), false, 'the other session of that account has ended');
  const old = await tryLogin(base, 'konten.jelitik', DEMO_PASSWORD);
  assert.equal(old.res.status, 401, 'the old password no longer works');
  const fresh = await tryLogin(base, 'konten.jelitik', NEW);
  assert.equal(fresh.res.status, 303, 'the new password works');
  assert.equal(await sessionAlive(fresh.client), true);
  // sessions of other accounts are untouched
  assert.equal(await sessionAlive(lurah), true);
});

test('a password change is recorded in the audit log without the password', async () => {
  const rows = sql(server.db, "SELECT actor, entity, entity_id, after_json FROM audit_log WHERE action = 'staff.password'")
    .trim().split('\n').filter(Boolean);
  assert.equal(rows.length, 1, `one staff.password row: ${rows}`);
  const [actor, entity, entityId, afterJson] = rows[0].split('|');
  assert.equal(actor, 'konten.jelitik');
  assert.equal(entity, 'staff');
  assert.equal(entityId, 'konten.jelitik');
  assert.ok(!afterJson.includes('Pantai#Jelitik2026'), 'the password itself is not logged');
  assert.doesNotMatch(afterJson, /\$argon2/, 'nor its hash');
});

test('the password-change audit row is shown on the audit log pages', async () => {
  // the Lurah oversees his staff's accounts; the deployment admin sees the whole log
  const admin = await login(base, 'admin');
  const all = await auditRows(admin, '/console/audit');
  assert.ok(all.some((r) => r.action === 'staff.password' && r.entity_id === 'konten.jelitik'),
    `deployment admin's /console/audit lists staff.password: ${JSON.stringify(all.map((r) => r.action))}`);
  const office = await auditRows(lurah, '/console/o/jelitik/audit');
  const row = office.find((r) => r.action === 'staff.password' && r.entity_id === 'konten.jelitik');
  assert.ok(row, `lurah.jelitik's office log lists staff.password: ${JSON.stringify(office.map((r) => r.action))}`);
  assert.equal(row.actor, 'konten.jelitik');
  assert.ok(!JSON.stringify(parseSide(row.after)).includes('Pantai#Jelitik2026'));
});
