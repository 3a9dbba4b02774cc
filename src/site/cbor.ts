/**
 * A CBOR reader (RFC 8949) for the files Pagefind writes: its index metadata and index chunks
 * are CBOR of definite lengths. Maps are read as `Map` (their keys need not be strings), byte
 * strings as `Uint8Array` views into the input, tags as the value they tag.
 */
export type CborValue = number | bigint | string | boolean | null | undefined | Uint8Array | CborValue[] | Map<CborValue, CborValue>;

/** Input that is not CBOR this reader takes: `offset` is where, in bytes. */
export class CborError extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(`${message} at byte ${offset}`);
    this.offset = offset;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The one data item of `bytes`; bytes after it are an error. */
export function decodeCbor(bytes: Uint8Array): CborValue {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const need = (n: number): void => {
    if (at + n > bytes.length) throw new CborError(`${n} more bytes expected, the input ends`, at);
  };
  const argument = (info: number): number | bigint => {
    if (info < 24) return info;
    const size = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : 0;
    if (size === 0) throw new CborError(info === 31 ? 'indefinite lengths are not supported' : `reserved additional information ${info}`, at - 1);
    need(size);
    const value = size === 1 ? view.getUint8(at) : size === 2 ? view.getUint16(at) : size === 4 ? view.getUint32(at) : view.getBigUint64(at);
    at += size;
    return typeof value === 'bigint' && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  };
  const length = (info: number): number => {
    const n = argument(info);
    if (typeof n === 'bigint' || n > bytes.length - at) throw new CborError(`a length of ${n} is more than the input holds`, at);
    return n;
  };
  const item = (depth: number): CborValue => {
    if (depth > 512) throw new CborError('nested more than 512 deep', at);
    need(1);
    const initial = bytes[at++]!;
    const major = initial >> 5;
    const info = initial & 31;
    switch (major) {
      case 0:
        return argument(info);
      case 1: {
        const n = argument(info);
        return typeof n === 'bigint' ? -1n - n : -1 - n;
      }
      case 2: {
        const n = length(info);
        at += n;
        return bytes.subarray(at - n, at);
      }
      case 3: {
        const n = length(info);
        at += n;
        try {
          return utf8.decode(bytes.subarray(at - n, at));
        } catch {
          throw new CborError('a text string that is not UTF-8', at - n);
        }
      }
      case 4: {
        const n = length(info);
        const list: CborValue[] = [];
        for (let i = 0; i < n; i++) list.push(item(depth + 1));
        return list;
      }
      case 5: {
        const n = length(info);
        const map = new Map<CborValue, CborValue>();
        for (let i = 0; i < n; i++) map.set(item(depth + 1), item(depth + 1));
        return map;
      }
      case 6:
        argument(info);
        return item(depth + 1);
      default:
        return simple(info);
    }
  };
  const simple = (info: number): CborValue => {
    if (info === 20) return false;
    if (info === 21) return true;
    if (info === 22) return null;
    if (info === 23) return undefined;
    const size = info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : 0;
    if (size === 0) throw new CborError(`simple value ${info} is not supported`, at - 1);
    need(size);
    const value = size === 2 ? halfFloat(view.getUint16(at)) : size === 4 ? view.getFloat32(at) : view.getFloat64(at);
    at += size;
    return value;
  };
  const value = item(0);
  if (at !== bytes.length) throw new CborError(`${bytes.length - at} bytes after the data item`, at);
  return value;
}

/** An IEEE 754 half-precision float's value. */
function halfFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** A value `encodeCbor` writes: what Pagefind's files hold. */
export type CborWritable = number | string | CborBytes | readonly CborWritable[];

/** Data items already in CBOR, written as they are: `items` of them, for the head of the array they are in. */
export class CborBytes {
  readonly bytes: Uint8Array;
  readonly items: number;
  constructor(bytes: Uint8Array, items = 1) {
    this.bytes = bytes;
    this.items = items;
  }
}

/**
 * The CBOR of `value`, each head as short as it can be (as Pagefind's encoder writes them, so that
 * a file read and written again is the same, byte for byte): integers, text strings and arrays of
 * definite length.
 */
export function encodeCbor(value: CborWritable): Buffer {
  const out = new CborWriter();
  out.write(value);
  return out.bytes();
}

class CborWriter {
  #buffer = Buffer.alloc(1 << 16);
  #at = 0;

  #room(n: number): void {
    if (this.#at + n <= this.#buffer.length) return;
    const grown = Buffer.alloc(Math.max(this.#buffer.length * 2, this.#at + n));
    this.#buffer.copy(grown, 0, 0, this.#at);
    this.#buffer = grown;
  }

  #head(major: number, n: number): void {
    this.#room(9);
    const b = this.#buffer;
    if (n < 24) b[this.#at++] = (major << 5) | n;
    else if (n < 0x100) {
      b[this.#at++] = (major << 5) | 24;
      b[this.#at++] = n;
    } else if (n < 0x10000) {
      b[this.#at++] = (major << 5) | 25;
      b.writeUInt16BE(n, this.#at);
      this.#at += 2;
    } else if (n < 0x100000000) {
      b[this.#at++] = (major << 5) | 26;
      b.writeUInt32BE(n, this.#at);
      this.#at += 4;
    } else {
      b[this.#at++] = (major << 5) | 27;
      b.writeBigUInt64BE(BigInt(n), this.#at);
      this.#at += 8;
    }
  }

  write(value: CborWritable): void {
    if (typeof value === 'number') {
      if (!Number.isSafeInteger(value)) throw new RangeError(`CBOR: ${value} is not an integer this writer takes`);
      if (value >= 0) this.#head(0, value);
      else this.#head(1, -1 - value);
    } else if (typeof value === 'string') {
      const length = Buffer.byteLength(value);
      this.#head(3, length);
      this.#room(length);
      this.#at += this.#buffer.write(value, this.#at, 'utf8');
    } else if (value instanceof CborBytes) {
      this.#room(value.bytes.length);
      this.#buffer.set(value.bytes, this.#at);
      this.#at += value.bytes.length;
    } else {
      let items = 0;
      for (const item of value) items += item instanceof CborBytes ? item.items : 1;
      this.#head(4, items);
      for (const item of value) this.write(item);
    }
  }

  bytes(): Buffer {
    return Buffer.from(this.#buffer.subarray(0, this.#at));
  }
}
