// Instagram as an office's official channel: `balai channel instagram`
// connects the office's professional account (IG user id, long-lived token,
// Meta app secret, webhook verify token). The secrets are stored sealed like
// WhatsApp's, printed and shown only masked; `balai channel list` lists the
// account; the console's channel page explains each field in Indonesian.
// Each test runs the real binary on a fresh database (SQLite file or, with
// BALAI_TEST_PG, a new PostgreSQL database).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { freshDb, cli, sql, login, serveOn } from './lib.mjs';
import { unescapeHtml } from './util-e2e.mjs';

const IG_USER = '17841400000000001';
const TOKEN = 'IGQWRlongLivedToken0123456789abcdWXYZ';
const APP_SECRET = 'igappsecret7c2d9e1f';
const VERIFY = 'balai-ig-vt-Pq41';
const secretsIn = (text) => [TOKEN, APP_SECRET, VERIFY].filter((s) => text.includes(s));

function dumpDb(db) {
  if (db.kind === 'pg') return execFileSync('pg_dump', ['--data-only', db.url], { encoding: 'utf8', maxBuffer: 256 << 20 });
  return execFileSync('sqlite3', [db.url, '.dump'], { encoding: 'utf8', maxBuffer: 256 << 20 });
}

async function demo(t) {
  const db = freshDb();
  t.after(() => db.drop());
  const init = cli(['init', '--demo'], { db: db.url });
  assert.equal(init.code, 0, init.stderr);
  return db;
}

const connect = (db, extra = {}) => {
  const o = { '--ig-user-id': IG_USER, '--token': TOKEN, '--app-secret': APP_SECRET, '--verify-token': VERIFY, ...extra };
  const args = ['channel', 'instagram', '--office', 'jelitik'];
  for (const [k, v] of Object.entries(o)) if (v !== null) args.push(k, v);
  return cli(args, { db: db.url });
};

test('`balai channel instagram` stores the account with its secrets sealed and lists it masked', async (t) => {
  const db = await demo(t);
  const r = connect(db, { '--graph-url': 'http://127.0.0.1:9/graph' });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Kanal instagram kantor jelitik tersimpan/);
  assert.match(r.stdout, new RegExp(`jelitik\\tinstagram\\takun ${IG_USER}\\ttoken ••••${TOKEN.slice(-4)}\\taktif`));
  assert.match(r.stdout, /\/webhooks\/instagram/);
  assert.deepEqual(secretsIn(r.stdout), [], 'nothing printed in the clear');

  const row = sql(db, "SELECT account || '|' || token || '|' || app_secret || '|' || verify_token || '|' || base_url FROM channel WHERE kind = 'instagram'").trim();
  const [account, ...rest] = row.split('|');
  assert.equal(account, IG_USER);
  assert.equal(rest.pop(), 'http://127.0.0.1:9/graph', 'the Graph address for tests is kept');
  for (const v of rest) assert.match(v, /^enc1:[A-Za-z0-9+/=]{40,}$/, 'each secret column holds a sealed value');
  assert.deepEqual(secretsIn(dumpDb(db)), [], 'no table (the audit log neither) holds a secret in the clear');

  const list = cli(['channel', 'list', '--office', 'jelitik'], { db: db.url });
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, new RegExp(`jelitik\\tinstagram\\takun ${IG_USER}\\ttoken ••••${TOKEN.slice(-4)}`));
  assert.deepEqual(secretsIn(list.stdout), []);

  // run again without secrets: the stored ones are kept (re-sealed), not emptied
  const again = connect(db, { '--token': null, '--app-secret': null, '--verify-token': null });
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, new RegExp(`token ••••${TOKEN.slice(-4)}`));
});

test('bad Instagram settings are refused in Indonesian and nothing is stored', async (t) => {
  const db = await demo(t);
  const r = connect(db, { '--ig-user-id': 'kelurahan_jelitik', '--app-secret': null });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /ig_user_id: ID pengguna Instagram berisi 5–32 angka/);
  assert.match(r.stderr, /app_secret: App secret wajib diisi/);
  assert.equal(sql(db, "SELECT COUNT(*) FROM channel WHERE kind = 'instagram'").trim(), '0');
  // one account belongs to one office
  assert.equal(connect(db).code, 0);
  const other = cli(['channel', 'instagram', '--office', 'sogaten', '--ig-user-id', IG_USER, '--token', TOKEN,
    '--app-secret', APP_SECRET, '--verify-token', VERIFY], { db: db.url });
  assert.equal(other.code, 1);
  assert.match(other.stderr, /Akun Instagram ini sudah dipakai kantor lain/);
});

test('the console channel page shows the Instagram account masked, each field explained', async (t) => {
  const db = await demo(t);
  const server = await serveOn(db);
  t.after(() => server.stop());
  const lurah = await login(server.base, 'lurah.jelitik');
  const before = await lurah.get('/console/o/jelitik/kanal');
  assert.equal(before.status, 200);
  assert.match(before.text, /Akun Instagram kantor ini belum dihubungkan/);

  assert.equal(connect(db).code, 0);
  const page = await lurah.get('/console/o/jelitik/kanal');
  assert.equal(page.status, 200);
  const text = unescapeHtml(page.text);
  assert.ok(text.includes(IG_USER), 'the account id is shown');
  assert.ok(text.includes(`••••${TOKEN.slice(-4)}`), 'the token is shown masked');
  assert.match(text, /ID pengguna Instagram<\/dt><dd>.*akun profesional/);
  assert.match(text, /Token akses<\/dt><dd>.*perbarui sebelum habis/);
  assert.match(text, /\/webhooks\/instagram/);
  assert.deepEqual(secretsIn(page.text), []);

  const j = await lurah.json('/console/o/jelitik/kanal');
  assert.equal(j.status, 200);
  assert.equal(j.body.ig.account, IG_USER);
  assert.deepEqual(secretsIn(JSON.stringify(j.body)), [], 'the JSON view model is masked too');
});
