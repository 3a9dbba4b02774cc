/**
 * Turning file bytes into text we can parse, and offsets back into lines and columns.
 */
import { isUtf8 } from 'node:buffer';
import { type Diagnostic, diagnostic } from './diagnostics.ts';

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export interface DecodedText {
  text: string;
  bom: boolean;
}

/**
 * Decodes UTF-8 strictly. Invalid bytes are reported with their line and column instead of
 * being replaced by U+FFFD, which would silently corrupt the document on the next write.
 */
export function decodeUtf8(bytes: Uint8Array, file: string): DecodedText | Diagnostic {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  // isUtf8 is a fast native check; the fatal TextDecoder is only needed to locate an error.
  if (isUtf8(body)) return { text: Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'), bom };
  {
    const bad = firstInvalidUtf8(body);
    const valid = UTF8.decode(body.subarray(0, bad));
    const { line, column } = new LineIndex(valid).position(valid.length);
    const byte = body[bad]!.toString(16).padStart(2, '0');
    return diagnostic('invalid-utf8', { file, line, column }, `invalid UTF-8 (byte 0x${byte} at byte offset ${bad + (bom ? 3 : 0)}); re-save the file as UTF-8`);
  }
}

/** Byte offset of the first byte that starts an invalid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (len === 0 || i + len > bytes.length) return i;
    try {
      UTF8.decode(bytes.subarray(i, i + len));
    } catch {
      return i;
    }
    i += len;
  }
  return i;
}

/**
 * 1-based line and column of one offset in a text (column in UTF-16 code units), a leading BOM
 * not counted: for a single look-up; LineIndex answers many.
 */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let k = text.indexOf('\n'); k >= 0 && k < offset; k = text.indexOf('\n', k + 1)) {
    line++;
    start = k + 1;
  }
  return { line, column: offset - start + 1 - (line === 1 && text.startsWith('\ufeff') ? 1 : 0) };
}

/** Maps string offsets to 1-based line and column (column counted in UTF-16 code units + 1). */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    let i = text.indexOf('\n');
    while (i >= 0) {
      this.starts.push(i + 1);
      i = text.indexOf('\n', i + 1);
    }
  }
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }
  lineStart(line: number): number {
    return this.starts[line - 1] ?? 0;
  }
}
