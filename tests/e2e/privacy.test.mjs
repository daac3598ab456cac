// Personal data (UU 27/2022) end to end: a NIK/KK number is masked wherever
// it can arrive, not only in the text of a message: the WhatsApp profile
// name, a document's file name, a quick-reply payload, the name typed in the
// portal chat, a staff member's internal note; and in the ways people type
// it (line breaks between groups, full-width digits, O for zero). A citizen
// who announces a KTP photo is told where to send it before it comes; one who
// sends a NIK after a person took over is still warned. On SQLite the
// database file and its -wal/-shm are readable by the owner only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { statSync, existsSync } from 'node:fs';
import { startBalai, cli, sql, login, ON_PG } from './lib.mjs';
import { startFakeGraph, textWebhook, documentWebhook, templateButtonWebhook, postWebhook, waitFor, shownText } from '../fakes/graph.mjs';

const PNID = '112233445566778';      // the fake's default phone_number_id
const TOKEN = 'EAAGprivacyToken0123456789abcdefWXYZ';
const APP_SECRET = 'appsecret7c1d2e3f4a5b';
const CITIZEN = '6281234567001';
// NIKs of the demo citizen: region 320112, born 12-05-90, serials 0001...
const NIK = (serial) => `3201121205900${serial}`;
const MIDDLE = '12120590';        // what masking hides: digits 5-12

async function setup() {
  const server = await startBalai();
  const g = await startFakeGraph({ token: TOKEN, version: 'v21.0', appSecret: APP_SECRET });
  const r = cli(['channel', 'whatsapp', '--office', 'jelitik', '--phone-number-id', PNID, '--token', TOKEN,
    '--app-secret', APP_SECRET, '--verify-token', 'balai-vt-privacy', '--graph-url', g.url], { db: server.db.url });
  assert.equal(r.code, 0, r.stderr);
  const value = (q) => sql(server.db, q).trim();
  return {
    server, g, db: server.db, base: server.base, value,
    deliver: (obj) => postWebhook(`${server.base}/webhooks/whatsapp`, obj, APP_SECRET),
    /** The bot's replies to the citizen, as the fake Graph received them. */
    replies: () => g.messages().map((m) => shownText(m.body)),
    async close() { await g.close(); await server.stop(); },
  };
}

function dumpDb(db) {
  if (db.kind === 'pg') return execFileSync('pg_dump', ['--data-only', db.url], { encoding: 'utf8', maxBuffer: 256 << 20 });
  return execFileSync('sqlite3', [db.url, '.dump'], { encoding: 'utf8', maxBuffer: 256 << 20 });
}

test('a NIK in the profile name, a file name, a button payload or typed loosely is stored masked', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  const typed = [
    `nik saya\n3201\n1212\n0590\n${'0002'}`,                        // line breaks between groups
    '３２０１１２１２０５９００００３ ya',                                // full-width digits
    '32O1 1212 O59O OOO4',                                            // O for zero
    `320112120590 0005 mau buat sktm`,                                // 12+4
  ];
  const deliveries = [
    textWebhook({ from: CITIZEN, name: `Siti ${NIK('001')}`, text: 'halo' }),
    ...typed.map((text) => textWebhook({ from: CITIZEN, name: 'Siti', text })),
    documentWebhook({ from: CITIZEN, name: 'Siti', filename: `KTP_${NIK('006')}.pdf`, mediaId: '1480000000000006' }),
    templateButtonWebhook({ from: CITIZEN, name: 'Siti', payload: `nik:${NIK('007')}`, text: 'Oke' }),
  ];
  for (const d of deliveries) {
    const r = await env.deliver(d);
    assert.equal(r.status, 200, r.text);
  }
  await waitFor(() => Number(env.value("SELECT COUNT(*) FROM message WHERE direction = 'in'")) === deliveries.length,
    { timeout: 15000, interval: 50, what: 'the messages stored' });
  const dump = dumpDb(env.db);
  assert.ok(!dump.includes(MIDDLE), 'no NIK anywhere in the database, in any column');
  assert.equal(env.value("SELECT sender_name FROM message WHERE direction = 'in' ORDER BY id LIMIT 1"), 'Siti 3201********0001',
    'the profile name is kept, masked');
  const bodies = env.value("SELECT body FROM message WHERE direction = 'in' ORDER BY id");
  for (const serial of ['0002', '0003', '0004', '0005']) assert.ok(bodies.includes(`3201********${serial}`), bodies);
  const payloads = env.value("SELECT payload FROM message WHERE direction = 'in' ORDER BY id");
  assert.ok(payloads.includes('KTP_3201********0006.pdf'), payloads);
  assert.ok(payloads.includes('nik:3201********0007'), payloads);
  // every typed NIK was warned about
  await waitFor(() => env.replies().filter((x) => x.includes('sudah kami samarkan')).length >= typed.length,
    { timeout: 15000, interval: 50, what: 'the warnings' });
});

test('"saya kirimkan foto KTP-nya ya" gets the warning and a private upload link before the photo', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  assert.equal((await env.deliver(textWebhook({ from: CITIZEN, name: 'Siti', text: 'saya kirimkan foto KTP-nya ya' }))).status, 200);
  await waitFor(() => env.replies().length >= 1, { timeout: 15000, interval: 50, what: 'the reply' });
  const reply = env.replies()[0];
  assert.match(reply, /jangan mengirim NIK, nomor KK, atau foto KTP/);
  const link = reply.match(/https?:\/\/\S+\/unggah\/([0-9a-f]{64})/);
  assert.ok(link, `a private upload link: ${reply}`);
  // the link opens the upload page of this office
  const page = await fetch(link[0].replace(/^https?:\/\/[^/]+/, env.base));
  assert.equal(page.status, 200);
  // a question about a KTP is not an announcement
  const before = env.replies().length;
  assert.equal((await env.deliver(textWebhook({ from: CITIZEN, name: 'Siti', text: 'syarat bikin KTP apa saja' }))).status, 200);
  await waitFor(() => env.replies().length > before, { timeout: 15000, interval: 50, what: 'the second reply' });
  assert.doesNotMatch(env.replies().at(-1), /unggah\//);
});

test('after a hand-over to staff a NIK is still masked and the citizen warned; staff notes are masked too', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  assert.equal((await env.deliver(textWebhook({ from: CITIZEN, name: 'Siti', text: 'saya mau bicara dengan petugas' }))).status, 200);
  await waitFor(() => env.value(`SELECT c.state FROM conversation c JOIN contact k ON k.id = c.contact_id WHERE k.address = '${CITIZEN}'`) === 'human',
    { timeout: 15000, interval: 50, what: 'the hand-over' });
  await waitFor(() => env.replies().length === 1, { timeout: 15000, interval: 50, what: 'the hand-over reply' });
  const handed = 1;
  assert.equal((await env.deliver(textWebhook({ from: CITIZEN, name: 'Siti', text: `ini NIK saya ${NIK('011')}` }))).status, 200);
  await waitFor(() => env.replies().length > handed, { timeout: 15000, interval: 50, what: 'the warning after hand-over' });
  const warning = env.replies().at(-1);
  assert.match(warning, /sudah kami samarkan/);
  assert.match(warning, /\/unggah\/[0-9a-f]{64}/);
  assert.equal(env.value(`SELECT c.state FROM conversation c JOIN contact k ON k.id = c.contact_id WHERE k.address = '${CITIZEN}'`), 'human',
    'the conversation stays with the person');
  // a plain message after the hand-over gets no answer from the bot
  assert.equal((await env.deliver(textWebhook({ from: CITIZEN, name: 'Siti', text: 'terima kasih pak' }))).status, 200);
  await waitFor(() => Number(env.value("SELECT COUNT(*) FROM message WHERE direction = 'in' AND status = 'new'")) === 0,
    { timeout: 15000, interval: 50, what: 'the message processed' });
  assert.equal(env.replies().length, handed + 1);

  // the officer copies the number into an internal note
  const lurah = await login(env.base, 'lurah.jelitik');
  const conv = env.value(`SELECT c.id FROM conversation c JOIN contact k ON k.id = c.contact_id WHERE k.address = '${CITIZEN}'`);
  const thread = `/console/o/jelitik/percakapan/${conv}`;
  assert.equal((await lurah.get(thread)).status, 200);
  assert.equal((await lurah.post(`${thread}/catatan`, { note: `Cek NIK ${NIK('012').replace(/(\d{4})/g, '$1 ').trim()} di SIAK` })).status, 303);
  assert.equal(env.value(`SELECT body FROM inbox_note WHERE conversation_id = ${conv}`), 'Cek NIK 3201********0012 di SIAK');
  assert.ok(!dumpDb(env.db).includes(MIDDLE), 'no NIK anywhere in the database');
});

test('the portal chat masks a NIK typed as the visitor\'s name', async (t) => {
  const server = await startBalai();
  t.after(() => server.stop());
  const res = await fetch(`${server.base}/o/jelitik/obrolan`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text: 'syarat sktm apa ya', name: `Budi ${NIK('021')}` }),
  });
  assert.equal(res.status, 200, await res.text());
  assert.equal(sql(server.db, "SELECT sender_name FROM message WHERE direction = 'in'").trim(), 'Budi 3201********0021');
  assert.ok(!dumpDb(server.db).includes(MIDDLE));
});

test('the SQLite database and its -wal and -shm are readable by their owner only', { skip: ON_PG && 'SQLite only' }, async (t) => {
  const server = await startBalai();
  t.after(() => server.stop());
  await fetch(`${server.base}/o/jelitik`);          // the server has written: WAL in use
  for (const f of [server.db.url, `${server.db.url}-wal`, `${server.db.url}-shm`, `${server.db.url}.key`]) {
    if (!existsSync(f)) continue;
    assert.equal(statSync(f).mode & 0o777, 0o600, `${f}: mode ${(statSync(f).mode & 0o777).toString(8)}`);
  }
  assert.ok(existsSync(`${server.db.url}-wal`), 'the WAL file was checked');
});
