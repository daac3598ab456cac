// The shared content calendar, its iCalendar feed and the quarterly plan
// (issue 16): scheduled and published items sit on their day in the
// office's time zone (WIB) in the month and week views; the filters narrow
// by office, type, state and channel; a Diskominfo member sees the offices
// of the regency; the form moves a scheduled item and refuses past times,
// unschedulable states, wrong roles and wrong offices; the feed at its
// secret address is valid RFC 5545 (CRLF, folding, escaping, UTC times),
// a wrong or renewed-away token is a 404 and guessing is rate-limited; the
// plan counts published items per type and week, on time and late. Items are put in the database by SQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBalai, login, sql } from './lib.mjs';
import { putItem, itemRow, wib } from './content-cal-util.mjs';

let b;
const ids = {};
before(async () => {
  b = await startBalai();
  // 15 Jan 2027 01.30 WIB is still 14 Jan in UTC: it must sit on the 15th
  ids.posyandu = putItem(b.db, 'jelitik', { title: 'Posyandu; balita, dan "ibu" hamil', publishAt: wib(2027, 1, 15, 1, 30),
    channels: '["portal","whatsapp"]' });
  ids.terbit = putItem(b.db, 'jelitik', { title: 'Laporan kerja bakti RT 03', type: 'laporan_kegiatan', state: 'terbit',
    publishedAt: wib(2027, 1, 20, 7, 0) });
  ids.late = putItem(b.db, 'jelitik', { title: 'Pengumuman pemadaman air', type: 'pengumuman', state: 'terbit',
    publishAt: wib(2027, 1, 21, 8, 0), publishedAt: wib(2027, 1, 21, 10, 5), late: 1 });
  ids.sri = putItem(b.db, 'srimenanti', { title: 'Edukasi pilah sampah Srimenanti', publishAt: wib(2027, 1, 15, 9, 0) });
  ids.long = putItem(b.db, 'jelitik', { title: 'Sosialisasi pendaftaran adminduk daring, tanpa antre: bawa KTP, KK, dan akta kelahiran anak ke balai kelurahan ya\\ terima kasih',
    publishAt: wib(2027, 2, 3, 9, 0) });
});
after(async () => { await b.stop(); });

const day = (html, date) => (html.split(`data-date="${date}"`)[1] || '').split('</section>')[0];

test('month and week views put items on their WIB day; filters narrow', async () => {
  const c = await login(b.base, 'sekre.jelitik');
  const m = await c.get('/console/o/jelitik/kalender?bulan=2027-01');
  assert.equal(m.status, 200);
  assert.match(day(m.text, '2027-01-15'), /Posyandu; balita, dan &quot;ibu&quot; hamil/);
  assert.doesNotMatch(day(m.text, '2027-01-14'), /Posyandu/);
  assert.match(day(m.text, '2027-01-15'), /01\.30/);
  assert.match(day(m.text, '2027-01-20'), /Laporan kerja bakti RT 03[\s\S]*Terbit/);
  assert.match(day(m.text, '2027-01-21'), /Pengumuman pemadaman air[\s\S]*Terlambat/);
  assert.match(day(m.text, '2027-01-21'), /Terbit terlambat 2 jam 5 menit dari jadwal/);
  assert.doesNotMatch(m.text, /Edukasi pilah sampah/, 'another kelurahan stays out');
  assert.doesNotMatch(m.text, /Sosialisasi pendaftaran/, 'February is not January');

  const w = await c.get('/console/o/jelitik/kalender?minggu=2027-W02');   // 11-17 January
  assert.match(day(w.text, '2027-01-15'), /Posyandu/);
  assert.equal(day(w.text, '2027-01-20'), '', 'the week shows its seven days only');
  assert.doesNotMatch(w.text, /Laporan kerja bakti/);

  const only = async (q) => (await c.get(`/console/o/jelitik/kalender?bulan=2027-01&${q}`)).text;
  let t = await only('status=terbit');
  assert.doesNotMatch(t, /Posyandu/); assert.match(t, /Laporan kerja bakti/);
  t = await only('jenis=pengumuman');
  assert.match(t, /Pengumuman pemadaman air/); assert.doesNotMatch(t, /Laporan kerja bakti|Posyandu/);
  t = await only('kanal=whatsapp');
  assert.match(t, /Posyandu/); assert.doesNotMatch(t, /Laporan kerja bakti/);

  const j = await c.json('/console/o/jelitik/kalender?bulan=2027-01');
  const d15 = j.body.days.find((d) => d.date === '2027-01-15');
  assert.deepEqual(d15.items.map((i) => i.id), [ids.posyandu]);
  assert.equal(j.body.late_count, 1);

  const bad = await c.get('/console/o/jelitik/kalender?bulan=2027-13');
  assert.match(bad.text, /tidak dikenali/);
});

test('a Diskominfo member sees the regency\'s offices and can narrow to one', async () => {
  const c = await login(b.base, 'pengawas.diskominfo');
  const all = await c.get('/console/o/diskominfo-bangka/kalender?bulan=2027-01');
  assert.equal(all.status, 200);
  assert.match(day(all.text, '2027-01-15'), /Posyandu[\s\S]*Edukasi pilah sampah Srimenanti/);
  const one = await c.get('/console/o/diskominfo-bangka/kalender?bulan=2027-01&kantor=srimenanti');
  assert.match(one.text, /Edukasi pilah sampah/);
  assert.doesNotMatch(one.text, /Posyandu/);
  // a kelurahan's own calendar does not show its neighbour
  const lurah = await login(b.base, 'sekre.srimenanti');
  const own = await lurah.get('/console/o/srimenanti/kalender?bulan=2027-01');
  assert.match(own.text, /Edukasi pilah sampah/);
  assert.doesNotMatch(own.text, /Posyandu/);
});

test('the form reschedules in WIB and refuses the past, a published item, the wrong role and office', async () => {
  const c = await login(b.base, 'sekre.jelitik');
  await c.get('/console/o/jelitik/kalender?bulan=2027-01');
  const r = await c.post(`/console/o/jelitik/kalender/${ids.posyandu}/jadwal`, { tanggal: '2027-01-22', jam: '09:15' });
  assert.equal(r.status, 303);
  assert.match(r.location, /kalender\?bulan=2027-01&ok=1/);
  assert.equal(itemRow(b.db, ids.posyandu).publishAt, wib(2027, 1, 22, 9, 15));
  const m = await c.get(r.location);
  assert.match(m.text, /Jadwal terbit sudah diubah/);
  assert.match(day(m.text, '2027-01-22'), /09\.15<\/span> <a[^>]*>Posyandu/);
  assert.equal(sql(b.db, `SELECT COUNT(*) FROM job WHERE kind = 'content_publish' AND ref_id = ${ids.posyandu}`).trim(), '1');

  const past = await c.post(`/console/o/jelitik/kalender/${ids.posyandu}/jadwal`, { tanggal: '2020-01-01', jam: '08:00' });
  assert.equal(past.status, 422);
  assert.match(past.text, /Waktu terbit harus setelah sekarang/);
  const pub = await c.post(`/console/o/jelitik/kalender/${ids.terbit}/jadwal`, { tanggal: '2027-03-01', jam: '08:00' });
  assert.equal(pub.status, 422);
  assert.match(pub.text, /belum dapat dijadwalkan/);
  assert.equal(itemRow(b.db, ids.terbit).state, 'terbit');
  const empty = await c.post(`/console/o/jelitik/kalender/${ids.posyandu}/jadwal`, { tanggal: '', jam: '08:00' });
  assert.equal(empty.status, 422);
  assert.match(empty.text, /Tanggal terbit wajib diisi/);
  assert.equal(itemRow(b.db, ids.posyandu).publishAt, wib(2027, 1, 22, 9, 15), 'nothing changed');

  const author = await login(b.base, 'konten.jelitik');   // drafts, does not publish
  await author.get('/console/o/jelitik/kalender');
  const no = await author.post(`/console/o/jelitik/kalender/${ids.posyandu}/jadwal`, { tanggal: '2027-01-25', jam: '08:00' });
  assert.equal(no.status, 403);
  const other = await login(b.base, 'sekre.srimenanti');
  await other.get('/console/o/srimenanti/kalender');
  const no2 = await other.post(`/console/o/jelitik/kalender/${ids.posyandu}/jadwal`, { tanggal: '2027-01-25', jam: '08:00' });
  assert.equal(no2.status, 403);
  const no3 = await other.post(`/console/o/srimenanti/kalender/${ids.posyandu}/jadwal`, { tanggal: '2027-01-25', jam: '08:00' });
  assert.equal(no3.status, 404, 'an item of another office is not found through this one');
  assert.equal(itemRow(b.db, ids.posyandu).publishAt, wib(2027, 1, 22, 9, 15));
});

const unfold = (text) => text.replace(/\r\n /g, '');

test('the iCalendar feed: secret address shown once, RFC 5545 lines, 404 for a wrong or renewed token', async () => {
  const c = await login(b.base, 'sekre.jelitik');
  await c.get('/console/o/jelitik/kalender');
  const made = await c.post('/console/o/jelitik/kalender/alamat-ical', {});
  assert.equal(made.status, 201);
  const url = made.text.match(/value="(http[^"]+\/kalender\/[^"]+\.ics)"/)[1];
  const again = await c.get('/console/o/jelitik/kalender');
  assert.ok(!again.text.includes(url), 'shown once');
  assert.ok(!sql(b.db, 'SELECT token_hash FROM content_feed').includes(url.split('/').pop().replace('.ics', '')),
    'the token is not stored as such');

  const res = await fetch(url);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/calendar/);
  const raw = await res.text();
  assert.ok(raw.endsWith('\r\n'));
  assert.ok(!/[^\r]\n/.test(raw), 'every line ends with CRLF');
  for (const line of raw.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, `folded: ${line}`);
  const lines = unfold(raw).split('\r\n').filter(Boolean);
  assert.equal(lines[0], 'BEGIN:VCALENDAR');
  assert.equal(lines.at(-1), 'END:VCALENDAR');
  assert.ok(lines.includes('VERSION:2.0'));
  assert.ok(lines.some((l) => l.startsWith('PRODID:')));
  const events = unfold(raw).split('BEGIN:VEVENT').slice(1).map((e) => e.split('END:VEVENT')[0]);
  const find = (id) => events.find((e) => e.includes(`UID:konten-${id}@`));
  const pos = find(ids.posyandu);
  assert.ok(pos, 'the scheduled item is an event');
  assert.match(pos, /\r\nDTSTART:20270122T021500Z\r\n/, '09.15 WIB in UTC');
  assert.match(pos, /\r\nDTSTAMP:\d{8}T\d{6}Z\r\n/);
  assert.match(pos, /\r\nSUMMARY:Terjadwal: Posyandu\\; balita\\, dan "ibu" hamil\r\n/);
  assert.match(pos, new RegExp(`\\r\\nURL:http[^\\r]*/console/o/jelitik/konten/${ids.posyandu}\\r\\n`));
  assert.match(find(ids.late), /SUMMARY:Terbit \(terlambat\): Pengumuman pemadaman air/);
  assert.match(find(ids.long), /SUMMARY:Terjadwal: Sosialisasi pendaftaran adminduk daring\\, tanpa antre: bawa KTP\\, KK\\, dan akta kelahiran anak ke balai kelurahan ya\\\\ terima kasih/);
  assert.ok(raw.includes('\r\n '), 'the long summary is folded');
  assert.ok(!find(ids.sri), 'another office\'s item is not in this feed');
  const uid1 = events.map((e) => e.match(/UID:[^\r]+/)[0]).sort();

  const wrong = await fetch(url.replace(/\/kalender\/.{6}/, '/kalender/xxxxxx'));
  assert.equal(wrong.status, 404);
  assert.equal((await fetch(url.replace('.ics', ''))).status, 404);

  await c.get('/console/o/jelitik/kalender');
  const renewed = await c.post('/console/o/jelitik/kalender/alamat-ical', {});
  const url2 = renewed.text.match(/value="(http[^"]+\.ics)"/)[1];
  assert.notEqual(url2, url);
  assert.equal((await fetch(url)).status, 404, 'the old address stops working');
  const raw2 = await (await fetch(url2)).text();
  const uid2 = unfold(raw2).split('BEGIN:VEVENT').slice(1).map((e) => e.match(/UID:[^\r]+/)[0]).sort();
  assert.deepEqual(uid2, uid1, 'UIDs are stable');

  const lurah = await login(b.base, 'konten.jelitik');
  await lurah.get('/console/o/jelitik/kalender');
  assert.equal((await lurah.post('/console/o/jelitik/kalender/alamat-ical', {})).status, 403);

  // guessing addresses is limited per client address (60 per 10 minutes)
  let limited = 0;
  for (let i = 0; i < 70 && !limited; i++) {
    const r = await fetch(`${b.base}/kalender/tebakan${i}.ics`);
    if (r.status === 429) limited = i;
    else assert.equal(r.status, 404);
  }
  assert.ok(limited > 0, 'refused with 429 before 70 guesses');
  assert.equal((await fetch(url2)).status, 429, 'the same address is refused for a while, right token or not');
});

test('the quarterly plan: targets saved by the koordinator, plan vs actual per type and week', async () => {
  // published in Q1 2027 at jelitik (plus the two of January above): edukasi x3 (one late)
  putItem(b.db, 'jelitik', { title: 'Edukasi 1', state: 'terbit', publishedAt: wib(2027, 1, 4, 9, 0) });
  putItem(b.db, 'jelitik', { title: 'Edukasi 2', state: 'terbit', publishedAt: wib(2027, 1, 6, 9, 0) });
  putItem(b.db, 'jelitik', { title: 'Edukasi 3', state: 'terbit', publishedAt: wib(2027, 3, 31, 23, 0),
    publishAt: wib(2027, 3, 31, 20, 0), late: 1 });
  putItem(b.db, 'jelitik', { title: 'Edukasi April', state: 'terbit', publishedAt: wib(2027, 4, 1, 0, 30) });
  const c = await login(b.base, 'sekre.jelitik');
  await c.get('/console/o/jelitik/rencana?tahun=2027&triwulan=1');
  const r = await c.post('/console/o/jelitik/rencana', { tahun: '2027', triwulan: '1', target_edukasi: '12',
    target_informasi_layanan: '6', frekuensi: 'Edukasi tiap Senin', prioritas: 'Adminduk', tema: 'Hidup bersih' });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  const j = (await c.json('/console/o/jelitik/rencana?tahun=2027&triwulan=1')).body;
  const p = j.progress;
  assert.equal(p.target, 18);
  const type = (t) => p.types.find((x) => x.type === t);
  assert.deepEqual([type('edukasi').target, type('edukasi').actual, type('edukasi').on_time, type('edukasi').late], [12, 3, 2, 1]);
  assert.deepEqual([type('informasi_layanan').target, type('informasi_layanan').actual], [6, 0]);
  assert.deepEqual([type('pengumuman').target, type('pengumuman').actual, type('pengumuman').late], [0, 1, 1]);
  assert.equal(p.actual, 5);
  assert.equal(p.late, 2);
  assert.equal(p.weeks.reduce((s, w) => s + w.actual, 0), 5);
  // 1 January 2027 is a Friday: the first week is 1-3 January, the second 4-10
  assert.equal(p.weeks[0].label, '1–3 Jan');
  assert.equal(p.weeks.at(-1).label, '29–31 Mar');
  assert.equal(p.weeks[0].actual, 0);
  assert.equal(p.weeks[1].actual, 2, 'the 4th and the 6th');
  assert.equal(p.weeks.at(-1).late, 1, 'the late one on 31 March is in the last week');
  const page = await c.get('/console/o/jelitik/rencana?tahun=2027&triwulan=1');
  assert.match(page.text, /Hidup bersih/);
  // the calendar shows the plan above its days
  const cal = await c.get('/console/o/jelitik/kalender?bulan=2027-02');
  assert.match(cal.text, /Rencana Triwulan I 2027/);

  // viewable by a member who drafts but does not publish; not editable
  const lurah = await login(b.base, 'konten.jelitik');
  const v = await lurah.get('/console/o/jelitik/rencana?tahun=2027&triwulan=1');
  assert.equal(v.status, 200);
  assert.doesNotMatch(v.text, /Simpan rencana/);
  const no = await lurah.post('/console/o/jelitik/rencana', { tahun: '2027', triwulan: '1', target_edukasi: '1' });
  assert.equal(no.status, 403);
  const bad = await c.post('/console/o/jelitik/rencana', { tahun: '2027', triwulan: '1', target_edukasi: 'dua belas' });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /Target tiap jenis konten harus bilangan/);
  assert.equal((await c.json('/console/o/jelitik/rencana?tahun=2027&triwulan=1')).body.progress.target, 18, 'nothing lost');
});
