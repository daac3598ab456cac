// A local fake of Meta's WhatsApp Cloud API (Graph API) for the end-to-end
// suite, following /work/shared/reference/whatsapp-telegram-wire.md.
//
// Two halves:
//  1. startFakeGraph(): an HTTP server Balai talks to instead of
//     https://graph.facebook.com (same paths, only the base URL differs).
//     It validates outgoing messages against the documented limits, answers
//     with Graph's success / error shapes, serves media, can script
//     failures, and posts signed status webhooks back to Balai.
//  2. Webhook builders + signing (textWebhook(), postWebhook(), ...): plain
//     functions a test uses to play Meta delivering citizen messages to
//     Balai's /webhooks/whatsapp. They need no server.
//
// Node 18+ built-ins only (node:http, node:crypto, fetch).
import http from 'node:http';
import crypto from 'node:crypto';

// ---------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------

/** Length in Unicode code points (what Meta's "characters" limits count). */
export function chars(s) { return [...s].length; }

/** Current unix time in seconds, as the string Meta sends. */
export function nowTs() { return String(Math.floor(Date.now() / 1000)); }

/** A fresh "wamid.…" id: opaque base64 (may hold + / =), ~66 chars like Meta's. */
export function newWamid() {
  return 'wamid.HBgN' + crypto.randomBytes(42).toString('base64');
}

/** Meta-style trace id for error envelopes. */
function traceId() {
  return crypto.randomBytes(12).toString('base64').replace(/[+/=]/g, 'x');
}

/** An invented base64 sha256, the way webhooks carry it. */
function fakeSha256b64() { return crypto.randomBytes(32).toString('base64'); }

/**
 * JSON text the way Meta writes webhook bodies: every non-ASCII character as
 * \uXXXX with lowercase hex (astral characters as a surrogate pair), and "/"
 * written as "\/" (Meta's serialiser escapes slashes too, e.g.
 * "image\/jpeg"; pass { escapeSlashes: false } to turn that off).
 * JSON.stringify alone does neither. Parsing the result gives back `obj`.
 */
export function asciiJson(obj, { escapeSlashes = true } = {}) {
  // JSON.stringify already escapes control characters and lone surrogates
  // (as lowercase \udxxx); what is left to do is every other UTF-16 unit
  // >= 0x80. A surrogate pair is two units, so it becomes two escapes.
  let s = JSON.stringify(obj).replace(/[\u0080-\uffff]/g,
    (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  // "/" only ever occurs inside strings in JSON text and JSON.stringify never
  // writes "\/" itself, so a plain replace is safe.
  if (escapeSlashes) s = s.replace(/\//g, '\\/');
  return s;
}

/** "sha256=<64 lowercase hex>": HMAC-SHA256 keyed by the app secret over the exact bytes. */
export function sign(body, appSecret) {
  return 'sha256=' + crypto.createHmac('sha256', appSecret).update(body).digest('hex');
}

/** The legacy X-Hub-Signature header (sha1) Meta also sends; Balai must ignore it. */
export function signSha1(body, appSecret) {
  return 'sha1=' + crypto.createHmac('sha1', appSecret).update(body).digest('hex');
}

// ---------------------------------------------------------------------------
// Graph error codes the fake knows (reference section 3.6). `http` is the
// HTTP status the fake answers with by default; `title` goes into
// error.message ("(#code) title") and into webhook errors[].title.
// ---------------------------------------------------------------------------
export const GRAPH_ERRORS = {
  100: { http: 400, title: 'Invalid parameter', details: 'Invalid parameter' },
  190: { http: 401, title: 'Error validating access token: Session has expired', details: 'Access token expired or invalid' },
  131000: { http: 500, title: 'Something went wrong', details: 'Message failed to send due to an unknown error.' },
  131008: { http: 400, title: 'Required parameter is missing', details: 'A required parameter is missing' },
  131009: { http: 400, title: 'Parameter value is not valid', details: 'A parameter value is not valid' },
  131016: { http: 503, title: 'Service unavailable', details: 'A service is temporarily unavailable.' },
  131026: { http: 400, title: 'Message undeliverable', details: 'Unable to deliver message. Reasons can include: the recipient phone number is not a WhatsApp phone number; the recipient has not accepted the terms; the recipient uses an old WhatsApp version.' },
  131047: { http: 400, title: 'Re-engagement message', details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' },
  131048: { http: 400, title: 'Spam rate limit hit', details: 'Message failed to send because there are restrictions on how many messages can be sent from this phone number.' },
  131049: { http: 400, title: 'This message was not delivered to maintain healthy ecosystem engagement.', details: 'Meta chose not to deliver this marketing message.' },
  131050: { http: 400, title: 'Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business.', details: 'User stopped marketing messages.' },
  131051: { http: 400, title: 'Message type unknown', details: 'Message type is currently not supported.' },
  131056: { http: 400, title: '(Business Account, Consumer Account) pair rate limit hit', details: 'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.' },
  131057: { http: 503, title: 'Account in maintenance mode', details: 'Business Account is in maintenance mode.' },
  130429: { http: 400, title: 'Rate limit hit', details: 'Cloud API message throughput has been reached.' },
  132000: { http: 400, title: 'Number of parameters does not match the expected number of params', details: 'Template parameter count mismatch' },
  132001: { http: 404, title: 'Template name does not exist in the translation', details: 'Template name does not exist in the translation' },
};

/** Graph's error envelope (reference 3.6). Token errors (190) carry no error_data, like Meta's. */
export function graphError(code, details, { message } = {}) {
  const known = GRAPH_ERRORS[code] || { title: 'Error', details: 'Error' };
  const error = {
    message: message || `(#${code}) ${known.title}`,
    type: 'OAuthException',
    code,
  };
  if (code !== 190) error.error_data = { messaging_product: 'whatsapp', details: details ?? known.details };
  else error.error_subcode = 463;
  error.fbtrace_id = traceId();
  return { error };
}

/** One webhook errors[] item (statuses[].errors, value.errors, messages[].errors). */
export function webhookError(code, details) {
  const known = GRAPH_ERRORS[code] || { title: 'Error', details: 'Error' };
  return {
    code,
    title: known.title,
    message: known.title,
    error_data: { details: details ?? known.details },
    href: '/documentation/business-messaging/whatsapp/support/error-codes',
  };
}

// ---------------------------------------------------------------------------
// Outgoing-message validation (reference 3.1 - 3.5). Each check throws a
// ValidationError whose text becomes error_data.details in the 400 answer.
// ---------------------------------------------------------------------------
class ValidationError extends Error {
  constructor(details, code = 100) { super(details); this.code = code; }
}
const fail = (details, code) => { throw new ValidationError(details, code); };

const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A required (non-empty) string of at most `max` code points. */
function str(v, what, max, { required = true } = {}) {
  if (v === undefined || v === null) {
    if (required) fail(`${what} is required`);
    return;
  }
  if (typeof v !== 'string') fail(`${what} must be a string`);
  if (required && v.length === 0) fail(`${what} must not be empty`);
  if (max && chars(v) > max) fail(`${what} is too long: ${chars(v)} characters, max ${max}`);
}

function validateHeader(h, kind) {
  if (h === undefined) return;
  if (!isObj(h)) fail('interactive.header must be an object');
  if (h.type === 'text') return str(h.text, 'interactive.header.text', 60);
  if (kind === 'button' && ['image', 'video', 'document'].includes(h.type)) {
    const m = h[h.type];
    if (!isObj(m) || (typeof m.id !== 'string') === (typeof m.link !== 'string')) {
      fail(`interactive.header.${h.type} needs exactly one of id or link`);
    }
    return;
  }
  fail(`interactive.header.type '${h.type}' is not allowed for ${kind} messages`);
}

function validateList(iv) {
  const a = iv.action;
  if (!isObj(a)) fail('interactive.action is required');
  str(a.button, 'interactive.action.button', 20);
  const secs = a.sections;
  if (!Array.isArray(secs) || secs.length === 0) fail('interactive.action.sections must have at least one section');
  if (secs.length > 10) fail(`too many sections: ${secs.length}, max 10`);
  const ids = new Set();
  let rows = 0;
  secs.forEach((s, i) => {
    if (!isObj(s)) fail(`sections[${i}] must be an object`);
    str(s.title, `sections[${i}].title`, 24, { required: secs.length > 1 });
    if (!Array.isArray(s.rows) || s.rows.length === 0) fail(`sections[${i}].rows must have at least one row`);
    s.rows.forEach((r, j) => {
      const w = `sections[${i}].rows[${j}]`;
      if (!isObj(r)) fail(`${w} must be an object`);
      str(r.id, `${w}.id`, 200);
      str(r.title, `${w}.title`, 24);
      str(r.description, `${w}.description`, 72, { required: false });
      if (ids.has(r.id)) fail(`duplicate row id '${r.id}': row ids must be unique`);
      ids.add(r.id);
      rows++;
    });
  });
  if (rows > 10) fail(`too many rows: ${rows} across all sections, max 10`);
}

function validateButtons(iv) {
  const a = iv.action;
  if (!isObj(a)) fail('interactive.action is required');
  const bs = a.buttons;
  if (!Array.isArray(bs) || bs.length < 1 || bs.length > 3) {
    fail(`interactive.action.buttons must hold 1 to 3 buttons, got ${Array.isArray(bs) ? bs.length : 'none'}`);
  }
  const titles = new Set(), ids = new Set();
  bs.forEach((b, i) => {
    const w = `buttons[${i}]`;
    if (!isObj(b) || b.type !== 'reply' || !isObj(b.reply)) fail(`${w} must be {"type":"reply","reply":{id,title}}`);
    str(b.reply.id, `${w}.reply.id`, 256);
    str(b.reply.title, `${w}.reply.title`, 20);
    if (titles.has(b.reply.title)) fail(`duplicate button title '${b.reply.title}': titles must be unique`);
    if (ids.has(b.reply.id)) fail(`duplicate button id '${b.reply.id}': ids must be unique`);
    titles.add(b.reply.title); ids.add(b.reply.id);
  });
}

function validateInteractive(iv) {
  if (!isObj(iv)) fail('interactive object is required for type interactive');
  if (iv.type !== 'list' && iv.type !== 'button') {
    fail(`interactive.type '${iv.type}' is not supported by the fake (list, button)`);
  }
  if (!isObj(iv.body)) fail('interactive.body is required');
  str(iv.body.text, 'interactive.body.text', 1024);
  if (iv.footer !== undefined) {
    if (!isObj(iv.footer)) fail('interactive.footer must be an object');
    str(iv.footer.text, 'interactive.footer.text', 60);
  }
  validateHeader(iv.header, iv.type);
  if (iv.type === 'list') validateList(iv); else validateButtons(iv);
}

/** Template shape; with `registry` set, also name/language/parameter count. */
function validateTemplate(t, registry) {
  if (!isObj(t)) fail('template object is required for type template');
  str(t.name, 'template.name', 512);
  if (!isObj(t.language)) fail('template.language is required');
  str(t.language.code, 'template.language.code', 20);
  if (t.components !== undefined && !Array.isArray(t.components)) fail('template.components must be an array');
  let bodyParams = 0;
  (t.components || []).forEach((c, i) => {
    if (!isObj(c) || typeof c.type !== 'string') fail(`template.components[${i}].type is required`);
    if (c.parameters !== undefined && !Array.isArray(c.parameters)) fail(`template.components[${i}].parameters must be an array`);
    (c.parameters || []).forEach((p, j) => {
      const w = `template.components[${i}].parameters[${j}]`;
      if (!isObj(p) || typeof p.type !== 'string') fail(`${w}.type is required`, 131008);
      if (p.type === 'text') str(p.text, `${w}.text`, 32768);
      if (p.type === 'payload') str(p.payload, `${w}.payload`, 128);
    });
    if (c.type === 'button') {
      if (typeof c.sub_type !== 'string') fail(`template.components[${i}].sub_type is required`);
      if (c.index === undefined) fail(`template.components[${i}].index is required`);
    }
    if (c.type === 'body') bodyParams += (c.parameters || []).length;
  });
  if (registry) {
    const def = registry[t.name];
    const langs = def && (def.languages || [def.language || 'id']);
    if (!def || !langs.includes(t.language.code)) {
      fail(`template '${t.name}' has no approved '${t.language.code}' translation`, 132001);
    }
    if (def.bodyParams !== undefined && def.bodyParams !== bodyParams) {
      fail(`template '${t.name}' expects ${def.bodyParams} body parameters, got ${bodyParams}`, 132000);
    }
  }
}

function validateMedia(m, type) {
  if (!isObj(m)) fail(`${type} object is required for type ${type}`);
  if ((typeof m.id !== 'string') === (typeof m.link !== 'string')) fail(`${type} needs exactly one of id or link`);
  str(m.caption, `${type}.caption`, 1024, { required: false });
  if (type === 'document') str(m.filename, 'document.filename', 240, { required: false });
}

/**
 * Validates one POST /messages body. Returns 'read' for the mark-as-read
 * shape, else the message type. Throws ValidationError.
 */
/** What the citizen sees of a send (a /messages body): the text, or an
 * interactive message's body followed by the titles of its rows or buttons. */
export function shownText(body) {
  if (body.type === 'text') return body.text.body;
  if (body.type === 'interactive') {
    const iv = body.interactive;
    const opts = iv.type === 'list' ? iv.action.sections.flatMap((s) => s.rows.map((r) => r.title))
      : iv.action.buttons.map((b) => b.reply.title);
    return [iv.body.text, ...opts].join('\n');
  }
  return JSON.stringify(body);
}

export function validateSend(body, { templates = null, requirePlus = false } = {}) {
  if (!isObj(body)) fail('request body must be a JSON object');
  if (body.messaging_product !== 'whatsapp') fail('messaging_product must be "whatsapp"');
  if (body.status !== undefined) {
    // 3.5 mark as read (optionally with a typing indicator)
    if (body.status !== 'read') fail(`status '${body.status}' is not supported (only "read")`);
    str(body.message_id, 'message_id', 0);
    if (body.typing_indicator !== undefined &&
        !(isObj(body.typing_indicator) && body.typing_indicator.type === 'text')) {
      fail('typing_indicator must be {"type":"text"}');
    }
    return 'read';
  }
  if (body.recipient_type !== undefined && body.recipient_type !== 'individual') {
    fail(`recipient_type '${body.recipient_type}' is not supported (only "individual")`);
  }
  str(body.to, 'to', 0);
  if (!/^\+?[0-9]{5,20}$/.test(body.to)) fail(`to '${body.to}' is not a phone number ("+" then digits)`);
  // Without "+", Meta prepends the business number's country code (reference 3).
  if (requirePlus && !body.to.startsWith('+')) fail(`to '${body.to}' has no leading "+"`);
  if (body.context !== undefined) {
    if (!isObj(body.context)) fail('context must be an object');
    str(body.context.message_id, 'context.message_id', 0);
  }
  str(body.biz_opaque_callback_data, 'biz_opaque_callback_data', 512, { required: false });
  const type = body.type;
  switch (type) {
    case 'text':
      if (!isObj(body.text)) fail('text object is required for type text');
      str(body.text.body, 'text.body', 4096);
      if (body.text.preview_url !== undefined && typeof body.text.preview_url !== 'boolean') {
        fail('text.preview_url must be a boolean');
      }
      break;
    case 'interactive': validateInteractive(body.interactive); break;
    case 'template': validateTemplate(body.template, templates); break;
    case 'image': case 'document': validateMedia(body[type], type); break;
    case undefined: fail('type is required'); break;
    default: fail(`type '${type}' is not supported by the fake (text, interactive, template, image, document)`);
  }
  return type;
}

// ---------------------------------------------------------------------------
// HTTP plumbing
// ---------------------------------------------------------------------------
const MAX_BODY = 16 * 1024 * 1024;

function readBody(req) {
  return new Promise((resolve, reject) => {
    const parts = [];
    let n = 0;
    req.on('data', (d) => {
      n += d.length;
      if (n > MAX_BODY) { reject(new Error('body too large')); req.destroy(); return; }
      parts.push(d);
    });
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

function sendJson(res, status, obj) {
  const text = JSON.stringify(obj);
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Wraps a node:http server in a promise-friendly start/close pair. */
export async function listen(handler) {
  const server = http.createServer((req, res) => {
    Promise.resolve(handler(req, res)).catch((e) => {
      // A bug in the fake itself: make it loud rather than hang the test.
      console.error('fake server error:', e);
      if (!res.headersSent) sendJson(res, 500, { fake_error: String(e?.stack || e) });
      else res.destroy();
    });
  });
  await new Promise((r, j) => { server.once('error', j); server.listen(0, '127.0.0.1', r); });
  const url = `http://127.0.0.1:${server.address().port}`;
  const close = () => new Promise((r) => {
    server.close(() => r());
    server.closeAllConnections?.();
  });
  return { server, url, close };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns a truthy value (returned) or throws after `timeout` ms. */
export async function waitFor(fn, { timeout = 5000, interval = 10, what = 'condition' } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await sleep(interval);
  }
}

// ---------------------------------------------------------------------------
// The fake Graph server
// ---------------------------------------------------------------------------

/**
 * Starts the fake Graph API on 127.0.0.1 (free port). See README.md for the
 * whole surface; in short:
 *   g.url, g.version, g.close()
 *   g.sent / g.messages() / g.reads() / g.counts / g.webhookLog
 *   g.failNext(n, {code, http, details, when}) and named helpers
 *   g.webhookTarget, g.autoStatuses, g.asyncFailNext(n, code), g.pushStatus()
 *   g.addMedia(id, {mime, bytes, ttlMs}), g.expireMediaUrls()
 *   g.templates (optional registry of approved templates)
 */
export async function startFakeGraph({ token = 'test-token', version = 'v21.0', appSecret = 'test-app-secret' } = {}) {
  const scripted = [];        // pending synchronous failures: {code, http, details, reads, when}
  const asyncFails = [];      // pending async failures: code
  const media = new Map();    // id -> {mime, bytes, ttlMs, sha256}
  const issued = new Map();   // download key -> {id, expires}
  const timers = new Set();   // scheduled status posts
  const inflight = new Set(); // status posts in progress

  const g = {
    url: '',
    version,
    token,
    appSecret,
    /** Every POST /messages, accepted or not: {phoneNumberId, body, raw, wamid, error, http, at}. */
    sent: [],
    /** Calls per endpoint (including rejected ones). */
    counts: { messages: 0, media: 0, download: 0 },
    /** Every status webhook this fake posted: {wamid, status, url, body, httpStatus, response, error, at}. */
    webhookLog: [],
    /** Where status webhooks go: { url, appSecret, phoneNumberId, displayPhone } or null. */
    webhookTarget: null,
    /** Post sent + delivered (or failed, see asyncFailNext) after each accepted send. */
    autoStatuses: true,
    /** Delay before the first status webhook of a send (ms). */
    statusDelayMs: 5,
    /** Re-posts of a status webhook Balai answered with non-2xx (Meta retries for days). */
    webhookRetries: 0,
    /** Optional approved-template registry: { name: { languages: ['id'], bodyParams: 2 } }; null accepts any. */
    templates: null,
    /** Refuse `to` without a leading "+" (Meta would prepend the business's country code). */
    requirePlus: false,

    /** Accepted message sends (not mark-as-read). */
    messages() { return g.sent.filter((s) => !s.error && s.wamid); },
    /** Accepted mark-as-read calls. */
    reads() { return g.sent.filter((s) => !s.error && s.http === 200 && s.body?.status === 'read'); },
    /** Waits until at least n messages were accepted; returns g.messages(). */
    async waitForMessages(n = 1, timeout = 5000) {
      await waitFor(() => g.messages().length >= n, { timeout, what: `${n} accepted WhatsApp message(s)` });
      return g.messages();
    },
    waitFor,

    /**
     * The next n message sends (mark-as-read excluded unless reads: true)
     * fail with this Graph error. http/details default from GRAPH_ERRORS;
     * with when(body), only the sends it returns true for.
     */
    failNext(n, { code = 131000, http, details, reads = false, when = null } = {}) {
      const known = GRAPH_ERRORS[code] || { http: 400 };
      for (let i = 0; i < n; i++) scripted.push({ code, http: http ?? known.http, details, reads, when });
    },
    failWindowClosed(n = 1) { g.failNext(n, { code: 131047 }); },
    failPairRateLimit(n = 1) { g.failNext(n, { code: 131056 }); },
    failThroughput(n = 1) { g.failNext(n, { code: 130429 }); },
    failUndeliverable(n = 1) { g.failNext(n, { code: 131026 }); },
    failToken(n = 1) { g.failNext(n, { code: 190, http: 401 }); },
    /** The next n accepted sends are followed by a `failed` status (errors[code]) instead of sent/delivered. */
    asyncFailNext(n = 1, code = 131047) { for (let i = 0; i < n; i++) asyncFails.push(code); },

    /** Registers downloadable media. */
    addMedia(id, { mime = 'image/jpeg', bytes, ttlMs = 300000 } = {}) {
      const b = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes ?? '');
      media.set(String(id), { mime, bytes: b, ttlMs, sha256: crypto.createHash('sha256').update(b).digest('hex') });
    },
    /** Makes every download URL handed out so far expire now (404 from then on). */
    expireMediaUrls() { for (const v of issued.values()) v.expires = 0; },

    /** Posts one status webhook for `wamid` to g.webhookTarget now; returns the log entry. */
    async pushStatus(wamid, status, { recipient, errors, pricing, phoneNumberId, timestamp, bizOpaque } = {}) {
      const t = g.webhookTarget;
      if (!t) throw new Error('g.webhookTarget is not set');
      const sentRow = g.sent.find((s) => s.wamid === wamid);
      const obj = statusWebhook({
        phoneNumberId: phoneNumberId || sentRow?.phoneNumberId || t.phoneNumberId,
        displayPhone: t.displayPhone,
        wamid, status, timestamp, errors, pricing,
        recipient: recipient || (sentRow ? waId(sentRow.body.to) : undefined),
        bizOpaque: bizOpaque ?? sentRow?.body?.biz_opaque_callback_data,
      });
      return postStatus(obj, wamid, status);
    },
    /** Resolves once no status webhook is scheduled or in flight. */
    async settled(timeout = 5000) {
      await waitFor(() => timers.size === 0 && inflight.size === 0, { timeout, what: 'status webhooks to settle' });
    },
    /** Forgets recorded calls (not media, target or settings). */
    reset() {
      g.sent.length = 0; g.webhookLog.length = 0;
      scripted.length = 0; asyncFails.length = 0;
      g.counts = { messages: 0, media: 0, download: 0 };
    },
    close: null,
  };

  const waId = (to) => String(to ?? '').replace(/^\+/, '');

  // --- status webhooks back to Balai ---------------------------------------
  async function postStatus(obj, wamid, status) {
    const t = g.webhookTarget;
    const entry = { wamid, status, url: t.url, body: null, httpStatus: 0, response: '', error: null, at: Date.now() };
    g.webhookLog.push(entry);
    const p = (async () => {
      for (let attempt = 0; ; attempt++) {
        try {
          const r = await postWebhook(t.url, obj, t.appSecret ?? appSecret);
          entry.body = r.body; entry.httpStatus = r.status; entry.response = r.text; entry.error = null;
        } catch (e) {
          entry.error = String(e?.message || e);
        }
        entry.attempts = attempt + 1;
        const ok = entry.httpStatus >= 200 && entry.httpStatus < 300;
        if (ok || attempt >= g.webhookRetries) break;
        await sleep(50 * 2 ** attempt);
      }
      return entry;
    })();
    inflight.add(p);
    try { return await p; } finally { inflight.delete(p); }
  }

  function scheduleStatuses(row) {
    if (!g.webhookTarget || !g.autoStatuses) return;
    const failCode = asyncFails.shift();
    const t = g.webhookTarget;
    const base = {
      phoneNumberId: row.phoneNumberId,
      displayPhone: t.displayPhone,
      wamid: row.wamid,
      recipient: waId(row.body.to),
      bizOpaque: row.body.biz_opaque_callback_data,
    };
    const timer = setTimeout(async () => {
      timers.delete(timer);
      if (!g.webhookTarget) return;   // target removed meanwhile
      const job = (async () => {
        if (failCode !== undefined) {
          await postStatus(statusWebhook({ ...base, status: 'failed', errors: [failCode] }), row.wamid, 'failed');
        } else {
          await postStatus(statusWebhook({ ...base, status: 'sent' }), row.wamid, 'sent');
          await postStatus(statusWebhook({ ...base, status: 'delivered' }), row.wamid, 'delivered');
        }
      })();
      inflight.add(job);
      job.finally(() => inflight.delete(job));
    }, g.statusDelayMs);
    timers.add(timer);
  }

  // --- request handlers ----------------------------------------------------
  const bearerOk = (req) => req.headers.authorization === `Bearer ${token}`;
  const tokenError = (res) => sendJson(res, 401, graphError(190, undefined, {
    message: 'Error validating access token: the session is invalid or the token is wrong.',
  }));

  async function handleMessages(req, res, phoneNumberId) {
    g.counts.messages++;
    const raw = (await readBody(req)).toString('utf8');
    const row = { phoneNumberId, body: null, raw, wamid: null, error: null, http: 0, at: Date.now() };
    g.sent.push(row);
    const answer = (status, obj) => { row.http = status; if (obj.error) row.error = obj.error; sendJson(res, status, obj); };
    let parsed = true;
    try { row.body = JSON.parse(raw); } catch { parsed = false; }

    if (!bearerOk(req)) {
      return answer(401, graphError(190, undefined, {
        message: 'Error validating access token: the session is invalid or the token is wrong.',
      }));
    }
    if (!parsed) return answer(400, graphError(100, 'request body is not valid JSON'));
    if (!/^application\/json\b/i.test(req.headers['content-type'] || '')) {
      return answer(400, graphError(100, 'Content-Type must be application/json'));
    }
    let type;
    try {
      type = validateSend(row.body, { templates: g.templates, requirePlus: g.requirePlus });
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      return answer(GRAPH_ERRORS[e.code]?.http ?? 400, graphError(e.code, e.message));
    }
    // Scripted failures hit valid requests only, so a real payload bug is
    // never hidden behind a scripted error.
    const i = scripted.findIndex((f) => (type !== 'read' || f.reads) && (!f.when || f.when(row.body)));
    if (i >= 0) {
      const f = scripted.splice(i, 1)[0];
      return answer(f.http, graphError(f.code, f.details));
    }
    if (type === 'read') return answer(200, { success: true });
    row.wamid = newWamid();
    answer(200, {
      messaging_product: 'whatsapp',
      contacts: [{ input: row.body.to, wa_id: waId(row.body.to) }],
      messages: [{ id: row.wamid }],
    });
    scheduleStatuses(row);
  }

  function handleMediaInfo(req, res, id) {
    g.counts.media++;
    if (!bearerOk(req)) return tokenError(res);
    const m = media.get(id);
    if (!m) {
      return sendJson(res, 400, graphError(100, `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation`));
    }
    const expires = Date.now() + m.ttlMs;
    const key = crypto.randomBytes(12).toString('hex');
    issued.set(key, { id, expires });
    sendJson(res, 200, {
      messaging_product: 'whatsapp',
      url: `${g.url}/media-download/${encodeURIComponent(id)}?exp=${expires}&key=${key}`,
      mime_type: m.mime,
      sha256: m.sha256,
      file_size: String(m.bytes.length),
      id,
    });
  }

  function handleDownload(req, res, id, q) {
    g.counts.download++;
    if (!bearerOk(req)) return tokenError(res);
    const u = issued.get(q.get('key') || '');
    const m = media.get(id);
    if (!u || u.id !== id || !m || Date.now() >= u.expires) {
      return sendJson(res, 404, { error: 'URL expired or unknown; fetch the media id again' });
    }
    res.writeHead(200, { 'content-type': m.mime, 'content-length': m.bytes.length });
    res.end(m.bytes);
  }

  const { url, close } = await listen(async (req, res) => {
    const u = new URL(req.url, 'http://x');
    const parts = u.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (req.method === 'POST' && parts.length === 3 && parts[0] === version && parts[2] === 'messages') {
      return handleMessages(req, res, parts[1]);
    }
    if (req.method === 'GET' && parts.length === 2 && parts[0] === version) {
      return handleMediaInfo(req, res, parts[1]);
    }
    if (req.method === 'GET' && parts.length === 2 && parts[0] === 'media-download') {
      return handleDownload(req, res, parts[1], u.searchParams);
    }
    await readBody(req).catch(() => {});
    sendJson(res, 400, graphError(100, `fake Graph (${version}) does not serve ${req.method} ${u.pathname}`, {
      message: `Unknown path components: ${u.pathname}`,
    }));
  });
  g.url = url;
  g.close = async () => {
    for (const t of timers) clearTimeout(t);
    timers.clear();
    await Promise.allSettled([...inflight]);
    await close();
  };
  return g;
}

// ---------------------------------------------------------------------------
// Webhook builders (reference section 2). Each returns the JS object Meta
// would POST; serialise + sign with postWebhook(). Ids/timestamps are strings.
// Common options: phoneNumberId, displayPhone, wabaId, from, waId (defaults
// to from), name (null = profile without a name), id, timestamp, contextId /
// contextFrom (adds messages[].context).
// ---------------------------------------------------------------------------
export const DEFAULTS = {
  wabaId: '301234567890123',
  phoneNumberId: '112233445566778',
  displayPhone: '622150001234',
  from: '6281234567890',
  name: 'Siti Rahmawati',
};

function envelope({ wabaId = DEFAULTS.wabaId, phoneNumberId = DEFAULTS.phoneNumberId, displayPhone = DEFAULTS.displayPhone }, rest) {
  return {
    object: 'whatsapp_business_account',
    entry: [{
      id: wabaId,
      changes: [{
        field: 'messages',
        value: {
          messaging_product: 'whatsapp',
          metadata: { display_phone_number: displayPhone, phone_number_id: String(phoneNumberId) },
          ...rest,
        },
      }],
    }],
  };
}

/** An inbound message webhook around one messages[] item of `type` with `fields`. */
export function messageWebhook(o = {}, type, fields = {}) {
  const from = o.from ?? DEFAULTS.from;
  const name = o.name === undefined ? DEFAULTS.name : o.name;
  const msg = {};
  if (o.contextId) msg.context = { from: o.contextFrom ?? (o.displayPhone ?? DEFAULTS.displayPhone), id: o.contextId };
  Object.assign(msg, {
    from,
    id: o.id ?? newWamid(),
    timestamp: String(o.timestamp ?? nowTs()),
    type,
    ...fields,
  });
  return envelope(o, {
    contacts: [{ profile: name === null ? {} : { name }, wa_id: o.waId ?? from }],
    messages: [msg],
  });
}

/** Replies to our messages carry context.id; a random one unless given (null = none). */
const withContext = (o) => ({ ...o, contextId: o.contextId === null ? undefined : (o.contextId ?? newWamid()) });

export function textWebhook(o = {}) {
  return messageWebhook(o, 'text', { text: { body: o.text ?? 'Selamat pagi' } });
}

export function listReplyWebhook(o = {}) {
  const lr = { id: o.rowId ?? 'svc_ktp_status', title: o.title ?? 'Status KTP' };
  if (o.description !== undefined) lr.description = o.description;
  return messageWebhook(withContext(o), 'interactive', { interactive: { type: 'list_reply', list_reply: lr } });
}

export function buttonReplyWebhook(o = {}) {
  return messageWebhook(withContext(o), 'interactive', {
    interactive: { type: 'button_reply', button_reply: { id: o.buttonId ?? 'csat_yes', title: o.title ?? 'Sudah' } },
  });
}

/** Quick-reply button of a template: type "button", context.id = the template message. */
export function templateButtonWebhook(o = {}) {
  return messageWebhook(withContext(o), 'button', {
    button: { payload: o.payload ?? 'pickup_ok:123', text: o.text ?? 'Oke' },
  });
}

/** `withUrl`: true adds an (unreachable) lookaside URL, a string is used as the url. */
function mediaObject(o, mime) {
  const m = {};
  if (o.caption !== undefined) m.caption = o.caption;
  if (o.filename !== undefined) m.filename = o.filename;
  m.mime_type = o.mime ?? mime;
  m.sha256 = o.sha256 ?? fakeSha256b64();
  m.id = String(o.mediaId ?? '1480012345678901');
  if (o.voice !== undefined) m.voice = o.voice;
  if (o.withUrl) {
    m.url = typeof o.withUrl === 'string' ? o.withUrl
      : `https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=${m.id}&ext=${Number(nowTs()) + 300}&hash=ARfake`;
  }
  return m;
}

export function imageWebhook(o = {}) { return messageWebhook(o, 'image', { image: mediaObject(o, 'image/jpeg') }); }
export function documentWebhook(o = {}) {
  return messageWebhook(o, 'document', { document: mediaObject({ filename: 'dokumen.pdf', ...o }, 'application/pdf') });
}
export function audioWebhook(o = {}) {
  return messageWebhook(o, 'audio', { audio: mediaObject({ voice: true, ...o }, 'audio/ogg; codecs=opus') });
}

/** `asStrings`: latitude/longitude as JSON strings (seen in the wild; must be accepted). */
export function locationWebhook(o = {}) {
  const lat = o.latitude ?? -6.2297, lng = o.longitude ?? 106.8295;
  const loc = { latitude: o.asStrings ? String(lat) : lat, longitude: o.asStrings ? String(lng) : lng };
  if (o.locName !== undefined || o.placeName !== undefined) loc.name = o.locName ?? o.placeName;
  if (o.address !== undefined) loc.address = o.address;
  if (o.url !== undefined) loc.url = o.url;
  return messageWebhook(o, 'location', { location: loc });
}

/** A message type WhatsApp cannot pass on (code 131051); `originalType` names it. */
export function unsupportedWebhook(o = {}) {
  return messageWebhook(o, 'unsupported', {
    errors: [webhookError(131051)],
    unsupported: { type: o.originalType ?? 'video_note' },
  });
}

/**
 * One statuses[] webhook. `errors`: array of error objects or of codes
 * (numbers); a `failed` status without errors gets 131047. `pricing` is
 * added on `delivered` unless pricing: false (or given explicitly).
 */
export function statusWebhook(o = {}) {
  const status = o.status ?? 'delivered';
  const s = {
    id: o.wamid ?? newWamid(),
    status,
    timestamp: String(o.timestamp ?? nowTs()),
    recipient_id: String(o.recipient ?? DEFAULTS.from).replace(/^\+/, ''),
  };
  if (o.bizOpaque !== undefined) s.biz_opaque_callback_data = o.bizOpaque;
  const pricing = o.pricing ?? (status === 'delivered' ? { billable: true, pricing_model: 'PMP', type: 'regular', category: 'utility' } : false);
  if (pricing) s.pricing = pricing;
  if (status === 'failed' || o.errors) {
    s.errors = (o.errors ?? [131047]).map((e) => (typeof e === 'number' ? webhookError(e) : e));
  }
  return envelope(o, { statuses: [s] });
}

/** A value-level errors[] webhook (no messages/statuses), e.g. 130429. */
export function valueErrorWebhook(o = {}) {
  const errs = o.errors ?? [o.code ?? 130429];
  return envelope(o, { errors: errs.map((e) => (typeof e === 'number' ? webhookError(e, o.details) : e)) });
}

/** Merges several webhook objects into one POST with all their entry[] items. */
export function batchWebhook(objs) {
  return { object: 'whatsapp_business_account', entry: objs.flatMap((o) => o.entry) };
}

// ---------------------------------------------------------------------------
// Delivering to Balai
// ---------------------------------------------------------------------------

/**
 * POSTs a webhook to Balai like Meta does: asciiJson body (or `rawBody`
 * verbatim), X-Hub-Signature-256 over those exact bytes, plus the legacy
 * sha1 header. badSignature flips one hex digit; noSignature omits both.
 * Returns { status, text, body (the exact string sent), signature }.
 */
export async function postWebhook(url, obj, appSecret, {
  badSignature = false, noSignature = false, rawBody, escapeSlashes = true, legacySignature = true, timeout = 10000,
} = {}) {
  const body = rawBody !== undefined ? rawBody : asciiJson(obj, { escapeSlashes });
  let signature = sign(body, appSecret);
  if (badSignature) {
    const last = signature.at(-1);
    signature = signature.slice(0, -1) + (last === '0' ? '1' : '0');
  }
  const headers = { 'content-type': 'application/json', 'user-agent': 'facebookexternalua' };
  if (!noSignature) {
    headers['x-hub-signature-256'] = signature;
    if (legacySignature) headers['x-hub-signature'] = signSha1(body, appSecret);
  }
  const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeout) });
  return { status: res.status, text: await res.text(), body, signature: noSignature ? null : signature };
}

/** The dashboard's verification GET. Returns { status, text, contentType }. */
export async function verifyHandshake(url, verifyToken, challenge = String(1000000000 + crypto.randomInt(1e9)), { mode = 'subscribe' } = {}) {
  const q = new URLSearchParams({ 'hub.mode': mode, 'hub.challenge': challenge, 'hub.verify_token': verifyToken });
  const res = await fetch(`${url}${url.includes('?') ? '&' : '?'}${q}`, { signal: AbortSignal.timeout(10000) });
  return { status: res.status, text: await res.text(), contentType: res.headers.get('content-type'), challenge };
}
