// Accessibility: axe-core (WCAG 2.1 A and AA rules) reports no violation on
// any page a citizen or a staff member reaches. The pages are found by
// following links from the portal and from the console of a Lurah (who
// sees every console page of an office), so a new page is checked as soon
// as something links to it. Each page is checked at a phone's width and a
// desktop's, and for words the product has one way to say (a same-day
// service is "Selesai pada hari yang sama", never "0 hari kerja").
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { startBalai, DEMO_PASSWORD } from './lib.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const PAGES_MAX = 80;

let server, browser;
before(async () => {
  server = await startBalai();
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
  });
});
after(async () => { await browser?.close(); await server?.stop(); });

/** Links of the page worth visiting: same origin, GET pages, not files or actions. */
async function linksOf(page, prefixes) {
  const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href')));
  return hrefs.filter((h) => h && h.startsWith('/') && !h.startsWith('//') &&
    prefixes.some((p) => h.startsWith(p)) && !/\.(pdf|png|csv|webmanifest|js)(\?|$)/.test(h) &&
    !/\/(live|logo|unduh|berkas)(\/|$|\?)/.test(h) && !h.includes('sebelum='));
}

async function axe(page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
}

/** Visits pages breadth-first from `start`, runs axe on each at both sizes. */
async function crawl(context, start, prefixes) {
  const seen = new Set(), queue = [...start], found = {}, shapes = {};
  const page = await context.newPage();
  while (queue.length && seen.size < PAGES_MAX) {
    const path = queue.shift();
    // pages of one shape (another service, another office) are checked twice at most
    const shape = path.replace(/\?.*$/, '').replace(/\/o\/[^/]+/, '/o/*')
      .replace(/\/(layanan|staff)\/[^/]+/, '/$1/*').replace(/\d+/g, 'N');
    if (seen.has(path) || (shapes[shape] || 0) >= 2) continue;
    seen.add(path);
    shapes[shape] = (shapes[shape] || 0) + 1;
    const res = await page.goto(server.base + path);
    if (!res || res.status() >= 400 || !(res.headers()['content-type'] || '').includes('text/html')) continue;
    // one way to say a same-day service, on every page
    if (/(^|[^0-9])0 hari kerja/.test(await page.textContent('body'))) (found[path] ||= []).push('"0 hari kerja" shown');
    for (const [w, h] of [[360, 740], [1366, 768]]) {
      await page.setViewportSize({ width: w, height: h });
      const v = await axe(page);
      if (v.length) found[`${path} @${w}`] = v;
    }
    for (const l of await linksOf(page, prefixes)) queue.push(l);
  }
  await page.close();
  return { pages: seen.size, found };
}

test('the citizen\'s pages (portal, service pages, status, login) have no accessibility violations', async () => {
  const context = await browser.newContext({ locale: 'id-ID', bypassCSP: true });
  const { pages, found } = await crawl(context, ['/', '/o/jelitik', '/status', '/login'], ['/o/', '/status', '/login']);
  await context.close();
  assert.ok(pages >= 4, `only ${pages} pages reached`);
  assert.deepEqual(found, {}, JSON.stringify(found, null, 1));
});

test('every console page a Lurah reaches has no accessibility violations', async () => {
  const context = await browser.newContext({ locale: 'id-ID', bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${server.base}/login`);
  await page.fill('input[name=username]', 'lurah.jelitik');
  await page.fill('input[name=password]', DEMO_PASSWORD);
  await Promise.all([page.waitForURL(/\/console/), page.click('button[type=submit]')]);
  await page.close();
  const { pages, found } = await crawl(context, ['/console', '/console/o/jelitik'], ['/console']);
  await context.close();
  assert.ok(pages >= 15, `only ${pages} console pages reached`);
  assert.deepEqual(found, {}, JSON.stringify(found, null, 1));
});
