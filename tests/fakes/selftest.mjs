// Quick self-check of the fakes against themselves (not part of the suite):
//   node tests/fakes/selftest.mjs
// Starts both fakes plus a tiny receiver that plays Balai's webhook
// endpoints (verifying signatures over the raw bytes, like Balai must), and
// walks the wire shapes of reference section 6. Exits 1 on the first failure.
import http from 'node:http';
import crypto from 'node:crypto';
import assert from 'node:assert/strict';
import {
  startFakeGraph, asciiJson, sign, textWebhook, listReplyWebhook, buttonReplyWebhook, templateButtonWebhook,
  imageWebhook, documentWebhook, locationWebhook, unsupportedWebhook, statusWebhook, valueErrorWebhook,
  batchWebhook, postWebhook, verifyHandshake,
} from './graph.mjs';
import { startFakeTelegram, textUpdate, callbackUpdate, photoUpdate, postUpdate, DEFAULT_CHAT_ID } from './telegram.mjs';

const APP_SECRET = 'selftest-app-secret';
const VERIFY_TOKEN = 'balai-vt-7Qx2';
const TG_SECRET = 'tg_9fK2-xQ';
const TOKEN = 'selftest-token';

let passed = 0;
async function check(name, fn) {
  try { await fn(); passed++; console.log(`ok - ${name}`); } catch (e) {
    console.log(`not ok - ${name}\n${e.stack}`);
    process.exitCode = 1;
    throw e;
  }
}

// --- a stand-in for Balai's webhook endpoints --------------------------------
const received = { whatsapp: [], telegram: [] };
const receiver = http.createServer(async (req, res) => {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const raw = Buffer.concat(chunks);
  const u = new URL(req.url, 'http://x');
  if (u.pathname === '/webhooks/whatsapp' && req.method === 'GET') {
    const q = u.searchParams;
    if (q.get('hub.mode') === 'subscribe' && q.get('hub.verify_token') === VERIFY_TOKEN) {
      res.writeHead(200, { 'content-type': 'text/plain' });
      return res.end(q.get('hub.challenge'));
    }
    res.writeHead(403); return res.end();
  }
  if (u.pathname === '/webhooks/whatsapp' && req.method === 'POST') {
    const got = req.headers['x-hub-signature-256'] || '';
    const want = 'sha256=' + crypto.createHmac('sha256', APP_SECRET).update(raw).digest('hex');
    const good = got.length === want.length && crypto.timingSafeEqual(Buffer.from(got), Buffer.from(want));
    if (!good) { res.writeHead(401); return res.end('bad signature'); }
    received.whatsapp.push({ raw: raw.toString('latin1'), body: JSON.parse(raw) });
    res.writeHead(200); return res.end('OK');
  }
  if (u.pathname === '/webhooks/telegram' && req.method === 'POST') {
    if (req.headers['x-telegram-bot-api-secret-token'] !== TG_SECRET) { res.writeHead(403); return res.end(); }
    received.telegram.push(JSON.parse(raw));
    res.writeHead(200); return res.end();
  }
  res.writeHead(404); res.end();
});
await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
const RECV = `http://127.0.0.1:${receiver.address().port}`;

const g = await startFakeGraph({ token: TOKEN, appSecret: APP_SECRET });
const t = await startFakeTelegram();
const PNID = '112233445566778';
const MSGS = `${g.url}/${g.version}/${PNID}/messages`;
const bearer = { authorization: `Bearer ${TOKEN}` };

async function send(body, headers = bearer) {
  const r = await fetch(MSGS, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: r.status, json: await r.json() };
}
const text = (body, to = '+6281234567890') => ({ messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'text', text: { body } });
const list = (sections, extra = {}) => ({
  messaging_product: 'whatsapp', to: '+6281234567890', type: 'interactive',
  interactive: { type: 'list', body: { text: 'Pilih layanan' }, action: { button: 'Lihat layanan', sections }, ...extra },
});
const buttons = (bs) => ({
  messaging_product: 'whatsapp', to: '+6281234567890', type: 'interactive',
  interactive: { type: 'button', body: { text: 'Sudah selesai?' }, action: { buttons: bs.map(([id, title]) => ({ type: 'reply', reply: { id, title } })) } },
});
const rows = (n, p = 'r') => Array.from({ length: n }, (_, i) => ({ id: `${p}${i}`, title: `Baris ${i}` }));
async function expect400(body, pattern, code = 100) {
  const r = await send(body);
  assert.equal(r.status, code === 100 ? 400 : r.status);
  assert.equal(r.json.error.code, code);
  assert.equal(r.json.error.type, 'OAuthException');
  assert.match(r.json.error.error_data.details, pattern);
  assert.ok(r.json.error.fbtrace_id);
}

try {
  // --- pure helpers ------------------------------------------------------
  await check('asciiJson escapes like Meta', () => {
    assert.equal(asciiJson({ a: 'é' }), '{"a":"\\u00e9"}');
    assert.equal(asciiJson({ a: 'Ü😀' }), '{"a":"\\u00dc\\ud83d\\ude00"}');
    assert.equal(asciiJson({ m: 'image/jpeg' }), '{"m":"image\\/jpeg"}');
    assert.equal(asciiJson({ m: 'image/jpeg' }, { escapeSlashes: false }), '{"m":"image/jpeg"}');
    const o = { n: 'Siti Ümmü 😀 \u2028', p: 'a\\/b', q: 'x"y' };
    assert.deepEqual(JSON.parse(asciiJson(o)), o);
    assert.match(asciiJson(o), /^[\x20-\x7e]*$/);
  });
  await check('sign() = HMAC-SHA256 over the exact bytes', () => {
    const body = asciiJson({ a: 'é' });
    assert.equal(sign(body, 'k'), 'sha256=' + crypto.createHmac('sha256', 'k').update('{"a":"\\u00e9"}').digest('hex'));
    // RFC 4231 test case 2
    assert.equal(sign('what do ya want for nothing?', 'Jefe'),
      'sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
    // signing the UTF-8 form instead would differ: that is the bug the escapes catch
    assert.notEqual(sign(JSON.stringify({ a: 'é' }), 'k'), sign(body, 'k'));
  });

  // --- WhatsApp handshake and inbound webhooks ----------------------------
  await check('handshake: 200 + challenge, 403 on wrong token', async () => {
    const ok = await verifyHandshake(`${RECV}/webhooks/whatsapp`, VERIFY_TOKEN, '1158201444');
    assert.equal(ok.status, 200); assert.equal(ok.text, '1158201444'); assert.match(ok.contentType, /text\/plain/);
    const no = await verifyHandshake(`${RECV}/webhooks/whatsapp`, 'wrong', '1');
    assert.equal(no.status, 403);
  });
  await check('inbound webhooks arrive signed; bad/missing signature refused', async () => {
    const W = `${RECV}/webhooks/whatsapp`;
    const objs = [
      textWebhook({ name: 'Siti Ümmü 😀', text: 'Selamat pagi, KTP saya sudah jadi?' }),
      listReplyWebhook({ rowId: 'svc_ktp_status', title: 'Status KTP', description: 'Cek status' }),
      buttonReplyWebhook({ buttonId: 'csat_yes', title: 'Sudah' }),
      templateButtonWebhook({ payload: 'pickup_ok:123', text: 'Oke' }),
      imageWebhook({ mediaId: '1480012345678901', caption: 'Foto KK' }),
      imageWebhook({ mediaId: '1480012345678901', withUrl: true }),
      documentWebhook({ mediaId: '99', filename: 'kk.pdf' }),
      locationWebhook({ latitude: -6.2, longitude: 106.8, asStrings: true }),
      unsupportedWebhook({}),
      statusWebhook({ status: 'read' }),
      statusWebhook({ status: 'failed', errors: [131026] }),
      valueErrorWebhook({ code: 130429 }),
      textWebhook({ name: null }),
    ];
    for (const o of objs) {
      const r = await postWebhook(W, o, APP_SECRET);
      assert.equal(r.status, 200, r.text);
    }
    const first = received.whatsapp[0];
    assert.match(first.raw, /"name":"Siti \\u00dcmm\\u00fc \\ud83d\\ude00"/);
    assert.equal(first.body.entry[0].changes[0].value.contacts[0].profile.name, 'Siti Ümmü 😀');
    const m = first.body.entry[0].changes[0].value.messages[0];
    assert.match(m.id, /^wamid\.[A-Za-z0-9+/=]{40,}$/); assert.equal(typeof m.timestamp, 'string');
    const img = received.whatsapp[5].body.entry[0].changes[0].value.messages[0].image;
    assert.match(img.url, /^https:\/\/lookaside/); assert.match(received.whatsapp[5].raw, /https:\\\/\\\/lookaside/);
    assert.equal(received.whatsapp[1].body.entry[0].changes[0].value.messages[0].interactive.list_reply.id, 'svc_ktp_status');
    assert.ok(received.whatsapp[1].body.entry[0].changes[0].value.messages[0].context.id);
    assert.equal(received.whatsapp[10].body.entry[0].changes[0].value.statuses[0].errors[0].code, 131026);
    assert.equal(received.whatsapp[11].body.entry[0].changes[0].value.errors[0].code, 130429);
    assert.deepEqual(received.whatsapp[12].body.entry[0].changes[0].value.contacts[0].profile, {});

    const batch = batchWebhook([textWebhook({ text: 'satu' }), textWebhook({ text: 'dua' })]);
    assert.equal(batch.entry.length, 2);
    assert.equal((await postWebhook(W, batch, APP_SECRET)).status, 200);
    assert.equal((await postWebhook(W, objs[0], APP_SECRET, { badSignature: true })).status, 401);
    assert.equal((await postWebhook(W, objs[0], APP_SECRET, { noSignature: true })).status, 401);
    assert.equal((await postWebhook(W, objs[0], 'other-secret')).status, 401);
    const raw = '{"object":"whatsapp_business_account","entry":[]}';
    const rr = await postWebhook(W, null, APP_SECRET, { rawBody: raw });
    assert.equal(rr.status, 200); assert.equal(rr.body, raw);
  });

  // --- Messages API ------------------------------------------------------
  let wamid;
  await check('valid text send: success shape with fresh wamid', async () => {
    const r = await send(text('KTP-el Anda siap diambil di loket 3. Terima kasih 🙏'));
    assert.equal(r.status, 200);
    assert.equal(r.json.messaging_product, 'whatsapp');
    assert.deepEqual(r.json.contacts, [{ input: '+6281234567890', wa_id: '6281234567890' }]);
    wamid = r.json.messages[0].id;
    assert.match(wamid, /^wamid\.[A-Za-z0-9+/=]{40,}$/);
    assert.equal(g.messages().length, 1);
    assert.equal(g.messages()[0].wamid, wamid);
    assert.equal(g.messages()[0].phoneNumberId, PNID);
  });
  await check('auth, version and JSON errors', async () => {
    let r = await send(text('x'), {});
    assert.equal(r.status, 401); assert.equal(r.json.error.code, 190);
    r = await send(text('x'), { authorization: 'Bearer nope' });
    assert.equal(r.status, 401); assert.equal(r.json.error.code, 190);
    const w = await fetch(`${g.url}/v1.0/${PNID}/messages`, { method: 'POST', headers: bearer, body: '{}' });
    assert.equal(w.status, 400);
    const bad = await fetch(MSGS, { method: 'POST', headers: { ...bearer, 'content-type': 'application/json' }, body: '{nope' });
    assert.equal(bad.status, 400); assert.equal((await bad.json()).error.code, 100);
    assert.equal(g.sent.at(-1).body, null); assert.ok(g.sent.at(-1).error);
  });
  await check('text limits count code points', async () => {
    assert.equal((await send(text('😀'.repeat(4096)))).status, 200);
    await expect400(text('a'.repeat(4097)), /text\.body is too long: 4097/);
    await expect400(text(''), /text\.body must not be empty/);
    await expect400({ ...text('x'), messaging_product: 'sms' }, /messaging_product/);
    await expect400({ ...text('x'), type: 'video' }, /type 'video'/);
    await expect400(text('x', '08123-abc'), /not a phone number/);
    assert.equal((await send(text('x', '6281234567890'))).json.contacts[0].wa_id, '6281234567890');
    g.requirePlus = true;
    await expect400(text('x', '6281234567890'), /no leading "\+"/);
    g.requirePlus = false;
  });
  await check('interactive list limits', async () => {
    assert.equal((await send(list([{ title: 'A', rows: rows(5) }, { title: 'B', rows: rows(5, 's') }]))).status, 200);
    assert.equal((await send(list([{ rows: rows(3) }]))).status, 200);   // one section: title optional
    await expect400(list([{ title: 'A', rows: rows(6) }, { title: 'B', rows: rows(5, 's') }]), /too many rows: 11/);
    await expect400(list(Array.from({ length: 11 }, (_, i) => ({ title: `S${i}`, rows: rows(1, `x${i}`) }))), /too many sections: 11/);
    await expect400(list([{ rows: rows(2) }, { title: 'B', rows: rows(2, 's') }]), /sections\[0\]\.title is required/);
    await expect400(list([{ rows: [{ id: 'a', title: 'x'.repeat(25) }] }]), /rows\[0\]\.title is too long: 25/);
    assert.equal((await send(list([{ rows: [{ id: 'a', title: 'é'.repeat(24), description: '😀'.repeat(72) }] }]))).status, 200);
    await expect400(list([{ rows: [{ id: 'a', title: 'x', description: 'd'.repeat(73) }] }]), /description is too long: 73/);
    await expect400(list([{ title: 'x'.repeat(25), rows: rows(1) }]), /sections\[0\]\.title is too long/);
    await expect400(list([{ title: 'A', rows: rows(2) }, { title: 'B', rows: rows(2) }]), /duplicate row id 'r0'/);
    const lb = list([{ rows: rows(1) }]); lb.interactive.action.button = 'x'.repeat(21);
    await expect400(lb, /action\.button is too long: 21/);
    const body = list([{ rows: rows(1) }]); body.interactive.body.text = 'b'.repeat(1025);
    await expect400(body, /body\.text is too long: 1025/);
  });
  await check('interactive button limits', async () => {
    assert.equal((await send(buttons([['csat_yes', 'Sudah'], ['csat_no', 'Belum'], ['x', 'Lainnya']]))).status, 200);
    await expect400(buttons([['a', '1'], ['b', '2'], ['c', '3'], ['d', '4']]), /1 to 3 buttons, got 4/);
    await expect400(buttons([]), /1 to 3 buttons, got 0/);
    await expect400(buttons([['a', 'x'.repeat(21)]]), /title is too long: 21/);
    await expect400(buttons([['a', 'Sama'], ['b', 'Sama']]), /duplicate button title/);
  });
  await check('template shape and optional registry', async () => {
    const tpl = (name, params) => ({ messaging_product: 'whatsapp', to: '+6281234567890', type: 'template',
      template: { name, language: { code: 'id' }, components: [{ type: 'body', parameters: params.map((p) => ({ type: 'text', text: p })) }] } });
    assert.equal((await send(tpl('request_ready_v2', ['Siti']))).status, 200);
    g.templates = { request_ready_v2: { languages: ['id'], bodyParams: 2 } };
    assert.equal((await send(tpl('request_ready_v2', ['Siti', 'REG-1']))).status, 200);
    let r = await send(tpl('request_ready_v2', ['Siti']));
    assert.equal(r.json.error.code, 132000);
    r = await send(tpl('nope', []));
    assert.equal(r.json.error.code, 132001);
    g.templates = null;
  });
  await check('mark as read answers {"success":true}', async () => {
    const r = await send({ messaging_product: 'whatsapp', status: 'read', message_id: wamid, typing_indicator: { type: 'text' } });
    assert.equal(r.status, 200); assert.deepEqual(r.json, { success: true });
    assert.equal(g.reads().length, 1);
  });
  await check('scripted failures: envelopes, HTTP statuses, recorded', async () => {
    g.failWindowClosed(1);
    // a mark-as-read does not consume the scripted failure
    assert.equal((await send({ messaging_product: 'whatsapp', status: 'read', message_id: wamid })).status, 200);
    let r = await send(text('x'));
    assert.equal(r.status, 400); assert.equal(r.json.error.code, 131047);
    assert.match(r.json.error.message, /^\(#131047\) /);
    assert.equal(r.json.error.error_data.messaging_product, 'whatsapp');
    assert.ok(g.sent.at(-1).error); assert.equal(g.sent.at(-1).wamid, null);
    g.failNext(2);
    assert.equal((await send(text('x'))).status, 500);
    assert.equal((await send(text('x'))).json.error.code, 131000);
    g.failPairRateLimit(); g.failThroughput(); g.failUndeliverable(); g.failToken();
    assert.equal((await send(text('x'))).json.error.code, 131056);
    assert.equal((await send(text('x'))).json.error.code, 130429);
    assert.equal((await send(text('x'))).json.error.code, 131026);
    r = await send(text('x'));
    assert.equal(r.status, 401); assert.equal(r.json.error.code, 190);
    g.failNext(1, { code: 131056, http: 429, details: 'slow down' });
    r = await send(text('x'));
    assert.equal(r.status, 429); assert.equal(r.json.error.error_data.details, 'slow down');
    assert.equal((await send(text('x'))).status, 200);
  });
  await check('status webhooks: sent then delivered, signed, to the app', async () => {
    g.webhookTarget = { url: `${RECV}/webhooks/whatsapp`, appSecret: APP_SECRET, phoneNumberId: PNID, displayPhone: '622150001234' };
    g.webhookLog.length = 0; received.whatsapp.length = 0;
    const r = await send({ ...text('Halo'), biz_opaque_callback_data: 'req:42' });
    const id = r.json.messages[0].id;
    await g.settled();
    assert.deepEqual(g.webhookLog.map((e) => [e.status, e.httpStatus]), [['sent', 200], ['delivered', 200]]);
    const sts = received.whatsapp.map((w) => w.body.entry[0].changes[0].value.statuses[0]);
    assert.deepEqual(sts.map((s) => s.status), ['sent', 'delivered']);
    for (const s of sts) {
      assert.equal(s.id, id); assert.equal(s.recipient_id, '6281234567890');
      assert.equal(typeof s.timestamp, 'string'); assert.equal(s.biz_opaque_callback_data, 'req:42');
    }
    assert.equal(sts[0].pricing, undefined); assert.equal(sts[1].pricing.category, 'utility');
    assert.equal(received.whatsapp[0].body.entry[0].changes[0].value.metadata.phone_number_id, PNID);
    // no statuses for mark-as-read or rejected sends
    await send({ messaging_product: 'whatsapp', status: 'read', message_id: id });
    await send(text(''));
    await g.settled();
    assert.equal(g.webhookLog.length, 2);
  });
  await check('async failure: failed status with errors[]', async () => {
    g.webhookLog.length = 0; received.whatsapp.length = 0;
    g.asyncFailNext(1, 131047);
    const r = await send(text('Di luar jendela'));
    assert.equal(r.status, 200);
    await g.settled();
    assert.deepEqual(g.webhookLog.map((e) => e.status), ['failed']);
    const s = received.whatsapp[0].body.entry[0].changes[0].value.statuses[0];
    assert.equal(s.status, 'failed'); assert.equal(s.errors[0].code, 131047);
    assert.ok(s.errors[0].error_data.details);
    // the next one is back to normal; a manual out-of-order 'read' can be pushed too
    const r2 = await send(text('lagi'));
    await g.settled();
    const e = await g.pushStatus(r2.json.messages[0].id, 'read');
    assert.equal(e.httpStatus, 200);
    assert.deepEqual(g.webhookLog.map((x) => x.status), ['failed', 'sent', 'delivered', 'read']);
    g.webhookTarget = null;
  });

  // --- media -------------------------------------------------------------
  await check('media: info, Bearer download, expiry and re-fetch', async () => {
    const bytes = crypto.randomBytes(3000);
    g.addMedia('1480012345678901', { mime: 'image/jpeg', bytes, ttlMs: 150 });
    const info = async () => {
      const r = await fetch(`${g.url}/${g.version}/1480012345678901?phone_number_id=${PNID}`, { headers: bearer });
      assert.equal(r.status, 200);
      return r.json();
    };
    const m = await info();
    assert.equal(m.mime_type, 'image/jpeg'); assert.equal(m.file_size, '3000'); assert.equal(m.id, '1480012345678901');
    assert.equal(m.sha256, crypto.createHash('sha256').update(bytes).digest('hex'));
    assert.ok(m.url.startsWith(`${g.url}/media-download/`));
    assert.equal((await fetch(m.url)).status, 401);
    const d = await fetch(m.url, { headers: bearer });
    assert.equal(d.status, 200); assert.equal(d.headers.get('content-type'), 'image/jpeg');
    assert.ok(Buffer.from(await d.arrayBuffer()).equals(bytes));
    await new Promise((r) => setTimeout(r, 200));
    assert.equal((await fetch(m.url, { headers: bearer })).status, 404);
    const m2 = await info();
    assert.notEqual(m2.url, m.url);
    assert.equal((await fetch(m2.url, { headers: bearer })).status, 200);
    g.expireMediaUrls();
    assert.equal((await fetch(m2.url, { headers: bearer })).status, 404);
    const u = await fetch(`${g.url}/${g.version}/404404`, { headers: bearer });
    assert.equal(u.status, 400); assert.equal((await u.json()).error.code, 100);
    assert.equal((await fetch(`${g.url}/${g.version}/1480012345678901`)).status, 401);
    assert.deepEqual(Object.keys(g.counts), ['messages', 'media', 'download']);
    assert.ok(g.counts.media >= 4 && g.counts.download >= 5);
  });

  // --- Telegram ----------------------------------------------------------
  const TG = (method) => `${t.url}/bot${t.token}/${method}`;
  const tg = async (method, body, { url = TG(method) } = {}) => {
    const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: r.status, json: await r.json() };
  };
  await check('telegram setWebhook / getWebhookInfo', async () => {
    let r = await tg('setWebhook', { url: `${RECV}/webhooks/telegram`, secret_token: TG_SECRET, allowed_updates: ['message', 'callback_query'] });
    assert.deepEqual(r.json, { ok: true, result: true, description: 'Webhook was set' });
    assert.equal(t.webhook.secret_token, TG_SECRET);
    r = await tg('setWebhook', { url: `${RECV}/x`, secret_token: 'bad secret!' });
    assert.equal(r.status, 400); assert.equal(r.json.ok, false); assert.equal(r.json.error_code, 400);
    r = await tg('setWebhook', { url: `${RECV}/x`, secret_token: 'x'.repeat(257) });
    assert.equal(r.status, 400);
    assert.equal(t.webhook.url, `${RECV}/webhooks/telegram`);
    r = await (await fetch(TG('getWebhookInfo'))).json();
    assert.equal(r.result.url, `${RECV}/webhooks/telegram`); assert.equal(r.result.pending_update_count, 0);
  });
  await check('telegram sendMessage: success shape, big chat id, case-insensitive method', async () => {
    const kb = { inline_keyboard: [[{ text: 'Status KTP', callback_data: 'svc_ktp_status' }], [{ text: 'Portal', url: 'https://example.go.id' }]] };
    const r = await tg('sendMessage', { chat_id: DEFAULT_CHAT_ID, text: 'Pilih layanan:', reply_markup: kb });
    assert.equal(r.status, 200); assert.equal(r.json.ok, true);
    assert.equal(r.json.result.chat.id, 5566778899); assert.equal(r.json.result.chat.type, 'private');
    assert.equal(r.json.result.text, 'Pilih layanan:'); assert.equal(typeof r.json.result.date, 'number');
    const r2 = await tg('SENDMESSAGE', { chat_id: String(DEFAULT_CHAT_ID), text: 'dua' }, { url: TG('SENDMESSAGE') });
    assert.equal(r2.json.result.message_id, r.json.result.message_id + 1);
    assert.equal(t.sent().length, 2); assert.equal(t.sent()[0].chat_id, 5566778899);
    const form = await fetch(TG('sendMessage'), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ chat_id: '42', text: 'form', reply_markup: JSON.stringify(kb) }) });
    assert.equal(form.status, 200);
  });
  await check('telegram sendMessage validation', async () => {
    const bad = async (body, pattern) => {
      const r = await tg('sendMessage', body);
      assert.equal(r.status, 400); assert.equal(r.json.ok, false); assert.match(r.json.description, pattern);
    };
    const kb = (b) => ({ chat_id: 1, text: 'x', reply_markup: { inline_keyboard: [[b]] } });
    await bad({ text: 'x' }, /chat_id is empty/);
    await bad({ chat_id: 1, text: '' }, /message text is empty/);
    await bad({ chat_id: 1, text: 'x'.repeat(4097) }, /too long/);
    await bad(kb({ text: 'a', callback_data: 'é'.repeat(33) }), /BUTTON_DATA_INVALID.*got 66/);
    await bad(kb({ text: 'a', callback_data: 'a', url: 'https://x.id' }), /exactly one/);
    await bad(kb({ text: 'a' }), /unallowed/);
    await bad(kb({ text: '', callback_data: 'a' }), /text is empty/);
    assert.equal((await tg('sendMessage', kb({ text: 'a', callback_data: 'é'.repeat(32) }))).status, 200);
    const w = await tg('sendMessage', { chat_id: 1, text: 'x' }, { url: `${t.url}/bot999:WRONG/sendMessage` });
    assert.equal(w.status, 401); assert.deepEqual(w.json, { ok: false, error_code: 401, description: 'Unauthorized' });
    assert.equal((await tg('noSuchMethod', {})).status, 404);
  });
  await check('telegram scripted 429 / 403 / 400', async () => {
    t.failNext(1, { code: 429, retryAfter: 2 });
    assert.equal((await tg('answerCallbackQuery', { callback_query_id: '1' })).status, 200); // not consumed
    let r = await tg('sendMessage', { chat_id: 1, text: 'x' });
    assert.equal(r.status, 429);
    assert.deepEqual(r.json, { ok: false, error_code: 429, description: 'Too Many Requests: retry after 2', parameters: { retry_after: 2 } });
    t.failNext(1, { code: 403 });
    r = await tg('sendMessage', { chat_id: 1, text: 'x' });
    assert.equal(r.status, 403); assert.equal(r.json.description, 'Forbidden: bot was blocked by the user');
    t.failNext(1, { code: 400, description: 'Bad Request: chat not found' });
    r = await tg('sendMessage', { chat_id: 1, text: 'x' });
    assert.equal(r.status, 400); assert.equal(r.json.description, 'Bad Request: chat not found');
    assert.equal((await tg('sendMessage', { chat_id: 1, text: 'x' })).status, 200);
    assert.ok(t.calls.every((c) => c.response && c.at));
  });
  await check('telegram answerCallbackQuery, getFile and download', async () => {
    assert.equal((await tg('answerCallbackQuery', {})).status, 400);
    assert.deepEqual((await tg('answerCallbackQuery', { callback_query_id: '4382011905532', text: 'Oke' })).json, { ok: true, result: true });
    const bytes = crypto.randomBytes(500);
    t.addFile('AgACAgUAAxkBAAIB', { bytes, mime: 'image/jpeg' });
    const r = await tg('getFile', { file_id: 'AgACAgUAAxkBAAIB' });
    assert.equal(r.json.ok, true); assert.equal(r.json.result.file_size, 500);
    const d = await fetch(`${t.url}/file/bot${t.token}/${r.json.result.file_path}`);
    assert.equal(d.status, 200); assert.ok(Buffer.from(await d.arrayBuffer()).equals(bytes));
    assert.equal(d.headers.get('content-type'), 'image/jpeg');
    assert.equal((await tg('getFile', { file_id: 'nope' })).status, 400);
    assert.equal((await fetch(`${t.url}/file/botX:Y/${r.json.result.file_path}`)).status, 401);
  });
  await check('telegram updates with the secret header', async () => {
    const W = `${RECV}/webhooks/telegram`;
    const u1 = textUpdate({ text: '/start' });
    assert.equal((await postUpdate(W, u1, TG_SECRET)).status, 200);
    assert.equal((await postUpdate(W, callbackUpdate({ data: 'svc_ktp_status' }), TG_SECRET)).status, 200);
    assert.equal((await postUpdate(W, photoUpdate({ fileId: 'AgACAgUAAxkBAAIB', caption: 'KK' }), TG_SECRET)).status, 200);
    assert.equal((await postUpdate(W, u1, TG_SECRET, { wrongSecret: true })).status, 403);
    assert.equal((await postUpdate(W, u1, TG_SECRET, { noSecret: true })).status, 403);
    assert.equal((await t.pushUpdate(textUpdate({ text: 'halo' }))).status, 200);
    const [a, b, c, d] = received.telegram;
    assert.equal(a.message.chat.id, 5566778899); assert.equal(a.message.text, '/start');
    assert.equal(b.callback_query.data, 'svc_ktp_status'); assert.equal(typeof b.callback_query.id, 'string');
    assert.equal(c.message.photo.at(-1).file_id, 'AgACAgUAAxkBAAIB');
    assert.equal(d.update_id, b.update_id + 2);
  });
  console.log(`# pass ${passed}`);
} finally {
  await g.close();
  await t.close();
  receiver.closeAllConnections?.();
  await new Promise((r) => receiver.close(r));
}
