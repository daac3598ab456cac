// No single client takes the public server down: the per-address limits.
// Each test starts its own balai. Addresses: the test's own connections come
// from 127.0.0.1 (and 127.0.0.2, also loopback on Linux); behind the trusted
// proxy option the address is the one X-Forwarded-For names. Behaviour is
// asserted (who is served, who is refused, what was counted), never timings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import http from 'node:http';
import { startBalai, cli, sql, Client, DEMO_PASSWORD } from './lib.mjs';
import { alerts, fieldValue } from './util-e2e.mjs';
import { startFakeGraph, textWebhook, sign } from '../fakes/graph.mjs';

const PROXY = ['--trusted-proxy', '127.0.0.1'];
const from = (ip) => ({ headers: { 'x-forwarded-for': ip } });

/** GET path from a given local address; resolves { status } or { error }. */
function getFrom(base, path, localAddress) {
  const u = new URL(base);
  return new Promise((resolve) => {
    const req = http.get({ host: u.hostname, port: u.port, path, localAddress, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode }));
    });
    req.on('error', (e) => resolve({ error: e.code || String(e) }));
  });
}

/** A keep-alive connection that has completed one request and stays open. */
function openKept(base) {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: u.hostname, port: Number(u.port) });
    let got = Buffer.alloc(0);   // bytes: Content-Length counts bytes, not characters
    s.on('error', reject);
    s.on('data', (d) => {
      got = Buffer.concat([got, d]);
      const end = got.indexOf('\r\n\r\n');
      const len = end >= 0 && got.subarray(0, end).toString('latin1').match(/content-length: *(\d+)/i);
      if (len && got.length - end - 4 >= Number(len[1])) resolve(s);
    });
    s.on('connect', () => s.write(`GET /static/balai.css HTTP/1.1\r\nHost: x\r\n\r\n`));
  });
}

/** Connects and sends a request; resolves what came back before the server closed. */
function tryRequest(base) {
  const u = new URL(base);
  return new Promise((resolve) => {
    const s = net.connect({ host: u.hostname, port: Number(u.port) });
    let got = '';
    s.on('data', (d) => { got += d; if (got.includes('\r\n\r\n')) s.destroy(); });
    s.on('error', () => {});
    s.on('close', () => resolve(got));
    s.on('connect', () => s.write(`GET /static/balai.css HTTP/1.1\r\nHost: x\r\n\r\n`));
    setTimeout(() => s.destroy(), 20000).unref();
  });
}

// ---- connections ---------------------------------------------------------------------

test('the 17th open connection from one address is refused while another address is still served', async (t) => {
  const server = await startBalai({ demo: false, args: ['--max-conn-per-address', '16', '--header-timeout', '120'] });
  t.after(() => server.stop());
  const held = [];
  t.after(() => held.forEach((s) => s.destroy()));
  for (let i = 0; i < 16; i++) held.push(await openKept(server.base));
  const seventeenth = await tryRequest(server.base);
  assert.equal(seventeenth, '', 'closed without an answer');
  const other = await getFrom(server.base, '/static/balai.css', '127.0.0.2');
  assert.equal(other.status, 200, 'another address is served');
  // once the first address lets go, it is served again
  held.splice(0).forEach((s) => s.destroy());
  let again = '';
  for (let i = 0; i < 50 && !again.startsWith('HTTP/1.1 200'); i++) {
    again = await tryRequest(server.base);
    if (!again) await new Promise((r) => setTimeout(r, 100));
  }
  assert.match(again, /^HTTP\/1\.1 200/);
  assert.match(server.output(), /koneksi ditolak: terlalu banyak koneksi dari satu alamat/);
});

test('a connection that trickles its headers is closed once its time is up; others are served meanwhile', async (t) => {
  const server = await startBalai({ demo: false, args: ['--header-timeout', '2'] });
  t.after(() => server.stop());
  const u = new URL(server.base);
  const s = net.connect({ host: u.hostname, port: Number(u.port) });
  let closed = false, answer = '', lines = 0;
  s.on('data', (d) => { answer += d; });
  s.on('error', () => {});
  s.on('close', () => { closed = true; });
  await new Promise((r) => s.on('connect', r));
  s.write('GET / HTTP/1.1\r\nHost: x\r\n');
  // one header line every 300 ms: libmicrohttpd's idle timeout alone would never fire
  const MAX_LINES = 100;
  while (!closed && lines < MAX_LINES) {
    await new Promise((r) => setTimeout(r, 300));
    if (!closed) s.write(`X-Slow-${lines++}: a\r\n`);
    if (lines === 2) {
      const other = await getFrom(server.base, '/static/balai.css', '127.0.0.2');
      assert.equal(other.status, 200, 'another client is served while the slow one trickles');
    }
  }
  assert.ok(closed, 'the server closed the slow connection');
  assert.ok(lines < MAX_LINES);
  assert.equal(answer, '', 'no request was ever handled on it');
  // a normal request on a new connection is unaffected
  assert.equal((await getFrom(server.base, '/static/balai.css', '127.0.0.1')).status, 200);
});

/** Sends a POST's headers and half its body, from `ip` via X-Forwarded-For; resolves the socket once sent. */
function halfPost(base, ip) {
  const u = new URL(base);
  return new Promise((resolve) => {
    const s = net.connect({ host: u.hostname, port: Number(u.port) });
    s.got = '';
    s.on('data', (d) => { s.got += d; });
    s.on('error', () => {});
    s.on('connect', () => {
      s.write(`POST /login HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: ${ip}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nusername=a`);
      resolve(s);
    });
  });
}

test('behind a trusted proxy the per-address cap counts requests of each forwarded address, not the proxy\'s connections', async (t) => {
  const server = await startBalai({ demo: false, args: [...PROXY, '--max-conn-per-address', '2', '--header-timeout', '120'] });
  t.after(() => server.stop());
  const held = [];
  t.after(() => held.forEach((s) => s.destroy()));
  // two requests in progress from one visitor: its body is still coming
  held.push(await halfPost(server.base, '198.51.100.20'), await halfPost(server.base, '198.51.100.20'));
  // (the server reads their headers in its own time: ask until it has)
  let third = 200;
  for (let i = 0; i < 50 && third !== 429; i++) {
    third = (await fetch(`${server.base}/static/balai.css`, { headers: { 'x-forwarded-for': '198.51.100.20' } })).status;
    if (third !== 429) await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(third, 429, 'a third request from that visitor waits');
  // the proxy's own connections (all from 127.0.0.1) are not capped: others are served
  const other = await fetch(`${server.base}/static/balai.css`, { headers: { 'x-forwarded-for': '198.51.100.21' } });
  assert.equal(other.status, 200);
  held.splice(0).forEach((s) => s.destroy());
  let again = 429;
  for (let i = 0; i < 50 && again === 429; i++) {
    again = (await fetch(`${server.base}/static/balai.css`, { headers: { 'x-forwarded-for': '198.51.100.20' } })).status;
    if (again === 429) await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(again, 200, 'served again once its requests ended');
});

// ---- client address ----------------------------------------------------------------

test('X-Forwarded-For counts only from a configured trusted proxy', async (t) => {
  const STATUS = '/o/jelitik/status';
  const plain = await startBalai();
  t.after(() => plain.stop());
  const anon = new Client(plain.base);
  // without --trusted-proxy every lookup is 127.0.0.1's, whatever the header says
  for (let i = 0; i < 30; i++) {
    const r = await anon.get(`${STATUS}?nomor=JLT-2026-${String(i + 1).padStart(5, '0')}`, from(`198.51.100.${i + 1}`));
    assert.equal(r.status, 404, `lookup ${i + 1}`);
  }
  assert.equal((await anon.get(`${STATUS}?nomor=JLT-2026-00031`, from('198.51.100.99'))).status, 429);
  const bad = cli(['serve', '--trusted-proxy', 'bukan-alamat', '--listen', '127.0.0.1:1', '--db', plain.db.url]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--trusted-proxy berisi alamat IP yang tidak valid/);
});

// ---- login ---------------------------------------------------------------------------

async function loginFrom(base, ip, username, password) {
  const c = new Client(base);
  await c.get('/login', from(ip));
  return c.post('/login', { username, password, next: '/console' }, from(ip));
}

const failedLogins = (db, user) => Number(sql(db, `SELECT failed_logins FROM staff WHERE username = '${user}'`).trim());

test('after 30 failed logins from one address the next is refused before any password check; other addresses log in', async (t) => {
  const server = await startBalai({ args: PROXY });
  t.after(() => server.stop());
  const IP = '203.0.113.50';
  for (let i = 0; i < 30; i++) {
    const r = await loginFrom(server.base, IP, `tidak.ada.${i}`, 'Salah#Sandi2026');
    assert.equal(r.status, 401, `attempt ${i + 1}`);
  }
  const r = await loginFrom(server.base, IP, 'sekre.jelitik', 'Salah#Sandi2026');
  assert.equal(r.status, 429);
  assert.match(alerts(r.text).join(' '), /Terlalu banyak percobaan masuk dari alamat Anda/);
  assert.equal(fieldValue(r.text, 'username'), 'sekre.jelitik', 'what was typed is kept');
  assert.equal(failedLogins(server.db, 'sekre.jelitik'), 0, 'the account was not even tried');
  // even the right password waits: the address is refused, not the account
  assert.equal((await loginFrom(server.base, IP, 'sekre.jelitik', DEMO_PASSWORD)).status, 429);
  assert.equal((await loginFrom(server.base, '203.0.113.51', 'sekre.jelitik', DEMO_PASSWORD)).status, 303);
});

test('successful logins from one address (an office behind one NAT) do not use up its limit', async (t) => {
  const server = await startBalai({ args: PROXY });
  t.after(() => server.stop());
  for (let i = 0; i < 35; i++) {
    const r = await loginFrom(server.base, '203.0.113.60', 'lurah.jelitik', DEMO_PASSWORD);
    assert.equal(r.status, 303, `login ${i + 1}`);
  }
});

test('8 wrong passwords at once count exactly 5 failures and lock the account', async (t) => {
  const server = await startBalai({ args: PROXY });
  t.after(() => server.stop());
  const USER = 'verifikasi.jelitik';
  const tries = await Promise.all([...Array(8)].map((_, i) =>
    loginFrom(server.base, `203.0.113.${70 + i}`, USER, `Keliru#${i}abc2026`)));
  tries.forEach((r, i) => assert.equal(r.status, 401, `attempt ${i + 1}`));
  assert.equal(failedLogins(server.db, USER), 5, 'every attempt past the fifth was refused unchecked');
  // locked: the right password gets the same answer as an unknown name
  const right = await loginFrom(server.base, '203.0.113.90', USER, DEMO_PASSWORD);
  const unknown = await loginFrom(server.base, '203.0.113.91', 'tidak.pernah.ada', DEMO_PASSWORD);
  assert.equal(right.status, 401);
  assert.equal(unknown.status, 401);
  assert.deepEqual(alerts(right.text), alerts(unknown.text));
  assert.equal(failedLogins(server.db, USER), 5, 'a locked account counts nothing more');
});

// Password changes hash Argon2id too: they take the login's bounded path
// (the address's 30 attempts per 10 minutes, shared with logins; the hashers).
test('password changes share the login limit: past it the next is refused politely, right ones give their attempt back', async (t) => {
  const server = await startBalai({ args: PROXY });
  t.after(() => server.stop());
  const IP = '203.0.113.40';
  const lurah = new Client(server.base);
  await lurah.get('/login', from(IP));
  assert.equal((await lurah.post('/login', { username: 'lurah.jelitik', password: DEMO_PASSWORD, next: '/console' }, from(IP))).status, 303);
  await lurah.get('/console/password', from(IP));
  const wrong = () => lurah.post('/console/password', { current: 'Salah#Sandi2026', password: 'Sandi#Lain2026x', password2: 'Sandi#Lain2026x' }, from(IP));
  for (let i = 0; i < 29; i++) assert.equal((await wrong()).status, 422, `wrong current password ${i + 1}`);
  // the change still works, and a right one gives its attempt back
  let pw = DEMO_PASSWORD;
  for (const next of ['Sandi#Baru2030x', 'Sandi#Baru2031x']) {
    const r = await lurah.post('/console/password', { current: pw, password: next, password2: next }, from(IP));
    assert.equal(r.status, 303, `change to ${next}`);
    pw = next;
  }
  assert.equal((await wrong()).status, 422, 'the 30th wrong one is still checked');
  const r = await lurah.post('/console/password', { current: pw, password: 'Sandi#Lain2026x', password2: 'Sandi#Lain2026x' }, from(IP));
  assert.equal(r.status, 429);
  assert.equal(r.headers.get('retry-after'), '600');
  assert.match(alerts(r.text).join(' '), /Terlalu banyak percobaan kata sandi dari alamat Anda/);
  // the same limit as logins: a login from there waits too
  assert.equal((await loginFrom(server.base, IP, 'sekre.jelitik', DEMO_PASSWORD)).status, 429);
  // and so does an admin setting someone's password
  const set = await lurah.post('/console/o/jelitik/staff/sekre.jelitik/password', { password: 'Atur#Ulang2026x' }, from(IP));
  assert.equal(set.status, 429);
  assert.match(set.text, /Terlalu banyak percobaan kata sandi dari alamat Anda/);
  // nothing was changed by the refusals; another address goes on
  assert.equal((await loginFrom(server.base, '203.0.113.41', 'sekre.jelitik', DEMO_PASSWORD)).status, 303);
  const other = await lurah.post('/console/password', { current: pw, password: 'Sandi#Lain2026x', password2: 'Sandi#Lain2026x' }, from('203.0.113.41'));
  assert.equal(other.status, 303);
  const json = await lurah.request('POST', '/console/password', {
    headers: { ...from(IP).headers, accept: 'application/json' },
    form: { _csrf: lurah.csrf, current: 'Sandi#Lain2026x', password: 'Sandi#Lagi2026x', password2: 'Sandi#Lagi2026x' } });
  assert.equal(json.status, 429);
  assert.match(JSON.parse(json.text).error, /Terlalu banyak percobaan kata sandi/);
});

// ---- web chat ------------------------------------------------------------------------

async function chat(base, ip, body) {
  const res = await fetch(`${base}/o/jelitik/obrolan`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': ip }, body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

test('web chat: the 6th new conversation from one address in 10 minutes is refused; open ones go on', async (t) => {
  const server = await startBalai({ args: PROXY });
  t.after(() => server.stop());
  const IP = '203.0.113.100';
  const convs = () => Number(sql(server.db, "SELECT COUNT(*) FROM conversation c JOIN contact k ON k.id = c.contact_id WHERE k.channel = 'web'").trim());
  const tokens = [];
  for (let i = 0; i < 5; i++) {
    const r = await chat(server.base, IP, { text: `halo ${i}` });
    assert.equal(r.status, 200, `conversation ${i + 1}`);
    tokens.push(r.body.token);
  }
  // no token, then a made-up one: both would open a sixth conversation
  const sixth = await chat(server.base, IP, { text: 'halo lagi' });
  assert.equal(sixth.status, 429);
  assert.match(sixth.body.error, /percakapan baru dari alamat Anda/);
  assert.equal((await chat(server.base, IP, { text: 'halo', token: 'ab'.repeat(32) })).status, 429);
  assert.equal(convs(), 5);
  // an open conversation continues, and another address may start one
  assert.equal((await chat(server.base, IP, { text: 'jam buka?', token: tokens[0] })).status, 200);
  assert.equal((await chat(server.base, '203.0.113.101', { text: 'halo' })).status, 200);
  assert.equal(convs(), 6);
});

// ---- webhooks ------------------------------------------------------------------------

const PN_A = '110000000000001', SECRET_A = 'appsecretAAAA0001';
const PN_B = '220000000000002', SECRET_B = 'appsecretBBBB0002';
const TOKEN = 'EAAGlimitsToken0123456789';

async function twoApps(t, args = PROXY) {
  const server = await startBalai({ args });
  const g = await startFakeGraph({ token: TOKEN, version: 'v21.0', appSecret: SECRET_A });
  t.after(async () => { await g.close(); await server.stop(); });
  for (const [office, pn, secret] of [['jelitik', PN_A, SECRET_A], ['srimenanti', PN_B, SECRET_B]]) {
    const r = cli(['channel', 'whatsapp', '--office', office, '--phone-number-id', pn, '--token', TOKEN,
      '--app-secret', secret, '--verify-token', `vt-${office}`, '--graph-url', g.url], { db: server.db.url });
    assert.equal(r.code, 0, r.stderr);
  }
  return server;
}

async function postHook(base, obj, secret, { ip, bad = false } = {}) {
  const body = JSON.stringify(obj);
  let sig = sign(body, secret);
  if (bad) sig = sig.slice(0, -1) + (sig.at(-1) === '0' ? '1' : '0');
  const headers = { 'content-type': 'application/json', 'x-hub-signature-256': sig };
  if (ip) headers['x-forwarded-for'] = ip;
  const res = await fetch(`${base}/webhooks/whatsapp`, { method: 'POST', headers, body });
  return res.status;
}

test('WhatsApp with an app per office: a delivery is checked with the secret of the number it names', async (t) => {
  const server = await twoApps(t);
  const inbound = (office) => Number(sql(server.db, `SELECT COUNT(*) FROM message m JOIN conversation c ON c.id = m.conversation_id JOIN contact k ON k.id = c.contact_id JOIN office o ON o.id = k.office_id WHERE o.slug = '${office}' AND m.direction = 'in'`).trim());
  const stored = () => Number(sql(server.db, "SELECT COUNT(*) FROM message WHERE direction = 'in'").trim());
  assert.equal(await postHook(server.base, textWebhook({ phoneNumberId: PN_B, text: 'halo B' }), SECRET_B), 200);
  assert.equal(await postHook(server.base, textWebhook({ phoneNumberId: PN_A, text: 'halo A' }), SECRET_A), 200);
  // B's app cannot speak for A's number
  assert.equal(await postHook(server.base, textWebhook({ phoneNumberId: PN_A, text: 'palsu' }), SECRET_B), 401);
  assert.equal(stored(), 2);
  for (let i = 0; i < 100 && (inbound('srimenanti') < 1 || inbound('jelitik') < 1); i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(inbound('srimenanti'), 1);
  assert.equal(inbound('jelitik'), 1);
});

test('refused webhooks from one address are throttled (429) and logged in summary; signed deliveries still go through', async (t) => {
  const server = await twoApps(t);
  const IP = '198.51.100.77';
  for (let i = 0; i < 20; i++)
    assert.equal(await postHook(server.base, textWebhook({ phoneNumberId: PN_A }), SECRET_A, { ip: IP, bad: true }), 401, `try ${i + 1}`);
  for (let i = 0; i < 30; i++)
    assert.equal(await postHook(server.base, textWebhook({ phoneNumberId: PN_A }), SECRET_A, { ip: IP, bad: true }), 429);
  // Meta's own deliveries from that same address are never held back
  assert.equal(await postHook(server.base, textWebhook({ phoneNumberId: PN_A, text: 'asli' }), SECRET_A, { ip: IP }), 200);
  // another address is refused normally
  assert.equal(await postHook(server.base, textWebhook({ phoneNumberId: PN_A }), SECRET_A, { ip: '198.51.100.78', bad: true }), 401);
  const lines = server.output().split('\n').filter((l) => /webhook ditolak|webhook ditahan/.test(l));
  assert.ok(lines.length >= 1 && lines.length <= 4, `51 refusals, ${lines.length} log lines`);
});

test('Telegram: a secret token under 16 characters is refused; wrong tokens are throttled per address', async (t) => {
  const server = await startBalai({ args: PROXY });
  t.after(() => server.stop());
  const TG = '123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
  const short = cli(['channel', 'telegram', '--office', 'jelitik', '--token', TG, '--secret-token', 'pendek_123',
    '--api-url', 'http://127.0.0.1:9'], { db: server.db.url });
  assert.notEqual(short.code, 0);
  assert.match(short.stdout + short.stderr, /Token rahasia minimal 16 karakter/);
  const SECRET = 'tg_secret_cukup_panjang_01';
  const ok = cli(['channel', 'telegram', '--office', 'jelitik', '--token', TG, '--secret-token', SECRET,
    '--api-url', 'http://127.0.0.1:9'], { db: server.db.url });
  assert.equal(ok.code, 0, ok.stderr);
  const post = (token, ip) => fetch(`${server.base}/webhooks/telegram/jelitik`, {
    method: 'POST', body: JSON.stringify({ update_id: 1 }),
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': token, 'x-forwarded-for': ip },
  }).then((r) => r.status);
  for (let i = 0; i < 20; i++) assert.equal(await post(`tebakan_${i}_xxxxxxxxxx`, '198.51.100.5'), 403, `guess ${i + 1}`);
  assert.equal(await post(SECRET, '198.51.100.5'), 429, 'no more guesses from there for a while');
  assert.equal(await post(SECRET, '198.51.100.6'), 200);
});
