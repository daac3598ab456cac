// Applying for a document service on the portal (web/apply.c), end to end on
// the real binary (SQLite, or PostgreSQL with BALAI_TEST_PG): the service
// page's "Ajukan permohonan" button, the form with the chat's checks of a name
// and an address, the receipt (number, ETA, pickup code, private upload link,
// status page), the request in the console as from the portal, its files on
// the request page downloaded under the request's number, the limit per
// address, and the WhatsApp notice to the number given.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startBalai, sql, Client, login } from './lib.mjs';
import { unescapeHtml, fieldError, fieldValue, postMultipart } from './util-e2e.mjs';
import { waEnv } from './wa-env.mjs';

const OFFICE = 'jelitik';
const SKTM = `/o/${OFFICE}/layanan/sktm`;
const APPLY = `${SKTM}/ajukan`;
const NUMBER_RE = /[A-Z0-9]{2,6}-\d{4}-\d{5}/;
const NIK = '3171012345670003';

const count = (db, q) => Number(sql(db, q).trim());

/** A small PDF (libmagic knows it by its header). */
function pdf() {
  return Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n' + '%'.repeat(2000) + '\n%%EOF\n');
}

/** Opens the form as a browser does (pre-session cookie and token), then posts it. */
async function apply(c, form, path = APPLY) {
  const page = await c.get(path);
  assert.equal(page.status, 200, page.text.slice(0, 300));
  return c.post(path, form);
}

/** What the receipt shows. */
function receipt(html) {
  const text = unescapeHtml(html);
  return {
    number: text.match(NUMBER_RE)?.[0],
    pin: text.match(/class="pin">(\d{6})</)?.[1],
    upload: text.match(/href="(?:https?:\/\/[^/"]+)?(\/unggah\/[0-9a-f]{64})"/)?.[1],
    status: text.match(/href="(\/o\/jelitik\/status\?nomor=[^"]+)"/)?.[1],
    text,
  };
}

test('a citizen applies on the portal: refused name and address, then the number, ETA, pickup code and upload link; staff see it from the portal and download its files by name', async (t) => {
  const server = await startBalai();
  t.after(() => server.stop());
  const anon = new Client(server.base);
  const requests = () => count(server.db, 'SELECT COUNT(*) FROM request');

  // the service page offers it for a document service, not for an information one
  const svc = await anon.get(SKTM);
  assert.ok(svc.text.includes(`href="${APPLY}">Ajukan permohonan</a>`), 'the button on the service page');
  const info = await anon.get(`/o/${OFFICE}/layanan/pengantar_ktp`);
  assert.equal(info.status, 200);
  assert.ok(!info.text.includes('/ajukan"'), 'no button for an information service');
  const infoApply = await anon.get(`/o/${OFFICE}/layanan/pengantar_ktp/ajukan`);
  assert.equal(infoApply.status, 200);
  assert.match(unescapeHtml(infoApply.text), /tidak ada permohonan yang perlu diajukan/);
  assert.equal(fieldValue(infoApply.text, 'name'), null, 'and no form there');
  assert.ok(!infoApply.headers.getSetCookie().length, 'nor a form token');

  const form = await anon.get(APPLY);
  assert.equal(form.headers.get('cache-control'), 'no-store');
  assert.ok(form.headers.getSetCookie().some((c) => c.startsWith('balai_pra=')), 'the pre-session token');
  const before = requests();

  // a phone number is not a name, a NIK is not an address: the chat's checks
  const bad = await anon.post(APPLY, { name: '0812-3456-7890', address: `RT 03 ${NIK}`, phone: '0812 3456 7890' });
  assert.equal(bad.status, 422);
  assert.match(fieldError(bad.text, 'name'), /nomor telepon atau nomor identitas, bukan nama/);
  assert.match(fieldError(bad.text, 'address'), /Jangan menulis NIK/);
  assert.equal(fieldValue(bad.text, 'phone'), '0812 3456 7890', 'what was typed is kept');
  const short = await anon.post(APPLY, { name: 'Bu', address: 'RT 03/RW 05', phone: '12' });
  assert.equal(short.status, 422);
  assert.match(fieldError(short.text, 'name'), /paling sedikit 3 huruf/);
  assert.ok(fieldError(short.text, 'phone'), 'a number that is no phone number');
  // without the form's token nothing happens
  const forged = await new Client(server.base).request('POST', APPLY, { form: { name: 'Budi Santoso', address: 'RT 01/RW 02', phone: '081234567890' } });
  assert.equal(forged.status, 403);
  assert.equal(requests(), before, 'nothing registered');

  const ok = await anon.post(APPLY, { name: 'Budi Santoso', address: 'RT 01/RW 02, Jl. Laut', phone: '0812-3456-7890' });
  assert.equal(ok.status, 200, ok.text.slice(0, 400));
  assert.equal(ok.headers.get('cache-control'), 'no-store');
  const got = receipt(ok.text);
  assert.ok(got.number, 'the registration number');
  assert.ok(got.pin, 'the pickup code');
  assert.match(got.text, /Perkiraan selesai<\/dt><dd>[^<]*\d{4} <span class="muted">\((\d+ hari kerja|Selesai pada hari yang sama)\)/, 'the ETA, counted in working days');
  assert.ok(got.upload, 'the private upload link');
  assert.ok(got.status, 'a link to the status page');
  assert.equal(requests(), before + 1);
  const row = sql(server.db, `SELECT source || '|' || citizen_name || '|' || citizen_address || '|' || phone || '|' || pin || '|' || request_type FROM request WHERE number = '${got.number}'`).trim();
  assert.equal(row, `web|Budi Santoso|RT 01/RW 02, Jl. Laut|6281234567890|${got.pin}|pendaftaran_dokumen`);

  // the status page knows it
  const st = await anon.get(got.status);
  assert.equal(st.status, 200);
  assert.ok(unescapeHtml(st.text).includes(got.number) && /Baru diterima/.test(st.text));

  // the same number for the same service while it is open: not registered twice
  const twin = await apply(new Client(server.base), { name: 'Budi Santoso', address: 'RT 01/RW 02', phone: '081234567890' });
  assert.equal(twin.status, 409);
  assert.match(unescapeHtml(twin.text), /sudah tercatat dan sedang diproses/);
  assert.ok(!unescapeHtml(twin.text).includes(got.number), 'the number is not told to whoever knows the phone');
  assert.equal(requests(), before + 1);

  // the upload link works; the file is the request's
  const up = await postMultipart(new Client(server.base), got.upload, {}, { file: { data: pdf(), name: 'KTP Budi.PDF', type: 'application/pdf' } });
  assert.equal(up.status, 200, up.text.slice(0, 400));

  // staff: in the list as from the portal, processed as usual, the file on the request page
  const petugas = await login(server.base, 'petugas.jelitik');
  const list = unescapeHtml((await petugas.get(`/console/o/${OFFICE}/permohonan`)).text);
  const line = list.split('<tr').find((l) => l.includes(got.number));
  assert.ok(line && line.includes('Portal') && line.includes('Budi Santoso'), `the list shows it from the portal:\n${line}`);
  const id = sql(server.db, `SELECT id FROM request WHERE number = '${got.number}'`).trim();
  const page = await petugas.get(`/console/o/${OFFICE}/permohonan/${id}`);
  assert.equal(page.status, 200);
  const file = page.text.match(/href="\/console\/o\/jelitik\/berkas\/(\d+)">KTP Budi\.PDF<\/a>/);
  assert.ok(file, 'the request page lists the uploaded file');
  const res = await fetch(`${server.base}/console/o/${OFFICE}/berkas/${file[1]}`, { headers: { cookie: petugas.cookieHeader() } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-disposition'), `attachment; filename="${got.number}-ktp-budi.pdf"`);
  assert.deepEqual(Buffer.from(await res.arrayBuffer()), pdf());
  const version = fieldValue(page.text, 'version');
  const moved = await petugas.post(`/console/o/${OFFICE}/permohonan/${id}/status`, { to: 'diproses', note: '', version });
  assert.equal(moved.status, 303, moved.text.slice(0, 300));
  // another office's staff cannot open the file
  const other = await login(server.base, 'petugas.srimenanti');
  assert.ok([403, 404].includes((await other.get(`/console/o/${OFFICE}/berkas/${file[1]}`)).status));
});

test('one address may register only a few applications an hour; refused forms do not count', async (t) => {
  const server = await startBalai();
  t.after(() => server.stop());
  const c = new Client(server.base);
  assert.equal((await apply(c, { name: '081299990000', address: 'RT 01', phone: '081299990000' })).status, 422);
  for (let i = 0; i < 5; i++) {
    const r = await apply(c, { name: `Warga Ke ${'ABCDE'[i]}`, address: 'RT 02/RW 03', phone: `08129999000${i}` });
    assert.equal(r.status, 200, `application ${i + 1}: ${r.status} ${r.text.slice(0, 200)}`);
  }
  const sixth = await apply(c, { name: 'Warga Keenam', address: 'RT 02/RW 03', phone: '081299990009' });
  assert.equal(sixth.status, 429);
  assert.equal(sixth.headers.get('retry-after'), '3600');
  assert.match(unescapeHtml(sixth.text), /terlalu banyak permohonan yang diajukan dari jaringan Anda/);
  assert.equal(fieldValue(sixth.text, 'name'), 'Warga Keenam', 'what was typed is kept');
  assert.equal(count(server.db, "SELECT COUNT(*) FROM request WHERE source = 'web'"), 5);
});

test('with a WhatsApp channel the notices go to the number given on the portal', async (t) => {
  const env = await waEnv();
  t.after(() => env.close());
  const c = new Client(env.base);
  const ok = await apply(c, { name: 'Sari Dewi', address: 'RT 04/RW 01', phone: '0813 5555 1234' });
  assert.equal(ok.status, 200, ok.text.slice(0, 300));
  const got = receipt(ok.text);
  assert.match(got.text, /Kami kirim lewat WhatsApp ke \+62 813-5555-1234/);
  assert.equal(env.value(`SELECT k.channel || '|' || k.address || '|' || k.name FROM request r JOIN contact k ON k.id = r.contact_id WHERE r.number = '${got.number}'`),
    'whatsapp|6281355551234|Sari Dewi', 'the request is the WhatsApp contact\'s');
  const id = env.value(`SELECT id FROM request WHERE number = '${got.number}'`);
  const petugas = await login(env.base, 'petugas.jelitik');
  const path = `/console/o/${OFFICE}/permohonan/${id}`;
  const sent = await env.sent(async () => {
    const page = await petugas.get(path);
    const r = await petugas.post(`${path}/status`, { to: 'diproses', note: '', version: fieldValue(page.text, 'version') });
    assert.equal(r.status, 303, r.text.slice(0, 300));
  }, 'the status notice');
  assert.equal(sent.length, 1);
  assert.equal(sent[0].to, '+6281355551234', 'to the number given');
  assert.equal(sent[0].type, 'template', 'outside the 24-hour window: the approved template');
  assert.ok(JSON.stringify(sent[0]).includes(got.number), 'about this request');
});
