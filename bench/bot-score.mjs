// Helper of bench/bot.sh (node, no dependencies).
//   node bench/bot-score.mjs messages FILE.tsv [LINES]
//       prints the messages of FILE.tsv as JSON strings, one per line; with
//       LINES, repeats them until exactly LINES lines are printed
//   node bench/bot-score.mjs score FILE.tsv OUT.jsonl [-v]
//       compares `balai answer --jsonl` output with the labels and prints the
//       figures; -v also lists the wrong decisions. Exits 2 when OUT.jsonl
//       does not hold one valid JSON object per message.
// FILE.tsv: text<TAB>intent<TAB>service-or-dash, '#' lines are comments
// (format and labelling rules: tests/data/README.md).
import { readFileSync, writeSync } from 'node:fs';

const INTENTS = ['service', 'greeting', 'menu', 'hours', 'location', 'status', 'complaint',
  'human', 'thanks', 'survey_answer', 'unknown'];

function die(msg) {
  process.stderr.write(`bot-score: ${msg}\n`);
  process.exit(2);
}

function load(file) {
  const rows = [];
  readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    line = line.replace(/\r$/, '');
    if (line.trim() === '' || line.startsWith('#')) return;
    const f = line.split('\t');
    if (f.length !== 3) die(`${file}:${i + 1}: want 3 tab-separated fields, got ${f.length}`);
    const [text, intent, service] = f;
    if (!text.trim()) die(`${file}:${i + 1}: empty text`);
    if (!INTENTS.includes(intent)) die(`${file}:${i + 1}: unknown intent '${intent}'`);
    if ((intent === 'service') !== (service !== '-'))
      die(`${file}:${i + 1}: a service slug goes with intent service only (dash otherwise)`);
    rows.push({ line: i + 1, text, intent, service: service === '-' ? null : service });
  });
  if (rows.length === 0) die(`${file}: no messages`);
  return rows;
}

function messages(file, lines) {
  const rows = load(file);
  const enc = rows.map(r => JSON.stringify(r.text));
  const n = lines ? Number(lines) : enc.length;
  if (!Number.isInteger(n) || n < 1) die(`bad line count '${lines}'`);
  const chunk = [];
  for (let i = 0; i < n; i++) {
    chunk.push(enc[i % enc.length]);
    if (chunk.length === 4096 || i === n - 1) {
      writeSync(1, chunk.join('\n') + '\n');
      chunk.length = 0;
    }
  }
}

const pct = (a, b) => (b ? (100 * a / b).toFixed(1) : '0.0');
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

function score(file, out, verbose) {
  const rows = load(file);
  const got = readFileSync(out, 'utf8').split('\n');
  if (got.at(-1) === '') got.pop();
  if (got.length !== rows.length)
    die(`${rows.length} messages in, ${got.length} lines out of balai answer --jsonl`);
  const dec = got.map((l, i) => {
    let d;
    try { d = JSON.parse(l); } catch { die(`output line ${i + 1} is not JSON: ${l.slice(0, 200)}`); }
    if (!d || typeof d !== 'object' || typeof d.intent !== 'string')
      die(`output line ${i + 1} has no intent: ${l.slice(0, 200)}`);
    return {
      intent: d.intent,
      service: typeof d.service === 'string' ? d.service : null,
      confidence: typeof d.confidence === 'number' ? d.confidence : NaN,
      handover: d.handover === true,
      sensitive: d.sensitive === true,
      choices: Array.isArray(d.choices) ? d.choices : [],
      reply: typeof d.reply === 'string' ? d.reply : '',
    };
  });

  let right = 0, confWrong = 0, handover = 0, askBack = 0, askHit = 0, sensitive = 0, nikMsgs = 0;
  const per = new Map(), perSvc = new Map(), wrong = [];
  const bump = (m, k, f) => {
    if (!m.has(k)) m.set(k, { n: 0, right: 0, confWrong: 0, handover: 0, askBack: 0 });
    f(m.get(k));
  };
  rows.forEach((r, i) => {
    const d = dec[i];
    const ok = d.intent === r.intent && (r.intent !== 'service' || d.service === r.service);
    const asked = d.choices.length > 0;
    const cw = !ok && !d.handover && !asked;
    if (ok) right++;
    else if (asked && r.service && d.choices.includes(r.service)) askHit++;
    if (cw) confWrong++;
    if (d.handover) handover++;
    if (asked) askBack++;
    if (/(?<!\d)(?:\d[ .-]?){15}\d(?!\d)/.test(r.text)) {  // 16 digits, any grouping
      nikMsgs++;
      if (d.sensitive) sensitive++;
    }
    const add = s => { s.n++; if (ok) s.right++; if (cw) s.confWrong++; if (d.handover) s.handover++; if (asked) s.askBack++; };
    bump(per, r.intent, add);
    if (r.service) bump(perSvc, r.service, add);
    if (!ok) wrong.push({ r, d, cw });
  });

  const n = rows.length;
  console.log(`messages:          ${n} (${file})`);
  console.log(`right:             ${right}`);
  console.log(`accuracy:          ${pct(right, n)}%`);
  console.log(`confident wrong:   ${pct(confWrong, n)}% (${confWrong}: wrong, no hand-over, no ask-back)`);
  console.log(`hand-over rate:    ${pct(handover, n)}% (${handover})`);
  console.log(`ask-back rate:     ${pct(askBack, n)}% (${askBack}; right slug among the choices: ${askHit})`);
  console.log(`NIK flagged:       ${sensitive} of ${nikMsgs} messages with a 16-digit number`);
  const table = (title, m, keys) => {
    console.log('');
    console.log(`${pad(title, 16)}${lpad('n', 5)}${lpad('right', 7)}${lpad('acc%', 7)}${lpad('conf.wrong', 11)}${lpad('handover', 9)}${lpad('ask-back', 9)}`);
    for (const k of keys) {
      const s = m.get(k);
      if (!s) continue;
      console.log(`${pad(k, 16)}${lpad(s.n, 5)}${lpad(s.right, 7)}${lpad(pct(s.right, s.n), 7)}${lpad(s.confWrong, 11)}${lpad(s.handover, 9)}${lpad(s.askBack, 9)}`);
    }
  };
  table('intent', per, INTENTS);
  table('service', perSvc, [...perSvc.keys()].sort());

  // the confusion of intents, wrong ones only: expected -> got (count)
  const conf = new Map();
  for (const { r, d } of wrong) {
    const k = `${r.intent}${r.service ? ':' + r.service : ''} -> ${d.intent}${d.service ? ':' + d.service : ''}`;
    conf.set(k, (conf.get(k) || 0) + 1);
  }
  if (conf.size) {
    console.log('');
    console.log('most frequent confusions (expected -> got):');
    [...conf.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 10)
      .forEach(([k, c]) => console.log(`  ${lpad(c, 3)}  ${k}`));
  }

  if (verbose && wrong.length) {
    console.log('');
    console.log(`wrong (${wrong.length}; * = confident wrong):`);
    for (const { r, d, cw } of wrong) {
      const exp = r.intent + (r.service ? ':' + r.service : '');
      const g = d.intent + (d.service ? ':' + d.service : '');
      const extra = [
        Number.isNaN(d.confidence) ? 'conf ?' : `conf ${d.confidence.toFixed(2)}`,
        d.handover ? 'handover' : '',
        d.choices.length ? `choices ${d.choices.join('/')}` : '',
      ].filter(Boolean).join(', ');
      console.log(`${cw ? '*' : ' '} l.${r.line}  ${JSON.stringify(r.text)}`);
      console.log(`      want ${exp}, got ${g} (${extra})`);
    }
  }

  // the last line is for bench/bot.sh and bench/bot-cv.sh: accuracy,
  // confident-wrong and ask-back percentages
  console.log(`#figures ${(100 * right / n).toFixed(2)} ${(100 * confWrong / n).toFixed(2)} ${(100 * askBack / n).toFixed(2)}`);
}

const [cmd, ...args] = process.argv.slice(2);
if (cmd === 'messages' && args.length >= 1) messages(args[0], args[1]);
else if (cmd === 'score' && args.length >= 2) score(args[0], args[1], args.includes('-v'));
else die('usage: bot-score.mjs messages FILE.tsv [LINES] | score FILE.tsv OUT.jsonl [-v]');
