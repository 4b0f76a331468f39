// Generates, from ICU (uconv) and OpenCC's dictionaries (opencc-js, Apache-2.0):
//   src/ServiceCoach.Engine/Text/TraditionalToSimplified.txt  one line per changed character: <traditional><simplified>
//   src/ServiceCoach.Engine/Text/ScriptPhrases.txt            <key>\t<value>: after the character fold, phrases to put right
//   tests/ServiceCoach.Tests/Text/OpenCC/*.txt                 OpenCC's s2t/s2tw/s2hk dictionaries, for the script-parity tests
//   tests/ServiceCoach.Tests/Text/OpenCC/golden-samples.tsv    opencc-js's own conversions of sample lines, to check the tests' converter
// Run through ../generate-script-tables.sh.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import OpenCC from 'opencc-js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const lib = join(here, 'node_modules', 'opencc-js', 'dist', 'esm-lib', 'dict');
const dict = async name => (await import(join(lib, `${name}.js`))).default;
const parse = text => text.split('|').map(line => line.split(' ')).filter(([k, v]) => k && v !== undefined);

const icu = (lines, transform) => {
  const out = execFileSync('uconv', ['-x', transform], { input: lines.join('\n'), maxBuffer: 1 << 28 }).toString().split('\n');
  if (out.length !== lines.length) throw new Error(`uconv returned ${out.length} lines for ${lines.length}`);
  return out;
};

// 1. The character fold: ICU's per-character Traditional-Simplified, then OpenCC's TSCharacters where it
//    says otherwise (OpenCC writes 咨询 as 諮詢 and reads 諮 as 咨; ICU reads it as 谘), then the Taiwan and
//    Hong Kong variant characters folded onto the standard traditional form first.
const table = new Map();
const chars = [];
for (let c = 0x3400; c < 0xA000; c++) chars.push(String.fromCharCode(c));
for (let c = 0xF900; c < 0xFB00; c++) chars.push(String.fromCharCode(c));
icu(chars, 'Traditional-Simplified').forEach((s, i) => { if (s !== chars[i] && s.length === 1) table.set(chars[i], s); });
const single = s => s.length === 1 && s.charCodeAt(0) < 0xD800;
// A character simplified text uses (么 in 什么, 干 in 干净) is never folded by OpenCC's tables: OpenCC maps
// 么 to 幺, which would rewrite every simplified 什么. ICU's per-character table already leaves them alone.
const stCharacters = parse(await dict('STCharacters'));
const stPhrases = [...parse(await dict('STPhrases')), ...parse(await dict('STPhrases_GeneratedFromRegionalPhrases'))];
const simplifiedUse = new Set([...table.values()]);
for (const [s] of [...stCharacters, ...stPhrases]) for (const c of s) simplifiedUse.add(c);
const fromOpenCC = (t, s) => { if (single(t) && single(s) && t !== s && !simplifiedUse.has(t)) table.set(t, s); };
for (const [t, s] of parse(await dict('TSCharacters'))) fromOpenCC(t, s);
const fold = c => table.get(c) ?? c;
for (const name of ['TWVariantsRev', 'HKVariantsRev']) {
  for (const [v, t] of parse(await dict(name))) if (single(t)) fromOpenCC(v, fold(t));
}
for (const [a, b] of parse(await dict('CJK_Compatibility_Ideographs'))) if (single(b)) fromOpenCC(a, fold(b));
const foldText = text => Array.from(text, fold).join('');

// 2. Phrases the character fold gets wrong, keyed by their folded form: ICU writes 什么 as 甚麼, which folds
//    to 甚么. Every simplified phrase of OpenCC's dictionary is written the four ways the parity tests use,
//    and where the fold of that does not equal the fold of the original, an entry puts it right.
const phrases = new Map();
let conflicts = 0;
const plausible = new Set(stPhrases.map(([s]) => foldText(s)));
// GB2312's first level: the 3,755 characters of everyday simplified text.
const common = new Set();
const gb = new TextDecoder('gb18030');
for (let row = 0xB0; row <= 0xD7; row++) for (let cell = 0xA1; cell <= 0xFE; cell++) {
  const c = gb.decode(new Uint8Array([row, cell]));
  if (c.length === 1 && c !== '\uFFFD') common.add(c);
}
// The value is the fold of the simplified original, so text written either way folds to the same string.
// An entry that would turn an everyday character into a rare one is left out: OpenCC writes both 万余 and
// the rare 万馀 as 萬餘, and everyday text means 万余.
const add = (key, simplified, source) => {
  const value = foldText(simplified);
  if (key === value || key.length !== value.length) return;
  for (let i = 0; i < key.length; i++) if (key[i] !== value[i] && common.has(key[i]) && !common.has(value[i])) return;
  // A key that is itself a simplified phrase (甚么 is rare, but simplified) is marked 'traditional': the
  // engine applies it only where the text had traditional characters. Other keys apply to all text.
  const traditionalOnly = plausible.has(key);
  if (phrases.has(key) && phrases.get(key).value !== value) { conflicts++; return; }
  if (!phrases.has(key)) phrases.set(key, { value, source, traditionalOnly });
};
const simplifiedPhrases = [...new Set(stPhrases.map(([s]) => s))];
const writers = {
  icu: text => icu(text, 'Simplified-Traditional'),
  s2t: text => OpenCC.Converter({ from: 'cn', to: 't' })(text.join('\n')).split('\n'),
  s2tw: text => OpenCC.Converter({ from: 'cn', to: 'tw' })(text.join('\n')).split('\n'),
  s2hk: text => OpenCC.Converter({ from: 'cn', to: 'hk' })(text.join('\n')).split('\n'),
};
for (const [name, write] of Object.entries(writers)) {
  write(simplifiedPhrases).forEach((t, i) => add(foldText(t), simplifiedPhrases[i], name));
}
const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });
for (const [t, s] of parse(await dict('TSPhrases'))) add(foldText(t), s, 'TSPhrases');
for (const name of ['TWVariantsRevPhrases', 'HKVariantsRevPhrases']) {
  for (const [v, t] of parse(await dict(name))) add(foldText(v), toSimplified(t), name);
}

const engine = join(root, 'src', 'ServiceCoach.Engine', 'Text');
const licence = 'ICU Traditional-Simplified (Unicode licence) and OpenCC dictionaries from opencc-js 1.4.2 (Apache-2.0, see THIRD-PARTY-NOTICES.md)';
writeFileSync(join(engine, 'TraditionalToSimplified.txt'),
  `# Generated by tools/generate-script-tables.sh from ${licence}. Do not edit.\n` +
  [...table].sort(([a], [b]) => a.codePointAt(0) - b.codePointAt(0)).map(([t, s]) => t + s + '\n').join(''));
writeFileSync(join(engine, 'ScriptPhrases.txt'),
  `# Generated by tools/generate-script-tables.sh from ${licence}. Do not edit.\n` +
  `# <phrase after the character fold>\\t<simplified phrase>[\\ttraditional: only where the text had traditional characters]\n` +
  [...phrases].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, { value, traditionalOnly }]) => `${k}\t${value}${traditionalOnly ? '\ttraditional' : ''}\n`).join(''));

// 3. The tests' copy of OpenCC's simplified→traditional dictionaries, in the order the converter reads them.
const tests = join(root, 'tests', 'ServiceCoach.Tests', 'Text', 'OpenCC');
mkdirSync(tests, { recursive: true });
for (const name of ['STPhrases', 'STPhrases_GeneratedFromRegionalPhrases', 'STCharacters', 'TWVariantsPhrases', 'TWVariants', 'HKVariantsPhrases', 'HKVariants', 'CJK_Compatibility_Ideographs']) {
  writeFileSync(join(tests, `${name}.txt`), parse(await dict(name)).map(([k, v]) => `${k}\t${v}\n`).join(''));
}
const samples = readFileSync(join(root, 'samples', 'conversations.jsonl'), 'utf8').split('\n').filter(Boolean)
  .flatMap(line => JSON.parse(line).turns.map(t => t.text)).filter(t => /[\u4e00-\u9fff]/.test(t)).slice(0, 400);
writeFileSync(join(tests, 'golden-samples.tsv'), samples.map(text => {
  const clean = text.replace(/[\t\n]/g, ' ');
  return [clean, ...['t', 'tw', 'hk'].map(to => OpenCC.Converter({ from: 'cn', to })(clean))].join('\t') + '\n';
}).join(''));

console.log(`${table.size} characters, ${phrases.size} phrases (${conflicts} conflicting entries kept first-come)`);
