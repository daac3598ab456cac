// Small helpers shared by the *.test.mjs files: reading values and messages
// out of rendered HTML, building upload bodies, and a real tiny PNG.
// Built on lib.mjs; node built-ins only.
import { deflateSync } from 'node:zlib';
import http from 'node:http';
import assert from 'node:assert/strict';
import { Client, DEMO_PASSWORD } from './lib.mjs';

/** Undoes the template engine's HTML escaping. */
export function unescapeHtml(s) {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'").replace(/&#96;/g, '`').replace(/&amp;/g, '&');
}

/**
 * The <input name=NAME> (or <textarea>/<select>) tag and what follows it up
 * to the next field. A visible field wins over hidden inputs of the same name
 * (e.g. the per-row delete forms of a list).
 */
function fieldBlock(html, name) {
  const re = new RegExp(`<(input|textarea|select)\\b[^>]*\\bname="${name}"[^>]*>`, 'g');
  const all = [...html.matchAll(re)];
  if (!all.length) return null;
  const m = all.find((x) => !/\btype="hidden"/.test(x[0])) || all[0];
  const rest = html.slice(m.index);
  const end = rest.slice(m[0].length).search(/<label\b|<\/form>|<button\b/);
  return { tag: m[0], kind: m[1], block: end < 0 ? rest : rest.slice(0, m[0].length + end) };
}

/** The value a form field shows (input value= or textarea text), unescaped; null if no such field. */
export function fieldValue(html, name) {
  const f = fieldBlock(html, name);
  if (!f) return null;
  if (f.kind === 'textarea') {
    const m = f.block.match(/<textarea\b[^>]*>([\s\S]*?)<\/textarea>/);
    return m ? unescapeHtml(m[1]) : null;
  }
  const m = f.tag.match(/\bvalue="([^"]*)"/);
  return m ? unescapeHtml(m[1]) : '';
}

/** The error message shown right next to a field (after it, before the next label), or null. */
export function fieldError(html, name) {
  const f = fieldBlock(html, name);
  if (!f) return null;
  const m = f.block.match(/<p class="field-error"[^>]*>([\s\S]*?)<\/p>/);
  return m ? unescapeHtml(m[1]) : null;
}

/** The alert messages (role="alert") of a page, unescaped. */
export function alerts(html) {
  return [...html.matchAll(/<p class="[^"]*"[^>]*role="alert"[^>]*>([\s\S]*?)<\/p>/g)].map((m) => unescapeHtml(m[1]));
}

/** Option values of <select name=NAME>. */
export function selectOptions(html, name) {
  const m = html.match(new RegExp(`<select\\b[^>]*\\bname="${name}"[^>]*>([\\s\\S]*?)<\\/select>`));
  if (!m) return null;
  return [...m[1].matchAll(/<option value="([^"]*)"/g)].map((x) => unescapeHtml(x[1]));
}

/** The option a browser shows as chosen in <select name=NAME>: the one marked selected, else the first. */
export function selectedOption(html, name) {
  const m = html.match(new RegExp(`<select\\b[^>]*\\bname="${name}"[^>]*>([\\s\\S]*?)<\\/select>`));
  if (!m) return null;
  const opts = [...m[1].matchAll(/<option value="([^"]*)"([^>]*)>/g)];
  const sel = opts.find((o) => /\bselected\b/.test(o[2])) || opts[0];
  return sel ? unescapeHtml(sel[1]) : null;
}

/**
 * What a browser sends when the form posting to `action` is submitted as it
 * is rendered: text inputs and hidden fields with their values, textareas
 * with their text, selects with their chosen option, checkboxes only when
 * checked.
 */
export function formData(html, action) {
  const start = html.indexOf(`<form method="post" action="${action}"`);
  assert.ok(start >= 0, `a form posting to ${action}`);
  const form = html.slice(start, html.indexOf('</form>', start));
  const out = {};
  for (const m of form.matchAll(/<input\b[^>]*>/g)) {
    const tag = m[0];
    const name = tag.match(/\bname="([^"]*)"/)?.[1];
    if (!name || name === '_csrf') continue;
    const type = tag.match(/\btype="([^"]*)"/)?.[1] || 'text';
    if (type === 'submit' || type === 'button') continue;
    if (type === 'checkbox' && !/\bchecked\b/.test(tag)) continue;
    out[name] = unescapeHtml(tag.match(/\bvalue="([^"]*)"/)?.[1] ?? (type === 'checkbox' ? 'on' : ''));
  }
  for (const m of form.matchAll(/<textarea\b[^>]*\bname="([^"]*)"[^>]*>([\s\S]*?)<\/textarea>/g)) out[m[1]] = unescapeHtml(m[2]);
  for (const m of form.matchAll(/<select\b[^>]*\bname="([^"]*)"/g)) out[m[1]] = selectedOption(form, m[1]);
  return out;
}

/** Logs in step by step and returns the raw response of POST /login (no assertion). */
export async function tryLogin(base, username, password = DEMO_PASSWORD, next = '/console') {
  const c = new Client(base);
  await c.get('/login');
  const r = await c.post('/login', { username, password, next });
  return { client: c, res: r };
}

/** True when the client's session is still valid (GET /console answers 200). */
export async function sessionAlive(c) {
  const r = await c.get('/console');
  return r.status === 200;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** A valid PNG (w x h, RGB, one colour), built byte by byte. */
export function tinyPng(w = 2, h = 2, rgb = [0x1f, 0x6f, 0xb2]) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;   // bit depth
  ihdr[9] = 2;   // colour type: truecolour
  ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  const rows = [];
  for (let y = 0; y < h; y++) {
    rows.push(0);  // filter: none
    for (let x = 0; x < w; x++) rows.push(...rgb);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Width and height of a PNG (from its IHDR chunk), or null when buf is not a PNG. */
export function pngSize(buf) {
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (buf.length < 24 || !buf.subarray(0, 8).equals(sig) || buf.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

/**
 * POSTs a multipart form the way a browser does (fetch + FormData), with the
 * client's cookies and CSRF token. files: { field: { data, name, type } }.
 */
export async function postMultipart(c, path, fields = {}, files = {}) {
  const fd = new FormData();
  fd.append('_csrf', c.csrf);
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const [k, f] of Object.entries(files)) fd.append(k, new Blob([f.data], { type: f.type || 'application/octet-stream' }), f.name);
  const headers = {};
  if (c.cookies.size) headers.cookie = c.cookieHeader();
  const res = await fetch(c.base + path, { method: 'POST', headers, body: fd, redirect: 'manual' });
  c.keep(res);
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, location: res.headers.get('location') };
}

/**
 * POSTs raw bytes with node:http and reads the answer even when the server
 * answers before taking the whole body (as browsers do; fetch gives up with
 * EPIPE there). body: Buffer, or a FormData to encode as multipart.
 */
export async function rawPost(c, path, body, contentType) {
  if (body instanceof FormData) {
    const req = new Request(c.base + path, { method: 'POST', body });
    contentType = req.headers.get('content-type');
    body = Buffer.from(await req.arrayBuffer());
  }
  const url = new URL(c.base + path);
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request({
      host: url.hostname, port: url.port, path: url.pathname + url.search, method: 'POST',
      headers: { 'content-type': contentType, 'content-length': body.length, ...(c.cookies.size ? { cookie: c.cookieHeader() } : {}) },
    }, (res) => {
      answered = true;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
      res.on('error', reject);
    });
    req.on('error', (e) => { if (!answered) setTimeout(() => { if (!answered) reject(e); }, 500); });
    req.end(body);
  });
}

/** Audit rows an office's audit page returns as JSON (newest first). */
export async function auditRows(c, path) {
  const r = await c.json(path);
  if (r.status !== 200) throw new Error(`${path} answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body.rows;
}

/** Parses an audit row's before/after JSON text (null stays null). */
export function parseSide(v) {
  if (v === null || v === undefined || v === '') return null;
  return typeof v === 'string' ? JSON.parse(v) : v;
}

/** A date yyyy-mm-dd on 31 December that is still ahead of today (so "upcoming" lists show it). */
export function futureDec31() {
  const now = new Date();
  let y = now.getUTCFullYear();
  if (now.getUTCMonth() === 11 && now.getUTCDate() >= 29) y++;
  return `${y}-12-31`;
}

/**
 * petugas_verifikasi judges every checklist item of request `id` "Sesuai",
 * as the order requires before a request may become selesai.
 */
export async function judgeAll(verifier, office, id) {
  const path = `/console/o/${office}/permohonan/${id}`;
  const { body } = await verifier.json(path);
  for (const row of body.checklist) {
    const page = await verifier.get(path);
    const version = page.text.match(/name="version" value="(\d+)"/)[1];
    const r = await verifier.post(`${path}/berkas`, { item: String(row.index), verdict: 'ok', note: '', version });
    if (r.status !== 303) throw new Error(`verdict on item ${row.index}: ${r.status} ${r.text.slice(0, 300)}`);
  }
}

/** A page of `browser` (playwright) signed in with the cookies of `client`
 * (a Client after login), with a width x height window, opened at
 * base + path; the page's script errors are pushed onto `errors`. */
export async function signedInPage(browser, client, base, width, height, path, errors) {
  const ctx = await browser.newContext({ viewport: { width, height } });
  const url = new URL(base);
  await ctx.addCookies([...client.cookies].map(([name, value]) => ({ name, value, domain: url.hostname, path: '/' })));
  const page = await ctx.newPage();
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(base + path);
  return page;
}
