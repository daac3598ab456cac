// Complaints and consultations are requests too (issue 13; seed 003: "permintaan
// informasi, pengaduan, pendaftaran dokumen dan/atau konsultasi"). A citizen
// who complains on WhatsApp is taken through category, what happened, where
// (a shared location or words), optional photos through the private upload
// link, a read-back, and then gets a registration number; the complaint is a
// request of type pengaduan with its own follow-up target, which staff find
// as "Pengaduan" in the console and move through statuses whose notices fit
// a complaint. Numbers look up in the chat and on /o/{office}/status like
// document requests. Each test starts its own balai and fake Graph API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, login } from './lib.mjs';
import { unescapeHtml, tinyPng, postMultipart } from './util-e2e.mjs';
import { waEnv } from './wa-env.mjs';
import { textWebhook, buttonReplyWebhook, listReplyWebhook, locationWebhook, imageWebhook, shownText } from '../fakes/graph.mjs';

const CITIZEN = '6281234567890';
const NIK = '3171012345670003';
const CONSOLE = '/console/o/jelitik';

const setup = () => waEnv({ busyJobs: "kind NOT IN ('reminder', 'idphoto')" });

const buttonIds = (b) => b.type === 'interactive' && b.interactive.type === 'button'
  ? b.interactive.action.buttons.map((x) => x.reply.id) : [];
const listRows = (b) => b.type === 'interactive' && b.interactive.type === 'list'
  ? b.interactive.action.sections.flatMap((s) => s.rows) : [];

/** The request page as its JSON view model and as HTML. */
async function requestPage(officer, id) {
  const json = await officer.json(`${CONSOLE}/permohonan/${id}`);
  assert.equal(json.status, 200, JSON.stringify(json.body).slice(0, 300));
  const html = await officer.get(`${CONSOLE}/permohonan/${id}`);
  return { vm: json.body, html: unescapeHtml(html.text) };
}

/** Whether a message Balai sent is the satisfaction survey of request id. */
const isSurvey = (body, id) => JSON.stringify(body).includes(`"ikm:${id}:`);

/** A citizen files a complaint typed step by step; its number and id. */
async function fileComplaint(env, from) {
  await env.say(textWebhook({ text: 'mau lapor pungli', from }));
  await env.say(textWebhook({ text: '1', from }));
  await env.say(textWebhook({ text: 'petugas loket minta uang tambahan', from }));
  await env.say(textWebhook({ text: 'Loket pelayanan kantor kelurahan', from }));
  await env.say(textWebhook({ text: 'lewati', from }));
  const [done] = await env.say(buttonReplyWebhook({ buttonId: 'intake:ya', title: 'Ya, benar', from }));
  const number = shownText(done).match(/Nomor pengaduan: \*(JLT-\d{4}-\d{5})\*/)?.[1];
  assert.ok(number, `a registration number:\n${shownText(done)}`);
  return { number, id: env.value(`SELECT id FROM request WHERE number = '${number}'`) };
}

async function setStatus(officer, id, to, note = '') {
  const page = await officer.get(`${CONSOLE}/permohonan/${id}`);
  const version = page.text.match(/name="version" value="(\d+)"/)[1];
  return officer.post(`${CONSOLE}/permohonan/${id}/status`, { to, note, version });
}

test('a complaint on WhatsApp: category, what happened, a shared location, a photo, read back, then a number; staff follow it up and the citizen hears each step', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  const story = 'lampu jalan di gang 3 mati udah seminggu, gelap banget kalau malam';

  // 1. The complaint is not "recorded" by words alone: the citizen is asked for its category.
  const [ask] = await env.say(textWebhook({ text: story }));
  assert.doesNotMatch(shownText(ask), /sudah kami catat/, 'nothing is said to be recorded before it is');
  const rows = listRows(ask);
  assert.ok(rows.length >= 5, `the categories come as a list:\n${JSON.stringify(ask)}`);
  assert.ok(rows.every((r) => r.id.startsWith('aduan:') && [...r.title].length <= 24), 'rows fit WhatsApp');
  assert.equal(env.count('SELECT COUNT(*) FROM request'), 0);
  const lamp = rows.find((r) => /Lampu/.test(r.title));
  assert.ok(lamp, 'a category for street lights');

  // 2. The first message already told what happened: the next question is where.
  const [where] = await env.say(listReplyWebhook({ rowId: lamp.id, title: lamp.title }));
  assert.match(shownText(where), /Di mana kejadiannya\?/);
  assert.match(shownText(where), /mengirim lokasi lewat WhatsApp/);

  // 3. A location shared from WhatsApp; then the private upload link for photos.
  const [photoAsk] = await env.say(locationWebhook({ latitude: -1.8712, longitude: 106.1105, locName: 'Gang Melati 3' }));
  const link = shownText(photoAsk).match(/\/unggah\/([0-9a-f]{64})/);
  assert.ok(link, `a private upload link for photos:\n${shownText(photoAsk)}`);
  assert.deepEqual(buttonIds(photoAsk), ['intake:lanjut', 'intake:lewati']);
  const up = new Client(env.base);
  await up.get(`/unggah/${link[1]}`);
  const uploaded = await postMultipart(up, `/unggah/${link[1]}`, {}, { file: { data: tinyPng(), name: 'lampu-mati.png', type: 'image/png' } });
  assert.equal(uploaded.status, 200, uploaded.text.slice(0, 300));

  // 4. Read back before the number is issued.
  const [check] = await env.say(textWebhook({ text: 'lanjut' }));
  const c = shownText(check);
  assert.match(c, /Jenis: \*Lampu & fasilitas umum\*/);
  assert.ok(c.includes(`Kejadian: ${story}`), c);
  assert.match(c, /Lokasi: Gang Melati 3 \(lokasi dibagikan\)/);
  assert.match(c, /Foto: 1 foto\/berkas/);
  assert.match(c, /Benar\?/);
  assert.deepEqual(buttonIds(check), ['intake:ya', 'intake:ubah']);
  assert.equal(env.count('SELECT COUNT(*) FROM request'), 0, 'no number before the citizen confirms');
  const [done] = await env.say(buttonReplyWebhook({ buttonId: 'intake:ya', title: 'Ya, benar' }));
  const d = shownText(done);
  const number = d.match(/Nomor pengaduan: \*(JLT-\d{4}-\d{5})\*/)?.[1];
  assert.ok(number, `a registration number:\n${d}`);
  assert.match(d, /Perkiraan selesai ditindaklanjuti: \S+, \d{1,2} \S+ \d{4}/);

  // 5. Stored as a request of type pengaduan, with its own target of 5 working days.
  const row = env.value(`SELECT request_type || '|' || category || '|' || details || '|' || place || '|' || geo || '|' || days || '|' || status || '|' || source FROM request WHERE number = '${number}'`);
  assert.equal(row, `pengaduan|fasilitas|${story}|Gang Melati 3|-1.871200,106.110500|5|baru|whatsapp`);
  assert.ok(env.count(`SELECT eta_date FROM request WHERE number = '${number}'`) > 0, 'it has an ETA');
  const id = env.value(`SELECT id FROM request WHERE number = '${number}'`);

  // 6. Staff find it as "Pengaduan" and see what the citizen told, with the map and the photo.
  const petugas = await login(env.base, 'petugas.jelitik');
  const list = unescapeHtml((await petugas.get(`${CONSOLE}/permohonan?jenis=pengaduan`)).text);
  assert.ok(list.includes(number), 'the type filter finds the complaint');
  assert.match(list, /<td>Pengaduan<\/td>/);
  assert.doesNotMatch(list, /pengaduan<\/td>|>pendaftaran_dokumen</, 'no codes on screen');
  const docs = unescapeHtml((await petugas.get(`${CONSOLE}/permohonan?jenis=pendaftaran_dokumen`)).text);
  assert.ok(!docs.includes(number), 'and the document filter leaves it out');
  let page = await requestPage(petugas, id);
  assert.match(page.html, new RegExp(`<h1>Pengaduan <span class="number">${number}</span></h1>`));
  assert.ok(page.html.includes('Lampu &amp; fasilitas umum') || page.html.includes('Lampu & fasilitas umum'));
  assert.ok(page.html.includes(story));
  assert.match(page.html, /href="https:\/\/www\.openstreetmap\.org\/\?mlat=-1\.871200&amp;mlon=106\.110500|href="https:\/\/www\.openstreetmap\.org\/\?mlat=-1\.871200&mlon=106\.110500/);
  assert.match(page.html, new RegExp(`${CONSOLE}/berkas/\\d+">lampu-mati\\.png`));
  assert.doesNotMatch(page.html, /Kode pengambilan|Persyaratan/, 'no pickup code and no checklist');
  assert.deepEqual(page.vm.next.map((n) => n.label), ['Sedang ditindaklanjuti', 'Tidak dapat ditindaklanjuti', 'Sudah selesai ditindaklanjuti']);

  // 7. A complaint has no documents to be incomplete.
  const bad = await setStatus(petugas, id, 'kurang_lengkap', 'Foto kurang jelas');
  assert.equal(bad.status, 422);

  // 8. Each status change reaches the citizen in a complaint's words.
  let [notice] = await env.sent(async () => assert.equal((await setStatus(petugas, id, 'diproses')).status, 303));
  assert.match(shownText(notice), new RegExp(`^Pengaduan \\*${number}\\* \\(Pengaduan: Lampu & fasilitas umum\\): \\*Sedang ditindaklanjuti\\*\\.`));
  assert.match(shownText(notice), /sedang ditindaklanjuti\. Kami kabari lagi/);
  const sentBefore = env.g.messages().length;
  // the notice first, then the survey about it (one conversation's messages go out in order)
  const finished = await env.sent(async () => assert.equal((await setStatus(petugas, id, 'selesai', 'Lampu sudah diganti')).status, 303));
  notice = finished[0];
  assert.ok(!isSurvey(notice, id), `the status notice comes first: ${JSON.stringify(finished)}`);
  assert.match(shownText(notice), /\*Sudah selesai ditindaklanjuti\*/);
  assert.match(shownText(notice), /Catatan petugas: Lampu sudah diganti/);
  assert.doesNotMatch(shownText(notice), /pengambilan/i, 'nothing to collect');
  // the notice and the satisfaction survey (a finished complaint is the end), no pickup list
  const after = env.g.messages().slice(sentBefore).map((m) => m.body);
  assert.equal(after.length, 2, 'one notice and the survey, no pickup list');
  assert.ok(JSON.stringify(after[1]).includes(`"ikm:${id}:5"`), 'then the survey of this complaint');
  assert.equal(env.count(`SELECT COUNT(*) FROM request_event WHERE request_id = ${id} AND status <> 'baru' AND message_id IS NULL`), 0);
  page = await requestPage(petugas, id);
  assert.equal(page.vm.next.length, 0, 'a finished complaint is final');

  // 9. The number looks up in the chat and on the portal's status page.
  const [status] = await env.say(textWebhook({ text: `cek ${number}`, from: '6289876543210' }));
  assert.match(shownText(status), new RegExp(`Pengaduan \\*${number}\\*`));
  assert.match(shownText(status), /Status: \*Sudah selesai ditindaklanjuti\*/);
  const pub = await new Client(env.base).get(`/o/jelitik/status?nomor=${number}`);
  assert.equal(pub.status, 200);
  const ph = unescapeHtml(pub.text);
  assert.match(ph, /<dd>Pengaduan<\/dd>/);
  assert.match(ph, /Sudah selesai ditindaklanjuti/);
  assert.doesNotMatch(ph, /Pilih jadwal pengambilan/);
  assert.ok(!ph.includes(story), 'what happened is not on the public page');
});

test('a finished complaint: the citizen hears it is finished before being asked about it, also when the notice needs a second try; a notice WhatsApp refuses holds nothing back', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  const petugas = await login(env.base, 'petugas.jelitik');
  const first = await fileComplaint(env, '6281234567001');
  // the notice's first try fails (WhatsApp has a passing fault); the survey waits for it
  env.g.failNext(1, { code: 131000, when: (b) => !isSurvey(b, first.id) });
  const tries = env.g.sent.length;
  const finished = await env.sent(async () => assert.equal((await setStatus(petugas, first.id, 'selesai', 'Sudah ditegur')).status, 303));
  assert.equal(env.g.sent.slice(tries).filter((s) => s.http >= 500).length, 1, 'the notice failed once');
  assert.equal(finished.length, 2, JSON.stringify(finished));
  assert.match(shownText(finished[0]), /\*Sudah selesai ditindaklanjuti\*/, 'first the notice');
  assert.ok(isSurvey(finished[1], first.id), 'then the survey');
  assert.equal(env.count(`SELECT COUNT(*) FROM message WHERE direction = 'out' AND status = 'failed'`), 0);

  // a notice WhatsApp refuses for good is marked failed; the survey still goes
  const second = await fileComplaint(env, '6281234567002');
  env.g.failNext(1, { code: 131009, when: (b) => !isSurvey(b, second.id) });
  const rest = await env.sent(async () => assert.equal((await setStatus(petugas, second.id, 'selesai')).status, 303));
  assert.equal(rest.length, 1, JSON.stringify(rest));
  assert.ok(isSurvey(rest[0], second.id), 'the survey arrives');
  assert.equal(env.count(`SELECT COUNT(*) FROM message WHERE direction = 'out' AND status = 'failed'`), 1, 'the notice is marked failed');
});

test('a complaint\'s page lists only its own files: those sent while telling it and later through its link, not the chat\'s earlier ones', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  const photo = (mediaId, caption) => {
    env.g.addMedia(mediaId, { mime: 'image/png', bytes: tinyPng() });
    return env.say(imageWebhook({ mediaId, mime: 'image/png', ...(caption ? { caption } : {}) }));
  };
  // a photo about something else, before any complaint
  await photo('1480000000000001', 'ini foto depan rumah saya');
  const [ask] = await env.say(textWebhook({ text: 'sampah di pinggir kali RT 05 tidak diangkut sudah dua minggu, bau sekali' }));
  const row = listRows(ask).find((r) => /Sampah/.test(r.title));
  assert.ok(row, JSON.stringify(ask));
  await env.say(listReplyWebhook({ rowId: row.id, title: row.title }));
  const [photoAsk] = await env.say(textWebhook({ text: 'pinggir kali belakang masjid RT 05' }));
  const link = shownText(photoAsk).match(/\/unggah\/([0-9a-f]{64})/);
  assert.ok(link, shownText(photoAsk));
  // one photo in the chat, one through the link
  await photo('1480000000000002');
  const up = new Client(env.base);
  await up.get(`/unggah/${link[1]}`);
  assert.equal((await postMultipart(up, `/unggah/${link[1]}`, {}, { file: { data: tinyPng(), name: 'sampah-kali.png', type: 'image/png' } })).status, 200);
  await env.say(textWebhook({ text: 'lanjut' }));
  const [done] = await env.say(buttonReplyWebhook({ buttonId: 'intake:ya', title: 'Ya, benar' }));
  const number = shownText(done).match(/Nomor pengaduan: \*(JLT-\d{4}-\d{5})\*/)?.[1];
  assert.ok(number, shownText(done));
  // a second photo through the same link after the number
  await up.get(`/unggah/${link[1]}`);
  assert.equal((await postMultipart(up, `/unggah/${link[1]}`, {}, { file: { data: tinyPng(), name: 'sampah-lagi.png', type: 'image/png' } })).status, 200);
  await env.settle();
  const id = env.value(`SELECT id FROM request WHERE number = '${number}'`);
  const media = (where) => env.value(`SELECT m.id FROM media m LEFT JOIN message g ON g.id = m.message_id WHERE ${where}`);
  const early = media("g.body = 'ini foto depan rumah saya'");
  const chatPhoto = media("g.external_id IS NOT NULL AND m.id <> " + early);
  assert.ok(early && chatPhoto, 'both chat photos were downloaded');
  const petugas = await login(env.base, 'petugas.jelitik');
  const page = await requestPage(petugas, id);
  const listed = page.vm.files.map((f) => String(f.id)).sort();
  const want = [chatPhoto, media("m.filename = 'sampah-kali.png'"), media("m.filename = 'sampah-lagi.png'")].sort();
  assert.deepEqual(listed, want, 'the complaint\'s three files, not the earlier photo');
  assert.ok(!page.html.includes(`${CONSOLE}/berkas/${early}"`), 'the earlier photo is not linked');
});

test('a complaint typed step by step: a number picks the category; a NIK or a phone number is refused; "ubah" starts again; "batal" leaves nothing', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  const [ask] = await env.say(textWebhook({ text: 'mau lapor pungli' }));
  assert.match(shownText(ask), /Pengaduan Anda tentang apa\?/);
  const [what] = await env.say(textWebhook({ text: '1' }));
  assert.match(shownText(what), /Pengaduan: \*Pelayanan petugas\*/);
  assert.match(shownText(what), /Ceritakan singkat apa yang terjadi/);
  const [nik] = await env.say(textWebhook({ text: `saya dimintai uang, NIK saya ${NIK}` }));
  assert.match(shownText(nik), /jangan\* mengirim NIK/);
  assert.ok(!shownText(nik).includes(NIK));
  // a long story: the read-back with its buttons must still fit WhatsApp's 1024 characters
  const long = 'Saat mengurus surat pindah saya dimintai uang 50 ribu oleh oknum di loket. '.repeat(12).trim();
  assert.ok([...long].length > 800 && [...long].length <= 1000);
  await env.say(textWebhook({ text: long }));
  const [phone] = await env.say(textWebhook({ text: '0812 3456 7890' }));
  assert.match(shownText(phone), /bukan lokasi/);
  const [photo] = await env.say(textWebhook({ text: 'Loket pelayanan kantor kelurahan' }));
  assert.match(shownText(photo), /Bila ada foto kejadian/);
  const [check] = await env.say(textWebhook({ text: 'lewati' }));
  assert.match(shownText(check), /Foto: tidak ada/);
  assert.equal(check.type, 'interactive');
  assert.ok([...check.interactive.body.text].length <= 1024, 'the body fits under the buttons');
  assert.match(check.interactive.body.text, /oknum di loket\. Saat.*…/s, 'the story is shortened, not dropped');
  assert.equal(env.value('SELECT COUNT(*) FROM message WHERE direction = \'out\' AND status = \'failed\''), '0');
  assert.match(shownText(check), /Lokasi: Loket pelayanan kantor kelurahan/);
  const [again] = await env.say(textWebhook({ text: 'ubah' }));
  assert.match(shownText(again), /Pengaduan Anda tentang apa\?/);
  const [bye] = await env.say(textWebhook({ text: 'batal' }));
  assert.match(shownText(bye), /pengaduan dibatalkan/);
  assert.equal(env.count('SELECT COUNT(*) FROM request'), 0, 'nothing was registered');
  assert.equal(env.count("SELECT COUNT(*) FROM message WHERE body LIKE '%" + NIK + "%'"), 0, 'no full NIK is stored');
});

test('a complaint from the portal chat is registered with its chips; a walk-in without a service is kept as a consultation', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  const chat = async (payload) => {
    const res = await fetch(`${env.base}/o/jelitik/obrolan`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
    assert.equal(res.status, 200);
    return res.json();
  };
  let r = await chat({ text: 'sampah numpuk di pinggir kali rt 05 gak diangkut2' });
  const token = r.token;
  const last = (x) => x.messages.filter((m) => m.from === 'bot').at(-1);
  const chips = (last(r).options ?? []).map((o) => o.id);
  assert.ok(chips.includes('aduan:kebersihan'), JSON.stringify(last(r)));
  r = await chat({ token, choice: 'aduan:kebersihan' });
  assert.match(last(r).text, /Di mana kejadiannya\?/);
  assert.doesNotMatch(last(r).text, /WhatsApp/, 'the portal is not told to share a WhatsApp location');
  r = await chat({ token, text: 'Pinggir kali RT 05/RW 02' });
  assert.match(last(r).text, /unggah lewat tautan pribadi/);
  r = await chat({ token, choice: 'intake:lewati' });
  r = await chat({ token, choice: 'intake:ya' });
  const number = last(r).text.match(/Nomor pengaduan: \*(JLT-\d{4}-\d{5})\*/)?.[1];
  assert.ok(number, last(r).text);
  assert.equal(env.value(`SELECT request_type || '|' || source || '|' || citizen_name FROM request WHERE number = '${number}'`), 'pengaduan|web|Pengunjung portal');

  // a consultation registered at the counter keeps its type
  const petugas = await login(env.base, 'petugas.jelitik');
  await petugas.get(`${CONSOLE}/permohonan/baru`);
  const reg = await petugas.post(`${CONSOLE}/permohonan/baru`, { service: '', name: 'Pak Darto', address: 'RT 01/RW 01', phone: '' });
  assert.equal(reg.status, 303, reg.text?.slice(0, 300));
  const id = reg.location.match(/permohonan\/(\d+)/)[1];
  assert.equal(env.value(`SELECT request_type FROM request WHERE id = ${id}`), 'konsultasi');
  const page = await requestPage(petugas, id);
  assert.match(page.html, /<h1>Konsultasi <span class="number">/);
  assert.ok(!page.vm.next.some((n) => n.to === 'kurang_lengkap'), 'a consultation has no documents to be incomplete');
  const list = unescapeHtml((await petugas.get(`${CONSOLE}/permohonan?jenis=konsultasi`)).text);
  assert.match(list, /<td>Konsultasi<\/td>/);
  assert.ok(!list.includes(number), 'the complaint is not a consultation');
});

test('each office sets its own follow-up target for complaints; a new complaint gets it as its days and ETA', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  const SETTINGS = `${CONSOLE}/percakapan-setelan`;
  const lurah = await login(env.base, 'lurah.jelitik');
  let page = await lurah.get(SETTINGS);
  assert.match(page.text, /name="complaint_days"[^>]*value="5"/, 'the default target is 5 working days');
  let r = await lurah.post(SETTINGS, { first: '60', resolve: '14', complaint_days: 'tiga' });
  assert.equal(r.status, 422);
  assert.match(unescapeHtml(r.text), /bilangan bulat 1 sampai 60/);
  assert.match(r.text, /name="complaint_days"[^>]*value="tiga"/, 'the typed value is kept');
  r = await lurah.post(SETTINGS, { first: '60', resolve: '14', complaint_days: '2' });
  assert.equal(r.status, 303, r.text?.slice(0, 300));
  page = await lurah.get(SETTINGS);
  assert.match(page.text, /name="complaint_days"[^>]*value="2"/);
  // a form without the field keeps the target
  r = await lurah.post(SETTINGS, { first: '45', resolve: '14' });
  assert.equal(r.status, 303);
  assert.match((await lurah.get(SETTINGS)).text, /name="complaint_days"[^>]*value="2"/);

  await env.say(textWebhook({ text: 'got mampet kalo hujan banjir terus, tolong ditindak' }));
  await env.say(listReplyWebhook({ rowId: 'aduan:jalan', title: 'Jalan & saluran air' }));
  await env.say(textWebhook({ text: 'Gang Kenari RT 04' }));
  await env.say(textWebhook({ text: 'lewati' }));
  const [done] = await env.say(textWebhook({ text: 'ya' }));
  assert.match(shownText(done), /Nomor pengaduan/);
  assert.equal(env.value('SELECT days FROM request'), '2', 'the office\'s own target');
  assert.equal(env.count("SELECT COUNT(*) FROM request_type_sla WHERE request_type = 'pengaduan'"), 1, 'one row for this office');
});

test('staff register a complaint brought to the counter: category and what happened are required, a NIK is refused, the input is kept', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  const petugas = await login(env.base, 'petugas.jelitik');
  const form = await petugas.get(`${CONSOLE}/permohonan/baru`);
  assert.match(unescapeHtml(form.text), /<option value="pengaduan" >Pengaduan<\/option>/);
  const fields = { jenis: 'pengaduan', service: '', category: '', details: 'pendek', place: '', name: 'Bu Sari', address: 'RT 02/RW 03', phone: '' };
  let r = await petugas.post(`${CONSOLE}/permohonan/baru`, fields);
  assert.equal(r.status, 422);
  const html = unescapeHtml(r.text);
  assert.match(html, /Pilih jenis pengaduan\./);
  assert.match(html, /Tuliskan kejadiannya, 10 sampai 1000 huruf\./);
  assert.match(r.text, /name="name" value="Bu Sari"/, 'the input is kept');
  r = await petugas.post(`${CONSOLE}/permohonan/baru`, { ...fields, category: 'ketertiban', details: `Ada keributan tiap malam, NIK pelapor ${NIK}` });
  assert.equal(r.status, 422);
  assert.match(unescapeHtml(r.text), /pengaduan tidak memerlukan NIK/);
  assert.equal(env.count('SELECT COUNT(*) FROM request'), 0);
  r = await petugas.post(`${CONSOLE}/permohonan/baru`, { ...fields, category: 'ketertiban', details: 'Ada keributan tiap malam di pos ronda', place: 'Pos ronda RT 02' });
  assert.equal(r.status, 303, r.text?.slice(0, 300));
  const id = r.location.match(/permohonan\/(\d+)/)[1];
  assert.equal(env.value(`SELECT request_type || '|' || category || '|' || service_name || '|' || place || '|' || days || '|' || source FROM request WHERE id = ${id}`),
    'pengaduan|ketertiban|Pengaduan: Keamanan & ketertiban|Pos ronda RT 02|5|loket');
  const page = await requestPage(petugas, id);
  assert.match(page.html, /<h1>Pengaduan <span class="number">/);
  assert.ok(page.html.includes('Ada keributan tiap malam di pos ronda'));
  // a document request still needs its service
  r = await petugas.post(`${CONSOLE}/permohonan/baru`, { ...fields, jenis: 'pendaftaran_dokumen' });
  assert.equal(r.status, 422);
  assert.match(unescapeHtml(r.text), /Pilih layanan untuk permohonan dokumen\./);
});

test('more words about an open complaint go to the officer instead of a second complaint; "Pengaduan baru" starts another', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  await env.say(textWebhook({ text: 'sampah numpuk di pinggir kali rt 05 gak diangkut2' }));
  await env.say(listReplyWebhook({ rowId: 'aduan:kebersihan', title: 'Sampah & kebersihan' }));
  await env.say(textWebhook({ text: 'Pinggir kali RT 05' }));
  await env.say(textWebhook({ text: 'lewati' }));
  const [done] = await env.say(textWebhook({ text: 'ya' }));
  const number = shownText(done).match(/Nomor pengaduan: \*(JLT-\d{4}-\d{5})\*/)[1];
  const [more] = await env.say(textWebhook({ text: 'sampahnya makin parah, baunya sampai ke rumah, tolong cepat' }));
  assert.ok(shownText(more).includes(`Pengaduan Anda nomor *${number}*`), shownText(more));
  assert.match(shownText(more), /kami teruskan ke petugas/);
  assert.deepEqual(buttonIds(more), ['aduan:baru']);
  assert.equal(env.count('SELECT COUNT(*) FROM request'), 1, 'no second complaint');
  assert.equal(env.value('SELECT state FROM conversation ORDER BY id DESC LIMIT 1'), 'human', 'an officer reads it');
  // the citizen means another matter: the button starts a new complaint, also while an officer holds the chat
  const [ask] = await env.say(buttonReplyWebhook({ buttonId: 'aduan:baru', title: 'Pengaduan baru' }));
  assert.match(shownText(ask), /Pengaduan Anda tentang apa\?/);
});

test('a consultation asked for in the chat is recorded with a number, staff see "Konsultasi", and the number looks up like any request', async (t) => {
  const env = await setup();
  t.after(() => env.close());
  const ask = 'saya ingin berkonsultasi dengan pak lurah soal batas tanah';
  const [reply] = await env.say(textWebhook({ text: ask }));
  const text = shownText(reply);
  const number = text.match(/Nomor konsultasi: \*(JLT-\d{4}-\d{5})\*/)?.[1];
  assert.ok(number, `the citizen is told the number:\n${text}`);
  assert.match(text, /kami teruskan ke petugas/);
  assert.equal(env.value(`SELECT request_type || '|' || source || '|' || status || '|' || details FROM request WHERE number = '${number}'`),
    `konsultasi|whatsapp|baru|${ask}`);
  assert.equal(env.value('SELECT state FROM conversation'), 'human', 'and the chat goes to staff as before');
  // a bare "konsultasi" (the bot does not otherwise understand it) is one too, for another citizen
  const [bare] = await env.say(textWebhook({ text: 'konsultasi', from: '6289811112222' }));
  assert.match(shownText(bare), /Nomor konsultasi: \*JLT-\d{4}-\d{5}\*/);
  assert.equal(env.count("SELECT COUNT(*) FROM request WHERE request_type = 'konsultasi'"), 2);
  // staff find it as Konsultasi
  const petugas = await login(env.base, 'petugas.jelitik');
  const list = unescapeHtml((await petugas.get(`${CONSOLE}/permohonan?jenis=konsultasi`)).text);
  assert.ok(list.includes(number), 'the type filter finds it');
  assert.match(list, /<td>Konsultasi<\/td>/);
  const id = env.value(`SELECT id FROM request WHERE number = '${number}'`);
  const page = await requestPage(petugas, id);
  assert.ok(page.html.includes(ask), 'the page shows what was asked');
  // the number looks up in the chat (from another phone) and on the status page
  const [status] = await env.say(textWebhook({ text: `status ${number}`, from: '6281377778888' }));
  assert.ok(shownText(status).includes(number), shownText(status));
  const pub = await new Client(env.base).get(`/o/jelitik/status?nomor=${number}`);
  assert.equal(pub.status, 200);
  assert.match(unescapeHtml(pub.text), /Konsultasi/);
});
