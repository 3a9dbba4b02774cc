/**
 * XLIFF 2.1 §3 fragment identifiers, e.g. `#/f=f1/u=u1/n=n1` or `#n=n1`:
 *
 *   expression ::= "#" ["/"] selector {"/" selector}      selector ::= [prefix "="] id
 *
 * with prefixes unique, f before g before u, and at most one "leaf" selector (note, data,
 * target or source inline element, segment, module or extension), which comes last.
 */
import { isNmtoken } from './values.ts';

/** Prefixes registered for the modules of XLIFF 2.1 (§5.x.3); `fs` is reserved. */
export const MODULE_PREFIXES = ['mtc', 'gls', 'fs', 'mda', 'res', 'ctr', 'slr', 'val', 'its'];

export interface Selector {
  prefix: string;
  id: string;
}

export interface FragmentId {
  absolute: boolean;
  selectors: Selector[];
  /** The file, group and unit selectors, when given. */
  f?: string;
  g?: string;
  u?: string;
  /** The last selector when it is not f, g or u. */
  leaf?: Selector;
}

/** Parses `#...`; returns the identifier or a message saying what is wrong. */
export function parseFragmentId(ref: string, extraPrefixes: Iterable<string> = []): FragmentId | string {
  if (!ref.startsWith('#')) return 'a fragment identifier starts with "#"';
  const absolute = ref.startsWith('#/');
  const body = ref.slice(absolute ? 2 : 1);
  if (body === '') return 'the fragment identifier has no selector';
  const known = new Set([...MODULE_PREFIXES, ...extraPrefixes]);
  const result: FragmentId = { absolute, selectors: [] };
  const seen = new Set<string>();
  const structural = ['f', 'g', 'u'];
  let lastStructural = -1;
  for (const part of body.split('/')) {
    const eq = part.indexOf('=');
    const selector: Selector = eq < 0 ? { prefix: '', id: part } : { prefix: part.slice(0, eq), id: part.slice(eq + 1) };
    if (!isNmtoken(selector.id)) return `"${part}" is not a selector: the id "${selector.id}" must be an NMTOKEN`;
    if (eq >= 0 && !isNmtoken(selector.prefix)) return `the prefix "${selector.prefix}" must be an NMTOKEN`;
    if (selector.prefix !== '') {
      if (seen.has(selector.prefix)) return `the prefix "${selector.prefix}" is used twice`;
      seen.add(selector.prefix);
    }
    if (result.leaf) return `"${result.leaf.prefix ? result.leaf.prefix + '=' : ''}${result.leaf.id}" must be the last selector`;
    const level = structural.indexOf(selector.prefix);
    if (level >= 0) {
      if (level < lastStructural) return `the selectors must come in the order f, g, u ("${selector.prefix}=" comes too late)`;
      lastStructural = level;
      result[selector.prefix as 'f' | 'g' | 'u'] = selector.id;
    } else {
      const core = ['', 'n', 'd', 't'].includes(selector.prefix);
      if (!core) {
        if (selector.prefix.length < 2) return `"${selector.prefix}" is not a defined prefix (one-letter prefixes are reserved for XLIFF core: f, g, u, n, d, t)`;
        if (!known.has(selector.prefix)) return `the prefix "${selector.prefix}" is not registered for a module or a known extension`;
      }
      result.leaf = selector;
    }
    result.selectors.push(selector);
  }
  return result;
}
