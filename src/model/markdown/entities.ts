/**
 * HTML character references, decoded for plain text (titles, word counts, search). The raw form
 * is always kept in the model; this is only for display and comparison.
 */
const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  ndash: '\u2013',
  mdash: '\u2014',
  copy: '\u00a9',
  reg: '\u00ae',
  trade: '\u2122',
  hellip: '\u2026',
  laquo: '\u00ab',
  raquo: '\u00bb',
  rsquo: '\u2019',
  lsquo: '\u2018',
  rdquo: '\u201d',
  ldquo: '\u201c',
  times: '\u00d7',
  shy: '\u00ad',
  zwsp: '\u200b',
};

/** Decodes one reference such as `&quot;`, `&#39;` or `&#x2014;`; unknown names stay as written. */
export function decodeEntity(raw: string): string {
  const body = raw.slice(1, -1);
  if (body[0] === '#') {
    const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : raw;
  }
  return NAMED[body] ?? raw;
}
