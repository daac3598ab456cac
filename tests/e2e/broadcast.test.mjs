// WhatsApp broadcast to subscribers (issue 16, C4): citizens opt in by
// writing "langganan info" (and its variants) and out with "berhenti"; a
// coordinator broadcasts a published item as the approved template to the
// subscribers only; delivered, read and failed counts come from the status
// webhooks; a second broadcast of the same item needs its own tick; the
// portal offers a wa.me link with the keyword prefilled. The published
// item is inserted by SQL: the console's workflow to publish is tested on
// its own (content suites).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { login, startBalai, sql, cli, BIN } from './lib.mjs';
import { waEnv } from './wa-env.mjs';
import { textWebhook, waitFor } from '../fakes/graph.mjs';
import { startFakeTelegram, textUpdate, postUpdate } from '../fakes/telegram.mjs';

const OFFICE = 'jelitik';
const SUBS = ['6281311110001', '6281311110002', '6281311110003'];
const LEAVER = '6281311110004', STRANGER = '6281311110005';
const TEMPLATE = 'balai_info_terbaru';

/** A published item of jelitik, as the workflow leaves it. */
function publishedItem(env, slug, title, summary) {
  const now = Math.floor(Date.now() / 1000);
  const office = env.count(`SELECT id FROM office WHERE slug = '${OFFICE}'`);
  env.value(`INSERT INTO content_item (office_id, slug, type, state, title, item_date, summary, published_at, created_at, updated_at)
    VALUES (${office}, '${slug}', 'pengumuman', 'terbit', '${title}', '2026-12-07', '${summary}', ${now}, ${now}, ${now})`);
  return env.count(`SELECT id FROM content_item WHERE slug = '${slug}'`);
}

const templates = (env) => env.g.messages().filter((m) => m.body.type === 'template' && m.body.template.name === TEMPLATE);
const textTo = (msgs, to) => msgs.filter((b) => b.to === `+${to}` && b.type === 'text').map((b) => b.text.body).join('\n');

test('broadcast reaches the keyword subscribers only, is counted, and is not sent twice by accident', async (t) => {
  const env = await waEnv({ statuses: true, settleMs: 30000 });
  t.after(() => env.close());
  env.g.templates = { [TEMPLATE]: { languages: ['id'], bodyParams: 4 } };

  // opt-in by keyword, in the forms people type; each confirmed with how to stop
  const words = ['langganan info', 'Langganan', 'DAFTAR INFO!'];
  for (let i = 0; i < SUBS.length; i++) {
    const out = await env.say(textWebhook({ from: SUBS[i], text: words[i], phoneNumberId: '112233445566778' }), 'the opt-in confirmation');
    const said = textTo(out, SUBS[i]);
    assert.match(said, /berlangganan info terbaru dari/);
    assert.match(said, /balas \*berhenti\*/);
  }
  // one subscribes and leaves again; the opt-out is confirmed too
  await env.say(textWebhook({ from: LEAVER, text: 'berlangganan' }), 'the opt-in confirmation');
  const bye = textTo(await env.say(textWebhook({ from: LEAVER, text: 'Berhenti langganan' }), 'the opt-out confirmation'), LEAVER);
  assert.match(bye, /sudah berhenti berlangganan/);
  assert.match(bye, /langganan info/);
  // someone who only chats is no subscriber; "stop" from them is left to the bot
  await env.say(textWebhook({ from: STRANGER, text: 'jam buka kantor' }), 'the bot');
  const stopOut = textTo(await env.say(textWebhook({ from: STRANGER, text: 'stop' }), 'the bot'), STRANGER);
  assert.doesNotMatch(stopOut, /berhenti berlangganan/);

  // consent records: who, which way, on which channel, when
  assert.equal(env.count("SELECT COUNT(*) FROM subscriber_consent WHERE action = 'masuk' AND channel = 'whatsapp' AND at > 0"), 4);
  assert.equal(env.count("SELECT COUNT(*) FROM subscriber_consent WHERE action = 'keluar'"), 1);
  assert.equal(env.count(`SELECT COUNT(*) FROM subscriber WHERE address = '${STRANGER}'`), 0);

  const item = publishedItem(env, 'vaksinasi-gratis', 'Vaksinasi gratis di balai warga', 'Vaksinasi untuk balita dan lansia pada Sabtu pagi di balai warga RW 03.');
  const page = `/console/o/${OFFICE}/konten/${item}/siarkan`;

  // the wrong role and the wrong office are refused
  const writer = await login(env.base, 'konten.jelitik');
  assert.equal((await writer.get(page)).status, 403);
  const coord = await login(env.base, 'sekre.jelitik');
  const other = env.value(`SELECT slug FROM office WHERE slug <> '${OFFICE}' ORDER BY id LIMIT 1`);
  assert.equal((await coord.get(`/console/o/${other}/konten/${item}/siarkan`)).status, 403);

  // the confirmation names the count and shows the template's words
  const confirm = await coord.json(page);
  assert.equal(confirm.status, 200);
  assert.equal(confirm.body.subscribers, 3);
  assert.equal(confirm.body.template, TEMPLATE);
  assert.match(confirm.body.preview, /Vaksinasi gratis di balai warga/);
  const html = await coord.get(page);
  assert.match(html.text, /3 warga/);

  env.g.asyncFailNext(1, 131026);        // one phone turns out unreachable
  const started = await coord.post(page, {});
  assert.equal(started.status, 303, started.text.slice(0, 300));
  const show = started.location.replace(/\?.*$/, '');
  await waitFor(() => templates(env).length >= 3, { timeout: 30000, what: 'three template messages' });
  await env.settle();

  const sent = templates(env);
  assert.deepEqual(sent.map((m) => m.body.to).sort(), SUBS.map((s) => `+${s}`).sort());
  const base = env.base;
  for (const m of sent) {
    assert.equal(m.body.template.language.code, 'id');
    const params = m.body.template.components[0].parameters.map((p) => p.text);
    assert.equal(params.length, 4);
    assert.match(params[0], /Jelitik/i);
    assert.equal(params[1], 'Vaksinasi gratis di balai warga');
    assert.match(params[2], /balita dan lansia/);
    assert.equal(params[3], `${base}/o/${OFFICE}/berita/vaksinasi-gratis`);
  }
  // nobody who did not opt in (or left) got one
  const everyone = env.g.messages().filter((m) => m.body.type === 'template').map((m) => m.body.to);
  assert.ok(!everyone.includes(`+${LEAVER}`));
  assert.ok(!everyone.includes(`+${STRANGER}`));

  // two read it
  const ok = sent.map((m) => m.wamid).filter((w) => env.count(`SELECT COUNT(*) FROM receipt WHERE external_id = '${w}' AND status = 'failed'`) === 0);
  await env.g.pushStatus(ok[0], 'read');
  await env.g.pushStatus(ok[1], 'read');
  const counts = (await coord.json(show)).body.broadcast;
  assert.deepEqual({ total: counts.total, sent: counts.sent, delivered: counts.delivered, read: counts.read, failed: counts.failed, state: counts.state },
    { total: 3, sent: 3, delivered: 2, read: 2, failed: 1, state: 'selesai' });
  const list = await coord.get(`/console/o/${OFFICE}/siaran`);
  assert.equal(list.status, 200);
  assert.match(list.text, /Vaksinasi gratis di balai warga/);

  // a second broadcast of the same item is refused without its own tick ...
  await coord.get(page);
  const again = await coord.post(page, {});
  assert.equal(again.status, 409);
  assert.match(again.text, /sudah pernah disiarkan/);
  assert.equal(templates(env).length, 3);
  // ... and with it goes out, no sooner than 6 s after the first to each person
  const second = await coord.post(page, { ulang: '1' });
  assert.equal(second.status, 303);
  await waitFor(() => templates(env).length >= 6, { timeout: 30000, what: 'the second broadcast' });
  await env.settle();
  for (const s of SUBS) {
    const at = templates(env).filter((m) => m.body.to === `+${s}`).map((m) => m.at);
    assert.equal(at.length, 2);
    assert.ok(at[1] - at[0] >= 6000, `messages to ${s} ${at[1] - at[0]} ms apart`);
  }
});

test('the portal offers subscribing by the keyword sent from the citizen\'s own WhatsApp', async (t) => {
  const env = await waEnv();
  t.after(() => env.close());
  const res = await fetch(`${env.base}/o/${OFFICE}`);
  const html = await res.text();
  const number = env.value(`SELECT whatsapp FROM office WHERE slug = '${OFFICE}'`);
  assert.ok(number.length > 8);
  assert.ok(html.includes(`https://wa.me/${number}?text=langganan%20info`), 'the wa.me link with the keyword');
  // nothing on the page takes a number to subscribe
  assert.doesNotMatch(html, /name="(phone|nomor|whatsapp)"[^>]*>[^<]*langganan/i);
});

test('on Telegram too: "/langganan" subscribes, "stop" leaves, and a broadcast arrives as text', async (t) => {
  const TG_TOKEN = '123456:AAHbroadcastTelegramToken00000000', SECRET = 'tgsecret_broadcast_01';
  const server = await startBalai();
  const tg = await startFakeTelegram({ token: TG_TOKEN });
  t.after(async () => { await tg.close(); await server.stop(); });
  const r = await new Promise((res) => execFile(BIN, ['channel', 'telegram', '--office', OFFICE, '--token', TG_TOKEN,
    '--secret-token', SECRET, '--api-url', tg.url, '--db', server.db.url], (err, stdout, stderr) => res({ err, stderr })));
  assert.ok(!r.err, r.stderr);
  const hook = `${server.base}/webhooks/telegram/${OFFICE}`;
  const count = (q) => Number(sql(server.db, q).trim());
  const say = async (chatId, text) => {
    const before = tg.sent().length;
    assert.equal((await postUpdate(hook, textUpdate({ chatId, text }), SECRET)).status, 200);
    await waitFor(() => tg.sent().length > before, { timeout: 15000, what: 'the bot\'s answer' });
    return tg.sent().slice(before).map((m) => m.text).join('\n');
  };
  assert.match(await say(7001, '/langganan'), /berlangganan info terbaru/);
  assert.match(await say(7002, 'Langganan info'), /balas \*berhenti\*/);
  assert.match(await say(7002, 'STOP'), /sudah berhenti berlangganan/);
  assert.equal(count("SELECT COUNT(*) FROM subscriber WHERE channel = 'telegram' AND active = 1"), 1);
  assert.equal(count("SELECT COUNT(*) FROM subscriber_consent WHERE channel = 'telegram'"), 3);

  const now = Math.floor(Date.now() / 1000);
  sql(server.db, `INSERT INTO content_item (office_id, slug, type, state, title, summary, published_at, created_at, updated_at)
    SELECT id, 'kerja-bakti', 'pengumuman', 'terbit', 'Kerja bakti Minggu pagi', 'Kerja bakti membersihkan saluran air di RW 02.', ${now}, ${now}, ${now} FROM office WHERE slug = '${OFFICE}'`);
  const item = count("SELECT id FROM content_item WHERE slug = 'kerja-bakti'");
  const coord = await login(server.base, 'sekre.jelitik');
  const page = `/console/o/${OFFICE}/konten/${item}/siarkan`;
  const confirm = await coord.json(page);
  assert.equal(confirm.body.subscribers_tg, 1);
  await coord.get(page);
  const before = tg.sent().length;
  assert.equal((await coord.post(page, {})).status, 303);
  await waitFor(() => tg.sent().length > before, { timeout: 15000, what: 'the broadcast on Telegram' });
  const got = tg.sent().slice(before);
  assert.equal(got.length, 1);
  assert.equal(String(got[0].chat_id), '7001');
  assert.match(got[0].text, /Kerja bakti Minggu pagi/);
  assert.match(got[0].text, new RegExp(`/o/${OFFICE}/berita/kerja-bakti`));
  assert.match(got[0].text, /berhenti/);
});

test('the messaging tier holds the rest back for the next window, and the console says so', async (t) => {
  const env = await waEnv({ extra: ['--broadcast-tier', '2'], busyJobs: "kind NOT IN ('reminder', 'broadcast')" });
  t.after(() => env.close());
  for (const s of SUBS) await env.say(textWebhook({ from: s, text: 'langganan info' }), 'the opt-in confirmation');
  const item = publishedItem(env, 'pemadaman-listrik', 'Pemadaman listrik terjadwal', 'Listrik padam Selasa pukul 09.00 sampai 12.00 di RW 01 dan RW 02.');
  const coord = await login(env.base, 'sekre.jelitik');
  const page = `/console/o/${OFFICE}/konten/${item}/siarkan`;
  await coord.get(page);
  const started = await coord.post(page, {});
  assert.equal(started.status, 303);
  await waitFor(() => templates(env).length >= 2, { timeout: 20000, what: 'two template messages' });
  const show = started.location.replace(/\?.*$/, '');
  await waitFor(async () => (await coord.json(show)).body.tier_note, { timeout: 20000, what: 'the tier note' });
  const b = (await coord.json(show)).body;
  assert.equal(b.broadcast.sent, 2);
  assert.equal(b.broadcast.waiting, 1);
  assert.equal(b.broadcast.state, 'berjalan');
  assert.match(b.tier_note, /2 penerima per 24 jam/);
  assert.match(b.tier_note, /1 pesan sisanya menunggu/);
  assert.equal(templates(env).length, 2, 'the third waits for the window');
  // the job waits for the window instead of trying every second
  const due = env.count("SELECT MIN(run_at) FROM job WHERE kind = 'broadcast' AND state = 'ready'");
  assert.ok(due > Date.now() + 23 * 3600 * 1000, 'the next run is when the oldest reach leaves the 24 hours');
});

test('through a token: a citizen who stopped the office\'s messages in WhatsApp itself (131050) is taken off the list', async (t) => {
  const env = await waEnv();
  t.after(() => env.close());
  await env.say(textWebhook({ from: SUBS[0], text: 'langganan info' }), 'the opt-in confirmation');
  const item = publishedItem(env, 'posyandu', 'Posyandu', 'Posyandu Sabtu pagi.');
  // this time through a personal access token, as a script would
  const made = cli(['token', 'create', 'sekre.jelitik', '--name', 'skrip-siaran'], { db: env.db.url });
  assert.equal(made.code, 0, made.stderr);
  const token = made.stdout.match(/balai_[0-9a-f]{64}/)[0];
  const api = (path, init = {}) => fetch(env.base + path, { ...init, headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...init.headers } });
  const page = `/console/o/${OFFICE}/konten/${item}/siarkan`;
  assert.equal((await (await api(page)).json()).subscribers, 1);
  env.g.failNext(1, { code: 131050, http: 400 });
  const started = await api(page, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  assert.equal(started.status, 200);
  const { location } = await started.json();
  await env.settle();
  const b = (await (await api(location.replace(/\?.*$/, ''))).json()).broadcast;
  assert.equal(b.failed, 1);
  assert.equal(b.sent, 0);
  assert.equal(env.count(`SELECT active FROM subscriber WHERE address = '${SUBS[0]}'`), 0);
  assert.equal(env.count("SELECT COUNT(*) FROM subscriber_consent WHERE action = 'keluar'"), 1);
});

test('the channel page sets the broadcast rate, tier and template, checked like the CLI and audited', async (t) => {
  const env = await waEnv();
  t.after(() => env.close());
  const settings = () => JSON.parse(env.value("SELECT settings FROM channel WHERE kind = 'whatsapp'"));
  const lurah = await login(env.base, 'lurah.jelitik');
  const page = await lurah.get(`/console/o/${OFFICE}/kanal`);
  assert.equal(page.status, 200);
  // the defaults the sender uses, and where the tier is found
  assert.match(page.text, /name="rate"[^>]*value="80"/);
  assert.match(page.text, /name="broadcast_tier"[^>]*value="1000"/);
  assert.match(page.text, /WhatsApp Manager › Alat akun › Nomor telepon/);
  const form = { kind: 'whatsapp', phone_number_id: env.value("SELECT account FROM channel WHERE kind = 'whatsapp'"),
    token: '', app_secret: '', verify_token: '', base_url: env.g.url, template_broadcast: 'info_jlt',
    template_language: 'id', rate: '40', broadcast_tier: '10000' };
  // out of the CLI's limits: refused in Indonesian, the typed values kept, nothing saved
  for (const [k, v, msg] of [['rate', '1001', /Kecepatan kirim berupa angka 1 sampai 1000 pesan per detik/],
    ['rate', '0', /Kecepatan kirim berupa angka 1 sampai 1000/], ['broadcast_tier', 'seribu', /Batas siaran berupa angka penerima per 24 jam/],
    ['broadcast_tier', '100000001', /Batas siaran berupa angka/]]) {
    const bad = await lurah.post(`/console/o/${OFFICE}/kanal`, { ...form, [k]: v });
    assert.equal(bad.status, 422, `${k}=${v}`);
    assert.match(bad.text, msg);
    assert.match(bad.text, new RegExp(`name="${k}"[^>]*value="${v}"`), 'the typed value is kept');
    assert.match(bad.text, /name="template_broadcast"[^>]*value="info_jlt"/, 'and the other fields');
    assert.equal(settings().rate, undefined, 'nothing saved');
    assert.equal(settings().templates.broadcast?.name ?? 'balai_info_terbaru', 'balai_info_terbaru');
  }
  const ok = await lurah.post(`/console/o/${OFFICE}/kanal`, form);
  assert.equal(ok.status, 303, ok.text.slice(0, 300));
  const s = settings();
  assert.equal(s.rate, 40);
  assert.equal(s.broadcast_tier, 10000);
  assert.equal(s.templates.broadcast.name, 'info_jlt');
  const again = await lurah.json(`/console/o/${OFFICE}/kanal`);
  assert.equal(again.body.wa.rate, 40);
  assert.equal(again.body.wa.broadcast_tier, 10000);
  // audited: who changed the channel, with the new settings in the row
  const row = env.value("SELECT actor || '|' || after_json FROM audit_log WHERE action = 'channel.save' ORDER BY seq DESC LIMIT 1");
  assert.match(row, /^lurah\.jelitik\|/);
  assert.match(row, /\\"rate\\":40/);
  // an empty field keeps the stored value, as the templates do
  assert.equal((await lurah.post(`/console/o/${OFFICE}/kanal`, { ...form, rate: '', broadcast_tier: '' })).status, 303);
  assert.equal(settings().rate, 40);
});
