// The driver of bench/broadcast.sh (see there). Node built-ins plus the
// test suite's fake Graph API and HTTP client.
import { spawn, execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { startFakeGraph, waitFor } from '../tests/fakes/graph.mjs';
import { Client, freePort, DEMO_PASSWORD } from '../tests/e2e/lib.mjs';

const BIN = resolve(process.env.BIN || 'build/balai');
const WORK = process.env.WORK;
const N = Number(process.env.N || 10000), RATE = Number(process.env.RATE || 80);
const KILL_AT = Number(process.env.KILL_AT || 0.4);
const DB = join(WORK, 'balai.db');
const TOKEN = 'EAAGbenchBroadcast0123456789', SECRET = 'benchsecret01', PNID = '100200300400500';

const sqlite = (q) => execFileSync('sqlite3', [DB, q], { encoding: 'utf8' }).trim();
const run = (args) => execFileSync(BIN, [...args, '--db', DB], { encoding: 'utf8' });

async function serve(port) {
  const proc = spawn(BIN, ['serve', '--listen', `127.0.0.1:${port}`, '--db', DB], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout.on('data', (d) => { out += d; });
  proc.stderr.on('data', (d) => { out += d; });
  await waitFor(() => out.includes('Balai berjalan di'), { timeout: 60000, what: 'balai serve' });
  return proc;
}

function quantile(a, q) {
  if (!a.length) return NaN;
  const s = [...a].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

function rateOf(rows) {
  if (rows.length < 2) return 0;
  return (rows.length - 1) / ((rows[rows.length - 1].at - rows[0].at) / 1000);
}

function gaps(rows) {
  const g = [];
  for (let i = 1; i < rows.length; i++) g.push(rows[i].at - rows[i - 1].at);
  return g;
}

const g = await startFakeGraph({ token: TOKEN, version: 'v21.0', appSecret: SECRET });
run(['init', '--demo']);
run(['channel', 'whatsapp', '--office', 'jelitik', '--phone-number-id', PNID, '--token', TOKEN,
  '--app-secret', SECRET, '--verify-token', 'bench-vt', '--graph-url', g.url,
  '--rate', String(RATE), '--broadcast-tier', String(N * 10)]);
const now = Math.floor(Date.now() / 1000);
const office = sqlite("SELECT id FROM office WHERE slug = 'jelitik'");
sqlite(`WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < ${N})
  INSERT INTO subscriber (office_id, channel, address, opted_in_at) SELECT ${office}, 'whatsapp', printf('62814%08d', x), ${now} FROM n`);
sqlite(`INSERT INTO content_item (office_id, slug, type, state, title, summary, published_at, created_at, updated_at)
  VALUES (${office}, 'uji-siaran', 'pengumuman', 'terbit', 'Uji siaran', 'Ringkasan uji siaran.', ${now}, ${now}, ${now})`);
const item = sqlite("SELECT id FROM content_item WHERE slug = 'uji-siaran'");

const port = await freePort();
let proc = await serve(port);
const c = new Client(`http://127.0.0.1:${port}`);
await c.get('/login');
await c.post('/login', { username: 'sekre.jelitik', password: DEMO_PASSWORD, next: '/console' });
await c.get(`/console/o/jelitik/konten/${item}/siarkan`);
const t0 = Date.now();
const r = await c.post(`/console/o/jelitik/konten/${item}/siarkan`, {});
if (r.status !== 303) throw new Error(`broadcast refused: ${r.status} ${r.text.slice(0, 300)}`);

const killAt = Math.floor(N * KILL_AT);
await waitFor(() => g.messages().length >= killAt, { timeout: 600000, interval: 5, what: 'the kill point' });
proc.kill('SIGKILL');
const killedAt = Date.now();
await new Promise((res) => proc.on('exit', res));
const before = g.messages().length;
const jobsAtKill = sqlite("SELECT state || ':' || (locked_until > 0) FROM job WHERE kind = 'broadcast'").split('\n').join(' ');
const rowsAtKill = sqlite("SELECT state || '=' || COUNT(*) FROM broadcast_delivery WHERE state <> 'antri' GROUP BY state").split('\n').join(' ');
proc = await serve(port);
const tidy = () => Number(sqlite("SELECT COUNT(*) FROM broadcast_delivery WHERE state IN ('antri', 'kirim')"));
await waitFor(() => g.messages().length > before, { timeout: 180000, interval: 20, what: 'the resumed broadcast' });
const resumedAt = Date.now();
await waitFor(() => tidy() === 0, { timeout: 900000, interval: 200, what: 'the end of the broadcast' });
const tEnd = Date.now();
proc.kill('SIGTERM');
await new Promise((res) => proc.on('exit', res));

const sent = g.messages().filter((m) => m.body.type === 'template');
const first = sent.filter((m) => m.at <= killedAt), second = sent.filter((m) => m.at > killedAt);
const per = new Map();
for (const m of sent) per.set(m.body.to, [...(per.get(m.body.to) || []), m.at]);
let dups = 0, minSpacing = Infinity;
for (const at of per.values()) {
  dups += at.length - 1;
  for (let i = 1; i < at.length; i++) minSpacing = Math.min(minSpacing, at[i] - at[i - 1]);
}
const states = sqlite("SELECT state || '=' || COUNT(*) FROM broadcast_delivery GROUP BY state ORDER BY state").split('\n').join(' ');
const gp = gaps(first).concat(gaps(second));
console.log(`subscribers ${N}, configured rate ${RATE}/s (gap ${(1000 / RATE).toFixed(1)} ms)`);
console.log(`achieved rate: before the kill ${rateOf(first).toFixed(1)}/s (${first.length} sent), after the restart ${rateOf(second).toFixed(1)}/s (${second.length} sent)`);
console.log(`gaps between sends: p50 ${quantile(gp, 0.5)} ms, p99 ${quantile(gp, 0.99)} ms, min ${Math.min(...gp)} ms`);
console.log(`at the kill: broadcast jobs ${jobsAtKill} (state:leased), rows ${rowsAtKill}`);
console.log(`kill -9 after ${before} sends; resumed ${((resumedAt - killedAt) / 1000).toFixed(1)} s later (the queue's lease); whole run ${((tEnd - t0) / 1000).toFixed(1)} s`);
console.log(`recipients reached ${per.size} of ${N}; duplicates ${dups}; per-recipient spacing ${dups ? `${minSpacing} ms min` : 'one message each'}`);
console.log(`rows: ${states} (tak_pasti: claimed when killed, perhaps sent, never sent again)`);
await g.close();
