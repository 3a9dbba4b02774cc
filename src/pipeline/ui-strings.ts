/**
 * The reader site's UI strings (the tables of `locales/`) as one catalog for translators.
 *
 * `bitext extract` writes it per target locale as `<xliff>/<locale>/_ui.xlf` (`uiXliff`): one unit
 * per string, its id `<table>.<key>` (`navigation.backlinks`), the English as source, the locale's
 * string from `locales/` as target (`translated`; none when the locale has no string, so a new
 * language is started in the file alone), and notes saying where the string shows. Re-extraction
 * keeps translators' work and marks a string whose English changed, as for documents.
 *
 * `bitext build`, `preview`, `dev` and `validate` read a translator's file back through
 * `checkUiStrings`: a target is text (markup typed into it refuses it; codes a tool added are
 * dropped), it keeps the English's placeholders (`{n}`, `[COUNT]`), and its English is still the
 * string's English. A refused or stale unit leaves the string as `locales/` has it (the locale's
 * own, else the English), and so does a target still as extraction wrote it (its `bitext:written`
 * mark): locales/ may have been corrected since, and only a translator's edit overrides it.
 * Re-extraction gives such an unedited target the string locales/ has now.
 *
 * The files are written and read with src/xliff, like documents' files, not with the `xliff` npm
 * package: that one drops the `state` of 1.2 targets and the attributes of notes, and writes
 * Bitext's `bitext:written` mark without its namespace, so re-extraction could neither mark a
 * changed English nor tell a translator's edit from what it wrote, and diagnostics would have
 * no line or column.
 */
// JSON imports (not file reads) so the tables travel into Astro's bundled server code.
import registryFile from '../../locales/locales.json' with { type: 'json' };
import navigationFile from '../../locales/navigation.json' with { type: 'json' };
import pageFile from '../../locales/page.json' with { type: 'json' };
import readingFile from '../../locales/reading.json' with { type: 'json' };
import readersFile from '../../locales/readers.json' with { type: 'json' };
import noticesFile from '../../locales/mdx-notices.json' with { type: 'json' };
import pagefindFile from '../../locales/pagefind.json' with { type: 'json' };
import { codedPlainText } from '../model/coded-text.ts';
import { type Diagnostic, diagnostic } from '../model/diagnostics.ts';
import { tmKey } from '../tm/normalize.ts';
import type { XliffFile, XliffUnit, XliffVersion } from '../xliff/types.ts';
import { DEFAULT_SOURCE_LANGUAGE, NOTE_FROM } from '../xliff/units.ts';
import { targetHash } from '../xliff/written.ts';
import { hasTarget, markupProblems, reportCode, reportUntranslated } from './merge-rules.ts';

/** The file name (without `.xlf`) and `original` of the UI strings' XLIFF file of a locale. */
export const UI_XLIFF_NAME = '_ui';

/** Whether a path relative to an XLIFF folder is a locale's UI-strings file (`ru-ru/_ui.xlf`). */
export function isUiXliffPath(relPath: string): boolean {
  return /^[^/\\]+[/\\]_ui\.(?:xlf|xliff)$/i.test(relPath);
}

/** Whether a file is a UI-strings file, by its name (`…/_ui.xlf`) or by the `original` extraction gives it. */
export function isUiXliff(path: string, original?: string): boolean {
  return /(?:^|[/\\])_ui\.(?:xlf|xliff)$/i.test(path) || original === UI_XLIFF_NAME;
}

/** A string table of `locales/`: entries per locale code or language, and notes per key. */
export interface UiTable {
  name: string;
  /** The file it comes from, relative to the project. */
  file: string;
  /** Per locale code (or language): key → string. `en` is the English, which every key has. */
  entries: Record<string, Record<string, string>>;
  notes: Record<string, string>;
}

interface TableFile {
  $comment?: string;
  $notes?: Record<string, string>;
  [code: string]: unknown;
}

function table(name: string, file: TableFile): UiTable {
  const entries: Record<string, Record<string, string>> = {};
  for (const [code, value] of Object.entries(file)) if (!code.startsWith('$')) entries[code] = value as Record<string, string>;
  return { name, file: `locales/${name}.json`, entries, notes: file.$notes ?? {} };
}

/** The registry's per-locale strings (`locales.json`, `strings` of each locale) as a table. */
function registryTable(): UiTable {
  const file = registryFile as unknown as { $notes?: Record<string, string>; locales: { code: string; strings: Record<string, string> }[] };
  const entries: Record<string, Record<string, string>> = {};
  for (const locale of file.locales) entries[locale.code] = locale.strings;
  return { name: 'locales', file: 'locales/locales.json', entries, notes: file.$notes ?? {} };
}

/** Every table, in the order of the XLIFF file. */
export const UI_TABLES: readonly UiTable[] = [
  registryTable(),
  table('page', pageFile as TableFile),
  table('navigation', navigationFile as TableFile),
  table('reading', readingFile as TableFile),
  table('readers', readersFile as TableFile),
  table('mdx-notices', noticesFile as TableFile),
  table('pagefind', pagefindFile as TableFile),
];

export interface UiString {
  /** Unit id: `<table>.<key>`; a key that already starts with `<table>.` (`pagefind.clear_search`) is the id. */
  id: string;
  table: string;
  key: string;
  english: string;
  note: string | undefined;
  file: string;
}

export function uiStringId(tableName: string, key: string): string {
  return key.startsWith(`${tableName}.`) ? key : `${tableName}.${key}`;
}

/** Every UI string with its English, in file order. */
export const UI_STRINGS: readonly UiString[] = UI_TABLES.flatMap((t) =>
  Object.entries(t.entries.en ?? {}).map(([key, english]) => ({ id: uiStringId(t.name, key), table: t.name, key, english, note: t.notes[key], file: t.file })),
);

const TABLE_BY_NAME = new Map(UI_TABLES.map((t) => [t.name, t]));
const BY_ID = new Map(UI_STRINGS.map((s) => [s.id, s]));

/** The entry of a table for a locale code: its own, else its language's; undefined when it has neither. */
export function localeEntry(t: UiTable, localeCode: string): Record<string, string> | undefined {
  const code = localeCode.toLowerCase();
  return t.entries[code] ?? t.entries[code.split('-')[0]!];
}

/** Placeholders the site fills in (`{n}`, `{date}`; Pagefind's `[COUNT]`), sorted: a translation keeps exactly these. */
export function uiPlaceholders(text: string): string[] {
  return [...text.matchAll(/\{\w+\}|\[[A-Z_]+\]/g)].map((m) => m[0]).sort();
}

/** The UI strings' XLIFF file of a locale, as extraction writes it: targets from `locales/` where the locale has them. */
export function uiXliff(locale: string, version: XliffVersion): XliffFile {
  const units: XliffUnit[] = UI_STRINGS.map((s) => {
    const own = localeEntry(TABLE_BY_NAME.get(s.table)!, locale)?.[s.key];
    const placeholders = uiPlaceholders(s.english);
    const notes = [
      ...(s.note ? [{ from: NOTE_FROM, text: s.note }] : []),
      { from: NOTE_FROM, text: `UI string "${s.key}" of ${s.file}: text only${placeholders.length ? `; keep ${placeholders.join(', ')} as in the English` : ''}.` },
    ];
    return {
      id: s.id,
      source: [s.english],
      target: own ? [own] : undefined,
      state: own ? 'translated' : undefined,
      qualifier: undefined,
      translate: true,
      notes,
      alternatives: [],
    };
  });
  return { version, original: UI_XLIFF_NAME, sourceLanguage: DEFAULT_SOURCE_LANGUAGE, targetLanguage: locale, datatype: 'plaintext', units };
}

/**
 * The translations of a translator's `_ui.xlf`: unit id → text, for the units that pass. Each
 * problem is a diagnostic at the unit (or its target) naming what the site shows instead.
 */
export function checkUiStrings(file: XliffFile, xliffPath: string): { strings: Map<string, string>; diagnostics: Diagnostic[] } {
  const strings = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  for (const unit of file.units) {
    const string = BY_ID.get(unit.id);
    const own = string && localeEntry(TABLE_BY_NAME.get(string.table)!, file.targetLanguage)?.[string.key];
    const shown = own ? `its string in ${string.file}` : 'the English';
    if (!string) {
      diagnostics.push(diagnostic('xliff-merge', { file: xliffPath, line: unit.line ?? 1 }, `unit "${unit.id}" is no UI string of the site (it was renamed or removed); run "bitext extract" again to update the file`));
      continue;
    }
    if (!hasTarget(unit)) {
      reportUntranslated(diagnostics, xliffPath, unit, shown);
      continue;
    }
    if (tmKey(codedPlainText(unit.source)) !== tmKey(string.english)) {
      diagnostics.push(diagnostic('xliff-merge', { file: xliffPath, line: unit.line ?? 1 }, `unit "${unit.id}": its English "${codedPlainText(unit.source)}" is no longer the string's English ("${string.english}"); the site shows ${shown}. Run "bitext extract" again to update the file`));
      continue;
    }
    // A target as extraction wrote it is the string locales/ had then; locales/ has the current one.
    if (own !== undefined && unit.written !== undefined && unit.written === targetHash(unit.target)) continue;
    const markup = markupProblems(unit);
    if (markup.length > 0) {
      for (const problem of markup) reportCode(diagnostics, xliffPath, unit, problem, `the site shows ${shown}; fix the XLIFF target to use it`);
      continue;
    }
    // A UI string is text: codes a tool added (the source has none) are dropped, their text kept.
    const text = codedPlainText(unit.target);
    const expected = uiPlaceholders(string.english);
    const found = uiPlaceholders(text);
    if (expected.join('\0') !== found.join('\0')) {
      const missing = multisetMinus(expected, found);
      const extra = multisetMinus(found, expected);
      const what = [missing.length ? `${missing.join(', ')} missing` : '', extra.length ? `${extra.join(', ')} not in the English` : ''].filter(Boolean).join('; ');
      reportCode(diagnostics, xliffPath, unit, { code: 'xliff-codes', ...(unit.targetAt ?? {}), message: `placeholders differ from the English (${what}): the site fills in exactly ${expected.join(', ') || 'none'}` }, `the site shows ${shown}; keep each placeholder as in the English`);
      continue;
    }
    strings.set(unit.id, text);
  }
  return { strings, diagnostics };
}

function multisetMinus(a: readonly string[], b: readonly string[]): string[] {
  const rest = [...b];
  return a.filter((x) => {
    const i = rest.indexOf(x);
    if (i < 0) return true;
    rest.splice(i, 1);
    return false;
  });
}
