/**
 * A whole site build for a sample of fuzz cases (bench:fuzz --builds): the case's document and
 * translator's XLIFF built with `bitext build` in a child process (./../site-build.ts), then every
 * HTML page scanned for what can run. The unmutated seed is built too: what its pages have (our
 * own templates' scripts) is the baseline. A build that throws is a crash (one bad document must
 * never stop a build); a file that changes outside `--out` is a write outside.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSiteInChild } from '../site-build.ts';
import type { FuzzCase } from './cases.ts';
import { findHtmlEscapes } from './html-check.ts';
import type { Finding } from './run-case.ts';

const PROJECT = fileURLToPath(new URL('../../../', import.meta.url));

async function listFiles(dir: string, skip: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])) {
    const path = join(entry.parentPath, entry.name);
    if (path === skip || path.startsWith(skip + '/') || !entry.isFile()) continue;
    const s = await stat(path);
    files.set(relative(dir, path), `${s.size} ${s.mtimeMs}`);
  }
  return files;
}

/** Builds `document` + `xliff` of a case; returns the escapes of its pages, or the build's error. */
async function buildOne(c: FuzzCase, document: Uint8Array | string, xliff: Uint8Array | string, label: string): Promise<{ escapes: string[]; error?: string; outside: string[] }> {
  // Inside the project: MDX pages import Starlight's components from its node_modules.
  const work = await mkdtemp(join(PROJECT, `.bitext-tmp-fuzzbuild-${label}-`));
  const out = join(work, 'out');
  try {
    const docFile = join(work, 'content', c.folder, c.docPath);
    const xlf = join(work, 'xliff', c.locale, c.docPath.replace(/\.mdx?$/i, '') + '.xlf');
    for (const [file, bytes] of [[docFile, document], [xlf, xliff]] as const) {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, bytes);
    }
    const before = await listFiles(work, out);
    let scratch: string | undefined;
    try {
      ({ scratch } = await buildSiteInChild({ content: [join(work, 'content', c.folder)], xliff: join(work, 'xliff'), out, cacheDir: join(work, 'cache') }, `fuzz-${label}`));
    } catch (error) {
      return { escapes: [], error: String((error as Error).message).slice(0, 1500), outside: [] };
    } finally {
      if (scratch) await rm(scratch, { recursive: true, force: true });
    }
    const after = await listFiles(work, out);
    const outside = [...after].filter(([path, sig]) => before.get(path) !== sig && !path.startsWith('cache/')).map(([path]) => path);
    const escapes: string[] = [];
    for (const page of (await readdir(out, { recursive: true })).filter((p) => p.endsWith('.html'))) {
      for (const e of findHtmlEscapes(await readFile(join(out, page), 'utf8'))) escapes.push(`${e.kind}: ${e.tag}`);
    }
    return { escapes, outside };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

const baselines = new Map<string, Promise<Set<string>>>();

export async function buildCase(c: FuzzCase): Promise<Finding[]> {
  const key = `${c.seedName} ${c.version}`;
  if (!baselines.has(key)) {
    baselines.set(key, buildOne(c, c.baseDocument, c.baseXliff, 'base').then((b) => {
      if (b.error) throw new Error(`the unmutated seed ${c.seedName} does not build: ${b.error}`);
      return new Set(b.escapes);
    }));
  }
  const baseline = await baselines.get(key)!;
  const built = await buildOne(c, c.document, c.xliff, 'case');
  const findings: Finding[] = [];
  if (built.error) findings.push({ kind: 'crash', step: 'site build', detail: built.error });
  for (const path of built.outside) findings.push({ kind: 'write-outside', step: 'site build', detail: path });
  const escapes = [...new Set(built.escapes.filter((e) => !baseline.has(e)))];
  if (escapes.length) findings.push({ kind: 'escape', step: 'site build', detail: escapes.join(' | ').slice(0, 600) });
  return findings;
}
