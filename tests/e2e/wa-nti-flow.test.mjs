// Issue 6's headline test: one request from the citizen's first WhatsApp
// message to the hand-over of the document (the WA-NTI workflow), on the
// real binary with the fake Graph API (tests/fakes/graph.mjs), on SQLite or
// PostgreSQL (BALAI_TEST_PG).
//
// The citizen asks for the SKTM requirements, applies in the chat (name and
// RT/RW, never the NIK), gets the registration number, the ETA and a private
// upload link, and uploads a document. Staff work on it in the console: a
// petugas_layanan takes it up, a petugas_verifikasi judges the checklist
// (one item "kurang" first, which the citizen is told), the status goes
// diproses -> selesai, the citizen picks a pickup slot from the list in the
// selesai notice, looks the number up, staff hand the document over, and the
// satisfaction survey is answered with a tap and a comment.
//
// The ETA has to skip a national holiday. The clock is the real one, so the
// test imports a holiday file (balai holidays import, the format of
// data/holidays.tsv) that puts a national holiday on the next working day
// after today, then checks the ETA the citizen and the console see against
// the office's calendar computed here from the database.
//
// Along the way the upload and a staff reply hand the conversation to a
// person ('human'), which keeps the bot quiet. The citizen's taps on our own
// interactive messages (the pickup list, the survey) and the survey comment
// we asked for must still be answered then.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, Client, login, ROOT } from './lib.mjs';
import { unescapeHtml, tinyPng, postMultipart, selectedOption, judgeAll } from './util-e2e.mjs';
import { waEnv } from './wa-env.mjs';
import { textWebhook, buttonReplyWebhook, listReplyWebhook, waitFor, shownText } from '../fakes/graph.mjs';

const CITIZEN = '6281234567890';
const RELATIVE = '6285712345678';
const NAME = 'Siti Rahmawati';
const ADDRESS = 'RT 03/RW 05, Jl. Melati 7';
const SETTLE = 15000;
const CONSOLE = '/console/o/jelitik';
const HOLIDAY = 'Hari Libur Nasional Uji Balai';

// ---- the office's calendar, computed independently of Balai ----------------------

const DAYS = ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'];
const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus',
  'September', 'Oktober', 'November', 'Desember'];
const asDate = (n) => new Date(Date.UTC(Math.floor(n / 10000), Math.floor(n / 100) % 100 - 1, n % 100));
const asInt = (d) => d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
const addDays = (n, k) => asInt(new Date(asDate(n).getTime() + k * 86400000));
const iso = (n) => `${Math.floor(n / 10000)}-${String(Math.floor(n / 100) % 100).padStart(2, '0')}-${String(n % 100).padStart(2, '0')}`;
/** "Senin, 30 November 2026", as Balai writes dates to citizens. */
const inWords = (n) => { const d = asDate(n); return `${DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`; };
/** Today in Jelitik (WIB, UTC+7). */
const todayWib = () => asInt(new Date(Date.now() + 7 * 3600000));
/** Jelitik works Monday to Friday (demo hours); closed dates come from the database. */
const working = (n, closed) => { const wd = asDate(n).getUTCDay(); return wd >= 1 && wd <= 5 && !closed.has(n); };
/** n working days after `from` (the day itself not counted). */
function addWorkingDays(from, n, closed) {
  let d = from;
  for (let left = n; left > 0;) { d = addDays(d, 1); if (working(d, closed)) left--; }
  return d;
}

// ---- set-up -----------------------------------------------------------------------

const setup = () => waEnv({ verifyToken: 'vt-wa-nti' });

const listRows = (body) => body?.type === 'interactive' && body.interactive.type === 'list'
  ? body.interactive.action.sections.flatMap((s) => s.rows) : [];

/**
 * Imports a holiday file: the shipped data/holidays.tsv plus a national
 * holiday on `date` (a file replaces whole years, so the rest of the year is
 * kept as shipped).
 */
function importHoliday(env, date) {
  const shipped = readFileSync(join(ROOT, 'data/holidays.tsv'), 'utf8');
  const year = Math.floor(date / 10000);
  const line = `${iso(date)}\tlibur\t${HOLIDAY}`;
  const lines = shipped.split('\n');
  const at = lines.findIndex((l) => l.startsWith(`#year ${year}\t`));
  if (at >= 0) lines.splice(at + 1, 0, line);
  else lines.push(`#year ${year}\tdecreed\tSKB uji`, line);
  const dir = mkdtempSync(join(tmpdir(), 'balai-libur-'));
  try {
    const file = join(dir, 'libur.tsv');
    writeFileSync(file, lines.join('\n'));
    const r = cli(['holidays', 'import', file], { db: env.server.db.url });
    assert.equal(r.code, 0, `balai holidays import failed: ${r.stderr}`);
  } finally { rmSync(dir, { recursive: true, force: true }); }
}

/** The dates Jelitik is closed on besides weekends (national holidays, cuti bersama, its leave). */
function closedDates(env) {
  const rows = env.value("SELECT date FROM holiday UNION SELECT l.date FROM office_leave l JOIN office o ON o.id = l.office_id WHERE o.slug = 'jelitik'");
  return new Set(rows.split('\n').filter(Boolean).map(Number));
}

/** The fields of the form posting to `action` as the page fills them in, ready to post back. */
function formFields(html, action) {
  const start = html.indexOf(`<form method="post" action="${action}"`);
  assert.ok(start >= 0, `a form posting to ${action}`);
  const form = html.slice(start, html.indexOf('</form>', start));
  const out = {};
  for (const [tag] of form.matchAll(/<input\b[^>]*>/g)) {
    const name = tag.match(/\bname="([^"]*)"/)?.[1];
    const type = tag.match(/\btype="([^"]*)"/)?.[1] || 'text';
    if (!name || name === '_csrf' || type === 'submit' || (type === 'checkbox' && !/\bchecked\b/.test(tag))) continue;
    out[name] = unescapeHtml(tag.match(/\bvalue="([^"]*)"/)?.[1] ?? 'on');
  }
  for (const m of form.matchAll(/<textarea\b[^>]*\bname="([^"]*)"[^>]*>([\s\S]*?)<\/textarea>/g)) out[m[1]] = unescapeHtml(m[2]);
  for (const m of form.matchAll(/<select\b[^>]*\bname="([^"]*)"/g)) out[m[1]] = selectedOption(form, m[1]);
  return out;
}

/** A request page of the console as its JSON view model, and as HTML. */
async function requestPage(officer, id) {
  const html = await officer.get(`${CONSOLE}/permohonan/${id}`);
  assert.equal(html.status, 200, html.text.slice(0, 300));
  const json = await officer.json(`${CONSOLE}/permohonan/${id}`);
  assert.equal(json.status, 200);
  return { html: unescapeHtml(html.text), vm: json.body, version: html.text.match(/name="version" value="(\d+)"/)[1] };
}

async function setStatus(officer, id, to, note = '') {
  const { version } = await requestPage(officer, id);
  const r = await officer.post(`${CONSOLE}/permohonan/${id}/status`, { to, note, version });
  assert.equal(r.status, 303, `status ${to}: ${r.status} ${r.text.slice(0, 400)}`);
}

async function judge(verifier, id, item, verdict, note = '') {
  const { version } = await requestPage(verifier, id);
  const r = await verifier.post(`${CONSOLE}/permohonan/${id}/berkas`, { item: String(item), verdict, note, version });
  assert.equal(r.status, 303, `verdict ${verdict} on item ${item}: ${r.status} ${r.text.slice(0, 400)}`);
}

// ---- the flow -----------------------------------------------------------------------

test('WA-NTI end to end: first WhatsApp message, registration with an ETA across a national holiday, upload, verification, selesai, pickup slot, status lookup, hand-over and survey', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  const lurah = await login(env.base, 'lurah.jelitik');
  const petugas = await login(env.base, 'petugas.jelitik');
  const verifier = await login(env.base, 'verifikasi.jelitik');

  // A national holiday on the next working day. Past 23.30 WIB the day may
  // change under the test; wait for the new day rather than flake.
  if (Math.floor(Date.now() / 60000 + 7 * 60) % 1440 >= 23 * 60 + 58) await new Promise((r) => setTimeout(r, 150000));
  const today = todayWib();
  const before = closedDates(env);
  let holiday = addDays(today, 1);
  while (!working(holiday, before)) holiday = addDays(holiday, 1);
  importHoliday(env, holiday);
  const closed = closedDates(env);
  assert.ok(closed.has(holiday) && closed.size === before.size + 1, 'the import added the holiday and kept the others');

  // Jelitik needs two working days for an SKTM (the catalogue's processing
  // time, set in the console), so the ETA lies beyond the holiday.
  const edit = `${CONSOLE}/layanan/sktm`;
  const fields = formFields((await petugas.get(edit)).text, edit);
  assert.equal(fields.days, '0', 'the demo SKTM is a same-day letter');
  const saved = await petugas.post(edit, { ...fields, days: '2' });
  assert.equal(saved.status, 303, saved.text.slice(0, 400));

  // The office offers pickup slots on every working day.
  await lurah.get(`${CONSOLE}/jadwal-ambil`);
  for (let d = 0; d < 5; d++) {
    const r = await lurah.post(`${CONSOLE}/jadwal-ambil`, { action: 'add', weekday: String(d), from: '09:00', to: '11:00', capacity: '10' });
    assert.equal(r.status, 303, r.text.slice(0, 300));
  }

  // 1. The first message: the SKTM checklist and the offer to apply.
  const svc = (await new Client(env.base).json('/api/v1/offices/jelitik/services')).body.services.find((s) => s.slug === 'sktm');
  assert.ok(svc && svc.checklist.length >= 2, 'the demo catalogue has SKTM with a checklist');
  const [answer] = await env.say(textWebhook({ text: 'syarat sktm apa ya', from: CITIZEN }));
  for (const it of svc.checklist) assert.ok(shownText(answer).includes(it.item), `the answer lists "${it.item}":\n${shownText(answer)}`);
  assert.equal(answer.type, 'interactive');
  assert.deepEqual(answer.interactive.action.buttons.map((b) => [b.reply.id, b.reply.title]), [['ajukan:sktm', 'Ajukan permohonan']]);

  // 2. Applying: name, RT/RW, then number, ETA and the upload link.
  const [askName] = await env.say(buttonReplyWebhook({ buttonId: 'ajukan:sktm', title: 'Ajukan permohonan', from: CITIZEN }));
  assert.match(shownText(askName), /nama lengkap/i);
  const [askAddr] = await env.say(textWebhook({ text: NAME, from: CITIZEN }));
  assert.match(shownText(askAddr), /RT\/RW/);
  const [check] = await env.say(textWebhook({ text: ADDRESS, from: CITIZEN }));
  assert.match(shownText(check), /Benar\?/, 'the name and address are read back first');
  const [done] = await env.say(buttonReplyWebhook({ buttonId: 'intake:ya', title: 'Ya, benar', from: CITIZEN }));
  const reg = shownText(done);
  const year = Math.floor(today / 10000);
  const number = `JLT-${year}-00001`;
  assert.ok(reg.includes(`Nomor registrasi: *${number}*`), `the first request of the year is ${number}:\n${reg}`);
  const id = env.value(`SELECT id FROM request WHERE number = '${number}'`);
  const days = env.count(`SELECT days FROM request WHERE id = ${id}`);
  assert.equal(days, 2, 'the request keeps the processing time of the service');
  const eta = addWorkingDays(today, days, closed);
  assert.ok(eta > addWorkingDays(today, days, before), 'the holiday lies before the ETA, so it must move it');
  assert.ok(reg.includes(`Perkiraan selesai: ${inWords(eta)}`), `the citizen's ETA skips ${iso(holiday)} (expected ${inWords(eta)}):\n${reg}`);
  for (const it of svc.checklist) assert.ok(reg.includes(it.item), `the checklist again: "${it.item}"`);
  const link = reg.match(/\/unggah\/([0-9a-f]{64})/);
  assert.ok(link, `a private upload link:\n${reg}`);

  // 3. The citizen uploads a document through the link.
  const up = new Client(env.base);
  const form = await up.get(`/unggah/${link[1]}`);
  assert.equal(form.status, 200);
  const uploaded = await postMultipart(up, `/unggah/${link[1]}`, {}, { file: { data: tinyPng(), name: 'surat-pengantar-rt.png', type: 'image/png' } });
  assert.equal(uploaded.status, 200, uploaded.text.slice(0, 300));
  const conv = env.value(`SELECT conversation_id FROM request WHERE id = ${id}`);
  assert.equal(env.count(`SELECT COUNT(*) FROM media WHERE conversation_id = ${conv} AND mime = 'image/png'`), 1, 'the document is kept with the conversation');

  // 4. A petugas_layanan finds the request in the console, with the ETA the citizen got.
  const list = unescapeHtml((await petugas.get(`${CONSOLE}/permohonan`)).text);
  assert.ok(list.includes(number) && list.includes(NAME), 'the request is in the console list');
  let page = await requestPage(petugas, id);
  assert.equal(page.vm.req.eta_date, eta, 'the console has the same ETA');
  assert.ok(page.html.includes(`Perkiraan selesai</dt><dd>${inWords(eta)}`), 'and shows it in words');
  assert.ok(page.html.includes(ADDRESS), 'staff see the RT/RW');
  assert.ok(!page.html.includes('name="verdict"'), 'a petugas_layanan cannot judge documents');
  // the petugas answers in the chat: the conversation is a person's now
  await petugas.get(`${CONSOLE}/percakapan/${conv}`);
  const [reply] = await env.sent(async () => {
    const r = await petugas.post(`${CONSOLE}/percakapan/${conv}/balas`, { text: 'Terima kasih, berkas Anda kami periksa.', holder: '0' });
    assert.equal(r.status, 303, r.text.slice(0, 300));
  }, 'the staff reply');
  assert.equal(shownText(reply), 'Terima kasih, berkas Anda kami periksa.');
  assert.equal(env.value(`SELECT state FROM conversation WHERE id = ${conv}`), 'human');
  let [notice] = await env.sent(() => setStatus(petugas, id, 'diproses'), 'the diproses notice');
  assert.match(shownText(notice), new RegExp(`Permohonan \\*${number}\\* .*\\*Sedang diproses\\*`));
  assert.ok(shownText(notice).includes(`Perkiraan selesai: ${inWords(eta)}`));

  // 5. The petugas_verifikasi judges the checklist: the first item is missing.
  page = await requestPage(verifier, id);
  assert.ok(page.html.includes('name="verdict"'), 'the verifier gets the verdict forms');
  const missing = svc.checklist[0].item;
  await judge(verifier, id, 0, 'kurang', 'Stempel RT belum ada');
  for (let i = 1; i < svc.checklist.length; i++) await judge(verifier, id, i, 'ok');
  [notice] = await env.sent(() => setStatus(verifier, id, 'kurang_lengkap', 'Surat pengantar perlu stempel RT'), 'the kurang_lengkap notice');
  const kl = shownText(notice);
  assert.match(kl, /\*Berkas kurang lengkap\*/);
  assert.ok(kl.includes(`- ${missing} (Kurang): Stempel RT belum ada`), `the notice names the missing item:\n${kl}`);
  for (let i = 1; i < svc.checklist.length; i++) assert.ok(!kl.includes(`- ${svc.checklist[i].item}`), 'only the missing item is listed');
  assert.match(kl, /\/unggah\/[0-9a-f]{64}/, 'with a fresh upload link');
  // the citizen brings it; the verifier accepts it and the work goes on
  await judge(verifier, id, 0, 'ok', 'Sudah distempel');
  [notice] = await env.sent(() => setStatus(verifier, id, 'diproses'), 'the second diproses notice');
  assert.match(shownText(notice), /\*Sedang diproses\*/);
  assert.deepEqual((await requestPage(petugas, id)).vm.checklist.map((c) => c.verdict), svc.checklist.map(() => 'ok'));

  // 6. selesai: the notice offers the pickup slots as a list; the holiday is not among them.
  const selesai = await env.sent(() => setStatus(petugas, id, 'selesai'), 'the selesai notice');
  const offer = selesai.find((b) => listRows(b).length);
  assert.ok(offer, `the selesai notice is a list of slots: ${JSON.stringify(selesai)}`);
  assert.match(shownText(offer), /\*Selesai, siap diambil\*/);
  const rows = listRows(offer);
  const dates = rows.map((r) => Number(r.id.split(':')[2]));
  assert.ok(rows.every((r) => /^slot:\d+:\d{8}$/.test(r.id)), JSON.stringify(rows));
  assert.ok(!dates.includes(holiday), 'no pickup on the national holiday');
  assert.ok(dates.every((d) => d > today && working(d, closed)), 'only coming working days');
  assert.equal(env.count(`SELECT COUNT(*) FROM survey WHERE request_id = ${id}`), 0, 'with pickup slots the survey waits for the hand-over');
  assert.equal(env.value(`SELECT state FROM conversation WHERE id = ${conv}`), 'human', 'a person still has the conversation');

  // 7. The citizen taps a slot (the conversation is a person's: our own list must still work).
  const pick = rows[0];
  const [confirm] = await env.say(listReplyWebhook({ rowId: pick.id, title: pick.title, from: CITIZEN }), 'the pickup confirmation');
  const when = `${inWords(dates[0])} pukul 09.00–11.00`;
  assert.ok(shownText(confirm).includes(`Jadwal pengambilan: ${when}`), `the confirmation names the slot:\n${shownText(confirm)}`);
  assert.ok(shownText(confirm).includes(number));
  assert.equal(env.count(`SELECT COUNT(*) FROM pickup_booking WHERE request_id = ${id} AND date = ${dates[0]}`), 1);
  assert.equal(env.value(`SELECT state FROM conversation WHERE id = ${conv}`), 'human', 'the tap does not take the conversation back from the person');

  // 8. Status lookup by number: on WhatsApp (a relative's phone) and on the portal; nothing personal.
  const [lookup] = await env.say(textWebhook({ text: `cek status ${number}`, from: RELATIVE }), 'the status answer');
  const l = shownText(lookup);
  assert.ok(l.includes(number) && l.includes('Status: *Selesai, siap diambil*'), l);
  assert.ok(l.includes(`Jadwal pengambilan: ${when}`), `the lookup gives the slot:\n${l}`);
  for (const secret of ['Siti', 'Rahmawati', 'Melati', CITIZEN, 'Stempel']) assert.ok(!l.includes(secret), `no "${secret}" in the answer`);
  const anon = new Client(env.base);
  const portal = await anon.get(`/o/jelitik/status?nomor=${number}`);
  assert.equal(portal.status, 200);
  const ph = unescapeHtml(portal.text);
  assert.ok(ph.includes(number) && ph.includes('Selesai, siap diambil'));
  assert.ok(ph.includes(`Jadwal pengambilan</dt><dd>${inWords(dates[0])}, pukul 09.00–11.00`), 'the portal shows the slot');
  for (const text of [l, ph]) {
    assert.ok(text.includes('Silakan datang sesuai jadwal pengambilan'), 'and says to come then');
    assert.doesNotMatch(text, /pilih jadwal/i, 'no longer asks to pick one');
  }
  const pj = await anon.get(`/o/jelitik/status?nomor=${number}`, { headers: { accept: 'application/json' } });
  assert.equal(pj.status, 200);
  assert.equal(JSON.parse(pj.text).found.status_label, 'Selesai, siap diambil');
  for (const text of [ph, pj.text]) {
    for (const secret of ['Siti', 'Rahmawati', 'Melati', CITIZEN.slice(2), 'Stempel', 'stempel', 'surat-pengantar-rt']) {
      assert.ok(!text.includes(secret), `the public page says nothing of "${secret}"`);
    }
  }

  // 9. Handed over: the last notice, then the survey; a tap and a comment (still a person's conversation).
  const handover = await env.sent(() => setStatus(petugas, id, 'diambil'), 'the diambil notice and the survey');
  await waitFor(() => env.g.messages().some((m) => listRows(m.body).some((r) => r.id.startsWith('ikm:'))), { timeout: SETTLE, what: 'the survey list' });
  await env.settle();
  assert.ok(handover.some((b) => /\*Sudah diambil\*/.test(shownText(b))), 'the hand-over notice');
  const survey = env.g.messages().map((m) => m.body).find((b) => listRows(b).some((r) => r.id.startsWith('ikm:')));
  const five = listRows(survey).find((r) => r.id === `ikm:${id}:5`);
  assert.ok(five, `the survey offers 5 for request ${id}: ${JSON.stringify(listRows(survey))}`);
  // the survey is the citizen's: the same tap from another phone counts for nothing
  const [notYours] = await env.say(listReplyWebhook({ rowId: `ikm:${id}:1`, title: '1 — Sangat tidak puas', from: RELATIVE }), 'the answer to a foreign rating');
  assert.match(shownText(notYours), /survei itu tidak ditemukan/);
  assert.equal(env.value(`SELECT COALESCE(rating, 0) FROM survey WHERE request_id = ${id}`), '0', 'no rating stored');
  const [thanks] = await env.say(listReplyWebhook({ rowId: five.id, title: five.title, from: CITIZEN }), 'the answer to the rating');
  assert.match(shownText(thanks), /Boleh tulis saran singkat\?/);
  const [bye] = await env.say(textWebhook({ text: 'Petugasnya ramah dan cepat', from: CITIZEN }), 'the thanks for the comment');
  assert.match(shownText(bye), /Terima kasih atas masukan Anda/);
  assert.equal(env.value(`SELECT rating || '|' || comment || '|' || channel FROM survey WHERE request_id = ${id}`), '5|Petugasnya ramah dan cepat|whatsapp');
  assert.ok(env.count(`SELECT answered_at FROM survey WHERE request_id = ${id}`) > 0);

  // the whole story is in the timeline, each step told to the citizen
  const events = env.value(`SELECT status FROM request_event WHERE request_id = ${id} ORDER BY id`).split('\n');
  assert.deepEqual(events, ['baru', 'diproses', 'kurang_lengkap', 'diproses', 'selesai', 'diambil']);
  assert.equal(env.count(`SELECT COUNT(*) FROM request_event WHERE request_id = ${id} AND status <> 'baru' AND message_id IS NULL`), 0);
  assert.equal(env.count("SELECT COUNT(*) FROM message WHERE direction = 'out' AND status = 'failed'"), 0, 'WhatsApp refused nothing');
  // and every decision is audited
  assert.equal(env.count(`SELECT COUNT(*) FROM audit_log WHERE action = 'request.document' AND entity_id = '${number}'`), svc.checklist.length + 1);
  assert.equal(env.count(`SELECT COUNT(*) FROM audit_log WHERE action = 'request.status' AND entity_id = '${number}'`), 5);
});

test('a pickup slot tapped after staff closed the conversation is still booked for the citizen\'s finished request', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  const lurah = await login(env.base, 'lurah.jelitik');
  const petugas = await login(env.base, 'petugas.jelitik');
  await lurah.get(`${CONSOLE}/jadwal-ambil`);
  for (let d = 0; d < 5; d++) {
    const r = await lurah.post(`${CONSOLE}/jadwal-ambil`, { action: 'add', weekday: String(d), from: '13:00', to: '14:00', capacity: '3' });
    assert.equal(r.status, 303, r.text.slice(0, 300));
  }
  await env.say(textWebhook({ text: 'syarat sktm', from: CITIZEN }));
  await env.say(buttonReplyWebhook({ buttonId: 'ajukan:sktm', title: 'Ajukan permohonan', from: CITIZEN }));
  await env.say(textWebhook({ text: NAME, from: CITIZEN }));
  await env.say(textWebhook({ text: ADDRESS, from: CITIZEN }));
  const [done] = await env.say(textWebhook({ text: 'ya', from: CITIZEN }));
  const number = shownText(done).match(/JLT-\d{4}-\d{5}/)[0];
  const id = env.value(`SELECT id FROM request WHERE number = '${number}'`);
  const conv = env.value(`SELECT conversation_id FROM request WHERE id = ${id}`);
  await env.sent(() => setStatus(petugas, id, 'diproses'), 'the diproses notice');
  await judgeAll(await login(env.base, 'verifikasi.jelitik'), 'jelitik', id);
  const selesai = await env.sent(() => setStatus(petugas, id, 'selesai'), 'the selesai notice');
  const rows = listRows(selesai.find((b) => listRows(b).length));
  assert.ok(rows.length > 0, 'the selesai notice lists the slots');
  // staff consider the chat done and close it with the inbox's "Selesai" button
  const thread = `/console/o/jelitik/percakapan/${conv}`;
  await petugas.get(thread);
  const closed = await petugas.post(`${thread}/status`, { action: 'selesai' });
  assert.equal(closed.status, 303, closed.text?.slice(0, 300));
  assert.equal(env.value(`SELECT state FROM conversation WHERE id = ${conv}`), 'closed');
  // the citizen taps a slot in the list they still have
  const [confirm] = await env.say(listReplyWebhook({ rowId: rows[1].id, title: rows[1].title, from: CITIZEN }), 'the pickup confirmation');
  const date = Number(rows[1].id.split(':')[2]);
  assert.ok(shownText(confirm).includes(`Jadwal pengambilan: ${inWords(date)} pukul 13.00–14.00`), shownText(confirm));
  assert.equal(env.count(`SELECT COUNT(*) FROM pickup_booking WHERE request_id = ${id} AND date = ${date}`), 1);
  // a second tap books nothing more
  const [again] = await env.say(listReplyWebhook({ rowId: rows[0].id, title: rows[0].title, from: CITIZEN }), 'the answer to a second tap');
  assert.match(shownText(again), /Mohon maaf, tidak ada permohonan Anda yang menunggu jadwal pengambilan/);
  assert.equal(env.count(`SELECT COUNT(*) FROM pickup_booking WHERE request_id = ${id}`), 1, 'still one booking');
  // another citizen tapping the same row books nothing for this request
  const [other] = await env.say(listReplyWebhook({ rowId: rows[0].id, title: rows[0].title, from: RELATIVE }), 'the answer to a stranger');
  assert.match(shownText(other), /tidak ada permohonan Anda yang menunggu/);
  assert.equal(env.count('SELECT COUNT(*) FROM pickup_booking'), 1);
});
