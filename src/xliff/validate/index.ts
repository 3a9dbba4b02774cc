/**
 * A conformant XLIFF reader's checks: `validateXliff(bytes, file)` returns the problems of an
 * XLIFF 2.x (urn:oasis:names:tc:xliff:document:2.0) or XLIFF 1.2 document as Diagnostics, each
 * naming the rule it breaks. XML is read by src/xml (no DTD, size-limited), so hostile files
 * are rejected before any XLIFF check.
 *
 *   validateXliff(input: string | Uint8Array, file, options?): XliffValidation
 */
import type { Diagnostic } from '../../model/types.ts';
import { parseXml, parseXmlBytes, XmlError, xmlErrorToDiagnostic, type XmlDocument, type XmlParseOptions } from '../../xml/parse.ts';
import { Reporter } from './report.ts';
import { checkXliff12, XLIFF12_NS } from './v12.ts';
import { checkXliff2Rules, type Xliff2Options } from './v2-rules.ts';
import { checkStructure, XLIFF2_NS } from './v2-schema.ts';

export interface XliffValidateOptions extends XmlParseOptions, Xliff2Options {}

export interface XliffValidation {
  file: string;
  /** '2.x' from the namespace (with the version attribute when present), '1.2', or undefined. */
  version?: string;
  valid: boolean;
  diagnostics: Diagnostic[];
}

export function validateXliff(input: string | Uint8Array, file: string, options: XliffValidateOptions = {}): XliffValidation {
  let doc: XmlDocument;
  try {
    doc = typeof input === 'string' ? parseXml(input, file, options) : parseXmlBytes(input, file, options);
  } catch (error) {
    if (!(error instanceof XmlError)) throw error;
    return { file, valid: false, diagnostics: [xmlErrorToDiagnostic(error)] };
  }
  const root = doc.root;
  if (root.ns === XLIFF2_NS) {
    const report = new Reporter(file, 'XLIFF 2.1');
    checkStructure(root, report);
    if (root.name === 'xliff') checkXliff2Rules(root, report, options);
    return result(file, root.attributes.find((a) => a.name === 'version' && a.ns === '')?.value ?? '2.x', report);
  }
  if (root.ns === XLIFF12_NS) {
    const report = new Reporter(file, 'XLIFF 1.2');
    checkXliff12(root, report);
    return result(file, '1.2', report);
  }
  const diagnostic: Diagnostic = {
    file,
    line: root.line,
    column: root.column,
    severity: 'error',
    code: 'xliff-invalid',
    message: `not an XLIFF document: the root <${root.qname}> is in namespace "${root.ns}", expected <xliff> in ${XLIFF2_NS} (XLIFF 2) or ${XLIFF12_NS} (XLIFF 1.2)`,
  };
  return { file, valid: false, diagnostics: [diagnostic] };
}

function result(file: string, version: string, report: Reporter): XliffValidation {
  const diagnostics = report.diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
  return { file, version, valid: !diagnostics.some((d) => d.severity === 'error'), diagnostics };
}
