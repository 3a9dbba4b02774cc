/**
 * A small, safe XML tree reader on top of saxes (a strict, non-validating XML 1.0 parser).
 *
 *   parseXml(text, file, { maxBytes?, maxDepth? }): XmlDocument      throws XmlError
 *   parseXmlBytes(bytes, file, options): XmlDocument                  throws XmlError
 *
 * The tree keeps what readers of XLIFF and TMX need, in document order:
 * - `XmlElement`: `name` (local name), `ns` (namespace URI, '' for none), `prefix`, `qname`,
 *   `attributes` (each with its own `name`, `ns`, `prefix`, `value`, `line`, `column`;
 *   namespace declarations `xmlns`/`xmlns:*` are kept too, with ns XMLNS_NS), `children`
 *   (elements and text nodes), `selfClosing`, and the `line`/`column` of the start tag's `<`.
 * - `XmlText`: `value` (entities decoded, line ends normalized to \n as XML requires), `cdata`
 *   (true for a CDATA section, so a writer can keep it), and the line/column where it starts.
 *   Adjacent character data of the same kind is one node. Text outside the root is dropped, and
 *   so are comments and processing instructions.
 * Lines and columns are 1-based; columns count UTF-16 code units, like an editor's.
 *
 * Safety, because these files come from translators and vendors:
 * - any DOCTYPE is rejected: no DTD is ever processed, so there are no external entities (XXE),
 *   no entity expansion (billion laughs) and no default attributes from a DTD;
 * - only the five predefined entities and character references are understood;
 * - input over `maxBytes` (default 50 MB) is rejected before any parsing;
 * - nesting deeper than `maxDepth` (default 1,000) is rejected, so recursive consumers are safe.
 *
 * Every failure is an `XmlError` with file, line, column, a `reason` and a message that says what
 * to do; `xmlErrorToDiagnostic` turns it into the shared Diagnostic.
 */
import { SaxesParser, type SaxesAttributeNS, type SaxesTagNS } from 'saxes';
import { type Diagnostic, diagnostic, type DiagnosticCode } from '../model/diagnostics.ts';
import { LineIndex } from '../model/source-text.ts';
import { decodeXmlBytes, XmlDecodeError } from './decode.ts';

export const XML_NS = 'http://www.w3.org/XML/1998/namespace';
export const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
export const DEFAULT_MAX_DEPTH = 1000;

export interface XmlAttribute {
  /** Local name, e.g. `lang` for `xml:lang`. */
  name: string;
  /** Namespace URI; '' for an unprefixed attribute (attributes do not take the default namespace). */
  ns: string;
  prefix: string;
  /** The name as written, e.g. `xml:lang`. */
  qname: string;
  value: string;
  line: number;
  column: number;
}

export interface XmlElement {
  type: 'element';
  name: string;
  ns: string;
  prefix: string;
  qname: string;
  attributes: XmlAttribute[];
  children: XmlNode[];
  selfClosing: boolean;
  line: number;
  column: number;
  /**
   * Offsets in the parsed text (UTF-16 code units, after a leading BOM): the start tag's `<`,
   * just after the start tag's `>`, and just after the end tag (or the self-closing tag).
   * Re-extraction patches a translator's file in place with them.
   */
  start: number;
  startTagEnd: number;
  end: number;
}

export interface XmlText {
  type: 'text';
  value: string;
  cdata: boolean;
  line: number;
  column: number;
}

export type XmlNode = XmlElement | XmlText;

export interface XmlDocument {
  file: string;
  root: XmlElement;
  /** The XML declaration's `version`, `encoding` and `standalone`, when present. */
  declaration?: { version?: string; encoding?: string; standalone?: string };
}

export interface XmlParseOptions {
  /** Largest accepted input, in bytes of UTF-8 (default 50 MB). */
  maxBytes?: number;
  /** Deepest accepted element nesting (default 1,000). */
  maxDepth?: number;
}

export type XmlErrorReason = 'doctype' | 'too-large' | 'too-deep' | 'encoding' | 'not-well-formed';

export class XmlError extends Error {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly reason: XmlErrorReason;
  constructor(file: string, line: number, column: number, reason: XmlErrorReason, message: string) {
    super(message);
    this.name = 'XmlError';
    this.file = file;
    this.line = line;
    this.column = column;
    this.reason = reason;
  }
}

export function xmlErrorToDiagnostic(error: XmlError, code: DiagnosticCode = 'xml-invalid'): Diagnostic {
  return diagnostic(code, error, error.message);
}

/**
 * Decodes file bytes (./decode.ts: byte order mark, UTF-16 without one, the XML declaration's
 * encoding; strict, so a bad byte is an error at its line and column) after checking the size,
 * then parses them.
 */
export function parseXmlBytes(bytes: Uint8Array, file: string, options: XmlParseOptions = {}): XmlDocument {
  checkSize(bytes.byteLength, file, options);
  let text: string;
  try {
    text = decodeXmlBytes(bytes).text;
  } catch (error) {
    if (!(error instanceof XmlDecodeError)) throw error;
    throw new XmlError(file, error.line, error.column, 'encoding', error.message);
  }
  return parseXml(text, file, { ...options, maxBytes: Infinity });
}

/** Throws the 'too-large' XmlError when `bytes` exceeds the limit: callers can check a file's size before reading it. */
export function checkSize(bytes: number, file: string, options: XmlParseOptions = {}): void {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes > maxBytes) {
    throw new XmlError(
      file,
      1,
      1,
      'too-large',
      `the file is ${formatBytes(bytes)}, over the ${formatBytes(maxBytes)} limit for XML input; split it into smaller files (or raise the limit if you trust it)`,
    );
  }
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}

export function parseXml(text: string, file: string, options: XmlParseOptions = {}): XmlDocument {
  // A JS string of n code units is at most 3n bytes of UTF-8, so most inputs skip the count.
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (text.length * 3 > maxBytes) checkSize(Buffer.byteLength(text, 'utf8'), file, options);
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

  const lines = new LineIndex(text);
  const at = (offset: number) => lines.position(offset);
  const fail = (offset: number, reason: XmlErrorReason, message: string): never => {
    const { line, column } = at(offset);
    throw new XmlError(file, line, column, reason, message);
  };

  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let tagStart = 0;
  let attributes: XmlAttribute[] = [];
  // Where the last piece of markup ended: a text node starts there.
  let markupEnd = 0;
  let declaration: XmlDocument['declaration'];

  const addText = (value: string, cdata: boolean, start: number) => {
    const parent = stack[stack.length - 1];
    if (!parent) return; // whitespace around the root; saxes rejects anything else
    const last = parent.children[parent.children.length - 1];
    if (last?.type === 'text' && last.cdata === cdata && !cdata) {
      last.value += value;
      return;
    }
    parent.children.push({ type: 'text', value, cdata, ...at(start) });
  };

  parser.on('xmldecl', (decl) => {
    declaration = {};
    if (decl.version !== undefined) declaration.version = decl.version;
    if (decl.encoding !== undefined) declaration.encoding = decl.encoding;
    if (decl.standalone !== undefined) declaration.standalone = decl.standalone;
    markupEnd = parser.position;
  });
  parser.on('doctype', () => {
    fail(
      text.lastIndexOf('<!DOCTYPE', parser.position),
      'doctype',
      'a DOCTYPE is not allowed: DTDs and their entities are never processed (they enable XXE and entity-expansion attacks); remove the <!DOCTYPE ...> declaration',
    );
  });
  parser.on('opentagstart', () => {
    tagStart = text.lastIndexOf('<', parser.position - 1);
    attributes = [];
    if (stack.length >= maxDepth) fail(tagStart, 'too-deep', `elements are nested more than ${maxDepth} deep; this is not a real document`);
  });
  parser.on('attribute', (a) => {
    // Right after the closing quote: the value holds no quote of its kind, so the opening one
    // is the previous one, and the name is the last occurrence before it.
    const quote = text[parser.position - 1]!;
    const open = text.lastIndexOf(quote, parser.position - 2);
    const start = text.lastIndexOf(a.name, open);
    const ns = a as SaxesAttributeNS;
    attributes.push({
      name: ns.prefix ? ns.local : a.name,
      ns: '',
      prefix: ns.prefix ?? '',
      qname: a.name,
      value: a.value,
      ...at(start),
    });
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    // Namespaces are only known once the whole start tag is read.
    for (const a of attributes) {
      const resolved = tag.attributes[a.qname] as SaxesAttributeNS | undefined;
      a.ns = resolved?.uri ?? '';
    }
    const element: XmlElement = {
      type: 'element',
      name: tag.local,
      ns: tag.uri,
      prefix: tag.prefix,
      qname: tag.name,
      attributes,
      children: [],
      selfClosing: tag.isSelfClosing,
      ...at(tagStart),
      start: tagStart,
      startTagEnd: parser.position,
      end: parser.position,
    };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(element);
    else root = element;
    stack.push(element);
    markupEnd = parser.position;
  });
  parser.on('closetag', () => {
    const element = stack.pop();
    if (element) element.end = parser.position;
    markupEnd = parser.position;
  });
  parser.on('text', (value) => addText(value, false, markupEnd));
  parser.on('cdata', (value) => {
    addText(value, true, text.lastIndexOf('<![CDATA[', parser.position - 1));
    markupEnd = parser.position;
  });
  parser.on('comment', () => {
    markupEnd = parser.position;
  });
  parser.on('processinginstruction', () => {
    markupEnd = parser.position;
  });
  parser.on('error', (error) => {
    // saxes prefixes "line:column: "; we carry the position separately.
    const message = error.message.replace(/^(?:[^:]*:)?\d+:\d+: /, '');
    throw new XmlError(file, parser.line, parser.column + 1, 'not-well-formed', `not well-formed XML: ${explain(message)}`);
  });

  parser.write(text).close();
  if (!root) throw new XmlError(file, 1, 1, 'not-well-formed', 'not well-formed XML: the document has no root element');
  return declaration ? { file, root, declaration } : { file, root };
}

/** saxes's messages are terse; say what to do where it helps. */
function explain(message: string): string {
  if (message.startsWith('undefined entity')) {
    return `${message}; only &lt; &gt; &amp; &quot; &apos; and character references (&#...;) are allowed, write a literal & as &amp;`;
  }
  if (message.includes('unclosed tag') || message.includes('unexpected close tag')) return `${message}; check that every start tag has its end tag`;
  return message;
}
