// Synthetic pictures for the ID-photo tests (tests/e2e/idphoto.test.mjs):
// a KTP-like card and an ordinary street-report picture, rendered from HTML
// in Debian's Chromium at test time, so no real card is ever committed. All
// data is invented (the NIK is the fake one the other suites use).
import { chromium } from 'playwright-core';

const CARD_CSS = `body{margin:0;background:#d9d9d9;font-family:'Noto Sans',sans-serif}
.card{width:860px;height:540px;margin:30px;background:#bcd7ef;border-radius:18px;padding:22px 30px;
box-sizing:border-box;position:relative;color:#111}
h1,h2{margin:0;text-align:center;font-size:26px;letter-spacing:1px}
h2{margin-bottom:14px}
table{border-collapse:collapse;font-size:19px}
td{padding:1px 6px;vertical-align:top}
td.k{width:210px}
.nik{font-size:28px;font-weight:bold}
.photo{position:absolute;right:40px;top:130px;width:170px;height:220px;background:#8fa9c4}`;

/** The HTML of a KTP-like card for an invented person. */
export function ktpHtml({ nik = '3171012345670003', name = 'BUDI CONTOH SAJA' } = {}) {
  const row = (k, v) => `<tr><td class="k">${k}</td><td>: ${v}</td></tr>`;
  return `<!doctype html><meta charset="utf-8"><style>${CARD_CSS}</style>
<div class="card"><h1>PROVINSI DKI JAKARTA</h1><h2>KOTA JAKARTA PUSAT</h2>
<table><tr><td class="k nik">NIK</td><td class="nik">: ${nik}</td></tr>
${row('Nama', name)}${row('Tempat/Tgl Lahir', 'JAKARTA, 17-08-1990')}
${row('Jenis Kelamin', 'LAKI-LAKI &nbsp; Gol. Darah : O')}${row('Alamat', 'JL. CONTOH RAYA NO. 1')}
${row('&nbsp;&nbsp;RT/RW', '003/005')}${row('&nbsp;&nbsp;Kel/Desa', 'GAMBIR')}
${row('&nbsp;&nbsp;Kecamatan', 'GAMBIR')}${row('Agama', 'ISLAM')}
${row('Status Perkawinan', 'BELUM KAWIN')}${row('Pekerjaan', 'KARYAWAN SWASTA')}
${row('Kewarganegaraan', 'WNI')}${row('Berlaku Hingga', 'SEUMUR HIDUP')}</table>
<div class="photo"></div></div>`;
}

/** The HTML of a Kartu Keluarga-like sheet for an invented family. */
export function kkHtml({ number = '3171012345670001' } = {}) {
  const head = ['No', 'Nama Lengkap', 'NIK', 'Jenis Kelamin', 'Tempat Lahir', 'Tanggal Lahir', 'Agama', 'Pendidikan', 'Jenis Pekerjaan'];
  const rows = [
    ['1', 'BUDI CONTOH SAJA', '3171012345670003', 'LAKI-LAKI', 'JAKARTA', '17-08-1990', 'ISLAM', 'SLTA', 'KARYAWAN SWASTA'],
    ['2', 'ANI CONTOH', '3171014567890004', 'PEREMPUAN', 'BOGOR', '02-03-1992', 'ISLAM', 'DIPLOMA IV', 'MENGURUS RUMAH TANGGA'],
  ];
  const head2 = ['No', 'Status Perkawinan', 'Status Hubungan Dalam Keluarga', 'Kewarganegaraan', 'Nama Ayah', 'Nama Ibu'];
  const rows2 = [['1', 'KAWIN', 'KEPALA KELUARGA', 'WNI', 'SLAMET', 'SUMINAH'], ['2', 'KAWIN', 'ISTRI', 'WNI', 'DARMO', 'WATI']];
  const table = (h, r) => `<table><tr>${h.map((x) => `<th>${x}</th>`).join('')}</tr>${r.map((x) => `<tr>${x.map((y) => `<td>${y}</td>`).join('')}</tr>`).join('')}</table>`;
  return `<!doctype html><meta charset="utf-8"><style>body{margin:0;background:#fff;font-family:'Noto Sans',sans-serif;color:#111}
.kk{margin:30px 40px}h1{text-align:center;font-size:34px;margin:0}h2{text-align:center;font-size:24px;margin:4px 0 18px}
.hd{display:grid;grid-template-columns:1fr 1fr;font-size:18px;margin-bottom:16px}
table{border-collapse:collapse;font-size:15px;margin-bottom:16px;width:100%}th,td{border:1px solid #333;padding:3px 5px}</style>
<div class="kk"><h1>KARTU KELUARGA</h1><h2>No. ${number}</h2>
<div class="hd"><div>Nama Kepala Keluarga : BUDI CONTOH SAJA</div><div>Desa/Kelurahan : GAMBIR</div>
<div>Alamat : JL. CONTOH RAYA NO. 1</div><div>Kecamatan : GAMBIR</div>
<div>RT/RW : 003/005</div><div>Kabupaten/Kota : JAKARTA PUSAT</div>
<div>Kode Pos : 10110</div><div>Provinsi : DKI JAKARTA</div></div>
${table(head, rows)}${table(head2, rows2)}</div>`;
}

/** The HTML of an ordinary picture a citizen might send: a pothole report. */
export function streetHtml() {
  return `<!doctype html><meta charset="utf-8"><style>body{margin:0;background:#6b7b5e;font-family:'Noto Sans',sans-serif}
.road{margin:40px;height:420px;background:#555;border-radius:8px;position:relative}
.hole{position:absolute;left:300px;top:150px;width:220px;height:120px;border-radius:50%;background:#2b2118}
p{position:absolute;left:30px;bottom:10px;color:#fff;font-size:30px;margin:0}</style>
<div class="road"><div class="hole"></div><p>Jalan berlubang di RT 03 dekat masjid</p></div>`;
}

/** Renders each HTML string to an image (type 'jpeg' or 'png'); returns Buffers. */
export async function render(pages, { type = 'jpeg', width = 920, height = 600 } = {}) {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width, height } });
    const out = [];
    for (const html of pages) {
      await page.setContent(html);
      out.push(await page.screenshot(type === 'jpeg' ? { type, quality: 85 } : { type }));
    }
    return out;
  } finally {
    await browser.close();
  }
}
