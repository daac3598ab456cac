// How a portal-chat visitor hears of what staff write while they are away,
// and what the console says about it (issue 15's last gaps):
//  - the thread tells the clerk, by the reply box and in the JSON view model
//    (`reach`), whether this visitor will be notified: a browser notification,
//    the WhatsApp number they left (approved templates only), or nothing
//    until they open the chat again; each sent message then says whether the
//    visitor was notified and whether their chat has shown it;
//  - a message for later is taken only where it will reach the visitor:
//    typed text with a browser notification, an approved template on the
//    WhatsApp number; otherwise refused, saying why and what would help;
//  - in Chromium, a push that arrives while the office's page is on screen
//    is shown in the chat box itself, with no notification on top (unless
//    the server marks it `show`, as for Safari); with the page closed the
//    notification shows (ServiceWorker.deliverPushMessage
//    over the DevTools protocol hands the service worker the very notice the
//    server pushed to the fake push service).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { startBalai, sql, login } from './lib.mjs';
import { waitFor } from '../fakes/graph.mjs';
import { startFakePush } from '../fakes/push.mjs';
import { waEnv } from './wa-env.mjs';
import { unescapeHtml } from './util-e2e.mjs';

const INBOX = '/console/o/jelitik/percakapan';

async function post(base, path, payload) {
  const res = await fetch(`${base}${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(payload),
  });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text), text };
}

/** A first message in the chat box (with the number it offers to keep); the visitor's token. */
async function chat(base, text, phone) {
  const r = await post(base, '/o/jelitik/obrolan', phone ? { text, phone } : { text });
  assert.equal(r.status, 200, r.text);
  return r.body.token;
}

const subscribe = (base, token, s) => post(base, '/o/jelitik/obrolan/notifikasi',
  { token, endpoint: s.endpoint, p256dh: s.keys.p256dh, auth: s.keys.auth });

/** What the chat box fetches while it is open. */
async function poll(base, token) {
  const res = await fetch(`${base}/o/jelitik/obrolan?since=0`, { headers: { 'X-Balai-Chat': token } });
  assert.equal(res.status, 200);
  return (await res.json()).messages;
}

function conversationOf(db, token) {
  const address = crypto.createHash('sha256').update(token).digest('hex');
  return sql(db, `SELECT c.id FROM conversation c JOIN contact k ON k.id = c.contact_id WHERE k.address = '${address}'`).trim();
}

/** Local "YYYY-MM-DDTHH:MM" in WIB (UTC+7), for <input type=datetime-local>. */
const wib = (ms) => new Date(ms + 7 * 3600000).toISOString().slice(0, 16);

/** The thread as the clerk reads it: the reach line and each staff message's status line. */
async function thread(petugas, c) {
  const r = await petugas.get(`${INBOX}/${c}`);
  assert.equal(r.status, 200);
  const html = unescapeHtml(r.text);
  return {
    html,
    reach: html.match(/<p id="reach"[^>]*>([\s\S]*?)<\/p>/)?.[1].replace(/<[^>]+>/g, '') ?? '',
    status: (body) => {
      const li = html.slice(html.indexOf('id="thread"')).split('<li class="out').find((x) => x.includes(body)) ?? '';
      return li.match(/<div class="meta">[\s\S]*?· <span[^>]*>([^<]*)<\/span>/)?.[1] ?? '';
    },
  };
}

const dueNow = (db) => sql(db, `UPDATE job SET run_at = ${Date.now()} WHERE kind = 'scheduled'`);

test('a visitor with no notification: the clerk is told before and after sending, the JSON says the same, and scheduling is refused saying why; once the browser is subscribed, all of it changes and a message for later is pushed', async (t) => {
  const push = await startFakePush();
  const server = await startBalai({ env: { BALAI_PUSH_ALLOW: push.origin } }).catch(async (e) => { await push.close(); throw e; });
  t.after(async () => { try { await server.stop(); } finally { await push.close(); } });
  const petugas = await login(server.base, 'petugas.jelitik');
  const token = await chat(server.base, 'syarat surat pindah apa saja?');
  const c = conversationOf(server.db, token);

  // before sending: plainly, without technical words
  let page = await thread(petugas, c);
  assert.match(page.reach, /Pengunjung tidak akan diberi tahu\..*tidak meninggalkan nomor WhatsApp.*baru terlihat saat ia membuka obrolan lagi/);
  for (const jargon of [/push/i, /subscription/i, /endpoint/i, /langganan/i]) assert.doesNotMatch(page.reach, jargon);
  let vm = (await petugas.json(`${INBOX}/${c}`)).body;
  assert.equal(vm.reach.code, 'none');
  assert.equal(vm.reach.notified, false);
  assert.equal(vm.reach.label, 'Pengunjung tidak akan diberi tahu');
  assert.equal(vm.can_schedule, false);
  assert.match(page.html, /id="later-note"/, 'the side panel says why there is no "Kirim nanti"');
  assert.doesNotMatch(page.html, /id="later-text"/);

  // a message for later is refused with the reason and what would make it possible; nothing stored
  let r = await petugas.post(`${INBOX}/${c}/kirim-nanti`, { text: 'Besok surat Anda siap.', when: wib(Date.now() + 3600000) });
  assert.equal(r.status, 422);
  assert.match(unescapeHtml(r.text), /tidak dapat dijadwalkan: ia tidak menyalakan pemberitahuan di peramban dan tidak meninggalkan nomor WhatsApp.*Penjadwalan dapat dipakai bila pengunjung menyalakan pemberitahuan/);
  assert.ok(unescapeHtml(r.text).includes('Besok surat Anda siap.'), 'the typed text is kept');
  assert.equal(sql(server.db, 'SELECT COUNT(*) FROM scheduled_message').trim(), '0');

  // after sending: the message says it went without a notification, until the chat shows it
  r = await petugas.post(`${INBOX}/${c}/balas`, { text: 'Syaratnya KTP dan KK asli.' });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  page = await thread(petugas, c);
  assert.equal(page.status('Syaratnya KTP dan KK asli.'), 'belum dibuka pengunjung, tanpa pemberitahuan');
  assert.ok((await poll(server.base, token)).some((m) => m.text === 'Syaratnya KTP dan KK asli.'));
  page = await thread(petugas, c);
  assert.equal(page.status('Syaratnya KTP dan KK asli.'), 'sudah tampil di obrolan pengunjung');

  // the visitor turns on notifications in the chat box
  const sub = push.subscribe();
  assert.equal((await subscribe(server.base, token, sub)).status, 200);
  page = await thread(petugas, c);
  assert.match(page.reach, /^Pemberitahuan di peramban aktif\. Balasan Anda muncul sebagai pemberitahuan di perangkat pengunjung/);
  vm = (await petugas.json(`${INBOX}/${c}`)).body;
  assert.deepEqual([vm.reach.code, vm.reach.notified, vm.can_schedule], ['browser', true, true]);
  r = await petugas.post(`${INBOX}/${c}/balas`, { text: 'Apakah ada yang lain?' });
  assert.equal(r.status, 303);
  assert.equal((await thread(petugas, c)).status('Apakah ada yang lain?'), 'pemberitahuan dikirim ke peramban pengunjung');
  await push.waitForPosts(1, 'the reply\'s push');

  // a message for later is taken, and when due it is pushed and waits in the chat
  r = await petugas.post(`${INBOX}/${c}/kirim-nanti`, { text: 'Surat pindah Anda sudah jadi.', when: wib(Date.now() + 3600000) });
  assert.equal(r.status, 303, unescapeHtml(r.text).match(/role="alert">([^<]*)/)?.[1]);
  dueNow(server.db);
  const posts = await push.waitForPosts(2, 'the scheduled message\'s push');
  assert.equal(posts[1].error, undefined, posts[1].error);
  assert.equal(posts[1].payload.body, 'Surat pindah Anda sudah jadi.');
  assert.ok((await poll(server.base, token)).some((m) => m.text === 'Surat pindah Anda sudah jadi.' && m.from === 'petugas'));
});

test('a visitor reached only on the WhatsApp number they left: typed text for later is refused, an approved template is scheduled and goes to that number; the page says so', async (t) => {
  const env = await waEnv();
  t.after(() => env.close());
  env.g.templates = { balai_tindak_lanjut: { languages: ['id'], bodyParams: 1 } };
  const petugas = await login(env.base, 'petugas.jelitik');
  const token = await chat(env.base, 'kapan kantor buka?', '0812 7777 1234');
  const c = conversationOf(env.db, token);

  const page = await thread(petugas, c);
  assert.match(page.reach, /^Nomor WhatsApp hanya untuk pemberitahuan status\..*hanya dapat menerima pesan resmi yang sudah disetujui.*Balasan yang Anda ketik baru terlihat saat ia membuka obrolan lagi/);
  const vm = (await petugas.json(`${INBOX}/${c}`)).body;
  assert.deepEqual([vm.reach.code, vm.reach.notified, vm.can_schedule], ['whatsapp', false, false]);
  assert.ok(vm.templates.some((x) => x.value === 'followup'), 'the approved templates are offered for later');
  assert.match(page.html, /id="later-template"/);

  let r = await petugas.post(`${INBOX}/${c}/kirim-nanti`, { text: 'Kantor buka pukul 08.00.', when: wib(Date.now() + 3600000) });
  assert.equal(r.status, 422);
  assert.match(unescapeHtml(r.text), /Pesan ketikan untuk pengunjung ini tidak dapat dijadwalkan.*belum pernah menulis ke nomor WhatsApp kantor/);

  r = await petugas.post(`${INBOX}/${c}/kirim-nanti`, { template: 'followup', when: wib(Date.now() + 3600000) });
  assert.equal(r.status, 303, unescapeHtml(r.text).match(/role="alert">([^<]*)/)?.[1]);
  const msgs = await env.sent(() => dueNow(env.db), 'the scheduled template on WhatsApp');
  assert.equal(msgs.length, 1, JSON.stringify(msgs));
  assert.equal(msgs[0].type, 'template');
  assert.equal(msgs[0].template.name, 'balai_tindak_lanjut');
  assert.equal(msgs[0].to, '+6281277771234', 'to the number the visitor left');
  // the chat keeps its copy, and the clerk sees where it went
  const body = env.value(`SELECT body FROM message WHERE conversation_id = ${c} AND kind = 'template'`);
  assert.match(body, /menindaklanjuti percakapan Anda/);
  assert.equal((await thread(petugas, c)).status('menindaklanjuti percakapan Anda'), 'pemberitahuan dikirim ke WhatsApp pengunjung');
  assert.equal(env.count("SELECT COUNT(*) FROM message WHERE channel = 'whatsapp' AND kind = 'text' AND direction = 'out'"), 0, 'never free text to that number');
});

// Headless Chromium has no push service, so the subscription is stubbed as in
// webpush.test.mjs; the push itself is delivered to the real service worker
// through the DevTools protocol, with the notice the server encrypted for the
// fake push service (decrypted there).
test('in Chromium, a reply pushed while the office page is on screen opens the chat box with it and shows no notification; with the page closed the notification shows', async (t) => {
  const { chromium } = await import('playwright-core');
  const push = await startFakePush();
  const server = await startBalai({ env: { BALAI_PUSH_ALLOW: push.origin } }).catch(async (e) => { await push.close(); throw e; });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  t.after(async () => { await browser.close(); try { await server.stop(); } finally { await push.close(); } });
  const errors = [];
  const ctx = await browser.newContext({ locale: 'id-ID', viewport: { width: 360, height: 740 }, serviceWorkers: 'allow' });
  await ctx.grantPermissions(['notifications'], { origin: server.base });
  const sub = push.subscribe();
  await ctx.addInitScript((s) => {
    PushManager.prototype.subscribe = () => Promise.resolve({ endpoint: s.endpoint, toJSON: () => ({ endpoint: s.endpoint, expirationTime: null, keys: s.keys }) });
    PushManager.prototype.getSubscription = () => Promise.resolve(null);
  }, sub);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.base}/o/jelitik`);
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await page.getByRole('button', { name: 'Tanya kami' }).click();
  await page.fill('#chat-text', 'syarat sktm apa ya');
  await page.getByRole('button', { name: 'Kirim' }).click();
  await page.getByRole('button', { name: 'Beri tahu saya kalau ada balasan' }).click();
  await page.getByText(/Pemberitahuan aktif/).waitFor();
  // the visitor closes the box and reads the page: the box polls no more
  await page.getByRole('button', { name: 'Tutup obrolan' }).click();
  assert.equal(await page.locator('.chat-panel').isHidden(), true);

  const cdp = await ctx.newCDPSession(page);
  const regs = [];
  cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => regs.push(...e.registrations));
  await cdp.send('ServiceWorker.enable');
  const reg = await waitFor(() => regs.find((x) => x.scopeURL === `${server.base}/` && !x.isDeleted), { timeout: 10000, what: 'the service worker registration' });
  const deliver = (payload) => cdp.send('ServiceWorker.deliverPushMessage',
    { origin: server.base, registrationId: reg.registrationId, data: JSON.stringify(payload) });
  const notices = (p) => p.evaluate(() => navigator.serviceWorker.getRegistration('/')
    .then((r) => r.getNotifications()).then((list) => list.map((n) => n.body)));

  const token = await page.evaluate(() => localStorage.getItem('balai-chat-jelitik'));
  const c = conversationOf(server.db, token);
  const petugas = await login(server.base, 'petugas.jelitik');
  const reply = 'Baik, SKTM bisa diurus besok pagi.';
  assert.equal((await petugas.post(`${INBOX}/${c}/balas`, { text: reply })).status, 303);
  const [first] = await push.waitForPosts(1, 'the reply\'s push');
  assert.equal(first.payload.body, reply);

  await deliver(first.payload);
  await page.locator('.chat-log li.chat-petugas', { hasText: reply }).waitFor();
  assert.equal(await page.locator('.chat-panel').isVisible(), true, 'the box opened with the reply');
  assert.notEqual(await page.evaluate(() => document.activeElement?.id), 'chat-text', 'the focus stayed where the visitor was');
  assert.deepEqual(await notices(page), [], 'no notification over a chat that shows the reply');
  await waitFor(() => sql(server.db, `SELECT status FROM message WHERE body = '${reply}'`).trim() === 'shown', { timeout: 10000, what: 'the reply marked shown' });
  // a notice the server marks `show` (Safari's push service, which withdraws
  // silent subscriptions) shows even over the chat
  await deliver({ ...first.payload, show: true });
  await waitFor(async () => (await notices(page)).length === 1, { timeout: 15000, what: 'the notification Safari needs' });
  await page.evaluate(() => navigator.serviceWorker.getRegistration('/')
    .then((r) => r.getNotifications()).then((list) => list.forEach((n) => n.close())));
  assert.deepEqual(await notices(page), []);

  // the page is closed: the next reply is a notification
  const second = 'Jangan lupa membawa KK asli.';
  assert.equal((await petugas.post(`${INBOX}/${c}/balas`, { text: second })).status, 303);
  const posts = await push.waitForPosts(2, 'the second push');
  const other = await ctx.newPage();          // a page of the site that is not the office's chat
  await other.goto(`${server.base}/login`);
  const cdp2 = await ctx.newCDPSession(other);
  await cdp2.send('ServiceWorker.enable');
  await page.close();
  // until the service worker no longer counts the closed page among its windows
  const [worker] = ctx.serviceWorkers();
  await waitFor(() => worker.evaluate(() => self.clients.matchAll({ type: 'window', includeUncontrolled: true })
    .then((list) => list.every((c) => !new URL(c.url).pathname.startsWith('/o/jelitik')))), { timeout: 15000, what: 'the office page gone' });
  await cdp2.send('ServiceWorker.deliverPushMessage',
    { origin: server.base, registrationId: reg.registrationId, data: JSON.stringify(posts[1].payload) });
  const shown = await waitFor(async () => { const n = await notices(other); return n.length && n; }, { timeout: 30000, what: 'the notification' });
  assert.deepEqual(shown, [second]);
  assert.deepEqual(errors, []);
});
