// The portal chat box (web/static/chat.js) end to end, through its JSON API:
// POST /o/{office}/obrolan sends a citizen's message and returns the bot's
// answer in the same request; GET /o/{office}/obrolan with the browser's
// token in X-Balai-Chat fetches newer messages, which is how staff replies
// written in the console reach the visitor. Each test starts its own balai
// on a fresh database. Also checked: NIK numbers are masked in the answer
// and in the database, limits give Indonesian messages, unknown offices 404.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startBalai, sql, Client, login } from './lib.mjs';
import { unescapeHtml } from './util-e2e.mjs';

const NIK = '3171012345670003';
const NIK_MASKED = '3171********0003';

async function setup() {
  const server = await startBalai();
  const value = (q) => sql(server.db, q).trim();
  return {
    server, base: server.base, db: server.db, value, count: (q) => Number(value(q)),
    async close() { await server.stop(); },
  };
}

/** What the chat box sends; returns { status, body }. */
async function chat(base, payload, office = 'jelitik') {
  const res = await fetch(`${base}/o/${office}/obrolan`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload),
  });
  const text = await res.text();
  let body;
  try { body = JSON.parse(text); } catch { assert.fail(`not JSON (${res.status}): ${text.slice(0, 300)}`); }
  return { status: res.status, body, text, type: res.headers.get('content-type') };
}

/** What the chat box polls. */
async function poll(base, token, since = 0, office = 'jelitik') {
  const res = await fetch(`${base}/o/${office}/obrolan?since=${since}`, { headers: token ? { 'X-Balai-Chat': token } : {} });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text), text };
}

async function firstItem(base, slug) {
  const r = await new Client(base).json('/api/v1/offices/jelitik/services');
  const s = r.body.services.find((x) => x.slug === slug);
  assert.ok(s?.checklist.length, `jelitik offers ${slug} with a checklist`);
  return s.checklist[0].item;
}

/** Everything a bot message shows: its text and its chips. */
const shown = (m) => [m.text, ...(m.options ?? []).map((o) => o.title)].join('\n');

function dumpDb(db) {
  if (db.kind === 'pg') return execFileSync('pg_dump', ['--data-only', db.url], { encoding: 'utf8', maxBuffer: 256 << 20 });
  return execFileSync('sqlite3', [db.url, '.dump'], { encoding: 'utf8', maxBuffer: 256 << 20 });
}

test('a question gets a token and the bot\'s answer with the checklist; a follow-up with since returns only newer messages', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  const item = await firstItem(env.base, 'sktm');
  const r = await chat(env.base, { text: 'syarat sktm apa ya' });
  assert.equal(r.status, 200, r.text);
  assert.match(r.type, /^application\/json/);
  assert.match(r.body.token, /^[0-9a-f]{64}$/, 'a fresh 64-hex token');
  const msgs = r.body.messages;
  assert.equal(msgs[0].from, 'warga');
  assert.equal(msgs[0].text, 'syarat sktm apa ya');
  const bot = msgs.find((m) => m.from === 'bot');
  assert.ok(bot, `the bot answered: ${JSON.stringify(msgs)}`);
  assert.ok(shown(bot).includes(item), `the answer names "${item}":\n${shown(bot)}`);
  assert.ok(msgs.every((m, i) => i === 0 || m.id > msgs[i - 1].id), 'oldest first');
  assert.notEqual(env.value('SELECT address FROM contact'), r.body.token, 'only a hash of the token is stored');
  assert.ok(!dumpDb(env.db).includes(r.body.token), 'the token itself is stored nowhere');

  const since = msgs.at(-1).id;
  const f = await chat(env.base, { text: 'kalau syarat sku?', token: r.body.token, since });
  assert.equal(f.status, 200, f.text);
  assert.equal(f.body.token, r.body.token, 'the same visitor keeps the token');
  assert.ok(f.body.messages.length >= 2, 'the new question and its answer');
  assert.ok(f.body.messages.every((m) => m.id > since), 'only messages after since');
  assert.equal(f.body.messages[0].text, 'kalau syarat sku?');
  assert.equal(env.count('SELECT COUNT(*) FROM conversation'), 1, 'one conversation for the visitor');

  // polling with the token shows the same history; another token sees none of it
  const all = await poll(env.base, r.body.token, 0);
  assert.equal(all.status, 200);
  assert.deepEqual(all.body.messages.map((m) => m.id), [...msgs, ...f.body.messages].map((m) => m.id));
  const stranger = await chat(env.base, { text: 'halo' });
  assert.notEqual(stranger.body.token, r.body.token);
  assert.ok(!stranger.body.messages.some((m) => m.text.includes('sktm')), 'a new visitor does not see another\'s chat');
  const later = await poll(env.base, r.body.token, f.body.messages.at(-1).id);
  assert.deepEqual(later.body.messages, [], 'nothing newer yet');
});

test('a staff reply written in the console reaches the visitor through polling', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  const r = await chat(env.base, { text: 'syarat sktm apa ya', phone: '0812 3456 7890' });
  assert.equal(r.status, 200, r.text);
  const since = r.body.messages.at(-1).id;

  const petugas = await login(env.base, 'petugas.jelitik');
  const list = await petugas.get('/console/o/jelitik/percakapan');
  assert.equal(list.status, 200);
  assert.ok(list.text.includes('Obrolan portal'), 'listed as a portal chat');
  const conv = list.text.match(/href="\/console\/o\/jelitik\/percakapan\/(\d+)"/)?.[1];
  assert.ok(conv, 'the conversation is linked');
  const path = `/console/o/jelitik/percakapan/${conv}`;
  const page = await petugas.get(path);
  assert.ok(page.text.includes('syarat sktm apa ya'));
  assert.ok(page.text.includes('6281234567890') || page.text.includes('0812'), 'the number the visitor left is shown');
  const reply = 'Selamat siang, SKTM bisa diurus hari kerja pukul 08.00–12.00.';
  const post = await petugas.post(`${path}/balas`, { text: reply });
  assert.equal(post.status, 303, post.text.slice(0, 300));

  const p = await poll(env.base, r.body.token, since);
  assert.equal(p.status, 200);
  assert.deepEqual(p.body.messages.map((m) => [m.from, m.text]), [['petugas', reply]]);
  assert.ok(unescapeHtml((await petugas.get(path)).text).includes(reply));
  // polling without a token, or with a malformed one, is refused
  assert.equal((await poll(env.base, null)).status, 400);
  assert.equal((await poll(env.base, 'abc')).status, 400);
});

test('a NIK typed into the chat is masked in the answer and in the database, and the answer offers the upload link', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  const r = await chat(env.base, { text: `nik saya ${NIK} mau urus kk` });
  assert.equal(r.status, 200, r.text);
  assert.ok(!r.text.includes(NIK), 'the response never holds the full NIK');
  assert.equal(r.body.messages[0].text, `nik saya ${NIK_MASKED} mau urus kk`);
  const bot = r.body.messages.find((m) => m.from === 'bot');
  assert.ok(bot, 'the bot answered');
  assert.match(shown(bot), /\/unggah\/[0-9a-f]{64}/, `the answer offers a private upload link:\n${shown(bot)}`);
  const again = await poll(env.base, r.body.token, 0);
  assert.ok(!again.text.includes(NIK));
  assert.equal(env.count(`SELECT COUNT(*) FROM message WHERE body LIKE '%${NIK}%' OR payload LIKE '%${NIK}%'`), 0);
  assert.ok(!dumpDb(env.db).includes(NIK), 'no table holds the full NIK');
});

test('limits: an empty or over-long message gets 400 with an Indonesian message and stores nothing', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  const before = env.count('SELECT COUNT(*) FROM message');
  for (const [what, payload] of [
    ['far too long (5000 characters)', { text: 'a'.repeat(5000) }],
    ['empty', { text: '' }],
    ['blank body', {}],
  ]) {
    const r = await chat(env.base, payload);
    assert.equal(r.status, 400, `${what}: ${r.status}`);
    assert.match(r.body.error, /Pesan|Tulis/, `${what}: an Indonesian message: ${r.body.error}`);
  }
  assert.equal(env.count('SELECT COUNT(*) FROM message'), before, 'nothing stored');
  // 1000 characters is the box's limit (maxlength, CHAT_TEXT_MAX), counted in characters, not bytes
  const ok = await chat(env.base, { text: 'é'.repeat(999) + '?' });
  assert.equal(ok.status, 200, `1000 two-byte characters are allowed: ${ok.text.slice(0, 200)}`);
});

test('the limit of 1000 characters holds for plain text too', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  const r = await chat(env.base, { text: 'syarat sktm '.repeat(100).slice(0, 1001) });
  assert.equal(r.status, 400, `1001 characters: ${r.status}`);
  assert.match(r.body.error ?? '', /terlalu panjang/);
  assert.equal(env.count('SELECT COUNT(*) FROM message'), 0, 'nothing stored');
});

test('an unknown office answers 404 to the chat box', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  const r = await chat(env.base, { text: 'syarat sktm apa ya' }, 'tidak-ada');
  assert.equal(r.status, 404);
  assert.match(r.body.error, /Kantor tidak ditemukan/);
  const p = await poll(env.base, 'a'.repeat(64), 0, 'tidak-ada');
  assert.equal(p.status, 404);
  assert.equal(env.count('SELECT COUNT(*) FROM message'), 0);
});

test('a portal visitor who applies in the chat appears to staff under the name given, never a token', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  let r = await chat(env.base, { text: 'syarat sktm' });
  const token = r.body.token;
  const say = async (payload) => {
    const res = await chat(env.base, { token, ...payload });
    assert.equal(res.status, 200, res.text);
    return res.body.messages.filter((m) => m.from === 'bot').at(-1);
  };
  await say({ choice: 'ajukan:sktm' });
  await say({ text: 'Rina Marlina' });
  const check = await say({ text: 'RT 04/RW 02, Jl. Kenanga 3' });
  assert.match(check.text, /Benar\?/);
  assert.deepEqual((check.options ?? []).map((o) => o.id), ['intake:ya', 'intake:ubah'], 'the confirmation offers two chips');
  const done = await say({ choice: 'intake:ya' });
  assert.match(done.text, /Nomor registrasi: \*JLT-\d{4}-\d{5}\*/);
  const address = env.value('SELECT address FROM contact');
  const conv = env.value('SELECT id FROM conversation');
  const petugas = await login(env.base, 'petugas.jelitik');
  const list = await petugas.get('/console/o/jelitik/percakapan');
  assert.equal(list.status, 200);
  assert.match(unescapeHtml(list.text), new RegExp(`percakapan/${conv}">\\s*<span class="conv-top"><span class="conv-name">Rina Marlina<`), 'the inbox list names the citizen');
  const thread = await petugas.get(`/console/o/jelitik/percakapan/${conv}`);
  assert.match(unescapeHtml(thread.text), /<h1>Rina Marlina<\/h1>/);
  const form = await petugas.get(`/console/o/jelitik/permohonan/baru?conversation=${conv}`);
  assert.equal(form.status, 200);
  assert.match(unescapeHtml(form.text), />Rina Marlina<\/a>/, 'the request form names the citizen');
  for (const page of [list, thread, form]) {
    assert.ok(!page.text.includes(address) && !page.text.includes(token), 'neither the token nor its hash is shown');
  }
  const json = await petugas.json('/console/o/jelitik/percakapan');
  assert.ok(!JSON.stringify(json.body).includes(address), 'nor given in the list\'s JSON');
});

test('the request form of a portal visitor without a name says "Pengunjung portal", not the token\'s hash', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  await chat(env.base, { text: 'mau bicara dengan petugas' });
  const address = env.value('SELECT address FROM contact');
  const conv = env.value('SELECT id FROM conversation');
  const petugas = await login(env.base, 'petugas.jelitik');
  const form = await petugas.get(`/console/o/jelitik/permohonan/baru?conversation=${conv}`);
  assert.equal(form.status, 200);
  assert.match(form.text, />Pengunjung portal<\/a>/);
  assert.ok(!form.text.includes(address));
});
