// Staff accounts and roles as a Lurah manages them: adding, roles, disabling,
// the limits of his authority, and the office's escalation chain.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBalai, login, cli, sql, DEMO_PASSWORD } from './lib.mjs';
import { fieldValue, fieldError, alerts, selectOptions, selectedOption, tryLogin, sessionAlive, auditRows, parseSide } from './util-e2e.mjs';

const NEW_USER = 'rina.baru';
const NEW_PW = 'Layanan#Jelitik26';
let server, base, lurah;

before(async () => {
  server = await startBalai();
  base = server.base;
  lurah = await login(base, 'lurah.jelitik');
});

after(async () => { await server?.stop(); });

function dbValue(q) { return sql(server.db, q).trim(); }
const staffCount = (u) => dbValue(`SELECT COUNT(*) FROM staff WHERE username = '${u}'`);

/** The person's form as shown (roles held, duty hours), ready to post back. */
async function personForm(username, slug = 'jelitik', c = lurah) {
  const r = await c.json(`/console/o/${slug}/staff/${username}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const p = r.body.person;
  const f = { full_name: p.full_name, phone: p.phone || '', absent_until: p.absent_iso || '' };
  for (const d of r.body.days) f[d.field] = d.text;
  for (const role of r.body.roles) if (role.held) f[`role_${role.name}`] = '1';
  if (p.disabled) f.disabled = '1';
  return f;
}

test('the lurah adds a petugas layanan who can then log in and sees only Jelitik', async () => {
  const page = await lurah.get('/console/o/jelitik/staff');
  assert.equal(page.status, 200);
  const r = await lurah.post('/console/o/jelitik/staff', {
    username: NEW_USER, full_name: 'Rina Baru', phone: '0812-1111-2222', role: 'petugas_layanan', password: NEW_PW,
  });
  assert.equal(r.status, 303, r.text.slice(0, 800));
  assert.equal(r.location, '/console/o/jelitik/staff?ok=1');
  const list = await lurah.get(r.location);
  assert.ok(list.text.includes('Perubahan disimpan.'));
  assert.ok(list.text.includes(`/console/o/jelitik/staff/${NEW_USER}`));
  const json = await lurah.json('/console/o/jelitik/staff');
  const me = json.body.staff.find((s) => s.username === NEW_USER);
  assert.deepEqual(me.roles, ['petugas_layanan']);

  const rina = await login(base, NEW_USER, NEW_PW);
  const con = await rina.json('/console');
  assert.deepEqual(con.body.offices.map((o) => o.slug), ['jelitik'], 'a Jelitik petugas sees only Jelitik');
  assert.equal((await rina.get('/console/o/jelitik')).status, 200);
  for (const p of ['/console/o/srimenanti', '/console/o/kec-sungailiat', '/console/o/jelitik/edit',
    '/console/o/jelitik/staff', '/console/o/jelitik/audit', '/console/audit']) {
    assert.equal((await rina.get(p)).status, 403, p);
  }
  const audit = (await auditRows(lurah, '/console/o/jelitik/audit')).find((x) => x.action === 'staff.create' && x.entity_id === NEW_USER);
  assert.ok(audit, 'staff.create audited in the office log');
  assert.equal(parseSide(audit.after).role, 'petugas_layanan');
  assert.ok(!JSON.stringify(audit).includes(NEW_PW));
});

test('staff phone numbers are stored in international digits, like office phones', async () => {
  // the escalation and the WhatsApp bot match staff by number: one form only
  assert.equal(dbValue(`SELECT phone FROM staff WHERE username = '${NEW_USER}'`), '6281211112222');
});

test('the lurah cannot grant admin_sistem: not offered, and a forced POST is refused', async () => {
  const page = await lurah.get('/console/o/jelitik/staff');
  const opts = selectOptions(page.text, 'role');
  assert.ok(opts.includes('petugas_layanan'));
  assert.ok(opts.includes('koordinator'));
  assert.ok(!opts.includes('admin_sistem'), `offered: ${opts}`);
  const r = await lurah.post('/console/o/jelitik/staff', {
    username: 'calon.admin', full_name: 'Calon Admin', phone: '', role: 'admin_sistem', password: 'Admin#Jelitik2026',
  });
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'role'), 'Anda tidak dapat memberikan peran ini.');
  assert.equal(fieldValue(r.text, 'username'), 'calon.admin');
  assert.equal(staffCount('calon.admin'), '0');
  const r2 = await lurah.post('/console/o/jelitik/staff', {
    username: 'calon.raja', full_name: 'Calon Raja', phone: '', role: 'raja', password: 'Admin#Jelitik2026',
  });
  assert.equal(r2.status, 422);
  assert.equal(fieldError(r2.text, 'role'), 'Pilih peran dari daftar.');
  assert.equal(staffCount('calon.raja'), '0');
  // nor by ticking the box on an existing member's page
  const f = await personForm('petugas.jelitik');
  const r3 = await lurah.post('/console/o/jelitik/staff/petugas.jelitik', { ...f, role_admin_sistem: '1' });
  assert.equal(r3.status, 303);
  assert.equal(dbValue(`SELECT r.role FROM staff_role r JOIN staff s ON s.id = r.staff_id WHERE s.username = 'petugas.jelitik'`), 'petugas_layanan');
});

test('the head of the dinas cannot appoint a pengawas kebijakan, whose reach is the whole kabupaten', async () => {
  // kadis.diskominfo is penanggung_jawab at the dinas: his reach is the dinas;
  // a pengawas_kebijakan held there reads the audit log of every office of
  // Kabupaten Bangka
  const kadis = await login(base, 'kadis.diskominfo');
  const page = await kadis.get('/console/o/diskominfo-bangka/staff');
  assert.equal(page.status, 200);
  const opts = selectOptions(page.text, 'role');
  assert.ok(opts.includes('petugas_layanan'), `offered: ${opts}`);
  assert.ok(!opts.includes('pengawas_kebijakan'), `offered: ${opts}`);
  const r = await kadis.post('/console/o/diskominfo-bangka/staff', {
    username: 'calon.pengawas', full_name: 'Calon Pengawas', phone: '', role: 'pengawas_kebijakan', password: 'Pengawas#Bangka2026',
  });
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'role'), 'Anda tidak dapat memberikan peran ini.');
  assert.equal(staffCount('calon.pengawas'), '0');
  // nor by ticking the box on a member's page
  const f = await personForm('editor.diskominfo', 'diskominfo-bangka', kadis);
  const r2 = await kadis.post('/console/o/diskominfo-bangka/staff/editor.diskominfo', { ...f, role_pengawas_kebijakan: '1' });
  assert.equal(r2.status, 303);
  assert.equal(dbValue(`SELECT r.role FROM staff_role r JOIN staff s ON s.id = r.staff_id WHERE s.username = 'editor.diskominfo'`), 'editor');
  // the regency admin, whose reach is the kabupaten, may
  const admin = await login(base, 'admin.diskominfo');
  const r3 = await admin.post('/console/o/diskominfo-bangka/staff', {
    username: 'pengawas.baru', full_name: 'Pengawas Baru', phone: '', role: 'pengawas_kebijakan', password: 'Pengawas#Bangka2026',
  });
  assert.equal(r3.status, 303, r3.text.slice(0, 800));
  assert.equal(staffCount('pengawas.baru'), '1');
  // and the Lurah may appoint one at his own kelurahan: it reaches Jelitik only
  const lurahOpts = selectOptions((await lurah.get('/console/o/jelitik/staff')).text, 'role');
  assert.ok(lurahOpts.includes('pengawas_kebijakan'), `offered: ${lurahOpts}`);
});

test('a weak initial password is refused with a message and nothing is created', async () => {
  for (const [pw, msg] of [['pendek', /minimal 10 karakter/], ['budi.lemah', /sama dengan nama pengguna/], ['1234567890', /terlalu umum/]]) {
    const r = await lurah.post('/console/o/jelitik/staff', {
      username: 'budi.lemah', full_name: 'Budi Lemah', phone: '', role: 'petugas_layanan', password: pw,
    });
    assert.equal(r.status, 422, pw);
    assert.match(fieldError(r.text, 'password'), msg);
    assert.equal(fieldValue(r.text, 'full_name'), 'Budi Lemah');
    assert.equal(fieldValue(r.text, 'password'), '', 'the password is not echoed');
  }
  assert.equal(staffCount('budi.lemah'), '0');
});

test('after an error the add-staff form keeps the role that was chosen', async () => {
  // otherwise fixing the password and pressing "Tambah" again silently grants the first role
  // in the list (penanggung_jawab) instead of the one chosen
  const r = await lurah.post('/console/o/jelitik/staff', {
    username: 'sari.petugas', full_name: 'Sari Petugas', phone: '', role: 'petugas_layanan', password: 'pendek',
  });
  assert.equal(r.status, 422);
  assert.equal(fieldValue(r.text, 'username'), 'sari.petugas');
  assert.equal(selectedOption(r.text, 'role'), 'petugas_layanan');
});

test('a username that is already taken (in any office) is refused', async () => {
  const r = await lurah.post('/console/o/jelitik/staff', {
    username: 'petugas.srimenanti', full_name: 'Penyusup', phone: '', role: 'petugas_layanan', password: 'Penyusup#2026xx',
  });
  assert.equal(r.status, 422);
  assert.equal(fieldError(r.text, 'username'), 'Nama pengguna ini sudah dipakai.');
  assert.equal(fieldValue(r.text, 'full_name'), 'Penyusup');
  // the existing account is untouched: same name, same password, no Jelitik role
  assert.equal(dbValue("SELECT full_name FROM staff WHERE username = 'petugas.srimenanti'"), 'Indra Gunawan');
  assert.equal((await tryLogin(base, 'petugas.srimenanti')).res.status, 303);
  assert.equal((await tryLogin(base, 'petugas.srimenanti', 'Penyusup#2026xx')).res.status, 401);
  const r2 = await lurah.post('/console/o/jelitik/staff', {
    username: 'Bukan Valid', full_name: 'X', phone: '', role: 'petugas_layanan', password: 'Penyusup#2026xx',
  });
  assert.equal(r2.status, 422);
  assert.match(fieldError(r2.text, 'username'), /huruf kecil/);
});

test('changing roles works and is audited with before and after', async () => {
  const f = await personForm(NEW_USER);
  assert.equal(f.role_petugas_layanan, '1');
  const r = await lurah.post(`/console/o/jelitik/staff/${NEW_USER}`, { ...f, role_petugas_verifikasi: '1', role_editor: '1' });
  assert.equal(r.status, 303, r.text.slice(0, 800));
  assert.equal(r.location, `/console/o/jelitik/staff/${NEW_USER}?ok=1`);
  const page = await lurah.get(r.location);
  assert.ok(page.text.includes('Perubahan disimpan.'));
  assert.match(page.text, /name="role_petugas_verifikasi" value="1" checked/);
  assert.match(page.text, /name="role_editor" value="1" checked/);
  const held = (await lurah.json('/console/o/jelitik/staff')).body.staff.find((s) => s.username === NEW_USER).roles.sort();
  assert.deepEqual(held, ['editor', 'petugas_layanan', 'petugas_verifikasi']);
  const row = (await auditRows(lurah, '/console/o/jelitik/audit')).find((x) => x.action === 'staff.update' && x.entity_id === NEW_USER);
  assert.ok(row, 'staff.update in the office log');
  assert.equal(row.actor, 'lurah.jelitik');
  const b = parseSide(row.before), a = parseSide(row.after);
  assert.deepEqual(b.roles, ['petugas_layanan']);
  assert.deepEqual([...a.roles].sort(), ['editor', 'petugas_layanan', 'petugas_verifikasi']);
  // and dropping one role again
  const f2 = await personForm(NEW_USER);
  delete f2.role_editor;
  const r2 = await lurah.post(`/console/o/jelitik/staff/${NEW_USER}`, f2);
  assert.equal(r2.status, 303);
  const held2 = (await lurah.json('/console/o/jelitik/staff')).body.staff.find((s) => s.username === NEW_USER).roles.sort();
  assert.deepEqual(held2, ['petugas_layanan', 'petugas_verifikasi']);
});

test('the audit row of a role change records only what changed', async () => {
  // an auditor reads before/after to see what was done; unchanged fields must not show up as changes
  const row = (await auditRows(lurah, '/console/o/jelitik/audit')).find((x) => x.action === 'staff.update' && x.entity_id === NEW_USER);
  assert.deepEqual(Object.keys(parseSide(row.before)), ['roles'], `before: ${row.before}`);
  assert.deepEqual(Object.keys(parseSide(row.after)), ['roles'], `after: ${row.after}`);
});

test('removing every role is refused with a message; the roles stay', async () => {
  const f = await personForm(NEW_USER);
  for (const k of Object.keys(f)) if (k.startsWith('role_')) delete f[k];
  const r = await lurah.post(`/console/o/jelitik/staff/${NEW_USER}`, { ...f, full_name: 'Rina Baru Sekali' });
  assert.equal(r.status, 422);
  assert.match(r.text, /<legend>Peran di [^<]*<\/legend>[\s\S]*?<p class="field-error">Staf harus memegang sedikitnya satu peran di kantor ini\.[^<]*<\/p>\s*<\/fieldset>/,
    'the message stands in the roles box');
  const held = (await lurah.json('/console/o/jelitik/staff')).body.staff.find((s) => s.username === NEW_USER);
  assert.deepEqual(held.roles.sort(), ['petugas_layanan', 'petugas_verifikasi']);
  assert.equal(held.full_name, 'Rina Baru', 'nothing else saved either');
});

test('duty hours and absence are saved; bad ones are refused next to the field', async () => {
  const f = await personForm(NEW_USER);
  const r = await lurah.post(`/console/o/jelitik/staff/${NEW_USER}`, { ...f, d0: '08.00-12.00', d1: 'jam sembilan', absent_until: '2026-13-01' });
  assert.equal(r.status, 422);
  assert.match(fieldError(r.text, 'd1'), /tidak/);
  assert.match(fieldError(r.text, 'absent_until'), /Tanggal tidak valid/);
  assert.equal(fieldValue(r.text, 'd1'), 'jam sembilan');
  const ok = await lurah.post(`/console/o/jelitik/staff/${NEW_USER}`, { ...f, d0: '08.00-12.00', absent_until: '2030-01-31' });
  assert.equal(ok.status, 303);
  const p = await lurah.get(ok.location);
  assert.equal(fieldValue(p.text, 'd0'), '08.00–12.00');
  assert.equal(fieldValue(p.text, 'absent_until'), '2030-01-31');
  const back = await lurah.post(`/console/o/jelitik/staff/${NEW_USER}`, { ...f, absent_until: '' });
  assert.equal(back.status, 303);
});

test('disabling an account ends its sessions and blocks login with "dinonaktifkan"', async () => {
  const rina = await login(base, NEW_USER, NEW_PW);
  assert.equal(await sessionAlive(rina), true);
  const f = await personForm(NEW_USER);
  const r = await lurah.post(`/console/o/jelitik/staff/${NEW_USER}`, { ...f, disabled: '1' });
  assert.equal(r.status, 303, r.text.slice(0, 500));
  assert.equal(await sessionAlive(rina), false, 'the open session has ended');
  const { res } = await tryLogin(base, NEW_USER, NEW_PW);
  assert.equal(res.status, 403);
  assert.match(alerts(res.text).join(' '), /dinonaktifkan/);
  assert.equal(res.headers.getSetCookie().some((c) => c.startsWith('balai_sesi=') && !/Max-Age=0/i.test(c)), false);
  const wrong = await tryLogin(base, NEW_USER, 'Salah#Sandi2026');
  assert.equal(wrong.res.status, 401, 'a wrong password learns nothing about the account');
  assert.doesNotMatch(wrong.res.text, /dinonaktifkan/);
  const list = await lurah.get('/console/o/jelitik/staff');
  assert.match(list.text, new RegExp(`<td>${NEW_USER.replace('.', '\\.')}</td>\\s*<td>[\\s\\S]*?</td><td>Nonaktif</td>`));
  // a disabled member is not offered in the escalation chain
  const esc = await lurah.get('/console/o/jelitik/escalation');
  assert.ok(!selectOptions(esc.text, 'staff1').includes(NEW_USER));
  // enabling again lets her back in
  const f2 = await personForm(NEW_USER);
  delete f2.disabled;
  assert.equal((await lurah.post(`/console/o/jelitik/staff/${NEW_USER}`, f2)).status, 303);
  assert.equal((await tryLogin(base, NEW_USER, NEW_PW)).res.status, 303);
});

test('nobody can disable their own account', async () => {
  const f = await personForm('lurah.jelitik');
  const r = await lurah.post('/console/o/jelitik/staff/lurah.jelitik', { ...f, disabled: '1' });
  assert.equal(r.status, 422);
  assert.match(r.text, /Anda tidak dapat menonaktifkan akun Anda sendiri\./);
  assert.equal(await sessionAlive(lurah), true);
});

test('resetting a member\'s password: weak refused, otherwise sessions end and the new one works', async () => {
  const rina = await login(base, NEW_USER, NEW_PW);
  await lurah.get(`/console/o/jelitik/staff/${NEW_USER}`);
  const weak = await lurah.post(`/console/o/jelitik/staff/${NEW_USER}/password`, { password: 'lemah' });
  assert.equal(weak.status, 422);
  assert.match(fieldError(weak.text, 'password'), /minimal 10 karakter/);
  const NEXT = 'Reset#Jelitik2026';
  const r = await lurah.post(`/console/o/jelitik/staff/${NEW_USER}/password`, { password: NEXT });
  assert.equal(r.status, 303);
  assert.equal(await sessionAlive(rina), false);
  assert.equal((await tryLogin(base, NEW_USER, NEW_PW)).res.status, 401);
  assert.equal((await tryLogin(base, NEW_USER, NEXT)).res.status, 303);
});

test('lurah.jelitik cannot open or change the staff of Srimenanti (403)', async () => {
  for (const p of ['/console/o/srimenanti/staff', '/console/o/srimenanti/staff/petugas.srimenanti', '/console/o/srimenanti/escalation']) {
    assert.equal((await lurah.get(p)).status, 403, p);
  }
  const add = await lurah.post('/console/o/srimenanti/staff', {
    username: 'mata.mata', full_name: 'Mata Mata', phone: '', role: 'petugas_layanan', password: 'Mata#Mata20266',
  });
  assert.equal(add.status, 403);
  assert.equal(staffCount('mata.mata'), '0');
  const dis = await lurah.post('/console/o/srimenanti/staff/petugas.srimenanti', { full_name: 'X', role_petugas_layanan: '1', disabled: '1' });
  assert.equal(dis.status, 403);
});

test('a member of another office cannot be reached through the Jelitik URL (404)', async () => {
  const g = await lurah.get('/console/o/jelitik/staff/petugas.srimenanti');
  assert.equal(g.status, 404);
  assert.match(g.text, /Staf ini tidak terdaftar di kantor ini\./);
  const up = await lurah.post('/console/o/jelitik/staff/petugas.srimenanti', { full_name: 'Diubah', role_petugas_layanan: '1', disabled: '1' });
  assert.equal(up.status, 404);
  const pw = await lurah.post('/console/o/jelitik/staff/petugas.srimenanti/password', { password: 'Ambil#Alih2026x' });
  assert.equal(pw.status, 404);
  assert.equal(dbValue("SELECT full_name FROM staff WHERE username = 'petugas.srimenanti'"), 'Indra Gunawan');
  assert.equal((await tryLogin(base, 'petugas.srimenanti')).res.status, 303, 'still enabled, password unchanged');
  assert.equal((await lurah.get('/console/o/jelitik/staff/tidak.ada')).status, 404);
});

test('a member who also serves in an office outside the lurah\'s reach can only be changed from above (403)', async () => {
  const r = cli(['user', 'add', 'petugas.srimenanti', '--office', 'jelitik', '--role', 'petugas_layanan'], { db: server.db.url });
  assert.equal(r.code, 0, r.stderr);
  const g = await lurah.get('/console/o/jelitik/staff/petugas.srimenanti');
  assert.equal(g.status, 403);
  const up = await lurah.post('/console/o/jelitik/staff/petugas.srimenanti', { full_name: 'Indra', role_petugas_layanan: '1', disabled: '1' });
  assert.equal(up.status, 403);
  assert.equal((await tryLogin(base, 'petugas.srimenanti')).res.status, 303);
  // the camat oversees both kelurahan and may
  const camat = await login(base, 'camat.sungailiat');
  assert.equal((await camat.get('/console/o/jelitik/staff/petugas.srimenanti')).status, 200);
});

test('the escalation chain is saved in order and shown', async () => {
  const page = await lurah.get('/console/o/jelitik/escalation');
  assert.equal(page.status, 200);
  const opts = selectOptions(page.text, 'staff1');
  assert.ok(opts.includes('petugas.jelitik') && opts.includes('lurah.jelitik'));
  assert.ok(!opts.includes('lurah.srimenanti') && !opts.includes('petugas.sogaten'), 'only members of this office are offered');
  const r = await lurah.post('/console/o/jelitik/escalation', {
    staff1: 'verifikasi.jelitik', wait1: '10', staff2: 'petugas.jelitik', wait2: '20', staff3: 'lurah.jelitik', wait3: '45',
    staff4: '', wait4: '15', staff5: '', wait5: '15',
  });
  assert.equal(r.status, 303, r.text.slice(0, 800));
  assert.equal(r.location, '/console/o/jelitik/escalation?ok=1');
  const shown = await lurah.get(r.location);
  assert.ok(shown.text.includes('Rantai eskalasi disimpan.'));
  assert.match(shown.text, /<option value="verifikasi\.jelitik" selected>/);
  const chain = (await lurah.json('/console/o/jelitik/escalation')).body.chain;
  assert.deepEqual(chain.map((c) => [c.level, c.username, c.wait_min]),
    [[1, 'verifikasi.jelitik', 10], [2, 'petugas.jelitik', 20], [3, 'lurah.jelitik', 45]]);
  const row = (await auditRows(lurah, '/console/o/jelitik/audit')).find((x) => x.action === 'office.escalation');
  assert.ok(row, 'office.escalation audited');
  assert.equal(parseSide(row.after).chain[0].username, 'verifikasi.jelitik');
});

test('the escalation chain refuses a repeated member, a zero wait and strangers; the saved chain stays', async () => {
  const saved = (await lurah.json('/console/o/jelitik/escalation')).body.chain;
  const cases = [
    [{ staff1: 'petugas.jelitik', wait1: '10', staff2: 'petugas.jelitik', wait2: '20' }, 'Satu staf hanya boleh muncul sekali dalam rantai.'],
    [{ staff1: 'petugas.jelitik', wait1: '0' }, 'Waktu tunggu harus 1–1440 menit.'],
    [{ staff1: 'petugas.jelitik', wait1: 'lima' }, 'Waktu tunggu harus 1–1440 menit.'],
    [{ staff1: 'petugas.jelitik', wait1: '1441' }, 'Waktu tunggu harus 1–1440 menit.'],
    [{ staff1: 'lurah.srimenanti', wait1: '10' }, 'Pilih staf dari daftar kantor ini.'],
  ];
  for (const [form, msg] of cases) {
    const r = await lurah.post('/console/o/jelitik/escalation', form);
    assert.equal(r.status, 422, JSON.stringify(form));
    assert.ok(alerts(r.text).includes(msg), `${JSON.stringify(form)}: ${alerts(r.text)}`);
  }
  const now = (await lurah.json('/console/o/jelitik/escalation')).body.chain;
  assert.deepEqual(now, saved);
});

test('after an error the escalation form shows what was typed, not the saved chain', async () => {
  const r = await lurah.post('/console/o/jelitik/escalation', {
    staff1: 'sekre.jelitik', wait1: '5', staff2: 'sekre.jelitik', wait2: '7', staff3: '', wait3: '15', staff4: '', wait4: '15', staff5: '', wait5: '15',
  });
  assert.equal(r.status, 422);
  assert.equal(selectedOption(r.text, 'staff1'), 'sekre.jelitik');
  assert.equal(fieldValue(r.text, 'wait1'), '5');
  assert.equal(selectedOption(r.text, 'staff2'), 'sekre.jelitik');
  assert.equal(fieldValue(r.text, 'wait2'), '7');
});
