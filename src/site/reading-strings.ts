/**
 * UI strings of the translation badge and the bilingual reading mode (locales/reading.json),
 * and the badge text of a page.
 */
// A JSON import (not a file read) so the strings travel into Astro's bundled server code.
import stringsFile from '../../locales/reading.json' with { type: 'json' };
import type { PageTranslation } from './bilingual.ts';
import { stringsFor } from './ui-strings.ts';

export interface ReadingStrings {
  machine: string;
  human: string;
  /** `{n}` reviewed of `{m}` sentences. */
  reviewed: string;
  /** Label of the reading-mode control. */
  original: string;
  off: string;
  hover: string;
  sbs: string;
  /** Accessible name of the badge. */
  badgeLabel: string;
}

const table = stringsFile as unknown as Record<string, ReadingStrings>;

export function readingStrings(localeCode: string): ReadingStrings {
  return stringsFor(table, localeCode);
}

export type BadgeKind = 'reviewed' | 'machine' | 'human';

/**
 * Where a translated page's text comes from: reviewed sentences (from XLIFF states) first, then
 * `ms.translationtype`. Undefined when neither says anything (English pages).
 */
export function translationBadge(t: PageTranslation | undefined, strings: ReadingStrings): { kind: BadgeKind; text: string } | undefined {
  if (!t) return undefined;
  if (t.reviewed && t.units) return { kind: 'reviewed', text: strings.reviewed.replace('{n}', String(t.reviewed)).replace('{m}', String(t.units)) };
  if (t.type === 'MT' || t.bilingual) return { kind: 'machine', text: strings.machine };
  if (t.type === 'HT') return { kind: 'human', text: strings.human };
  return undefined;
}
