// The moderation queue (issue 17; web/moderation.c, web/moderation_portal.c,
// db/store_moderation.c), end to end on the real binary (SQLite, or
// PostgreSQL with BALAI_TEST_PG): a comment under a published news item is
// held until staff approve it, then shows with the office's answer; spam
// and hidden ones never show; NIK numbers are masked before they are
// stored; the wrong role and the wrong office are refused; the public forms
// have size limits and a limit per address, in Indonesian; a hoax report
// becomes a "klarifikasi hoaks" draft linked both ways; every decision is
// in the audit log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startBalai, sql, cli, Client, login } from './lib.mjs';
import { unescapeHtml, fieldError } from './util-e2e.mjs';
import { until } from './content-cal-util.mjs';
import { waEnv } from './wa-env.mjs';
import { textWebhook, waitFor } from '../fakes/graph.mjs';
import { startFakeTelegram, textUpdate, postUpdate } from '../fakes/telegram.mjs';

const NIK = '3171012345670003';
const ITEM = '/o/jelitik/berita/jadwal-posyandu-mod';
const count = (db, q) => Number(sql(db, q).trim());

function publishItem(db) {
  sql(db, "INSERT INTO content_item (office_id, slug, type, state, title, summary, created_at, updated_at, published_at) " +
    "SELECT id, 'jadwal-posyandu-mod', 'pengumuman', 'terbit', 'Jadwal Posyandu Desember', 'Posyandu pada 12 Desember.', 1, 1, 1 " +
    "FROM office WHERE slug = 'jelitik'");
}

/** Opens the form as a browser does (pre-session cookie and token), then posts it. */
async function send(c, path, form) {
  const page = await c.get(path);
  assert.equal(page.status, 200, page.text.slice(0, 300));
  return c.post(path, form);
}

const entryId = (db, text) => sql(db, `SELECT id FROM moderation WHERE body LIKE '${text}%'`).trim();

test('comments are held until approved, spam and hidden never show, decisions are audited, roles and offices are checked, limits hold', async (t) => {
  const server = await startBalai();
  t.after(() => server.stop());
  publishItem(server.db);
  const anon = new Client(server.base);
  const ask = `${ITEM}/tanya`;

  const empty = await anon.get(ITEM);
  assert.equal(empty.status, 200);
  assert.match(unescapeHtml(empty.text), /Belum ada komentar yang ditampilkan/);
  assert.ok(empty.text.includes(`href="${ask}"`), 'the item page links to the comment form');

  // without the form's token nothing is filed
  const forged = await new Client(server.base).request('POST', ask, { form: { kind: 'komentar', name: 'Budi', text: 'Halo' } });
  assert.equal(forged.status, 403);
  assert.equal(count(server.db, 'SELECT COUNT(*) FROM moderation'), 0);

  // size limits and required fields, in Indonesian, with what was typed kept
  const long = await send(anon, ask, { kind: 'komentar', name: 'Budi', text: 'a'.repeat(1001) });
  assert.equal(long.status, 422);
  assert.match(fieldError(long.text, 'text'), /terlalu panjang \(paling banyak 1\.000 karakter\)/);
  const none = await anon.post(ask, { kind: 'komentar', name: '', text: 'Kapan mulai?' });
  assert.equal(none.status, 422);
  assert.match(fieldError(none.text, 'name'), /wajib diisi/);
  assert.match(none.text, /Kapan mulai\?/);
  assert.equal(count(server.db, 'SELECT COUNT(*) FROM moderation'), 0, 'nothing filed from a refused form');

  // three comments: one to approve (with a NIK in it), one spam, one to hide
  for (const [name, text] of [['Siti', `Apakah perlu bawa KK? NIK saya ${NIK}`], ['Promo', 'Pinjaman cepat klik tautan'], ['Anon', 'Komentar kasar']]) {
    const r = await send(anon, ask, { kind: name === 'Siti' ? 'pertanyaan' : 'komentar', name, text, phone: name === 'Siti' ? '0812 3456 7890' : '' });
    assert.equal(r.status, 200, r.text.slice(0, 300));
    assert.match(unescapeHtml(r.text), /Kiriman Anda sudah kami terima/);
  }
  const bodies = sql(server.db, 'SELECT body FROM moderation ORDER BY id');
  assert.ok(!bodies.includes(NIK), 'the NIK is masked before it is stored');
  assert.match(bodies, /3171\*{8}0003/);
  const held = unescapeHtml((await anon.get(ITEM)).text);
  for (const w of ['Apakah perlu bawa KK', 'Pinjaman cepat', 'Komentar kasar'])
    assert.ok(!held.includes(w), `"${w}" is held until approved`);

  // the wrong role and the wrong office are refused
  const petugas = await login(server.base, 'petugas.jelitik');
  assert.equal((await petugas.get('/console/o/jelitik/moderasi')).status, 403);
  const approveId = entryId(server.db, 'Apakah perlu');
  const refused = await petugas.post(`/console/o/jelitik/moderasi/${approveId}/putuskan`, { action: 'setujui', answer: 'Tidak' });
  assert.equal(refused.status, 403);
  const other = await login(server.base, 'konten.bekasiutara');
  assert.equal((await other.get('/console/o/jelitik/moderasi')).status, 403);
  await other.get('/console/o/bekasiutara/moderasi');
  const across = await other.post(`/console/o/bekasiutara/moderasi/${approveId}/putuskan`, { action: 'spam' });
  assert.equal(across.status, 404, 'an entry of another office is not found there');
  assert.equal(sql(server.db, `SELECT state FROM moderation WHERE id = ${approveId}`).trim(), 'menunggu');

  // the content manager sees the queue (page and JSON) with its SLA badge
  const konten = await login(server.base, 'konten.jelitik');
  const page = await konten.get('/console/o/jelitik/moderasi');
  assert.equal(page.status, 200);
  assert.match(unescapeHtml(page.text), /Apakah perlu bawa KK/);
  const js = await konten.json('/console/o/jelitik/moderasi?status=menunggu&asal=portal_komentar');
  assert.equal(js.status, 200);
  assert.equal(js.body.entries.length, 3);
  assert.ok(js.body.entries.every((e) => e.sla_label && e.due_at > 0), 'each waiting entry has its SLA');
  const q = js.body.entries.find((e) => e.id === Number(approveId));
  assert.equal(q.kind, 'pertanyaan');
  assert.equal(q.contact, '6281234567890');

  // decisions
  const ok = await konten.post(`/console/o/jelitik/moderasi/${approveId}/putuskan`, { action: 'setujui', answer: 'Cukup bawa buku KIA.' });
  assert.equal(ok.status, 303, ok.text.slice(0, 300));
  const spamId = entryId(server.db, 'Pinjaman'), hideId = entryId(server.db, 'Komentar kasar');
  assert.equal((await konten.post(`/console/o/jelitik/moderasi/${spamId}/putuskan`, { action: 'spam' })).status, 303);
  assert.equal((await konten.post(`/console/o/jelitik/moderasi/${hideId}/putuskan`, { action: 'sembunyikan' })).status, 303);
  assert.equal((await konten.post(`/console/o/jelitik/moderasi/${hideId}/putuskan`, { action: 'tugaskan', assignee: 'editor.jelitik' })).status, 303);
  const notStaff = await konten.post(`/console/o/jelitik/moderasi/${hideId}/putuskan`, { action: 'tugaskan', assignee: 'konten.bekasiutara' });
  assert.equal(notStaff.status, 422);
  // the queue shows who handles an entry, chosen in its select; colleagues' phones stay out of it
  const hidden = await konten.json('/console/o/jelitik/moderasi?status=disembunyikan');
  const he = hidden.body.entries.find((e) => e.id === Number(hideId));
  assert.deepEqual(he.assign_options.filter((o) => o.selected).map((o) => o.username), ['editor.jelitik']);
  assert.equal(hidden.body.staff, undefined, 'no list of colleagues with their phones in the queue');
  assert.ok(he.assign_options.every((o) => Object.keys(o).sort().join() === 'full_name,selected,username'));
  assert.match((await konten.get('/console/o/jelitik/moderasi?status=disembunyikan')).text,
    /<option value="editor\.jelitik" selected>/);
  const noAnswer = await konten.post(`/console/o/jelitik/moderasi/${spamId}/putuskan`, { action: 'jawab', answer: '' });
  assert.equal(noAnswer.status, 422);
  assert.match(unescapeHtml(noAnswer.text), /Tuliskan jawaban kantor/);

  const shown = unescapeHtml((await anon.get(ITEM)).text);
  assert.match(shown, /Apakah perlu bawa KK\? NIK saya 3171\*{8}0003/);
  assert.match(shown, /Cukup bawa buku KIA\./);
  assert.ok(!shown.includes('Pinjaman cepat'), 'spam never shows');
  assert.ok(!shown.includes('Komentar kasar'), 'a hidden comment never shows');
  assert.ok(!shown.includes('6281234567890'), 'the number is never public');

  const actions = sql(server.db, "SELECT action FROM audit_log WHERE entity = 'moderation' ORDER BY seq").trim().split('\n');
  assert.deepEqual(actions, ['moderation.create', 'moderation.create', 'moderation.create',
    'moderation.approve', 'moderation.spam', 'moderation.hide', 'moderation.assign']);

  // the limit per address: five entries an hour, then a polite refusal
  const hoax = '/o/jelitik/lapor-hoaks';
  assert.equal((await send(anon, hoax, { text: 'Pesan berantai bansos', where: 'Grup WA RT' })).status, 200);
  assert.equal((await send(anon, ask, { kind: 'komentar', name: 'Dewi', text: 'Terima kasih' })).status, 200);
  const limited = await send(anon, hoax, { text: 'Satu lagi', where: 'Facebook' });
  assert.equal(limited.status, 429);
  assert.match(unescapeHtml(limited.text), /terlalu banyak kiriman dari jaringan Anda/);
  assert.equal(count(server.db, 'SELECT COUNT(*) FROM moderation'), 5);
});

test('a hoax report from the portal becomes a clarification draft linked both ways; referring it is recorded; the per-office cap holds', async (t) => {
  const server = await startBalai();
  t.after(() => server.stop());
  const anon = new Client(server.base);
  const form = await anon.get('/o/jelitik/lapor-hoaks');
  assert.equal(form.headers.get('cache-control'), 'no-store');
  const big = await anon.post('/o/jelitik/lapor-hoaks', { text: 'x'.repeat(2001), where: 'WA' });
  assert.equal(big.status, 422);
  assert.match(fieldError(big.text, 'text'), /terlalu panjang \(paling banyak 2\.000 karakter\)/);
  const r = await send(anon, '/o/jelitik/lapor-hoaks', { text: 'Katanya pembuatan KTP sekarang bayar Rp50.000', where: 'Grup WhatsApp RT 03', phone: '081234567890' });
  assert.equal(r.status, 200);
  assert.match(unescapeHtml(r.text), /Laporan sudah diterima/);
  const id = sql(server.db, "SELECT id FROM moderation WHERE kind = 'hoaks'").trim();
  assert.match(id, /^\d+$/);

  const editor = await login(server.base, 'editor.jelitik');
  await editor.get('/console/o/jelitik/moderasi');
  // a hoax report is not published under an item
  const pub = await editor.post(`/console/o/jelitik/moderasi/${id}/putuskan`, { action: 'setujui' });
  assert.equal(pub.status, 422);
  const c = await editor.post(`/console/o/jelitik/moderasi/${id}/klarifikasi`, {});
  assert.equal(c.status, 303, c.text.slice(0, 300));
  const itemId = c.location.match(/\/konten\/(\d+)$/)?.[1];
  assert.ok(itemId, c.location);
  assert.equal(sql(server.db, `SELECT type, state, moderation_id FROM content_item WHERE id = ${itemId}`).trim(), `klarifikasi_hoaks|bahan|${id}`);
  assert.equal(sql(server.db, `SELECT clarification_id FROM moderation WHERE id = ${id}`).trim(), itemId);
  const item = await editor.get(c.location);
  assert.equal(item.status, 200);
  assert.match(unescapeHtml(item.text), /Katanya pembuatan KTP sekarang bayar/);
  assert.match(unescapeHtml(item.text), new RegExp(`Disusun dari laporan hoaks warga <a href="/console/o/jelitik/moderasi\\?jenis=hoaks#kiriman-${id}">nomor ${id}</a>`));
  // a second press opens the same draft
  const again = await editor.post(`/console/o/jelitik/moderasi/${id}/klarifikasi`, {});
  assert.equal(again.location, c.location);
  assert.equal(count(server.db, "SELECT COUNT(*) FROM content_item WHERE moderation_id IS NOT NULL"), 1);

  const ref = await editor.post(`/console/o/jelitik/moderasi/${id}/putuskan`, { action: 'rujuk', referral: 'dukcapil' });
  assert.equal(ref.status, 303);
  const after = await editor.get(ref.location);
  assert.match(unescapeHtml(after.text), /Rujukan tercatat\. Balai belum dapat mengirim pesan/);
  assert.equal(sql(server.db, `SELECT state, referral FROM moderation WHERE id = ${id}`).trim(), 'dirujuk|dukcapil');
  const js = await editor.json('/console/o/jelitik/moderasi?jenis=hoaks');
  assert.equal(js.body.entries[0].clarification_id, Number(itemId));
  assert.match(js.body.entries[0].answer, /Dukcapil/);

  // the clarification is published (here by the scheduler's job): the reporter
  // left a number, but this office has no WhatsApp channel, so the log says
  // nobody could be told
  sql(server.db, `UPDATE content_item SET state = 'jadwal', publish_at = 1000 WHERE id = ${itemId}`);
  sql(server.db, "INSERT INTO job (kind, office_id, ref_id, payload, run_at, created_at) " +
    `SELECT 'content_publish', office_id, id, '{"publish_at": 1000}', 0, 0 FROM content_item WHERE id = ${itemId}`);
  await until('the clarification told', () =>
    sql(server.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'moderation.tell'").trim() === '1', 30000);
  assert.equal(sql(server.db, `SELECT state FROM content_item WHERE id = ${itemId}`).trim(), 'terbit');
  assert.match(sql(server.db, "SELECT after_json FROM audit_log WHERE action = 'moderation.tell'"), /kanal kantor belum aktif/);

  const actions = sql(server.db, "SELECT action FROM audit_log WHERE entity = 'moderation' ORDER BY seq").trim().split('\n');
  assert.deepEqual(actions, ['moderation.create', 'moderation.clarify', 'moderation.refer', 'moderation.tell']);
  // the log reads as sentences
  const lurah = await login(server.base, 'lurah.jelitik');
  const log = unescapeHtml((await lurah.get('/console/o/jelitik/audit')).text);
  assert.match(log, /menyusun draf klarifikasi hoaks dari laporan nomor/);
  assert.match(log, /Warga \(lewat portal\)/);

  // an office holds at most 500 waiting entries: then the form says so, and files nothing
  sql(server.db, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500) " +
    "INSERT INTO moderation (office_id, source, kind, body, created_at) " +
    "SELECT o.id, 'portal_hoaks', 'hoaks', 'isi', 0 FROM n, office o WHERE o.slug = 'jelitik'");
  const full = await send(anon, '/o/jelitik/lapor-hoaks', { text: 'Satu lagi', where: 'Facebook' });
  assert.equal(full.status, 503);
  assert.match(unescapeHtml(full.text), /Antrean kiriman kantor ini sedang penuh/);
  assert.equal(count(server.db, "SELECT COUNT(*) FROM moderation WHERE body = 'Satu lagi'"), 0);
});

test('when the clarification is published, the reporter who left a number hears of it on WhatsApp with the information template', async (t) => {
  const env = await waEnv({ settleMs: 30000 });
  t.after(() => env.close());
  env.g.templates = { balai_info_terbaru: { languages: ['id'], bodyParams: 4 } };
  const anon = new Client(env.base);
  const r = await send(anon, '/o/jelitik/lapor-hoaks', { text: 'Katanya posyandu ditutup bulan ini', where: 'Grup WhatsApp', phone: '0812 7777 6666' });
  assert.equal(r.status, 200);
  const id = env.value("SELECT id FROM moderation WHERE kind = 'hoaks'");
  const editor = await login(env.base, 'editor.jelitik');
  await editor.get('/console/o/jelitik/moderasi');
  const c = await editor.post(`/console/o/jelitik/moderasi/${id}/klarifikasi`, {});
  const itemId = c.location.match(/\/konten\/(\d+)$/)[1];
  sql(env.db, `UPDATE content_item SET state = 'jadwal', publish_at = 1000, summary = 'Posyandu tetap buka.' WHERE id = ${itemId}`);
  const out = await env.sent(() => sql(env.db, "INSERT INTO job (kind, office_id, ref_id, payload, run_at, created_at) " +
    `SELECT 'content_publish', office_id, id, '{"publish_at": 1000}', 0, 0 FROM content_item WHERE id = ${itemId}`), 'the reporter told');
  const told = out.filter((b) => b.to === '+6281277776666' && b.type === 'template');
  assert.equal(told.length, 1, JSON.stringify(out));
  assert.equal(told[0].template.name, 'balai_info_terbaru');
  assert.match(JSON.stringify(told[0].template.components), /Posyandu tetap buka\./);
  assert.match(env.value("SELECT after_json FROM audit_log WHERE action = 'moderation.tell'"), /Pelapor dikabari lewat chat/);
});

test('"lapor hoaks" on WhatsApp files a report in the queue once (masked), thanks the citizen with its number, sends a referral there, and tells them when the clarification is published', async (t) => {
  const env = await waEnv({ settleMs: 30000 });
  t.after(() => env.close());
  env.g.templates = { balai_info_terbaru: { languages: ['id'], bodyParams: 4 } };
  const FROM = '6281299998888';
  const how = await env.say(textWebhook({ from: FROM, text: 'lapor hoaks', phoneNumberId: '112233445566778' }), 'how to report');
  assert.match(how.map((b) => b.text?.body).join('\n'), /kirim \*lapor hoaks\* diikuti isi kabarnya/);
  assert.equal(env.count('SELECT COUNT(*) FROM moderation'), 0, 'the keyword alone files nothing');

  const hook = textWebhook({ from: FROM, text: `Lapor hoaks: katanya bansos dipotong, NIK ${NIK} disebar`, phoneNumberId: '112233445566778' });
  const thanks = await env.say(hook, 'the thanks');
  const id = env.value('SELECT id FROM moderation');
  assert.match(thanks.map((b) => b.text?.body).join('\n'), new RegExp(`laporan Anda sudah kami terima dengan nomor ${id}`));
  assert.equal(env.value('SELECT source, kind, contact_channel, contact FROM moderation'), `chat|hoaks|whatsapp|${FROM}`);
  assert.ok(!env.value('SELECT body FROM moderation').includes(NIK), 'masked before stored');
  assert.match(env.value('SELECT body FROM moderation'), /^katanya bansos dipotong/);
  // the platform redelivers the same message: filed once
  await env.deliver(hook);
  await env.settle();
  assert.equal(env.count('SELECT COUNT(*) FROM moderation'), 1);

  const editor = await login(env.base, 'editor.jelitik');
  const js = await editor.json('/console/o/jelitik/moderasi?asal=chat');
  assert.equal(js.body.entries.length, 1);
  assert.equal(js.body.entries[0].source_text, 'Chat WhatsApp/Telegram');
  await editor.get('/console/o/jelitik/moderasi');
  const c = await editor.post(`/console/o/jelitik/moderasi/${id}/klarifikasi`, {});
  const itemId = c.location.match(/\/konten\/(\d+)$/)[1];
  // referred to LAPOR!: the citizen wrote from WhatsApp, so the referral reaches them there
  let loc = '';
  const ref = await env.sent(async () => {
    loc = (await editor.post(`/console/o/jelitik/moderasi/${id}/putuskan`, { action: 'rujuk', referral: 'lapor' })).location;
  }, 'the referral');
  const said = ref.filter((b) => b.to === `+${FROM}` && b.type === 'text').map((b) => b.text.body).join('\n');
  assert.match(said, new RegExp(`laporan Anda nomor ${id}: Hal ini ditangani melalui LAPOR! \\(SP4N\\)`));
  assert.match(said, /https:\/\/www\.lapor\.go\.id/);
  assert.match(unescapeHtml((await editor.get(loc)).text), /dikirim ke warga lewat chat/);
  sql(env.db, `UPDATE content_item SET state = 'jadwal', publish_at = 1000 WHERE id = ${itemId}`);
  const out = await env.sent(() => sql(env.db, "INSERT INTO job (kind, office_id, ref_id, payload, run_at, created_at) " +
    `SELECT 'content_publish', office_id, id, '{"publish_at": 1000}', 0, 0 FROM content_item WHERE id = ${itemId}`), 'the reporter told');
  assert.equal(out.filter((b) => b.to === `+${FROM}` && b.type === 'template').length, 1, JSON.stringify(out));
});

test('on Telegram too: "lapor hoaks ..." files a report, and the reporter is told as text when the clarification is published', async (t) => {
  const TG_TOKEN = '123456:AAHmoderationTelegramToken0000000', SECRET = 'tgsecret_moderation_01';
  const server = await startBalai();
  const tg = await startFakeTelegram({ token: TG_TOKEN });
  t.after(async () => { await tg.close(); await server.stop(); });
  const r = cli(['channel', 'telegram', '--office', 'jelitik', '--token', TG_TOKEN, '--secret-token', SECRET,
    '--api-url', tg.url], { db: server.db.url });
  assert.equal(r.code, 0, r.stderr);
  const hook = `${server.base}/webhooks/telegram/jelitik`;
  const before = tg.sent().length;
  assert.equal((await postUpdate(hook, textUpdate({ chatId: 7301, text: 'lapor hoaks air PDAM beracun' }), SECRET)).status, 200);
  await waitFor(() => tg.sent().length > before, { timeout: 15000, what: 'the thanks' });
  assert.match(tg.sent().slice(before).map((m) => m.text).join('\n'), /laporan Anda sudah kami terima dengan nomor/);
  assert.equal(sql(server.db, 'SELECT source, contact_channel, contact, body FROM moderation').trim(), 'chat|telegram|7301|air PDAM beracun');
  const id = sql(server.db, 'SELECT id FROM moderation').trim();

  const editor = await login(server.base, 'editor.jelitik');
  await editor.get('/console/o/jelitik/moderasi');
  const c = await editor.post(`/console/o/jelitik/moderasi/${id}/klarifikasi`, {});
  const itemId = c.location.match(/\/konten\/(\d+)$/)[1];
  sql(server.db, `UPDATE content_item SET state = 'jadwal', publish_at = 1000 WHERE id = ${itemId}`);
  const n = tg.sent().length;
  sql(server.db, "INSERT INTO job (kind, office_id, ref_id, payload, run_at, created_at) " +
    `SELECT 'content_publish', office_id, id, '{"publish_at": 1000}', 0, 0 FROM content_item WHERE id = ${itemId}`);
  await waitFor(() => tg.sent().length > n, { timeout: 15000, what: 'the reporter told' });
  const told = tg.sent().slice(n);
  assert.equal(String(told[0].chat_id), '7301');
  assert.match(told[0].text, /Klarifikasi atas kabar yang Anda laporkan sudah terbit: Klarifikasi: air PDAM beracun/);
});
