/**
 * The English rebuilt from two locales of the same docs must agree where both translated the
 * same English version (`ms.openlocfilehash` equal). Where it does not, we report it: it means
 * the sxs exports segmented the English differently (FORMAT.md §5).
 */
import { frontMatterValue } from '../model/front-matter.ts';
import type { SxsDocument } from '../model/types.ts';
import { englishView } from '../model/views.ts';

export interface EnglishAgreement {
  /** The two locales compared. */
  locales: [string, string];
  /** Paths present in both with the same `ms.openlocfilehash`. */
  compared: number;
  agree: number;
  disagree: { path: string; line: number; a: string; b: string }[];
}

export function compareEnglish(a: readonly SxsDocument[], b: readonly SxsDocument[]): EnglishAgreement {
  const byPath = new Map(b.map((d) => [d.path, d]));
  const result: EnglishAgreement = { locales: [a[0]?.locale ?? '?', b[0]?.locale ?? '?'], compared: 0, agree: 0, disagree: [] };
  for (const docA of a) {
    const docB = byPath.get(docA.path);
    if (!docB) continue;
    const hashA = frontMatterValue(docA.frontMatter, 'ms.openlocfilehash');
    if (hashA === undefined || hashA !== frontMatterValue(docB.frontMatter, 'ms.openlocfilehash')) continue;
    result.compared++;
    const englishA = englishView(docA);
    const englishB = englishView(docB);
    if (englishA === englishB) {
      result.agree++;
      continue;
    }
    const { line, a: lineA, b: lineB } = firstDifference(englishA, englishB);
    result.disagree.push({ path: docA.path, line, a: lineA, b: lineB });
  }
  return result;
}

function firstDifference(a: string, b: string): { line: number; a: string; b: string } {
  const linesA = a.split('\n');
  const linesB = b.split('\n');
  let k = 0;
  while (k < linesA.length && linesA[k] === linesB[k]) k++;
  return { line: k + 1, a: linesA[k] ?? '', b: linesB[k] ?? '' };
}
