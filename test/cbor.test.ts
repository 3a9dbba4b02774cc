/**
 * The CBOR reader (src/site/cbor.ts) against the examples of RFC 8949, Appendix A, and against
 * input it refuses. Pagefind's own files are read in the site tests (site-browser,
 * site-search-cjk, site-rtl-browser), where its search warm-up word is chosen from them.
 */
import { describe, expect, it } from 'vitest';
import { CborBytes, CborError, decodeCbor, encodeCbor } from '../src/site/cbor.ts';

const hex = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (b) => parseInt(b, 16));

describe('decodeCbor', () => {
  it.each([
    ['00', 0],
    ['17', 23],
    ['1818', 24],
    ['1903e8', 1000],
    ['1a000f4240', 1000000],
    ['1b000000e8d4a51000', 1000000000000],
    ['1bffffffffffffffff', 18446744073709551615n],
    ['20', -1],
    ['3863', -100],
    ['f90000', 0],
    ['f93c00', 1],
    ['f97bff', 65504],
    ['fa47c35000', 100000],
    ['fb3ff199999999999a', 1.1],
    ['f9fc00', -Infinity],
    ['f4', false],
    ['f5', true],
    ['f6', null],
    ['f7', undefined],
    ['60', ''],
    ['6161', 'a'],
    ['6449455446', 'IETF'],
    ['62c3bc', 'ü'],
    ['63e6b0b4', '水'],
    ['64f0908591', '𐅑'],
    ['80', []],
    ['83010203', [1, 2, 3]],
    ['8301820203820405', [1, [2, 3], [4, 5]]],
    ['c074323031332d30332d32315432303a30343a30305a', '2013-03-21T20:04:00Z'],
  ] as const)('reads %s', (input, value) => {
    expect(decodeCbor(hex(input))).toEqual(value);
  });

  it('reads byte strings as views and maps as Maps', () => {
    expect(decodeCbor(hex('4401020304'))).toEqual(Uint8Array.of(1, 2, 3, 4));
    expect(decodeCbor(hex('a201020304'))).toEqual(new Map([[1, 2], [3, 4]]));
    expect(decodeCbor(hex('a26161016162820203'))).toEqual(new Map<unknown, unknown>([['a', 1], ['b', [2, 3]]]));
    expect(Number.isNaN(decodeCbor(hex('f97e00')))).toBe(true);
  });

  it('reads a view into a larger buffer', () => {
    const buffer = hex('ff83010203ff');
    expect(decodeCbor(buffer.subarray(1, 5))).toEqual([1, 2, 3]);
  });

  it.each([
    ['', '1 more bytes expected, the input ends at byte 0'],
    ['830102', 'a length of 3 is more than the input holds at byte 1'],
    ['811a0001', '4 more bytes expected, the input ends at byte 2'],
    ['1a0001', '4 more bytes expected, the input ends at byte 1'],
    ['6461', 'a length of 4 is more than the input holds at byte 1'],
    ['9f0102ff', 'indefinite lengths are not supported at byte 0'],
    ['1c', 'reserved additional information 28 at byte 0'],
    ['0001', '1 bytes after the data item at byte 1'],
    ['62c328', 'a text string that is not UTF-8 at byte 1'],
    ['f8ff', 'simple value 24 is not supported at byte 0'],
    ['9bffffffffffffffff', 'a length of 18446744073709551615 is more than the input holds at byte 9'],
  ])('refuses %s', (input, message) => {
    expect(() => decodeCbor(hex(input))).toThrow(new CborError(message.replace(/ at byte \d+$/, ''), Number(/(\d+)$/.exec(message)![1])));
  });

  it('refuses nesting past 512 levels instead of overflowing the stack', () => {
    expect(() => decodeCbor(new Uint8Array(100_000).fill(0x81))).toThrow(/nested more than 512 deep/);
  });
});

describe('encodeCbor', () => {
  const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

  it.each([
    [0, '00'],
    [23, '17'],
    [24, '1818'],
    [1000, '1903e8'],
    [1000000, '1a000f4240'],
    [1000000000000, '1b000000e8d4a51000'],
    [-1, '20'],
    [-100, '3863'],
    [-1000, '3903e7'],
    ['', '60'],
    ['a', '6161'],
    ['\u00fc', '62c3bc'],
    ['\u6c34', '63e6b0b4'],
    ['\ud800\udd51', '64f0908591'],
    [[], '80'],
    [[1, 2, 3], '83010203'],
    [[1, [2, 3], [4, 5]], '8301820203820405'],
  ])('writes %j as RFC 8949 does, the shortest head', (value, expected) => {
    expect(toHex(encodeCbor(value))).toBe(expected);
    expect(decodeCbor(encodeCbor(value))).toEqual(value);
  });

  it('writes a list of 25 items and a long text with a longer head', () => {
    const list = Array.from({ length: 25 }, (_, i) => i + 1);
    expect(toHex(encodeCbor(list))).toBe('9819' + list.map((n) => (n < 24 ? n.toString(16).padStart(2, '0') : '18' + n.toString(16))).join(''));
    expect(decodeCbor(encodeCbor('x'.repeat(70_000)))).toBe('x'.repeat(70_000));
  });

  it('writes items already in CBOR as they are, counted in the head of their list', () => {
    expect(toHex(encodeCbor(['a', new CborBytes(hex('0102'), 2)]))).toBe('8361610102');
  });

  it('refuses a number that is not an integer', () => {
    expect(() => encodeCbor(1.5)).toThrow(RangeError);
  });
});
