/**
 * The corpora of `npm run bench:site` at a size: `1` is the ru + de corpus; `N` (a whole number)
 * is the same documents N times, each copy as docsets of their own (`<docset>-2`, …) in one root
 * per locale, hard-linked into a scratch folder (no text copied); `large` is the real large site:
 * the ru + de corpus and both sxs corpora of ../shared/corpus-large (about 12,000 pages).
 */
import { copyFile, link, mkdir, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { corpusDir, DE, RU, SHARED } from '../test/corpus.ts';

export const LARGE_CORPORA = ['Dynamics-365-Operations.ar-sa', 'OfficeDocs-SkypeForBusiness-pr.ja-jp'];

export async function sizedCorpora(size: string, scratch: string): Promise<string[]> {
  const base = [corpusDir(RU), corpusDir(DE)];
  if (size === 'large') return [...base, ...LARGE_CORPORA.map((c) => join(SHARED, 'corpus-large', c))];
  const copies = Number(size);
  if (!Number.isInteger(copies) || copies < 1) throw new Error(`bench:site: a size is a whole number of copies or "large", not "${size}"`);
  if (copies === 1) return base;
  const out: string[] = [];
  for (const dir of base) {
    const root = join(scratch, `x${copies}`, basename(dir));
    await mkdir(root, { recursive: true });
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) {
        await link(join(dir, entry.name), join(root, entry.name));
        continue;
      }
      if (entry.name.startsWith('.')) continue;
      for (let k = 1; k <= copies; k++) await linkTree(join(dir, entry.name), join(root, k === 1 ? entry.name : `${entry.name}-${k}`));
    }
    out.push(root);
  }
  return out;
}

/** A tree of hard links to `from`'s files (no text copied), or copies where a link cannot be made (another file system). */
export async function linkTree(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    if (entry.isDirectory()) await linkTree(join(from, entry.name), join(to, entry.name));
    else if (entry.isFile()) await link(join(from, entry.name), join(to, entry.name)).catch(() => copyFile(join(from, entry.name), join(to, entry.name)));
  }
}
