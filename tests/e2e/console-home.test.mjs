// The console home says what to do now: per office where the staff member
// serves citizens, the conversations waiting for their answer and without
// an officer, new and overdue requests, today's pickups; each count is a
// link to the list that shows exactly those rows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBalai, login, sql } from './lib.mjs';

let server;
before(async () => { server = await startBalai(); });
after(async () => { await server?.stop(); });

async function chat(text, token) {
  const res = await fetch(`${server.base}/o/jelitik/obrolan`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(token ? { text, token } : { text }),
  });
  assert.equal(res.status, 200);
  return res.json();
}

/** The counts of the office's card on the console home, by label. */
async function counts(c, slug = 'jelitik') {
  const j = await c.json('/console');
  assert.equal(j.status, 200);
  const card = j.body.todo.find((x) => x.slug === slug);
  return card ? Object.fromEntries(card.items.map((i) => [i.label, i])) : null;
}

const rowsOf = async (c, href) => [...(await c.get(href)).text.matchAll(/data-conversation="(\d+)"/g)].length;
const lastConversation = () => Number(sql(server.db, 'SELECT max(id) FROM conversation').trim());

test('conversations: one without an officer, then one waiting for my answer; each count matches its list', async () => {
  const petugas = await login(server.base, 'petugas.jelitik');
  const before_ = await counts(petugas);
  const unassigned = before_['Percakapan diteruskan bot, belum ada petugas'];
  const mine = before_['Percakapan menunggu jawaban Anda'];
  assert.equal(mine.count, 0);
  // a citizen asks for an officer on the portal chat
  const first = await chat('saya mau bicara dengan petugas');
  const conv = lastConversation();
  const handed = await counts(petugas);
  await chat('jam buka kantor kapan ya');   // the bot answers this one: nobody needs to take it
  assert.equal(handed['Percakapan diteruskan bot, belum ada petugas'].count, unassigned.count + 1);
  assert.equal(await rowsOf(petugas, handed['Percakapan diteruskan bot, belum ada petugas'].href),
    handed['Percakapan diteruskan bot, belum ada petugas'].count, 'the link lists exactly what was counted');
  // the petugas takes it, then the citizen writes again: it waits for the petugas
  await petugas.get(`/console/o/jelitik/percakapan/${conv}`);
  assert.equal((await petugas.post(`/console/o/jelitik/percakapan/${conv}/tugaskan`, { staff: 'saya' })).status, 303);
  await chat('halo pak, saya masih menunggu', first.token);
  assert.equal((await counts(petugas))['Percakapan diteruskan bot, belum ada petugas'].count, unassigned.count,
    'a conversation the bot is answering is not counted');
  const waiting = await counts(petugas);
  assert.equal(waiting['Percakapan menunggu jawaban Anda'].count, 1);
  assert.equal(waiting['Percakapan diteruskan bot, belum ada petugas'].count, unassigned.count);
  assert.match(waiting['Percakapan menunggu jawaban Anda'].href, /tampil=mine_waiting/);
  assert.equal(await rowsOf(petugas, waiting['Percakapan menunggu jawaban Anda'].href), 1);
  // the same conversation is not waiting for the koordinator
  const sekre = await login(server.base, 'sekre.jelitik');
  assert.equal((await counts(sekre))['Percakapan menunggu jawaban Anda'].count, 0);
  // the page shows it as a link with the number
  const html = await petugas.get('/console');
  assert.match(html.text, /<a href="\/console\/o\/jelitik\/percakapan\?tampil=mine_waiting" class="urgent"><span class="count">1<\/span> Percakapan menunggu jawaban Anda<\/a>/);
});

test('requests: new ones and overdue ones are counted as their lists filter them', async () => {
  const petugas = await login(server.base, 'petugas.jelitik');
  const c0 = await counts(petugas);
  await petugas.get('/console/o/jelitik/permohonan/baru');
  const made = await petugas.post('/console/o/jelitik/permohonan/baru', { service: 'sktm', name: 'Yanti', address: 'RT 01 / RW 04' });
  assert.equal(made.status, 303);
  const c1 = await counts(petugas);
  assert.equal(c1['Permohonan baru, belum diperiksa'].count, c0['Permohonan baru, belum diperiksa'].count + 1);
  const listed = (await petugas.get(c1['Permohonan baru, belum diperiksa'].href)).text;
  assert.match(listed, /Yanti/);
  // its ETA passes (as if days went by): it is overdue now
  sql(server.db, "UPDATE request SET eta_date = 20200102 WHERE citizen_name = 'Yanti'");
  const c2 = await counts(petugas);
  assert.equal(c2['Permohonan terlambat dari perkiraan selesai'].count, c0['Permohonan terlambat dari perkiraan selesai'].count + 1);
  assert.match((await petugas.get(c2['Permohonan terlambat dari perkiraan selesai'].href)).text, /Yanti/);
});

test('today\'s pickups are listed with the slot and a link to the request; other days are not', async () => {
  const petugas = await login(server.base, 'petugas.jelitik');
  const html0 = (await petugas.get('/console')).text;
  assert.match(html0, /Tidak ada jadwal pengambilan hari ini\./);
  // a finished request booked for today (bookings are made for later days; the day has come)
  const rid = Number(sql(server.db, "SELECT id FROM request WHERE citizen_name = 'Yanti'").trim());
  const office = Number(sql(server.db, "SELECT id FROM office WHERE slug = 'jelitik'").trim());
  const today = Number(new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10).replaceAll('-', ''));
  const slot = Number(sql(server.db, `INSERT INTO pickup_slot (office_id, weekday, start_min, end_min, capacity, created_at) VALUES (${office}, 0, 480, 600, 10, 0) RETURNING id`).trim());
  sql(server.db, `INSERT INTO pickup_booking (request_id, slot_id, date, created_at) VALUES (${rid}, ${slot}, ${today}, 0)`);
  const home = await petugas.json('/console');
  const card = home.body.todo.find((x) => x.slug === 'jelitik');
  assert.equal(card.pickups.length, 1);
  assert.equal(card.pickups[0].slot, '08.00–10.00');
  const html = (await petugas.get('/console')).text;
  assert.match(html, new RegExp(`08\\.00–10\\.00 · <a href="/console/o/jelitik/permohonan/${rid}">[A-Z]+-\\d{4}-\\d+</a> · Yanti`));
  sql(server.db, `UPDATE pickup_booking SET date = ${today + 1} WHERE request_id = ${rid}`);
  assert.equal((await petugas.json('/console')).body.todo.find((x) => x.slug === 'jelitik').pickups.length, 0);
});

test('someone who serves no citizens (an editor) gets no to-do card; the regency admin only for offices held directly', async () => {
  const admin = await login(server.base, 'admin.diskominfo');
  const j = await admin.json('/console');
  assert.ok(!j.body.todo.some((x) => x.slug === 'jelitik'), 'offices below are not on the admin\'s home');
});
