// Web Push for the portal chat (issue 15), end to end: a visitor's browser
// subscribes for its conversation (POST /o/{office}/obrolan/notifikasi with
// the chat's token), and a staff reply or a status notice written later
// reaches the browser's push service, encrypted for that browser (RFC 8291)
// and signed with the server's VAPID key (RFC 8292). The push service is
// tests/fakes/push.mjs, allowed through BALAI_PUSH_ALLOW: it verifies the
// JWT against the key the server publishes and decrypts the body with the
// subscription's private key, which only the test (as the browser) holds.
// Also: a 410 removes the subscription, hostile subscriptions are refused in
// Indonesian, and a visitor without a subscription gets no push job; one
// who left a WhatsApp number instead gets the status notice there (the
// approved template, through the fake Graph API).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBalai, sql, login, cli, freshDb, serveOn } from './lib.mjs';
import { waitFor } from '../fakes/graph.mjs';
import { startFakePush } from '../fakes/push.mjs';
import { waEnv } from './wa-env.mjs';

async function setup() {
  const push = await startFakePush();
  const server = await startBalai({ env: { BALAI_PUSH_ALLOW: push.origin } }).catch(async (e) => {
    await push.close();            // else its open port keeps the test process alive
    throw e;
  });
  const value = (q) => sql(server.db, q).trim();
  return {
    push, server, base: server.base, value, count: (q) => Number(value(q)),
    async close() { try { await server.stop(); } finally { await push.close(); } },
  };
}

async function post(base, path, payload) {
  const res = await fetch(`${base}${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(payload),
  });
  const text = await res.text();
  let body;
  try { body = JSON.parse(text); } catch { assert.fail(`not JSON (${res.status}): ${text.slice(0, 300)}`); }
  return { status: res.status, body, text };
}

/** A message in the chat box; returns the visitor's token. */
async function chat(env, text, token) {
  const r = await post(env.base, '/o/jelitik/obrolan', token ? { text, token } : { text });
  assert.equal(r.status, 200, r.text);
  return r.body.token;
}

/** What chat.js posts after PushManager.subscribe(): the subscription's fields, flat. */
const subscribe = (env, token, s) => post(env.base, '/o/jelitik/obrolan/notifikasi',
  { token, endpoint: s.endpoint, p256dh: s.keys.p256dh, auth: s.keys.auth });

/** The visitor's conversation id (the contact's address is the token's SHA-256). */
function conversationOf(env, token) {
  const address = crypto.createHash('sha256').update(token).digest('hex');
  return env.value(`SELECT c.id FROM conversation c JOIN contact k ON k.id = c.contact_id WHERE k.address = '${address}'`);
}

async function staffReply(env, petugas, token, text) {
  const r = await petugas.post(`/console/o/jelitik/percakapan/${conversationOf(env, token)}/balas`, { text });
  assert.equal(r.status, 303, r.text.slice(0, 300));
}

async function setStatus(officer, id, to) {
  const page = await officer.get(`/console/o/jelitik/permohonan/${id}`);
  const version = page.text.match(/name="version" value="(\d+)"/)[1];
  const r = await officer.post(`/console/o/jelitik/permohonan/${id}/status`, { to, note: '', version });
  assert.equal(r.status, 303, `status ${to}: ${r.status} ${r.text.slice(0, 400)}`);
}

const pushJobs = (env) => env.count("SELECT COUNT(*) FROM job WHERE kind = 'webpush'");

test('a staff reply and a status notice reach the subscribed browser, decrypted with the right text and signed with the server\'s key; a visitor without a subscription gets no push', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  const petugas = await login(env.base, 'petugas.jelitik');
  const office = env.value("SELECT name FROM office WHERE slug = 'jelitik'");

  // a visitor who never subscribed: the reply is stored, no push job
  const other = await chat(env, 'mau tanya jam buka');
  await staffReply(env, petugas, other, 'Kantor buka pukul 08.00.');
  assert.equal(pushJobs(env), 0, 'no subscription, no push job');

  const token = await chat(env, 'syarat sktm apa ya');
  const key = await fetch(`${env.base}/o/jelitik/obrolan/notifikasi`).then((r) => r.json());
  assert.match(key.key, /^[A-Za-z0-9_-]{87}$/, 'a 65-byte public key in base64url');
  const again = await fetch(`${env.base}/o/jelitik/obrolan/notifikasi`).then((r) => r.json());
  assert.equal(again.key, key.key, 'one key pair for the deployment');
  assert.match(env.value('SELECT private_key FROM push_key'), /^enc1:/, 'its private half is sealed');

  const sub = env.push.subscribe();
  const s = await subscribe(env, token, sub);
  assert.equal(s.status, 200, s.text);
  assert.match(s.body.message, /Pemberitahuan aktif/);

  const reply = 'Selamat siang, SKTM bisa diurus hari kerja pukul 08.00–12.00.';
  await staffReply(env, petugas, token, reply);
  const [p] = await env.push.waitForPosts(1, 'the staff reply\'s push');
  assert.equal(p.error, undefined, p.error);
  assert.equal(p.id, sub.id);
  assert.equal(p.vapid.k, key.key, 'signed with the key the server publishes');
  assert.deepEqual(p.payload, { title: office, body: reply, url: p.payload.url });
  assert.match(p.payload.url, /\/o\/jelitik#obrolan$/, 'the notice reopens the office\'s chat');
  await waitFor(() => env.count('SELECT last_success_at FROM push_subscription') > 0, { timeout: 30000, what: 'the delivery recorded' });

  // a request made in the chat, then a status change in the console: the notice is pushed
  const say = (payload) => post(env.base, '/o/jelitik/obrolan', { token, ...payload });
  await say({ choice: 'ajukan:sktm' });
  await say({ text: 'Rina Marlina' });
  await say({ text: 'RT 04/RW 02, Jl. Kenanga 3' });
  await say({ choice: 'intake:ya' });
  const id = env.value('SELECT id FROM request');
  const number = env.value('SELECT number FROM request');
  await setStatus(petugas, id, 'diproses');
  const posts = await waitFor(() => env.push.posts.find((x) => x.payload?.body.includes(number)) && env.push.posts,
    { timeout: 30000, what: 'the status notice\'s push' });
  // jobs run in order: had the bot's answers during the intake been pushed, they would be here
  assert.equal(posts.length, 2, `the bot's answers while the visitor types are not pushed: ${JSON.stringify(posts.map((x) => x.payload))}`);
  const notice = posts[1].payload;
  assert.equal(posts[1].error, undefined, posts[1].error);
  assert.equal(notice.title, office);
  assert.ok(notice.body.includes(number), `the notice names ${number}: ${notice.body}`);
  assert.match(notice.body, /Sedang diproses/);
  const stored = env.value("SELECT body FROM message WHERE direction = 'out' ORDER BY id DESC LIMIT 1");
  assert.ok(stored.includes('*'), 'the stored notice has WhatsApp\'s bold marks');
  assert.equal(notice.body, stored.replaceAll('*', ''), 'the notice is the message, without the bold marks');
});

test('a subscription the push service says is gone (410) is removed and gets no further push', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  const petugas = await login(env.base, 'petugas.jelitik');
  const token = await chat(env, 'halo, mau tanya');
  const sub = env.push.subscribe();
  assert.equal((await subscribe(env, token, sub)).status, 200);
  env.push.statusFor.set(sub.id, 410);
  await staffReply(env, petugas, token, 'Silakan, ada yang bisa kami bantu?');
  const [p] = await env.push.waitForPosts(1);
  assert.equal(p.status, 410);
  await waitFor(() => env.count('SELECT COUNT(*) FROM push_subscription') === 0, { timeout: 30000, what: 'the subscription removed' });
  await staffReply(env, petugas, token, 'Apakah masih ada pertanyaan?');
  assert.equal(pushJobs(env), 0, 'the second reply queues no push');
  assert.equal(env.count("SELECT COUNT(*) FROM message WHERE body = 'Apakah masih ada pertanyaan?'"), 1, 'the reply itself is kept for the chat');
  // the visitor subscribes again from another browser: only that one hears of the next reply
  const fresh = env.push.subscribe();
  assert.equal((await subscribe(env, token, fresh)).status, 200);
  await staffReply(env, petugas, token, 'Kami tunggu kabarnya.');
  await env.push.waitForPosts(2);
  assert.deepEqual(env.push.posts.map((x) => [x.id, x.status]), [[sub.id, 410], [fresh.id, 201]], 'the gone endpoint got nothing more');
  assert.equal(env.push.posts[1].payload.body, 'Kami tunggu kabarnya.');
  // a long reply: the notice carries its first 300 characters (not bytes) and an ellipsis
  const long = 'Persyaratan surat keterangan domisili usaha: '.padEnd(400, 'é');
  await staffReply(env, petugas, token, long);
  await env.push.waitForPosts(3);
  assert.equal(env.push.posts[2].payload.body, `${[...long].slice(0, 300).join('')}…`);
});

test('hostile or broken subscriptions are refused in Indonesian and store nothing; a visitor keeps at most 3; new ones are limited per address', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  const token = await chat(env, 'halo');
  const subs = () => env.count('SELECT COUNT(*) FROM push_subscription');
  const good = env.push.subscribe();
  const refused = async (fields, status, re) => {
    const r = await post(env.base, '/o/jelitik/obrolan/notifikasi', {
      token, endpoint: good.endpoint, p256dh: good.keys.p256dh, auth: good.keys.auth, ...fields,
    });
    assert.equal(r.status, status, `${JSON.stringify(fields)}: ${r.text}`);
    assert.match(r.body.error, re);
    assert.equal(subs(), 0, 'nothing stored');
  };
  await refused({ endpoint: 'https://evil.example/push/1' }, 422, /layanan notifikasi peramban yang dikenal/);
  await refused({ endpoint: 'http://fcm.googleapis.com/fcm/send/x' }, 422, /https/);
  await refused({ endpoint: 'https://fcm.googleapis.com.evil.example/x' }, 422, /layanan notifikasi peramban yang dikenal/);
  await refused({ endpoint: 'https://fcm.googleapis.com:8443/x' }, 422, /layanan notifikasi peramban yang dikenal/);
  const short = Buffer.from(good.keys.p256dh, 'base64url').subarray(0, 64).toString('base64url');
  await refused({ p256dh: short }, 422, /Kunci enkripsi .* tidak sah \(harus tepat 65 bita\)/);
  const off = Buffer.from(good.keys.p256dh, 'base64url');
  off[64] ^= 1;                                   // 65 bytes, not a point on the curve
  await refused({ p256dh: off.toString('base64url') }, 422, /Kunci enkripsi dari peramban Anda tidak sah/);
  await refused({ auth: Buffer.alloc(15, 7).toString('base64url') }, 422, /Kunci rahasia .* tidak sah \(harus tepat 16 bita\)/);
  await refused({ token: 'f'.repeat(64) }, 404, /Kirim pesan dulu/);
  await refused({ token: 'bukan-token' }, 422, /Percakapan tidak dikenal/);

  // four browsers for one visitor: the oldest gives way
  const four = [good, env.push.subscribe(), env.push.subscribe(), env.push.subscribe()];
  for (const s of four) assert.equal((await subscribe(env, token, s)).status, 200);
  const kept = env.value('SELECT endpoint FROM push_subscription ORDER BY id').split('\n');
  assert.deepEqual(kept, four.slice(1).map((s) => s.endpoint), 'the three newest are kept');
  // the same browser again replaces its row rather than adding one
  assert.equal((await subscribe(env, token, four[3])).status, 200);
  assert.equal(subs(), 3);

  // a visitor can switch it off
  const off1 = await post(env.base, '/o/jelitik/obrolan/notifikasi/hapus', { token, endpoint: four[3].endpoint });
  assert.equal(off1.status, 200, off1.text);
  assert.match(off1.body.message, /dimatikan/);
  assert.equal(subs(), 2);

  // new subscriptions per client address: 5 taken so far, 10 per 10 minutes
  for (let i = 0; i < 5; i++) assert.equal((await subscribe(env, token, env.push.subscribe())).status, 200);
  const before = subs();
  const r = await subscribe(env, token, env.push.subscribe());
  assert.equal(r.status, 429, r.text);
  assert.match(r.body.error, /terlalu banyak permintaan pemberitahuan/);
  assert.equal(subs(), before, 'the refused one is not stored');
});

test('after `balai secrets rotate` the Web Push key still opens: the same public key signs the next push', async (t) => {
  // its own key file even on PostgreSQL, where the default ./balai.key is shared by every test
  const dir = mkdtempSync(join(tmpdir(), 'balai-push-rotate-'));
  const keyEnv = { BALAI_SECRET_KEY_FILE: join(dir, 'rahasia.key') };
  const push = await startFakePush();
  const db = freshDb();
  t.after(async () => { await push.close(); db.drop(); rmSync(dir, { recursive: true, force: true }); });
  assert.equal(cli(['init', '--demo'], { db: db.url, env: keyEnv }).code, 0);
  const serve = () => serveOn(db, ['--files-dir', join(dir, 'files')], { ...keyEnv, BALAI_PUSH_ALLOW: push.origin });
  let server = await serve();
  const env = { base: server.base, push, value: (q) => sql(db, q).trim() };
  const token = await chat(env, 'mau tanya syarat sku');
  const before = await fetch(`${env.base}/o/jelitik/obrolan/notifikasi`).then((r) => r.json());
  assert.equal((await subscribe(env, token, push.subscribe())).status, 200);
  await server.stop();

  const sealed = env.value('SELECT private_key FROM push_key');
  const r = cli(['secrets', 'rotate'], { db: db.url, env: keyEnv });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '', 'no warning');
  const resealed = env.value('SELECT private_key FROM push_key');
  assert.match(resealed, /^enc1:/);
  assert.notEqual(resealed, sealed, 'sealed again with the new key');

  server = await serve();
  t.after(() => server.stop());
  env.base = server.base;
  const after = await fetch(`${env.base}/o/jelitik/obrolan/notifikasi`).then((x) => x.json());
  assert.equal(after.key, before.key, 'browsers keep the key they subscribed with');
  await staffReply(env, await login(env.base, 'petugas.jelitik'), token, 'Syarat SKU: KTP dan KK.');
  const [p] = await push.waitForPosts(1);
  assert.equal(p.error, undefined, p.error);
  assert.equal(p.vapid.k, before.key);
  assert.equal(p.payload.body, 'Syarat SKU: KTP dan KK.');
});

// The chat box's button in Debian's Chromium. Headless Chromium has no push
// service, so what is stubbed is the browser's side of it: an init script
// replaces PushManager.prototype.subscribe to hand back a subscription whose
// endpoint and keys the fake push service made (and records the key the
// page asked with). The page's own JS (chat.js), the service worker
// registration and the real server do the rest.
test('in Chromium, the chat offers notifications after the first message; allowing them subscribes and a staff reply is pushed; a browser that refuses gets the WhatsApp suggestion', async (t) => {
  const { chromium } = await import('playwright-core');
  const env = await setup();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  t.after(async () => { await browser.close(); await env.close(); });
  const errors = [];
  const open = async (allow) => {
    const ctx = await browser.newContext({ locale: 'id-ID', viewport: { width: 360, height: 740 }, serviceWorkers: 'allow' });
    if (allow) await ctx.grantPermissions(['notifications'], { origin: env.base });
    const sub = env.push.subscribe();
    await ctx.addInitScript((s) => {
      window.__asked = [];
      PushManager.prototype.subscribe = function (opts) {
        const key = new Uint8Array(opts.applicationServerKey);
        window.__asked.push({ userVisibleOnly: opts.userVisibleOnly, key: btoa(String.fromCharCode(...key)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') });
        return Promise.resolve({ endpoint: s.endpoint, toJSON: () => ({ endpoint: s.endpoint, expirationTime: null, keys: s.keys }) });
      };
      PushManager.prototype.getSubscription = () => Promise.resolve(null);
    }, sub);
    const page = await ctx.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${env.base}/o/jelitik`);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await page.getByRole('button', { name: 'Tanya kami' }).click();
    await page.fill('#chat-text', 'syarat sktm apa ya');
    await page.getByRole('button', { name: 'Kirim' }).click();
    const offer = page.getByRole('button', { name: 'Beri tahu saya kalau ada balasan' });
    await offer.waitFor();
    if (process.env.BALAI_SCREENSHOTS) await page.screenshot({ path: `${process.env.BALAI_SCREENSHOTS}/push-offer-360.png` });
    await offer.click();
    return { page, sub };
  };

  const { page, sub } = await open(true);
  await page.getByText(/Pemberitahuan aktif/).waitFor();
  const key = await fetch(`${env.base}/o/jelitik/obrolan/notifikasi`).then((r) => r.json());
  assert.deepEqual(await page.evaluate(() => window.__asked), [{ userVisibleOnly: true, key: key.key }],
    'the page subscribed once, visible notices only, with the server\'s key');
  assert.equal(env.value('SELECT endpoint FROM push_subscription'), sub.endpoint);
  const token = await page.evaluate(() => localStorage.getItem('balai-chat-jelitik'));
  const petugas = await login(env.base, 'petugas.jelitik');
  await staffReply(env, petugas, token, 'Baik, kami bantu. Silakan datang besok pagi.');
  const [p] = await env.push.waitForPosts(1);
  assert.equal(p.payload.body, 'Baik, kami bantu. Silakan datang besok pagi.');

  const refused = await open(false);
  await refused.page.getByText(/Tinggalkan nomor WhatsApp Anda di bawah/).waitFor();
  if (process.env.BALAI_SCREENSHOTS) await refused.page.screenshot({ path: `${process.env.BALAI_SCREENSHOTS}/push-refused-360.png` });
  assert.ok(await refused.page.locator('details.chat-contact').evaluate((d) => d.open), 'the number field is opened');
  assert.equal(await refused.page.evaluate(() => window.__asked.length), 0, 'nothing was subscribed');
  assert.equal(env.count('SELECT COUNT(*) FROM push_subscription'), 1);
  assert.deepEqual(errors, []);
});

test('a visitor who left a WhatsApp number and has no push subscription gets the status notice as the WhatsApp template; one with a subscription gets the push only', async (t) => {
  const push = await startFakePush();
  const env = await waEnv({ balaiEnv: { BALAI_PUSH_ALLOW: push.origin } }).catch(async (e) => { await push.close(); throw e; });
  t.after(async () => { try { await env.close(); } finally { await push.close(); } });
  env.g.templates = { balai_status_permohonan: { languages: ['id'], bodyParams: 4 }, balai_survei: { languages: ['id'], bodyParams: 2 } };
  const petugas = await login(env.base, 'petugas.jelitik');
  const apply = async (name, phone) => {
    const first = await post(env.base, '/o/jelitik/obrolan', { text: 'syarat sktm apa ya', phone });
    assert.equal(first.status, 200, first.text);
    const token = first.body.token;
    for (const p of [{ choice: 'ajukan:sktm' }, { text: name }, { text: 'RT 04/RW 02, Jl. Kenanga 3' }, { choice: 'intake:ya' }])
      assert.equal((await post(env.base, '/o/jelitik/obrolan', { token, ...p })).status, 200);
    const row = env.value(`SELECT id || ' ' || number FROM request WHERE citizen_name = '${name}'`).split(' ');
    return { token, id: row[0], number: row[1] };
  };

  // no subscription, a number given: the notice also goes to that number as the approved template
  const a = await apply('Rina Marlina', '0812 3456 7890');
  const msgs = await env.sent(() => setStatus(petugas, a.id, 'diproses'), 'the status template on WhatsApp');
  const tpl = msgs.find((b) => b.type === 'template' && b.template.name === 'balai_status_permohonan');
  assert.ok(tpl, `the status template goes out: ${JSON.stringify(msgs)}`);
  assert.equal(tpl.to, '+6281234567890', 'to the number the visitor gave');
  const params = tpl.template.components[0].parameters.map((p) => p.text);
  assert.equal(params[0], a.number, 'the template names the request');
  assert.equal(env.count(`SELECT COUNT(*) FROM message m JOIN conversation c ON c.id = m.conversation_id JOIN contact k ON k.id = c.contact_id
    WHERE k.channel = 'web' AND m.direction = 'out' AND m.body LIKE '%${a.number}%Sedang diproses%'`), 1,
    'the notice is in the portal chat too, for when the visitor comes back');

  // subscribed to push: the push carries it, WhatsApp is left alone
  const b = await apply('Dewi Lestari', '0813 1111 2222');
  const sub = push.subscribe();
  const s = await subscribe(env, b.token, sub);
  assert.equal(s.status, 200, s.text);
  const before = env.g.messages().length;
  await setStatus(petugas, b.id, 'diproses');
  await push.waitForPosts(1, 'the status notice\'s push');
  await env.settle();
  assert.ok(push.posts[0].payload.body.includes(b.number), push.posts[0].payload.body);
  const later = env.g.messages().slice(before).map((m) => m.body);
  assert.deepEqual(later.filter((m) => m.to === '+6281311112222'), [], 'no WhatsApp message to a visitor the push reaches');
});
