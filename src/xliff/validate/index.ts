/**
 * A conformant XLIFF reader's checks: `validateXliff(bytes, file)` returns the problems of an
 * XLIFF 2.x (urn:oasis:names:tc:xliff:document:2.0) or XLIFF 1.2 document as Diagnostics, each
 * naming the rule it breaks. XML is read by src/xml (no DTD, size-limited), so hostile files
 * are rejected before any XLIFF check.
 *
 *   validateXliff(input: string | Uint8Array, file, options?): XliffValidation
 */
import type { Diagnostic } from '../../model/diagnostics.ts';
import type { XmlParseOptions } from '../../xml/parse.ts';
import { readXliffTree } from '../document.ts';
import { Reporter } from './report.ts';
import { checkXliff12 } from './v12.ts';
import { checkModules } from './v2-modules.ts';
import { checkXliff2Rules, type Xliff2Options } from './v2-rules.ts';
import { checkStructure } from './v2-schema.ts';

export interface XliffValidateOptions extends XmlParseOptions, Xliff2Options {}

export interface XliffValidation {
  file: string;
  /** '2.x' from the namespace (with the version attribute when present), '1.2', or undefined. */
  version?: string;
  valid: boolean;
  diagnostics: Diagnostic[];
}

export function validateXliff(input: string | Uint8Array, file: string, options: XliffValidateOptions = {}): XliffValidation {
  // Bytes, XML, root and version: the reading every command shares (../document.ts).
  const { tree, diagnostics } = readXliffTree(input, file, options);
  if (!tree) return { file, valid: false, diagnostics };
  const root = tree.doc.root;
  if (tree.family === '2') {
    const report = new Reporter(file, 'XLIFF 2.1');
    checkStructure(root, report);
    if (root.name === 'xliff') {
      checkXliff2Rules(root, report, options);
      checkModules(root, report);
    }
    return result(file, tree.version ?? '2.x', report);
  }
  const report = new Reporter(file, 'XLIFF 1.2');
  checkXliff12(root, report);
  return result(file, '1.2', report);
}

function result(file: string, version: string, report: Reporter): XliffValidation {
  const diagnostics = report.diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
  return { file, version, valid: !diagnostics.some((d) => d.severity === 'error'), diagnostics };
}
