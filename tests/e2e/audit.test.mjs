// The audit log: hash chain checked by `balai audit verify`, append-only in
// the database, and shown only to those who oversee an office.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startBalai, Client, login, cli, sql, freshDb } from './lib.mjs';
import { auditRows, futureDec31 } from './util-e2e.mjs';

let server, base, lurah;

before(async () => {
  server = await startBalai();
  base = server.base;
  lurah = await login(base, 'lurah.jelitik');
  // a few changes through the console, in two offices
  const f = (await lurah.json('/console/o/jelitik/edit')).body.form;
  let r = await lurah.post('/console/o/jelitik/edit', { ...f, version: String(f.version), address: 'Jl. Laut No. 1, Jelitik' });
  assert.equal(r.status, 303);
  r = await lurah.post('/console/o/jelitik/leave', { date: futureDec31(), name: 'Cuti kantor akhir tahun' });
  assert.equal(r.status, 303);
  r = await lurah.post('/console/o/jelitik/staff', { username: 'audit.baru', full_name: 'Audit Baru', phone: '', role: 'editor', password: 'Audit#Baru20266' });
  assert.equal(r.status, 303);
  const sogaten = await login(base, 'lurah.sogaten');
  r = await sogaten.post('/console/o/sogaten/leave', { date: futureDec31(), name: 'Bersih desa Sogaten' });
  assert.equal(r.status, 303);
});

after(async () => { await server?.stop(); });

function verify(db) { return cli(['audit', 'verify'], { db: db.url }); }
function count(db) { return Number(sql(db, 'SELECT COUNT(*) FROM audit_log').trim()); }
function seqOf(db, action) { return Number(sql(db, `SELECT MIN(seq) FROM audit_log WHERE action = '${action}'`).trim()); }

/** What an attacker with DB access does first: switch off the append-only guard. */
function dropGuards(db) {
  if (db.kind === 'pg') sql(db, 'ALTER TABLE audit_log DISABLE TRIGGER USER');
  else sql(db, 'DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
}

test('after changes through the console, `balai audit verify` says the log is intact (exit 0)', async () => {
  const r = verify(server.db);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /utuh/);
  const n = count(server.db);
  assert.ok(n > 40, `demo data plus the changes: ${n} rows`);
  assert.match(r.stdout, new RegExp(`${n} baris`), 'reports how many rows it checked');
  assert.match(r.stdout, /hash terakhir [0-9a-f]{64}/, 'prints the head hash to keep elsewhere');
  const actions = sql(server.db, 'SELECT action FROM audit_log').split('\n');
  for (const a of ['office.update', 'office.leave_add', 'staff.create']) assert.ok(actions.includes(a), a);
});

test('the database itself refuses UPDATE and DELETE on audit_log', async () => {
  const n = count(server.db);
  const seq = seqOf(server.db, 'office.update');
  assert.throws(() => sql(server.db, `UPDATE audit_log SET actor = 'orang.lain' WHERE seq = ${seq}`), /append-only/);
  assert.throws(() => sql(server.db, `DELETE FROM audit_log WHERE seq = ${seq}`), /append-only/);
  assert.throws(() => sql(server.db, 'DELETE FROM audit_log'), /append-only/);
  if (server.db.kind === 'pg') assert.throws(() => sql(server.db, 'TRUNCATE audit_log'), /append-only/);
  assert.equal(count(server.db), n);
  assert.equal(sql(server.db, `SELECT actor FROM audit_log WHERE seq = ${seq}`).trim(), 'lurah.jelitik');
  assert.equal(verify(server.db).code, 0);
});

test('the office audit page is shown to the lurah (penanggung jawab) with who did what', async () => {
  const page = await lurah.get('/console/o/jelitik/audit');
  assert.equal(page.status, 200);
  assert.match(page.text, /<h1>Log audit kantor<\/h1>/);
  // a sentence a Lurah reads: the name and role, not the username or a code
  assert.match(page.text, /<strong>Yusuf Hamdani \(Penanggung jawab\)<\/strong> mengubah data Kelurahan Jelitik\./);
  const log = page.text.slice(page.text.indexOf('<ol class="audit-log">')).replace(/<[^>]*>/g, ' ');
  assert.ok(!/office\.update|lurah\.jelitik|office_id|null/.test(log), 'no code, username or raw value in the log');
  assert.match(page.text, /Alamat:<\/span> <del>[^<]*<\/del> → <ins>Jl\. Laut No\. 1, Jelitik<\/ins>/, 'the changed field before → after');
  assert.match(page.text, /Yusuf Hamdani \(Penanggung jawab\)<\/strong> menambah hari libur Kelurahan Jelitik\./);
  assert.match(page.text, /Tanggal:<\/span> <ins>(Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu), 31 Desember 20\d\d<\/ins>/, 'dates in Indonesian');
  assert.match(page.text, /menambahkan staf Audit Baru\./, 'the staff member added, by name');
  assert.match(page.text, /<time datetime="[0-9T:-]+Z">(Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu), \d{1,2} [A-Z][a-z]+ 20\d\d pukul \d\d\.\d\d WIB<\/time>/, 'when, in Indonesian with the zone');
  const rows = await auditRows(lurah, '/console/o/jelitik/audit');
  assert.ok(rows.every((r) => r.office_slug === 'jelitik'));
  assert.ok(rows.some((r) => r.action === 'office.leave_add'));
  assert.ok(rows.some((r) => r.action === 'staff.create' && r.entity_id === 'audit.baru'));
  for (let i = 1; i < rows.length; i++) assert.ok(rows[i - 1].seq > rows[i].seq, 'newest first');
  const con = await lurah.get('/console');
  assert.match(con.text, /<a href="\/console\/audit">Log audit<\/a>/, 'the menu offers the log');
  // the lurah's overall log covers Jelitik but not Sogaten
  const all = await auditRows(lurah, '/console/audit');
  assert.ok(all.some((r) => r.office_slug === 'jelitik'));
  assert.ok(!all.some((r) => r.office_slug === 'sogaten'));
});

test('pengawas.sogaten sees the log of Sogaten only', async () => {
  const p = await login(base, 'pengawas.sogaten');
  const own = await auditRows(p, '/console/o/sogaten/audit');
  assert.ok(own.some((r) => r.action === 'office.leave_add' && r.actor === 'lurah.sogaten'));
  assert.ok(own.every((r) => r.office_slug === 'sogaten'));
  const all = await auditRows(p, '/console/audit');
  assert.ok(all.length > 0);
  assert.deepEqual([...new Set(all.map((r) => r.office_slug))], ['sogaten']);
  const html = await p.get('/console/audit');
  assert.equal(html.status, 200);
  assert.ok(!html.text.includes('Jl. Laut No. 1, Jelitik'), 'nothing of Jelitik leaks into the page');
  for (const slug of ['jelitik', 'srimenanti', 'kec-manguharjo']) {
    assert.equal((await p.get(`/console/o/${slug}/audit`)).status, 403, slug);
  }
});

test('a petugas gets 403 on the audit pages and is not offered them', async () => {
  const p = await login(base, 'petugas.jelitik');
  assert.equal((await p.get('/console/audit')).status, 403);
  assert.equal((await p.get('/console/o/jelitik/audit')).status, 403);
  const j = await p.json('/console/o/jelitik/audit');
  assert.equal(j.status, 403);
  assert.equal(j.body.rows, undefined);
  const con = await p.get('/console');
  assert.ok(!con.text.includes('href="/console/audit"'));
  assert.ok(!con.text.includes('href="/console/o/jelitik/audit"'));
  const anon = await new Client(base).get('/console/o/jelitik/audit');
  assert.equal(anon.status, 303);
  assert.match(anon.location, /^\/login\?next=/);
});

test('many changes at once from several sessions keep the chain whole', async () => {
  // four clerks of Sogaten add and remove a leave day 130 times each, at the same time
  const n0 = count(server.db);
  const clerks = await Promise.all([0, 1, 2, 3].map(() => login(base, 'lurah.sogaten')));
  const statuses = {};
  await Promise.all(clerks.map(async (c, w) => {
    const date = `2031-0${w + 1}-15`;
    for (let i = 0; i < 130; i++) {
      for (const r of [await c.post('/console/o/sogaten/leave', { date, name: `Rapat ${w}` }),
        await c.post('/console/o/sogaten/leave/delete', { date })]) statuses[r.status] = (statuses[r.status] || 0) + 1;
    }
  }));
  assert.deepEqual(statuses, { 303: 1040 });
  assert.equal(count(server.db), n0 + 1040);
  const r = verify(server.db);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`utuh: ${n0 + 1040} baris`));
});

test('an office\'s log stays readable when other offices have been busier since', async () => {
  // Jelitik's own rows are now older than Sogaten's 1040 newest: its page must still list them
  const rows = await auditRows(lurah, '/console/o/jelitik/audit');
  assert.ok(rows.some((x) => x.action === 'office.update' && x.actor === 'lurah.jelitik'),
    `Jelitik's office log still shows its profile change (got ${rows.length} rows)`);
  const all = await auditRows(lurah, '/console/audit');
  assert.ok(all.some((x) => x.office_slug === 'jelitik'), `the lurah's overall log still shows Jelitik (got ${all.length} rows)`);
});

test('the audit page is paged: 50 rows, then a link to older ones, without gaps or repeats', async () => {
  const p = await login(base, 'pengawas.sogaten');
  const first = await p.json('/console/o/sogaten/audit');
  assert.equal(first.body.rows.length, 50);
  assert.ok(first.body.older, 'a link to older rows');
  const html = await p.get('/console/o/sogaten/audit');
  assert.ok(html.text.includes(`href="/console/o/sogaten/audit?sebelum=${first.body.older}"`));
  const second = await p.json(`/console/o/sogaten/audit?sebelum=${first.body.older}`);
  assert.equal(second.body.rows.length, 50);
  const seqs = [...first.body.rows, ...second.body.rows].map((x) => x.seq);
  assert.equal(new Set(seqs).size, 100, 'no row twice');
  assert.ok(Math.min(...first.body.rows.map((x) => x.seq)) > Math.max(...second.body.rows.map((x) => x.seq)), 'second page is older');
});

test('an attacker who switches off the guard and edits a row is caught: verify exits 1 and names the row', async () => {
  const seq = seqOf(server.db, 'office.update');
  dropGuards(server.db);
  sql(server.db, `UPDATE audit_log SET after_json = '{"address":"Alamat palsu"}' WHERE seq = ${seq}`);
  assert.match(sql(server.db, `SELECT after_json FROM audit_log WHERE seq = ${seq}`), /Alamat palsu/);
  const r = verify(server.db);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /RUSAK/);
  assert.match(r.stderr, new RegExp(`baris ${seq}\\b`), `names row ${seq}: ${r.stderr}`);
  assert.equal(r.stdout, '', 'does not also claim the log is intact');
});

/** One audit row as stored (NULL kept as null). */
function auditRow(db, seq) {
  const cols = ['seq', 'ts', 'actor_id', 'actor', 'office_id', 'action', 'entity', 'entity_id', 'before_json', 'after_json', 'prev_hash', 'hash'];
  const row = {};
  for (const c of cols) {
    const isNull = sql(db, `SELECT CASE WHEN ${c} IS NULL THEN 1 ELSE 0 END FROM audit_log WHERE seq = ${seq}`).trim() === '1';
    row[c] = isNull ? null : sql(db, `SELECT ${c} FROM audit_log WHERE seq = ${seq}`).replace(/\n$/, '');
  }
  return row;
}

/** The row hash as documented in src/core/audit.c (length-prefixed fields, NULL as -1). */
function rowHash(r) {
  const h = createHash('sha256');
  const str = (s) => { if (s === null) h.update('-1:'); else { const b = Buffer.from(s); h.update(`${b.length}:`); h.update(b); } };
  const int = (v) => str(String(v === null ? 0 : Number(v)));
  str('balai-audit-v1');
  int(r.seq); int(r.ts); int(r.actor_id); str(r.actor); int(r.office_id);
  str(r.action); str(r.entity); str(r.entity_id); str(r.before_json); str(r.after_json); str(r.prev_hash);
  return h.digest('hex');
}

test('a row rewritten with a correctly recomputed hash still breaks the chain at the next row', async () => {
  const db = freshDb();
  try {
    assert.equal(cli(['init', '--demo'], { db: db.url }).code, 0);
    const row = auditRow(db, 5);
    assert.equal(rowHash(row), row.hash, 'the attacker knows how a row is hashed');
    const forged = { ...row, actor: 'penyusup' };
    dropGuards(db);
    sql(db, `UPDATE audit_log SET actor = 'penyusup', hash = '${rowHash(forged)}' WHERE seq = 5`);
    const r = verify(db);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /rantai putus di baris 6\b/, r.stderr);
  } finally { db.drop(); }
});

test('a deleted row in the middle is caught: verify exits 1 and says it is missing ("hilang")', async () => {
  const db = freshDb();
  try {
    assert.equal(cli(['init', '--demo'], { db: db.url }).code, 0);
    assert.equal(verify(db).code, 0);
    const n = count(db);
    const mid = Math.floor(n / 2);
    dropGuards(db);
    sql(db, `DELETE FROM audit_log WHERE seq = ${mid}`);
    assert.equal(count(db), n - 1);
    const r = verify(db);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /hilang/);
    assert.match(r.stderr, new RegExp(`baris nomor ${mid} hilang`));
  } finally { db.drop(); }
});

test('filters narrow the log by who, kind of change and dates; bad dates are explained, not an error', async () => {
  const all = await auditRows(lurah, '/console/o/jelitik/audit');
  const yusuf = all.find((x) => x.actor === 'lurah.jelitik');
  const byOne = await auditRows(lurah, `/console/o/jelitik/audit?oleh=${yusuf.actor_id}`);
  assert.ok(byOne.length > 0 && byOne.every((x) => x.actor_id === yusuf.actor_id), 'only his rows');
  const staff = await auditRows(lurah, '/console/o/jelitik/audit?jenis=staff');
  assert.ok(staff.length > 0 && staff.every((x) => x.action.startsWith('staff.')), 'only staff changes');
  const page = await lurah.get('/console/o/jelitik/audit?jenis=staff');
  assert.match(page.text, /<option value="staff" selected>Staf dan akun<\/option>/, 'the chosen kind stays chosen');
  assert.match(page.text, /<option value="\d+">Yusuf Hamdani<\/option>/, 'who can be chosen, by name');
  // dates: today (WIB) holds the console changes; a range in the past holds none of them
  const today = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
  const todays = await auditRows(lurah, `/console/o/jelitik/audit?dari=${today}&sampai=${today}`);
  assert.ok(todays.some((x) => x.action === 'office.update'));
  const past = await auditRows(lurah, '/console/o/jelitik/audit?dari=2020-01-01&sampai=2020-12-31');
  assert.equal(past.length, 0);
  const bad = await lurah.get('/console/o/jelitik/audit?dari=31-31-2026');
  assert.equal(bad.status, 200);
  assert.match(bad.text, /role="alert">Tanggal tidak dapat dibaca/);
  const backwards = await lurah.get(`/console/o/jelitik/audit?dari=${today}&sampai=2020-01-01`);
  assert.match(backwards.text, /lebih awal dari tanggal/);
  assert.match(backwards.text, /mengubah data Kelurahan Jelitik/, 'the date filter is dropped, the rows still shown');
  // the overall page can be narrowed to one office in reach, and ignores one out of reach
  const jel = await auditRows(lurah, '/console/audit?kantor=jelitik');
  assert.ok(jel.length > 0 && jel.every((x) => x.office_slug === 'jelitik'));
  const other = await auditRows(lurah, '/console/audit?kantor=sogaten');
  assert.ok(!other.some((x) => x.office_slug === 'sogaten'), 'an office out of reach shows nothing of it');
});

test('CSV export: the same filters, readable columns, safe from spreadsheet formulas, refused to a petugas', async () => {
  // a staff member whose name a spreadsheet would run as a formula changes something
  let r = await lurah.post('/console/o/jelitik/staff', { username: 'rumus.x', full_name: '=HYPERLINK("http://x")', phone: '', role: 'koordinator', password: 'Rumus#Xyz20266' });
  assert.equal(r.status, 303);
  const rumus = await login(base, 'rumus.x', 'Rumus#Xyz20266');
  r = await rumus.post('/console/o/jelitik/leave', { date: futureDec31().replace('-12-31', '-12-30'), name: 'Rapat akhir tahun' });
  assert.equal(r.status, 303);
  const csv = await lurah.get('/console/o/jelitik/audit.csv?jenis=office');
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /text\/csv/);
  const text = csv.text.replace(/^\uFEFF/, '');
  const lines = text.trim().split('\r\n');
  assert.equal(lines[0], '"No.","Waktu","Oleh","Kantor","Kejadian","Perubahan"');
  assert.ok(lines.length > 2);
  assert.ok(lines.slice(1).every((l) => /^"\d+","[^"]+ pukul \d\d\.\d\d WIB","(?:[^"]|"")*","Kelurahan Jelitik","[^"]*"/.test(l)), lines.slice(1, 4).join('\n'));
  assert.ok(!lines.some((l) => /"staf/.test(l.split('","')[4] || '')), 'only office changes');
  assert.ok(text.includes(`"Yusuf Hamdani (Penanggung jawab)"`));
  assert.ok(text.includes('"\'=HYPERLINK(""http://x"") (Koordinator)"'), 'a formula is quoted with an apostrophe, quotes doubled');
  assert.ok(!/,"=/.test(text), 'no cell starts with =');
  const p = await login(base, 'petugas.jelitik');
  assert.equal((await p.get('/console/o/jelitik/audit.csv')).status, 403);
  assert.equal((await p.get('/console/audit.csv')).status, 403);
  const page = await lurah.get('/console/o/jelitik/audit?jenis=office');
  assert.match(page.text, /href="\/console\/o\/jelitik\/audit\.csv\?jenis=office"/, 'the download link keeps the filters');
});
