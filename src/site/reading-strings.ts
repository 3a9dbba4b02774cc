/**
 * UI strings of the translation badge and the bilingual reading mode (locales/reading.json),
 * and the badge text of a page.
 */
import type { PageTranslation } from './bilingual.ts';
import { stringsFor } from './ui-strings.ts';

export interface ReadingStrings {
  machine: string;
  human: string;
  /** `{n}` reviewed of `{m}` sentences (when nothing else is counted). */
  reviewed: string;
  /** `{n}` of `{m}` sentences machine / human translated, when a page mixes kinds. */
  machineShare: string;
  humanShare: string;
  /** `{n}` reviewed, after one of the shares. */
  reviewedShare: string;
  /** Label of the reading-mode control. */
  original: string;
  off: string;
  hover: string;
  sbs: string;
  /** Accessible name of the badge. */
  badgeLabel: string;
}

export function readingStrings(localeCode: string): ReadingStrings {
  return stringsFor<ReadingStrings>('reading', localeCode);
}

export type BadgeKind = 'reviewed' | 'machine' | 'human';

function fill(template: string, n: number, m: number): string {
  return template.replace('{n}', String(n)).replace('{m}', String(m));
}

/**
 * Where a translated page's text comes from. With XLIFF units, the badge says what share of the
 * sentences is machine translated, human translated and reviewed (a few reviewed sentences never
 * hide that the rest is machine translation); without, `ms.translationtype` says it for the page.
 * Undefined when neither says anything (English pages).
 */
export function translationBadge(t: PageTranslation | undefined, strings: ReadingStrings): { kind: BadgeKind; text: string } | undefined {
  if (!t) return undefined;
  if (t.units && t.sentences) {
    const { machine, reviewed } = t.sentences;
    const human = t.units - machine - reviewed;
    if (reviewed === 0 && machine === t.units) return { kind: 'machine', text: strings.machine };
    if (reviewed === 0 && human === t.units) return { kind: 'human', text: strings.human };
    if (machine === 0 && human === 0) return { kind: 'reviewed', text: fill(strings.reviewed, reviewed, t.units) };
    const share = machine > 0 ? fill(strings.machineShare, machine, t.units) : fill(strings.humanShare, human, t.units);
    const text = reviewed > 0 ? `${share} · ${fill(strings.reviewedShare, reviewed, t.units)}` : share;
    return { kind: machine > 0 ? 'machine' : 'human', text };
  }
  if (t.type === 'MT' || t.bilingual) return { kind: 'machine', text: strings.machine };
  if (t.type === 'HT') return { kind: 'human', text: strings.human };
  return undefined;
}
