import type { XmlElement } from '../../xml/parse.ts';
import type { Reporter } from './report.ts';
export const XLIFF12_NS = 'urn:oasis:names:tc:xliff:document:1.2';
export function checkXliff12(root: XmlElement, report: Reporter): void {
  void root;
  void report;
}
