// A real browser (Debian's Chromium through playwright-core) does what a
// Lurah does on a Monday morning: signs in through the login form, opens the
// office, corrects the address and WhatsApp number, makes a typing mistake
// in the email and sees it explained next to the field, and sets a Friday
// break in the hours. Along the way the page must raise no console error and
// no Content-Security-Policy violation (the server sends a strict CSP, so an
// inline script or style added to a template shows up here).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { startBalai, sql, DEMO_PASSWORD } from './lib.mjs';

const SCREENSHOT = '/tmp/balai-office.png';

let server, browser, context, page;
const consoleErrors = [];

before(async () => {
  server = await startBalai();
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  context = await browser.newContext({ locale: 'id-ID', viewport: { width: 1280, height: 900 } });
  // CSP violations are reported as events too; collect them in the page
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push({ page: page.url(), text: msg.text(), url: msg.location().url });
  });
  page.on('pageerror', (err) => consoleErrors.push({ page: page.url(), text: err.message, url: '' }));
});

after(async () => {
  if (page) await page.screenshot({ path: SCREENSHOT, fullPage: true }).catch(() => {});
  await browser?.close();
  await server?.stop();
});

/** The <p class="field-error"> right after the input/textarea #id (same form row). */
async function errorAfter(id) {
  return page.locator(`#${id} + p.field-error`).textContent({ timeout: 2000 }).catch(() => null);
}

async function noCspViolations() {
  const v = await page.evaluate(() => window.__csp || []);
  assert.deepEqual(v, [], `CSP violations on ${page.url()}`);
}

test('a Lurah signs in, edits the profile, gets a field error in Indonesian, and sets a Friday break', async () => {
  // sign in through the real form
  await page.goto(`${server.base}/login`);
  assert.equal(await page.locator('html').getAttribute('lang'), 'id');
  await page.fill('#username', 'lurah.jelitik');
  await page.fill('#password', DEMO_PASSWORD);
  await Promise.all([page.waitForURL(`${server.base}/console`), page.getByRole('button', { name: 'Masuk' }).click()]);
  await assert.doesNotReject(page.getByRole('heading', { level: 1, name: /Selamat datang/ }).waitFor());
  await noCspViolations();

  // open Jelitik from the console's office list, then its profile
  await Promise.all([page.waitForURL('**/console/o/jelitik'), page.getByRole('link', { name: 'Kelurahan Jelitik', exact: true }).first().click()]);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Kelurahan Jelitik');
  // the office's links are grouped in menus: closed, they keep the page's
  // content near the top; the keyboard opens one
  const crumbs = page.getByRole('navigation', { name: 'Navigasi kantor' });
  const settings = crumbs.locator('summary', { hasText: 'Pengaturan' });
  assert.equal(await crumbs.getByRole('link', { name: 'Profil', exact: true }).isVisible(), false);
  await settings.focus();
  await page.keyboard.press('Enter');
  await Promise.all([page.waitForURL('**/console/o/jelitik/edit'), crumbs.getByRole('link', { name: 'Profil', exact: true }).click()]);
  assert.equal(await crumbs.getByRole('link', { name: 'Profil', exact: true, includeHidden: true }).getAttribute('aria-current'), 'page');
  await noCspViolations();

  // change address and WhatsApp, save
  const address = 'Jl. Laut No. 17, RT 03, Kelurahan Jelitik, Sungailiat';
  await page.fill('#address', address);
  await page.fill('#whatsapp', '0812-7700-0101');
  await Promise.all([page.waitForURL('**/console/o/jelitik/edit?ok=1'), page.getByRole('button', { name: 'Simpan', exact: true }).click()]);
  assert.equal((await page.getByRole('status').textContent()).trim(), 'Perubahan disimpan.');
  assert.equal(await page.inputValue('#address'), address);
  assert.equal(await page.inputValue('#whatsapp'), '6281277000101', 'stored as international digits');
  assert.equal(sql(server.db, "SELECT whatsapp FROM office WHERE slug = 'jelitik'").trim(), '6281277000101');

  // a wrong email: message next to the field, everything typed still there, nothing saved
  const typedAddress = 'Jl. Laut No. 18 (belum disimpan)';
  await page.fill('#address', typedAddress);
  await page.fill('#phone', '0717 123 456');
  await page.fill('#email', 'kelurahan.jelitik(at)bangka.go.id');
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/console/o/jelitik/edit') && r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Simpan', exact: true }).click(),
  ]);
  await page.waitForLoadState();
  assert.equal(res.status(), 422);
  assert.equal(await errorAfter('email'), 'Alamat email tidak valid.');
  assert.equal(await errorAfter('address'), null, 'no error on the good fields');
  assert.equal(await page.inputValue('#email'), 'kelurahan.jelitik(at)bangka.go.id');
  assert.equal(await page.inputValue('#address'), typedAddress);
  assert.equal(await page.inputValue('#phone'), '0717 123 456');
  assert.equal(await page.inputValue('#whatsapp'), '6281277000101');
  assert.match(await page.getByRole('alert').first().textContent(), /Periksa kembali isian/);
  assert.equal(await page.getByText('Perubahan disimpan.').count(), 0);
  assert.equal(sql(server.db, "SELECT address FROM office WHERE slug = 'jelitik'").trim(), address, 'nothing saved');
  await noCspViolations();

  // hours: a break on Friday
  await settings.click();
  await Promise.all([page.waitForURL('**/console/o/jelitik/hours'), crumbs.getByRole('link', { name: 'Jam layanan', exact: true }).click()]);
  const friday = page.getByLabel('Jumat', { exact: true });
  await friday.fill('07.30-11.00, 13.30-16.00');
  await Promise.all([page.waitForURL('**/console/o/jelitik/hours?ok=1'), page.getByRole('button', { name: 'Simpan jam layanan' }).click()]);
  assert.equal((await page.getByRole('status').textContent()).trim(), 'Jam layanan disimpan.');
  assert.equal(await page.getByLabel('Jumat', { exact: true }).inputValue(), '07.30–11.00, 13.30–16.00');
  assert.equal(await page.getByLabel('Kamis', { exact: true }).inputValue(), '08.00–12.00, 13.00–15.00', 'other days untouched');

  // the office page shows it, with the new address
  await Promise.all([page.waitForURL('**/console/o/jelitik'), crumbs.getByRole('link', { name: 'Kelurahan Jelitik', exact: true }).click()]);
  const fridayRow = page.locator('table.hours tr', { has: page.locator('th', { hasText: /^Jumat$/ }) });
  assert.equal((await fridayRow.locator('td').textContent()).trim(), '07.30–11.00, 13.30–16.00');
  assert.ok((await page.locator('dl').textContent()).includes(address));
  assert.ok((await page.locator('dl').textContent()).includes('+62 812-7700-0101'), 'WhatsApp number shown readable');
  await noCspViolations();
});

// Chromium logs every 4xx document as "Failed to load resource"; the 422 of
// the re-rendered profile form is the answer the test asked for.
const expected = (e) => / status of 422 /.test(e.text) && e.url.endsWith('/console/o/jelitik/edit');
const isFavicon = (e) => new URL(e.url || 'about:blank').pathname === '/favicon.ico';

test('the pages raised no console errors and no CSP violations', async () => {
  // runs after the walk above on the same page
  assert.ok(page.url().endsWith('/console/o/jelitik'), `walk did not finish: ${page.url()}`);
  await noCspViolations();
  assert.deepEqual(consoleErrors.filter((e) => !expected(e) && !isFavicon(e)), []);
  assert.equal(consoleErrors.filter(expected).length, 1, 'the 422 form answer was seen once');
  // the stylesheet really applied (a blocked one would leave the page unstyled)
  const cssOk = await page.evaluate(() => [...document.styleSheets].some((s) => s.href?.endsWith('/static/balai.css') && s.cssRules.length > 0));
  assert.ok(cssOk, 'balai.css loaded');
  const bg = await page.evaluate(() => getComputedStyle(document.querySelector('header.top')).backgroundColor);
  assert.notEqual(bg, 'rgba(0, 0, 0, 0)', 'the header is styled');
});

test('the browser finds an icon for the tab (no 404 for /favicon.ico in the console)', () => {
  // Every browser asks for /favicon.ico on the first page; a 404 there is a
  // console error on every fresh visit and a blank tab icon.
  assert.deepEqual(consoleErrors.filter(isFavicon).map((e) => `${e.url}: ${e.text}`), []);
});
