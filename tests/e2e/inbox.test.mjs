// The live shared inbox: every open inbox page of an office hears, within a
// second and without reload, about a new message (portal chat or a signed
// WhatsApp webhook), a staff reply, an assignment or a colleague typing —
// and no other office hears it. The stream is read the way a browser's
// EventSource reads it (fetch + text/event-stream frames). Also: taking and
// handing over a conversation (audited, only to staff of the office), and a
// reply refused when a colleague took the conversation after the page was
// drawn. With BALAI_TEST_PG set, two balai instances on one PostgreSQL pass
// the same live test (LISTEN/NOTIFY).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startBalai, cli, sql, login, ON_PG, serveOn } from './lib.mjs';
import { unescapeHtml } from './util-e2e.mjs';
import { startFakeGraph, textWebhook, postWebhook, waitFor } from '../fakes/graph.mjs';

// the promise made to staff: within a second; under valgrind (BALAI_WRAP)
// the bot alone takes longer, so only the order of events is checked there
const LIVE_MS = process.env.BALAI_WRAP ? 15000 : 1000;

/** Opens an office's event stream as client c; collects events as they come. */
async function openStream(base, c, office) {
  const ac = new AbortController();
  const res = await fetch(`${base}/console/o/${office}/percakapan/live`, {
    headers: { cookie: c.cookieHeader(), accept: 'text/event-stream' }, signal: ac.signal, redirect: 'manual',
  });
  const s = { status: res.status, type: res.headers.get('content-type'), raw: '', events: [], waiters: [] };
  s.close = () => ac.abort();
  if (res.status !== 200) { await res.body?.cancel(); return s; }
  const dec = new TextDecoder();
  (async () => {
    try {
      for await (const chunk of res.body) {
        s.raw += dec.decode(chunk, { stream: true });
        let i;
        while ((i = s.raw.indexOf('\n\n')) >= 0) {
          const frame = s.raw.slice(0, i);
          s.raw = s.raw.slice(i + 2);
          const ev = { at: Date.now(), event: 'message', data: '', comment: '' };
          for (const line of frame.split('\n')) {
            if (line.startsWith(':')) ev.comment += line.slice(1).trim();
            else if (line.startsWith('event: ')) ev.event = line.slice(7);
            else if (line.startsWith('data: ')) ev.data += line.slice(6);
            else if (line.startsWith('retry: ')) s.retry = Number(line.slice(7));
          }
          if (ev.data) { ev.json = JSON.parse(ev.data); s.events.push(ev); }
          else if (ev.comment) s.hello = ev.comment;
        }
      }
    } catch { /* aborted */ }
  })();
  // the stream is open once its greeting has come
  await waitFor(() => s.hello !== undefined, { timeout: 5000, what: 'the stream greeting' });
  /** The first event after `since` matching pred. */
  s.next = (pred, { since = 0, timeout = 5000 } = {}) =>
    waitFor(() => s.events.find((e) => e.at >= since && pred(e)), { timeout, interval: 5, what: 'a live event' });
  return s;
}

async function chat(base, text, office = 'jelitik') {
  const res = await fetch(`${base}/o/${office}/obrolan`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }),
  });
  const body = await res.text();
  assert.equal(res.status, 200, body);
  return JSON.parse(body);
}

const fullName = (db, u) => sql(db, `SELECT full_name FROM staff WHERE username = '${u}'`).trim();
const staffId = (db, u) => Number(sql(db, `SELECT id FROM staff WHERE username = '${u}'`).trim());
const lastConversation = (db) => Number(sql(db, 'SELECT max(id) FROM conversation').trim());

test('a portal chat message reaches every open inbox of the office within a second, after its commit, and no other office', async () => {
  const server = await startBalai();
  try {
    const a = await login(server.base, 'petugas.jelitik');
    const b = await login(server.base, 'sekre.jelitik');
    const other = await login(server.base, 'petugas.sogaten');
    const sa = await openStream(server.base, a, 'jelitik');
    const sb = await openStream(server.base, b, 'jelitik');
    const so = await openStream(server.base, other, 'sogaten');
    assert.equal(sa.status, 200);
    assert.match(sa.type, /^text\/event-stream/);
    assert.ok(sa.retry > 0, 'the stream tells the browser how soon to reconnect');
    // staff of another office cannot listen to Jelitik
    const spy = await openStream(server.base, other, 'jelitik');
    assert.equal(spy.status, 403);

    const t0 = Date.now();
    await chat(server.base, 'Selamat siang, syarat SKTM apa saja ya?');
    const ea = await sa.next((e) => e.event === 'message', { since: t0 });
    const eb = await sb.next((e) => e.event === 'message', { since: t0 });
    assert.ok(ea.at - t0 < LIVE_MS, `first inbox heard it after ${ea.at - t0} ms`);
    assert.ok(eb.at - t0 < LIVE_MS, `second inbox heard it after ${eb.at - t0} ms`);
    const conv = ea.json.conversation;
    assert.equal(conv, lastConversation(server.db));
    // when the event comes the change is committed: the page shows it at once
    const page = await a.get(`/console/o/jelitik/percakapan/${conv}`);
    assert.ok(unescapeHtml(page.text).includes('syarat SKTM apa saja ya?'), 'the thread has the message');
    const list = await b.get('/console/o/jelitik/percakapan');
    assert.ok(list.text.includes(`data-conversation="${conv}"`));

    // a staff reply is announced to the colleague's page too
    const t1 = Date.now();
    const r = await a.post(`/console/o/jelitik/percakapan/${conv}/balas`, { text: 'Baik, kami bantu.', holder: '0' });
    assert.equal(r.status, 303, r.text.slice(0, 300));
    const reply = await sb.next((e) => e.event === 'message' && e.json.conversation === conv, { since: t1 });
    assert.ok(reply.at - t1 < LIVE_MS);

    await new Promise((res) => setTimeout(res, 300));
    assert.deepEqual(so.events.filter((e) => e.event !== 'resync'), [], 'Sogaten heard nothing of Jelitik');
    for (const s of [sa, sb, so]) s.close();
  } finally {
    await server.stop();
  }
});

test('a signed WhatsApp webhook reaches the inbox within a second', async () => {
  const server = await startBalai();
  const PNID = '112233445566778', SECRET = 'appsecret7c1d2e3f4a5b', TOKEN = 'EAAGliveToken0123456789';
  const g = await startFakeGraph({ token: TOKEN, appSecret: SECRET });
  try {
    const r = cli(['channel', 'whatsapp', '--office', 'jelitik', '--phone-number-id', PNID, '--token', TOKEN,
      '--app-secret', SECRET, '--verify-token', 'vt-live', '--graph-url', g.url], { db: server.db.url });
    assert.equal(r.code, 0, r.stderr);
    const a = await login(server.base, 'petugas.jelitik');
    const s = await openStream(server.base, a, 'jelitik');
    const t0 = Date.now();
    const hook = await postWebhook(`${server.base}/webhooks/whatsapp`, textWebhook({ phoneNumberId: PNID, text: 'Halo, jam buka kantor?' }), SECRET);
    assert.equal(hook.status, 200);
    const ev = await s.next((e) => e.event === 'message', { since: t0 });
    assert.ok(ev.at - t0 < LIVE_MS, `heard after ${ev.at - t0} ms`);
    const page = await a.get(`/console/o/jelitik/percakapan/${ev.json.conversation}`);
    assert.ok(unescapeHtml(page.text).includes('Halo, jam buka kantor?'));
    // the bot's answer goes out through the fake Graph API: its delivery status is announced
    await s.next((e) => e.event === 'status' && e.json.conversation === ev.json.conversation, { since: t0 });
    s.close();
  } finally {
    await g.close();
    await server.stop();
  }
});

test('typing shows "sedang dibalas" to colleagues of the office only, and only for its conversations', async () => {
  const server = await startBalai();
  try {
    const a = await login(server.base, 'petugas.jelitik');
    const b = await login(server.base, 'sekre.jelitik');
    const other = await login(server.base, 'petugas.sogaten');
    await chat(server.base, 'Mau tanya soal akta kelahiran');
    const conv = lastConversation(server.db);
    await chat(server.base, 'Jam buka kantor kapan?', 'sogaten');
    const sogatenConv = lastConversation(server.db);
    const sb = await openStream(server.base, b, 'jelitik');
    const so = await openStream(server.base, other, 'sogaten');
    await a.get(`/console/o/jelitik/percakapan/${conv}`);
    const t0 = Date.now();
    const r = await a.post(`/console/o/jelitik/percakapan/${conv}/mengetik`);
    assert.equal(r.status, 204);
    const ev = await sb.next((e) => e.event === 'typing', { since: t0 });
    assert.ok(ev.at - t0 < LIVE_MS);
    assert.equal(ev.json.conversation, conv);
    assert.equal(ev.json.by, fullName(server.db, 'petugas.jelitik'));
    assert.equal(ev.json.staff, staffId(server.db, 'petugas.jelitik'));
    // a Sogaten conversation cannot be reached through Jelitik's address
    const wrong = await a.post(`/console/o/jelitik/percakapan/${sogatenConv}/mengetik`);
    assert.equal(wrong.status, 404);
    await new Promise((res) => setTimeout(res, 200));
    assert.equal(so.events.filter((e) => e.event === 'typing').length, 0);
    sb.close(); so.close();
  } finally {
    await server.stop();
  }
});

test('take and hand over a conversation: audited, announced, only to staff of the office; a stale reply waits', async () => {
  const server = await startBalai();
  try {
    const a = await login(server.base, 'petugas.jelitik');
    const b = await login(server.base, 'sekre.jelitik');
    await chat(server.base, 'Saya perlu surat pindah');
    const conv = lastConversation(server.db);
    const thread = `/console/o/jelitik/percakapan/${conv}`;
    const sa = await openStream(server.base, a, 'jelitik');

    // petugas opens the thread while nobody has it
    const before = await a.get(thread);
    assert.match(before.text, /name="holder" value="0"/);

    // the koordinator takes it: petugas hears it at once
    await b.get(thread);
    const t0 = Date.now();
    const take = await b.post(`${thread}/tugaskan`, { staff: 'saya' });
    assert.equal(take.status, 303);
    const ev = await sa.next((e) => e.event === 'assign', { since: t0 });
    assert.ok(ev.at - t0 < LIVE_MS);
    const sekre = fullName(server.db, 'sekre.jelitik');
    assert.equal(ev.json.name, sekre);
    assert.equal(sql(server.db, `SELECT assigned_to, state FROM conversation WHERE id = ${conv}`).trim(),
      `${staffId(server.db, 'sekre.jelitik')}|human`);
    assert.equal(Number(sql(server.db, `SELECT count(*) FROM audit_log WHERE action = 'conversation.assign' AND entity_id = '${conv}'`).trim()), 1);

    // petugas replies from the page drawn before: refused, text kept, nothing sent
    const outBefore = sql(server.db, "SELECT count(*) FROM message WHERE direction = 'out'").trim();
    const stale = await a.post(`${thread}/balas`, { text: 'Syaratnya KTP dan KK.', holder: '0' });
    assert.equal(stale.status, 422);
    const shown = unescapeHtml(stale.text);
    assert.ok(shown.includes(`baru saja diambil oleh ${sekre}`), shown.slice(0, 500));
    assert.ok(shown.includes('Syaratnya KTP dan KK.'), 'the reply is kept in the box');
    assert.equal(sql(server.db, "SELECT count(*) FROM message WHERE direction = 'out'").trim(), outBefore);
    // the fresh page says who has it; replying knowingly goes through
    const now = await a.get(thread);
    assert.ok(unescapeHtml(now.text).includes(`sedang ditangani oleh <strong>${sekre}</strong>`));
    const ok = await a.post(`${thread}/balas`, { text: 'Syaratnya KTP dan KK.', holder: String(staffId(server.db, 'sekre.jelitik')) });
    assert.equal(ok.status, 303);

    // hand it to the petugas; someone of another office cannot be chosen
    await b.get(thread);
    const outsider = staffId(server.db, 'petugas.sogaten');
    const bad = await b.post(`${thread}/tugaskan`, { staff: String(outsider) });
    assert.equal(bad.status, 422);
    assert.match(unescapeHtml(bad.text), /Pilih petugas kantor ini/);
    assert.equal(sql(server.db, `SELECT assigned_to FROM conversation WHERE id = ${conv}`).trim(), String(staffId(server.db, 'sekre.jelitik')));
    const konten = staffId(server.db, 'konten.jelitik');   // a content editor does not answer citizens
    assert.equal((await b.post(`${thread}/tugaskan`, { staff: String(konten) })).status, 422);
    const hand = await b.post(`${thread}/tugaskan`, { staff: String(staffId(server.db, 'petugas.jelitik')) });
    assert.equal(hand.status, 303);
    const mine = await a.get(thread);
    assert.ok(unescapeHtml(mine.text).includes('Anda yang memegang percakapan ini'));
    const list = await a.get('/console/o/jelitik/percakapan');
    assert.match(list.text, new RegExp(`data-conversation="${conv}"(?:(?!data-conversation=)[\\s\\S])*?Dipegang <strong>Anda</strong>`));
    sa.close();
  } finally {
    await server.stop();
  }
});

test('two balai instances on one PostgreSQL: a message taken in by one appears on an inbox open on the other', { skip: !ON_PG && 'needs BALAI_TEST_PG' }, async () => {
  const one = await startBalai();
  const second = await serveOn(one.db);
  try {
    const two = second.base;
    const b = await login(two, 'sekre.jelitik');
    const s = await openStream(two, b, 'jelitik');
    const so = await openStream(two, await login(two, 'petugas.sogaten'), 'sogaten');
    const t0 = Date.now();
    await chat(one.base, 'Pesan ke instans pertama: syarat KTP?');
    const ev = await s.next((e) => e.event === 'message', { since: t0 });
    assert.ok(ev.at - t0 < LIVE_MS, `heard on the other instance after ${ev.at - t0} ms`);
    const page = await b.get(`/console/o/jelitik/percakapan/${ev.json.conversation}`);
    assert.ok(unescapeHtml(page.text).includes('Pesan ke instans pertama'));
    // typing on instance one reaches instance two as well
    const a = await login(one.base, 'petugas.jelitik');
    await a.get(`/console/o/jelitik/percakapan/${ev.json.conversation}`);
    const t1 = Date.now();
    assert.equal((await a.post(`/console/o/jelitik/percakapan/${ev.json.conversation}/mengetik`)).status, 204);
    await s.next((e) => e.event === 'typing', { since: t1 });
    await new Promise((res) => setTimeout(res, 200));
    assert.equal(so.events.length, 0, 'Sogaten on instance two heard nothing');
    s.close(); so.close();
  } finally {
    try { await second.stop(); } finally { await one.stop(); }
  }
});

test('labels, internal notes that are never sent, filters and search in the list', async () => {
  const server = await startBalai();
  try {
    const a = await login(server.base, 'petugas.jelitik');
    const b = await login(server.base, 'sekre.jelitik');
    await chat(server.base, 'Saya mau urus akta kelahiran anak');
    const akta = lastConversation(server.db);
    await chat(server.base, 'Kapan kantor buka hari Sabtu?');
    const jam = lastConversation(server.db);
    assert.notEqual(akta, jam);
    const thread = `/console/o/jelitik/percakapan/${akta}`;
    const sb = await openStream(server.base, b, 'jelitik');
    await a.get(thread);

    // a label, typed in any case, is kept once in lower case and announced
    const t0 = Date.now();
    assert.equal((await a.post(`${thread}/label`, { label: '  Diproses ' })).status, 303);
    assert.equal((await a.post(`${thread}/label`, { label: 'diproses' })).status, 303);
    assert.equal((await a.post(`${thread}/label`, { label: 'Akta' })).status, 303);
    await sb.next((e) => e.event === 'label' && e.json.conversation === akta, { since: t0 });
    assert.equal(sql(server.db, `SELECT label FROM conversation_label WHERE conversation_id = ${akta} ORDER BY label`).trim(), 'akta\ndiproses');
    const tooLong = await a.post(`${thread}/label`, { label: 'x'.repeat(31) });
    assert.equal(tooLong.status, 422);
    assert.match(unescapeHtml(tooLong.text), /Label terlalu panjang/);
    assert.ok(tooLong.text.includes('x'.repeat(31)), 'the typed label is kept');

    // an internal note: shown to colleagues, announced, never sent to the citizen
    const outBefore = sql(server.db, "SELECT count(*) FROM message WHERE direction = 'out'").trim();
    const t1 = Date.now();
    assert.equal((await a.post(`${thread}/catatan`, { note: 'Warga sudah datang kemarin, tinggal KK.' })).status, 303);
    await sb.next((e) => e.event === 'note' && e.json.conversation === akta, { since: t1 });
    const seen = unescapeHtml((await b.get(thread)).text);
    assert.ok(seen.includes('Warga sudah datang kemarin, tinggal KK.'));
    assert.equal(sql(server.db, "SELECT count(*) FROM message WHERE direction = 'out'").trim(), outBefore, 'nothing went to the citizen');
    const poll = await fetch(`${server.base}/o/jelitik/obrolan?since=0`).then((r) => r.text());
    assert.ok(!poll.includes('tinggal KK'));
    const empty = await a.post(`${thread}/catatan`, { note: '   ' });
    assert.equal(empty.status, 422);
    assert.match(unescapeHtml(empty.text), /Tulis catatan terlebih dahulu/);

    // removing a label
    assert.equal((await a.post(`${thread}/label`, { hapus: 'akta' })).status, 303);
    assert.equal(sql(server.db, `SELECT label FROM conversation_label WHERE conversation_id = ${akta}`).trim(), 'diproses');

    // filters: by label, search in messages, mine / unassigned, channel
    const rows = async (q) => [...(await a.get(`/console/o/jelitik/percakapan${q}`)).text.matchAll(/data-conversation="(\d+)"/g)].map((m) => Number(m[1])).sort();
    assert.deepEqual(await rows(''), [akta, jam].sort());
    assert.deepEqual(await rows('?label=diproses'), [akta]);
    assert.deepEqual(await rows('?q=SABTU'), [jam]);
    assert.deepEqual(await rows('?q=100%25'), []);
    assert.deepEqual(await rows('?kanal=whatsapp'), []);
    assert.deepEqual(await rows('?kanal=web'), [akta, jam].sort());
    assert.deepEqual(await rows('?tampil=mine'), []);
    await a.post(`${thread}/tugaskan`, { staff: 'saya' });
    assert.deepEqual(await rows('?tampil=mine'), [akta]);
    assert.deepEqual(await rows('?tampil=unassigned'), [jam]);
    assert.deepEqual(await rows('?tampil=apa-saja'), [akta, jam].sort(), 'an unknown filter shows everything');
    const none = await a.get('/console/o/jelitik/percakapan?q=tidak-ada-sama-sekali');
    assert.match(unescapeHtml(none.text), /Tidak ada percakapan yang cocok/);
    sb.close();
  } finally {
    await server.stop();
  }
});

test('a request\'s status change relabels its chat (baru / diproses / selesai) and open inboxes hear of it', async () => {
  const server = await startBalai();
  const s = { close() {} };
  try {
    const petugas = await login(server.base, 'petugas.jelitik');
    await chat(server.base, 'mau urus sktm');
    const conv = lastConversation(server.db);
    const stream = await openStream(server.base, petugas, 'jelitik');
    s.close = stream.close;
    await petugas.get(`/console/o/jelitik/permohonan/baru?conversation=${conv}`);
    const made = await petugas.post('/console/o/jelitik/permohonan/baru', { service: 'sktm', name: 'Yanti', address: 'RT 01 / RW 04', conversation: String(conv) });
    assert.equal(made.status, 303, made.text.slice(0, 300));
    const path = made.location.replace(/\?.*$/, '');
    const rows = async (label) => [...(await petugas.get(`/console/o/jelitik/percakapan?label=${label}`)).text.matchAll(/data-conversation="(\d+)"/g)].map((m) => Number(m[1]));
    assert.deepEqual(await rows('baru'), [conv]);
    const page = await petugas.get(path);
    const version = page.text.match(/name="version" value="(\d+)"/)[1];
    const t0 = Date.now();
    const r = await petugas.post(`${path}/status`, { to: 'diproses', note: '', version });
    assert.equal(r.status, 303, r.text.slice(0, 300));
    await stream.next((e) => e.event === 'label' && e.json.conversation === conv, { since: t0 });
    assert.deepEqual(await rows('diproses'), [conv]);
    assert.deepEqual(await rows('baru'), []);
  } finally {
    s.close();
    await server.stop();
  }
});
