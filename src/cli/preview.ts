import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from '../io/write-atomic.ts';
import { type Diagnostic, errorsOf, formatDiagnostic } from '../model/diagnostics.ts';
import { isLocaleTag } from '../model/locale-tag.ts';
import { contentRoots } from '../io/corpus.ts';
import { previewXliff, type PreviewPage } from '../pipeline/preview.ts';
import { isUiXliff } from '../pipeline/ui-strings.ts';
import { type Command, exitCodeFor, requirePaths, UsageError } from './command.ts';
import { createProgress, drawSteps } from './progress.ts';

const usage = `Usage: npx bitext preview FILE.xlf... [--content DIR]... [--out DIR]

Shows the page of each translator's XLIFF file with its targets, before anything is merged
into the site, exactly as the site will show it, and reports what the site would refuse:
inline codes that are missing, duplicated, unbalanced or unknown, units whose English
changed, MDX that would not compile (English MDX pages), problems of the document (includes
that cannot be shown) and links of the page that lead to no page. Problems are printed as
file:line:column with the unit id.

The pages are built by the site itself (the same renderer, page template, direction and
language), with the rest of the content in the site model so links, sidebars and backlinks
are the site's; only the pages of the files given are built, into OUT/site/. Each page is also
written as OUT/<locale>/<document path>.html, with its links to the site's styles and scripts
made relative, to open from disk; the merged Markdown/MDX is written beside it (.md / .mdx).

Options:
  --content DIR   where the documents are: a corpus root or a folder of roots; repeat for
                  several (default: content)
  --out DIR       where the pages go (default: a new folder in the system temp folder)
  --help          show this help

Exit codes: 0 no problems, 1 some file or page has problems (the pages are still written),
2 bad command line.
`;

export const previewCommand: Command = {
  name: 'preview',
  usage,
  async run(args) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { content: { type: 'string', multiple: true }, out: { type: 'string' } } });
    if (positionals.length === 0) throw new UsageError('name at least one XLIFF file');
    await requirePaths(positionals, 'no such XLIFF file');
    await requirePaths(values.content ?? [], 'no such content folder');
    const content = (values.content?.length ? values.content : ['content']).map((d) => resolve(d));
    const roots = await contentRoots(content).catch((error: Error) => {
      throw new UsageError(`cannot read the content folders: ${error.message}`);
    });
    const out = values.out ? resolve(values.out) : await mkdtemp(join(tmpdir(), 'bitext-preview-'));
    const diagnostics: Diagnostic[] = [];
    const previewed: { file: string; rel: string; page: PreviewPage; translated: number; units: number }[] = [];
    // A locale's UI strings (`_ui.xlf`) have no page of their own: they show on the pages previewed with them.
    const uiFiles: string[] = [];
    for (const file of positionals.map((p) => resolve(p))) {
      const result = await previewXliff(file, roots);
      diagnostics.push(...result.diagnostics);
      if (isUiXliff(file) && result.units > 0) uiFiles.push(file);
      if (!result.page) continue;
      const rel = pageName(file);
      await writeFileAtomic(join(out, `${rel}${result.page.mdx ? '.mdx' : '.md'}`), result.page.source);
      previewed.push({ file, rel, page: result.page, translated: result.translated, units: result.units });
    }
    // The pages, built by the site (src/site/build.ts) into OUT/site.
    // Astro's cache of its own, so a preview never shares one with a build or `astro dev` running beside it.
    const cacheDir = previewed.length ? await mkdtemp(join(tmpdir(), 'bitext-preview-cache-')) : undefined;
    // Loaded only when there are pages to build: it loads Astro, Vite and Starlight.
    const buildSite = cacheDir ? (await import('../site/build.ts')).buildSite : undefined;
    // The site model of the whole content is read first: on a terminal, what the build is doing.
    const progress = createProgress('preview');
    const built = cacheDir && buildSite
      ? await buildSite({ content, previewFiles: [...previewed.map((p) => p.file), ...uiFiles], out: join(out, 'site'), cacheDir, force: true, log: () => {}, progress: drawSteps(progress) }).finally(() => {
          progress.done();
          return rm(cacheDir, { recursive: true, force: true });
        })
      : undefined;
    const site = built?.preview;
    diagnostics.push(...(site?.diagnostics ?? []));
    for (const d of diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
    for (const link of site?.brokenLinks ?? []) process.stderr.write(`${link.file}:${link.line}:${link.column}: link to no page: ${link.href} (${link.reason}); the page shows it as "(missing page)"\n`);
    for (const p of previewed) {
      const page = site?.pages.find((s) => s.locale === p.page.lang.toLowerCase() && (s.file === p.page.document || p.page.document.endsWith(`/${s.relPath}`)));
      if (!page) {
        process.stdout.write(`${p.file}: no page (the site builds none for this document)\n`);
        continue;
      }
      const html = join(out, `${p.rel}.html`);
      const depth = p.rel.split('/').length - 1;
      await writeFileAtomic(html, relativeUrls(await readFile(join(out, 'site', page.url, 'index.html'), 'utf8'), `${'../'.repeat(depth)}site/`));
      process.stdout.write(`${html}  (${p.translated} of ${p.units} units translated; the site's page: ${join(out, 'site', page.url, 'index.html')})\n`);
    }
    const problems = errorsOf(diagnostics).length + (site?.brokenLinks.length ?? 0);
    process.stdout.write(problems ? `${problems} problems: the pages show them as the site would (previous text for a refused unit, a mark for a missing page)\n` : 'no problems: the files merge as shown\n');
    return exitCodeFor(diagnostics, (site?.brokenLinks.length ?? 0) > 0);
  },
};

/**
 * A built page that opens from disk: its URLs from the site's root (`/_astro/…`, `/ru-ru/…`)
 * lead into `prefix`, the site folder relative to the page's file.
 */
function relativeUrls(html: string, prefix: string): string {
  return html.replace(/\b(href|src)="\/(?!\/)/g, `$1="${prefix}`);
}

/** `xliff/ru-ru/bitext/index.xlf` → `ru-ru/bitext/index`: the file's path from its locale folder on. */
function pageName(file: string): string {
  const parts = file.split(/[\\/]/);
  const at = parts.findLastIndex((p) => p.includes('-') && isLocaleTag(p));
  return (at >= 0 ? parts.slice(at) : parts.slice(-1)).join('/').replace(/\.(xlf|xliff)$/i, '');
}
