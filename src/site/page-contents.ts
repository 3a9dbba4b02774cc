/**
 * "On this page": the contents of a page, from its headings. The loader's pages keep their
 * headings out of the content store (./loader.ts), so Starlight makes their contents with only
 * its "Overview" entry, and the route middleware adds the headings here: in the levels the site
 * shows (Starlight's `tableOfContents` levels, which the route's contents carry), each heading
 * under the last one above it of a higher level, as Starlight nests them.
 */
import type { MarkdownHeading } from 'astro';

/** An entry of a page's contents, as Starlight's route data gives it to its components. */
export interface ContentsItem extends MarkdownHeading {
  children: ContentsItem[];
}

export interface PageContents {
  minHeadingLevel: number;
  maxHeadingLevel: number;
  items: ContentsItem[];
}

/** The contents with the page's headings added after the entries it has (the "Overview" entry). */
export function withHeadings(contents: PageContents, headings: readonly MarkdownHeading[]): PageContents {
  const items = contents.items.map((item) => ({ ...item, children: [...item.children] }));
  for (const heading of headings) {
    if (heading.depth < contents.minHeadingLevel || heading.depth > contents.maxHeadingLevel) continue;
    let siblings = items;
    // Down the last entries while they are of a higher level than the heading.
    for (let last = siblings.at(-1); last && last.depth < heading.depth; last = siblings.at(-1)) siblings = last.children;
    siblings.push({ depth: heading.depth, slug: heading.slug, text: heading.text, children: [] });
  }
  return { ...contents, items };
}
