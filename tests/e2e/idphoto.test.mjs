// A photo that IS a KTP or KK, sent without a caption that says so, is
// recognised by what it shows (OCR, src/channels/idphoto.c): the citizen is
// warned as for a typed NIK and given a private upload link, and staff see a
// note beside the photo. Ordinary photos get no warning. The pictures are
// rendered in Debian's Chromium at test time from invented data
// (tests/e2e/idcards.mjs), then served as media by the fake WhatsApp Graph
// API and the fake Telegram Bot API.
//
// OCR costs ~0.5 s a photo natively and minutes under valgrind, so
// scripts/test runs this file on SQLite, PostgreSQL and under ASan, not
// under valgrind.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { startBalai, sql, login, BIN } from './lib.mjs';
import { imageWebhook, waitFor, shownText } from '../fakes/graph.mjs';
import { startFakeTelegram, photoUpdate, postUpdate } from '../fakes/telegram.mjs';
import { ktpHtml, kkHtml, streetHtml, render } from './idcards.mjs';
import { waEnv } from './wa-env.mjs';

const CITIZEN = '6281234567890';
const NIK = '3171012345670003';
const TG_TOKEN = '123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const TG_SECRET = 'tgsecret_1_f00dcafe';
const SETTLE = 30000;     // OCR under ASan takes a few seconds
const NOTE = 'Foto ini tampaknya KTP/KK. Warga sudah diminta mengirim lewat tautan unggah pribadi.';
const LINK = /\/unggah\/([0-9a-f]{64})/;

let ktp, kk, street;

before(async () => {
  [ktp, street] = await render([ktpHtml({ nik: NIK }), streetHtml()]);
  [kk] = await render([kkHtml()], { type: 'png', width: 1280, height: 720 });
});

/** Waits until no job is pending and every inbound message is processed. */
async function settle(count) {
  const idle = () => count("SELECT COUNT(*) FROM job WHERE state <> 'dead'") === 0 &&
    count("SELECT COUNT(*) FROM message WHERE direction = 'in' AND status = 'new'") === 0;
  await waitFor(idle, { timeout: SETTLE, interval: 50, what: 'the job queue to drain' });
}

/** A balai with demo data and jelitik's WhatsApp number on a fake Graph API. */
async function whatsapp() {
  const env = await waEnv({ busyJobs: '', settleMs: SETTLE });
  /** Sends a photo from the citizen (no caption unless given); waits until all is done. */
  env.photo = async (bytes, { mime = 'image/jpeg', caption, id = String(1480012345678900 + Math.floor(Math.random() * 99)) } = {}) => {
    env.g.addMedia(id, { mime, bytes });
    const res = await env.deliver(imageWebhook({ from: CITIZEN, mediaId: id, mime, ...(caption ? { caption } : {}) }));
    assert.equal(res.status, 200);
    await env.g.waitForMessages(1, SETTLE);
    await env.settle();
  };
  env.texts = () => env.g.messages().map((m) => shownText(m.body));
  return env;
}

/** The conversation page a petugas of jelitik sees. */
async function threadPage(base) {
  const petugas = await login(base, 'petugas.jelitik');
  const list = await petugas.get('/console/o/jelitik/percakapan');
  const id = list.text.match(/href="\/console\/o\/jelitik\/percakapan\/(\d+)"/);
  assert.ok(id, 'the conversation is listed');
  const page = await petugas.get(`/console/o/jelitik/percakapan/${id[1]}`);
  assert.equal(page.status, 200);
  return { petugas, html: page.text };
}

test('a KTP photo without a caption gets the data warning with a private upload link, and staff see the note', async (t) => {
  const env = await whatsapp();
  t.after(() => env.close());
  await env.photo(ktp);
  const warnings = env.texts().filter((x) => LINK.test(x));
  assert.equal(warnings.length, 1, `one warning with an upload link:\n${env.texts().join('\n---\n')}`);
  assert.match(warnings[0], /jangan mengirim NIK, nomor KK, atau foto KTP\/KK/);
  assert.match(warnings[0], /Foto yang Anda kirim hanya dapat dibuka petugas kantor kami/);
  // the link opens the upload page for this conversation
  const token = warnings[0].match(LINK)[1];
  const up = await fetch(`${env.base}/unggah/${token}`);
  assert.equal(up.status, 200, 'the private upload link works');
  assert.equal(env.count("SELECT COUNT(*) FROM message WHERE direction = 'in' AND sensitive = 1"), 1,
    'the photo message is marked sensitive');
  // staff: the note beside the photo, the photo still a private download
  const { petugas, html } = await threadPage(env.base);
  assert.ok(html.includes(NOTE), 'the thread explains the photo');
  assert.ok(!html.includes('(disamarkan)'), 'a photo is not called masked: nothing in it was');
  assert.match(html, /tampaknya KTP\/KK<\/span>/, 'the file list marks the photo');
  const file = html.match(/href="\/console\/o\/jelitik\/berkas\/(\d+)"/);
  assert.ok(file, 'the photo stays downloadable for the office');
  const res = await fetch(`${env.base}/console/o/jelitik/berkas/${file[1]}`, { headers: { cookie: petugas.cookieHeader() } });
  assert.equal(res.status, 200);
  assert.deepEqual(Buffer.from(await res.arrayBuffer()), ktp);
  assert.notEqual((await fetch(`${env.base}/console/o/jelitik/berkas/${file[1]}`, { redirect: 'manual' })).status, 200,
    'not without a staff session');
  // what OCR read (the NIK) is neither stored as text nor logged
  assert.equal(env.count(`SELECT COUNT(*) FROM message WHERE body LIKE '%${NIK}%' OR payload LIKE '%${NIK}%'`), 0);
  assert.ok(!env.server.output().includes(NIK), 'the log holds no NIK');
  assert.match(env.server.output(), /tampaknya KTP \(OCR \d+ ms\)/, 'the log says what was found and how long it took');
});

test('a street photo without a caption gets no warning and no note', async (t) => {
  const env = await whatsapp();
  t.after(() => env.close());
  await env.photo(street);
  assert.ok(env.texts().length >= 1, 'the bot answered the photo');
  assert.equal(env.texts().filter((x) => LINK.test(x) || /foto KTP\/KK/.test(x)).length, 0,
    `no ID warning:\n${env.texts().join('\n---\n')}`);
  assert.equal(env.count('SELECT COUNT(*) FROM message WHERE sensitive = 1'), 0);
  const { html } = await threadPage(env.base);
  assert.ok(!html.includes('tampaknya KTP'), 'no note for an ordinary photo');
});

test('a KTP photo whose caption already said KTP gets one warning, not two', async (t) => {
  const env = await whatsapp();
  t.after(() => env.close());
  await env.photo(ktp, { caption: 'ini foto ktp saya' });
  const warnings = env.texts().filter((x) => LINK.test(x));
  assert.equal(warnings.length, 1, `exactly one upload link:\n${env.texts().join('\n---\n')}`);
  assert.equal(env.count('SELECT COUNT(*) FROM upload_link'), 1);
  const { html } = await threadPage(env.base);
  assert.ok(html.includes(NOTE), 'the caption-flagged photo carries the same note');
});

test('with BALAI_OCR=0 photos are not read (for very weak PCs)', async (t) => {
  process.env.BALAI_OCR = '0';
  let env;
  try {
    env = await whatsapp();
  } finally {
    delete process.env.BALAI_OCR;
  }
  t.after(() => env.close());
  assert.match(env.server.output(), /Pengenalan foto KTP\/KK \(OCR\) dimatikan/);
  await env.photo(ktp);
  assert.equal(env.texts().filter((x) => LINK.test(x)).length, 0);
  assert.equal(env.count("SELECT COUNT(*) FROM job WHERE kind = 'idphoto'"), 0);
  assert.equal(env.count('SELECT COUNT(*) FROM media'), 1, 'the photo is still kept for staff');
});

/** `balai channel telegram` without blocking this process (the fake lives here). */
function cliAsync(args, db) {
  return new Promise((resolve) => {
    execFile(BIN, [...args, '--db', db], { encoding: 'utf8', timeout: 30000 }, (err, stdout, stderr) =>
      resolve({ code: err ? -1 : 0, stdout, stderr }));
  });
}

test('a Kartu Keluarga photo on Telegram gets the warning with an upload link', async (t) => {
  const server = await startBalai();
  const tg = await startFakeTelegram({ token: TG_TOKEN });
  t.after(async () => { await tg.close(); await server.stop(); });
  const r = await cliAsync(['channel', 'telegram', '--office', 'jelitik', '--token', TG_TOKEN, '--secret-token', TG_SECRET,
    '--api-url', tg.url, '--webhook-url', server.base], server.db.url);
  assert.equal(r.code, 0, r.stderr);   // t.after stops both
  tg.addFile('AgACAgUAAxkBAAKK', { bytes: kk, mime: 'image/png' });
  const res = await postUpdate(`${server.base}/webhooks/telegram/jelitik`, photoUpdate({ fileId: 'AgACAgUAAxkBAAKK' }), TG_SECRET);
  assert.equal(res.status, 200);
  const count = (q) => Number(sql(server.db, q).trim());
  await settle(count);
  const sent = await tg.waitForSent(1, SETTLE);
  const warnings = sent.map((m) => m.text).filter((x) => LINK.test(x));
  assert.equal(warnings.length, 1, `one warning:\n${sent.map((m) => m.text).join('\n---\n')}`);
  assert.match(warnings[0], /foto KTP\/KK/);
  assert.equal(count("SELECT COUNT(*) FROM message WHERE direction = 'in' AND sensitive = 1"), 1);
});
