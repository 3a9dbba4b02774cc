/**
 * Case generation: one seed document, the translator's XLIFF for it (with edits carrying
 * markers), and mutations of either the document or the XLIFF. Everything follows from
 * `(seed, index)` through the project's one PRNG (../random.ts), so a case number reproduces.
 */
import { escapeText } from '../../../src/xml/escape.ts';
import { writeXliff } from '../../../src/pipeline/extract.ts';
import { readXliff } from '../../../src/xliff/read.ts';
import type { XliffUnit } from '../../../src/xliff/types.ts';
import { random } from '../random.ts';
import { CODE_DATA_PAYLOADS, LOCALE_PAYLOADS, PATH_PAYLOADS, TEXT_PAYLOADS } from './payloads.ts';
import type { FuzzSeed } from './seeds.ts';

export interface FuzzCase {
  /** `seed:index`. */
  id: string;
  seed: number;
  index: number;
  seedName: string;
  format: 'sxs' | 'mdx';
  folder: string;
  docPath: string;
  locale: string;
  version: '1.2' | '2.1';
  /** What was mutated: the document (a corpus/writer file) or the translator's XLIFF. */
  mutated: 'document' | 'xliff';
  document: Uint8Array;
  /** The translator's file: the seed's XLIFF with edits (and, for `xliff` cases, mutations). */
  xliff: Uint8Array;
  /** The unmutated document and XLIFF (the baseline of what the page may contain). */
  baseDocument: string;
  baseXliff: string;
  /** What was done, for the report. */
  mutations: string[];
}

type Rng = () => number;
const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;
const int = (rng: Rng, n: number) => Math.floor(rng() * n);

/** Marker of a translator's edit: must be found in the XLIFF folder after re-extraction. */
export const EDIT_MARKER = /FZ\d+E\d+Q/g;

const EDIT_STATES = ['translated', 'final', undefined, 'signed-off', 'needs-review-translation', 'needs-translation', 'new'] as const;

/** The seed's XLIFF with about a third of its targets edited, each edit carrying a marker. */
function withEdits(text: string, version: '1.2' | '2.1', rng: Rng, index: number, mutations: string[]): string {
  const read = readXliff(text, 'seed.xlf');
  if (!read.file) throw new Error(`seed XLIFF does not read: ${read.diagnostics.map((d) => d.message).join('; ')}`);
  const state = pick(rng, EDIT_STATES);
  let n = 0;
  const units: XliffUnit[] = read.file.units.map((unit) => {
    if (rng() > 0.34) return unit;
    const marker = `FZ${index}E${n++}Q`;
    const payload = rng() < 0.5 ? pick(rng, TEXT_PAYLOADS) : 'edited';
    const words = `${marker} ${payload} `;
    // Keep the source's codes, so merge-back accepts the edit and the payload reaches the page.
    return { ...unit, target: unit.metadata ? [words.trim()] : [words, ...unit.source], state, qualifier: undefined };
  });
  mutations.push(`${n} edits saved as state ${state ?? '(none)'}`);
  return writeXliff({ ...read.file, units }, version);
}

// ---- mutations of text ----------------------------------------------------------------

/** All matches of `re` in `text` as [start, end]. */
function spans(text: string, re: RegExp): [number, number][] {
  const out: [number, number][] = [];
  for (const m of text.matchAll(new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g'))) out.push([m.index!, m.index! + m[0].length]);
  return out;
}

function truncateInside(text: string, re: RegExp, rng: Rng): string | undefined {
  const found = spans(text, re);
  if (found.length === 0) return undefined;
  const [start, end] = pick(rng, found);
  return text.slice(0, start + 1 + int(rng, Math.max(1, end - start - 1)));
}

function replaceOne(text: string, re: RegExp, rng: Rng, by: (match: string) => string): string | undefined {
  const found = spans(text, re);
  if (found.length === 0) return undefined;
  const [start, end] = pick(rng, found);
  return text.slice(0, start) + by(text.slice(start, end)) + text.slice(end);
}

function duplicateOrRemove(text: string, re: RegExp, rng: Rng): string | undefined {
  const found = spans(text, re);
  if (found.length === 0) return undefined;
  const [start, end] = pick(rng, found);
  return rng() < 0.5 ? text.slice(0, end) + text.slice(start, end) + text.slice(end) : text.slice(0, start) + text.slice(end);
}

type Mutation = { name: string; apply: (text: string, rng: Rng) => string | undefined };

const PAIR = /<span data-ttu-id="[^"]*">[\s\S]*?<\/span><span class="sxs-lookup"><span data-stu-id="[^"]*">[\s\S]*?<\/span><\/span>/;
const TARGET_SPAN_TEXT = /(?<=<span data-ttu-id="[^"]*">)[^<]*/;
const FRONT_MATTER = /^---\r?\n[\s\S]*?\r?\n---/;

const SXS_MUTATIONS: Mutation[] = [
  { name: 'truncate inside a span tag', apply: (t, r) => truncateInside(t, /<\/?span[^>]*>/, r) },
  { name: 'truncate inside front matter', apply: (t, r) => truncateInside(t, FRONT_MATTER, r) },
  { name: 'truncate anywhere', apply: (t, r) => t.slice(0, int(r, t.length)) },
  { name: 'duplicate or remove a pair', apply: (t, r) => duplicateOrRemove(t, PAIR, r) },
  { name: 'hostile target text', apply: (t, r) => replaceOne(t, TARGET_SPAN_TEXT, r, () => pick(r, TEXT_PAYLOADS)) },
  { name: 'hostile text in a pair', apply: (t, r) => replaceOne(t, /(?<=">)[^<]{3,}(?=<\/span>)/, r, (m) => m + pick(r, TEXT_PAYLOADS)) },
  { name: 'ms.contentlocale path', apply: (t, r) => replaceOne(t, /^ms\.contentlocale:.*$/m, r, () => `ms.contentlocale: ${pick(r, LOCALE_PAYLOADS)}`) },
  { name: 'hostile front-matter title', apply: (t, r) => replaceOne(t, /^title:.*$/m, r, () => `title: ${JSON.stringify(pick(r, TEXT_PAYLOADS))}`) },
  { name: 'hostile front-matter description', apply: (t, r) => replaceOne(t, /^description:.*$/m, r, () => `description: '${pick(r, TEXT_PAYLOADS).replace(/'/g, "''")}'`) },
  { name: 'change a pair id', apply: (t, r) => replaceOne(t, /data-[st]tu-id="[^"]*"/, r, (m) => m.replace(/"[^"]*"$/, `"${pick(r, ['', 'x', '"', '1-2-3', '../x', 'a'.repeat(300)])}"`)) },
  { name: 'javascript: link', apply: (t, r) => replaceOne(t, /\]\([^)\s]+\)/, r, () => `](${pick(r, ['javascript:alert(1)', 'JAVASCRIPT:alert(2)', ' javascript:alert(3)', 'jav&#x09;ascript:alert(4)', 'data:text/html,<script>alert(5)</script>'])})`) },
  { name: 'include path', apply: (t, r) => replaceOne(t, /(?<=">)[^<]{3,}(?=<\/span>)/, r, (m) => `${m} [!INCLUDE [x](${pick(r, PATH_PAYLOADS)})]`) },
];

const MDX_MUTATIONS: Mutation[] = [
  { name: 'truncate inside front matter', apply: (t, r) => truncateInside(t, FRONT_MATTER, r) },
  { name: 'truncate inside a JSX tag', apply: (t, r) => truncateInside(t, /<[A-Z][^>]*>/, r) },
  { name: 'truncate anywhere', apply: (t, r) => t.slice(0, int(r, t.length)) },
  { name: 'duplicate or remove a paragraph', apply: (t, r) => duplicateOrRemove(t, /\n\n[^\n]+/, r) },
  { name: 'duplicate or remove a line', apply: (t, r) => duplicateOrRemove(t, /\n[^\n]*/, r) },
  { name: 'hostile front-matter title', apply: (t, r) => replaceOne(t, /^title:.*$/m, r, () => `title: ${JSON.stringify(pick(r, TEXT_PAYLOADS))}`) },
  { name: 'change a word', apply: (t, r) => replaceOne(t, /\b[a-z]{4,}\b/, r, () => pick(r, ['changed', '{x}', '<b>', '`', '**', '|'])) },
];

const TARGET_12 = /(?<=<target[^>]*>)[\s\S]*?(?=<\/target>)/;
const UNIT = /<(trans-unit|unit)\b[\s\S]*?<\/\1>/;

const XLIFF_MUTATIONS: Mutation[] = [
  { name: 'hostile target', apply: (t, r) => replaceOne(t, TARGET_12, r, () => escapeText(pick(r, TEXT_PAYLOADS))) },
  { name: 'hostile text added to a target', apply: (t, r) => replaceOne(t, TARGET_12, r, (m) => m + escapeText(pick(r, TEXT_PAYLOADS))) },
  {
    name: 'inline code data replaced',
    apply: (t, r) => replaceOne(t, /(?<=<(ph|bpt|ept|it|data)\b[^>]*>)[^<]*(?=<\/\1>)/, r, () => escapeText(pick(r, CODE_DATA_PAYLOADS))),
  },
  {
    name: 'target-only inline code',
    apply: (t, r) => {
      const data = escapeText(pick(r, CODE_DATA_PAYLOADS));
      if (t.includes('version="1.2"')) return replaceOne(t, TARGET_12, r, (m) => `${m}<ph id="ph${90 + int(r, 9)}" ctype="x-code">${data}</ph>`);
      // 2.1: the data goes into the unit's originalData (made when the unit has none).
      return replaceOne(t, /<unit\b[\s\S]*?<\/unit>/, r, (unit) => {
        const withData = unit.includes('<originalData>') ? unit.replace('<originalData>', `<originalData><data id="dfz">${data}</data>`) : unit.replace(/<segment\b/, `<originalData><data id="dfz">${data}</data></originalData><segment`);
        return withData.replace(/<\/target>/, '<ph id="fz1" dataRef="dfz"/></target>');
      });
    },
  },
  { name: 'original path', apply: (t, r) => replaceOne(t, /original="[^"]*"/, r, () => `original="${escapeText(pick(r, PATH_PAYLOADS)).replace(/"/g, '&quot;').replace(/\u0000/g, '')}"`) },
  { name: 'unit id', apply: (t, r) => replaceOne(t, /(?<=<(?:trans-unit|unit) )id="[^"]*"/, r, () => `id="${pick(r, ['', 'title', 'description', 'x"y', 'm0', '../x'])}"`.replace('x"y', 'x&quot;y')) },
  { name: 'state', apply: (t, r) => replaceOne(t, /state="[^"]*"/, r, () => `state="${pick(r, ['bogus', 'final', 'new', '', 'translated', 'reviewed', 'initial'])}"`) },
  { name: 'version', apply: (t, r) => replaceOne(t, /(?<=<xliff[^>]*)version="[^"]*"/, r, () => `version="${pick(r, ['9.9', '1.1', '2.0', '2.2', '', '1.2', '2.1'])}"`) },
  { name: 'encoding declaration', apply: (t, r) => replaceOne(t, /encoding="[^"]*"/, r, () => `encoding="${pick(r, ['UTF-16', 'ISO-8859-1', 'bogus', 'utf-8', 'UTF-32', 'Shift_JIS'])}"`) },
  { name: 'target language', apply: (t, r) => replaceOne(t, /(?:target-language|trgLang)="[^"]*"/, r, (m) => m.replace(/"[^"]*"$/, `"${escapeText(pick(r, LOCALE_PAYLOADS)).replace(/\u0000/g, '')}"`)) },
  { name: 'duplicate or remove a unit', apply: (t, r) => duplicateOrRemove(t, UNIT, r) },
  { name: 'truncate inside an XML tag', apply: (t, r) => truncateInside(t, /<[^>]+>/, r) },
  { name: 'truncate anywhere', apply: (t, r) => t.slice(0, int(r, t.length)) },
  { name: 'hostile note', apply: (t, r) => replaceOne(t, /(?<=<note[^>]*>)[^<]*/, r, () => escapeText(pick(r, TEXT_PAYLOADS))) },
];

const encoder = new TextEncoder();

function flipBytes(bytes: Uint8Array, rng: Rng): Uint8Array {
  const out = bytes.slice();
  const flips = 1 + int(rng, 4);
  for (let k = 0; k < flips && out.length; k++) {
    const at = int(rng, out.length);
    out[at] = out[at]! ^ (1 << int(rng, 8));
  }
  return out;
}

function mutate(text: string, mutations: readonly Mutation[], rng: Rng, log: string[]): Uint8Array {
  let current = text;
  const applied = log.length;
  const rounds = 1 + int(rng, 3);
  for (let k = 0; k < rounds; k++) {
    if (rng() < 0.15) continue; // leaves room for byte flips alone
    const m = pick(rng, mutations);
    const next = m.apply(current, rng);
    if (next === undefined) continue;
    current = next;
    log.push(m.name);
  }
  let bytes: Uint8Array = encoder.encode(current);
  if (log.length === applied || rng() < 0.2) {
    bytes = flipBytes(bytes, rng);
    log.push('byte flips');
  }
  return bytes;
}

/** Case `index` of run `seed`. */
export function generateCase(seeds: readonly FuzzSeed[], seed: number, index: number): FuzzCase {
  const rng = random((Math.imul(seed, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) | 0);
  const base = pick(rng, seeds);
  const version = rng() < 0.5 ? '1.2' : '2.1';
  const mutations: string[] = [];
  const edited = withEdits(base.xliff[version], version, rng, index, mutations);
  const mutated = rng() < 0.4 ? 'document' : 'xliff';
  const document = mutated === 'document' ? mutate(base.text, base.format === 'sxs' ? SXS_MUTATIONS : MDX_MUTATIONS, rng, mutations) : encoder.encode(base.text);
  const xliff = mutated === 'xliff' ? mutate(edited, XLIFF_MUTATIONS, rng, mutations) : encoder.encode(edited);
  return {
    id: `${seed}:${index}`,
    seed,
    index,
    seedName: base.name,
    format: base.format,
    folder: base.folder,
    docPath: base.docPath,
    locale: base.locale,
    version,
    mutated,
    document,
    xliff,
    baseDocument: base.text,
    baseXliff: base.xliff[version],
    mutations,
  };
}
