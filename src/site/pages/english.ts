/**
 * Page kinds `mdx` and `markdown`: English pages written by us. They are added before the English
 * rebuilt from sxs, which they win over.
 */
import { join } from 'node:path';
import { ENGLISH_CODE } from '../locales.ts';
import { docsetOf, entryId } from '../slugs.ts';
import { redirectedSlug, type RedirectTarget } from '../redirects.ts';
import type { PageSet } from './page-set.ts';
import type { RootFiles } from './roots.ts';
import { dropLeadingH1, frontMatterOf, stripFrontMatter } from './text.ts';
import { englishHeadings } from '../english-headings.ts';

export function addEnglishPages(set: PageSet, roots: RootFiles[], redirects: Map<string, RedirectTarget>): void {
  for (const r of roots) {
    for (const e of r.english) {
      const slug = redirectedSlug(redirects, e.relPath);
      const fm = frontMatterOf(e.text, join(r.root.dir, e.relPath), set.diagnostics);
      const body = stripFrontMatter(e.text);
      const markdown = e.kind === 'markdown' ? (typeof fm.title === 'string' ? body : dropLeadingH1(body)) : undefined;
      set.add({
        id: entryId(ENGLISH_CODE, slug),
        locale: ENGLISH_CODE,
        slug,
        kind: e.kind,
        root: r.index,
        relPath: e.relPath,
        file: join(r.root.dir, e.relPath),
        docset: docsetOf(e.relPath),
        title: typeof fm.title === 'string' ? fm.title : (/^#\s+(.+)$/m.exec(body)?.[1]?.trim() ?? slug),
        ...(typeof fm.description === 'string' ? { description: fm.description } : {}),
        ...(markdown !== undefined ? { markdown } : {}),
        englishHeadings: englishHeadings(markdown ?? body, e.kind === 'mdx'),
      });
    }
  }
}
