/**
 * Strings in code-unit order, the order `Array.prototype.sort` gives without a comparator: the
 * same on every machine and in every locale (unlike `localeCompare`), for what builds write and
 * compare byte for byte (reports, shard plans, search files).
 */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
