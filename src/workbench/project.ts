/**
 * What the translator's workbench (`bitext translate`) knows of a folder of XLIFF files: the
 * files with their progress, a file's units as the browser shows them, a confirmed target
 * written back into its unit (and only there), the page of a file with the targets being typed,
 * translation-memory matches and the checks of `bitext check` for one unit.
 *
 * Everything here reuses the commands' own modules: XLIFF reading (src/xliff/read.ts), the byte
 * splice of one unit (src/xliff/patch.ts `replaceUnitTarget`, `addAlternatives`), atomic writes,
 * confinement of paths (src/io), the merge and checks of `preview`/`build`
 * (src/pipeline/target-checks.ts), the site's Markdown renderer (src/site/preview-render.ts),
 * the memory of `bitext tm` (src/tm) and the QA checks of `bitext check`.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { pathInside, realPathInside } from '../io/confine.ts';
import { listFiles } from '../io/corpus.ts';
import { writeFileAtomic } from '../io/write-atomic.ts';
import type { SxsDocument } from '../model/types.ts';
import { tokenizeInline } from '../model/markdown/inline.ts';
import { termEntries, type Glossary, type TermEntry } from '../model/glossary.ts';
import { termsOfSource } from '../pipeline/glossary-terms.ts';
import { checkPair, glossaryProblems, xliffQaPair } from '../pipeline/qa-checks.ts';
import { siteLocale } from '../site/locales.ts';
import { countWords } from '../pipeline/stats.ts';
import type { TranslationMemory } from '../tm/memory.ts';
import { codedPlainText, codedToMarkdown, codeSegment, codesOf, type CodedText, type InlineCode } from '../model/coded-text.ts';
import { escapeAttribute, escapeText } from '../xml/escape.ts';
import { addAlternatives, replaceUnitTarget, TargetPatchError } from '../xliff/patch.ts';
import { readXliffTree } from '../xliff/document.ts';
import { readXliff, unitElements } from '../xliff/read.ts';
import { XLIFF_2_NS } from '../xliff/write-21.ts';
import { attr, childElements } from '../xml/tree.ts';
import type { UnitState, XliffFile, XliffUnit } from '../xliff/types.ts';
import { isMachineQualifier, segmentUnitIds } from '../xliff/units.ts';

/** A part of a text as the browser gets and sends it: text, or a reference to one of the source's codes. */
export type ClientPart = string | ClientCode;
export interface ClientCode {
  id: string;
  role: InlineCode['role'];
  /** Number shown on the chip: codes numbered in source order, a pair's halves share one. */
  n?: number;
  /** What the code stands for (its Markdown), shown on hover. */
  label?: string;
}

/** How far a unit is: what the files list counts and what Ctrl+Enter skips. */
export type Progress = 'new' | 'machine' | 'translated' | 'reviewed' | 'changed';
export const PROGRESS: readonly Progress[] = ['new', 'machine', 'translated', 'reviewed', 'changed'];

export function progressOf(unit: Pick<XliffUnit, 'target' | 'state' | 'qualifier'>): Progress {
  if (unit.target === undefined || codedToMarkdown(unit.target).trim() === '' || unit.state === 'new') return 'new';
  // needs-translation (re-extraction: the English changed) and the other needs-* states.
  if (unit.state?.startsWith('needs-')) return 'changed';
  if (unit.state === 'final' || unit.state === 'signed-off') return 'reviewed';
  if (isMachineQualifier(unit.qualifier)) return 'machine';
  return 'translated';
}

export interface FileSummary {
  path: string;
  locale: string;
  original: string;
  units: number;
  words: number;
  /** Per progress: sentences and words. */
  sentences: Record<Progress, number>;
  wordsBy: Record<Progress, number>;
  error?: string | undefined;
  /** Not read yet: the counts come with a later request. */
  pending?: boolean;
}

export interface ClientUnit {
  id: string;
  source: ClientPart[];
  target: ClientPart[] | null;
  state: string | null;
  qualifier: string | null;
  progress: Progress;
  notes: string[];
  words: number;
  metadata?: string;
  /** Why the unit cannot be edited here, when it cannot. */
  readOnly?: string;
  /** Alternative translations the file keeps for the unit (previous versions, readers' suggestions, kept edits). */
  alternatives?: { target: ClientPart[]; origin: string; similarity?: number; source: string }[];
}

export interface LoadedFile {
  path: string;
  version: string;
  mtime: number;
  locale: string;
  dir: 'ltr' | 'rtl';
  original: string;
  units: ClientUnit[];
}

/** A request the workbench refuses: its HTTP status and a message for the translator. */
export class WorkbenchError extends Error {
  readonly status: number;
  readonly details: Record<string, unknown>;
  constructor(status: number, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.status = status;
    this.details = details;
  }
}

const XLIFF_EXTENSIONS = ['.xlf', '.xliff'];
/** A file that names no source language is English, as the memory assumes (src/tm/memory.ts DEFAULT_SOURCE_LANG). */
const SOURCE_LANG = 'en-US';

export function versionOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64url').slice(0, 22);
}

export class Project {
  readonly root: string;
  readonly content: readonly string[];
  private roots: Promise<string[]> | undefined;
  private memory: Promise<TranslationMemory> | undefined;
  private readonly summaries = new Map<string, { key: string; summary: FileSummary }>();
  private readonly documents = new Map<string, { version: string; doc: SxsDocument | undefined }>();

  private readonly contentRootsOf: (dirs: string[]) => Promise<string[]>;
  private readonly glossaryPaths: readonly string[];
  private glossaries: Promise<Glossary[]> | undefined;

  constructor(root: string, content: readonly string[], contentRootsOf: (dirs: string[]) => Promise<string[]>, glossaryPaths: readonly string[] = []) {
    this.contentRootsOf = contentRootsOf;
    this.glossaryPaths = glossaryPaths;
    this.root = resolve(root);
    this.content = content.map((d) => resolve(d));
  }

  /** The absolute path of a file named by the browser, refused unless it is an XLIFF file inside the folder. */
  async resolve(rel: unknown): Promise<string> {
    if (typeof rel !== 'string' || !rel) throw new WorkbenchError(400, 'name a file');
    const abs = pathInside(this.root, rel);
    if (!abs || !XLIFF_EXTENSIONS.includes(extname(abs).toLowerCase()) || !(await realPathInside(this.root, abs))) {
      throw new WorkbenchError(403, `"${rel}" is not an XLIFF file inside ${this.root}`);
    }
    return abs;
  }

  /**
   * Every XLIFF file of the folder with its progress. The list answers at once: a file not yet
   * summarized (or changed since) is listed with `pending: true` and summarized in the
   * background, so the browser shows the list while a big folder is still being read.
   */
  async files(): Promise<{ files: FileSummary[]; pending: number }> {
    const paths = (await listFiles(this.root, XLIFF_EXTENSIONS)).filter((rel) => !/\.kept\.xlf$/i.test(rel));
    const out: FileSummary[] = [];
    const todo: { rel: string; key: string }[] = [];
    for (const rel of paths) {
      const info = await stat(resolve(this.root, rel)).catch(() => undefined);
      if (!info) continue;
      const key = `${info.mtimeMs}:${info.size}`;
      const cached = this.summaries.get(rel);
      if (cached?.key === key) out.push(cached.summary);
      else {
        out.push(cached ? { ...cached.summary, pending: true } : { ...summarize(rel, undefined), error: undefined, pending: true });
        todo.push({ rel, key });
      }
    }
    if (todo.length) this.summarizeInBackground(todo);
    return { files: out, pending: todo.length };
  }

  private summarizing: Promise<void> | undefined;

  private summarizeInBackground(todo: { rel: string; key: string }[]): void {
    if (this.summarizing) return;
    this.summarizing = (async () => {
      for (const { rel, key } of todo) {
        const bytes = await readFile(resolve(this.root, rel)).catch(() => undefined);
        if (bytes) this.summaries.set(rel, { key, summary: summarize(rel, readXliff(bytes, rel).file) });
        // Let requests in between files.
        await new Promise((done) => setImmediate(done));
      }
    })().finally(() => (this.summarizing = undefined));
  }

  private async read(rel: string): Promise<{ abs: string; bytes: Uint8Array; version: string; mtime: number; file: XliffFile }> {
    const abs = await this.resolve(rel);
    const bytes = await readFile(abs).catch(() => {
      throw new WorkbenchError(404, `no such file: ${rel}`);
    });
    const mtime = (await stat(abs)).mtimeMs;
    const read = readXliff(bytes, abs);
    if (!read.file) throw new WorkbenchError(422, `${rel} cannot be read: ${read.diagnostics.map((d) => d.message).join('; ')}`);
    return { abs, bytes, version: versionOf(bytes), mtime, file: read.file };
  }

  async load(rel: string): Promise<LoadedFile> {
    const { bytes, version, mtime, file } = await this.read(rel);
    this.warmUp();
    // A 2.x unit of several segments (or with ignorables) cannot take one target back: shown, not edited.
    const split = new Set<string>();
    if (file.version !== '1.2') {
      const root = readXliffTree(bytes, rel).tree?.doc.root;
      for (const e of root ? unitElements(root) : []) {
        if (childElements(e, XLIFF_2_NS).filter((c) => c.name === 'segment' || c.name === 'ignorable').length > 1) split.add(attr(e, 'id') ?? '');
      }
    }
    return {
      path: rel,
      version,
      mtime,
      locale: file.targetLanguage,
      dir: siteLocale(file.targetLanguage).dir,
      original: file.original,
      units: file.units.filter((u) => u.translate).map((u) => (split.has(u.id) ? { ...clientUnit(u), readOnly: 'this unit has several segments; edit it in a CAT tool' } : clientUnit(u))),
    };
  }

  /**
   * Writes one unit's target and state into the file, when the file is still the one the
   * translator loaded (`version`); otherwise 409 with the unit as it is on disk now.
   */
  async save(rel: string, version: unknown, unitId: unknown, parts: unknown, state: unknown): Promise<{ version: string; unit: ClientUnit }> {
    const { abs, bytes, version: current, file } = await this.read(rel);
    const unit = file.units.find((u) => u.id === unitId);
    if (!unit) throw new WorkbenchError(404, `${rel} has no unit "${String(unitId)}"`);
    if (version !== current) {
      throw new WorkbenchError(409, `${rel} changed on disk since you opened it`, { version: current, unit: clientUnit(unit) });
    }
    if (typeof state !== 'string' || !['final', 'translated', 'signed-off', 'needs-review-translation'].includes(state)) throw new WorkbenchError(400, 'state must be final, signed-off, translated or needs-review-translation');
    const target = fromClient(unit, parts);
    if (state === 'final' || state === 'signed-off') {
      const codes = checkPair(xliffQaPair(file.original, file.targetLanguage, unit, target)).filter((p) => p.code === 'qa-codes');
      if (codes.length) throw new WorkbenchError(422, codes.map((p) => p.message).join('; '));
    }
    const text = decodeUtf8(bytes, rel);
    let patched: string;
    try {
      patched = replaceUnitTarget(text, unit.id, target, state as UnitState);
    } catch (error) {
      if (error instanceof TargetPatchError) throw new WorkbenchError(422, `${rel}: ${error.message}`);
      throw error;
    }
    const out = new TextEncoder().encode(patched);
    await writeFileAtomic(abs, out);
    const saved = readXliff(out, abs).file?.units.find((u) => u.id === unit.id);
    return { version: versionOf(out), unit: clientUnit(saved ?? { ...unit, target, state: state as UnitState }) };
  }

  /** The translator's text for a unit kept as an alternative translation of the file as it is now (after a change on disk). */
  async keepAsAlternative(rel: string, unitId: unknown, parts: unknown): Promise<{ version: string }> {
    const { abs, bytes, file } = await this.read(rel);
    const unit = file.units.find((u) => u.id === unitId);
    if (!unit) throw new WorkbenchError(404, `${rel} has no unit "${String(unitId)}"`);
    const target = fromClient(unit, parts);
    const patched = addAlternatives(decodeUtf8(bytes, rel), file.version, new Map([[unit.id, [{ source: unit.source, target, origin: 'bitext-translate', edited: true }]]]));
    if (patched === undefined) throw new WorkbenchError(422, `${rel} cannot take an alternative translation`);
    const out = new TextEncoder().encode(patched);
    await writeFileAtomic(abs, out);
    return { version: versionOf(out) };
  }

  private async document(rel: string, abs: string, bytes: Uint8Array, version: string): Promise<SxsDocument | undefined> {
    const cached = this.documents.get(rel);
    if (cached?.version === version) return cached.doc;
    this.roots ??= this.contentRootsOf([...this.content]).catch(() => []);
    const { checkXliffFile } = await import('../pipeline/target-checks.ts');
    const checked = await checkXliffFile(abs, await this.roots, { bytes, missing: 'silent' });
    this.documents.set(rel, { version, doc: checked.doc });
    return checked.doc;
  }

  /**
   * The page of a file with the targets the browser has (saved or not), rendered by the site's
   * renderer. Each sentence is wrapped in two empty marks, `<span class=wb-s data-k=K>` and
   * `<span class=wb-e data-k=K>`, so the browser can highlight it and find it from a click;
   * `units` maps K to the unit id.
   */
  async preview(rel: string, targets: unknown): Promise<{ html: string; units: Record<number, string> }> {
    const { abs, bytes, version, file } = await this.read(rel);
    const edited = typeof targets === 'object' && targets !== null ? (targets as Record<string, unknown>) : {};
    const units = file.units.map((u) => (Object.hasOwn(edited, u.id) ? { ...u, target: fromClient(u, edited[u.id]), state: u.state ?? 'translated' } : u));
    const dir = siteLocale(file.targetLanguage).dir;
    // A TOC and the site's interface strings have no page: their names are listed.
    if (/(^|\/)toc\.ya?ml$/i.test(file.original)) return listPreview(units, file.targetLanguage, dir, "Table of contents: the entry names of the site's sidebar.");
    if (file.original === '_ui') return listPreview(units, file.targetLanguage, dir, "The site's interface strings: menus, buttons, notices.");
    const doc = await this.document(rel, abs, bytes, version);
    if (!doc) return listPreview(units, file.targetLanguage, dir, `The document of this file ("${file.original}") is in none of the content folders (${this.content.join(', ')}), so its page cannot be shown; start bitext translate with --content DIR.`);
    // Loaded on first use: the merge (MDX compiler) and the renderer (Sätteri, Shiki) take seconds to load, the server starts without them.
    const [{ mergeChecked }, { renderPreviewHtml }, { frontMatterData, stripFrontMatter }, { renderBody }, { publishedTarget }] = await Promise.all([
      import('../pipeline/target-checks.ts'),
      import('../site/preview-render.ts'),
      import('../model/front-matter.ts'),
      import('../model/serialize.ts'),
      import('../model/views.ts'),
    ]);
    const merged = mergeChecked(doc, { ...file, units }, abs);
    const ids = segmentUnitIds(doc.segments);
    const body = renderBody(
      doc,
      (s, k) => {
        const target = merged.targetOf(s, k);
        return `${MARK_OPEN}${digits(k)}${MARK_OPEN_END}${doc.format === 'mdx' ? target : publishedTarget(s, target)}${MARK_CLOSE}${digits(k)}${MARK_CLOSE_END}`;
      },
      merged.frontMatterRaw ?? '',
    );
    const title = frontMatterData(merged.markdown).title;
    const html = await renderPreviewHtml({ body: stripFrontMatter(body), mdx: doc.format === 'mdx', lang: file.targetLanguage, title: typeof title === 'string' ? title : file.original });
    const map: Record<number, string> = {};
    ids.forEach((id, k) => (map[k] = id));
    return { html: placeMarks(html).replace(/^(<!doctype html>\n<html) /i, `$1 dir="${dir}" `), units: map };
  }

  private loadMemory(): Promise<TranslationMemory> {
    this.memory ??= (async () => {
      const [{ DEFAULT_MEMORY_DIR, memoryFromCorpora }, { DEFAULT_SOURCE_LANG, TranslationMemory }] = await Promise.all([import('../pipeline/tm-load.ts'), import('../tm/memory.ts')]);
      const memory = new TranslationMemory();
      const dirs = [...this.content];
      if (await stat(DEFAULT_MEMORY_DIR).then((s) => s.isDirectory(), () => false)) dirs.push(resolve(DEFAULT_MEMORY_DIR));
      await memoryFromCorpora(dirs, { memory }).catch(() => undefined);
      // The translations of the folder itself: every unit with a target that is not machine translation.
      for (const rel of await listFiles(this.root, XLIFF_EXTENSIONS).catch(() => [])) {
        const file = readXliff(await readFile(resolve(this.root, rel)), rel).file;
        if (!file) continue;
        for (const u of file.units) {
          if (u.target === undefined || u.metadata || progressOf(u) === 'new' || progressOf(u) === 'machine' || progressOf(u) === 'changed') continue;
          memory.add({ source: codedToMarkdown(u.source), target: codedToMarkdown(u.target), sourceLang: file.sourceLanguage || DEFAULT_SOURCE_LANG, targetLang: file.targetLanguage, origin: { path: rel, segmentId: u.id } });
        }
      }
      return memory;
    })();
    return this.memory;
  }

  /** Starts reading the memory and loading the renderer, so the first lookup and preview wait less. */
  warmUp(): void {
    if (this.warming) return;
    this.warming = true;
    void import('../site/preview-render.ts').catch(() => undefined);
    // The memory reads every document of the content folders: after the file is on screen.
    setTimeout(() => void this.loadMemory(), 1500).unref();
  }

  private warming = false;

  /** The glossary entries for a language: the files named and the project's glossary/ folder, as `bitext check` reads them. */
  private async termEntries(targetLang: string): Promise<TermEntry[]> {
    this.glossaries ??= (async () => {
      const { loadGlossaries } = await import('../tm/glossary-read.ts');
      return (await loadGlossaries(this.glossaryPaths).catch(() => ({ glossaries: [] as Glossary[] }))).glossaries;
    })();
    return termEntries(await this.glossaries, targetLang);
  }

  /** The glossary terms of a unit's English, with their translations. */
  async terms(rel: string, unitId: unknown): Promise<{ source: string; translations: string[]; forbidden: string[]; note?: string }[]> {
    const { file } = await this.read(rel);
    const unit = file.units.find((u) => u.id === unitId);
    if (!unit) throw new WorkbenchError(404, `${rel} has no unit "${String(unitId)}"`);
    return termsOfSource(unit.source, await this.termEntries(file.targetLanguage)).map(({ entry }) => {
      const note = entry.definition ?? entry.note;
      return { source: entry.source, translations: entry.translations, forbidden: entry.forbidden, ...(note ? { note } : {}) };
    });
  }

  /** Exact and fuzzy matches for a unit's source, each target coded with the unit's own codes. */
  async matches(rel: string, unitId: unknown): Promise<{ similarity: number; exact: boolean; source: string; target: ClientPart[]; origin: string }[]> {
    const { file } = await this.read(rel);
    const unit = file.units.find((u) => u.id === unitId);
    if (!unit) throw new WorkbenchError(404, `${rel} has no unit "${String(unitId)}"`);
    const memory = await this.loadMemory();
    const source = codedToMarkdown(unit.source);
    const found = memory.lookup(source, { targetLang: file.targetLanguage, sourceLang: file.sourceLanguage || SOURCE_LANG, min: 60, limit: 5 });
    const numbers = codeNumbers(unit.source);
    return found
      .filter((m) => !(m.variant.origins.length === 1 && m.variant.origins[0]!.path === rel && m.variant.origins[0]!.segmentId === unit.id))
      .map((m) => {
        // The match's target coded against its own source, then its codes taken as the unit's
        // codes with the same Markdown (codes the unit lacks stay text).
        const coded = codeSegment(tokenizeInline(m.unit.source), tokenizeInline(m.variant.target));
        const bySignature = new Map<string, InlineCode[]>();
        for (const c of codesOf(unit.source)) bySignature.set(`${c.role}\u0000${c.data}`, [...(bySignature.get(`${c.role}\u0000${c.data}`) ?? []), c]);
        const target: ClientPart[] = [];
        for (const part of coded.target) {
          if (typeof part === 'string') target.push(part);
          else {
            const own = bySignature.get(`${part.role}\u0000${part.data}`)?.shift();
            target.push(own ? clientCode(own, numbers) : part.data);
          }
        }
        const origin = m.variant.origins[0];
        return { similarity: m.similarity, exact: m.exact, source: m.unit.source, target: mergeStrings(target), origin: origin ? `${origin.path}${origin.segmentId ? ` (${origin.segmentId})` : ''}` : '' };
      });
  }

  /** `bitext check`'s checks of one pair, for the target being typed. */
  async check(rel: string, unitId: unknown, parts: unknown): Promise<{ code: string; severity: string; message: string }[]> {
    const { file } = await this.read(rel);
    const unit = file.units.find((u) => u.id === unitId);
    if (!unit) throw new WorkbenchError(404, `${rel} has no unit "${String(unitId)}"`);
    const target = fromClient(unit, parts);
    const pair = xliffQaPair(file.original, file.targetLanguage, unit, target);
    const problems = checkPair(pair).map((p) => ({ code: p.code as string, severity: p.code === 'qa-codes' || p.code === 'qa-numbers' || p.code === 'qa-urls' || p.code === 'qa-placeholders' ? 'error' : 'warning', message: p.message }));
    if (pair.target.trim()) for (const message of glossaryProblems(pair, await this.termEntries(file.targetLanguage))) problems.push({ code: 'qa-glossary', severity: 'error', message });
    return problems;
  }
}

/**
 * A file without a page (a TOC: the names of its entries; the site's interface strings; a
 * document not found): the preview lists its units, the translation beside the English, marked
 * like a page's sentences.
 */
function listPreview(units: readonly XliffUnit[], lang: string, dir: 'ltr' | 'rtl', caption: string): { html: string; units: Record<number, string> } {
  const map: Record<number, string> = {};
  const items = units.map((u, k) => {
    map[k] = u.id;
    const target = u.target === undefined ? '' : codedPlainText(u.target);
    return `<li><span class=wb-s data-k=${k}></span>${escapeText(target)}<span class=wb-e data-k=${k}></span> <small lang="en">(${escapeText(codedPlainText(u.source))})</small></li>`;
  });
  return {
    html: `<!doctype html>\n<html dir="${dir}" lang="${escapeAttribute(lang)}"><head><meta charset="utf-8"><title>${escapeText(caption)}</title><style>body{font:16px/1.5 system-ui,sans-serif;margin:1rem}small{color:#555}</style></head><body><p lang="en" dir="ltr">${escapeText(caption)}</p><ul>${items.join('')}</ul></body></html>\n`,
    units: map,
  };
}

function summarize(path: string, file: XliffFile | undefined): FileSummary {
  const zero = () => ({ new: 0, machine: 0, translated: 0, reviewed: 0, changed: 0 });
  const summary: FileSummary = { path, locale: file?.targetLanguage ?? path.split('/')[0] ?? '', original: file?.original ?? '', units: 0, words: 0, sentences: zero(), wordsBy: zero() };
  if (!file) return { ...summary, error: 'cannot be read (bitext validate says why)' };
  for (const unit of file.units) {
    if (!unit.translate) continue;
    const words = countWords(codedPlainText(unit.source));
    const p = progressOf(unit);
    summary.units++;
    summary.words += words;
    summary.sentences[p]++;
    summary.wordsBy[p] += words;
  }
  return summary;
}

/** Chip numbers of a source's codes: in order, a pair's halves sharing one. */
function codeNumbers(source: CodedText): Map<string, number> {
  const numbers = new Map<string, number>();
  for (const code of codesOf(source)) if (!numbers.has(code.id)) numbers.set(code.id, numbers.size + 1);
  return numbers;
}

function clientCode(code: InlineCode, numbers: Map<string, number>): ClientCode {
  const n = numbers.get(code.id);
  return { id: code.id, role: code.role, ...(n === undefined ? {} : { n }), label: code.data };
}

function toClient(parts: CodedText, numbers: Map<string, number>): ClientPart[] {
  return parts.map((p) => (typeof p === 'string' ? p : clientCode(p, numbers)));
}

function clientUnit(unit: XliffUnit): ClientUnit {
  const numbers = codeNumbers(unit.source);
  const out: ClientUnit = {
    id: unit.id,
    source: toClient(unit.source, numbers),
    target: unit.target === undefined ? null : toClient(unit.target, numbers),
    state: unit.state ?? null,
    qualifier: unit.qualifier ?? null,
    progress: progressOf(unit),
    notes: unit.notes.map((n) => n.text),
    words: countWords(codedPlainText(unit.source)),
  };
  if (unit.metadata) out.metadata = unit.metadata;
  if (unit.alternatives.length) {
    out.alternatives = unit.alternatives.map((a) => ({
      // Codes of the alternative are the unit's when they are (same id and role), else their Markdown as text.
      target: mergeStrings(a.target.map((p) => (typeof p === 'string' ? p : codesOf(unit.source).some((c) => c.id === p.id && c.role === p.role) ? clientCode(p, numbers) : p.data))),
      origin: a.origin ?? '',
      source: codedToMarkdown(a.source),
      ...(a.similarity === undefined ? {} : { similarity: a.similarity }),
    }));
  }
  return out;
}

/**
 * A target sent by the browser as coded text: its text as typed, its codes the unit's own
 * source codes (by id and role; the browser's data is never read), so a target can hold only
 * codes its source has.
 */
function fromClient(unit: XliffUnit, parts: unknown): CodedText {
  if (!Array.isArray(parts)) throw new WorkbenchError(400, 'the target must be a list of text and codes');
  const out: CodedText = [];
  for (const part of parts) {
    if (typeof part === 'string') {
      const last = out[out.length - 1];
      if (typeof last === 'string') out[out.length - 1] = last + part;
      else if (part) out.push(part);
      continue;
    }
    const ref = part as { id?: unknown; role?: unknown };
    const code = codesOf(unit.source).find((c) => c.id === ref.id && c.role === ref.role);
    if (!code) throw new WorkbenchError(400, `unit "${unit.id}" has no code ${String(ref.id)} (${String(ref.role)}) in its source`);
    out.push({ ...code, line: undefined, column: undefined } as InlineCode);
  }
  for (const c of out) if (typeof c !== 'string') (delete c.line, delete c.column);
  return out;
}

function mergeStrings(parts: ClientPart[]): ClientPart[] {
  const out: ClientPart[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (typeof p === 'string' && typeof last === 'string') out[out.length - 1] = last + p;
    else out.push(p);
  }
  return out;
}

function decodeUtf8(bytes: Uint8Array, rel: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new WorkbenchError(422, `${rel} is not UTF-8; the workbench writes UTF-8 files only (save it as UTF-8 in your tool)`);
  }
}

// Sentence marks in the page Markdown: Unicode punctuation (so emphasis next to them parses as
// next to any punctuation), the sentence index in private-use digits between.
const MARK_OPEN = '\u2e22';
const MARK_OPEN_END = '\u2e23';
const MARK_CLOSE = '\u2e24';
const MARK_CLOSE_END = '\u2e25';
const DIGIT_ZERO = 0xe0f0;

function digits(k: number): string {
  return [...String(k)].map((d) => String.fromCharCode(DIGIT_ZERO + Number(d))).join('');
}

const MARK = /\u2e22([\ue0f0-\ue0f9]+)\u2e23|\u2e24([\ue0f0-\ue0f9]+)\u2e25/g;

/** Marks inside tags (an alt text, a heading id) go; marks in text become the empty spans the browser looks for. */
function placeMarks(html: string): string {
  const index = (d: string) => [...d].map((c) => c.charCodeAt(0) - DIGIT_ZERO).join('');
  return html
    .replace(/<[^>]*>/g, (tag) => tag.replace(MARK, ''))
    .replace(MARK, (_, open: string | undefined, close: string | undefined) => (open ? `<span class=wb-s data-k=${index(open)}></span>` : `<span class=wb-e data-k=${index(close!)}></span>`));
}
