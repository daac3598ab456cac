// Channel secrets at rest: WhatsApp access tokens, app secrets and verify
// tokens (and Telegram bot tokens) are stored encrypted with a key kept in a
// file outside the database. Someone holding only the database (a backup, a
// dump) finds none of them; the server with its key still checks signed
// webhooks and replies through the (fake) Graph API; values stored in the
// clear by an older Balai keep working and are encrypted by `balai migrate`;
// and a server started with another key says so instead of sending.
// Each test runs its own `balai serve` processes on a fresh database (SQLite
// file or, with BALAI_TEST_PG, a new PostgreSQL database).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync, readFileSync, existsSync, chmodSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BIN, ON_PG, freshDb, cli, sql, freePort, login, serveOn } from './lib.mjs';
import { unescapeHtml } from './util-e2e.mjs';
import { startFakeGraph, textWebhook, postWebhook, verifyHandshake, waitFor } from '../fakes/graph.mjs';

const PNID = '112233445566778';
const TOKEN = 'EAAGrahasiaToken0123456789abcdefQRST';
const APP_SECRET = 'appsecret5d1e8c7b3a09';
const VERIFY = 'balai-vt-Kq93x';
const CITIZEN = '6281234567890';

/** Where Balai keeps the key by default: next to a SQLite file, else balai.key in the working directory. */
const defaultKey = (db) => (db.kind === 'pg' ? resolve('balai.key') : `${db.url}.key`);

/** The whole database as text, to look for secrets that must not be there. */
function dumpDb(db) {
  if (db.kind === 'pg') return execFileSync('pg_dump', ['--data-only', db.url], { encoding: 'utf8', maxBuffer: 256 << 20 });
  return execFileSync('sqlite3', [db.url, '.dump'], { encoding: 'utf8', maxBuffer: 256 << 20 });
}

/** A fresh demo database with jelitik's WhatsApp number pointed at a fake Graph API. */
async function setup(t, keyEnv = {}) {
  const db = freshDb();
  const init = cli(['init', '--demo'], { db: db.url, env: keyEnv });
  assert.equal(init.code, 0, init.stderr);
  const g = await startFakeGraph({ token: TOKEN, version: 'v21.0', appSecret: APP_SECRET });
  const dir = mkdtempSync(join(tmpdir(), 'balai-key-'));
  t.after(async () => { await g.close(); db.drop(); rmSync(dir, { recursive: true, force: true }); });
  const connect = () => cli(['channel', 'whatsapp', '--office', 'jelitik', '--phone-number-id', PNID, '--token', TOKEN,
    '--app-secret', APP_SECRET, '--verify-token', VERIFY, '--graph-url', g.url], { db: db.url, env: keyEnv });
  const value = (q) => sql(db, q).trim();
  return { db, g, dir, connect, value };
}

/** Runs the CLI keeping stderr also on success (lib's cli() keeps it only on failure). */
function run(args, env = {}) {
  const r = spawnSync(BIN, args, { encoding: 'utf8', timeout: 60000, env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const secretsIn = (text) => [TOKEN, APP_SECRET, VERIFY].filter((s) => text.includes(s));

/** A citizen writes; resolves once the fake Graph API accepted n replies in all. */
async function citizenWrites(server, g, text, n) {
  const r = await postWebhook(`${server.base}/webhooks/whatsapp`, textWebhook({ text, from: CITIZEN }), APP_SECRET);
  assert.equal(r.status, 200, `a signed webhook is accepted: ${r.text}`);
  await g.waitForMessages(n, 15000);
}

test('secrets saved with `balai channel whatsapp` are stored encrypted; signed webhooks and replies still work', async (t) => {
  const env = await setup(t);
  const keyFile = defaultKey(env.db);
  // `balai init` made the key: private to the owner and exactly 32 bytes
  assert.ok(existsSync(keyFile), `the key file ${keyFile} exists`);
  const st = statSync(keyFile);
  assert.equal(st.mode & 0o777, 0o600, `mode ${(st.mode & 0o777).toString(8)}`);
  assert.equal(st.size, 32);

  const r = env.connect();
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(secretsIn(r.stdout), [], 'nothing printed in the clear');
  const row = env.value("SELECT token || '|' || app_secret || '|' || verify_token FROM channel WHERE kind = 'whatsapp'");
  for (const v of row.split('|')) assert.match(v, /^enc1:[A-Za-z0-9+/=]{40,}$/, 'each secret column holds a sealed value');
  assert.deepEqual(secretsIn(row), []);
  assert.deepEqual(secretsIn(dumpDb(env.db)), [], 'no table holds a secret in the clear (the audit log neither)');

  const server = await serveOn(env.db);
  t.after(() => server.stop());
  // Meta's handshake and a signed delivery are checked against the sealed values
  const hs = await verifyHandshake(`${server.base}/webhooks/whatsapp`, VERIFY, '4242');
  assert.equal(hs.status, 200);
  assert.equal(hs.text, '4242');
  assert.equal((await verifyHandshake(`${server.base}/webhooks/whatsapp`, 'salah-token', '4242')).status, 403);
  const bad = await postWebhook(`${server.base}/webhooks/whatsapp`, textWebhook({ from: CITIZEN }), APP_SECRET, { badSignature: true });
  assert.equal(bad.status, 401, 'a wrong signature is still refused');
  await citizenWrites(server, env.g, 'syarat sktm apa ya', 1);
  const [sent] = env.g.messages();
  assert.equal(sent.phoneNumberId, PNID);
  assert.equal(sent.body.to, `+${CITIZEN}`, 'the reply went out with the right bearer token (the fake checks it)');
  assert.deepEqual(secretsIn(server.output()), [], 'the log holds no secret');

  // the console page shows the token masked from the sealed value
  const lurah = await login(server.base, 'lurah.jelitik');
  const page = await lurah.get('/console/o/jelitik/kanal');
  assert.equal(page.status, 200);
  assert.ok(unescapeHtml(page.text).includes(`••••${TOKEN.slice(-4)}`), 'the token is shown masked');
  assert.ok(!page.text.includes('Kunci rahasia tidak cocok'));
  assert.deepEqual(secretsIn(page.text), []);

  // saving from the console with the secret fields left empty keeps them, sealed afresh
  const before = row;
  const save = await lurah.post('/console/o/jelitik/kanal', { kind: 'whatsapp', phone_number_id: PNID, token: '', app_secret: '',
    verify_token: '', base_url: env.g.url });
  assert.equal(save.status, 303, save.text.slice(0, 400));
  const after = env.value("SELECT token || '|' || app_secret || '|' || verify_token FROM channel WHERE kind = 'whatsapp'");
  assert.notEqual(after, before, 'a new nonce for each save');
  assert.deepEqual(secretsIn(after), []);
  await citizenWrites(server, env.g, 'jam buka kantor', 2);
});

test('secrets stored in the clear by an older Balai keep working, and `balai migrate` encrypts them', async (t) => {
  const env = await setup(t);
  assert.equal(env.connect().code, 0);
  // an older Balai wrote the columns as plain text
  sql(env.db, `UPDATE channel SET token = '${TOKEN}', app_secret = '${APP_SECRET}', verify_token = '${VERIFY}' WHERE kind = 'whatsapp'`);
  const m = run(['migrate', '--db', env.db.url]);
  assert.equal(m.code, 0, m.stderr);
  assert.match(m.stderr, /3 rahasia kanal .* kini dienkripsi/);
  assert.deepEqual(secretsIn(dumpDb(env.db)), [], 'after migrate nothing is left in the clear');
  // `serve` seals what it finds in the clear when it starts, too
  sql(env.db, `UPDATE channel SET token = '${TOKEN}' WHERE kind = 'whatsapp'`);
  const server = await serveOn(env.db, ['--secret-key-file', defaultKey(env.db)]);
  t.after(() => server.stop());
  assert.match(server.output(), /1 rahasia kanal .* kini dienkripsi/);
  assert.match(env.value("SELECT token FROM channel WHERE kind = 'whatsapp'"), /^enc1:/);
  // a plain value written while it runs (a restore of an old backup) is read as it is
  sql(env.db, `UPDATE channel SET token = '${TOKEN}' WHERE kind = 'whatsapp'`);
  await citizenWrites(server, env.g, 'syarat sktm apa ya', 1);
  assert.equal(env.g.messages()[0].body.to, `+${CITIZEN}`);
});

test('a server started with another key file reports the mismatch and sends nothing', async (t) => {
  const env = await setup(t);
  assert.equal(env.connect().code, 0);
  // the right server answers a citizen, so there is a conversation
  const right = await serveOn(env.db);
  await citizenWrites(right, env.g, 'syarat sktm apa ya', 1);
  await waitFor(() => env.value("SELECT COUNT(*) FROM job WHERE state <> 'dead'") === '0', { timeout: 15000, what: 'the queue to drain' });
  await right.stop();

  const other = join(env.dir, 'lain.key');
  writeFileSync(other, randomBytes(32), { mode: 0o600 });
  const wrong = await serveOn(env.db, ['--secret-key-file', other]);
  t.after(() => wrong.stop());
  assert.match(wrong.output(), /Kunci rahasia tidak cocok: 3 rahasia kanal \(pertama jelitik\/whatsapp token\)/);
  assert.ok(wrong.output().includes(other), 'the log names the key file in use');

  // a staff reply is not sent with a token that does not open
  const sent = env.g.sent.length;
  const petugas = await login(wrong.base, 'petugas.jelitik');
  const conv = env.value("SELECT MAX(id) FROM conversation");
  const r = await petugas.post(`/console/o/jelitik/percakapan/${conv}/balas`, { text: 'Baik, kami bantu.', holder: '0' });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  await waitFor(() => /Kunci rahasia tidak cocok/.test(env.value(
    "SELECT error_text FROM message WHERE direction = 'out' ORDER BY id DESC LIMIT 1")), { timeout: 15000, what: 'the send to give up for now' });
  assert.equal(env.value("SELECT status FROM message WHERE direction = 'out' ORDER BY id DESC LIMIT 1"), 'queued',
    'the reply waits for the right key instead of being lost');
  assert.equal(env.g.sent.length, sent, 'nothing reached the Graph API');
  await waitFor(() => /tidak dikirim: Kunci rahasia tidak cocok/.test(wrong.output()), { timeout: 5000, what: 'the log line' });

  // the channel page tells the office
  const lurah = await login(wrong.base, 'lurah.jelitik');
  const page = unescapeHtml((await lurah.get('/console/o/jelitik/kanal')).text);
  assert.match(page, /Kunci rahasia tidak cocok: token akses WhatsApp/);
  // a delivery cannot be checked against an app secret that does not open
  const hook = await postWebhook(`${wrong.base}/webhooks/whatsapp`, textWebhook({ from: CITIZEN }), APP_SECRET);
  assert.equal(hook.status, 401);
  assert.equal(env.g.sent.length, sent);
});

test('the key file is refused when others may read it or it has the wrong size, and never silently replaced', async (t) => {
  const env = await setup(t);
  assert.equal(env.connect().code, 0);
  const key = join(env.dir, 'kunci.key');
  writeFileSync(key, randomBytes(32), { mode: 0o600 });
  chmodSync(key, 0o644);
  let r = cli(['channel', 'list', '--secret-key-file', key], { db: env.db.url });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /dapat dibaca grup atau pengguna lain \(mode 644\); batasi dulu dengan: chmod 600/);
  // spawnSync with a timeout: a server that wrongly starts must not hang the suite
  const port = await freePort();
  const s = spawnSync(BIN, ['serve', '--listen', `127.0.0.1:${port}`, '--db', env.db.url, '--secret-key-file', key],
    { encoding: 'utf8', timeout: 15000 });
  assert.equal(s.signal, null, `serve did not stop by itself: ${s.stdout}`);
  assert.equal(s.status, 1, 'serve refuses to start with a readable key');
  assert.match(s.stderr, /chmod 600/);
  chmodSync(key, 0o600);
  writeFileSync(key, randomBytes(16));
  r = cli(['channel', 'list'], { db: env.db.url, env: { BALAI_SECRET_KEY_FILE: key } });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /berukuran 16 bita, seharusnya tepat 32 bita/);
  // the database already holds sealed secrets: a missing key is not replaced by a new one
  const missing = join(env.dir, 'hilang.key');
  r = cli(['channel', 'list'], { db: env.db.url, env: { BALAI_SECRET_KEY_FILE: missing } });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /tidak ada, padahal basis data sudah menyimpan rahasia kanal terenkripsi/);
  assert.ok(!existsSync(missing), 'no new key was made');
  if (!ON_PG) assert.ok(existsSync(defaultKey(env.db)));
});

test('`balai secrets rotate` seals every secret with a new key and keeps the old key beside it', async (t) => {
  // its own key file even on PostgreSQL, where the default ./balai.key is shared by every test
  const dir = mkdtempSync(join(tmpdir(), 'balai-rotate-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const keyFile = join(dir, 'rahasia.key');
  const keyEnv = { BALAI_SECRET_KEY_FILE: keyFile };
  const env = await setup(t, keyEnv);
  assert.equal(env.connect().code, 0);
  const tg = cli(['channel', 'telegram', '--office', 'jelitik', '--token', '123456789:AAHbalaiTelegramToken_abcdefghij'],
    { db: env.db.url, env: keyEnv });
  assert.equal(tg.code, 0, tg.stderr);
  const stored = () => env.value("SELECT token || '|' || app_secret || '|' || verify_token FROM channel ORDER BY kind");
  const before = stored();
  const keyBefore = readFileSync(keyFile);
  let r = run(['secrets', 'rotate', '--db', env.db.url], keyEnv);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^5 rahasia kanal dienkripsi ulang dengan kunci baru/m, '3 WhatsApp and 2 Telegram secrets');
  const old = r.stdout.match(/Kunci lama disimpan di (\S+):/)[1];
  assert.deepEqual(readFileSync(old), keyBefore, 'the old key is kept for older backups');
  assert.equal(statSync(old).mode & 0o777, 0o600);
  assert.notDeepEqual(readFileSync(keyFile), keyBefore, 'a new key is in place');
  assert.equal(statSync(keyFile).mode & 0o777, 0o600);
  const after = stored();
  assert.notEqual(after, before, 'every value sealed again');
  for (const v of after.split(/[|\n]/).filter(Boolean)) assert.match(v, /^enc1:/);
  assert.deepEqual(secretsIn(dumpDb(env.db)), []);
  // the old key opens nothing any more; the new one everything
  r = run(['channel', 'list', '--db', env.db.url, '--secret-key-file', old]);
  assert.match(r.stdout, /token \(kunci tidak cocok\)/);
  r = run(['channel', 'list', '--db', env.db.url], keyEnv);
  assert.match(r.stdout, /jelitik\twhatsapp\takun 112233445566778\ttoken ••••QRST\taktif\n/);
  assert.match(r.stdout, /jelitik\ttelegram\takun 123456789\ttoken ••••ghij\taktif\n/);
  // rotating with a key that does not open the values changes nothing
  const stranger = join(dir, 'asing.key');
  writeFileSync(stranger, randomBytes(32), { mode: 0o600 });
  r = run(['secrets', 'rotate', '--db', env.db.url, '--secret-key-file', stranger]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /tidak semua rahasia kanal dapat dibuka/);
  assert.equal(stored(), after);
  assert.ok(!existsSync(`${stranger}.baru`));
  // and a server with the rotated key still answers citizens
  const server = await serveOn(env.db, [], keyEnv);
  t.after(() => server.stop());
  await citizenWrites(server, env.g, 'syarat sktm apa ya', 1);
});
