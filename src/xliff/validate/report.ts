/**
 * Collects validation problems as shared Diagnostics. Every message starts with the rule it
 * enforces ("XLIFF 2.1 §4.3.1.21 (id): ..."), so a reader can look the rule up.
 */
import { type Diagnostic, diagnostic, type DiagnosticCode } from '../../model/diagnostics.ts';
import type { XmlAttribute, XmlElement } from '../../xml/parse.ts';

export type Spec = 'XLIFF 2.1' | 'XLIFF 1.2';

export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  readonly file: string;
  readonly spec: Spec;
  constructor(file: string, spec: Spec) {
    this.file = file;
    this.spec = spec;
  }

  /** `rule` is a section number and title ('4.3.1.21 (id)') for 2.1, an element or attribute name for 1.2. */
  error(at: XmlElement | XmlAttribute, rule: string, message: string, code: DiagnosticCode = 'xliff-invalid'): void {
    this.diagnostics.push(diagnostic(code, { file: this.file, line: at.line, column: at.column }, `${this.spec} ${this.spec === 'XLIFF 2.1' ? '§' : ''}${rule}: ${message}`));
  }
}
