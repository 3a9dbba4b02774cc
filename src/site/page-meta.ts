/**
 * What a page shows around its article, as readers of large docs sites expect it: breadcrumbs
 * (home > docset > section > page), the date of its source (`ms.date`) in the reader's date
 * format, a reading time, and the strings of these and of "Read in English" (locales/page.json).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { parseDocDate } from '../model/front-matter.ts';
import type { SiteModel, SitePage } from './model.ts';
import type { PageMeasures } from './text-measures.ts';
import { entryId, pageUrl } from './slugs.ts';
import { ENGLISH_CODE } from './locales.ts';
import { stringsFor } from './ui-strings.ts';

export interface PageStrings {
  /** Accessible name of the breadcrumb navigation. */
  breadcrumbs: string;
  /** First crumb: the site's home page in the reader's locale. */
  home: string;
  /** `{date}`: the formatted date. */
  lastUpdated: string;
  /** `{n}`: minutes. */
  readingTime: string;
  readInEnglish: string;
  /** Tooltip of the button; `{language}` is the reader's language. */
  readInEnglishTitle: string;
  /** Announced (live region) after the switch. */
  englishShown: string;
  translationShown: string;
  englishFailed: string;
  /** Footer note on pages built from a licensed corpus; `{work}`, `{holder}`, `{license}`. */
  attribution: string;
  attributionNoHolder: string;
  /** Name of the docset filter of the search box. */
  docset: string;
}

export function pageStrings(localeCode: string): PageStrings {
  return stringsFor<PageStrings>('page', localeCode);
}

/** Fills `{name}` placeholders. */
export function fillIn(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** The text of a template before and after its `{name}` placeholder, to put an element there. */
export function around(template: string, name: string): [string, string] {
  const at = template.indexOf(`{${name}}`);
  return at < 0 ? [template, ''] : [template.slice(0, at), template.slice(at + name.length + 2)];
}

/** The date in the reader's format: `2 December 2026`, `2. Dezember 2026`, `2 декабря 2026 г.`. */
export function formatDate(date: Date, lang: string): string {
  const format = intlFor(dateFormats, lang, () => new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }));
  return format ? format.format(date) : date.toISOString().slice(0, 10);
}

/** A reading time's number in the reader's digits. */
export function formatCount(n: number, lang: string): string {
  const format = intlFor(numberFormats, lang, () => new Intl.NumberFormat(lang));
  return format ? format.format(n) : String(n);
}

// Making an Intl formatter costs more than using it many times (locale data is looked up and
// resolved each time): every page of a build shows a date and a reading time, so each language's
// formatters are made once. `null` keeps a language Intl does not take from being tried again.
const dateFormats = new Map<string, Intl.DateTimeFormat | null>();
const numberFormats = new Map<string, Intl.NumberFormat | null>();
const wordSegmenters = new Map<string, Intl.Segmenter | null>();

function intlFor<T>(cache: Map<string, T | null>, lang: string, make: () => T): T | null {
  let made = cache.get(lang);
  if (made === undefined) {
    try {
      made = make();
    } catch {
      made = null;
    }
    cache.set(lang, made);
  }
  return made;
}

/** `ms.date` from the start of a file (front matter, or a YAML page's `metadata:`), read without the rest of it. */
function fileDate(file: string): Date | undefined {
  if (!file) return undefined;
  let head = '';
  try {
    const fd = openSync(file, 'r');
    try {
      const buffer = Buffer.alloc(8192);
      head = buffer.toString('utf8', 0, readSync(fd, buffer, 0, buffer.length, 0));
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
  const m = /^[ \t]*ms\.date[ \t]*:[ \t]*([^\r\n#]+)/m.exec(head);
  return m ? parseDocDate(m[1]) : undefined;
}

/**
 * The files whose `ms.date` dates a page, in order: its own, then, for a locale page, the English
 * page's (a locale version of an English MDX page, whose generated file may not carry it).
 */
export function datingFiles(site: SiteModel, page: SitePage): string[] {
  const english = page.locale !== ENGLISH_CODE ? site.pages.get(entryId(ENGLISH_CODE, page.slug))?.file : undefined;
  return english ? [page.file, english] : [page.file];
}

/** The `ms.date` of the first of `files` that has one. */
export function dateOfFiles(files: readonly string[]): Date | undefined {
  for (const file of files) {
    const date = fileDate(file);
    if (date) return date;
  }
  return undefined;
}

/**
 * When the page's source was last updated: its `ms.date` (`datingFiles`), or as read ahead
 * (`measured`, ./text-measures.ts: a build reads each file's head on the idle core, not while
 * the page renders).
 */
export function pageDate(site: SiteModel, page: SitePage, measured?: ReadonlyMap<string, PageMeasures>): Date | undefined {
  const ahead = measured?.get(page.id);
  if (ahead) return ahead.date === undefined ? undefined : new Date(ahead.date);
  return dateOfFiles(datingFiles(site, page));
}

const CJK = /^(ja|zh|ko)\b/i;

/** Minutes a reader needs for `text` (words of the language, as Intl.Segmenter cuts them): at least 1. */
export function readingMinutes(text: string, lang: string): number {
  let words = 0;
  const segmenter = intlFor(wordSegmenters, lang, () => new Intl.Segmenter(lang, { granularity: 'word' }));
  if (segmenter) {
    for (const s of segmenter.segment(text)) if (s.isWordLike) words++;
  } else words = text.split(/\s+/).filter(Boolean).length;
  // Silent reading: about 230 words a minute in European languages; Japanese and Chinese words
  // as the segmenter cuts them are shorter, and go faster.
  return Math.max(1, Math.round(words / (CJK.test(lang) ? 400 : 230)));
}

/** Reading times counted, per page of the model and language: a page read again (a fallback page in another locale) is not counted again. */
const minutesCounted = new WeakMap<SitePage, Map<string, number | undefined>>();

/** The reading time of a page's text: undefined for a page without text. */
export function readingMinutesOfText(text: string, lang: string): number | undefined {
  return text ? readingMinutes(text, lang) : undefined;
}

/**
 * A page's reading time in `lang` from its text (`text`, asked for once), or as measured ahead
 * (`measured`, ./text-measures.ts); undefined for a page without text.
 */
export function pageReadingMinutes(page: SitePage, lang: string, text: () => string, measured?: ReadonlyMap<string, PageMeasures>): number | undefined {
  let counted = minutesCounted.get(page);
  if (!counted) minutesCounted.set(page, (counted = new Map()));
  if (counted.has(lang)) return counted.get(lang);
  const ahead = measured?.get(page.id);
  const minutes = ahead?.lang === lang ? ahead.minutes : readingMinutesOfText(text(), lang);
  counted.set(lang, minutes);
  return minutes;
}

/** The text of rendered HTML, without hidden parts (search words, English sources) or code. */
export function htmlText(html: string): string {
  return html
    .replace(/<(script|style|pre)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<div[^>]*\bhidden\b[^>]*>[\s\S]*?<\/div>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[#\w]+;/g, ' ');
}

/** The prose of an MDX page: no front matter, import/export lines, code blocks, tags or `{expressions}`. */
export function mdxText(source: string): string {
  return source
    .replace(/^\ufeff?---\r?\n[\s\S]*?\r?\n---\r?\n/, '')
    .replace(/^(```|~~~)[\s\S]*?^\1[^\n]*$/gm, ' ')
    .replace(/^(import|export)\s.*$/gm, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\{[^{}]*\}/g, ' ')
    .replace(/\]\([^)]*\)/g, ']');
}

interface SidebarLink {
  type: 'link';
  label: string;
  href: string;
  isCurrent: boolean;
}
interface SidebarGroup {
  type: 'group';
  label: string;
  entries: SidebarItem[];
}
type SidebarItem = SidebarLink | SidebarGroup;

export interface Crumb {
  label: string;
  /** Absent on the current page and on sections that are no page. */
  href?: string;
}

function firstLink(entries: readonly SidebarItem[]): SidebarLink | undefined {
  for (const e of entries) {
    const link = e.type === 'link' ? (e.href.startsWith('/') ? e : undefined) : firstLink(e.entries);
    if (link) return link;
  }
  return undefined;
}

/**
 * Home > docset > section… > page. The docset is named by the first entry of its TOC (the
 * docset's title in DocFX TOCs) and leads to its front page, or to its first page; sections are
 * the TOC groups that hold the page (`path`, outermost first: ./sidebar.ts `navPathTo`); the page
 * itself ends the trail, without a link.
 */
export function breadcrumbTrail(site: SiteModel, page: SitePage, sidebar: readonly SidebarItem[], path: readonly SidebarItem[], strings: PageStrings): Crumb[] {
  if (page.slug === '') return [];
  const home: Crumb = { label: strings.home, href: pageUrl(page.locale, '') };
  const top = sidebar[0];
  const landing = page.docset ? (site.pages.get(entryId(page.locale, page.docset)) ?? site.pages.get(entryId(ENGLISH_CODE, page.docset))) : undefined;
  const docsetHref = landing ? pageUrl(page.locale, landing.slug) : firstLink(sidebar)?.href;
  const crumbs: Crumb[] = [home];
  const isLanding = landing !== undefined && landing.slug === page.slug;
  if (top && !isLanding) crumbs.push({ label: top.label, ...(docsetHref ? { href: docsetHref } : {}) });
  // The docset's own group is the docset crumb already.
  for (const group of path[0] === top ? path.slice(1) : path) crumbs.push({ label: group.label });
  crumbs.push({ label: page.title });
  return crumbs;
}
