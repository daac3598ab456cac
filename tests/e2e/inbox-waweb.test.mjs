// The inbox reads like WhatsApp Web (issue 15), over HTTP and in a real
// browser (Debian's Chromium through playwright-core):
// - the conversation list previews the last message as plain text, without
//   WhatsApp's *, _, ~ and ``` markers, and still escaped;
// - the thread has a centred chip between days: "Hari ini", "Kemarin", or
//   the date in Indonesian, in the office's time zone, also when inbox.js
//   opens a conversation in place;
// - after an action on a conversation (reply, take, hand over, note, label,
//   close) the officer comes back to the list as they had filtered it, with
//   and without JavaScript.
// With BALAI_SCREENSHOTS=<folder> the test saves what it saw there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { login } from './lib.mjs';
import { unescapeHtml, signedInPage } from './util-e2e.mjs';
import { waEnv, WA } from './wa-env.mjs';
import { textWebhook } from '../fakes/graph.mjs';

const LAUNCH = {
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
};
const SHOTS = process.env.BALAI_SCREENSHOTS;
const FROM = '6281234500077';
const LIST = '/console/o/jelitik/percakapan';
// a day long past, 10.00 in Jelitik (WIB, UTC+7)
const OLD_DAY = Date.UTC(2026, 10, 30, 3, 0, 0) / 1000;
const OLD_LABEL = new Intl.DateTimeFormat('id-ID', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric',
  timeZone: 'Asia/Jakarta' }).format(new Date(OLD_DAY * 1000));
let env, staff, conv, thread, browser;
const jsErrors = [];

before(async () => {
  env = await waEnv();
  for (const text of ['Selamat pagi, saya mau tanya syarat SKCK', 'Untuk melamar kerja', 'Apakah bisa hari ini?'])
    assert.equal((await env.deliver(textWebhook({ phoneNumberId: WA.PNID, from: FROM, name: 'Siti Aminah', text }))).status, 200);
  await env.settle();
  conv = env.value(`SELECT c.id FROM conversation c JOIN contact k ON k.id = c.contact_id WHERE k.address = '${FROM}'`);
  // the first message came on a day long past, the second yesterday, the rest today
  const ids = env.value(`SELECT id FROM message WHERE conversation_id = ${conv} AND direction = 'in' ORDER BY id`).split(/\s+/);
  env.value(`UPDATE message SET created_at = ${OLD_DAY} WHERE conversation_id = ${conv} AND id < ${ids[1]}`);
  env.value(`UPDATE message SET created_at = ${Math.floor(Date.now() / 1000) - 86400} WHERE conversation_id = ${conv} AND id >= ${ids[1]} AND id < ${ids[2]}`);
  staff = await login(env.base, 'petugas.jelitik');
  thread = `${LIST}/${conv}`;
  await staff.get(thread);
  const r = await staff.post(`${thread}/balas`, { text: '*Baik*, silakan datang _besok_ ~siang~ pagi ```08.00``` <b>ya</b>', holder: '0' });
  assert.equal(r.status, 303);
  await env.settle();
  browser = await chromium.launch(LAUNCH);
});

after(async () => {
  await browser?.close();
  await env?.close();
});

test('the list previews the last message as plain text, without WhatsApp markers, escaped', async () => {
  const html = (await staff.get(LIST)).text;
  const row = html.slice(html.indexOf(`data-conversation="${conv}"`));
  const last = row.match(/<span class="conv-last">([^<]*)<\/span>/)?.[1];
  assert.equal(last, 'Baik, silakan datang besok siang pagi 08.00 &lt;b&gt;ya&lt;/b&gt;');
  // the thread itself keeps the formatting
  assert.match((await staff.get(thread)).text, /<strong>Baik<\/strong>, silakan datang <em>besok<\/em> <s>siang<\/s> pagi <code>08\.00<\/code>/);
});

test('the thread has a chip between days: the date, "Kemarin", "Hari ini"', async () => {
  const html = unescapeHtml((await staff.get(thread)).text);
  const items = [...html.matchAll(/<li class="(day|in|out[^"]*)">([\s\S]*?)<\/li>/g)];
  const chips = items.filter((m) => m[1] === 'day').map((m) => m[2].replace(/<[^>]+>/g, '').trim());
  assert.deepEqual(chips, [OLD_LABEL, 'Kemarin', 'Hari ini']);
  assert.match(OLD_LABEL, /^Senin, 30 November 2026$/);
  // each chip heads its own day's messages
  const order = items.map((m) => m[1] === 'day' ? m[2].replace(/<[^>]+>/g, '').trim() : m[2].match(/syarat SKCK|melamar kerja|hari ini\?|Baik/)?.[0]);
  assert.deepEqual(order.filter(Boolean).filter((x, i, a) => x !== 'Baik' || a.indexOf(x) === i).slice(0, 6),
    [OLD_LABEL, 'syarat SKCK', 'Kemarin', 'melamar kerja', 'Hari ini', 'hari ini?']);
});

test('after each action the officer is back at the list as filtered', async () => {
  const QS = '?tampil=mine&q=Siti';
  const page = (await staff.get(`${thread}${QS}`)).text;
  // every form of the thread posts back with the list's filters
  const actions = [...page.matchAll(/<form method="post" action="([^"]+)"/g)].map((m) => unescapeHtml(m[1]))
    .filter((a) => a.startsWith(`${thread}/`));
  assert.ok(actions.length >= 6, String(actions));
  for (const a of actions) assert.ok(a.endsWith(QS), `${a} keeps the filters`);
  assert.match(page, /<input type="hidden" name="q" value="Siti">/, 'the standard-answer picker keeps them too');
  const me = String(env.value("SELECT id FROM staff WHERE username = 'petugas.jelitik'"));
  const steps = [
    ['balas', { text: 'Sudah kami terima.', holder: me }],
    ['tugaskan', { staff: 'saya' }],
    ['catatan', { note: 'Warga akan datang besok.' }],
    ['label', { label: 'penting' }],
    ['label', { hapus: 'penting' }],
    ['status', { action: 'selesai' }],
  ];
  for (const [path, form] of steps) {
    await staff.get(`${thread}${QS}`);
    const r = await staff.post(`${thread}/${path}${QS}`, form);
    assert.equal(r.status, 303, `${path}: ${r.status} ${r.text?.slice(0, 300)}`);
    assert.equal(new URL(r.location, env.base).pathname + new URL(r.location, env.base).search, `${thread}${QS}`, path);
  }
  // a refused form is drawn again beside the same filtered list
  await staff.get(`${thread}${QS}`);
  const bad = await staff.post(`${thread}/catatan${QS}`, { note: '   ' });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /id="f-q"[^>]*value="Siti"/);
});

const pageAt = (width, height, path) => signedInPage(browser, staff, env.base, width, height, path, jsErrors);

test('in the browser: a thread opened in place has its day chips, and a note brings back the filtered list', async () => {
  const page = await pageAt(1366, 768, `${LIST}?q=Siti`);
  await page.evaluate(() => { window.balaiNoReload = true; });
  await Promise.all([page.waitForURL(`**/percakapan/${conv}?q=Siti`), page.click(`li[data-conversation="${conv}"] a`)]);
  await page.waitForSelector('#thread li.day');
  assert.equal(await page.evaluate(() => window.balaiNoReload), true, 'opened in place');
  assert.deepEqual(await page.locator('#thread li.day').allInnerTexts(), [OLD_LABEL, 'Kemarin', 'Hari ini']);
  const chip = await page.locator('#thread li.day').last().boundingBox(), pane = await page.locator('#thread').boundingBox();
  assert.ok(Math.abs(chip.x + chip.width / 2 - (pane.x + pane.width / 2)) < 3, 'the chip is centred');
  if (SHOTS) {
    await page.locator('#thread li.day >> text=Kemarin').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'inbox-waweb-1366.png') });
  }
  await page.fill('#note', 'Dicek lagi besok pagi.');
  await Promise.all([page.waitForURL(`**/percakapan/${conv}?q=Siti`), page.click('#notes button[type=submit]')]);
  await page.waitForSelector('#notes-list >> text=Dicek lagi besok pagi.');
  assert.equal(await page.inputValue('#f-q'), 'Siti', 'the search is still there');

  const phone = await pageAt(360, 740, `${thread}?q=Siti`);
  assert.ok(await phone.locator('#thread li.day >> text=Hari ini').isVisible());
  if (SHOTS) {
    await phone.locator('#thread li.day >> text=Kemarin').scrollIntoViewIfNeeded();
    await phone.screenshot({ path: join(SHOTS, 'inbox-waweb-360.png') });
  }
  assert.equal(await phone.getAttribute('.back a', 'href'), `${LIST}?q=Siti`);
  assert.deepEqual(jsErrors, []);
});
