// Helpers of the content calendar tests (content-schedule, content-calendar,
// content-calendar-browser): items put straight into the database in a given
// state (the drafting workflow is tested elsewhere; scheduling itself always
// goes through the calendar's form, i.e. content_schedule), and WIB times.
import { sql } from './lib.mjs';

let seq = 0;

/** Inserts an item of `office` (slug) and returns its id. */
export function putItem(db, office, { title, type = 'edukasi', state = 'jadwal', publishAt = 0,
  publishedAt = 0, late = 0, channels = '["portal"]' }) {
  const now = Math.floor(Date.now() / 1000);
  const slug = `uji-${process.pid}-${seq++}`;
  const q = (s) => `'${String(s).replace(/'/g, "''")}'`;
  sql(db, `INSERT INTO content_item (office_id, slug, type, state, title, item_date, source, contact,
             summary, action_points, document_url, body, alt_text, channels, publish_at, published_at,
             late, created_at, updated_at)
           SELECT id, ${q(slug)}, ${q(type)}, ${q(state)}, ${q(title)}, '2027-01-10', 'Seksi Pemerintahan',
             '0717 000101', 'Ringkasan singkat.', '["Datang ke kantor"]', 'https://example.go.id/sk.pdf',
             'Isi berita.', 'Gambar kegiatan', ${q(channels)}, ${publishAt}, ${publishedAt}, ${late},
             ${now}, ${now} FROM office WHERE slug = ${q(office)}`);
  return Number(sql(db, `SELECT id FROM content_item WHERE slug = ${q(slug)}`).trim());
}

export const itemRow = (db, id) => {
  const [state, publishAt, publishedAt, late] = sql(db,
    `SELECT state, publish_at, published_at, late FROM content_item WHERE id = ${id}`).trim().split('|');
  return { state, publishAt: Number(publishAt), publishedAt: Number(publishedAt), late: Number(late) };
};

/** Epoch seconds of a WIB wall-clock time. */
export const wib = (y, m, d, hh, mm) => Date.UTC(y, m - 1, d, hh - 7, mm) / 1000;

/** {tanggal, jam} of an instant as the form takes it (WIB). */
export function wibFields(epoch) {
  const t = new Date((epoch + 7 * 3600) * 1000).toISOString();
  return { tanggal: t.slice(0, 10), jam: t.slice(11, 16) };
}

export async function until(what, fn, ms = 120000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
