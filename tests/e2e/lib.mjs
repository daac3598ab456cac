// Shared helpers for the end-to-end suite: start the real `balai` binary on a
// fresh database (SQLite file or a new PostgreSQL database), talk HTTP to it,
// and sign in as a demo user. Node's built-in fetch and test runner only.
//
// Environment (set by scripts/test):
//   BALAI_BIN       binary to test (default build/balai)
//   BALAI_TEST_PG   admin URL of a throw-away PostgreSQL server; when set,
//                   every test gets its own new database there instead of
//                   a SQLite file
//   BALAI_WRAP      command prefix for the server, e.g. a valgrind line
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import net from 'node:net';
import assert from 'node:assert/strict';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = resolve(ROOT, process.env.BALAI_BIN || 'build/balai');
export const DEMO_PASSWORD = 'Demo#Balai2026';
export const ON_PG = !!process.env.BALAI_TEST_PG;

let dbCounter = 0;

/** A fresh, empty database URL (and a function that removes it). */
export function freshDb() {
  if (ON_PG) {
    const name = `t_${process.pid}_${Date.now()}_${dbCounter++}`;
    execFileSync('psql', [process.env.BALAI_TEST_PG, '-q', '-c', `CREATE DATABASE ${name}`]);
    const url = process.env.BALAI_TEST_PG.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
    return { url, kind: 'pg', name, drop() {
      try { execFileSync('psql', [process.env.BALAI_TEST_PG, '-q', '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]); } catch {}
    } };
  }
  const dir = mkdtempSync(join(tmpdir(), 'balai-test-'));
  return { url: join(dir, 'balai.db'), kind: 'sqlite', dir, drop() { rmSync(dir, { recursive: true, force: true }); } };
}

/** Runs the CLI; returns {code, stdout, stderr}. Never throws on exit code. */
export function cli(args, { db, input, env } = {}) {
  const full = db ? [...args, '--db', db] : args;
  try {
    const stdout = execFileSync(BIN, full, { input, env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
    return { code: 0, stdout, stderr: '' };
  } catch (e) {
    return { code: e.status ?? -1, stdout: e.stdout?.toString() ?? '', stderr: e.stderr?.toString() ?? '' };
  }
}

/** Runs SQL directly against the test database (to play an attacker with DB access). */
export function sql(db, statement) {
  if (db.kind === 'pg') return execFileSync('psql', [db.url, '-q', '-A', '-t', '-c', statement], { encoding: 'utf8' });
  // wait for the server's write lock (a slow sanitizer build may hold it) instead of failing at once
  return execFileSync('sqlite3', ['-cmd', '.timeout 10000', db.url, statement], { encoding: 'utf8' });
}

export async function freePort() {
  return new Promise((res, rej) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); });
    s.on('error', rej);
  });
}

/**
 * Starts `balai serve` on an existing database (db from freshDb; several
 * servers may use one, in turn or at once), with `args` added and `env` in
 * its environment. Returns { base, output(), stop() }; stop() ends it with
 * SIGTERM and asserts that it exited cleanly.
 */
export async function serveOn(db, args = [], env = {}) {
  const port = await freePort();
  const wrap = (process.env.BALAI_WRAP || '').split(' ').filter(Boolean);
  const argv = [...wrap, BIN, 'serve', '--listen', `127.0.0.1:${port}`, '--db', db.url, ...args];
  const proc = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  proc.stdout.on('data', (d) => { out += d; });
  proc.stderr.on('data', (d) => { out += d; });
  const started = Date.now();
  while (!out.includes('Balai berjalan di')) {
    if (proc.exitCode !== null) throw new Error(`balai serve exited (${proc.exitCode}):\n${out}`);
    if (Date.now() - started > 60000) { proc.kill('SIGKILL'); throw new Error(`balai serve did not start:\n${out}`); }
    await new Promise((r) => setTimeout(r, 25));
  }
  return {
    base: `http://127.0.0.1:${port}`,
    output: () => out,
    async stop() {
      if (proc.exitCode === null) {
        const done = new Promise((r) => proc.on('exit', r));
        proc.kill('SIGTERM');
        await done;
      }
      assert.equal(proc.exitCode, 0, `balai serve exited with ${proc.exitCode}:\n${out}`);
    },
  };
}

/**
 * Starts `balai serve` on a fresh database. With demo (default) the demo
 * data is loaded first; `args` are added to `balai serve`, `env` to its
 * environment. Returns { base, db, filesDir, stop(), output() }: filesDir is
 * where the files citizens send are kept (next to a SQLite file; a temporary
 * folder for PostgreSQL).
 */
export async function startBalai({ demo = true, args = [], env = {} } = {}) {
  const db = freshDb();
  const pgFiles = db.kind === 'pg' ? mkdtempSync(join(tmpdir(), 'balai-files-')) : null;
  const filesDir = pgFiles ? join(pgFiles, 'files') : `${db.url}.files`;
  if (demo) {
    const r = cli(['init', '--demo'], { db: db.url });
    assert.equal(r.code, 0, `balai init --demo failed: ${r.stderr}`);
  }
  const server = await serveOn(db, ['--files-dir', filesDir, ...args], env);
  return {
    base: server.base, db, filesDir, output: server.output,
    async stop() {
      try {
        await server.stop();
      } finally {
        db.drop();
        if (pgFiles) rmSync(pgFiles, { recursive: true, force: true });
      }
    },
  };
}

/** A small browser-like HTTP client: keeps cookies, finds CSRF tokens. */
export class Client {
  constructor(base) { this.base = base; this.cookies = new Map(); this.csrf = ''; }
  cookieHeader() { return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '); }
  keep(res) {
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim(), value = pair.slice(i + 1).trim();
      if (attrs.some((a) => /max-age=0/i.test(a.trim())) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  async request(method, path, { form, headers = {}, body } = {}) {
    const h = { ...headers };
    if (this.cookies.size) h.cookie = this.cookieHeader();
    let payload = body;
    if (form) {
      h['content-type'] = 'application/x-www-form-urlencoded';
      payload = new URLSearchParams(form).toString();
    }
    const res = await fetch(this.base + path, { method, headers: h, body: payload, redirect: 'manual' });
    this.keep(res);
    const text = await res.text();
    const m = text.match(/name="_csrf" value="([0-9a-f]+)"/);
    if (m) this.csrf = m[1];
    return { status: res.status, headers: res.headers, text, location: res.headers.get('location') };
  }
  get(path, opts) { return this.request('GET', path, opts); }
  /** POSTs a form, adding the CSRF token seen on the last page. */
  post(path, form = {}, opts = {}) { return this.request('POST', path, { ...opts, form: { _csrf: this.csrf, ...form } }); }
  async json(path) {
    const r = await this.get(path, { headers: { accept: 'application/json' } });
    return { status: r.status, body: JSON.parse(r.text) };
  }
}

/** Signs in; returns the client. Throws if the login did not succeed. */
export async function login(base, username, password = DEMO_PASSWORD) {
  const c = new Client(base);
  await c.get('/login');
  const r = await c.post('/login', { username, password, next: '/console' });
  assert.equal(r.status, 303, `login as ${username} failed: ${r.status} ${r.text.slice(0, 300)}`);
  await c.get('/console');   // picks up the session's CSRF token
  return c;
}
