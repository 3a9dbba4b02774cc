import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from '../io/write-atomic.ts';
import { type Diagnostic, errorsOf, formatDiagnostic } from '../model/diagnostics.ts';
import { isLocaleTag } from '../model/locale-tag.ts';
import { contentRoots } from '../site/model.ts';
import { previewXliff } from '../pipeline/preview.ts';
import { renderPreviewHtml } from '../site/preview-render.ts';
import { type Command, exitCodeFor, requirePaths, UsageError } from './command.ts';

const usage = `Usage: npx bitext preview FILE.xlf... [--content DIR]... [--out DIR]

Renders the page of each translator's XLIFF file with its targets, before anything is merged
into the site, and reports what merging would refuse: inline codes that are missing,
duplicated, unbalanced or unknown, units whose English changed, and (for English MDX pages)
MDX that would not compile. Problems are printed as file:line:column with the unit id.

Each page is written as standalone HTML to OUT/<locale>/<document path>.html; the merged
Markdown/MDX is written beside it (.mdx / .md). Sentences still in English are highlighted.

Options:
  --content DIR   where the documents are: a corpus root or a folder of roots; repeat for
                  several (default: content)
  --out DIR       where the pages go (default: a new folder in the system temp folder)
  --help          show this help

Exit codes: 0 no problems, 1 some file has problems (the pages are still written), 2 bad
command line.
`;

export const previewCommand: Command = {
  name: 'preview',
  usage,
  async run(args) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { content: { type: 'string', multiple: true }, out: { type: 'string' } } });
    if (positionals.length === 0) throw new UsageError('name at least one XLIFF file');
    await requirePaths(positionals, 'no such XLIFF file');
    await requirePaths(values.content ?? [], 'no such content folder');
    const roots = await contentRoots((values.content?.length ? values.content : ['content']).map((d) => resolve(d))).catch((error: Error) => {
      throw new UsageError(`cannot read the content folders: ${error.message}`);
    });
    const out = values.out ? resolve(values.out) : await mkdtemp(join(tmpdir(), 'bitext-preview-'));
    let problems = 0;
    const diagnostics: Diagnostic[] = [];
    for (const file of positionals.map((p) => resolve(p))) {
      const result = await previewXliff(file, roots);
      for (const d of result.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
      problems += errorsOf(result.diagnostics).length;
      diagnostics.push(...result.diagnostics);
      if (!result.page) continue;
      const rel = pageName(file);
      const html = join(out, `${rel}.html`);
      await writeFileAtomic(html, await renderPreviewHtml(result.page));
      await writeFileAtomic(join(out, `${rel}${/\.mdx$/i.test(result.page.document) ? '.mdx' : '.md'}`), result.page.source);
      process.stdout.write(`${html}  (${result.translated} of ${result.units} units translated)\n`);
    }
    process.stdout.write(problems ? `${problems} problems: the pages show those sentences as they would be merged (English or previous text)\n` : 'no problems: the files merge as shown\n');
    return exitCodeFor(diagnostics);
  },
};

/** `xliff/ru-ru/bitext/index.xlf` → `ru-ru/bitext/index`: the file's path from its locale folder on. */
function pageName(file: string): string {
  const parts = file.split(/[\\/]/);
  const at = parts.findLastIndex((p) => p.includes('-') && isLocaleTag(p));
  return (at >= 0 ? parts.slice(at) : parts.slice(-1)).join('/').replace(/\.(xlf|xliff)$/i, '');
}
