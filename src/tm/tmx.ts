/**
 * TMX 1.4b writer (level 2: inline markup as codes). One file per language pair; one `<tu>` per
 * distinct translation of a normalised source, so a source with two targets gives two `<tu>`s
 * with the same English (TMX allows that; CAT tools show them as two matches). `usagecount` is
 * how many segment pairs carried that translation.
 *
 * No DOCTYPE is written: it is optional in TMX, and XML readers that refuse DTDs for safety
 * (ours does) would reject the file.
 */
import { isLocaleTag, localeTagProblem } from '../model/locale-tag.ts';
import { tokenizeInline } from '../model/markdown/inline.ts';
import { escapeAttribute } from '../xml/escape.ts';
import { variantsByCount, type TmOrigin, type TmUnit, type TmVariant } from './memory.ts';
import { tmxSegments, tmxText } from './tmx-codes.ts';

export interface TmxHeader {
  creationTool: string;
  creationToolVersion: string;
  sourceLang: string;
  /** When the file was made; the header's `creationdate` (omitted when undefined, for reproducible files). */
  creationDate?: Date;
  /** Language of notes and props (TMX `adminlang`), default `en-US`. */
  adminLang?: string;
}

/** Name of a pair's file: `en-US_ru-RU.tmx`. */
export function tmxFileName(sourceLang: string, targetLang: string): string {
  // The languages come from checked tags; one that is not a tag must never become a path.
  for (const tag of [sourceLang, targetLang]) if (!isLocaleTag(tag)) throw new Error(localeTagProblem(tag));
  return `${sourceLang}_${targetLang}.tmx`;
}

/** TMX dates are ISO 8601 basic format in UTC: `20210720T134500Z`. */
export function tmxDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

export function writeTmx(units: readonly TmUnit[], header: TmxHeader): string {
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push('<tmx version="1.4">');
  const attrs: [string, string][] = [
    ['creationtool', header.creationTool],
    ['creationtoolversion', header.creationToolVersion],
    ['segtype', 'sentence'],
    ['o-tmf', 'x-bitext-sxs'],
    ['adminlang', header.adminLang ?? 'en-US'],
    ['srclang', header.sourceLang],
    ['datatype', 'x-markdown'],
  ];
  if (header.creationDate) attrs.push(['creationdate', tmxDate(header.creationDate)]);
  out.push(`  <header ${attrs.map(([k, v]) => `${k}="${escapeAttribute(v)}"`).join(' ')}/>`);
  out.push('  <body>');
  for (const unit of units) {
    const variants = variantsByCount(unit);
    const sourceTokens = tokenizeInline(unit.source);
    variants.forEach((variant, k) => {
      const tuid = variants.length === 1 ? `${unit.id + 1}` : `${unit.id + 1}.${k + 1}`;
      out.push(writeTu(unit, variant, tuid, sourceTokens));
    });
  }
  out.push('  </body>');
  out.push('</tmx>');
  return out.join('\n') + '\n';
}

function writeTu(unit: TmUnit, variant: TmVariant, tuid: string, sourceTokens: ReturnType<typeof tokenizeInline>): string {
  const segs = tmxSegments(sourceTokens, tokenizeInline(variant.target));
  const lines = [`    <tu tuid="${tuid}" usagecount="${variant.count}">`];
  const first = variant.origins[0];
  if (first) lines.push(`      <prop type="x-origin">${tmxText(originLabel(first))}</prop>`);
  const types = [...new Set(variant.origins.map((o) => o.translationType).filter((t) => t !== undefined))].sort();
  if (types.length) lines.push(`      <prop type="x-translation-type">${tmxText(types.join(' '))}</prop>`);
  lines.push(`      <tuv xml:lang="${escapeAttribute(unit.sourceLang)}"><seg>${segs.source}</seg></tuv>`);
  lines.push(`      <tuv xml:lang="${escapeAttribute(unit.targetLang)}"><seg>${segs.target}</seg></tuv>`);
  lines.push('    </tu>');
  return lines.join('\n');
}

/** `partner-center-pr.ru-ru/partner-center/account-structure.md#26296-104` */
export function originLabel(origin: TmOrigin): string {
  return `${origin.corpus ? origin.corpus + '/' : ''}${origin.path}#${origin.segmentId}`;
}
