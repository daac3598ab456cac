// The `balai` command line as an IT officer scripts it: help, init, offices,
// users, migrations, holidays; exit codes and messages on stderr.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBalai, login, cli, sql, freshDb, freePort, BIN, ROOT, DEMO_PASSWORD } from './lib.mjs';
import { tryLogin, sessionAlive, alerts } from './util-e2e.mjs';

const COMMANDS = ['serve', 'init', 'migrate', 'user', 'office', 'audit', 'holidays', 'routes'];
const ROLES = ['penanggung_jawab', 'koordinator', 'admin_sistem', 'petugas_layanan', 'petugas_verifikasi',
  'pengelola_konten', 'editor', 'desainer_grafis', 'pengawas_kebijakan'];

let server, base, tmp;

before(async () => {
  server = await startBalai();
  base = server.base;
  tmp = mkdtempSync(join(tmpdir(), 'balai-cli-'));
});

after(async () => {
  await server?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const db = () => server.db.url;
function dbValue(q) { return sql(server.db, q).trim(); }

test('`balai --help` lists every command and exits 0', () => {
  for (const args of [['--help'], ['-h'], ['help'], []]) {
    const r = cli(args);
    assert.equal(r.code, 0, args.join(' '));
    assert.match(r.stdout, /Penggunaan: balai PERINTAH/);
    for (const c of COMMANDS) assert.match(r.stdout, new RegExp(`^  balai ${c}\\b`, 'm'), `${args}: ${c}`);
    assert.match(r.stdout, /BALAI_DB/);
  }
  const bad = cli(['terbang']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /perintah tidak dikenal: terbang/);
});

test('every subcommand has --help (exit 0, usage on stdout)', () => {
  for (const c of COMMANDS) {
    for (const flag of ['--help', '-h']) {
      const r = cli([c, flag]);
      assert.equal(r.code, 0, `${c} ${flag}: ${r.stderr}`);
      assert.match(r.stdout, new RegExp(`^Penggunaan: balai ${c}\\b`), `${c} ${flag}`);
    }
  }
  // also after other arguments, and for the nested forms
  for (const args of [['user', 'add', '--help'], ['office', 'list', '--help'], ['audit', 'verify', '--help'], ['holidays', 'import', '--help']]) {
    const r = cli(args);
    assert.equal(r.code, 0, args.join(' '));
    assert.match(r.stdout, /^Penggunaan: balai /);
  }
  const u = cli(['help', 'user']);
  assert.equal(u.code, 0);
  assert.match(u.stdout, /--password-stdin/);
});

test('`init --demo` is idempotent: the second run says the demo data is already there', () => {
  const d = freshDb();
  try {
    const first = cli(['init', '--demo'], { db: d.url });
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /Data demo dimuat\./);
    const offices = sql(d, 'SELECT COUNT(*) FROM office').trim();
    const staff = sql(d, 'SELECT COUNT(*) FROM staff').trim();
    const audit = sql(d, 'SELECT COUNT(*) FROM audit_log').trim();
    const second = cli(['init', '--demo'], { db: d.url });
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /sudah ada/);
    assert.equal(sql(d, 'SELECT COUNT(*) FROM office').trim(), offices);
    assert.equal(sql(d, 'SELECT COUNT(*) FROM staff').trim(), staff);
    assert.equal(sql(d, 'SELECT COUNT(*) FROM audit_log').trim(), audit);
    assert.equal(offices, '13');
    const plain = cli(['init'], { db: d.url });
    assert.equal(plain.code, 0);
    assert.equal(sql(d, 'SELECT COUNT(*) FROM office').trim(), offices);
    assert.equal(cli(['audit', 'verify'], { db: d.url }).code, 0);
  } finally { d.drop(); }
});

test('`office add` creates an office; duplicate slug, unknown parent and bad type fail with a message', () => {
  let r = cli(['office', 'add', 'parit-padang', '--name', 'Kelurahan Parit Padang', '--type', 'kelurahan',
    '--parent', 'kec-sungailiat', '--tz', 'WIB', '--code', 'PPD'], { db: db() });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /parit-padang/);
  assert.equal(dbValue("SELECT name FROM office WHERE slug = 'parit-padang'"), 'Kelurahan Parit Padang');
  assert.ok(dbValue("SELECT COUNT(*) FROM audit_log WHERE action = 'office.create' AND entity_id = 'parit-padang'") === '1', 'audited');

  r = cli(['office', 'add', 'parit-padang', '--name', 'Lagi', '--type', 'kelurahan', '--parent', 'kec-sungailiat'], { db: db() });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /slug sudah dipakai: parit-padang/);
  assert.equal(dbValue("SELECT name FROM office WHERE slug = 'parit-padang'"), 'Kelurahan Parit Padang');

  r = cli(['office', 'add', 'yatim', '--name', 'Kelurahan Yatim', '--type', 'kelurahan', '--parent', 'tidak-ada'], { db: db() });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /kantor induk tidak ditemukan: tidak-ada/);

  r = cli(['office', 'add', 'aneh', '--name', 'Kantor Aneh', '--type', 'kampung', '--parent', 'kec-sungailiat'], { db: db() });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /jenis kantor tidak dikenal: kampung/);

  r = cli(['office', 'add', 'kec-dalam-kec', '--name', 'Kecamatan Salah', '--type', 'kecamatan', '--parent', 'kec-sungailiat'], { db: db() });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /tidak dapat berada di bawah/);

  r = cli(['office', 'add', 'Slug Salah', '--name', 'X', '--type', 'kelurahan', '--parent', 'kec-sungailiat'], { db: db() });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /huruf kecil/);

  r = cli(['office', 'add', 'tanpa-nama', '--type', 'kelurahan'], { db: db() });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /Penggunaan: balai office/);

  for (const s of ['yatim', 'aneh', 'kec-dalam-kec', 'tanpa-nama']) assert.equal(dbValue(`SELECT COUNT(*) FROM office WHERE slug = '${s}'`), '0', s);
});

test('`office list` prints one office a line, slug first', () => {
  const r = cli(['office', 'list'], { db: db() });
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines.length, Number(dbValue('SELECT COUNT(*) FROM office')));
  const slugs = dbValue('SELECT slug FROM office').split('\n').sort();
  assert.deepEqual(lines.map((l) => l.split('\t')[0]).sort(), slugs);
  for (const l of lines) assert.equal(l.split('\t').length, 4, l);
  assert.ok(lines.includes('jelitik\tkelurahan\tkec-sungailiat\tKelurahan Jelitik'));
  assert.ok(lines.includes('parit-padang\tkelurahan\tkec-sungailiat\tKelurahan Parit Padang'));
  assert.ok(lines.includes('babel\tprovinsi\t-\tProvinsi Kepulauan Bangka Belitung'));
  // usable in a pipeline: slugs only with cut
  const cut = spawnSync('sh', ['-c', `"${BIN}" office list --db "${db()}" | cut -f1 | grep -cx jelitik`], { encoding: 'utf8' });
  assert.equal(cut.stdout.trim(), '1');
});

test('`user add --password-stdin` creates a staff member who can log in over HTTP', async () => {
  const r = cli(['user', 'add', 'dina.cli', '--office', 'jelitik', '--role', 'petugas_layanan', '--name', 'Dina dari CLI', '--password-stdin'],
    { db: db(), input: 'Dina#Jelitik2026\n' });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Akun dina\.cli dibuat/);
  assert.doesNotMatch(r.stdout, /Dina#Jelitik2026/, 'the typed password is not printed');
  const c = await login(base, 'dina.cli', 'Dina#Jelitik2026');
  const con = await c.json('/console');
  assert.deepEqual(con.body.offices.map((o) => o.slug), ['jelitik']);
  const page = await c.get('/console');
  assert.match(page.text, /Selamat datang, Dina dari CLI/);
  assert.equal(dbValue("SELECT COUNT(*) FROM audit_log WHERE action = 'staff.create' AND entity_id = 'dina.cli'"), '1');
  // without --password-stdin a strong password is made and printed once
  const g = cli(['user', 'add', 'eko.acak', '--office', 'jelitik', '--role', 'editor'], { db: db() });
  assert.equal(g.code, 0, g.stderr);
  const pw = g.stdout.match(/Kata sandi awal: (\S+)/)?.[1];
  assert.ok(pw && pw.length >= 12, g.stdout);
  assert.equal((await tryLogin(base, 'eko.acak', pw)).res.status, 303);
});

test('`user passwd` changes the password and ends sessions; `user disable` blocks login', async () => {
  const s = await login(base, 'dina.cli', 'Dina#Jelitik2026');
  let r = cli(['user', 'passwd', 'dina.cli', '--password-stdin'], { db: db(), input: 'Baru#Dina20266\n' });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(await sessionAlive(s), false, 'the open session ends');
  assert.equal((await tryLogin(base, 'dina.cli', 'Dina#Jelitik2026')).res.status, 401);
  const fresh = await login(base, 'dina.cli', 'Baru#Dina20266');

  r = cli(['user', 'passwd', 'dina.cli', '--password-stdin'], { db: db(), input: 'pendek\n' });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /minimal 10 karakter/);
  assert.equal((await tryLogin(base, 'dina.cli', 'Baru#Dina20266')).res.status, 303, 'unchanged after a refused change');

  r = cli(['user', 'passwd', 'tidak.ada', '--password-stdin'], { db: db(), input: 'Apa#Saja20266\n' });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /pengguna tidak ditemukan: tidak\.ada/);

  r = cli(['user', 'disable', 'dina.cli'], { db: db() });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /dinonaktifkan/);
  assert.equal(await sessionAlive(fresh), false);
  const { res } = await tryLogin(base, 'dina.cli', 'Baru#Dina20266');
  assert.equal(res.status, 403);
  assert.match(alerts(res.text).join(' '), /dinonaktifkan/);
  assert.equal(dbValue("SELECT COUNT(*) FROM audit_log WHERE action = 'staff.disable' AND entity_id = 'dina.cli'"), '1');
});

test('`user add` with an unknown role exits 2 and lists the roles', () => {
  const r = cli(['user', 'add', 'salah.peran', '--office', 'jelitik', '--role', 'lurah', '--password-stdin'], { db: db(), input: 'Salah#Peran2026\n' });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /peran tidak dikenal: lurah/);
  for (const role of ROLES) assert.ok(r.stderr.includes(role), `lists ${role}`);
  assert.equal(dbValue("SELECT COUNT(*) FROM staff WHERE username = 'salah.peran'"), '0');
});

test('`user add` refuses a weak password, an unknown office and a bad username', () => {
  let r = cli(['user', 'add', 'lemah.sekali', '--office', 'jelitik', '--role', 'editor', '--password-stdin'], { db: db(), input: 'lemah\n' });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /minimal 10 karakter/);
  r = cli(['user', 'add', 'lemah.sekali', '--office', 'jelitik', '--role', 'editor', '--password-stdin'], { db: db(), input: 'lemah.sekali\n' });
  assert.notEqual(r.code, 0);
  assert.equal(dbValue("SELECT COUNT(*) FROM staff WHERE username = 'lemah.sekali'"), '0');
  r = cli(['user', 'add', 'tanpa.kantor', '--office', 'atlantis', '--role', 'editor', '--password-stdin'], { db: db(), input: 'Tanpa#Kantor2026\n' });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /kantor tidak ditemukan: atlantis/);
  r = cli(['user', 'add', 'Nama Spasi', '--office', 'jelitik', '--role', 'editor', '--password-stdin'], { db: db(), input: 'Nama#Spasi20266\n' });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /Nama pengguna 3–40 karakter/);
  r = cli(['user', 'add', 'tanpa.peran', '--office', 'jelitik'], { db: db() });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /Penggunaan: balai user/);
});

test('`migrate` reports the schema version', () => {
  const d = freshDb();
  try {
    const first = cli(['migrate'], { db: d.url });
    assert.equal(first.code, 0, first.stderr);
    const m = first.stdout.match(/(\d+) migrasi diterapkan; versi skema (\d+)\./);
    assert.ok(m, first.stdout);
    assert.ok(Number(m[1]) >= 1);
    const again = cli(['migrate'], { db: d.url });
    assert.equal(again.code, 0);
    assert.match(again.stdout, new RegExp(`^0 migrasi diterapkan; versi skema ${m[2]}\\.`));
  } finally { d.drop(); }
});

test('`serve` on a database that cannot be opened exits 1 with a clear message, not a crash', () => {
  // spawnSync with a timeout: a server that wrongly starts must not hang the suite
  const run = (args, env = {}) => spawnSync(BIN, args, { encoding: 'utf8', timeout: 15000, env: { ...process.env, ...env } });
  const r = run(['serve', '--listen', '127.0.0.1:0', '--db', '/nonexistent/dir/x.db']);
  assert.equal(r.signal, null, `killed by ${r.signal}: ${r.stderr}`);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /^balai: /m);
  assert.match(r.stderr, /\/nonexistent\/dir\/x\.db/, 'names the database');
  assert.doesNotMatch(r.stdout, /Balai berjalan/);
  const pg = run(['serve', '--listen', '127.0.0.1:0', '--db', 'postgresql://nobody@127.0.0.1:1/tidakada']);
  assert.equal(pg.signal, null);
  assert.equal(pg.status, 1, pg.stderr);
  assert.match(pg.stderr, /^balai: /m);
  const other = run(['init', '--db', '/nonexistent/dir/x.db']);
  assert.equal(other.signal, null);
  assert.equal(other.status, 1);
});

test('`serve` with a bad --listen address exits with a message', () => {
  const r = spawnSync(BIN, ['serve', '--listen', 'bukan-alamat', '--db', db()], { encoding: 'utf8', timeout: 15000 });
  assert.equal(r.signal, null);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /--listen tidak valid/);
});

test('the environment variable BALAI_DB is used when --db is not given', () => {
  const r = cli(['office', 'list'], { env: { BALAI_DB: db() } });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^jelitik\tkelurahan/m);
  assert.match(r.stdout, /^parit-padang\t/m);
  const u = cli(['user', 'add', 'env.user', '--office', 'sogaten', '--role', 'editor', '--password-stdin'],
    { env: { BALAI_DB: db() }, input: 'Env#User20266x\n' });
  assert.equal(u.code, 0, u.stderr);
  assert.equal(dbValue("SELECT COUNT(*) FROM staff WHERE username = 'env.user'"), '1');
  // --db wins over BALAI_DB
  const d = freshDb();
  try {
    assert.equal(cli(['init'], { db: d.url }).code, 0);
    const w = cli(['office', 'list', '--db', d.url], { env: { BALAI_DB: db() } });
    assert.equal(w.code, 0);
    assert.equal(w.stdout, '', 'the empty database named by --db, not BALAI_DB');
  } finally { d.drop(); }
});

test('options may also come before the command: `balai --db URL office list`', () => {
  const before = cli(['--db', db(), 'office', 'list']);
  assert.equal(before.code, 0, before.stderr);
  assert.equal(before.stdout, cli(['office', 'list'], { db: db() }).stdout);
  assert.match(before.stdout, /^jelitik\tkelurahan/m);
  const eq = cli([`--db=${db()}`, 'office', 'list']);
  assert.equal(eq.code, 0, eq.stderr);
  assert.equal(eq.stdout, before.stdout);
  // options alone are still a usage error
  assert.equal(cli(['--db', db()]).code, 2);
});

test('`balai --no-ocr serve`: options of serve before the command word start the server', async () => {
  const d = freshDb();
  const files = mkdtempSync(join(tmpdir(), 'balai-cli-files-'));
  const port = await freePort();
  const wrap = (process.env.BALAI_WRAP || '').split(' ').filter(Boolean);
  const argv = [...wrap, BIN, '--no-ocr', '--listen', `127.0.0.1:${port}`, `--db=${d.url}`,
    '--files-dir', join(files, 'f'), '--threads', '2', 'serve'];
  const proc = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout.on('data', (b) => { out += b; });
  proc.stderr.on('data', (b) => { out += b; });
  const exited = new Promise((r) => proc.on('exit', r));
  try {
    while (!out.includes('Balai berjalan di') && proc.exitCode === null)
      await new Promise((r) => setTimeout(r, 25));
    assert.equal(proc.exitCode, null, `serve exited:\n${out}`);
    assert.doesNotMatch(out, /perintah tidak dikenal/);
    assert.match(out, /Pengenalan foto KTP\/KK \(OCR\) dimatikan/, '--no-ocr before the command is applied');
    assert.match(out, new RegExp(`Balai berjalan di http://127\\.0\\.0\\.1:${port}`), '--listen before the command is applied');
    const res = await fetch(`http://127.0.0.1:${port}/`);
    assert.equal(res.status, 200);
    await res.arrayBuffer();
    proc.kill('SIGTERM');
    assert.equal(await exited, 0, out);
    // --db and --files-dir before the command were used: serve loaded the
    // holidays into that database and made that folder
    assert.ok(Number(sql(d, 'SELECT COUNT(*) FROM holiday_year').trim()) > 0);
    assert.ok(existsSync(join(files, 'f')), 'the files folder named before the command');
  } finally {
    if (proc.exitCode === null) { proc.kill('SIGKILL'); await exited; }
    d.drop();
    rmSync(files, { recursive: true, force: true });
  }
  // an option no command knows, before the command, is named as such
  const bad = cli(['--warna', 'serve']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /opsi tidak dikenal: --warna/);
});

test('`holidays import`: a bad line fails naming its line number and changes nothing; a good file imports', async () => {
  const shipped = readFileSync(join(ROOT, 'data/holidays.tsv'), 'utf8');
  const before_ = dbValue('SELECT COUNT(*) FROM holiday');
  const lines = shipped.split('\n');
  const at = lines.findIndex((l) => l.startsWith('2026-05-01\t'));
  assert.ok(at > 0);
  const badLines = [...lines];
  badLines[at] = '2026-05-32\tlibur\tHari Buruh Internasional';
  const bad = join(tmp, 'rusak.tsv');
  writeFileSync(bad, badLines.join('\n'));
  let r = cli(['holidays', 'import', bad], { db: db() });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, new RegExp(`Baris ${at + 1}\\b`), `names line ${at + 1}: ${r.stderr}`);
  assert.match(r.stderr, /2026-05-32/);
  assert.equal(dbValue('SELECT COUNT(*) FROM holiday'), before_, 'nothing imported');

  const kindLines = [...lines];
  kindLines[at] = '2026-05-01\tpesta\tHari Buruh Internasional';
  writeFileSync(bad, kindLines.join('\n'));
  r = cli(['holidays', 'import', bad], { db: db() });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, new RegExp(`Baris ${at + 1}: jenis`));

  r = cli(['holidays', 'import', join(tmp, 'tidak-ada.tsv')], { db: db() });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /tidak dapat membuka/);

  // the SKB for 2027 came out: the updated file adds Idul Fitri 1448 H
  const good = join(tmp, 'libur.tsv');
  writeFileSync(good, shipped.replace('2027-03-26\tlibur\tWafat Yesus Kristus',
    '2027-03-10\tlibur\tIdul Fitri 1448 H\n2027-03-11\tlibur\tIdul Fitri 1448 H\n2027-03-26\tlibur\tWafat Yesus Kristus'));
  r = cli(['holidays', 'import', good], { db: db() });
  assert.equal(r.code, 0, r.stderr);
  const n = Number(r.stdout.match(/(\d+) hari libur dan cuti bersama dimuat/)?.[1]);
  assert.equal(n, Number(before_) + 2);
  assert.equal(dbValue('SELECT COUNT(*) FROM holiday'), String(n));
  const c = await login(base, 'lurah.jelitik', DEMO_PASSWORD);
  const page = await c.get('/console/holidays');
  assert.match(page.text, /Idul Fitri 1448 H/);
});

test('exit codes: 0 success, 2 wrong usage', () => {
  assert.equal(cli(['office'], { db: db() }).code, 2);
  assert.equal(cli(['office', 'hapus', 'x'], { db: db() }).code, 2);
  assert.equal(cli(['user', 'add'], { db: db() }).code, 2);
  assert.equal(cli(['audit'], { db: db() }).code, 2);
  const r = cli(['office', 'list', '--warna'], { db: db() });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /opsi tidak dikenal: --warna/);
  assert.equal(cli(['audit', 'verify'], { db: db() }).code, 0);
});

test('`--db sqlite:///path`: the key and the files folder sit next to the database file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'balai-cli-url-'));
  const env = { ...process.env, BALAI_SECRET_KEY_FILE: '', BALAI_FILES_DIR: '' };
  const file = join(dir, 'kantor.db');
  let proc;
  try {
    const r = cli(['init', '--db', `sqlite://${file}`], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(file), 'the database is the file the URL names');
    assert.ok(existsSync(`${file}.key`), 'the secret key is made beside that file, not under a "sqlite:" name');
    const port = await freePort();
    proc = spawn(BIN, ['serve', '--no-ocr', '--listen', `127.0.0.1:${port}`, '--db', `sqlite:${file}`],
      { env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout.on('data', (b) => { out += b; });
    proc.stderr.on('data', (b) => { out += b; });
    while (!out.includes('Balai berjalan di') && proc.exitCode === null)
      await new Promise((res) => setTimeout(res, 25));
    assert.equal(proc.exitCode, null, `serve exited:\n${out}`);
    assert.ok(existsSync(`${file}.files`), 'the citizens\' files folder is beside the file too');
    assert.ok(!existsSync(join(dir, 'sqlite:')), 'nothing is made under a name that starts with the scheme');
  } finally {
    if (proc && proc.exitCode === null) {
      const exited = new Promise((res) => proc.on('exit', res));
      proc.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  }
});
