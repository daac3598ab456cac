// The inbox in two panes, like WhatsApp Web (issue 15), in a real browser
// (Debian's Chromium through playwright-core). On a kelurahan PC
// (1366x768) the conversation list and the open thread are side by side,
// the reply box sits under the latest message and inside the screen, the
// page itself does not scroll (the thread does), internal notes are beside
// the conversation and never among the messages, and WhatsApp's *bold* and
// _italic_ show as such while markup a citizen types stays text. On a phone
// (360x740) the list and the thread are two screens, with a way back. On
// a wide screen a conversation picked in the list opens in place.
// axe-core finds no WCAG 2.1 A/AA violation on either at either size.
// With BALAI_SCREENSHOTS=<folder> the test saves what it saw there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { login } from './lib.mjs';
import { signedInPage } from './util-e2e.mjs';
import { waEnv, WA } from './wa-env.mjs';
import { textWebhook } from '../fakes/graph.mjs';

const LAUNCH = {
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
};
const SHOTS = process.env.BALAI_SCREENSHOTS;
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const FROM = '6281234500042';
let env, browser, staff, conv;
const jsErrors = [];

before(async () => {
  env = await waEnv({ statuses: true });
  const say = async (text) => {
    assert.equal((await env.deliver(textWebhook({ phoneNumberId: WA.PNID, from: FROM, name: 'Siti Aminah', text }))).status, 200);
    await env.settle();
  };
  await say('Selamat pagi, saya mau tanya *syarat SKCK* untuk _melamar kerja_');
  await say('Kalau ~besok~ hari ini bisa langsung diurus? <b>tebal</b> *<i>bukan tag</i>*');
  for (let i = 1; i <= 6; i++) await say(`Pertanyaan tambahan ke-${i}: apakah perlu membawa fotokopi KK?`);
  conv = env.count(`SELECT c.id FROM conversation c JOIN contact k ON k.id = c.contact_id WHERE k.address = '${FROM}'`);
  staff = await login(env.base, 'petugas.jelitik');
  const thread = `/console/o/jelitik/percakapan/${conv}`;
  await staff.get(thread);
  assert.equal((await staff.post(`${thread}/catatan`, { note: 'Warga ini sudah pernah datang minggu lalu.' })).status, 303);
  await staff.get(thread);
  assert.equal((await staff.post(`${thread}/balas`, { text: '*Baik*, silakan datang pukul 08.00.', holder: '0' })).status, 303);
  await env.settle();
  browser = await chromium.launch(LAUNCH);
});

after(async () => {
  await browser?.close();
  await env?.close();
});

const pageAt = (width, height, path) => signedInPage(browser, staff, env.base, width, height, path, jsErrors);

/** axe-core's WCAG 2.1 A/AA findings on the page as it is now (the crawl
 * of a11y.test.mjs meets no conversation, so the panes are checked here). */
async function axe(page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
}

const box = async (page, sel) => {
  const b = await page.locator(sel).boundingBox();
  assert.ok(b, `${sel} is drawn`);
  return b;
};

test('at 1366x768 the list and the open thread are side by side, the reply box under the latest message', async () => {
  const page = await pageAt(1366, 768, `/console/o/jelitik/percakapan/${conv}`);
  const list = await box(page, '.pane-list'), thread = await box(page, '.pane-thread');
  assert.ok(list.x + list.width <= thread.x + 1, 'the list is left of the thread');
  assert.ok(await page.locator(`li.open[data-conversation="${conv}"] >> text=Siti Aminah`).isVisible(),
    'the open conversation is marked in the list');
  // the page does not scroll; the thread pane does, and opens at its latest message
  const sizes = await page.evaluate(() => {
    const s = document.getElementById('thread-scroll');
    return { page: document.documentElement.scrollHeight, view: innerHeight, inner: s.scrollHeight, shown: s.clientHeight };
  });
  assert.ok(sizes.page <= sizes.view, `the page is ${sizes.page}px high in a ${sizes.view}px window`);
  assert.ok(sizes.inner > sizes.shown, 'the messages scroll inside their pane');
  const last = await box(page, '#thread > li:last-child'), scroller = await box(page, '#thread-scroll');
  assert.match(await page.locator('#thread > li:last-child').innerText(), /silakan datang pukul 08\.00/);
  assert.ok(last.y + last.height <= scroller.y + scroller.height + 1 && last.y >= scroller.y - 1,
    'the latest message is in view');
  const reply = await box(page, '#reply textarea');
  assert.ok(reply.y >= last.y + last.height, 'the reply box is below the latest message');
  assert.ok(reply.y + reply.height <= 768, 'the reply box is on the screen');
  assert.ok(await page.locator('#reply button[type=submit]').isVisible());
  // notes are beside the conversation, not among the messages or before the reply box
  assert.equal(await page.locator('#thread-scroll #notes, .pane-thread #notes').count(), 0);
  const notes = await box(page, '#notes');
  assert.ok(notes.x >= thread.x + thread.width - 1, 'the notes are right of the thread');
  assert.match(await page.locator('#notes').innerText(), /tidak terkirim ke warga[\s\S]*sudah pernah datang/);
  // WhatsApp formatting; what a citizen typed as markup stays text
  assert.equal(await page.locator('#thread strong', { hasText: 'syarat SKCK' }).count(), 1);
  assert.equal(await page.locator('#thread em', { hasText: 'melamar kerja' }).count(), 1);
  assert.equal(await page.locator('#thread s', { hasText: 'besok' }).count(), 1);
  assert.equal(await page.locator('#thread strong', { hasText: 'Baik' }).count(), 1);
  assert.equal(await page.locator('#thread b, #thread i').count(), 0, 'no tag a citizen typed is markup');
  assert.equal(await page.locator('#thread strong', { hasText: '<i>bukan tag</i>' }).count(), 1);
  assert.deepEqual(await axe(page), []);
  if (SHOTS) await page.screenshot({ path: join(SHOTS, 'inbox-1366-thread.png') });
  const listPage = await pageAt(1366, 768, '/console/o/jelitik/percakapan');
  assert.ok(await listPage.locator('.pane-list').isVisible());
  assert.ok(await listPage.locator('.pane-empty').isVisible(), 'the right side invites to pick a conversation');
  assert.deepEqual(await axe(listPage), []);
  if (SHOTS) await listPage.screenshot({ path: join(SHOTS, 'inbox-1366-list.png') });
  // picking a conversation opens it beside the list, in place
  await listPage.evaluate(() => { window.balaiNoReload = true; });
  await Promise.all([listPage.waitForURL(`**/percakapan/${conv}`), listPage.click(`li[data-conversation="${conv}"] a`)]);
  await listPage.waitForSelector('.pane-thread #thread strong >> text=syarat SKCK');
  assert.equal(await listPage.evaluate(() => window.balaiNoReload), true, 'the page was not loaded anew');
  assert.ok(await listPage.locator('.pane-list').isVisible());
  assert.ok(await listPage.locator('#reply textarea').isVisible());
  assert.deepEqual(jsErrors, []);
});

test('at 360x740 the list and the thread are separate screens, with a way back', async () => {
  const page = await pageAt(360, 740, '/console/o/jelitik/percakapan');
  assert.ok(await page.locator('.pane-list').isVisible());
  assert.equal(await page.locator('.pane-thread').count(), 0);
  assert.deepEqual(await axe(page), []);
  if (SHOTS) await page.screenshot({ path: join(SHOTS, 'inbox-360-list.png') });
  await Promise.all([page.waitForURL(`**/percakapan/${conv}`), page.click(`li[data-conversation="${conv}"] a`)]);
  assert.equal(await page.locator('.pane-list').isVisible(), false, 'the list is not shown beside the thread');
  const thread = await box(page, '.pane-thread');
  assert.ok(thread.width >= 300, `the thread uses the width of the phone (${thread.width}px)`);
  assert.ok(await page.locator('#thread strong', { hasText: 'syarat SKCK' }).isVisible());
  const back = page.locator('.back a');
  assert.ok(await back.isVisible());
  assert.deepEqual(await axe(page), []);
  if (SHOTS) await page.screenshot({ path: join(SHOTS, 'inbox-360-thread.png') });
  await Promise.all([page.waitForURL('**/percakapan'), back.click()]);
  assert.ok(await page.locator(`li[data-conversation="${conv}"]`).isVisible());
  assert.deepEqual(jsErrors, []);
});
