// An office page's navigation is a few menus (Layanan warga, Konten,
// Pengaturan) instead of a dozen links that wrapped over half a phone's
// screen. Each member sees only the links their role allows on the office,
// the link of the page shown is marked aria-current="page" (a page under it,
// such as one content item, marks it "true" and its menu too), and a script
// asking for JSON gets the view model without the menus.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBalai, login } from './lib.mjs';

let server;
before(async () => { server = await startBalai(); });
after(async () => { await server?.stop(); });

/** The office navigation of a page: {home, groups: {label: {here, links: {label: current}}}}. */
function officeNav(html) {
  const nav = html.match(/<nav class="crumbs officenav" aria-label="Navigasi kantor">([\s\S]*?)<\/nav>/);
  assert.ok(nav, 'the page has the office navigation');
  const home = nav[1].match(/<a class="officenav-home" href="([^"]+)"( aria-current="page")?>/);
  const groups = {};
  for (const d of nav[1].matchAll(/<details class="officenav-group( here)?" name="officenav">\s*<summary>([^<]+)(<span class="sr"> \(berisi halaman ini\)<\/span>)?<\/summary>([\s\S]*?)<\/details>/g)) {
    const links = {};
    for (const a of d[4].matchAll(/<a href="([^"]+)"(?: aria-current="(page|true)")?>([^<]+)<\/a>/g)) links[a[3]] = { href: a[1], current: a[2] ?? null };
    assert.equal(!!d[1], !!d[3], 'a marked menu tells a screen reader too');
    groups[d[2]] = { here: !!d[1], links };
  }
  return { home: home[1], homeCurrent: !!home[2], groups };
}

const labels = (nav) => Object.fromEntries(Object.entries(nav.groups).map(([g, v]) => [g, Object.keys(v.links)]));

test('the Lurah sees every menu of the office, the clerk only the links of their role', async () => {
  const lurah = await login(server.base, 'lurah.jelitik');
  const mine = officeNav((await lurah.get('/console/o/jelitik')).text);
  assert.equal(mine.home, '/console/o/jelitik');
  assert.equal(mine.homeCurrent, true, 'the office page marks its own link');
  assert.deepEqual(labels(mine), {
    'Layanan warga': ['Percakapan', 'Permohonan', 'Katalog layanan'],
    Konten: ['Daftar konten', 'Kalender konten', 'Rencana konten', 'Berita bersama', 'Siaran WhatsApp', 'Moderasi komentar', 'Podcast'],
    Pengaturan: ['Profil', 'Jam layanan', 'Libur &amp; cuti', 'Jadwal ambil', 'Staf', 'Eskalasi', 'Kanal pesan', 'Log audit'],
  });
  assert.equal(mine.groups.Pengaturan.links.Staf.href, '/console/o/jelitik/staff');

  const clerk = await login(server.base, 'petugas.jelitik');
  const theirs = officeNav((await clerk.get('/console/o/jelitik')).text);
  assert.deepEqual(labels(theirs), {
    'Layanan warga': ['Percakapan', 'Permohonan', 'Katalog layanan'],
    Konten: ['Daftar konten', 'Kalender konten', 'Rencana konten'],
    Pengaturan: ['Libur &amp; cuti'],
  });
  // what the menu leaves out the route refuses as before
  assert.equal((await clerk.get('/console/o/jelitik/staff')).status, 403);
});

test('the page shown is marked in its menu; a page under a link marks that link and its menu', async () => {
  const lurah = await login(server.base, 'lurah.jelitik');
  const hours = officeNav((await lurah.get('/console/o/jelitik/hours')).text);
  assert.equal(hours.homeCurrent, false);
  assert.equal(hours.groups.Pengaturan.here, true);
  assert.equal(hours.groups.Konten.here, false);
  const marked = Object.values(hours.groups).flatMap((g) => Object.entries(g.links)).filter(([, l]) => l.current);
  assert.deepEqual(marked.map(([label, l]) => [label, l.current]), [['Jam layanan', 'page']]);

  const list = await lurah.json('/console/o/jelitik/konten');
  const id = list.body.items[0].id;
  const item = officeNav((await lurah.get(`/console/o/jelitik/konten/${id}`)).text);
  assert.equal(item.groups.Konten.here, true);
  assert.equal(item.groups.Konten.links['Daftar konten'].current, 'true');
  assert.equal(item.groups.Konten.links['Kalender konten'].current, null);
});

test('a script asking for JSON gets the office and its permissions, not the menus', async () => {
  const lurah = await login(server.base, 'lurah.jelitik');
  const j = await lurah.json('/console/o/jelitik/hours');
  assert.equal(j.status, 200);
  assert.equal(j.body.office.can_staff, true);
  assert.equal(j.body.office_nav, undefined);
});
