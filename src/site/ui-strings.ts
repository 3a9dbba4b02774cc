/**
 * UI strings kept as data (locales/*.json, keyed by locale code or language): the entry for a
 * locale is its own, else its language's, else English. One rule for every string table.
 */
export function stringsFor<T>(table: Readonly<Record<string, T>>, localeCode: string): T;
export function stringsFor<T>(table: Readonly<Record<string, T>>, localeCode: string, fallback: 'none'): T | undefined;
export function stringsFor<T>(table: Readonly<Record<string, T>>, localeCode: string, fallback?: 'none'): T | undefined {
  const code = localeCode.toLowerCase();
  return table[code] ?? table[code.split('-')[0]!] ?? (fallback === 'none' ? undefined : table.en);
}
