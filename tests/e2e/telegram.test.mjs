// Telegram end to end: Kelurahan Jelitik connects its bot with
// `balai channel telegram ... --api-url <fake> --webhook-url <balai>`, which
// registers the webhook with the (fake) Bot API (tests/fakes/telegram.mjs);
// the fake then plays Telegram delivering citizens' updates with the secret
// token header. Each test starts its own balai on a fresh database and its
// own fake. Checked: what reaches the citizen's chat (the fake's recorded
// sendMessage calls), button presses being answered, refused deliveries
// storing nothing, and Telegram's rate limit being honoured. The job queue
// retries with back-off, so tests wait for conditions, never fixed sleeps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { startBalai, cli, sql, Client, BIN } from './lib.mjs';
import { startFakeTelegram, textUpdate, callbackUpdate, postUpdate, DEFAULT_CHAT_ID } from '../fakes/telegram.mjs';
import { waitFor } from '../fakes/graph.mjs';

const TG_TOKEN = '123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const SECRET = 'tgsecret_1_f00dcafe';
const SETTLE = 15000;

/**
 * Runs the CLI without blocking this process: `channel telegram
 * --webhook-url` calls setWebhook on the fake, which lives in this process
 * (lib.mjs's cli() is synchronous and would starve it).
 */
function cliAsync(args, { db }) {
  return new Promise((resolve) => {
    execFile(BIN, [...args, '--db', db], { encoding: 'utf8', timeout: 30000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

async function setup() {
  const server = await startBalai();
  const t = await startFakeTelegram({ token: TG_TOKEN });
  const r = await cliAsync(['channel', 'telegram', '--office', 'jelitik', '--token', TG_TOKEN, '--secret-token', SECRET,
    '--api-url', t.url, '--webhook-url', server.base], { db: server.db.url });
  assert.equal(r.code, 0, `balai channel telegram failed: ${r.stderr}`);
  const value = (q) => sql(server.db, q).trim();
  const count = (q) => Number(value(q));
  return {
    server, t, base: server.base, db: server.db, cliResult: r, value, count,
    hook: `${server.base}/webhooks/telegram/jelitik`,
    async settle() {
      const idle = () => count("SELECT COUNT(*) FROM job WHERE state <> 'dead'") === 0 &&
        count("SELECT COUNT(*) FROM message WHERE direction = 'in' AND status = 'new'") === 0;
      await waitFor(idle, { timeout: SETTLE, interval: 50, what: 'the job queue to drain' });
    },
    async close() { await t.close(); await server.stop(); },
  };
}

async function firstItem(base, slug) {
  const r = await new Client(base).json('/api/v1/offices/jelitik/services');
  assert.equal(r.status, 200);
  const s = r.body.services.find((x) => x.slug === slug);
  assert.ok(s?.checklist.length, `jelitik offers ${slug} with a checklist`);
  return s.checklist[0].item;
}

/** Everything a sendMessage shows: the text and its inline buttons. */
function shown(m) {
  const buttons = (m.reply_markup?.inline_keyboard ?? []).flat().map((b) => b.text);
  return [m.text, ...buttons].join('\n');
}

test('`balai channel telegram --webhook-url` registers the webhook with its secret and prints no token', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  assert.equal(env.cliResult.code, 0, env.cliResult.stderr);
  assert.ok(env.t.webhook, 'setWebhook was called');
  assert.equal(env.t.webhook.url, `${env.base}/webhooks/telegram/jelitik`);
  assert.equal(env.t.webhook.secret_token, SECRET);
  assert.ok(env.t.webhook.allowed_updates?.includes('message') && env.t.webhook.allowed_updates.includes('callback_query'),
    `allowed_updates: ${JSON.stringify(env.t.webhook.allowed_updates)}`);
  assert.ok(!env.cliResult.stdout.includes(TG_TOKEN.split(':')[1]), 'the bot token is not printed');
  const list = cli(['channel', 'list', '--office', 'jelitik'], { db: env.db.url });
  assert.match(list.stdout, /jelitik\ttelegram\takun 123456\ttoken ••••/);
  assert.ok(!list.stdout.includes(TG_TOKEN.split(':')[1]) && !list.stdout.includes(SECRET));
});

test('"syarat skck" gets one sendMessage to that chat with the SKCK checklist', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  const item = await firstItem(env.base, 'skck');
  const r = await env.t.pushUpdate(textUpdate({ text: 'syarat skck', firstName: 'Siti' }));
  assert.equal(r.status, 200, r.text);
  await env.t.waitForSent(1, SETTLE);
  await env.settle();
  const sent = env.t.sent();
  assert.equal(sent.length, 1, 'exactly one reply');
  assert.equal(String(sent[0].chat_id), String(DEFAULT_CHAT_ID), 'to the chat that asked (a 64-bit id)');
  assert.ok(shown(sent[0]).includes(item), `the reply names "${item}":\n${shown(sent[0])}`);
  assert.equal(env.value("SELECT status FROM message WHERE direction = 'out'"), 'sent');
});

test('an update with a wrong or missing secret token gets 403 and stores nothing', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  const rows = () => env.count('SELECT COUNT(*) FROM message') + env.count('SELECT COUNT(*) FROM job');
  const before = rows();
  const u = textUpdate({ text: 'syarat skck' });
  assert.equal((await postUpdate(env.hook, u, SECRET, { wrongSecret: true })).status, 403);
  assert.equal((await postUpdate(env.hook, u, SECRET, { noSecret: true })).status, 403);
  assert.equal((await postUpdate(`${env.base}/webhooks/telegram/srimenanti`, u, SECRET)).status, 403, 'another office has no such bot');
  assert.equal(rows(), before, 'nothing stored');
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(env.t.sent().length, 0, 'nothing sent');
  assert.equal((await postUpdate(env.hook, u, SECRET)).status, 200, 'the same update with the right secret is taken');
});

test('a button press "svc:sktm" is answered (answerCallbackQuery) and gets the SKTM reply', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  const item = await firstItem(env.base, 'sktm');
  const u = callbackUpdate({ data: 'svc:sktm' });
  const r = await env.t.pushUpdate(u);
  assert.equal(r.status, 200, r.text);
  await env.t.waitForSent(1, SETTLE);
  await waitFor(() => env.t.answered().length >= 1, { timeout: SETTLE, what: 'answerCallbackQuery' });
  await env.settle();
  assert.deepEqual(env.t.answered().map((a) => a.callback_query_id), [u.callback_query.id], 'the press is answered once');
  const sent = env.t.sent();
  assert.equal(sent.length, 1);
  assert.equal(String(sent[0].chat_id), String(DEFAULT_CHAT_ID));
  assert.ok(shown(sent[0]).includes(item), `the reply is about SKTM ("${item}"):\n${shown(sent[0])}`);
});

test('a 429 with retry_after 1 is waited out and the reply is delivered once', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  env.t.failNext(1, { code: 429, retryAfter: 1 });
  assert.equal((await env.t.pushUpdate(textUpdate({ text: 'syarat skck' }))).status, 200);
  await env.t.waitForSent(1, SETTLE);
  await env.settle();
  const calls = env.t.calls.filter((c) => c.method === 'sendmessage');
  assert.equal(calls.length, 2, 'the refused call and the one that went through');
  assert.equal(calls[0].http, 429);
  assert.equal(calls[1].http, 200);
  assert.ok(calls[1].at - calls[0].at >= 950, `waited retry_after (${calls[1].at - calls[0].at} ms)`);
  assert.equal(env.t.sent().length, 1, 'delivered once');
  assert.equal(env.value("SELECT status FROM message WHERE direction = 'out'"), 'sent');
  assert.equal(env.value("SELECT error_text FROM message WHERE direction = 'out'"), '', 'the temporary error is cleared');
});
