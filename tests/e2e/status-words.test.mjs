// What a citizen is told about a finished request never contradicts its
// pickup stage, whichever way it reaches them (issue 15), and the survey
// goes to every kind of request once the citizen is done with us (issue
// 13). On the real binary with the fake Graph API (tests/fakes/graph.mjs),
// on SQLite or PostgreSQL (BALAI_TEST_PG).
//
// - Outside WhatsApp's 24-hour window the status notice is the approved
//   template; its "next step" parameter is the one the status page shows for
//   that stage: no slots configured, slots but none bookable, bookable.
// - A service of type informasi issues nothing to collect: its selesai reads
//   "Selesai" with no pickup wording in the notice, on the status page, on
//   the request page and in the chat's status answer.
// - A complaint and a consultation get the satisfaction survey at selesai,
//   once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, login } from './lib.mjs';
import { unescapeHtml, judgeAll } from './util-e2e.mjs';
import { waEnv } from './wa-env.mjs';
import { textWebhook, waitFor, shownText } from '../fakes/graph.mjs';

const CONSOLE = '/console/o/jelitik';
const STATUS = '/o/jelitik/status';
const CITIZEN = '6281234567001';
const PICKUP = /ambil|pengambilan/i;
const SETTLE = 15000;

/** A conversation with the citizen, its id. */
async function conversationOf(env, from = CITIZEN) {
  await env.say(textWebhook({ text: 'Selamat pagi', from }));
  return env.value(`SELECT c.id FROM conversation c JOIN contact k ON k.id = c.contact_id WHERE k.address = '${from}'`);
}

/** Registers a request at the counter for the conversation; returns {id, number}. */
async function register(staff, conversation, fields) {
  await staff.get(`${CONSOLE}/permohonan/baru?conversation=${conversation}`);
  const r = await staff.post(`${CONSOLE}/permohonan/baru`, { name: 'Siti Aminah', address: 'RT 003 / RW 001', phone: '',
    conversation: String(conversation), ...fields });
  assert.equal(r.status, 303, `register: ${r.status} ${r.text?.slice(0, 400)}`);
  const id = r.location.match(/permohonan\/(\d+)/)[1];
  const number = unescapeHtml((await staff.get(r.location)).text).match(/[A-Z0-9]{2,6}-\d{4}-\d{5}/)[0];
  return { id, number };
}

async function setStatus(staff, id, to) {
  const page = await staff.get(`${CONSOLE}/permohonan/${id}`);
  const version = page.text.match(/name="version" value="(\d+)"/)[1];
  const r = await staff.post(`${CONSOLE}/permohonan/${id}/status`, { to, note: '', version });
  assert.equal(r.status, 303, `status ${to}: ${r.status} ${r.text?.slice(0, 400)}`);
}

/** Runs fn and returns the WhatsApp messages it made Balai send. */
async function sent(env, fn) {
  const before = env.g.messages().length;
  await fn();
  await env.g.waitForMessages(before + 1, SETTLE);
  await env.settle();
  return env.g.messages().slice(before).map((m) => m.body);
}

/** A document request taken to selesai (checklist judged first); the messages sent at selesai. */
async function finish(env, staff, verifier, req) {
  await setStatus(staff, req.id, 'diproses');
  await env.settle();
  await judgeAll(verifier, 'jelitik', req.id);
  return sent(env, () => setStatus(staff, req.id, 'selesai'));
}

test('outside the window the status template\'s next step is the pickup stage\'s: no slots, none bookable, bookable', async (t) => {
  const env = await waEnv();
  t.after(() => env.close());
  env.g.templates = { balai_status_permohonan: { languages: ['id'], bodyParams: 4 }, balai_survei: { languages: ['id'], bodyParams: 2 } };
  const conv = await conversationOf(env);
  const staff = await login(env.base, 'lurah.jelitik');
  const verifier = await login(env.base, 'verifikasi.jelitik');
  const anon = new Client(env.base);
  // a day later the citizen's window has closed: only approved templates arrive
  env.value(`UPDATE contact SET last_inbound_at = last_inbound_at - 90000 WHERE address = '${CITIZEN}'`);

  const stage = async (want, not) => {
    const req = await register(staff, conv, { service: 'sktm' });
    const msgs = await finish(env, staff, verifier, req);
    const tpl = msgs.find((b) => b.type === 'template' && b.template.name === 'balai_status_permohonan');
    assert.ok(tpl, `the status template goes out: ${JSON.stringify(msgs)}`);
    const params = tpl.template.components[0].parameters.map((p) => p.text);
    assert.deepEqual(params.slice(0, 3), [req.number, 'Surat Keterangan Tidak Mampu (SKTM)', 'Selesai, siap diambil']);
    assert.match(params[3], want);
    if (not) assert.doesNotMatch(params[3], not, 'the template does not ask to pick a slot');
    // the status page says the same next step
    const page = unescapeHtml((await anon.get(`${STATUS}?nomor=${req.number}`)).text);
    assert.ok(page.includes(`<p>${params[3]}</p>`), `the status page shows "${params[3]}"`);
  };
  // no pickup slots configured: come in office hours
  await stage(/Silakan ambil di kantor pada jam layanan/, /pilih jadwal/i);

  // one Tuesday slot for one citizen: bookable
  await staff.get(`${CONSOLE}/jadwal-ambil`);
  const add = await staff.post(`${CONSOLE}/jadwal-ambil`, { action: 'add', weekday: '1', from: '08:00', to: '09:00', capacity: '1' });
  assert.equal(add.status, 303, add.text?.slice(0, 300));
  await stage(/Silakan pilih jadwal pengambilan/);

  // every date of the slot taken for the coming weeks: none bookable
  const slot = env.value('SELECT id FROM pickup_slot');
  for (let d = -1; d <= 21; d++) {
    const x = new Date(Date.now() + d * 86400000);
    const date = x.getUTCFullYear() * 10000 + (x.getUTCMonth() + 1) * 100 + x.getUTCDate();
    env.value(`INSERT INTO pickup_load (slot_id, date, booked) VALUES (${slot}, ${date}, 1) ON CONFLICT (slot_id, date) DO UPDATE SET booked = 1`);
  }
  await stage(/tidak ada jadwal pengambilan yang masih bisa dipilih/, /pilih jadwal pengambilan dan/i);
  assert.equal(env.count("SELECT COUNT(*) FROM message WHERE direction = 'out' AND status = 'failed' AND kind = 'template'"), 0,
    'WhatsApp took every template');
});

test('an informasi service has nothing to collect: "Selesai" without pickup words in the notice, the status page, the request page and the chat', async (t) => {
  const env = await waEnv();
  t.after(() => env.close());
  const conv = await conversationOf(env);
  const staff = await login(env.base, 'lurah.jelitik');
  const verifier = await login(env.base, 'verifikasi.jelitik');
  // slots can be booked: a document would be offered them
  await staff.get(`${CONSOLE}/jadwal-ambil`);
  for (let d = 0; d < 5; d++) {
    const r = await staff.post(`${CONSOLE}/jadwal-ambil`, { action: 'add', weekday: String(d), from: '08:00', to: '10:00', capacity: '5' });
    assert.equal(r.status, 303, r.text?.slice(0, 300));
  }
  const req = await register(staff, conv, { service: 'pengantar_ktp' });
  const msgs = await finish(env, staff, verifier, req);
  const notice = msgs.map(shownText).find((s) => s.includes(req.number) && /\*Selesai\*/.test(s));
  assert.ok(notice, `the notice says the request is done:\n${msgs.map(shownText).join('\n---\n')}`);
  assert.doesNotMatch(notice, PICKUP, notice);
  assert.ok(!msgs.some((b) => b.type === 'interactive' && b.interactive.action?.button === 'Pilih jadwal'), 'no slot list');

  const status = unescapeHtml((await new Client(env.base).get(`${STATUS}?nomor=${req.number}`)).text);
  const card = status.slice(status.indexOf('<section class="card"'));
  assert.match(card, /<dt>Status<\/dt><dd><strong>Selesai<\/strong><\/dd>/);
  assert.doesNotMatch(card, PICKUP, 'the status page has no pickup words');

  const page = unescapeHtml((await staff.get(`${CONSOLE}/permohonan/${req.id}`)).text);
  assert.match(page, /<dt>Status<\/dt><dd>Selesai/);
  assert.doesNotMatch(page, /siap diambil|Kode pengambilan|Jadwal pengambilan|Pilih jadwal/);
  const vm = (await staff.json(`${CONSOLE}/permohonan/${req.id}`)).body;
  assert.ok(!vm.next.some((n) => n.to === 'diambil'), 'nothing to hand over');
  const list = unescapeHtml((await staff.get(`${CONSOLE}/permohonan`)).text);
  const row = list.slice(list.indexOf(req.number), list.indexOf('</tr>', list.indexOf(req.number)));
  assert.match(row, /<span class="tag">Selesai<\/span>/, 'the console\'s list says the same');

  const [answer] = await env.say(textWebhook({ text: `status ${req.number}`, from: '6289876543210' }));
  assert.match(shownText(answer), /Status: \*Selesai\*/);
  assert.doesNotMatch(shownText(answer), PICKUP, shownText(answer));

  // a document service keeps its pickup words
  const doc = await register(staff, conv, { service: 'sktm' });
  const docMsgs = await finish(env, staff, verifier, doc);
  assert.ok(docMsgs.map(shownText).some((s) => /Selesai, siap diambil/.test(s)));
});

test('a complaint and a consultation get the satisfaction survey when finished, once', async (t) => {
  const env = await waEnv();
  t.after(() => env.close());
  const conv = await conversationOf(env);
  const staff = await login(env.base, 'lurah.jelitik');
  const kinds = [
    ['pengaduan', { jenis: 'pengaduan', service: '', category: 'fasilitas', details: 'Lampu jalan di gang 3 mati sudah seminggu', place: 'Gang 3' }],
    ['konsultasi', { service: '' }],
  ];
  for (const [type, fields] of kinds) {
    const req = await register(staff, conv, fields);
    assert.equal(env.value(`SELECT request_type FROM request WHERE id = ${req.id}`), type);
    await sent(env, () => setStatus(staff, req.id, 'diproses'));
    assert.equal(env.count(`SELECT COUNT(*) FROM survey WHERE request_id = ${req.id}`), 0, 'no survey while it runs');
    const msgs = await sent(env, () => setStatus(staff, req.id, 'selesai'));
    await waitFor(() => env.g.messages().some((m) => m.body.type === 'interactive' &&
      m.body.interactive.action.sections?.some((s) => s.rows.some((r) => r.id === `ikm:${req.id}:5`))), { timeout: SETTLE, what: `the survey of the ${type}` });
    const all = [...msgs, ...env.g.messages().map((m) => m.body)];
    const survey = all.find((b) => b.type === 'interactive' && JSON.stringify(b).includes(`ikm:${req.id}:5`));
    assert.match(shownText(survey), new RegExp(`pelayanan ${type} \\*${req.number}\\*`));
    assert.equal(env.count(`SELECT COUNT(*) FROM survey WHERE request_id = ${req.id}`), 1);
  }
  // once: every survey question went out one time
  const questions = env.g.messages().filter((m) => m.body.type === 'interactive' && JSON.stringify(m.body).includes('"ikm:'));
  assert.equal(questions.length, 2);
  // the rating a citizen types is kept for the latest survey
  const [thanks] = await env.say(textWebhook({ text: '4', from: CITIZEN }));
  assert.ok(shownText(thanks).length > 0);
  assert.equal(env.count('SELECT COUNT(*) FROM survey WHERE rating = 4'), 1);
});
