// The attacks of bench/uploads.sh (see there); prints what happened.
// Env: BASE, FILES (the server's files folder), DB (the SQLite file),
// SERVER_PID, LINKS, HELD, HELD_MB.
import net from 'node:net';
import { existsSync, readdirSync, statSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const BASE = process.env.BASE;
const FILES = process.env.FILES;
const LINKS = Number(process.env.LINKS || 20);
const HELD = Number(process.env.HELD || 150);
const HELD_MB = Number(process.env.HELD_MB || 1);
const url = new URL(BASE);

const rssKb = () => {
  const m = readFileSync(`/proc/${process.env.SERVER_PID}/status`, 'utf8').match(/VmRSS:\s+(\d+)/);
  return m ? Number(m[1]) : -1;
};
const listFiles = () => (existsSync(FILES) ? readdirSync(FILES) : []);
const onDisk = () => {
  let bytes = 0, files = 0;
  for (const f of listFiles()) { bytes += statSync(join(FILES, f)).size; files++; }
  for (const f of [process.env.DB, `${process.env.DB}-wal`]) if (existsSync(f)) bytes += statSync(f).size;
  return { bytes, files };
};

async function freshLink() {
  const res = await fetch(`${BASE}/o/jelitik/obrolan`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text: 'nik saya 3171012345670003 mau kirim ktp' }),
  });
  const text = (await res.json()).messages?.map((m) => m.text).join('\n') ?? '';
  return text.match(/\/unggah\/[0-9a-f]{64}/)?.[0];
}

/** One multipart POST over a raw socket; resolves with the status (0: none). */
function post(path, bytes, { hold = false } = {}) {
  const boundary = 'benchboundary';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n` +
                           `Content-Type: application/pdf\r\n\r\n%PDF-1.4\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const length = head.length + bytes + tail.length;
  return new Promise((resolve) => {
    const s = net.connect(Number(url.port), url.hostname);
    let answer = '';
    s.on('data', (d) => { answer += d; if (hold) { s.destroy(); } });
    s.on('error', () => {});
    s.on('close', () => resolve(Number(answer.match(/^HTTP\/1\.1 (\d+)/)?.[1] || 0)));
    s.write(`POST ${path} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\n` +
            `Content-Length: ${length}\r\nConnection: close\r\n\r\n`);
    s.write(head);
    const chunk = Buffer.alloc(64 * 1024, 0x25);
    const send = hold ? Math.min(bytes, HELD_MB * 1024 * 1024) : bytes;
    for (let n = 0; n < send; n += chunk.length) s.write(chunk.subarray(0, Math.min(chunk.length, send - n)));
    if (!hold) s.write(tail);
    if (hold) setTimeout(() => { s.destroy(); }, 8000);   // hold 8 s, then give up
  });
}

const tally = (list) => list.reduce((o, k) => ({ ...o, [k]: (o[k] || 0) + 1 }), {});

// 1. held POSTs: half with a wrong token, half with a fresh valid link
const link = await freshLink();
const before = rssKb();
const held = [];
for (let i = 0; i < HELD; i++) {
  const path = i % 2 || !link ? `/unggah/${'ab'.repeat(32)}` : link;
  held.push(post(path, 6 * 1024 * 1024 - 4096, { hold: true }));
}
await new Promise((r) => setTimeout(r, 4000));
const during = rssKb();
const tmp = listFiles().filter((f) => f.startsWith('tmp-')).length;
const answers = await Promise.all(held);
console.log(`held: ${HELD} POSTs announcing 6 MB, ${HELD_MB} MB sent each and held`);
console.log(`  server RSS ${before} kB before, ${during} kB while held (+${during - before} kB); ` +
            `temporary files while held: ${tmp}`);
console.log(`  answers: ${JSON.stringify(tally(answers))}`);

// 2. fill
const start = onDisk().bytes;
const t0 = Date.now();
const statuses = [];
for (let i = 0; i < LINKS; i++) {
  const link = await freshLink();
  if (!link) { statuses.push('no link'); continue; }
  for (let k = 0; k < 10; k++) statuses.push(await post(link, 5 * 1024 * 1024 - 1024));
}
const secs = (Date.now() - t0) / 1000;
const fill = onDisk();
console.log(`fill: ${LINKS} fresh links x 10 files of 5 MB in ${secs.toFixed(1)} s`);
console.log(`  answers: ${JSON.stringify(tally(statuses))}`);
const grew = fill.bytes - start;
console.log(`  written: ${(grew / 1048576).toFixed(1)} MB (files folder and database), ${fill.files} files ` +
            `(${(grew / 1048576 / secs).toFixed(1)} MB/s)`);

