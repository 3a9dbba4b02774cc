/**
 * Re-extraction: a fresh extraction of a document (from the same or a newer version of the
 * sources) merged with the XLIFF file already on disk, so translators' work survives.
 *
 * Matching. Segment ids are not stable across versions (FORMAT.md §2.1: the 5-hex prefix changes
 * with every version), so units are matched by their normalised English source (whitespace
 * collapsed, NBSP/U+202F as spaces, NFC, invisible characters dropped: the TM's `tmKey`), inline
 * markup included, within the one document the file belongs to. Where a source occurs several
 * times, the old unit nearest in relative position wins. Front-matter units match only their own
 * field.
 *
 * - Unchanged source: the unit keeps the old target, state and qualifier (edited by a translator,
 *   reviewed, or as extracted), its alternatives and any notes not written by Bitext.
 * - Changed source: the unit takes the new target from the sources, is marked for review
 *   (`needs-translation`), and the old unit it replaces is kept as an alternative
 *   translation with its character similarity (1.2 `alt-trans`, 2.1 `mtc:match`). The old unit
 *   it replaces is found between the nearest unchanged neighbours (the "gap" of a diff): the most
 *   similar old unit there, if at least MIN_SIMILARITY % alike.
 * - No edit is dropped: an old unit carrying translator work (see `hasTranslatorWork`: a target
 *   other than the one Bitext last wrote, whatever its state) that no new unit replaces is still
 *   attached as an alternative to the most similar new unit of its gap, or, when the gap holds no
 *   new unit, to the nearest new unit of the document; with no new unit at all it goes to
 *   `keptWork`. Every such edit is listed in `moved`.
 * - The result also says which old unit each new unit continues (`origins`), so the writer can
 *   patch the translator's file instead of rewriting it (src/xliff/patch.ts).
 * - A brand-new sentence (no old unit to replace) is extracted as usual.
 * - English MDX pages: a changed sentence has no new target; it keeps the previous one as its
 *   target (and as the alternative), marked for review, so the locale page still shows it and
 *   counts it as changed. A new sentence pre-filled from an exact TM match keeps that target.
 */
import { tmKey } from '../tm/normalize.ts';
import { distance, preparePattern } from '../tm/levenshtein.ts';
import { codedToMarkdown } from '../model/coded-text.ts';
import type { UnitOrigin } from '../xliff/patch.ts';
import { GLOSSARY_NOTE_FROM } from '../xliff/glossary.ts';
import type { XliffAlternative, XliffUnit } from '../xliff/types.ts';
import { NOTE_FROM } from '../xliff/units.ts';
import { targetHash } from '../xliff/written.ts';

export const MIN_SIMILARITY = 40;
/**
 * The state of a unit whose English changed after it was translated: the earlier target stays
 * and must be edited. `needs-translation` (not `needs-review-translation`) because that is the
 * state every tool reads as "needs editing": Weblate's "Needs editing", Translate Toolkit's
 * needs-work (fuzzy in PO), Okapi and OmegaT's non-approved target (README, "States").
 */
export const REVIEW_STATE = 'needs-translation';

/** Whether a unit's English changed after it was translated; files of earlier Bitext versions wrote `needs-review-translation`. */
export function isSourceChanged(state: string | undefined): boolean {
  return state === REVIEW_STATE || state === 'needs-review-translation';
}
export const PREVIOUS_VERSION = 'bitext-previous-version';
/** State qualifier of a target pre-filled from an exact translation-memory match (src/pipeline/leverage.ts). */
export const EXACT_MATCH = 'exact-match';
/** `origin` of an alternative that is a fuzzy translation-memory match. */
export const TM_ORIGIN = 'bitext-tm';
/** Old alternatives a unit keeps, newest first: enough history without growing without end. */
const MAX_ALTERNATIVES = 5;
/** Above this many old×new pairs in one gap, only nearby positions are compared. */
const MAX_GAP_PAIRS = 20_000;
const GAP_WINDOW = 25;

export interface ReextractStats {
  /** Units whose English is unchanged and that kept the old target and state. */
  kept: number;
  /** Of those, units that carried translator work (edited, reviewed, final…). */
  keptEdits: number;
  /** Units with a changed source: new target, marked for review, old unit as an alternative. */
  markedForReview: number;
  /** Old units with translator work attached as an alternative to another unit (source removed). */
  orphanedEdits: number;
  /** New units with no old counterpart. */
  added: number;
}

/** A translator's edit that is no longer the target of its unit: where it went. */
export interface MovedEdit {
  /** The id and line of the unit that held it in the file before this run. */
  fromUnit: string;
  line?: number;
  /** The unit that has it as an alternative now; undefined when it went to the kept-work file. */
  toUnit?: string;
  /** Why: its English changed, or it was merged or removed. */
  reason: 'changed' | 'removed';
}

export interface ReextractResult {
  units: XliffUnit[];
  stats: ReextractStats;
  /** Every edit kept as an alternative (or in `keptWork`), one entry each. */
  moved: MovedEdit[];
  /** Old units with translator work that no new unit could hold (the document has no units left). */
  keptWork: XliffUnit[];
  /**
   * For each new unit, the old unit it continues: `kept` when its English is unchanged and it
   * kept the old target (the old unit is patched in place), otherwise the old unit it replaces.
   */
  origins: UnitOrigin[];
  /** Alternatives added to a new unit in this run (edits of removed English), by new unit index. */
  addedAlternatives: Map<number, XliffAlternative[]>;
}

/** States that say a person reviewed the target. */
const REVIEWED_STATES = new Set(['final', 'signed-off']);

/**
 * Whether an old unit holds a translator's work. With Bitext's mark of what it last wrote
 * (./written.ts): a target that differs from it, whatever the state, or a reviewed state. A file
 * written before the mark existed: a state other than extraction's `translated`, or a qualifier
 * extraction does not write.
 */
export function hasTranslatorWork(unit: XliffUnit): boolean {
  if (unit.target === undefined) return false;
  if (unit.written !== undefined) return unit.written !== targetHash(unit.target) || REVIEWED_STATES.has(unit.state ?? '');
  if (unit.state !== 'translated') return true;
  return unit.qualifier !== undefined && unit.qualifier !== 'leveraged-mt' && unit.qualifier !== 'leveraged-tm' && unit.qualifier !== EXACT_MATCH;
}

/** The key units are matched on: field (for front matter) + normalised English Markdown. */
export function matchKey(unit: XliffUnit): string {
  return `${unit.metadata ?? ''}\u0000${tmKey(codedToMarkdown(unit.source))}`;
}

export interface ReextractOptions {
  /**
   * Unit ids name the same string in every version (UI strings, `<table>.<key>`): a unit is
   * matched only with the old unit of its id, and one whose English changed continues that unit
   * however little alike the two English texts are.
   */
  stableIds?: boolean;
  /**
   * The sources' own targets are kept as data beside the file (UI strings in locales/): an old
   * target that is still what Bitext wrote takes the sources' target now, so a correction made
   * there reaches the file; a translator's edit is kept as always.
   */
  refreshUnedited?: boolean;
}

export function reextract(fresh: readonly XliffUnit[], old: readonly XliffUnit[], options: ReextractOptions = {}): ReextractResult {
  const stats: ReextractStats = { kept: 0, keptEdits: 0, markedForReview: 0, orphanedEdits: 0, added: 0 };
  const moved: MovedEdit[] = [];
  const keptWork: XliffUnit[] = [];
  const addedAlternatives = new Map<number, XliffAlternative[]>();
  const key = (unit: XliffUnit) => (options.stableIds ? `${matchKey(unit)}\u0000${unit.id}` : matchKey(unit));
  const oldKeys = old.map(key);
  const byKey = new Map<string, number[]>();
  oldKeys.forEach((key, i) => {
    const list = byKey.get(key);
    if (list) list.push(i);
    else byKey.set(key, [i]);
  });

  // 1. Exact matches on the normalised source, nearest relative position first.
  const oldFor: (number | undefined)[] = fresh.map(() => undefined);
  const oldUsed = new Array<boolean>(old.length).fill(false);
  const relative = (k: number, n: number) => (n <= 1 ? 0 : k / (n - 1));
  fresh.forEach((unit, k) => {
    const candidates = byKey.get(key(unit));
    if (!candidates) return;
    let best = -1;
    let bestDistance = Infinity;
    for (const i of candidates) {
      if (oldUsed[i]) continue;
      const d = Math.abs(relative(i, old.length) - relative(k, fresh.length));
      if (d < bestDistance) {
        best = i;
        bestDistance = d;
      }
    }
    if (best >= 0) {
      oldUsed[best] = true;
      oldFor[k] = best;
    }
  });

  const refreshed = new Set<number>();
  const result: XliffUnit[] = fresh.map((unit, k) => {
    const i = oldFor[k];
    if (i === undefined) return { ...unit, alternatives: [...unit.alternatives] };
    const previous = old[i]!;
    stats.kept++;
    if (hasTranslatorWork(previous)) stats.keptEdits++;
    if (options.refreshUnedited && unit.target !== undefined && previous.target !== undefined && previous.written !== undefined && !hasTranslatorWork(previous) && targetHash(unit.target) !== targetHash(previous.target)) {
      refreshed.add(k);
      return { ...unit, alternatives: capAlternatives(previous.alternatives), notes: mergeNotes(unit.notes, previous.notes) };
    }
    // Still untranslated (an MDX sentence): what the TM gives now (a target, candidates) replaces
    // what it gave last time.
    if (previous.target === undefined) {
      return { ...unit, alternatives: capAlternatives([...unit.alternatives, ...previous.alternatives.filter((a) => a.origin !== TM_ORIGIN)]), notes: mergeNotes(unit.notes, previous.notes) };
    }
    return {
      ...unit,
      target: previous.target,
      state: previous.state,
      qualifier: previous.qualifier,
      alternatives: capAlternatives(previous.alternatives),
      notes: mergeNotes(unit.notes, previous.notes),
      // The target is the old one: so is the mark of what Bitext wrote. A file from before the
      // mark: what extraction gives now stands for it (an edit differs from it).
      written: previous.written ?? targetHash(unit.target),
    };
  });

  // 2. Changed sources: pair the unmatched old and new units of each gap between anchors.
  const predecessor: (number | undefined)[] = fresh.map(() => undefined);
  const similarityTo = new Map<string, number>();
  const similarity = (k: number, i: number) => {
    const key = `${k}:${i}`;
    let s = similarityTo.get(key);
    if (s === undefined) similarityTo.set(key, (s = sourceSimilarity(fresh[k]!, old[i]!)));
    return s;
  };
  const orphans: { i: number; gap: Gap }[] = [];
  for (const gap of gaps(oldFor, old.length)) {
    const pairs: { k: number; i: number; s: number }[] = [];
    const wide = gap.fresh.length * gap.old.length > MAX_GAP_PAIRS;
    for (const k of gap.fresh) {
      for (const i of gap.old) {
        if (wide && Math.abs(relative(i, old.length) * fresh.length - k) > GAP_WINDOW) continue;
        if ((fresh[k]!.metadata ?? '') !== (old[i]!.metadata ?? '')) continue;
        if (options.stableIds && fresh[k]!.id !== old[i]!.id) continue;
        const s = similarity(k, i);
        if (s >= MIN_SIMILARITY || options.stableIds) pairs.push({ k, i, s });
      }
    }
    pairs.sort((a, b) => b.s - a.s || Math.abs(a.k - a.i) - Math.abs(b.k - b.i));
    const taken = new Set<number>();
    for (const { k, i, s } of pairs) {
      if (predecessor[k] !== undefined || taken.has(i)) continue;
      predecessor[k] = i;
      taken.add(i);
      markForReview(result[k]!, old[i]!, s);
      stats.markedForReview++;
      if (hasTranslatorWork(old[i]!)) moved.push(movedEdit(old[i]!, result[k]!.id, 'changed'));
    }
    for (const i of gap.old) if (!taken.has(i) && hasTranslatorWork(old[i]!)) orphans.push({ i, gap });
  }
  for (let k = 0; k < fresh.length; k++) if (oldFor[k] === undefined && predecessor[k] === undefined) stats.added++;

  // 3. Translator work whose English is gone: keep it as an alternative nearby.
  for (const { i, gap } of orphans) {
    if (result.length === 0) {
      keptWork.push(old[i]!);
      moved.push(movedEdit(old[i]!, undefined, 'removed'));
      continue;
    }
    const k = gap.fresh.length
      ? gap.fresh.reduce((best, k) => (similarity(k, i) > similarity(best, i) ? k : best))
      : nearestChanged(oldFor, gap) ?? nearestFresh(gap, result.length);
    const alternative = alternativeFrom(old[i]!, similarity(k, i));
    addedAlternatives.set(k, [...(addedAlternatives.get(k) ?? []), alternative]);
    const holder = result[k]!;
    holder.alternatives = capAlternatives([alternative, ...holder.alternatives]);
    // A new sentence that inherits a translator's version of a removed one needs a look; an
    // unchanged unit keeps its state (its own target is still right).
    if (oldFor[k] === undefined && !isSourceChanged(holder.state)) {
      holder.state = REVIEW_STATE;
      stats.markedForReview++;
    }
    stats.orphanedEdits++;
    moved.push(movedEdit(old[i]!, holder.id, 'removed'));
  }
  const origins: UnitOrigin[] = fresh.map((_, k) => {
    const i = oldFor[k];
    if (i !== undefined) return { old: i, kept: old[i]!.target !== undefined && !refreshed.has(k) };
    const p = predecessor[k];
    return p === undefined ? undefined : { old: p, kept: false };
  });
  return { units: result, stats, moved, keptWork, origins, addedAlternatives };
}

function movedEdit(previous: XliffUnit, toUnit: string | undefined, reason: MovedEdit['reason']): MovedEdit {
  const edit: MovedEdit = { fromUnit: previous.id, reason };
  if (previous.line !== undefined) edit.line = previous.line;
  if (toUnit !== undefined) edit.toUnit = toUnit;
  return edit;
}

function markForReview(unit: XliffUnit, previous: XliffUnit, similarity: number) {
  if (unit.qualifier === EXACT_MATCH) {
    // The translation memory knows the new English exactly: that target stands, the old one is an alternative.
    if (previous.target !== undefined) unit.alternatives = capAlternatives([alternativeFrom(previous, similarity), ...unit.alternatives, ...previous.alternatives]);
    unit.notes = mergeNotes(unit.notes, previous.notes);
    return;
  }
  unit.state = REVIEW_STATE;
  // An English MDX page has no target of its own: the previous translation stays the target
  // (the page shows it, counted as changed) until a translator reviews it.
  if (unit.target === undefined && previous.target !== undefined) {
    unit.target = previous.target;
    unit.qualifier = undefined;
  }
  if (previous.target !== undefined) {
    unit.alternatives = capAlternatives([alternativeFrom(previous, similarity), ...previous.alternatives]);
  }
  unit.notes = mergeNotes(unit.notes, previous.notes);
}

/**
 * Keeps every alternative that holds translator work (its unit was final, reviewed…) and at most
 * MAX_ALTERNATIVES others, newest first: history stays bounded, edits are never dropped.
 */
function capAlternatives(alternatives: XliffAlternative[]): XliffAlternative[] {
  let others = 0;
  return alternatives.filter((alt) => {
    const work = alt.edited === true || (alt.previousState !== undefined && alt.previousState !== 'translated' && alt.previousState !== 'new');
    return work || ++others <= MAX_ALTERNATIVES;
  });
}

function alternativeFrom(previous: XliffUnit, similarity: number): XliffAlternative {
  const alt: XliffAlternative = {
    source: previous.source,
    target: previous.target ?? [],
    similarity,
    origin: PREVIOUS_VERSION,
    previousId: previous.id,
  };
  if (previous.state) alt.previousState = previous.state;
  if (hasTranslatorWork(previous)) alt.edited = true;
  return alt;
}

/** Bitext's notes (its own, the glossary's) are regenerated; notes anyone else wrote are kept. */
function mergeNotes(fresh: XliffUnit['notes'], previous: XliffUnit['notes']): XliffUnit['notes'] {
  const foreign = previous.filter((n) => n.from !== NOTE_FROM && n.from !== GLOSSARY_NOTE_FROM);
  return foreign.length ? [...fresh, ...foreign] : fresh;
}

/** Character similarity (0–100, two decimals) of two units' normalised English. */
export function sourceSimilarity(a: XliffUnit, b: XliffUnit): number {
  const x = tmKey(codedToMarkdown(a.source));
  const y = tmKey(codedToMarkdown(b.source));
  const longer = Math.max(x.length, y.length);
  if (longer === 0) return 100;
  const d = distance(preparePattern(x), y);
  return Math.round((10_000 * (longer - d)) / longer) / 100;
}

interface Gap {
  /** Unmatched new unit indexes between two anchors, and unmatched old ones between theirs. */
  fresh: number[];
  old: number[];
  /** The new unit indexes of the anchors around the gap (-1 / length when at an end). */
  before: number;
  after: number;
}

/**
 * Splits the units into gaps between consecutive exact matches whose old positions increase
 * (anchors). A match that moved backwards is not an anchor, so its neighbours share one gap.
 */
function gaps(oldFor: readonly (number | undefined)[], oldCount: number): Gap[] {
  const anchors: { k: number; i: number }[] = [];
  let lastOld = -1;
  oldFor.forEach((i, k) => {
    if (i !== undefined && i > lastOld) {
      anchors.push({ k, i });
      lastOld = i;
    }
  });
  const matchedOld = new Set(oldFor.filter((i): i is number => i !== undefined));
  const out: Gap[] = [];
  let prev = { k: -1, i: -1 };
  for (const anchor of [...anchors, { k: oldFor.length, i: oldCount }]) {
    const gap: Gap = { fresh: [], old: [], before: prev.k, after: anchor.k };
    for (let k = prev.k + 1; k < anchor.k; k++) if (oldFor[k] === undefined) gap.fresh.push(k);
    for (let i = prev.i + 1; i < anchor.i; i++) if (!matchedOld.has(i)) gap.old.push(i);
    if (gap.fresh.length || gap.old.length) out.push(gap);
    prev = anchor;
  }
  return out;
}

/** The new unit nearest the gap that is not an exact match (a changed or new sentence). */
function nearestChanged(oldFor: readonly (number | undefined)[], gap: Gap): number | undefined {
  const at = gap.before + 0.5;
  let best: number | undefined;
  oldFor.forEach((i, k) => {
    if (i === undefined && (best === undefined || Math.abs(k - at) < Math.abs(best - at))) best = k;
  });
  return best;
}

function nearestFresh(gap: Gap, length: number): number {
  if (gap.after < length) return gap.after;
  return Math.max(0, gap.before);
}
