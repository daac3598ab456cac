// The citizen's side of a request on WhatsApp (issue 6): applying for a
// document service in the chat, the status lookup by registration number,
// and the approved templates named in the channel settings. Each test
// starts its own balai on a fresh database and a fake Graph API
// (tests/fakes/graph.mjs) and plays Meta by posting signed webhooks; what
// is checked is what reaches the citizen's phone and what staff and the
// KPIs will read from the database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli, sql, Client, login } from './lib.mjs';
import { judgeAll } from './util-e2e.mjs';
import { waEnv, WA } from './wa-env.mjs';
import { textWebhook, buttonReplyWebhook, listReplyWebhook, waitFor, shownText } from '../fakes/graph.mjs';

const { PNID, TOKEN, APP_SECRET, VERIFY } = WA;
const CITIZEN = '6281234567890';
const NIK = '3171012345670003';
const SETTLE = 15000;

const setup = (extra = []) => waEnv({ extra });


const buttonIds = (body) => body.type === 'interactive' && body.interactive.type === 'button'
  ? body.interactive.action.buttons.map((b) => b.reply.id) : [];

/** Applies for SKTM through the chat and returns the registration number. */
async function applySktm(env, { from = CITIZEN } = {}) {
  const before = env.count('SELECT COUNT(*) FROM request');
  const [answer] = await env.say(textWebhook({ text: 'syarat sktm apa ya', from }));
  assert.ok(buttonIds(answer).includes('ajukan:sktm'), `the SKTM answer offers "Ajukan permohonan":\n${JSON.stringify(answer)}`);
  const [askName] = await env.say(buttonReplyWebhook({ buttonId: 'ajukan:sktm', title: 'Ajukan permohonan', from }));
  assert.match(shownText(askName), /nama lengkap/i);
  const [askAddr] = await env.say(textWebhook({ text: 'Siti Rahmawati', from }));
  assert.match(shownText(askAddr), /RT\/RW/);
  const [check] = await env.say(textWebhook({ text: 'RT 03/RW 05, Jl. Melati 7', from }));
  assert.match(shownText(check), /Nama: \*Siti Rahmawati\*\nAlamat: \*RT 03\/RW 05, Jl\. Melati 7\*\n\nBenar\?/);
  assert.deepEqual(buttonIds(check), ['intake:ya', 'intake:ubah']);
  assert.equal(env.count('SELECT COUNT(*) FROM request'), before, 'no number before the citizen confirms');
  const [done] = await env.say(buttonReplyWebhook({ buttonId: 'intake:ya', title: 'Ya, benar', from }));
  const text = shownText(done);
  const m = text.match(/JLT-\d{4}-\d{5}/);
  assert.ok(m, `the reply gives a registration number:\n${text}`);
  return { number: m[0], text };
}

test('a citizen applies for SKTM in the chat: name, RT/RW, then number, ETA, checklist and a private upload link', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  const { number, text } = await applySktm(env);
  const svc = (await new Client(env.base).json('/api/v1/offices/jelitik/services')).body.services.find((s) => s.slug === 'sktm');
  for (const it of svc.checklist) assert.ok(text.includes(it.item), `the reply lists "${it.item}":\n${text}`);
  assert.match(text, /Perkiraan selesai: \S+, \d{1,2} \S+ \d{4}/, 'the ETA is a date in words');
  const link = text.match(/\/unggah\/([0-9a-f]{64})/);
  assert.ok(link, `the reply holds a private upload link:\n${text}`);
  assert.match(text, /simpan nomor ini/i);
  // the pickup code the portal asks for reaches only this citizen
  const pin = text.match(/Kode pengambilan: \*(\d{6})\*/)?.[1];
  assert.ok(pin, `the reply gives the pickup code:\n${text}`);
  assert.equal(env.value(`SELECT pin FROM request WHERE number = '${number}'`), pin);
  // the request is kept for staff with who asked and where they live, linked to the chat
  const row = env.value(`SELECT r.citizen_name || '|' || r.citizen_address || '|' || r.source || '|' || r.status || '|' || k.address FROM request r JOIN contact k ON k.id = r.contact_id WHERE r.number = '${number}'`);
  assert.equal(row, `Siti Rahmawati|RT 03/RW 05, Jl. Melati 7|whatsapp|baru|${CITIZEN}`);
  assert.equal(env.count(`SELECT COUNT(*) FROM request_event e JOIN request r ON r.id = e.request_id WHERE r.number = '${number}' AND e.status = 'baru'`), 1);
  // the link opens the upload form
  const form = await new Client(env.base).get(`/unggah/${link[1]}`);
  assert.equal(form.status, 200);
  // tapping "Ajukan" again (an old message) names the request already made instead of a twin
  const [again] = await env.say(buttonReplyWebhook({ buttonId: 'ajukan:sktm', title: 'Ajukan permohonan' }));
  assert.ok(shownText(again).includes(number) && /sudah tercatat/.test(shownText(again)), shownText(again));
  assert.equal(env.count('SELECT COUNT(*) FROM request'), 1);
});

test('a NIK typed during the intake is masked and the citizen is reminded; "batal" cancels without a request', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  await env.say(textWebhook({ text: 'syarat sktm' }));
  await env.say(buttonReplyWebhook({ buttonId: 'ajukan:sktm', title: 'Ajukan permohonan' }));
  const [warn] = await env.say(textWebhook({ text: `Siti, NIK ${NIK}` }));
  const w = shownText(warn);
  assert.ok(!w.includes(NIK), 'the reply never echoes the NIK');
  assert.match(w, /jangan\* mengirim NIK/);
  assert.match(w, /nama lengkap/i, 'and asks for the name again');
  assert.equal(env.count(`SELECT COUNT(*) FROM message WHERE body LIKE '%${NIK}%'`), 0, 'no full NIK is stored');
  const [bye] = await env.say(textWebhook({ text: 'batal' }));
  assert.match(shownText(bye), /dibatalkan/);
  assert.equal(env.count('SELECT COUNT(*) FROM request'), 0, 'nothing was registered');
  // typing "mau ajukan" after an SKTM answer starts it again
  await env.say(textWebhook({ text: 'syarat sktm' }));
  const [ask] = await env.say(textWebhook({ text: 'mau ajukan' }));
  assert.match(shownText(ask), /Surat Keterangan Tidak Mampu/);
  assert.match(shownText(ask), /nama lengkap/i);
});

test('status lookup by number in the chat: status, service, ETA and next step; an unknown number gets the polite answer', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  const { number } = await applySktm(env);
  // another citizen asks with the number written loosely
  const other = '6289876543210';
  const loose = number.replace(/-/g, ' ').toLowerCase();
  const [ans] = await env.say(textWebhook({ text: `cek status ${loose}`, from: other }));
  const a = shownText(ans);
  assert.ok(a.includes(number), `the answer names ${number}:\n${a}`);
  assert.match(a, /Status: \*Baru diterima\*/);
  assert.match(a, /Surat Keterangan Tidak Mampu/);
  assert.match(a, /Perkiraan selesai:/);
  assert.ok(!a.includes('Siti') && !a.includes('Melati'), 'no personal data in the answer');
  assert.equal(env.value(`SELECT c.state FROM conversation c JOIN contact k ON k.id = c.contact_id WHERE k.address = '${other}'`), 'bot', 'answered by the bot, not handed to staff');
  // a number that does not exist
  const year = number.slice(4, 8);
  const [unk] = await env.say(textWebhook({ text: `status JLT-${year}-09999`, from: other }));
  assert.match(shownText(unk), new RegExp(`Nomor \\*JLT-${year}-09999\\* tidak kami temukan\\. Periksa lagi penulisannya \\(contoh: JLT-${year}-00042\\)`));
  // a status question without a number asks for it
  const [ask] = await env.say(textWebhook({ text: 'bagaimana status permohonan saya?', from: '6281111111111' }));
  assert.match(shownText(ask), /kirimkan nomor registrasi/);
});

test('a number of another office is not found in this one', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  const { number } = await applySktm(env);
  // move the request to another office: jelitik's chat must not find it
  env.value(`UPDATE request SET office_id = (SELECT id FROM office WHERE slug <> 'jelitik' ORDER BY id LIMIT 1) WHERE number = '${number}'`);
  const [ans] = await env.say(textWebhook({ text: number, from: '6289876543210' }));
  assert.match(shownText(ans), /tidak kami temukan/);
});

test('template names are set with balai channel and on the console page, and checked', async (t) => {
  const env = await setup(['--template-status', 'status_jlt_v2', '--template-survey', 'ikm_jlt', '--template-language', 'id']);
  t.after(() => env.close());
  const settings = JSON.parse(env.value("SELECT settings FROM channel WHERE kind = 'whatsapp'"));
  assert.deepEqual(settings.templates.status, { name: 'status_jlt_v2', language: 'id' });
  assert.deepEqual(settings.templates.survey, { name: 'ikm_jlt', language: 'id' });
  assert.deepEqual(settings.templates.reminder, { name: 'balai_pengingat_ambil', language: 'id' }, 'unset names keep the default');
  const bad = cli(['channel', 'whatsapp', '--office', 'jelitik', '--phone-number-id', PNID, '--token', TOKEN,
    '--app-secret', APP_SECRET, '--verify-token', VERIFY, '--template-reminder', 'Pengingat-Ambil'], { db: env.db.url });
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /template_reminder: Nama templat hanya berisi huruf kecil/);
  assert.equal(JSON.parse(env.value("SELECT settings FROM channel WHERE kind = 'whatsapp'")).templates.reminder.name, 'balai_pengingat_ambil', 'a refused name changes nothing');

  // the console page shows the names and saves a change; a bad name is refused with the input kept
  const lurah = await login(env.base, 'lurah.jelitik');
  const page = await lurah.get('/console/o/jelitik/kanal');
  assert.equal(page.status, 200);
  assert.match(page.text, /name="template_status"[^>]*value="status_jlt_v2"/);
  const form = { kind: 'whatsapp', phone_number_id: PNID, token: '', app_secret: '', verify_token: '', base_url: env.g.url,
    template_status: 'status_jlt_v2', template_survey: 'ikm_jlt', template_reminder: 'ambil_jlt', template_language: 'id' };
  const badPost = await lurah.post('/console/o/jelitik/kanal', { ...form, template_survey: 'IKM JLT' });
  assert.equal(badPost.status, 422);
  assert.match(badPost.text, /Nama templat hanya berisi huruf kecil/);
  assert.match(badPost.text, /name="template_survey"[^>]*value="IKM JLT"/, 'the typed value is kept');
  assert.equal(JSON.parse(env.value("SELECT settings FROM channel WHERE kind = 'whatsapp'")).templates.survey.name, 'ikm_jlt');
  const ok = await lurah.post('/console/o/jelitik/kanal', form);
  assert.equal(ok.status, 303, ok.text.slice(0, 300));
  const saved = JSON.parse(env.value("SELECT settings FROM channel WHERE kind = 'whatsapp'"));
  assert.deepEqual(saved.templates.reminder, { name: 'ambil_jlt', language: 'id' });
  // the token is stored encrypted (tests/e2e/secrets.test.mjs); it opens to the same value
  assert.match(env.value("SELECT token FROM channel WHERE kind = 'whatsapp'"), /^enc1:/);
  const list = cli(['channel', 'list', '--office', 'jelitik'], { db: env.db.url });
  assert.ok(list.stdout.includes(`token ••••${TOKEN.slice(-4)}\taktif`), `the empty secret kept the stored token: ${list.stdout}`);
});

/** Changes a request's status on the console as an officer does (the request page's form). */
async function setStatus(env, officer, id, to, note = '') {
  const page = await officer.get(`/console/o/jelitik/permohonan/${id}`);
  assert.equal(page.status, 200, page.text.slice(0, 300));
  const version = page.text.match(/name="version" value="(\d+)"/)[1];
  const r = await officer.post(`/console/o/jelitik/permohonan/${id}/status`, { to, note, version });
  assert.equal(r.status, 303, `status ${to}: ${r.status} ${r.text.slice(0, 400)}`);
}

/** Takes request `id` through diproses, the checklist judged, selesai and diambil (the survey follows). */
async function handOver(env, petugas, id) {
  await setStatus(env, petugas, id, 'diproses');
  await judgeAll(await login(env.base, 'verifikasi.jelitik'), 'jelitik', id);
  await setStatus(env, petugas, id, 'selesai');
  await setStatus(env, petugas, id, 'diambil');
}

test('staff change the status in the console; the citizen receives each notice, as the configured template outside the window; the survey follows the hand-over', async (t) => {
  const env = await setup(['--template-status', 'status_jlt_v2', '--template-survey', 'ikm_jlt']);
  t.after(() => env.close());
  // the fake only accepts the approved templates, with their parameter counts
  env.g.templates = { status_jlt_v2: { language: 'id', bodyParams: 4 }, ikm_jlt: { language: 'id', bodyParams: 2 } };
  const { number } = await applySktm(env);
  const id = env.value(`SELECT id FROM request WHERE number = '${number}'`);
  const petugas = await login(env.base, 'petugas.jelitik');
  const sent = async (fn) => {
    const before = env.g.messages().length;
    await fn();
    await env.g.waitForMessages(before + 1, SETTLE);
    await env.settle();
    return env.g.messages().slice(before).map((m) => m.body);
  };

  let [notice] = await sent(() => setStatus(env, petugas, id, 'diproses'));
  assert.equal(notice.type, 'text');
  assert.match(notice.text.body, new RegExp(`Permohonan \\*${number}\\* \\(Surat Keterangan Tidak Mampu \\(SKTM\\)\\): \\*Sedang diproses\\*\\.`));
  assert.match(notice.text.body, /Perkiraan selesai: \S+, \d{1,2} \S+ \d{4}/);

  [notice] = await sent(() => setStatus(env, petugas, id, 'kurang_lengkap', 'Foto rumah tampak depan belum ada'));
  assert.match(notice.text.body, /\*Berkas kurang lengkap\*/);
  assert.match(notice.text.body, /Foto rumah tampak depan belum ada/);
  assert.match(notice.text.body, /\/unggah\/[0-9a-f]{64}/, 'a fresh upload link for the missing document');
  await sent(() => setStatus(env, petugas, id, 'diproses'));

  // a day later the citizen's window has closed: only approved templates arrive
  sql(env.db, `UPDATE contact SET last_inbound_at = last_inbound_at - 90000 WHERE address = '${CITIZEN}'`);
  // validation before the notice: petugas_verifikasi checks every document first
  await judgeAll(await login(env.base, 'verifikasi.jelitik'), 'jelitik', id);
  const done = await sent(() => setStatus(env, petugas, id, 'selesai'));
  let tpls = env.g.messages().filter((m) => m.body.type === 'template').map((m) => m.body.template);
  assert.ok(done.length >= 1);
  const status = tpls.find((x) => x.name === 'status_jlt_v2');
  assert.ok(status, `the status template goes out by its configured name: ${JSON.stringify(tpls)}`);
  assert.deepEqual(status.components[0].parameters.map((p) => p.text).slice(0, 3), [number, 'Surat Keterangan Tidak Mampu (SKTM)', 'Selesai, siap diambil']);
  // an SKTM is a document to collect: the survey waits for the hand-over
  assert.ok(!tpls.find((x) => x.name === 'ikm_jlt'), 'no survey at selesai');
  assert.equal(env.count(`SELECT COUNT(*) FROM survey WHERE request_id = ${id}`), 0);

  // handed over, still outside the window: the status template, then the survey template
  await sent(() => setStatus(env, petugas, id, 'diambil'));
  await waitFor(() => env.g.messages().some((m) => m.body.type === 'template' && m.body.template.name === 'ikm_jlt'), { timeout: SETTLE, what: 'the survey template' });
  tpls = env.g.messages().filter((m) => m.body.type === 'template').map((m) => m.body.template);
  assert.deepEqual(tpls.filter((x) => x.name === 'status_jlt_v2').map((x) => x.components[0].parameters[2].text).slice(-1), ['Sudah diambil']);
  assert.equal(env.count("SELECT COUNT(*) FROM message WHERE direction = 'out' AND status = 'failed'"), 0, 'nothing was refused by WhatsApp');
  assert.equal(env.count(`SELECT COUNT(*) FROM survey WHERE request_id = ${id}`), 1);

  // the citizen answers with a typed rating, then a comment
  let [reply] = await env.say(textWebhook({ text: '5' }));
  assert.match(shownText(reply), /Boleh tulis saran singkat\? Ketik \*lewati\* bila tidak ada\./);
  assert.equal(env.value(`SELECT rating FROM survey WHERE request_id = ${id}`), '5');
  assert.ok(env.count(`SELECT answered_at FROM survey WHERE request_id = ${id}`) > 0);
  [reply] = await env.say(textWebhook({ text: 'Pelayanannya cepat, terima kasih' }));
  assert.match(shownText(reply), /Terima kasih/);
  assert.equal(env.value(`SELECT comment FROM survey WHERE request_id = ${id}`), 'Pelayanannya cepat, terima kasih');
  // a second answer (a late tap) does not overwrite the first
  [reply] = await env.say(listReplyWebhook({ rowId: `ikm:${id}:1`, title: '1 — Sangat tidak puas' }));
  assert.match(shownText(reply), /sudah kami terima sebelumnya/);
  assert.equal(env.value(`SELECT rating FROM survey WHERE request_id = ${id}`), '5');

  assert.equal(env.count(`SELECT COUNT(*) FROM survey WHERE request_id = ${id}`), 1, 'one survey only');
  // each notice is linked to its status change for the timeline
  assert.equal(env.count(`SELECT COUNT(*) FROM request_event WHERE request_id = ${id} AND status <> 'baru' AND message_id IS NULL`), 0);

  // status lookup reflects it
  [reply] = await env.say(textWebhook({ text: `status ${number}`, from: '6289876543210' }));
  assert.match(shownText(reply), /Status: \*Sudah diambil\*/);
});

test('inside the window the survey is a list of five ratings; a tap stores it', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  const { number } = await applySktm(env);
  const id = env.value(`SELECT id FROM request WHERE number = '${number}'`);
  const petugas = await login(env.base, 'petugas.jelitik');
  await handOver(env, petugas, id);
  await waitFor(() => env.g.messages().some((m) => m.body.type === 'interactive' && m.body.interactive.type === 'list'), { timeout: SETTLE, what: 'the survey list' });
  await env.settle();
  const list = env.g.messages().map((m) => m.body).find((b) => b.type === 'interactive' && b.interactive.type === 'list');
  const rows = list.interactive.action.sections.flatMap((s) => s.rows);
  assert.deepEqual(rows.map((r) => r.id), [5, 4, 3, 2, 1].map((n) => `ikm:${id}:${n}`));
  assert.equal(rows[0].title, '5 — Sangat puas');
  assert.equal(rows[4].title, '1 — Sangat tidak puas');
  const [reply] = await env.say(listReplyWebhook({ rowId: `ikm:${id}:2`, title: rows[3].title }));
  assert.match(shownText(reply), /Mohon maaf bila pelayanan kami belum memuaskan/);
  assert.equal(env.value(`SELECT rating FROM survey WHERE request_id = ${id}`), '2');
  const [skip] = await env.say(textWebhook({ text: 'lewati' }));
  assert.match(shownText(skip), /Terima kasih/);
  assert.equal(env.value(`SELECT comment FROM survey WHERE request_id = ${id}`), '', '"lewati" leaves no comment');
});

test('applying: a phone number or NIK is not taken as the address; "ubah" starts again; a typed "ya" issues the number', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  await env.say(textWebhook({ text: 'syarat sktm' }));
  await env.say(buttonReplyWebhook({ buttonId: 'ajukan:sktm', title: 'Ajukan permohonan' }));
  const [phoneAsName] = await env.say(textWebhook({ text: '0812-3456-7890' }));
  assert.match(shownText(phoneAsName), /nomor telepon atau nomor identitas, bukan nama/);
  await env.say(textWebhook({ text: 'Budi Santoso' }));
  const [phone] = await env.say(textWebhook({ text: '+62 812 3456 7890' }));
  assert.match(shownText(phone), /bukan alamat/);
  assert.match(shownText(phone), /RT\/RW/);
  const [nik] = await env.say(textWebhook({ text: NIK }));
  assert.match(shownText(nik), /jangan\* mengirim NIK/);
  assert.ok(!shownText(nik).includes(NIK));
  assert.equal(env.count('SELECT COUNT(*) FROM request'), 0, 'neither became an address');
  const [check] = await env.say(textWebhook({ text: 'RT 02/RW 01' }));
  assert.match(shownText(check), /Nama: \*Budi Santoso\*\nAlamat: \*RT 02\/RW 01\*/);
  // the citizen sees a typo in the name: "ubah" asks for both again
  const [again] = await env.say(textWebhook({ text: 'ubah' }));
  assert.match(shownText(again), /nama lengkap/i);
  await env.say(textWebhook({ text: 'Budi Santosa' }));
  const [check2] = await env.say(textWebhook({ text: 'RT 02/RW 01, Gg. Mawar' }));
  assert.match(shownText(check2), /Nama: \*Budi Santosa\*/);
  // an unclear answer asks again instead of guessing
  const [unclear] = await env.say(textWebhook({ text: 'hmm' }));
  assert.match(shownText(unclear), /Benar\?/);
  assert.equal(env.count('SELECT COUNT(*) FROM request'), 0);
  const [done] = await env.say(textWebhook({ text: 'ya' }));
  assert.match(shownText(done), /Nomor registrasi: \*JLT-\d{4}-\d{5}\*/);
  assert.equal(env.value('SELECT citizen_name || \'|\' || citizen_address FROM request'), 'Budi Santosa|RT 02/RW 01, Gg. Mawar');
});

test('a typed rating with a reason answers the survey while an officer holds the conversation', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  const { number } = await applySktm(env);
  const id = env.value(`SELECT id FROM request WHERE number = '${number}'`);
  const conv = env.value(`SELECT conversation_id FROM request WHERE id = ${id}`);
  const petugas = await login(env.base, 'petugas.jelitik');
  // the officer takes the conversation over before finishing the request
  await petugas.get(`/console/o/jelitik/percakapan/${conv}`);
  const took = await petugas.post(`/console/o/jelitik/percakapan/${conv}/status`, { action: 'ambil' });
  assert.equal(took.status, 303, took.text?.slice(0, 300));
  await handOver(env, petugas, id);
  await waitFor(() => env.count(`SELECT COUNT(*) FROM survey WHERE request_id = ${id}`) === 1, { timeout: SETTLE, what: 'the survey' });
  await env.settle();
  assert.equal(env.value(`SELECT state FROM conversation WHERE id = ${conv}`), 'human');
  const [reply] = await env.say(textWebhook({ text: '2, lama sekali' }));
  assert.match(shownText(reply), /Terima kasih atas penilaian Anda\. Mohon maaf/);
  assert.equal(env.value(`SELECT rating || '|' || comment FROM survey WHERE request_id = ${id}`), '2|lama sekali');
  assert.equal(env.value(`SELECT state FROM conversation WHERE id = ${conv}`), 'human', 'the officer keeps the conversation');
  // the next message is the officer's: no second reply from us
  const out = env.count("SELECT COUNT(*) FROM message WHERE direction = 'out'");
  await env.deliver(textWebhook({ text: '4' }));
  await env.settle();
  assert.equal(env.count("SELECT COUNT(*) FROM message WHERE direction = 'out'"), out, 'a later "4" is not a second rating');
  assert.equal(env.value(`SELECT rating FROM survey WHERE request_id = ${id}`), '2');
});

test('a typed rating with its reason answers the survey the bot holds, the reason kept as the comment', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  const { number } = await applySktm(env);
  const id = env.value(`SELECT id FROM request WHERE number = '${number}'`);
  const petugas = await login(env.base, 'petugas.jelitik');
  await handOver(env, petugas, id);
  await waitFor(() => env.count(`SELECT COUNT(*) FROM survey WHERE request_id = ${id}`) === 1, { timeout: SETTLE, what: 'the survey' });
  await env.settle();
  const [reply] = await env.say(textWebhook({ text: '3 cukup, antri agak lama' }));
  assert.match(shownText(reply), /Masukan Anda sudah kami catat/);
  assert.doesNotMatch(shownText(reply), /Boleh tulis saran/, 'the reason already given is not asked for again');
  assert.equal(env.value(`SELECT rating || '|' || comment FROM survey WHERE request_id = ${id}`), '3|cukup, antri agak lama');
});
