// The staff catalogue console: creating, editing, versioning and restoring
// an office's services, the validation a petugas sees, who may change what,
// hiding a service from the public, and copying the regency's templates.
// Every change is checked where a citizen sees it (the public portal and the
// JSON API) and where it is recorded (service_version and audit_log rows).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBalai, Client, login, sql } from './lib.mjs';
import { unescapeHtml, fieldValue, fieldError, alerts, selectedOption, parseSide, formData } from './util-e2e.mjs';

let server, base, anon, petugas, sekre, lurah;

before(async () => {
  server = await startBalai();
  base = server.base;
  anon = new Client(base);
  petugas = await login(base, 'petugas.jelitik');
  sekre = await login(base, 'sekre.jelitik');
  lurah = await login(base, 'lurah.jelitik');
});

after(async () => { await server?.stop(); });

function dbValue(query) { return sql(server.db, query).trim(); }
function count(table, where = '') { return Number(dbValue(`SELECT COUNT(*) FROM ${table}${where ? ` WHERE ${where}` : ''}`)); }
function rowCounts() { return { service: count('service'), service_version: count('service_version'), audit_log: count('audit_log') }; }
function officeId(slug) { return dbValue(`SELECT id FROM office WHERE slug = '${slug}'`); }
function serviceRow(office, slug) {
  const out = dbValue(`SELECT s.id, s.version, COALESCE(s.origin_id, 0), s.active FROM service s JOIN office o ON o.id = s.office_id
    WHERE o.slug = '${office}' AND s.slug = '${slug}'`);
  if (!out) return null;
  const [id, version, origin, active] = out.split('|');
  return { id: Number(id), version: Number(version), origin: Number(origin), active: Number(active) };
}

/** The edit form of a service as rendered for `c`, ready to change and post back. */
async function editForm(c, slug, office = 'jelitik') {
  const path = `/console/o/${office}/layanan/${slug}`;
  const r = await c.get(path);
  assert.equal(r.status, 200, `${path}: ${r.text.slice(0, 300)}`);
  return { path, fields: formData(r.text, path), html: r.text };
}

/** The form fields of a new service, as a petugas fills them in. */
function newService(slug, extra = {}) {
  return {
    version: '', name: `Layanan ${slug}`, slug, category: 'Layanan Uji', summary: `Penjelasan singkat ${slug}.`,
    synonyms: '', ck_item_0: 'KTP-el pemohon', ck_note_0: 'fotokopi', ck_count_0: '1',
    ck_item_1: '', ck_note_1: 'fotokopi', ck_count_1: '1', steps: 'Datang ke kantor\nTerima surat',
    days: '1', cost: 'Gratis', request_type: 'pendaftaran_dokumen', legal_basis: '',
    faq_q_0: '', faq_a_0: '', note_for_citizen: '', source: '', active: '1', ...extra,
  };
}

async function create(c, office, form) {
  await c.get(`/console/o/${office}/layanan/baru`);
  return c.post(`/console/o/${office}/layanan/baru`, form);
}

/** The stored versions of a service, as its history page gives them (newest first). */
async function history(c, slug, office = 'jelitik') {
  const r = await c.json(`/console/o/${office}/layanan/${slug}/riwayat`);
  assert.equal(r.status, 200);
  return r.body.history;
}

/** The document of one stored version (what the version page shows). */
async function versionDoc(c, slug, n, office = 'jelitik') {
  const r = await c.json(`/console/o/${office}/layanan/${slug}/riwayat/${n}`);
  assert.equal(r.status, 200, `version ${n} of ${slug}`);
  const { n_version, ...doc } = r.body.old;
  assert.equal(n_version, n);
  return doc;
}

/** Slugs of an office's services as the public office page lists them. */
async function portalSlugs(office = 'jelitik') {
  const r = await anon.json(`/o/${office}`);
  assert.equal(r.status, 200);
  return r.body.categories.flatMap((c) => c.services.map((s) => s.slug));
}

async function apiSlugs(office = 'jelitik') {
  const r = await anon.json(`/api/v1/offices/${office}/services`);
  assert.equal(r.status, 200);
  return r.body.services.map((s) => s.slug);
}

function auditFor(entityId, action) {
  const out = dbValue(`SELECT actor || '|' || action FROM audit_log WHERE entity = 'service' AND entity_id = '${entityId}'
    ${action ? `AND action = '${action}'` : ''} ORDER BY seq`);
  return out ? out.split('\n').map((l) => { const [actor, act] = l.split('|'); return { actor, action: act }; }) : [];
}

function auditSides(entityId, action) {
  const out = dbValue(`SELECT before_json FROM audit_log WHERE entity_id = '${entityId}' AND action = '${action}' ORDER BY seq DESC LIMIT 1`);
  const after = dbValue(`SELECT after_json FROM audit_log WHERE entity_id = '${entityId}' AND action = '${action}' ORDER BY seq DESC LIMIT 1`);
  return { before: parseSide(out), after: parseSide(after) };
}

// ---- creating ---------------------------------------------------------------

test('a new service is saved as version 1 and appears on the portal, in search and in the API', async () => {
  const before = rowCounts();
  const r = await create(petugas, 'jelitik', newService('surat_uji_baru', {
    name: 'Surat Keterangan Penghasilan Nelayan',
    category: 'Surat Keterangan Nelayan',
    synonyms: 'suket nelayan, surat nelayan\npenghasilan melaut',
    ck_item_0: 'KTP-el pemohon', ck_note_0: 'asli dan fotokopi', ck_count_0: '2',
    ck_item_1: 'Kartu Pelaku Usaha Kelautan (KUSUKA)', ck_note_1: 'ditunjukkan', ck_count_1: '1',
    steps: 'Minta pengantar RT/RW\nDatang ke kelurahan\nTerima surat',
    days: '3', cost: 'Gratis', note_for_citizen: 'Bawa kartu KUSUKA asli.',
  }));
  assert.equal(r.status, 303, r.text.slice(0, 600));
  assert.equal(r.location, '/console/o/jelitik/layanan/surat_uji_baru?ok=1');
  const page = await petugas.get(r.location);
  assert.equal(page.status, 200);
  assert.ok(page.text.includes('Perubahan disimpan.'));
  assert.equal(fieldValue(page.text, 'name'), 'Surat Keterangan Penghasilan Nelayan');
  assert.equal(fieldValue(page.text, 'ck_item_1'), 'Kartu Pelaku Usaha Kelautan (KUSUKA)');
  assert.equal(fieldValue(page.text, 'ck_count_0'), '2');
  assert.equal(fieldValue(page.text, 'synonyms'), 'suket nelayan\nsurat nelayan\npenghasilan melaut', 'commas and new lines both split');

  const after = rowCounts();
  assert.deepEqual(after, { service: before.service + 1, service_version: before.service_version + 1, audit_log: before.audit_log + 1 });
  const row = serviceRow('jelitik', 'surat_uji_baru');
  assert.equal(row.version, 1);
  assert.equal(row.origin, 0, 'written by hand, not copied from a template');
  assert.deepEqual(auditFor('jelitik/surat_uji_baru'), [{ actor: 'petugas.jelitik', action: 'service.create' }]);
  const sides = auditSides('jelitik/surat_uji_baru', 'service.create');
  assert.equal(sides.before, null);
  assert.equal(sides.after.name, 'Surat Keterangan Penghasilan Nelayan');
  const hist = await history(petugas, 'surat_uji_baru');
  assert.equal(hist.length, 1);
  assert.equal(hist[0].version, 1);
  assert.equal(hist[0].actor, 'petugas.jelitik');

  // the office page lists it under its own category
  const office = await anon.json('/o/jelitik');
  const cat = office.body.categories.find((c) => c.name === 'Surat Keterangan Nelayan');
  assert.ok(cat, 'the new category is on the office page');
  assert.deepEqual(cat.services.map((s) => s.slug), ['surat_uji_baru']);
  assert.equal(cat.services[0].days_text, '3 hari kerja');
  const html = await anon.get('/o/jelitik');
  assert.ok(html.text.includes('href="/o/jelitik/layanan/surat_uji_baru"'));

  // its page shows the checklist to tick, the steps and the note
  const sp = await anon.get('/o/jelitik/layanan/surat_uji_baru');
  assert.equal(sp.status, 200);
  assert.match(sp.text, /<input type="checkbox"[^>]*> KTP-el pemohon <span class="tag">asli dan fotokopi<\/span> <span class="tag">2 lembar<\/span>/);
  assert.match(sp.text, /<input type="checkbox"[^>]*> Kartu Pelaku Usaha Kelautan \(KUSUKA\) <span class="tag">ditunjukkan<\/span><\/label>/);
  assert.ok(sp.text.includes('<li>Datang ke kelurahan</li>'));
  assert.ok(sp.text.includes('Bawa kartu KUSUKA asli.'));
  assert.ok(sp.text.includes('<dd>3 hari kerja</dd>'));

  // a citizen finds it by what they call it
  const s = await anon.json('/o/jelitik?q=nelayan');
  assert.equal(s.body.results[0]?.slug, 'surat_uji_baru');

  // the API offers it with an absolute link
  const api = await anon.json('/api/v1/offices/jelitik/services');
  const item = api.body.services.find((x) => x.slug === 'surat_uji_baru');
  assert.ok(item, 'the API lists the new service');
  assert.equal(item.url, `${base}/o/jelitik/layanan/surat_uji_baru`);
  assert.deepEqual(item.checklist.map((c) => [c.item, c.note, c.count]),
    [['KTP-el pemohon', 'asli dan fotokopi', 2], ['Kartu Pelaku Usaha Kelautan (KUSUKA)', 'ditunjukkan', 1]]);
  assert.equal(item.days, 3);
  // ...and not for another office
  assert.ok(!(await portalSlugs('srimenanti')).includes('surat_uji_baru'));
});

test('invalid input gets 422 with Indonesian messages, keeps what was typed and writes nothing', async () => {
  const cases = [
    { what: 'empty checklist', form: { ck_item_0: '   ', ck_item_1: '' }, field: 'checklist', msg: /paling sedikit satu persyaratan/, noItems: true },
    { what: 'negative days', form: { days: '-3' }, field: 'days', msg: /Waktu penyelesaian diisi jumlah hari kerja/ },
    { what: 'slug with capitals and spaces', form: { slug: 'Surat Uji!' }, field: 'slug', msg: /Alamat hanya boleh huruf kecil/ },
    { what: 'the reserved slug baru', form: { slug: 'baru' }, field: 'slug', msg: /Alamat "baru" dipakai oleh Balai/ },
    { what: 'empty name', form: { name: '' }, field: 'name', msg: /Nama layanan wajib diisi/ },
  ];
  for (const c of cases) {
    const before = rowCounts();
    const typed = newService('surat_salah', {
      name: 'Surat Yang Belum Tersimpan', summary: 'Penjelasan yang diketik petugas', ck_item_1: 'Pas foto 3x4 berwarna',
      ck_note_1: 'asli', ck_count_1: '4', steps: 'Langkah satu\nLangkah dua', ...c.form,
    });
    const r = await create(petugas, 'jelitik', typed);
    assert.equal(r.status, 422, `${c.what}: ${r.text.slice(0, 300)}`);
    assert.ok(alerts(r.text).some((a) => a.startsWith('Periksa kembali isian yang ditandai.')), c.what);
    const shown = c.field === 'checklist'
      ? (r.text.match(/<p class="field-error" role="alert">([^<]*)<\/p>/) || [])[1]
      : fieldError(r.text, c.field);
    assert.match(unescapeHtml(shown ?? ''), c.msg, `${c.what}: the message next to ${c.field}`);
    // what was typed comes back to be corrected
    assert.equal(fieldValue(r.text, 'name'), typed.name, `${c.what}: name kept`);
    assert.equal(fieldValue(r.text, 'slug'), typed.slug, `${c.what}: slug kept`);
    assert.equal(fieldValue(r.text, 'summary'), typed.summary, `${c.what}: summary kept`);
    assert.equal(fieldValue(r.text, 'steps'), typed.steps, `${c.what}: steps kept`);
    assert.equal(fieldValue(r.text, 'days'), typed.days, `${c.what}: days kept as typed`);
    if (!c.noItems) {
      const rows = [...r.text.matchAll(/name="ck_item_(\d+)" value="([^"]*)"/g)].map((m) => ({ i: m[1], item: unescapeHtml(m[2]) }));
      const row = rows.find((x) => x.item === 'Pas foto 3x4 berwarna');
      assert.ok(row, `${c.what}: the typed checklist item is still in the form (got ${JSON.stringify(rows.map((x) => x.item))})`);
      assert.equal(selectedOption(r.text, `ck_note_${row.i}`), 'asli', `${c.what}: its note kept`);
      assert.equal(fieldValue(r.text, `ck_count_${row.i}`), '4', `${c.what}: its count kept`);
    }
    assert.deepEqual(rowCounts(), before, `${c.what}: nothing written`);
  }
  assert.equal(serviceRow('jelitik', 'surat_salah'), null);
  assert.equal(serviceRow('jelitik', 'baru'), null);
  const p = await anon.get('/o/jelitik/layanan/surat_salah');
  assert.equal(p.status, 404);
});

test('days typed as a word are refused and shown back as typed', async () => {
  const before = rowCounts();
  const r = await create(petugas, 'jelitik', newService('surat_hari', { days: 'tiga', ck_item_0: 'Surat pengantar RT/RW' }));
  assert.equal(r.status, 422);
  assert.match(fieldError(r.text, 'days'), /Waktu penyelesaian diisi jumlah hari kerja/);
  assert.equal(fieldValue(r.text, 'ck_item_0'), 'Surat pengantar RT/RW');
  assert.deepEqual(rowCounts(), before, 'nothing written');
  assert.equal(fieldValue(r.text, 'days'), 'tiga', 'the petugas sees what they typed, not a number they never entered');
});

test('a checklist item with its sheet count left empty counts as one sheet', async () => {
  const r = await create(petugas, 'jelitik', newService('surat_lembar', {
    ck_item_0: 'KTP-el pemohon', ck_count_0: '', ck_item_1: 'Kartu Keluarga (KK)', ck_note_1: 'fotokopi', ck_count_1: '3',
  }));
  assert.equal(r.status, 303, `expected the service to be saved; got ${r.status}: ${fieldError(r.text, 'ck_item_0') ?? ''} ${(r.text.match(/<p class="field-error"[^>]*>([^<]*)/) || [])[1] ?? ''}`);
  const pub = await anon.json('/o/jelitik/layanan/surat_lembar');
  assert.deepEqual(pub.body.service.checklist.map((c) => c.count), [1, 3]);
});

test('a slug already used in the office is refused; the same slug in another office is fine', async () => {
  const sktm = serviceRow('jelitik', 'sktm');
  const nameBefore = dbValue(`SELECT name FROM service WHERE id = ${sktm.id}`);
  const before = rowCounts();
  const r = await create(petugas, 'jelitik', newService('sktm', { name: 'SKTM tiruan' }));
  assert.equal(r.status, 422);
  assert.match(fieldError(r.text, 'slug'), /sudah dipakai layanan lain di kantor ini/);
  assert.equal(fieldValue(r.text, 'name'), 'SKTM tiruan');
  assert.equal(fieldValue(r.text, 'ck_item_0'), 'KTP-el pemohon');
  assert.deepEqual(rowCounts(), before, 'nothing written');
  assert.deepEqual(serviceRow('jelitik', 'sktm'), sktm);
  assert.equal(dbValue(`SELECT name FROM service WHERE id = ${sktm.id}`), nameBefore);
  const pub = await anon.json('/o/jelitik/layanan/sktm');
  assert.equal(pub.body.service.name, nameBefore);

  // slugs are unique per office only
  const own = await create(petugas, 'jelitik', newService('surat_nelayan_dua'));
  assert.equal(own.status, 303);
  const other = await login(base, 'petugas.srimenanti');
  const r2 = await create(other, 'srimenanti', newService('surat_nelayan_dua'));
  assert.equal(r2.status, 303, r2.text.slice(0, 300));
  assert.ok(serviceRow('srimenanti', 'surat_nelayan_dua'));
});

// ---- editing, history, conflicts, restore -----------------------------------

test('editing a checklist item makes version 2; the history names the field and who changed it', async () => {
  const r0 = await create(petugas, 'jelitik', newService('surat_edit', {
    ck_item_0: 'KTP-el pemohon', ck_item_1: 'Kartu Keluarga (KK)', ck_note_1: 'fotokopi', ck_count_1: '1',
    synonyms: 'surat ubah, surat edit', legal_basis: 'Perda Kabupaten Bangka No. 1 Tahun 2020',
    faq_q_0: 'Berapa lama?', faq_a_0: 'Satu hari kerja.',
  }));
  assert.equal(r0.status, 303);
  const { path, fields } = await editForm(sekre, 'surat_edit');
  assert.equal(fields.version, '1');
  assert.equal(fields.ck_item_1, 'Kartu Keluarga (KK)');
  const r = await sekre.post(path, { ...fields, ck_item_1: 'Kartu Keluarga (KK) terbaru' });
  assert.equal(r.status, 303, r.text.slice(0, 500));
  assert.equal(r.location, `${path}?ok=1`);
  assert.equal(serviceRow('jelitik', 'surat_edit').version, 2);

  const pub = await anon.get('/o/jelitik/layanan/surat_edit');
  assert.ok(pub.text.includes('Kartu Keluarga (KK) terbaru'));
  const api = (await anon.json('/api/v1/offices/jelitik/services')).body.services.find((s) => s.slug === 'surat_edit');
  assert.deepEqual(api.checklist.map((c) => c.item), ['KTP-el pemohon', 'Kartu Keluarga (KK) terbaru']);

  const hist = await history(sekre, 'surat_edit');
  assert.deepEqual(hist.map((h) => h.version), [2, 1]);
  assert.equal(hist[0].actor, 'sekre.jelitik');
  assert.equal(hist[1].actor, 'petugas.jelitik');
  assert.deepEqual(hist[0].changed_labels, ['Persyaratan'], 'only the checklist changed (the untouched form round-trips)');
  assert.equal(hist[0].current, true);
  assert.equal(hist[1].current, false);
  const page = await sekre.get('/console/o/jelitik/layanan/surat_edit/riwayat');
  assert.equal(page.status, 200);
  const rowV2 = page.text.match(/<tr>\s*<td><a href="[^"]*\/riwayat\/2">2<\/a>[\s\S]*?<\/tr>/);
  assert.ok(rowV2, 'the history table has a row for version 2');
  assert.ok(rowV2[0].includes('sekre.jelitik'));
  assert.ok(rowV2[0].includes('<span class="tag">Persyaratan</span>'));
  assert.ok(page.text.includes('/riwayat/1/pulihkan'), 'the old version can be restored');
  assert.ok(!page.text.includes('/riwayat/2/pulihkan'), 'the current one cannot');

  assert.equal(count('service_version', `service_id = ${serviceRow('jelitik', 'surat_edit').id}`), 2);
  assert.deepEqual(auditFor('jelitik/surat_edit'), [
    { actor: 'petugas.jelitik', action: 'service.create' }, { actor: 'sekre.jelitik', action: 'service.update' }]);
  const sides = auditSides('jelitik/surat_edit', 'service.update');
  assert.equal(sides.before.checklist[1].item, 'Kartu Keluarga (KK)');
  assert.equal(sides.after.checklist[1].item, 'Kartu Keluarga (KK) terbaru');

  // the old version is still readable as it was
  const v1 = await versionDoc(sekre, 'surat_edit', 1);
  assert.deepEqual(v1.checklist.map((c) => c.item), ['KTP-el pemohon', 'Kartu Keluarga (KK)']);
  const v1page = await sekre.json('/console/o/jelitik/layanan/surat_edit/riwayat/1');
  assert.deepEqual(v1page.body.differs, ['Persyaratan']);
  assert.equal((await sekre.get('/console/o/jelitik/layanan/surat_edit/riwayat/9')).status, 404);
});

test('saving over a newer version gets 409, keeps the typed input and saves nothing', async () => {
  assert.equal((await create(petugas, 'jelitik', newService('surat_konflik'))).status, 303);
  const a = await editForm(petugas, 'surat_konflik');
  const b = await editForm(sekre, 'surat_konflik');
  const first = await petugas.post(a.path, { ...a.fields, cost: 'Rp10.000 (Perda No. 3 Tahun 2021)' });
  assert.equal(first.status, 303);
  const row = serviceRow('jelitik', 'surat_konflik');
  assert.equal(row.version, 2);
  const before = rowCounts();

  const late = await sekre.post(b.path, { ...b.fields, summary: 'Tulisan orang yang terlambat' });
  assert.equal(late.status, 409);
  assert.match(alerts(late.text).join(' '), /baru saja diubah oleh orang lain/);
  assert.equal(fieldValue(late.text, 'summary'), 'Tulisan orang yang terlambat', 'what was typed is kept to redo');
  assert.deepEqual(rowCounts(), before, 'nothing written');
  assert.deepEqual(serviceRow('jelitik', 'surat_konflik'), row);
  const pub = await anon.json('/o/jelitik/layanan/surat_konflik');
  assert.equal(pub.body.service.cost, 'Rp10.000 (Perda No. 3 Tahun 2021)', 'the first save stands');
  assert.notEqual(pub.body.service.summary, 'Tulisan orang yang terlambat');

  // The message says to check the form and save again: the re-rendered form
  // must carry the version now stored, so that the second try goes through.
  assert.equal(fieldValue(late.text, 'version'), String(row.version), 'the 409 form carries the current version');
  const again = await sekre.post(b.path, formData(late.text, b.path));
  assert.equal(again.status, 303, `saving the corrected 409 form again: ${again.status}`);
  assert.equal((await anon.json('/o/jelitik/layanan/surat_konflik')).body.service.summary, 'Tulisan orang yang terlambat');
});

test('restoring version 1 makes a new version equal to it and keeps the whole history', async () => {
  assert.equal((await create(petugas, 'jelitik', newService('surat_pulih', {
    ck_item_0: 'Surat pengantar RT/RW', ck_note_0: 'asli', ck_item_1: 'KTP-el pemohon', ck_note_1: 'fotokopi', days: '2',
  }))).status, 303);
  const v1 = await versionDoc(petugas, 'surat_pulih', 1);
  const e = await editForm(petugas, 'surat_pulih');
  const r = await petugas.post(e.path, { ...e.fields, ck_item_0: 'Tidak perlu pengantar RT/RW', days: '0', cost: 'Rp5.000' });
  assert.equal(r.status, 303);
  const v2 = await versionDoc(petugas, 'surat_pulih', 2);
  assert.notDeepEqual(v2, v1);

  // the version page offers the restore with the current version
  const vp = await lurah.get('/console/o/jelitik/layanan/surat_pulih/riwayat/1');
  assert.equal(vp.status, 200);
  const restorePath = '/console/o/jelitik/layanan/surat_pulih/riwayat/1/pulihkan';
  const form = formData(vp.text, restorePath);
  assert.equal(form.version, '2');
  const before = rowCounts();
  const rr = await lurah.post(restorePath, form);
  assert.equal(rr.status, 303, rr.text.slice(0, 300));
  assert.deepEqual(rowCounts(), { ...before, service_version: before.service_version + 1, audit_log: before.audit_log + 1 });

  const row = serviceRow('jelitik', 'surat_pulih');
  assert.equal(row.version, 3);
  assert.deepEqual(await versionDoc(lurah, 'surat_pulih', 3), v1, 'version 3 has the content of version 1');
  assert.deepEqual(await versionDoc(lurah, 'surat_pulih', 2), v2, 'version 2 is still there as it was');
  const hist = await history(lurah, 'surat_pulih');
  assert.deepEqual(hist.map((h) => h.version), [3, 2, 1]);
  assert.equal(hist[0].actor, 'lurah.jelitik');
  assert.match(hist[0].note, /Dipulihkan dari versi 1/);
  assert.deepEqual([...hist[0].changed_labels].sort(), ['Biaya', 'Persyaratan', 'Waktu penyelesaian'].sort());
  assert.deepEqual(auditFor('jelitik/surat_pulih', 'service.restore'), [{ actor: 'lurah.jelitik', action: 'service.restore' }]);

  const pub = await anon.json('/o/jelitik/layanan/surat_pulih');
  assert.deepEqual(pub.body.service.checklist.map((c) => c.item), ['Surat pengantar RT/RW', 'KTP-el pemohon']);
  assert.equal(pub.body.service.cost, v1.cost);
  assert.equal(pub.body.service.days_text, '2 hari kerja');

  // a restore started from an outdated page is refused like any stale save
  const stale = await lurah.post('/console/o/jelitik/layanan/surat_pulih/riwayat/2/pulihkan', { version: '2' });
  assert.equal(stale.status, 409);
  assert.equal(serviceRow('jelitik', 'surat_pulih').version, 3);
  assert.equal((await lurah.post('/console/o/jelitik/layanan/surat_pulih/riwayat/7/pulihkan', { version: '3' })).status, 404);
  assert.equal(serviceRow('jelitik', 'surat_pulih').version, 3);
});

// ---- what the public sees ------------------------------------------------------

test('markup typed into a service is shown escaped on the portal, never as live HTML', async () => {
  const evil = '<script>alert(1)</script>';
  const r = await create(petugas, 'jelitik', newService('surat_xss', {
    name: `Surat ${evil}`, summary: `Ringkasan ${evil}`, note_for_citizen: `Catatan ${evil}`,
    ck_item_0: `Berkas ${evil}`, steps: `Langkah ${evil}`, faq_q_0: `Tanya ${evil}`, faq_a_0: `Jawab ${evil}`,
    synonyms: 'suratxss',
  }));
  assert.equal(r.status, 303, r.text.slice(0, 300));
  const escaped = '&lt;script&gt;alert(1)&lt;/script&gt;';
  const pages = ['/o/jelitik/layanan/surat_xss', '/o/jelitik', '/o/jelitik?q=suratxss', '/o/jelitik/layanan/surat_xss/kartu'];
  for (const p of pages) {
    const g = await anon.get(p);
    assert.equal(g.status, 200, p);
    assert.ok(!g.text.includes(evil), `${p} has no raw <script>alert(1)</script>`);
    assert.ok(g.text.includes(escaped), `${p} shows the text escaped`);
  }
  const sp = await anon.get('/o/jelitik/layanan/surat_xss');
  for (const t of ['Ringkasan', 'Catatan', 'Berkas', 'Langkah', 'Tanya', 'Jawab']) {
    assert.ok(sp.text.includes(`${t} ${escaped}`), `${t} is shown escaped`);
  }
  for (const p of ['/console/o/jelitik/layanan', '/console/o/jelitik/layanan/surat_xss', '/console/o/jelitik/layanan/surat_xss/riwayat',
    '/console/o/jelitik/layanan/surat_xss/riwayat/1']) {
    const g = await petugas.get(p);
    assert.equal(g.status, 200, p);
    assert.ok(!g.text.includes(evil), `${p} has no raw <script>alert(1)</script>`);
  }
  const f = await editForm(petugas, 'surat_xss');
  assert.equal(f.fields.summary, `Ringkasan ${evil}`, 'the edit form gives back exactly what was saved');
  const api = (await anon.json('/api/v1/offices/jelitik/services')).body.services.find((s) => s.slug === 'surat_xss');
  assert.equal(api.summary, `Ringkasan ${evil}`, 'JSON carries the text itself');
});

test('hiding a service removes it from the portal, search and API but keeps it in the console', async () => {
  const r0 = await create(petugas, 'jelitik', newService('surat_sembunyi', { synonyms: 'sembunyikata' }));
  assert.equal(r0.status, 303);
  assert.ok((await portalSlugs()).includes('surat_sembunyi'));
  const e = await editForm(petugas, 'surat_sembunyi');
  assert.equal(e.fields.active, '1', 'the box is ticked for an active service');
  const { active, ...unticked } = e.fields;
  const r = await petugas.post(e.path, unticked);
  assert.equal(r.status, 303, r.text.slice(0, 300));
  assert.equal(serviceRow('jelitik', 'surat_sembunyi').active, 0);

  const pub = await anon.get('/o/jelitik/layanan/surat_sembunyi');
  assert.equal(pub.status, 404);
  assert.ok(pub.text.includes('Layanan tidak ditemukan'));
  assert.equal((await anon.get('/o/jelitik/layanan/surat_sembunyi/kartu')).status, 404);
  assert.ok(!(await portalSlugs()).includes('surat_sembunyi'));
  assert.ok(!(await apiSlugs()).includes('surat_sembunyi'));
  const s = await anon.json('/o/jelitik?q=sembunyikata');
  assert.ok(!s.body.results.some((x) => x.slug === 'surat_sembunyi'), 'search does not find it');
  const nf = await anon.json('/o/jelitik/layanan/surat_sembunyi');
  assert.ok(!nf.body.results.some((x) => x.slug === 'surat_sembunyi'), 'the 404 page does not suggest it either');

  const list = await petugas.json('/console/o/jelitik/layanan');
  const item = list.body.services.find((x) => x.slug === 'surat_sembunyi');
  assert.ok(item, 'still in the console list');
  assert.equal(item.active, false);
  const html = await petugas.get('/console/o/jelitik/layanan');
  assert.match(html.text, /surat_sembunyi<\/span><\/td>[\s\S]*?<span class="tag warn">Disembunyikan<\/span>/);
  assert.equal((await petugas.get('/console/o/jelitik/layanan/surat_sembunyi')).status, 200, 'and still editable');
  assert.deepEqual((await history(petugas, 'surat_sembunyi'))[0].changed_labels, ['Status tampil']);

  // ticking the box again brings it back
  const e2 = await editForm(petugas, 'surat_sembunyi');
  assert.equal(e2.fields.active, undefined);
  assert.equal((await petugas.post(e2.path, { ...e2.fields, active: '1' })).status, 303);
  assert.equal((await anon.get('/o/jelitik/layanan/surat_sembunyi')).status, 200);
  assert.ok((await apiSlugs()).includes('surat_sembunyi'));
});

// ---- who may change what ---------------------------------------------------------

test('a petugas verifikasi sees the catalogue but cannot open, change or add services', async () => {
  const verif = await login(base, 'verifikasi.jelitik');
  const list = await verif.get('/console/o/jelitik/layanan');
  assert.equal(list.status, 200, 'viewing is allowed');
  assert.ok(!list.text.includes('href="/console/o/jelitik/layanan/baru"'), 'no "add" button');
  assert.ok(!list.text.includes('href="/console/o/jelitik/layanan/sktm"'), 'rows link to the public page, not the editor');
  assert.ok(list.text.includes('href="/o/jelitik/layanan/sktm"'));

  const sktm = serviceRow('jelitik', 'sktm');
  const { fields } = await editForm(petugas, 'sktm');
  const before = rowCounts();
  for (const p of ['/console/o/jelitik/layanan/sktm', '/console/o/jelitik/layanan/baru', '/console/o/jelitik/layanan/sktm/riwayat',
    '/console/o/jelitik/templat']) {
    assert.equal((await verif.get(p)).status, 403, `GET ${p}`);
  }
  const r = await verif.post('/console/o/jelitik/layanan/sktm', { ...fields, name: 'SKTM diubah tanpa hak' });
  assert.equal(r.status, 403);
  // the refusal names what is missing and who has it
  assert.match(unescapeHtml(r.text), /Halaman ini untuk staf yang boleh mengelola katalog layanan di Kelurahan Jelitik\. Peran yang memberinya: Penanggung jawab, Koordinator, Admin sistem, Petugas layanan, Pengelola konten\./);
  assert.equal((await verif.post('/console/o/jelitik/layanan/baru', newService('surat_verif'))).status, 403);
  assert.equal((await verif.post('/console/o/jelitik/layanan/sktm/riwayat/1/pulihkan', { version: String(sktm.version) })).status, 403);
  assert.equal((await verif.post('/console/o/jelitik/templat', { from: 'diskominfo-bangka', service: '*' })).status, 403);
  assert.deepEqual(rowCounts(), before, 'nothing written');
  assert.deepEqual(serviceRow('jelitik', 'sktm'), sktm);
  assert.notEqual((await anon.json('/o/jelitik/layanan/sktm')).body.service.name, 'SKTM diubah tanpa hak');
});

test('staff of another kelurahan cannot touch this office\'s catalogue', async () => {
  const other = await login(base, 'petugas.srimenanti');
  const sktm = serviceRow('jelitik', 'sktm');
  const { fields } = await editForm(petugas, 'sktm');
  await other.get('/console/o/srimenanti/layanan');     // a CSRF token of its own session
  const before = rowCounts();
  for (const p of ['/console/o/jelitik/layanan', '/console/o/jelitik/layanan/sktm', '/console/o/jelitik/layanan/sktm/riwayat']) {
    assert.equal((await other.get(p)).status, 403, `GET ${p}`);
  }
  const r = await other.post('/console/o/jelitik/layanan/sktm', { ...fields, name: 'SKTM dari kantor lain' });
  assert.equal(r.status, 403);
  assert.equal((await other.post('/console/o/jelitik/layanan/baru', newService('surat_tetangga'))).status, 403);
  assert.equal((await other.post('/console/o/jelitik/layanan/sktm/riwayat/1/pulihkan', { version: String(sktm.version) })).status, 403);
  assert.deepEqual(rowCounts(), before, 'nothing written');
  assert.deepEqual(serviceRow('jelitik', 'sktm'), sktm);
  assert.equal(serviceRow('jelitik', 'surat_tetangga'), null);
  // their own office works
  assert.equal((await other.get('/console/o/srimenanti/layanan/sktm')).status, 200);
});

// ---- templates of the regency ------------------------------------------------------

test('a kelurahan copies a new Diskominfo template; the copy is linked to it and edited independently', async () => {
  const dinas = await login(base, 'admin.diskominfo');
  const t = await create(dinas, 'diskominfo-bangka', newService('izin_usaha_mikro', {
    name: 'Surat Keterangan Usaha Mikro (Templat)', category: 'Perizinan Usaha',
    ck_item_0: 'KTP-el pemilik usaha', ck_note_0: 'fotokopi', ck_item_1: 'Foto tempat usaha', ck_note_1: 'asli', ck_count_1: '1', days: '2',
  }));
  assert.equal(t.status, 303, t.text.slice(0, 300));
  const tmpl = serviceRow('diskominfo-bangka', 'izin_usaha_mikro');
  const list = await dinas.get('/console/o/diskominfo-bangka/layanan');
  assert.ok(list.text.includes('<strong>templat</strong>'), 'the dinas is told its services are templates');

  // Jelitik sees it among the templates, not yet in its catalogue
  const page = await petugas.json('/console/o/jelitik/templat');
  assert.equal(page.status, 200);
  const src = page.body.sources.find((s) => s.slug === 'diskominfo-bangka');
  assert.ok(src, 'the regency Diskominfo is a template source');
  const offered = src.services.find((s) => s.slug === 'izin_usaha_mikro');
  assert.ok(offered, 'the new template is offered');
  assert.equal(offered.have, false);
  assert.equal(src.services.find((s) => s.slug === 'sktm').have, true, 'what Jelitik has is marked');
  const html = await petugas.get('/console/o/jelitik/templat');
  assert.ok(html.text.includes('name="service" value="izin_usaha_mikro"'), 'a copy button for it');

  const before = rowCounts();
  const r = await petugas.post('/console/o/jelitik/templat', { from: 'diskominfo-bangka', service: 'izin_usaha_mikro' });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  assert.equal(r.location, '/console/o/jelitik/templat?ok=1');
  assert.ok((await petugas.get(r.location)).text.includes('1 layanan disalin'));
  assert.deepEqual(rowCounts(), { service: before.service + 1, service_version: before.service_version + 1, audit_log: before.audit_log + 1 });
  const copy = serviceRow('jelitik', 'izin_usaha_mikro');
  assert.equal(copy.origin, tmpl.id, 'origin_id points at the template');
  assert.notEqual(copy.id, tmpl.id);
  assert.equal(copy.version, 1);
  assert.deepEqual(auditFor('jelitik/izin_usaha_mikro'), [{ actor: 'petugas.jelitik', action: 'service.copy' }]);
  const hist = await history(petugas, 'izin_usaha_mikro');
  assert.match(hist[0].note, /Disalin dari templat/);
  assert.deepEqual(await versionDoc(petugas, 'izin_usaha_mikro', 1), await versionDoc(dinas, 'izin_usaha_mikro', 1, 'diskominfo-bangka'),
    'the copy starts with the template content');
  assert.ok((await portalSlugs('jelitik')).includes('izin_usaha_mikro'), 'and is on Jelitik\'s portal');
  const after = (await petugas.json('/console/o/jelitik/templat')).body.sources.find((s) => s.slug === 'diskominfo-bangka');
  assert.equal(after.services.find((s) => s.slug === 'izin_usaha_mikro').have, true);

  // copying it again is refused; nothing changes
  const again = await petugas.post('/console/o/jelitik/templat', { from: 'diskominfo-bangka', service: 'izin_usaha_mikro' });
  assert.equal(again.status, 409);
  assert.equal(count('service', `slug = 'izin_usaha_mikro'`), 2);

  // Jelitik adapts its copy: the template stays as it was
  const tmplDoc = await versionDoc(dinas, 'izin_usaha_mikro', 1, 'diskominfo-bangka');
  const e = await editForm(petugas, 'izin_usaha_mikro');
  assert.equal((await petugas.post(e.path, { ...e.fields, ck_item_1: 'Foto tempat usaha di Jelitik', days: '1' })).status, 303);
  assert.deepEqual(serviceRow('diskominfo-bangka', 'izin_usaha_mikro'), tmpl);
  const tmplNow = (await dinas.json('/console/o/diskominfo-bangka/layanan/izin_usaha_mikro')).body.service;
  assert.equal(tmplNow.checklist[1].item, 'Foto tempat usaha');
  assert.equal(tmplNow.days, tmplDoc.days);
  assert.equal((await anon.json('/o/jelitik/layanan/izin_usaha_mikro')).body.service.checklist[1].item, 'Foto tempat usaha di Jelitik');

  // ...and the dinas changing the template does not overwrite Jelitik's copy
  const te = await editForm(dinas, 'izin_usaha_mikro', 'diskominfo-bangka');
  assert.equal((await dinas.post(te.path, { ...te.fields, cost: 'Rp2.000' })).status, 303);
  const mine = (await anon.json('/o/jelitik/layanan/izin_usaha_mikro')).body.service;
  assert.equal(mine.cost, 'Gratis');
  assert.equal(mine.checklist[1].item, 'Foto tempat usaha di Jelitik');
  assert.equal(serviceRow('jelitik', 'izin_usaha_mikro').version, 2);

  // "copy all missing" in Srimenanti takes only what it lacks
  const sri = await login(base, 'petugas.srimenanti');
  await sri.get('/console/o/srimenanti/templat');
  const sktmSri = serviceRow('srimenanti', 'sktm');
  const all = await sri.post('/console/o/srimenanti/templat', { from: 'diskominfo-bangka', service: '*' });
  assert.equal(all.status, 303, all.text.slice(0, 300));
  assert.equal(all.location, '/console/o/srimenanti/templat?ok=1');
  assert.equal(serviceRow('srimenanti', 'izin_usaha_mikro').origin, tmpl.id);
  assert.deepEqual(serviceRow('srimenanti', 'sktm'), sktmSri, 'services it already had are left alone');
  assert.equal((await anon.json('/o/srimenanti/layanan/izin_usaha_mikro')).body.service.cost, 'Rp2.000', 'copies the template as it is now');
});

test('the Diskominfo\'s own Templat page lists its templates with their versions and who copied them', async () => {
  const dinas = await login(base, 'konten.diskominfo');
  const list = await dinas.get('/console/o/diskominfo-bangka/layanan');
  assert.ok(list.text.includes('href="/console/o/diskominfo-bangka/templat"'), 'the catalogue links its Templat page');
  const page = await dinas.get('/console/o/diskominfo-bangka/templat');
  assert.equal(page.status, 200);
  const text = unescapeHtml(page.text);
  assert.ok(!text.includes('Belum ada templat dari Diskominfo'), 'not told that it has no templates');
  assert.match(text, /<h1>Templat layanan yang Anda sediakan<\/h1>/);
  // the template of the test above: copied by Jelitik and Srimenanti, edited once by the dinas
  const row = text.match(/<tr>\s*<td><a href="\/console\/o\/diskominfo-bangka\/layanan\/izin_usaha_mikro">([^<]+)<\/a>[\s\S]*?<\/tr>/);
  assert.ok(row, 'the template is listed with a link to edit it');
  assert.match(row[0], /<td>2 · <a href="\/console\/o\/diskominfo-bangka\/layanan\/izin_usaha_mikro\/riwayat">riwayat<\/a><\/td>/, 'its version and history');
  assert.match(row[0], /<td>2 kantor<\/td>/, 'copied by two offices');
  const own = dbValue(`SELECT COUNT(*) FROM service WHERE office_id = ${officeId('diskominfo-bangka')}`);
  assert.equal((text.match(/<td><a href="\/console\/o\/diskominfo-bangka\/layanan\//g) || []).length, Number(own), 'every service of its catalogue');
  const json = await dinas.json('/console/o/diskominfo-bangka/templat');
  assert.equal(json.body.own.services.find((s) => s.slug === 'izin_usaha_mikro').copies_text, '2 kantor');
});

test('an office of another regency gets no Bangka templates and cannot copy them', async () => {
  const sog = await login(base, 'petugas.sogaten');
  const page = await sog.json('/console/o/sogaten/templat');
  assert.equal(page.status, 200);
  assert.ok(!page.body.sources.some((s) => s.slug === 'diskominfo-bangka'), 'Bangka\'s Diskominfo is not offered');
  const html = await sog.get('/console/o/sogaten/templat');
  assert.ok(!html.text.includes('Kabupaten Bangka'));
  assert.ok(!html.text.includes('value="diskominfo-bangka"'));
  const before = rowCounts();
  const sogServices = count('service', `office_id = ${officeId('sogaten')}`);
  for (const service of ['sktm', '*']) {
    const r = await sog.post('/console/o/sogaten/templat', { from: 'diskominfo-bangka', service });
    assert.equal(r.status, 404, `copy ${service}`);
    assert.match(r.text, /Templat ini tidak tersedia untuk kantor Anda/);
  }
  assert.equal((await sog.post('/console/o/sogaten/templat', { from: 'tidak-ada', service: '*' })).status, 404);
  assert.deepEqual(rowCounts(), before, 'nothing written');
  assert.equal(count('service', `office_id = ${officeId('sogaten')}`), sogServices);
});
