// The WhatsApp set-up the chat suites share (whatsapp, requests-chat,
// complaints, wa-nti-flow, idphoto): a balai on a fresh database, a fake
// Graph API (tests/fakes/graph.mjs), jelitik's number connected to it with
// `balai channel whatsapp ... --graph-url <fake>`, and the moves a test makes
// as Meta: delivering signed webhooks and waiting for what Balai sends back.
import assert from 'node:assert/strict';
import { startBalai, cli, sql } from './lib.mjs';
import { startFakeGraph, postWebhook, waitFor } from '../fakes/graph.mjs';

/** The channel's credentials as Meta would issue them. */
export const WA = {
  PNID: '112233445566778',
  TOKEN: 'EAAGtestToken0123456789abcdefWXYZ',
  APP_SECRET: 'appsecret9f3c2e1d0b7a',
  VERIFY: 'balai-vt-7Qx2',
  DISPLAY_PHONE: '622150001234',
};

/**
 * Starts balai and the fake Graph and connects the channel.
 *   extra        more `balai channel whatsapp` options (templates)
 *   verifyToken  the webhook verify token
 *   busyJobs     the job kinds that count as work still to do: a SQL
 *                condition on job.kind ('' = every job); reminders wait for
 *                days, so most suites leave them out
 *   settleMs     how long settle() and the waits may take
 *   statuses     the fake posts delivery statuses back to Balai's webhook
 *   balaiEnv     more environment for the balai process (e.g. BALAI_PUSH_ALLOW)
 * Returns env: server, g, db, base, hook, value(sql), count(sql),
 * deliver(obj, opts), settle(), sent(fn, what), say(obj, what), close().
 */
export async function waEnv({ extra = [], verifyToken = WA.VERIFY, busyJobs = "kind <> 'reminder'",
  settleMs = 15000, statuses = false, balaiEnv = {} } = {}) {
  const server = await startBalai({ env: balaiEnv });
  const g = await startFakeGraph({ token: WA.TOKEN, version: 'v21.0', appSecret: WA.APP_SECRET });
  const r = cli(['channel', 'whatsapp', '--office', 'jelitik', '--phone-number-id', WA.PNID, '--token', WA.TOKEN,
    '--app-secret', WA.APP_SECRET, '--verify-token', verifyToken, '--graph-url', g.url, ...extra], { db: server.db.url });
  if (r.code !== 0) {
    await g.close();
    await server.stop();
    assert.fail(`balai channel whatsapp failed: ${r.stderr}`);
  }
  const hook = `${server.base}/webhooks/whatsapp`;
  if (statuses) g.webhookTarget = { url: hook, appSecret: WA.APP_SECRET, phoneNumberId: WA.PNID, displayPhone: WA.DISPLAY_PHONE };
  const db = server.db;
  const value = (q) => sql(db, q).trim();
  const count = (q) => Number(value(q));
  const jobs = `SELECT COUNT(*) FROM job WHERE state <> 'dead'${busyJobs ? ` AND ${busyJobs}` : ''}`;
  const idle = () => count(jobs) === 0 &&
    count("SELECT COUNT(*) FROM message WHERE direction = 'in' AND status = 'new'") === 0;
  const drained = () => waitFor(idle, { timeout: settleMs, interval: 50, what: 'the job queue to drain' });
  const env = {
    server, g, db, base: server.base, hook, value, count,
    /** Delivers one webhook object signed with the app secret, as Meta does. */
    deliver: (obj, opts) => postWebhook(hook, obj, WA.APP_SECRET, opts),
    /** Waits until Balai has nothing left to do: every inbound message processed, no job pending, no status webhook in flight. */
    async settle() {
      await drained();
      await g.settled(settleMs);
      await drained();
    },
    /** Runs fn (a webhook or a staff action) and returns the WhatsApp messages Balai sent because of it. */
    async sent(fn, what = 'an answer on WhatsApp') {
      const before = g.messages().length;
      await fn();
      await waitFor(() => g.messages().length > before, { timeout: settleMs, interval: 50, what });
      await env.settle();
      return g.messages().slice(before).map((m) => m.body);
    },
    /** Sends one webhook (accepted with 200) and returns the WhatsApp messages Balai sent in answer. */
    say(obj, what) {
      return env.sent(async () => {
        const res = await env.deliver(obj);
        assert.equal(res.status, 200, res.text);
      }, what);
    },
    async close() { await g.close(); await server.stop(); },
  };
  return env;
}
