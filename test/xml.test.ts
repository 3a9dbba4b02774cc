import { describe, expect, it } from 'vitest';
import { escapeAttribute, escapeText } from '../src/xml/escape.ts';
import { findNonXmlChar } from '../src/model/xml-chars.ts';
import { parseXml, parseXmlBytes, XML_NS, XmlError, type XmlElement, xmlErrorToDiagnostic } from '../src/xml/parse.ts';
import { attr, childElements, textContent } from '../src/xml/tree.ts';

function parseError(text: string, options = {}): XmlError {
  try {
    parseXml(text, 'in.xml', options);
  } catch (error) {
    if (error instanceof XmlError) return error;
    throw error;
  }
  throw new Error('expected an XmlError');
}

describe('parseXml tree', () => {
  const text = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!-- a comment -->',
    '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" xmlns:mtc="urn:mtc" version="2.0" srcLang="en">',
    '  <file id="f1" xml:lang="en" mtc:x="1">',
    '    <source>Tom &amp; <pc id="1">Jerry</pc><![CDATA[<b>]]>&#x1F600;</source>',
    '  </file>',
    '</xliff>',
  ].join('\r\n');
  const doc = parseXml(text, 'in.xml');

  it('gives names, namespaces and positions of elements', () => {
    expect(doc.declaration).toEqual({ version: '1.0', encoding: 'UTF-8' });
    expect(doc.root).toMatchObject({ name: 'xliff', ns: 'urn:oasis:names:tc:xliff:document:2.0', prefix: '', line: 3, column: 1 });
    const [file] = childElements(doc.root);
    expect(file).toMatchObject({ name: 'file', line: 4, column: 3 });
  });

  it('gives attributes with their namespaces and positions', () => {
    const file = childElements(doc.root)[0]!;
    expect(file.attributes.map((a) => [a.qname, a.name, a.ns, a.value, a.line, a.column])).toEqual([
      ['id', 'id', '', 'f1', 4, 9],
      ['xml:lang', 'lang', XML_NS, 'en', 4, 17],
      ['mtc:x', 'x', 'urn:mtc', '1', 4, 31],
    ]);
    expect(attr(file, 'lang', XML_NS)).toBe('en');
    expect(attr(file, 'x', 'urn:mtc')).toBe('1');
    expect(attr(file, 'x')).toBeUndefined();
  });

  it('keeps text, CDATA and elements in order, with entities decoded', () => {
    const source = childElements(childElements(doc.root)[0]!)[0]!;
    expect(source.children.map((c) => (c.type === 'text' ? [c.cdata ? 'cdata' : 'text', c.value] : ['element', c.name]))).toEqual([
      ['text', 'Tom & '],
      ['element', 'pc'],
      ['cdata', '<b>'],
      ['text', '😀'],
    ]);
    expect(source.children[0]).toMatchObject({ line: 5, column: 13 });
    expect(textContent(source)).toBe('Tom & Jerry<b>😀');
    expect((source.children[1] as XmlElement).line).toBe(5);
  });

  it('normalizes CRLF line ends in text, as XML requires', () => {
    const d = parseXml('<a>x\r\ny</a>', 'a.xml');
    expect(textContent(d.root)).toBe('x\ny');
  });

  it('decodes UTF-8 and UTF-16 bytes', () => {
    const utf16 = Buffer.from('\ufeff<a>é</a>', 'utf16le');
    expect(textContent(parseXmlBytes(utf16, 'a.xml').root)).toBe('é');
    expect(textContent(parseXmlBytes(Buffer.from('\ufeff<a>é</a>'), 'a.xml').root)).toBe('é');
    expect(() => parseXmlBytes(Uint8Array.from([0x3c, 0x61, 0x3e, 0xff, 0x3c, 0x2f, 0x61, 0x3e]), 'a.xml')).toThrow(/not valid UTF-8/);
  });
});

describe('parseXml errors', () => {
  it('reports malformed XML with file, line and column', () => {
    const error = parseError('<a>\n  <b></a>');
    expect(error).toMatchObject({ file: 'in.xml', line: 2, reason: 'not-well-formed' });
    expect(error.message).toMatch(/not well-formed XML/);
    expect(xmlErrorToDiagnostic(error)).toMatchObject({ file: 'in.xml', line: 2, severity: 'error', code: 'xml-invalid' });
  });

  it('allows only predefined and numeric entities', () => {
    const error = parseError('<a>&nbsp;</a>');
    expect(error.message).toMatch(/undefined entity.*&amp;/);
  });

  it('rejects no root and text outside the root', () => {
    expect(parseError('').message).toMatch(/root/);
    expect(parseError('<a/>junk').reason).toBe('not-well-formed');
  });
});

describe('hostile input', () => {
  it('rejects XXE (an external SYSTEM entity) without reading the file', () => {
    const xxe = '<?xml version="1.0"?>\n<!DOCTYPE foo [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>\n<foo>&xxe;</foo>';
    const error = parseError(xxe);
    expect(error).toMatchObject({ reason: 'doctype', line: 2, column: 1 });
    expect(error.message).toMatch(/DOCTYPE is not allowed.*XXE/);
    expect(error.message).not.toMatch(/root:/);
  });

  it('rejects billion laughs (entity expansion)', () => {
    const lol = ['<?xml version="1.0"?>', '<!DOCTYPE lolz [', ' <!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++) lol.push(` <!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
    lol.push(']>', '<lolz>&lol9;</lolz>');
    const error = parseError(lol.join('\n'));
    expect(error.reason).toBe('doctype');
    expect(error.message).toMatch(/entity-expansion/);
  });

  it('rejects an external DTD reference', () => {
    expect(parseError('<!DOCTYPE a SYSTEM "http://example.com/a.dtd"><a/>').reason).toBe('doctype');
  });

  it('rejects oversized input before parsing', () => {
    // Not even well-formed: the size check must come first.
    const big = '<a>' + 'x'.repeat(2000);
    const error = parseError(big, { maxBytes: 1024 });
    expect(error).toMatchObject({ reason: 'too-large', line: 1, column: 1 });
    expect(error.message).toMatch(/over the 1\.0 KB limit/);
    expect(() => parseXmlBytes(Buffer.from(big), 'in.xml', { maxBytes: 1024 })).toThrow(/over the 1\.0 KB limit/);
    // Multi-byte text is measured in bytes, not characters.
    expect(parseError(`<a>${'é'.repeat(600)}</a>`, { maxBytes: 1024 }).reason).toBe('too-large');
  });

  it('rejects absurd nesting', () => {
    expect(parseError('<a>'.repeat(50) + '</a>'.repeat(50), { maxDepth: 20 }).reason).toBe('too-deep');
  });
});

describe('escaping', () => {
  it('escapes text and attributes so they parse back to the same value', () => {
    const value = 'a < b & c > "d" \'e\' ]]>\tf\ng\rh';
    const d = parseXml(`<a v="${escapeAttribute(value)}">${escapeText(value)}</a>`, 'a.xml');
    expect(attr(d.root, 'v')).toBe(value);
    // Text keeps everything but the lone CR, which XML normalizes to LF.
    expect(textContent(d.root)).toBe(value.replace('\r', '\n'));
  });

  it('finds characters XML cannot carry', () => {
    expect(findNonXmlChar('ok\t\n')).toBe(-1);
    expect(findNonXmlChar('a\u0001')).toBe(1);
    expect(findNonXmlChar('😀')).toBe(-1);
    expect(findNonXmlChar('x\uD800')).toBe(1);
  });
});
