// Podcast episodes (issue 17): a real small MP3 and MP4 made here with
// ffmpeg pass the show's checks when attached to an episode in the console;
// a renamed text file, a WAV and a too short file are refused with the
// reason in Bahasa Indonesia and nothing is kept; the change is in the
// item's decision log. A published episode's file is served with
// Accept-Ranges, Range -> 206 with exactly those bytes (416 when the range
// cannot be satisfied), HEAD with GET's headers, an ETag; a draft's file
// is never served.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBalai, login, cli, sql, Client } from './lib.mjs';
import { tinyPng, postMultipart, unescapeHtml, rawPost } from './util-e2e.mjs';

let server, base, work, konten, petugas;
const files = {};

function ffmpeg(name, args) {
  const out = join(work, name);
  execFileSync('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', ...args, out]);
  files[name] = readFileSync(out);
}

const sine = (sec, rate = 44100) => ['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=${rate}:duration=${sec}`];

function importItems(items) {
  const file = join(work, `items-${Date.now()}-${Math.random()}.json`);
  writeFileSync(file, JSON.stringify(items));
  return cli(['content', 'import', '--office', 'jelitik', file, '--files-dir', server.filesDir], { db: server.db.url });
}

const idOf = (title) => sql(server.db, `SELECT id FROM content_item WHERE title = '${title}'`).trim();

const episode = {
  type: 'podcast', date: '2026-11-10', source: 'Kelurahan Jelitik', contact: '0812 3456 7890',
  summary: 'Obrolan tentang layanan administrasi kependudukan di kelurahan.',
  action_points: ['Dengarkan sampai selesai'], document_url: 'https://jelitik.go.id/podcast',
  body: 'Catatan episode: **KTP elektronik** dan KK.',
};

before(async () => {
  server = await startBalai();
  base = server.base;
  work = mkdtempSync(join(tmpdir(), 'balai-podcast-'));
  ffmpeg('ep.mp3', [...sine(12), '-ac', '1', '-b:a', '64k']);
  ffmpeg('ep.mp4', ['-f', 'lavfi', '-i', 'testsrc=size=640x360:rate=25:duration=12', ...sine(12),
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', '-movflags', '+faststart']);
  ffmpeg('ep.wav', [...sine(12)]);
  ffmpeg('short.mp3', [...sine(3), '-b:a', '64k']);
  ffmpeg('long.mp3', [...sine(300), '-b:a', '320k']);     // 12 MB: over the 8 MB other forms stop at
  writeFileSync(join(work, 'poster.png'), tinyPng(900, 900));
  const r = importItems([{ ...episode, title: 'Episode Draf', state: 'draft' }]);
  assert.equal(r.code, 0, r.stderr);
  konten = await login(base, 'konten.jelitik');
  petugas = await login(base, 'petugas.jelitik');
});

after(async () => {
  if (work) rmSync(work, { recursive: true, force: true });
  await server?.stop();
});

const page = (id) => `/console/o/jelitik/konten/${id}/episode`;

async function upload(c, id, data, name, type) {
  await c.get(page(id));
  return postMultipart(c, page(id), {}, { berkas: { data, name, type } });
}

test('an episode file is judged by its content, with the reason in Bahasa Indonesia', async () => {
  const id = idOf('Episode Draf');
  const cases = [
    [Buffer.from('Ini hanya teks yang diberi nama episode.mp3\n'.repeat(50)), 'bukan audio MP3/M4A atau video MP4'],
    [files['ep.wav'], 'Berkas WAV tidak diterima'],
    [files['short.mp3'], 'Episode terlalu pendek (3 detik)'],
  ];
  for (const [data, msg] of cases) {
    const r = await upload(konten, id, data, 'episode.mp3', 'audio/mpeg');
    assert.equal(r.status, 422, r.text.slice(0, 300));
    assert.ok(unescapeHtml(r.text).includes(msg), `expected "${msg}"`);
  }
  assert.equal((await konten.json(page(id))).body.media.length, 0);
  // a member who writes no content may not attach media
  const p = await upload(petugas, id, files['ep.mp3'], 'ep.mp3', 'audio/mpeg');
  assert.equal(p.status, 403);
});

test('a real MP3 and MP4 pass and become the episode\'s audio and video', async () => {
  const id = idOf('Episode Draf');
  const a = await upload(konten, id, files['ep.mp3'], 'rekaman.bin', 'application/octet-stream');
  assert.equal(a.status, 303, a.text.slice(0, 300));
  const v = await upload(konten, id, files['ep.mp4'], 'video.mp3', 'audio/mpeg');
  assert.equal(v.status, 303, v.text.slice(0, 300));
  const media = (await konten.json(page(id))).body.media;
  assert.deepEqual(media.map((m) => [m.kind, m.mime, m.size]),
    [['audio', 'audio/mpeg', files['ep.mp3'].length], ['video', 'video/mp4', files['ep.mp4'].length]]);
  assert.equal(media[0].seconds, 12);
  const log = sql(server.db, `SELECT action FROM audit_log WHERE entity = 'content' AND entity_id = '${id}' ORDER BY seq`);
  assert.match(log, /content\.media/);
  // a draft's file is not public
  const slug = sql(server.db, `SELECT slug FROM content_item WHERE id = ${id}`).trim();
  const res = await fetch(`${base}/o/jelitik/berita/${slug}/episode/audio-${media[0].media_id}.mp3`);
  assert.equal(res.status, 404);
});

// ---- published episodes: the import, the feed, the files -------------------

let koord;
const pubSlug = () => sql(server.db, "SELECT slug FROM content_item WHERE title = 'Episode Terbit'").trim();

test('content import takes an episode\'s media, checked like an upload', async () => {
  writeFileSync(join(work, 'bukan.mp3'), 'bukan audio\n'.repeat(40));
  const bad = importItems([{ ...episode, title: 'Episode Salah', image: 'poster.png', alt_text: 'Sampul', state: 'published', media: ['bukan.mp3'] }]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /Item 1, media episode: bukan\.mp3: Berkas ini bukan audio MP3\/M4A atau video MP4/);
  const wrongType = importItems([{ ...episode, type: 'edukasi', title: 'Bukan Episode', media: ['ep.mp3'] }]);
  assert.equal(wrongType.code, 1);
  assert.match(wrongType.stderr, /hanya untuk jenis "podcast"/);
  assert.equal(sql(server.db, "SELECT count(*) FROM content_item WHERE title IN ('Episode Salah', 'Bukan Episode')").trim(), '0');
  const ok = importItems([
    { ...episode, title: 'Episode Terbit', image: 'poster.png', alt_text: 'Sampul episode', state: 'published', media: ['ep.mp3', 'ep.mp4'] },
    { ...episode, title: 'Episode Draf Kedua', state: 'draft', media: ['ep.mp3'] },
  ]);
  assert.equal(ok.code, 0, ok.stderr);
});

test('the show settings: owner e-mail and cover art are asked for on the console, not in public', async () => {
  koord = await login(base, 'lurah.jelitik');
  let r = await koord.get('/console/o/jelitik/podcast');
  assert.equal(r.status, 200, r.text.slice(0, 300));
  assert.match(unescapeHtml(r.text), /Surel pemilik belum diisi/);
  const feed = await (await fetch(`${base}/o/jelitik/podcast.xml`)).text();
  assert.ok(!feed.includes('itunes:owner'), 'no owner in the public feed while none is set');
  assert.ok(!feed.includes('belum diisi'), 'the public is not told');
  const fields = { title: 'Suara Jelitik', description: 'Siaran layanan publik Kelurahan Jelitik.', category: 'Government', owner_name: 'Humas Jelitik', owner_email: 'humas@jelitik.go.id' };
  await koord.get('/console/o/jelitik/podcast');
  r = await postMultipart(koord, '/console/o/jelitik/podcast', fields, { sampul: { data: tinyPng(1200, 1200), name: 's.png', type: 'image/png' } });
  assert.equal(r.status, 422);
  assert.match(unescapeHtml(r.text), /Sampul harus persegi, 1400 × 1400 sampai 3000 × 3000 piksel \(berkas ini 1200 × 1200\)/);
  r = await postMultipart(koord, '/console/o/jelitik/podcast', fields, { sampul: { data: tinyPng(1400, 1400), name: 's.png', type: 'image/png' } });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  r = await koord.get('/console/o/jelitik/podcast');
  assert.ok(!unescapeHtml(r.text).includes('Surel pemilik belum diisi'));
});

function xpath(xml, expr) {
  return execFileSync('xmllint', ['--xpath', expr, '-'], { input: xml, encoding: 'utf8' }).trim();
}

test('the feed parses and has every tag the platforms require; drafts are not in it', async () => {
  const res = await fetch(`${base}/o/jelitik/podcast.xml`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /application\/rss\+xml/);
  const xml = await res.text();
  execFileSync('xmllint', ['--noout', '-'], { input: xml });      // well-formed
  const ns = (tag) => `*[name()='${tag}']`;
  const any = (tag) => `//${ns(tag)}`;
  const count = (e) => Number(xpath(xml, `count(${e})`));
  for (const t of ['channel/title', 'channel/description', 'channel/language', 'channel/link']) assert.equal(count(`/rss/${t}`), 1, t);
  assert.equal(xpath(xml, 'string(/rss/channel/language)'), 'id');
  assert.equal(xpath(xml, 'string(/rss/channel/title)'), 'Suara Jelitik');
  for (const t of ['itunes:image', 'itunes:category', 'itunes:explicit', 'itunes:owner', 'itunes:email', 'podcast:guid'])
    assert.ok(count(`/rss/channel/${ns(t)}`) + count(`/rss/channel/*/${ns(t)}`) >= 1, t);
  assert.equal(xpath(xml, `string(${any('itunes:email')})`), 'humas@jelitik.go.id');
  assert.match(xpath(xml, `string(${any('podcast:guid')})`), /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  // only the published episode
  assert.equal(count('/rss/channel/item'), 1);
  assert.equal(xpath(xml, 'string(/rss/channel/item/title)'), 'Episode Terbit');
  for (const t of ['title', 'description', 'guid', 'pubDate', 'enclosure']) assert.equal(count(`/rss/channel/item/${t}`), 1, t);
  assert.equal(count(`/rss/channel/item/${ns('itunes:duration')}`), 1);
  assert.equal(xpath(xml, `string(/rss/channel/item/${ns('itunes:duration')})`), '12');
  assert.equal(xpath(xml, 'string(/rss/channel/item/enclosure/@type)'), 'audio/mpeg');
  assert.equal(Number(xpath(xml, 'string(/rss/channel/item/enclosure/@length)')), files['ep.mp3'].length);
  assert.equal(count(`/rss/channel/item/${ns('podcast:alternateEnclosure')}`), 2);
  assert.equal(xpath(xml, `string(/rss/channel/item/${ns('podcast:alternateEnclosure')}[@type='video/mp4']/@height)`), '360');
  // the cover it names is served, square within Apple's bounds
  const cover = await fetch(xpath(xml, `string(/rss/channel/${ns('itunes:image')}/@href)`));
  assert.equal(cover.status, 200);
  // the guid stays the same when the feed is read again
  const again = await (await fetch(`${base}/o/jelitik/podcast.xml`, { headers: { 'cache-control': 'no-cache' } })).text();
  assert.equal(xpath(again, 'string(/rss/channel/item/guid)'), xpath(xml, 'string(/rss/channel/item/guid)'));
});

test('episode files: Range gives 206 with exactly those bytes, 416 past the end, HEAD matches GET', async () => {
  const xml = await (await fetch(`${base}/o/jelitik/podcast.xml`)).text();
  const url = xpath(xml, 'string(/rss/channel/item/enclosure/@url)');
  const video = xpath(xml, "string(//*[name()='podcast:alternateEnclosure'][@type='video/mp4']/*/@uri)");
  const mp3 = files['ep.mp3'];
  const full = await fetch(url);
  assert.equal(full.status, 200);
  assert.equal(full.headers.get('accept-ranges'), 'bytes');
  assert.equal(full.headers.get('content-type'), 'audio/mpeg');
  assert.match(full.headers.get('cache-control'), /max-age=31536000/);
  const etag = full.headers.get('etag');
  assert.ok(etag);
  assert.ok(Buffer.from(await full.arrayBuffer()).equals(mp3));
  const part = await fetch(url, { headers: { range: 'bytes=100-1099' } });
  assert.equal(part.status, 206);
  assert.equal(part.headers.get('content-range'), `bytes 100-1099/${mp3.length}`);
  assert.equal(part.headers.get('content-length'), '1000');
  assert.ok(Buffer.from(await part.arrayBuffer()).equals(mp3.subarray(100, 1100)));
  const probe = await fetch(url, { headers: { range: 'bytes=0-1' } });
  assert.equal(probe.status, 206);
  assert.ok(Buffer.from(await probe.arrayBuffer()).equals(mp3.subarray(0, 2)));
  const tail = await fetch(video, { headers: { range: 'bytes=-500' } });
  assert.equal(tail.status, 206);
  assert.ok(Buffer.from(await tail.arrayBuffer()).equals(files['ep.mp4'].subarray(-500)));
  const past = await fetch(url, { headers: { range: `bytes=${mp3.length}-` } });
  assert.equal(past.status, 416);
  assert.equal(past.headers.get('content-range'), `bytes */${mp3.length}`);
  const head = await fetch(url, { method: 'HEAD' });
  assert.equal(head.status, 200);
  for (const h of ['content-length', 'content-type', 'etag', 'accept-ranges', 'cache-control'])
    assert.equal(head.headers.get(h), full.headers.get(h), h);
  assert.equal(head.headers.get('content-length'), String(mp3.length));
  const cached = await fetch(url, { headers: { 'if-none-match': etag } });
  assert.equal(cached.status, 304);
  // a draft episode's files are not served, whatever their name
  const draftMedia = sql(server.db, "SELECT e.media_id FROM episode_media e JOIN content_item c ON c.id = e.item_id WHERE c.title = 'Episode Draf Kedua'").trim();
  const draftSlug = sql(server.db, "SELECT slug FROM content_item WHERE title = 'Episode Draf Kedua'").trim();
  assert.equal((await fetch(`${base}/o/jelitik/berita/${draftSlug}/episode/audio-${draftMedia}.mp3`)).status, 404);
  assert.equal((await fetch(url.replace(pubSlug(), draftSlug))).status, 404);
});

test('the episode page beside the news has a player and the show notes', async () => {
  const r = await fetch(`${base}/o/jelitik/berita/${pubSlug()}`);
  assert.equal(r.status, 200);
  const html = await r.text();
  assert.match(html, /<audio controls[^>]*><source src="\/o\/jelitik\/berita\/[^"]+\/episode\/audio-\d+\.mp3" type="audio\/mpeg">/);
  assert.match(html, /<video controls[^>]*><source src="\/o\/jelitik\/berita\/[^"]+\/episode\/video-\d+\.mp4" type="video\/mp4">/);
  assert.match(html, /Catatan episode dan transkrip/);
  assert.match(html, /<strong>KTP elektronik<\/strong>/);
});

test('a real-sized episode (over 8 MB) is taken from a signed-in member only', async () => {
  assert.ok(files['long.mp3'].length > 8 * 1024 * 1024);
  const id = idOf('Episode Draf');
  const anon = await rawPost(new Client(base), page(id), Buffer.concat([Buffer.from('--x\r\n'), files['long.mp3']]), 'multipart/form-data; boundary=x')
    .catch((e) => ({ status: 0, error: e.code }));
  assert.ok(anon.status === 413 || anon.status === 0, `anonymous 12 MB body: ${anon.status}`);
  const r = await upload(konten, id, files['long.mp3'], 'panjang.mp3', 'audio/mpeg');
  assert.equal(r.status, 303, r.text.slice(0, 300));
  const audio = (await konten.json(page(id))).body.media.find((m) => m.kind === 'audio');
  assert.equal(audio.size, files['long.mp3'].length);
  assert.equal(audio.seconds, 300);
});
