// Walks the WHOLE route table (`balai routes`) on one demo server and proves,
// for every route that needs a login, that it refuses anonymous users, the
// wrong role and the wrong office, that a refused request changes nothing in
// the database, and that the right user gets through the gate. The table is
// read from the binary, so a route added to src/web/routes.c is walked here
// without touching this file; one that needs a new path parameter or has no
// permission fails until someone decides what it means.
//
// Who should pass is worked out from data/demo.json (who holds which role
// where) and the table's own "roles" list (which roles carry the route's
// permission), with the reach of each role as role.h documents it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBalai, Client, login, sql, cli, BIN, ROOT, DEMO_PASSWORD } from './lib.mjs';
import { tinyPng } from './util-e2e.mjs';

const ROUTES = JSON.parse(execFileSync(BIN, ['routes'], { encoding: 'utf8' }));
const DEMO = JSON.parse(readFileSync(join(ROOT, 'data/demo.json'), 'utf8'));

const TARGET = 'jelitik';
const PARAMS = { office: TARGET, user: 'petugas.jelitik', year: '2027', file: 'balai.css', service: 'sktm', version: '1',
  conversation: '1', media: '1', token: 'a'.repeat(64), request: '1', slug: 'berita-contoh',
  item: '4',     // the demo's item still in pengumpulan bahan (data/demo.json), so it may be edited
  broadcast: '1',
  entry: '1' };   // a hoax report in jelitik's moderation queue (below)

// POST routes whose gate asks only for view because the permission depends on
// what is posted, and the handler checks it: a content workflow step is owned
// by a different role per step (core/content.h content_steps, web/content.c).
// Attaching an episode's audio or video (web/episode.c) is for writers, editors
// and designers alike, which no single permission names.
const VIEW_POST_CHECKED = ['POST /console/o/{office}/konten/{item}/langkah',
  'POST /console/o/{office}/konten/{item}/episode'];

// Staff routes any signed-in staff member may use, with no permission. A new
// route with a login but no permission must be added here on purpose.
const NO_PERM_STAFF = [
  'POST /logout',
  'GET /console',
  'GET /console/password',
  'POST /console/password',
  'GET /console/holidays',
  // one's own personal access tokens (web/tokens.c)
  'GET /console/token',
  'POST /console/token',
  'POST /console/token/cabut',
];

// How far a role held in one office reaches (src/core/role.h, issue 3):
// the Camat oversees his kelurahan, the Diskominfo admin and the policy
// supervisor the whole regency of their dinas; everyone else their office.
const REACH = { penanggung_jawab: 'subtree', admin_sistem: 'region', pengawas_kebijakan: 'region' };

// POST routes whose handler narrows the gate further: the user named here is
// the one who must get through (the gate alone would also let the regency's
// Diskominfo admin confirm national holidays; the handler then asks for an
// admin over every root office, which only `admin` is).
// (the episode's handler refuses a member who may neither write, edit nor design
// content, so the least privileged member with view is not the one to admit)
const PASS_USER = { 'POST /console/holidays/{year}/confirm': 'admin',
  'POST /console/o/{office}/konten/{item}/episode': 'konten.jelitik' };

// the gate's refusal names what is missing: a role at the office, or the permission and its roles
const GATE_403 = /Anda tidak memegang peran di .+ \(atau kantor di atasnya\)|Halaman ini untuk staf yang boleh [^.]+\. Peran yang memberinya: [A-Z]/;
const CSRF_403 = 'Formulir sudah kedaluwarsa. Muat ulang halaman lalu coba lagi.';

// ---- the demo organisation as data -------------------------------------

const OFFICES = new Map(DEMO.offices.map((o) => [o.slug, o]));
const USERS = new Map(DEMO.staff.map((s) => [s.username, s.roles.map(([office, role]) => ({ office, role }))]));

function ancestors(slug) {
  const out = [];
  for (let s = slug; s; s = OFFICES.get(s)?.parent) out.push(s);
  return out;
}
const UP = ancestors(TARGET);

/** Does this grant reach the target office? */
function reaches(g) {
  if (g.office === TARGET) return true;
  const reach = REACH[g.role] || 'office';
  if (reach === 'office') return false;
  if (UP.includes(g.office)) return true;
  const o = OFFICES.get(g.office);
  return reach === 'region' && o.type === 'dinas' && UP.includes(o.parent);
}

const key = (r) => `${r.method} ${r.path}`;
const holdsAt = (user, pred) => USERS.get(user).some(pred);

/** Is this user supposed to get through the gate of route r (on the target office)? */
function allowed(user, r) {
  if (r.scope === 'none') return true;
  if (r.scope === 'any') return holdsAt(user, (g) => r.roles.includes(g.role));
  if (r.scope === 'office') return holdsAt(user, (g) => reaches(g) && r.roles.includes(g.role));
  throw new Error(`unknown scope ${r.scope} on ${key(r)}`);
}

// role -> permissions it carries, as the table says
const ROLE_PERMS = new Map();
for (const r of ROUTES) for (const role of r.roles) {
  if (!ROLE_PERMS.has(role)) ROLE_PERMS.set(role, new Set());
  ROLE_PERMS.get(role).add(r.perm);
}
const weight = (user) => new Set(USERS.get(user).flatMap((g) => [...(ROLE_PERMS.get(g.role) || [])])).size;

const JELITIK_USERS = [...USERS.keys()].filter((u) => holdsAt(u, (g) => g.office === TARGET));
const ALL_USERS = [...USERS.keys()];

// Pages of a published item only (the visual, group text, pamphlet, broadcast) use the
// item `balai content import` brings in below; the others the demo's item.
const PUBLISHED_ITEM_ROUTE = /\/konten\/\{item\}\/(visual\/gambar|teks-grup|pamflet\.pdf|siarkan)$/;
let publishedItem = '';

function fill(path) {
  return path.replace(/\{(\w+)\}/g, (_, name) => {
    if (!(name in PARAMS)) throw new Error(`route ${path}: no test value for {${name}}; add one to PARAMS`);
    if (name === 'item' && PUBLISHED_ITEM_ROUTE.test(path)) return publishedItem;
    return PARAMS[name];
  });
}

// ---- the server, sessions and a picture of the data ----------------------

let server, base;
const sessions = new Map();

before(async () => {
  server = await startBalai();
  base = server.base;
  for (const u of ALL_USERS) sessions.set(u, await login(base, u));
  for (const [u, c] of sessions) assert.ok(c.csrf, `no CSRF token for ${u}`);
  // a leave day, so that refused deletes have something to delete
  const lurah = sessions.get('lurah.jelitik');
  const r = await lurah.post('/console/o/jelitik/leave', { date: '2030-03-04', name: 'Hari jadi kelurahan' });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  // a conversation (id 1) from the portal chat and a citizen's file (id 1) in it,
  // so that the inbox routes have something to show the right users
  const chat = await fetch(`${base}/o/jelitik/obrolan`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text: 'syarat sktm' }),
  });
  assert.equal(chat.status, 200, await chat.text());
  sql(server.db, "INSERT INTO media (office_id, conversation_id, source, mime, filename, size, data, created_at) " +
    "SELECT office_id, id, 'upload', 'image/png', 'ktp.png', 3, 'AAAA', 0 FROM conversation WHERE id = 1");
  // a walk-in request (id 1, SKTM with its checklist) for the request routes
  await lurah.get('/console/o/jelitik/permohonan/baru');
  const req = await lurah.post('/console/o/jelitik/permohonan/baru', { service: 'sktm', name: 'Siti Aminah', address: 'RT 03 / RW 01' });
  assert.equal(req.status, 303, req.text.slice(0, 300));
  // a published content item with its visual, brought in by `balai content import`
  const dir = mkdtempSync(join(tmpdir(), 'balai-routes-'));
  writeFileSync(join(dir, 'v.png'), tinyPng(800, 800));
  writeFileSync(join(dir, 'k.json'), JSON.stringify([{ type: 'pengumuman', title: 'Posyandu', date: '2026-12-01',
    source: 'Puskesmas', contact: '0812 1', summary: 'Ringkas.', action_points: ['Datang'],
    document_url: 'https://jelitik.go.id/a.pdf', body: 'Isi.', image: 'v.png', alt_text: 'Poster', state: 'published' }]));
  const imp = cli(['content', 'import', '--office', 'jelitik', join(dir, 'k.json'), '--files-dir', server.filesDir], { db: server.db.url });
  rmSync(dir, { recursive: true, force: true });
  assert.equal(imp.code, 0, imp.stderr);
  publishedItem = sql(server.db, "SELECT id FROM content_item WHERE title = 'Posyandu' AND state = 'terbit'").trim();
  assert.match(publishedItem, /^\d+$/);
  // a published item and a broadcast of it (id 1) for the broadcast routes
  sql(server.db, "INSERT INTO content_item (office_id, slug, type, state, title, created_at, updated_at) " +
    "SELECT id, 'uji', 'pengumuman', 'terbit', 'Uji', 0, 0 FROM office WHERE slug = 'jelitik'");
  sql(server.db, "INSERT INTO broadcast (office_id, item_id, template, language, created_at) " +
    "SELECT office_id, id, 'balai_info_terbaru', 'id', 0 FROM content_item WHERE slug = 'uji'");
  // an entry (id 1) in jelitik's moderation queue for the moderation routes
  sql(server.db, "INSERT INTO moderation (office_id, source, kind, body, created_at) " +
    "SELECT id, 'portal_hoaks', 'hoaks', 'Kabar bohong', 0 FROM office WHERE slug = 'jelitik'");
});

after(async () => { await server?.stop(); });

const SNAPSHOT = [
  'SELECT id, slug, name, type, parent_id, code, address, map_url, phone, whatsapp, email, tz, hours, logo_type, length(logo), updated_at, version FROM office ORDER BY id',
  'SELECT year, status, confirmed_by, confirmed_at FROM holiday_year ORDER BY year',
  'SELECT count(*) FROM holiday',
  'SELECT office_id, date, name FROM office_leave ORDER BY office_id, date',
  'SELECT id, username, full_name, phone, pw_hash, disabled, duty_hours, absent_until, updated_at FROM staff ORDER BY id',
  'SELECT staff_id, office_id, role FROM staff_role ORDER BY staff_id, office_id, role',
  'SELECT office_id, level, staff_id, wait_min FROM escalation ORDER BY office_id, level',
  'SELECT count(*) FROM session',
  'SELECT count(*), max(seq) FROM audit_log',
  'SELECT count(*), sum(version), sum(active), max(updated_at) FROM service',
  'SELECT count(*) FROM service_version',
  'SELECT id, state, assigned_to, closed_at FROM conversation ORDER BY id',
  'SELECT count(*), max(id) FROM message',
  'SELECT office_id, kind, account, token, app_secret, verify_token, base_url, active FROM channel ORDER BY id',
  'SELECT count(*) FROM job',
  'SELECT id, office_id, weekday, start_min, end_min, capacity, active FROM pickup_slot ORDER BY id',
  'SELECT slot_id, date, booked FROM pickup_load ORDER BY slot_id, date',
  'SELECT count(*) FROM pickup_booking',
  'SELECT id, office_id, number, status, reason, eta_date, assigned_to, version FROM request ORDER BY id',
  'SELECT office_id, year, last FROM reg_counter ORDER BY office_id, year',
  'SELECT count(*), max(id) FROM request_event',
  'SELECT request_id, item, verdict, note, staff_id FROM request_item ORDER BY request_id, item',
  'SELECT office_id, first_min, resolve_min FROM inbox_sla ORDER BY office_id',
  'SELECT id, state, run_at FROM scheduled_message ORDER BY id',
  'SELECT id, state, version, checklist, correction FROM content_item ORDER BY id',
  'SELECT id, state, answer, referral, assignee_id, clarification_id FROM moderation ORDER BY id',
];
const snapshot = () => SNAPSHOT.map((q) => `${q}\n${sql(server.db, q)}`).join('\n');

function jelitikRow() {
  const cols = ['name', 'code', 'address', 'map_url', 'phone', 'whatsapp', 'email', 'tz', 'version'];
  const v = sql(server.db, `SELECT ${cols.join(', ')} FROM office WHERE slug = 'jelitik'`).trim().split('|');
  return Object.fromEntries(cols.map((c, i) => [c, v[i]]));
}

const contentVersion = () => sql(server.db, `SELECT version FROM content_item WHERE id = ${PARAMS.item}`).trim();
const requestVersion = () => sql(server.db, 'SELECT version FROM request WHERE id = 1').trim();

function sktmVersion() {
  return sql(server.db, "SELECT s.version FROM service s JOIN office o ON o.id = s.office_id WHERE o.slug = 'jelitik' AND s.slug = 'sktm'").trim();
}

/** A form that WOULD change something if the gate let it through. */
function harmfulForm(r) {
  const p = r.path;
  if (p === '/console/password') return { current: DEMO_PASSWORD, password: 'Sandi#Penyusup2027', password2: 'Sandi#Penyusup2027' };
  if (p.endsWith('/edit')) return { ...jelitikRow(), address: 'Alamat palsu penyusup', whatsapp: '081299999999' };
  if (p.endsWith('/hours')) return { version: jelitikRow().version, d0: '01.00-02.00', d1: '', d2: '', d3: '', d4: '', d5: '', d6: '' };
  if (p.endsWith('/leave')) return { date: '2030-05-05', name: 'Libur palsu' };
  if (p.endsWith('/leave/delete')) return { date: '2030-03-04' };
  if (p.endsWith('/new')) return { slug: 'kantor-penyusup', type: 'kelurahan', name: 'Kantor Penyusup', tz: 'WIB' };
  if (p.endsWith('/staff')) return { username: 'penyusup', full_name: 'Penyusup', role: 'admin_sistem', password: 'Sandi#Penyusup2027' };
  if (p.endsWith('/staff/{user}')) return { full_name: 'Nama Diganti', disabled: '1', role_admin_sistem: '1', role_petugas_layanan: '1' };
  if (p.endsWith('/password')) return { password: 'Sandi#Penyusup2027' };
  if (p.endsWith('/escalation')) return { staff1: 'petugas.jelitik', wait1: '1' };
  if (p.endsWith('/layanan/baru')) return { slug: 'layanan-penyusup', name: 'Layanan Penyusup', category: 'Lain-lain', ck_item_0: 'KTP', ck_note_0: 'asli', ck_count_0: '1', days: '0', request_type: 'informasi', active: '1' };
  if (p.endsWith('/layanan/{service}')) return { version: sktmVersion(), name: 'SKTM palsu', category: 'Surat Keterangan', ck_item_0: 'Uang pelicin', ck_note_0: 'asli', ck_count_0: '1', days: '9', request_type: 'informasi', active: '1' };
  if (p.endsWith('/pulihkan')) return { version: sktmVersion() };
  if (p.endsWith('/templat')) return { from: 'diskominfo-bangka', service: '*' };
  if (p.endsWith('/jadwal-ambil')) return { action: 'add', weekday: '0', from: '08:00', to: '10:00', capacity: '5' };
  if (p.endsWith('/permohonan/baru')) return { service: 'sktm', name: 'Warga Penyusup', address: 'RT 99' };
  if (p.endsWith('/permohonan/{request}/status')) return { to: 'ditolak', note: 'Ditolak penyusup', version: requestVersion() };
  if (p.endsWith('/permohonan/{request}/ambil')) return { slot: 'slot:1:20300506' };
  if (p.endsWith('/konten/baru')) return { type: 'pengumuman', title: 'Konten penyusup', state: 'draf' };
  if (p.endsWith('/konten/{item}/ubah')) return { type: 'pengumuman', title: 'Judul penyusup', version: contentVersion() };
  if (p.endsWith('/konten/{item}/langkah')) return { action: 'start', version: contentVersion() };
  if (p.endsWith('/moderasi/{entry}/putuskan')) return { action: 'spam' };
  if (p.endsWith('/permohonan/{request}/berkas')) return { item: '0', verdict: 'salah', note: 'palsu', version: requestVersion() };
  return {};   // e.g. /logout, /holidays/{year}/confirm: the POST itself is the change
}

/** The inbox's event stream never ends: read the answer's head, and its
 * body only when it is a refusal (a page), then hang up. */
async function openStream(c, path, json) {
  const ac = new AbortController();
  const headers = { ...(c.cookies.size ? { cookie: c.cookieHeader() } : {}), ...(json ? { accept: 'application/json' } : {}) };
  const res = await fetch(base + path, { headers, redirect: 'manual', signal: ac.signal });
  c.keep(res);
  const streaming = res.status === 200 && /^text\/event-stream/.test(res.headers.get('content-type') || '');
  const text = streaming ? '' : await res.text();
  ac.abort();
  return { status: res.status, headers: res.headers, text, location: res.headers.get('location') };
}

/** Sends route r as client c, with the given CSRF token (null: none at all). */
async function send(c, r, { form = {}, csrf = c.csrf, json = false } = {}) {
  const path = fill(r.path);
  if (r.method !== 'POST' && r.path.endsWith('/percakapan/live')) return openStream(c, path, json);
  if (r.method !== 'POST') return c.get(path, json ? { headers: { accept: 'application/json' } } : {});
  const fields = { ...(csrf === null ? {} : { _csrf: csrf }), ...form };
  if (!r.upload) return c.request('POST', path, { form: fields });
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  fd.append('logo', new Blob([tinyPng(4, 4)], { type: 'image/png' }), 'logo.png');
  const headers = c.cookies.size ? { cookie: c.cookieHeader() } : {};
  const res = await fetch(base + path, { method: 'POST', headers, body: fd, redirect: 'manual' });
  c.keep(res);
  return { status: res.status, headers: res.headers, text: await res.text(), location: res.headers.get('location') };
}

function assertGateRefused(res, who, r) {
  const what = `${who} on ${r.method} ${fill(r.path)}`;
  assert.equal(res.status, 403, `${what}: expected 403, got ${res.status} ${res.location || ''} ${res.text.slice(0, 200)}`);
  assert.match(res.text, GATE_403, `${what}: 403 but not the gate's refusal (e.g. a CSRF failure hides the role check)`);
}

function assertPassed(res, who, r) {
  const what = `${who} on ${r.method} ${fill(r.path)}`;
  assert.ok(![401, 403].includes(res.status), `${what}: refused with ${res.status}: ${res.text.slice(0, 300)}`);
  assert.ok(res.status < 500, `${what}: server error ${res.status}: ${res.text.slice(0, 300)}`);
  if (r.method === 'GET') assert.equal(res.status, 200, `${what}: ${res.status} ${res.location || ''}`);
}

// ---- the table itself ----------------------------------------------------

test('the route table is complete and every staff route declares who may use it', () => {
  assert.ok(ROUTES.length >= 30, `only ${ROUTES.length} routes`);
  const seen = new Set();
  for (const r of ROUTES) {
    assert.ok(!seen.has(key(r)), `${key(r)} declared twice`);
    seen.add(key(r));
    assert.ok(['GET', 'POST'].includes(r.method), key(r));
    assert.ok(['none', 'any', 'office'].includes(r.scope), `${key(r)}: scope ${r.scope}`);
    if (!r.auth) {
      assert.equal(r.perm, '', `${key(r)}: public route with a permission`);
      assert.equal(r.scope, 'none', `${key(r)}: public route with a scope`);
      continue;
    }
    if (r.perm === '') {
      assert.ok(NO_PERM_STAFF.includes(key(r)),
        `${key(r)} needs a login but declares no permission; give it one in src/web/routes.c ` +
        'or, if every staff member may truly use it, add it to NO_PERM_STAFF here');
      assert.equal(r.scope, 'none', `${key(r)}: scope without a permission`);
      continue;
    }
    assert.notEqual(r.scope, 'none', `${key(r)}: permission ${r.perm} but no scope, so nothing checks it`);
    assert.ok(r.roles.length > 0, `${key(r)}: no role has ${r.perm}`);
    if (r.scope === 'office') assert.match(r.path, /\{office\}/, `${key(r)}: office scope without {office}`);
    // a view-only clerk (petugas, editor, ...) changes nothing in an office
    if (r.method === 'POST' && !VIEW_POST_CHECKED.includes(key(r))) assert.notEqual(r.perm, 'view', `${key(r)} changes data but only needs view`);
  }
  // the justification list names real routes (a removed one must leave the list too)
  for (const k of NO_PERM_STAFF) {
    const r = ROUTES.find((x) => key(x) === k);
    assert.ok(r, `${k} is in NO_PERM_STAFF but not in the table`);
    assert.equal(r.auth, true, `${k} is in NO_PERM_STAFF but public`);
    assert.equal(r.perm, '', `${k} is in NO_PERM_STAFF but has a permission`);
  }
  // the demo data can prove every route: someone in Jelitik and someone outside
  for (const r of ROUTES.filter((x) => x.scope === 'office')) {
    const outside = ALL_USERS.filter((u) => !allowed(u, r) && holdsAt(u, (g) => r.roles.includes(g.role)));
    assert.ok(outside.length > 0, `${key(r)}: no demo user holds ${r.perm} on another office`);
    assert.ok(ALL_USERS.some((u) => allowed(u, r)), `${key(r)}: no demo user may use it`);
  }
});

// Meta's webhook handshake must answer 403 when the verify token does not match
const PUBLIC_REFUSING = new Set(['GET /webhooks/whatsapp', 'GET /webhooks/instagram']);

test('public routes answer without a login', async () => {
  const anon = new Client(base);
  for (const r of ROUTES.filter((x) => !x.auth && x.method === 'GET')) {
    const res = await anon.get(fill(r.path));
    if (PUBLIC_REFUSING.has(key(r))) {
      assert.equal(res.status, 403, `${key(r)}: ${res.status}`);
      continue;
    }
    assert.ok(![301, 302, 303, 401, 403].includes(res.status), `${key(r)}: ${res.status} ${res.location}`);
    assert.ok(res.status < 500, `${key(r)}: ${res.status}`);
  }
});

// ---- one test per staff route --------------------------------------------

for (const r of ROUTES.filter((x) => x.auth)) {
  test(`${key(r)} [${r.scope}${r.perm ? `: ${r.perm}` : ''}] refuses anonymous, wrong role and wrong office; admits the right user`, async (t) => {
    const path = fill(r.path);
    const harmful = harmfulForm(r);
    const before = snapshot();

    // (a) anonymous
    const anon = new Client(base);
    if (r.method === 'GET') {
      const res = await send(anon, r);
      assert.equal(res.status, 303, `anonymous GET ${path}: ${res.status}`);
      const loc = new URL(res.location, base);
      assert.equal(loc.origin, base);
      assert.equal(loc.pathname, '/login');
      assert.equal(loc.searchParams.get('next'), path, `next= should bring the user back to ${path}`);
      assert.ok(!res.text.includes('_csrf'), 'no page content for anonymous users');
      const js = await send(anon, r, { json: true });
      assert.equal(js.status, 401, `anonymous JSON GET ${path}: ${js.status}`);
    } else {
      // without any token, and with a real token stolen from someone else's page
      for (const csrf of [null, '', sessions.get('lurah.jelitik').csrf]) {
        const res = await send(anon, r, { form: harmful, csrf });
        assert.ok([401, 403].includes(res.status), `anonymous POST ${path}: ${res.status} ${res.location || ''}`);
        assert.ok(!res.headers.getSetCookie().some((c) => /^balai_sesi=[^;]+/.test(c) && !/Max-Age=0/i.test(c)),
          'no session is handed out');
      }
    }

    // (b) wrong role, (c) wrong office: every demo user who must not pass
    const refused = ALL_USERS.filter((u) => !allowed(u, r));
    const wrongRoleHere = JELITIK_USERS.filter((u) => !allowed(u, r));
    if (r.scope === 'office' && wrongRoleHere.length === 0) {
      // skip (b) only because every role held in Jelitik carries the permission
      const heldHere = [...new Set(JELITIK_USERS.flatMap((u) => USERS.get(u).filter((g) => g.office === TARGET).map((g) => g.role)))];
      for (const role of heldHere) assert.ok(r.roles.includes(role), `${role} is held in Jelitik but lacks ${r.perm}`);
      t.diagnostic(`(b) skipped: every Jelitik role (${heldHere.join(', ')}) has ${r.perm}`);
    }
    if (r.scope === 'office') {
      const wrongOffice = refused.filter((u) => holdsAt(u, (g) => r.roles.includes(g.role)));
      assert.ok(wrongOffice.length > 0, `(c) needs a user with ${r.perm} on another office`);
      t.diagnostic(`(b) no role with ${r.perm} anywhere: ${refused.filter((u) => !wrongOffice.includes(u)).join(', ') || '-'}; (c) wrong office: ${wrongOffice.join(', ')}`);
    }
    if (r.scope === 'any') assert.ok(wrongRoleHere.length > 0, `no Jelitik user lacks ${r.perm}`);
    for (const u of refused) {
      const res = await send(sessions.get(u), r, { form: harmful });
      assertGateRefused(res, u, r);
    }

    // a user who may use the route, but with a missing or someone else's CSRF token
    // the least privileged such user, someone in Jelitik first
    const rank = (u) => (JELITIK_USERS.includes(u) ? 0 : 100) + weight(u);
    const passUser = PASS_USER[key(r)] ||
      ALL_USERS.filter((u) => allowed(u, r)).sort((a, b) => rank(a) - rank(b))[0];
    assert.ok(passUser, `no demo user may use ${key(r)}`);
    assert.ok(allowed(passUser, r), `${passUser} is not expected to pass ${key(r)}`);
    if (r.method === 'POST') {
      const c = sessions.get(passUser);
      const other = sessions.get(passUser === 'petugas.sogaten' ? 'petugas.jelitik' : 'petugas.sogaten').csrf;
      for (const csrf of [null, '', other, c.csrf.slice(0, -1) + (c.csrf.endsWith('0') ? '1' : '0')]) {
        const res = await send(c, r, { form: harmful, csrf });
        assert.equal(res.status, 403, `${passUser} POST ${path} with CSRF ${JSON.stringify(csrf)}: ${res.status}`);
        assert.ok(res.text.includes(CSRF_403), `${passUser} POST ${path}: not the CSRF message`);
      }
    }

    // nothing any of that changed
    assert.equal(snapshot(), before, `a refused request to ${key(r)} changed the database`);

    // (d) the right users get through the gate
    if (r.method === 'GET') {
      for (const u of ALL_USERS.filter((x) => allowed(x, r))) assertPassed(await send(sessions.get(u), r), u, r);
    } else {
      // an empty form: the gate lets it through, the handler may refuse the content
      const c = key(r) === 'POST /logout' ? await login(base, passUser) : sessions.get(passUser);
      const res = await send(c, r);
      assertPassed(res, passUser, r);
      t.diagnostic(`(d) ${passUser}: ${res.status}`);
      if (key(r) === 'POST /logout') {
        assert.equal(res.status, 303);
        assert.equal((await c.get('/console')).status, 303, 'the session ended');
        assert.equal((await sessions.get(passUser).get('/console')).status, 200, 'other sessions live on');
      }
    }
  });
}

// ---- reach across the hierarchy ------------------------------------------

test('the Diskominfo admin reaches every office of Kabupaten Bangka and nothing outside it', async () => {
  const c = sessions.get('admin.diskominfo');
  for (const slug of ['jelitik', 'srimenanti', 'kec-sungailiat', 'kab-bangka', 'diskominfo-bangka']) {
    assert.equal((await c.get(`/console/o/${slug}`)).status, 200, `view ${slug}`);
    assert.equal((await c.get(`/console/o/${slug}/staff`)).status, 200, `staff ${slug}`);
    assert.equal((await c.get(`/console/o/${slug}/edit`)).status, 200, `edit ${slug}`);
  }
  for (const slug of ['bekasi-utara', 'sogaten', 'kota-bekasi', 'kec-manguharjo', 'babel', 'jabar']) {
    for (const page of ['', '/staff', '/edit', '/audit']) {
      const res = await c.get(`/console/o/${slug}${page}`);
      assertGateRefused(res, 'admin.diskominfo', { method: 'GET', path: `/console/o/${slug}${page}` });
    }
  }
  // the console lists exactly what it may open
  const list = await c.get('/console');
  for (const slug of ['jelitik', 'srimenanti', 'kec-sungailiat']) assert.ok(list.text.includes(`href="/console/o/${slug}"`), slug);
  for (const slug of ['bekasi-utara', 'sogaten', 'babel']) assert.ok(!list.text.includes(`href="/console/o/${slug}"`), slug);
});

test('the Camat of Sungailiat oversees Jelitik but not a kelurahan of another kecamatan', async () => {
  const c = sessions.get('camat.sungailiat');
  assert.equal((await c.get('/console/o/jelitik/audit')).status, 200);
  assert.equal((await c.get('/console/o/srimenanti/audit')).status, 200);
  assert.equal((await c.get('/console/o/jelitik/staff')).status, 200);
  for (const path of ['/console/o/sogaten/audit', '/console/o/sogaten', '/console/o/bekasi-utara/audit', '/console/o/kab-bangka']) {
    assertGateRefused(await c.get(path), 'camat.sungailiat', { method: 'GET', path });
  }
});

test('other Diskominfo staff stay inside their dinas, the policy supervisor sees the regency', async () => {
  for (const u of ['konten.diskominfo', 'editor.diskominfo', 'desain.diskominfo', 'kadis.diskominfo']) {
    const c = sessions.get(u);
    assert.equal((await c.get('/console/o/diskominfo-bangka')).status, 200, u);
    assertGateRefused(await c.get('/console/o/jelitik'), u, { method: 'GET', path: '/console/o/jelitik' });
  }
  const p = sessions.get('pengawas.diskominfo');
  assert.equal((await p.get('/console/o/jelitik/audit')).status, 200);
  assert.equal((await p.get('/console/o/srimenanti')).status, 200);
  assertGateRefused(await p.get('/console/o/jelitik/edit'), 'pengawas.diskominfo', { method: 'GET', path: '/console/o/jelitik/edit' });
  assertGateRefused(await p.get('/console/o/sogaten/audit'), 'pengawas.diskominfo', { method: 'GET', path: '/console/o/sogaten/audit' });
});

test('an unknown office is a 404 for staff, never a page of another office', async () => {
  const c = sessions.get('admin');
  const res = await c.get('/console/o/tidak-ada/edit');
  assert.equal(res.status, 404);
  assert.ok(!res.text.includes('name="address"'));
});
