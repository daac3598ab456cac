// The shared inbox's remaining actions (issue 6): SLA targets counted in
// office hours with the list's "lewat SLA" filter, standard answers from
// the catalogue, the conversation's requests, approved templates only
// after WhatsApp's 24-hour window, escalation along the office's chain,
// and messages scheduled for later with "Batalkan".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startBalai, cli, sql, login } from './lib.mjs';
import { unescapeHtml, fieldValue, alerts } from './util-e2e.mjs';
import { startFakeGraph, textWebhook, postWebhook, waitFor } from '../fakes/graph.mjs';

const OFFICE = 'jelitik';
const INBOX = `/console/o/${OFFICE}/percakapan`;
const PNID = '109876543210987', SECRET = 'appsecretInboxAct01', TOKEN = 'EAAGinboxActions0123456789';

async function chat(base, text) {
  const res = await fetch(`${base}/o/${OFFICE}/obrolan`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }),
  });
  assert.equal(res.status, 200, await res.text());
}
const lastConversation = (db) => Number(sql(db, 'SELECT max(id) FROM conversation').trim());
const staffId = (db, u) => Number(sql(db, `SELECT id FROM staff WHERE username = '${u}'`).trim());
const officeId = (db) => Number(sql(db, `SELECT id FROM office WHERE slug = '${OFFICE}'`).trim());

// SLA counts only office hours. So that a test run at night, on a weekend
// or on a holiday gives the same answer, the office is made open around
// the clock and its closed days are removed; the office-hours arithmetic
// itself (breaks, weekends, holidays) is proven in tests/unit/test_sla.c.
function openAllWeek(db) {
  const day = '00:00-24:00';
  sql(db, `UPDATE office SET hours = 'mon=${day};tue=${day};wed=${day};thu=${day};fri=${day};sat=${day};sun=${day};' WHERE slug = '${OFFICE}'`);
  sql(db, 'DELETE FROM holiday');
  sql(db, `DELETE FROM office_leave WHERE office_id = ${officeId(db)}`);
}

/** Local "YYYY-MM-DDTHH:MM" in WIB (UTC+7), for <input type=datetime-local>. */
function wib(ms) {
  return new Date(ms + 7 * 3600000).toISOString().slice(0, 16);
}

async function whatsapp(server, g, { from, text, ageHours = 0 }) {
  const before = lastConversation(server.db) || 0;
  const ts = Math.floor(Date.now() / 1000) - Math.round(ageHours * 3600);
  const hook = await postWebhook(`${server.base}/webhooks/whatsapp`,
    textWebhook({ from, text, timestamp: ts, phoneNumberId: PNID }), SECRET);
  assert.equal(hook.status, 200);
  await waitFor(() => lastConversation(server.db) > before, { timeout: 15000, what: 'the conversation' });
  return lastConversation(server.db);
}

async function withWhatsApp(t) {
  const server = await startBalai();
  const g = await startFakeGraph({ token: TOKEN, version: 'v21.0', appSecret: SECRET });
  t.after(async () => { await g.close(); await server.stop(); });
  const r = cli(['channel', 'whatsapp', '--office', OFFICE, '--phone-number-id', PNID, '--token', TOKEN,
    '--app-secret', SECRET, '--verify-token', 'vt-actions', '--graph-url', g.url], { db: server.db.url });
  assert.equal(r.code, 0, r.stderr);
  return { server, g };
}

test('SLA: targets set on the settings page, counted from the first unanswered message; late, near and on time; "lewat SLA" filter', async (t) => {
  const server = await startBalai();
  t.after(() => server.stop());
  openAllWeek(server.db);
  const lurah = await login(server.base, 'lurah.jelitik');
  const petugas = await login(server.base, 'petugas.jelitik');
  const SETTINGS = `/console/o/${OFFICE}/percakapan-setelan`;

  // a petugas may not change the office's targets
  assert.equal((await petugas.get(SETTINGS)).status, 403);
  let page = await lurah.get(SETTINGS);
  assert.equal(page.status, 200);
  assert.equal(fieldValue(page.text, 'first'), '60', 'the default first-answer target');
  // bad input: a clear message, the input kept, nothing saved
  let r = await lurah.post(SETTINGS, { first: 'satu jam', resolve: '14' });
  assert.equal(r.status, 422);
  assert.equal(fieldValue(r.text, 'first'), 'satu jam');
  assert.match(unescapeHtml(r.text), /bilangan bulat 1 sampai 1440/);
  r = await lurah.post(SETTINGS, { first: '30', resolve: '8' });
  assert.equal(r.status, 303, server.output().slice(-500));
  page = await lurah.get(SETTINGS);
  assert.equal(fieldValue(page.text, 'first'), '30');
  assert.equal(fieldValue(page.text, 'resolve'), '8');
  assert.equal(sql(server.db, 'SELECT first_min, resolve_min FROM inbox_sla').trim(), '30|480');

  // three citizens handed to people; their first messages are made older
  // with sql() (the alternative is waiting half an hour)
  const convs = [];
  for (const text of ['Mau tanya surat domisili', 'Saya perlu surat pindah', 'Bagaimana cara urus KIA?']) {
    await chat(server.base, text);
    const c = lastConversation(server.db);
    await petugas.get(`${INBOX}/${c}`);
    const took = await petugas.post(`${INBOX}/${c}/status`, { action: 'ambil' });
    assert.equal(took.status, 303, server.output().slice(-400) || 'no log');
    convs.push(c);
  }
  const [late, near, fresh] = convs;
  // marks only: without a chain nobody moves these waiting conversations on
  sql(server.db, `DELETE FROM escalation WHERE office_id = ${officeId(server.db)}`);
  const age = (c, minutes) => sql(server.db, `UPDATE message SET created_at = created_at - ${minutes * 60} WHERE conversation_id = ${c} AND direction = 'in'`);
  age(late, 40);      // 40 of 30 minutes: late
  age(near, 25);      // 25 of 30 (from 75 %): near
  const list = (await petugas.get(INBOX)).text;
  const mark = (html, c) => unescapeHtml(html.match(new RegExp(`data-sla="${c}"[^>]*>([^<]*)<`))?.[1] ?? '');
  assert.equal(mark(list, late), 'Terlambat');
  assert.equal(mark(list, near), 'Hampir lewat');
  assert.equal(mark(list, fresh), 'Tepat waktu');

  const filtered = (await petugas.get(`${INBOX}?tampil=late`)).text;
  assert.ok(filtered.includes(`data-conversation="${late}"`));
  assert.ok(!filtered.includes(`data-conversation="${near}"`));
  assert.ok(!filtered.includes(`data-conversation="${fresh}"`));

  // the thread says how long the citizen has waited
  const thread = unescapeHtml((await petugas.get(`${INBOX}/${late}`)).text);
  assert.match(thread, /Warga menunggu jawaban 40 menit/);
  assert.match(thread, /SLA: <span class="tag late">Terlambat</);
  // an officer's answer ends the first-response wait: the resolution target (8 h) is still ahead
  await petugas.get(`${INBOX}/${late}`);
  r = await petugas.post(`${INBOX}/${late}/balas`, { text: 'Mohon maaf menunggu, kami bantu.', holder: String(staffId(server.db, 'petugas.jelitik')) });
  assert.equal(r.status, 303, alerts(r.text).join(' '));
  assert.equal(mark((await petugas.get(INBOX)).text, late), 'Tepat waktu');
  assert.ok(!(await petugas.get(`${INBOX}?tampil=late`)).text.includes(`data-conversation="${late}"`));
});

test('standard answer: the service picked on the thread fills the reply box with the bot\'s text, checklist included', async (t) => {
  const server = await startBalai();
  t.after(() => server.stop());
  const petugas = await login(server.base, 'petugas.jelitik');
  await chat(server.base, 'Halo, saya perlu bantuan');
  const c = lastConversation(server.db);
  const page = await petugas.get(`${INBOX}/${c}`);
  assert.ok(page.text.includes('value="sktm"'), 'the office\'s services are offered');
  const filled = await petugas.get(`${INBOX}/${c}?jawaban=sktm`);
  assert.equal(filled.status, 200);
  const box = unescapeHtml(filled.text.match(/<textarea id="text"[^>]*>([^<]*)<\/textarea>/)[1]);
  const doc = JSON.parse(sql(server.db, `SELECT body FROM service WHERE slug = 'sktm' AND office_id = ${officeId(server.db)}`).trim());
  assert.ok(box.includes(doc.name), `the answer names the service: ${box.slice(0, 200)}`);
  const items = (doc.checklist || []).map((x) => (typeof x === 'string' ? x : x.item));
  assert.ok(items.length > 0);
  assert.ok(box.includes(items[0]), 'the checklist is inserted');
  // the same text the bot sends when a citizen taps that service
  const res = await fetch(`${server.base}/o/${OFFICE}/obrolan`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ choice: 'svc:sktm' }),
  });
  const bot = JSON.stringify(await res.json());
  assert.ok(bot.includes(JSON.stringify(items[0]).slice(1, -1)));
  // editable before sending: the edited text is what goes out
  const r = await petugas.post(`${INBOX}/${c}/balas`, { text: `${box}\n\nSalam, petugas`, holder: '0' });
  assert.equal(r.status, 303);
  assert.ok(sql(server.db, `SELECT body FROM message WHERE conversation_id = ${c} ORDER BY id DESC LIMIT 1`).includes('Salam, petugas'));
  // an unknown service: said so, the box stays empty
  const bad = unescapeHtml((await petugas.get(`${INBOX}/${c}?jawaban=tidak-ada`)).text);
  assert.match(bad, /tidak ada atau tidak aktif/);
  assert.match(bad, /<textarea id="text"[^>]*><\/textarea>/);
});

test('requests from the thread: create link, the list of its requests, the list filter by request status', async (t) => {
  const server = await startBalai();
  t.after(() => server.stop());
  const lurah = await login(server.base, 'lurah.jelitik');
  await chat(server.base, 'Saya mau urus SKTM');
  const c = lastConversation(server.db);
  await chat(server.base, 'Jam buka kapan?');
  const other = lastConversation(server.db);
  let page = await lurah.get(`${INBOX}/${c}`);
  assert.ok(page.text.includes(`/console/o/${OFFICE}/permohonan/baru?conversation=${c}`));
  await lurah.get(`/console/o/${OFFICE}/permohonan/baru?conversation=${c}`);
  const r = await lurah.post(`/console/o/${OFFICE}/permohonan/baru`, { service: 'sktm', name: 'Siti Aminah', address: 'RT 03 / RW 01', phone: '', conversation: String(c) });
  assert.equal(r.status, 303, alerts(r.text).join(' '));
  const id = Number(r.location.match(/permohonan\/(\d+)/)[1]);
  const number = sql(server.db, `SELECT number FROM request WHERE id = ${id}`).trim();
  page = await lurah.get(`${INBOX}/${c}`);
  const text = unescapeHtml(page.text);
  assert.ok(page.text.includes(`href="/console/o/${OFFICE}/permohonan/${id}"`));
  assert.ok(text.includes(number));
  assert.match(text, new RegExp(`${number}.*Baru.*perkiraan selesai`, 's'));
  const baru = (await lurah.get(`${INBOX}?permohonan=baru`)).text;
  assert.ok(baru.includes(`data-conversation="${c}"`));
  assert.ok(!baru.includes(`data-conversation="${other}"`));
  assert.ok(!(await lurah.get(`${INBOX}?permohonan=selesai`)).text.includes(`data-conversation="${c}"`));
});

test('after the 24-hour window only approved templates are offered and sent: the follow-up and the request\'s status', async (t) => {
  const { server, g } = await withWhatsApp(t);
  g.templates = { balai_tindak_lanjut: { languages: ['id'], bodyParams: 1 },
    balai_status_permohonan: { languages: ['id'], bodyParams: 4 } };
  // the citizen last wrote 25 hours ago (Meta delivers late messages with their own time)
  const c = await whatsapp(server, g, { from: '6281234000111', text: 'Selamat pagi, mau urus surat', ageHours: 25 });
  const lurah = await login(server.base, 'lurah.jelitik');
  await lurah.get(`/console/o/${OFFICE}/permohonan/baru?conversation=${c}`);
  const made = await lurah.post(`/console/o/${OFFICE}/permohonan/baru`, { service: 'sktm', name: 'Budi', address: 'RT 01 / RW 02', phone: '', conversation: String(c) });
  assert.equal(made.status, 303, alerts(made.text).join(' '));
  const reqId = Number(made.location.match(/permohonan\/(\d+)/)[1]);
  const page = await lurah.get(`${INBOX}/${c}`);
  assert.ok(!page.text.includes('id="reply"'), 'no free-text reply box');
  assert.ok(page.text.includes('value="followup"'));
  assert.ok(page.text.includes(`value="status:${reqId}"`));
  // free text is still refused on the server
  const free = await lurah.post(`${INBOX}/${c}/balas`, { text: 'Halo', holder: '0' });
  assert.equal(free.status, 422);

  const before = g.messages().length;
  let r = await lurah.post(`${INBOX}/${c}/templat`, { template: 'followup' });
  assert.equal(r.status, 303, alerts(r.text).join(' '));
  r = await lurah.post(`${INBOX}/${c}/templat`, { template: `status:${reqId}` });
  assert.equal(r.status, 303, alerts(r.text).join(' '));
  await waitFor(() => g.messages().length >= before + 2, { timeout: 15000, what: 'two templates' });
  const sent = g.messages().slice(before).map((m) => m.body);
  const follow = sent.find((b) => b.type === 'template' && b.template.name === 'balai_tindak_lanjut');
  assert.ok(follow, JSON.stringify(sent));
  const officeName = sql(server.db, `SELECT name FROM office WHERE slug = '${OFFICE}'`).trim();
  assert.equal(follow.template.components[0].parameters[0].text, officeName);
  const status = sent.find((b) => b.type === 'template' && b.template.name === 'balai_status_permohonan');
  const number = sql(server.db, `SELECT number FROM request WHERE id = ${reqId}`).trim();
  assert.equal(status.template.components[0].parameters[0].text, number);
  // a request of another conversation cannot be picked
  const bad = await lurah.post(`${INBOX}/${c}/templat`, { template: 'status:999999' });
  assert.equal(bad.status, 422);
});

test('escalation: the button moves the conversation one level up the office\'s chain, audited; the top level says so', async (t) => {
  const server = await startBalai();
  t.after(() => server.stop());
  const petugas = await login(server.base, 'petugas.jelitik');
  await chat(server.base, 'Tolong, urusan saya belum selesai');
  const c = lastConversation(server.db);
  await petugas.get(`${INBOX}/${c}`);
  // the demo office has a chain; without one the button says what to do
  const office = officeId(server.db);
  sql(server.db, `DELETE FROM escalation WHERE office_id = ${office}`);
  let r = await petugas.post(`${INBOX}/${c}/eskalasi`);
  assert.equal(r.status, 422);
  assert.match(unescapeHtml(r.text), /belum mengatur rantai eskalasi/);
  const p = staffId(server.db, 'petugas.jelitik'), s = staffId(server.db, 'sekre.jelitik');
  sql(server.db, `INSERT INTO escalation (office_id, level, staff_id, wait_min) VALUES (${office}, 1, ${p}, 15), (${office}, 2, ${s}, 30)`);
  r = await petugas.post(`${INBOX}/${c}/eskalasi`);
  assert.equal(r.status, 303);
  assert.equal(sql(server.db, `SELECT assigned_to FROM conversation WHERE id = ${c}`).trim(), String(p));
  r = await petugas.post(`${INBOX}/${c}/eskalasi`);
  assert.equal(r.status, 303);
  assert.equal(sql(server.db, `SELECT assigned_to, state FROM conversation WHERE id = ${c}`).trim(), `${s}|human`);
  assert.equal(sql(server.db, `SELECT count(*) FROM audit_log WHERE action = 'conversation.escalate'`).trim(), '2');
  r = await petugas.post(`${INBOX}/${c}/eskalasi`);
  assert.equal(r.status, 422);
  assert.match(unescapeHtml(r.text), /tingkat eskalasi tertinggi/);
});

test('send later: queued for the chosen office time, listed with Batalkan, sent when due, never after a cancel; refused past the window', async (t) => {
  const { server, g } = await withWhatsApp(t);
  const c = await whatsapp(server, g, { from: '6281234000222', text: 'Kapan surat saya jadi?' });
  const petugas = await login(server.base, 'petugas.jelitik');
  await petugas.get(`${INBOX}/${c}`);
  const in2min = Date.now() + 2 * 60000;
  let r = await petugas.post(`${INBOX}/${c}/kirim-nanti`, { text: 'Surat Anda sudah bisa diambil besok.', when: wib(in2min) });
  assert.equal(r.status, 303, alerts(r.text).join(' '));
  r = await petugas.post(`${INBOX}/${c}/kirim-nanti`, { text: 'Pesan yang dibatalkan.', when: wib(in2min) });
  assert.equal(r.status, 303);
  const rows = sql(server.db, `SELECT id, run_at FROM scheduled_message WHERE conversation_id = ${c} ORDER BY id`).trim().split('\n').map((l) => l.split('|').map(Number));
  assert.equal(rows.length, 2);
  // the chosen minute in WIB, to the second
  assert.equal(rows[0][1], Math.floor(in2min / 60000) * 60);
  const jobAt = Number(sql(server.db, `SELECT run_at FROM job WHERE kind = 'scheduled' AND ref_id = ${rows[0][0]}`).trim());
  assert.equal(jobAt, rows[0][1] * 1000);
  let page = unescapeHtml((await petugas.get(`${INBOX}/${c}`)).text);
  assert.ok(page.includes('Surat Anda sudah bisa diambil besok.') && page.includes('Batalkan'));
  r = await petugas.post(`${INBOX}/${c}/kirim-nanti/batal`, { id: String(rows[1][0]) });
  assert.equal(r.status, 303);
  // nothing goes before its time
  const before = g.messages().filter((m) => m.body.type === 'text').length;
  await new Promise((res) => setTimeout(res, 1500));
  assert.equal(g.messages().filter((m) => m.body.type === 'text').length, before);
  // the test cannot wait two minutes: both jobs are made due now (only the moment changes)
  sql(server.db, `UPDATE job SET run_at = ${Date.now()} WHERE kind = 'scheduled'`);
  await waitFor(() => g.messages().some((m) => m.body.text?.body === 'Surat Anda sudah bisa diambil besok.'), { timeout: 15000, what: 'the scheduled message' });
  await waitFor(() => sql(server.db, "SELECT count(*) FROM job WHERE kind = 'scheduled'").trim() === '0', { timeout: 15000, what: 'both jobs done' });
  assert.ok(!g.messages().some((m) => m.body.text?.body === 'Pesan yang dibatalkan.'), 'a cancelled message never goes out');
  assert.equal(sql(server.db, `SELECT state FROM scheduled_message WHERE conversation_id = ${c} ORDER BY id`).trim(), 'sent\ncancelled');
  page = unescapeHtml((await petugas.get(`${INBOX}/${c}`)).text);
  assert.ok(!page.includes('Batalkan'), 'nothing is waiting any more');

  // past the end of the 24-hour window: refused, the text and time kept
  const late = wib(Date.now() + 30 * 3600000);
  r = await petugas.post(`${INBOX}/${c}/kirim-nanti`, { text: 'Terlambat dikirim', when: late });
  assert.equal(r.status, 422);
  assert.match(unescapeHtml(r.text), /jendela 24 jam WhatsApp sudah tertutup/);
  assert.equal(fieldValue(r.text, 'when'), late);
  assert.ok(unescapeHtml(r.text).includes('Terlambat dikirim'));
  // in the past: refused
  r = await petugas.post(`${INBOX}/${c}/kirim-nanti`, { text: 'Kemarin', when: wib(Date.now() - 3600000) });
  assert.equal(r.status, 422);
  assert.match(unescapeHtml(r.text), /harus setelah sekarang/);
});

test('a conversation left unanswered past the holder\'s wait moves up the chain by itself; one taken outside the chain stays', async (t) => {
  const server = await startBalai();
  t.after(() => server.stop());
  openAllWeek(server.db);      // the chain's members are on duty whenever the test runs
  const petugas = await login(server.base, 'petugas.jelitik');
  const lurah = await login(server.base, 'lurah.jelitik');
  const holderOf = (c) => Number(sql(server.db, `SELECT COALESCE(assigned_to, 0) FROM conversation WHERE id = ${c}`).trim());

  // Jelitik's chain (demo data): petugas.jelitik waits 15 minutes, then sekre.jelitik
  await chat(server.base, 'Permisi, surat pindah saya bagaimana?');
  const c = lastConversation(server.db);
  await petugas.get(`${INBOX}/${c}`);
  assert.equal((await petugas.post(`${INBOX}/${c}/status`, { action: 'ambil' })).status, 303);
  await chat(server.base, 'Saya juga perlu surat domisili');
  const other = lastConversation(server.db);
  assert.notEqual(other, c);
  await lurah.get(`${INBOX}/${other}`);
  assert.equal((await lurah.post(`${INBOX}/${other}/status`, { action: 'ambil' })).status, 303);
  // the citizens have waited 20 minutes (made so with sql(): the alternative is waiting 15)
  sql(server.db, `UPDATE message SET created_at = created_at - 1200 WHERE conversation_id IN (${c}, ${other}) AND direction = 'in'`);

  const sekre = staffId(server.db, 'sekre.jelitik');
  await waitFor(() => holderOf(c) === sekre, { timeout: 25000, what: 'the escalation to the next level' });
  const audit = sql(server.db, `SELECT actor || '|' || action FROM audit_log WHERE action = 'conversation.escalate' AND entity_id = '${c}'`).trim();
  assert.equal(audit, 'sistem|conversation.escalate');
  const thread = unescapeHtml((await petugas.get(`${INBOX}/${c}`)).text);
  const sekreName = sql(server.db, `SELECT full_name FROM staff WHERE id = ${sekre}`).trim();
  assert.match(thread, new RegExp(`sedang ditangani oleh <strong>${sekreName}</strong>`), 'the former holder is told who has it now');
  // the Lurah took the other one on purpose: it stays with the Lurah
  assert.equal(holderOf(other), staffId(server.db, 'lurah.jelitik'));
  // sekre.jelitik is the last level: nothing moves it further
  const before = Number(sql(server.db, `SELECT count(*) FROM audit_log WHERE action = 'conversation.escalate'`).trim());
  await new Promise((r) => setTimeout(r, 11000));
  assert.equal(Number(sql(server.db, `SELECT count(*) FROM audit_log WHERE action = 'conversation.escalate'`).trim()), before);
  assert.equal(holderOf(c), sekre);
});
