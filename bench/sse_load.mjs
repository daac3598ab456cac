// Load tool for bench/sse.sh: holds many open inbox event streams on one
// balai, then measures how long a WhatsApp message takes from the signed
// webhook POST to the "message" event on every one of those streams.
//   node bench/sse_load.mjs BASE BIN DB PID
// Env: STREAMS (1000), PROBES (100 webhooks, one after another), PROBE_GAP_MS (50)
// Prints one line of JSON with the figures; the shell script formats it.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { startFakeGraph, textWebhook, postWebhook } from '../tests/fakes/graph.mjs';

const [base, bin, db, pid] = process.argv.slice(2);
const STREAMS = Number(process.env.STREAMS || 1000);
const PROBES = Number(process.env.PROBES || 100);
const GAP = Number(process.env.PROBE_GAP_MS || 50);
const PNID = '112233445566778', SECRET = 'benchsecret0a1b2c3d4e', TOKEN = 'EAAGbenchToken0123456789';
const rssKb = () => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]);
const fdCount = () => { try { return execFileSync('ls', [`/proc/${pid}/fd`]).toString().trim().split('\n').length; } catch { return -1; } };

async function signIn(username) {
  const jar = new Map();
  const keep = (res) => { for (const c of res.headers.getSetCookie()) { const [p] = c.split(';'); const i = p.indexOf('='); jar.set(p.slice(0, i), p.slice(i + 1)); } };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  let res = await fetch(`${base}/login`, { redirect: 'manual' });
  keep(res);
  const csrf = (await res.text()).match(/name="_csrf" value="([0-9a-f]+)"/)[1];
  res = await fetch(`${base}/login`, { method: 'POST', redirect: 'manual', headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, username, password: 'Demo#Balai2026', next: '/console' }) });
  keep(res);
  if (res.status !== 303) throw new Error(`login ${username}: ${res.status}`);
  return cookie();
}

const url = new URL(base);
function openStream(cookie, onEvent) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: url.hostname, port: url.port, path: '/console/o/jelitik/percakapan/live', agent: false,
      headers: { cookie, accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) { reject(new Error(`stream: HTTP ${res.statusCode}`)); res.resume(); return; }
      let buf = '', greeted = false;
      res.setEncoding('utf8');
      res.on('data', (d) => {
        buf += d;
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const frame = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (!greeted) { greeted = true; resolve(req); continue; }
          const m = frame.match(/^event: (\w+)$/m);
          if (m) onEvent(m[1], Date.now());
        }
      });
      res.on('error', () => {});
    });
    req.on('error', reject);
  });
}

const pct = (a, p) => a.length ? a[Math.min(a.length - 1, Math.floor(p / 100 * a.length))] : null;

const g = await startFakeGraph({ token: TOKEN, appSecret: SECRET });
execFileSync(bin, ['channel', 'whatsapp', '--office', 'jelitik', '--phone-number-id', PNID, '--token', TOKEN,
  '--app-secret', SECRET, '--verify-token', 'vt-bench', '--graph-url', g.url, '--db', db]);
const cookie = await signIn('petugas.jelitik');
const rssBefore = rssKb();

// one waiter per probe: each stream reports its first "message" event after t0
let probe = null;
const reqs = [];
const t0open = Date.now();
for (let i = 0; i < STREAMS; i += 50) {
  const batch = [];
  for (let k = i; k < Math.min(STREAMS, i + 50); k++)
    batch.push(openStream(cookie, (kind, at) => {
      if (kind !== 'message' || !probe || probe.seen.has(k)) return;
      probe.seen.add(k);
      probe.lat.push(at - probe.t0);
      if (probe.seen.size === STREAMS) probe.done();
    }));
  reqs.push(...await Promise.all(batch));
}
const openMs = Date.now() - t0open;
await new Promise((r) => setTimeout(r, 500));
const rssOpen = rssKb(), fds = fdCount();

const all = [], last = [];
let missed = 0;
for (let p = 0; p < PROBES; p++) {
  const done = new Promise((resolve) => {
    probe = { t0: Date.now(), seen: new Set(), lat: [], done: resolve };
  });
  const hook = postWebhook(`${base}/webhooks/whatsapp`,
    textWebhook({ phoneNumberId: PNID, from: `62812${String(7000000 + p)}`, text: `Halo, uji beban ${p}` }), SECRET);
  const ok = await Promise.race([done.then(() => true), new Promise((r) => setTimeout(() => r(false), 5000))]);
  if ((await hook).status !== 200) throw new Error('webhook refused');
  if (!ok) missed += STREAMS - probe.seen.size;
  all.push(...probe.lat);
  if (ok) last.push(Math.max(...probe.lat));
  probe = null;
  await new Promise((r) => setTimeout(r, GAP));
}
all.sort((a, b) => a - b);
last.sort((a, b) => a - b);
const rssAfter = rssKb();
for (const r of reqs) r.destroy();
await g.close();
console.log(JSON.stringify({
  streams: STREAMS, open_ms: openMs, fds, rss_idle_kb: rssBefore, rss_open_kb: rssOpen, rss_after_kb: rssAfter,
  probes: PROBES, deliveries: all.length, missed,
  p50_ms: pct(all, 50), p99_ms: pct(all, 99), max_ms: all.at(-1),
  last_p50_ms: pct(last, 50), last_p99_ms: pct(last, 99),
}));
process.exit(0);
