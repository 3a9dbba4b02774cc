/**
 * The one reading of XLIFF bytes that `validate`, `preview`, `build` and `extract` share: the
 * bytes become text as XML says (src/xml/decode.ts: byte order mark, UTF-16, the declaration's
 * encoding, strictly, so a bad byte is an error at its line and column), the text becomes a tree
 * (src/xml/parse.ts: no DTD, size and depth limits), and the root must be an XLIFF 1.2 or 2.x
 * `<xliff>` of a version Bitext reads. What passes here is what every command reads; what fails
 * is a Diagnostic, the same one in every command.
 */
import { localeTagProblem } from '../model/locale-tag.ts';
import { type Diagnostic, diagnostic } from '../model/diagnostics.ts';
import { parseXml, parseXmlBytes, XmlError, xmlErrorToDiagnostic, type XmlDocument, type XmlParseOptions } from '../xml/parse.ts';
import { attribute, childElements } from '../xml/tree.ts';
import { XLIFF_12_NS } from './write-12.ts';
import { XLIFF_2_NS } from './write-21.ts';


/** The versions each namespace may declare: the ones the reader and the validator know. */
export const XLIFF_VERSIONS: Record<'1.2' | '2', readonly string[]> = { '1.2': ['1.2'], '2': ['2.0', '2.1'] };

export interface XliffTree {
  doc: XmlDocument;
  /** From the root's namespace. */
  family: '1.2' | '2';
  /** The root's `version` attribute, when it has one (one of XLIFF_VERSIONS[family]). */
  version: string | undefined;
}

export interface XliffTreeResult {
  /** Undefined when the bytes, the XML, the root or the version cannot be read. */
  tree: XliffTree | undefined;
  diagnostics: Diagnostic[];
}

/**
 * Reads XLIFF from file bytes (or from text already decoded, for callers that made it
 * themselves). A root in neither XLIFF namespace, or a version the namespace does not allow,
 * is refused with a message that names the accepted ones.
 */
export function readXliffTree(input: string | Uint8Array, file: string, options: XmlParseOptions = {}): XliffTreeResult {
  let doc: XmlDocument;
  try {
    doc = typeof input === 'string' ? parseXml(input, file, options) : parseXmlBytes(input, file, options);
  } catch (error) {
    if (!(error instanceof XmlError)) throw error;
    return { tree: undefined, diagnostics: [xmlErrorToDiagnostic(error)] };
  }
  const root = doc.root;
  const family = root.ns === XLIFF_12_NS ? '1.2' : root.ns === XLIFF_2_NS ? '2' : undefined;
  const problem = (at: { line: number; column: number }, message: string): XliffTreeResult => ({
    tree: undefined,
    diagnostics: [diagnostic('xliff-invalid', { file, line: at.line, column: at.column }, message)],
  });
  if (!family) {
    return problem(
      root,
      `not an XLIFF document: the root <${root.qname}> is in namespace "${root.ns}", expected <xliff> in ${XLIFF_2_NS} (XLIFF 2) or ${XLIFF_12_NS} (XLIFF 1.2); give the path of an XLIFF file`,
    );
  }
  const version = attribute(root, 'version');
  if (version && !XLIFF_VERSIONS[family].includes(version.value)) {
    const accepted = XLIFF_VERSIONS[family].map((v) => `"${v}"`).join(' or ');
    return problem(
      version,
      `version="${version.value}" is not a version of XLIFF ${family === '2' ? '2' : '1.2'} that Bitext reads; this namespace takes version ${accepted} (Bitext reads XLIFF 1.2, 2.0 and 2.1)`,
    );
  }
  return { tree: { doc, family, version: version?.value }, diagnostics: [] };
}

/**
 * The languages of an XLIFF file (2.x `srcLang`/`trgLang`, 1.2 `source-language`/
 * `target-language` of each `<file>`) that are not BCP 47 tags: the target language names
 * folders and URLs of the site, so a reader refuses such a file.
 */
export function languageProblems(tree: XliffTree, file: string): Diagnostic[] {
  const root = tree.doc.root;
  const elements = tree.family === '2' ? [root] : childElements(root, XLIFF_12_NS, 'file');
  const names = tree.family === '2' ? ['srcLang', 'trgLang'] : ['source-language', 'target-language'];
  const out: Diagnostic[] = [];
  for (const element of elements) {
    for (const name of names) {
      const a = attribute(element, name);
      const problem = a && localeTagProblem(a.value, name);
      if (problem) out.push(diagnostic('invalid-locale', { file, line: a.line, column: a.column }, problem));
    }
  }
  return out;
}
