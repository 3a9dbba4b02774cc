/**
 * The include files of a content root, and every include directive its files write.
 *
 * A directive's path is resolved with the one rule of src/model/markdown/docfx-include.ts; the docset root
 * of `~/` paths is the folder of the nearest `docfx.json` above the including file, or the content
 * root when there is none. Only files of the content root are ever read (they were listed and read
 * with the root): a path that climbs out of it is refused, never opened.
 *
 * Files under an `includes/` folder are include files, not pages (DocFX docsets exclude
 * `**\/includes/**` from their pages); any other Markdown file of the root may be included too.
 * The text of an include is given in the reader's locale: the translation (or its XLIFF targets)
 * on a locale page, the English view on an English page.
 *
 * At load, every directive is checked once, where it is written (file:line:column): a missing file,
 * a path out of the content root and a cycle of includes are diagnostics.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findIncludes, resolveIncludePath } from '../model/markdown/docfx-include.ts';
import { parseSxs } from '../parse/sxs/parse.ts';
import type { SxsDocument } from '../model/types.ts';
import { type Diagnostic, diagnostic } from '../model/diagnostics.ts';
import { englishView, targetView, type TargetOf } from '../model/views.ts';
import { positionAt } from '../model/source-text.ts';

export type IncludeProblem = 'missing' | 'outside' | 'cycle' | 'limit';

export type IncludeResult =
  | { ok: true; markdown: string; relPath: string }
  | { ok: false; problem: IncludeProblem; relPath?: string; reason: string };

/** How deep includes may nest (DocFX has no limit but its cycle check; this also bounds a chain). */
export const MAX_INCLUDE_DEPTH = 10;
/** Includes one page may expand: files that include others several times must not multiply without end. */
export const MAX_INCLUDES_PER_PAGE = 1000;

/** A directive of a file: where it is and the path it names. */
export interface IncludeRef {
  from: string;
  offset: number;
  line: number;
  column: number;
  path: string;
}

/** A file of the root: its parsed document or text, or (`stored: false`) read again when included. */
type StoredFile = { doc: SxsDocument } | { text: string };
type IncludeFile = (StoredFile | { stored: false }) & { relPath: string };

/** Whether a file of a root (its path in the root) is an include file: in an `includes/` folder, which DocFX docsets leave out of their pages. */
export function isIncludeFile(relPath: string): boolean {
  return /(^|\/)includes\//i.test(relPath);
}

/** Fenced code, code spans and the English side of sxs pairs: no directive there is read. */
const NOT_READ = /^([ \t>]*)(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\1\2[ \t]*$|`[^`\n]+`|<span class="sxs-lookup">[\s\S]*?<\/span><\/span>/gm;

function blank(text: string): string {
  // A run of spaces per line, not one replacement per character: the sxs files of a docset with
  // includes are blanked whole, and per character that took 2.5 times as long.
  return text.replace(NOT_READ, (m) => m.replace(/[^\n]+/g, (line) => ' '.repeat(line.length)));
}

export class RootIncludes {
  private readonly files = new Map<string, IncludeFile>();
  private readonly docfxDirs: string[] = [];
  private readonly refs: IncludeRef[] = [];

  private readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  /** A `docfx.json` of the root: its folder is the docset root of `~/` paths below it. */
  addDocfx(relPath: string): void {
    this.docfxDirs.push(relPath.split('/').slice(0, -1).join('/'));
    this.docfxDirs.sort((a, b) => b.length - a.length);
  }

  /**
   * A Markdown file of the root: it may be included, and its own directives are checked. An
   * include file is kept; a page only by name until `release` (most are included by none, and
   * holding every page's text and document while the root is read cost a second of garbage
   * collection on the 12,000-page site).
   */
  addFile(relPath: string, text: string, doc?: SxsDocument): readonly IncludeRef[] {
    this.files.set(relPath.toLowerCase(), isIncludeFile(relPath) ? { relPath, ...includeFile(text, doc) } : { relPath, stored: false });
    if (!/\[!include/i.test(text)) return [];
    const body = blank(text);
    const refs = [...findIncludes(body)].map((m) => ({ from: relPath, offset: m.offset, ...positionAt(text, m.offset), path: m.path }));
    this.refs.push(...refs);
    return refs;
  }

  /**
   * A page (not an include file) whose text this build did not read, with the directives
   * `addFile` found in it when it was last read (./pages/parts-cache.ts).
   */
  addUnreadPage(relPath: string, refs: readonly IncludeRef[]): void {
    this.files.set(relPath.toLowerCase(), { relPath, stored: false });
    this.refs.push(...refs);
  }

  /** The folder `~/` means for a file: its nearest `docfx.json`, or the content root. */
  docsetRootOf(relPath: string): string {
    return this.docfxDirs.find((d) => d === '' || relPath.toLowerCase().startsWith(d.toLowerCase() + '/')) ?? '';
  }

  /** Where `href`, written in `from`, leads: a file of the root, or a problem. */
  target(from: string, href: string): { ok: true; relPath: string; file: StoredFile } | { ok: false; problem: IncludeProblem; relPath?: string; reason: string } {
    const resolved = resolveIncludePath(from, href, this.docsetRootOf(from));
    if (resolved.kind === 'outside') return { ok: false, problem: 'outside', reason: resolved.reason };
    const file = this.files.get(resolved.path.toLowerCase());
    if (!file) return { ok: false, problem: 'missing', relPath: resolved.path, reason: `no file ${resolved.path} in the content folder` };
    if ('stored' in file) {
      // Listed and read with the root, but kept only as a name (see `release`): read it again.
      return { ok: true, relPath: resolved.path, file: readIncludeFile(this.dir, file.relPath) };
    }
    return { ok: true, relPath: resolved.path, file };
  }

  /**
   * Once every file of the root is added: keeps the text of the files that a directive of the
   * root names (a page that one names is read again now) and only the names of the others: every
   * Markdown file of the root may be included, but holding each page's parsed document for the
   * whole build cost about as much memory as the rest of the site model. A file named by no
   * directive found at load (one only an XLIFF target or an English source names) is read again
   * when a page includes it.
   */
  release(): void {
    const named = new Set<string>();
    for (const ref of this.refs) {
      const resolved = resolveIncludePath(ref.from, ref.path, this.docsetRootOf(ref.from));
      if (resolved.kind !== 'outside') named.add(resolved.path.toLowerCase());
    }
    for (const [key, file] of this.files) {
      if (!named.has(key)) {
        if (!('stored' in file)) this.files.set(key, { relPath: file.relPath, stored: false });
      } else if ('stored' in file) {
        try {
          this.files.set(key, { relPath: file.relPath, ...readIncludeFile(this.dir, file.relPath) });
        } catch {
          // Unreadable now: left to be read when included, which reports it then.
        }
      }
    }
  }

  /** The include's Markdown (front matter kept) for a reader of `locale` (`en`: the English view). */
  include(from: string, href: string, english: boolean, targetsFor?: (doc: SxsDocument) => TargetOf | undefined): IncludeResult {
    const found = this.target(from, href);
    if (!found.ok) return found;
    const file = found.file;
    let markdown: string;
    if ('text' in file) markdown = file.text;
    else if (english || file.doc.segments.length === 0) markdown = englishView(file.doc);
    else {
      const targetOf = targetsFor?.(file.doc);
      markdown = targetOf ? targetView(file.doc, targetOf) : targetView(file.doc);
    }
    return { ok: true, markdown, relPath: found.relPath };
  }

  /** Diagnostics of every directive of the root: missing file, out of the root, cycle. */
  diagnostics(): Diagnostic[] {
    const out: Diagnostic[] = [];
    const edges = new Map<string, { to: string; ref: IncludeRef }[]>();
    for (const ref of this.refs) {
      const found = this.target(ref.from, ref.path);
      const where = { file: join(this.dir, ref.from), line: ref.line, column: ref.column };
      if (found.ok) {
        const key = ref.from.toLowerCase();
        const list = edges.get(key) ?? [];
        list.push({ to: found.relPath.toLowerCase(), ref });
        edges.set(key, list);
      } else if (found.problem === 'outside') {
        out.push(diagnostic('include-outside-root', where, `the include ${ref.path} was not read: ${found.reason}; include only files inside the content folder`));
      } else {
        out.push(diagnostic('include-missing', where, `the include ${ref.path} names a file that does not exist (${found.reason}); the page shows a "missing include" mark: add the file or fix the path`));
      }
    }
    // A cycle: a directive whose target reaches back to the file that writes it.
    const reaches = (start: string, goal: string): string[] | undefined => {
      const seen = new Set<string>();
      const stack: { at: string; chain: string[] }[] = [{ at: start, chain: [start] }];
      while (stack.length) {
        const { at, chain } = stack.pop()!;
        if (at === goal) return chain;
        if (seen.has(at)) continue;
        seen.add(at);
        for (const e of edges.get(at) ?? []) stack.push({ at: e.to, chain: [...chain, e.to] });
      }
      return undefined;
    };
    for (const [from, list] of edges) {
      for (const { to, ref } of list) {
        const chain = reaches(to, from);
        if (!chain) continue;
        out.push(diagnostic('include-cycle', { file: join(this.dir, ref.from), line: ref.line, column: ref.column }, `the include ${ref.path} leads back to this file (${[from, ...chain].join(' → ')}); the page shows an "include cycle" mark: remove one include of the cycle`));
      }
    }
    return out.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  }

  /** Directives written in the root (for counts). */
  get references(): number {
    return this.refs.length;
  }
}

/** A file of the root read and parsed as `target` gives it. */
function readIncludeFile(dir: string, relPath: string): StoredFile {
  const text = readFileSync(join(dir, relPath), 'utf8');
  return includeFile(text, parseSxs(text, relPath));
}

function includeFile(text: string, doc: SxsDocument | undefined): StoredFile {
  return doc && (doc.segments.length > 0 || doc.locale) ? { doc } : { text };
}
