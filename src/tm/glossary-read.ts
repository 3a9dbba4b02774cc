/**
 * Glossary readers: TBX and CSV into one model (src/model/glossary.ts).
 *
 * TBX, with the safe XML reader (saxes; no DTD is read, so the TBX-Basic DOCTYPE line is
 * refused: remove it):
 * - TBX v2 / TBX-Basic (`<martif>`): `termEntry` › `langSet xml:lang` › `tig` | `ntig/termGrp`
 *   › `term`;
 * - TBX v3 (`<tbx>`, DCA or DCT style): `conceptEntry` › `langSec xml:lang` › `termSec` › `term`;
 *   TBX v2 element names are read in v3 files too, and v3 names in v2.
 * The definition is `descrip type="definition"` (or a DCT `definition` element) of the concept or
 * of the source language; a `note` likewise. A term whose `administrativeStatus` (`termNote
 * type="administrativeStatus"` or a DCT element) is `deprecatedTerm-admn-sts` or
 * `supersededTerm-admn-sts` is forbidden.
 *
 * CSV (RFC 4180: commas, double-quoted fields with "" inside, CRLF or LF): a header row names the
 * columns, `source,target[,note]` (also `term`/`english` for the source, `translation` for the
 * target, `definition`/`comment` for the note), or language tags (`en,ru-RU,note`): a target
 * column named by a language applies to that language only, `target` to any.
 *
 * A bad entry or row is a `glossary-invalid` diagnostic at its line and is left out; the rest load.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { listFiles } from '../io/corpus.ts';
import { type Diagnostic, diagnostic } from '../model/diagnostics.ts';
import type { Glossary, GlossaryConcept, GlossaryTerm } from '../model/glossary.ts';
import { isLocaleTag } from '../model/locale-tag.ts';
import { parseXmlBytes, XML_NS, XmlError, xmlErrorToDiagnostic, type XmlElement } from '../xml/parse.ts';
import { attr, childElements, textContent } from '../xml/tree.ts';

export interface GlossaryReadResult {
  glossary: Glossary | undefined;
  diagnostics: Diagnostic[];
}

export const GLOSSARY_EXTENSIONS = ['.tbx', '.csv'];

/** The project's glossary folder: extract, check and tm lookup read every TBX and CSV file in it. */
export const DEFAULT_GLOSSARY_DIR = 'glossary';

/**
 * The glossaries of the files and folders named (a folder: its .tbx and .csv files), plus the
 * project's `glossary/` when `withProjectFolder` and it exists. A file that cannot be read is a
 * diagnostic; the others still load.
 */
export async function loadGlossaries(paths: readonly string[], withProjectFolder = true): Promise<{ glossaries: Glossary[]; files: string[]; diagnostics: Diagnostic[] }> {
  const all = [...paths];
  if (withProjectFolder && (await stat(DEFAULT_GLOSSARY_DIR).then((s) => s.isDirectory(), () => false)) && !all.includes(DEFAULT_GLOSSARY_DIR)) all.push(DEFAULT_GLOSSARY_DIR);
  const out = { glossaries: [] as Glossary[], files: [] as string[], diagnostics: [] as Diagnostic[] };
  for (const path of all) {
    let files: string[];
    try {
      files = (await stat(path)).isDirectory() ? (await listFiles(path, GLOSSARY_EXTENSIONS)).map((f) => join(path, f)) : [path];
    } catch (error) {
      out.diagnostics.push(diagnostic('glossary-invalid', { file: path }, `cannot read the glossary: ${(error as Error).message}; check the path`));
      continue;
    }
    for (const file of files) {
      let bytes: Buffer;
      try {
        bytes = await readFile(file);
      } catch (error) {
        out.diagnostics.push(diagnostic('glossary-invalid', { file }, `cannot read the glossary: ${(error as Error).message}; check the path`));
        continue;
      }
      const read = readGlossary(bytes, file);
      out.diagnostics.push(...read.diagnostics);
      if (read.glossary) {
        out.glossaries.push(read.glossary);
        out.files.push(file);
      }
    }
  }
  return out;
}

/** A TBX or CSV glossary by its extension (anything but .csv is read as TBX). */
export function readGlossary(bytes: Uint8Array, file: string): GlossaryReadResult {
  return /\.csv$/i.test(file) ? readCsvGlossary(new TextDecoder('utf-8').decode(bytes), file) : readTbx(bytes, file);
}

const FORBIDDEN_STATUS = new Set(['deprecatedterm-admn-sts', 'supersededterm-admn-sts', 'deprecated', 'superseded', 'forbidden']);

export function readTbx(bytes: Uint8Array, file: string): GlossaryReadResult {
  const diagnostics: Diagnostic[] = [];
  let root: XmlElement;
  try {
    root = parseXmlBytes(bytes, file).root;
  } catch (error) {
    if (error instanceof XmlError) return { glossary: undefined, diagnostics: [xmlErrorToDiagnostic(error, 'glossary-invalid')] };
    throw error;
  }
  const bad = (at: { line: number; column: number }, message: string) => diagnostics.push(diagnostic('glossary-invalid', { file, line: at.line, column: at.column }, message));
  if (root.name !== 'martif' && root.name !== 'tbx') {
    bad(root, `<${root.qname}> is not a TBX document; a TBX file starts with <tbx> (TBX v3) or <martif> (TBX v2, TBX-Basic)`);
    return { glossary: undefined, diagnostics };
  }
  const sourceLang = attr(root, 'lang', XML_NS) ?? 'en';
  const concepts: GlossaryConcept[] = [];
  const entries = descendants(root, (e) => e.name === 'termEntry' || e.name === 'conceptEntry');
  if (entries.length === 0) bad(root, 'the TBX file has no <conceptEntry> (TBX v3) or <termEntry> (TBX v2) in its <body>; add the terms there');
  for (const entry of entries) {
    const concept: GlossaryConcept = { terms: {}, file, line: entry.line };
    const id = attr(entry, 'id');
    if (id !== undefined) concept.id = id;
    const definition = definitionOf(entry);
    if (definition) concept.definition = definition;
    const note = noteOf(entry);
    if (note) concept.note = note;
    for (const langSet of childElements(entry).filter((e) => e.name === 'langSet' || e.name === 'langSec')) {
      const lang = attr(langSet, 'lang', XML_NS);
      if (!lang) {
        bad(langSet, `<${langSet.qname}> has no xml:lang; name the language of its terms (xml:lang="ru-RU")`);
        continue;
      }
      if (!concept.definition && lang.toLowerCase().split('-')[0] === sourceLang.toLowerCase().split('-')[0]) {
        const d = definitionOf(langSet);
        if (d) concept.definition = d;
      }
      // tig and termSec hold a term and its notes; ntig holds them one level down, in termGrp.
      const holders = descendants(langSet, (e) => e.name === 'tig' || e.name === 'termSec' || e.name === 'termGrp');
      const termElements = holders.length ? holders : [langSet];
      for (const holder of termElements) {
        for (const t of childElements(holder).filter((e) => e.name === 'term')) {
          const text = textContent(t).replace(/\s+/g, ' ').trim();
          if (!text) {
            bad(t, 'an empty <term>; write the term or remove the element');
            continue;
          }
          const term: GlossaryTerm = { text };
          // The status sits beside the term (tig, termSec) or one level up (ntig around termGrp).
          const status = statusOf(holder);
          if (status && FORBIDDEN_STATUS.has(status.toLowerCase())) term.forbidden = true;
          (concept.terms[lang] ??= []).push(term);
        }
      }
    }
    if (Object.keys(concept.terms).length === 0) {
      bad(entry, `the entry${id ? ` "${id}"` : ''} has no term; give it a <langSec>/<langSet> with a <term>`);
      continue;
    }
    concepts.push(concept);
  }
  return { glossary: { sourceLang, concepts }, diagnostics };
}

function descendants(element: XmlElement, test: (e: XmlElement) => boolean): XmlElement[] {
  const out: XmlElement[] = [];
  for (const child of childElements(element)) {
    if (test(child)) out.push(child);
    else out.push(...descendants(child, test));
  }
  return out;
}

/** A definition directly in this element (not in its terms): `descrip type="definition"`, or a DCT `definition`. */
function definitionOf(element: XmlElement): string | undefined {
  for (const child of childElements(element)) {
    const holder = child.name === 'descripGrp' ? childElements(child).find((c) => c.name === 'descrip') : child;
    if (!holder) continue;
    if ((holder.name === 'descrip' && attr(holder, 'type') === 'definition') || holder.name === 'definition') {
      const text = textContent(holder).replace(/\s+/g, ' ').trim();
      if (text) return text;
    }
  }
  return undefined;
}

function noteOf(element: XmlElement): string | undefined {
  const note = childElements(element).find((c) => c.name === 'note');
  const text = note ? textContent(note).replace(/\s+/g, ' ').trim() : '';
  return text || undefined;
}

function statusOf(holder: XmlElement): string | undefined {
  for (const child of childElements(holder)) {
    if (child.name === 'termNote' && attr(child, 'type') === 'administrativeStatus') return textContent(child).trim();
    if (child.name === 'administrativeStatus') return textContent(child).trim();
    if (child.name === 'termNoteGrp') {
      const inner = statusOf(child);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** The rows of a CSV text, each with the line it starts on. */
export function parseCsv(text: string): { fields: string[]; line: number; unterminated?: boolean }[] {
  const rows: { fields: string[]; line: number; unterminated?: boolean }[] = [];
  let line = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < text.length) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    let unterminated = false;
    for (;;) {
      if (text[i] === '"') {
        i++;
        let closed = false;
        while (i < text.length) {
          if (text[i] === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (text[i] === '\n') line++;
          field += text[i++];
        }
        if (!closed) unterminated = true;
      }
      while (i < text.length && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') field += text[i++];
      fields.push(field);
      field = '';
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '\r') i++;
      if (text[i] === '\n') i++;
      line++;
      break;
    }
    if (fields.length === 1 && fields[0] === '' && !unterminated) continue; // a blank line
    rows.push(unterminated ? { fields, line: start, unterminated } : { fields, line: start });
  }
  return rows;
}

const SOURCE_NAMES = new Set(['source', 'term', 'english', 'source term']);
const TARGET_NAMES = new Set(['target', 'translation', 'target term']);
const NOTE_NAMES = new Set(['note', 'notes', 'definition', 'comment', 'description']);

export function readCsvGlossary(text: string, file: string): GlossaryReadResult {
  const diagnostics: Diagnostic[] = [];
  const bad = (line: number, message: string) => diagnostics.push(diagnostic('glossary-invalid', { file, line, column: 1 }, message));
  const rows = parseCsv(text);
  const header = rows.shift();
  if (!header) {
    bad(1, 'the CSV glossary is empty; write a header row "source,target,note" and one row per term');
    return { glossary: undefined, diagnostics };
  }
  const names = header.fields.map((f) => f.trim());
  const lower = names.map((n) => n.toLowerCase());
  let sourceCol = lower.findIndex((n) => SOURCE_NAMES.has(n));
  let sourceLang = 'en';
  if (sourceCol < 0) {
    sourceCol = lower.findIndex((n) => isLocaleTag(n) && n.split('-')[0] === 'en');
    if (sourceCol >= 0) sourceLang = names[sourceCol]!;
  }
  let targetCol = lower.findIndex((n) => TARGET_NAMES.has(n));
  let targetLang = '*';
  if (targetCol < 0) {
    targetCol = lower.findIndex((n, k) => k !== sourceCol && isLocaleTag(n) && !NOTE_NAMES.has(n));
    if (targetCol >= 0) targetLang = names[targetCol]!;
  }
  const noteCol = lower.findIndex((n) => NOTE_NAMES.has(n));
  if (sourceCol < 0 || targetCol < 0) {
    bad(header.line, `the first row must name the columns: "source,target" (and "note"), or language tags such as "en,ru-RU"; it is "${names.join(',')}"`);
    return { glossary: undefined, diagnostics };
  }
  const concepts: GlossaryConcept[] = [];
  for (const row of rows) {
    if (row.unterminated) {
      bad(row.line, 'a quoted field is not closed; add the closing double quote (write "" for a quote inside a field)');
      continue;
    }
    const source = (row.fields[sourceCol] ?? '').replace(/\s+/g, ' ').trim();
    const target = (row.fields[targetCol] ?? '').replace(/\s+/g, ' ').trim();
    if (!source) {
      bad(row.line, 'the row has no source term; fill the source column or remove the row');
      continue;
    }
    const concept: GlossaryConcept = { terms: { [sourceLang]: [{ text: source }] }, file, line: row.line };
    if (target) concept.terms[targetLang] = [{ text: target }];
    const note = noteCol >= 0 ? (row.fields[noteCol] ?? '').trim() : '';
    if (note) concept.definition = note;
    if (!target && !note) {
      bad(row.line, `the term "${source}" has neither a translation nor a note; add one or remove the row`);
      continue;
    }
    concepts.push(concept);
  }
  return { glossary: { sourceLang, concepts }, diagnostics };
}
