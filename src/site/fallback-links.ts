/**
 * An English page shown in another locale (Starlight's fallback page for a document the locale
 * lacks) reuses the English page's HTML, whose links lead to `/en/...`. Shown to a reader of
 * `ru-ru`, its links keep the reader in their language, as the links of a Russian page do
 * (./links.ts): to the `/ru-ru/` page where that locale has it, otherwise to the locale's English
 * fallback page, marked "(English)". Rewriting the rendered HTML costs far less than rendering
 * every fallback page again per locale.
 */
import { escapeAttribute, escapeText } from '../xml/escape.ts';
import { ENGLISH_CODE, siteLocale } from './locales.ts';
import type { SiteModel } from './model.ts';
import { pageUrl } from './slugs.ts';

const LINK = /<a\b([^>]*)>([\s\S]*?)<\/a>/g;
const HREF = /\bhref="\/en\/([^"#?]*?)\/?(#[^"]*)?"/;

/** The HTML of an English page as a fallback page of `readerLocale`. */
export function fallbackPageHtml(site: SiteModel, html: string, readerLocale: string): string {
  if (readerLocale === ENGLISH_CODE) return html;
  const own = site.slugs.get(readerLocale);
  const english = site.slugs.get(ENGLISH_CODE);
  const mark = `<span class="bt-lang-mark" lang="${escapeAttribute(siteLocale(ENGLISH_CODE).lang)}">${escapeText(siteLocale(readerLocale).strings.english)}</span>`;
  return html.replace(LINK, (whole, attributes: string, content: string) => {
    const href = HREF.exec(attributes);
    if (!href) return whole;
    const slug = safeDecode(href[1]!);
    const anchor = href[2] ? href[2].slice(1) : '';
    const url = escapeAttribute(pageUrl(readerLocale, slug, anchor));
    const moved = attributes.replace(HREF, `href="${url}"`);
    if (own?.has(slug)) return `<a${moved}>${content}</a>`;
    if (!english?.has(slug)) return whole;
    // The reader's fallback page of that document: its content is English, said by hreflang and the mark.
    const marked = /\bhreflang=/.test(moved) ? moved : `${moved} hreflang="${escapeAttribute(siteLocale(ENGLISH_CODE).lang)}"`;
    if (/\bclass="[^"]*\bbt-card\b/.test(attributes)) return `<a${marked}>${content.replace(/<\/span>/, ` ${mark}</span>`)}</a>`;
    return `<a${marked}>${content}</a> ${mark}`;
  });
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
