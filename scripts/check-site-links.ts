/**
 * Checks a built site for internal links that lead nowhere:
 * `npx node scripts/check-site-links.ts DIST`. Prints the count and the first dead links; exit 1
 * when there is any.
 */
import { crawlInternalLinks } from '../src/site/crawl.ts';

const out = process.argv[2] ?? 'dist';
const { files, links, dead } = await crawlInternalLinks(out);
process.stdout.write(`${files} HTML files, ${links} internal links, ${dead.length} lead to no file\n`);
const byPath = new Map<string, number>();
for (const d of dead) byPath.set(d.path, (byPath.get(d.path) ?? 0) + 1);
for (const [path, n] of [...byPath].sort((a, b) => b[1] - a[1]).slice(0, 30)) process.stdout.write(`  ${n}\t${path}\t(e.g. ${dead.find((d) => d.path === path)!.file})\n`);
process.exitCode = dead.length ? 1 : 0;
