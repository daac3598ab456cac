// The content calendar in Chromium (issue 16): at 1366x768 the month grid
// shows a scheduled item on its day and dragging it onto another day moves
// it there (calendar.js fills the item's form); at 360x740 the days are a
// list that fits the screen and the item's "Ubah jadwal" form moves it
// without any dragging. axe-core finds no WCAG 2.1 A/AA violation at either
// size. Screenshots in BALAI_SCREENSHOTS when set.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startBalai, login } from './lib.mjs';
import { signedInPage } from './util-e2e.mjs';
import { putItem, itemRow, wib } from './content-cal-util.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
let b, browser, id;
const errors = [];

before(async () => {
  b = await startBalai();
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'] });
  id = putItem(b.db, 'jelitik', { title: 'Posyandu balita Januari', publishAt: wib(2027, 1, 15, 9, 0) });
  putItem(b.db, 'jelitik', { title: 'Pemadaman air bersih', type: 'pengumuman', state: 'terbit',
    publishAt: wib(2027, 1, 12, 8, 0), publishedAt: wib(2027, 1, 12, 9, 30), late: 1 });
});
after(async () => { await browser?.close(); await b?.stop(); });

async function axe(page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
}

async function shot(page, name) {
  if (process.env.BALAI_SCREENSHOTS) await page.screenshot({ path: join(process.env.BALAI_SCREENSHOTS, name), fullPage: true });
}

const cell = (page, date) => page.locator(`.cal-day[data-date="${date}"]`);

test('1366x768: the month grid shows the item on its day; dragging it moves it', async () => {
  const c = await login(b.base, 'sekre.jelitik');
  const page = await signedInPage(browser, c, b.base, 1366, 768, '/console/o/jelitik/kalender?bulan=2027-01', errors);
  await cell(page, '2027-01-15').getByText('Posyandu balita Januari').waitFor();
  await cell(page, '2027-01-12').locator('.tag.late').waitFor();
  const cols = await page.evaluate(() => getComputedStyle(document.querySelector('.cal')).gridTemplateColumns.split(' ').length);
  assert.equal(cols, 7, 'a seven-column month');
  assert.deepEqual(await axe(page), []);
  await shot(page, 'calendar-1366.png');
  // a day of the same week, so the drag needs no scrolling
  await Promise.all([page.waitForURL(/ok=1/), page.dragAndDrop('.cal-item[draggable=true]', '.cal-day[data-date="2027-01-13"]')]);
  await cell(page, '2027-01-13').getByText('Posyandu balita Januari').waitFor();
  assert.equal(await cell(page, '2027-01-15').getByText('Posyandu balita Januari').count(), 0);
  assert.equal(itemRow(b.db, id).publishAt, wib(2027, 1, 13, 9, 0), 'same time, new day');
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('360x740: a list of days that fits; the form moves the item', async () => {
  const c = await login(b.base, 'sekre.jelitik');
  const page = await signedInPage(browser, c, b.base, 360, 740, '/console/o/jelitik/kalender?bulan=2027-01', errors);
  const day = cell(page, '2027-01-13');
  await day.getByText('Posyandu balita Januari').waitFor();
  const fits = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  assert.ok(fits, 'no sideways scrolling');
  assert.equal(await cell(page, '2027-01-21').isVisible(), false, 'days without items are left out of the list');
  assert.deepEqual(await axe(page), []);
  await shot(page, 'calendar-360.png');
  await day.getByText('Ubah jadwal').click();
  await day.getByLabel('Tanggal').fill('2027-01-26');
  await day.getByLabel('Jam (WIB)').fill('10:30');
  await Promise.all([page.waitForURL(/ok=1/), day.getByRole('button', { name: 'Simpan jadwal' }).click()]);
  await page.getByText('Jadwal terbit sudah diubah').waitFor();
  await cell(page, '2027-01-26').getByText('Posyandu balita Januari').waitFor();
  assert.equal(itemRow(b.db, id).publishAt, wib(2027, 1, 26, 10, 30));
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(errors, []);
  await page.context().close();
});
