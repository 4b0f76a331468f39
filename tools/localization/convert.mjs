// Moves the web project's inline T("中文", "English") pairs into its resource files (docs/localization.md).
//
//   T("保存", "Save")                       -> T("保存")                 + en: 保存 = Save
//   T($"共 {n} 条", $"{n} in total")        -> T("共 {0} 条", n)         + en: 共 {0} 条 = {0} in total
//
// and writes the 繁體中文 (zh-Hant) entry of every key used in code that has none yet, converted from the
// simplified key by OpenCC s2twp (Taiwan characters and phrasing) followed by glossary.tsv (this project's
// own terms). Re-runnable: entries already in a resource file are never changed (they may have been
// reviewed); a pair whose English differs from the reviewed entry is reported and the entry is kept.
//
// Usage (from the repository root):
//   tools/localize.sh            convert and update the resource files
//   tools/localize.sh --check    change nothing; exit 1 when anything is left to convert or to add
import { readFileSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as OpenCC from 'opencc-js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const web = join(root, 'src', 'ServiceCoach.Web');
const resources = join(web, 'Resources');
const resx = { en: join(resources, 'SharedResource.en.resx'), hant: join(resources, 'SharedResource.zh-Hant.resx') };
const check = process.argv.includes('--check');
/** Separates a key's Chinese from its context ("复核@@reviewed by"); Localization.cs uses the same. */
const context = '@@';

// ---------- C# string literals ----------

/** Reads the C# string literal starting at text[i] (regular, verbatim, interpolated); null when there is none. */
function readLiteral(text, i) {
  let j = i, interpolated = false, verbatim = false;
  while (text[j] === '$' || text[j] === '@') { if (text[j] === '$') interpolated = true; else verbatim = true; j++; }
  if (text[j] !== '"' || text.startsWith('"""', j)) return null; // raw strings are left to people
  j++;
  // parts: { text } (already unescaped, braces of interpolated strings kept escaped as {{ }}) or { hole, format }
  const parts = [];
  let buf = '';
  while (j < text.length) {
    const c = text[j];
    if (c === '"') {
      if (verbatim && text[j + 1] === '"') { buf += '"'; j += 2; continue; }
      parts.push({ text: buf });
      return { start: i, end: j + 1, interpolated, verbatim, parts, source: text.slice(i, j + 1) };
    }
    if (c === '\n' && !verbatim) return null;
    if (!verbatim && c === '\\') {
      const e = text[j + 1];
      const simple = { n: '\n', t: '\t', r: '\r', '"': '"', "'": "'", '\\': '\\', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v', e: '\x1b' };
      if (e in simple) { buf += simple[e]; j += 2; continue; }
      if (e === 'u') { buf += String.fromCharCode(parseInt(text.slice(j + 2, j + 6), 16)); j += 6; continue; }
      if (e === 'U') { buf += String.fromCodePoint(parseInt(text.slice(j + 2, j + 10), 16)); j += 10; continue; }
      if (e === 'x') { const m = /^[0-9a-fA-F]{1,4}/.exec(text.slice(j + 2)); buf += String.fromCharCode(parseInt(m[0], 16)); j += 2 + m[0].length; continue; }
      return null;
    }
    if (interpolated && c === '{') {
      if (text[j + 1] === '{') { buf += '{{'; j += 2; continue; }
      const hole = readHole(text, j + 1);
      if (!hole) return null;
      parts.push({ text: buf }); buf = '';
      parts.push({ hole: hole.expression.trim(), format: hole.format });
      j = hole.end + 1;
      continue;
    }
    if (interpolated && c === '}') {
      if (text[j + 1] === '}') { buf += '}}'; j += 2; continue; }
      return null;
    }
    buf += c; j++;
  }
  return null;
}

/** An interpolation hole from text[i] up to its closing brace: the expression and its ",align:format" tail. */
function readHole(text, i) {
  let depth = 0, j = i, split = -1;
  while (j < text.length) {
    const c = text[j];
    if (c === '"' || (c === '$' || c === '@') && /^[$@]*"/.test(text.slice(j))) {
      const lit = readLiteral(text, j);
      if (!lit) return null;
      j = lit.end; continue;
    }
    if (c === "'") { const m = /^'(\\.|[^'\\])*'/.exec(text.slice(j)); if (!m) return null; j += m[0].length; continue; }
    if ('([{'.includes(c)) depth++;
    else if (')]'.includes(c)) depth--;
    else if (c === '}') {
      if (depth === 0) {
        const expression = text.slice(i, split < 0 ? j : split);
        return { expression, format: split < 0 ? '' : text.slice(split, j), end: j };
      }
      depth--;
    } else if (depth === 0 && split < 0 && (c === ',' || c === ':')) split = j;
    j++;
  }
  return null;
}

/** A C# regular string literal for value. */
const csLiteral = value => '"' + [...value].map(ch => {
  switch (ch) {
    case '\\': return '\\\\';
    case '"': return '\\"';
    case '\n': return '\\n';
    case '\r': return '\\r';
    case '\t': return '\\t';
    default: return ch < ' ' ? '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0') : ch;
  }
}).join('') + '"';

const skipSpace = (text, i) => { while (i < text.length && /\s/.test(text[i])) i++; return i; };

/** Turns a literal into a composite format string: holes become {index[,align][:format]} over args. */
function toFormat(literal, args) {
  const holes = literal.parts.filter(p => 'hole' in p);
  if (holes.length === 0) return literal.parts.map(p => p.text.replaceAll('{{', '{').replaceAll('}}', '}')).join('');
  return literal.parts.map(p => {
    if (!('hole' in p)) return p.text;
    let index = args.indexOf(p.hole);
    if (index < 0) { args.push(p.hole); index = args.length - 1; }
    return `{${index}${p.format}}`;
  }).join('');
}

/** Every T( call in text: { start, end, key, english?, args, replacement? }. */
function findCalls(text) {
  const calls = [];
  const pattern = /(?<![\w.])(?:Localization\.)?T\(/g;
  for (let m; (m = pattern.exec(text));) {
    const open = m.index + m[0].length;
    const first = readLiteral(text, skipSpace(text, open));
    if (!first) continue;
    let i = skipSpace(text, first.end);
    if (text[i] === ')') {
      if (!first.interpolated) calls.push({ key: first.parts.map(p => p.text).join(''), single: true });
      continue;
    }
    if (text[i] !== ',') continue;
    const second = readLiteral(text, skipSpace(text, i + 1));
    if (!second) {
      // T("共 {0} 条", n): a converted call with format arguments.
      if (!first.interpolated) calls.push({ key: first.parts.map(p => p.text).join(''), single: true });
      continue;
    }
    i = skipSpace(text, second.end);
    if (text[i] !== ')') continue;
    const args = [];
    const key = toFormat(first, args);
    const english = toFormat(second, args);
    const argText = args.map(a => ', ' + a).join('');
    calls.push({ start: open, end: i, key, english, args: argText });
  }
  return calls;
}

// ---------- resx ----------

const xmlEscape = s => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
const xmlUnescape = s => s.replace(/&(lt|gt|quot|apos|amp|#x([0-9a-fA-F]+)|#(\d+));/g, (_, n, hex, dec) =>
  hex ? String.fromCodePoint(parseInt(hex, 16)) : dec ? String.fromCodePoint(+dec) : { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' }[n]);

function readResx(path) {
  const text = readFileSync(path, 'utf8');
  const entries = new Map();
  for (const m of text.matchAll(/<data name="([^"]*)"[^>]*>\s*<value>([\s\S]*?)<\/value>/g)) entries.set(xmlUnescape(m[1]), xmlUnescape(m[2]));
  return { path, text, entries, added: [] };
}

function writeResx(file) {
  if (file.added.length === 0) return;
  const block = file.added.map(([k, v]) => `  <data name="${xmlEscape(k)}" xml:space="preserve">\n    <value>${xmlEscape(v)}</value>\n  </data>\n`).join('');
  const at = file.text.lastIndexOf('</root>');
  writeFileSync(file.path, file.text.slice(0, at) + block + file.text.slice(at));
}

// ---------- zh-Hant ----------

const s2twp = OpenCC.Converter({ from: 'cn', to: 'twp' });
const glossary = readFileSync(join(here, 'glossary.tsv'), 'utf8').split('\n')
  .filter(l => l.trim() && !l.startsWith('#')).map(l => l.split('\t')).filter(p => p.length === 2)
  .sort((a, b) => b[0].length - a[0].length);
const traditional = key => {
  key = key.split(context)[0];
  // Placeholders ({0}, {1:0.0}) stay as they are: OpenCC never touches ASCII, and the glossary holds only Chinese.
  let text = s2twp(key);
  for (const [from, to] of glossary) text = text.replaceAll(from, to);
  return text;
};

// ---------- run ----------

const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'bin' || name === 'obj' || name === 'node_modules') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (/\.(razor|cs)$/.test(name)) files.push(path);
  }
})(web);

const en = readResx(resx.en), hant = readResx(resx.hant);
const used = new Set();
const conflicts = [];
let converted = 0, changedFiles = 0;
const after = new Map();
for (const path of files.sort()) {
  const original = readFileSync(path, 'utf8');
  let text = original;
  // A pair inside another pair's interpolation hole is converted on the next pass over the file.
  for (let nested = true; nested;) {
  nested = false;
  const calls = findCalls(text);
  let out = '', last = 0;
  for (const call of calls) {
    if (call.single) { used.add(call.key); continue; }
    if (call.start < last) { nested = true; continue; }
    let key = call.key;
    const known = en.entries.get(key);
    if (known !== undefined && known !== call.english) {
      // The same Chinese with another English (a column "Agent", a sentence's "agent"): a key with a
      // context, gettext's msgctxt, so neither translation is lost and no reviewed entry changes.
      // Resource names must differ in more than case ("agent" and "Agent" would collide).
      key = `${call.key}${context}${call.english}`;
      for (let n = 2; [...en.entries.keys()].some(k => k !== key && k.toLowerCase() === key.toLowerCase()) && en.entries.get(key) !== call.english; n++) key = `${call.key}${context}${call.english} (${n})`;
      conflicts.push(`${relative(root, path)}: "${call.key}" is "${known}" elsewhere, here "${call.english}": key "${key}"`);
    }
    if (!en.entries.has(key)) { en.entries.set(key, call.english); en.added.push([key, call.english]); }
    used.add(key);
    out += text.slice(last, call.start) + csLiteral(key) + call.args;
    last = call.end;
    converted++;
  }
  text = last > 0 ? out + text.slice(last) : text;
  }
  after.set(path, text);
  if (text !== original) { changedFiles++; if (!check) writeFileSync(path, text); }
}
const missingEnglish = [...used].filter(k => !en.entries.has(k));
for (const key of used) if (!hant.entries.has(key)) { const v = traditional(key); hant.entries.set(key, v); hant.added.push([key, v]); }
if (!check) { writeResx(en); writeResx(hant); }

console.log(`${converted} pairs converted in ${changedFiles} files; ${en.added.length} English and ${hant.added.length} zh-Hant entries ${check ? 'to add' : 'added'}; ${used.size} keys in use.`);
for (const c of conflicts) console.log(`Context key: ${c}`);
for (const k of missingEnglish) console.log(`No English for "${k}": add it to ${relative(root, resx.en)}.`);
const unconverted = files.flatMap(path => [...after.get(path).matchAll(/(?<![\w.])(?:Localization\.)?T\(\s*\$/g)].map(m => relative(root, path)));
for (const p of new Set(unconverted)) console.log(`An interpolated T($"…") call the tool could not read is left in ${p}: convert it by hand.`);
if (check && (converted > 0 || en.added.length > 0 || hant.added.length > 0)) process.exit(1);
if (missingEnglish.length > 0 || unconverted.length > 0) process.exit(1);
