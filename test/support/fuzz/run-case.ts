/**
 * One fuzz case through the real entry points, in a folder of its own:
 *
 *   ROOT/content/<folder>/<document>        the (mutated) document
 *   ROOT/xliff/<locale>/<document>.xlf      the translator's (mutated) file, for validate/preview
 *   ROOT/w/o/r/k/out/<locale>/<document>.xlf  the same file where `extract` re-extracts it
 *
 * Steps: parse + English/target views; extraction in memory (1.2 and 2.1, read back, validated);
 * `validate` of the translator's file; `extract` into `out` over the translator's file
 * (re-extraction); `preview`; merge-back, rendered through the site's Markdown renderer (sxs) or
 * checked for code that the English page does not have (MDX).
 *
 * Findings: an exception from any step (crash), HTML that can run (compared with the unmutated
 * seed, so only what the case added counts), code in a merged MDX page that the English page
 * lacks, a path written outside `out` or read outside ROOT and the project, a translator's edit
 * (its marker) missing from `out` after re-extraction, and XLIFF written by `extract` that does
 * not validate.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from '@mdx-js/mdx';
import type { Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { SxsDocument } from '../../../src/model/types.ts';
import { englishView, targetView } from '../../../src/model/views.ts';
import { renderPreviewHtml } from '../../../src/site/preview-render.ts';
import { parseMdx } from '../../../src/parse/mdx/parse.ts';
import { parseSxs } from '../../../src/parse/sxs/parse.ts';
import { extractCorpora, writeXliff, xliffPath } from '../../../src/pipeline/extract.ts';
import { mergeXliff } from '../../../src/pipeline/merge.ts';
import { ENGLISH_CLOSE, ENGLISH_OPEN } from '../../../src/pipeline/merge-mdx.ts';
import { previewXliff } from '../../../src/pipeline/preview.ts';
import { createSiteMarkdownRenderer } from '../../../src/site/markdown.ts';
import { readXliff } from '../../../src/xliff/read.ts';
import { documentToXliff } from '../../../src/xliff/units.ts';
import { validateXliff } from '../../../src/xliff/validate/index.ts';
import type { FuzzCase } from './cases.ts';
import { EDIT_MARKER } from './cases.ts';
import { setAuditScope } from './fs-audit.ts';
import { dangerousUrl, findHtmlEscapes } from './html-check.ts';

export type FindingKind = 'crash' | 'hang' | 'escape' | 'code-injection' | 'write-outside' | 'read-outside' | 'lost-edit' | 'invalid-output';

export interface Finding {
  kind: FindingKind;
  step: string;
  detail: string;
}

const PROJECT = fileURLToPath(new URL('../../../', import.meta.url));
const FRONT_MATTER = /^\ufeff?---[ \t]*\r?\n[\s\S]*?\r?\n---[ \t]*(?:\r?\n|$)/;

let renderer: Awaited<ReturnType<typeof createSiteMarkdownRenderer>> | undefined;

async function renderSite(markdown: string): Promise<string> {
  renderer ??= await createSiteMarkdownRenderer();
  return (await renderer.render(markdown.replace(FRONT_MATTER, ''))).code;
}

function parseDocument(format: FuzzCase['format'], text: string | Uint8Array, path: string): SxsDocument {
  return format === 'mdx' ? parseMdx(text, path) : parseSxs(text, path);
}

/** What in an MDX page is code: ESM, expressions, JSX names and expression props, live URLs. */
function mdxCode(page: string): string[] {
  // The element merge-back wraps English sentences in is ours.
  const body = page.replace(FRONT_MATTER, '').replaceAll(ENGLISH_OPEN, '').replaceAll(ENGLISH_CLOSE, '');
  const tree = unified().use(remarkParse).use(remarkMdx).use(remarkGfm).parse(body) as Root;
  const out: string[] = [];
  const visit = (node: { type: string; value?: string; name?: string | null; url?: string; attributes?: { type: string; name?: string; value?: unknown }[]; children?: unknown[] }) => {
    if (node.type === 'mdxjsEsm' || node.type === 'mdxFlowExpression' || node.type === 'mdxTextExpression') out.push(`${node.type}:${node.value}`);
    if (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') {
      out.push(`jsx:${node.name ?? ''}`);
      for (const a of node.attributes ?? []) {
        if (a.type === 'mdxJsxExpressionAttribute') out.push(`spread:${String((a as { value?: unknown }).value)}`);
        else if (a.value && typeof a.value === 'object') out.push(`prop:${a.name}={${(a.value as { value: string }).value}}`);
        else out.push(`prop:${a.name}`);
      }
    }
    if ((node.type === 'link' || node.type === 'image' || node.type === 'definition') && node.url && dangerousUrl(node.url)) out.push(`url:${node.url}`);
    for (const child of (node.children ?? []) as (typeof node)[]) visit(child);
  };
  visit(tree as never);
  return out;
}

/** Items of `after` that `before` does not have as often (a multiset difference). */
function added(before: readonly string[], after: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const item of before) counts.set(item, (counts.get(item) ?? 0) + 1);
  const extra: string[] = [];
  for (const item of after) {
    const n = counts.get(item) ?? 0;
    if (n > 0) counts.set(item, n - 1);
    else extra.push(item);
  }
  return extra;
}

const short = (text: string, n = 300) => (text.length > n ? text.slice(0, n) + '…' : text);

async function listAll(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** Escapes of a page that its baseline (the unmutated seed) does not have. */
function newEscapes(html: string, baseline: string | undefined): string[] {
  const found = findHtmlEscapes(html).map((e) => `${e.kind}: ${e.tag}`);
  return baseline === undefined ? found : added(findHtmlEscapes(baseline).map((e) => `${e.kind}: ${e.tag}`), found);
}

/** Milliseconds spent per step in this worker (bench:fuzz --profile). */
export const stepTimes = new Map<string, number>();

/** Loads what the first case would otherwise load inside its time limit. */
export async function warmUp(): Promise<void> {
  await renderSite('# a\n\n`b` [c](d)\n\n```js\nx\n```\n');
  await compile('# a\n\n<B c="d">{1}</B>\n');
}

const baselines = new Map<string, Promise<{ preview?: string; site?: string; mdxCode?: string[] }>>();

export async function runCase(c: FuzzCase, root: string, onStart: () => void = () => {}): Promise<Finding[]> {
  const findings: Finding[] = [];
  const step = async <T>(name: string, run: () => Promise<T> | T): Promise<T | undefined> => {
    const begun = performance.now();
    try {
      return await run();
    } catch (error) {
      findings.push({ kind: 'crash', step: name, detail: short((error as Error)?.stack ?? String(error), 1200) });
      return undefined;
    } finally {
      stepTimes.set(name, (stepTimes.get(name) ?? 0) + performance.now() - begun);
    }
  };
  await rm(root, { recursive: true, force: true });
  const contentRoot = join(root, 'content', c.folder);
  const docFile = join(contentRoot, c.docPath);
  const translatorFile = join(root, 'xliff', c.locale, c.docPath.replace(/\.mdx?$/i, '') + '.xlf');
  const out = join(root, 'w', 'o', 'r', 'k', 'out');
  const outFile = xliffPath(out, c.locale, c.docPath);
  for (const [file, bytes] of [[docFile, c.document], [translatorFile, c.xliff], [outFile, c.xliff]] as const) {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, bytes);
  }
  const baseline = await baselineOf(c, root);
  // The time limit counts from here: the baseline is the seed's, computed once per worker.
  onStart();
  // Everything the case does from here is watched: writes only into `out`.
  setAuditScope({ write: [out], read: [root, PROJECT] });
  try {
    const doc = await step('parse', () => {
      const doc = parseDocument(c.format, c.document, c.docPath);
      englishView(doc);
      targetView(doc);
      return doc;
    });
    if (doc) {
      await step('extract in memory', () => {
        for (const version of ['1.2', '2.1'] as const) {
          const text = writeXliff(documentToXliff(doc, version, c.locale), version);
          const read = readXliff(text, 'memory.xlf');
          if (!read.file) throw new Error(`extraction wrote XLIFF ${version} that does not read back: ${read.diagnostics[0]?.message}`);
          if (version !== c.version) continue;
          const valid = validateXliff(text, 'memory.xlf');
          if (!valid.valid && !doc.diagnostics.some((d) => d.severity === 'error')) {
            findings.push({ kind: 'invalid-output', step: `extract in memory ${version}`, detail: short(valid.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).join('; ')) });
          }
        }
      });
    }
    const inputValid = await step('validate', () => validateXliff(c.xliff, translatorFile).valid);
    const markers = await step('read translator file', () => {
      const read = readXliff(new TextDecoder().decode(c.xliff), translatorFile);
      const found = new Set<string>();
      for (const unit of read.file?.units ?? []) {
        for (const part of unit.target ?? []) if (typeof part === 'string') for (const m of part.matchAll(EDIT_MARKER)) found.add(m[0]);
      }
      return { file: read.file, markers: found };
    });
    const before = new Map<string, string>();
    for (const file of await listAll(out)) before.set(file, await readFile(file, 'utf8'));
    await step('extract', () => extractCorpora({ dirs: [contentRoot], out, format: c.version, locales: [c.locale], leverage: c.index % 4 === 0 }));
    await step('re-extract keeps edits', async () => {
      const texts = await Promise.all((await listAll(out)).map(async (f) => ({ f, text: await readFile(f, 'utf8') })));
      const all = texts.map((t) => t.text).join('\n');
      const lost = [...(markers?.markers ?? [])].filter((m) => !all.includes(m));
      if (lost.length) findings.push({ kind: 'lost-edit', step: 'extract', detail: `${lost.length} of ${markers!.markers.size} edits gone after re-extraction: ${lost.slice(0, 5).join(', ')}` });
      for (const { f, text } of texts) {
        // What extract writes must validate when what it was given did.
        if (before.get(f) === text || !f.endsWith('.xlf') || (f === outFile && !inputValid)) continue;
        const valid = validateXliff(text, f);
        if (!valid.valid) findings.push({ kind: 'invalid-output', step: 'extract', detail: `${f.slice(out.length)}: ${short(valid.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.column} ${d.message}`).join('; '))}` });
      }
    });
    const hostileDocument = c.mutated === 'document' && c.format === 'mdx';
    const preview = await step('preview', () => previewXliff(translatorFile, [contentRoot]));
    if (preview?.page && !hostileDocument) {
      const escapes = newEscapes(await renderPreviewHtml(preview.page), baseline.preview);
      if (escapes.length) findings.push({ kind: 'escape', step: 'preview', detail: short(escapes.join(' | '), 600) });
    }
    if (doc && markers?.file) {
      const merged = await step('merge', () => mergeXliff(doc, markers.file, translatorFile));
      if (merged && c.format === 'sxs') {
        const html = await step('site render', () => renderSite(merged.markdown));
        const escapes = html === undefined ? [] : newEscapes(html, baseline.site);
        if (escapes.length) findings.push({ kind: 'escape', step: 'site render', detail: short(escapes.join(' | '), 600) });
      }
      if (merged && c.format === 'mdx' && !hostileDocument && baseline.mdxCode) {
        let code: string[] | undefined;
        try {
          code = mdxCode(merged.markdown);
        } catch (error) {
          findings.push({ kind: 'code-injection', step: 'merge (MDX)', detail: `the merged page does not parse as MDX, the English does: ${short((error as Error).message)}` });
        }
        const extra = code ? added(baseline.mdxCode, code) : [];
        if (extra.length) findings.push({ kind: 'code-injection', step: 'merge (MDX)', detail: short(extra.join(' | '), 600) });
      }
    }
  } finally {
    for (const v of setAuditScope(undefined)) findings.push({ kind: v.kind, step: v.call, detail: v.path });
  }
  return findings;
}

/** What the unmutated seed produces: the only HTML that may run, the only MDX code. */
function baselineOf(c: FuzzCase, root: string): Promise<{ preview?: string; site?: string; mdxCode?: string[] }> {
  const key = `${c.seedName} ${c.version}`;
  let found = baselines.get(key);
  if (!found) {
    found = (async () => {
      const base = join(root + '-baseline');
      await rm(base, { recursive: true, force: true });
      const contentRoot = join(base, 'content', c.folder);
      const xlf = join(base, 'x.xlf');
      await mkdir(dirname(join(contentRoot, c.docPath)), { recursive: true });
      await writeFile(join(contentRoot, c.docPath), c.baseDocument);
      await writeFile(xlf, c.baseXliff);
      const preview = await previewXliff(xlf, [contentRoot]).catch(() => undefined);
      const doc = parseDocument(c.format, c.baseDocument, c.docPath);
      const file = readXliff(c.baseXliff, xlf).file;
      const merged = mergeXliff(doc, file, xlf);
      const result = {
        preview: preview?.page ? await renderPreviewHtml(preview.page) : undefined,
        site: c.format === 'sxs' ? await renderSite(merged.markdown) : undefined,
        mdxCode: c.format === 'mdx' ? mdxCode(merged.markdown) : undefined,
      };
      await rm(base, { recursive: true, force: true });
      return result;
    })();
    baselines.set(key, found);
  }
  return found;
}

