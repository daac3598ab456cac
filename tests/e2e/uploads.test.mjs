// Private upload links (web/upload.c) under attack, end to end: the link's
// token is checked before the body is read; files are kept as files (0600
// in a 0700 folder), not base64 rows; the link itself is stored only
// masked; photos are encoded afresh so an appended HTML page is not kept;
// staff downloads are named by the file's number with its extension; the
// per-address and per-office quotas and the disk reserve refuse politely
// while the portal chat keeps working. Links come from the portal chat (a
// NIK typed there gets one), which needs no fake platform.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startBalai, sql, cli, Client, login } from './lib.mjs';
import { unescapeHtml, tinyPng, postMultipart, pngSize } from './util-e2e.mjs';

const NIK = '3171012345670003';

async function setup(env = {}) {
  const server = await startBalai({ env });
  const value = (q) => sql(server.db, q).trim();
  return {
    server, base: server.base, db: server.db, value, count: (q) => Number(value(q)),
    async close() { await server.stop(); },
  };
}

/** A NIK typed in the portal chat: the bot's answer carries an upload link. */
async function uploadLink(env) {
  const res = await fetch(`${env.base}/o/jelitik/obrolan`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text: `nik saya ${NIK} mau urus kk` }),
  });
  assert.equal(res.status, 200);
  const body = await res.json();
  const text = body.messages.map((m) => m.text).join('\n');
  const m = text.match(/\/unggah\/([0-9a-f]{64})(?![0-9a-f])/);
  assert.ok(m, `the chat answer carries a whole upload link:\n${text}`);
  return { token: m[1], path: `/unggah/${m[1]}`, chat: body.token };
}

function dumpDb(db) {
  if (db.kind === 'pg') return execFileSync('pg_dump', ['--data-only', db.url], { encoding: 'utf8', maxBuffer: 256 << 20 });
  return execFileSync('sqlite3', [db.url, '.dump'], { encoding: 'utf8', maxBuffer: 256 << 20 });
}

/** A small PDF padded to about `size` bytes (libmagic knows it by its header). */
function pdf(size) {
  const head = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n');
  const tail = Buffer.from('\n%%EOF\n');
  return Buffer.concat([head, Buffer.alloc(Math.max(0, size - head.length - tail.length), 0x25), tail]);
}

/** Sends only the headers of a large upload and waits for the answer. */
function headersOnly(base, path, length) {
  const url = new URL(base + path);
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: url.hostname, port: url.port, path: url.pathname, method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': length },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => { req.destroy(); resolve({ status: res.statusCode, text }); });
    });
    req.on('error', reject);
    req.flushHeaders();     // the body never comes
  });
}

const tmpFiles = (dir) => readdirSync(dir).filter((f) => f.startsWith('tmp-'));

test('an upload is stored as a private file named at random, with its hash; the link is kept masked in the chat history', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  const link = await uploadLink(env);

  // the message that carries the link keeps it masked; no table holds the token
  const body = env.value(`SELECT body FROM message WHERE author = 'bot' AND body LIKE '%/unggah/%'`);
  assert.match(body, /\/unggah\/[0-9a-f]{32}…/, `the stored message masks the link:\n${body}`);
  assert.ok(!body.includes(link.token));
  assert.ok(!dumpDb(env.db).includes(link.token), 'the token is stored nowhere');
  assert.ok(!dumpDb(env.db).includes(link.token.slice(32)), 'not even its second half');
  // the visitor's own chat still shows it whole
  const again = await fetch(`${env.base}/o/jelitik/obrolan?since=0`, { headers: { 'X-Balai-Chat': link.chat } });
  assert.ok((await again.text()).includes(link.path), 'polling with the chat token shows the whole link');
  // staff see it masked
  const petugas = await login(env.base, 'petugas.jelitik');
  const conv = env.value('SELECT id FROM conversation');
  const thread = unescapeHtml((await petugas.get(`/console/o/jelitik/percakapan/${conv}`)).text);
  assert.ok(!thread.includes(link.token) && /\/unggah\/[0-9a-f]{32}…/.test(thread), 'the console shows the masked link');

  const c = new Client(env.base);
  const doc = pdf(20000);
  // a phone names the scan after the NIK on it: staff see the name masked
  const up = await postMultipart(c, link.path, {}, { file: { data: doc, name: 'KTP 3201121205900001.pdf', type: 'application/pdf' } });
  assert.equal(up.status, 200, up.text.slice(0, 400));
  assert.ok(!dumpDb(env.db).includes('3201121205900001'), 'the NIK in the file name is stored nowhere');
  assert.equal(env.value('SELECT filename FROM media'), 'KTP 3201********0001.pdf');
  const row = env.value(`SELECT file_key || '|' || sha256 || '|' || size || '|' || length(data) FROM media`).split('|');
  const [key, sha, size, dataLen] = row;
  assert.match(key, /^[0-9a-f]{32}$/, 'the file has a random name');
  assert.equal(Number(dataLen), 0, 'no base64 in the row');
  assert.equal(Number(size), doc.length);
  const file = join(env.server.filesDir, key);
  assert.deepEqual(readFileSync(file), doc, 'the PDF is kept as sent');
  assert.equal(sha, createHash('sha256').update(doc).digest('hex'), 'the row holds the file\'s SHA-256');
  assert.equal(statSync(file).mode & 0o777, 0o600, 'the file is readable by the server only');
  assert.equal(statSync(env.server.filesDir).mode & 0o777, 0o700, 'so is its folder');
  assert.deepEqual(tmpFiles(env.server.filesDir), [], 'no temporary file is left');

  // staff download it under the name the phone gave, plain and masked, with the
  // checked type's extension, whatever follows the id in the path
  const id = env.value('SELECT id FROM media');
  const res = await fetch(`${env.base}/console/o/jelitik/berkas/${id}x%22y.html`, { headers: { cookie: petugas.cookieHeader() } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-disposition'), 'attachment; filename="ktp-3201-0001.pdf"');
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  assert.deepEqual(Buffer.from(await res.arrayBuffer()), doc);
});

test('a wrong token is refused before the body is read; nothing is written', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  await uploadLink(env);
  // 5 MB announced, not one byte sent: the answer comes anyway
  const r = await headersOnly(env.base, `/unggah/${'ab'.repeat(32)}`, 5 * 1024 * 1024);
  assert.equal(r.status, 410);
  assert.ok(unescapeHtml(r.text).includes('Tautan unggah ini sudah kedaluwarsa atau tidak dikenal.'));
  assert.deepEqual(readdirSync(env.server.filesDir), [], 'no file was started');
  assert.equal(env.count('SELECT COUNT(*) FROM media'), 0);
});

test('one address may run three uploads at once; a fourth is asked to wait, and a dropped upload leaves no file', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  const link = await uploadLink(env);
  const url = new URL(env.base + link.path);
  const held = [];
  for (let i = 0; i < 3; i++) {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': 1024 * 1024 } });
    req.on('error', () => {});
    req.flushHeaders();
    held.push(req);
  }
  for (let i = 0; tmpFiles(env.server.filesDir).length < 3; i++) {
    assert.ok(i < 600, 'the three held uploads each started a temporary file');
    await new Promise((r) => setTimeout(r, 50));
  }
  const fourth = await postMultipart(new Client(env.base), link.path, {}, { file: { data: pdf(2000), name: 'a.pdf', type: 'application/pdf' } });
  assert.equal(fourth.status, 503);
  assert.ok(unescapeHtml(fourth.text).includes('Sedang banyak unggahan yang berjalan.'), fourth.text.slice(0, 400));
  for (const req of held) req.destroy();
  for (let i = 0; tmpFiles(env.server.filesDir).length; i++) {
    assert.ok(i < 600, 'the dropped uploads\' temporary files are removed');
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal((await postMultipart(new Client(env.base), link.path, {}, { file: { data: pdf(2000), name: 'a.pdf', type: 'application/pdf' } })).status, 200, 'then an upload goes through');
});

test('a PNG with an HTML page appended is kept as the picture only; a file that is no picture of its type is refused', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  const link = await uploadLink(env);
  const c = new Client(env.base);
  const html = '<html><body><script>alert(document.cookie)</script></body></html>';
  const polyglot = Buffer.concat([tinyPng(3, 2), Buffer.from(html)]);
  const up = await postMultipart(c, link.path, {}, { file: { data: polyglot, name: 'ktp.png', type: 'image/png' } });
  assert.equal(up.status, 200, up.text.slice(0, 400));
  const key = env.value('SELECT file_key FROM media');
  const kept = readFileSync(join(env.server.filesDir, key));
  assert.deepEqual(pngSize(kept), { width: 3, height: 2 }, 'the same picture');
  assert.ok(!kept.includes('<script'), 'without the HTML page');

  const petugas = await login(env.base, 'petugas.jelitik');
  const id = env.value('SELECT id FROM media');
  const res = await fetch(`${env.base}/console/o/jelitik/berkas/${id}`, { headers: { cookie: petugas.cookieHeader() } });
  assert.equal(res.headers.get('content-disposition'), 'attachment; filename="ktp.png"');
  assert.ok(!Buffer.from(await res.arrayBuffer()).includes('<script'));

  // a PNG signature over garbage does not decode: refused, nothing kept
  const fake = Buffer.concat([tinyPng(2, 2).subarray(0, 33), Buffer.from('<html>' + 'x'.repeat(500))]);
  const bad = await postMultipart(c, link.path, {}, { file: { data: fake, name: 'ktp.png', type: 'image/png' } });
  assert.equal(bad.status, 422);
  assert.ok(unescapeHtml(bad.text).includes('Foto tidak dapat dibaca.'), bad.text.slice(0, 400));
  assert.equal(env.count('SELECT COUNT(*) FROM media'), 1);
  assert.equal(readdirSync(env.server.filesDir).length, 1, 'only the first file is on disk');
});

test('uploads stop at the per-address and per-office quotas with a polite message', async (t) => {
  const env = await setup({ BALAI_UPLOAD_ADDR_MB: '1', BALAI_UPLOAD_OFFICE_MB: '3' });
  t.after(() => env.close());
  const link = await uploadLink(env);
  const c = new Client(env.base);
  const send = () => postMultipart(c, link.path, {}, { file: { data: pdf(600 * 1024), name: 'kk.pdf', type: 'application/pdf' } });
  assert.equal((await send()).status, 200);
  const second = await send();
  assert.equal(second.status, 429, 'a second 600 KB file passes 1 MB an hour from this address');
  assert.ok(unescapeHtml(second.text).includes('Batas unggahan dari jaringan Anda untuk satu jam ini sudah tercapai.'), second.text.slice(0, 400));
  assert.equal(env.count('SELECT COUNT(*) FROM media'), 1);
  assert.deepEqual(tmpFiles(env.server.filesDir), []);

  // other citizens (other addresses) have sent 2.5 MB to the office today
  env.value(`UPDATE media SET client_addr = '203.0.113.7'`);
  sql(env.db, `INSERT INTO media (office_id, source, mime, size, data, client_addr, created_at) SELECT id, 'upload', 'application/pdf', 2000000, '', '198.51.100.9', ${Math.floor(Date.now() / 1000)} FROM office WHERE slug = 'jelitik'`);
  const third = await send();
  assert.equal(third.status, 429, 'the office has had 3 MB today');
  assert.ok(unescapeHtml(third.text).includes('Kantor ini sudah menerima sangat banyak unggahan hari ini.'), third.text.slice(0, 400));
  assert.equal(env.count('SELECT COUNT(*) FROM media'), 2);
});

test('below the disk reserve uploads stop while the portal chat is still answered', async (t) => {
  const env = await setup({ BALAI_FILES_RESERVE_MB: String(1024 * 1024 * 1024) });   // a petabyte
  t.after(() => env.close());
  const link = await uploadLink(env);
  const up = await postMultipart(new Client(env.base), link.path, {}, { file: { data: tinyPng(), name: 'a.png', type: 'image/png' } });
  assert.equal(up.status, 503);
  assert.ok(unescapeHtml(up.text).includes('Tempat penyimpanan berkas sedang hampir penuh'), up.text.slice(0, 400));
  assert.equal(env.count('SELECT COUNT(*) FROM media'), 0);
  const res = await fetch(`${env.base}/o/jelitik/obrolan`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'syarat sktm apa ya' }),
  });
  assert.equal(res.status, 200, 'a chat message is still taken');
  assert.ok((await res.json()).messages.some((m) => m.from === 'bot'), 'and answered');
});

test('a file stored before files moved to disk (base64 in the row) is still served, and migrate moves it into a file', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  await uploadLink(env);
  const doc = pdf(3000);
  sql(env.db, `INSERT INTO media (office_id, conversation_id, source, mime, filename, size, data, created_at) SELECT o.id, c.id, 'upload', 'application/pdf', 'lama.pdf', ${doc.length}, '${doc.toString('base64')}', 1 FROM office o, conversation c WHERE o.slug = 'jelitik'`);
  const id = env.value('SELECT id FROM media');
  const petugas = await login(env.base, 'petugas.jelitik');
  const download = async () => {
    const res = await fetch(`${env.base}/console/o/jelitik/berkas/${id}`, { headers: { cookie: petugas.cookieHeader() } });
    assert.equal(res.status, 200);
    return Buffer.from(await res.arrayBuffer());
  };
  assert.deepEqual(await download(), doc, 'served from the row');
  // `balai migrate` (and the next `serve`) moves it into a file
  const r = cli(['migrate', '--files-dir', env.server.filesDir], { db: env.db.url });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /1 berkas warga dipindahkan dari basis data/);
  const [key, sha, len] = env.value(`SELECT file_key || '|' || sha256 || '|' || length(data) FROM media WHERE id = ${id}`).split('|');
  assert.equal(Number(len), 0, 'the base64 is gone from the row');
  assert.deepEqual(readFileSync(join(env.server.filesDir, key)), doc);
  assert.equal(sha, createHash('sha256').update(doc).digest('hex'));
  assert.equal(statSync(join(env.server.filesDir, key)).mode & 0o777, 0o600);
  assert.deepEqual(await download(), doc, 'served from the file');
});

test('links stored whole by an older Balai are masked by migrate, except in messages still waiting to go out', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  await uploadLink(env);
  const sent = 'c'.repeat(64), queued = 'd'.repeat(64);
  const add = (token, status) => sql(env.db, `INSERT INTO message (office_id, channel, conversation_id, direction, kind, body, author, status, sent_at, created_at, updated_at) SELECT office_id, 'web', id, 'out', 'text', 'Unggah lewat http://x/unggah/${token} ya', 'bot', '${status}', 1, 1, 1 FROM conversation`);
  add(sent, 'sent');
  add(queued, 'queued');
  const r = cli(['migrate', '--files-dir', env.server.filesDir], { db: env.db.url });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(env.count(`SELECT COUNT(*) FROM message WHERE body LIKE '%${sent}%'`), 0, 'the sent message no longer holds the token');
  assert.equal(env.count(`SELECT COUNT(*) FROM message WHERE body = 'Unggah lewat http://x/unggah/${'c'.repeat(32)}… ya'`), 1, 'it keeps the masked link');
  assert.equal(env.count(`SELECT COUNT(*) FROM message WHERE body LIKE '%${queued}%'`), 1, 'a queued message is sent as it was written');
});

test('the portal chat hands out upload links up to an hourly cap per office; past it staff take the conversation', async (t) => {
  const env = await setup({ BALAI_WEB_UPLOAD_LINKS: '2' });
  t.after(() => env.close());
  await uploadLink(env);
  await uploadLink(env);
  const res = await fetch(`${env.base}/o/jelitik/obrolan`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text: `nik saya ${NIK} mau urus kk` }),
  });
  assert.equal(res.status, 200);
  const text = (await res.json()).messages.map((m) => m.text).join('\n');
  assert.ok(!text.includes('/unggah/'), `a third fresh chat gets no link:\n${text}`);
  assert.ok(text.includes('petugas kami akan mengirimkan tautan unggah yang aman'), text);
  assert.equal(env.count('SELECT COUNT(*) FROM upload_link'), 2);
  assert.equal(env.count(`SELECT COUNT(*) FROM conversation WHERE state = 'human'`), 1, 'the third conversation is handed to staff');
});

/** Applies for SKTM in a fresh portal chat; returns the bot's last answer and the conversation's token. */
async function applyInChat(env, name) {
  let token;
  const say = async (payload) => {
    const res = await fetch(`${env.base}/o/jelitik/obrolan`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, ...payload }),
    });
    assert.equal(res.status, 200);
    const body = await res.json();
    token = body.token;
    return body.messages.filter((m) => m.from === 'bot').at(-1).text;
  };
  await say({ text: 'syarat sktm' });
  await say({ choice: 'ajukan:sktm' });
  await say({ text: name });
  await say({ text: 'RT 04/RW 02, Jl. Kenanga 3' });
  return { text: await say({ choice: 'intake:ya' }), token };
}

test('applications in the chat get upload links up to the office\'s hourly cap; past it the number is still given and staff take over', async (t) => {
  const env = await setup({ BALAI_OFFICE_UPLOAD_LINKS: '2' });
  t.after(() => env.close());
  for (const name of ['Rina Marlina', 'Dedi Kurniawan']) {
    const { text } = await applyInChat(env, name);
    assert.match(text, /Nomor registrasi: \*JLT-\d{4}-\d{5}\*/);
    assert.match(text, /\/unggah\/[0-9a-f]{64}/, `an application within the cap gets its link:\n${text}`);
  }
  const { text } = await applyInChat(env, 'Yuni Astuti');
  const number = text.match(/JLT-\d{4}-\d{5}/)?.[0];
  assert.ok(number, `the third application is still registered:\n${text}`);
  assert.ok(!text.includes('/unggah/'), `no third link:\n${text}`);
  assert.match(text, /tautan unggah pribadi belum dapat kami kirimkan\. Petugas kami akan menghubungi Anda/);
  assert.equal(env.count('SELECT COUNT(*) FROM upload_link'), 2);
  assert.equal(env.count('SELECT COUNT(*) FROM request'), 3, 'no application was lost');
  assert.equal(env.value(`SELECT c.state || '|' || c.handover_reason FROM conversation c JOIN request r ON r.conversation_id = c.id WHERE r.number = '${number}'`),
    'human|permohonan', 'that conversation is handed to staff');
  const petugas = await login(env.base, 'petugas.jelitik');
  const conv = env.value(`SELECT conversation_id FROM request WHERE number = '${number}'`);
  const thread = unescapeHtml((await petugas.get(`/console/o/jelitik/percakapan/${conv}`)).text);
  assert.match(thread, /diteruskan bot: permohonan tanpa tautan unggah: mintakan berkasnya/);
  // the NIK warning counts the office's links too: it goes without one
  const res = await fetch(`${env.base}/o/jelitik/obrolan`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: `nik saya ${NIK} mau urus kk` }),
  });
  assert.ok(!(await res.json()).messages.some((m) => m.text.includes('/unggah/')));
  assert.equal(env.count('SELECT COUNT(*) FROM upload_link'), 2);
});
