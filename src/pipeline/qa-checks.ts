/**
 * Quality checks on translated sentences, the ones translators expect from a CAT tool's QA
 * (Translate Toolkit's pofilter, Xbench): each compares a target with its English source and
 * says what looks wrong. They never change anything; `bitext check` prints them.
 *
 * A sentence is a `QaPair` (source and target as Markdown, with their inline codes). Checks that
 * need the whole project (length far from the norm, one source translated several ways) look at
 * every pair of a locale first (`checkPairs`).
 */
import { diagnostic, type Diagnostic, type DiagnosticCode, type Severity } from '../model/diagnostics.ts';
import { type Glossary, type TermEntry, termEntries, termsInText, usesTranslation } from '../model/glossary.ts';
import { tmKey } from '../tm/normalize.ts';
import { codedToMarkdown, codesOf, type CodedText } from '../model/coded-text.ts';
import type { XliffUnit } from '../xliff/types.ts';
import { codeSignature, type InlineCode } from '../model/coded-text.ts';

export interface QaPair {
  file: string;
  line: number;
  column: number;
  unitId: string;
  locale: string;
  source: string;
  target: string;
  sourceCodes: readonly InlineCode[];
  targetCodes: readonly InlineCode[];
}

/** An XLIFF unit with `target` as the pair the checks read, placed at the unit's line of `file` (the path its diagnostics name). */
export function xliffQaPair(file: string, locale: string, unit: XliffUnit, target: CodedText): QaPair {
  return {
    file,
    line: unit.line ?? 1,
    column: 1,
    unitId: unit.id,
    locale,
    source: codedToMarkdown(unit.source),
    target: codedToMarkdown(target),
    sourceCodes: codesOf(unit.source),
    targetCodes: codesOf(target),
  };
}

export interface QaCheck {
  code: DiagnosticCode;
  severity: Severity;
  /** What the check looks for, for --help and the README. */
  title: string;
}

/** Every check, in the order they are reported. */
export const QA_CHECKS: readonly QaCheck[] = [
  { code: 'qa-codes', severity: 'error', title: 'inline codes (bold, links, code, HTML…) missing from or added to the target' },
  { code: 'qa-numbers', severity: 'error', title: 'numbers of the source missing from the target' },
  { code: 'qa-urls', severity: 'error', title: 'URLs and e-mail addresses of the source missing from the target' },
  { code: 'qa-placeholders', severity: 'error', title: 'placeholders ({0}, %s, {{name}}, $VAR) not kept as in the source' },
  { code: 'qa-whitespace', severity: 'warning', title: 'leading or trailing whitespace that differs from the source' },
  { code: 'qa-punctuation', severity: 'warning', title: 'final punctuation that differs from the source' },
  { code: 'qa-unchanged', severity: 'warning', title: 'a target identical to its English source' },
  { code: 'qa-doubled-word', severity: 'warning', title: 'the same word twice in a row in the target' },
  { code: 'qa-length', severity: 'warning', title: 'a target far longer or shorter than the norm for the locale' },
  { code: 'qa-inconsistent', severity: 'warning', title: 'the same English translated differently in the project' },
  { code: 'qa-glossary', severity: 'error', title: "a glossary term of the source without the glossary's translation in the target, or a forbidden term used" },
];

/** Per check: 'off', or the severity it is reported with. */
export type QaSettings = Partial<Record<DiagnosticCode, Severity | 'off'>>;

/** A number: digits with decimal or group separators ("1,000.50", "6,82", "01.02.2015"), or groups of three after a space ("12 345"). */
const NUMBER = /\p{N}{1,3}(?:[\u00a0\u202f ]\p{N}{3})+(?!\p{N})|\p{N}+(?:[.,]\p{N}+)*/gu;
const URL = /\bhttps?:\/\/[^\s)\]<>"']+|\bwww\.[\w-]+(?:\.[\w-]+)+[^\s)\]<>"']*|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g;
const PLACEHOLDER = /\{\{?\s*[\w.]+\s*\}?\}|%(?:\d+\$)?[sdif]|\$[A-Z_][A-Z0-9_]*\b/g;
const WORD = /[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*/gu;

/** Final punctuation, with the full-width forms of CJK text read as their ASCII counterparts. */
const FINAL_PUNCTUATION: Record<string, string> = { '.': '.', '。': '.', '．': '.', '!': '!', '！': '!', '?': '?', '？': '?', ':': ':', '：': ':', ';': ';', '；': ';', '…': '…' };

/** The text a reader sees: Markdown code spans and link targets out, so their contents are not checked as words. */
function prose(markdown: string): string {
  return markdown
    .replace(/`[^`]*`/g, ' ')
    .replace(/\]\([^)]*\)/g, ']')
    .replace(/<[^>]+>/g, ' ');
}

/** What a number is worth, separators and leading zeros aside: "1,000" and "1 000" are one number, so are "6.82" and "6,82" (a decimal comma), "02" and "2". */
function numberKey(match: string): string {
  return match.replace(/[^\p{N}]/gu, '').replace(/^0+(?=\p{N})/u, '');
}

/**
 * The numbers of a text by key, with how often each occurs. In a target, the parts of a number
 * with several separators count too: "01.02.2015" holds 1, 2 and 2015, as a localized date does
 * ("2/1/2015" in the English).
 */
function numberCounts(text: string, withParts: boolean): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const match of text.match(NUMBER) ?? []) {
    add(numberKey(match));
    const parts = match.split(/[.,\u00a0\u202f ]/);
    if (withParts && parts.length > 2) for (const part of parts) if (numberKey(part) !== numberKey(match)) add(numberKey(part));
  }
  return counts;
}

/** An address as it compares: the scheme and host case-insensitively, the rest as written. */
function addressKey(address: string): string {
  const m = /^((?:https?:\/\/)?[^/?#]*)(.*)$/s.exec(address)!;
  return m[1]!.toLowerCase() + m[2]!;
}

/** One ordinary word a translator would translate: letters only, lower case or capitalised (not an identifier such as CustomerID, not an acronym). */
export function isOrdinaryWord(text: string): boolean {
  return /^\p{L}[\p{Ll}\p{M}]+$/u.test(text);
}

/**
 * What must be equal for a target code to stand for a source code: its signature, except that an
 * image is the same image whatever its (translatable) alt text.
 */
function codeKey(code: InlineCode): string {
  if (code.type !== 'image') return codeSignature(code);
  const url = /\]\(([^)\s]*)/.exec(code.data)?.[1] ?? code.data;
  return codeSignature({ ...code, data: url });
}

/** The checks on one pair (the project-wide ones are in `checkPairs`). */
export function checkPair(pair: QaPair): { code: DiagnosticCode; message: string }[] {
  const out: { code: DiagnosticCode; message: string }[] = [];
  const { source, target } = pair;
  if (target.trim() === '') return out;

  const count = (codes: readonly InlineCode[]) => {
    const m = new Map<string, { n: number; data: string }>();
    for (const c of codes) {
      // A backslash escape or an entity is how a character is written, not markup a reader sees.
      if (c.type === 'escape' || c.type === 'entity') continue;
      const key = codeKey(c);
      const e = m.get(key) ?? { n: 0, data: c.data };
      e.n++;
      m.set(key, e);
    }
    return m;
  };
  const sourceCodes = count(pair.sourceCodes);
  const targetCodes = count(pair.targetCodes);
  for (const [key, { n, data }] of sourceCodes) {
    const have = targetCodes.get(key)?.n ?? 0;
    if (have < n) out.push({ code: 'qa-codes', message: `the target lacks ${n - have === 1 ? 'the code' : `${n - have} of the codes`} ${JSON.stringify(data)} that the source has; put it back around the same words` });
  }
  for (const [key, { n, data }] of targetCodes) {
    const had = sourceCodes.get(key)?.n ?? 0;
    if (n > had) out.push({ code: 'qa-codes', message: `the target has the code ${JSON.stringify(data)} ${had ? 'more often than' : 'that is not in'} the source; remove it` });
  }

  const sourceText = prose(source);
  const targetText = prose(target);
  // Every number of the source, as often as the source has it (a dropped "Office 365" of two is a
  // lost phrase); more in the target is no error (a translator may repeat a name).
  const targetNumbers = numberCounts(targetText, true);
  const sourceNumbers = new Map<string, { text: string; n: number }>();
  for (const match of sourceText.match(NUMBER) ?? []) {
    const e = sourceNumbers.get(numberKey(match));
    if (e) e.n++;
    else sourceNumbers.set(numberKey(match), { text: match, n: 1 });
  }
  const missingNumbers: string[] = [];
  const fewerNumbers: string[] = [];
  for (const [key, { text, n }] of sourceNumbers) {
    const have = targetNumbers.get(key) ?? 0;
    if (have === 0) missingNumbers.push(text);
    else if (have < n) fewerNumbers.push(`${text} (${n} times in the source, ${have} in the target)`);
  }
  if (missingNumbers.length) out.push({ code: 'qa-numbers', message: `the number${missingNumbers.length > 1 ? 's' : ''} ${missingNumbers.join(', ')} of the source ${missingNumbers.length > 1 ? 'are' : 'is'} not in the target; check that no figure changed` });
  else if (fewerNumbers.length) out.push({ code: 'qa-numbers', message: `the target has fewer of ${fewerNumbers.join(', ')}; check that nothing was left out` });

  // A sentence's own punctuation or a code span's backtick after an address is not part of it.
  const addresses = (text: string) => [...new Set((text.match(URL) ?? []).map((u) => u.replace(/[.,;:!?`*]+$/, '')))];
  const targetAddresses = new Set(addresses(target).map(addressKey));
  const missingUrls = addresses(source).filter((u) => !target.includes(u) && !targetAddresses.has(addressKey(u)));
  if (missingUrls.length) out.push({ code: 'qa-urls', message: `${missingUrls.join(', ')} of the source ${missingUrls.length > 1 ? 'are' : 'is'} not in the target; keep addresses as they are` });

  const sourcePh: string[] = [...(source.match(PLACEHOLDER) ?? [])].sort();
  const targetPh: string[] = [...(target.match(PLACEHOLDER) ?? [])].sort();
  if (sourcePh.join('\u0000') !== targetPh.join('\u0000')) {
    const lost = sourcePh.filter((p) => !targetPh.includes(p));
    const added = targetPh.filter((p) => !sourcePh.includes(p));
    out.push({ code: 'qa-placeholders', message: `placeholders differ from the source${lost.length ? `: ${lost.join(', ')} missing` : ''}${added.length ? `${lost.length ? ';' : ':'} ${added.join(', ')} added` : ''}; keep each placeholder exactly as in the source` });
  }

  const lead = (s: string) => /^\s*/.exec(s)![0];
  const trail = (s: string) => /\s*$/.exec(s)![0];
  if (lead(source) !== lead(target) || trail(source) !== trail(target)) {
    out.push({ code: 'qa-whitespace', message: 'the target starts or ends with other whitespace than the source; match the source' });
  }

  const end = (s: string) => FINAL_PUNCTUATION[s.trim().replace(/[*_`)\]"'»”’]+$/u, '').slice(-1)] ?? '';
  // A space before the final mark ("**Save** ."), where the source has none; French sets one before ? ! : ; by rule.
  const spaceBeforeEnd = (s: string) => /\S[\s\u00a0\u202f]+[.!?:;…]$/u.test(s.trim());
  if (end(source) !== end(target)) {
    out.push({ code: 'qa-punctuation', message: `the source ends with ${end(source) ? `"${end(source)}"` : 'no punctuation'} and the target with ${end(target) ? `"${end(target)}"` : 'none'}; check the end of the sentence` });
  } else if (spaceBeforeEnd(target) && !spaceBeforeEnd(source) && !/^fr\b/i.test(pair.locale)) {
    out.push({ code: 'qa-punctuation', message: `the target has a space before its final "${target.trim().slice(-1)}"; remove it` });
  }

  // Case aside, as Translate Toolkit compares; one word is judged with the whole locale (checkPairs).
  if (source.trim().toLowerCase() === target.trim().toLowerCase() && (sourceText.match(WORD) ?? []).length >= 2) {
    out.push({ code: 'qa-unchanged', message: 'the target is the English source unchanged; translate it, or confirm that it stays in English' });
  }

  const words = [...targetText.matchAll(WORD)];
  for (let k = 1; k < words.length; k++) {
    const a = words[k - 1]!;
    const b = words[k]!;
    const between = targetText.slice(a.index! + a[0].length, b.index);
    // Case aside, but not an abbreviation beside a word ("ПО по": software, then "by").
    const same = a[0] === b[0] || (a[0].toLowerCase() === b[0].toLowerCase() && a[0] !== a[0].toUpperCase() && b[0] !== b[0].toUpperCase());
    if (same && /^\s+$/.test(between) && /\p{L}{2}/u.test(a[0])) {
      out.push({ code: 'qa-doubled-word', message: `"${a[0]} ${b[0]}": the same word twice; remove one` });
      break;
    }
  }
  // An open and a close code with the same Markdown ("**") give the same message once.
  return out.filter((p, k) => out.findIndex((q) => q.code === p.code && q.message === p.message) === k);
}

/** Glossary terms of the source whose translation the target lacks, and forbidden terms the target uses. */
export function glossaryProblems(pair: QaPair, entries: readonly TermEntry[]): string[] {
  if (entries.length === 0 || pair.target.trim() === '') return [];
  const out: string[] = [];
  const target = prose(pair.target);
  for (const { entry } of termsInText(prose(pair.source), entries)) {
    if (entry.translations.length && !entry.translations.some((t) => usesTranslation(target, t, pair.locale))) {
      out.push(`the glossary translates "${entry.source}" as ${entry.translations.map((t) => `"${t}"`).join(' or ')}, which the target lacks; use it${entry.translations.length > 1 ? ' (or one of them)' : ''}`);
    }
    const forbidden = entry.forbidden.filter((t) => usesTranslation(target, t, pair.locale));
    if (forbidden.length) out.push(`the target uses ${forbidden.map((t) => `"${t}"`).join(', ')}, which the glossary forbids for "${entry.source}"${entry.translations.length ? `; use "${entry.translations[0]}"` : ''}`);
  }
  return out;
}

/**
 * Every check over every pair: per pair, then per locale the length ratio against the
 * locale's median and the sources translated more than one way. Settings turn checks off or
 * change their severity.
 */
export function checkPairs(pairs: readonly QaPair[], settings: QaSettings = {}, glossaries: readonly Glossary[] = []): Diagnostic[] {
  const out: Diagnostic[] = [];
  const severityOf = (code: DiagnosticCode): Severity | 'off' => settings[code] ?? QA_CHECKS.find((c) => c.code === code)?.severity ?? 'warning';
  const report = (pair: QaPair, code: DiagnosticCode, message: string) => {
    const severity = severityOf(code);
    if (severity === 'off') return;
    out.push(diagnostic(code, pair, `unit "${pair.unitId}": ${message}`, severity));
  };
  for (const pair of pairs) for (const problem of checkPair(pair)) report(pair, problem.code, problem.message);
  if (glossaries.length && severityOf('qa-glossary') !== 'off') {
    const byLocale = new Map<string, TermEntry[]>();
    for (const pair of pairs) {
      let entries = byLocale.get(pair.locale);
      if (!entries) byLocale.set(pair.locale, (entries = termEntries(glossaries, pair.locale)));
      for (const message of glossaryProblems(pair, entries)) report(pair, 'qa-glossary', message);
    }
  }

  const byLocale = new Map<string, QaPair[]>();
  for (const pair of pairs) {
    if (!pair.target.trim()) continue;
    const list = byLocale.get(pair.locale);
    if (list) list.push(pair);
    else byLocale.set(pair.locale, [pair]);
  }
  for (const localePairs of byLocale.values()) {
    // One ordinary word left in English ("Region", "Approved", "June 2"): reported unless the
    // locale's translations keep that word in English elsewhere, capitalised inside a sentence (a
    // product or company name: "Azure"). Identifiers (CustomerID, SkuId), acronyms and list
    // letters ("a.") are not words to translate.
    const loneWord = (p: QaPair) => {
      const words = prose(p.source).match(WORD) ?? [];
      return words.length === 1 && isOrdinaryWord(words[0]!) ? words[0]!.toLowerCase() : undefined;
    };
    const single = localePairs.filter((p) => p.source.trim().toLowerCase() === p.target.trim().toLowerCase() && loneWord(p) !== undefined);
    if (single.length && severityOf('qa-unchanged') !== 'off') {
      const keptInEnglish = new Map<string, number>();
      for (const p of localePairs) {
        if (p.source.trim().toLowerCase() === p.target.trim().toLowerCase()) continue;
        const names = new Set((prose(p.target).match(WORD) ?? []).slice(1).filter((x) => /^[A-Z]/.test(x)).map((x) => x.toLowerCase()));
        for (const w of names) keptInEnglish.set(w, (keptInEnglish.get(w) ?? 0) + 1);
      }
      for (const p of single) {
        if ((keptInEnglish.get(loneWord(p)!) ?? 0) < 2) report(p, 'qa-unchanged', 'the target is the English source unchanged; translate it, or confirm that it stays in English');
      }
    }
    // Length: the ratio of target to source characters, against the locale's median; only
    // sentences long enough for a ratio to mean something.
    const measured = localePairs.filter((p) => prose(p.source).trim().length >= 30);
    const ratios = measured.map((p) => prose(p.target).trim().length / prose(p.source).trim().length).sort((a, b) => a - b);
    if (ratios.length >= 20) {
      const median = ratios[Math.floor(ratios.length / 2)]!;
      for (const p of measured) {
        const ratio = prose(p.target).trim().length / prose(p.source).trim().length;
        if (ratio > median * 2.5 || ratio < median / 2.5) {
          report(p, 'qa-length', `the target is ${ratio.toFixed(1)}× the length of the source, where this locale's norm is ${median.toFixed(1)}×; check that nothing is missing or repeated`);
        }
      }
    }
    // Consistency: the most frequent translation of an English sentence is the reference.
    const bySource = new Map<string, Map<string, QaPair[]>>();
    for (const p of localePairs) {
      const key = tmKey(p.source);
      const variants = bySource.get(key) ?? new Map<string, QaPair[]>();
      const t = tmKey(p.target);
      const group = variants.get(t);
      if (group) group.push(p);
      else variants.set(t, [p]);
      bySource.set(key, variants);
    }
    for (const variants of bySource.values()) {
      if (variants.size < 2) continue;
      const ranked = [...variants.values()].sort((a, b) => b.length - a.length);
      const reference = ranked[0]![0]!;
      for (const group of ranked.slice(1)) {
        for (const p of group) report(p, 'qa-inconsistent', `this English is translated "${reference.target.trim()}" ${ranked[0]!.length} time(s) elsewhere (${reference.file}:${reference.line}); choose one translation`);
      }
    }
  }
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
}
