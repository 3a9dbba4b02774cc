/**
 * `node bench/tm.ts`: translation-memory build time and lookup latency on the real corpus.
 *
 * - build: read + parse every ru-ru and de-de document and add its pairs (one TM, two pairs);
 * - index: the fuzzy (trigram) index of both pairs;
 * - lookup: 1,000 real English sentences of the ru-RU memory, each with one small edit (a word
 *   dropped, two words swapped, a character changed, a word added: what a writer does to a
 *   sentence), looked up at min 75 %; median and p95 latency, and how often the sentence it was
 *   made from comes back first. Plus 1,000 unedited sentences (exact path).
 * Target: lookup under 10 ms. Single-threaded.
 */
import { corpusDir, DE, RU } from '../test/corpus.ts';
import { memoryFromCorpora } from '../src/pipeline/tm-load.ts';
import type { TmUnit } from '../src/tm/memory.ts';
import { similarityPercent } from '../src/tm/fuzzy.ts';
import { distance, preparePattern } from '../src/tm/levenshtein.ts';
import { matchText } from '../src/tm/normalize.ts';
import { tokenizeInline } from '../src/model/markdown/inline.ts';
import { random } from '../test/support/random.ts';

const LOOKUPS = Number(process.env.LOOKUPS ?? 1000);


/** One small edit of a sentence of at least four words. */
export function editSentence(text: string, rnd: () => number): string {
  const words = text.split(' ');
  const k = Math.floor(rnd() * words.length);
  switch (Math.floor(rnd() * 4)) {
    case 0:
      words.splice(k, 1);
      break;
    case 1: {
      const j = k === words.length - 1 ? k - 1 : k + 1;
      [words[k], words[j]] = [words[j]!, words[k]!];
      break;
    }
    case 2: {
      const w = words[k]!;
      const at = Math.floor(rnd() * w.length);
      words[k] = w.slice(0, at) + 'x' + w.slice(at + 1);
      break;
    }
    default:
      words.splice(k, 0, 'new');
  }
  return words.join(' ');
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

let start = performance.now();
const { memory, documents, segments } = await memoryFromCorpora([corpusDir(RU), corpusDir(DE)]);
const buildMs = performance.now() - start;
start = performance.now();
memory.prepareLookups();
const indexMs = performance.now() - start;
const units = memory.units('ru-RU');
console.log(`corpus: ${documents} documents, ${segments.toLocaleString('en-US')} segment pairs`);
for (const [s, t] of memory.languagePairs()) console.log(`  ${s} → ${t}: ${memory.units(t, s).length.toLocaleString('en-US')} unique sources`);
console.log(`build (read + parse + add): ${buildMs.toFixed(0)} ms; fuzzy index of both pairs: ${indexMs.toFixed(0)} ms`);

const rnd = random(42);
const eligible = units.filter((u) => u.key.split(' ').length >= 4);
const picks: TmUnit[] = [];
for (let k = 0; k < LOOKUPS; k++) picks.push(eligible[Math.floor(rnd() * eligible.length)]!);
const edited = picks.map((u) => editSentence(u.key, rnd));

function time(queries: string[], check?: (k: number, ids: number[]) => void): number[] {
  const times: number[] = [];
  queries.forEach((q, k) => {
    const t0 = performance.now();
    const matches = memory.lookup(q, { targetLang: 'ru-RU', min: 75, limit: 5 });
    times.push(performance.now() - t0);
    check?.(k, matches.map((m) => m.unit.id));
  });
  return times.sort((a, b) => a - b);
}

time(edited.slice(0, 100)); // warm-up: JIT
// Which edited sentences are still ≥ 75 % like their original (a lookup can only find those).
const reachable = edited.map((q, k) => {
  const a = matchText(tokenizeInline(q));
  const b = matchText(tokenizeInline(picks[k]!.key));
  return similarityPercent(a, b, distance(preparePattern(a), b)) >= 75;
});
let top = 0;
let found = 0;
const fuzzy = time(edited, (k, ids) => {
  if (ids[0] === picks[k]!.id) top++;
  if (ids.includes(picks[k]!.id)) found++;
});
const reachableCount = reachable.filter(Boolean).length;
const exact = time(picks.map((u) => u.source));
const fmt = (t: number[]) => `median ${percentile(t, 0.5).toFixed(2)} ms, p95 ${percentile(t, 0.95).toFixed(2)} ms, max ${t[t.length - 1]!.toFixed(2)} ms`;
console.log(`lookup of ${LOOKUPS} edited sentences (ru-RU, min 75 %): ${fmt(fuzzy)}`);
console.log(`  the sentence it was edited from: first ${top}/${LOOKUPS}, among the 5 results ${found}/${LOOKUPS}; still ≥ 75 % like it: ${reachableCount}/${LOOKUPS}`);
console.log(`lookup of ${LOOKUPS} unedited sentences (exact): ${fmt(exact)}`);
console.log(`target: lookup < 10 ms: ${percentile(fuzzy, 0.95) < 10 ? 'met' : 'NOT met'} (p95)`);
