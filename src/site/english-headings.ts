/**
 * The headings of an English page, read when the site model loads: per heading its id and
 * whether it starts a related-content section (./headings.ts applies them to every locale).
 */
import Slugger from 'github-slugger';
import { takeAnchors } from './docfx/heading-anchors.ts';
import { headingsOf, headingText, type EnglishHeading } from './headings.ts';
import { parseSiteMarkdown } from './markdown.ts';
import { isRelatedName } from './related.ts';

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ATX = /^ {0,3}#{1,6}(?:[ \t]|$)/;
const QUOTE = /^(?: {0,3}>[ \t]?)+/;

/**
 * The headings of an English page body (front matter removed), in document order. Only ATX
 * headings are looked for (outside fenced code, also in block quotes): a page with a heading of
 * another kind does not line up, and keeps its own ids.
 */
export function englishHeadings(body: string, mdx: boolean): EnglishHeading[] {
  const lines: string[] = [];
  let fence: string | undefined;
  for (const raw of body.split(/\r?\n/)) {
    const line = raw.replace(QUOTE, '');
    const f = FENCE.exec(line);
    if (fence) {
      if (f && f[1]![0] === fence[0] && f[1]!.length >= fence.length && line.trim() === f[1]) fence = undefined;
      continue;
    }
    if (f) {
      fence = f[1]!;
      continue;
    }
    if (ATX.test(line)) lines.push(line.trim());
  }
  if (lines.length === 0) return [];
  // The heading lines alone, parsed as the page is: the same inline syntax, a fraction of the work.
  const tree = parseSiteMarkdown(lines.join('\n\n'), mdx ? 'headings.mdx' : 'headings.md');
  const slugger = new Slugger();
  return headingsOf(tree).map((heading) => {
    const related = isRelatedName(headingText(heading));
    const anchors = heading.children.some((c) => c.type === 'html') ? takeAnchors(heading) : [];
    return { id: anchors[0] ?? slugger.slug(headingText(heading)), related };
  });
}
