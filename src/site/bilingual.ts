/**
 * Bilingual reading mode for machine-translated pages (issue 4 §5): each translated sentence
 * keeps its English source, without the English reaching titles, the sidebar, the page TOC or
 * the search index.
 *
 * - In the page Markdown, each sentence's target is wrapped as `<span class="bt" data-bt="K">`
 *   (K: the segment's index). An inline `<span>` leaves the Markdown around it as it was: the
 *   heading collector skips raw tags, so headings and the TOC keep the target text only.
 * - The English sources are not Markdown at all: each is rendered to inline HTML straight from
 *   the segment's inline tokens (string concatenation, no second Markdown parse) and collected
 *   in one hidden block per page, `<div class="bt-sources" hidden lang="en"
 *   data-pagefind-ignore="all">`, appended after the rendered body. The client script
 *   (public/_bitext/bilingual.js) takes the hover popover and the side-by-side column from it.
 * - Links and anchors are left out of the English: the translation carries them already, so the
 *   English adds no second tab stop, no duplicate id and no second broken-link report.
 */
import type { InlineToken, Segment, SxsDocument } from '../model/types.ts';
import { renderBody } from '../model/serialize.ts';
import { publishedTarget, type TargetOf } from '../model/views.ts';
import { escapeAttribute, escapeText } from '../xml/escape.ts';
import { readerStrings } from './reader-strings.ts';

/** Where a page's text comes from: the badge and the reading mode read it. */
export interface PageTranslation {
  /** `ms.translationtype`, upper case: `MT`, `HT`, … */
  type?: string;
  /** From XLIFF: the page's sentences, how many of them a translator reviewed, and of each kind. */
  units?: number;
  reviewed?: number;
  /** Sentences as shown: machine translated (not reviewed) and reviewed; the rest is human translation. */
  sentences?: { machine: number; reviewed: number };
  /** The page carries the English source of its sentences (bilingual reading mode). */
  bilingual: boolean;
  /** The English title, shown under the title in side-by-side mode. */
  englishTitle?: string;
  /** English MDX pages (src/site/mdx-pages.ts): sentences still shown in English, and sentences whose English changed since translation. */
  untranslated?: number;
  changed?: number;
}

/** What the XLIFF layer knows about a document's units (see ./xliff-targets.ts). */
export interface UnitStatus {
  /** Sentences of the document. */
  units: number;
  /** Of those, merged units a translator reviewed (`signed-off`, `final`; 2.x `reviewed`, `final`). */
  reviewed: number;
  /** Merged units not reviewed and marked as machine translation (`leveraged-mt`, `mt-suggestion`). */
  machine: number;
  /** Merged units not reviewed and not machine translation (a translator's or the memory's text). */
  human: number;
  /** Sentences (by index) whose English changed since translation, and machine-translated ones. */
  marks?: ReadonlyMap<number, SentenceMark>;
}

/** What a sentence is marked with on the page: its English changed since translation, or machine translation. */
export type SentenceMark = 'stale' | 'machine';

/** What the client script needs of a translated page's sentences: whose they are and how they stand. */
export interface SentenceData {
  /** The document's path in its corpus and the locale tag: a suggestion names them. */
  document: string;
  locale: string;
  /** XLIFF unit id of each sentence, by index. */
  unitIds: readonly string[];
  marks?: ReadonlyMap<number, SentenceMark>;
}

/**
 * The translation a page shows (badge, reading mode): what its sentences' units say, or for a
 * page without them (an English page, a landing page) its `ms.translationtype` alone.
 */
export function shownTranslation(page: { translation?: PageTranslation; translationType?: string }): PageTranslation | undefined {
  return page.translation ?? (page.translationType ? { type: page.translationType.toUpperCase(), bilingual: false } : undefined);
}

export const SOURCES_CLASS = 'bt-sources';
/** Where the client script is served from (public/_bitext/bilingual.js). */
export const CLIENT_SCRIPT = '/_bitext/bilingual.js';

/** The page's translation facts, from its front matter and, when given, its XLIFF units. */
export function pageTranslation(doc: SxsDocument, status?: UnitStatus): PageTranslation {
  const type = doc.translationType?.toUpperCase();
  const bilingual = (type === 'MT' || (status?.machine ?? 0) > 0) && doc.segments.length > 0;
  // Sentences no unit reached keep the document's own text, of the document's translation type.
  const unmerged = status ? status.units - status.reviewed - status.machine - status.human : 0;
  return {
    ...(type ? { type } : {}),
    ...(status
      ? { units: status.units, reviewed: status.reviewed, sentences: { machine: status.machine + (type === 'MT' ? unmerged : 0), reviewed: status.reviewed } }
      : {}),
    bilingual,
    ...(bilingual && doc.title.source !== undefined && doc.title.source !== doc.title.target ? { englishTitle: doc.title.source } : {}),
  };
}

/** A sentence worth an English original: translated text (not an MDX prop, not the same as the English). */
function carriesEnglish(segment: Segment, target: string): boolean {
  return segment.context.kind !== 'attribute' && target !== segment.source && segment.source.trim() !== '';
}

/**
 * The target document (front matter included, as `targetView` gives it) with each sentence that
 * has an English original wrapped in `<span class="bt" data-bt="K">`.
 */
export function bilingualTargetView(doc: SxsDocument, targetOf: TargetOf = (s) => s.target, rtl = false): string {
  return renderBody(
    doc,
    (s, k) => {
      const target = publishedTarget(s, targetOf(s, k));
      // Right to left: a sentence left in Latin letters reads left to right inside its span.
      if (carriesEnglish(s, target)) return `<span class="bt" data-bt="${k}">${rtl ? markedIfEnglish(s, target) : target}</span>`;
      return rtl ? markedIfEnglish(s, target) : target;
    },
    doc.frontMatter?.raw ?? '',
  ).replace(/^\ufeff/, '');
}

/**
 * The target view of a right-to-left page whose sentences left in English (product names, UI
 * strings, code-like lines: Latin letters and no letter of a right-to-left script) are marked
 * `lang="en" dir="ltr"`, so their punctuation and word order read left to right inside the page.
 */
export function rtlTargetView(doc: SxsDocument, targetOf: TargetOf = (s) => s.target): string {
  return renderBody(doc, (s, k) => markedIfEnglish(s, publishedTarget(s, targetOf(s, k))), doc.frontMatter?.raw ?? '').replace(/^\ufeff/, '');
}

const LATIN = /\p{Script=Latin}/u;
const RTL_SCRIPT = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}]/u;

function markedIfEnglish(segment: Segment, target: string): string {
  if (segment.context.kind === 'attribute' || !LATIN.test(target) || RTL_SCRIPT.test(target)) return target;
  return `<span lang="en" dir="ltr">${target}</span>`;
}

/**
 * The hidden English block for a page body made by `bilingualTargetView`: one
 * `<span data-bt-src="K">` per sentence wrapped in `body` (so none for the leading H1, which the
 * body no longer has).
 */
export function englishSourcesHtml(doc: SxsDocument, body: string): string {
  return englishSourcesOf(doc, wrappedSentences(body));
}

/** The sentences (by index) wrapped in `<span class="bt" data-bt="K">` in `body`, in order. */
function wrappedSentences(body: string): number[] {
  return [...body.matchAll(/<span class="bt" data-bt="(\d+)">/g)].map((m) => Number(m[1]));
}

function englishSourcesOf(doc: SxsDocument, keys: readonly number[]): string {
  let html = '';
  for (const k of keys) {
    const s = doc.segments[k];
    if (s) html += `<span data-bt-src="${k}">${inlineTokensHtml(s.sourceTokens)}</span>`;
  }
  return html ? `<div class="${SOURCES_CLASS}" hidden lang="en" data-pagefind-ignore="all">${html}</div>` : '';
}

/**
 * The end of a translated page: its English block and the reading script, which also carries
 * the sentences' unit ids and marks (stale, machine translation) for the sentences wrapped in
 * `body`, and the document and locale that a suggestion names. All of it is data in attributes,
 * escaped; the script turns it into text only.
 */
export function bilingualTail(doc: SxsDocument, body: string, data?: SentenceData): string {
  return sentencesTail(doc, wrappedSentences(body), data);
}

/**
 * The same end for a page whose translated sentences `keys` are wrapped some other way (a locale
 * copy of an MDX page marks them for its compiler: ./english-spans.ts).
 */
export function sentencesTail(doc: SxsDocument, keys: readonly number[], data?: SentenceData): string {
  const sources = englishSourcesOf(doc, keys);
  if (!sources) return '';
  if (!data) return `${sources}<script src="${CLIENT_SCRIPT}"></script>`;
  const units: Record<string, string> = {};
  const marks: Record<string, SentenceMark> = {};
  for (const k of keys) {
    const id = data.unitIds[k];
    if (id !== undefined) units[k] = id;
    const mark = data.marks?.get(k);
    if (mark) marks[k] = mark;
  }
  const attributes =
    ` data-bt-doc="${escapeAttribute(data.document)}" data-bt-locale="${escapeAttribute(data.locale)}"` +
    ` data-bt-units="${escapeAttribute(JSON.stringify(units))}" data-bt-marks="${escapeAttribute(JSON.stringify(marks))}"` +
    ` data-bt-strings="${escapeAttribute(JSON.stringify(readerStrings(data.locale)))}"` +
    (process.env[FEEDBACK_URL_ENV] ? ` data-bt-feedback="${escapeAttribute(process.env[FEEDBACK_URL_ENV]!)}"` : '');
  return `${sources}<script src="${CLIENT_SCRIPT}"${attributes}></script>`;
}

/**
 * Where reader suggestions go, set at build time (`bitext build --feedback-url`): a URL template
 * with `{title}`, `{body}`, `{document}`, `{locale}`, `{unit}`. Without it, the reader downloads
 * the suggestion record.
 */
export const FEEDBACK_URL_ENV = 'BITEXT_FEEDBACK_URL';

/** Inline elements kept from a sentence's HTML (no attributes): formatting only. */
const KEPT_TAGS = new Set(['strong', 'em', 'b', 'i', 'u', 's', 'del', 'ins', 'sup', 'sub', 'code', 'kbd', 'mark', 'small', 'var', 'samp']);

/**
 * Inline HTML of a sentence from its tokens. Text is escaped; bold, italic and code become their
 * elements; links and anchors keep only their text; images their alt text; inline HTML keeps the
 * formatting elements of KEPT_TAGS, without attributes. Unbalanced markup stays as literal text,
 * so the result is always well-formed.
 */
export function inlineTokensHtml(tokens: readonly InlineToken[]): string {
  let out = '';
  const open: string[] = [];
  const tag = (name: string, role: string, raw: string) => {
    if (role === 'open') {
      open.push(name);
      out += `<${name}>`;
    } else if (role === 'close' && open.at(-1) === name) {
      open.pop();
      out += `</${name}>`;
    } else if (role === 'close' && open.includes(name)) {
      // Crossed markup (`**a *b** c*`): close down to it, so the HTML stays well-formed.
      while (open.length && open.at(-1) !== name) out += `</${open.pop()}>`;
      open.pop();
      out += `</${name}>`;
    } else if (role !== 'close') {
      out += escapeText(raw);
    }
  };
  for (const t of tokens) {
    switch (t.type) {
      case 'text':
        out += escapeText(t.raw);
        break;
      case 'strong':
        tag('strong', t.role, t.raw);
        break;
      case 'emphasis':
        tag('em', t.role, t.raw);
        break;
      case 'code':
        out += `<code>${escapeText(t.value)}</code>`;
        break;
      case 'link':
        if (t.role === 'isolated') out += escapeText(t.raw);
        break;
      case 'image':
        out += escapeText(t.alt);
        break;
      case 'html': {
        const name = t.name.toLowerCase();
        if (name === 'br') out += '<br>';
        else if (KEPT_TAGS.has(name) && t.role !== 'void' && t.role !== 'isolated') tag(name, t.role, t.raw);
        break;
      }
      case 'entity':
      case 'escape':
      case 'noLoc':
        out += escapeText(t.value);
        break;
      case 'include':
        out += escapeText(t.title);
        break;
      case 'directive':
        break;
    }
  }
  while (open.length) out += `</${open.pop()}>`;
  return out;
}
