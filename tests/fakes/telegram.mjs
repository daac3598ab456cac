// A local fake of the Telegram Bot API for the end-to-end suite, following
// /work/shared/reference/whatsapp-telegram-wire.md section 5.
//
//  1. startFakeTelegram(): an HTTP server Balai talks to instead of
//     https://api.telegram.org: /bot<token>/<method> and
//     /file/bot<token>/<file_path>. Validates sendMessage and inline
//     keyboards, records calls, scripts 429/403/400 failures.
//  2. Update builders + postUpdate(): play Telegram delivering a citizen's
//     update to Balai's /webhooks/telegram with the secret-token header.
//
// Node 18+ built-ins only.
import crypto from 'node:crypto';
import { listen, waitFor } from './graph.mjs';

/** A chat/user id above 2^32, as real ones are (the C side must use 64-bit ints). */
export const DEFAULT_CHAT_ID = 5566778899;

const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const nowSec = () => Math.floor(Date.now() / 1000);

/** Telegram's "ok": false body. */
export function tgError(code, description, parameters) {
  const e = { ok: false, error_code: code, description };
  if (parameters) e.parameters = parameters;
  return e;
}

class TgError extends Error {
  constructor(description, code = 400) { super(description); this.code = code; }
}
const bad = (what) => { throw new TgError(`Bad Request: ${what}`); };

/** Inline buttons accept exactly one action field; the fake checks the two Balai uses in depth. */
const BUTTON_ACTIONS = ['callback_data', 'url', 'login_url', 'web_app', 'switch_inline_query',
  'switch_inline_query_current_chat', 'switch_inline_query_chosen_chat', 'copy_text', 'callback_game', 'pay'];

function validateMarkup(m) {
  if (typeof m === 'string') {               // form-encoded callers send it as JSON text
    try { m = JSON.parse(m); } catch { bad("can't parse reply keyboard markup JSON object"); }
  }
  if (!isObj(m)) bad("can't parse reply keyboard markup JSON object");
  if (m.inline_keyboard === undefined) return m; // reply keyboards etc.: not checked
  const kb = m.inline_keyboard;
  if (!Array.isArray(kb) || kb.some((row) => !Array.isArray(row))) bad('field "inline_keyboard" must be an Array of Arrays');
  kb.forEach((row) => row.forEach((b) => {
    if (!isObj(b) || typeof b.text !== 'string' || b.text.length === 0) bad('inline keyboard button text is empty');
    const actions = BUTTON_ACTIONS.filter((k) => b[k] !== undefined);
    if (actions.length !== 1) {
      bad(actions.length ? `inline keyboard button has ${actions.length} actions (${actions.join(', ')}), needs exactly one`
        : 'text buttons are unallowed in the inline keyboard');
    }
    if (b.callback_data !== undefined) {
      const n = typeof b.callback_data === 'string' ? Buffer.byteLength(b.callback_data, 'utf8') : 0;
      if (n < 1 || n > 64) bad(`BUTTON_DATA_INVALID (callback_data must be 1-64 bytes, got ${n})`);
    }
    if (b.url !== undefined && !(typeof b.url === 'string' && /^(https?|tg):\/\/\S+$/.test(b.url))) {
      bad('BUTTON_URL_INVALID');
    }
  }));
  return m;
}

/** chat_id: an integer (may exceed 32 bits), a numeric string, or "@channel". */
function chatIdOf(v) {
  if (v === undefined || v === null || v === '') bad('chat_id is empty');
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  if (typeof v === 'string' && /^-?\d{1,16}$/.test(v)) return Number(v);
  if (typeof v === 'string' && /^@\w{4,}$/.test(v)) return v;
  bad('chat not found');
}

/**
 * Starts the fake Bot API on 127.0.0.1 (free port). See README.md; in short:
 *   t.url, t.token, t.close()
 *   t.calls [{method, body, at, response, http}], t.sent(), t.answered()
 *   t.webhook (what setWebhook stored), t.pushUpdate(update)
 *   t.failNext(n, {code, retryAfter, description, method})
 *   t.addFile(fileId, {bytes, mime})
 */
export async function startFakeTelegram({ token = '123456:TEST' } = {}) {
  const botId = Number(token.split(':')[0]) || 123456;
  const bot = { id: botId, is_bot: true, first_name: 'Balai Test Bot', username: 'balai_test_bot' };
  const scripted = [];          // {code, retryAfter, description, method}
  const files = new Map();      // file_id -> {bytes, mime, path}
  const byPath = new Map();     // file_path -> file_id
  let nextMessageId = 5000;

  const t = {
    url: '',
    token,
    bot,
    /** Every Bot API call: {method (lower case), body, at, http, response}. */
    calls: [],
    /** What setWebhook stored, or null. */
    webhook: null,
    /** Last error of a pushUpdate, as getWebhookInfo reports it. */
    lastError: null,
    /** Successful sendMessage bodies, in order. */
    sent() { return t.calls.filter((c) => c.method === 'sendmessage' && c.response.ok).map((c) => c.body); },
    /** Successful answerCallbackQuery bodies. */
    answered() { return t.calls.filter((c) => c.method === 'answercallbackquery' && c.response.ok).map((c) => c.body); },
    async waitForSent(n = 1, timeout = 5000) {
      await waitFor(() => t.sent().length >= n, { timeout, what: `${n} Telegram sendMessage call(s)` });
      return t.sent();
    },
    waitFor,
    /**
     * The next n calls of `method` (default sendMessage; '*' = any method)
     * fail: 429 with retry_after, 403 blocked, or 400/other with description.
     */
    failNext(n, { code = 429, retryAfter = 2, description, method = 'sendMessage' } = {}) {
      for (let i = 0; i < n; i++) scripted.push({ code, retryAfter, description, method: method.toLowerCase() });
    },
    /** Registers a file getFile/download can serve. */
    addFile(fileId, { bytes, mime = 'image/jpeg' } = {}) {
      const b = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes ?? '');
      const dir = mime.startsWith('image/') ? 'photos' : 'documents';
      const ext = { 'image/jpeg': 'jpg', 'image/png': 'png', 'application/pdf': 'pdf' }[mime] || 'bin';
      const path = `${dir}/file_${files.size}.${ext}`;
      files.set(String(fileId), { bytes: b, mime, path });
      byPath.set(path, String(fileId));
    },
    /** Posts an update to the URL/secret Balai registered with setWebhook. */
    async pushUpdate(update, opts = {}) {
      if (!t.webhook?.url) throw new Error('Balai has not called setWebhook');
      const r = await postUpdate(t.webhook.url, update, t.webhook.secret_token, opts);
      t.lastError = r.status >= 200 && r.status < 300 ? t.lastError
        : { date: nowSec(), message: `Wrong response from the webhook: ${r.status}` };
      return r;
    },
    reset() { t.calls.length = 0; scripted.length = 0; },
    close: null,
  };

  // --- Bot API methods: body already parsed; each returns { result,
  // description? } or throws TgError. -------------------------------------
  const methods = {
    getme: () => ({ result: bot }),
    setwebhook(b) {
      const url = b.url ?? '';
      if (url === '') { t.webhook = null; return { result: true, description: 'Webhook was deleted' }; }
      if (typeof url !== 'string' || !/^https?:\/\/\S+$/.test(url)) bad('bad webhook: Failed to resolve host');
      if (b.secret_token !== undefined &&
          !(typeof b.secret_token === 'string' && /^[A-Za-z0-9_-]{1,256}$/.test(b.secret_token))) {
        bad('secret token contains unallowed characters');
      }
      let allowed = b.allowed_updates;
      if (typeof allowed === 'string') { try { allowed = JSON.parse(allowed); } catch { bad("can't parse allowed_updates"); } }
      if (allowed !== undefined && !(Array.isArray(allowed) && allowed.every((s) => typeof s === 'string'))) {
        bad('allowed_updates must be an array of strings');
      }
      const maxc = b.max_connections === undefined ? 40 : Number(b.max_connections);
      if (!Number.isInteger(maxc) || maxc < 1 || maxc > 100) bad('bad webhook: max_connections must be 1-100');
      t.webhook = {
        url, secret_token: b.secret_token, allowed_updates: allowed, max_connections: maxc,
        drop_pending_updates: b.drop_pending_updates === true || b.drop_pending_updates === 'true', set_at: Date.now(),
      };
      return { result: true, description: 'Webhook was set' };
    },
    deletewebhook() { t.webhook = null; return { result: true, description: 'Webhook was deleted' }; },
    getwebhookinfo() {
      const w = t.webhook;
      const info = { url: w?.url ?? '', has_custom_certificate: false, pending_update_count: 0 };
      if (w) {
        info.max_connections = w.max_connections;
        if (w.allowed_updates) info.allowed_updates = w.allowed_updates;
        info.ip_address = '127.0.0.1';
      }
      if (t.lastError) { info.last_error_date = t.lastError.date; info.last_error_message = t.lastError.message; }
      return { result: info };
    },
    sendmessage(b) {
      const chatId = chatIdOf(b.chat_id);
      if (typeof b.text !== 'string' || b.text.trim().length === 0) bad('message text is empty');
      // Telegram counts UTF-16 code units (its entity offsets do too); the
      // stricter count, so a text that passes here also passes Telegram.
      if (b.text.length > 4096) bad(`message is too long (${b.text.length} UTF-16 units, max 4096)`);
      if (b.parse_mode !== undefined && !['HTML', 'MarkdownV2', 'Markdown'].includes(b.parse_mode)) {
        bad(`unsupported parse_mode "${b.parse_mode}"`);
      }
      const markup = b.reply_markup === undefined ? undefined : validateMarkup(b.reply_markup);
      const msg = {
        message_id: nextMessageId++,
        from: bot,
        chat: { id: chatId, type: 'private' },
        date: nowSec(),
        text: b.text,
      };
      if (markup?.inline_keyboard) msg.reply_markup = { inline_keyboard: markup.inline_keyboard };
      return { result: msg };
    },
    answercallbackquery(b) {
      if (b.callback_query_id === undefined || b.callback_query_id === '') bad('query is too old and response timeout expired or query ID is invalid');
      if (b.text !== undefined && (typeof b.text !== 'string' || [...b.text].length > 200)) bad('callback answer text is too long (max 200)');
      return { result: true };
    },
    getfile(b) {
      const f = files.get(String(b.file_id ?? ''));
      if (!f) bad('invalid file_id');
      return { result: {
        file_id: String(b.file_id), file_unique_id: 'AQAD' + crypto.createHash('md5').update(String(b.file_id)).digest('hex').slice(0, 12),
        file_size: f.bytes.length, file_path: f.path,
      } };
    },
  };

  // --- HTTP -----------------------------------------------------------------
  function send(res, status, obj) {
    const text = JSON.stringify(obj);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  /** Body params from JSON, urlencoded form, or the query string (GET). */
  async function params(req, u) {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const raw = Buffer.concat(chunks).toString('utf8');
    const p = Object.fromEntries(u.searchParams);
    const ct = req.headers['content-type'] || '';
    if (raw.length === 0) return { p, raw };
    if (/application\/json/i.test(ct)) {
      let j;
      try { j = JSON.parse(raw); } catch { throw new TgError("Bad Request: can't parse JSON object"); }
      if (!isObj(j)) throw new TgError("Bad Request: can't parse JSON object");
      return { p: { ...p, ...j }, raw };
    }
    if (/application\/x-www-form-urlencoded/i.test(ct)) return { p: { ...p, ...Object.fromEntries(new URLSearchParams(raw)) }, raw };
    throw new TgError(`Bad Request: unsupported Content-Type "${ct}" (the fake takes JSON or urlencoded)`);
  }

  const { url, close } = await listen(async (req, res) => {
    const u = new URL(req.url, 'http://x');
    const path = decodeURIComponent(u.pathname);

    // File downloads: GET /file/bot<token>/<file_path>
    let m = path.match(/^\/file\/bot([^/]+)\/(.+)$/);
    if (m) {
      if (m[1] !== token) return send(res, 401, tgError(401, 'Unauthorized'));
      const f = files.get(byPath.get(m[2]) ?? '');
      if (!f) return send(res, 404, tgError(404, 'Not Found'));
      res.writeHead(200, { 'content-type': f.mime, 'content-length': f.bytes.length });
      return res.end(f.bytes);
    }

    m = path.match(/^\/bot([^/]*)\/([A-Za-z0-9_]+)$/);
    if (!m) return send(res, 404, tgError(404, 'Not Found'));
    const method = m[2].toLowerCase();
    const call = { method, body: null, raw: '', at: Date.now(), http: 0, response: null };
    t.calls.push(call);
    const answer = (status, obj) => { call.http = status; call.response = obj; send(res, status, obj); };

    let body;
    try {
      ({ p: body, raw: call.raw } = await params(req, u));
      call.body = body;
    } catch (e) {
      if (!(e instanceof TgError)) throw e;
      return answer(400, tgError(400, e.message));
    }
    if (m[1] !== token) return answer(401, tgError(401, 'Unauthorized'));
    const fn = methods[method];
    if (!fn) return answer(404, tgError(404, 'Not Found'));

    let out;
    try { out = fn(body); } catch (e) {
      if (!(e instanceof TgError)) throw e;
      return answer(e.code, tgError(e.code, e.message));
    }
    // Scripted failures hit only requests that were otherwise valid.
    const i = scripted.findIndex((f) => f.method === '*' || f.method === method);
    if (i >= 0) {
      const f = scripted.splice(i, 1)[0];
      if (f.code === 429) {
        return answer(429, tgError(429, f.description ?? `Too Many Requests: retry after ${f.retryAfter}`, { retry_after: f.retryAfter }));
      }
      if (f.code === 403) return answer(403, tgError(403, f.description ?? 'Forbidden: bot was blocked by the user'));
      return answer(f.code, tgError(f.code, f.description ?? 'Bad Request: chat not found'));
    }
    const resp = { ok: true, result: out.result };
    if (out.description) resp.description = out.description;
    answer(200, resp);
  });
  t.url = url;
  t.close = close;
  return t;
}

// ---------------------------------------------------------------------------
// Update builders (reference section 5). Defaults: chat 5566778899 "Siti".
// update_id and message_id count up per process unless given.
// ---------------------------------------------------------------------------
let updateSeq = 804112233;
let messageSeq = 5121;
let callbackSeq = 4382011905532;

function user(o) {
  const u = { id: o.userId ?? o.chatId ?? DEFAULT_CHAT_ID, is_bot: false, first_name: o.firstName ?? 'Siti' };
  if (o.lastName !== undefined) u.last_name = o.lastName;
  const username = o.username === undefined ? 'siti_r' : o.username;
  if (username !== null) u.username = username;
  u.language_code = o.languageCode ?? 'id';
  return u;
}

function privateChat(o) {
  const u = user(o);
  const c = { id: o.chatId ?? DEFAULT_CHAT_ID, type: 'private', first_name: u.first_name };
  if (u.username) c.username = u.username;
  return c;
}

function message(o, fields) {
  return {
    message_id: o.messageId ?? messageSeq++,
    date: o.date ?? nowSec(),
    from: user(o),
    chat: privateChat(o),
    ...fields,
  };
}

export function textUpdate(o = {}) {
  return { update_id: o.updateId ?? updateSeq++, message: message(o, { text: o.text ?? '/start' }) };
}

/** The citizen pressed an inline button under one of the bot's messages. */
export function callbackUpdate(o = {}) {
  const botMsg = {
    message_id: o.messageId ?? messageSeq++,
    from: { id: 123456, is_bot: true, first_name: 'Balai Test Bot', username: 'balai_test_bot' },
    chat: privateChat(o),
    date: o.date ?? nowSec(),
    text: o.messageText ?? 'Pilih layanan:',
  };
  return {
    update_id: o.updateId ?? updateSeq++,
    callback_query: {
      id: String(o.callbackId ?? callbackSeq++),
      from: user(o),
      message: botMsg,
      chat_instance: o.chatInstance ?? '-7733',
      data: o.data ?? 'svc_ktp_status',
    },
  };
}

/** A photo: `photo` holds sizes small to large; fileId is the largest (last). */
export function photoUpdate(o = {}) {
  const fileId = o.fileId ?? 'AgACAgUAAxkBAAIB';
  const fields = {
    photo: [
      { file_id: `${fileId}-thumb`, file_unique_id: 'AQADs', file_size: 1200, width: 90, height: 120 },
      { file_id: fileId, file_unique_id: 'AQADl', file_size: o.fileSize ?? 48213, width: 960, height: 1280 },
    ],
  };
  if (o.caption !== undefined) fields.caption = o.caption;
  return { update_id: o.updateId ?? updateSeq++, message: message(o, fields) };
}

export function documentUpdate(o = {}) {
  const fields = {
    document: {
      file_id: o.fileId ?? 'BQACAgUAAxkBAAIC', file_unique_id: 'AgADd',
      file_name: o.fileName ?? 'kk.pdf', mime_type: o.mime ?? 'application/pdf', file_size: o.fileSize ?? 48213,
    },
  };
  if (o.caption !== undefined) fields.caption = o.caption;
  return { update_id: o.updateId ?? updateSeq++, message: message(o, fields) };
}

/**
 * POSTs an update like Telegram: UTF-8 JSON plus
 * X-Telegram-Bot-Api-Secret-Token (wrongSecret alters it, noSecret omits it).
 * Returns { status, text, body }.
 */
export async function postUpdate(url, update, secretToken, { wrongSecret = false, noSecret = false, timeout = 10000 } = {}) {
  const body = JSON.stringify(update);
  const headers = { 'content-type': 'application/json' };
  if (wrongSecret) {
    const s = secretToken || 'wrong-secret';
    headers['x-telegram-bot-api-secret-token'] = s.slice(0, -1) + (s.endsWith('x') ? 'y' : 'x');
  } else if (!noSecret && secretToken !== undefined && secretToken !== null) {
    headers['x-telegram-bot-api-secret-token'] = secretToken;
  }
  const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeout) });
  return { status: res.status, text: await res.text(), body };
}
