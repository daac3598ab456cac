// A local fake of the Instagram Graph API's content publishing endpoints for
// the end-to-end suite, following /work/shared/reference/publishing-wire.md
// (section 1) and Meta's content publishing guide. Balai's Instagram channel
// points its base URL at it instead of https://graph.facebook.com/v21.0.
//
//   POST /{ig-user-id}/media?image_url=&caption=&alt_text=   -> {"id": container}
//        Like Meta, it fetches image_url at that moment: an address that does
//        not answer 200 with a JPEG gives error 9004 / subcode 2207052
//        ("media could not be fetched"); a caption over 2,200 characters or
//        30 hashtags is refused (code 100).
//   GET  /{container-id}?fields=status_code,status            -> {"status_code", "id"}
//        IN_PROGRESS while the test holds it (hold()), then FINISHED;
//        PUBLISHED once published.
//   POST /{ig-user-id}/media_publish?creation_id=             -> {"id": media}
//        Publishing a container that is not FINISHED gives 9007 / 2207027;
//        one already published gives an error too (it never makes two posts).
//   GET  /{ig-user-id}/content_publishing_limit?fields=quota_usage,config
//        -> {"data": [{"quota_usage", "config": {"quota_total", "quota_duration"}}]}
//   GET  /{media-id}?fields=permalink                          -> {"permalink", "id"}
// Every call needs "Authorization: Bearer <token>" (else 190). Every call is
// recorded in `calls` ({kind, path, query}) so tests can assert the exact
// sequence; `posts` holds what was published.
// Node 18+ built-ins only.
import http from 'node:http';

const graphError = (res, status, error) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { type: 'OAuthException', fbtrace_id: 'Afake', ...error } }));
};
const ok = (res, body) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

/** Whether url answers 200 with a JPEG (SOI marker FF D8 FF), as Meta's fetch needs. */
async function fetchJpeg(url) {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(10000) });
    if (r.status !== 200) return false;
    const b = Buffer.from(await r.arrayBuffer());
    return b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
  } catch { return false; }
}

/**
 * Starts the fake. Options: igUserId, token, quotaTotal (50), quotaUsage (0).
 * Returns { url, calls, posts, containers, state (quotaTotal, quotaUsage: may be
 * changed by the test), hold(), release(), kinds(), close() }.
 */
export async function startFakeInstagram({ igUserId, token, quotaTotal = 50, quotaUsage = 0 } = {}) {
  const calls = [], posts = [], containers = new Map();
  let held = false, next = 1;
  const state = { quotaTotal, quotaUsage };

  async function route(req, res, u) {
    const q = Object.fromEntries(u.searchParams);
    const parts = u.pathname.split('/').filter(Boolean);
    const kind = req.method === 'POST' && parts[1] === 'media' ? 'media'
      : req.method === 'POST' && parts[1] === 'media_publish' ? 'publish'
      : parts[1] === 'content_publishing_limit' ? 'limit'
      : req.method === 'GET' && parts.length === 1 && containers.has(parts[0]) ? 'status'
      : req.method === 'GET' && parts.length === 1 ? 'media_read' : 'unknown';
    calls.push({ kind, path: u.pathname, query: q });
    if (req.headers.authorization !== `Bearer ${token}`)
      return graphError(res, 400, { code: 190, message: 'Invalid OAuth access token.' });
    if (parts.length > 1 && parts[0] !== igUserId)
      return graphError(res, 400, { code: 100, message: 'Unsupported post request.' });
    if (kind === 'limit')
      return ok(res, { data: [{ quota_usage: state.quotaUsage, config: { quota_total: state.quotaTotal, quota_duration: 86400 } }] });
    if (kind === 'media') return createContainer(res, q);
    if (kind === 'status') {
      const c = containers.get(parts[0]);
      return ok(res, { status_code: c.published ? 'PUBLISHED' : held ? 'IN_PROGRESS' : 'FINISHED', id: parts[0] });
    }
    if (kind === 'publish') return publish(res, q);
    if (kind === 'media_read') {
      const p = posts.find((x) => x.id === parts[0]);
      if (!p) return graphError(res, 400, { code: 100, message: 'Object does not exist.' });
      return ok(res, { id: p.id, permalink: `https://www.instagram.com/p/FAKE${p.id}/` });
    }
    return graphError(res, 400, { code: 100, message: 'Unknown path.' });
  }

  async function createContainer(res, q) {
    const caption = q.caption ?? '';
    if ([...caption].length > 2200 || (caption.match(/(^|\s)#[^\s#]/g) || []).length > 30)
      return graphError(res, 400, { code: 100, message: 'The caption is too long or has too many hashtags.' });
    if (!q.image_url || !(await fetchJpeg(q.image_url)))
      return graphError(res, 400, { code: 9004, error_subcode: 2207052, message: 'Media could not be fetched from this URI', error_user_title: 'Media download has failed.' });
    const id = `1790000000${String(next++).padStart(4, '0')}`;
    containers.set(id, { imageUrl: q.image_url, caption, altText: q.alt_text ?? '', published: false });
    return ok(res, { id });
  }

  function publish(res, q) {
    const c = containers.get(q.creation_id);
    if (!c) return graphError(res, 400, { code: 100, message: 'Invalid creation_id.' });
    if (c.published) return graphError(res, 400, { code: 9007, error_subcode: 2207027, message: 'The media has already been published.' });
    if (held) return graphError(res, 400, { code: 9007, error_subcode: 2207027, message: 'Media ID is not available' });
    c.published = true;
    state.quotaUsage++;
    const id = `1800000000${String(next++).padStart(4, '0')}`;
    posts.push({ id, container: q.creation_id, ...c });
    return ok(res, { id });
  }

  const server = http.createServer((req, res) => {
    const u = new URL(req.url, 'http://x');
    req.resume();
    req.on('end', () => { route(req, res, u).catch(() => graphError(res, 500, { code: 1, message: 'fake failed' })); });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    calls, posts, containers, state,
    /** Containers stay IN_PROGRESS until release(). */
    hold() { held = true; },
    release() { held = false; },
    /** The kinds of the calls so far, in order. */
    kinds() { return calls.map((c) => c.kind); },
    close() { return new Promise((r) => { server.closeAllConnections?.(); server.close(r); }); },
  };
}
