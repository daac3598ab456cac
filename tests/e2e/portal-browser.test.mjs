// The public portal in a real browser (Debian's Chromium through
// playwright-core), the way a citizen uses it on a phone: searching with a
// typing mistake, ticking off the documents already prepared, opening pages
// without signal thanks to the service worker, installing the office as an
// app, and the office's service list embedded on another website. Every
// expectation comes from the same server's public JSON API, so the tests
// follow the demo catalogue instead of copying it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startBalai, Client, login, freePort, DEMO_PASSWORD } from './lib.mjs';

const LAUNCH = {
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
};

let server, base, browser, anon, hostSite;
const contexts = [];
const jsErrors = [];      // uncaught exceptions and CSP violations on any page

before(async () => {
  server = await startBalai();
  base = server.base;
  anon = new Client(base);
  browser = await chromium.launch(LAUNCH);
});

after(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  if (hostSite) await new Promise((r) => hostSite.close(r));
  await server?.stop();
});

/** Records uncaught page errors and CSP violations of every page of ctx. */
async function watch(ctx) {
  await ctx.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  const hook = (page) => {
    page.on('pageerror', (err) => jsErrors.push(`${page.url()}: ${err.message}`));
    page.on('console', (msg) => { if (/^CSP violation/.test(msg.text())) jsErrors.push(`${page.url()}: ${msg.text()}`); });
  };
  ctx.pages().forEach(hook);
  ctx.on('page', hook);
}

/** A fresh browser profile (like a phone that never saw Balai) with one page. */
async function freshPage() {
  const ctx = await browser.newContext({ locale: 'id-ID', viewport: { width: 412, height: 900 }, serviceWorkers: 'allow' });
  contexts.push(ctx);
  await watch(ctx);
  return { ctx, page: await ctx.newPage() };
}

async function apiServices(office) {
  const r = await anon.json(`/api/v1/offices/${office}/services`);
  assert.equal(r.status, 200, `services API of ${office}`);
  return r.body;
}

/** Waits until the service worker reported that the office pages are kept. */
async function offlineReady(page) {
  await page.locator('html[data-offline="ready"]').waitFor({ state: 'attached', timeout: 20000 });
}

/** The checklist rows of a service page as text, whitespace collapsed. */
async function checklistTexts(page) {
  return (await page.locator('ul.checklist label').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
}

function assertChecklist(texts, service, where) {
  assert.equal(texts.length, service.checklist.length, `${where}: one row per requirement`);
  service.checklist.forEach((c, i) => {
    assert.ok(texts[i].startsWith(c.item), `${where}: row ${i + 1} is "${c.item}" (got "${texts[i]}")`);
    assert.ok(texts[i].includes(c.note), `${where}: row ${i + 1} says "${c.note}"`);
  });
}

/** The ticked state of every checkbox of the checklist, in order. */
async function ticks(page) {
  return page.locator('input[data-tick]').evaluateAll((boxes) => boxes.map((b) => b.checked));
}

/** A petugas creates a service through the console form. */
async function createService(fields) {
  const petugas = await login(base, 'petugas.jelitik');
  await petugas.get('/console/o/jelitik/layanan/baru');
  const r = await petugas.post('/console/o/jelitik/layanan/baru', {
    version: '', summary: '', synonyms: '', ck_note_0: 'fotokopi', ck_count_0: '1', steps: '',
    days: '1', cost: 'Gratis', request_type: 'pendaftaran_dokumen', legal_basis: '', faq_q_0: '', faq_a_0: '',
    note_for_citizen: '', source: '', active: '1', ...fields,
  });
  assert.equal(r.status, 303, `creating ${fields.slug}: ${r.status} ${r.text.slice(0, 400)}`);
  return petugas;
}

test('a typo in the search box still finds the domicile letter first, and its link opens the service', async () => {
  const { services } = await apiServices('jelitik');
  const domisili = services.find((s) => s.slug === 'domisili');
  assert.ok(domisili, 'jelitik offers the domicile letter');
  const { page } = await freshPage();
  await page.goto(`${base}/o/jelitik`);
  await page.getByLabel('Cari layanan').fill('domisli');
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/o/jelitik' && u.searchParams.get('q') === 'domisli'),
    page.getByRole('button', { name: 'Cari', exact: true }).click(),
  ]);
  assert.equal(await page.getByLabel('Cari layanan').inputValue(), 'domisli', 'the search box keeps what was typed');
  const results = page.locator('section.results').getByRole('link');
  assert.ok(await results.count() >= 1, 'at least one result');
  const first = results.first();
  assert.equal((await first.textContent()).trim(), domisili.name, 'first result');
  await Promise.all([page.waitForURL(`${base}/o/jelitik/layanan/domisili`), first.click()]);
  assert.equal((await page.getByRole('heading', { level: 1 }).textContent()).trim(), domisili.name);
  assertChecklist(await checklistTexts(page), domisili, 'domicile page');
});

test('after one visit the office pages open without signal; an unvisited office shows the no-signal page', async () => {
  const { services, office } = await apiServices('jelitik');
  const sktm = services.find((s) => s.slug === 'sktm');
  assert.ok(sktm);
  const { ctx, page } = await freshPage();
  await page.goto(`${base}/o/jelitik`);
  await offlineReady(page);
  await assert.doesNotReject(page.locator('#offline-note').waitFor({ state: 'visible', timeout: 2000 }), 'the page says it is kept');

  await ctx.setOffline(true);
  // really offline: what the worker does not keep cannot be fetched
  await assert.rejects(page.evaluate(() => fetch('/healthz')), /Failed to fetch/, 'the network is gone');

  // a service page never opened in this browser
  const res = await page.goto(`${base}/o/jelitik/layanan/sktm`);
  assert.equal(res.status(), 200, 'served from the kept copy');
  assert.equal((await page.getByRole('heading', { level: 1 }).textContent()).trim(), sktm.name);
  assertChecklist(await checklistTexts(page), sktm, 'offline SKTM page');
  assert.equal(await page.locator('input[data-tick]').count(), sktm.checklist.length, 'tick boxes work offline too');

  // the office page, opened and reloaded without signal
  await page.goto(`${base}/o/jelitik`);
  await page.reload();
  assert.equal((await page.getByRole('heading', { level: 1 }).textContent()).trim(), office.name);
  const links = await page.locator('section.category a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(links.sort(), services.map((s) => `/o/jelitik/layanan/${s.slug}`).sort(), 'every service listed offline');

  // an office never visited: the worker's own message, not the browser's error page
  const other = await page.goto(`${base}/o/sogaten`);
  assert.equal(other.status(), 503);
  const body = (await page.locator('body').textContent()).replace(/\s+/g, ' ');
  assert.match(body, /Tidak ada sambungan internet/);
  assert.match(body, /belum tersimpan di ponsel Anda/);
  // and a staff page is never kept: the browser's own offline error
  const login = await ctx.newPage();
  await assert.rejects(login.goto(`${base}/login`), /ERR_INTERNET_DISCONNECTED/, 'the login page needs the network');
  await ctx.setOffline(false);
});

test('ticked requirements are still ticked after a reload, and only on that service', async () => {
  const { services } = await apiServices('jelitik');
  const svc = services.find((s) => s.checklist.length >= 3);
  const other = services.find((s) => s !== svc && s.checklist.length >= 1);
  assert.ok(svc && other, 'two services with checklists');
  const { page } = await freshPage();
  const url = `${base}/o/jelitik/layanan/${svc.slug}`;
  await page.goto(url);
  const none = svc.checklist.map(() => false);
  assert.deepEqual(await ticks(page), none, 'nothing ticked on a first visit');

  // tick the first and the third requirement by clicking their labels
  const rows = page.locator('ul.checklist label');
  await rows.nth(0).click();
  await rows.nth(2).click();
  const expected = none.map((_, i) => i === 0 || i === 2);
  assert.deepEqual(await ticks(page), expected);
  await page.reload();
  assert.deepEqual(await ticks(page), expected, 'ticks survive a reload');

  // untick one; that is remembered too
  await rows.nth(0).click();
  expected[0] = false;
  await page.goto(`${base}/o/jelitik`);
  await page.goto(url);
  assert.deepEqual(await ticks(page), expected, 'unticking is remembered');

  await page.goto(`${base}/o/jelitik/layanan/${other.slug}`);
  assert.deepEqual(await ticks(page), other.checklist.map(() => false), 'another service starts unticked');
});

test('a tick stays on the requirement it was given when the office adds a new one above it', async () => {
  // A citizen ticks what they already have; the office then adds a new
  // requirement at the top. The new requirement must not show as prepared.
  const petugas = await createService({
    slug: 'urutan_uji', name: 'Surat Uji Urutan', category: 'Layanan Uji',
    ck_item_0: 'KTP-el pemohon', ck_item_1: 'Kartu Keluarga (KK)', ck_note_1: 'fotokopi', ck_count_1: '1',
  });
  const { page } = await freshPage();
  const url = `${base}/o/jelitik/layanan/urutan_uji`;
  await page.goto(url);
  await page.locator('ul.checklist label', { hasText: 'KTP-el pemohon' }).click();
  assert.deepEqual(await ticks(page), [true, false]);

  const path = '/console/o/jelitik/layanan/urutan_uji';
  const form = await petugas.get(path);
  const version = form.text.match(/name="version" value="(\d+)"/)?.[1];
  assert.ok(version, 'the edit form carries the version');
  const saved = await petugas.post(path, {
    version, name: 'Surat Uji Urutan', category: 'Layanan Uji', summary: '', synonyms: '', steps: '',
    days: '1', cost: 'Gratis', request_type: 'pendaftaran_dokumen', legal_basis: '', note_for_citizen: '',
    source: '', active: '1', faq_q_0: '', faq_a_0: '',
    ck_item_0: 'Surat pengantar RT/RW', ck_note_0: 'asli', ck_count_0: '1',
    ck_item_1: 'KTP-el pemohon', ck_note_1: 'fotokopi', ck_count_1: '1',
    ck_item_2: 'Kartu Keluarga (KK)', ck_note_2: 'fotokopi', ck_count_2: '1',
  });
  assert.equal(saved.status, 303, `saving: ${saved.status} ${saved.text.slice(0, 300)}`);

  await page.reload();
  const texts = await checklistTexts(page);
  assert.ok(texts[0].startsWith('Surat pengantar RT/RW') && texts[1].startsWith('KTP-el pemohon'), 'the new order is shown');
  assert.deepEqual(await ticks(page), [false, true, false],
    'the new "Surat pengantar RT/RW" is not shown as prepared; "KTP-el pemohon" keeps its tick');
});

test('the widget on another website lists the office services as text, with links to the portal', async () => {
  const tricky = 'Tes <b>tebal</b> & <img src=x onerror=alert(1)>';
  await createService({ slug: 'tes_widget', name: tricky, category: 'Layanan <i>Uji</i>', ck_item_0: 'KTP-el pemohon' });
  const api = await apiServices('jelitik');
  assert.ok(api.services.some((s) => s.name === tricky), 'the new service is public');

  // another website on another origin (another host name and port) embeds the widget
  const port = await freePort();
  hostSite = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Desa kami</title></head>
<body><h1>Situs warga</h1><p>Layanan kelurahan:</p>
<script src="${base}/widget.js" data-office="jelitik"></script>
<p id="after">Akhir halaman</p>
<div id="salah"></div><script src="${base}/widget.js" data-office="tidak-ada" data-target="salah"></script>
</body></html>`);
  });
  await new Promise((r) => hostSite.listen(port, '127.0.0.1', r));
  const hostUrl = `http://localhost:${port}/`;
  assert.notEqual(new URL(hostUrl).origin, new URL(base).origin, 'really another origin');

  const { page } = await freshPage();
  await page.goto(hostUrl);
  const widget = page.locator('.balai-widget').first();
  await widget.locator('h2').waitFor({ timeout: 10000 });
  assert.equal((await widget.locator('h2').textContent()).trim(), `Layanan ${api.office.name}`);

  const shown = await page.evaluate(() => {
    const root = document.querySelector('.balai-widget').shadowRoot;
    return {
      inShadow: !!root,
      services: [...root.querySelectorAll('li a')].map((a) => ({ text: a.textContent, href: a.href })),
      headings: [...root.querySelectorAll('h3')].map((h) => h.textContent),
      more: root.querySelector('p:last-child a')?.href,
      markup: root.querySelectorAll('b, i, img, script').length,
    };
  });
  assert.ok(shown.inShadow, 'rendered in a shadow root');
  assert.equal(shown.services.length, api.services.length, 'one link per service of the API');
  assert.deepEqual(shown.services.map((s) => s.text), api.services.map((s) => s.name));
  for (const s of shown.services) {
    assert.ok(s.href.startsWith(`${base}/o/jelitik/layanan/`), `link to the portal: ${s.href}`);
  }
  assert.deepEqual(shown.headings, [...new Set(api.services.map((s) => s.category))], 'grouped by category');
  assert.equal(shown.more, `${base}/o/jelitik`, 'a link to the office page');
  // staff text is text: the literal name is shown and no element came from it
  assert.ok(shown.services.some((s) => s.text === tricky), 'the name is shown literally');
  assert.ok(shown.headings.includes('Layanan <i>Uji</i>'), 'the category is shown literally');
  assert.equal(shown.markup, 0, 'no <b>, <i>, <img> or <script> inside the widget');
  assert.equal(await page.locator('#after').textContent(), 'Akhir halaman', 'the host page is intact');

  // a widget for an office that does not exist says so in words, inside its target element
  const wrong = page.locator('#salah .balai-widget');
  await assert.doesNotReject(wrong.getByText('Daftar layanan belum bisa dimuat').waitFor({ timeout: 5000 }));
  assert.equal(await wrong.getByRole('link').count(), 0);

  // a citizen follows a link from the widget to the portal page
  const link = widget.getByRole('link', { name: tricky, exact: true });
  const [portal] = await Promise.all([page.waitForEvent('popup'), link.click()]);
  await portal.waitForLoadState();
  assert.equal(portal.url(), `${base}/o/jelitik/layanan/tes_widget`);
  assert.equal((await portal.getByRole('heading', { level: 1 }).textContent()).trim(), tricky);
});

test('a staff member signed in on the phone: the kept copy of the office page carries no name', async () => {
  const username = 'petugas.jelitik';
  const { ctx, page } = await freshPage();
  await page.goto(`${base}/login`);
  await page.fill('#username', username);
  await page.fill('#password', DEMO_PASSWORD);
  await Promise.all([page.waitForURL(`${base}/console`), page.getByRole('button', { name: 'Masuk' }).click()]);

  await page.goto(`${base}/o/jelitik`);
  assert.match(await page.locator('header.top').textContent(), new RegExp(username.replace('.', '\\.')),
    'the header shows who is signed in');
  await offlineReady(page);
  // now the worker controls the page: load the office page and a service
  // page again through it, with the session cookie
  await page.reload();
  await offlineReady(page);
  await page.evaluate(() => fetch('/o/jelitik/layanan/sku', { headers: { accept: 'text/html' } }).then((r) => r.text()));
  assert.ok(await page.evaluate(() => !!navigator.serviceWorker.controller), 'the page is controlled by the worker');
  await page.waitForTimeout(500);      // the worker writes its cache after answering

  const kept = await page.evaluate(async () => {
    const out = {};
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const req of await cache.keys()) {
        const p = new URL(req.url).pathname;
        if (p.startsWith('/o/')) out[p] = await (await cache.match(req)).text();
      }
    }
    return out;
  });
  assert.ok(kept['/o/jelitik'], 'the office page is kept for offline use');
  assert.ok(kept['/o/jelitik/layanan/sku'], 'service pages are kept');
  for (const [p, html] of Object.entries(kept)) {
    assert.ok(!html.includes(username), `${p}: the kept copy does not name ${username}`);
    assert.ok(!/name="_csrf"/.test(html), `${p}: the kept copy holds no CSRF token`);
  }

  // what someone else sees on this phone without signal: the anonymous page
  await ctx.setOffline(true);
  await page.goto(`${base}/o/jelitik`);
  assert.ok(!(await page.locator('body').textContent()).includes(username), 'offline copy shows no staff name');
  await ctx.setOffline(false);
});

test('the office can be installed as an app: a valid manifest with real 192 and 512 icons', async () => {
  // Chromium reports installability only outside incognito, so this test
  // uses a persistent profile in a temporary folder.
  const dir = mkdtempSync(join(tmpdir(), 'balai-profile-'));
  const ctx = await chromium.launchPersistentContext(dir, { ...LAUNCH, locale: 'id-ID' });
  try {
    await watch(ctx);
    const page = ctx.pages()[0] || await ctx.newPage();
    await page.goto(`${base}/o/jelitik`);
    await offlineReady(page);
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    assert.equal(href, '/o/jelitik/manifest.webmanifest');

    const cdp = await ctx.newCDPSession(page);
    const m = await cdp.send('Page.getAppManifest');
    assert.deepEqual(m.errors, [], 'Chromium parses the manifest without errors');
    const manifest = JSON.parse(m.data);
    const { office } = await apiServices('jelitik');
    assert.equal(manifest.name, office.name);
    assert.ok(manifest.short_name && manifest.short_name.length <= 20, `short name for the home screen: ${manifest.short_name}`);
    assert.equal(manifest.display, 'standalone');
    const start = new URL(manifest.start_url, `${base}${href}`);
    assert.equal(start.href, `${base}/o/jelitik`, 'opens on the office page');
    assert.ok(start.pathname.startsWith(new URL(manifest.scope || '/', `${base}${href}`).pathname), 'start_url is in scope');

    // each icon really decodes to the size it claims
    for (const size of [192, 512]) {
      const icon = manifest.icons.find((i) => i.sizes.split(/\s+/).includes(`${size}x${size}`) && i.type === 'image/png');
      assert.ok(icon, `a ${size}px PNG icon is declared`);
      const dims = await page.evaluate(async (src) => {
        const res = await fetch(src);
        const bmp = await createImageBitmap(await res.blob());
        return { type: res.headers.get('content-type'), w: bmp.width, h: bmp.height };
      }, new URL(icon.src, `${base}${href}`).href);
      assert.deepEqual(dims, { type: 'image/png', w: size, h: size }, `icon ${icon.src}`);
    }

    // and Chromium itself finds nothing that stops installing it
    const inst = await cdp.send('Page.getInstallabilityErrors');
    assert.deepEqual(inst.installabilityErrors, [], 'installable');
    // the service pages belong to the same app
    await page.goto(`${base}/o/jelitik/layanan/sktm`);
    assert.deepEqual((await cdp.send('Page.getInstallabilityErrors')).installabilityErrors, []);
  } finally {
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the chat box answers a question on the office page, keeps its conversation after a reload, and shows staff replies', async () => {
  const { page } = await freshPage();
  await page.goto(`${base}/o/jelitik`);
  await page.getByRole('button', { name: 'Tanya kami' }).click();
  await page.locator('#chat-text').fill('syarat sktm apa ya');
  await page.locator('#chat-text').press('Enter');
  const sktm = (await apiServices('jelitik')).services.find((x) => x.slug === 'sktm');
  const answer = page.locator('.chat-log li.chat-bot').last();
  await answer.waitFor({ timeout: 15000 });
  assert.ok((await answer.textContent()).includes(sktm.checklist[0].item), 'the bot answers with the checklist');
  assert.ok(await answer.locator('strong').count() > 0, "WhatsApp's *bold* is shown bold, not with asterisks");
  assert.ok(!(await answer.textContent()).includes('*'), 'no asterisks left');
  // the same browser keeps its conversation: a staff reply arrives by polling
  const token = await page.evaluate(() => localStorage.getItem('balai-chat-jelitik'));
  assert.match(token, /^[0-9a-f]{64}$/);
  const staff = await login(base, 'petugas.jelitik');
  const list = await staff.get('/console/o/jelitik/percakapan');
  const id = [...list.text.matchAll(/\/console\/o\/jelitik\/percakapan\/(\d+)/g)].map((m) => Number(m[1])).sort((a, b) => b - a)[0];
  const thread = await staff.get(`/console/o/jelitik/percakapan/${id}`);
  assert.ok(thread.text.includes('syarat sktm apa ya'), 'staff see the question');
  const sent = await staff.post(`/console/o/jelitik/percakapan/${id}/balas`, { text: 'Berkas bisa dibawa besok pagi, Bu.' });
  assert.equal(sent.status, 303);
  await page.reload();
  await page.getByRole('button', { name: 'Tanya kami' }).click();
  await page.locator('.chat-log li.chat-petugas', { hasText: 'Berkas bisa dibawa besok pagi' }).waitFor({ timeout: 15000 });
});

test('the chat box on a phone: links tappable and whole, menu choices not cut, Esc closes, the button covers nothing', async () => {
  const { ctx, page } = await freshPage();
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`${base}/o/jelitik`);
  // the page keeps room under its last line for the button (the padding's effect
  // on the scroll position measured unreliably on one lane of the full suite,
  // so the rule itself is checked here; see the issue note)
  await page.waitForFunction(() => document.body.classList.contains('has-chat'), null, { timeout: 5000 });
  const room = await page.evaluate(() => parseFloat(getComputedStyle(document.body).paddingBottom));
  const btnH = await page.evaluate(() => document.querySelector('.chat-open').getBoundingClientRect().height);
  assert.ok(room >= btnH + 16, `room under the page ${room}px, the button is ${btnH}px high`);
  await page.getByRole('button', { name: 'Tanya kami' }).click();
  await page.locator('#chat-text').fill('menu');
  await page.locator('#chat-text').press('Enter');
  const menu = page.locator('.chat-log li.chat-bot .chips button').first();
  await menu.waitFor({ timeout: 15000 });
  // a row whose WhatsApp title is cut shows the whole name under it
  const cut = page.locator('.chat-log .chips button', { hasText: '…' }).first();
  if (await cut.count()) assert.ok(await cut.locator('small').count() === 1, 'a cut title shows its whole name too');
  const widths = await page.$$eval('.chat-log .chips button', (bs) => bs.map((b) => [b.scrollWidth, b.clientWidth]));
  assert.ok(widths.every(([sw, cw]) => sw <= cw + 1), 'no choice overflows its button');
  // a staff reply with a long link: a real link, the whole address, inside the box
  const token = await page.evaluate(() => localStorage.getItem('balai-chat-jelitik'));
  assert.match(token, /^[0-9a-f]{64}$/);
  const staff = await login(base, 'petugas.jelitik');
  const list = await staff.get('/console/o/jelitik/percakapan');
  const id = [...list.text.matchAll(/\/console\/o\/jelitik\/percakapan\/(\d+)/g)].map((m) => Number(m[1])).sort((a, b) => b - a)[0];
  await staff.get(`/console/o/jelitik/percakapan/${id}`);
  const url = 'https://jelitik.example.go.id/unduhan/formulir-permohonan-surat-keterangan-tidak-mampu-2026.pdf';
  assert.equal((await staff.post(`/console/o/jelitik/percakapan/${id}/balas`, { text: `Formulirnya di ${url}. Terima kasih.` })).status, 303);
  const link = page.locator('.chat-log li.chat-petugas a');
  await link.waitFor({ timeout: 15000 });
  assert.equal(await link.getAttribute('href'), url, 'the full stop after the link is not part of it');
  assert.equal(await link.textContent(), url, 'shown whole');
  const [lw, logw] = [await link.boundingBox(), await page.locator('.chat-log').boundingBox()];
  assert.ok(lw.x + lw.width <= logw.x + logw.width + 1, 'the link wraps inside the box');
  // Esc closes the box and the focus goes back to its button
  await page.locator('#chat-text').focus();
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('.chat-panel').isHidden(), true);
  assert.equal(await page.evaluate(() => document.activeElement.className), 'chat-open');
  await ctx.close();
});

test('on a phone the answer is on the first screen: search results, and every service\'s requirements', async () => {
  const { ctx, page } = await freshPage();
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`${base}/o/jelitik?q=${encodeURIComponent('surat pindah')}`);
  const top = await page.evaluate(() => document.querySelector('.results li a')?.getBoundingClientRect().bottom);
  assert.ok(top && top <= 740, `the first result ends at ${top}px`);
  for (const s of (await apiServices('jelitik')).services) {
    await page.goto(`${base}/o/jelitik/layanan/${s.slug}`);
    const y = await page.evaluate(() => {
      const h = [...document.querySelectorAll('h2')].find((e) => e.textContent === 'Persyaratan');
      const first = document.querySelector('.checklist li');
      return (first || h).getBoundingClientRect().top;
    });
    assert.ok(y < 740, `${s.slug}: the requirements start at ${y}px, below the first screen`);
  }
  await ctx.close();
});

test('no portal page raised a script error or a Content-Security-Policy violation', () => {
  assert.deepEqual(jsErrors, []);
});
