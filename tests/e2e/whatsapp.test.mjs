// WhatsApp end to end: a citizen writes to Kelurahan Jelitik's WhatsApp
// number and Balai answers through the (fake) Cloud API. Each test starts its
// own balai on a fresh database and its own fake Graph server
// (tests/fakes/graph.mjs), connects the office's number with
// `balai channel whatsapp ... --graph-url <fake>`, and plays Meta by posting
// signed webhooks to /webhooks/whatsapp. Checked where a person sees it: what
// reaches the citizen's phone (the fake's recorded sends), the staff console,
// the private upload link, and what the database keeps (never a full NIK).
// The job queue retries with back-off (1 s, 2 s, 4 s...), so tests wait for
// conditions with a generous timeout instead of sleeping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cli, sql, Client, login } from './lib.mjs';
import { unescapeHtml, tinyPng, postMultipart, pngSize } from './util-e2e.mjs';
import { waEnv, WA } from './wa-env.mjs';
import { textWebhook, imageWebhook, audioWebhook, postWebhook, verifyHandshake, waitFor, sign, shownText } from '../fakes/graph.mjs';

const { PNID, TOKEN, APP_SECRET, VERIFY } = WA;
const CITIZEN = '6281234567890';
const NIK = '3171012345670003';
const NIK_MASKED = '3171********0003';
const SETTLE = 15000;

/** The base of links Balai writes into messages (BALAI_BASE_URL wins over the listen address). */
function linkBase(base) {
  const env = (process.env.BALAI_BASE_URL || '').replace(/\/+$/, '');
  if (!env) return base;
  return env.includes('://') ? env : `http://${env}`;
}

const escRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A balai with demo data, a fake Graph, and jelitik's number connected to it. */
async function setup() {
  const env = await waEnv({ busyJobs: '', statuses: true });
  /** The outbound message rows, oldest first. */
  env.outbound = () => {
    const out = env.value("SELECT id || '|' || status || '|' || COALESCE(external_id, '') || '|' || COALESCE(error_code, 0) || '|' || error_text FROM message WHERE direction = 'out' ORDER BY id");
    return out ? out.split('\n').map((l) => {
      const [id, status, wamid, code, ...text] = l.split('|');
      return { id: Number(id), status, wamid, code: Number(code), error: text.join('|') };
    }) : [];
  };
  return env;
}


/** The first checklist item of a service as the public API gives it. */
async function firstItem(base, slug) {
  const r = await new Client(base).json('/api/v1/offices/jelitik/services');
  assert.equal(r.status, 200);
  const s = r.body.services.find((x) => x.slug === slug);
  assert.ok(s, `jelitik offers ${slug}`);
  assert.ok(s.checklist.length > 0, `${slug} has a checklist`);
  return s.checklist[0].item;
}

/** The console ids of jelitik's conversations as the list page links them. */
async function conversationIds(c) {
  const r = await c.get('/console/o/jelitik/percakapan');
  assert.equal(r.status, 200, r.text.slice(0, 300));
  return [...new Set([...r.text.matchAll(/href="\/console\/o\/jelitik\/percakapan\/(\d+)"/g)].map((m) => Number(m[1])))];
}

/** A whole-database dump as text (to look for data that must never be stored). */
function dumpDb(db) {
  if (db.kind === 'pg') return execFileSync('pg_dump', ['--data-only', db.url], { encoding: 'utf8', maxBuffer: 256 << 20 });
  return execFileSync('sqlite3', [db.url, '.dump'], { encoding: 'utf8', maxBuffer: 256 << 20 });
}

test('handshake: the right verify token echoes the challenge as text/plain, a wrong one gets 403', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  for (const challenge of ['1158201444', 'Zz_09-x.1158201444~']) {
    const ok = await verifyHandshake(env.hook, VERIFY, challenge);
    assert.equal(ok.status, 200);
    assert.equal(ok.text, challenge, 'the challenge comes back byte for byte, nothing added');
    assert.match(ok.contentType, /^text\/plain\b/);
  }
  const wrong = await verifyHandshake(env.hook, 'balai-vt-7Qx3', '1158201444');
  assert.equal(wrong.status, 403);
  assert.ok(!wrong.text.includes('1158201444'), 'a wrong token never gets the challenge back');
  const badMode = await verifyHandshake(env.hook, VERIFY, '1158201444', { mode: 'unsubscribe' });
  assert.equal(badMode.status, 403);
  const empty = await verifyHandshake(env.hook, '', '1158201444');
  assert.equal(empty.status, 403);
});

test('a citizen asks "syarat sktm apa ya" and gets one reply with the checklist and the portal link', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  const item = await firstItem(env.base, 'sktm');
  const r = await env.deliver(textWebhook({ text: 'syarat sktm apa ya', from: CITIZEN, name: 'Siti Ümmü' }));
  assert.equal(r.status, 200, r.text);
  await env.g.waitForMessages(1, SETTLE);
  await env.settle();
  const sends = env.g.messages();
  assert.equal(sends.length, 1, `exactly one reply, got ${sends.length}`);
  const [m] = sends;
  assert.equal(m.phoneNumberId, PNID, 'sent from the office number it was asked on');
  assert.equal(m.body.to, `+${CITIZEN}`);
  const text = shownText(m.body);
  assert.ok(text.includes(item), `the reply names the first requirement "${item}":\n${text}`);
  assert.ok(text.includes(`${linkBase(env.base)}/o/jelitik/layanan/sktm`), `the reply links the SKTM page:\n${text}`);
  // the conversation is kept: the citizen's message and the reply, by that name
  assert.equal(env.count("SELECT COUNT(*) FROM message WHERE direction = 'in'"), 1);
  assert.equal(env.value("SELECT name FROM contact WHERE channel = 'whatsapp'"), 'Siti Ümmü', 'a non-ASCII profile name survives \\u escapes');
});

// The server runs on the real clock, so "21.00 on a Sunday" cannot be set
// here; the calendar's unit tests cover Sunday night -> Monday 08.00
// (tests/unit/test_calendar.c, test_next_open_friday_evening). This test
// makes jelitik closed *now* instead: open on one weekday only, three days
// from today, and checks that the bot says so and names that day and time.
test('outside opening hours the reply says the office is closed and names the next opening', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  const DAYS = ['Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu', 'Minggu'];
  const CODES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
  const wib = (ms) => new Date(ms + 7 * 3600e3);
  const todayWd = (wib(Date.now()).getUTCDay() + 6) % 7;
  const openWd = (todayWd + 3) % 7;
  const hours = CODES.map((c, i) => `${c}=${i === openWd ? '08:00-12:00' : ''}`).join(';') + ';';
  sql(env.db, `UPDATE office SET hours = '${hours}' WHERE slug = 'jelitik'`);
  // the portal says the same thing the bot must say (and confirms the setup)
  const place = (await new Client(env.base).json('/o/jelitik')).body.place;
  assert.equal(place.status.open, false, 'jelitik is closed now');
  assert.match(place.status.text, new RegExp(`buka lagi ${DAYS[openWd]} 08\\.00`), `status: ${place.status.text}`);

  const r = await env.deliver(textWebhook({ text: 'selamat malam, mau tanya syarat sktm apa ya', from: CITIZEN }));
  assert.equal(r.status, 200);
  await env.g.waitForMessages(1, SETTLE);
  await env.settle();
  const text = env.g.messages().map((m) => shownText(m.body)).join('\n');
  assert.match(text, /tutup/i, `the reply says the office is closed:\n${text}`);
  assert.match(text, /buka lagi/i, `the reply says when it opens again:\n${text}`);
  assert.ok(text.includes(DAYS[openWd]), `the reply names ${DAYS[openWd]}:\n${text}`);
  assert.ok(text.includes('08.00'), `the reply names 08.00:\n${text}`);
});

test('a NIK in a chat is masked everywhere, the reply gives a private upload link, and the upload reaches only jelitik staff', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  const r = await env.deliver(textWebhook({ text: `nik saya ${NIK} mau urus kk`, from: CITIZEN }));
  assert.equal(r.status, 200);
  await env.g.waitForMessages(1, SETTLE);
  await env.settle();
  assert.equal(env.g.messages().length, 1);
  const reply = shownText(env.g.messages()[0].body);
  assert.ok(!reply.includes(NIK), 'the reply does not echo the NIK');
  const link = reply.match(new RegExp(`${escRe(linkBase(env.base))}/unggah/([0-9a-f]{64})(?![0-9a-f])`));
  assert.ok(link, `the reply holds a private upload link:\n${reply}`);
  const uploadPath = `/unggah/${link[1]}`;

  // staff see the message masked, never the number
  const petugas = await login(env.base, 'petugas.jelitik');
  const [conv] = await conversationIds(petugas);
  assert.ok(conv, 'the conversation is listed in the console');
  const threadPath = `/console/o/jelitik/percakapan/${conv}`;
  let page = await petugas.get(threadPath);
  assert.equal(page.status, 200);
  assert.ok(unescapeHtml(page.text).includes(NIK_MASKED), 'the thread shows the masked NIK');
  assert.ok(!page.text.includes(NIK), 'the thread never shows the full NIK');
  const list = await petugas.get('/console/o/jelitik/percakapan');
  assert.ok(!list.text.includes(NIK));

  // the database holds no full NIK (messages first, then anywhere at all)
  assert.equal(env.count(`SELECT COUNT(*) FROM message WHERE body LIKE '%${NIK}%' OR payload LIKE '%${NIK}%'`), 0);
  assert.equal(env.count(`SELECT COUNT(*) FROM message WHERE body LIKE '%${NIK_MASKED}%'`), 1, 'the masked text is stored');
  assert.ok(!dumpDb(env.db).includes(NIK), 'no table holds the full NIK');
  assert.ok(!env.server.output().includes(NIK), 'the server log does not hold the full NIK');

  // the citizen opens the link and uploads a photo
  const citizen = new Client(env.base);
  const form = await citizen.get(uploadPath);
  assert.equal(form.status, 200);
  assert.ok(form.text.includes(`action="${uploadPath}"`) && /type="file"/.test(form.text), 'the upload form is shown');
  const png = tinyPng(1, 1);
  const up = await postMultipart(citizen, uploadPath, {}, { file: { data: png, name: 'ktp.png', type: 'image/png' } });
  assert.equal(up.status, 200, up.text.slice(0, 500));
  assert.match(up.text, /sudah kami terima/);

  // ...which appears in the thread, downloadable by jelitik staff only
  page = await petugas.get(threadPath);
  const file = page.text.match(/href="\/console\/o\/jelitik\/berkas\/(\d+)"/);
  assert.ok(file, 'the thread links the uploaded file');
  const filePath = `/console/o/jelitik/berkas/${file[1]}`;
  const res = await fetch(env.base + filePath, { headers: { cookie: petugas.cookieHeader() } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'image/png');
  assert.match(res.headers.get('content-disposition') || '', /^attachment/);
  // the picture comes back encoded afresh (web/upload.c): the same size, a PNG
  assert.deepEqual(pngSize(Buffer.from(await res.arrayBuffer())), { width: 1, height: 1 }, 'the same picture comes back');
  const other = await login(env.base, 'petugas.srimenanti');
  const denied = await other.get(filePath);
  assert.ok([403, 404].includes(denied.status), `staff of another office: ${denied.status}`);
  const sideways = await other.get(`/console/o/srimenanti/berkas/${file[1]}`);
  assert.ok([403, 404].includes(sideways.status), `through their own office: ${sideways.status}`);
  assert.ok(!sideways.text.includes('IHDR') && !denied.text.includes('IHDR'));
  const anon = await new Client(env.base).get(filePath);
  assert.ok(anon.status === 303 || anon.status === 401, `anonymous: ${anon.status}`);

  // a text file is refused with a message the citizen understands, nothing stored
  const media = env.count('SELECT COUNT(*) FROM media');
  const bad = await postMultipart(citizen, uploadPath, {}, { file: { data: Buffer.from('ini bukan foto\n'), name: 'ktp.png', type: 'image/png' } });
  assert.equal(bad.status, 422);
  assert.ok(unescapeHtml(bad.text).includes('Berkas harus berupa foto JPEG/PNG atau dokumen PDF.'), bad.text.slice(0, 500));
  assert.equal(env.count('SELECT COUNT(*) FROM media'), media);
});

test('a webhook with a wrong or missing signature gets 401 and stores nothing', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  const rows = () => env.count('SELECT COUNT(*) FROM message') + env.count('SELECT COUNT(*) FROM job') + env.count('SELECT COUNT(*) FROM receipt');
  const before = rows();
  const obj = textWebhook({ text: 'syarat sktm apa ya', from: CITIZEN });
  const other = await postWebhook(env.hook, obj, 'anothersecret12345678');
  assert.equal(other.status, 401, 'signed with another app secret');
  const tampered = await env.deliver(obj, { badSignature: true });
  assert.equal(tampered.status, 401, 'signature altered');
  const missing = await env.deliver(obj, { noSignature: true });
  assert.equal(missing.status, 401, 'no signature');
  // the right secret over other bytes than those sent
  const body = JSON.stringify(obj);
  const res = await fetch(env.hook, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(body, APP_SECRET) }, body: body + ' ' });
  assert.equal(res.status, 401, 'signature over different bytes');
  assert.equal(rows(), before, 'nothing stored');
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(env.g.sent.length, 0, 'nothing sent');
  // the same message properly signed is taken (the refusals were about the signature)
  assert.equal((await env.deliver(obj)).status, 200);
  assert.equal(env.count("SELECT COUNT(*) FROM message WHERE direction = 'in'"), 1);
});

test('a redelivered webhook is stored once and answered once', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  const obj = textWebhook({ text: 'syarat sktm apa ya', from: CITIZEN });
  const wamid = obj.entry[0].changes[0].value.messages[0].id;
  assert.equal((await env.deliver(obj)).status, 200);
  assert.equal((await env.deliver(obj)).status, 200, 'a redelivery is acknowledged too');
  await env.g.waitForMessages(1, SETTLE);
  await env.settle();
  assert.equal((await env.deliver(obj)).status, 200, 'and again after processing');
  await env.settle();
  assert.equal(env.count(`SELECT COUNT(*) FROM message WHERE external_id = '${wamid}'`), 1);
  assert.equal(env.g.messages().length, 1, 'exactly one reply');
});

test('Graph failing twice with 131000 then accepting: the reply is sent exactly once and ends delivered', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  env.g.failNext(2, { code: 131000 });
  assert.equal((await env.deliver(textWebhook({ text: 'syarat sktm apa ya', from: CITIZEN }))).status, 200);
  await env.g.waitForMessages(1, SETTLE);
  const [out] = env.outbound();
  await waitFor(() => env.outbound()[0].status === 'delivered', { timeout: SETTLE, what: 'the reply to be delivered' });
  await env.settle();
  assert.equal(env.g.messages().length, 1, 'one accepted send');
  const tries = env.g.sent.filter((s) => s.body?.status !== 'read');
  assert.equal(tries.length, 3, 'two failed attempts and the one that went through');
  assert.deepEqual(tries.slice(0, 2).map((s) => s.error?.code), [131000, 131000]);
  assert.ok(tries[1].at - tries[0].at >= 900, `the retry waited (${tries[1].at - tries[0].at} ms)`);
  const [row] = env.outbound();
  assert.equal(row.id, out.id);
  assert.equal(row.status, 'delivered');
  assert.equal(row.wamid, env.g.messages()[0].wamid, 'the row knows its wamid');
  assert.equal(row.error, '', 'the temporary error is cleared');
  assert.equal(env.outbound().length, 1);
});

test('a closed 24-hour window (131047) fails the message with an Indonesian error, without retrying, and staff see why', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  env.g.failNext(1, { code: 131047 });
  assert.equal((await env.deliver(textWebhook({ text: 'syarat sktm apa ya', from: CITIZEN }))).status, 200);
  await waitFor(() => env.outbound()[0]?.status === 'failed', { timeout: SETTLE, what: 'the reply to fail' });
  await env.settle();
  const [row] = env.outbound();
  assert.equal(row.code, 131047);
  assert.ok(row.error.length > 20 && /24 jam/.test(row.error) && !/Re-engagement/i.test(row.error), `an Indonesian explanation: ${row.error}`);
  assert.equal(env.g.sent.filter((s) => s.body?.status !== 'read').length, 1, 'one attempt only');
  assert.equal(env.g.messages().length, 0);
  assert.equal(env.count("SELECT COUNT(*) FROM job WHERE state <> 'dead'"), 0, 'no retry pending');
  const petugas = await login(env.base, 'petugas.jelitik');
  const [conv] = await conversationIds(petugas);
  const page = await petugas.get(`/console/o/jelitik/percakapan/${conv}`);
  assert.ok(unescapeHtml(page.text).includes(row.error), 'the thread shows the error text');
  assert.match(page.text, /gagal/);
});

test('status receipts move a reply forward to delivered and read, never back', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  assert.equal((await env.deliver(textWebhook({ text: 'syarat sktm apa ya', from: CITIZEN }))).status, 200);
  const [m] = await env.g.waitForMessages(1, SETTLE);
  await waitFor(() => env.outbound()[0]?.status === 'delivered', { timeout: SETTLE, what: 'the reply to be delivered' });
  await env.settle();
  assert.ok(env.g.webhookLog.length >= 2 && env.g.webhookLog.every((w) => w.httpStatus === 200), 'every status webhook was taken');
  const late = await env.g.pushStatus(m.wamid, 'sent');
  assert.equal(late.httpStatus, 200);
  assert.equal(env.outbound()[0].status, 'delivered', 'a late "sent" does not move it back');
  assert.equal((await env.g.pushStatus(m.wamid, 'read')).httpStatus, 200);
  assert.equal(env.outbound()[0].status, 'read');
  assert.equal((await env.g.pushStatus(m.wamid, 'delivered')).httpStatus, 200);
  assert.equal((await env.g.pushStatus(m.wamid, 'read')).httpStatus, 200, 'a repeated receipt is acknowledged');
  assert.equal(env.outbound()[0].status, 'read', 'still read');
  assert.equal(env.count(`SELECT COUNT(*) FROM receipt WHERE external_id = '${m.wamid}'`), 3, 'one receipt row per status');
});

test('console: jelitik staff see the conversation and their reply reaches the citizen; others cannot', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  assert.equal((await env.deliver(textWebhook({ text: 'syarat sktm apa ya', from: CITIZEN, name: 'Budi Santoso' }))).status, 200);
  await env.g.waitForMessages(1, SETTLE);
  await env.settle();

  const petugas = await login(env.base, 'petugas.jelitik');
  const list = await petugas.get('/console/o/jelitik/percakapan');
  assert.equal(list.status, 200);
  assert.ok(list.text.includes('Budi Santoso') && list.text.includes('WhatsApp'), 'the list shows who wrote, on which channel');
  const [conv] = await conversationIds(petugas);
  const threadPath = `/console/o/jelitik/percakapan/${conv}`;
  const page = await petugas.get(threadPath);
  assert.equal(page.status, 200);
  assert.ok(page.text.includes('syarat sktm apa ya'), 'the thread shows the citizen message');
  assert.ok(page.text.includes(`action="${threadPath}/balas"`), 'a reply form is offered');

  const text = 'Baik Bu, berkas SKTM bisa dibawa besok pukul 08.00.';
  const r = await petugas.post(`${threadPath}/balas`, { text });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  assert.equal(r.location, threadPath);
  await env.g.waitForMessages(2, SETTLE);
  await env.settle();
  const staffSend = env.g.messages()[1];
  assert.equal(staffSend.body.to, `+${CITIZEN}`);
  assert.equal(shownText(staffSend.body), text);
  const after = await petugas.get(threadPath);
  assert.ok(unescapeHtml(after.text).includes(text), 'the reply is in the thread');
  assert.equal(env.value(`SELECT state FROM conversation WHERE id = ${conv}`), 'human', 'staff took over');
  // with a person on it, the bot keeps quiet
  assert.equal((await env.deliver(textWebhook({ text: 'baik terima kasih, syarat sku apa?', from: CITIZEN }))).status, 200);
  await env.settle();
  assert.equal(env.g.messages().length, 2, 'no bot reply after staff took over');

  // staff of another office: not their conversation
  const other = await login(env.base, 'petugas.srimenanti');
  for (const p of [threadPath, '/console/o/jelitik/percakapan', `/console/o/srimenanti/percakapan/${conv}`]) {
    const d = await other.get(p);
    assert.ok([403, 404].includes(d.status), `${p} for srimenanti: ${d.status}`);
    assert.ok(!d.text.includes('syarat sktm apa ya'), `${p} leaks nothing`);
  }
  await other.get('/console');
  const post = await other.post(`${threadPath}/balas`, { text: 'bukan urusan saya' });
  assert.ok([403, 404].includes(post.status), `reply by srimenanti: ${post.status}`);
  await new Promise((res) => setTimeout(res, 300));
  assert.equal(env.g.messages().length, 2, 'nothing sent for them');
  // anonymous: to the login page
  const anon = await new Client(env.base).get(threadPath);
  assert.equal(anon.status, 303);
  assert.match(anon.location, /^\/login\?next=/);
});

test('channel settings show secrets masked, on the console page and in `balai channel list`', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  const secrets = [TOKEN, APP_SECRET, VERIFY];
  const lurah = await login(env.base, 'lurah.jelitik');
  const page = await lurah.get('/console/o/jelitik/kanal');
  assert.equal(page.status, 200);
  assert.ok(page.text.includes(PNID), 'the connected number is shown');
  assert.ok(unescapeHtml(page.text).includes(`••••${TOKEN.slice(-4)}`), 'the token is shown masked');
  for (const s of secrets) assert.ok(!page.text.includes(s), `the page never holds ${s.slice(0, 6)}…`);
  const petugas = await login(env.base, 'petugas.jelitik');
  const denied = await petugas.get('/console/o/jelitik/kanal');
  assert.equal(denied.status, 403, 'a petugas layanan does not manage channels');
  for (const s of secrets) assert.ok(!denied.text.includes(s));

  const list = cli(['channel', 'list'], { db: env.db.url });
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, /jelitik\twhatsapp\takun 112233445566778\ttoken ••••WXYZ\taktif/);
  for (const s of secrets) assert.ok(!list.stdout.includes(s) && !list.stderr.includes(s), 'channel list prints no secret');
  // saving again prints no secret either, and the audit log keeps none
  const again = cli(['channel', 'whatsapp', '--office', 'jelitik', '--phone-number-id', PNID, '--token', TOKEN,
    '--app-secret', APP_SECRET, '--verify-token', VERIFY, '--graph-url', env.g.url], { db: env.db.url });
  assert.equal(again.code, 0, again.stderr);
  for (const s of secrets) assert.ok(!again.stdout.includes(s), 'channel whatsapp prints no secret');
  const audit = env.value("SELECT COALESCE(before_json, '') || COALESCE(after_json, '') FROM audit_log WHERE action = 'channel.save'");
  assert.ok(audit.length > 0, 'the change is audited');
  for (const s of secrets) assert.ok(!audit.includes(s), 'the audit log keeps no secret');
});

test('a photo of a KTP is downloaded through the media endpoint, kept private, and answered with the upload warning', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(600, 7), Buffer.from([0xff, 0xd9])]);
  env.g.addMedia('1480012345678901', { mime: 'image/jpeg', bytes: jpeg });
  const r = await env.deliver(imageWebhook({ from: CITIZEN, mediaId: '1480012345678901', caption: 'ini foto ktp saya' }));
  assert.equal(r.status, 200);
  await env.g.waitForMessages(1, SETTLE);
  await env.settle();
  // the bytes came through the media id flow with the token, and are stored once
  assert.ok(env.g.counts.media >= 1 && env.g.counts.download >= 1, JSON.stringify(env.g.counts));
  assert.equal(env.count('SELECT COUNT(*) FROM media'), 1);
  const reply = shownText(env.g.messages()[0].body);
  assert.match(reply, new RegExp(`${escRe(linkBase(env.base))}/unggah/[0-9a-f]{64}`), `an ID photo gets the private upload link:\n${reply}`);
  const petugas = await login(env.base, 'petugas.jelitik');
  const [conv] = await conversationIds(petugas);
  const page = await petugas.get(`/console/o/jelitik/percakapan/${conv}`);
  const file = page.text.match(/href="\/console\/o\/jelitik\/berkas\/(\d+)"/);
  assert.ok(file, 'the thread links the photo');
  const res = await fetch(`${env.base}/console/o/jelitik/berkas/${file[1]}`, { headers: { cookie: petugas.cookieHeader() } });
  assert.equal(res.status, 200);
  assert.deepEqual(Buffer.from(await res.arrayBuffer()), jpeg, 'the same bytes as the citizen sent');
});

test('a voice note gets a polite request to write instead, not a guess', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  env.g.addMedia('1480099', { mime: 'audio/ogg', bytes: Buffer.from('OggS fake voice') });
  const r = await env.deliver(audioWebhook({ from: CITIZEN, mediaId: '1480099' }));
  assert.equal(r.status, 200);
  await env.g.waitForMessages(1, SETTLE);
  await env.settle();
  assert.match(shownText(env.g.messages()[0].body), /pesan suara/);
  assert.equal(env.count("SELECT COUNT(*) FROM conversation WHERE state = 'bot'"), 1, 'no hand-over for a voice note');
});
