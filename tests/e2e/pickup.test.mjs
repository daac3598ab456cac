// Pickup slots, the public status page and the pickup reminder, end to end
// on the real binary (SQLite, or PostgreSQL with BALAI_TEST_PG).
//
// Requests are made the way staff make them: registered at the counter in
// the console (POST /console/o/jelitik/permohonan/baru) and moved to
// "selesai" through the status route; a citizen then looks the number up on
// the portal and picks a slot there. The clock is the real one, so dates
// are read from what the pages offer, never hard-coded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startBalai, cli, sql, Client, login } from './lib.mjs';
import { unescapeHtml, fieldValue, fieldError, selectOptions, judgeAll } from './util-e2e.mjs';
import { startFakeGraph, textWebhook, postWebhook, waitFor } from '../fakes/graph.mjs';

const OFFICE = 'jelitik';
const CONSOLE = `/console/o/${OFFICE}`;
const STATUS = `/o/${OFFICE}/status`;
const NUMBER_RE = /[A-Z0-9]{2,6}-\d{4}-\d{5}/;

// ---- helpers -------------------------------------------------------------------

/** Adds a weekly slot through the console; returns the response. */
function addSlot(c, weekday, from, to, capacity) {
  return c.post(`${CONSOLE}/jadwal-ambil`, { action: 'add', weekday: String(weekday), from, to, capacity: String(capacity) });
}

/** Slots Monday..Friday (the demo office works Mon–Fri), as an office would set them. */
async function weekdaySlots(c, from, to, capacity) {
  await c.get(`${CONSOLE}/jadwal-ambil`);
  for (let d = 0; d < 5; d++) {
    const r = await addSlot(c, d, from, to, capacity);
    assert.equal(r.status, 303, r.text.slice(0, 400));
  }
}

/** Registers a walk-in (or chat) request at the counter; returns {id, number, path}. */
async function newRequest(staff, { name = 'Siti Aminah', address = 'RT 003 / RW 001', phone = '', conversation } = {}) {
  const form = await staff.get(`${CONSOLE}/permohonan/baru`);
  assert.equal(form.status, 200, form.text.slice(0, 300));
  const services = (selectOptions(form.text, 'service') || []).filter(Boolean);
  const service = services.includes('sktm') ? 'sktm' : services[0] ?? '';
  const fields = { service, name, address, phone };
  if (conversation) fields.conversation = String(conversation);
  const r = await staff.post(`${CONSOLE}/permohonan/baru`, fields);
  assert.equal(r.status, 303, `register request: ${r.status} ${r.text.slice(0, 400)}`);
  const page = await staff.get(r.location);
  const number = page.text.match(NUMBER_RE)?.[0];
  assert.ok(number, 'the request page shows its registration number');
  const pin = page.text.match(/class="pin">(\d{6})</)?.[1];
  assert.ok(pin, 'the request page shows the pickup code to give the citizen');
  return { id: r.location.match(/permohonan\/(\d+)/)[1], number, pin, path: new URL(r.location, 'http://x').pathname };
}

/** Moves a request to `to` as staff do (with the version the page shows). */
async function setStatus(staff, req, to, note = '') {
  const page = await staff.get(req.path);
  const r = await staff.post(`${req.path}/status`, { to, note, version: fieldValue(page.text, 'version') });
  assert.equal(r.status, 303, `status ${to}: ${r.status} ${r.text.slice(0, 300)}`);
}

async function finishedRequest(staff, opts) {
  const req = await newRequest(staff, opts);
  await setStatus(staff, req, 'diproses');
  // petugas_verifikasi checks every document before the request may be selesai
  await judgeAll(await login(staff.base, 'verifikasi.jelitik'), 'jelitik', req.id);
  await setStatus(staff, req, 'selesai');
  return req;
}

/** The slot choices the status page offers: [{value, slot, date}]. */
function offered(html) {
  return [...html.matchAll(/name="slot" value="(slot:(\d+):(\d{8}))"/g)]
    .map((m) => ({ value: m[1], slot: Number(m[2]), date: m[3] }));
}

const iso = (yyyymmdd) => `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6)}`;

// ---- the console -----------------------------------------------------------------

test('staff set pickup slots; bad times and capacities get Indonesian messages and keep the input', async (t) => {
  const server = await startBalai();
  t.after(() => server.stop());
  const lurah = await login(server.base, 'lurah.jelitik');
  const page = await lurah.get(`${CONSOLE}/jadwal-ambil`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Belum ada jadwal pengambilan/);

  const cases = [
    [{ from: '10:00', to: '09:00', capacity: '5' }, 'to', /sesudah jam mulai/],
    [{ from: '05:00', to: '07:00', capacity: '5' }, 'to', /06\.00 dan 20\.00/],
    [{ from: '19:00', to: '21:00', capacity: '5' }, 'to', /06\.00 dan 20\.00/],
    [{ from: '08:00', to: '09:00', capacity: '0' }, 'capacity', /1 sampai 200/],
    [{ from: '08:00', to: '09:00', capacity: '201' }, 'capacity', /1 sampai 200/],
    [{ from: '8 pagi', to: '09:00', capacity: '3' }, 'from', /tidak valid/],
  ];
  for (const [f, field, msg] of cases) {
    const r = await lurah.post(`${CONSOLE}/jadwal-ambil`, { action: 'add', weekday: '1', ...f });
    assert.equal(r.status, 422, JSON.stringify(f));
    assert.match(fieldError(r.text, field) || '', msg, `${JSON.stringify(f)}: ${fieldError(r.text, field)}`);
    assert.equal(fieldValue(r.text, 'capacity'), f.capacity, 'what was typed is kept');
    assert.equal(fieldValue(r.text, 'from'), f.from);
  }
  // Saturday is closed in Jelitik's weekly hours: a slot there could never be offered
  const sat = await lurah.post(`${CONSOLE}/jadwal-ambil`, { action: 'add', weekday: '5', from: '08:00', to: '09:00', capacity: '3' });
  assert.equal(sat.status, 422);
  assert.match(fieldError(sat.text, 'weekday'), /tutup setiap hari Sabtu/);

  const ok = await addSlot(lurah, 1, '08.00', '10.00', 12);
  assert.equal(ok.status, 303);
  const after = await lurah.get(ok.location);
  assert.match(after.text, /Selasa<\/td><td>08\.00–10\.00<\/td><td>12 orang/);
  // switched off, then removed (never booked, so really gone)
  const id = after.text.match(/name="slot" value="(\d+)"/)[1];
  await lurah.post(`${CONSOLE}/jadwal-ambil`, { action: 'deactivate', slot: id });
  assert.match((await lurah.get(`${CONSOLE}/jadwal-ambil`)).text, /Nonaktif/);
  const del = await lurah.post(`${CONSOLE}/jadwal-ambil`, { action: 'remove', slot: id });
  assert.equal(del.status, 303);
  assert.match((await lurah.get(`${CONSOLE}/jadwal-ambil`)).text, /Belum ada jadwal pengambilan/);
  // every change is in the audit log
  assert.equal(sql(server.db, "SELECT count(*) FROM audit_log WHERE action LIKE 'pickup.slot.%'").trim(), '3');
});

// ---- the public status page --------------------------------------------------------

test('the status page shows number, service, status and ETA, never the citizen\'s name, address or phone', async (t) => {
  const server = await startBalai();
  t.after(() => server.stop());
  const petugas = await login(server.base, 'petugas.jelitik');
  const who = { name: 'Rahmawati Kusumadewi', address: 'Jalan Melati Gang Kenanga 17', phone: '081277788899' };
  const req = await newRequest(petugas, who);
  const anon = new Client(server.base);

  // typed the sloppy way a citizen would: lower case, spaces, no leading zeros
  const [code, year, seq] = req.number.split('-');
  const r = await anon.get(`${STATUS}?nomor=${encodeURIComponent(`${code.toLowerCase()} ${year} ${Number(seq)}`)}`);
  assert.equal(r.status, 200, r.text.slice(0, 300));
  assert.equal(r.headers.get('cache-control'), 'no-store');
  const text = unescapeHtml(r.text);
  assert.ok(text.includes(req.number));
  assert.match(text, /Baru/);
  assert.match(text, /Perkiraan selesai<\/dt><dd>\w+, \d{1,2} \w+ \d{4}/, 'the ETA as an Indonesian date');
  const json = await anon.get(`${STATUS}?nomor=${req.number}`, { headers: { accept: 'application/json' } });
  for (const page of [text, json.text]) {
    assert.ok(!page.includes('Rahmawati'), 'no name');
    assert.ok(!page.includes('Melati'), 'no address');
    assert.ok(!page.includes('77788899'), 'no phone');
  }
  // staff move it on: the citizen sees it
  await setStatus(petugas, req, 'diproses');
  assert.match(unescapeHtml((await anon.get(`${STATUS}?nomor=${req.number}`)).text), /Sedang diproses/);

  // an unknown number: 404, a friendly message and the form again
  const missing = await anon.get(`${STATUS}?nomor=${code}-${year}-99999`);
  assert.equal(missing.status, 404);
  assert.match(unescapeHtml(missing.text), /tidak ditemukan di kantor ini/);
  assert.equal(fieldValue(missing.text, 'nomor'), `${code}-${year}-99999`);
  const junk = await anon.get(`${STATUS}?nomor=halo`);
  assert.equal(junk.status, 422);
  assert.equal(fieldValue(junk.text, 'nomor'), 'halo');
  // the portal page links here
  assert.ok((await anon.get(`/o/${OFFICE}`)).text.includes(`href="${STATUS}"`));
});

test('lookups are throttled per client address: the 31st in ten minutes gets 429, others still get through', async (t) => {
  // behind a reverse proxy on this machine: the address comes from X-Forwarded-For
  const server = await startBalai({ args: ['--trusted-proxy', '127.0.0.1'] });
  t.after(() => server.stop());
  const anon = new Client(server.base);
  const from = (ip) => ({ headers: { 'x-forwarded-for': ip } });
  for (let i = 0; i < 30; i++) {
    const r = await anon.get(`${STATUS}?nomor=JLT-2026-${String(i + 1).padStart(5, '0')}`, from('203.0.113.7'));
    assert.equal(r.status, 404, `lookup ${i + 1}`);
  }
  const blocked = await anon.get(`${STATUS}?nomor=JLT-2026-00031`, from('203.0.113.7'));
  assert.equal(blocked.status, 429);
  assert.match(unescapeHtml(blocked.text), /terlalu sering/);
  assert.equal((await anon.get(`${STATUS}?nomor=JLT-2026-00031`, from('203.0.113.8'))).status, 404);
  // the bare form costs nothing
  assert.equal((await anon.get(STATUS, from('203.0.113.7'))).status, 200);
});

// ---- booking --------------------------------------------------------------------------

test('the offer skips the office\'s leave day; a citizen books once and a second booking is refused', async (t) => {
  const server = await startBalai();
  t.after(() => server.stop());
  const lurah = await login(server.base, 'lurah.jelitik');
  await weekdaySlots(lurah, '08:00', '10:00', 5);
  const req = await finishedRequest(lurah);
  const anon = new Client(server.base);

  const first = await anon.get(`${STATUS}?nomor=${req.number}`);
  assert.match(first.text, /Pilih jadwal pengambilan/);
  const before = offered(first.text);
  const dates = [...new Set(before.map((o) => o.date))];
  assert.ok(dates.length >= 5, `two weeks of working days are offered: ${dates}`);
  assert.deepEqual(dates, [...dates].sort(), 'sorted by date');

  // the office takes a leave day on the second offered date
  const leave = dates[1];
  await lurah.get(`${CONSOLE}/holidays`);
  const l = await lurah.post(`${CONSOLE}/leave`, { date: iso(leave), name: 'Rapat kerja kecamatan' });
  assert.equal(l.status, 303);
  const now = offered((await anon.get(`${STATUS}?nomor=${req.number}`)).text);
  assert.ok(!now.some((o) => o.date === leave), 'no slot on the leave day');
  assert.ok(now.some((o) => o.date === dates[0]) && now.some((o) => o.date === dates[2]), 'the other days stay');

  // the number alone is not enough: a stranger without the pickup code is refused
  const stranger = await anon.post(STATUS, { nomor: req.number, kode: req.pin === '000000' ? '111111' : '000000', slot: now[0].value });
  assert.equal(stranger.status, 403);
  assert.match(unescapeHtml(stranger.text), /Kode pengambilan tidak cocok/);
  const noCode = await anon.post(STATUS, { nomor: req.number, slot: now[0].value });
  assert.equal(noCode.status, 403);
  assert.equal(sql(server.db, 'SELECT count(*) FROM pickup_booking').trim(), '0');
  // and the public page never shows the code
  assert.ok(!new RegExp(`\\b${req.pin}\\b`).test(first.text), 'the status page does not reveal the pickup code');
  const asJson = await anon.json(`${STATUS}?nomor=${req.number}`);
  assert.ok(!new RegExp(`\\b${req.pin}\\b`).test(JSON.stringify(asJson.body)), 'nor does its JSON');

  // book the first one
  const choice = now[0];
  const r = await anon.post(STATUS, { nomor: req.number, kode: req.pin, slot: choice.value });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  const shown = unescapeHtml((await anon.get(r.location)).text);
  assert.match(shown, /jadwal pengambilan Anda sudah tercatat/);
  assert.match(shown, /Jadwal pengambilan<\/dt><dd>\w+, \d{1,2} \w+ \d{4}, pukul 08\.00–10\.00/);
  assert.ok(!shown.includes('name="slot"'), 'no second choice offered');
  // the officer at the counter sees the same appointment on the request page
  const staffView = unescapeHtml((await lurah.get(req.path)).text);
  assert.match(staffView, /Jadwal pengambilan<\/dt><dd>\w+, \d{1,2} \w+ \d{4} pukul 08\.00–10\.00/);

  // again (an old tab): refused, nothing changes
  const again = await anon.post(STATUS, { nomor: req.number, kode: req.pin, slot: now[1].value });
  assert.equal(again.status, 409);
  assert.match(unescapeHtml(again.text), /sudah dipilih sebelumnya/);
  assert.equal(sql(server.db, 'SELECT count(*) FROM pickup_booking').trim(), '1');
  assert.equal(sql(server.db, 'SELECT sum(booked) FROM pickup_load').trim(), '1');

  // a request that is not finished cannot book
  const open = await newRequest(lurah);
  const early = await anon.post(STATUS, { nomor: open.number, kode: open.pin, slot: now[1].value });
  assert.equal(early.status, 409);
  assert.match(unescapeHtml(early.text), /belum siap diambil/);
  // a forged form without the page's token is refused by the gate
  const forged = await new Client(server.base).request('POST', STATUS, { form: { nomor: req.number, slot: now[1].value } });
  assert.equal(forged.status, 403);

  // staff see who comes when
  const console_ = unescapeHtml((await lurah.get(`${CONSOLE}/jadwal-ambil`)).text);
  assert.match(console_, /Pengambilan yang akan datang/);
  assert.ok(console_.includes(req.number));
});

test('capacity 2 and five concurrent bookings of five requests: exactly two succeed, the rest are told it filled up', async (t) => {
  const server = await startBalai();
  t.after(() => server.stop());
  const lurah = await login(server.base, 'lurah.jelitik');
  await weekdaySlots(lurah, '13:00', '14:00', 2);
  const reqs = [];
  for (let i = 0; i < 5; i++) reqs.push(await finishedRequest(lurah, { name: `Warga ${i}` }));
  const citizens = await Promise.all(reqs.map(async (q) => {
    const c = new Client(server.base);
    const page = await c.get(`${STATUS}?nomor=${q.number}`);
    return { c, q, choice: offered(page.text)[0] };
  }));
  const target = citizens[0].choice.value;
  assert.ok(citizens.every((x) => x.choice.value === target), 'all five see the same first slot');
  const results = await Promise.all(citizens.map(({ c, q }) => c.post(STATUS, { nomor: q.number, kode: q.pin, slot: target })));
  const ok = results.filter((r) => r.status === 303);
  const full = results.filter((r) => r.status === 409);
  assert.equal(ok.length, 2, results.map((r) => r.status).join(','));
  assert.equal(full.length, 3);
  for (const r of full) {
    assert.match(unescapeHtml(r.text), /baru saja penuh/);
    assert.ok(!offered(r.text).some((o) => o.value === target), 'the full slot is no longer offered');
    assert.ok(offered(r.text).length > 0, 'other slots are offered again');
  }
  const [slot, date] = target.split(':').slice(1);
  assert.equal(sql(server.db, `SELECT booked FROM pickup_load WHERE slot_id = ${slot} AND date = ${date}`).trim(), '2');
  assert.equal(sql(server.db, 'SELECT count(*) FROM pickup_booking').trim(), '2');
});

// ---- the reminder ------------------------------------------------------------------------

const PNID = '112233445566778';
const TOKEN = 'EAAGtestToken0123456789abcdefWXYZ';
const APP_SECRET = 'appsecret9f3c2e1d0b7a';
const CITIZEN = '6281298765432';

test('the reminder reaches the citizen on WhatsApp as the approved template when the 24-hour window is closed, once', async (t) => {
  const server = await startBalai();
  const g = await startFakeGraph({ token: TOKEN, version: 'v21.0', appSecret: APP_SECRET });
  t.after(async () => { await g.close(); await server.stop(); });
  // the approved templates (channels/notify.h): the status notice and the survey go out too
  g.templates = { balai_pengingat_ambil: { languages: ['id'], bodyParams: 2 },
    balai_status_permohonan: { languages: ['id'], bodyParams: 4 }, balai_survei: { languages: ['id'], bodyParams: 2 } };
  const r = cli(['channel', 'whatsapp', '--office', OFFICE, '--phone-number-id', PNID, '--token', TOKEN,
    '--app-secret', APP_SECRET, '--verify-token', 'vt-pickup', '--graph-url', g.url], { db: server.db.url });
  assert.equal(r.code, 0, r.stderr);

  // The citizen last wrote 25 hours ago (a message Meta delivers late
  // carries its own timestamp), so the window is closed by now.
  const sentAt = Math.floor(Date.now() / 1000) - 25 * 3600;
  const hook = await postWebhook(`${server.base}/webhooks/whatsapp`,
    textWebhook({ from: CITIZEN, text: 'Selamat pagi, mau urus surat', timestamp: sentAt, phoneNumberId: PNID }), APP_SECRET);
  assert.equal(hook.status, 200);
  await waitFor(() => sql(server.db, 'SELECT count(*) FROM conversation').trim() === '1', { timeout: 15000, what: 'the conversation' });
  const conversation = sql(server.db, 'SELECT id FROM conversation').trim();

  const lurah = await login(server.base, 'lurah.jelitik');
  await weekdaySlots(lurah, '09:00', '11:00', 5);
  const req = await finishedRequest(lurah, { conversation });
  const anon = new Client(server.base);
  const choice = offered((await anon.get(`${STATUS}?nomor=${req.number}`)).text)[0];
  const booked = await anon.post(STATUS, { nomor: req.number, kode: req.pin, slot: choice.value });
  assert.equal(booked.status, 303);

  // The job is due the day before the pickup at 15.00 WIB (UTC+7), or at
  // once when that has passed. The test cannot wait until 15.00, so when
  // the job lies in the future it is made due now: only the moment
  // changes, and the moment itself is checked first.
  const d = choice.date;
  const dayBefore = Date.UTC(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6)) - 86400000;
  const due = dayBefore + (15 - 7) * 3600000;
  const runAt = Number(sql(server.db, "SELECT run_at FROM job WHERE kind = 'reminder'").trim());
  if (due > Date.now()) {
    assert.equal(runAt, due, 'scheduled for 15.00 WIB the day before');
    sql(server.db, `UPDATE job SET run_at = ${Date.now()} WHERE kind = 'reminder'`);
  } else {
    assert.ok(runAt <= Date.now() + 1000, 'the moment has passed: due at once');
  }
  const isReminder = (s) => s.body.type === 'template' && s.body.template.name === 'balai_pengingat_ambil';
  await waitFor(() => g.messages().some(isReminder), { timeout: 15000, what: 'the reminder template' });
  const sent = g.messages().filter(isReminder);
  assert.equal(sent.length, 1);
  const tpl = sent[0].body.template;
  assert.equal(tpl.language.code, 'id');
  assert.equal(sent[0].body.to, `+${CITIZEN}`);
  const params = tpl.components[0].parameters.map((p) => p.text);
  assert.equal(params[0], req.number);
  assert.match(params[1], /^\w+, \d{1,2} \w+ \d{4} pukul 09\.00–11\.00$/, 'the date and time in Indonesian');
  assert.equal(sql(server.db, 'SELECT reminded FROM pickup_booking').trim(), '1');
  // staff see the reminder in the conversation, in words
  const thread = unescapeHtml((await lurah.get(`${CONSOLE}/percakapan/${conversation}`)).text);
  assert.match(thread, /Pengingat: /);

  // never twice: even if the job came back, nothing more is sent
  sql(server.db, `INSERT INTO job (kind, office_id, ref_id, payload, run_at, created_at) SELECT 'reminder', s.office_id, b.id, '{}', ${Date.now()}, 0 FROM pickup_booking b JOIN pickup_slot s ON s.id = b.slot_id`);
  await waitFor(() => sql(server.db, "SELECT count(*) FROM job WHERE kind = 'reminder' AND state = 'ready'").trim() === '0', { timeout: 15000, what: 'the repeated job' });
  await new Promise((res) => setTimeout(res, 500));
  assert.equal(g.messages().filter(isReminder).length, 1);
});

test('at the counter, staff choose a slot for a walk-in citizen on the request page; a full slot is refused', async (t) => {
  const server = await startBalai();
  t.after(() => server.stop());
  const lurah = await login(server.base, 'lurah.jelitik');
  await weekdaySlots(lurah, '13:00', '14:00', 1);
  const first = await finishedRequest(lurah, { name: 'Budi Santoso' });
  const second = await finishedRequest(lurah, { name: 'Ani Lestari' });

  const page = await lurah.get(first.path);
  assert.match(page.text, /Pilih jadwal untuk warga/);
  const options = selectOptions(page.text, 'slot');
  assert.ok(options.length > 0 && options.every((o) => /^slot:\d+:\d{8}$/.test(o)), String(options));
  const booked = await lurah.post(`${first.path}/ambil`, { slot: options[0] });
  assert.equal(booked.status, 303, booked.text.slice(0, 300));
  const after = unescapeHtml((await lurah.get(first.path)).text);
  assert.match(after, /Jadwal pengambilan<\/dt><dd>\w+, \d{1,2} \w+ \d{4} pukul 13\.00–14\.00/);
  assert.ok(!after.includes('Pilih jadwal untuk warga'), 'no second choice once booked');
  // the same slot and date had one place: the other citizen cannot have it
  const full = await lurah.post(`${second.path}/ambil`, { slot: options[0] });
  assert.equal(full.status, 409);
  assert.match(unescapeHtml(full.text), /baru saja penuh/);
  assert.equal(sql(server.db, 'SELECT count(*) FROM pickup_booking').trim(), '1');
  // the public status page shows the appointment too
  const pub = unescapeHtml((await new Client(server.base).get(`${STATUS}?nomor=${first.number}`)).text);
  assert.match(pub, /pukul 13\.00–14\.00/);
  assert.ok(!pub.includes('Budi Santoso'));
});

// ---- one consistent pickup text per case ------------------------------------------------

test('pickup texts never contradict each other: no slots, none bookable, bookable, booked, collected', async (t) => {
  const server = await startBalai();
  t.after(() => server.stop());
  const lurah = await login(server.base, 'lurah.jelitik');
  const anon = new Client(server.base);
  const CHOOSE = /Pilih jadwal pengambilan|Silakan pilih jadwal|Pilih jadwal untuk warga|name="slot"/;
  const NONE = /tidak ada jadwal|belum ada jadwal/i;
  const statusPage = async (req) => unescapeHtml((await anon.get(`${STATUS}?nomor=${req.number}`)).text);
  const consolePage = async (req) => unescapeHtml((await lurah.get(req.path)).text);
  const pages = async (req) => [await statusPage(req), await consolePage(req)];
  const book = async (req, slot) => {
    const c = new Client(server.base);
    await c.get(`${STATUS}?nomor=${req.number}`);
    const r = await c.post(STATUS, { nomor: req.number, kode: req.pin, slot });
    assert.equal(r.status, 303, r.text.slice(0, 300));
  };

  // no slots at all: come in office hours, nothing to choose
  const walkIn = await finishedRequest(lurah);
  for (const html of await pages(walkIn)) {
    assert.match(html, /Silakan ambil di kantor pada jam layanan/);
    assert.doesNotMatch(html, CHOOSE);
  }

  // slots that can be booked: one Tuesday slot with room for one
  await lurah.get(`${CONSOLE}/jadwal-ambil`);
  assert.equal((await addSlot(lurah, 1, '08:00', '09:00', 1)).status, 303);
  const chooser = await finishedRequest(lurah);
  for (const html of await pages(chooser)) {
    assert.match(html, CHOOSE);
    assert.match(html, /Silakan pilih jadwal pengambilan/, 'the next step asks to pick one');
    assert.doesNotMatch(html, NONE);
  }

  // booked: when to come, no second choice
  await book(chooser, offered((await anon.get(`${STATUS}?nomor=${chooser.number}`)).text)[0].value);
  for (const html of await pages(chooser)) {
    assert.match(html, /Silakan datang sesuai jadwal pengambilan/);
    assert.match(html, /<dt>Jadwal pengambilan<\/dt>/);
    assert.doesNotMatch(html, CHOOSE);
    assert.doesNotMatch(html, NONE);
  }

  // slots exist but every one is taken: no choice offered, one sentence says so
  let full = null;
  for (let i = 0; i < 4 && !full; i++) {
    const req = await finishedRequest(lurah);
    const offer = offered((await anon.get(`${STATUS}?nomor=${req.number}`)).text);
    if (offer.length) await book(req, offer[0].value);
    else full = req;
  }
  assert.ok(full, 'the slot is full for the next two weeks');
  for (const html of await pages(full)) {
    assert.match(html, /Saat ini tidak ada jadwal pengambilan yang masih bisa dipilih/);
    assert.doesNotMatch(html, CHOOSE);
  }
  // the walk-in's page, with slots now configured but full, says the same
  assert.match(await statusPage(walkIn), /Saat ini tidak ada jadwal pengambilan yang masih bisa dipilih/);

  // collected: done, the appointment kept as history
  await setStatus(lurah, chooser, 'diambil');
  for (const html of await pages(chooser)) {
    assert.match(html, /Permohonan sudah selesai\. Terima kasih\./);
    assert.match(html, /Jadwal pengambilan \(sudah diambil\)/);
    assert.doesNotMatch(html, CHOOSE);
    assert.doesNotMatch(html, NONE);
  }
});
