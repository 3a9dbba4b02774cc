/**
 * Bytes of an XML file to text, the way XML 1.0 (appendix F) says a parser finds the encoding:
 *
 * 1. a byte order mark: UTF-8 (EF BB BF), UTF-16 LE (FF FE) or UTF-16 BE (FE FF); it wins;
 * 2. without one, UTF-16 written without a mark shows in the first bytes (`<` `?` with a zero
 *    byte beside each), and is read as such;
 * 3. otherwise the bytes are ASCII-compatible, and the XML declaration's `encoding` names the
 *    8-bit encoding (UTF-8 when there is none; a "UTF-16" label on single bytes is a mislabelled
 *    UTF-8 file, which is how many tools save them).
 *
 * Decoding is strict: a byte sequence that is not valid in the encoding is an error at its
 * line and column, never a U+FFFD in the text. An encoding TextDecoder does not know is an
 * error naming it.
 */
import { isUtf8 } from 'node:buffer';

export interface DecodedXml {
  text: string;
  /** The WHATWG name of the encoding read: `utf-8`, `utf-16le`, `utf-16be`, `windows-1252`... */
  encoding: string;
}

/** Where decoding failed: 1-based line and column (UTF-16 code units, like an editor's). */
export class XmlDecodeError extends Error {
  readonly line: number;
  readonly column: number;
  constructor(line: number, column: number, message: string) {
    super(message);
    this.name = 'XmlDecodeError';
    this.line = line;
    this.column = column;
  }
}

export function decodeXmlBytes(bytes: Uint8Array): DecodedXml {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: utf8(bytes.subarray(3)), encoding: 'utf-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: utf16(bytes.subarray(2), true), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: utf16(bytes.subarray(2), false), encoding: 'utf-16be' };
  if (bytes[0] === 0x3c && bytes[1] === 0x00 && bytes[2] === 0x3f && bytes[3] === 0x00) return { text: utf16(bytes, true), encoding: 'utf-16le' };
  if (bytes[0] === 0x00 && bytes[1] === 0x3c && bytes[2] === 0x00 && bytes[3] === 0x3f) return { text: utf16(bytes, false), encoding: 'utf-16be' };
  const declared = declaredEncoding(bytes);
  if (declared === undefined || /^utf-?8$/i.test(declared) || /^(?:utf-?16|ucs-?2|iso-10646-ucs-2)/i.test(declared)) {
    return { text: utf8(bytes), encoding: 'utf-8' };
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(declared, { fatal: true });
  } catch {
    throw new XmlDecodeError(1, 1, `the XML declaration names the encoding "${declared}", which cannot be read; re-save the file as UTF-8`);
  }
  try {
    return { text: decoder.decode(bytes), encoding: decoder.encoding };
  } catch {
    // Multi-byte legacy encodings (Shift_JIS, GB18030...): find the first bad byte by halving.
    const at = firstBadOffset(bytes, (part) => {
      try {
        new TextDecoder(declared, { fatal: true }).decode(part);
        return true;
      } catch {
        return false;
      }
    });
    const before = new TextDecoder(declared).decode(bytes.subarray(0, at));
    throw errorAt(before, `the file is not valid ${decoder.encoding} (byte 0x${hex(bytes[at])} at byte offset ${at}), as its XML declaration says it is; re-save it as UTF-8`);
  }
}

/** The `encoding` of an XML declaration at the very start, read as ASCII. */
function declaredEncoding(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 256)).toString('latin1');
  const decl = /^<\?xml\s[^>]*?\?>/.exec(head)?.[0];
  return decl ? /\sencoding\s*=\s*(["'])([A-Za-z][A-Za-z0-9._-]*)\1/.exec(decl)?.[2] : undefined;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function utf8(bytes: Uint8Array): string {
  if (isUtf8(bytes)) return UTF8.decode(bytes);
  const at = invalidUtf8Offset(bytes);
  const before = UTF8.decode(bytes.subarray(0, at));
  throw errorAt(before, `the file is not valid UTF-8 (byte 0x${hex(bytes[at])} at byte offset ${at} starts no valid character); re-save it as UTF-8`);
}

function utf16(bytes: Uint8Array, littleEndian: boolean): string {
  const name = littleEndian ? 'UTF-16LE' : 'UTF-16BE';
  const units = bytes.length >> 1;
  let out = '';
  const chunk: number[] = [];
  for (let i = 0; i < units; i++) {
    const unit = littleEndian ? bytes[2 * i]! | (bytes[2 * i + 1]! << 8) : (bytes[2 * i]! << 8) | bytes[2 * i + 1]!;
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = i + 1 < units ? (littleEndian ? bytes[2 * i + 2]! | (bytes[2 * i + 3]! << 8) : (bytes[2 * i + 2]! << 8) | bytes[2 * i + 3]!) : -1;
      if (next < 0xdc00 || next > 0xdfff) throw errorAt(out + String.fromCharCode(...chunk), `the file is not valid ${name}: a high surrogate (0x${unit.toString(16)}) has no low surrogate after it; re-save it as UTF-8`);
      chunk.push(unit, next);
      i++;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) {
      throw errorAt(out + String.fromCharCode(...chunk), `the file is not valid ${name}: a low surrogate (0x${unit.toString(16)}) has no high surrogate before it; re-save it as UTF-8`);
    } else chunk.push(unit);
    if (chunk.length >= 8192) {
      out += String.fromCharCode(...chunk);
      chunk.length = 0;
    }
  }
  out += String.fromCharCode(...chunk);
  if (bytes.length % 2) throw errorAt(out, `the file is not valid ${name}: it ends in the middle of a character (an odd number of bytes); re-save it as UTF-8`);
  return out;
}

/** Byte offset of the first byte that starts no valid UTF-8 sequence (RFC 3629: no overlongs, no surrogates). */
function invalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return bytes.length;
}

function firstBadOffset(bytes: Uint8Array, decodes: (part: Uint8Array) => boolean): number {
  let lo = 0;
  let hi = bytes.length;
  // The longest prefix that decodes: the bad sequence starts right after it.
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (decodes(bytes.subarray(0, mid))) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** An error after the (valid) text `before`: its line and column are where decoding stopped. */
function errorAt(before: string, message: string): XmlDecodeError {
  let line = 1;
  let lineStart = 0;
  for (let i = before.indexOf('\n'); i >= 0; i = before.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return new XmlDecodeError(line, before.length - lineStart + 1, message);
}

function hex(b: number | undefined): string {
  return (b ?? 0).toString(16).toUpperCase().padStart(2, '0');
}
