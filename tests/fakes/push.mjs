// A local fake of a browser's push service (RFC 8030) for the end-to-end
// suite. A real browser makes a subscription with its push service and
// hands Balai the endpoint and keys; here the test does both sides:
//
//  - subscribe() plays the browser: a fresh P-256 key pair and auth secret
//    (node:crypto createECDH('prime256v1')) and an endpoint on this server;
//    the private key stays here to read what Balai sends.
//  - POST /push/<id> plays the push service: checks the headers Balai must
//    send (TTL, Content-Encoding: aes128gcm, Urgency), verifies the VAPID
//    Authorization (RFC 8292: an ES256 JWT whose aud is this origin, exp
//    in the future and at most 24 h ahead, a mailto:/http(s) sub, signed by
//    the key in k=), then decrypts the body as the browser would (RFC 8291,
//    RFC 8188) and records it. Each endpoint answers 201 unless the test
//    set another status for it (e.g. 410: the subscription is gone).
//
// Node 18+ built-ins only.
import crypto from 'node:crypto';
import { listen, waitFor } from './graph.mjs';

const b64u = (buf) => Buffer.from(buf).toString('base64url');
const hmac = (key, data) => crypto.createHmac('sha256', key).update(data).digest();

/** Verifies "vapid t=<jwt>, k=<key>" for a POST to `origin`: { ok, why, k, claims }. */
export function checkVapid(header, origin, now = Math.floor(Date.now() / 1000)) {
  const m = /^vapid t=([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+), k=([A-Za-z0-9_-]+)$/.exec(header || '');
  if (!m) return { ok: false, why: `not a vapid header: ${header}` };
  const [, h, c, s, k] = m;
  const head = JSON.parse(Buffer.from(h, 'base64url'));
  const claims = JSON.parse(Buffer.from(c, 'base64url'));
  const point = Buffer.from(k, 'base64url');
  if (head.alg !== 'ES256' || head.typ !== 'JWT') return { ok: false, why: `header ${JSON.stringify(head)}` };
  if (point.length !== 65 || point[0] !== 4) return { ok: false, why: 'k is not an uncompressed P-256 point' };
  const key = crypto.createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: b64u(point.subarray(1, 33)), y: b64u(point.subarray(33)) }, format: 'jwk',
  });
  const sig = Buffer.from(s, 'base64url');
  if (sig.length !== 64) return { ok: false, why: `signature of ${sig.length} bytes, not r||s` };
  const signed = crypto.verify('sha256', Buffer.from(`${h}.${c}`), { key, dsaEncoding: 'ieee-p1363' }, sig);
  if (!signed) return { ok: false, why: 'bad signature' };
  if (claims.aud !== origin) return { ok: false, why: `aud ${claims.aud} is not ${origin}` };
  if (!(claims.exp > now && claims.exp <= now + 24 * 3600)) return { ok: false, why: `exp ${claims.exp} out of range` };
  if (!/^(mailto:|https?:\/\/)/.test(claims.sub || '')) return { ok: false, why: `sub ${claims.sub}` };
  return { ok: true, k, claims };
}

/** Decrypts an aes128gcm body for the subscriber (ecdh, auth): the plaintext, or throws. */
export function decryptBody(body, ecdh, auth) {
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body[20];
  const asPub = body.subarray(21, 21 + idlen);
  const record = body.subarray(21 + idlen);
  if (rs < 18 || record.length > rs) throw new Error(`record of ${record.length} bytes, rs ${rs}`);
  const uaPub = ecdh.getPublicKey();
  const secret = ecdh.computeSecret(asPub);
  const ikm = hmac(hmac(auth, secret), Buffer.concat([Buffer.from('WebPush: info\0'), uaPub, asPub, Buffer.from([1])]));
  const prk = hmac(salt, ikm);
  const cek = hmac(prk, Buffer.from('Content-Encoding: aes128gcm\0\x01')).subarray(0, 16);
  const nonce = hmac(prk, Buffer.from('Content-Encoding: nonce\0\x01')).subarray(0, 12);
  const d = crypto.createDecipheriv('aes-128-gcm', cek, nonce);
  d.setAuthTag(record.subarray(record.length - 16));
  const padded = Buffer.concat([d.update(record.subarray(0, record.length - 16)), d.final()]);
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error('the last record does not end with the 0x02 delimiter');
  return padded.subarray(0, end).toString('utf8');
}

/**
 * Starts the fake push service. Returns { origin, subscribe(), statusFor,
 * posts, waitForPosts(n), close() }: posts lists every POST as { id, status,
 * headers, vapid, payload (parsed JSON), error }.
 */
export async function startFakePush() {
  const subs = new Map();
  const posts = [];
  const statusFor = new Map();
  let next = 1;
  const { url, close } = await listen(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const body = Buffer.concat(chunks);
    const id = (/^\/push\/(\w+)$/.exec(req.url) || [])[1];
    const sub = subs.get(id);
    const post = { id, headers: req.headers, status: 201 };
    if (req.method !== 'POST' || !sub) post.status = 404;
    else if (statusFor.has(id)) post.status = statusFor.get(id);
    else {
      post.vapid = checkVapid(req.headers.authorization, url);
      const h = req.headers;
      if (!post.vapid.ok) post.error = post.vapid.why;
      else if (h['content-encoding'] !== 'aes128gcm') post.error = `content-encoding ${h['content-encoding']}`;
      else if (!/^\d+$/.test(h.ttl || '')) post.error = `TTL ${h.ttl}`;
      else if (!['very-low', 'low', 'normal', 'high'].includes(h.urgency || 'normal')) post.error = `urgency ${h.urgency}`;
      else if (body.length > 4096) post.error = `body of ${body.length} bytes`;
      else {
        try { post.payload = JSON.parse(decryptBody(body, sub.ecdh, sub.auth)); } catch (e) { post.error = String(e); }
      }
      if (post.error) post.status = 400;
    }
    posts.push(post);
    res.writeHead(post.status, { 'content-type': 'text/plain' });
    res.end(post.error || '');
  });
  return {
    origin: url,
    posts,
    statusFor,
    /** A browser's subscription: { id, endpoint, keys: { p256dh, auth } } as toJSON() gives it. */
    subscribe() {
      const id = `s${next++}`;
      const ecdh = crypto.createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = crypto.randomBytes(16);
      subs.set(id, { ecdh, auth });
      return { id, endpoint: `${url}/push/${id}`, keys: { p256dh: b64u(ecdh.getPublicKey()), auth: b64u(auth) } };
    },
    waitForPosts(n, what = `${n} push POSTs`) {
      return waitFor(() => posts.length >= n && posts, { timeout: 30000, what });
    },
    close,
  };
}
